/**
 * The object writes of apply (the Secret, ConfigMaps, nodes): each writes one kind of object the way ARCHITECTURE.md ("What apply changes") says,
 * touching only the fields the reconciler owns, under one field manager, through `call` (bounded retries of
 * transient failures). Every write here is safe to repeat, so a retried or re-run step converges.
 *
 * - Secret: a JSON merge patch (RFC 7386) of `data` with only the managed keys given; created when absent.
 *   Why merge patch and not server-side apply: under SSA a key this manager applied once and does not apply again
 *   (its GitHub secret left unset on a later run) would be DELETED, while "keys it does not manage stay" and the plan
 *   never removes a key; and a key first written by `kubectl apply` or `sf-operator nodepool create` (other
 *   managers) would conflict and need `force`, silently taking ownership of it. A merge patch sets exactly the
 *   given keys, leaves every other key alone, and is still recorded in managedFields under `pool-reconciler`.
 * - Rollouts and the config refresh: io/cluster/rollout.ts and io/cluster/exec.ts.
 * - ConfigMaps: created with the owned keys and labels, or a merge patch of only those.
 * - Nodes: never a typed read-and-PUT (it would drop every field the client's model does not know). A JSON patch
 *   of only what changes, computed by the same function as the plan (`poolOnNode`), from the node as observed, with
 *   the resourceVersion observed as a precondition: one request per changed node; a 409 means someone wrote the
 *   node meanwhile: read again, recompute, patch again.
 */
import type { V1Node } from '@kubernetes/client-node';
import { MANAGED_KEYS_ANNOTATION } from '../../desired/types.js';
import type { DesiredConfigMap, DesiredNodePool, DesiredSecret } from '../../desired/types.js';
import { NODE_OWNERSHIP_ANNOTATION, poolOnNode, writesAnything } from '../../plan/node-pool.js';
import { describeChanges } from '../../plan/diff.js';
import type { NodeOwnership, NodeView, PoolOnNode } from '../../plan/node-pool.js';
import type { LiveNode } from '../../plan/live.js';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../plan/state.js';
import { isOtherOwner, OWNER_ANNOTATION, ownerString, ownerText, parseOwner } from '../../core/owner.js';
import type { Owner } from '../../core/owner.js';
import { ClusterError } from './client.js';
import type { RequestInfo } from './client.js';
import { call, isConflict, isNotFound, isUnprocessable } from './retry.js';
import { asClusterError, conflictGiveUp, createOrMergePatch, dryRunOf } from './apply-context.js';
import type { ApplyContext, WriteResult } from './apply-context.js';

export { FIELD_MANAGER } from './apply-context.js';
export type { ApplyContext, WriteResult } from './apply-context.js';

// ---------------------------------------------------------------------------------------------------------------
// Secret

/** Writes the managed keys of the providers Secret. Resolves to the Secret's resourceVersion after the write. */
export async function applySecret(ctx: ApplyContext, secret: DesiredSecret, exists: boolean, owned?: { managedKeys?: string[]; remove?: string[] }): Promise<WriteResult & { resourceVersion: string }> {
  const { client } = ctx;
  const { namespace, name } = secret;
  const data: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(secret.data)) if (v) data[k] = Buffer.from(v.reveal(), 'utf8').toString('base64');
  // Keys pool-reconciler wrote and the setting removes (the plan checked the annotation), and the annotation that
  // records the keys it wrote: written with the data, never alone (a Secret write rolls the Nodepool pods).
  for (const k of owned?.remove ?? []) data[k] = null;
  const managed = [...new Set([...(owned?.managedKeys ?? []), ...Object.keys(secret.data)])].filter((k) => !(owned?.remove ?? []).includes(k)).sort();
  const annotations = { [MANAGED_KEYS_ANNOTATION]: managed.join(',') };
  const r = await createOrMergePatch(ctx, {
    info: (verb) => ({ verb, resource: 'secrets', group: '', namespace, name }),
    exists,
    create: (o) => client.core.createNamespacedSecret({ namespace, body: { metadata: { name, namespace, annotations }, type: 'Opaque', data: withoutNulls(data) }, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, o),
    patch: (o) => client.core.patchNamespacedSecret({ name, namespace, body: { metadata: { annotations }, data }, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, o),
    read: (o) => client.core.readNamespacedSecret({ name, namespace }, o),
    holds: (cur) => Object.entries(data).every(([k, v]) => (v === null ? cur.data?.[k] === undefined : cur.data?.[k] === v)),
  });
  return { status: r.status, writes: r.writes, resourceVersion: r.object.metadata?.resourceVersion ?? '' };
}

/** A path segment (a namespace or object name; Kubernetes names need no escaping, a hostile one still cannot leave its segment). */
const seg = (s: string): string => encodeURIComponent(s);

/** The query of a write: the field manager, and the preflight's dry run. */
const writeQuery = (ctx: ApplyContext): string => `?fieldManager=${encodeURIComponent(ctx.fieldManager)}${ctx.dryRun ? '&dryRun=All' : ''}`;

const withoutNulls = (d: Record<string, string | null>): Record<string, string> =>
  Object.fromEntries(Object.entries(d).filter((e): e is [string, string] => e[1] !== null));

// ---------------------------------------------------------------------------------------------------------------
// ConfigMaps

/**
 * Creates the ConfigMap with its owned keys and labels, or merge-patches only those. A pod-template ConfigMap it
 * creates also gets the label `app.kubernetes.io/managed-by: pool-reconciler`: the mark that lets a later run delete
 * it once the repo drops it (one that existed before is never marked, so never deleted).
 */
export async function applyConfigMap(ctx: ApplyContext, cm: DesiredConfigMap, exists: boolean, owner?: Owner): Promise<WriteResult & { created?: boolean }> {
  const { client } = ctx;
  const { namespace, name } = cm;
  const info = (verb: RequestInfo['verb']): RequestInfo => ({ verb, resource: 'configmaps', group: '', namespace, name });
  const labels = Object.keys(cm.labels).length ? { labels: { ...cm.labels } } : {};
  // A pod template it creates carries the managed-by label and says which repository and target created it.
  const createLabels = cm.role === 'pod-template'
    ? { labels: { ...cm.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE }, ...(owner ? { annotations: { [OWNER_ANNOTATION]: ownerString(owner) } } : {}) }
    : labels;
  const r = await createOrMergePatch(ctx, {
    info,
    exists,
    // A thousand pod templates are a thousand writes and as many dry runs: sent without the typed layer (ClusterClient.send).
    create: (o) => client.send({ method: 'POST', path: `/api/v1/namespaces/${seg(namespace)}/configmaps${writeQuery(ctx)}`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...createLabels }, data: { ...cm.data } } }, o.signal),
    patch: (o) => client.send({ method: 'PATCH', path: `/api/v1/namespaces/${seg(namespace)}/configmaps/${seg(name)}${writeQuery(ctx)}`, contentType: 'application/merge-patch+json', body: { ...(labels.labels ? { metadata: labels } : {}), data: { ...cm.data } } }, o.signal),
    read: (o) => client.core.readNamespacedConfigMap({ name, namespace }, o),
    holds: (cur) => Object.entries(cm.data).every(([k, v]) => cur.data?.[k] === v) && Object.entries(cm.labels).every(([k, v]) => cur.metadata?.labels?.[k] === v),
  });
  return { status: r.status, writes: r.writes, ...(r.created ? { created: true } : {}) };
}

/**
 * Deletes a ConfigMap pool-reconciler created and the repo no longer has, with the observed resourceVersion as a
 * precondition (409 when it changed since: read again, and delete only if it still carries the managed-by label).
 */
export async function deleteConfigMap(ctx: ApplyContext, namespace: string, name: string, resourceVersion: string | undefined, owner?: Owner): Promise<WriteResult> {
  const { client } = ctx;
  const info = (verb: RequestInfo['verb']): RequestInfo => ({ verb, resource: 'configmaps', group: '', namespace, name });
  let rv = resourceVersion;
  const tries = (ctx.conflictRetries ?? 5) + 1;
  for (let i = 0; i < tries; i++) {
    try {
      await call(client, info('delete'), (o) =>
        client.core.deleteNamespacedConfigMap({ name, namespace, body: { ...(rv ? { preconditions: { resourceVersion: rv } } : {}) } }, o), { ...ctx.retry, passNotFound: true });
      return { status: 'applied', writes: 1 };
    } catch (err) {
      if (isNotFound(err)) return { status: 'unchanged', writes: 0, message: 'already gone' };
      if (!isConflict(err)) throw asClusterError(err, info('delete'), client);
      const cur = await call(client, info('get'), (o) => client.core.readNamespacedConfigMap({ name, namespace }, o), { ...ctx.retry, notFound: { value: undefined } });
      if (!cur) return { status: 'unchanged', writes: 0, message: 'already gone' };
      if (cur.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
        return { status: 'unchanged', writes: 0, message: `not deleted: it no longer carries the label ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE} (someone else took it over)` };
      }
      const mark = parseOwner(cur.metadata?.annotations?.[OWNER_ANNOTATION]);
      if (mark && owner && isOtherOwner(mark, owner)) return { status: 'unchanged', writes: 0, message: `not deleted: ${ownerText(mark)} created it` };
      rv = cur.metadata?.resourceVersion;
    }
  }
  throw conflictGiveUp(info('delete'), tries);
}

// ---------------------------------------------------------------------------------------------------------------
// Nodes

/** A JSON pointer segment (RFC 6901). */
const ptr = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The JSON patch (RFC 6902) of a pool's change on a node: only what changes, by index in the taint list read, and
 * the resourceVersion read set in the patched object, which makes it a precondition (409 when the node changed
 * since; `precondition` false: without it, for the dry run). Taints are edited element by element, so a field of a taint the client's model does not know stays.
 */
export function nodePatch(node: NodeView & { resourceVersion?: string; hasAnnotations?: boolean }, change: PoolOnNode, precondition = true): Array<Record<string, unknown>> {
  const ops: Array<Record<string, unknown>> = [];
  if (precondition && node.resourceVersion) ops.push({ op: 'replace', path: '/metadata/resourceVersion', value: node.resourceVersion });
  for (const [k, v] of Object.entries(change.setLabels)) ops.push({ op: 'add', path: `/metadata/labels/${ptr(k)}`, value: v });
  for (const k of change.removeLabels) ops.push({ op: 'remove', path: `/metadata/labels/${ptr(k)}` });
  if (change.ownership) {
    const path = `/metadata/annotations/${ptr(NODE_OWNERSHIP_ANNOTATION)}`;
    if (change.ownership.value === null) ops.push({ op: 'remove', path });
    else if (node.hasAnnotations === false) ops.push({ op: 'add', path: '/metadata/annotations', value: { [NODE_OWNERSHIP_ANNOTATION]: change.ownership.value } });
    else ops.push({ op: 'add', path, value: change.ownership.value });
  }
  // Values first (indices as read), then removals from the end, then appends.
  for (const e of change.taintEdits) {
    if (e.op !== 'value') continue;
    const had = node.taints[e.index]?.value !== undefined;
    const path = `/spec/taints/${e.index}/value`;
    if (e.value === undefined) {
      if (had) ops.push({ op: 'remove', path });
    } else ops.push({ op: had ? 'replace' : 'add', path, value: e.value });
  }
  const removals = change.taintEdits.filter((e) => e.op === 'remove').map((e) => e.index).sort((a, b) => b - a);
  for (const i of removals) ops.push({ op: 'remove', path: `/spec/taints/${i}` });
  const appended = change.appendTaints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
  if (appended.length && node.taints.length === 0) {
    ops.push({ op: 'add', path: '/spec/taints', value: appended });
  } else {
    for (const t of appended) ops.push({ op: 'add', path: '/spec/taints/-', value: t });
  }
  return ops;
}

function nodeView(n: V1Node): NodeView & { resourceVersion?: string; hasAnnotations: boolean } {
  const ownership = n.metadata?.annotations?.[NODE_OWNERSHIP_ANNOTATION];
  return {
    labels: { ...(n.metadata?.labels ?? {}) },
    taints: (n.spec?.taints ?? []).map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect })),
    ...(ownership !== undefined ? { ownership } : {}),
    ...(n.metadata?.resourceVersion ? { resourceVersion: n.metadata.resourceVersion } : {}),
    hasAnnotations: n.metadata?.annotations !== undefined,
  };
}


/**
 * Puts a pool's labels and taints on a node (pool undefined: the pool is gone from the repo, only what was recorded
 * as managed is removed) with one JSON patch carrying the resourceVersion of the node as observed: one request when
 * the node has not changed since; on 409, read it again, recompute and patch again.
 */
/** What a node's patch is computed from: the pool (undefined: gone from the repo), what the state says the repo declared, whether conflicts are adopted. */
export interface NodeTarget {
  pool: DesiredNodePool | undefined;
  declared?: NodeOwnership;
  adopt?: boolean;
}

export async function applyNode(ctx: ApplyContext, observed: LiveNode, target: NodeTarget): Promise<WriteResult> {
  const { pool, declared } = target;
  const { client } = ctx;
  const nodeName = observed.name;
  const info = (verb: RequestInfo['verb']): RequestInfo => ({ verb, resource: 'nodes', group: '', name: nodeName });
  const tries = (ctx.conflictRetries ?? 5) + 1;
  type Seen = NodeView & { resourceVersion?: string; hasAnnotations?: boolean };
  let view: Seen = observed;
  // Undefined: the node is gone (an autoscaled pool scaled down after it was read).
  const reread = async (): Promise<Seen | undefined> => {
    const node = await call(client, info('get'), (o) => client.core.readNode({ name: nodeName }, o), { ...ctx.retry, notFound: { value: undefined } }) as V1Node | undefined;
    return node ? nodeView(node) : undefined;
  };
  // Nothing to write on a node that left the cluster: not a failure of the apply (nor of its dry run).
  const gone: WriteResult = { status: 'unchanged', writes: 0, message: 'the node left the cluster after it was read (the pool scaled down?): nothing to write there' };
  let fresh = true;
  const planned = describeChanges(poolOnNode(observed, pool, declared).changes);
  for (let i = 0; i < tries; i++) {
    if (!fresh) {
      const now = await reread();
      if (!now) return gone;
      view = now;
    }
    fresh = false;
    const change = poolOnNode(view, pool, declared);
    if (change.conflicts.length && !target.adopt) {
      throw new ClusterError(`node ${JSON.stringify(nodeName)} has taint ${change.conflicts.join(', ')}, which pool-reconciler did not put there, with another value than the pool declares: not overwritten (set conflicts: adopt to take it over)`, 'api');
    }
    if (!writesAnything(change)) return { status: 'unchanged', writes: 0, ...(i > 0 ? { message: 'someone else made the change meanwhile' } : {}) };
    // The dry run (preflight) asks whether the server admits the change, not whether the node is as observed: a
    // node's status heartbeat changes its resourceVersion every few seconds, and a 409 there would only cost a read
    // and a second dry run. So it goes without the precondition, on the node as it is now (an op by index that no
    // longer fits is a 422, handled below as for the write); the write itself keeps it.
    const body = nodePatch(view, change, !ctx.dryRun);
    try {
      await call(client, info('patch'), (o) => client.send({ method: 'PATCH', path: `/api/v1/nodes/${seg(nodeName)}${writeQuery(ctx)}`, contentType: 'application/json-patch+json', body }, o.signal), { ...ctx.retry, passNotFound: true });
      // Re-planned after a 409: say what was written, when it is not what the plan showed.
      const written = describeChanges(change.changes);
      return { status: 'applied', writes: ctx.dryRun ? 0 : 1, ...(written !== planned ? { message: `the node changed since the plan; written: ${written}` } : {}) };
    } catch (err) {
      if (isConflict(err)) continue; // The node changed since it was read (or our own patch landed after a timeout): read again and redo.
      if (isNotFound(err)) {
        if (!(await reread())) return gone;
        throw asClusterError(err, info('patch'), client);
      }
      // The patch is applied to the node as it is now, before the resourceVersion is compared: when the node lost a
      // taint since it was read (a controller took its not-ready taint away), an op by index fails first, as a 422.
      // A node that changed since is a conflict like a 409; one that did not is a real refusal.
      if (!isUnprocessable(err) || !view.resourceVersion) throw asClusterError(err, info('patch'), client);
      const now = await reread();
      if (!now) return gone;
      if (now.resourceVersion === view.resourceVersion) throw asClusterError(err, info('patch'), client);
      view = now;
      fresh = true;
    }
  }
  throw conflictGiveUp(info('patch'), tries);
}
