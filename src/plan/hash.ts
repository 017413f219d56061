/** The plan's hash: sha256 over its canonical JSON (sorted keys, no whitespace), without the `hash` field. */
import { createHash } from 'node:crypto';
import type { Plan } from './types.js';

/** JSON with object keys sorted at every level; `undefined` members are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON(): unknown }).toJSON());
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * Of the Nodepool section only what is the same wherever the plan is made counts (the digests and whether the
 * refresh runs): the list of changes depends on the baseline (the base branch on a pull request, the deployed files
 * after a first apply), and the apply of a reviewed plan must find the same hash.
 */
export function planHash(plan: Omit<Plan, 'hash'> & { hash?: string }): string {
  const { hash: _hash, nodepool, ...rest } = plan;
  const hashed = nodepool ? { ...rest, nodepool: { digest: nodepool.digest, deployedDigest: nodepool.deployedDigest, refresh: nodepool.refresh } } : rest;
  return `sha256:${createHash('sha256').update(canonicalJson(hashed)).digest('hex')}`;
}
