import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  runApply
} from "./chunk-CFOGJ7ET.js";
import "./chunk-FLSHFNUD.js";
import "./chunk-KZUCPK4W.js";
import "./chunk-XDTBGV5H.js";
import "./chunk-2LA42523.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-ZZFCHH4V.js";
export {
  runApply
};
