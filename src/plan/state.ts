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

export const STATE_CONFIGMAP = 'pool-reconciler-state';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'pool-reconciler';
/** A ConfigMap holds at most 1 MiB; keep the content well under it. */
export const MAX_STATE_CONTENT = 700 * 1024;

import type { NodepoolFile } from '../desired/types.js';

export type { NodepoolFile };

export interface DeployedState {
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

/** The state from the ConfigMap's data; a problem (not readable) as a sentence. */
export function decodeState(data: Record<string, string>): { state?: DeployedState; problem?: string } {
  const json = <T>(key: string, fallback: T): T => {
    const v = data[key];
    if (v === undefined) return fallback;
    return JSON.parse(v) as T;
  };
  try {
    if (!data.commit || !data['nodepool-digest']) return { problem: 'it has no `commit` or `nodepool-digest` key' };
    const managed = json<{ pools?: unknown; configMaps?: unknown; declared?: unknown }>('managed', {});
    const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
    let content: Record<string, string> | undefined;
    if (data['nodepool-content']) {
      content = JSON.parse(gunzipSync(Buffer.from(data['nodepool-content'], 'base64')).toString('utf8')) as Record<string, string>;
    }
    return {
      state: {
        commit: data.commit,
        planHash: data['plan-hash'] ?? '',
        appliedAt: data['applied-at'] ?? '',
        nodepool: { digest: data['nodepool-digest'], files: json<Record<string, string>>('nodepool-files', {}), ...(content ? { content } : {}) },
        managed: { pools: strings(managed.pools), configMaps: strings(managed.configMaps), ...declaredOf(managed.declared, strings) },
      },
    };
  } catch {
    return { problem: 'its data is not readable (edited by hand?)' };
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
