// What the API server's registry strategies do to an object on its way in, resource by resource: the type errors
// that fail decoding, conversion and defaults (PrepareForCreate/PrepareForUpdate), validation, and when
// metadata.generation moves.

import { type KubeObject, metaOf } from './objects.js';
import { type Obj, clone, deepEqual, isObj } from './patch.js';
import type { ResourceDef } from './resources.js';
import { type FieldError, StatusError, badRequest, goQuote, invalid } from './status.js';
import { MAX_SECRET_SIZE, validateConfigKeys, validateObjectMeta, validateTaints } from './validation.js';

/** A JSON value's type as Go's decoder names it in its errors. */
export function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function cannotHandle(res: ResourceDef, detail: string): StatusError {
  return badRequest(`${res.kind} in version ${goQuote(res.version)} cannot be handled as a ${res.kind}: ${detail}`);
}

/** Type errors that fail decoding upstream (400). */
export function decodeChecks(res: ResourceDef, obj: KubeObject): void {
  const unmarshal = (v: unknown, field: string, goType: string): StatusError =>
    cannotHandle(res, `json: cannot unmarshal ${jsonType(v)} into Go struct field ${field} of type ${goType}`);
  if (obj.metadata !== undefined && !isObj(obj.metadata)) throw unmarshal(obj.metadata, `${res.kind}.metadata`, 'v1.ObjectMeta');
  const meta = metaOf(obj);
  for (const f of ['labels', 'annotations'] as const) {
    const m: unknown = meta[f];
    if (m === undefined || m === null) continue;
    if (!isObj(m)) throw unmarshal(m, `ObjectMeta.metadata.${f}`, 'map[string]string');
    for (const v of Object.values(m)) if (typeof v !== 'string') throw unmarshal(v, `ObjectMeta.metadata.${f}`, 'string');
  }
  const stringMap = (field: string, goStruct: string): void => {
    const m = obj[field];
    if (m === undefined || m === null) return;
    if (!isObj(m)) throw unmarshal(m, `${goStruct}.${field}`, field === 'data' && res.kind === 'Secret' ? 'map[string][]uint8' : 'map[string]string');
    for (const v of Object.values(m)) {
      if (typeof v !== 'string') throw unmarshal(v, `${goStruct}.${field}`, field === 'data' && res.kind === 'Secret' ? '[]uint8' : 'string');
    }
  };
  if (res.kind === 'Secret') {
    stringMap('data', 'Secret');
    stringMap('stringData', 'Secret');
  }
  if (res.kind === 'ConfigMap') stringMap('data', 'ConfigMap');
  if (res.kind === 'Lease' && isObj(obj.spec)) {
    // MicroTime: RFC 3339 with exactly six fractional digits, or the decode fails (400).
    for (const f of ['acquireTime', 'renewTime']) {
      const v = obj.spec[f];
      if (typeof v !== 'string') continue;
      const m = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(.*)$/.exec(v);
      if (!m || !/^\.\d{6}(Z|[+-]\d\d:\d\d)$/.test(m[1])) {
        throw cannotHandle(res, `parsing time ${goQuote(v)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse ${goQuote(m ? m[1] : v)} as ".000000"`);
      }
    }
  }
  if (res.kind === 'Node' && isObj(obj.spec) && obj.spec.taints !== undefined && obj.spec.taints !== null) {
    const taints = obj.spec.taints;
    if (!Array.isArray(taints)) throw unmarshal(taints, 'NodeSpec.spec.taints', '[]v1.Taint');
    for (const t of taints) {
      if (!isObj(t)) throw unmarshal(t, 'NodeSpec.spec.taints', 'v1.Taint');
      for (const f of ['key', 'value', 'effect']) {
        if (t[f] !== undefined && t[f] !== null && typeof t[f] !== 'string') throw unmarshal(t[f], `Taint.spec.taints.${f}`, 'string');
      }
    }
  }
}

/** Conversion and PrepareForCreate/PrepareForUpdate: stringData, defaults, status handling. */
export function normalize(res: ResourceDef, obj: KubeObject, old: KubeObject | undefined, resetStatus: boolean): void {
  const meta = metaOf(obj);
  if (res.kind === 'Secret') {
    const data: Record<string, string> = isObj(obj.data) ? (obj.data as Record<string, string>) : {};
    for (const v of Object.values(data)) {
      const bad = base64Error(v);
      if (bad !== undefined) throw cannotHandle(res, `illegal base64 data at input byte ${bad}`);
    }
    if (isObj(obj.stringData)) {
      for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    }
    delete obj.stringData;
    if (Object.keys(data).length > 0) obj.data = data;
    else delete obj.data;
    obj.type ??= old?.type ?? 'Opaque';
  }
  if (res.kind === 'Namespace') {
    meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name ?? '' };
    if (!old) {
      const spec = isObj(obj.spec) ? obj.spec : {};
      spec.finalizers ??= ['kubernetes'];
      obj.spec = spec;
    }
  }
  if ((res.kind === 'Deployment' || res.kind === 'StatefulSet') && !old) {
    const spec = isObj(obj.spec) ? obj.spec : {};
    spec.replicas ??= 1;
    obj.spec = spec;
  }
  // apps/v1 defaulting (SetDefaults_Deployment, SetDefaults_StatefulSet), on every decode.
  if (res.kind === 'Deployment' && isObj(obj.spec)) {
    obj.spec.progressDeadlineSeconds ??= 600;
    obj.spec.revisionHistoryLimit ??= 10;
    obj.spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
  }
  if (res.kind === 'StatefulSet' && isObj(obj.spec)) {
    obj.spec.podManagementPolicy ??= 'OrderedReady';
    obj.spec.revisionHistoryLimit ??= 10;
    obj.spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
    const u = obj.spec.updateStrategy;
    if (isObj(u) && u.type === 'RollingUpdate' && u.rollingUpdate === undefined) u.rollingUpdate = { partition: 0 };
  }
  if (!resetStatus) {
    if (res.kind === 'Namespace' && !old && obj.status === undefined) obj.status = { phase: 'Active' };
    return;
  }
  if (res.statusSubresource && old) {
    if (old.status === undefined) delete obj.status;
    else obj.status = clone(old.status);
  } else if (!old) {
    if (res.kind === 'Deployment' || res.kind === 'StatefulSet') obj.status = {};
    if (res.kind === 'Pod') obj.status = { phase: 'Pending' };
    if (res.kind === 'Namespace') obj.status = { phase: 'Active' };
  }
}

export function validate(res: ResourceDef, obj: KubeObject, old: KubeObject | undefined): void {
  const meta = metaOf(obj);
  const errs: FieldError[] = validateObjectMeta(meta, res.nameRule);
  if (old && meta.uid && meta.uid !== old.metadata?.uid) {
    errs.push({ type: 'Invalid', field: 'metadata.uid', value: goQuote(meta.uid), detail: 'field is immutable' });
  }
  if (res.kind === 'Node' && isObj(obj.spec) && Array.isArray(obj.spec.taints) && obj.spec.taints.length > 0) {
    // Upstream's ValidateNode reports the taints under `metadata.taints`.
    errs.push(...validateTaints(obj.spec.taints as Obj[], 'metadata.taints'));
  }
  if (res.kind === 'ConfigMap') {
    errs.push(...validateConfigKeys(isObj(obj.data) ? obj.data : undefined, 'data'));
    errs.push(...validateConfigKeys(isObj(obj.binaryData) ? obj.binaryData : undefined, 'binaryData'));
  }
  if (res.kind === 'Secret') errs.push(...validateConfigKeys(isObj(obj.data) ? obj.data : undefined, 'data'));
  if ((res.kind === 'Deployment' || res.kind === 'StatefulSet') && isObj(obj.spec)) {
    const sel = isObj(obj.spec.selector) && isObj(obj.spec.selector.matchLabels) ? (obj.spec.selector.matchLabels as Record<string, string>) : undefined;
    const tpl = isObj(obj.spec.template) && isObj(obj.spec.template.metadata) && isObj(obj.spec.template.metadata.labels) ? (obj.spec.template.metadata.labels as Record<string, string>) : {};
    if (sel && Object.entries(sel).some(([k, v]) => tpl[k] !== v)) {
      errs.push({ type: 'Invalid', field: 'spec.template.metadata.labels', value: JSON.stringify(tpl), detail: '`selector` does not match template `labels`' });
    }
  }
  if (res.kind === 'Lease' && isObj(obj.spec) && typeof obj.spec.leaseDurationSeconds === 'number' && obj.spec.leaseDurationSeconds <= 0) {
    errs.push({ type: 'Invalid', field: 'spec.leaseDurationSeconds', value: String(obj.spec.leaseDurationSeconds), detail: 'must be greater than 0' });
  }
  if (res.kind === 'Secret') {
    let size = 0;
    for (const v of Object.values(isObj(obj.data) ? obj.data : {})) size += Buffer.from(String(v), 'base64').length;
    if (size > MAX_SECRET_SIZE) errs.push({ type: 'TooLong', field: 'data', detail: `may not be more than ${MAX_SECRET_SIZE} bytes` });
    if (old && old.type !== obj.type) {
      errs.push({ type: 'Invalid', field: 'type', value: goQuote(String(obj.type)), detail: 'field is immutable' });
    }
  }
  if (errs.length > 0) throw invalid({ group: res.group, kind: res.kind }, meta.name ?? '', errs);
}

export function nextGeneration(res: ResourceDef, old: KubeObject, obj: KubeObject): number | undefined {
  const g = old.metadata?.generation;
  if (res.generation === 'none') return g;
  const base = g ?? 1;
  let changed: boolean;
  if (res.generation === 'nonmeta') {
    const strip = (o: KubeObject): Obj => {
      const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    };
    changed = !deepEqual(strip(old), strip(obj));
  } else {
    changed = !deepEqual(old.spec, obj.spec);
    if (res.generation === 'spec+annotations') changed ||= !deepEqual(old.metadata?.annotations ?? {}, obj.metadata?.annotations ?? {});
  }
  return changed ? base + 1 : base;
}

/** Index of the first byte Go's strict base64 decoder rejects, or undefined if valid. */
function base64Error(s: string): number | undefined {
  const m = /^[A-Za-z0-9+/]*/.exec(s);
  const body = m ? m[0].length : 0;
  const rest = s.slice(body);
  if (rest === '' && body % 4 === 0) return undefined;
  if ((rest === '=' && body % 4 === 3) || (rest === '==' && body % 4 === 2)) return undefined;
  if (rest === '' || /^=*$/.test(rest)) return body - (body % 4);
  return body;
}
