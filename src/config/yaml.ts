/**
 * YAML with a source position for every node, read the way PyYAML's `safe_load` reads it (YAML 1.1):
 * `yes`/`no`/`on`/`off` are booleans, `010` is octal, `1:20` is sexagesimal, `<<` merges, timestamps,
 * and a duplicate key takes the last value (we add a warning with both positions).
 *
 * The events come from our own scanner and parser (yaml-scan.ts), which follow PyYAML's and say which of Nodepool's
 * two loaders (pure-Python PyYAML for `config-validate`, libyaml for the launcher) refuses a text; composition,
 * tag resolution, merge keys and construction here follow PyYAML 6.0.4's SafeLoader.
 * Hostile input is bounded: nesting depth and alias expansion have limits.
 */
import { Ev, scanEvents, YamlSyntaxError } from './yaml-scan.js';
import type { Loader, ScalarEv, YamlEvent } from './yaml-scan.js';

export type { Loader } from './yaml-scan.js';
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
  /** A tag of the reader's own (ParseOptions.localTags, e.g. Zuul's `!encrypted/pkcs1-oaep`): the node is that object. */
  localTag?: string;
}

export interface YScalar extends YBase {
  kind: 'scalar';
  tag: ScalarTag;
  value: ScalarValue;
  /** The scalar's text as read (before tag resolution): PyYAML's node value. */
  text: string;
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

/** String keys to their pairs (a Map is one too). */
export interface PairLookup {
  get(name: string): YPair | undefined;
  has(name: string): boolean;
}

/**
 * A mapping's string keys to its effective pairs, read along the pairs (most mappings have a few keys) and indexed
 * in a Map only for a larger one, when first asked: a Map per mapping was much of what a large file's tree weighs.
 */
export class KeyIndex implements PairLookup {
  private index: Map<string, YPair> | undefined;

  /** `pairs`: distinct names (a mapping's effective pairs). */
  constructor(private readonly pairs: readonly YPair[]) {}

  get(name: string): YPair | undefined {
    const pairs = this.pairs;
    if (pairs.length <= 8) {
      for (let i = 0; i < pairs.length; i++) if (pairs[i].name === name) return pairs[i];
      return undefined;
    }
    return (this.index ?? this.indexed()).get(name);
  }

  /**
   * The Map of a larger mapping, made once. Apart from get, which the optimizing compiler copies into each of its many
   * callers: the copies stay small (each one was compiled with this loop, a good part of the checks' compile time).
   */
  private indexed(): Map<string, YPair> {
    const index = new Map<string, YPair>();
    for (const p of this.pairs) if (p.name !== undefined) index.set(p.name, p);
    this.index = index;
    return index;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

const NO_PAIRS = new KeyIndex([]);
/** An open collection's content until it is complete (then its own array): no array made per collection for it. */
const NO_ITEMS: YNode[] = [];
const NO_PAIR_LIST: YPair[] = [];

export interface YMap extends YBase {
  kind: 'map';
  /** Effective pairs after merges and duplicate resolution, in source order of first appearance. */
  pairs: YPair[];
  /** String keys to their effective pair. */
  byKey: PairLookup;
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
  /** When the text is refused: which of Nodepool's loaders refuses it (`both` for construct and limit errors too). */
  refusedBy?: Loader;
}

export interface YamlLimits {
  /** Deepest nesting of collections. */
  maxDepth: number;
  /** Largest number of nodes once aliases are expanded. */
  maxNodes: number;
}

/**
 * maxDepth: a bound of our own, past what either loader reads (libyaml stops at 1000 block and flow levels, which
 * indentless lists can double; pure PyYAML near 490): the loaders' own limits are what refuses a deep text.
 */
export const DEFAULT_LIMITS: YamlLimits = { maxDepth: 2_000, maxNodes: 5_000_000 };

export interface ParseOptions {
  /** The text to parse when it differs from `source.text` (after environment substitution). */
  text?: string;
  /** Maps offsets of `text` back to `source.text`. */
  offsetMap?: OffsetMap;
  limits?: Partial<YamlLimits>;
  /**
   * Read as libyaml alone reads it (PyYAML's CSafeLoader: what Zuul's loader is built on), rather than as both of
   * Nodepool's loaders: a text only pure-Python PyYAML refuses is read.
   */
  libyaml?: boolean;
  /**
   * Local tags the reader's loader has constructors for (Zuul: `!encrypted/pkcs1-oaep`, `!override`, `!inherit`): a
   * node with one is composed as written (a scalar is a string), marked with `localTag`, instead of being refused.
   */
  localTags?: ReadonlySet<string>;
  /**
   * Called with each mapping's pairs as written (before `<<` merges and duplicate resolution), once per mapping node:
   * for a loader's own checks on them (Zuul refuses a key written twice).
   */
  onMapping?: (rawPairs: readonly YPair[], node: YMap) => void;
  /**
   * Read a recursive alias (`&r [*r]`, an alias inside the collection its anchor names) as PyYAML does: a value that
   * contains itself. For Nodepool's and Zuul's files, whose checks here walk values with cycles in mind. Without it
   * the alias is refused (yaml/recursive-alias), as the other files' readers refuse it (Kubernetes' and kubeconfig's
   * YAML readers) or hand the value on as JSON, which cannot hold a cycle.
   */
  recursive?: boolean;
}

/** What composition needs of ParseOptions. */
interface ComposeOptions {
  localTags?: ReadonlySet<string>;
  onMapping?: (rawPairs: readonly YPair[], node: YMap) => void;
  recursive?: boolean;
}

/**
 * A refusal of the document builder. PyYAML's composer refuses as it reads (an undefined alias, a duplicate anchor:
 * `composing`), its constructor once the document is composed (a tag, a merge, a key): the reader gives the first
 * refusal in that order, as the loaders' marks do.
 */
class YamlLimitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly rule: RuleId,
    readonly hint: string,
    readonly composing = false,
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
  // PyYAML keeps six digits of the fraction (truncated) as microseconds; a Date keeps whole milliseconds of them.
  const ms = frac ? Math.trunc(Number(frac.slice(0, 6).padEnd(6, '0')) / 1000) : 0;
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
  // A decimal integer without sign, `_` or leading zero (most numbers of a config): what INT_RE and constructInt make of it.
  const first = text.charCodeAt(0);
  if (first >= 0x31 && first <= 0x39) {
    // Not past the text's end: a read there (NaN) deoptimizes the compiled reader, which is then compiled again.
    const n = text.length;
    let i = 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      i++;
    }
    if (i === n) return { tag: 'int', value: Number(text) };
  }
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
const TYPED_FIRST = new Uint8Array(128);
for (const c of '~nNyYtTfFoO0123456789-+.=') TYPED_FIRST[c.charCodeAt(0)] = 1;
const MAYBE_TYPED_FIRST = {
  /** Whether a text starting with this code unit (NaN: the empty text) may resolve to something other than a string. */
  has: (code: number): boolean => Number.isNaN(code) || (code < 128 && TYPED_FIRST[code] === 1),
};

const STANDARD_TAG_PREFIX = 'tag:yaml.org,2002:';

/** Python's `int(text)` (base 10 or the given base): surrounding whitespace allowed, nothing else. */
function pyInt(text: string, base: 2 | 8 | 10 | 16): number | undefined {
  const t = text.trim();
  const digits = { 2: /^[01]+$/, 8: /^(?:0o)?[0-7]+$/i, 10: /^[0-9]+$/, 16: /^(?:0x)?[0-9a-f]+$/i }[base];
  if (!digits.test(t)) return undefined;
  const body = base === 8 || base === 16 ? t.replace(/^0[ox]/i, '') : t;
  return base === 10 ? Number(body) : parseInt(body, base);
}

/** Python's `float(text)`. */
function pyFloat(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const m = /^([-+]?)(?:(inf|infinity)|(nan)|((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?))$/.exec(t);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2]) return sign * Infinity;
  if (m[3]) return NaN;
  return sign * Number(m[4]);
}

/** SafeConstructor's construct_yaml_int on any text (an explicit `!!int`). */
function constructIntExplicit(text: string): number | undefined {
  let v = text.replace(/_/g, '');
  if (v === '') return undefined;
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  if (v === '0') return 0;
  let n: number | undefined;
  if (v.startsWith('0b')) n = pyInt(v.slice(2), 2);
  else if (v.startsWith('0x')) n = pyInt(v.slice(2), 16);
  else if (v[0] === '0') n = pyInt(v, 8);
  else if (v.includes(':')) {
    const parts = v.split(':').map((p) => pyInt(p, 10));
    if (parts.some((p) => p === undefined)) return undefined;
    n = 0;
    for (const p of parts) n = n * 60 + p!;
  } else n = pyInt(v, 10);
  return n === undefined ? undefined : sign * n;
}

/** SafeConstructor's construct_yaml_float on any text (an explicit `!!float`). */
function constructFloatExplicit(text: string): number | undefined {
  let v = text.replace(/_/g, '').toLowerCase();
  if (v === '') return undefined;
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  if (v === '.inf') return sign * Infinity;
  if (v === '.nan') return NaN;
  if (v.includes(':')) {
    const parts = v.split(':').map(pyFloat);
    if (parts.some((p) => p === undefined)) return undefined;
    let n = 0;
    for (const p of parts) n = n * 60 + p!;
    return sign * n;
  }
  const f = pyFloat(v);
  return f === undefined ? undefined : sign * f;
}

/** Python's `base64.decodebytes` (binascii.a2b_base64, not strict): other characters skipped, padding checked. */
function decodeBase64(text: string): Uint8Array | undefined {
  if (!/^[\p{ASCII}]*$/u.test(text)) return undefined; // "failed to convert base64 data into ascii characters"
  let quad = 0;
  let pads = 0;
  let data = '';
  for (const c of text) {
    if (c === '=') {
      if (quad >= 2 && quad + ++pads >= 4) {
        quad = 0;
        break;
      }
      continue;
    }
    if (!/[A-Za-z0-9+/]/.test(c)) continue;
    pads = 0;
    data += c;
    quad = (quad + 1) % 4;
  }
  if (quad !== 0) return undefined;
  return new Uint8Array(Buffer.from(data, 'base64'));
}

const BOOL_VALUES: Record<string, boolean> = { yes: true, no: false, true: true, false: false, on: true, off: false };

function explicitScalar(tagName: string, text: string): { tag: ScalarTag; value: ScalarValue } | { error: string } {
  const bad = (): { error: string } => ({ error: `cannot read ${JSON.stringify(text)} as !!${tagName}` });
  switch (tagName) {
    case 'str':
      return { tag: 'str', value: text };
    case 'int': {
      const n = constructIntExplicit(text);
      return n === undefined ? bad() : { tag: 'int', value: n };
    }
    case 'float': {
      const n = constructFloatExplicit(text);
      return n === undefined ? bad() : { tag: 'float', value: n };
    }
    case 'bool': {
      const b = BOOL_VALUES[text.toLowerCase()];
      return b === undefined ? bad() : { tag: 'bool', value: b };
    }
    case 'null':
      return { tag: 'null', value: null };
    case 'timestamp': {
      const date = constructTimestamp(text);
      return date ? { tag: 'timestamp', value: date } : bad();
    }
    case 'binary': {
      const bytes = decodeBase64(text);
      return bytes ? { tag: 'binary', value: bytes } : bad();
    }
    default: {
      // A collection's constructor refuses a scalar when its turn comes (constructionError); no constructor at once.
      const collection = COLLECTION_TAGS.get(tagName);
      return { error: collection !== undefined ? `expected a ${collection}, but found scalar` : `could not determine a constructor for the tag '${STANDARD_TAG_PREFIX}${tagName}'` };
    }
  }
}

/** A resolved tag (`tag:yaml.org,2002:str`, `!local`) as a short standard name, or the full tag. */
function tagName(full: string): { standard?: string; full: string } {
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

/** A collection being built; one object per depth, used again for each collection at that depth. */
interface OpenCollection {
  node: YMap | YSeq;
  anchor?: string;
  /** Mapping under construction: the key waiting for its value. */
  pendingKey: YNode | undefined;
  /**
   * The items of a list, or the pairs of a mapping as written (before merge and duplicate resolution): the first `n`
   * (an array kept from one collection to the next, its content copied at the end into an array of its exact size).
   */
  list: Array<YNode | YPair>;
  n: number;
}

/** Parse a (possibly multi-document) YAML file into positioned nodes. Never throws for bad input. */
export function parseYaml(source: SourceFile, options: ParseOptions = {}): ParsedYaml {
  const text = options.text ?? source.text;
  const map = options.offsetMap ?? identityMap;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): { line: number; column: number } => positionOf(source, map.toOriginal(offset));

  // Whether libyaml (the launcher) reads the whole text, composition included: asked when pure PyYAML refuses it,
  // to name who refuses.
  const libyamlReads = (): boolean => {
    try {
      const builder = documentBuilder(source, map, limits, [], options);
      scanEvents(text, { maxDepth: limits.maxDepth }, true, builder.push);
      return true;
    } catch {
      return false;
    }
  };

  // The documents are built as the text is read, and refused in the order the loaders refuse: a composition error
  // (an undefined alias, a duplicate anchor) where it is read; a construction error (a tag, a merge, a key) once its
  // document has been read, so after any syntax error in that document and before any in the next. The builder's
  // diagnostics count only if the reading succeeds.
  const built: Diagnostic[] = [];
  const builder = documentBuilder(source, map, limits, built, options);
  let stream: { launcherError: YamlSyntaxError | undefined };
  try {
    stream = scanEvents(text, { maxDepth: limits.maxDepth }, options.libyaml === true, builder.push);
  } catch (err) {
    if (err instanceof YamlLimitError) return limitRefusal(err);
    const loader = options.libyaml ? 'both' : err instanceof YamlSyntaxError
      ? (err.rule === undefined && !err.decided ? (libyamlReads() ? 'config-validate' : 'both') : err.loader)
      : 'both';
    diagnostics.push(syntaxDiagnostic(source, err, map, loader));
    return { source, documents: [], diagnostics, refusedBy: loader };
  }

  try {
    for (const d of built) diagnostics.push(d);
    const documents = builder.documents;
    if (stream.launcherError && !options.libyaml) {
      diagnostics.push(syntaxDiagnostic(source, stream.launcherError, map, 'launcher'));
      return { source, documents: [], diagnostics, refusedBy: 'launcher' };
    }
    return { source, documents, diagnostics };
  } catch (err) {
    if (err instanceof YamlLimitError) return limitRefusal(err);
    throw err;
  }

  function limitRefusal(err: YamlLimitError): ParsedYaml {
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
    return { source, documents: [], diagnostics, refusedBy: 'both' };
  }
}

/** Which loader refuses the text, in words: Nodepool reads every file with both. */
export function loaderVerdict(loader: Loader): string {
  switch (loader) {
    case 'both':
      return '';
    case 'config-validate':
      return ' (pure-Python PyYAML refuses this, so `nodepool config-validate` fails; libyaml, which the launcher uses, would read it)';
    case 'launcher':
      return ' (libyaml refuses this, so the Nodepool launcher and builder cannot load the file; pure-Python PyYAML, which `config-validate` uses, passes it)';
  }
}

function syntaxDiagnostic(source: SourceFile, err: unknown, map: OffsetMap, loader: Loader): Diagnostic {
  if (err instanceof YamlSyntaxError) {
    const pos = positionOf(source, map.toOriginal(err.offset));
    return {
      rule: err.rule ?? 'yaml/syntax',
      severity: 'error',
      file: source.path,
      line: pos.line,
      column: pos.column,
      message: err.rule ? err.message : `YAML syntax error: ${err.message}${loaderVerdict(loader)}`,
      hint: err.hint ?? 'Fix the YAML at this position (check indentation, unclosed quotes and brackets, and tabs).',
    };
  }
  // Not expected (the scanner throws only YamlSyntaxError): still a positioned, clear error, no stack trace.
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

/** Scalar keys whose tag is `merge` (`<<`, `!!merge x`): they merge, and exist nowhere else. */
type Special = 'merge' | 'value';

/** The merge (`<<`) and value (`=`) keys of a text: few or none, so looked up only once there is one. */
class Specials {
  private readonly map = new WeakMap<YNode, Special>();
  private any = false;

  get(node: YNode): Special | undefined {
    return this.any ? this.map.get(node) : undefined;
  }

  set(node: YNode, special: Special): void {
    this.any = true;
    this.map.set(node, special);
  }
}

/**
 * Long because it is the composer of the YAML reader: one switch over the parser's events with the stacks every case
 * shares (as PyYAML's composer is one loop).
 */
/**
 * The documents of an event stream, built event by event as the parser reads them (no list of the whole stream's
 * events is kept: on a large file that list is most of what the garbage collector has to copy).
 */
function documentBuilder(
  source: SourceFile,
  map: OffsetMap,
  limits: YamlLimits,
  diagnostics: Diagnostic[],
  compose: ComposeOptions = {},
): { documents: YDocument[]; push(e: YamlEvent): void } {
  const documents: YDocument[] = [];
  /** Anchors of the document, a collection's from its start (PyYAML's composer: an alias inside it is recursive). */
  const anchors = new Map<string, YNode>();
  const openAnchors = new Set<string>();
  /**
   * Anchored collections still open, and mappings whose merge (`<<`) waits on one: a merge is flattened once its
   * sources are complete, as PyYAML flattens at construction, after composing the whole document.
   */
  const pending = new Set<YNode>();
  const waiting = new Map<YNode, Array<{ node: YMap; rawPairs: YPair[] }>>();
  const specials = new Specials();
  const defineAnchor = (name: string | undefined, offset: number): void => {
    if (name === undefined) return;
    // PyYAML's composer refuses an anchor name used twice in one document ("found duplicate anchor").
    if (anchors.has(name) || openAnchors.has(name)) {
      failNow(map.toOriginal(offset), `found duplicate anchor &${name} in this document`, 'yaml/duplicate-anchor',
        `PyYAML (and so Nodepool) rejects an anchor name defined twice in one document: rename this one, e.g. &${name}2, and its aliases.`);
    }
  };
  const frames: OpenCollection[] = [];
  let depth = 0;
  let doc: YDocument | null = null;
  let total = 0;

  const position = (offset: number) => positionOf(source, offset);
  /**
   * A refusal of the constructor: kept (the first of the document) and thrown once the document has been read, the
   * building going on meanwhile so that a composition error later in the document still comes first, as in PyYAML.
   */
  let constructError: YamlLimitError | undefined;
  const fail = (offset: number, message: string, rule: RuleId = 'yaml/construct', hint = 'Fix the YAML at this position.'): void => {
    lastError = new YamlLimitError(message, offset, rule, hint);
    constructError ??= lastError;
  };
  /** The refusal `fail` recorded last, to file under its node (a scalar's is made before its node). */
  let lastError: YamlLimitError | undefined;
  /** Which node each refusal belongs to, and when SafeConstructor meets it (see constructionError). */
  const errorsOf: NodeErrors = { construct: new Map(), run: new Map() };
  const record = (node: YNode, when: 'construct' | 'run'): void => {
    if (lastError === undefined) return;
    if (!errorsOf[when].has(node)) errorsOf[when].set(node, lastError);
    lastError = undefined;
  };
  /** A refusal of the composer (or of a bound): where it is read, before later syntax errors. */
  const failNow = (offset: number, message: string, rule: RuleId, hint: string): never => {
    throw new YamlLimitError(message, offset, rule, hint, true);
  };

  const count = (n: number, offset: number): void => {
    total += n;
    if (total > limits.maxNodes) {
      failNow(
        map.toOriginal(offset),
        `YAML expands to more than ${limits.maxNodes.toLocaleString('en-US')} nodes (aliases included)`,
        'yaml/too-large',
        'This looks like an alias bomb ("billion laughs"); remove the nested aliases.',
      );
    }
  };

  /** Attach a node to the open collection; `size`: what it adds to the expansion count (0 for a recursive alias). */
  const attach = (node: YNode, anchor: string | undefined, size = node.size): void => {
    if (anchor !== undefined) {
      anchors.set(anchor, node);
      openAnchors.delete(anchor);
    }
    const parent = depth > 0 ? frames[depth - 1] : undefined;
    const special = specials.get(node);
    const asKey = parent !== undefined && parent.node.kind === 'map' && parent.pendingKey === undefined;
    if (special !== undefined && !asKey) {
      // PyYAML has no constructor for a merge (`<<`) or value (`=`) node anywhere but as a mapping key.
      fail(node.offset, `could not determine a constructor for the tag '${STANDARD_TAG_PREFIX}${special}'`, 'yaml/construct',
        special === 'merge' ? "A plain `<<` is a merge key: quote it ('<<') to mean the text." : "A plain `=` is read as a special value: quote it ('=').");
    }
    if (!parent) {
      if (doc) doc.root = node;
      return;
    }
    parent.node.size += size;
    if (parent.node.kind === 'seq') parent.list[parent.n++] = node;
    else if (parent.pendingKey === undefined) parent.pendingKey = node;
    else {
      const key = parent.pendingKey;
      parent.list[parent.n++] = { key, value: node, name: scalarKeyString(key), merged: false };
      parent.pendingKey = undefined;
    }
  };

  /** finishMap, or later when a merge source is still pending (it contains this mapping: a recursive merge). */
  const finish = (node: YMap, rawPairs: YPair[]): void => {
    if (pending.size > 0) {
      const on = mergeWaitsOn(node, rawPairs, specials, pending);
      if (on !== undefined) {
        pending.add(node);
        const list = waiting.get(on);
        if (list) list.push({ node, rawPairs });
        else waiting.set(on, [{ node, rawPairs }]);
        return;
      }
    }
    finishMap(source, node, rawPairs, specials, position, diagnostics, fail);
    pending.delete(node);
    release(node);
  };
  /** The mappings whose merge waited on a node that is now complete. */
  const release = (node: YNode): void => {
    if (waiting.size === 0) return;
    const list = waiting.get(node);
    if (!list) return;
    waiting.delete(node);
    for (const w of list) finish(w.node, w.rawPairs);
  };

  /** An alias: the anchored node again (a recursive alias: the collection that contains it, as PyYAML builds it). */
  const alias = (name: string, start: number): void => {
    const target = anchors.get(name);
    if (!target) {
      failNow(map.toOriginal(start), `found undefined alias *${name}`, 'yaml/undefined-alias', `Define the anchor &${name} before using it.`);
    }
    if (openAnchors.has(name)) {
      if (!compose.recursive) {
        failNow(map.toOriginal(start), `recursive alias *${name} inside the collection &${name} names: the value would contain itself, which the readers of this file refuse`,
          'yaml/recursive-alias', 'Copy the values instead of the alias: of this repository\'s files, only Nodepool\'s and Zuul\'s are read with values that contain themselves.');
      }
      // A recursive alias (`&r [*r]`): the value contains itself, as both loaders build it; it adds one node.
      count(1, start);
      attach(target!, undefined, 1);
    } else {
      count(target!.size, start);
      attach(target!, undefined);
    }
  };

  /** A collection complete: its content in place, its mapping finished, itself attached to its parent. */
  const endCollection = (): void => {
    const open = frames[--depth];
    // Its own array, as long as its content (an array grown by push keeps room for 16 more: much of a tree).
    const content = open.list.slice(0, open.n);
    if (open.node.kind === 'map') {
      const rawPairs = content as YPair[];
      compose.onMapping?.(rawPairs, open.node);
      if (open.anchor !== undefined) pending.delete(open.node);
      finish(open.node, rawPairs);
    } else {
      open.node.items = content as YNode[];
      if (open.anchor !== undefined) {
        pending.delete(open.node);
        release(open.node);
      }
    }
    if (open.node.kind === 'seq' && open.node.pyType) {
      const bad = open.node.items.find((i) => i.kind !== 'map' || i.pairs.length !== 1);
      if (bad) {
        fail(bad.offset, `expected a single mapping item for !!${open.node.pyType}, but found ${describeNode(bad)}`, 'yaml/construct',
          `Each item of a !!${open.node.pyType} is a mapping with one key.`);
      }
    }
    attach(open.node, open.anchor);
  };

  const push = (e: YamlEvent): void => {
    switch (e.type) {
      case Ev.DocumentStart:
        doc = { root: null, explicitStart: e.explicit };
        documents.push(doc);
        anchors.clear();
        break;
      case Ev.DocumentEnd:
        if (constructError) {
          // The document is refused: with the refusal SafeConstructor meets first (the building noted them all).
          const first = (doc && doc.root && constructionError(doc.root, specials, errorsOf)) ?? constructError;
          constructError = undefined;
          throw first;
        }
        doc = null;
        break;
      case Ev.Scalar: {
        defineAnchor(e.anchor, e.anchorOffset);
        lastError = undefined;
        const node = makeScalar(e, map, fail, specials, compose.localTags);
        if (lastError !== undefined) record(node, e.tag !== undefined && COLLECTION_TAGS.has(tagName(e.tag).standard ?? '') ? 'run' : 'construct');
        count(1, e.start);
        attach(node, e.anchor);
        break;
      }
      case Ev.SequenceStart:
      case Ev.MappingStart: {
        const offset = map.toOriginal(e.start);
        const { pyType, localTag, refusal: tagRefusal } = collectionTag(e.type === Ev.SequenceStart ? 'seq' : 'map', e.tag, offset, fail, compose.localTags);
        defineAnchor(e.anchor, e.anchorOffset);
        const node: YMap | YSeq =
          e.type === Ev.SequenceStart ? { kind: 'seq', offset, size: 1, items: NO_ITEMS } : { kind: 'map', offset, size: 1, pairs: NO_PAIR_LIST, byKey: NO_PAIRS };
        if (pyType) node.pyType = pyType as never;
        if (localTag !== undefined) node.localTag = localTag;
        if (tagRefusal !== undefined) record(node, tagRefusal);
        if (e.anchor !== undefined) {
          anchors.set(e.anchor, node);
          openAnchors.add(e.anchor);
          pending.add(node);
        }
        count(1, e.start);
        const frame = frames[depth];
        if (frame === undefined) frames[depth] = { node, anchor: e.anchor, pendingKey: undefined, list: [], n: 0 };
        else {
          frame.node = node;
          frame.anchor = e.anchor;
          frame.pendingKey = undefined;
          frame.n = 0;
        }
        depth++;
        break;
      }
      case Ev.Alias:
        alias(e.name, e.start);
        break;
      case Ev.CollectionEnd:
        endCollection();
        break;
    }
  };
  return { documents, push };
}

interface CollectionTag {
  pyType?: 'set' | 'omap' | 'pairs';
  localTag?: string;
  refusal?: 'construct' | 'run';
}

/** An untagged collection's reading (most of them): one object for all, not one each. */
const UNTAGGED: CollectionTag = Object.freeze({});

/**
 * How SafeConstructor reads a collection's tag: the Python type it builds (`!!set`, `!!omap`, `!!pairs`), a tag of the
 * reader's own, or a refusal (said through `fail`, at the node's start where PyYAML's constructor marks it) and when
 * it comes: a collection constructor for the other kind refuses when the collection's turn comes, a scalar's or none
 * at once.
 */
function collectionTag(
  want: 'seq' | 'map',
  tag: string | undefined,
  offset: number,
  fail: (offset: number, message: string, rule?: RuleId, hint?: string) => void,
  localTags?: ReadonlySet<string>,
): CollectionTag {
  if (tag === undefined || tag === '!') return UNTAGGED;
  if (localTags?.has(tag)) return { localTag: tag };
  const t = tagName(tag);
  // PyYAML's SafeLoader also reads !!set (a mapping) and !!omap and !!pairs (a sequence).
  const python = want === 'map' ? ['set'] : ['omap', 'pairs'];
  if (t.standard !== undefined && python.includes(t.standard)) return { pyType: t.standard as 'set' | 'omap' | 'pairs' };
  if (t.standard === want) return UNTAGGED;
  const kind = want === 'map' ? 'mapping' : 'sequence';
  const collection = COLLECTION_TAGS.get(t.standard ?? '');
  if (collection !== undefined) {
    fail(offset, `expected a ${collection}, but found ${kind}`, 'yaml/unknown-tag', `Remove the tag: !!${t.standard} is for a ${collection}.`);
    return { refusal: 'run' };
  }
  if (t.standard !== undefined && SCALAR_TAGS.has(t.standard)) {
    fail(offset, `expected a scalar node, but found ${kind}`, 'yaml/unknown-tag', `Remove the tag: !!${t.standard} is for a scalar.`);
  } else {
    fail(offset, `could not determine a constructor for the tag '${t.full}'`, 'yaml/unknown-tag',
      'Remove the tag: only the standard YAML tags are read (as PyYAML safe_load does).');
  }
  return { refusal: 'construct' };
}

/** A scalar node; a merge (`<<`) or value (`=`) key is recorded in `specials`. */
function makeScalar(
  e: ScalarEv,
  map: OffsetMap,
  fail: (offset: number, message: string, rule?: RuleId, hint?: string) => void,
  specials: Specials,
  localTags?: ReadonlySet<string>,
): YScalar {
  const raw = e.value;
  const offset = map.toOriginal(e.start);
  // Most scalars are plain text no resolver but str can match (keys, names): no resolution object made for them.
  if (e.implicit && raw.length > 0 && raw !== '<<' && !MAYBE_TYPED_FIRST.has(raw.charCodeAt(0))) {
    return { kind: 'scalar', tag: 'str', value: raw, text: raw, style: e.style, offset, contentOffset: map.toOriginal(e.contentStart), indent: e.indent, size: 1 };
  }
  let resolved: { tag: ScalarTag; value: ScalarValue } | { error: string } | { special: Special };
  const localTag = !e.implicit && e.tag !== undefined && localTags?.has(e.tag) ? e.tag : undefined;
  if (localTag !== undefined) {
    resolved = { tag: 'str', value: raw };
  } else if (e.implicit) {
    // Untagged plain scalars, and any scalar tagged `!`: PyYAML's implicit resolvers.
    resolved = raw === '<<' ? { special: 'merge' } : raw === '=' ? { special: 'value' } : resolvePlain(raw);
  } else if (e.tag === undefined || e.tag === '!') {
    // `!` not resolved implicitly: libyaml's reading of an empty value tagged `!` (a string).
    resolved = { tag: 'str', value: raw };
  } else {
    const t = tagName(e.tag);
    if (t.standard === 'merge' || t.standard === 'value') resolved = { special: t.standard };
    else if (t.standard !== undefined) resolved = explicitScalar(t.standard, raw);
    else resolved = { error: `could not determine a constructor for the tag '${t.full}'` };
  }
  if ('error' in resolved) {
    // At the node's start (its anchor or tag), where PyYAML's constructor marks it.
    fail(offset, resolved.error, 'yaml/unknown-tag',
      'Remove the tag or quote the value: only standard YAML tags are read (as PyYAML safe_load does).');
    resolved = { tag: 'str', value: raw }; // the document is refused; the building goes on to its end
  }
  const special = 'special' in resolved ? resolved.special : undefined;
  const ok: { tag: ScalarTag; value: ScalarValue } = 'special' in resolved ? { tag: 'str', value: raw } : (resolved as { tag: ScalarTag; value: ScalarValue });
  const node: YScalar = {
    kind: 'scalar',
    tag: ok.tag,
    value: ok.value,
    text: raw,
    style: e.style,
    offset,
    contentOffset: map.toOriginal(e.contentStart),
    indent: e.indent,
    size: 1,
  };
  if (localTag !== undefined) node.localTag = localTag;
  if (special) specials.set(node, special);
  return node;
}

/**
 * PyYAML 6.0.4's `flatten_mapping` identifies merged keys by the identity of the key node's string (`id()`): the same
 * node (an alias), or a string CPython shares (empty, or one character below U+0100). Any other key is never
 * deduplicated while merging, so the later source wins; keys CPython shares keep the first source's value.
 */
function mergeKeyId(key: YNode): YNode | string {
  if (key.kind === 'scalar' && key.text.length <= 1 && (key.text.length === 0 || key.text.charCodeAt(0) < 0x100)) return `s:${key.text}`;
  return key;
}

/** A merge source of the mapping (or the list of them) still pending, other than the mapping itself; else undefined. */
function mergeWaitsOn(node: YMap, rawPairs: readonly YPair[], specials: Specials, pending: ReadonlySet<YNode>): YNode | undefined {
  for (const p of rawPairs) {
    if (specials.get(p.key) !== 'merge') continue;
    const v = p.value;
    if (v !== node && pending.has(v)) return v;
    if (v.kind === 'seq') for (const s of v.items) if (s !== node && pending.has(s)) return s;
  }
  return undefined;
}

/** The mapping's pairs as PyYAML's flattened node holds them: merged pairs first, then its own, duplicates kept. */
const flatPairs = new WeakMap<YMap, YPair[]>();
/** A mapping with a merge (`<<`): its pairs as written, the merge keys included (what flatten_mapping reads). */
const writtenPairs = new WeakMap<YMap, YPair[]>();

/** The tags of SafeConstructor's collection constructors, and the kind each wants. */
const COLLECTION_TAGS = new Map([['seq', 'sequence node'], ['map', 'mapping node'], ['set', 'mapping node'], ['omap', 'sequence'], ['pairs', 'sequence']]);
/** The tags of its scalar constructors (construct_scalar refuses a collection at once). */
const SCALAR_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'binary', 'timestamp']);

/**
 * The refusals of a document's nodes, by when SafeConstructor meets them: `construct` when the node itself is
 * constructed (a scalar's tag or value, a collection's unknown tag), `run` when its collection's turn comes.
 */
interface NodeErrors {
  construct: Map<YNode, YamlLimitError>;
  run: Map<YNode, YamlLimitError>;
}

/**
 * The refusal PyYAML's SafeConstructor meets first in a composed document, for a document refused at construction.
 * It constructs the root, and each collection's content only when its turn comes (its state generators): every
 * collection of one level before any of the next, in the order they were met. A mapping first flattens its merges
 * (and, through them, its sources'), then constructs its pairs as flattened, the key before the value; an alias is
 * constructed once. Undefined when the walk meets none of the recorded refusals.
 */
function constructionError(root: YNode, specials: Specials, errors: NodeErrors): YamlLimitError | undefined {
  const constructed = new Set<YNode>();
  const flattened = new Set<YMap>();
  let turns: YNode[] = [];
  const construct = (node: YNode, mapKey = false): void => {
    if (constructed.has(node)) return;
    constructed.add(node);
    const error = errors.construct.get(node);
    if (error) throw error;
    const special = mapKey ? undefined : specials.get(node);
    if (special !== undefined) {
      throw new YamlLimitError(`could not determine a constructor for the tag '${STANDARD_TAG_PREFIX}${special}'`, node.offset, 'yaml/construct',
        special === 'merge' ? "A plain `<<` is a merge key: quote it ('<<') to mean the text." : "A plain `=` is read as a special value: quote it ('=').");
    }
    if (node.kind !== 'scalar' || errors.run.has(node)) turns.push(node);
  };
  const mergeError = (node: YNode, wanted: string): YamlLimitError =>
    new YamlLimitError(`expected ${wanted} for merging, but found ${describeNode(node)}`, node.offset, 'yaml/merge',
      'The value of `<<` must be an alias to a mapping (`<<: *defaults`) or a list of them.');
  const flatten = (node: YMap): void => {
    if (flattened.has(node)) return;
    flattened.add(node);
    for (const p of writtenPairs.get(node) ?? []) {
      if (specials.get(p.key) !== 'merge') continue;
      const v = p.value;
      if (v.kind === 'map') flatten(v);
      else if (v.kind === 'seq') {
        for (const s of v.items) {
          if (s.kind !== 'map') throw mergeError(s, 'a mapping');
          flatten(s);
        }
      } else throw mergeError(v, 'a mapping or list of mappings');
    }
  };
  const turn = (node: YNode): void => {
    const error = errors.run.get(node);
    if (error) throw error;
    if (node.kind === 'scalar') return;
    if (node.kind === 'map') {
      flatten(node);
      for (const p of flatPairs.get(node) ?? node.pairs) {
        construct(p.key, true);
        if (p.key.kind !== 'scalar') {
          throw new YamlLimitError('found unhashable key: a mapping key must be a scalar', p.key.offset, 'yaml/construct', 'Use a plain string as the key.');
        }
        construct(p.value);
      }
    } else if (node.pyType) {
      // !!omap and !!pairs read each item's one pair as written: no flattening, no hashing.
      for (const item of node.items) {
        const pairs = item.kind === 'map' ? writtenPairs.get(item) ?? flatPairs.get(item) ?? item.pairs : undefined;
        if (pairs?.length !== 1) {
          throw new YamlLimitError(pairs === undefined ? `expected a mapping of length 1, but found ${describeNode(item)}`
            : `expected a single mapping item, but found ${pairs.length} items`, item.offset, 'yaml/construct',
          `Each item of a !!${node.pyType} is a mapping with one key.`);
        }
        construct(pairs[0].key);
        construct(pairs[0].value);
      }
    } else for (const item of node.items) construct(item);
  };
  try {
    construct(root);
    while (turns.length > 0) {
      const level = turns;
      turns = [];
      for (const node of level) turn(node);
    }
  } catch (err) {
    if (err instanceof YamlLimitError) return err;
    throw err;
  }
  return undefined;
}

/** Long because PyYAML's merge-key (`<<`) and duplicate-key rules for one mapping share its key index. */
function finishMap(
  source: SourceFile,
  node: YMap,
  rawPairs: YPair[],
  specials: Specials,
  position: (offset: number) => { line: number; column: number },
  diagnostics: Diagnostic[],
  fail: (offset: number, message: string, rule?: RuleId, hint?: string) => void,
): void {
  let hasMerge = false;
  // By index, and no array or closure made for a mapping without merges or duplicates (most of them): this runs
  // once per mapping, often before it is compiled, where a for-of makes an iterator and a result per step.
  for (let i = 0; i < rawPairs.length; i++) {
    const p = rawPairs[i];
    const key = p.key;
    if (key.kind !== 'scalar') {
      fail(key.offset, 'found unhashable key: a mapping key must be a scalar', 'yaml/construct', 'Use a plain string as the key.');
    }
    const special = specials.get(key);
    if (special === 'merge') hasMerge = true;
    else if (special === 'value') p.name = (key as YScalar).text; // flatten_mapping reads a `=` key as the string '='
  }
  const mergedPairs: YPair[] = hasMerge ? [] : NO_PAIR_LIST;
  const explicit: YPair[] = hasMerge ? [] : rawPairs;
  if (hasMerge) {
    writtenPairs.set(node, rawPairs);
    const seen = new Set<YNode | string>();
    for (const raw of rawPairs) {
      const { key, value } = raw;
      if (specials.get(key) !== 'merge') {
        explicit.push(raw);
        continue;
      }
      const sources = value.kind === 'map' ? [value] : value.kind === 'seq' ? value.items : undefined;
      const bad = sources === undefined ? value : sources.find((s) => s.kind !== 'map');
      if (bad) {
        fail(bad.offset, `expected a mapping or list of mappings for merging, but found ${describeNode(bad)}`, 'yaml/merge',
          'The value of `<<` must be an alias to a mapping (`<<: *defaults`) or a list of them.');
        continue;
      }
      for (const s of sources as YMap[]) {
        for (const p of flatPairs.get(s) ?? s.pairs) {
          const id = mergeKeyId(p.key);
          if (seen.has(id)) continue;
          seen.add(id);
          mergedPairs.push({ ...p, merged: true });
        }
      }
    }
  }

  // Duplicate explicit keys: PyYAML keeps the last silently; we warn with both positions (this one and the one before).
  // A few keys (most mappings) are compared pair by pair; more through a map of their identities.
  let duplicates = false;
  const n = explicit.length;
  if (n <= 8) {
    for (let i = 1; i < n; i++) {
      const p = explicit[i];
      for (let j = i - 1; j >= 0; j--) {
        const q = explicit[j];
        if (p.name !== undefined ? p.name === q.name : q.name === undefined && keyIdentity(p.key) === keyIdentity(q.key)) {
          duplicates = true;
          diagnostics.push(duplicateKeyWarning(source, position, q, p));
          break;
        }
      }
    }
  } else {
    const seen = new Map<string, YPair>();
    for (const p of explicit) {
      const id = p.name ?? keyIdentity(p.key)!;
      const first = seen.get(id);
      if (first) {
        duplicates = true;
        diagnostics.push(duplicateKeyWarning(source, position, first, p));
      }
      seen.set(id, p);
    }
  }

  if (!duplicates && mergedPairs.length === 0) {
    // The common case: no merges, no duplicates.
    node.pairs = explicit;
    node.byKey = new KeyIndex(node.pairs);
    return;
  }
  // What a later merge of this mapping reads: its pairs as written after its own merges, duplicates kept.
  flatPairs.set(node, [...mergedPairs, ...explicit]);
  const order: string[] = [];
  const effective = new Map<string, YPair>();
  for (const p of [...mergedPairs, ...explicit]) {
    const id = p.name !== undefined ? p.name : keyIdentity(p.key)!;
    const first = effective.get(id);
    if (!first) order.push(id);
    // A Python dict keeps the first key object and takes the last value: `{yes: 1, 1: 2}` is `{True: 2}`.
    effective.set(id, first && p.name === undefined ? { ...p, key: first.key } : p);
  }
  const pairs: YPair[] = [];
  for (const id of order) pairs.push(effective.get(id)!);
  node.pairs = pairs;
  node.byKey = new KeyIndex(pairs);
}

/** A key written twice in a mapping: PyYAML keeps the last silently; we warn with both positions. */
function duplicateKeyWarning(source: SourceFile, position: (offset: number) => { line: number; column: number }, first: YPair, p: YPair): Diagnostic {
  const a = position(first.key.offset);
  const b = position(p.key.offset);
  return {
    rule: 'yaml/duplicate-key',
    severity: 'warning',
    file: source.path,
    line: b.line,
    column: b.column,
    message: `duplicate key ${JSON.stringify(String((p.key as YScalar).value))}: first at line ${a.line}, column ${a.column}; this one (line ${b.line}, column ${b.column}) wins`,
    hint: 'Nodepool (PyYAML) silently keeps the last value; remove one of the two.',
  };
}

/** An integer scalar's exact value (a JavaScript number loses digits past 2^53; Python's int does not). */
export function exactInteger(node: YScalar): bigint {
  if (typeof node.value === 'number' && Number.isSafeInteger(node.value)) return BigInt(node.value);
  let v = node.text.replace(/_/g, '').trim();
  let sign = 1n;
  if (v[0] === '-') sign = -1n;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1).trim();
  if (v.startsWith('0b')) return sign * BigInt('0b' + v.slice(2).trim());
  if (v.startsWith('0x')) return sign * BigInt('0x' + v.slice(2).trim());
  if (v.includes(':')) return sign * v.split(':').reduce((n, p) => n * 60n + BigInt(p.trim()), 0n);
  if (v.length > 1 && v[0] === '0') return sign * BigInt('0o' + v.replace(/^0o?/i, ''));
  return sign * BigInt(v);
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
