import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{matrixEntry,runTargets}from"./chunk-M6NPC6LW.js";import"./chunk-POPF3OVY.js";import"./chunk-YLX36FH2.js";import"./chunk-VLQ6KULN.js";import{DEFAULT_TARGET}from"./chunk-7V2SY7QP.js";import"./chunk-5N4WCH3E.js";import"./chunk-XMN6ACRH.js";import"./chunk-KBHKMN5M.js";export{DEFAULT_TARGET,matrixEntry,runTargets};
