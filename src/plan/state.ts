/**
 * The state ConfigMap (`pool-reconciler-state` in the Software Factory namespace): what the last apply deployed and
 * what pool-reconciler owns, so that the next plan can compare the Nodepool config with what is deployed and remove
 * exactly what it once applied. Written at the end of each apply; read by every plan. Pure (encode and decode).
 *
 * data:
 *   commit            the config-repo commit applied
 *   plan-hash         the hash of the plan applied (the one the pull-request comment showed)
 *   applied-at        when (ISO 8601)
 *   nodepool-digest   sha256 over the Nodepool files (path and content)
 *   nodepool-files    JSON {path: sha256} of each Nodepool file (playbooks and inventory included)
 *   nodepool-content  base64 of gzip of JSON {path: text} of nodepool.yaml and nodepool-builder.yaml, for the
 *                     semantic diff of the next plan (left out, and said, when it would not fit in a ConfigMap)
 *   managed           JSON {pools: [...], configMaps: ["namespace/name", ...]}: node pools whose nodes carry its
 *                     ownership record, and the pod-template ConfigMaps it created
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { isDNS1123Label, isDNS1123Subdomain } from '../core/k8s.js';
import { ownerString, parseOwner } from '../core/owner.js';
import type { Owner } from '../core/owner.js';

export { OWNER_ANNOTATION, isOtherOwner, ownerText, parseOwner } from '../core/owner.js';
export type { Owner } from '../core/owner.js';

export const STATE_CONFIGMAP = 'pool-reconciler-state';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'pool-reconciler';
/** A ConfigMap holds at most 1 MiB; keep the content well under it. */
export const MAX_STATE_CONTENT = 700 * 1024;
/**
 * The most `nodepool-content` may inflate to when read. What apply writes is at most MAX_STATE_CONTENT of base64
 * gzip of two YAML files; 16 MiB of Nodepool YAML is far past any real config, and a state edited into a gzip bomb
 * (611 KB of it inflated to 450 MB) stops here.
 */
export const MAX_STATE_INFLATED = 16 * 1024 * 1024;

import type { NodepoolFile } from '../desired/types.js';

export type { NodepoolFile };

export interface DeployedState {
  /** Who wrote it (absent in a state written by an earlier version). */
  owner?: Owner;
  commit: string;
  planHash: string;
  appliedAt: string;
  nodepool: {
    digest: string;
    /** path → sha256 of each file. */
    files: Record<string, string>;
    /** path → text of the semantic files; absent when it did not fit. */
    content?: Record<string, string>;
  };
  managed: {
    pools: string[];
    configMaps: string[];
    /**
     * Per pool, the label keys and taints (`key:Effect`) the repo declared when this state was written: the only
     * labels and taints a later apply may remove from the pool's nodes (a node's own ownership annotation can be
     * edited by anyone who may edit nodes, so it never widens this). Absent in a state written by an earlier version.
     */
    declared?: Record<string, { labels: string[]; taints: string[] }>;
  };
}

const sha256 = (s: string): string => `sha256:${createHash('sha256').update(s).digest('hex')}`;

/** The digest of a set of files: independent of their order. */
export function nodepoolDigest(files: readonly NodepoolFile[]): { digest: string; files: Record<string, string> } {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const per: Record<string, string> = {};
  for (const f of sorted) per[f.path] = sha256(f.text);
  return { digest: sha256(JSON.stringify(sorted.map((f) => [f.path, per[f.path]]))), files: per };
}

export function encodeState(s: DeployedState): { data: Record<string, string>; contentLeftOut: boolean } {
  const data: Record<string, string> = {
    commit: s.commit,
    'plan-hash': s.planHash,
    'applied-at': s.appliedAt,
    'nodepool-digest': s.nodepool.digest,
    'nodepool-files': JSON.stringify(s.nodepool.files),
    ...(s.owner ? { owner: ownerString(s.owner) } : {}),
    managed: JSON.stringify({
      pools: [...s.managed.pools].sort(),
      configMaps: [...s.managed.configMaps].sort(),
      ...(s.managed.declared ? { declared: Object.fromEntries(Object.keys(s.managed.declared).sort().map((p) => [p, { labels: [...(s.managed.declared?.[p].labels ?? [])].sort(), taints: [...(s.managed.declared?.[p].taints ?? [])].sort() }])) } : {}),
    }),
  };
  let contentLeftOut = false;
  if (s.nodepool.content) {
    const packed = gzipSync(Buffer.from(JSON.stringify(s.nodepool.content), 'utf8')).toString('base64');
    if (packed.length <= MAX_STATE_CONTENT) data['nodepool-content'] = packed;
    else contentLeftOut = true;
  }
  return { data, contentLeftOut };
}

/** Where the state's `managed.configMaps` entries may point: the namespaces this repo names (its settings, its files). */
export interface StateScope {
  namespaces: readonly string[];
}

export interface DecodedState {
  state?: DeployedState;
  /** The state as a whole is not readable: why. */
  problem?: string;
  /** Parts of the state left out because they are not what apply writes, each as a sentence for the plan's notes. */
  notes: string[];
}

const IGNORED = 'ignored (not read, not deleted); if pool-reconciler did create it, delete it by hand';

/**
 * A `managed.configMaps` entry as apply writes it, `<namespace>/<name>`: a DNS-1123 label, one slash, a DNS-1123
 * subdomain (so never `..`, `.`, a second slash or anything a URL would read otherwise), in a namespace of `scope`.
 * Why not, as a note; undefined when it may be used.
 */
export function checkManagedConfigMap(ref: string, scope?: StateScope): string | undefined {
  const parts = ref.split('/');
  const what = `the state ConfigMap's managed entry ${JSON.stringify(ref)}`;
  if (parts.length !== 2 || isDNS1123Label(parts[0]).length > 0 || isDNS1123Subdomain(parts[1]).length > 0 || parts[1] === '.' || parts[1] === '..') {
    return `${what} is not a namespace/name pair of a DNS-1123 label and subdomain: ${IGNORED}`;
  }
  if (scope && !scope.namespaces.includes(parts[0])) {
    return `${what} is in namespace ${parts[0]}, which this repo does not name (${scope.namespaces.join(', ')}): ${IGNORED}`;
  }
  return undefined;
}

/**
 * `nodepool-content`: base64 of gzip of JSON {path: text}, inflated to at most MAX_STATE_INFLATED. Not readable
 * (too large, not gzip, not that JSON): undefined and a note; the plan then compares the Nodepool files by digest.
 */
function decodeContent(packed: string, notes: string[]): Record<string, string> | undefined {
  let text: string;
  try {
    text = gunzipSync(Buffer.from(packed, 'base64'), { maxOutputLength: MAX_STATE_INFLATED }).toString('utf8');
  } catch (err) {
    const tooLarge = (err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError;
    notes.push(tooLarge
      ? `the state ConfigMap's nodepool-content inflates to more than ${MAX_STATE_INFLATED / 1024 / 1024} MiB, more than any Nodepool config this tool records: not read (edited by hand?); the Nodepool config is compared by file digest only, and the next apply writes the state again`
      : "the state ConfigMap's nodepool-content is not readable (edited by hand?): not read; the Nodepool config is compared by file digest only, and the next apply writes the state again");
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string')) {
      return parsed as Record<string, string>;
    }
  } catch {
    /* said below */
  }
  notes.push("the state ConfigMap's nodepool-content is not readable (edited by hand?): not read; the Nodepool config is compared by file digest only, and the next apply writes the state again");
  return undefined;
}

/**
 * The state from the ConfigMap's data; a problem (not readable) as a sentence. The ConfigMap is input like any other
 * (whoever may edit ConfigMaps in its namespace can write it): entries are checked before anything is built from
 * them, and what is left out is said in `notes`.
 */
export function decodeState(data: Record<string, string>, scope?: StateScope): DecodedState {
  const json = <T>(key: string, fallback: T): T => {
    const v = data[key];
    if (v === undefined) return fallback;
    return JSON.parse(v) as T;
  };
  const notes: string[] = [];
  try {
    if (!data.commit || !data['nodepool-digest']) return { problem: 'it has no `commit` or `nodepool-digest` key', notes };
    const managed = json<{ pools?: unknown; configMaps?: unknown; declared?: unknown }>('managed', {});
    const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
    const configMaps = strings(managed.configMaps).filter((ref) => {
      const why = checkManagedConfigMap(ref, scope);
      if (why) notes.push(why);
      return !why;
    });
    const content = data['nodepool-content'] ? decodeContent(data['nodepool-content'], notes) : undefined;
    const owner = parseOwner(data.owner);
    return {
      state: {
        ...(owner ? { owner } : {}),
        commit: data.commit,
        planHash: data['plan-hash'] ?? '',
        appliedAt: data['applied-at'] ?? '',
        nodepool: { digest: data['nodepool-digest'], files: json<Record<string, string>>('nodepool-files', {}), ...(content ? { content } : {}) },
        managed: { pools: strings(managed.pools), configMaps, ...declaredOf(managed.declared, strings) },
      },
      notes,
    };
  } catch {
    return { problem: 'its data is not readable (edited by hand?)', notes };
  }
}

function declaredOf(raw: unknown, strings: (x: unknown) => string[]): { declared?: Record<string, { labels: string[]; taints: string[] }> } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Record<string, { labels: string[]; taints: string[] }> = {};
  for (const [pool, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!v || typeof v !== 'object') continue;
    out[pool] = { labels: strings((v as { labels?: unknown }).labels), taints: strings((v as { taints?: unknown }).taints) };
  }
  return { declared: out };
}
