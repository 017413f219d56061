import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  EXEC_NOTE,
  contextSuffix,
  groupSteps,
  lineDiff,
  nextSteps,
  objectLabel,
  planHeadline,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText,
  stepDiffLines
} from "./chunk-UDTV4YDV.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-KXSQEQKG.js";
import "./chunk-5FJFGSKV.js";
import "./chunk-DT2EZEFJ.js";
export {
  EXEC_NOTE,
  contextSuffix,
  groupSteps,
  lineDiff,
  nextSteps,
  objectLabel,
  planHeadline,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText,
  stepDiffLines
};
