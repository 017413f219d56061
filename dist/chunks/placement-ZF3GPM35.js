import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{configDefaultsNote,placementAfterApply}from"./chunk-RZOMMHK3.js";import"./chunk-RDM5G2LL.js";import"./chunk-4J6Q5OQL.js";import"./chunk-O3WARNKZ.js";import"./chunk-UZTOT6AY.js";import"./chunk-ODVNNWXR.js";import"./chunk-GO74DUXX.js";import"./chunk-5N4WCH3E.js";import"./chunk-ANLVM6NO.js";import"./chunk-JE64JD3C.js";import"./chunk-OWRRPW3Q.js";import"./chunk-ZOH7SVDO.js";import"./chunk-GVTUK6IS.js";import"./chunk-XMN6ACRH.js";import"./chunk-A2QFXOCK.js";import"./chunk-4CLJ3BS6.js";import"./chunk-KBHKMN5M.js";export{configDefaultsNote,placementAfterApply};
