import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
var MIN_NODE={major:22,minor:19},MIN_NODE_TEXT=`${MIN_NODE.major}.${MIN_NODE.minor}`;function nodeTooOld(version){let[major=0,minor=0]=version.replace(/^v/,"").split(".").map(n=>Number.parseInt(n,10)||0);return major<MIN_NODE.major||major===MIN_NODE.major&&minor<MIN_NODE.minor}function shellWord(arg){return/^[\w@%+=:,./-]+$/.test(arg)?arg:`'${arg.replace(/'/g,"'\\''")}'`}function cliNodeMessage(version,execPath,args){let again=["npx","pool-reconciler",...args.map(shellWord)].join(" ");return[`pool-reconciler: ${args[0]??"this command"} needs Node \u2265 ${MIN_NODE_TEXT} (the Kubernetes client does), and this is Node ${version} (${execPath});`,"  validate, schema and --help run on it. Install Node 24 (nvm install 24; in Zuul, the ensure-nodejs role with",`  node_version 24) and run the command again; or, in a pool-reconciler checkout after \`npm ci\`, run \`${again}\`:`,"  it uses the Node 24 the checkout installs (node_modules/.bin/node).",""].join(`
`)}function actionNodeMessage(version){return`::error title=pool-reconciler::pool-reconciler needs Node \u2265 ${MIN_NODE_TEXT}, and this is Node ${version}. GitHub runs the action on node24 (action.yml runs.using); to run dist/index.js yourself, use the Node 24 this package installs: \`npm ci\`, then \`node_modules/.bin/node dist/index.js\`.
`}export{nodeTooOld,shellWord,cliNodeMessage,actionNodeMessage};
