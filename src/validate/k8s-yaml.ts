/**
 * Kubernetes-typed values read from positioned YAML: strict schemas for the way Go decodes YAML (through JSON:
 * an integer field takes no boolean, a string field takes no number, `null` leaves the zero value), and readers for
 * tolerations, taints, labels and node selectors that run the API server's rules (`k8s-rules.ts`) and keep the
 * source position of every item and field for later reports.
 */
import { positionOf } from '../config/source.js';
import type { SourceFile } from '../config/source.js';
import { describeNode } from '../config/yaml.js';
import type { YMap, YNode } from '../config/yaml.js';
import type { Severity } from '../core/diagnostic.js';
import { formatPath, list, object, report, Schema } from '../config/schema.js';
import type { CheckContext, JSONSchema, Path } from '../config/schema.js';
import { didYouMean } from '../core/suggest.js';
import { TAINT_EFFECTS, TOLERATION_OPERATORS, validateLabel, validateToleration } from '../core/k8s.js';
import type { FieldError, Toleration, TolerationRule } from '../core/k8s.js';
import type { RuleName } from '../core/rules.js';

/** A place in a file of the config repo, 1-based. */
export interface Pos {
  file: string;
  line: number;
  column: number;
}

export function posOf(source: SourceFile, offset: number): Pos {
  const p = positionOf(source, offset);
  return { file: source.path, line: p.line, column: p.column };
}

/** `file:line:column`, for messages that point at a second place. */
export function formatPos(p: Pos, from?: string): string {
  return p.file === from ? `line ${p.line}, column ${p.column}` : `${p.file}:${p.line}:${p.column}`;
}

export function isNull(node: YNode | null): boolean {
  return node === null || (node.kind === 'scalar' && node.tag === 'null');
}

function label(path: Path): string {
  const p = formatPath(path);
  return p ? `\`${p}\`` : 'the document';
}

/** A Go string field: a YAML string, or null (the empty string). Numbers and booleans are refused, as Go does. */
class K8sString extends Schema {
  constructor(readonly collectionHint?: string) {
    super();
  }
  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    if (isNull(node)) return true;
    if (node!.kind === 'scalar' && node!.tag === 'str') return true;
    const hint = node!.kind === 'scalar' ? 'Quote the value to make it a string.' : this.collectionHint;
    report(cx, node ? node.offset : fallback, 'type', `${label(path)} must be a string, not ${describeNode(node)}`, hint);
    return false;
  }
  describe(): string {
    return 'a string';
  }
  toJSONSchema(): JSONSchema {
    return this.withDoc({ type: ['string', 'null'] });
  }
}

/** A Go integer field (int32, int64): an integer, or null; never a boolean or a float. */
class K8sInt extends Schema {
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    super();
  }
  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    if (isNull(node)) return true;
    if (!node || node.kind !== 'scalar' || node.tag !== 'int') {
      let hint: string | undefined;
      if (node?.kind === 'scalar' && node.tag === 'str' && /^\s*-?\d+\s*$/.test(node.value as string)) {
        hint = `Remove the quotes: ${(node.value as string).trim()}`;
      }
      report(cx, node ? node.offset : fallback, 'type', `${label(path)} must be an integer, not ${describeNode(node)}`, hint);
      return false;
    }
    const v = node.value as number;
    if (v < this.min || v > this.max) {
      const range = this.max >= Number.MAX_SAFE_INTEGER ? `at least ${this.min}` : `between ${this.min} and ${this.max}`;
      report(cx, node.offset, 'value', `${label(path)} must be ${range}, not ${v}`);
      return false;
    }
    return true;
  }
  describe(): string {
    return 'an integer';
  }
  toJSONSchema(): JSONSchema {
    const s: JSONSchema = { type: ['integer', 'null'], minimum: this.min };
    if (this.max < Number.MAX_SAFE_INTEGER) s.maximum = this.max;
    return this.withDoc(s);
  }
}

/** A Go bool field: true/false (YAML 1.1 spellings included), or null. */
class K8sBool extends Schema {
  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    if (isNull(node)) return true;
    if (node!.kind === 'scalar' && node!.tag === 'bool') return true;
    const hint =
      node?.kind === 'scalar' && node.tag === 'str' && /^(true|false)$/i.test(node.value as string) ? 'Remove the quotes.' : undefined;
    report(cx, node ? node.offset : fallback, 'type', `${label(path)} must be a boolean (true or false), not ${describeNode(node)}`, hint);
    return false;
  }
  describe(): string {
    return 'a boolean';
  }
  toJSONSchema(): JSONSchema {
    return this.withDoc({ type: ['boolean', 'null'] });
  }
}

/** Null, or what `inner` accepts (a Go pointer or an omitted struct). */
class Nullable extends Schema {
  constructor(readonly inner: Schema) {
    super();
  }
  check(node: YNode | null, cx: CheckContext, path: Path, fallback: number): boolean {
    if (isNull(node)) return true;
    return this.inner.check(node, cx, path, fallback);
  }
  describe(): string {
    return this.inner.describe();
  }
  toJSONSchema(): JSONSchema {
    return this.withDoc({ anyOf: [this.inner.toJSONSchema(), { type: 'null' }] });
  }
}

/** A Go string field; `collectionHint` is shown when a mapping or list is written instead. */
export const kstr = (collectionHint?: string): Schema => new K8sString(collectionHint);
export const kint = (min = -(2 ** 31), max = 2 ** 31 - 1): Schema => new K8sInt(min, max);
export const kint64 = (min = Number.MIN_SAFE_INTEGER): Schema => new K8sInt(min, Number.MAX_SAFE_INTEGER);
export const kbool = (): Schema => new K8sBool();
export const nullable = (inner: Schema): Schema => new Nullable(inner);

/** Value of a string field: the string, '' for null or absent, undefined for anything else. */
export function strOf(node: YNode | null | undefined): string | undefined {
  if (node === undefined || isNull(node)) return '';
  if (node!.kind === 'scalar' && node!.tag === 'str') return node!.value as string;
  return undefined;
}

export const tolerationSchema = object(
  {
    key: kstr().doc('Taint key to tolerate; empty (with operator Exists) tolerates every taint'),
    operator: kstr().doc('Equal (default) or Exists'),
    value: kstr().doc('Taint value, with operator Equal'),
    effect: kstr().doc('NoSchedule, PreferNoSchedule or NoExecute; empty: every effect'),
    tolerationSeconds: kint64().doc('With effect NoExecute: how long the pod stays once tainted'),
  },
);

type TolerationField = 'key' | 'operator' | 'value' | 'effect' | 'tolerationSeconds';

/** A toleration as written, with where it is. */
export interface TolerationEntry {
  toleration: Toleration;
  /** The list item. */
  pos: Pos;
  /** Each field's value, where written. */
  fields: Partial<Record<TolerationField, Pos>>;
  /** Path as shown in messages, e.g. `tekton.tolerations[0]`. */
  path: string;
  /** No type or Kubernetes error. */
  valid: boolean;
}

/** A `key: value` of a nodeSelector or labels map, with where it is. */
export interface SelectorEntry {
  key: string;
  value: string;
  /** The key. */
  pos: Pos;
}

/** What to do about each toleration rule (src/core/k8s.ts): chosen by the rule, not by the wording of the error. */
const TOLERATION_HINTS: Record<TolerationRule, string> = {
  'empty-key-needs-exists': 'Set a `key`, or write `operator: Exists` to tolerate every taint.',
  'exists-takes-no-value': 'Remove `value`, or use `operator: Equal`.',
  'seconds-need-no-execute': 'Remove `tolerationSeconds`, or set `effect: NoExecute`.',
};

/** The validators that read Kubernetes tolerations, labels and node selectors: cluster.yaml's and the pod templates'. */
export type K8sCheck = CheckContext<'cluster' | 'pod-template'>;

function reportFieldErrors(
  cx: K8sCheck,
  errors: FieldError[],
  rule: RuleName<'cluster' | 'pod-template'>,
  offsetOf: (part: string) => number,
  severity: Severity = 'error',
): void {
  for (const e of errors) {
    let hint: string | undefined;
    if (e.type === 'Unsupported value' && typeof e.badValue === 'string') {
      const allowed = e.part === 'operator' ? TOLERATION_OPERATORS : TAINT_EFFECTS;
      hint = didYouMean(e.badValue, allowed);
      if (hint && allowed.includes(e.badValue.charAt(0).toUpperCase() + e.badValue.slice(1))) {
        hint += ' Kubernetes compares these case-sensitively.';
      }
    } else if (e.rule) {
      hint = TOLERATION_HINTS[e.rule];
    }
    report(cx, offsetOf(e.part), rule, e.message, hint, severity);
  }
}

/**
 * Read a list of tolerations: type checks (rules `<prefix>/type`, `<prefix>/unknown-key`), then the API server's
 * rules (`<prefix>/invalid-toleration`). Entries come back for every item that is a mapping.
 */
export function readTolerations(node: YNode | null, cx: K8sCheck, path: Path, fallback: number): TolerationEntry[] {
  if (isNull(node)) return [];
  if (!list(null).check(node, cx, path, fallback)) return [];
  const out: TolerationEntry[] = [];
  (node as { items: YNode[] }).items.forEach((item, i) => {
    const itemPath = [...path, i];
    const before = cx.diagnostics.length;
    tolerationSchema.check(item, cx, itemPath, node!.offset);
    if (item.kind !== 'map') return;
    let typed = true;
    const t: Toleration = {};
    const fields: TolerationEntry['fields'] = {};
    const offsets: Partial<Record<string, number>> = {};
    for (const f of ['key', 'operator', 'value', 'effect'] as const) {
      const p = item.byKey.get(f);
      if (!p) continue;
      const v = strOf(p.value);
      if (v !== undefined) t[f] = v;
      else typed = false;
      fields[f] = posOf(cx.source, p.value.offset);
      offsets[f] = isNull(p.value) ? p.key.offset : p.value.offset;
    }
    const ts = item.byKey.get('tolerationSeconds');
    if (ts) {
      fields.tolerationSeconds = posOf(cx.source, ts.value.offset);
      offsets.tolerationSeconds = ts.key.offset;
      if (ts.value.kind === 'scalar' && ts.value.tag === 'int') t.tolerationSeconds = ts.value.value as number;
      else if (!isNull(ts.value)) typed = false;
    }
    const shownPath = formatPath(itemPath);
    if (typed) {
      const errs = validateToleration(t, shownPath);
      reportFieldErrors(cx, errs, 'invalid-toleration', (part) => offsets[part] ?? item.offset);
    }
    out.push({ toleration: t, pos: posOf(cx.source, item.offset), fields, path: shownPath, valid: cx.diagnostics.length === before });
  });
  return out;
}

/**
 * Read a `{key: value}` map of labels or a nodeSelector: type checks, then the label rules
 * (`<prefix>/<rule>`, e.g. `invalid-node-selector`).
 */
export function readLabelMap(node: YNode | null, cx: K8sCheck, path: Path, fallback: number, rule: RuleName<'cluster' | 'pod-template'>): SelectorEntry[] {
  if (isNull(node)) return [];
  if (!node || node.kind !== 'map') {
    report(cx, node ? node.offset : fallback, 'type', `${label(path)} must be a mapping of strings, not ${describeNode(node)}`);
    return [];
  }
  const out: SelectorEntry[] = [];
  for (const p of node.pairs) {
    const key = p.name;
    if (key === undefined) {
      report(cx, p.key.offset, 'type', `key ${describeNode(p.key)} in ${label(path)} must be a string`, 'Quote the key.');
      continue;
    }
    const value = strOf(p.value);
    if (value === undefined) {
      report(cx, p.value.offset, 'type', `${label([...path, key])} must be a string, not ${describeNode(p.value)}`,
        p.value.kind === 'scalar' ? 'Quote the value to make it a string.' : undefined);
      continue;
    }
    const shown = formatPath(path);
    const errs = validateLabel(key, value, shown);
    reportFieldErrors(cx, errs, rule, (part) => (part === 'value' && !isNull(p.value) ? p.value.offset : p.key.offset));
    out.push({ key, value, pos: posOf(cx.source, p.key.offset) });
  }
  return out;
}

/** The value node under a chain of mapping keys, or undefined. */
export function dig(node: YNode | null | undefined, ...keys: string[]): YNode | null | undefined {
  let cur: YNode | null | undefined = node;
  for (const k of keys) {
    if (!cur || cur.kind !== 'map') return undefined;
    const p = cur.byKey.get(k);
    if (!p) return undefined;
    cur = p.value;
  }
  return cur;
}

export function asMap(node: YNode | null | undefined): YMap | undefined {
  return node && node.kind === 'map' ? node : undefined;
}

