import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  ClusterError,
  loadKubeConfig,
  makeClusterClient,
  read
} from "./chunk-XGWFFM6C.js";

// src/io/cluster/builder-key.ts
async function readBuilderSshKey(source, namespace, secretName) {
  const client = makeClusterClient(loadKubeConfig(source));
  const secret = await read(
    client,
    { verb: "get", resource: "secrets", group: "", namespace, name: secretName },
    () => client.core.readNamespacedSecret({ name: secretName, namespace })
  );
  const priv = secret.data?.priv;
  if (!priv) {
    throw new ClusterError(
      `Secret ${namespace}/${secretName} has no key \`priv\``,
      "not-found",
      "sf-operator creates it with keys priv and pub; give the key with the builder-ssh-key input instead."
    );
  }
  return Buffer.from(priv, "base64").toString("utf8");
}

export {
  readBuilderSshKey
};
