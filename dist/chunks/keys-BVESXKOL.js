import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  PUBLIC_KEY_COMMENT,
  SshKeyError,
  derivePublicKey,
  parseBuilderKey,
  redactPrivateKey
} from "./chunk-K5UK5ZQY.js";
import "./chunk-4755524P.js";
import "./chunk-DT2EZEFJ.js";
export {
  PUBLIC_KEY_COMMENT,
  SshKeyError,
  derivePublicKey,
  parseBuilderKey,
  redactPrivateKey
};
