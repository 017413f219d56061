import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  builderKeyFromCluster,
  runCheckSsh
} from "./chunk-KYPVBYFX.js";
import "./chunk-K27EFXR7.js";
import "./chunk-NXDS5RSN.js";
import "./chunk-JT2HCQ6W.js";
import "./chunk-PVTHASLT.js";
import "./chunk-K5J4GOXI.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-ZZFCHH4V.js";
export {
  builderKeyFromCluster,
  runCheckSsh
};
