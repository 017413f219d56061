import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{runPlan}from"./chunk-VCVZLMDY.js";import"./chunk-LB6KIMPS.js";import"./chunk-PXDLXWHV.js";import"./chunk-WL3UHJVB.js";import"./chunk-5N4WCH3E.js";import"./chunk-CDLWLUPU.js";import"./chunk-GVTUK6IS.js";import"./chunk-5LE3MREQ.js";import"./chunk-A2QFXOCK.js";import"./chunk-4CLJ3BS6.js";import"./chunk-KBHKMN5M.js";export{runPlan};
