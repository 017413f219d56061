/**
 * Kubernetes' own rules for label keys and values, taints and tolerations, and how the scheduler matches them,
 * with the API server's error messages. Pure functions over plain data; every check of node pools, Dispatch
 * values and pod templates goes through here.
 *
 * Follows apimachinery `util/validation` (IsQualifiedName, IsValidLabelValue, IsDNS1123Subdomain), core
 * validation (`validateNodeTaints`, `ValidateTolerations`, `validateTaintEffect`) and `Toleration.ToleratesTaint`.
 * The `Lt`/`Gt` operators (behind a feature gate on the newest servers) are not supported, as on servers without it.
 */

/** The label Konvoy puts on every node of a pool (value: the pool's name). */
export const NODE_POOL_LABEL = 'konvoy.mesosphere.com/node_pool';

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export const TAINT_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
export const TOLERATION_OPERATORS: readonly string[] = ['Equal', 'Exists'];
/** Effects the scheduler's filter enforces: a pod that does not tolerate one of these never lands on the node. */
export const HARD_EFFECTS: readonly string[] = ['NoSchedule', 'NoExecute'];

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  /** `Equal` (also when empty) or `Exists`. */
  operator?: string;
  value?: string;
  /** Empty: every effect. */
  effect?: string;
  /** Set (not undefined or null) only with effect `NoExecute`. */
  tolerationSeconds?: number | null;
}

export type FieldErrorType = 'Required value' | 'Invalid value' | 'Unsupported value' | 'Duplicate value';

/**
 * Which of a toleration's cross-field rules an error breaks, so that a hint is chosen from the rule and never from
 * the API server's wording: an empty key needs `operator: Exists`; `operator: Exists` takes no value;
 * `tolerationSeconds` needs `effect: NoExecute`.
 */
export type TolerationRule = 'empty-key-needs-exists' | 'exists-takes-no-value' | 'seconds-need-no-execute';

/** One error as the API server reports it: `field: Type: "value": detail`. */
export interface FieldError {
  /** Full field path, e.g. `spec.taints[0].effect`. */
  field: string;
  /** The last part of the field path relative to the item (`key`, `value`, `effect`, `operator`, or '' for the item). */
  part: string;
  type: FieldErrorType;
  badValue?: unknown;
  detail: string;
  /** The API server's text for this error. */
  message: string;
  /** For a toleration whose fields contradict each other: the rule it breaks. */
  rule?: TolerationRule;
}

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX = 63;

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX = 63;

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX = 253;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

function emptyError(): string {
  return 'must be non-empty';
}

function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

/** apimachinery RegexError, with its exact spacing ("'a',  or 'b', regex used ..."). */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) out += ' or ';
    out += `'${e}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

/** Length as Go counts it (bytes of UTF-8). */
function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** IsDNS1123Subdomain: lowercase, at most 253 characters. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/** IsDNS1123Label: lowercase, at most 63 characters (a namespace name). */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(value)) errs.push(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  return errs;
}

/** IsQualifiedName, which is the rule for label keys, taint keys and toleration keys. Empty list: valid. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > QUALIFIED_NAME_MAX) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

/** IsValidLabelValue: at most 63 characters, may be empty. Empty list: valid. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** Go's %q for the strings we print (JSON escaping agrees for what matters here). */
function quote(s: string): string {
  return JSON.stringify(s);
}

function formatBadValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function fieldError(field: string, part: string, type: FieldErrorType, badValue: unknown, detail: string): FieldError {
  const body = type === 'Required value' ? type : `${type}: ${formatBadValue(badValue)}`;
  const message = `${field}: ${body}${detail ? `: ${detail}` : ''}`;
  const e: FieldError = { field, part, type, detail, message };
  if (type !== 'Required value') e.badValue = badValue;
  return e;
}

function join(path: string, child: string): string {
  if (!child) return path;
  return path ? `${path}.${child}` : child;
}

function notSupported(field: string, part: string, value: string, allowed: readonly string[]): FieldError {
  return fieldError(field, part, 'Unsupported value', value, `supported values: ${allowed.map(quote).join(', ')}`);
}

/** ValidateLabelName: one error per message of IsQualifiedName. */
export function validateLabelName(key: string, field: string, part = 'key'): FieldError[] {
  return isQualifiedName(key).map((m) => fieldError(field, part, 'Invalid value', key, m));
}

/** ValidateLabels for one label: the key, then the value. `path` is e.g. `metadata.labels`. */
export function validateLabel(key: string, value: string, path = 'metadata.labels'): FieldError[] {
  return [
    ...validateLabelName(key, path, 'key'),
    ...isValidLabelValue(value).map((m) => fieldError(path, 'value', 'Invalid value', value, m)),
  ];
}

/** validateTaintEffect: required unless `allowEmpty`, and one of the three effects. */
export function validateTaintEffect(effect: string, allowEmpty: boolean, field: string): FieldError[] {
  if (!allowEmpty && effect.length === 0) return [fieldError(field, 'effect', 'Required value', undefined, '')];
  if ((TAINT_EFFECTS as readonly string[]).includes(effect)) return [];
  return [notSupported(field, 'effect', effect, TAINT_EFFECTS)];
}

/** One taint's own checks (key, value, effect), without uniqueness. `path` is the item, e.g. `spec.taints[0]`. */
export function validateTaint(taint: Taint, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelName(taint.key, join(path, 'key')));
  const value = taint.value ?? '';
  const valueErrs = isValidLabelValue(value);
  if (valueErrs.length) errs.push(fieldError(join(path, 'value'), 'value', 'Invalid value', value, valueErrs.join(';')));
  errs.push(...validateTaintEffect(taint.effect, false, join(path, 'effect')));
  return errs;
}

/** Index pairs of taints that repeat an earlier (key, effect) pair: what `validateNodeTaints` rejects. */
export function duplicateTaints(taints: readonly Taint[]): Array<{ index: number; first: number }> {
  const seen = new Map<string, number>();
  const out: Array<{ index: number; first: number }> = [];
  taints.forEach((t, i) => {
    const id = `${t.effect}\u0000${t.key}`;
    const first = seen.get(id);
    if (first !== undefined) out.push({ index: i, first });
    else seen.set(id, i);
  });
  return out;
}

/** validateNodeTaints over a list. `path` is the list, e.g. `spec.taints`. */
export function validateTaints(taints: readonly Taint[], path = 'spec.taints'): FieldError[] {
  const errs: FieldError[] = [];
  const dups = new Map(duplicateTaints(taints).map((d) => [d.index, d.first]));
  taints.forEach((t, i) => {
    const item = `${path}[${i}]`;
    errs.push(...validateTaint(t, item));
    if (dups.has(i)) {
      errs.push(fieldError(item, '', 'Duplicate value', { key: t.key, value: t.value ?? '', effect: t.effect },
        'taints must be unique by key and effect pair'));
    }
  });
  return errs;
}

function isSet(v: number | null | undefined): boolean {
  return v !== undefined && v !== null;
}

/** ValidateTolerations for one toleration. `path` is the item, e.g. `spec.tolerations[0]`. */
export function validateToleration(t: Toleration, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const key = t.key ?? '';
  const operator = t.operator ?? '';
  const value = t.value ?? '';
  const effect = t.effect ?? '';
  if (key.length > 0) errs.push(...validateLabelName(key, join(path, 'key')));
  if (key.length === 0 && operator !== 'Exists') {
    errs.push({ ...fieldError(join(path, 'operator'), 'operator', 'Invalid value', operator,
      'operator must be Exists when `key` is empty, which means "match all values and all keys"'), rule: 'empty-key-needs-exists' });
  }
  if (isSet(t.tolerationSeconds) && effect !== 'NoExecute') {
    errs.push({ ...fieldError(join(path, 'effect'), 'effect', 'Invalid value', effect,
      "effect must be 'NoExecute' when `tolerationSeconds` is set"), rule: 'seconds-need-no-execute' });
  }
  switch (operator) {
    case 'Equal':
    case '': {
      const valueErrs = isValidLabelValue(value);
      // Upstream reports this on the `operator` field; the position we show is the value's.
      if (valueErrs.length) errs.push(fieldError(join(path, 'operator'), 'value', 'Invalid value', value, valueErrs.join(';')));
      break;
    }
    case 'Exists':
      if (value.length > 0) {
        const shown: Record<string, unknown> = { key, operator, value, effect };
        if (isSet(t.tolerationSeconds)) shown.tolerationSeconds = t.tolerationSeconds;
        errs.push({ ...fieldError(join(path, 'operator'), 'value', 'Invalid value', shown,
          "value must be empty when `operator` is 'Exists'"), rule: 'exists-takes-no-value' });
      }
      break;
    default:
      errs.push(notSupported(join(path, 'operator'), 'operator', operator, TOLERATION_OPERATORS));
  }
  if (effect.length > 0) errs.push(...validateTaintEffect(effect, true, join(path, 'effect')));
  return errs;
}

/** ValidateTolerations over a list. `path` is the list, e.g. `spec.tolerations`. */
export function validateTolerations(tolerations: readonly Toleration[], path = 'spec.tolerations'): FieldError[] {
  return tolerations.flatMap((t, i) => validateToleration(t, `${path}[${i}]`));
}

/** Toleration.ToleratesTaint, as the scheduler applies it (tolerationSeconds plays no part). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  const effect = t.effect ?? '';
  if (effect !== '' && effect !== taint.effect) return false;
  const key = t.key ?? '';
  if (key !== '' && key !== taint.key) return false;
  switch (t.operator ?? '') {
    case 'Exists':
      return true;
    case 'Equal':
    case '':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** Whether any toleration of the list tolerates the taint. */
export function toleratedBy(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => tolerates(t, taint));
}

/** The taints with a hard effect (NoSchedule, NoExecute) that no toleration tolerates: what keeps a pod off a node. */
export function untoleratedTaints<T extends Taint>(tolerations: readonly Toleration[], taints: readonly T[]): T[] {
  return taints.filter((taint) => HARD_EFFECTS.includes(taint.effect) && !toleratedBy(tolerations, taint));
}

/** `key=value:Effect`, `key:Effect` as kubectl prints taints. */
export function taintToString(t: Taint): string {
  const v = t.value ?? '';
  return `${t.key}${v ? `=${v}` : ''}:${t.effect}`;
}

/** A toleration in one line, for messages. */
export function tolerationToString(t: Toleration): string {
  const key = t.key ?? '';
  const op = t.operator || 'Equal';
  const effect = t.effect ? `:${t.effect}` : ' (any effect)';
  if (op === 'Exists') return `${key || '*'} Exists${effect}`;
  return `${key}=${t.value ?? ''}${effect}`;
}
