import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  runCheckSsh
} from "./chunk-PPD3SOFC.js";
import "./chunk-IIS646YP.js";
import "./chunk-Y63RML65.js";
import "./chunk-LJLR6EBD.js";
import "./chunk-OBYGR54M.js";
import "./chunk-2LA42523.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-ZZFCHH4V.js";
export {
  runCheckSsh
};
