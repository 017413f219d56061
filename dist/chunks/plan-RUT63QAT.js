import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  runPlan
} from "./chunk-JLIS4WKB.js";
import "./chunk-IUEZY6JP.js";
import "./chunk-NXDS5RSN.js";
import "./chunk-JT2HCQ6W.js";
import "./chunk-PVTHASLT.js";
import "./chunk-K5J4GOXI.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-ZZFCHH4V.js";
export {
  runPlan
};
