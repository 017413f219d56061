import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{runApply}from"./chunk-R6NXH7WO.js";import"./chunk-DUSU7SCN.js";import"./chunk-UOWVKYBR.js";import"./chunk-SLWRCJN5.js";import"./chunk-7CURTSDC.js";import"./chunk-5N4WCH3E.js";import"./chunk-MCDF4BMI.js";import"./chunk-OWRRPW3Q.js";import"./chunk-KJKJ2PM5.js";import"./chunk-GVTUK6IS.js";import"./chunk-LM67CZWG.js";import"./chunk-A2QFXOCK.js";import"./chunk-4CLJ3BS6.js";import"./chunk-KBHKMN5M.js";export{runApply};
