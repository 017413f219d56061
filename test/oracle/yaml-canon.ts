/**
 * Our reader's value as tagged canonical JSON, the form scripts/yaml_oracle.py writes PyYAML's values in, and the
 * comparison of the two (floats by value, -0 and NaN included).
 */
import { exactInteger } from '../../src/config/yaml.js';
import type { YNode } from '../../src/config/yaml.js';

export type Canon =
  | null
  | { bool: boolean }
  | { int: string }
  | { float: string }
  | { str: string }
  | { timestamp: string }
  | { bytes: string }
  | { seq: Canon[] }
  | { map: Array<[Canon, Canon]> }
  | { set: Canon[] }
  | { pairs: Array<[Canon, Canon]> }
  | { recursive: true }
  | { unknown: string };

function floatText(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return Object.is(n, -0) ? '-0.0' : String(n);
}

/** Python's json.dumps(c, sort_keys=True) order is close enough to JSON.stringify with sorted keys for our keys. */
function sortKey(c: Canon): string {
  return JSON.stringify(c, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v);
}

/**
 * `active`: the collections being written, outermost first; a collection met again inside itself (a recursive alias)
 * is written `{recursive: true}`, as the oracle child writes a Python value that contains itself.
 */
export function canon(node: YNode | null, active: Set<YNode> = new Set()): Canon {
  if (node === null) return null;
  if (node.kind === 'scalar') {
    switch (node.tag) {
      case 'null':
        return null;
      case 'bool':
        return { bool: node.value as boolean };
      case 'int':
        return { int: exactInteger(node).toString() };
      case 'float':
        return { float: floatText(node.value as number) };
      case 'str':
        return { str: node.value as string };
      case 'timestamp':
        return { timestamp: (node.value as Date).toISOString() };
      case 'binary':
        return { bytes: Buffer.from(node.value as Uint8Array).toString('base64') };
    }
  }
  if (active.has(node)) return { recursive: true };
  active.add(node);
  const sub = (n: YNode): Canon => canon(n, active);
  let out: Canon;
  if (node.kind === 'seq') {
    if (node.pyType && node.items.length) {
      out = { pairs: node.items.map((i) => { const p = (i as Extract<YNode, { kind: 'map' }>).pairs[0]; return [sub(p.key), sub(p.value)]; }) };
    } else out = { seq: node.items.map(sub) };
  } else if (node.pyType === 'set') out = { set: node.pairs.map((p) => sub(p.key)).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)) };
  else out = { map: node.pairs.map((p) => [sub(p.key), sub(p.value)]) };
  active.delete(node);
  return out;
}

/** Deep equality of two canonical values; floats compare by value (NaN equals NaN, -0 differs from 0). */
export function sameCanon(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameCanon(x, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== 1 || kb.length !== 1 || ka[0] !== kb[0]) return false;
  const va = (a as Record<string, unknown>)[ka[0]];
  const vb = (b as Record<string, unknown>)[kb[0]];
  if (ka[0] === 'float') {
    const x = Number(va === 'nan' ? NaN : va === 'inf' ? Infinity : va === '-inf' ? -Infinity : va);
    const y = Number(vb === 'nan' ? NaN : vb === 'inf' ? Infinity : vb === '-inf' ? -Infinity : vb);
    return Object.is(x, y);
  }
  return sameCanon(va, vb);
}
