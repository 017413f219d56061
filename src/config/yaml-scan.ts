/**
 * The YAML scanner and parser Nodepool's two loaders run, written for this project after the algorithm of PyYAML
 * (YAML 1.1): tokens with PyYAML's simple-key and indentation rules, then PyYAML's parser states, giving a flat
 * list of events with source offsets.
 *
 * Nodepool reads each file with two loaders: `config-validate` with pure-Python PyYAML (`yaml.safe_load`), the
 * launcher and builder with libyaml (`CSafeLoader`). They differ in a few places: libyaml is more lenient with tabs
 * (after a value, before a comment, after `:`, in block scalar headers, inside plain scalars), with `?` inside flow
 * plain scalars and `|#`; it refuses what pure PyYAML reads in others (a tab in a block scalar's indentation,
 * `%YAML 1.3`, unknown directives, lone surrogate escapes, `:` before a flow indicator, a BOM at a line start).
 * The pure reading is the main one and records libyaml's own refusals on the way; `lib` reads the libyaml way, which
 * the caller (yaml.ts) asks for when pure PyYAML refuses, to say whether the launcher refuses too. Each error thus
 * names who refuses the text: `config-validate`, the launcher, or both.
 */
import type { RuleId } from '../core/rules.js';

/** Which of Nodepool's loaders refuses the text. */
export type Loader = 'both' | 'config-validate' | 'launcher';

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset of the problem in the parsed text. */
    readonly offset: number,
    readonly loader: Loader,
    /** What to do; a default is used when absent. */
    readonly hint?: string,
    /** 'yaml/too-deep' and similar; 'yaml/syntax' when absent. */
    readonly rule?: RuleId,
    /** The loader is known (a limit, or both loaders read the text but differently): not to be checked again. */
    readonly decided = false,
  ) {
    super(message);
  }
}

export const enum Ev {
  DocumentStart,
  DocumentEnd,
  Scalar,
  SequenceStart,
  MappingStart,
  CollectionEnd,
  Alias,
}

export interface NodeProps {
  anchor: string | undefined;
  /** Offset of the `&`. */
  anchorOffset: number;
  /** The resolved tag (`tag:yaml.org,2002:str`, `!`, `!local`), or undefined when none was written. */
  tag: string | undefined;
  /** Offset of the `!`. */
  tagOffset: number;
  /** Where the node starts (its anchor or tag if any, else its first token). */
  start: number;
}

export interface ScalarEv extends NodeProps {
  type: Ev.Scalar;
  value: string;
  /** 1 plain, 2 single-quoted, 3 double-quoted, 4 literal block, 5 folded block. */
  style: number;
  /** `(plain and untagged) or tag == '!'`: resolved by the implicit resolvers. */
  implicit: boolean;
  /** The token's own start (quote, block indicator, first character); for an empty scalar where PyYAML marks it. */
  tokenStart: number;
  /** Offset of the first character of the content (block scalars: of the first content line). */
  contentStart: number;
  /** Block scalars: the content indentation. */
  indent: number;
  end: number;
  empty: boolean;
}

export interface CollectionEv extends NodeProps {
  type: Ev.SequenceStart | Ev.MappingStart;
  flow: boolean;
}

export interface AliasEv {
  type: Ev.Alias;
  name: string;
  start: number;
}

export interface DocumentEv {
  type: Ev.DocumentStart;
  explicit: boolean;
  start: number;
}

export type YamlEvent = ScalarEv | CollectionEv | AliasEv | DocumentEv | { type: Ev.DocumentEnd | Ev.CollectionEnd; start: number };

const enum T {
  StreamStart,
  StreamEnd,
  Directive,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

/** No token type: the unused arguments of checkToken. */
const NO_TOKEN = -1 as T;

const TOKEN_NAMES = [
  '<stream start>', '<stream end>', '<directive>', "'<document start>'", "'<document end>'", '<block sequence start>',
  '<block mapping start>', '<block end>', "'['", "']'", "'{'", "'}'", "'-'", "','", "'?'", "':'", '<alias>', '<anchor>',
  '<tag>', '<scalar>',
];

interface Token {
  t: T;
  start: number;
  end: number;
  value?: string;
  plain?: boolean;
  style?: number;
  handle?: string | undefined;
  suffix?: string;
  contentStart?: number;
  indent?: number;
  /** Directives: name and value. */
  name?: string;
  version?: [number, number];
  tagHandle?: string;
  tagPrefix?: string;
}

interface SimpleKey {
  /** Whether the flow level holds a possible simple key now (the object is reused from one to the next). */
  active: boolean;
  tokenNumber: number;
  required: boolean;
  index: number;
  line: number;
  column: number;
  pos: number;
}

// Character classes of PyYAML's scanner.
const isBreak = (c: string): boolean => c === '\r' || c === '\n' || c === '\x85' || c === '\u2028' || c === '\u2029';
const isBreakZ = (c: string): boolean => c === '\0' || isBreak(c);
const isBlankZ = (c: string): boolean => c === ' ' || c === '\t' || isBreakZ(c);
/** Space, tab or a line break (not the end: callers check it). */
const isBlankCode = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
/** isBlankZ on a char code (0: the end). */
const isBlankZCode = (c: number): boolean => c === 0 || isBlankCode(c);
/** The indicators no plain scalar starts with (but `-`, `?`, `:` before a non-blank): `-?:,[]{}#&*!|>'"%@` and backquote. */
const INDICATOR = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1;
const isFlowIndicatorCode = (c: number): boolean => c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
const isWordChar = (c: string): boolean =>
  (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '-' || c === '_';
const isHex = (c: string): boolean => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
const URI_CHARS = "-;/?:@&=+$,_.!~*'()[]%";
const isUriChar = (c: string): boolean =>
  (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c !== '' && c !== '\0' && URI_CHARS.includes(c));

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\x08', t: '\t', '\t': '\t', n: '\n', v: '\x0b', f: '\x0c', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '\\': '\\', '/': '/', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const ESCAPE_CODES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Characters both loaders refuse anywhere in the stream (PyYAML's reader and libyaml's reader agree). */
const NON_PRINTABLE = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function describeChar(c: string): string {
  if (c === '\0') return 'the end of the file';
  if (c === '\t') return 'a tab';
  const code = c.codePointAt(0)!;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffe || code === 0xffff) {
    return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return JSON.stringify(c);
}

class Scanner {
  private pos = 0;
  private line = 0;
  private column = 0;
  private flowLevel = 0;
  /**
   * The token queue: tokens[head, tail). It and the free list below are stacks kept with counts of their own: an
   * array that push and pop empty again and again drops its storage each time and makes it anew at the next push,
   * until the optimizing compiler has compiled the code (a first read runs long before that).
   */
  private readonly tokens: Token[] = [];
  private tail = 0;
  /** Tokens done with, to be used again (see getToken): free[0, freeCount); and the one taken last. */
  private readonly free: Token[] = [];
  private freeCount = 0;
  private lastTaken: Token | undefined;
  private head = 0;
  private tokensTaken = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private allowSimpleKey = true;
  /** PyYAML's possible simple keys, one per flow level (reused objects; see SimpleKey.active), and how many are active. */
  private readonly simpleKeys: SimpleKey[] = [];
  private simpleKeyCount = 0;
  /** Short texts read before, by a hash of their length and end characters (see shortString). */
  private readonly strings: Array<string | undefined> = new Array<string | undefined>(1024).fill(undefined);
  private done = false;

  /** The first refusal only libyaml makes (pure mode goes on reading, as config-validate would). */
  launcherError: YamlSyntaxError | undefined;

  /**
   * `lib`: read tabs as libyaml does (skipped between tokens in flow context and after a value, blanks in block
   * scalar headers, directives and plain scalars, accepted after a tag), and stop at libyaml's own refusals.
   */
  constructor(
    private readonly text: string,
    private readonly lib = false,
  ) {
    // Stored once more after its initializer: V8 takes a field stored only once as a constant, and what it compiled on
    // that (most of the scanner) was thrown away and compiled again at the first flow collection (`[`, `{`), which a
    // large file often reaches only after a long block-style part.
    this.flowLevel = 0;
    this.add(this.token(T.StreamStart, 0, 0));
  }

  /** A refusal of libyaml alone: fatal in libyaml mode, recorded (the first one) in pure mode. */
  launcher(message: string, at: number, hint?: string): void {
    const e = new YamlSyntaxError(message, at, 'launcher', hint);
    if (this.lib) throw e;
    this.launcherError ??= e;
  }

  private isBlank(c: string): boolean {
    return c === ' ' || (this.lib && c === '\t');
  }

  private peek(k = 0): string {
    const i = this.pos + k;
    return i < this.text.length ? this.text[i] : '\0';
  }

  /** The char code `k` ahead, 0 past the end (the text holds no NUL: refused before scanning). */
  private code(k: number): number {
    const i = this.pos + k;
    return i < this.text.length ? this.text.charCodeAt(i) : 0;
  }

  /** Past an indicator (`[`, `]`, `{`, `}`, `,`, `-`, `?`, `:`): one column, no line break. */
  private step(): void {
    this.pos++;
    this.column++;
  }

  private forward(n = 1): void {
    const text = this.text;
    while (n-- > 0 && this.pos < text.length) {
      const c = text[this.pos++];
      if (c === '\n' || c === '\x85' || c === '\u2028' || c === '\u2029' || (c === '\r' && text[this.pos] !== '\n')) {
        this.line++;
        this.column = 0;
      } else if (c !== '\uFEFF' && !(c >= '\uDC00' && c <= '\uDFFF')) {
        this.column++;
      }
    }
  }

  private error(message: string, at = this.pos, loader: Loader = 'both', hint?: string): never {
    throw new YamlSyntaxError(message, at, loader, hint);
  }

  /** A tab where pure PyYAML wants a space (who else refuses it is decided by reading the text the libyaml way). */
  private tabError(): never {
    this.error(
      'a tab character outside a quoted or block scalar (YAML allows only spaces here)',
      this.pos,
      'config-validate',
      'Replace the tab with spaces or delete it (editors leave trailing tabs behind).',
    );
  }

  /** libyaml skips a tab between tokens in flow context or where no simple key may start (after a value). */
  private libyamlSkipsTab(): boolean {
    return this.flowLevel > 0 || !this.allowSimpleKey;
  }

  // ---- token queue ----

  /** Whether the next token is one of these types (up to four: no array is made per call; this is the hot path). */
  checkToken(a: T, b: T = NO_TOKEN, c: T = NO_TOKEN, d: T = NO_TOKEN): boolean {
    while (this.needMoreTokens()) this.fetchMoreTokens();
    if (this.head < this.tail) {
      const t = this.tokens[this.head].t;
      return t === a || t === b || t === c || t === d;
    }
    return false;
  }

  peekToken(): Token {
    while (this.needMoreTokens()) this.fetchMoreTokens();
    return this.tokens[this.head];
  }

  getToken(): Token {
    while (this.needMoreTokens()) this.fetchMoreTokens();
    const tok = this.tokens[this.head++];
    this.tokensTaken++;
    // The token taken before is done with (the parser reads a token before it takes the next), but for a tag, which
    // the parser keeps while it takes an anchor: used again for a later token.
    const last = this.lastTaken;
    if (last !== undefined && last.t !== T.Tag && last.t !== T.Directive) this.free[this.freeCount++] = last;
    this.lastTaken = tok;
    if (this.head > 64 && this.head * 2 > this.tail) {
      // The tokens not taken yet to the front, by hand (splice makes an array of the ones it removes).
      const tokens = this.tokens;
      const head = this.head;
      for (let i = head; i < this.tail; i++) tokens[i - head] = tokens[i];
      this.tail -= head;
      this.head = 0;
    }
    return tok;
  }

  private get queued(): number {
    return this.tail - this.head;
  }

  /** A token at the end of the queue. */
  private add(tok: Token): void {
    this.tokens[this.tail++] = tok;
  }

  private needMoreTokens(): boolean {
    if (this.done) return false;
    if (this.tail === this.head) return true;
    if (this.simpleKeyCount === 0) return false;
    this.staleSimpleKeys();
    return this.nextPossibleSimpleKey() === this.tokensTaken;
  }

  private nextPossibleSimpleKey(): number | undefined {
    let min: number | undefined;
    for (const key of this.simpleKeys) if (key.active && (min === undefined || key.tokenNumber < min)) min = key.tokenNumber;
    return min;
  }

  private staleSimpleKeys(): void {
    if (this.simpleKeyCount === 0) return;
    for (const key of this.simpleKeys) {
      if (key.active && (key.line !== this.line || this.pos - key.index > 1024)) {
        if (key.required) this.error("could not find expected ':' after this simple key", key.pos);
        key.active = false;
        this.simpleKeyCount--;
      }
    }
  }

  /** The possible simple key of the current flow level, taken off (undefined when there is none). */
  private takeSimpleKey(): SimpleKey | undefined {
    const key = this.simpleKeys[this.flowLevel];
    if (key === undefined || !key.active) return undefined;
    key.active = false;
    this.simpleKeyCount--;
    return key;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.column;
    if (this.allowSimpleKey) {
      this.removeSimpleKey();
      let key = this.simpleKeys[this.flowLevel];
      if (key === undefined) {
        key = { active: false, tokenNumber: 0, required: false, index: 0, line: 0, column: 0, pos: 0 };
        for (let l = this.simpleKeys.length; l < this.flowLevel; l++) {
          this.simpleKeys.push({ active: false, tokenNumber: 0, required: false, index: 0, line: 0, column: 0, pos: 0 });
        }
        this.simpleKeys.push(key);
      }
      key.active = true;
      key.tokenNumber = this.tokensTaken + this.queued;
      key.required = required;
      key.index = this.pos;
      key.line = this.line;
      key.column = this.column;
      key.pos = this.pos;
      this.simpleKeyCount++;
    }
  }

  private removeSimpleKey(): void {
    const key = this.takeSimpleKey();
    if (key?.required) this.error("could not find expected ':' after this simple key", key.pos);
  }

  private unwindIndent(column: number): void {
    if (this.flowLevel) return;
    while (this.indent > column) {
      this.indent = this.indents.pop()!;
      this.add(this.token(T.BlockEnd, this.pos, this.pos));
    }
  }

  private addIndent(column: number): boolean {
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length >= LIBYAML_NESTING) this.tooDeepForLibyaml();
      return true;
    }
    return false;
  }

  /** Past libyaml's nesting limit (see LIBYAML_NESTING): pure PyYAML has run out of frames long before, so both refuse. */
  private tooDeepForLibyaml(): never {
    throw new YamlSyntaxError(
      `YAML nesting deeper than libyaml reads (${LIBYAML_NESTING} levels, block and flow together): both of Nodepool's loaders refuse it (pure-Python PyYAML runs out of Python's recursion limit near 490 levels)`,
      this.pos, 'both', 'No configuration needs this depth; the file is probably generated wrongly or hostile.', 'yaml/too-deep', true);
  }

  /** A token, made or used again (see getToken): one object per token was much of what the scanner allocated. */
  private token(t: T, start: number, end: number): Token {
    const tok = this.freeCount > 0 ? this.free[--this.freeCount] : undefined;
    if (tok === undefined) return { t, start, end, value: undefined, plain: false, style: 0, contentStart: 0, indent: -1 };
    tok.t = t;
    tok.start = start;
    tok.end = end;
    return tok;
  }

  private scalarToken(start: number, end: number, value: string, plain: boolean, style: number, contentStart: number, indent: number): Token {
    const tok = this.token(T.Scalar, start, end);
    tok.value = value;
    tok.plain = plain;
    tok.style = style;
    tok.contentStart = contentStart;
    tok.indent = indent;
    return tok;
  }

  private insertToken(tokenNumber: number, tok: Token): void {
    // By hand rather than splice: the place is near the queue's end (a key is inserted before its scalar).
    const tokens = this.tokens;
    const at = this.head + tokenNumber - this.tokensTaken;
    let i = this.tail;
    this.add(tok);
    for (; i > at; i--) tokens[i] = tokens[i - 1];
    tokens[at] = tok;
  }

  // ---- fetchers ----

  private fetchMoreTokens(): void {
    this.scanToNextToken();
    this.staleSimpleKeys();
    this.unwindIndent(this.column);
    // Char codes (0: the end; the text holds no NUL, refused before scanning): once per token, the scanner's hot path.
    const c = this.code(0);
    switch (c) {
      case 0:
        return this.fetchStreamEnd();
      case 0x25 /* % */:
        if (this.column === 0) return this.fetchDirective();
        break;
      case 0x2d /* - */:
        if (this.checkDocumentIndicator('---')) return this.fetchDocumentIndicator(T.DocumentStart);
        if (isBlankZCode(this.code(1))) return this.fetchBlockEntry();
        break;
      case 0x2e /* . */:
        if (this.checkDocumentIndicator('...')) return this.fetchDocumentIndicator(T.DocumentEnd);
        break;
      case 0x5b /* [ */:
        return this.fetchFlowCollectionStart(T.FlowSequenceStart);
      case 0x7b /* { */:
        return this.fetchFlowCollectionStart(T.FlowMappingStart);
      case 0x5d /* ] */:
        return this.fetchFlowCollectionEnd(T.FlowSequenceEnd);
      case 0x7d /* } */:
        return this.fetchFlowCollectionEnd(T.FlowMappingEnd);
      case 0x2c /* , */:
        return this.fetchFlowEntry();
      case 0x3f /* ? */:
        if (this.flowLevel > 0 || isBlankZCode(this.code(1))) return this.fetchKey();
        break;
      case 0x3a /* : */:
        if (this.flowLevel > 0 || isBlankZCode(this.code(1))) return this.fetchValue();
        break;
      case 0x2a /* * */:
        return this.fetchAnchor(T.Alias);
      case 0x26 /* & */:
        return this.fetchAnchor(T.Anchor);
      case 0x21 /* ! */:
        return this.fetchTag();
      case 0x7c /* | */:
        if (!this.flowLevel) return this.fetchBlockScalar(4);
        break;
      case 0x3e /* > */:
        if (!this.flowLevel) return this.fetchBlockScalar(5);
        break;
      case 0x27 /* ' */:
        return this.fetchFlowScalar(2);
      case 0x22 /* " */:
        return this.fetchFlowScalar(3);
    }
    if (this.checkPlain(c)) return this.fetchPlain();
    if (c === 0x09) this.tabError();
    this.error(`found ${describeChar(this.peek())}, which cannot start any token`);
  }

  private checkDocumentIndicator(s: string): boolean {
    return this.column === 0 && this.text.startsWith(s, this.pos) && isBlankZ(this.peek(3));
  }

  private fetchStreamEnd(): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    for (const key of this.simpleKeys) key.active = false;
    this.simpleKeyCount = 0;
    this.add(this.token(T.StreamEnd, this.pos, this.pos));
    this.done = true;
  }

  private fetchDirective(): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.add(this.scanDirective());
  }

  private fetchDocumentIndicator(t: T): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    const start = this.pos;
    this.forward(3);
    this.add(this.token(t, start, this.pos));
  }

  private fetchFlowCollectionStart(t: T): void {
    this.saveSimpleKey();
    this.flowLevel++;
    if (this.indents.length + this.flowLevel > LIBYAML_NESTING) this.tooDeepForLibyaml();
    this.allowSimpleKey = true;
    const start = this.pos;
    this.step();
    this.add(this.token(t, start, this.pos));
  }

  private fetchFlowCollectionEnd(t: T): void {
    this.removeSimpleKey();
    this.flowLevel--;
    this.allowSimpleKey = false;
    const start = this.pos;
    this.step();
    this.add(this.token(t, start, this.pos));
  }

  private fetchFlowEntry(): void {
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    const start = this.pos;
    this.step();
    this.add(this.token(T.FlowEntry, start, this.pos));
  }

  private fetchBlockEntry(): void {
    if (!this.flowLevel) {
      if (!this.allowSimpleKey) this.error('a list item ("- ") is not allowed here', this.pos, 'both',
        'Put the list item on its own line, indented under its key.');
      if (this.addIndent(this.column)) this.add(this.token(T.BlockSequenceStart, this.pos, this.pos));
    }
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    const start = this.pos;
    this.step();
    this.add(this.token(T.BlockEntry, start, this.pos));
  }

  private fetchKey(): void {
    if (!this.flowLevel) {
      if (!this.allowSimpleKey) this.error('a mapping key ("? ") is not allowed here');
      if (this.addIndent(this.column)) this.add(this.token(T.BlockMappingStart, this.pos, this.pos));
    }
    this.allowSimpleKey = !this.flowLevel;
    this.removeSimpleKey();
    const start = this.pos;
    this.step();
    this.add(this.token(T.Key, start, this.pos));
  }

  private fetchValue(): void {
    const key = this.takeSimpleKey();
    if (key) {
      this.insertToken(key.tokenNumber, this.token(T.Key, key.pos, key.pos));
      if (!this.flowLevel && this.addIndent(key.column)) {
        this.insertToken(key.tokenNumber, this.token(T.BlockMappingStart, key.pos, key.pos));
      }
      this.allowSimpleKey = false;
    } else {
      if (!this.flowLevel) {
        if (!this.allowSimpleKey) this.error('a mapping value (": ") is not allowed here', this.pos, 'both',
          'Quote the value if it contains ": ", or start the mapping on a new line.');
        if (this.addIndent(this.column)) this.add(this.token(T.BlockMappingStart, this.pos, this.pos));
      }
      this.allowSimpleKey = !this.flowLevel;
      this.removeSimpleKey();
    }
    const start = this.pos;
    this.step();
    this.add(this.token(T.Value, start, this.pos));
  }

  private fetchAnchor(t: T.Alias | T.Anchor): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.add(this.scanAnchor(t));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.add(this.scanTag());
  }

  private fetchBlockScalar(style: number): void {
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    this.add(this.scanBlockScalar(style));
  }

  private fetchFlowScalar(style: number): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.add(this.scanFlowScalar(style));
  }

  private fetchPlain(): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.add(this.scanPlain());
  }

  /** `c`: the code at the position. */
  private checkPlain(c: number): boolean {
    if (!isBlankZCode(c) && !(c < 128 && INDICATOR[c] === 1)) return true;
    return !isBlankZCode(this.code(1)) && (c === 0x2d || (!this.flowLevel && (c === 0x3f || c === 0x3a)));
  }

  // ---- scanners ----

  private scanToNextToken(): void {
    if (this.pos === 0 && this.peek() === '\uFEFF') this.forward();
    for (;;) {
      if (this.column === 0 && this.pos > 0 && this.text.charCodeAt(this.pos) === 0xfeff) {
        if (this.lib) {
          // libyaml skips it, and counts it as a column.
          this.pos++;
          this.column++;
        } else {
          this.launcher('a byte-order mark (U+FEFF) at the start of a line inside the file: libyaml (the launcher) skips it where pure-Python PyYAML (config-validate) reads it as text, so the two read different things',
            this.pos, 'Delete the invisible U+FEFF character (often left by joining files).');
        }
      }
      // A run of spaces at once (a column each); a tab libyaml skips, one at a time.
      const text = this.text;
      for (;;) {
        let i = this.pos;
        while (text.charCodeAt(i) === 0x20) i++;
        this.column += i - this.pos;
        this.pos = i;
        if (this.lib && text.charCodeAt(i) === 0x09 && this.libyamlSkipsTab()) this.forward();
        else break;
      }
      if (text.charCodeAt(this.pos) === 0x23 /* # */) while (!isBreakZ(this.peek())) this.forward();
      if (text.charCodeAt(this.pos) === 0x0a) {
        // The common line break at once (scanLineBreak's `\n`).
        this.pos++;
        this.line++;
        this.column = 0;
        if (!this.flowLevel) this.allowSimpleKey = true;
      } else if (this.scanLineBreak()) {
        if (!this.flowLevel) this.allowSimpleKey = true;
      } else break;
    }
  }

  private scanLineBreak(): string {
    const ch = this.peek();
    if (ch === '\r' || ch === '\n' || ch === '\x85') {
      this.forward(ch === '\r' && this.peek(1) === '\n' ? 2 : 1);
      return '\n';
    }
    if (ch === '\u2028' || ch === '\u2029') {
      this.forward();
      return ch;
    }
    return '';
  }

  private scanDirective(): Token {
    const start = this.pos;
    this.forward();
    let length = 0;
    while (isWordChar(this.peek(length))) length++;
    if (!length) this.error(`expected a directive name after '%', but found ${describeChar(this.peek())}`);
    const name = this.text.slice(this.pos, this.pos + length);
    this.forward(length);
    if (!' \0\r\n\x85\u2028\u2029'.includes(this.peek())) {
      this.error(`expected alphabetic or numeric character in the directive, but found ${describeChar(this.peek())}`);
    }
    const tok: Token = { t: T.Directive, start, end: this.pos, name };
    if (name === 'YAML') {
      while (this.peek() === ' ') this.forward();
      const major = this.scanVersionNumber();
      if (this.peek() !== '.') this.error(`expected a digit or '.' in the %YAML directive, but found ${describeChar(this.peek())}`);
      this.forward();
      const minor = this.scanVersionNumber();
      if (this.peek() === '\t' && !this.lib) this.tabError();
      if (!' \0\r\n\x85\u2028\u2029\t'.includes(this.peek())) {
        this.error(`expected a digit or ' ' in the %YAML directive, but found ${describeChar(this.peek())}`);
      }
      tok.version = [major, minor];
    } else if (name === 'TAG') {
      while (this.peek() === ' ') this.forward();
      tok.tagHandle = this.scanTagHandle('directive');
      if (this.peek() !== ' ') this.error(`expected ' ' after the tag handle, but found ${describeChar(this.peek())}`);
      while (this.peek() === ' ') this.forward();
      tok.tagPrefix = this.scanTagUri('directive');
      if (!' \0\r\n\x85\u2028\u2029'.includes(this.peek())) {
        this.error(`expected ' ' after the tag prefix, but found ${describeChar(this.peek())}`);
      }
    } else {
      this.launcher(`found an unknown directive %${name}`, start, 'Remove the directive: libyaml knows only %YAML and %TAG.');
      while (!isBreakZ(this.peek())) this.forward();
    }
    tok.end = this.pos;
    while (this.isBlank(this.peek())) this.forward();
    if (this.peek() === '#') while (!isBreakZ(this.peek())) this.forward();
    if (!isBreakZ(this.peek())) {
      if (this.peek() === '\t') this.tabError();
      this.error(`expected a comment or a line break after the directive, but found ${describeChar(this.peek())}`);
    }
    this.scanLineBreak();
    return tok;
  }

  private scanVersionNumber(): number {
    if (!(this.peek() >= '0' && this.peek() <= '9')) this.error(`expected a digit in the %YAML directive, but found ${describeChar(this.peek())}`);
    let length = 0;
    while (this.peek(length) >= '0' && this.peek(length) <= '9') length++;
    const value = Number(this.text.slice(this.pos, this.pos + length));
    this.forward(length);
    return value;
  }

  private scanAnchor(t: T.Alias | T.Anchor): Token {
    const start = this.pos;
    const what = t === T.Alias ? 'alias' : 'anchor';
    this.forward();
    let length = 0;
    while (isWordChar(this.peek(length))) length++;
    const hint = 'Anchor and alias names may use only ASCII letters, digits, "-" and "_" (as PyYAML and libyaml read them).';
    if (!length) this.error(`expected an ${what} name (letters, digits, "-", "_"), but found ${describeChar(this.peek())}`, this.pos, 'both', hint);
    const value = this.text.slice(this.pos, this.pos + length);
    this.forward(length);
    const ch = this.peek();
    if (!isBlankZ(ch) && !'?:,]}%@`'.includes(ch)) {
      this.error(`${what} name ${JSON.stringify(value + ch)} has a character not allowed in it: ${describeChar(ch)}`, this.pos, 'both', hint);
    }
    const tok = this.token(t, start, this.pos);
    tok.value = value;
    return tok;
  }

  private scanTag(): Token {
    const start = this.pos;
    const ch = this.peek(1);
    let handle: string | undefined;
    let suffix: string;
    if (ch === '<') {
      this.forward(2);
      suffix = this.scanTagUri('tag');
      if (this.peek() !== '>') this.error(`expected '>' to close the verbatim tag, but found ${describeChar(this.peek())}`);
      this.forward();
    } else if (isBlankZ(ch)) {
      suffix = '!';
      this.forward();
    } else {
      let length = 1;
      let useHandle = false;
      let c = ch;
      while (!' \0\r\n\x85\u2028\u2029'.includes(c)) {
        if (c === '!') {
          useHandle = true;
          break;
        }
        length++;
        c = this.peek(length);
      }
      if (useHandle) handle = this.scanTagHandle('tag');
      else {
        handle = '!';
        this.forward();
      }
      suffix = this.scanTagUri('tag');
    }
    if (!' \0\r\n\x85\u2028\u2029'.includes(this.peek()) && !(this.lib && this.peek() === '\t')) {
      this.error(`expected a space after the tag ${this.text.slice(start, this.pos)}, but found ${describeChar(this.peek())}`,
        this.pos, this.peek() === '\t' ? 'config-validate' : 'both', 'Put a space (or a line break) after the tag.');
    }
    return { t: T.Tag, start, end: this.pos, handle, suffix };
  }

  private scanTagHandle(what: string): string {
    if (this.peek() !== '!') this.error(`expected '!' to start the ${what} handle, but found ${describeChar(this.peek())}`);
    let length = 1;
    let ch = this.peek(length);
    if (ch !== ' ') {
      while (isWordChar(ch)) ch = this.peek(++length);
      if (ch !== '!') {
        this.forward(length);
        this.error(`expected '!' to end the ${what} handle, but found ${describeChar(ch)}`);
      }
      length++;
    }
    const value = this.text.slice(this.pos, this.pos + length);
    this.forward(length);
    return value;
  }

  private scanTagUri(what: string): string {
    let out = '';
    let length = 0;
    let ch = this.peek(length);
    while (isUriChar(ch)) {
      if (ch === '%') {
        out += this.text.slice(this.pos, this.pos + length);
        this.forward(length);
        length = 0;
        out += this.scanUriEscapes(what);
      } else length++;
      ch = this.peek(length);
    }
    if (length) {
      out += this.text.slice(this.pos, this.pos + length);
      this.forward(length);
    }
    if (!out) this.error(`expected a ${what} URI, but found ${describeChar(ch)}`);
    return out;
  }

  private scanUriEscapes(what: string): string {
    const bytes: number[] = [];
    const at = this.pos;
    while (this.peek() === '%') {
      this.forward();
      for (let k = 0; k < 2; k++) {
        if (!isHex(this.peek(k))) this.error(`expected a URI escape of 2 hexadecimal digits in the ${what}, but found ${describeChar(this.peek(k))}`);
      }
      bytes.push(parseInt(this.text.slice(this.pos, this.pos + 2), 16));
      this.forward(2);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    } catch {
      return this.error(`the URI escapes in the ${what} are not UTF-8`, at);
    }
  }

  /** Long because it is PyYAML's block scalar scanner: header, indentation and folding share the line state. */
  private scanBlockScalar(style: number): Token {
    const folded = style === 5;
    const start = this.pos;
    this.forward();
    // Header: chomping and indentation indicators.
    let chomping: boolean | undefined;
    let increment: number | undefined;
    let ch = this.peek();
    const readIncrement = (): void => {
      if (ch >= '0' && ch <= '9') {
        increment = Number(ch);
        if (increment === 0) this.error('the indentation indicator of a block scalar must be 1-9, not 0');
        this.forward();
        ch = this.peek();
      }
    };
    if (ch === '+' || ch === '-') {
      chomping = ch === '+';
      this.forward();
      ch = this.peek();
      readIncrement();
    } else if (ch >= '0' && ch <= '9') {
      readIncrement();
      if (ch === '+' || ch === '-') {
        chomping = ch === '+';
        this.forward();
      }
    }
    ch = this.peek();
    // libyaml takes blanks and a comment right after the indicators (`|#`); pure PyYAML wants a space first.
    if (!' \0\r\n\x85\u2028\u2029'.includes(ch) && !(this.lib && (ch === '\t' || ch === '#'))) {
      if (ch === '\t') this.tabError();
      this.error(`expected a chomping or indentation indicator after the block scalar's '${style === 4 ? '|' : '>'}', but found ${describeChar(ch)}`);
    }
    while (this.isBlank(this.peek())) this.forward();
    if (this.peek() === '#') while (!isBreakZ(this.peek())) this.forward();
    if (!isBreakZ(this.peek())) {
      if (this.peek() === '\t') this.tabError();
      this.error(`expected a comment or a line break after the block scalar's header, but found ${describeChar(this.peek())}`);
    }
    this.scanLineBreak();
    // The block's first line (blank lines included), where its text is mapped from line by line.
    const contentStart = this.pos;

    let minIndent = this.indent + 1;
    if (minIndent < 1) minIndent = 1;
    let breaks: string[];
    let indent: number;
    let end: number;
    if (increment === undefined) {
      breaks = [];
      let maxIndent = 0;
      end = this.pos;
      while (this.peek() === ' ' || isBreak(this.peek())) {
        if (this.peek() !== ' ') {
          breaks.push(this.scanLineBreak());
          end = this.pos;
        } else {
          this.forward();
          if (this.column > maxIndent) maxIndent = this.column;
        }
      }
      indent = Math.max(minIndent, maxIndent);
      // libyaml refuses a tab in the leading blanks while the indentation is not known yet; pure PyYAML reads it as
      // content when it stands at the indentation, and otherwise fails on it after the scalar.
      if (this.peek() === '\t') this.launcherBlockTab();
    } else {
      indent = minIndent + increment - 1;
      [breaks, end] = this.scanBlockScalarBreaks(indent);
    }
    let out = '';
    let lineBreak = '';
    while (this.column === indent && this.pos < this.text.length) {
      out += breaks.join('');
      const leadingNonSpace = this.peek() !== ' ' && this.peek() !== '\t';
      let length = 0;
      while (!isBreakZ(this.peek(length))) length++;
      out += this.text.slice(this.pos, this.pos + length);
      this.forward(length);
      lineBreak = this.scanLineBreak();
      [breaks, end] = this.scanBlockScalarBreaks(indent);
      if (this.column === indent && this.pos < this.text.length) {
        if (folded && lineBreak === '\n' && leadingNonSpace && this.peek() !== ' ' && this.peek() !== '\t') {
          if (!breaks.length) out += ' ';
        } else out += lineBreak;
      } else break;
    }
    if (chomping !== false) out += lineBreak;
    if (chomping === true) out += breaks.join('');
    return this.scalarToken(start, end, out, false, style, contentStart, indent);
  }

  private launcherBlockTab(): void {
    this.launcher('a tab in the indentation of a block scalar', this.pos,
      'Indent the block scalar\'s lines with spaces only: libyaml refuses a tab where it expects indentation.');
  }

  private scanBlockScalarBreaks(indent: number): [string[], number] {
    const breaks: string[] = [];
    let end = this.pos;
    while (this.column < indent && this.peek() === ' ') this.forward();
    if (this.column < indent && this.peek() === '\t') this.launcherBlockTab();
    while (isBreak(this.peek())) {
      breaks.push(this.scanLineBreak());
      end = this.pos;
      while (this.column < indent && this.peek() === ' ') this.forward();
      if (this.column < indent && this.peek() === '\t') this.launcherBlockTab();
    }
    return [breaks, end];
  }

  private scanFlowScalar(style: number): Token {
    const double = style === 3;
    const start = this.pos;
    const quote = this.peek();
    this.forward();
    let out = this.scanFlowScalarNonSpaces(double, start);
    while (this.peek() !== quote) {
      out += this.scanFlowScalarSpaces(double, start);
      out += this.scanFlowScalarNonSpaces(double, start);
    }
    this.forward();
    return this.scalarToken(start, this.pos, out, false, style, start + 1, -1);
  }

  private scanFlowScalarNonSpaces(double: boolean, start: number): string {
    let out = '';
    for (;;) {
      let length = 0;
      for (;;) {
        const c = this.peek(length);
        if (c === "'" || c === '"' || c === '\\' || c === ' ' || c === '\t' || isBreakZ(c)) break;
        length++;
      }
      if (length) {
        out += this.text.slice(this.pos, this.pos + length);
        this.forward(length);
      }
      const ch = this.peek();
      if (!double && ch === "'" && this.peek(1) === "'") {
        out += "'";
        this.forward(2);
      } else if ((double && ch === "'") || (!double && (ch === '"' || ch === '\\'))) {
        out += ch;
        this.forward();
      } else if (double && ch === '\\') {
        this.forward();
        const e = this.peek();
        if (e in ESCAPES && e !== '\0') {
          out += ESCAPES[e];
          this.forward();
        } else if (e in ESCAPE_CODES) {
          const n = ESCAPE_CODES[e];
          this.forward();
          for (let k = 0; k < n; k++) {
            if (!isHex(this.peek(k))) {
              this.error(`expected an escape of ${n} hexadecimal digits in the double-quoted string, but found ${describeChar(this.peek(k))}`,
                this.pos + k, 'both', undefined);
            }
          }
          const code = parseInt(this.text.slice(this.pos, this.pos + n), 16);
          if (code > 0x10ffff) this.error(`the escape \\${e}${this.text.slice(this.pos, this.pos + n)} is not a Unicode character`);
          if (code >= 0xd800 && code <= 0xdfff) {
            // Python makes a lone surrogate of it, which cannot be encoded later; libyaml refuses it at once.
            this.launcher(`the escape \\${e}${this.text.slice(this.pos, this.pos + n)} is a lone surrogate, not a character`, this.pos - 2);
          }
          out += String.fromCodePoint(code);
          this.forward(n);
        } else if (isBreak(e)) {
          this.scanLineBreak();
          out += this.scanFlowScalarBreaks(start);
        } else {
          this.error(`found an unknown escape character ${describeChar(e)} in a double-quoted string`, this.pos, 'both',
            'Write a backslash as \\\\, or use a single-quoted string.');
        }
      } else return out;
    }
  }

  private scanFlowScalarSpaces(double: boolean, start: number): string {
    void double;
    let length = 0;
    while (this.peek(length) === ' ' || this.peek(length) === '\t') length++;
    const ws = this.text.slice(this.pos, this.pos + length);
    this.forward(length);
    const ch = this.peek();
    if (ch === '\0') {
      this.error('found the end of the file inside a quoted string', start, 'both', 'Close the quoted string.');
    }
    if (isBreak(ch)) {
      const lineBreak = this.scanLineBreak();
      const breaks = this.scanFlowScalarBreaks(start);
      let out = '';
      if (lineBreak !== '\n') out += lineBreak;
      else if (!breaks) out += ' ';
      return out + breaks;
    }
    return ws;
  }

  private scanFlowScalarBreaks(start: number): string {
    let out = '';
    for (;;) {
      if (this.column === 0 && (this.text.startsWith('---', this.pos) || this.text.startsWith('...', this.pos)) && isBlankZ(this.peek(3))) {
        this.error('found a document separator inside a quoted string', this.pos, 'both',
          `Close the quoted string that starts at offset ${start}.`);
      }
      while (this.peek() === ' ' || this.peek() === '\t') this.forward();
      if (isBreak(this.peek())) out += this.scanLineBreak();
      else return out;
    }
  }

  private scanPlain(): Token {
    const start = this.pos;
    let end = start;
    const indent = this.indent + 1;
    let spaces = '';
    let out = '';
    for (;;) {
      const text = this.text;
      if (text.charCodeAt(this.pos) === 0x23 /* # */) break;
      const n = text.length;
      const flow = this.flowLevel > 0;
      let i = this.pos;
      // Code units that are no column (a low surrogate, a BOM): forwardInLine's count, kept here.
      let noColumn = 0;
      // Char codes: the hottest loop of the reader (most scalars are plain).
      while (i < n) {
        const c = text.charCodeAt(i);
        if (isBlankCode(c)) break;
        if (c >= 0xdc00 && (c <= 0xdfff || c === 0xfeff)) noColumn++;
        if (c === 0x3a /* : */) {
          const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
          if (flow && (isFlowIndicatorCode(d) || d === 0x3f /* ? */)) {
            this.launcher("a ':' right before a flow indicator inside a plain scalar in a flow collection", i,
              'Put a space after the `:` (or quote the scalar): libyaml refuses `:` followed by `,`, `?`, `[`, `]`, `{` or `}` here.');
          }
          if (d === 0 || isBlankCode(d) || (flow && isFlowIndicatorCode(d))) break;
        }
        // libyaml (0.2.5 on) lets a plain scalar in a flow collection hold `?`; pure PyYAML ends it there.
        if (flow && (isFlowIndicatorCode(c) || (c === 0x3f && !this.lib))) break;
        i++;
      }
      const length = i - this.pos;
      if (length === 0) break;
      this.allowSimpleKey = false;
      // The first chunk (no blanks before it): a short one is often a word met before (a key, `zuul`, `true`).
      if (out === '') out = this.shortString(this.pos, i);
      else {
        out += spaces;
        out += text.slice(this.pos, i);
      }
      this.pos = i;
      this.column += length - noColumn;
      end = i;
      const s = this.scanPlainSpaces();
      if (s === undefined || this.text.charCodeAt(this.pos) === 0x23 /* # */ || (!this.flowLevel && this.column < indent)) break;
      spaces = s;
    }
    return this.scalarToken(start, end, out, true, 1, start, -1);
  }

  /**
   * The text in [start, end), the same string as last time a text of that length and those end characters was read,
   * when it is that text again: keys and common words are not made again for each node (a config repeats them;
   * much of what a large file's tree weighs), and their hash is computed once for the lookups that follow.
   */
  private shortString(start: number, end: number): string {
    const text = this.text;
    const length = end - start;
    if (length > 24) return text.slice(start, end);
    const slot = (text.charCodeAt(start) * 31 + text.charCodeAt(end - 1) * 7 + length) & 1023;
    const had = this.strings[slot];
    if (had !== undefined && had.length === length && text.startsWith(had, start)) return had;
    const made = text.slice(start, end);
    this.strings[slot] = made;
    return made;
  }

  /** The blanks after a plain scalar's chunk; undefined when the scalar ends here. */
  private scanPlainSpaces(): string | undefined {
    const text = this.text;
    const wsStart = this.pos;
    // The step is run for every call (also when no blank follows): compiled where no scalar had a blank inside (a
    // large file's labels), a step first met later (`Image 1`) sent the reader's hottest function back.
    let i = wsStart - 1;
    let c: number;
    do c = text.charCodeAt(++i);
    while (c === 0x20 || (c === 0x09 && this.lib));
    const length = i - wsStart;
    // Blanks: a column each.
    this.pos = i;
    this.column += length;
    const cc = text.charCodeAt(i);
    if (cc === 0x0a || cc === 0x0d || cc === 0x85 || cc === 0x2028 || cc === 0x2029) {
      const lineBreak = this.scanLineBreak();
      this.allowSimpleKey = true;
      if (this.separatorHere()) return undefined;
      let breaks = '';
      for (;;) {
        const c = this.peek();
        if (c === ' ') {
          // A run of spaces (the next line's indentation) at once.
          let k = 1;
          while (text.charCodeAt(this.pos + k) === 0x20) k++;
          this.pos += k;
          this.column += k;
        } else if (this.isBlank(c)) {
          // libyaml eats the next lines' leading blanks, refusing a tab that stands where indentation is expected.
          if (this.lib && !this.flowLevel && this.column < this.indent + 1) {
            this.launcher('a tab where indentation is expected, in a plain scalar continued on the next line', this.pos);
          }
          this.forward();
        } else if (isBreak(c)) {
          breaks += this.scanLineBreak();
          if (this.separatorHere()) return undefined;
        } else break;
      }
      let out = '';
      if (lineBreak !== '\n') out += lineBreak;
      else if (!breaks) out += ' ';
      return out + breaks;
    }
    return length ? this.text.slice(wsStart, wsStart + length) : undefined;
  }

  /** A document separator (`---` or `...` and a blank) at the position, whatever the column. */
  private separatorHere(): boolean {
    const c = this.text.charCodeAt(this.pos);
    if (c !== 0x2d && c !== 0x2e) return false;
    return (this.text.startsWith('---', this.pos) || this.text.startsWith('...', this.pos)) && isBlankZ(this.peek(3));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The parser: PyYAML's states, iterative (an explicit stack of states), producing a flat event list.

const enum S {
  ImplicitDocumentStart,
  DocumentStart,
  DocumentEnd,
  DocumentContent,
  BlockNode,
  BlockNodeOrIndentless,
  FlowNode,
  BlockSequenceFirstEntry,
  BlockSequenceEntry,
  IndentlessSequenceEntry,
  BlockMappingFirstKey,
  BlockMappingKey,
  BlockMappingValue,
  FlowSequenceFirstEntry,
  FlowSequenceEntry,
  FlowSequenceEntryMappingKey,
  FlowSequenceEntryMappingValue,
  FlowSequenceEntryMappingEnd,
  FlowMappingFirstKey,
  FlowMappingKey,
  FlowMappingValue,
  FlowMappingEmptyValue,
  End,
}

const DEFAULT_TAGS: Record<string, string> = { '!': '!', '!!': 'tag:yaml.org,2002:' };

/**
 * How deep pure PyYAML goes. Its composer recurses, two Python frames per open collection, and its parser and scanner
 * add frames at the deepest point: `nodepool config-validate` fails with a RecursionError (Python's limit of 1000
 * frames) once 2 x depth + the frames of what is read there pass PYYAML_FRAMES. Measured on PyYAML 6.0.4 under
 * Python 3.11: config-validate's own limit on two shapes (490 levels ending in an empty flow list in a block mapping,
 * 488 ending in a quoted value of a block mapping), and the oracle child's, which runs pure PyYAML as deep as
 * config-validate does, on each kind of innermost node below (test/config/yaml.test.ts holds the boundaries).
 */
const PYYAML_FRAMES = 990;
/** Frames past 2 x depth for what is read at a depth (see PYYAML_FRAMES). */
const FRAMES = {
  /** A scalar or alias in a flow collection. */
  flowScalar: 11,
  /** An empty value in a flow mapping; the key of a single-pair mapping in a flow list (`[a: 1]`). */
  flowEmpty: 10,
  flowPairKey: 10,
  /** An empty flow collection, in a flow collection or in a block one. */
  emptyFlowInFlow: 9,
  emptyFlowInBlock: 10,
  /** In a block collection: a key, a plain or quoted scalar, an empty value or an alias; a block scalar (`|`, `>`). */
  blockNode: 14,
  blockScalar: 16,
  /** A flow collection as a block mapping's value on its key's line, or on a line of its own; as a block list's item. */
  flowInBlockMap: 15,
  flowInBlockMapNextLine: 14,
  flowInBlockSeq: 14,
} as const;

/**
 * libyaml (0.2.5 on) refuses more than 1000 levels, block and flow together, where a block level is a rolled
 * indentation (an indentless list is none) and block levels alone stop at 999 (measured on 0.2.6).
 */
export const LIBYAML_NESTING = 1000;

export interface ParseEventsOptions {
  /** A bound of our own on open collections (refused by both); the loaders' limits come first at the default. */
  maxDepth: number;
}


/**
 * Events of a YAML stream as PyYAML's parser gives them (`lib`: with libyaml's readings and its refusals), each
 * passed to `emit` as it is read. An event object is the parser's own and is used again for the next event of its
 * kind: `emit` reads it and keeps none (no object per node but the node itself: on a large file, these were much of
 * the garbage collector's work). Throws YamlSyntaxError; when pure PyYAML refuses the text, the caller reads it
 * again with `lib` to name who refuses. The pure-Python reading goes on past a refusal only libyaml makes and
 * returns the first as `launcherError`.
 *
 * Long because it is the parser: PyYAML's parser states as one loop over the token stream, with the stacks, the
 * nesting count and the helpers every state shares.
 */
export function scanEvents(
  text: string,
  options: ParseEventsOptions,
  lib = false,
  emit: (e: YamlEvent) => void,
): { launcherError: YamlSyntaxError | undefined } {
  const bad = NON_PRINTABLE.exec(text);
  if (bad) {
    const c = bad[0];
    throw new YamlSyntaxError(`${describeChar(c)} is not allowed in YAML (not even in a comment or a quoted string)`, bad.index, 'both',
      'Delete the character, or write it as an escape (\\x.., \\u....) inside a double-quoted string.');
  }
  const sc = new Scanner(text, lib);
  // Past pure PyYAML's depth the reading goes on without giving events, to see whether libyaml reads the text.
  const push = (e: YamlEvent): void => {
    if (deepAt < 0) emit(e);
  };
  // The event objects, filled in for each event (see above).
  const scalar: ScalarEv = {
    type: Ev.Scalar, anchor: undefined, anchorOffset: -1, tag: undefined, tagOffset: -1, start: 0, value: '', style: 1, implicit: true,
    tokenStart: 0, contentStart: 0, indent: -1, end: 0, empty: true,
  };
  const collection: CollectionEv = { type: Ev.SequenceStart, anchor: undefined, anchorOffset: -1, tag: undefined, tagOffset: -1, start: 0, flow: false };
  const collectionEnd: { type: Ev.CollectionEnd; start: number } = { type: Ev.CollectionEnd, start: 0 };
  const collectionEv = (type: Ev.SequenceStart | Ev.MappingStart, anchor: string | undefined, anchorOffset: number, tag: string | undefined, tagOffset: number, start: number, flow: boolean): CollectionEv => {
    collection.type = type;
    collection.anchor = anchor;
    collection.anchorOffset = anchorOffset;
    collection.tag = tag;
    collection.tagOffset = tagOffset;
    collection.start = start;
    collection.flow = flow;
    return collection;
  };
  const states: S[] = [];
  let state: S = S.ImplicitDocumentStart;
  let tagHandles: Record<string, string> = DEFAULT_TAGS;
  let depth = 0;
  sc.getToken(); // STREAM-START

  const fail = (message: string, at: number, loader: Loader = 'both', hint?: string, decided = false): never => {
    throw new YamlSyntaxError(message, at, loader, hint, undefined, decided);
  };
  const found = (tok: Token): string => (tok.t === T.Scalar ? 'a scalar' : TOKEN_NAMES[tok.t]);
  /** Where both loaders read the text but load different values: refused at its end. */
  let differ: YamlSyntaxError | undefined;
  const empty = (at: number, props?: NodeProps, implicit = true): ScalarEv => {
    node(FRAMES.flowEmpty, FRAMES.blockNode, at);
    return emptyScalar(at, props, implicit);
  };
  const emptyScalar = (at: number, props?: NodeProps, implicit = true): ScalarEv => {
    scalar.anchor = props?.anchor;
    scalar.anchorOffset = props?.anchorOffset ?? -1;
    scalar.tag = props?.tag;
    scalar.tagOffset = props?.tagOffset ?? -1;
    scalar.start = props?.start ?? at;
    scalar.value = '';
    scalar.style = 1;
    scalar.implicit = implicit;
    scalar.tokenStart = at;
    scalar.contentStart = at;
    scalar.indent = -1;
    scalar.end = at;
    scalar.empty = true;
    return scalar;
  };
  // Pure PyYAML's frames (see PYYAML_FRAMES): where they first pass its limit, the reading goes on (without giving
  // events) to see whether libyaml reads the text; libyaml's own limit is the scanner's.
  let deepAt = -1;
  let deepLevels = 0;
  /** Per open collection: flow (1) or block, whether anything was read in it (2), a mapping (4) or a list. */
  const levels: number[] = [];
  const tooDeep = (loader: Loader): YamlSyntaxError =>
    new YamlSyntaxError(
      `YAML nesting ${deepLevels} levels deep: pure-Python PyYAML (\`config-validate\`) runs out of Python's recursion limit here (near 490 levels)${loader === 'both' ? '' : '; libyaml (the launcher) reads it'}`,
      deepAt, loader, 'No configuration needs this depth; the file is probably generated wrongly or hostile.', 'yaml/too-deep');
  /** Pure PyYAML needs 2 x depth + `extra` frames reading something at `at` (depth: the open collections). */
  const frames = (extra: number, at: number): void => {
    if (deepAt < 0 && 2 * depth + extra > PYYAML_FRAMES) {
      deepAt = at;
      deepLevels = depth;
    }
  };
  /** Whether something stands before `at` on its line (blanks aside). */
  const onLineBefore = (at: number): boolean => {
    let i = at - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    return i >= 0 && !isBreak(text[i]);
  };
  /** A node read in the innermost open collection: its frames, by what it is and where. */
  const node = (flowCost: number, blockCost: number, at: number): void => {
    if (depth === 0) return;
    const top = levels[depth - 1];
    levels[depth - 1] = top | 2;
    frames(top & 1 ? flowCost : blockCost, at);
  };
  const open = (ev: CollectionEv): void => {
    if (depth > 0) {
      const top = levels[depth - 1];
      levels[depth - 1] = top | 2;
      if (ev.flow && !(top & 1)) {
        frames(!(top & 4) ? FRAMES.flowInBlockSeq : onLineBefore(ev.start) ? FRAMES.flowInBlockMap : FRAMES.flowInBlockMapNextLine, ev.start);
      }
    }
    levels[depth] = (ev.flow ? 1 : 0) | (ev.type === Ev.MappingStart ? 4 : 0);
    if (++depth > options.maxDepth) {
      if (deepAt < 0) {
        deepAt = ev.start;
        deepLevels = depth;
      }
      throw tooDeep('both');
    }
    push(ev);
  };
  const close = (at: number): void => {
    const top = levels[--depth];
    if ((top & 3) === 1) {
      // An empty flow collection: its frames at its own depth.
      depth++;
      frames(depth > 1 && levels[depth - 2] & 1 ? FRAMES.emptyFlowInFlow : FRAMES.emptyFlowInBlock, at);
      depth--;
    }
    collectionEnd.start = at;
    push(collectionEnd);
  };
  const done = (): { launcherError: YamlSyntaxError | undefined } => {
    if (deepAt >= 0) throw tooDeep('config-validate');
    // The loaders' different values count only where both load the text: a libyaml refusal anywhere is the verdict.
    if (differ && !sc.launcherError) throw differ;
    return { launcherError: sc.launcherError };
  };

  const processDirectives = (): void => {
    let version: [number, number] | undefined;
    tagHandles = {};
    while (sc.checkToken(T.Directive)) {
      const tok = sc.getToken();
      if (tok.name === 'YAML') {
        if (version) fail('found a second %YAML directive for this document', tok.start);
        version = tok.version!;
        if (version[0] !== 1) fail(`found an incompatible YAML document (%YAML ${version.join('.')}; version 1.x is required)`, tok.start);
        if (version[1] !== 1 && version[1] !== 2) {
          sc.launcher(`%YAML ${version.join('.')}: libyaml reads only YAML 1.1 and 1.2 documents`, tok.start,
            'Write `%YAML 1.1` or remove the directive.');
        }
      } else if (tok.name === 'TAG') {
        const handle = tok.tagHandle!;
        if (handle in tagHandles) fail(`found a duplicate %TAG handle ${handle}`, tok.start);
        tagHandles[handle] = tok.tagPrefix!;
      }
    }
    for (const [k, v] of Object.entries(DEFAULT_TAGS)) if (!(k in tagHandles)) tagHandles[k] = v;
  };

  /** Long because a node's properties (anchor, tag) and the choice among the node kinds share one look-ahead. */
  const parseNode = (block: boolean, indentless: boolean): void => {
    // One look at the next token for the choice among alias, anchor and tag (each checkToken asks the scanner again).
    const first = sc.peekToken().t;
    if (first === T.Alias) {
      const tok = sc.getToken();
      node(FRAMES.flowScalar, FRAMES.blockNode, tok.start);
      push({ type: Ev.Alias, name: tok.value!, start: tok.start });
      state = states.pop()!;
      return;
    }
    let anchor: string | undefined;
    let anchorOffset = -1;
    let tagTok: Token | undefined;
    let start: number | undefined;
    if (first === T.Anchor) {
      const tok = sc.getToken();
      anchor = tok.value;
      anchorOffset = start = tok.start;
      if (sc.checkToken(T.Tag)) tagTok = sc.getToken();
    } else if (first === T.Tag) {
      tagTok = sc.getToken();
      start = tagTok.start;
      if (sc.checkToken(T.Anchor)) {
        const tok = sc.getToken();
        anchor = tok.value;
        anchorOffset = tok.start;
      }
    }
    let tag: string | undefined;
    if (tagTok) {
      if (tagTok.handle !== undefined) {
        if (!(tagTok.handle in tagHandles)) fail(`found an undefined tag handle ${tagTok.handle}`, tagTok.start);
        tag = tagHandles[tagTok.handle] + tagTok.suffix!;
      } else tag = tagTok.suffix;
    }
    const next = sc.peekToken();
    // The properties are written out in each event (no spread of a shared object: this runs once per node).
    const tagOffset = tagTok?.start ?? -1;
    const nodeStart = start ?? next.start;
    if (indentless && next.t === T.BlockEntry) {
      open(collectionEv(Ev.SequenceStart, anchor, anchorOffset, tag, tagOffset, nodeStart, false));
      state = S.IndentlessSequenceEntry;
      return;
    }
    switch (next.t) {
      case T.Scalar: {
        const tok = sc.getToken();
        const style = tok.style!;
        node(states[states.length - 1] === S.FlowSequenceEntryMappingValue ? FRAMES.flowPairKey : FRAMES.flowScalar, style >= 4 ? FRAMES.blockScalar : FRAMES.blockNode, nodeStart);
        scalar.anchor = anchor;
        scalar.anchorOffset = anchorOffset;
        scalar.tag = tag;
        scalar.tagOffset = tagOffset;
        scalar.start = nodeStart;
        scalar.value = tok.value!;
        scalar.style = style;
        scalar.implicit = (tok.plain === true && tag === undefined) || tag === '!';
        scalar.tokenStart = tok.start;
        scalar.contentStart = tok.contentStart!;
        scalar.indent = tok.indent!;
        scalar.end = tok.end;
        scalar.empty = false;
        push(scalar);
        state = states.pop()!;
        return;
      }
      case T.FlowSequenceStart:
        open(collectionEv(Ev.SequenceStart, anchor, anchorOffset, tag, tagOffset, nodeStart, true));
        state = S.FlowSequenceFirstEntry;
        return;
      case T.FlowMappingStart:
        open(collectionEv(Ev.MappingStart, anchor, anchorOffset, tag, tagOffset, nodeStart, true));
        state = S.FlowMappingFirstKey;
        return;
    }
    if (block && next.t === T.BlockSequenceStart) {
      open(collectionEv(Ev.SequenceStart, anchor, anchorOffset, tag, tagOffset, nodeStart, false));
      state = S.BlockSequenceFirstEntry;
      return;
    }
    if (block && next.t === T.BlockMappingStart) {
      open(collectionEv(Ev.MappingStart, anchor, anchorOffset, tag, tagOffset, nodeStart, false));
      state = S.BlockMappingFirstKey;
      return;
    }
    if (anchor !== undefined || tag !== undefined) {
      if (tag === '!' && !lib) {
        // Neither loader errs here: refused once the whole text is read, unless an error of theirs comes first.
        differ ??= new YamlSyntaxError("an empty value tagged `!`: pure PyYAML (config-validate) reads it as null, libyaml (the launcher) as an empty string, so the two would load different values",
          tagOffset, 'both', "Write `''` for an empty string or `null`, without the `!`.", undefined, true);
      }
      push(empty(next.start, { anchor, anchorOffset, tag, tagOffset, start: nodeStart }, tag === undefined));
      state = states.pop()!;
      return;
    }
    fail(`expected a value (the node content), but found ${found(next)}`, next.start);
  };

  const flowSequenceEntry = (first: boolean): void => {
    if (!sc.checkToken(T.FlowSequenceEnd)) {
      if (!first) {
        if (sc.checkToken(T.FlowEntry)) sc.getToken();
        else {
          const tok = sc.peekToken();
          fail(`expected ',' or ']' in the flow list, but found ${found(tok)}`, tok.start);
        }
      }
      if (sc.checkToken(T.Key)) {
        const tok = sc.peekToken();
        open(collectionEv(Ev.MappingStart, undefined, -1, undefined, -1, tok.start, true));
        state = S.FlowSequenceEntryMappingKey;
        return;
      }
      if (!sc.checkToken(T.FlowSequenceEnd)) {
        states.push(S.FlowSequenceEntry);
        state = S.FlowNode;
        return;
      }
    }
    close(sc.getToken().start);
    state = states.pop()!;
  };

  /** The value of a flow mapping entry (in a mapping or a single-pair one in a sequence): a node, or empty. */
  const flowValue = (end: T, next: S): void => {
    if (sc.checkToken(T.Value)) {
      const tok = sc.getToken();
      if (!sc.checkToken(T.FlowEntry, end)) {
        states.push(next);
        state = S.FlowNode;
      } else {
        state = next;
        push(empty(tok.end));
      }
    } else {
      state = next;
      push(empty(sc.peekToken().start));
    }
  };

  const flowMappingKey = (first: boolean): void => {
    if (!sc.checkToken(T.FlowMappingEnd)) {
      if (!first) {
        if (sc.checkToken(T.FlowEntry)) sc.getToken();
        else {
          const tok = sc.peekToken();
          fail(`expected ',' or '}' in the flow mapping, but found ${found(tok)}`, tok.start);
        }
      }
      if (sc.checkToken(T.Key)) {
        const tok = sc.getToken();
        if (!sc.checkToken(T.Value, T.FlowEntry, T.FlowMappingEnd)) {
          states.push(S.FlowMappingValue);
          state = S.FlowNode;
        } else {
          state = S.FlowMappingValue;
          push(empty(tok.end));
        }
        return;
      }
      if (!sc.checkToken(T.FlowMappingEnd)) {
        states.push(S.FlowMappingEmptyValue);
        state = S.FlowNode;
        return;
      }
    }
    close(sc.getToken().start);
    state = states.pop()!;
  };

  try {
    for (;;) {
      switch (state) {
        case S.ImplicitDocumentStart:
          if (!sc.checkToken(T.Directive, T.DocumentStart, T.StreamEnd)) {
            tagHandles = DEFAULT_TAGS;
            push({ type: Ev.DocumentStart, explicit: false, start: sc.peekToken().start });
            states.push(S.DocumentEnd);
            state = S.BlockNode;
            break;
          }
          state = S.DocumentStart;
          break;
        case S.DocumentStart: {
          while (sc.checkToken(T.DocumentEnd)) sc.getToken();
          if (sc.checkToken(T.StreamEnd)) {
            sc.getToken();
            return done();
          }
          const start = sc.peekToken().start;
          processDirectives();
          if (!sc.checkToken(T.DocumentStart)) {
            const tok = sc.peekToken();
            fail(`expected '---' (a document start), but found ${found(tok)}`, tok.start);
          }
          sc.getToken();
          push({ type: Ev.DocumentStart, explicit: true, start });
          states.push(S.DocumentEnd);
          state = S.DocumentContent;
          break;
        }
        case S.DocumentEnd: {
          const tok = sc.peekToken();
          if (tok.t === T.DocumentEnd) sc.getToken();
          push({ type: Ev.DocumentEnd, start: tok.start });
          state = S.DocumentStart;
          break;
        }
        case S.DocumentContent:
          if (sc.checkToken(T.Directive, T.DocumentStart, T.DocumentEnd, T.StreamEnd)) {
            push(empty(sc.peekToken().start));
            state = states.pop()!;
          } else parseNode(true, false);
          break;
        case S.BlockNode:
          parseNode(true, false);
          break;
        case S.BlockNodeOrIndentless:
          parseNode(true, true);
          break;
        case S.FlowNode:
          parseNode(false, false);
          break;
        case S.BlockSequenceFirstEntry:
          sc.getToken();
          state = S.BlockSequenceEntry;
          break;
        case S.BlockSequenceEntry: {
          if (sc.checkToken(T.BlockEntry)) {
            const tok = sc.getToken();
            if (!sc.checkToken(T.BlockEntry, T.BlockEnd)) {
              states.push(S.BlockSequenceEntry);
              state = S.BlockNode;
            } else push(empty(tok.end));
            break;
          }
          if (!sc.checkToken(T.BlockEnd)) {
            const tok = sc.peekToken();
            fail(`expected another list item or the end of the list, but found ${found(tok)}`, tok.start, 'both',
              'Check the indentation: every item of a list starts with "- " at the same column.');
          }
          close(sc.getToken().start);
          state = states.pop()!;
          break;
        }
        case S.IndentlessSequenceEntry: {
          if (sc.checkToken(T.BlockEntry)) {
            const tok = sc.getToken();
            if (!sc.checkToken(T.BlockEntry, T.Key, T.Value, T.BlockEnd)) {
              states.push(S.IndentlessSequenceEntry);
              state = S.BlockNode;
            } else push(empty(tok.end));
            break;
          }
          close(sc.peekToken().start);
          state = states.pop()!;
          break;
        }
        case S.BlockMappingFirstKey:
          sc.getToken();
          state = S.BlockMappingKey;
          break;
        case S.BlockMappingKey: {
          if (sc.checkToken(T.Key)) {
            const tok = sc.getToken();
            if (!sc.checkToken(T.Key, T.Value, T.BlockEnd)) {
              states.push(S.BlockMappingValue);
              state = S.BlockNodeOrIndentless;
            } else {
              state = S.BlockMappingValue;
              push(empty(tok.end));
            }
            break;
          }
          if (!sc.checkToken(T.BlockEnd)) {
            const tok = sc.peekToken();
            fail(`expected another key or the end of the mapping, but found ${found(tok)}`, tok.start, 'both',
              'Check the indentation: the keys of one mapping start at the same column, and a value that goes on needs quotes or more indentation.');
          }
          close(sc.getToken().start);
          state = states.pop()!;
          break;
        }
        case S.BlockMappingValue: {
          if (sc.checkToken(T.Value)) {
            const tok = sc.getToken();
            if (!sc.checkToken(T.Key, T.Value, T.BlockEnd)) {
              states.push(S.BlockMappingKey);
              state = S.BlockNodeOrIndentless;
            } else {
              state = S.BlockMappingKey;
              push(empty(tok.end));
            }
          } else {
            state = S.BlockMappingKey;
            push(empty(sc.peekToken().start));
          }
          break;
        }
        case S.FlowSequenceFirstEntry:
          sc.getToken();
          flowSequenceEntry(true);
          break;
        case S.FlowSequenceEntry:
          flowSequenceEntry(false);
          break;
        case S.FlowSequenceEntryMappingKey: {
          const tok = sc.getToken();
          if (!sc.checkToken(T.Value, T.FlowEntry, T.FlowSequenceEnd)) {
            states.push(S.FlowSequenceEntryMappingValue);
            state = S.FlowNode;
          } else {
            state = S.FlowSequenceEntryMappingValue;
            push(empty(tok.end));
          }
          break;
        }
        case S.FlowSequenceEntryMappingValue:
          flowValue(T.FlowSequenceEnd, S.FlowSequenceEntryMappingEnd);
          break;
        case S.FlowSequenceEntryMappingEnd:
          state = S.FlowSequenceEntry;
          close(sc.peekToken().start);
          break;
        case S.FlowMappingFirstKey:
          sc.getToken();
          flowMappingKey(true);
          break;
        case S.FlowMappingKey:
          flowMappingKey(false);
          break;
        case S.FlowMappingValue:
          flowValue(T.FlowMappingEnd, S.FlowMappingKey);
          break;
        case S.FlowMappingEmptyValue:
          state = S.FlowMappingKey;
          push(empty(sc.peekToken().start));
          break;
        case S.End:
          return done();
      }
    }
  } catch (err) {
    // Pure PyYAML fails at the nesting before it reads on to a later error.
    if (deepAt >= 0 && !(err instanceof YamlSyntaxError && err.rule === 'yaml/too-deep')) throw tooDeep('config-validate');
    throw err;
  }
}
