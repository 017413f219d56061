import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{PUBLIC_KEY_COMMENT,SshKeyError,derivePublicKey,parseBuilderKey,redactPrivateKey}from"./chunk-26PNIL5R.js";import"./chunk-5N4WCH3E.js";import"./chunk-KBHKMN5M.js";export{PUBLIC_KEY_COMMENT,SshKeyError,derivePublicKey,parseBuilderKey,redactPrivateKey};
