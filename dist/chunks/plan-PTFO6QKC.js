import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{EXEC_NOTE,PLACEMENT_TITLE,contextSuffix,groupSteps,lineDiff,nextSteps,nodepoolImpactLines,objectLabel,placementLines,planHeadline,renderPlanJson,renderPlanMarkdown,renderPlanText,stepDiffLines}from"./chunk-K67IKTR2.js";import"./chunk-OWRRPW3Q.js";import"./chunk-A2QFXOCK.js";import"./chunk-4CLJ3BS6.js";import"./chunk-KBHKMN5M.js";export{EXEC_NOTE,PLACEMENT_TITLE,contextSuffix,groupSteps,lineDiff,nextSteps,nodepoolImpactLines,objectLabel,placementLines,planHeadline,renderPlanJson,renderPlanMarkdown,renderPlanText,stepDiffLines};
