/**
 * A pool's labels and taints on one node: the ONE computation that both the plan (diff) and apply (the node patch)
 * use, so what the plan shows is what apply writes. Pure.
 *
 * Ownership: pool-reconciler records on each node, in the annotation `pool-reconciler/managed`, the label keys and
 * the taints (key and effect) it manages there. What it manages and the repo no longer declares is removed; what
 * it does not manage (someone else's label or taint) is never touched. A node without a record (applied by an
 * earlier version, or never) adopts what matches the repo: the declared label keys and the declared taints found
 * on it; leftovers of an earlier version cannot be told apart from anyone else's and stay.
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
  /** True when the node had no (readable) record: what matched the repo was adopted. */
  adopted: boolean;
  /** Owned fields that change, for the plan (labels, taints, the record). */
  changes: FieldChange[];
  /** The owned labels and taints before and after (for the plan's diff rendering). */
  before: { labels: Record<string, string>; taints: Taint[] };
  after: { labels: Record<string, string>; taints: Taint[] };
}

const q = (s: string): string => JSON.stringify(s);
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
 */
export function poolOnNode(node: NodeView, pool: DesiredNodePool | undefined): PoolOnNode {
  const wantLabels = pool?.labels ?? {};
  const wantTaints = new Map<string, Taint>((pool?.taints ?? []).map((t) => [tkey(t), t]));
  const record = parseOwnership(node.ownership);
  const adopted = record === undefined;
  const ownedLabels = new Set(record ? record.labels : Object.keys(wantLabels).filter((k) => k in node.labels));
  const ownedTaints = new Set(record ? record.taints : node.taints.map(tkey).filter((k) => wantTaints.has(k)));

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
    changes,
    before: { labels: beforeLabels, taints: [...beforeTaints].sort(compareTaints) },
    after: { labels: { ...wantLabels }, taints: [...(pool?.taints ?? [])].sort(compareTaints) },
  };
}

/** Whether a pool's change on a node writes anything (labels, taints or the record). */
export function writesAnything(p: PoolOnNode): boolean {
  return Object.keys(p.setLabels).length > 0 || p.removeLabels.length > 0 || p.taintEdits.length > 0 || p.appendTaints.length > 0 || p.ownership !== undefined;
}
