import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  runApply
} from "./chunk-BOH77NBP.js";
import "./chunk-RRQTIE5D.js";
import "./chunk-2K652AYH.js";
import "./chunk-G3X4BJQB.js";
import "./chunk-D6EJZIL4.js";
import "./chunk-WZA4P62A.js";
import "./chunk-PO5PNBXQ.js";
import "./chunk-K5J4GOXI.js";
import "./chunk-4755524P.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-5FJFGSKV.js";
import "./chunk-DT2EZEFJ.js";
export {
  runApply
};
