import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  runPlan
} from "./chunk-KTM7VAIG.js";
import "./chunk-HU2LPI6Q.js";
import "./chunk-QMQL2KAX.js";
import "./chunk-FQ4ANSGD.js";
import "./chunk-77XVAPY5.js";
import "./chunk-LJLR6EBD.js";
import "./chunk-JT2HCQ6W.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-ZZFCHH4V.js";
export {
  runPlan
};
