import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  EXEC_NOTE,
  lineDiff,
  objectLabel,
  planHeadline,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText,
  stepDiffLines
} from "./chunk-SITOVF3U.js";
import "./chunk-JW7RJI73.js";
import "./chunk-VNTL5GQB.js";
import "./chunk-ZZFCHH4V.js";
export {
  EXEC_NOTE,
  lineDiff,
  objectLabel,
  planHeadline,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText,
  stepDiffLines
};
