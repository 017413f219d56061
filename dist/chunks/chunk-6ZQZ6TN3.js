import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
var MIN_NODE={major:22,minor:19},MIN_NODE_TEXT=`${MIN_NODE.major}.${MIN_NODE.minor}`;function nodeTooOld(version){let[major=0,minor=0]=version.replace(/^v/,"").split(".").map(n=>Number.parseInt(n,10)||0);return major<MIN_NODE.major||major===MIN_NODE.major&&minor<MIN_NODE.minor}function shellWord(arg){return/^[\w@%+=:,./-]+$/.test(arg)?arg:`'${arg.replace(/'/g,"'\\''")}'`}function cliNodeMessage(version,execPath,args){let again=["npx","pool-reconciler",...args.map(shellWord)].join(" ");return[`pool-reconciler: needs Node \u2265 ${MIN_NODE_TEXT}, and this is Node ${version} (${execPath}).`,`  Run \`${again}\` in the pool-reconciler directory after \`npm ci\`: it uses the Node 24 this package installs`,"  (node_modules/.bin/node). Or install Node 24 and run the command again.",""].join(`
`)}function actionNodeMessage(version){return`::error title=pool-reconciler::pool-reconciler needs Node \u2265 ${MIN_NODE_TEXT}, and this is Node ${version}. GitHub runs the action on node24 (action.yml runs.using); to run dist/index.js yourself, use the Node 24 this package installs: \`npm ci\`, then \`node_modules/.bin/node dist/index.js\`.
`}export{nodeTooOld,cliNodeMessage,actionNodeMessage};
