import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{runApply}from"./chunk-Y2FM46UO.js";import"./chunk-24TKVY2Y.js";import"./chunk-CJS7NMIR.js";import"./chunk-2A4GGYDD.js";import"./chunk-HP77QW5S.js";import"./chunk-5N4WCH3E.js";import"./chunk-NWUGZ5FC.js";import"./chunk-MCDF4BMI.js";import"./chunk-OWRRPW3Q.js";import"./chunk-ZOH7SVDO.js";import"./chunk-GVTUK6IS.js";import"./chunk-XMN6ACRH.js";import"./chunk-A2QFXOCK.js";import"./chunk-4CLJ3BS6.js";import"./chunk-KBHKMN5M.js";export{runApply};
