// The verbs of the loopback API server on collections and objects: list, get, create, update, patch (the four
// patch types, server-side apply among them) and delete. Each takes the store and what it reads of the request, and
// returns the body to answer with or throws the Status to answer with; authorization is done before them.

import { randomBytes } from 'node:crypto';
import { load as loadYaml } from 'js-yaml';
import { type ApplyConflict, parseManagedFields, pathString, printManager, serverSideApply } from './managed-fields.js';
import { type KubeObject, groupResourceOf, keyOf, metaOf, now } from './objects.js';
import {
  type Obj,
  PatchFailed,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  clone,
  isObj,
  jsonPatchShapeError,
} from './patch.js';
import { type ResourceDef, apiVersionOf, fieldSet, supportedFields } from './resources.js';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, baseType, optionsErrors, parseBool, writeOptions } from './router.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import {
  type FieldError,
  StatusError,
  badRequest,
  conflict,
  goQuote,
  invalid,
  makeStatus,
  notFound,
  patchRejected,
  preconditionConflict,
  supportedValues,
  unsupportedMediaType,
  unsupportedPatchMediaType,
} from './status.js';
import type { ObjectStore, WriteOptions } from './store.js';
import { jsonType } from './strategy.js';

/** What a verb reads of a request: its route's resource and namespace, its query, its body and two headers. */
export interface VerbRequest {
  res: ResourceDef;
  namespace: string | undefined;
  query: URLSearchParams;
  body: string;
  contentType: string | undefined;
  userAgent: string | undefined;
}

/** A request to one object: its name too. */
export interface ObjectRequest extends VerbRequest {
  name: string;
}

/** Whether an object is among those the labelSelector and fieldSelector of a list or watch ask for (400 when they do not parse). */
export function selection(res: ResourceDef, q: URLSearchParams): (o: KubeObject) => boolean {
  const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(q.get('fieldSelector') ?? undefined, supportedFields(res));
  return (o) => labels(o.metadata?.labels ?? {}) && fields(fieldSet(res, o));
}

export function listObjects(store: ObjectStore, { res, namespace, query: q }: VerbRequest): unknown {
  let items = store.all(res, namespace).filter(selection(res, q));
  const metadata: Obj = { resourceVersion: String(store.resourceVersion) };
  const cont = q.get('continue');
  if (cont) {
    let start: string;
    try {
      start = (JSON.parse(Buffer.from(cont, 'base64url').toString('utf8')) as { start: string }).start;
      if (typeof start !== 'string') throw new Error('bad token');
    } catch {
      throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    }
    items = items.filter((o) => keyOf(o.metadata?.namespace, o.metadata?.name ?? '') > start);
  }
  const limit = Number(q.get('limit') ?? '0');
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    const last = items[limit - 1];
    metadata.continue = Buffer.from(
      JSON.stringify({ v: 'meta.k8s.io/v1', rv: store.resourceVersion, start: keyOf(last.metadata?.namespace, last.metadata?.name ?? '') }),
    ).toString('base64url');
    metadata.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  // Built-in kinds' list items carry no apiVersion/kind on the wire; custom resources' do.
  const out = items.map((o) => {
    if (res.crd) return o;
    const { apiVersion: _a, kind: _k, ...rest } = o;
    return rest;
  });
  return { kind: `${res.kind}List`, apiVersion: apiVersionOf(res), metadata, items: out };
}

export function getObject(store: ObjectStore, { res, namespace, name }: ObjectRequest): KubeObject {
  const o = store.get(res, namespace, name);
  if (!o) throw notFound(groupResourceOf(res), name);
  return o;
}

export function createObject(store: ObjectStore, r: VerbRequest): KubeObject {
  const { res, namespace: ns } = r;
  const obj = decodeBody(r);
  const opts = writeOptions(r.query, r.userAgent, 'CreateOptions');
  checkIdentity(res, obj, ns);
  const meta = metaOf(obj);
  if (!meta.name && meta.generateName) meta.name = meta.generateName + generatedSuffix();
  if (res.namespaced && ns !== undefined && !store.namespaceExists(ns)) {
    throw notFound({ group: '', resource: 'namespaces' }, ns);
  }
  return store.commit(res, undefined, obj, opts);
}

export function updateObject(store: ObjectStore, r: ObjectRequest): KubeObject {
  const { res, namespace: ns, name } = r;
  const obj = decodeBody(r);
  const opts = writeOptions(r.query, r.userAgent, 'UpdateOptions');
  checkIdentity(res, obj, ns, name);
  const old = store.get(res, ns, name);
  if (!old) throw notFound(groupResourceOf(res), name);
  const rv = obj.metadata?.resourceVersion;
  if (rv && rv !== old.metadata?.resourceVersion) throw conflict(groupResourceOf(res), name);
  return store.commit(res, old, obj, opts);
}

/** PATCH: a JSON, merge or strategic merge patch of the stored object, or a server-side apply. */
export function patchObject(store: ObjectStore, r: ObjectRequest): [number, KubeObject] {
  const { res, namespace: ns, name, query: q } = r;
  const ct = baseType(r.contentType);
  const accepted = res.crd ? [JSON_PATCH, MERGE_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];
  if (!accepted.includes(ct)) throw res.crd ? unsupportedMediaType(accepted) : unsupportedPatchMediaType();
  const errs: FieldError[] = [];
  const forceParam = q.get('force');
  if (ct !== APPLY_PATCH) {
    if (forceParam !== null) errs.push({ type: 'Forbidden', field: 'force', detail: 'may not be specified for non-apply patch' });
  } else if (!q.get('fieldManager')) {
    errs.push({ type: 'Required', field: 'fieldManager', detail: 'is required for apply patch' });
  }
  errs.push(...optionsErrors(q));
  if (errs.length > 0) throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', errs);
  const opts = writeOptions(q, r.userAgent, 'PatchOptions');
  const existing = store.get(res, ns, name);
  if (ct === APPLY_PATCH) return applyObject(store, r, existing, opts, parseBool(forceParam) ?? false);
  if (!existing) throw notFound(groupResourceOf(res), name);
  const obj = patched(existing, ct, r.body);
  checkTypeMeta(res, obj);
  const meta = metaOf(obj);
  if (meta.name !== name) throw badRequest(`the name of the object (${meta.name ?? ''}) does not match the name on the URL (${name})`);
  if (res.namespaced && meta.namespace !== ns) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  // A resourceVersion in the patched object is a precondition.
  if (meta.resourceVersion && meta.resourceVersion !== existing.metadata?.resourceVersion) throw conflict(groupResourceOf(res), name);
  return [200, store.commit(res, existing, obj, opts)];
}

/** The stored object with a JSON (`ct` JSON_PATCH), merge or strategic merge patch applied. */
function patched(existing: KubeObject, ct: string, body: string): KubeObject {
  let patch: unknown;
  try {
    patch = JSON.parse(body);
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
  let result: unknown;
  if (ct === JSON_PATCH) {
    const shape = jsonPatchShapeError(patch);
    if (shape) throw badRequest(shape);
    try {
      result = applyJsonPatch(existing, patch as unknown[]);
    } catch (e) {
      if (e instanceof PatchFailed) throw patchRejected();
      throw e;
    }
  } else {
    if (!isObj(patch)) {
      throw invalid({ group: '', kind: '' }, '', [
        {
          type: 'Invalid',
          field: 'patch',
          value: goQuote(body),
          detail: `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonType(patch)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
        },
      ]);
    }
    result = ct === MERGE_PATCH ? applyMergePatch(existing, patch) : applyStrategicMergePatch(existing, patch);
  }
  if (!isObj(result)) throw patchRejected();
  return result as KubeObject;
}

/** Server-side apply: the body is the manager's configuration; 201 when it creates the object. */
function applyObject(store: ObjectStore, r: ObjectRequest, existing: KubeObject | undefined, opts: WriteOptions, force: boolean): [number, KubeObject] {
  const { res, namespace: ns, name, body } = r;
  let applied: unknown;
  try {
    applied = loadYaml(body);
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
  if (!isObj(applied)) throw badRequest(`Object 'Kind' is missing in '${body}'`);
  if (applied.kind === undefined || applied.kind === '') throw badRequest(`Object 'Kind' is missing in '${body}'`);
  if (applied.apiVersion === undefined || applied.apiVersion === '') {
    throw badRequest(`Object 'apiVersion' is missing in '${body}'`);
  }
  checkTypeMeta(res, applied);
  const cfg = applied as KubeObject;
  const meta = metaOf(cfg);
  if (meta.name !== undefined && meta.name !== name) {
    throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
  }
  if (res.namespaced && meta.namespace !== undefined && meta.namespace !== ns) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  let live: KubeObject;
  if (existing) {
    if (meta.resourceVersion && meta.resourceVersion !== existing.metadata?.resourceVersion) throw conflict(groupResourceOf(res), name);
    live = existing;
  } else {
    if (res.namespaced && ns !== undefined && !store.namespaceExists(ns)) throw notFound({ group: '', resource: 'namespaces' }, ns);
    live = { apiVersion: apiVersionOf(res), kind: res.kind, metadata: res.namespaced ? { name, namespace: ns } : { name } };
  }
  const outcome = serverSideApply(
    live as Obj,
    parseManagedFields(live.metadata?.managedFields),
    cfg as Obj,
    opts.manager,
    force,
    res.statusSubresource,
  );
  if (outcome.conflicts.length > 0) throw applyConflict(outcome.conflicts);
  const obj = outcome.object as KubeObject;
  const m = metaOf(obj);
  m.name = name;
  if (res.namespaced) m.namespace = ns;
  const result = store.commit(res, existing, obj, { ...opts, managers: outcome.managers });
  return [existing ? 200 : 201, result];
}

export function deleteObject(store: ObjectStore, { res, namespace: ns, name, body, query: q }: ObjectRequest): unknown {
  const { dryRun, preconditions: pre } = deleteOptions(body, q);
  const old = store.get(res, ns, name);
  if (!old) throw notFound(groupResourceOf(res), name);
  if (typeof pre.uid === 'string' && pre.uid !== old.metadata?.uid) {
    throw conflict(
      groupResourceOf(res),
      name,
      `the UID in the precondition (${pre.uid}) does not match the UID in record (${old.metadata?.uid ?? ''}). The object might have been deleted and then recreated`,
    );
  }
  if (typeof pre.resourceVersion === 'string' && pre.resourceVersion !== old.metadata?.resourceVersion) {
    throw preconditionConflict(
      groupResourceOf(res),
      { group: res.group, kind: res.kind },
      name,
      `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${old.metadata?.resourceVersion ?? ''}). The object might have been modified`,
    );
  }
  if (!dryRun) {
    store.remove(res, ns, name, old);
  }
  if (res.plural === 'pods') return old;
  if (res.plural === 'namespaces') {
    // The namespace is finalized at once here; the answer is the object as upstream returns it on delete.
    const o = clone(old);
    metaOf(o).deletionTimestamp = now();
    o.status = { phase: 'Terminating' };
    return o;
  }
  return makeStatus('Success', 0, '', '', { name, group: res.group, kind: res.plural, uid: old.metadata?.uid });
}

/** A DELETE's options: dryRun from the query and the DeleteOptions body, and the body's preconditions. */
function deleteOptions(body: string, q: URLSearchParams): { dryRun: boolean; preconditions: Obj } {
  let options: Obj = {};
  if (body.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (isObj(parsed)) options = parsed;
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
  }
  const dryRunValues = [...q.getAll('dryRun'), ...(Array.isArray(options.dryRun) ? options.dryRun.map(String) : [])];
  if (dryRunValues.some((d) => d !== 'All')) {
    throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      { type: 'NotSupported', field: 'dryRun', value: JSON.stringify(dryRunValues), detail: supportedValues(['All']) },
    ]);
  }
  return { dryRun: dryRunValues.includes('All'), preconditions: isObj(options.preconditions) ? options.preconditions : {} };
}

/** The body of a create or update, as JSON or YAML. */
function decodeBody({ res, contentType, body }: VerbRequest): KubeObject {
  const ct = baseType(contentType);
  let parsed: unknown;
  if (ct === 'application/json') {
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
  } else if (ct === 'application/yaml') {
    try {
      parsed = loadYaml(body);
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
    }
  } else {
    throw unsupportedMediaType(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
  }
  if (!isObj(parsed)) throw badRequest(`Object 'Kind' is missing in '${body}'`);
  checkTypeMeta(res, parsed);
  return parsed as KubeObject;
}

function checkTypeMeta(res: ResourceDef, o: Obj): void {
  if (o.kind !== undefined && o.kind !== res.kind) {
    throw badRequest(`the object provided is unrecognized (must be of type ${res.kind}): kind ${goQuote(String(o.kind))} does not match`);
  }
  if (o.apiVersion !== undefined && o.apiVersion !== apiVersionOf(res)) {
    throw badRequest(
      `the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${apiVersionOf(res)})`,
    );
  }
}

function checkIdentity(res: ResourceDef, o: KubeObject, namespace: string | undefined, name?: string): void {
  const meta = metaOf(o);
  if (res.namespaced) {
    if (meta.namespace && meta.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace;
  }
  if (name !== undefined && meta.name !== name) {
    throw badRequest(`the name of the object (${meta.name ?? ''}) does not match the name on the URL (${name})`);
  }
}

function applyConflict(conflicts: ApplyConflict[]): StatusError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const k = printManager(c.manager);
      byManager.set(k, [...(byManager.get(k) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const k of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${k}:`);
      for (const p of byManager.get(k) ?? []) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(makeStatus('Failure', 409, 'Conflict', message, { causes }));
}

/** apimachinery's utilrand.String(5): five of its 27 characters (no vowels, no look-alikes), as generateName gets. */
function generatedSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from(randomBytes(5), (b) => alphabet[b % alphabet.length]).join('');
}
