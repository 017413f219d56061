import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{configDefaultsNote,placementAfterApply}from"./chunk-YJELOLJ3.js";import"./chunk-AP6CVUT5.js";import"./chunk-XYWJYB42.js";import"./chunk-POPF3OVY.js";import"./chunk-7NVYW6TF.js";import"./chunk-YLX36FH2.js";import"./chunk-F7SPWCD2.js";import"./chunk-5N4WCH3E.js";import"./chunk-7V2SY7QP.js";import"./chunk-JE64JD3C.js";import"./chunk-OWRRPW3Q.js";import"./chunk-ZOH7SVDO.js";import"./chunk-GVTUK6IS.js";import"./chunk-XMN6ACRH.js";import"./chunk-A2QFXOCK.js";import"./chunk-4CLJ3BS6.js";import"./chunk-KBHKMN5M.js";export{configDefaultsNote,placementAfterApply};
