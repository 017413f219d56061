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
 * The reviewed-plan hash: sha256 over the plan's intent only (plan/intent.ts): what the change means, never the
 * weather (nodes, evictions, notes, the steps' before/after), so that a reviewed plan survives an autoscaled pool and
 * a re-run after a partial apply, and is refused only when the change itself differs.
 */
export function planHash(plan: Pick<Plan, 'format' | 'intent'>): string {
  return `sha256:${createHash('sha256').update(canonicalJson({ format: plan.format, intent: plan.intent })).digest('hex')}`;
}
