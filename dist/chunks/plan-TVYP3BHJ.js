import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  runPlan
} from "./chunk-CJ5ZMVT7.js";
import "./chunk-WABNKSWA.js";
import "./chunk-BTGS5EVF.js";
import "./chunk-JT2HCQ6W.js";
import "./chunk-GLNUNNEN.js";
import "./chunk-XGWFFM6C.js";
import "./chunk-K5J4GOXI.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-ZZFCHH4V.js";
export {
  runPlan
};
