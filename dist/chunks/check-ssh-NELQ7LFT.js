import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  PROBE_NOTE,
  builderKeyFromCluster,
  runCheckSsh,
  trustedHosts
} from "./chunk-LKDOB7V4.js";
import "./chunk-5FOFUDFD.js";
import "./chunk-K5UK5ZQY.js";
import "./chunk-D6EJZIL4.js";
import "./chunk-AQOFPA3E.js";
import "./chunk-6WSOQ634.js";
import "./chunk-4755524P.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-KXSQEQKG.js";
import "./chunk-5FJFGSKV.js";
import "./chunk-DT2EZEFJ.js";
export {
  PROBE_NOTE,
  builderKeyFromCluster,
  runCheckSsh,
  trustedHosts
};
