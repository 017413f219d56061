/**
 * What a change does to the Nodepool that is running, from Nodepool's own API (the launcher's webapp: `node-list`,
 * `request-list`, `label-list`, `image-list`, `dib-image-list`, as JSON): the nodes a removed label, pool or provider
 * holds by state (Nodepool deletes or strands them), the open node requests for a removed label (they end in
 * NODE_FAILURE), a pool whose `max-servers` is below the nodes it holds now, a label whose `min-ready` the pools
 * offering it cannot reach, a diskimage the builder's config drops while labels still boot from it (the builder
 * deletes its builds and uploads), a label whose diskimage has no ready upload in its provider, and a provider that
 * Nodepool shows failing to launch (its `failed` nodes, the requests its pools declined).
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
  /** A static node's identity in its provider (static driver: name, username, port). */
  hostname?: string | null;
  username?: string | null;
  connection_port?: number | null;
}

/** A node request as `request-list` gives it (status.py request_list). */
export interface ApiRequest {
  id: string;
  state: string;
  node_types: string[];
  requestor?: string | null;
  /** The launcher pool workers that declined it: `<fqdn>-PoolWorker.<provider>-<pool>-<uuid hex>` (launcher.py). */
  declined_by?: string[];
}

/** An image upload as `image-list` gives it (status.py image_list). */
export interface ApiUpload {
  /** The build's id. */
  build: string;
  /** The upload's number in its provider. */
  upload: string;
  provider: string;
  image: string;
  /** uploading, ready, deleting, failed. */
  state: string;
}

/** A diskimage build as `dib-image-list` gives it (status.py dib_image_list). */
export interface ApiBuild {
  /** The build's id (dib-image-list's `<image>-<id>` less the image). */
  id: string;
  image: string;
  /** building, ready, deleting, failed (or paused). */
  state: string;
}

/** What Nodepool's API said at planning time. */
export interface NodepoolSnapshot {
  /** The API's URL as it may be shown (scheme, host, path). */
  source: string;
  nodes: ApiNode[];
  requests: ApiRequest[];
  /** `label-list`: the labels the running launchers' pools offer. */
  labels: string[];
  /** `image-list`: the diskimages' uploads to the providers. */
  uploads?: ApiUpload[];
  /** `dib-image-list`: the diskimages' builds. */
  builds?: ApiBuild[];
}

export type ImpactKind = 'label-removed' | 'provider-removed' | 'pool-removed' | 'max-servers' | 'min-ready' | 'diskimage-removed' | 'diskimage-not-uploaded' | 'launch-errors';

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
  /** Open requests for a removed label; requests a provider's pools declined. */
  requests?: { total: number; ids: string };
  /** A diskimage's uploads (by state; `ids`: the builds uploaded, collapsed) and builds the builder deletes. */
  images?: { uploads: number; byState: Record<string, number>; builds: number; ids: string };
  /** Where the repo says it (a pool's `max-servers`, a label's `min-ready`). */
  file?: string;
  line?: number;
}

/** A pool as the running Nodepool holds it now: its nodes by state, beside its `max-servers` in the repo. */
export interface PoolState {
  provider: string;
  pool: string;
  /** The repo's `max-servers` for it (absent: unset, or the repo no longer has the pool). */
  maxServers?: number;
  /** Whether the repo (the branch planned) has this provider and pool. */
  inRepo: boolean;
  nodes: ImpactNodes;
}

export interface NodepoolImpact {
  source: string;
  /** When the API could not be read: one sentence (no item then). */
  error?: string;
  /** What the API listed: nodes and open requests. */
  seen?: { nodes: number; requests: number; labels: number; uploads?: number };
  items: ImpactItem[];
  /** Every pool of the repo and every pool holding nodes: what each holds now (drift's picture of the pools). */
  pools?: PoolState[];
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

/** A pool of the repo's launcher config, as the impact needs it. */
interface RepoPool {
  maxServers?: number;
  labels: Set<string>;
  /** Label → the diskimage it boots from (`diskimage:` of a pool label). */
  diskimages: Map<string, string>;
}

/** A provider of the repo's launcher config. */
interface RepoProvider {
  driver?: string;
  cloud?: string;
  context?: string;
  pools: Map<string, RepoPool>;
  /** A static provider's nodes, as the static driver identifies them (name, username, port). */
  staticNodes: Array<{ name: string; username: string; port: number }>;
}

/** The repo's launcher config, as the impact needs it. */
interface RepoPools {
  providers: Map<string, RepoProvider>;
  labels: Set<string>;
  minReady: Map<string, number>;
}

type Rec = Record<string, unknown>;
const arr = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter((x): x is Rec => !!x && typeof x === 'object' && !Array.isArray(x)) : []);
const plainDoc = (root: YMap | null): Rec => {
  const doc = root ? toJS(root) : {};
  return doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Rec) : {};
};

function repoPools(root: YMap | null): RepoPools {
  const out: RepoPools = { providers: new Map(), labels: new Set(), minReady: new Map() };
  const doc = plainDoc(root);
  for (const l of arr(doc.labels)) if (typeof l.name === 'string' && typeof l['min-ready'] === 'number') out.minReady.set(l.name, l['min-ready']);
  for (const p of arr(doc.providers)) {
    if (typeof p.name !== 'string') continue;
    const pools = new Map<string, RepoPool>();
    for (const pool of arr(p.pools)) {
      if (typeof pool.name !== 'string') continue;
      const labels = new Set<string>();
      const diskimages = new Map<string, string>();
      for (const l of arr(pool.labels)) {
        if (typeof l.name !== 'string') continue;
        labels.add(l.name);
        if (typeof l.diskimage === 'string') diskimages.set(l.name, l.diskimage);
      }
      if (Array.isArray(pool.labels)) for (const l of pool.labels) if (typeof l === 'string') labels.add(l);
      for (const n of arr(pool.nodes)) {
        const ls = n.labels;
        for (const l of typeof ls === 'string' ? ls.split(/\s+/).filter(Boolean) : Array.isArray(ls) ? ls : []) if (typeof l === 'string') labels.add(l);
      }
      for (const l of labels) out.labels.add(l);
      const max = pool['max-servers'];
      pools.set(pool.name, { ...(typeof max === 'number' ? { maxServers: max } : {}), labels, diskimages });
    }
    // driver/static/config.py: a node is (name, username default zuul, connection-port or ssh-port default 22).
    const staticNodes = p.driver === 'static'
      ? arr(p.pools).flatMap((pool) => arr(pool.nodes)).flatMap((n) => typeof n.name === 'string'
        ? [{ name: n.name, username: typeof n.username === 'string' ? n.username : 'zuul', port: typeof n['connection-port'] === 'number' ? n['connection-port'] : typeof n['ssh-port'] === 'number' ? n['ssh-port'] : 22 }]
        : [])
      : [];
    out.providers.set(p.name, {
      staticNodes,
      ...(typeof p.driver === 'string' ? { driver: p.driver } : {}),
      ...(typeof p.cloud === 'string' ? { cloud: p.cloud } : {}),
      ...(typeof p.context === 'string' ? { context: p.context } : {}),
      pools,
    });
  }
  return out;
}

/**
 * What Nodepool does with nodes whose label no pool offers any more. launcher.py: the cleanup deletes used, failed
 * and aborted nodes of a configured provider; a ready node of a label no pool offers is never handed out, and no
 * max-ready-age applies to it. driver/static/provider.py: a static node still in the config is updated in place with
 * its new labels; one no longer there is deregistered (a ready one at once, a locked one when it is done).
 */
function nodeFates(repo: RepoPools, nodes: readonly ApiNode[]): string {
  const isStatic = (n: ApiNode): boolean => !!n.provider && repo.providers.get(n.provider)?.driver === 'static';
  const cloud = nodes.filter((n) => !isStatic(n));
  const statics = nodes.filter(isStatic);
  const kept = statics.filter((n) => repo.providers.get(n.provider!)!.staticNodes.some((s) =>
    s.name === n.hostname && s.username === (n.username ?? 'zuul') && s.port === (n.connection_port ?? 22)));
  const gone = statics.filter((n) => !kept.includes(n));
  const out: string[] = [];
  if (cloud.length) {
    out.push(`${statics.length ? `${plural(cloud.length, 'node')} of cloud providers: ` : ''}in-use ones are deleted when their job ends, ready ones stay and hold quota until deleted by hand (\`nodepool delete\`)`);
  }
  const one = (list: readonly ApiNode[]): boolean => list.length === 1;
  if (kept.length) out.push(`${plural(kept.length, 'static node')} stay${one(kept) ? 's' : ''} registered with ${one(kept) ? 'its' : 'their'} new labels (the static driver updates ${one(kept) ? 'it' : 'them'} in place)`);
  if (gone.length) out.push(`${plural(gone.length, 'static node')} ${one(gone) ? 'is' : 'are'} no longer in the config: Nodepool deregisters ${one(gone) ? 'it' : 'them'} (a ready one at once, an in-use one when its job ends)`);
  return out.join('; ');
}

/** The repo's builder config: the diskimages it builds, and which it uploads to each provider. */
function builderImages(root: YMap | null): { diskimages: Set<string>; providers: Map<string, Set<string>> } {
  const doc = plainDoc(root);
  const diskimages = new Set(arr(doc.diskimages).map((d) => d.name).filter((n): n is string => typeof n === 'string'));
  const providers = new Map<string, Set<string>>();
  for (const p of arr(doc.providers)) {
    if (typeof p.name === 'string') providers.set(p.name, new Set(arr(p.diskimages).map((d) => d.name).filter((n): n is string => typeof n === 'string')));
  }
  return { diskimages, providers };
}

/** What the impact knows of the provider secrets given to this run (a key given passed the secrets check). */
export interface ImpactSecrets {
  /** clouds.yaml was given (every openstack provider's cloud is in it). */
  clouds: boolean;
  /** kube.config was given (every kubernetes/openshift provider's context is in it). */
  kube: boolean;
}

export interface ImpactOptions {
  /** The repo's builder config (nodepool-builder.yaml under Software Factory): which diskimages the builder keeps. */
  builder?: { file: string; root: YMap | null };
  /** The provider secrets given to this run, for what a provider's launch errors may come from. */
  secrets?: ImpactSecrets;
}

const KUBE_DRIVERS = new Set(['kubernetes', 'openshift', 'openshiftpods']);
/** A launcher pool worker's id (launcher.py PoolWorker: `<fqdn>-PoolWorker.<provider>-<pool>-<uuid hex>`): `<provider>-<pool>`. */
const POOL_WORKER = /PoolWorker\.(.+)-[0-9a-f]{32}$/;
/** Requests a pool may have declined and that are still there (zk.py: REQUESTED, PENDING, FAILED). */
const DECLINED_SEEN = new Set(['requested', 'pending', 'failed']);

const quoteList = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

function uploadsSummary(uploads: readonly ApiUpload[], builds: readonly ApiBuild[]): NonNullable<ImpactItem['images']> {
  const counts = new Map<string, number>();
  for (const u of uploads) counts.set(u.state, (counts.get(u.state) ?? 0) + 1);
  const order = ['uploading', 'ready', 'failed', 'deleting'];
  const states = [...counts.keys()].sort((a, b) => ((order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99)) || (a < b ? -1 : a > b ? 1 : 0));
  return {
    uploads: uploads.length,
    byState: Object.fromEntries(states.map((st) => [st, counts.get(st)!])),
    builds: builds.length,
    ids: collapseIds([...uploads.map((u) => u.build), ...builds.map((b) => b.id)]),
  };
}

/** The diskimage items: images the builder's config drops while Nodepool lists their builds or uploads; labels without a ready upload. */
function diskimageItems(repo: RepoPools, snapshot: NodepoolSnapshot, builder: ImpactOptions['builder']): ImpactItem[] {
  const items: ImpactItem[] = [];
  const uploads = (snapshot.uploads ?? []).filter((u) => u.state !== 'deleting');
  const builds = (snapshot.builds ?? []).filter((b) => b.state !== 'deleting');
  // Who boots from each diskimage, per provider, in the repo's launcher config.
  const bootsFrom = (image: string, provider?: string): string[] => {
    const out: string[] = [];
    for (const [pname, p] of repo.providers) {
      if (provider !== undefined && pname !== provider) continue;
      for (const [poolName, pool] of p.pools) for (const [label, d] of pool.diskimages) if (d === image) out.push(`"${label}" (provider "${pname}", pool "${poolName}")`);
    }
    return out;
  };
  const stranded = (users: string[]): string => users.length
    ? `; labels still boot from it: ${users.join(', ')}: once its uploads are gone, Nodepool declines their node requests ("images are not available") and the jobs asking for them end in NODE_FAILURE`
    : '';
  const removed = new Map<string, Set<string>>(); // image → providers whose uploads go (all: '*')
  if (builder) {
    const b = builderImages(builder.root);
    const images = [...new Set([...uploads.map((u) => u.image), ...builds.map((x) => x.image)])].sort();
    for (const image of images) {
      const ups = uploads.filter((u) => u.image === image);
      const bs = builds.filter((x) => x.image === image);
      if (!b.diskimages.has(image)) {
        // builder.py _cleanupImage: a diskimage not in the config at all is one the user removed: every build and upload goes.
        removed.set(image, new Set(['*']));
        const s = uploadsSummary(ups, bs);
        const where = [...new Set(ups.map((u) => u.provider))].sort();
        items.push({
          kind: 'diskimage-removed',
          text: `diskimage "${image}" is removed from the builder's config (${builder.file}): Nodepool's builder deletes its ${plural(bs.length, 'build')} and ${plural(ups.length, 'upload')}${where.length ? ` (in ${quoteList(where)}: ${Object.entries(s.byState).map(([st, n]) => `${n} ${st}`).join(', ')})` : ''}${stranded(bootsFrom(image))}`,
          images: s,
        });
        continue;
      }
      // builder.py _cleanupObsoleteProviderUploads: an image a provider of the builder's config no longer lists loses its uploads there.
      for (const provider of [...new Set(ups.map((u) => u.provider))].sort()) {
        const listed = b.providers.get(provider);
        if (!listed || listed.has(image)) continue;
        const pu = ups.filter((u) => u.provider === provider);
        removed.set(image, new Set([...(removed.get(image) ?? []), provider]));
        const s = uploadsSummary(pu, []);
        items.push({
          kind: 'diskimage-removed',
          text: `diskimage "${image}" is removed from provider "${provider}" in the builder's config (${builder.file}): the builder deletes its ${plural(pu.length, 'upload')} there (${Object.entries(s.byState).map(([st, n]) => `${n} ${st}`).join(', ')})${stranded(bootsFrom(image, provider))}`,
          images: s,
        });
      }
    }
  }
  // Labels whose diskimage has no ready upload in their provider: the launcher declines their requests until one is.
  if (snapshot.uploads !== undefined) {
    const ready = uploads.filter((u) => u.state === 'ready');
    for (const [pname, p] of [...repo.providers].sort(([a], [b2]) => (a < b2 ? -1 : a > b2 ? 1 : 0))) {
      const byImage = new Map<string, string[]>();
      for (const [poolName, pool] of p.pools) for (const [label, d] of pool.diskimages) byImage.set(d, [...(byImage.get(d) ?? []), `"${label}" (pool "${poolName}")`]);
      for (const [image, labels] of [...byImage].sort(([a], [b2]) => (a < b2 ? -1 : a > b2 ? 1 : 0))) {
        const gone = removed.get(image);
        if (gone && (gone.has('*') || gone.has(pname))) continue; // said above
        if (ready.some((u) => u.provider === pname && u.image === image)) continue;
        const others = [...new Set(ready.filter((u) => u.provider === pname).map((u) => u.image))].sort();
        const removedOthers = others.filter((o) => removed.get(o)?.has('*') || removed.get(o)?.has(pname));
        const also = others.length && removedOthers.length === others.length
          ? `; the only images uploaded there are builds of ${quoteList(others)}, which this change removes`
          : '';
        items.push({
          kind: 'diskimage-not-uploaded',
          text: `provider "${pname}": label${labels.length === 1 ? '' : 's'} ${labels.join(', ')} boot${labels.length === 1 ? 's' : ''} from diskimage "${image}", of which Nodepool lists no ready upload in "${pname}"${also}: until the builder builds and uploads it, Nodepool declines their node requests ("images are not available")`,
        });
      }
    }
  }
  return items;
}

/** Providers Nodepool shows failing to launch: their `failed` nodes and the requests their pools declined although they offer every label asked for. */
function launchErrorItems(repo: RepoPools, snapshot: NodepoolSnapshot, live: readonly ApiNode[], secrets: ImpactSecrets | undefined): ImpactItem[] {
  const items: ImpactItem[] = [];
  const providers = [...new Set([...repo.providers.keys(), ...live.map((n) => n.provider).filter((p): p is string => !!p)])].sort();
  for (const provider of providers) {
    const cfg = repo.providers.get(provider);
    const failed = live.filter((n) => n.provider === provider && n.state === 'failed');
    const declined = snapshot.requests.filter((r) => DECLINED_SEEN.has(r.state) && (r.declined_by ?? []).some((id) => {
      const m = POOL_WORKER.exec(id);
      if (!m || !cfg) return false;
      // Only a pool that offers every label asked for: a pool declines the requests for labels it lacks as a matter of course.
      return [...cfg.pools].some(([pool, p]) => m[1] === `${provider}-${pool}` && r.node_types.length > 0 && r.node_types.every((t) => p.labels.has(t)));
    }));
    if (!failed.length && !declined.length) continue;
    const parts: string[] = [];
    if (failed.length) parts.push(`${plural(failed.length, 'failed node')} (launches that failed after their retries)`);
    if (declined.length) parts.push(`${plural(declined.length, 'node request')} declined by its pools although they offer the labels asked for (a launch that failed, images not available, or beyond the provider's quota)`);
    let why = '';
    if (cfg?.driver === 'openstack' && cfg.cloud) {
      why = secrets?.clouds
        ? `; its cloud "${cfg.cloud}" is in the clouds.yaml given to this run: the cloud is not reachable from the launcher, or the launcher runs with an older copy of the providers Secret (sf-operator mounts it when it deploys; apply restarts the launcher when the Secret changes)`
        : `; this run was given no clouds.yaml: whether the providers Secret has cloud "${cfg.cloud}" was not checked`;
    } else if (cfg?.driver && KUBE_DRIVERS.has(cfg.driver) && cfg.context) {
      why = secrets?.kube
        ? `; its context "${cfg.context}" is in the kube.config given to this run: the cluster is not reachable from the launcher, or the launcher runs with an older copy of the providers Secret`
        : `; this run was given no kube.config: whether the providers Secret has context "${cfg.context}" was not checked`;
    }
    items.push({
      kind: 'launch-errors',
      text: `provider "${provider}"${cfg ? '' : ' (not in this config)'}: Nodepool shows launch errors: ${parts.join('; ')}${why}`,
      ...(failed.length ? { nodes: nodesSummary(failed) } : {}),
      ...(declined.length ? { requests: { total: declined.length, ids: collapseIds(declined.map((r) => r.id)) } } : {}),
    });
  }
  return items;
}

/** Labels whose min-ready is beyond what the pools offering them may launch (max-servers in all). */
function minReadyItems(repo: RepoPools, file: string, lineOf: (what: { label: string }) => number | undefined): ImpactItem[] {
  const items: ImpactItem[] = [];
  for (const [label, minReady] of [...repo.minReady].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let room = 0;
    let bounded = true;
    for (const { pools } of repo.providers.values()) {
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
  return items;
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
  options: ImpactOptions = {},
): NodepoolImpact {
  const repo = repoPools(root);
  const items: ImpactItem[] = [];
  const live = snapshot.nodes.filter((n) => n.state !== 'deleted');

  // Labels the running launchers offer that the repo's pools no longer do.
  for (const label of [...new Set(snapshot.labels)].filter((l) => !repo.labels.has(l)).sort()) {
    const nodes = live.filter((n) => labelsOf(n).includes(label));
    const requests = snapshot.requests.filter((r) => OPEN_REQUEST.has(r.state) && r.node_types.includes(label));
    const parts: string[] = [];
    if (nodes.length) parts.push(`its ${plural(nodes.length, 'node')} (${byStateText(nodesSummary(nodes))}): ${nodeFates(repo, nodes)}`);
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
    const pools = repo.providers.get(provider)?.pools;
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

  items.push(...minReadyItems(repo, file, lineOf));
  items.push(...diskimageItems(repo, snapshot, options.builder));
  items.push(...launchErrorItems(repo, snapshot, live, options.secrets));
  return {
    source: snapshot.source,
    pools: poolStates(repo, live),
    seen: { nodes: snapshot.nodes.length, requests: snapshot.requests.length, labels: new Set(snapshot.labels).size, ...(snapshot.uploads ? { uploads: snapshot.uploads.length } : {}) },
    items,
  };
}

/** Each pool of the repo, and each pool that holds nodes, with its nodes now by state and its repo `max-servers`. */
function poolStates(repo: RepoPools, live: readonly ApiNode[]): PoolState[] {
  const byKey = new Map<string, { provider: string; pool: string; maxServers?: number; inRepo: boolean; nodes: ApiNode[] }>();
  for (const [provider, p] of repo.providers) {
    for (const [pool, cfg] of p.pools) byKey.set(`${provider}\0${pool}`, { provider, pool, ...(cfg.maxServers !== undefined ? { maxServers: cfg.maxServers } : {}), inRepo: true, nodes: [] });
  }
  for (const n of live) {
    if (!n.provider) continue;
    const key = `${n.provider}\0${n.pool ?? ''}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { provider: n.provider, pool: n.pool ?? '', inRepo: false, nodes: [] }));
    entry.nodes.push(n);
  }
  return [...byKey.keys()].sort().map((k) => {
    const { nodes, ...rest } = byKey.get(k)!;
    return { ...rest, nodes: nodesSummary(nodes) };
  });
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
