/**
 * Writing the state ConfigMap (src/plan/state.ts says what it holds) at the end of an apply: created with the
 * managed-by label, or merge-patched (every key set; a key left out this time, like the Nodepool content that no
 * longer fits, is removed so that it cannot go stale).
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { ConfigurationOptions } from '@kubernetes/client-node';
import { encodeState, MANAGED_BY_LABEL, MANAGED_BY_VALUE, STATE_CONFIGMAP } from '../../plan/state.js';
import type { DeployedState } from '../../plan/state.js';
import { ClusterError, translateError } from './client.js';
import type { RequestInfo } from './client.js';
import { call, isConflict, isNotFound } from './retry.js';
import type { ApplyContext } from './write.js';

const STATE_KEYS = ['commit', 'plan-hash', 'applied-at', 'nodepool-digest', 'nodepool-files', 'nodepool-content', 'managed'];

const merge = (o: ConfigurationOptions): ConfigurationOptions => setHeaderOptions('Content-Type', PatchStrategy.MergePatch, o);

/** Writes the state; says whether the Nodepool content had to be left out (too large for a ConfigMap). */
export async function writeState(ctx: ApplyContext, namespace: string, state: DeployedState, exists: boolean): Promise<{ writes: number; contentLeftOut: boolean }> {
  const { client } = ctx;
  const name = STATE_CONFIGMAP;
  const { data, contentLeftOut } = encodeState(state);
  const info = (verb: RequestInfo['verb']): RequestInfo => ({ verb, resource: 'configmaps', group: '', namespace, name });
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  let create = !exists;
  for (let i = 0; i < 3; i++) {
    if (create) {
      try {
        await call(client, info('create'), (o) =>
          client.core.createNamespacedConfigMap({ namespace, body: { metadata: { name, namespace, labels }, data }, fieldManager: ctx.fieldManager }, o), ctx.retry);
        return { writes: 1, contentLeftOut };
      } catch (err) {
        if (!isConflict(err)) throw err instanceof ClusterError ? err : translateError(err, info('create'), client.server, client.redact);
        // Created meanwhile: patch it.
      }
    }
    try {
      const patch: Record<string, string | null> = Object.fromEntries(STATE_KEYS.map((k) => [k, data[k] ?? null]));
      await call(client, info('patch'), (o) =>
        client.core.patchNamespacedConfigMap({ name, namespace, body: { metadata: { labels }, data: patch }, fieldManager: ctx.fieldManager }, merge(o)), { ...ctx.retry, passNotFound: true });
      return { writes: 1, contentLeftOut };
    } catch (err) {
      if (!isNotFound(err)) throw err instanceof ClusterError ? err : translateError(err, info('patch'), client.server, client.redact);
      create = true;
    }
  }
  throw new ClusterError(`cannot write ConfigMap ${namespace}/${name}: it kept appearing and disappearing`, 'api');
}
