/**
 * The Dispatch components' workloads and some CI pods, as a cluster has them: what the sandbox demo, the stand-in
 * tests and the real control plane's tests seed so that the plan's placement section (plan/placement.ts) has
 * something to read. Each component's Deployment is rendered as the chart renders it (config/dispatch-workloads.ts:
 * its name and namespace, the values key's tolerations and nodeSelector in its pod template), except the components
 * named in `withoutTolerations`, rendered as before `konvoy up` ran with this cluster.yaml (no tolerations). CI pods
 * are the pods of Tekton TaskRuns (label `tekton.dev/taskRun`) in each pod-template namespace: one TaskRun as its
 * template asks, and for the namespaces in `ciOffPool` a newer one that ran on another pool without the template.
 * Plain objects; the caller writes them (the stand-in's `put`, or the real API).
 */
import type { LoadedRepo } from '../config/repo.js';
import { desiredInputFrom } from '../desired/from-validation.js';
import { desiredPlacement } from '../desired/placement.js';
import type { DesiredPlacement } from '../desired/types.js';
import type { ValidationResult } from '../validate/index.js';

type Obj = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

export interface DispatchSeedOptions {
  /** Node names by pool (the pods are placed on them). */
  nodes: Record<string, string[]>;
  /** Values keys (`argo-cd.repoServer`) whose workloads lack the repo's tolerations and nodeSelector. */
  withoutTolerations?: string[];
  /** Pod-template namespaces whose newest TaskRun's pods ran on another pool, without the template. */
  ciOffPool?: string[];
  /** Also write pods (the stand-in has no scheduler; a real control plane's scheduler makes the components' pods). */
  pods?: boolean;
  /** Replicas of each component's Deployment (default 1). */
  replicas?: number;
}

export interface DispatchSeed {
  /** Namespaces to create first. */
  namespaces: string[];
  objects: Obj[];
  /** What was seeded, one line each. */
  lines: string[];
}

const TASKRUN_LABEL = 'tekton.dev/taskRun';

/** A pool whose nodes a placement can run on: a target pool, else one whose taints it does not need to tolerate. */
function poolFor(targets: string[], nodes: Record<string, string[]>, avoid: string[]): string | undefined {
  return targets.find((p) => nodes[p]?.length) ?? Object.keys(nodes).find((p) => !avoid.includes(p) && nodes[p]?.length);
}

function runningPod(name: string, namespace: string, labels: Record<string, string>, node: string, spec: Record<string, unknown>, created: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels, creationTimestamp: created } as Obj['metadata'],
    spec: { nodeName: node, containers: [{ name: 'main', image: 'registry.example.org/stand-in:1' }], ...spec },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/**
 * The seed for a repo's placement. `taintedPools`: pools with a NoSchedule/NoExecute taint (pods that do not tolerate
 * them are placed elsewhere).
 */
export function dispatchSeed(placement: DesiredPlacement, taintedPools: string[], options: DispatchSeedOptions): DispatchSeed {
  const without = new Set(options.withoutTolerations ?? []);
  const offPool = new Set(options.ciOffPool ?? []);
  const objects: Obj[] = [];
  const lines: string[] = [];
  const namespaces = new Set<string>();
  for (const c of placement.components) {
    namespaces.add(c.namespace);
    const bare = without.has(c.key);
    for (const w of c.workloads) {
      const labels = { 'app.kubernetes.io/name': w.name, 'app.kubernetes.io/part-of': 'dispatch' };
      const podSpec: Record<string, unknown> = {
        containers: [{ name: w.name, image: `registry.example.org/dispatch/${w.name}:1.4.6` }],
        ...(!bare && c.tolerations.length ? { tolerations: c.tolerations.map((t) => ({ ...t })) } : {}),
        ...(!bare && Object.keys(c.nodeSelector).length ? { nodeSelector: { ...c.nodeSelector } } : {}),
      };
      const spec: Record<string, unknown> = { replicas: options.replicas ?? 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } };
      if (w.kind === 'StatefulSet') spec.serviceName = w.name;
      objects.push({ apiVersion: 'apps/v1', kind: w.kind, metadata: { name: w.name, namespace: c.namespace, labels }, spec });
      if (options.pods) {
        const pool = poolFor(bare ? [] : c.pools, options.nodes, bare ? taintedPools : []);
        const node = pool ? options.nodes[pool][0] : undefined;
        if (node) objects.push(runningPod(`${w.name}-0`, c.namespace, labels, node, podSpec, '2026-01-01T00:00:00Z'));
      }
    }
    lines.push(`${c.key}: ${c.workloads.map((w) => `${w.kind} ${c.namespace}/${w.name}`).join(', ')} ${bare ? 'WITHOUT the repo\'s tolerations (as before `konvoy up`)' : 'with the repo\'s tolerations'}`);
  }
  const byNs = new Map<string, DesiredPlacement['ci']>();
  for (const t of placement.ci) if (t.source.kind === 'repository') byNs.set(t.source.namespace, [...(byNs.get(t.source.namespace) ?? []), t]);
  for (const [namespace, templates] of byNs) {
    namespaces.add(namespace);
    const t = templates[0];
    const good = poolFor(t.pools, options.nodes, taintedPools);
    if (good) {
      const spec = { ...(t.tolerations.length ? { tolerations: t.tolerations.map((x) => ({ ...x })) } : {}), ...(Object.keys(t.nodeSelector).length ? { nodeSelector: { ...t.nodeSelector } } : {}) };
      objects.push(runningPod(`${namespace}-build-1-pod`, namespace, { [TASKRUN_LABEL]: `${namespace}-build-1`, 'app.kubernetes.io/managed-by': 'tekton-pipelines' }, options.nodes[good][0], spec, '2026-01-01T00:00:00Z'));
    }
    if (offPool.has(namespace)) {
      const other = poolFor([], options.nodes, [...taintedPools, ...t.pools]);
      if (other) {
        objects.push(runningPod(`${namespace}-build-2-pod`, namespace, { [TASKRUN_LABEL]: `${namespace}-build-2`, 'app.kubernetes.io/managed-by': 'tekton-pipelines' }, options.nodes[other][0], {}, '2026-01-02T00:00:00Z'));
        lines.push(`CI pods in ${namespace}: TaskRun ${namespace}-build-1 as ${t.source.kind === 'repository' ? t.source.configMap : 'the default template'} asks, then ${namespace}-build-2 on pool ${other} without its tolerations`);
        continue;
      }
    }
    lines.push(`CI pods in ${namespace}: TaskRun ${namespace}-build-1 as ${t.source.kind === 'repository' ? t.source.configMap : 'the default template'} asks`);
  }
  return { namespaces: [...namespaces].sort(), objects, lines };
}

/**
 * The seed for a loaded and validated repo, with the nodes Konvoy provisions (`<pool>-<n>`, as the sandbox and the
 * tests name them; `nodes` overrides them). Undefined when the repo has neither a Dispatch addon nor pod templates.
 */
export function dispatchSeedForRepo(repo: LoadedRepo, validation: ValidationResult, options: Omit<DispatchSeedOptions, 'nodes'> & { nodes?: Record<string, string[]> }): DispatchSeed | undefined {
  const { input } = desiredInputFrom(repo, validation, { commit: 'seed', secrets: {} });
  const placement = desiredPlacement(input, repo.settings);
  if (!placement) return undefined;
  const provisioned = validation.cluster?.provisionerPools ?? [];
  const nodes = options.nodes ?? Object.fromEntries(provisioned.filter((p) => !p.controlPlane)
    .map((p) => [p.name, Array.from({ length: Math.max(1, Math.min(3, typeof p.count === 'number' ? p.count : 1)) }, (_, i) => `${p.name}-${i + 1}`)]));
  const tainted = input.nodePools.filter((p) => p.taints.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')).map((p) => p.name);
  return dispatchSeed(placement, tainted, { ...options, nodes });
}
