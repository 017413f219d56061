import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  runApply
} from "./chunk-C6USTFM7.js";
import "./chunk-YOL6PCNG.js";
import "./chunk-YGFXP42R.js";
import "./chunk-BFM2R3EN.js";
import "./chunk-IIS646YP.js";
import "./chunk-Y63RML65.js";
import "./chunk-LJLR6EBD.js";
import "./chunk-2LA42523.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-ZZFCHH4V.js";
export {
  runApply
};
