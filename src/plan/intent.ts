/**
 * What a plan means, apart from the weather: the reviewed-plan hash covers this and nothing else
 * (ARCHITECTURE.md "The reviewed plan is the intent, not the weather").
 *
 * The intent is the end state the repo asks for (the providers Secret's keys by digest, the workloads that follow
 * it, the Nodepool files' digest, the ConfigMaps' content by digest, each pool's labels and taints) and the removals
 * it makes (ConfigMaps pool-reconciler created that the repo dropped, pools it no longer declares, provider keys the
 * settings remove). The nodes of a pool, the pods a taint evicts, the notes and the steps' before/after are the
 * weather: recomputed at apply time and shown, never hashed. So a node joining an autoscaled pool or a CI pod ending
 * between review and merge does not invalidate the review, and a re-run after a partial apply (what was written is
 * no longer a change) finds the same intent. Pure.
 */
import { createHash } from 'node:crypto';
import type { DesiredState } from '../desired/types.js';
import { taintString } from './node-pool.js';

export interface PlanIntent {
  secret?: {
    namespace: string;
    name: string;
    /** Managed key → `sha256:<hex>` of its value (never the value). */
    keys: Record<string, string>;
    /** Keys the settings remove (when pool-reconciler wrote them). */
    remove: string[];
  };
  /** `Kind namespace/name` of the workloads whose pod template follows the Secret (rolled out when it changes). */
  workloads: string[];
  /** sha256 over the repo's Nodepool files (absent: the repo has none). */
  nodepool?: string;
  /** Each desired ConfigMap: its owned labels and the digest of each owned data key. */
  configMaps: Array<{ ref: string; role: string; labels: Record<string, string>; data: Record<string, string> }>;
  /** ConfigMaps (`namespace/name`) pool-reconciler created that the repo no longer has: deleted. */
  deletes: string[];
  /** Each pool's declared labels and taints (`key=value:Effect`). */
  pools: Array<{ name: string; labels: Record<string, string>; taints: string[] }>;
  /** Pools pool-reconciler managed that the repo no longer declares: what it recorded there is removed. */
  removedPools: string[];
  /** The setting `nodes`: `write`, or `report-only` (node differences are shown, never written). */
  nodes: string;
  /** The target this plan is for (a repo with `targets:`): a plan reviewed for one target never applies to another. */
  target?: string;
}

const digest = (domain: string, text: string): string => `sha256:${createHash('sha256').update(`pool-reconciler/${domain}\0`).update(text).digest('hex')}`;
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function planIntent(desired: DesiredState, removals: { deletes: string[]; removedPools: string[] }, nodepoolDigest: string | undefined): PlanIntent {
  const s = desired.secret;
  return {
    ...(s
      ? {
          secret: {
            namespace: s.namespace,
            name: s.name,
            keys: Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, digest(`secret/${k}`, v?.reveal() ?? '')])),
            remove: [...(s.remove ?? [])].sort(cmp),
          },
        }
      : {}),
    workloads: desired.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`),
    ...(nodepoolDigest ? { nodepool: nodepoolDigest } : {}),
    configMaps: desired.configMaps.map((c) => ({
      ref: `${c.namespace}/${c.name}`,
      role: c.role,
      labels: { ...c.labels },
      data: Object.fromEntries(Object.entries(c.data).map(([k, v]) => [k, digest('configmap', v)])),
    })),
    deletes: [...removals.deletes].sort(cmp),
    pools: desired.nodePools.map((p) => ({ name: p.name, labels: { ...p.labels }, taints: p.taints.map(taintString) })),
    removedPools: [...removals.removedPools].sort(cmp),
    nodes: desired.settings.nodes,
    ...(desired.settings.target !== undefined ? { target: desired.settings.target } : {}),
  };
}

/**
 * Where two intents differ, one line each (`~ pool dispatch: taints …`). `current` may have fewer removals than
 * `reviewed` (a re-run after a partial apply: what was removed is gone), never more, and nothing else may differ.
 */
export function intentDifferences(reviewed: PlanIntent, current: PlanIntent): string[] {
  const out: string[] = [];
  const j = (v: unknown): string => JSON.stringify(v ?? null);
  if (reviewed.target !== current.target) out.push(`~ target: the plan was reviewed for ${reviewed.target === undefined ? 'no target' : `target ${reviewed.target}`}, this is ${current.target === undefined ? 'no target' : `target ${current.target}`}`);
  const same = (a: unknown, b: unknown): boolean => j(a) === j(b);
  if (!same(reviewed.secret?.keys ? Object.keys(reviewed.secret.keys).sort() : null, current.secret?.keys ? Object.keys(current.secret.keys).sort() : null)) {
    out.push(`~ Secret: reviewed keys ${keyList(reviewed)}; now ${keyList(current)}`);
  } else if (reviewed.secret && current.secret) {
    for (const k of Object.keys(current.secret.keys).sort(cmp)) {
      if (reviewed.secret.keys[k] !== current.secret.keys[k]) out.push(`~ Secret ${current.secret.namespace}/${current.secret.name}: the value of ${k} is not the one reviewed (the secret input changed since the review)`);
    }
  }
  if (!same(reviewed.secret?.remove, current.secret?.remove)) out.push(`~ Secret: keys to remove: reviewed ${(reviewed.secret?.remove ?? []).join(', ') || 'none'}; now ${(current.secret?.remove ?? []).join(', ') || 'none'}`);
  if (!same(reviewed.secret && [reviewed.secret.namespace, reviewed.secret.name], current.secret && [current.secret.namespace, current.secret.name])) out.push('~ Secret: another namespace or name than reviewed');
  if (!same(reviewed.workloads, current.workloads)) out.push(`~ workloads that follow the Secret: reviewed ${reviewed.workloads.join(', ') || 'none'}; now ${current.workloads.join(', ') || 'none'}`);
  if (reviewed.nodepool !== current.nodepool) out.push(`~ Nodepool files: reviewed ${reviewed.nodepool ?? 'none'}; now ${current.nodepool ?? 'none'}`);
  byName(out, 'ConfigMap', reviewed.configMaps.map((c) => [c.ref, c]), current.configMaps.map((c) => [c.ref, c]), (r, c) => [
    ...(r.role !== c.role ? [`role ${r.role} changed to ${c.role}`] : []),
    ...mapChanges('label', r.labels, c.labels, true),
    ...mapChanges('data key', r.data, c.data, false),
  ]);
  byName(out, 'pool', reviewed.pools.map((p) => [p.name, p]), current.pools.map((p) => [p.name, p]), (r, c) => [
    ...mapChanges('label', r.labels, c.labels, true),
    ...c.taints.filter((t) => !r.taints.includes(t)).map((t) => `taint ${t} added`),
    ...r.taints.filter((t) => !c.taints.includes(t)).map((t) => `taint ${t} removed`),
  ]);
  const extra = (what: string, r: string[], c: string[]): void => {
    for (const x of c) if (!r.includes(x)) out.push(`+ ${what}: ${x} (not in the reviewed plan)`);
  };
  extra('delete ConfigMap', reviewed.deletes, current.deletes);
  extra('clear pool', reviewed.removedPools, current.removedPools);
  if (reviewed.nodes !== current.nodes) out.push(`~ nodes: reviewed ${reviewed.nodes}; now ${current.nodes}`);
  return out;
}

function keyList(i: PlanIntent): string {
  return i.secret ? Object.keys(i.secret.keys).sort(cmp).join(', ') || 'none' : 'no Secret';
}

/**
 * The objects of one kind, by name: new since the review, gone since, or changed as `changes` puts it in words (a
 * label's values, a data key's name only: its value is a digest, and the secret ones must not show).
 */
function byName<T>(out: string[], what: string, reviewed: Array<[string, T]>, current: Array<[string, T]>, changes: (reviewed: T, current: T) => string[]): void {
  const r = new Map(reviewed);
  const c = new Map(current);
  for (const [name, v] of current) {
    const was = r.get(name);
    if (was === undefined) out.push(`+ ${what} ${name}: not in the reviewed plan`);
    else if (JSON.stringify(was) !== JSON.stringify(v)) out.push(`~ ${what} ${name}: ${(changes(was, v).join(', ') || 'changed')} since the review`);
  }
  for (const [name] of reviewed) if (!c.has(name)) out.push(`- ${what} ${name}: in the reviewed plan, no longer in the repo`);
}

/** `label tier changed from slow to fast`, `label new=y added`, `data key template changed` (values shown or not). */
function mapChanges(what: string, reviewed: Record<string, string>, current: Record<string, string>, showValues: boolean): string[] {
  const out: string[] = [];
  const pair = (k: string, v: string): string => (showValues ? `${k}=${v}` : k);
  for (const [k, v] of Object.entries(current)) {
    if (!(k in reviewed)) out.push(`${what} ${pair(k, v)} added`);
    else if (reviewed[k] !== v) out.push(showValues ? `${what} ${k} changed from ${reviewed[k]} to ${v}` : `${what} ${k} changed`);
  }
  for (const [k, v] of Object.entries(reviewed)) if (!(k in current)) out.push(`${what} ${pair(k, v)} removed`);
  return out;
}
