import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{runApply}from"./chunk-GQJ2YJPH.js";import"./chunk-GS2AKO2A.js";import"./chunk-MF4WQ3PE.js";import"./chunk-POPF3OVY.js";import"./chunk-7NVYW6TF.js";import"./chunk-YLX36FH2.js";import"./chunk-VLQ6KULN.js";import"./chunk-7V2SY7QP.js";import"./chunk-5N4WCH3E.js";import"./chunk-MCDF4BMI.js";import"./chunk-OWRRPW3Q.js";import"./chunk-ZOH7SVDO.js";import"./chunk-GVTUK6IS.js";import"./chunk-XMN6ACRH.js";import"./chunk-A2QFXOCK.js";import"./chunk-4CLJ3BS6.js";import"./chunk-KBHKMN5M.js";export{runApply};
