import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  applyCounts,
  applyHeadline,
  renderApplyMarkdown,
  renderApplyText
} from "./chunk-HKAMYXGY.js";
import "./chunk-KXSQEQKG.js";
import "./chunk-5FJFGSKV.js";
import "./chunk-DT2EZEFJ.js";
export {
  applyCounts,
  applyHeadline,
  renderApplyMarkdown,
  renderApplyText
};
