/**
 * A small schema language over positioned YAML nodes. It mirrors voluptuous' semantics where Nodepool relies
 * on them (an `int` accepts a boolean, a `float` rejects an integer, unknown keys are rejected), reports every
 * error at once with its position, and can describe itself as JSON Schema for editors.
 */
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { positionOf } from './source.js';
import type { SourceFile } from './source.js';
import { describeNode } from './yaml.js';
import type { ScalarTag, YMap, YNode, YPair } from './yaml.js';
import { didYouMean } from '../core/suggest.js';
import { ruleId } from '../core/rules.js';
import type { RuleArea, RuleName } from '../core/rules.js';

export type JSONSchema = Record<string, unknown>;

/** The areas that have a schema: each has the schema language's rules (`<area>/unknown-key`, `<area>/type`, …). */
export type SchemaArea = 'settings' | 'nodepool' | 'cluster' | 'pod-template' | 'inventory' | 'zuul';

/**
 * What a check reports into. `Areas` is the rule area (or the areas, for a check shared by several validators) the
 * diagnostics go under: `report` takes only a rule name registered under each of them.
 */
export interface CheckContext<Areas extends SchemaArea & RuleArea = SchemaArea> {
  source: SourceFile;
  diagnostics: Diagnostic[];
  /** Rule id prefix: `nodepool`, `cluster`, ... */
  rulePrefix: Areas;
  /** Where we are, in words (`provider "cloud1"`, `pool "main"`), computed only when something is reported. */
  where: Array<string | (() => string | undefined) | MapContext>;
  /** The paths above each named object (messages restart their path there; a diagnostic's field does not). */
  outer?: Path[];
}

/** A mapping's word of where we are (ObjectOptions.context), made only when something is reported. */
export interface MapContext {
  of: (map: YMap) => string | undefined;
  map: YMap;
}

/** A path into the document; checks push and pop keys on one array (it is only read when a problem is reported). */
export type Path = Array<string | number>;

function under<T>(path: Path, key: string | number, fn: (p: Path) => T): T {
  path.push(key);
  try {
    return fn(path);
  } finally {
    path.pop();
  }
}

export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out;
}

export function report<Areas extends SchemaArea>(
  cx: CheckContext<Areas>,
  offset: number,
  rule: RuleName<Areas>,
  message: string,
  hint?: string,
  severity: Severity = 'error',
  field?: Path,
): Diagnostic {
  const pos = positionOf(cx.source, offset);
  const words = cx.where.map((w) => (typeof w === 'function' ? w() : typeof w === 'string' ? w : w.of(w.map))).filter((w): w is string => !!w);
  const where = words.length ? words.join(', ') + ': ' : '';
  const diagnostic: Diagnostic = {
    rule: ruleId(cx.rulePrefix, rule),
    severity,
    file: cx.source.path,
    line: pos.line,
    column: pos.column,
    message: where + message,
    ...(hint ? { hint } : {}),
    ...(field && field.length ? { field: formatPath([...(cx.outer ?? []).flat(), ...field]) } : {}),
  };
  cx.diagnostics.push(diagnostic);
  return diagnostic;
}

/** Where a missing value would have been: the map itself, or the start of the file. */
function nodeOffset(node: YNode | null, fallback: number): number {
  return node ? node.offset : fallback;
}

export abstract class Schema {
  /** Validate `node` (null for an empty value); report problems; return whether it is valid. */
  abstract check(node: YNode | null, cx: CheckContext, path: Path, fallbackOffset: number): boolean;
  /** "a string", "an integer", ... */
  abstract describe(): string;
  abstract toJSONSchema(): JSONSchema;
  description?: string;
  /** A copy of this schema with a description (a copy, so one schema shared by several fields keeps each one's). */
  doc(text: string): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.description = text;
    return copy;
  }
  protected withDoc(s: JSONSchema): JSONSchema {
    return this.description ? { description: this.description, ...s } : s;
  }
}

function label(path: Path): string {
  const p = formatPath(path);
  return p ? `\`${p}\`` : 'the document';
}

function typeError(cx: CheckContext, node: YNode | null, path: Path, fallback: number, want: string, hint?: string): false {
  report(cx, nodeOffset(node, fallback), 'type', `${label(path)} must be ${want}, not ${describeNode(node)}`, hint, 'error', path);
  return false;
}

type ScalarKind = 'str' | 'int' | 'float' | 'bool' | 'coerce-float' | 'number';

class ScalarSchema extends Schema {
  /** The tags this kind takes, looked up once: no switch over the kinds per value checked (see ACCEPTED_TAGS). */
  readonly accepted: ReadonlySet<ScalarTag>;
  constructor(readonly kind: ScalarKind) {
    super();
    this.accepted = ACCEPTED_TAGS[kind];
  }
  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    if (node !== null && node.kind === 'scalar' && this.accepted.has(node.tag)) return true;
    if (scalarMatches(this.kind, node)) return true;
    let hint: string | undefined;
    if (this.kind === 'float' && node?.kind === 'scalar' && node.tag === 'int') {
      hint = `Nodepool reads this as a float and rejects an integer: write ${String(node.value)}.0`;
    } else if (this.kind === 'int' && node?.kind === 'scalar' && node.tag === 'str' && /^\s*-?\d+\s*$/.test(node.value as string)) {
      hint = `Remove the quotes: ${(node.value as string).trim()}`;
    } else if (this.kind === 'str' && node?.kind === 'scalar' && node.tag !== 'str' && node.tag !== 'null') {
      hint = 'Quote the value to make it a string.';
    }
    return typeError(cx, node, path, fallback, this.describe(), hint);
  }
  describe(): string {
    return {
      str: 'a string',
      int: 'an integer',
      float: 'a float (with a decimal point, like 10.0)',
      bool: 'a boolean (true or false)',
      'coerce-float': 'a number',
      number: 'a number',
    }[this.kind];
  }
  toJSONSchema(): JSONSchema {
    switch (this.kind) {
      case 'str':
        return this.withDoc({ type: 'string' });
      case 'int':
        return this.withDoc({ type: ['integer', 'boolean'] });
      case 'float':
        return this.withDoc({ type: 'number' });
      case 'bool':
        return this.withDoc({ type: 'boolean' });
      case 'coerce-float':
        return this.withDoc({ type: ['number', 'string', 'boolean'] });
      case 'number':
        return this.withDoc({ type: ['number', 'boolean'] });
    }
  }
}

const PY_FLOAT_STRING = /^\s*[-+]?(?:(?:\d(?:_?\d)*)?(?:\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][-+]?\d(?:_?\d)*)?|inf(?:inity)?|nan)\s*$/i;

/**
 * The tags of the values each kind takes (`coerce-float`: and a numeric string). A set per kind, not a switch over the
 * kinds: compiled during a large file's labels (strings and integers), a switch met a new kind in the providers that
 * follow (a float, a boolean) and sent the compiled checks back to be compiled again.
 */
const ACCEPTED_TAGS: Readonly<Record<ScalarKind, ReadonlySet<ScalarTag>>> = {
  str: new Set(['str']),
  int: new Set(['int', 'bool']),
  float: new Set(['float']),
  bool: new Set(['bool']),
  number: new Set(['int', 'bool', 'float']),
  // Python float(): numbers, booleans and numeric strings.
  'coerce-float': new Set(['int', 'bool', 'float']),
};

export function scalarMatches(kind: ScalarKind, node: YNode | null): boolean {
  if (!node || node.kind !== 'scalar') return false;
  if (ACCEPTED_TAGS[kind].has(node.tag)) return true;
  return kind === 'coerce-float' && node.tag === 'str' && PY_FLOAT_STRING.test(node.value as string);
}

export const str = (): Schema => new ScalarSchema('str');
export const int = (): Schema => new ScalarSchema('int');
export const float = (): Schema => new ScalarSchema('float');
export const bool = (): Schema => new ScalarSchema('bool');
export const coerceFloat = (): Schema => new ScalarSchema('coerce-float');
export const number = (): Schema => new ScalarSchema('number');

class EnumSchema extends Schema {
  constructor(readonly values: ReadonlyArray<string | null>) {
    super();
  }
  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    const v = node === null ? null : node.kind === 'scalar' ? node.value : undefined;
    if (v === null && this.values.includes(null)) return true;
    if (typeof v === 'string' && this.values.includes(v)) return true;
    const shown = this.values.map((x) => (x === null ? 'null' : `\`${x}\``)).join(', ');
    const hint = typeof v === 'string' ? didYouMean(v, this.values.filter((x): x is string => x !== null)) : undefined;
    report(cx, nodeOffset(node, fallback), 'value', `${label(path)} is ${describeNode(node)}; it must be one of ${shown}`, hint, 'error', path);
    return false;
  }
  describe(): string {
    return `one of ${this.values.map((x) => (x === null ? 'null' : x)).join(', ')}`;
  }
  toJSONSchema(): JSONSchema {
    return this.withDoc({ enum: [...this.values] });
  }
}

export const oneOf = (...values: Array<string | null>): Schema => new EnumSchema(values);

/** Python `re.match` (anchored at the start only) on a string. */
class PatternSchema extends Schema {
  constructor(
    readonly pattern: RegExp,
    readonly what: string,
  ) {
    super();
  }
  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    if (!scalarMatches('str', node)) return typeError(cx, node, path, fallback, 'a string');
    const v = (node as { value: string }).value;
    const m = this.pattern.exec(v);
    if (m && m.index === 0) return true;
    report(cx, nodeOffset(node, fallback), 'pattern', `${label(path)} ${JSON.stringify(v)} must be ${this.what}`, undefined, 'error', path);
    return false;
  }
  describe(): string {
    return this.what;
  }
  toJSONSchema(): JSONSchema {
    return this.withDoc({ type: 'string', pattern: '^' + this.pattern.source });
  }
}

export const match = (pattern: RegExp, what: string): Schema => new PatternSchema(pattern, what);

class AnySchema extends Schema {
  check(): boolean {
    return true;
  }
  describe(): string {
    return 'any value';
  }
  toJSONSchema(): JSONSchema {
    return this.withDoc({});
  }
}

export const anything = (): Schema => new AnySchema();

class ListSchema extends Schema {
  constructor(readonly item: Schema | null) {
    super();
  }
  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    // A !!omap or !!pairs is a Python list of tuples: a plain `list` takes it, a typed one does not.
    if (!node || node.kind !== 'seq' || (node.pyType && this.item && node.items.length)) {
      return typeError(cx, node, path, fallback, this.describe(),
        node?.kind === 'scalar' && node.tag === 'str' ? `Write it as a list: [${String(node.value)}]` : undefined);
    }
    if (!this.item) return true;
    let ok = true;
    const item = this.item;
    for (let i = 0; i < node.items.length; i++) {
      path.push(i);
      if (!item.check(node.items[i], cx, path, node.offset)) ok = false;
      path.pop();
    }
    return ok;
  }
  describe(): string {
    return this.item ? `a list of ${plural(this.item.describe())}` : 'a list';
  }
  toJSONSchema(): JSONSchema {
    return this.withDoc(this.item ? { type: 'array', items: this.item.toJSONSchema() } : { type: 'array' });
  }
}

function plural(desc: string): string {
  return desc.replace(/^an? /, '').replace(/^(string|integer|float|boolean|mapping|list)/, '$1s');
}

/** A list; with an item schema, every item must match it. */
export const list = (item: Schema | null = null): Schema => new ListSchema(item);

class DictSchema extends Schema {
  constructor(
    readonly key: Schema | null,
    readonly value: Schema | null,
  ) {
    super();
  }
  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    if (!node || node.kind !== 'map' || node.pyType) return typeError(cx, node, path, fallback, this.describe());
    let ok = true;
    for (const p of node.pairs) {
      const name = p.name ?? (p.key.kind === 'scalar' ? String(p.key.value) : '?');
      const key = this.key;
      const value = this.value;
      if (key && !under(path, `${name} (key)`, (q) => key.check(p.key, cx, q, node.offset))) ok = false;
      if (value && !under(path, name, (q) => value.check(p.value, cx, q, p.key.offset))) ok = false;
    }
    return ok;
  }
  describe(): string {
    return 'a mapping';
  }
  toJSONSchema(): JSONSchema {
    return this.withDoc(
      this.value ? { type: 'object', additionalProperties: this.value.toJSONSchema() } : { type: 'object' },
    );
  }
}

/** A mapping; with schemas, every key and value must match them (voluptuous `{str: int}`). */
export const dict = (key: Schema | null = null, value: Schema | null = null): Schema => new DictSchema(key, value);

export interface FieldSpec {
  schema: Schema;
  required?: boolean;
}

export type Field = Schema | FieldSpec;

export interface ObjectOptions {
  /** A word on where we are, shown before messages inside this mapping: `provider "cloud1"`. */
  context?: (map: YMap) => string | undefined;
  /** Groups of keys of which at most one may be set (voluptuous `Exclusive`). */
  exclusive?: string[][];
  /** Groups of keys of which at least one must be set. */
  atLeastOne?: string[][];
  /** Keys rejected although someone may expect them, with the reason shown as the hint. */
  rejected?: Record<string, string>;
  /** Schema for keys not listed (voluptuous `{str: int}` extra); unknown keys are errors otherwise. */
  extra?: { key: Schema; value: Schema };
  /** Accept any other key (voluptuous `extra=ALLOW_EXTRA`). */
  allowUnknown?: boolean;
  /** Extra check run after the fields (sees the map, reports its own diagnostics). */
  refine?: (map: YMap, cx: CheckContext, path: Path) => boolean;
}

/**
 * ObjectSchema.check's holders of a mapping's word and inner paths, not in use, to be used again: spareWords[0,
 * spares) and sparePaths[0, spares). Counted, not pushed and popped: an array popped empty drops its storage and the
 * next push makes it anew, once per mapping checked until the optimizing compiler has compiled the checks.
 */
const spareWords: MapContext[] = [];
const sparePaths: Path[] = [];
let spares = 0;

/** A field as ObjectSchema.checkFields reads it: one shape for every field (`required` always set). */
interface CheckedField {
  schema: Schema;
  required: boolean;
  /** A scalar field's tags (its schema's): a value with one of them is valid, with no call to the schema's check. */
  scalarTags: ReadonlySet<ScalarTag> | undefined;
}

export class ObjectSchema extends Schema {
  readonly fields: Record<string, FieldSpec>;
  private readonly known: string[];
  private readonly requiredKeys: string[];
  private readonly fieldMap: Map<string, CheckedField>;
  /**
   * The options, as fields of the schema: the options objects have many shapes (each schema spells its own), which
   * made the reads in check and checkFields polymorphic and sent the optimized checks back (a wrong map) each time a
   * new shape came.
   */
  private readonly contextOf: ObjectOptions['context'];
  private readonly exclusive: ObjectOptions['exclusive'];
  private readonly atLeastOne: ObjectOptions['atLeastOne'];
  private readonly rejected: ObjectOptions['rejected'];
  private readonly extra: ObjectOptions['extra'];
  private readonly allowUnknown: boolean;
  private readonly refine: ObjectOptions['refine'];
  constructor(
    fields: Record<string, Field>,
    readonly options: ObjectOptions = {},
  ) {
    super();
    this.fields = Object.fromEntries(
      Object.entries(fields).map(([k, f]) => [k, f instanceof Schema ? { schema: f } : f]),
    );
    this.known = Object.keys(this.fields);
    this.requiredKeys = this.known.filter((k) => this.fields[k].required);
    this.fieldMap = new Map(Object.entries(this.fields).map(([k, f]) => [k, {
      schema: f.schema,
      required: f.required === true,
      scalarTags: f.schema instanceof ScalarSchema ? f.schema.accepted : undefined,
    }]));
    this.contextOf = options.context;
    this.exclusive = options.exclusive;
    this.atLeastOne = options.atLeastOne;
    this.rejected = options.rejected;
    this.extra = options.extra;
    this.allowUnknown = options.allowUnknown === true;
    this.refine = options.refine;
  }

  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    if (!node || node.kind !== 'map' || node.pyType) return typeError(cx, node, path, fallback, this.describe());
    const contextOf = this.contextOf;
    if (!contextOf) return this.checkFields(node, cx, path);
    // Messages inside name the object ("pool \"main\"") instead of its path from the top. Per mapping checked, so
    // with no object made for it: the word's holder and the inner path are used again (both are read only when a
    // problem is reported, at once; the outer path is not changed while the inner mapping is checked).
    let word: MapContext;
    let inner: Path;
    if (spares > 0) {
      spares--;
      word = spareWords[spares];
      word.of = contextOf;
      word.map = node;
      inner = sparePaths[spares];
    } else {
      word = { of: contextOf, map: node };
      inner = [];
    }
    cx.where.push(word);
    (cx.outer ??= []).push(path);
    try {
      return this.checkFields(node, cx, inner);
    } finally {
      cx.where.pop();
      cx.outer.pop();
      // Empty already unless a check threw: setting the length would drop the array's storage (made again at the
      // next push, once per mapping checked: a tenth of what a large file's validate allocated).
      if (inner.length !== 0) inner.length = 0;
      spareWords[spares] = word;
      sparePaths[spares] = inner;
      spares++;
    }
  }

  private checkFields(node: YMap, cx: CheckContext, path: Path): boolean {
    let ok = true;
    const known = this.known;
    const fieldMap = this.fieldMap;
    const pairs = node.pairs;
    // The required keys present (pairs have distinct names): when all are, none is looked up again.
    let required = 0;
    // A field's name goes in the path's slot `depth`, the path cut back once after the fields (not popped per field:
    // a path popped empty drops its storage, made anew at the next push until the checks are compiled; see cutPath).
    const depth = path.length;
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i];
      const name = p.name;
      const spec = name !== undefined ? fieldMap.get(name) : undefined;
      if (spec !== undefined) {
        // An addition run for every field, not an increment run for required ones: optimized during a run of
        // mappings with no required field (a large file's labels), the increment would be new code and send it back.
        required += spec.required ? 1 : 0;
        // Stored for every field, also one checked just below: first met after the labels, the store was new code.
        path[depth] = name!;
        // Most fields are scalars that match: checked here, where a call to the field's schema (of a dozen classes)
        // sent the compiled checks back to be compiled again as each new class came.
        const tags = spec.scalarTags;
        const value = p.value;
        if (tags !== undefined && value.kind === 'scalar' && tags.has(value.tag)) continue;
        if (!spec.schema.check(value, cx, path, p.key.offset)) ok = false;
        continue;
      }
      if (path.length !== depth) cutPath(path, depth);
      if (this.allowUnknown) continue;
      const extra = this.extra;
      if (extra) {
        if (!checkExtraPair(extra, p, cx, path)) ok = false;
        continue;
      }
      ok = false;
      reportUnknownKey(cx, p, path, known, this.rejected);
    }
    if (path.length !== depth) cutPath(path, depth);
    if (required < this.requiredKeys.length) {
      for (const name of this.requiredKeys) {
        if (!node.byKey.has(name)) {
          ok = false;
          report(cx, node.offset, 'required', `${keyLabel(path, name)} is required`, `Add \`${name}:\` here.`, 'error', [...path, name]);
        }
      }
    }
    // The groups by index and without a closure: this runs for each mapping, most often before it is optimized,
    // where a for-of makes an iterator and a result per step.
    const exclusive = this.exclusive;
    if (exclusive) {
      for (let g = 0; g < exclusive.length; g++) {
        const group = exclusive[g];
        if (countKeys(node, group) < 2) continue;
        ok = false;
        reportExclusive(cx, node, group);
      }
    }
    const atLeastOne = this.atLeastOne;
    if (atLeastOne) {
      for (let g = 0; g < atLeastOne.length; g++) {
        const group = atLeastOne[g];
        if (countKeys(node, group) === 0) {
          ok = false;
          const names = group.map((k) => `\`${k}\``);
          const what = names.length === 2 ? `${names[0]} or ${names[1]}` : `one of ${names.join(', ')}`;
          report(cx, node.offset, 'required', `${what} is required${formatPath(path) ? ` in \`${formatPath(path)}\`` : ''}`,
            `Add ${what}.`);
        }
      }
    }
    const refine = this.refine;
    if (refine && !refine(node, cx, path)) ok = false;
    return ok;
  }

  describe(): string {
    return 'a mapping';
  }

  toJSONSchema(): JSONSchema {
    const properties: Record<string, JSONSchema> = {};
    const required: string[] = [];
    for (const [k, spec] of Object.entries(this.fields)) {
      properties[k] = spec.schema.toJSONSchema();
      if (spec.required) required.push(k);
    }
    const out: JSONSchema = { type: 'object', properties };
    if (required.length) out.required = required;
    if (this.options.extra) out.additionalProperties = this.options.extra.value.toJSONSchema();
    else if (!this.options.allowUnknown) out.additionalProperties = false;
    const not: JSONSchema[] = [];
    for (const group of this.options.exclusive ?? []) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) not.push({ required: [group[i], group[j]] });
      }
    }
    const allOf: JSONSchema[] = not.map((n) => ({ not: n }));
    for (const group of this.options.atLeastOne ?? []) allOf.push({ anyOf: group.map((k) => ({ required: [k] })) });
    if (allOf.length) out.allOf = allOf;
    return this.withDoc(out);
  }

  /** The same object with more fields or options (voluptuous `Schema.extend`): later wins. */
  extend(fields: Record<string, Field>, options: ObjectOptions = {}): ObjectSchema {
    const merged: Record<string, Field> = { ...this.fields, ...fields };
    return new ObjectSchema(merged, { ...this.options, ...options });
  }
}

/**
 * A key not listed, and its value, against ObjectOptions.extra. Apart from checkFields: its closures would capture the
 * loop's pair, and a captured pair is kept in a context made anew for each pair of every mapping checked.
 */
function checkExtraPair(extra: { key: Schema; value: Schema }, p: YPair, cx: CheckContext, path: Path): boolean {
  const keyName = p.name ?? (p.key.kind === 'scalar' ? String(p.key.value) : '?');
  let ok = true;
  if (!under(path, `${keyName} (key)`, (q) => extra.key.check(p.key, cx, q, p.key.offset))) ok = false;
  if (!under(path, keyName, (q) => extra.value.check(p.value, cx, q, p.key.offset))) ok = false;
  return ok;
}

/**
 * `path` back to `depth` keys. Popped when that empties it: a length set to 0 drops the array's storage (made anew
 * at the next key, once per mapping checked), where the compiled pop keeps it.
 */
function cutPath(path: Path, depth: number): void {
  if (depth > 0) path.length = depth;
  else while (path.length > 0) path.pop();
}

/**
 * Two or more keys of an exclusive group set. Apart from checkFields: a closure over the mapping there would keep it
 * in a context made for each mapping checked.
 */
function reportExclusive(cx: CheckContext, node: YMap, group: readonly string[]): void {
  const present = group.filter((k) => node.byKey.has(k));
  const second = node.byKey.get(present[1])!;
  report(cx, second.key.offset, 'exclusive',
    `${present.map((k) => `\`${k}\``).join(' and ')} cannot be set together`,
    `Keep only one of ${group.map((k) => `\`${k}\``).join(', ')}.`);
}

/** How many of `keys` the mapping has. */
function countKeys(node: YMap, keys: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (node.byKey.has(keys[i])) n++;
  return n;
}

function keyLabel(path: Path, name: string): string {
  return `\`${formatPath([...path, name])}\``;
}

function reportUnknownKey(
  cx: CheckContext,
  p: YPair,
  path: Path,
  known: string[],
  rejected: Record<string, string> | undefined,
): void {
  const name = p.name;
  if (name === undefined) {
    report(cx, p.key.offset, 'type', `key ${describeNode(p.key)} in ${label(path)} must be a string`, 'Quote the key.', 'error', path);
    return;
  }
  const why = rejected && Object.hasOwn(rejected, name) ? rejected[name] : undefined;
  if (why) {
    report(cx, p.key.offset, 'unknown-key', `${keyLabel(path, name)} is not allowed here`, why, 'error', [...path, name]);
    return;
  }
  const suggestion = didYouMean(name, known);
  const listed = suggestion === undefined && known.length > 0;
  const hint = suggestion ?? (listed ? `Allowed keys here: ${known.slice().sort().map((k) => `\`${k}\``).join(', ')}.` : undefined);
  const d = report(cx, p.key.offset, 'unknown-key', `unknown key ${keyLabel(path, name)}`, hint, 'error', [...path, name]);
  if (listed) listsAllowedKeys.add(d);
}

/** The unknown-key findings whose hint lists the allowed keys (not a did-you-mean, nor a pointer to another list). */
const listsAllowedKeys = new WeakSet<Diagnostic>();

/**
 * The list of allowed keys is shown once per file and kind of mapping: the first unknown-key finding with a given
 * list keeps it (in file order); later ones with the same list point back to that line instead of repeating it.
 */
export function compactAllowedKeys(diagnostics: Diagnostic[]): void {
  const first = new Map<string, Diagnostic>();
  const ordered = diagnostics
    .filter((d) => listsAllowedKeys.has(d))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  for (const d of ordered) {
    const id = `${d.file}\u0000${d.hint}`;
    const seen = first.get(id);
    if (!seen) first.set(id, d);
    else {
      d.hint = `Allowed keys here: the same as listed at line ${seen.line} (the first unknown key of this kind of mapping in this file).`;
      listsAllowedKeys.delete(d);
    }
  }
}

export const object = (fields: Record<string, Field>, options?: ObjectOptions): ObjectSchema =>
  new ObjectSchema(fields, options);

export const required = (schema: Schema): FieldSpec => ({ schema, required: true });

export interface UnionOptions {
  /** Choose the branch to validate against from the node (a discriminated union): better messages. */
  pick?: (node: YNode | null) => number | undefined;
  /** How to describe the whole union. */
  describe?: string;
}

/**
 * voluptuous `Any`: valid when one branch is. Otherwise report the errors of the branch the node comes closest
 * to (the picked branch, or the one with the fewest errors), so messages stay concrete.
 */
class UnionSchema extends Schema {
  constructor(
    readonly branches: Schema[],
    readonly options: UnionOptions = {},
  ) {
    super();
  }
  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    const picked = this.options.pick?.(node);
    if (picked !== undefined) return this.branches[picked].check(node, cx, path, fallback);
    let best: Diagnostic[] | undefined;
    for (const branch of this.branches) {
      const scratch: CheckContext = { ...cx, diagnostics: [], where: [...cx.where] };
      if (branch.check(node, scratch, path, fallback)) return true;
      if (!best || scratch.diagnostics.length < best.length) best = scratch.diagnostics;
    }
    const allScalar = this.branches.every((b) => b instanceof ScalarSchema || b instanceof EnumSchema);
    if (allScalar || !best?.length) {
      return typeError(cx, node, path, fallback, this.describe());
    }
    cx.diagnostics.push(...best);
    return false;
  }
  describe(): string {
    return this.options.describe ?? this.branches.map((b) => b.describe()).join(' or ');
  }
  toJSONSchema(): JSONSchema {
    return this.withDoc({ anyOf: this.branches.map((b) => b.toJSONSchema()) });
  }
}

export const union = (branches: Schema[], options?: UnionOptions): Schema => new UnionSchema(branches, options);
