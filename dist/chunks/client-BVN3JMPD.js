import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{ClusterError,describeRequest,errorCode,kubeconfigCredentials,loadKubeConfig,makeClusterClient,rbacRule,read,translateError}from"./chunk-ZOH7SVDO.js";import"./chunk-GVTUK6IS.js";import"./chunk-XMN6ACRH.js";import"./chunk-A2QFXOCK.js";import"./chunk-4CLJ3BS6.js";import"./chunk-KBHKMN5M.js";export{ClusterError,describeRequest,errorCode,kubeconfigCredentials,loadKubeConfig,makeClusterClient,rbacRule,read,translateError};
