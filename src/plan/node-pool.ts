/**
 * A pool's labels and taints on one node: the ONE computation that both the plan (diff) and apply (the node patch)
 * use, so what the plan shows is what apply writes. Pure.
 *
 * Ownership: pool-reconciler records on each node, in the annotation `pool-reconciler/managed`, the label keys and
 * the taints (key and effect) it manages there, and in the state ConfigMap what the repo declared per pool. What it
 * manages and the repo no longer declares is removed; what it does not manage is never touched:
 * - the state is the authority: a key is removed only when the state says the repo declared it for that pool, and
 *   the node's record (editable by anyone who may edit nodes) can narrow that, never widen it; a missing or
 *   unreadable record is rebuilt from the state;
 * - without a state (a first apply), a node adopts what matches the repo exactly and removes nothing;
 * - keys under kubernetes.io/, k8s.io/ and node-restriction.kubernetes.io/ are never removed;
 * - a taint with a declared key and effect but another value that is not pool-reconciler's (someone else's, or
 *   `konvoy up`'s of an earlier cluster.yaml) is a conflict: apply refuses, unless the setting adopts it.
 */
import { compareTaints } from '../desired/desired.js';
import type { DesiredNodePool, Taint } from '../desired/types.js';
import type { FieldChange } from './types.js';

/** The node annotation that lists what pool-reconciler manages on the node. */
export const NODE_OWNERSHIP_ANNOTATION = 'pool-reconciler/managed';

export interface NodeOwnership {
  /** Label keys, sorted. */
  labels: string[];
  /** Taints as `key:Effect`, sorted. */
  taints: string[];
}

/** What is needed of a node: its labels, taints (in the node's order) and the ownership annotation's raw value. */
export interface NodeView {
  labels: Record<string, string>;
  taints: Taint[];
  ownership?: string;
}

/** What happens to the taint at one index of the node's list. */
export type TaintEdit = { index: number; op: 'remove' } | { index: number; op: 'value'; value?: string };

export interface PoolOnNode {
  /** Labels to set (added or changed) and label keys to remove. */
  setLabels: Record<string, string>;
  removeLabels: string[];
  /** Edits of the node's taints by index (removals include duplicates of a declared taint), then taints to append. */
  taintEdits: TaintEdit[];
  appendTaints: Taint[];
  /** The whole taint list after the change. */
  taints: Taint[];
  /** The ownership record to write (null: remove the annotation), when it differs from the node's. */
  ownership?: { value: string | null };
  /** True when the node had no (readable) record: what matched the repo was adopted, or rebuilt from the state. */
  adopted: boolean;
  /** The record was unreadable and no state says what the repo declared: nothing can be removed safely. */
  unreadable?: boolean;
  /** Taints of the node with a declared key and effect but another value, not pool-reconciler's (`key=value:Effect`). */
  conflicts: string[];
  /** Owned fields that change, for the plan (labels, taints, the record). */
  changes: FieldChange[];
  /** The owned labels and taints before and after (for the plan's diff rendering). */
  before: { labels: Record<string, string>; taints: Taint[] };
  after: { labels: Record<string, string>; taints: Taint[] };
}

const q = (s: string): string => JSON.stringify(s);
/** Label and taint keys of the node's own controllers and the kubelet: never removed, whatever a record says. */
const PROTECTED = /^([^/]*\.)?(kubernetes\.io|k8s\.io)\/|^node-restriction\.kubernetes\.io\//;
const tkey = (t: { key: string; effect: string }): string => `${t.key}:${t.effect}`;

export function taintString(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

/** The record in the annotation, or undefined when absent or not readable. */
export function parseOwnership(raw: string | undefined): NodeOwnership | undefined {
  if (raw === undefined) return undefined;
  try {
    const v = JSON.parse(raw) as { labels?: unknown; taints?: unknown };
    const strings = (x: unknown): string[] | undefined => (Array.isArray(x) && x.every((s) => typeof s === 'string') ? (x as string[]) : undefined);
    const labels = strings(v.labels ?? []);
    const taints = strings(v.taints ?? []);
    if (!labels || !taints) return undefined;
    return { labels: [...labels].sort(), taints: [...taints].sort() };
  } catch {
    return undefined;
  }
}

export function formatOwnership(o: NodeOwnership): string {
  return JSON.stringify({ labels: [...o.labels].sort(), taints: [...o.taints].sort() });
}

/** The record a pool's nodes carry once applied (null: the pool manages nothing there). */
export function ownershipOf(pool: DesiredNodePool | undefined): string | null {
  const labels = Object.keys(pool?.labels ?? {});
  const taints = (pool?.taints ?? []).map(tkey);
  return labels.length === 0 && taints.length === 0 ? null : formatOwnership({ labels, taints: [...new Set(taints)] });
}

/**
 * The pool's labels and taints put on a node. `pool` undefined: the pool is gone from the repo (only removals of
 * what was recorded as managed).
 * Long because it is the one computation of a pool's labels, taints and ownership on a node, for plan and apply
 * alike: split, the two could drift apart.
 */
export function poolOnNode(node: NodeView, pool: DesiredNodePool | undefined, declared?: NodeOwnership): PoolOnNode {
  const wantLabels = pool?.labels ?? {};
  const wantTaints = new Map<string, Taint>((pool?.taints ?? []).map((t) => [tkey(t), t]));
  const record = parseOwnership(node.ownership);
  const adopted = record === undefined;
  const unreadable = node.ownership !== undefined && record === undefined && declared === undefined;
  // What may be removed: the state's declaration, narrowed by the node's record; without a state, the record (a
  // state of an earlier version) or, on a first apply, nothing.
  const removable = (fromRecord: string[] | undefined, fromState: string[] | undefined): Set<string> => {
    const base = fromState ? (fromRecord ? fromRecord.filter((k) => fromState.includes(k)) : fromState) : (fromRecord ?? []);
    return new Set(base.filter((k) => !PROTECTED.test(k)));
  };
  const ownedLabels = removable(record?.labels, declared?.labels);
  const ownedTaints = removable(record?.taints, declared?.taints);
  // Whose is a taint of a declared key and effect with another value: ours only when this node's record says we put
  // it there (or, the record being unreadable, the state rebuilds it); a node without a record (one that joined the
  // pool since) carries someone else's.
  const onThisNode = record ?? (node.ownership !== undefined ? declared : undefined);
  const ours = (k: string): boolean => (onThisNode?.taints ?? []).includes(k) && !PROTECTED.test(k);
  const conflicts: string[] = [];

  const changes: FieldChange[] = [];
  const setLabels: Record<string, string> = {};
  const removeLabels: string[] = [];
  const beforeLabels: Record<string, string> = {};
  for (const k of Object.keys(node.labels).sort()) {
    if (ownedLabels.has(k) || k in wantLabels) beforeLabels[k] = node.labels[k];
  }
  for (const [k, v] of Object.entries(wantLabels)) {
    const lv = node.labels[k];
    if (lv === undefined) changes.push({ path: `metadata.labels[${q(k)}]`, op: 'add', after: v });
    else if (lv !== v) changes.push({ path: `metadata.labels[${q(k)}]`, op: 'change', before: lv, after: v });
    if (lv !== v) setLabels[k] = v;
  }
  for (const k of [...ownedLabels].sort()) {
    if (k in wantLabels || node.labels[k] === undefined) continue;
    removeLabels.push(k);
    changes.push({ path: `metadata.labels[${q(k)}]`, op: 'remove', before: node.labels[k] });
  }

  const taintEdits: TaintEdit[] = [];
  const taints: Taint[] = [];
  const beforeTaints: Taint[] = [];
  const placed = new Set<string>();
  node.taints.forEach((t, index) => {
    const k = tkey(t);
    const d = wantTaints.get(k);
    if (d) {
      if (!placed.has(k) && (t.value ?? '') !== (d.value ?? '') && !ours(k)) conflicts.push(taintString(t));
      if (!placed.has(k)) beforeTaints.push(t);
      if (placed.has(k)) {
        taintEdits.push({ index, op: 'remove' }); // a duplicate of a declared (key, effect): the API refuses those
        return;
      }
      placed.add(k);
      if ((t.value ?? '') !== (d.value ?? '')) {
        taintEdits.push({ index, op: 'value', ...(d.value ? { value: d.value } : {}) });
        changes.push({ path: `spec.taints[${q(k)}]`, op: 'change', before: taintString(t), after: taintString(d) });
      }
      taints.push({ key: t.key, ...(d.value ? { value: d.value } : {}), effect: t.effect });
      return;
    }
    if (ownedTaints.has(k)) {
      beforeTaints.push(t);
      taintEdits.push({ index, op: 'remove' });
      changes.push({ path: `spec.taints[${q(k)}]`, op: 'remove', before: taintString(t) });
      return;
    }
    taints.push(t);
  });
  const appendTaints: Taint[] = [];
  for (const d of pool?.taints ?? []) {
    if (placed.has(tkey(d))) continue;
    appendTaints.push({ key: d.key, ...(d.value ? { value: d.value } : {}), effect: d.effect });
    changes.push({ path: `spec.taints[${q(tkey(d))}]`, op: 'add', after: taintString(d) });
  }
  taints.push(...appendTaints);

  const nextRaw = ownershipOf(pool);
  let ownership: PoolOnNode['ownership'];
  if ((nextRaw ?? undefined) !== node.ownership) {
    ownership = { value: nextRaw };
    const path = `metadata.annotations[${q(NODE_OWNERSHIP_ANNOTATION)}]`;
    if (nextRaw === null) changes.push({ path, op: 'remove', ...(node.ownership !== undefined ? { before: node.ownership } : {}) });
    else if (node.ownership === undefined) changes.push({ path, op: 'add', after: nextRaw });
    else changes.push({ path, op: 'change', before: node.ownership, after: nextRaw });
  }

  return {
    setLabels,
    removeLabels,
    taintEdits,
    appendTaints,
    taints,
    ...(ownership ? { ownership } : {}),
    adopted,
    ...(unreadable ? { unreadable } : {}),
    conflicts,
    changes,
    before: { labels: beforeLabels, taints: [...beforeTaints].sort(compareTaints) },
    after: { labels: { ...wantLabels }, taints: [...(pool?.taints ?? [])].sort(compareTaints) },
  };
}

/** Whether a pool's change on a node writes anything (labels, taints or the record). */
export function writesAnything(p: PoolOnNode): boolean {
  return Object.keys(p.setLabels).length > 0 || p.removeLabels.length > 0 || p.taintEdits.length > 0 || p.appendTaints.length > 0 || p.ownership !== undefined;
}

/** What the state says the repo declared for a pool (undefined: no state, or one of an earlier version). */
export function declaredFor(state: { managed: { declared?: Record<string, { labels: string[]; taints: string[] }> } } | undefined, pool: string): NodeOwnership | undefined {
  const d = state?.managed.declared;
  if (!d) return undefined;
  const p = d[pool];
  return { labels: [...(p?.labels ?? [])].sort(), taints: [...(p?.taints ?? [])].sort() };
}

/** The ownership record of every pool, for the state an apply writes (`key:Effect` taints, label keys). */
export function declaredOf(pool: DesiredNodePool): { labels: string[]; taints: string[] } {
  return { labels: Object.keys(pool.labels).sort(), taints: [...new Set(pool.taints.map(tkey))].sort() };
}
