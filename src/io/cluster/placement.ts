/**
 * Reading where the Dispatch components and the CI pods run, read-only, one request per (kind, namespace):
 *
 * - per namespace of a component (config/dispatch-workloads.ts): one LIST of Deployments and/or one LIST of
 *   StatefulSets (only the kinds wanted there), and one LIST of its pods; a workload's pods are those its selector
 *   matches;
 * - with `ciPods`: ONE LIST of pods in all namespaces with the label selector `tekton.dev/taskRun` (the pods of
 *   Tekton TaskRuns).
 *
 * A read that is forbidden is not an error of the plan: it is said (the plan then does not show that part), so
 * credentials made before these reads still plan.
 */
import type { V1Deployment, V1LabelSelector, V1Pod, V1StatefulSet, V1Toleration } from '@kubernetes/client-node';
import type { DesiredState } from '../../desired/types.js';
import type { LiveCiPod, LivePlacedWorkload, LivePlacement, LiveToleration } from '../../plan/live.js';
import { ClusterError, read } from './client.js';
import type { ClusterClient } from './client.js';

/** The label Tekton puts on a TaskRun's pod (its TaskRun's name). */
export const TASKRUN_LABEL = 'tekton.dev/taskRun';

export interface PlacementReadOptions {
  /** Read the TaskRun pods too (drift, and once after apply). */
  ciPods?: boolean;
}

function toTolerations(ts: V1Toleration[] | undefined): LiveToleration[] {
  return (ts ?? []).map((t) => ({
    ...(t.key !== undefined && t.key !== null ? { key: t.key } : {}),
    ...(t.operator ? { operator: t.operator } : {}),
    ...(t.value !== undefined && t.value !== null ? { value: t.value } : {}),
    ...(t.effect ? { effect: t.effect } : {}),
    ...(typeof t.tolerationSeconds === 'number' ? { tolerationSeconds: t.tolerationSeconds } : {}),
  }));
}

/** Whether a label selector (matchLabels and matchExpressions) selects these labels; an empty selector selects none. */
export function selectorMatches(sel: V1LabelSelector | undefined, labels: Record<string, string>): boolean {
  const ml = sel?.matchLabels ?? {};
  const me = sel?.matchExpressions ?? [];
  if (Object.keys(ml).length === 0 && me.length === 0) return false;
  if (!Object.entries(ml).every(([k, v]) => labels[k] === v)) return false;
  return me.every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

const forbiddenNote = (e: ClusterError, what: string): string => `${what} could not be read (${e.message}): not shown. ${e.hint ?? ''}`.trim();

/** Calls `fn`; a 403 becomes a note (and undefined), anything else is thrown. */
async function orNote<T>(notes: string[], what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ClusterError && err.reason === 'forbidden') {
      notes.push(forbiddenNote(err, what));
      return undefined;
    }
    throw err;
  }
}

/** The read tasks (one per LIST); each fills `out` when it runs. */
export function placementReads(client: ClusterClient, desired: DesiredState, out: LivePlacement, options: PlacementReadOptions = {}): Array<() => Promise<void>> {
  const tasks: Array<() => Promise<void>> = [];
  const byNs = new Map<string, Array<{ kind: 'Deployment' | 'StatefulSet'; name: string }>>();
  for (const c of desired.placement?.components ?? []) {
    for (const w of c.workloads) {
      const list = byNs.get(c.namespace) ?? [];
      if (!list.some((x) => x.kind === w.kind && x.name === w.name)) list.push(w);
      byNs.set(c.namespace, list);
    }
  }
  for (const [namespace, wanted] of [...byNs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    tasks.push(async () => {
      const kinds = new Set(wanted.map((w) => w.kind));
      const [deployments, statefulSets, pods] = await Promise.all([
        kinds.has('Deployment')
          ? orNote(out.notes, `Deployments in namespace ${JSON.stringify(namespace)} (the Dispatch components)`, () =>
              read(client, { verb: 'list', resource: 'deployments', group: 'apps', namespace }, () => client.apps.listNamespacedDeployment({ namespace })))
          : Promise.resolve({ items: [] as V1Deployment[] }),
        kinds.has('StatefulSet')
          ? orNote(out.notes, `StatefulSets in namespace ${JSON.stringify(namespace)} (the Dispatch components)`, () =>
              read(client, { verb: 'list', resource: 'statefulsets', group: 'apps', namespace }, () => client.apps.listNamespacedStatefulSet({ namespace })))
          : Promise.resolve({ items: [] as V1StatefulSet[] }),
        orNote(out.notes, `the pods in namespace ${JSON.stringify(namespace)} (where the Dispatch components run)`, () =>
          read(client, { verb: 'list', resource: 'pods', group: '', namespace }, () => client.core.listNamespacedPod({ namespace }))),
      ]);
      for (const w of wanted) {
        const items: Array<V1Deployment | V1StatefulSet> | undefined = w.kind === 'Deployment' ? deployments?.items : statefulSets?.items;
        if (items === undefined) continue; // not readable: said in the notes
        const obj = items.find((o) => o.metadata?.name === w.name);
        const lw: LivePlacedWorkload = {
          kind: w.kind,
          namespace,
          name: w.name,
          exists: obj !== undefined,
          tolerations: toTolerations(obj?.spec?.template?.spec?.tolerations),
          nodeSelector: { ...(obj?.spec?.template?.spec?.nodeSelector ?? {}) },
          pods: obj && pods
            ? pods.items
                .filter((p) => !p.metadata?.deletionTimestamp && selectorMatches(obj.spec?.selector, p.metadata?.labels ?? {}))
                .map((p) => ({ name: p.metadata?.name ?? '', ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}), ...(p.status?.phase ? { phase: p.status.phase } : {}) }))
                .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
            : [],
        };
        out.workloads.push(lw);
      }
    });
  }
  if (options.ciPods && (desired.placement?.ci.length ?? 0) > 0) {
    tasks.push(async () => {
      const list = await orNote(out.notes, 'the pods of Tekton TaskRuns (label tekton.dev/taskRun, all namespaces)', () =>
        read(client, { verb: 'list', resource: 'pods', group: '' }, () => client.core.listPodForAllNamespaces({ labelSelector: TASKRUN_LABEL })));
      if (list) out.ciPods = list.items.map(toCiPod);
    });
  }
  return tasks;
}

function toCiPod(p: V1Pod): LiveCiPod {
  const created = p.metadata?.creationTimestamp;
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    taskRun: p.metadata?.labels?.[TASKRUN_LABEL] ?? '',
    ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}),
    ...(p.status?.phase ? { phase: p.status.phase } : {}),
    ...(created ? { created: created instanceof Date ? created.toISOString() : String(created) } : {}),
    tolerations: toTolerations(p.spec?.tolerations),
  };
}
