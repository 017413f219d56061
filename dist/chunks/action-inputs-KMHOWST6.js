import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{SECRET_INPUTS,maskSecretInputs,readInputs}from"./chunk-C323VAON.js";import"./chunk-ENY46O3J.js";import"./chunk-UZTOT6AY.js";import"./chunk-ODVNNWXR.js";import"./chunk-GO74DUXX.js";import"./chunk-5N4WCH3E.js";import"./chunk-ANLVM6NO.js";import"./chunk-STG6VRAS.js";import"./chunk-GVTUK6IS.js";import"./chunk-XMN6ACRH.js";import"./chunk-4CLJ3BS6.js";import"./chunk-KBHKMN5M.js";export{SECRET_INPUTS,maskSecretInputs,readInputs};
