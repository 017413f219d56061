/**
 * The Nodepool builder's private key from the cluster: sf-operator's Secret `nodepool-builder-ssh-key`, key `priv`
 * (for the SSH check when no key is given as an input).
 */
import { ClusterError, loadKubeConfig, makeClusterClient, read } from './client.js';
import type { KubeconfigSource } from './client.js';

export async function readBuilderSshKey(source: KubeconfigSource, namespace: string, secretName: string): Promise<string> {
  const client = makeClusterClient(loadKubeConfig(source));
  const secret = await read(client, { verb: 'get', resource: 'secrets', group: '', namespace, name: secretName }, () =>
    client.core.readNamespacedSecret({ name: secretName, namespace }),
  );
  const priv = secret.data?.priv;
  if (!priv) {
    throw new ClusterError(`Secret ${namespace}/${secretName} has no key \`priv\``, 'not-found',
      'sf-operator creates it with keys priv and pub; give the key with the builder-ssh-key input instead.');
  }
  return Buffer.from(priv, 'base64').toString('utf8');
}
