import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
function listenForInterrupt(say){let controller=new AbortController,handlers=new Map;for(let name of["SIGINT","SIGTERM"]){let handler=()=>{controller.signal.aborted&&process.exit(name==="SIGTERM"?143:130),say(`${name}: stopping: no new write starts; the step in progress ends, the Lease is released, and what was applied is listed (${name} again to exit at once)`),controller.abort(name)};handlers.set(name,handler),process.on(name,handler)}return{signal:controller.signal,dispose:()=>{for(let[name,handler]of handlers)process.off(name,handler)}}}export{listenForInterrupt};
