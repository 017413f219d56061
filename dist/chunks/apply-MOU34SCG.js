import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{runApply}from"./chunk-JCVXCANF.js";import"./chunk-Z7LKA4ED.js";import"./chunk-LB6KIMPS.js";import"./chunk-O3NCF2PH.js";import"./chunk-OQHVPHRF.js";import"./chunk-5N4WCH3E.js";import"./chunk-MCDF4BMI.js";import"./chunk-OWRRPW3Q.js";import"./chunk-TTULFR2U.js";import"./chunk-GVTUK6IS.js";import"./chunk-D2JIY4YY.js";import"./chunk-A2QFXOCK.js";import"./chunk-4CLJ3BS6.js";import"./chunk-KBHKMN5M.js";export{runApply};
