/**
 * Reading the live state of what the reconciler owns. Reads only, with bounded concurrency, and one request per
 * (kind, namespace) whatever the number of objects in it:
 *
 * - the providers Secret, the launcher Deployment and the builder StatefulSet: one GET each (one object of each
 *   kind in the namespace; a GET needs only `get` on that name, and reads no other Secret of the namespace);
 * - ConfigMaps: per namespace, a GET when one is wanted there, else one LIST of the namespace (no selector can pick
 *   ConfigMaps by a set of names, and their labels are not ours to rely on);
 * - Nodes: ONE LIST with the set-based selector `konvoy.mesosphere.com/node_pool in (a,b,...)` naming the pools that
 *   declare labels or taints. That returns only the nodes of those pools (a cluster may have many nodes in pools the
 *   repo leaves alone), in one request whatever the number of pools; a LIST with `konvoy.mesosphere.com/node_pool`
 *   (key exists) would also bring every node of every other pool;
 * - first, ConfigMap `pool-reconciler-state` (one GET): what the last apply deployed and owns. The pools it names
 *   are added to the node LIST's selector (their nodes may carry what pool-reconciler put there), and each
 *   pod-template ConfigMap it created that the repo no longer has is read (one GET each), to be deleted;
 * - pods only when nodes get a new NoExecute or NoSchedule taint (what the plan shows as evicted): one LIST,
 *   whatever the number of such nodes (by field selector `spec.nodeName` for one node, else cluster-wide, paged);
 * - the Dispatch components' workloads and pods, and (drift, after apply) the TaskRun pods: io/cluster/placement.ts;
 * - a namespace is read (GET) only when nothing read there showed that it exists (no wanted object found, and a
 *   LIST came back empty), to tell "not created yet" from "the namespace does not exist": a LIST in a missing
 *   namespace answers an empty list and a GET a 404, like in an existing one.
 */
import type { V1ConfigMap, V1Node, V1Pod, V1PodSpec } from '@kubernetes/client-node';
import { NODE_POOL_LABEL } from '../../core/k8s.js';
import { NODE_OWNERSHIP_ANNOTATION, poolOnNode, taintString } from '../../plan/node-pool.js';
import { decodeState, OWNER_ANNOTATION, STATE_CONFIGMAP } from '../../plan/state.js';
import type { StateScope } from '../../plan/state.js';
import { SECRET_KEYS } from '../../core/provider-secrets.js';
import type { SecretKey } from '../../core/provider-secrets.js';
import { MANAGED_KEYS_ANNOTATION, SecretValue } from '../../desired/types.js';
import type { DesiredState, Taint } from '../../desired/types.js';
import { convergence } from './rollout.js';
import type { WorkloadObject } from './rollout.js';
import { ClusterError, read } from './client.js';
import type { ClusterClient } from './client.js';
import { emptyLiveState } from '../../plan/live.js';
import type { LiveConfigMap, LiveNode, LivePlacement, LivePod, LiveState, LiveWorkload } from '../../plan/live.js';
import { placementReads } from './placement.js';

export interface ObserveOptions {
  /** Requests in flight at most (default 8). */
  concurrency?: number;
  /** Read the pods of Tekton TaskRuns too (drift, and once after apply): io/cluster/placement.ts. */
  ciPods?: boolean;
  /**
   * What to read: `all` (default); `no-placement`: all but where the Dispatch components and CI pods run (apply, which
   * never writes them and reads them once after its writes); `placement`: only that, and the nodes of the pools it
   * compares them with (the read after apply).
   */
  reads?: 'all' | 'no-placement' | 'placement';
}

/** Every read that failed, each as one clear error. */
export class ObserveError extends Error {
  constructor(readonly errors: ClusterError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'ObserveError';
  }
}

/** Runs `fn` over `items` with at most `limit` at once; every result settled, in input order. */
export async function settleLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i]) };
      } catch (reason) {
        out[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function toConfigMap(c: V1ConfigMap, namespace: string): LiveConfigMap {
  return {
    namespace,
    name: c.metadata?.name ?? '',
    exists: true,
    resourceVersion: c.metadata?.resourceVersion,
    data: { ...(c.data ?? {}) },
    labels: { ...(c.metadata?.labels ?? {}) },
    ...(c.metadata?.annotations?.[OWNER_ANNOTATION] !== undefined ? { owner: c.metadata.annotations[OWNER_ANNOTATION] } : {}),
  };
}

function toNode(n: V1Node): LiveNode {
  const labels = { ...(n.metadata?.labels ?? {}) };
  const taints: Taint[] = (n.spec?.taints ?? []).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
  const ownership = n.metadata?.annotations?.[NODE_OWNERSHIP_ANNOTATION];
  return {
    name: n.metadata?.name ?? '',
    pool: labels[NODE_POOL_LABEL] ?? '',
    resourceVersion: n.metadata?.resourceVersion,
    labels,
    taints,
    ...(ownership !== undefined ? { ownership } : {}),
    hasAnnotations: n.metadata?.annotations !== undefined,
  };
}

type Task = () => Promise<void>;

/**
 * The keys of Secret `secretName` that a pod template's containers see: a subPath mount shows one key (fixed when
 * the pod starts); a mount of the whole volume shows every key (or the volume's `items`) and follows updates.
 */
export function secretKeysMounted(podSpec: V1PodSpec | undefined, secretName: string): string[] | 'all' {
  const volumes = new Map<string, string[] | 'all'>();
  for (const v of podSpec?.volumes ?? []) {
    if (v.secret?.secretName !== secretName) continue;
    volumes.set(v.name, v.secret.items?.length ? v.secret.items.map((i) => i.key) : 'all');
  }
  const keys = new Set<string>();
  for (const c of [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]) {
    for (const m of c.volumeMounts ?? []) {
      const vol = volumes.get(m.name);
      if (vol === undefined) continue;
      if (m.subPath) keys.add(m.subPath);
      else if (vol === 'all') return 'all';
      else for (const k of vol) keys.add(k);
    }
  }
  return [...keys].sort();
}

/**
 * Long because it sends every read of a plan as one batch with one concurrency limit, and what to read next depends
 * on what came back (recorded pools, dropped ConfigMaps, pods on changed nodes).
 */
export async function observe(client: ClusterClient, desired: DesiredState, options: ObserveOptions = {}): Promise<LiveState> {
  const concurrency = options.concurrency ?? 8;
  const live = emptyLiveState();
  if (options.reads === 'placement') return observePlacement(client, desired, live, concurrency, options.ciPods ?? false);

  // First the state ConfigMap: it names what else pool-reconciler owns (pools whose nodes carry its record, the
  // ConfigMaps it created), which is read with the rest.
  const sfNs = desired.settings.softwareFactory.namespace;
  const stateCm = await readState(client, sfNs, live, stateScope(desired));
  live.stateExists = stateCm;
  const tasks: Task[] = [];
  /** Per namespace: whether something read there shows that it exists. */
  const found = new Map<string, boolean>();
  const mark = (ns: string, hit: boolean): void => {
    found.set(ns, (found.get(ns) ?? false) || hit);
  };

  if (desired.secret) {
    const { namespace, name } = desired.secret;
    tasks.push(async () => {
      const s = await read(client, { verb: 'get', resource: 'secrets', group: '', namespace, name },
        () => client.core.readNamespacedSecret({ name, namespace }), { value: undefined });
      const data: Partial<Record<SecretKey, SecretValue>> = {};
      for (const k of SECRET_KEYS) {
        const v = s?.data?.[k];
        if (typeof v === 'string') data[k] = new SecretValue(v);
      }
      const recorded = s?.metadata?.annotations?.[MANAGED_KEYS_ANNOTATION];
      live.secret = {
        namespace, name, exists: s !== undefined, resourceVersion: s?.metadata?.resourceVersion, data,
        ...(recorded !== undefined ? { managedKeys: recorded.split(',').map((k) => k.trim()).filter((k) => k) } : {}),
      };
      mark(namespace, s !== undefined);
    });
  }

  for (const w of desired.workloads) {
    tasks.push(async () => {
      const { namespace, name } = w;
      const obj =
        w.kind === 'Deployment'
          ? await read(client, { verb: 'get', resource: 'deployments', group: 'apps', namespace, name },
              () => client.apps.readNamespacedDeployment({ name, namespace }), { value: undefined })
          : await read(client, { verb: 'get', resource: 'statefulsets', group: 'apps', namespace, name },
              () => client.apps.readNamespacedStatefulSet({ name, namespace }), { value: undefined });
      const annotation = obj?.spec?.template?.metadata?.annotations?.[w.annotation];
      const mounted = obj && desired.secret ? secretKeysMounted(obj.spec?.template?.spec, desired.secret.name) : undefined;
      const lw: LiveWorkload = {
        kind: w.kind, namespace, name, exists: obj !== undefined,
        ...(annotation !== undefined ? { annotation } : {}),
        ...(mounted !== undefined ? { secretKeysMounted: mounted } : {}),
        ...(obj ? { rollout: convergence(w.kind, obj as unknown as WorkloadObject) } : {}),
      };
      live.workloads.push(lw);
      mark(namespace, obj !== undefined);
    });
  }

  const cmByNs = new Map<string, string[]>();
  for (const cm of desired.configMaps) cmByNs.set(cm.namespace, [...(cmByNs.get(cm.namespace) ?? []), cm.name]);
  // ConfigMaps the state says pool-reconciler created and the repo no longer has: one GET each (a few at most).
  const wantedCm = new Set(desired.configMaps.map((c) => `${c.namespace}/${c.name}`));
  for (const ref of live.state?.managed.configMaps ?? []) {
    if (wantedCm.has(ref)) continue;
    const [namespace, name] = ref.split('/');
    if (!namespace || !name) continue;
    tasks.push(async () => {
      const c = await read(client, { verb: 'get', resource: 'configmaps', group: '', namespace, name },
        () => client.core.readNamespacedConfigMap({ name, namespace }), { value: undefined });
      if (c) (live.recordedConfigMaps ??= []).push(toConfigMap(c, namespace));
    });
  }
  for (const [namespace, names] of cmByNs) {
    tasks.push(async () => {
      let items: LiveConfigMap[];
      if (names.length === 1) {
        const name = names[0];
        const c = await read(client, { verb: 'get', resource: 'configmaps', group: '', namespace, name },
          () => client.core.readNamespacedConfigMap({ name, namespace }), { value: undefined });
        items = c ? [toConfigMap(c, namespace)] : [];
      } else {
        const wanted = new Set(names);
        const list = await read(client, { verb: 'list', resource: 'configmaps', group: '', namespace },
          () => client.core.listNamespacedConfigMap({ namespace }));
        items = list.items.filter((c) => wanted.has(c.metadata?.name ?? '')).map((c) => toConfigMap(c, namespace));
        // Any ConfigMap at all (every namespace has kube-root-ca.crt) shows the namespace exists.
        mark(namespace, list.items.length > 0);
      }
      live.configMaps.push(...items);
      mark(namespace, items.length > 0);
    });
  }

  const pools = [...new Set([...desired.nodePools.map((p) => p.name), ...(live.state?.managed.pools ?? [])])];
  const selectable = pools.filter((p) => p.length <= 63 && LABEL_VALUE.test(p));
  for (const p of pools) {
    if (!selectable.includes(p)) {
      live.notes.push(`node pool ${JSON.stringify(p)}: its name is not a valid label value, so no node can carry ${NODE_POOL_LABEL}=${p}; its nodes are not read`);
    }
  }
  if (selectable.length) {
    tasks.push(async () => {
      const labelSelector = `${NODE_POOL_LABEL} in (${selectable.join(',')})`;
      const list = await read(client, { verb: 'list', resource: 'nodes', group: '' }, () => client.core.listNode({ labelSelector }));
      const wanted = new Set(selectable);
      live.nodes = list.items.map(toNode).filter((n) => wanted.has(n.pool));
      await readPodsOnTaintedNodes(client, desired, live);
    });
  }

  // Where the Dispatch components and CI pods run (io/cluster/placement.ts): compared, never written.
  if (desired.placement && options.reads !== 'no-placement') {
    const placement: LivePlacement = { workloads: [], notes: [] };
    live.placement = placement;
    tasks.push(...placementReads(client, desired, placement, { ciPods: options.ciPods ?? false }));
  }

  const errors: ClusterError[] = [];
  const collect = (results: PromiseSettledResult<void>[]): void => {
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      const e = r.reason instanceof ClusterError ? r.reason : new ClusterError(r.reason instanceof Error ? r.reason.message.split('\n')[0] : String(r.reason), 'api');
      if (!errors.some((x) => x.message === e.message)) errors.push(e);
    }
  };
  collect(await settleLimited(tasks, concurrency, (t) => t()));
  if (errors.length) throw new ObserveError(errors);

  if (stateCm) mark(sfNs, true);

  // Namespaces where nothing wanted was found: do they exist?
  const unknown = [...found].filter(([, hit]) => !hit).map(([ns]) => ns).sort();
  collect(
    await settleLimited(unknown, concurrency, async (namespace) => {
      try {
        const ns = await read(client, { verb: 'get', resource: 'namespaces', group: '', name: namespace },
          () => client.core.readNamespace({ name: namespace }), { value: undefined });
        if (!ns) live.missingNamespaces.push(namespace);
      } catch (err) {
        if (err instanceof ClusterError && err.reason === 'forbidden') {
          live.notes.push(`could not check that namespace ${JSON.stringify(namespace)} exists (no permission to get it): nothing planned there exists yet`);
          return;
        }
        throw err;
      }
    }),
  );
  if (errors.length) throw new ObserveError(errors);

  live.missingNamespaces.sort();
  live.workloads.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  live.configMaps.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  live.nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  live.notes.sort();
  if (live.placement) {
    live.placement.workloads.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    live.placement.notes.sort();
  }
  return live;
}

/**
 * The namespaces a state entry may point into: those this repo names (the Software Factory and Tekton namespaces of
 * its settings, and those of its ConfigMaps). A ConfigMap recorded in any other namespace is not read or deleted.
 */
/** Only where the Dispatch components and CI pods run, and the nodes of the repo's pools (the CI pods' pools). */
async function observePlacement(client: ClusterClient, desired: DesiredState, live: LiveState, concurrency: number, ciPods: boolean): Promise<LiveState> {
  if (!desired.placement) return live;
  const placement: LivePlacement = { workloads: [], notes: [] };
  live.placement = placement;
  const tasks: Task[] = placementReads(client, desired, placement, { ciPods });
  const pools = desired.nodePools.map((p) => p.name).filter((p) => p.length <= 63 && LABEL_VALUE.test(p));
  if (pools.length) {
    tasks.push(async () => {
      const list = await read(client, { verb: 'list', resource: 'nodes', group: '' }, () => client.core.listNode({ labelSelector: `${NODE_POOL_LABEL} in (${pools.join(',')})` }));
      live.nodes = list.items.map(toNode).filter((n) => pools.includes(n.pool));
    });
  }
  const failed = (await settleLimited(tasks, concurrency, (t) => t())).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new ObserveError(failed.map((r) => (r.reason instanceof ClusterError ? r.reason : new ClusterError(r.reason instanceof Error ? r.reason.message.split('\n')[0] : String(r.reason), 'api'))));
  live.nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  placement.workloads.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  placement.notes.sort();
  return live;
}

function stateScope(desired: DesiredState): StateScope {
  const { softwareFactory, dispatch } = desired.settings;
  return { namespaces: [...new Set([softwareFactory.namespace, dispatch.tektonNamespace, ...desired.configMaps.map((c) => c.namespace)])] };
}

/** Reads the state ConfigMap into `live.state` (or `live.stateProblem`); whether it exists. */
async function readState(client: ClusterClient, namespace: string, live: LiveState, scope: StateScope): Promise<boolean> {
  const name = STATE_CONFIGMAP;
  let c: V1ConfigMap | undefined;
  try {
    c = await read(client, { verb: 'get', resource: 'configmaps', group: '', namespace, name },
      () => client.core.readNamespacedConfigMap({ name, namespace }), { value: undefined });
  } catch (err) {
    if (err instanceof ClusterError && err.reason === 'forbidden') {
      live.stateProblem = `could not be read (${err.message}); ${err.hint ?? ''}`.trim();
      return false;
    }
    throw err;
  }
  if (!c) return false;
  const { state, problem, notes } = decodeState(c.data ?? {}, scope);
  live.notes.push(...notes);
  if (state) live.state = state;
  else live.stateProblem = `is not readable: ${problem ?? 'unknown format'}`;
  return true;
}

/** Pods per page of the cluster-wide pod LIST (as kubectl's default chunk size). */
const POD_PAGE = 500;

/** The nodes that get a new NoExecute or NoSchedule taint: those whose pods the plan shows as evicted or no longer admitted. */
export function nodesGettingTaint(desired: DesiredState, nodes: readonly LiveNode[]): LiveNode[] {
  const pools = new Map(desired.nodePools.map((p) => [p.name, p]));
  return nodes.filter((n) => {
    const pool = pools.get(n.pool);
    if (!pool) return false;
    const had = new Set(n.taints.map(taintString));
    return poolOnNode(n, pool).taints.some((t) => (t.effect === 'NoExecute' || t.effect === 'NoSchedule') && !had.has(taintString(t)));
  });
}

/**
 * The pods on the nodes that get a new taint, in one LIST whatever the number of such nodes (issue 29): a field
 * selector names one node only (the API has no set-based field selector), so one node is listed by
 * `spec.nodeName`, several by one cluster-wide LIST (in pages of 500, as kubectl's chunks) filtered here. Needs
 * `list` on pods at cluster scope (the README's permissions grant it); without it the plan says it could not tell.
 */
async function readPodsOnTaintedNodes(client: ClusterClient, desired: DesiredState, live: LiveState): Promise<void> {
  const targets = nodesGettingTaint(desired, live.nodes);
  if (targets.length === 0) return;
  const wanted = new Set(targets.map((n) => n.name));
  const fieldSelector = targets.length === 1 ? `spec.nodeName=${targets[0].name}` : undefined;
  const pods: LivePod[] = [];
  try {
    let next: string | undefined;
    do {
      const page = next;
      const list = await read(client, { verb: 'list', resource: 'pods', group: '' },
        () => client.core.listPodForAllNamespaces({ ...(fieldSelector ? { fieldSelector } : {}), limit: POD_PAGE, ...(page ? { _continue: page } : {}) }));
      for (const p of list.items) {
        const node = p.spec?.nodeName;
        if (node !== undefined && wanted.has(node)) pods.push(toPod(p, node));
      }
      next = list.metadata?._continue || undefined;
    } while (next);
  } catch (err) {
    const e = err instanceof ClusterError ? err : undefined;
    if (e?.reason !== 'forbidden') throw err;
    live.notes.push(`could not list the pods on the nodes that get a new taint (${e.message}): the pods it would evict are not shown. ${e.hint ?? ''}`.trim());
    return;
  }
  live.pods = pods.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function toPod(p: V1Pod, node: string): LivePod {
  const ref = (p.metadata?.ownerReferences ?? []).find((o) => o.controller) ?? p.metadata?.ownerReferences?.[0];
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    node,
    ...(p.status?.phase ? { phase: p.status.phase } : {}),
    ...(ref ? { owner: { kind: ref.kind, name: ref.name } } : {}),
    tolerations: (p.spec?.tolerations ?? []).map((t) => ({
      ...(t.key !== undefined ? { key: t.key } : {}),
      ...(t.operator !== undefined ? { operator: t.operator } : {}),
      ...(t.value !== undefined ? { value: t.value } : {}),
      ...(t.effect !== undefined ? { effect: t.effect } : {}),
      ...(typeof t.tolerationSeconds === 'number' ? { tolerationSeconds: t.tolerationSeconds } : {}),
    })),
  };
}
