/**
 * What changes for Nodepool: the repo's nodepool.yaml and nodepool-builder.yaml compared with a baseline (the
 * deployed files recorded in the state ConfigMap, or the pull request's base branch) by meaning, not by text:
 * labels, providers, pools, diskimages and every setting under them (`max-servers 20 → 40`, images, flavors,
 * networks, formats), each with its position in the file. Lists of mappings with a `name` are compared by name
 * (moving an entry is no change); other lists and values as a whole. Other files (playbooks, the inventory) are
 * compared by content. Pure.
 */
import { parseYaml, toJS } from '../config/yaml.js';
import type { YMap, YNode } from '../config/yaml.js';
import { makeSource, positionOf } from '../config/source.js';
import type { SourceFile } from '../config/source.js';

export interface NodepoolChange {
  /** The file, and the line (1-based) of the entry: in the repo's file, or in the baseline's for a removal. */
  file: string;
  line: number;
  op: 'add' | 'remove' | 'change';
  /** `provider vexxhost, pool main: max-servers 20 → 40` (plain text; renderers escape it). */
  text: string;
}

interface Seg {
  key: string;
  /** The entry's name when the segment is an item of a list of named mappings. */
  name?: string;
}

const MAX_VALUE = 80;

/**
 * JSON.stringify of a value that may contain itself (a recursive alias, which Nodepool's loaders read): a value met
 * again inside itself is written "<recursive>"; anything else as JSON.stringify writes it.
 */
function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v); // the common case, at JSON.stringify's speed
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
  }
  const ancestors: unknown[] = [];
  return JSON.stringify(v, function (this: unknown, _key: string, value: unknown): unknown {
    // `this` holds `value`: the ancestors of `value` are the stack up to it.
    while (ancestors.length && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (value !== null && typeof value === 'object') {
      if (ancestors.includes(value)) return '<recursive>';
      ancestors.push(value);
    }
    return value;
  });
}

function show(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = 'null';
  else if (typeof v === 'string') s = /^[\w./:@+-]+$/.test(v) && v !== '' ? v : JSON.stringify(v);
  else if (v instanceof Date) s = v.toISOString();
  else s = jsonText(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

const singular = (k: string): string => (k.endsWith('ies') ? `${k.slice(0, -3)}y` : k.endsWith('s') ? k.slice(0, -1) : k);

/** `provider vexxhost, pool main` (+ `: max-servers`). */
function where(path: Seg[]): { owner: string; field: string } {
  const owner: string[] = [];
  const field: string[] = [];
  for (const s of path) {
    if (s.name !== undefined) {
      owner.push(`${singular(s.key)} ${s.name}`);
      field.length = 0;
    } else field.push(s.key);
  }
  return { owner: owner.join(', '), field: field.join('.') };
}

function describe(op: NodepoolChange['op'], path: Seg[], before?: unknown, after?: unknown): string {
  const last = path[path.length - 1];
  if (last?.name !== undefined && op !== 'change') {
    const { owner } = where(path);
    return `${owner} ${op === 'add' ? 'added' : 'removed'}`;
  }
  const { owner, field } = where(path);
  const head = owner ? `${owner}: ` : '';
  if (op === 'add') return `${head}${field} ${show(after)} added`;
  if (op === 'remove') return `${head}${field} ${show(before)} removed`;
  return `${head}${field} ${show(before)} → ${show(after)}`;
}

function nameOf(n: YNode): string | undefined {
  if (n.kind !== 'map') return undefined;
  const v = n.byKey.get('name')?.value;
  return v && v.kind === 'scalar' && v.value !== null ? String(v.value) : undefined;
}

function named(items: YNode[]): Map<string, YNode> | undefined {
  if (items.length === 0) return undefined;
  const out = new Map<string, YNode>();
  for (const it of items) {
    const n = nameOf(it);
    if (n === undefined || out.has(n)) return undefined;
    out.set(n, it);
  }
  return out;
}

function sameScalar(a: YNode & { kind: 'scalar' }, b: YNode & { kind: 'scalar' }): boolean {
  if (a.tag !== b.tag) return false;
  const x = a.value;
  const y = b.value;
  if (x instanceof Date && y instanceof Date) return x.getTime() === y.getTime();
  if (x instanceof Uint8Array && y instanceof Uint8Array) return Buffer.from(x).equals(Buffer.from(y));
  return x === y || (typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y));
}

function same(a: YNode, b: YNode): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') return sameScalar(a, b);
  return jsonText(toJS(a)) === jsonText(toJS(b));
}

interface Ctx {
  before: SourceFile;
  after: SourceFile;
  out: NodepoolChange[];
  /** The pairs of collections being compared, outermost first: a pair met again inside itself is not walked again. */
  active: Array<[YNode, YNode]>;
}

const lineIn = (src: SourceFile, n: YNode): number => positionOf(src, n.offset).line;

/**
 * The text of each item of a list but the last, from its start to the next item's: two items with the same text
 * (and no alias, whose anchor may have changed elsewhere) mean the same, and are not walked (a 5 MB file with one
 * change is compared in about the time of one parse).
 */
function itemTexts(src: SourceFile, items: YNode[]): Map<YNode, string> {
  const out = new Map<YNode, string>();
  for (let i = 0; i + 1 < items.length; i++) {
    const t = src.text.slice(items[i].offset, items[i + 1].offset);
    if (!t.includes('*')) out.set(items[i], t);
  }
  return out;
}

function walk(ctx: Ctx, path: Seg[], a: YNode, b: YNode): void {
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (!sameScalar(a, b)) ctx.out.push({ file: ctx.after.path, line: lineIn(ctx.after, b), op: 'change', text: describe('change', path, a.value, b.value) });
    return;
  }
  if (ctx.active.some(([x, y]) => x === a && y === b)) return; // a recursive alias: compared where it starts
  ctx.active.push([a, b]);
  try {
    walkCollections(ctx, path, a, b);
  } finally {
    ctx.active.pop();
  }
}

function walkCollections(ctx: Ctx, path: Seg[], a: YNode, b: YNode): void {
  if (a.kind === 'map' && b.kind === 'map') return walkMap(ctx, path, a, b);
  if (a.kind === 'seq' && b.kind === 'seq') {
    const na = named(a.items);
    const nb = named(b.items);
    if (na && nb) {
      const key = path[path.length - 1]?.key ?? '';
      const parent = path.slice(0, -1);
      const ta = itemTexts(ctx.before, a.items);
      const tb = itemTexts(ctx.after, b.items);
      for (const [name, bn] of nb) {
        const an = na.get(name);
        const p = [...parent, { key, name }];
        if (!an) ctx.out.push({ file: ctx.after.path, line: lineIn(ctx.after, bn), op: 'add', text: describe('add', p) });
        else if (ta.get(an) === undefined || ta.get(an) !== tb.get(bn)) walk(ctx, p, an, bn);
      }
      for (const [name, an] of na) {
        if (!nb.has(name)) ctx.out.push({ file: ctx.before.path, line: lineIn(ctx.before, an), op: 'remove', text: describe('remove', [...parent, { key, name }]) });
      }
      return;
    }
  }
  if (same(a, b)) return;
  ctx.out.push({ file: ctx.after.path, line: lineIn(ctx.after, b), op: 'change', text: describe('change', path, toJS(a), toJS(b)) });
}

function walkMap(ctx: Ctx, path: Seg[], a: YMap, b: YMap): void {
  for (const pair of b.pairs) {
    if (pair.name === undefined) continue;
    const p = [...path, { key: pair.name }];
    const old = a.byKey.get(pair.name);
    if (!old) ctx.out.push({ file: ctx.after.path, line: lineIn(ctx.after, pair.key), op: 'add', text: describe('add', p, undefined, toJS(pair.value)) });
    else walk(ctx, p, old.value, pair.value);
  }
  for (const pair of a.pairs) {
    if (pair.name === undefined || b.byKey.has(pair.name)) continue;
    ctx.out.push({ file: ctx.before.path, line: lineIn(ctx.before, pair.key), op: 'remove', text: describe('remove', [...path, { key: pair.name }], toJS(pair.value)) });
  }
}

/**
 * The semantic changes between two versions of one Nodepool file (either may be absent). `afterRoot`: the repo's
 * file as the validator parsed it already (offsets in `after`), so that it is not parsed twice.
 */
export function diffNodepoolFile(path: string, before: string | undefined, after: string | undefined, afterRoot?: YNode | null): NodepoolChange[] {
  if (before === after) return [];
  if (before === undefined) return [{ file: path, line: 1, op: 'add', text: `${path} added` }];
  if (after === undefined) return [{ file: path, line: 1, op: 'remove', text: `${path} removed` }];
  const bs = makeSource(path, before);
  const as = makeSource(path, after);
  const pb = parseYaml(bs, { recursive: true });
  const pa = afterRoot ? undefined : parseYaml(as, { recursive: true });
  const rb = pb.documents[0]?.root ?? null;
  const ra = afterRoot ?? pa?.documents[0]?.root ?? null;
  if (!rb || !ra || pb.diagnostics.some((d) => d.severity === 'error') || pa?.diagnostics.some((d) => d.severity === 'error')) {
    return [{ file: path, line: 1, op: 'change', text: `${path} changed (not comparable by meaning: one version does not parse)` }];
  }
  const out: NodepoolChange[] = [];
  walk({ before: bs, after: as, out, active: [] }, [], rb, ra);
  if (out.length === 0) return [];
  return out;
}

/**
 * All changes between the baseline's files and the repo's. `semantic` files are compared by meaning; the others
 * by digest (`beforeDigests`: path → sha256, for files whose content the baseline does not keep).
 */
export function diffNodepool(
  before: { content: Record<string, string>; digests: Record<string, string> },
  after: Array<{ path: string; text: string; semantic: boolean; digest: string; root?: YNode | null }>,
): NodepoolChange[] {
  const out: NodepoolChange[] = [];
  const seen = new Set<string>();
  for (const f of after) {
    seen.add(f.path);
    if (f.semantic && (f.path in before.content || !(f.path in before.digests))) {
      out.push(...diffNodepoolFile(f.path, before.content[f.path], f.text, f.root));
    } else if (!(f.path in before.digests) && !(f.path in before.content)) {
      out.push({ file: f.path, line: 1, op: 'add', text: `${f.path} added` });
    } else if (before.digests[f.path] !== undefined && before.digests[f.path] !== f.digest) {
      out.push({ file: f.path, line: 1, op: 'change', text: `${f.path} changed${f.semantic ? ' (the deployed content was not recorded: compared by digest only)' : ''}` });
    }
  }
  for (const p of new Set([...Object.keys(before.digests), ...Object.keys(before.content)])) {
    if (!seen.has(p)) out.push({ file: p, line: 1, op: 'remove', text: `${p} removed` });
  }
  return out;
}
