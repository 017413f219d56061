import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{SECRET_INPUTS,maskSecretInputs,readInputs}from"./chunk-A2XUCTLU.js";import"./chunk-2WEFHGMS.js";import"./chunk-ZCDNACQ6.js";import"./chunk-MLAJLHIT.js";import"./chunk-WBQ3GHX2.js";import"./chunk-RVTU4ZTG.js";import"./chunk-VTMEE2B6.js";import"./chunk-STG6VRAS.js";import"./chunk-OJ3EB57N.js";import"./chunk-N3HZBEHW.js";import"./chunk-KBHKMN5M.js";export{SECRET_INPUTS,maskSecretInputs,readInputs};
