/**
 * Whether the tolerations took effect: per Dispatch component, the tolerations (and nodeSelector) the repo's values
 * ask for against what its workload's pod template carries, and whether its pods run on the pools it targets; per
 * repository namespace, whether the recent TaskRun pods got their pod template's tolerations and ran on the
 * intended pool. A difference is for `konvoy up` (the components) or for Tekton and the Repository (the CI pods):
 * pool-reconciler writes none of it. Part of the plan's weather: never in the intent, never hashed. Pure.
 */
import { HARD_EFFECTS, tolerates, tolerationToString } from '../core/k8s.js';
import type { Toleration } from '../core/k8s.js';
import type { DesiredCiTemplate, DesiredComponent, DesiredNodePool, DesiredState } from '../desired/types.js';
import { isSystemTaintKey } from '../validate/dispatch.js';
import type { LiveCiPod, LivePlacedWorkload, LiveState, LiveToleration } from './live.js';

/** How many of the newest TaskRuns of each repository namespace are looked at. */
export const RECENT_TASKRUNS = 3;

export interface ComponentPlacement {
  /** The values key (`argo-cd.repoServer`). */
  key: string;
  /** `Deployment dispatch/argocd-repo-server`. */
  workload: string;
  /** `differs`: the template or the pods are not what the repo asks for (`konvoy up` needed); `missing`: no such workload; `unread`: not readable. */
  status: 'ok' | 'differs' | 'missing' | 'unread';
  /** Tolerations the repo asks for, one line each (`key=value:Effect`). */
  wanted: string[];
  /** Tolerations the pod template carries. */
  template: string[];
  /** Asked for, not in the template. */
  missing: string[];
  /** In the template, not asked for (taints Kubernetes and cloud providers set are left out). */
  extra: string[];
  /** nodeSelector entries asked for that the template lacks or has with another value, and those it has that are not asked for. */
  nodeSelector: { missing: string[]; extra: string[] };
  /** The pools the repo's placement targets (empty: none in particular). */
  pools: string[];
  /** Pods in all, the pools they run on, and those that run off the pools (`pod on node n (pool p)`). */
  pods: number;
  podPools: string[];
  podsOff: string[];
  /** One line: what differs and what to do. */
  message: string;
}

export interface CiPlacement {
  /** The repository's namespace (the Repository and its pod-template ConfigMap live there). */
  namespace: string;
  /** The template its pods should get: `the Tekton default pod template` or `pod template ConfigMap ns/name`. */
  template: string;
  pools: string[];
  /** The newest TaskRuns looked at (newest first) and their pods. */
  taskRuns: string[];
  pods: number;
  status: 'ok' | 'differs';
  /** What differs, one line per pod. */
  problems: string[];
}

export interface PlanPlacement {
  components: ComponentPlacement[];
  /** Absent: the CI pods were not read (plan reads them in drift mode and after apply). */
  ci?: CiPlacement[];
  /** Components and repositories that differ. */
  differences: number;
  /** What could not be read, what was not checked. */
  notes: string[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A toleration's identity: operator `Equal` when empty, tolerationSeconds kept. */
function tolerationKey(t: LiveToleration | Toleration): string {
  const op = t.operator || 'Equal';
  return JSON.stringify([t.key ?? '', op, op === 'Exists' ? '' : (t.value ?? ''), t.effect ?? '', t.tolerationSeconds ?? null]);
}

function show(t: LiveToleration | Toleration): string {
  const s = tolerationToString(t as Toleration);
  return typeof t.tolerationSeconds === 'number' ? `${s} for ${t.tolerationSeconds} s` : s;
}

/** Wanted tolerations the pod spec does not carry. */
function missingFrom(wanted: readonly Toleration[], have: readonly LiveToleration[]): Toleration[] {
  const keys = new Set(have.map(tolerationKey));
  return wanted.filter((t) => !keys.has(tolerationKey(t)));
}

/** Node labels Kubernetes and providers set: a chart may select on them without the repo saying so. */
const isSystemLabel = (k: string): boolean => /^(kubernetes\.io|node\.kubernetes\.io|beta\.kubernetes\.io|topology\.kubernetes\.io)\//.test(k);

/**
 * Why a pod on `node` is off the placement, or undefined when it is where it should be. A placement that selects
 * pools (a nodeSelector) must run on them; one that only tolerates may run anywhere its tolerations allow (tolerating
 * a taint does not attract a pod), so only a pool whose NoSchedule/NoExecute taint it does not tolerate is off.
 */
function offPool(node: string | undefined, nodePool: Map<string, string>, spec: { tolerations: readonly Toleration[]; nodeSelector: Record<string, string>; pools: readonly string[] }, pools: Map<string, DesiredNodePool>): string | undefined {
  if (!node) return undefined; // not scheduled yet: nothing to say of its node
  const pool = nodePool.get(node);
  if (spec.pools.length && Object.keys(spec.nodeSelector).length) {
    if (pool !== undefined && spec.pools.includes(pool)) return undefined;
    return `on node ${node} (${pool !== undefined ? `pool ${pool}` : `not a node of ${spec.pools.length === 1 ? 'pool' : 'pools'} ${spec.pools.join(', ')}`})`;
  }
  if (pool === undefined) return undefined;
  const untolerated = (pools.get(pool)?.taints ?? []).filter((t) => HARD_EFFECTS.includes(t.effect) && !spec.tolerations.some((tol) => tolerates(tol, t)));
  return untolerated.length ? `on node ${node} of pool ${pool}, whose taint ${untolerated.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ')} it does not tolerate` : undefined;
}

/** The pools of the nodes pods run on (`another pool` for a node the plan did not read), sorted. */
function podPools(pods: ReadonlyArray<{ node?: string }>, nodePool: Map<string, string>): string[] {
  return [...new Set(pods.filter((p) => p.node).map((p) => nodePool.get(p.node!) ?? 'another pool'))].sort(cmp);
}

function componentPlacement(c: DesiredComponent, lw: LivePlacedWorkload | undefined, nodePool: Map<string, string>, pools: Map<string, DesiredNodePool>): ComponentPlacement {
  const w = c.workloads.find((x) => x.kind === lw?.kind && x.name === lw?.name) ?? c.workloads[0];
  const workload = `${lw?.kind ?? w.kind} ${c.namespace}/${lw?.name ?? w.name}`;
  const base = { key: c.key, workload, wanted: c.tolerations.map(show), pools: [...c.pools] };
  if (!lw) {
    return { ...base, status: 'unread', template: [], missing: [], extra: [], nodeSelector: { missing: [], extra: [] }, pods: 0, podPools: [], podsOff: [], message: `${workload} could not be read` };
  }
  if (!lw.exists) {
    return {
      ...base, status: 'missing', template: [], missing: [], extra: [], nodeSelector: { missing: [], extra: [] }, pods: 0, podPools: [], podsOff: [],
      message: `${workload} does not exist: Dispatch is not installed here, or names it otherwise (set \`dispatch.components.${c.key}\` in .pool-reconciler.yaml)`,
    };
  }
  const missing = missingFrom(c.tolerations, lw.tolerations).map(show);
  const wantedKeys = new Set(c.tolerations.map(tolerationKey));
  const extra = lw.tolerations.filter((t) => !wantedKeys.has(tolerationKey(t)) && !(t.key && isSystemTaintKey(t.key))).map(show);
  const nsMissing = Object.entries(c.nodeSelector).filter(([k, v]) => lw.nodeSelector[k] !== v).map(([k, v]) => `${k}=${v}`);
  const nsExtra = Object.entries(lw.nodeSelector).filter(([k]) => !(k in c.nodeSelector) && !isSystemLabel(k)).map(([k, v]) => `${k}=${v}`);
  const podsOff = lw.pods.flatMap((p) => {
    const why = offPool(p.node, nodePool, c, pools);
    return why ? [`${p.name} ${why}`] : [];
  });
  const parts: string[] = [];
  if (missing.length) parts.push(`its pod template lacks ${missing.join(', ')}`);
  if (extra.length) parts.push(`its pod template has ${extra.join(', ')}, which the repo does not ask for`);
  if (nsMissing.length) parts.push(`its nodeSelector lacks ${nsMissing.join(', ')}`);
  if (nsExtra.length) parts.push(`its nodeSelector has ${nsExtra.join(', ')}, which the repo does not ask for`);
  if (podsOff.length) parts.push(`${podsOff.length} of its ${lw.pods.length} pods run${podsOff.length === 1 ? 's' : ''} off ${c.pools.length && Object.keys(c.nodeSelector).length ? `pool ${c.pools.join(', ')}` : 'the pools it tolerates'}: ${podsOff.join('; ')}`);
  const differs = parts.length > 0;
  const template = lw.tolerations.map(show);
  const on = podPools(lw.pods, nodePool);
  const where = lw.pods.length ? `its ${lw.pods.length} pod${lw.pods.length === 1 ? '' : 's'} run${lw.pods.length === 1 ? 's' : ''} on ${on.length ? on.join(', ') : 'no node yet'}` : 'no pods';
  // Tolerating a pool's taint lets a pod run there; only a nodeSelector sends it there.
  const elsewhere = c.pools.length && !Object.keys(c.nodeSelector).length && on.some((p) => !c.pools.includes(p)) ? ` (it tolerates pool ${c.pools.join(', ')} but nothing selects it: a nodeSelector in the values would)` : '';
  return {
    ...base,
    status: differs ? 'differs' : 'ok',
    template,
    missing,
    extra,
    nodeSelector: { missing: nsMissing, extra: nsExtra },
    pods: lw.pods.length,
    podPools: on,
    podsOff,
    message: differs
      ? `${c.key} (${workload}): ${parts.join('; ')}: needs \`konvoy up\` with this cluster.yaml (the addon's Helm release writes it; pool-reconciler does not)`
      : `${c.key} (${workload}): ${template.length ? `tolerates ${template.join(', ')}` : 'no tolerations'}, as the repo asks; ${where}${elsewhere}`,
  };
}

function templateName(t: DesiredCiTemplate): string {
  return t.source.kind === 'default' ? 'the Tekton default pod template' : `pod template ConfigMap ${t.source.namespace}/${t.source.configMap}`;
}

/** Why a CI pod does not have a template's placement (empty: it does). */
function ciPodProblems(p: LiveCiPod, t: DesiredCiTemplate, nodePool: Map<string, string>, pools: Map<string, DesiredNodePool>): string[] {
  const out: string[] = [];
  const missing = missingFrom(t.tolerations, p.tolerations);
  if (missing.length) out.push(`lacks ${missing.map(show).join(', ')}`);
  const off = offPool(p.node, nodePool, t, pools);
  if (off) out.push(`ran ${off}`);
  return out;
}

function ciPlacements(desired: DesiredState, pods: readonly LiveCiPod[], nodePool: Map<string, string>, pools: Map<string, DesiredNodePool>): CiPlacement[] {
  const templates = desired.placement?.ci ?? [];
  const def = templates.find((t) => t.source.kind === 'default');
  const byNs = new Map<string, LiveCiPod[]>();
  for (const p of pods) byNs.set(p.namespace, [...(byNs.get(p.namespace) ?? []), p]);
  const out: CiPlacement[] = [];
  for (const [namespace, nsPods] of [...byNs].sort(([a], [b]) => cmp(a, b))) {
    const own = templates.filter((t) => t.source.kind === 'repository' && t.source.namespace === namespace);
    const candidates = own.length ? own : def ? [def] : [];
    if (candidates.length === 0) continue; // no template says where these pods go
    // The newest TaskRuns (by their newest pod).
    const newest = new Map<string, string>();
    for (const p of nsPods) if ((newest.get(p.taskRun) ?? '') < (p.created ?? '')) newest.set(p.taskRun, p.created ?? '');
    for (const p of nsPods) if (!newest.has(p.taskRun)) newest.set(p.taskRun, p.created ?? '');
    const taskRuns = [...newest].sort(([a, x], [b, y]) => cmp(y, x) || cmp(a, b)).slice(0, RECENT_TASKRUNS).map(([name]) => name);
    const recent = nsPods.filter((p) => taskRuns.includes(p.taskRun)).sort((a, b) => cmp(a.name, b.name));
    const problems: string[] = [];
    for (const p of recent) {
      const each = candidates.map((t) => ciPodProblems(p, t, nodePool, pools));
      if (each.some((e) => e.length === 0)) continue;
      problems.push(candidates.length === 1
        ? `pod ${p.name} (TaskRun ${p.taskRun}) ${each[0].join(' and ')}`
        : `pod ${p.name} (TaskRun ${p.taskRun}) matches none of ${candidates.map(templateName).join(', ')}: ${each.map((e) => e.join(' and ')).join('; ')}`);
    }
    out.push({
      namespace,
      template: candidates.map(templateName).join(' or '),
      pools: [...new Set(candidates.flatMap((t) => t.pools))].sort(cmp),
      taskRuns,
      pods: recent.length,
      status: problems.length ? 'differs' : 'ok',
      problems,
    });
  }
  return out;
}

/**
 * Taints on a pool's nodes that the repo does not declare for the pool (someone's `kubectl taint`, another tool's),
 * of a hard effect, that a placement selecting the pool by nodeSelector does not tolerate: its pods are not
 * scheduled there (NoSchedule) or are evicted (NoExecute). pool-reconciler never removes a taint it did not put
 * there, so it says so, once per node and taint. Kubernetes' own taints (cordon, not-ready) come and go: not said.
 */
function foreignTaints(desired: DesiredState, nodes: LiveState['nodes']): string[] {
  const want = desired.placement;
  if (!want) return [];
  const selecting = [
    ...want.components.map((c) => ({ name: `Dispatch component ${c.key}`, spec: c })),
    ...want.ci.map((t) => ({ name: templateName(t), spec: t })),
  ].filter((x) => x.spec.pools.length && Object.keys(x.spec.nodeSelector).length);
  const declared = new Map(desired.nodePools.map((p) => [p.name, new Set(p.taints.map((t) => `${t.key}:${t.effect}`))]));
  // By pool, taint and who does not tolerate it: one sentence for a taint on many nodes.
  const found = new Map<string, { pool: string; taint: string; effect: string; who: string[]; nodes: string[] }>();
  for (const n of nodes) {
    for (const t of n.taints) {
      if (!HARD_EFFECTS.includes(t.effect) || isSystemTaintKey(t.key) || declared.get(n.pool)?.has(`${t.key}:${t.effect}`)) continue;
      const who = selecting.filter((x) => x.spec.pools.includes(n.pool) && !x.spec.tolerations.some((tol) => tolerates(tol, t))).map((x) => x.name);
      if (!who.length) continue;
      const taint = `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
      const k = JSON.stringify([n.pool, taint, who]);
      const f = found.get(k) ?? { pool: n.pool, taint, effect: t.effect, who, nodes: [] };
      f.nodes.push(n.name);
      found.set(k, f);
    }
  }
  const SHOWN = 5;
  return [...found.values()].map((f) => {
    const many = f.nodes.length > 1;
    const names = f.nodes.length > SHOWN ? `${f.nodes.slice(0, SHOWN).join(', ')} and ${f.nodes.length - SHOWN} more` : f.nodes.join(', ');
    const it = many ? 'them' : 'it';
    const what = f.effect === 'NoExecute' ? `evicted from ${it} and not scheduled on ${it}` : `not scheduled on ${it}`;
    const command = `kubectl taint nodes ${f.nodes.length > SHOWN ? '<node>' : f.nodes.join(' ')} ${f.taint}-`;
    return `${many ? 'nodes' : 'node'} ${names} of pool ${f.pool} ${many ? 'have' : 'has'} the taint ${f.taint}, which the repo does not declare and which ${f.who.join(', ')} ${f.who.length === 1 ? 'does' : 'do'} not tolerate: those pods are ${what} (\`${command}\` removes it; or declare it for the pool and tolerate it)`;
  });
}

/** The placement section of a plan (undefined: nothing to compare, or nothing read). */
export function placementReport(desired: DesiredState, live: LiveState): PlanPlacement | undefined {
  const want = desired.placement;
  const got = live.placement;
  if (!want || !got) return undefined;
  const nodePool = new Map(live.nodes.map((n) => [n.name, n.pool]));
  const pools = new Map(desired.nodePools.map((p) => [p.name, p]));
  const components: ComponentPlacement[] = [];
  for (const c of want.components) {
    for (const w of c.workloads) {
      const lw = got.workloads.find((x) => x.namespace === c.namespace && x.kind === w.kind && x.name === w.name);
      components.push(componentPlacement({ ...c, workloads: [w] }, lw, nodePool, pools));
    }
  }
  const ci = got.ciPods ? ciPlacements(desired, got.ciPods, nodePool, pools) : undefined;
  const notes = [...got.notes, ...foreignTaints(desired, live.nodes)];
  if (got.ciPods && ci && ci.length === 0 && want.ci.length) notes.push('no TaskRun pod was found in a namespace a pod template applies to: the CI pods are shown once a TaskRun has run');
  const differences = components.filter((c) => c.status === 'differs').length + (ci ?? []).filter((r) => r.status === 'differs').length;
  return { components, ...(ci ? { ci } : {}), differences, notes };
}
