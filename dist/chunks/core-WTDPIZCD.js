import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{ExitCode,addPath,debug,endGroup,error,exportVariable,getBooleanInput,getIDToken,getInput,getMultilineInput,getState,group,info,isDebug,markdownSummary,notice,platform_exports,saveState,setCommandEcho,setFailed,setOutput,setSecret,startGroup,summary,toPlatformPath,toPosixPath,toWin32Path,warning}from"./chunk-STG6VRAS.js";import"./chunk-KBHKMN5M.js";export{ExitCode,addPath,debug,endGroup,error,exportVariable,getBooleanInput,getIDToken,getInput,getMultilineInput,getState,group,info,isDebug,markdownSummary,notice,platform_exports as platform,saveState,setCommandEcho,setFailed,setOutput,setSecret,startGroup,summary,toPlatformPath,toPosixPath,toWin32Path,warning};
