import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import"./chunk-KBHKMN5M.js";import{existsSync,readFileSync}from"node:fs";function eventFileProblem(env){let file=env.GITHUB_EVENT_PATH;if(!file||!existsSync(file))return;let text;try{text=readFileSync(file,"utf8")}catch(err){return`the event file (GITHUB_EVENT_PATH) could not be read (${err.code??"error"}); this run needs the event GitHub wrote for it`}let data;try{data=JSON.parse(text)}catch(err){let at=/position (\d+)/.exec(err instanceof Error?err.message:"")?.[1];return`the event file (GITHUB_EVENT_PATH) is not valid JSON${at!==void 0?` (at character ${at})`:""}; it is written by GitHub for the run: check what replaced it`}if(typeof data!="object"||data===null||Array.isArray(data))return"the event file (GITHUB_EVENT_PATH) is not a JSON object; it is written by GitHub for the run: check what replaced it"}export{eventFileProblem};
