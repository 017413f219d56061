/**
 * Writing the state ConfigMap (src/plan/state.ts says what it holds) at the end of an apply: created with the
 * managed-by label, or merge-patched (createOrMergePatch), every key set; a key left out this time, like the Nodepool
 * content that no longer fits, is removed so that it cannot go stale.
 */
import { encodeState, MANAGED_BY_LABEL, MANAGED_BY_VALUE, STATE_CONFIGMAP } from '../../plan/state.js';
import type { DeployedState } from '../../plan/state.js';
import type { RequestInfo } from './client.js';
import { createOrMergePatch } from './apply-context.js';
import type { ApplyContext } from './write.js';

const STATE_KEYS = ['owner', 'commit', 'plan-hash', 'applied-at', 'nodepool-digest', 'nodepool-files', 'nodepool-content', 'managed'];

/** Writes the state; says whether the Nodepool content had to be left out (too large for a ConfigMap). */
export async function writeState(ctx: ApplyContext, namespace: string, state: DeployedState, exists: boolean): Promise<{ writes: number; contentLeftOut: boolean }> {
  const { client } = ctx;
  const name = STATE_CONFIGMAP;
  const { data, contentLeftOut } = encodeState(state);
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  const patch: Record<string, string | null> = Object.fromEntries(STATE_KEYS.map((k) => [k, data[k] ?? null]));
  const r = await createOrMergePatch(ctx, {
    info: (verb: RequestInfo['verb']): RequestInfo => ({ verb, resource: 'configmaps', group: '', namespace, name }),
    exists,
    create: (o) => client.core.createNamespacedConfigMap({ namespace, body: { metadata: { name, namespace, labels }, data }, fieldManager: ctx.fieldManager }, o),
    patch: (o) => client.core.patchNamespacedConfigMap({ name, namespace, body: { metadata: { labels }, data: patch }, fieldManager: ctx.fieldManager }, o),
    read: (o) => client.core.readNamespacedConfigMap({ name, namespace }, o),
    holds: (cur) => STATE_KEYS.every((k) => cur.data?.[k] === data[k]),
  });
  return { writes: r.writes, contentLeftOut };
}
