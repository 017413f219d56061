import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  runPlan
} from "./chunk-RM2NH5G4.js";
import "./chunk-5FOFUDFD.js";
import "./chunk-G3X4BJQB.js";
import "./chunk-D6EJZIL4.js";
import "./chunk-HWQPOCSR.js";
import "./chunk-AQOFPA3E.js";
import "./chunk-6WSOQ634.js";
import "./chunk-4755524P.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-5FJFGSKV.js";
import "./chunk-DT2EZEFJ.js";
export {
  runPlan
};
