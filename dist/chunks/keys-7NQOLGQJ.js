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
} from "./chunk-K27EFXR7.js";
import "./chunk-JT2HCQ6W.js";
import "./chunk-ZZFCHH4V.js";
export {
  PUBLIC_KEY_COMMENT,
  SshKeyError,
  derivePublicKey,
  parseBuilderKey,
  redactPrivateKey
};
