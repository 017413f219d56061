/**
 * YAML inside a YAML string: Konvoy's addon `values` (a block scalar in `cluster.yaml`), the Tekton
 * `defaultPodTemplate` inside those values, and the pod template held in a ConfigMap's `data`.
 *
 * The inner text is the scalar's value, so offsets in it are not offsets in the file. This module builds an
 * `OffsetMap` from the inner text back to the file, so that diagnostics found inside point at what the user wrote:
 * - literal block (`|`, `|-`, `|+`, `|2`): inner line k is file line (first content line + k), shifted right by the
 *   block's indentation; exact;
 * - folded block (`>`): the lines are aligned one by one (folding only changes the line breaks); exact for text,
 *   a folded line break maps to the end of its line;
 * - quoted and plain scalars: decoded again with their escapes and line folding, each character mapped to where
 *   it was written; when that cannot be done exactly, everything maps to the scalar's start.
 *
 * Maps compose: a scalar found inside embedded YAML (the `defaultPodTemplate` inside `values`) gets a map through
 * both levels to the file.
 */
import type { OffsetMap, SourceFile } from './source.js';
import { parseYaml } from './yaml.js';
import type { ParsedYaml, YScalar } from './yaml.js';

export interface EmbeddedMap extends OffsetMap {
  /** Offset in the file of an offset in the inner text. */
  toOriginal(innerOffset: number): number;
  /** Offset in the inner text of an offset in the file (clamped to the nearest character of the content). */
  toInner(originalOffset: number): number;
  /** False when the mapping had to fall back to the scalar's start. */
  readonly exact: boolean;
}

/** Where the scalar lives: the file itself, or the inner text of an enclosing embedded scalar. */
export interface Container {
  text: string;
  map?: EmbeddedMap;
}

interface Chunks {
  inner: number[];
  outer: number[];
  len: number[];
}

/** Piecewise-linear map over sorted chunks; offsets between chunks clamp to the end of the previous one. */
class ChunkMap {
  constructor(
    private readonly c: Chunks,
    private readonly fallback: number,
  ) {}

  private static find(starts: number[], x: number): number {
    let lo = 0;
    let hi = starts.length - 1;
    if (hi < 0 || x < starts[0]) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  toOuter(o: number): number {
    const { inner, outer, len } = this.c;
    if (inner.length === 0) return this.fallback;
    const i = ChunkMap.find(inner, o);
    if (i < 0) return outer[0];
    const d = o - inner[i];
    return outer[i] + Math.min(d, len[i]);
  }

  toInner(o: number): number {
    const { inner, outer, len } = this.c;
    if (inner.length === 0) return 0;
    // Chunks are sorted by outer offset too (the inner text is read in file order).
    const i = ChunkMap.find(outer, o);
    if (i < 0) return inner[0];
    const d = o - outer[i];
    return inner[i] + Math.min(d, len[i]);
  }
}

function pushChunk(c: Chunks, inner: number, outer: number, len: number): void {
  const n = c.inner.length - 1;
  // Merge with the previous chunk when contiguous on both sides.
  if (n >= 0 && c.inner[n] + c.len[n] === inner && c.outer[n] + c.len[n] === outer) {
    c.len[n] += len;
    return;
  }
  c.inner.push(inner);
  c.outer.push(outer);
  c.len.push(len);
}

/** Start and end (before `\r\n` or `\n`) of the line that starts at `start`; `next` is the next line's start. */
function lineAt(text: string, start: number): { end: number; next: number } {
  const nl = text.indexOf('\n', start);
  if (nl === -1) return { end: text.length, next: text.length + 1 };
  const end = nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
  return { end, next: nl + 1 };
}

function literalChunks(text: string, value: string, contentStart: number, indent: number): { chunks: Chunks; exact: boolean } {
  const chunks: Chunks = { inner: [], outer: [], len: [] };
  let exact = true;
  let innerPos = 0;
  let lineStart = contentStart;
  const lines = value.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const piece = lines[k];
    const isLast = k === lines.length - 1;
    if (lineStart > text.length) {
      // Chomping `+` can add line breaks past the last line; map them to the end.
      pushChunk(chunks, innerPos, text.length, 0);
      innerPos += piece.length + (isLast ? 0 : 1);
      continue;
    }
    const { end, next } = lineAt(text, lineStart);
    const outerStart = Math.min(lineStart + indent, end);
    if (piece.length > 0 && text.slice(outerStart, outerStart + piece.length) !== piece) exact = false;
    pushChunk(chunks, innerPos, outerStart, piece.length + (isLast ? 0 : 1));
    innerPos += piece.length + (isLast ? 0 : 1);
    lineStart = next;
  }
  return { chunks, exact };
}

function foldedChunks(text: string, value: string, contentStart: number, indent: number): { chunks: Chunks; exact: boolean } {
  const chunks: Chunks = { inner: [], outer: [], len: [] };
  let cur = 0;
  let lineStart = contentStart;
  while (cur < value.length && lineStart <= text.length) {
    const { end, next } = lineAt(text, lineStart);
    const line = text.slice(lineStart, end);
    const lead = line.length - line.trimStart().length;
    if (line.trim() !== '' && lead < indent) break; // the block ended
    const piece = line.length > indent ? line.slice(indent) : '';
    if (piece !== '') {
      const idx = value.indexOf(piece, cur);
      if (idx < 0 || value.slice(cur, idx).trim() !== '') return { chunks, exact: false };
      pushChunk(chunks, idx, lineStart + indent, piece.length);
      cur = idx + piece.length;
    }
    lineStart = next;
  }
  return { chunks, exact: cur >= value.trimEnd().length };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Decode a flow scalar (plain, single- or double-quoted) starting at `start` in `text`, recording for each output
 * character where it came from. Stops at the closing quote (quoted) or when `want` characters are out (plain).
 */
function flowChunks(text: string, start: number, style: number, want: number): { out: string; chunks: Chunks } {
  const chunks: Chunks = { inner: [], outer: [], len: [] };
  let out = '';
  const emit = (s: string, from: number, width: number): void => {
    // Characters of one source span: map the first to `from`, the others one by one when widths agree.
    for (let k = 0; k < s.length; k++) pushChunk(chunks, out.length + k, from + Math.min(k, width - 1), 1);
    out += s;
  };
  let pendingSpace: Array<[string, number]> = [];
  const flushSpace = (): void => {
    for (const [ch, at] of pendingSpace) emit(ch, at, 1);
    pendingSpace = [];
  };
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (style === 3 && ch === '"') {
      flushSpace();
      break;
    }
    if (style === 2 && ch === "'") {
      flushSpace();
      if (text[i + 1] === "'") {
        emit("'", i, 2);
        i += 2;
        continue;
      }
      break;
    }
    if (style === 1 && out.length + pendingSpace.length >= want) break;
    if (ch === ' ' || ch === '\t') {
      pendingSpace.push([ch, i]);
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      // Line folding: trailing white space is dropped; one break becomes a space, n breaks become n-1 newlines.
      const breakAt = i;
      pendingSpace = [];
      let breaks = 0;
      while (i < text.length && (text[i] === '\r' || text[i] === '\n' || text[i] === ' ' || text[i] === '\t')) {
        if (text[i] === '\n') breaks++;
        else if (text[i] === '\r' && text[i + 1] !== '\n') breaks++;
        i++;
      }
      if (breaks <= 1) emit(' ', breakAt, 1);
      else for (let b = 0; b < breaks - 1; b++) emit('\n', breakAt, 1);
      continue;
    }
    if (style === 3 && ch === '\\') {
      flushSpace();
      const e = text[i + 1];
      if (e === '\n' || e === '\r') {
        // Escaped line break: nothing, and the next line's leading white space is dropped.
        i += e === '\r' && text[i + 2] === '\n' ? 3 : 2;
        while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
        continue;
      }
      if (e !== undefined && SIMPLE_ESCAPES[e] !== undefined) {
        emit(SIMPLE_ESCAPES[e], i, 2);
        i += 2;
        continue;
      }
      const width = e !== undefined ? HEX_ESCAPES[e] : undefined;
      if (width !== undefined) {
        const hex = text.slice(i + 2, i + 2 + width);
        const code = /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (Number.isNaN(code) || code > 0x10ffff) return { out: '\u0000invalid', chunks };
        emit(String.fromCodePoint(code), i, 2 + width);
        i += 2 + width;
        continue;
      }
      return { out: '\u0000invalid', chunks };
    }
    flushSpace();
    emit(ch, i, 1);
    i++;
  }
  if (style === 1) flushSpace();
  return { out, chunks };
}

/** The inner text's map for `scalar` (whose offsets are file offsets), in `container`. */
export function embeddedMap(scalar: YScalar, container: Container): EmbeddedMap {
  const parent = container.map;
  const text = container.text;
  const local = (o: number): number => (parent ? parent.toInner(o) : o);
  const value = typeof scalar.value === 'string' ? scalar.value : String(scalar.value);
  const start = local(scalar.offset);
  const contentStart = local(scalar.contentOffset);

  let chunks: Chunks | undefined;
  let exact = false;
  if (scalar.style === 4) {
    const r = literalChunks(text, value, contentStart, Math.max(0, scalar.indent));
    chunks = r.chunks;
    exact = r.exact;
  } else if (scalar.style === 5) {
    const r = foldedChunks(text, value, contentStart, Math.max(0, scalar.indent));
    chunks = r.chunks;
    exact = r.exact;
  } else if (scalar.style === 1 || scalar.style === 2 || scalar.style === 3) {
    const r = flowChunks(text, contentStart, scalar.style, value.length);
    if (r.out === value) {
      chunks = r.chunks;
      exact = true;
    }
  }
  if (!exact || !chunks || (chunks.inner.length === 0 && value.length > 0)) {
    chunks = { inner: [], outer: [], len: [] };
    exact = false;
  }
  const cm = new ChunkMap(chunks, start);
  const outerFallback = parent ? parent.toOriginal(start) : start;
  return {
    exact,
    toOriginal(o: number): number {
      if (!exact) return outerFallback;
      const x = cm.toOuter(o);
      return parent ? parent.toOriginal(x) : x;
    },
    toInner(o: number): number {
      if (!exact) return 0;
      return cm.toInner(local(o));
    },
  };
}

export interface EmbeddedYaml {
  /** The inner text (the scalar's value). */
  text: string;
  map: EmbeddedMap;
  parsed: ParsedYaml;
}

/**
 * Parse the YAML held in a string scalar of `source` (found directly in the file, or inside `container`, an
 * enclosing embedded text). Nodes and diagnostics carry offsets and positions in `source`.
 */
export function parseEmbeddedYaml(source: SourceFile, scalar: YScalar, container?: Container): EmbeddedYaml {
  const text = typeof scalar.value === 'string' ? scalar.value : String(scalar.value);
  const map = embeddedMap(scalar, container ?? { text: source.text });
  const parsed = parseYaml(source, { text, offsetMap: map });
  return { text, map, parsed };
}
