/**
 * YAML with a source position for every node, read the way PyYAML's `safe_load` reads it (YAML 1.1):
 * `yes`/`no`/`on`/`off` are booleans, `010` is octal, `1:20` is sexagesimal, `<<` merges, timestamps,
 * and a duplicate key takes the last value (we add a warning with both positions).
 *
 * Built on js-yaml's `parseEvents`, which gives source offsets; scalar resolution is our own so that it
 * matches PyYAML's resolver exactly (js-yaml's YAML 1.1 schema differs on `y`/`n`, `+.5`, `1__0`, ...).
 * Hostile input is bounded: nesting depth, alias expansion and file size all have limits.
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, YAMLException } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';
import type { Diagnostic } from '../core/diagnostic.js';
import type { RuleId } from '../core/rules.js';
import { identityMap, positionOf } from './source.js';
import type { OffsetMap, SourceFile } from './source.js';

export type ScalarTag = 'str' | 'int' | 'float' | 'bool' | 'null' | 'timestamp' | 'binary';
export type ScalarValue = string | number | boolean | null | Date | Uint8Array;

interface YBase {
  /** Offset in the original file text where the node starts (a quoted scalar: its opening quote). */
  offset: number;
  /** Number of nodes this node stands for once aliases are expanded (bounds alias bombs). */
  size: number;
}

export interface YScalar extends YBase {
  kind: 'scalar';
  tag: ScalarTag;
  value: ScalarValue;
  /** 1 plain, 2 single-quoted, 3 double-quoted, 4 literal block, 5 folded block. */
  style: number;
  /** Offset (original text) of the first character of the scalar's content; for block scalars the first content line. */
  contentOffset: number;
  /** Block scalars: the content indentation (spaces stripped from each line). */
  indent: number;
}

export interface YPair {
  key: YNode;
  value: YNode;
  /** The key as a string when it is a string scalar; undefined for any other key. */
  name: string | undefined;
  /** True when the pair came from a `<<` merge. */
  merged: boolean;
}

export interface YMap extends YBase {
  kind: 'map';
  /** Effective pairs after merges and duplicate resolution, in source order of first appearance. */
  pairs: YPair[];
  /** String keys to their effective pair. */
  byKey: Map<string, YPair>;
  /** `!!set`: PyYAML builds a Python set of the keys (not a dict). */
  pyType?: 'set';
}

export interface YSeq extends YBase {
  kind: 'seq';
  items: YNode[];
  /** `!!omap` or `!!pairs`: PyYAML builds a list of (key, value) tuples from one-pair mappings. */
  pyType?: 'omap' | 'pairs';
}

export type YNode = YScalar | YMap | YSeq;

export interface YDocument {
  root: YNode | null;
  explicitStart: boolean;
}

export interface ParsedYaml {
  source: SourceFile;
  documents: YDocument[];
  /** Syntax errors (then `documents` is empty), duplicate-key warnings, limit errors. */
  diagnostics: Diagnostic[];
}

export interface YamlLimits {
  /** Deepest nesting of collections. */
  maxDepth: number;
  /** Largest number of nodes once aliases are expanded. */
  maxNodes: number;
}

export const DEFAULT_LIMITS: YamlLimits = { maxDepth: 200, maxNodes: 5_000_000 };

export interface ParseOptions {
  /** The text to parse when it differs from `source.text` (after environment substitution). */
  text?: string;
  /** Maps offsets of `text` back to `source.text`. */
  offsetMap?: OffsetMap;
  limits?: Partial<YamlLimits>;
}

class YamlLimitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly rule: RuleId,
    readonly hint: string,
  ) {
    super(message);
  }
}

// PyYAML's implicit resolvers (resolver.py), YAML 1.1.
const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT_RE =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP_RE =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
const TIMESTAMP_PARTS_RE =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;

function sexagesimal(digits: string): number {
  let value = 0;
  for (const part of digits.split(':')) value = value * 60 + Number(part);
  return value;
}

function constructInt(text: string): number {
  let s = text.replace(/_/g, '');
  let sign = 1;
  if (s[0] === '-') sign = -1;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  if (s === '0') return 0;
  if (s.startsWith('0b')) return sign * parseInt(s.slice(2), 2);
  if (s.startsWith('0x')) return sign * parseInt(s.slice(2), 16);
  if (s[0] === '0') return sign * parseInt(s, 8);
  if (s.includes(':')) return sign * sexagesimal(s);
  return sign * Number(s);
}

function constructFloat(text: string): number {
  let s = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (s[0] === '-') sign = -1;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  if (s === '.inf') return sign * Infinity;
  if (s === '.nan') return NaN;
  if (s.includes(':')) return sign * sexagesimal(s);
  return sign * Number(s.endsWith('.') ? s + '0' : s);
}

function constructTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP_PARTS_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, tz, tzSign, tzH, tzM] = m;
  // Python's datetime refuses what Date.UTC would roll over: check each field's range as it does.
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays) return undefined;
  if (Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 59) return undefined;
  if (tz && tz !== 'Z' && Number(tzH) * 60 + Number(tzM ?? 0) >= 24 * 60) return undefined;
  const ms = frac ? Math.round(Number('0.' + frac) * 1000) : 0;
  let t = Date.UTC(year, month - 1, day, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (year < 100) t = new Date(t).setUTCFullYear(year); // Date.UTC reads years 0-99 as 1900-1999
  if (tz && tz !== 'Z') {
    const off = (Number(tzH) * 60 + Number(tzM ?? 0)) * 60_000;
    t -= tzSign === '-' ? -off : off;
  }
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Resolve a plain scalar exactly as PyYAML's SafeLoader does. */
export function resolvePlain(text: string): { tag: ScalarTag; value: ScalarValue } | { error: string } {
  // Most plain scalars (keys, names) start with a letter no resolver but str can match: skip the regexes.
  if (!MAYBE_TYPED_FIRST.has(text.charCodeAt(0))) return { tag: 'str', value: text };
  if (text === '=') return { error: "could not determine a constructor for the tag 'tag:yaml.org,2002:value'" };
  if (NULL_RE.test(text)) return { tag: 'null', value: null };
  if (BOOL_RE.test(text)) return { tag: 'bool', value: /^(?:yes|true|on)$/i.test(text) };
  if (INT_RE.test(text)) return { tag: 'int', value: constructInt(text) };
  if (FLOAT_RE.test(text)) return { tag: 'float', value: constructFloat(text) };
  if (TIMESTAMP_RE.test(text)) {
    const date = constructTimestamp(text);
    if (date) return { tag: 'timestamp', value: date };
    return { error: `invalid timestamp ${JSON.stringify(text)}` };
  }
  return { tag: 'str', value: text };
}

/** First characters with which a plain scalar may be something other than a string (PyYAML's resolver keys). */
const MAYBE_TYPED_FIRST = new Set(
  [...'~nNyYtTfFoO0123456789-+.='].map((c) => c.charCodeAt(0)).concat([NaN]), // NaN: the empty string
);

const STANDARD_TAG_PREFIX = 'tag:yaml.org,2002:';

function explicitScalar(tagName: string, text: string): { tag: ScalarTag; value: ScalarValue } | { error: string } {
  const bad = (): { error: string } => ({ error: `cannot read ${JSON.stringify(text)} as !!${tagName}` });
  switch (tagName) {
    case 'str':
      return { tag: 'str', value: text };
    case 'int':
      return INT_RE.test(text) ? { tag: 'int', value: constructInt(text) } : bad();
    case 'float':
      return FLOAT_RE.test(text) || INT_RE.test(text) ? { tag: 'float', value: constructFloat(text) } : bad();
    case 'bool':
      return BOOL_RE.test(text) ? { tag: 'bool', value: /^(?:yes|true|on)$/i.test(text) } : bad();
    case 'null':
      return { tag: 'null', value: null };
    case 'timestamp': {
      const date = constructTimestamp(text);
      return date ? { tag: 'timestamp', value: date } : bad();
    }
    case 'binary':
      try {
        return { tag: 'binary', value: new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'base64')) };
      } catch {
        return bad();
      }
    default:
      return { error: `could not determine a constructor for the tag '${STANDARD_TAG_PREFIX}${tagName}'` };
  }
}

/** Normalise a tag as written (`!!str`, `!<tag:yaml.org,2002:str>`, `!`, `!foo`) to a short standard name or the full tag. */
function tagName(written: string): { standard?: string; full: string } {
  if (written === '!') return { standard: 'nonspecific', full: '!' };
  if (written.startsWith('!!')) return { standard: written.slice(2), full: STANDARD_TAG_PREFIX + written.slice(2) };
  const verbatim = /^!<(.*)>$/.exec(written);
  const full = verbatim ? verbatim[1] : written;
  if (full.startsWith(STANDARD_TAG_PREFIX)) return { standard: full.slice(STANDARD_TAG_PREFIX.length), full };
  return { full };
}

export function scalarKeyString(node: YNode): string | undefined {
  return node.kind === 'scalar' && node.tag === 'str' ? (node.value as string) : undefined;
}

/** A key's identity for duplicate detection (PyYAML keys are Python values: `1` and `"1"` differ). */
function keyIdentity(node: YNode): string | undefined {
  if (node.kind !== 'scalar') return undefined;
  const v = node.value;
  // Non-string keys get a NUL prefix so they never equal a string key (YAML text has no NUL).
  if (v instanceof Date) return `\u0000timestamp:${v.toISOString()}`;
  if (v instanceof Uint8Array) return `\u0000binary:${Buffer.from(v).toString('base64')}`;
  if (node.tag === 'bool') return `\u0000int:${v ? 1 : 0}`; // Python: True == 1
  if (node.tag === 'float' && Number.isInteger(v)) return `\u0000int:${String(v)}`;
  if (node.tag === 'str') return v as string;
  return `\u0000${node.tag}:${String(v)}`;
}

interface OpenCollection {
  node: YMap | YSeq;
  anchor?: string;
  /** Mapping under construction: the key waiting for its value. */
  pendingKey: YNode | undefined;
  /** Pairs of a mapping as written, before merge and duplicate resolution. */
  rawPairs: YPair[];
}

/** Parse a (possibly multi-document) YAML file into positioned nodes. Never throws for bad input. */
export function parseYaml(source: SourceFile, options: ParseOptions = {}): ParsedYaml {
  const text = options.text ?? source.text;
  const map = options.offsetMap ?? identityMap;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): { line: number; column: number } => positionOf(source, map.toOriginal(offset));

  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: limits.maxDepth });
  } catch (err) {
    diagnostics.push(syntaxDiagnostic(source, err, map, limits));
    return { source, documents: [], diagnostics };
  }

  try {
    const documents = buildDocuments(source, text, events, map, limits, diagnostics);
    return { source, documents, diagnostics };
  } catch (err) {
    if (err instanceof YamlLimitError) {
      const pos = at(err.offset);
      diagnostics.push({
        rule: err.rule,
        severity: 'error',
        file: source.path,
        line: pos.line,
        column: pos.column,
        message: err.message,
        hint: err.hint,
      });
      return { source, documents: [], diagnostics };
    }
    throw err;
  }
}

function syntaxDiagnostic(source: SourceFile, err: unknown, map: OffsetMap, limits: YamlLimits): Diagnostic {
  if (err instanceof YAMLException) {
    const reason = err.reason || 'invalid YAML';
    const offset = err.mark ? map.toOriginal(err.mark.position) : 0;
    const pos = positionOf(source, offset);
    const tooDeep = /depth|nest/i.test(reason);
    return {
      rule: tooDeep ? 'yaml/too-deep' : 'yaml/syntax',
      severity: 'error',
      file: source.path,
      line: pos.line,
      column: pos.column,
      message: tooDeep ? `YAML nesting is deeper than ${limits.maxDepth} levels` : `YAML syntax error: ${reason}`,
      hint: tooDeep
        ? 'No configuration needs this depth; the file is probably generated wrongly or hostile.'
        : 'Fix the YAML at this position (check indentation, unclosed quotes and brackets, and tabs).',
    };
  }
  // A RangeError or similar from the parser on pathological input: still a positioned, clear error.
  return {
    rule: 'yaml/syntax',
    severity: 'error',
    file: source.path,
    line: 1,
    column: 1,
    message: `YAML could not be parsed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    hint: 'Check that the file is YAML.',
  };
}

/**
 * Long because it is the composer of the YAML reader: one switch over js-yaml's events with the stacks every case
 * shares (as PyYAML's composer is one loop).
 */
function buildDocuments(
  source: SourceFile,
  text: string,
  events: Event[],
  map: OffsetMap,
  limits: YamlLimits,
  diagnostics: Diagnostic[],
): YDocument[] {
  const documents: YDocument[] = [];
  const anchors = new Map<string, YNode>();
  const openAnchors = new Set<string>();
  // PyYAML's composer refuses an anchor name used twice in one document ("found duplicate anchor").
  const seenAnchors = new Set<string>();
  const defineAnchor = (e: { anchorStart: number; anchorEnd: number }): void => {
    if (e.anchorStart < 0) return;
    const name = text.slice(e.anchorStart, e.anchorEnd);
    if (seenAnchors.has(name)) {
      fail(map.toOriginal(Math.max(0, e.anchorStart - 1)), `found duplicate anchor &${name} in this document`, 'yaml/duplicate-anchor',
        `PyYAML (and so Nodepool) rejects an anchor name defined twice in one document: rename this one, e.g. &${name}2, and its aliases.`);
    }
    seenAnchors.add(name);
  };
  const stack: OpenCollection[] = [];
  let doc: YDocument | null = null;
  let total = 0;
  // End of the last scalar seen: where an empty value (which has no offset of its own) is reported.
  let lastEnd = 0;

  const position = (offset: number) => positionOf(source, offset);
  const fail = (offset: number, message: string, rule: RuleId = 'yaml/construct', hint = 'Fix the YAML at this position.') => {
    throw new YamlLimitError(message, offset, rule, hint);
  };

  const count = (n: number, offset: number): void => {
    total += n;
    if (total > limits.maxNodes) {
      fail(
        offset,
        `YAML expands to more than ${limits.maxNodes.toLocaleString('en-US')} nodes (aliases included)`,
        'yaml/too-large',
        'This looks like an alias bomb ("billion laughs"); remove the nested aliases.',
      );
    }
  };

  const attach = (node: YNode, anchor: string | undefined): void => {
    if (anchor !== undefined) {
      anchors.set(anchor, node);
      openAnchors.delete(anchor);
    }
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (doc) doc.root = node;
      return;
    }
    parent.node.size += node.size;
    if (parent.node.kind === 'seq') parent.node.items.push(node);
    else if (parent.pendingKey === undefined) parent.pendingKey = node;
    else {
      const key = parent.pendingKey;
      parent.rawPairs.push({ key, value: node, name: scalarKeyString(key), merged: false });
      parent.pendingKey = undefined;
    }
  };

  const anchorOf = (e: { anchorStart: number; anchorEnd: number }): string | undefined =>
    e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : undefined;
  const tagOf = (e: { tagStart: number; tagEnd: number }): string | undefined =>
    e.tagStart >= 0 ? text.slice(e.tagStart, e.tagEnd) : undefined;
  // PyYAML's scanner wants a space or a line break right after a tag (not a tab, not `}` or `,`).
  const checkTagEnd = (e: { tagStart: number; tagEnd: number }): void => {
    if (e.tagStart < 0 || e.tagEnd >= text.length) return;
    const ch = text[e.tagEnd];
    if (!' \r\n\u0085\u2028\u2029\u0000'.includes(ch)) {
      fail(map.toOriginal(e.tagEnd), `expected a space after the tag ${text.slice(e.tagStart, e.tagEnd)}, but found ${JSON.stringify(ch)}`,
        'yaml/syntax', 'Put a space (or a line break) after the tag, as PyYAML (and so Nodepool) requires.');
    }
  };

  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        doc = { root: null, explicitStart: e.explicitStart };
        documents.push(doc);
        anchors.clear();
        seenAnchors.clear();
        break;
      case EVENT_ID.SCALAR: {
        checkTagEnd(e);
        defineAnchor(e);
        const node = makeScalar(text, e, map, tagOf(e), fail, lastEnd);
        if (node.style === SCALAR_STYLE.PLAIN && node.value === '<<' && tagOf(e) === undefined) {
          // PyYAML resolves a plain `<<` to the merge tag anywhere; only a mapping key can merge.
          const parent = stack[stack.length - 1];
          if (!parent || parent.node.kind !== 'map' || parent.pendingKey !== undefined) {
            fail(node.offset, "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'", 'yaml/construct',
              'A plain `<<` is a merge key: quote it (\'<<\') to mean the text.');
          }
        }
        if (e.valueEnd >= 0) lastEnd = e.valueEnd;
        count(1, e.valueStart);
        attach(node, anchorOf(e));
        break;
      }
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        const written = tagOf(e);
        const offset = map.toOriginal(e.start);
        let pyType: 'set' | 'omap' | 'pairs' | undefined;
        if (written !== undefined) {
          const t = tagName(written);
          const want = e.type === EVENT_ID.SEQUENCE ? 'seq' : 'map';
          // PyYAML's SafeLoader also reads !!set (a mapping) and !!omap and !!pairs (a sequence).
          const python = want === 'map' ? ['set'] : ['omap', 'pairs'];
          if (t.standard !== undefined && python.includes(t.standard)) pyType = t.standard as typeof pyType;
          else if (t.standard !== want && t.standard !== 'nonspecific') {
            fail(offset, `could not determine a constructor for the tag '${t.full}'`, 'yaml/unknown-tag',
              'Remove the tag: only the standard YAML tags are read (as PyYAML safe_load does).');
          }
        }
        checkTagEnd(e);
        defineAnchor(e);
        const anchor = anchorOf(e);
        if (anchor !== undefined) openAnchors.add(anchor);
        const node: YMap | YSeq =
          e.type === EVENT_ID.SEQUENCE
            ? { kind: 'seq', offset, size: 1, items: [], ...(pyType ? { pyType: pyType as 'omap' | 'pairs' } : {}) }
            : { kind: 'map', offset, size: 1, pairs: [], byKey: new Map(), ...(pyType ? { pyType: 'set' as const } : {}) };
        count(1, e.start);
        stack.push({ node, anchor, pendingKey: undefined, rawPairs: [] });
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(e.anchorStart, e.anchorEnd);
        const offset = map.toOriginal(Math.max(0, e.anchorStart - 1));
        if (openAnchors.has(name)) {
          fail(offset, `recursive alias *${name} refers to the collection that contains it`, 'yaml/recursive-alias',
            'Recursive structures are not allowed in configuration; copy the values instead.');
        }
        const target = anchors.get(name);
        if (!target) {
          fail(offset, `found undefined alias *${name}`, 'yaml/undefined-alias', `Define the anchor &${name} before using it.`);
        }
        count(target!.size, e.anchorStart);
        attach(target!, undefined);
        break;
      }
      case EVENT_ID.POP: {
        const open = stack.pop();
        if (!open) {
          doc = null; // end of document
          break;
        }
        if (open.node.kind === 'map') finishMap(source, open.node, open.rawPairs, map, position, diagnostics, fail);
        if (open.node.kind === 'seq' && open.node.pyType) {
          const bad = open.node.items.find((i) => i.kind !== 'map' || i.pairs.length !== 1);
          if (bad) {
            fail(bad.offset, `expected a single mapping item for !!${open.node.pyType}, but found ${describeNode(bad)}`, 'yaml/construct',
              `Each item of a !!${open.node.pyType} is a mapping with one key.`);
          }
        }
        attach(open.node, open.anchor);
        break;
      }
    }
  }
  return documents;
}

function makeScalar(
  text: string,
  e: ScalarEvent,
  map: OffsetMap,
  written: string | undefined,
  fail: (offset: number, message: string, rule?: RuleId, hint?: string) => never,
  emptyAt: number,
): YScalar {
  const raw = e.valueStart < 0 ? '' : getScalarValue(text, e);
  const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
  let startOffset = e.valueStart < 0 ? emptyAt : quoted ? Math.max(0, e.valueStart - 1) : e.valueStart;
  if ((e.style === SCALAR_STYLE.LITERAL_BLOCK || e.style === SCALAR_STYLE.FOLDED_BLOCK) && e.valueStart >= 0) {
    // A block scalar starts at its `|` or `>` indicator on the key's line (where PyYAML marks it), not at its content.
    const from = Math.max(emptyAt, e.tagEnd, e.anchorEnd, 0);
    const header = /[|>]/.exec(text.slice(from, e.valueStart));
    if (header) startOffset = from + header.index;
  }
  const offset = map.toOriginal(e.tagStart >= 0 ? Math.min(e.tagStart, startOffset) : startOffset);
  let resolved: { tag: ScalarTag; value: ScalarValue } | { error: string };
  if (written !== undefined) {
    const t = tagName(written);
    if (t.standard === 'nonspecific') resolved = { tag: 'str', value: raw };
    else if (t.standard !== undefined) resolved = explicitScalar(t.standard, raw);
    else resolved = { error: `could not determine a constructor for the tag '${t.full}'` };
  } else if (e.style === SCALAR_STYLE.PLAIN) {
    resolved = resolvePlain(raw);
  } else {
    resolved = { tag: 'str', value: raw };
  }
  if ('error' in resolved) {
    fail(offset, resolved.error, 'yaml/unknown-tag', 'Remove the tag or quote the value: only standard YAML tags are read (as PyYAML safe_load does).');
  }
  const ok = resolved as { tag: ScalarTag; value: ScalarValue };
  return {
    kind: 'scalar',
    tag: ok.tag,
    value: ok.value,
    style: e.style,
    offset,
    contentOffset: map.toOriginal(e.valueStart < 0 ? startOffset : e.valueStart),
    indent: e.indent,
    size: 1,
  };
}

/** Long because PyYAML's merge-key (`<<`) and duplicate-key rules for one mapping share its key index. */
function finishMap(
  source: SourceFile,
  node: YMap,
  rawPairs: YPair[],
  map: OffsetMap,
  position: (offset: number) => { line: number; column: number },
  diagnostics: Diagnostic[],
  fail: (offset: number, message: string, rule?: RuleId, hint?: string) => never,
): void {
  void map;
  const mergedPairs: YPair[] = [];
  let explicit: YPair[] = rawPairs;
  let hasMerge = false;
  for (const p of rawPairs) {
    const key = p.key;
    if (key.kind !== 'scalar') {
      fail(key.offset, 'found unhashable key: a mapping key must be a scalar', 'yaml/construct', 'Use a plain string as the key.');
    }
    if (p.name === '<<' && (key as YScalar).style === SCALAR_STYLE.PLAIN) hasMerge = true;
  }
  if (hasMerge) explicit = [];
  for (const raw of hasMerge ? rawPairs : []) {
    const { key, value } = raw;
    if (key.kind === 'scalar' && key.style === SCALAR_STYLE.PLAIN && key.tag === 'str' && key.value === '<<') {
      // PyYAML flatten_mapping: a list merges its maps with the first one winning.
      const sources = value.kind === 'map' ? [value] : value.kind === 'seq' ? value.items : [];
      if (sources.length === 0 || sources.some((s) => s.kind !== 'map')) {
        fail(value.offset, 'expected a mapping or list of mappings for merging', 'yaml/merge',
          'The value of `<<` must be an alias to a mapping (`<<: *defaults`) or a list of them.');
      }
      const group: YPair[] = [];
      for (const s of [...sources].reverse()) {
        for (const p of (s as YMap).pairs) group.push({ ...p, merged: true });
      }
      mergedPairs.push(...group);
      continue;
    }
    explicit.push(raw);
  }

  // Duplicate explicit keys: PyYAML keeps the last silently; we warn with both positions.
  // String keys are checked through byKey (built here anyway); other keys through a map made only when needed.
  let others: Map<string, YPair> | undefined;
  let duplicates = false;
  for (const p of explicit) {
    let first: YPair | undefined;
    if (p.name !== undefined) {
      first = node.byKey.get(p.name);
      node.byKey.set(p.name, p);
    } else {
      others ??= new Map();
      const id = keyIdentity(p.key)!;
      first = others.get(id);
      others.set(id, p);
    }
    if (first) {
      duplicates = true;
      const a = position(first.key.offset);
      const b = position(p.key.offset);
      diagnostics.push({
        rule: 'yaml/duplicate-key',
        severity: 'warning',
        file: source.path,
        line: b.line,
        column: b.column,
        message: `duplicate key ${JSON.stringify(String((p.key as YScalar).value))}: first at line ${a.line}, column ${a.column}; this one (line ${b.line}, column ${b.column}) wins`,
        hint: 'Nodepool (PyYAML) silently keeps the last value; remove one of the two.',
      });
    }
  }

  if (!duplicates && mergedPairs.length === 0) {
    // The common case: no merges, no duplicates (byKey is complete).
    node.pairs = explicit;
    return;
  }
  node.byKey.clear();
  const order: string[] = [];
  const effective = new Map<string, YPair>();
  for (const p of [...mergedPairs, ...explicit]) {
    const id = p.name !== undefined ? p.name : keyIdentity(p.key)!;
    if (!effective.has(id)) order.push(id);
    effective.set(id, p);
  }
  for (const id of order) {
    const p = effective.get(id)!;
    node.pairs.push(p);
    if (p.name !== undefined) node.byKey.set(p.name, p);
  }
}

/** Plain JavaScript value of a node (aliases shared, not copied). Maps become objects with string keys. */
export function toJS(node: YNode | null): unknown {
  if (node === null) return null;
  const memo = new Map<YNode, unknown>();
  const walk = (n: YNode): unknown => {
    const done = memo.get(n);
    if (done !== undefined) return done;
    let out: unknown;
    if (n.kind === 'scalar') out = n.value;
    else if (n.kind === 'seq') {
      const arr: unknown[] = [];
      memo.set(n, arr);
      for (const item of n.items) arr.push(walk(item));
      out = arr;
    } else {
      const obj: Record<string, unknown> = {};
      memo.set(n, obj);
      for (const p of n.pairs) {
        const k = p.key.kind === 'scalar' ? String(p.key.value) : '';
        Object.defineProperty(obj, k, { value: walk(p.value), enumerable: true, writable: true, configurable: true });
      }
      out = obj;
    }
    memo.set(n, out);
    return out;
  };
  return walk(node);
}

/** Describe a node's type in words for messages: "a string", "an integer", "a list", ... */
export function describeNode(node: YNode | null | undefined): string {
  if (!node) return 'nothing';
  if (node.kind === 'map') return node.pyType ? 'a set (!!set)' : 'a mapping';
  if (node.kind === 'seq') return node.pyType ? `a list of pairs (!!${node.pyType})` : 'a list';
  switch (node.tag) {
    case 'str':
      return `the string ${JSON.stringify(truncate(node.value as string))}`;
    case 'int':
      return `the integer ${String(node.value)}`;
    case 'float':
      return `the float ${formatFloat(node.value as number)}`;
    case 'bool':
      return `the boolean ${node.value ? 'true' : 'false'}`;
    case 'null':
      return 'null (an empty value)';
    case 'timestamp':
      return `a date (${(node.value as Date).toISOString().slice(0, 10)}; quote it to make it a string)`;
    case 'binary':
      return 'binary data';
  }
}

function truncate(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function formatFloat(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/** Offset of a pair's key, for diagnostics about a key. */
export function keyOffset(pair: YPair): number {
  return pair.key.offset;
}
