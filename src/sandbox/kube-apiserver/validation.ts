// Validation rules of the loopback API server: the subset of Kubernetes' object validation the project meets
// (object metadata, Node taints, Secret size). Messages follow pkg/apis/core/validation. The name rules of
// apimachinery util/validation (qualified names, label values, DNS names) are the project's own (src/core/k8s.ts):
// the wire suite runs the same invalid labels and taints against a real kube-apiserver, so a mistake in them shows
// there rather than passing both the reconciler and its stand-in.

import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../../core/k8s.js';
import { type FieldError, goQuote, supportedValues } from './status.js';

export function validateLabels(labels: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push({ type: 'Invalid', field, value: goQuote(k), detail: m });
    for (const m of isValidLabelValue(v)) errs.push({ type: 'Invalid', field, value: goQuote(v), detail: m });
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function validateAnnotations(annotations: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
    for (const m of isQualifiedName(k.toLowerCase())) errs.push({ type: 'Invalid', field, value: goQuote(k), detail: m });
  }
  if (size > TOTAL_ANNOTATION_SIZE) {
    errs.push({ type: 'TooLong', field, detail: `may not be more than ${TOTAL_ANNOTATION_SIZE} bytes` });
  }
  return errs;
}

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export interface TaintLike {
  key?: string;
  value?: string;
  effect?: string;
  timeAdded?: unknown;
}

/** validateNodeTaints (pkg/apis/core/validation). */
export function validateTaints(taints: TaintLike[], field: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  taints.forEach((t, i) => {
    const idx = `${field}[${i}]`;
    const key = t.key ?? '';
    const value = t.value ?? '';
    const effect = t.effect ?? '';
    for (const m of isQualifiedName(key)) errs.push({ type: 'Invalid', field: `${idx}.key`, value: goQuote(key), detail: m });
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length > 0) {
      errs.push({ type: 'Invalid', field: `${idx}.value`, value: goQuote(value), detail: valueErrs.join(';') });
    }
    if (effect === '') errs.push({ type: 'Required', field: `${idx}.effect` });
    else if (!TAINT_EFFECTS.includes(effect)) {
      errs.push({ type: 'NotSupported', field: `${idx}.effect`, value: goQuote(effect), detail: supportedValues(TAINT_EFFECTS) });
    }
    const keys = seen.get(effect);
    if (keys?.has(key)) {
      // field.Duplicate(idxPath, taint): a v1.36 apiserver prints the internal struct as JSON.
      const timeAdded = t.timeAdded == null ? 'null' : JSON.stringify(String(t.timeAdded));
      errs.push({
        type: 'Duplicate',
        field: idx,
        value: `{"Key":${JSON.stringify(key)},"Value":${JSON.stringify(value)},"Effect":${JSON.stringify(effect)},"TimeAdded":${timeAdded}}`,
        detail: 'taints must be unique by key and effect pair',
      });
      return;
    }
    if (keys) keys.add(key);
    else seen.set(effect, new Set([key]));
  });
  return errs;
}

export type NameRule = 'subdomain' | 'label';

interface MetaLike {
  name?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** ValidateObjectMeta (the parts that can go wrong in a test). */
export function validateObjectMeta(meta: MetaLike, nameRule: NameRule): FieldError[] {
  const errs: FieldError[] = [];
  const check = nameRule === 'label' ? isDNS1123Label : isDNS1123Subdomain;
  if (meta.generateName) {
    // generateName is validated with a trailing '-' allowed, as upstream's prefix mode does.
    for (const m of check(meta.generateName.replace(/-$/, 'a'))) {
      errs.push({ type: 'Invalid', field: 'metadata.generateName', value: goQuote(meta.generateName), detail: m });
    }
  }
  if (!meta.name) {
    errs.push({ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' });
  } else {
    for (const m of check(meta.name)) errs.push({ type: 'Invalid', field: 'metadata.name', value: goQuote(meta.name), detail: m });
  }
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  return errs;
}

export const MAX_SECRET_SIZE = 1024 * 1024;

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** IsConfigMapKey: the keys of a ConfigMap's data and binaryData, and of a Secret's data. */
export function validateConfigKeys(data: Record<string, unknown> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(data ?? {})) {
    const msgs: string[] = [];
    if (k.length > 253) msgs.push('must be no more than 253 characters');
    if (!CONFIG_KEY.test(k)) {
      msgs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
    }
    if (k === '.') msgs.push("must not be '.'");
    else if (k === '..') msgs.push("must not be '..'");
    else if (k.startsWith('..')) msgs.push("must not start with '..'");
    for (const m of msgs) errs.push({ type: 'Invalid', field: `${field}[${k}]`, value: goQuote(k), detail: m });
  }
  return errs;
}
