import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{HELP}from"./chunk-ABMPJEGS.js";import"./chunk-7V2SY7QP.js";import"./chunk-XMN6ACRH.js";import"./chunk-KBHKMN5M.js";export{HELP};
