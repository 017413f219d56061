import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import{ClusterError,describeRequest,errorCode,kubeconfigCredentials,loadKubeConfig,makeClusterClient,rbacRule,read,translateError}from"./chunk-F3PTZYJ5.js";import"./chunk-2WEFHGMS.js";import"./chunk-RVTU4ZTG.js";import"./chunk-OJ3EB57N.js";import"./chunk-N3HZBEHW.js";import"./chunk-KBHKMN5M.js";export{ClusterError,describeRequest,errorCode,kubeconfigCredentials,loadKubeConfig,makeClusterClient,rbacRule,read,translateError};
