/**
 * What breaks a Dispatch setup on Konvoy node pools in practice, checked across `cluster.yaml` and the
 * per-repository pod templates:
 * - a pod template (the Tekton default one, or a repository's) that targets a pool, by nodeSelector / required node
 *   affinity on the pool's labels or by tolerating one of its taints, must tolerate every NoSchedule and NoExecute
 *   taint of the pool, or its pods never schedule there (`dispatch/untolerated-taint`);
 * - the same for the Dispatch components of the addon values (a warning when they only tolerate, since they then
 *   simply run elsewhere);
 * - a toleration that tolerates no taint of any pool is probably misspelt (`dispatch/unused-toleration`, naming the
 *   closest taint);
 * - a nodeSelector that no pool satisfies leaves the pods pending (`dispatch/unmatched-node-selector`);
 * - two pod-template ConfigMaps with one name in one namespace (`dispatch/duplicate-pod-template`).
 */
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import type { RuleId } from '../core/rules.js';
import { HARD_EFFECTS, taintToString, tolerates, tolerationToString } from '../core/k8s.js';
import type { Toleration } from '../core/k8s.js';
import type { Pos, SelectorEntry, TolerationEntry } from './k8s-yaml.js';
import { formatPos } from './k8s-yaml.js';
import { NODE_POOL_LABEL } from '../core/k8s.js';
import { poolNodeLabels } from './cluster.js';
import type { ClusterModel, ClusterPool, PoolTaint } from './cluster.js';
import type { NodeSelectorRequirement, PodTemplateModel } from './pod-template.js';
import { editDistance } from '../core/suggest.js';

/** Taints that Kubernetes, cloud providers or the autoscaler put on nodes, which cluster.yaml never declares. */
const SYSTEM_TAINT_PREFIXES = ['node.kubernetes.io/', 'node-role.kubernetes.io/', 'node.cloudprovider.kubernetes.io/'];
const SYSTEM_TAINT_KEYS = new Set([
  'ToBeDeletedByClusterAutoscaler',
  'DeletionCandidateOfClusterAutoscaler',
  'CriticalAddonsOnly',
  'nvidia.com/gpu',
]);
/** Node labels that exist on every node without cluster.yaml declaring them. */
const SYSTEM_LABEL_PREFIXES = ['kubernetes.io/', 'node.kubernetes.io/', 'topology.kubernetes.io/', 'beta.kubernetes.io/',
  'failure-domain.beta.kubernetes.io/', 'node-role.kubernetes.io/'];

export function isSystemTaintKey(key: string): boolean {
  return SYSTEM_TAINT_KEYS.has(key) || SYSTEM_TAINT_PREFIXES.some((p) => key.startsWith(p));
}

function isSystemLabelKey(key: string): boolean {
  return SYSTEM_LABEL_PREFIXES.some((p) => key.startsWith(p));
}

/** Something whose pods are placed: a pod template or a Dispatch component. */
interface Subject {
  /** In words, for messages: `the Tekton default pod template`, `pod template "repo-a"`, `component argo-cd.server`. */
  what: string;
  kind: 'default' | 'repository' | 'component';
  tolerations: TolerationEntry[];
  tolerationsPos?: Pos;
  nodeSelector: SelectorEntry[];
  requiredNodeAffinity?: NodeSelectorRequirement[][];
  pos: Pos;
}

/** A pod template (Tekton's default, or a repository's) as a subject of the checks. */
function subjectOf(what: string, kind: Subject['kind'], t: Pick<Subject, 'tolerations' | 'tolerationsPos' | 'nodeSelector' | 'requiredNodeAffinity' | 'pos'>): Subject {
  return {
    what,
    kind,
    tolerations: t.tolerations,
    nodeSelector: t.nodeSelector,
    pos: t.pos,
    ...(t.tolerationsPos ? { tolerationsPos: t.tolerationsPos } : {}),
    ...(t.requiredNodeAffinity ? { requiredNodeAffinity: t.requiredNodeAffinity } : {}),
  };
}

function diag(rule: RuleId, severity: Severity, pos: Pos, message: string, hint?: string): Diagnostic {
  return { rule, severity, file: pos.file, line: pos.line, column: pos.column, message, ...(hint ? { hint } : {}) };
}

function selectorMatches(selector: SelectorEntry[], labels: Record<string, string>): boolean {
  return selector.every((s) => labels[s.key] === s.value);
}

function requirementMatches(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(labels[r.key]);
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || r.values.length !== 1) return false;
      const a = Number(labels[r.key]);
      const b = Number(r.values[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Whether the subject's node selection (nodeSelector and required node affinity) admits the pool's nodes. */
function admits(s: Subject, labels: Record<string, string>): boolean {
  if (!selectorMatches(s.nodeSelector, labels)) return false;
  if (s.requiredNodeAffinity && s.requiredNodeAffinity.length > 0) {
    return s.requiredNodeAffinity.some((term) => term.every((r) => requirementMatches(r, labels)));
  }
  return true;
}

/** Whether the subject names pools explicitly (so admitting a pool means choosing it). */
function selects(s: Subject): boolean {
  return s.nodeSelector.length > 0 || (s.requiredNodeAffinity?.length ?? 0) > 0;
}

function validTolerations(s: Subject): Toleration[] {
  return s.tolerations.filter((t) => t.valid).map((t) => t.toleration);
}

function subjectsOf(cluster: ClusterModel, podTemplates: PodTemplateModel[]): Subject[] {
  const out: Subject[] = [];
  const dispatch = cluster.dispatch;
  if (dispatch && dispatch.enabled) {
    const t = dispatch.defaultPodTemplate?.template;
    if (t) {
      out.push(subjectOf('the Tekton default pod template (`tekton.configs.defaultPodTemplate`)', 'default', t));
    }
    for (const c of dispatch.components) {
      const s: Subject = {
        what: `Dispatch component \`${c.name}\``,
        kind: 'component',
        tolerations: c.tolerations,
        nodeSelector: c.nodeSelector,
        pos: c.pos,
      };
      if (c.tolerationsPos) s.tolerationsPos = c.tolerationsPos;
      out.push(s);
    }
  }
  for (const p of podTemplates) {
    const t = p.template;
    if (!t) continue;
    out.push(subjectOf(`pod template ${p.name ? `"${p.name}"` : p.file}`, 'repository', t));
  }
  return out;
}

function checkTargeting(s: Subject, pools: ClusterPool[], out: Diagnostic[]): void {
  const tolerations = validTolerations(s);
  for (const pool of pools) {
    const hard = pool.taints.filter((t) => t.valid && HARD_EFFECTS.includes(t.effect));
    if (hard.length === 0) continue;
    const labels = poolNodeLabels(pool);
    if (!admits(s, labels)) continue;
    const bySelector = selects(s);
    const tolerated = hard.filter((t) => tolerations.some((tol) => tolerates(tol, t)));
    if (!bySelector && tolerated.length === 0) continue;
    const missing = hard.filter((t) => !tolerated.includes(t));
    if (missing.length === 0) continue;
    const how = bySelector
      ? s.nodeSelector.length > 0
        ? `by nodeSelector ${s.nodeSelector.map((e) => `${e.key}=${e.value}`).join(', ')}`
        : 'by its required node affinity'
      : `by tolerating ${tolerated.map(taintToString).join(', ')}`;
    const list = missing.map((t) => `${taintToString(t)} (${formatPos(t.pos)})`).join(', ');
    const noExecute = missing.some((t) => t.effect === 'NoExecute');
    const consequence = noExecute
      ? 'its pods are never scheduled on the pool, and are evicted from it'
      : 'its pods are never scheduled on the pool';
    const severity: Severity = s.kind === 'component' && !bySelector ? 'warning' : 'error';
    const at = bySelector && s.nodeSelector.length > 0 && !s.tolerationsPos ? s.nodeSelector[0].pos : s.tolerationsPos ?? s.pos;
    out.push(
      diag('dispatch/untolerated-taint', severity, at,
        `${s.what} targets node pool "${pool.name}" ${how} but does not tolerate its taint${missing.length > 1 ? 's' : ''} ${list}: ${consequence}`,
        `Add a toleration for each: ${missing
          .map((t) => `{key: ${t.key}, operator: Equal, value: ${t.value || '""'}, effect: ${t.effect}}`)
          .join(', ')}.`),
    );
  }
}

function describeDifference(t: Toleration, taint: PoolTaint): string {
  const parts: string[] = [];
  const key = t.key ?? '';
  if (key !== '' && key !== taint.key) parts.push(`\`${key}\` vs the pool's \`${taint.key}\``);
  const effect = t.effect ?? '';
  if (effect !== '' && effect !== taint.effect) parts.push(`effect ${effect} vs the pool's ${taint.effect}`);
  const op = t.operator ?? '';
  if ((op === '' || op === 'Equal') && (t.value ?? '') !== taint.value) {
    parts.push(`value ${JSON.stringify(t.value ?? '')} vs the pool's ${JSON.stringify(taint.value)}`);
  }
  return parts.join('; ');
}

function closeness(t: Toleration, taint: PoolTaint): number {
  let d = t.key ? editDistance(t.key, taint.key) : 0;
  if (t.effect && t.effect !== taint.effect) d += 2;
  if ((t.operator ?? '') !== 'Exists' && (t.value ?? '') !== taint.value) d += editDistance(t.value ?? '', taint.value);
  return d;
}

function checkUnused(s: Subject, taints: Array<{ pool: ClusterPool; taint: PoolTaint }>, out: Diagnostic[]): void {
  for (const entry of s.tolerations) {
    if (!entry.valid) continue;
    const t = entry.toleration;
    const key = t.key ?? '';
    if (key === '') continue; // tolerates everything, deliberately
    if (isSystemTaintKey(key)) continue;
    if (taints.some(({ taint }) => tolerates(t, taint))) continue;
    let best: { pool: ClusterPool; taint: PoolTaint } | undefined;
    let bestScore = Infinity;
    for (const c of taints) {
      const score = closeness(t, c.taint);
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    }
    const shown = tolerationToString(t);
    let message: string;
    let hint: string | undefined;
    if (best) {
      const diff = describeDifference(t, best.taint);
      message = `${s.what}: toleration ${shown} (${entry.path}) tolerates no taint of any node pool; the closest is ${taintToString(best.taint)} of pool "${best.pool.name}" (${formatPos(best.taint.pos)})${diff ? `: ${diff}` : ''}`;
      hint = `To tolerate it: {key: ${best.taint.key}, operator: Equal, value: ${best.taint.value || '""'}, effect: ${best.taint.effect}}.`;
    } else {
      message = `${s.what}: toleration ${shown} (${entry.path}) tolerates no taint of any node pool (no pool in cluster.yaml has taints)`;
      hint = 'Remove it, or taint the pool it is meant for.';
    }
    out.push(diag('dispatch/unused-toleration', 'warning', entry.pos, message, hint));
  }
}

function checkSelectorTargets(s: Subject, pools: ClusterPool[], out: Diagnostic[]): void {
  if (s.nodeSelector.length === 0 || pools.length === 0) return;
  const known = new Set<string>([NODE_POOL_LABEL]);
  for (const p of pools) for (const l of p.labels) if (l.valid) known.add(l.key);
  // A key no pool declares may be a label Kubernetes or the cloud provider sets: we cannot tell.
  if (s.nodeSelector.some((e) => !known.has(e.key) || isSystemLabelKey(e.key))) return;
  if (pools.some((p) => selectorMatches(s.nodeSelector, poolNodeLabels(p)))) return;
  const wanted = s.nodeSelector.map((e) => `${e.key}=${e.value}`).join(', ');
  const poolSel = s.nodeSelector.find((e) => e.key === NODE_POOL_LABEL);
  let hint = 'Select labels that one of the pools has.';
  if (poolSel) {
    let best = '';
    let bestScore = Infinity;
    for (const p of pools) {
      const d = editDistance(poolSel.value, p.name);
      if (d < bestScore) {
        bestScore = d;
        best = p.name;
      }
    }
    if (best) hint = `Did you mean \`${NODE_POOL_LABEL}: ${best}\`?`;
  }
  out.push(diag('dispatch/unmatched-node-selector', 'error', s.nodeSelector[0].pos,
    `${s.what}: nodeSelector ${wanted} matches no node pool of cluster.yaml: its pods stay pending`, hint));
}

function checkDuplicateTemplates(podTemplates: PodTemplateModel[], out: Diagnostic[]): void {
  const seen = new Map<string, PodTemplateModel>();
  for (const p of podTemplates) {
    if (!p.name) continue;
    const id = `${p.namespace ?? ''}/${p.name}`;
    const first = seen.get(id);
    if (!first) {
      seen.set(id, p);
      continue;
    }
    out.push(diag('dispatch/duplicate-pod-template', 'error', p.pos,
      `ConfigMap "${p.name}"${p.namespace ? ` in namespace ${p.namespace}` : ''} is also defined in ${first.file}: one would overwrite the other`,
      'Give each pod-template ConfigMap its own name.'));
  }
}

/** The cross-checks between the cluster's pools and the pod templates. */
export function checkDispatch(cluster: ClusterModel, podTemplates: PodTemplateModel[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const subjects = subjectsOf(cluster, podTemplates);
  const pools = cluster.pools;
  const taints = pools.flatMap((pool) => pool.taints.filter((t) => t.valid).map((taint) => ({ pool, taint })));
  for (const s of subjects) {
    checkTargeting(s, pools, out);
    if (cluster.hasConfiguration && pools.length > 0) checkUnused(s, taints, out);
    checkSelectorTargets(s, pools, out);
  }
  checkDuplicateTemplates(podTemplates, out);
  return out;
}
