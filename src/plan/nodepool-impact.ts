/**
 * What a change does to the Nodepool that is running, from Nodepool's own API (the launcher's webapp: `node-list`,
 * `request-list`, `label-list`, as JSON): the nodes a removed label, pool or provider holds by state (Nodepool
 * deletes or strands them), the open node requests for a removed label (they end in NODE_FAILURE), a pool whose
 * `max-servers` is below the nodes it holds now, a label whose `min-ready` the pools offering it cannot reach.
 *
 * Report material of the plan (Plan.nodepoolImpact): never part of the intent, so never of the plan hash (what runs
 * changes by the minute; the reviewed change does not). Pure.
 */
import { positionOf } from '../config/source.js';
import type { SourceFile } from '../config/source.js';
import { toJS } from '../config/yaml.js';
import type { YMap, YNode } from '../config/yaml.js';

/** A node as `node-list` gives it (nodepool/status.py node_list): the fields read here. */
export interface ApiNode {
  id: string;
  provider: string | null;
  /** The node's labels (`node.type`: a list since Nodepool 3.x; a string in older releases). */
  label: string[] | string | null;
  state: string;
  pool: string | null;
}

/** A node request as `request-list` gives it (status.py request_list). */
export interface ApiRequest {
  id: string;
  state: string;
  node_types: string[];
  requestor?: string | null;
}

/** What Nodepool's API said at planning time. */
export interface NodepoolSnapshot {
  /** The API's URL as it may be shown (scheme, host, path). */
  source: string;
  nodes: ApiNode[];
  requests: ApiRequest[];
  /** `label-list`: the labels the running launchers' pools offer. */
  labels: string[];
}

export type ImpactKind = 'label-removed' | 'provider-removed' | 'pool-removed' | 'max-servers' | 'min-ready';

export interface ImpactNodes {
  total: number;
  /** Count per node state (`ready`, `in-use`, `building`, ...), states in Nodepool's order. */
  byState: Record<string, number>;
  /** The node ids, collapsed into runs (`0000000012-0000000015, 0000000042`), at most a few dozen shown. */
  ids: string;
}

export interface ImpactItem {
  kind: ImpactKind;
  /** One sentence (plain text; renderers escape it). */
  text: string;
  nodes?: ImpactNodes;
  /** Open requests for a removed label. */
  requests?: { total: number; ids: string };
  /** Where the repo says it (a pool's `max-servers`, a label's `min-ready`). */
  file?: string;
  line?: number;
}

export interface NodepoolImpact {
  source: string;
  /** When the API could not be read: one sentence (no item then). */
  error?: string;
  /** What the API listed: nodes and open requests. */
  seen?: { nodes: number; requests: number; labels: number };
  items: ImpactItem[];
}

/** Nodepool's node states, in the order its docs list them; others after, by name. */
const STATE_ORDER = ['building', 'testing', 'ready', 'in-use', 'used', 'hold', 'deleting', 'failed', 'aborted', 'init', 'deleted'];
/** Requests still waiting for nodes (zk.py: REQUESTED, PENDING). */
const OPEN_REQUEST = new Set(['requested', 'pending']);

const labelsOf = (n: ApiNode): string[] => (Array.isArray(n.label) ? n.label : n.label ? [n.label] : []);

/** Ids collapsed into runs of consecutive numbers (Nodepool's ids are zero-padded counters); at most `max` runs. */
export function collapseIds(ids: readonly string[], max = 20): string {
  const sorted = [...new Set(ids)].sort((a, b) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0) : a < b ? -1 : a > b ? 1 : 0));
  const runs: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && /^\d+$/.test(sorted[j]) && /^\d+$/.test(sorted[j + 1]) && BigInt(sorted[j + 1]) === BigInt(sorted[j]) + 1n) j++;
    runs.push(j > i ? `${sorted[i]}-${sorted[j]}` : sorted[i]);
    i = j + 1;
  }
  return runs.length > max ? `${runs.slice(0, max).join(', ')} and ${runs.length - max} more` : runs.join(', ');
}

function nodesSummary(nodes: readonly ApiNode[]): ImpactNodes {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.state, (counts.get(n.state) ?? 0) + 1);
  const states = [...counts.keys()].sort((a, b) => {
    const x = STATE_ORDER.indexOf(a);
    const y = STATE_ORDER.indexOf(b);
    return (x < 0 ? 99 : x) - (y < 0 ? 99 : y) || (a < b ? -1 : a > b ? 1 : 0);
  });
  return { total: nodes.length, byState: Object.fromEntries(states.map((s) => [s, counts.get(s)!])), ids: collapseIds(nodes.map((n) => n.id)) };
}

const byStateText = (s: ImpactNodes): string => Object.entries(s.byState).map(([state, n]) => `${n} ${state}`).join(', ');
const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

/** The repo's launcher config, as the impact needs it. */
interface RepoPools {
  providers: Map<string, Map<string, { maxServers?: number; labels: Set<string> }>>;
  labels: Set<string>;
  minReady: Map<string, number>;
}

function repoPools(root: YMap | null): RepoPools {
  const out: RepoPools = { providers: new Map(), labels: new Set(), minReady: new Map() };
  const doc = (root ? toJS(root) : {}) as { labels?: unknown; providers?: unknown };
  const arr = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x)) : []);
  for (const l of arr(doc.labels)) if (typeof l.name === 'string' && typeof l['min-ready'] === 'number') out.minReady.set(l.name, l['min-ready']);
  for (const p of arr(doc.providers)) {
    if (typeof p.name !== 'string') continue;
    const pools = new Map<string, { maxServers?: number; labels: Set<string> }>();
    for (const pool of arr(p.pools)) {
      if (typeof pool.name !== 'string') continue;
      const labels = new Set<string>();
      for (const l of arr(pool.labels)) if (typeof l.name === 'string') labels.add(l.name);
      if (Array.isArray(pool.labels)) for (const l of pool.labels) if (typeof l === 'string') labels.add(l);
      for (const n of arr(pool.nodes)) {
        const ls = n.labels;
        for (const l of typeof ls === 'string' ? ls.split(/\s+/).filter(Boolean) : Array.isArray(ls) ? ls : []) if (typeof l === 'string') labels.add(l);
      }
      for (const l of labels) out.labels.add(l);
      const max = pool['max-servers'];
      pools.set(pool.name, { ...(typeof max === 'number' ? { maxServers: max } : {}), labels });
    }
    out.providers.set(p.name, pools);
  }
  return out;
}

/**
 * The impact of the repo's launcher config (`root`, from `file`) on what Nodepool's API lists. `lineOf` gives the
 * line of a pool's `max-servers` or a label's `min-ready` in the repo's file, for the report.
 */
export function nodepoolImpact(
  file: string,
  root: YMap | null,
  snapshot: NodepoolSnapshot,
  lineOf: (what: { provider: string; pool: string } | { label: string }) => number | undefined = () => undefined,
): NodepoolImpact {
  const repo = repoPools(root);
  const items: ImpactItem[] = [];
  const live = snapshot.nodes.filter((n) => n.state !== 'deleted');

  // Labels the running launchers offer that the repo's pools no longer do.
  for (const label of [...new Set(snapshot.labels)].filter((l) => !repo.labels.has(l)).sort()) {
    const nodes = live.filter((n) => labelsOf(n).includes(label));
    const requests = snapshot.requests.filter((r) => OPEN_REQUEST.has(r.state) && r.node_types.includes(label));
    const parts: string[] = [];
    // launcher.py: the cleanup deletes used, failed and aborted nodes of a configured provider; a ready node of a
    // label no pool offers is never handed out, and no max-ready-age applies to it.
    if (nodes.length) parts.push(`its ${plural(nodes.length, 'node')} (${byStateText(nodesSummary(nodes))}): in-use ones are deleted when their job ends, ready ones stay and hold quota until deleted by hand (\`nodepool delete\`)`);
    if (requests.length) parts.push(`${plural(requests.length, 'open node request')} for it end in NODE_FAILURE`);
    items.push({
      kind: 'label-removed',
      text: `label "${label}" is removed from every pool: ${parts.length ? parts.join('; ') : 'Nodepool holds no node of it and no request waits for it'}`,
      ...(nodes.length ? { nodes: nodesSummary(nodes) } : {}),
      ...(requests.length ? { requests: { total: requests.length, ids: collapseIds(requests.map((r) => r.id)) } } : {}),
    });
  }

  // Providers and pools that hold nodes and that the repo no longer has.
  const byProvider = new Map<string, ApiNode[]>();
  for (const n of live) if (n.provider) byProvider.set(n.provider, [...(byProvider.get(n.provider) ?? []), n]);
  for (const [provider, nodes] of [...byProvider].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const pools = repo.providers.get(provider);
    if (!pools) {
      const s = nodesSummary(nodes);
      // launcher.py's cleanups skip a node whose provider is not in the config: nothing deletes them.
      items.push({ kind: 'provider-removed', text: `provider "${provider}" is removed: its ${plural(s.total, 'node')} (${byStateText(s)}) are stranded: Nodepool's cleanup skips nodes of a provider it no longer has, so they stay in the cloud and in ZooKeeper until deleted by hand`, nodes: s });
      continue;
    }
    const byPool = new Map<string, ApiNode[]>();
    for (const n of nodes) byPool.set(n.pool ?? '', [...(byPool.get(n.pool ?? '') ?? []), n]);
    for (const [pool, pn] of [...byPool].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const cfg = pools.get(pool);
      const held = pn.filter((n) => n.state !== 'deleting');
      if (!cfg) {
        const s = nodesSummary(pn);
        items.push({ kind: 'pool-removed', text: `provider "${provider}", pool "${pool}" is removed: its ${plural(s.total, 'node')} (${byStateText(s)}) are left without a pool: in-use ones are deleted when their job ends, ready ones stay until deleted by hand`, nodes: s });
      } else if (cfg.maxServers !== undefined && held.length > cfg.maxServers) {
        const s = nodesSummary(held);
        const line = lineOf({ provider, pool });
        items.push({
          kind: 'max-servers',
          text: `provider "${provider}", pool "${pool}": max-servers ${cfg.maxServers} is below the ${plural(held.length, 'node')} it holds now (${byStateText(s)}): it launches nothing until ${held.length - cfg.maxServers} of them are gone`,
          nodes: s,
          ...(line !== undefined ? { file, line } : {}),
        });
      }
    }
  }

  // min-ready beyond what the pools offering the label may launch.
  for (const [label, minReady] of [...repo.minReady].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let room = 0;
    let bounded = true;
    for (const pools of repo.providers.values()) {
      for (const pool of pools.values()) {
        if (!pool.labels.has(label)) continue;
        if (pool.maxServers === undefined) bounded = false;
        else room += pool.maxServers;
      }
    }
    if (bounded && minReady > room) {
      const line = lineOf({ label });
      items.push({
        kind: 'min-ready',
        text: `label "${label}": min-ready ${minReady} is more than the pools offering it may launch (max-servers ${room} in all): Nodepool keeps launching toward a number it cannot reach`,
        ...(line !== undefined ? { file, line } : {}),
      });
    }
  }
  return { source: snapshot.source, seen: { nodes: snapshot.nodes.length, requests: snapshot.requests.length, labels: new Set(snapshot.labels).size }, items };
}

/** The line of a pool's `max-servers` or a label's `min-ready` in the launcher file (for `nodepoolImpact`'s `lineOf`). */
export function impactLines(source: SourceFile, root: YMap | null): (what: { provider: string; pool: string } | { label: string }) => number | undefined {
  const named = (seq: YNode | undefined, name: string): YMap | undefined =>
    seq?.kind === 'seq' ? (seq.items.find((i) => i.kind === 'map' && i.byKey.get('name')?.value.kind === 'scalar' && (i.byKey.get('name')!.value as { value: unknown }).value === name) as YMap | undefined) : undefined;
  const line = (m: YMap | undefined, key: string): number | undefined => {
    const p = m?.byKey.get(key);
    return p ? positionOf(source, p.key.offset).line : undefined;
  };
  return (what) => {
    if (!root) return undefined;
    if ('label' in what) return line(named(root.byKey.get('labels')?.value, what.label), 'min-ready');
    const provider = named(root.byKey.get('providers')?.value, what.provider);
    return line(named(provider?.byKey.get('pools')?.value, what.pool), 'max-servers');
  };
}
