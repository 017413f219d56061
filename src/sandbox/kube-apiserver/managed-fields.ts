// Field ownership (metadata.managedFields) for the loopback API server, at leaf granularity: a leaf is a
// scalar, a list (lists are owned whole, as atomic lists are upstream) or an empty map. Managers are
// identified as upstream does: name + operation (+ apiVersion for Update).

import { type Obj, clone, deepEqual, deletePath, getPath, isObj, setPath } from './patch.js';

export type FieldPath = readonly string[];

export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  fields: Map<string, FieldPath>;
}

export interface ApplyConflict {
  manager: Manager;
  path: FieldPath;
}

/** Fields that are never tracked (identity and system fields; status for kinds with a status subresource). */
export function ignoredPath(path: FieldPath, statusSubresource: boolean): boolean {
  const top = path[0];
  if (top === 'apiVersion' || top === 'kind') return true;
  if (top === 'status' && statusSubresource) return true;
  if (top === 'metadata') {
    return [
      'name',
      'namespace',
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'managedFields',
      'selfLink',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
    ].includes(path[1] ?? '');
  }
  return false;
}

const keyOf = (p: FieldPath): string => JSON.stringify(p);

export function pathString(p: FieldPath): string {
  return '.' + p.join('.');
}

/** Leaves of an object: scalars, lists and empty maps below the top level (nulls are not leaves). */
export function leaves(obj: unknown, statusSubresource: boolean): Map<string, FieldPath> {
  const out = new Map<string, FieldPath>();
  const walk = (v: unknown, path: string[]): void => {
    if (isObj(v) && (Object.keys(v).length > 0 || path.length <= 1)) {
      for (const [k, x] of Object.entries(v)) {
        const p = [...path, k];
        if (x === undefined || x === null || ignoredPath(p, statusSubresource)) continue;
        walk(x, p);
      }
      return;
    }
    out.set(keyOf(path), path);
  };
  walk(obj, []);
  return out;
}

function rfc3339(d: Date = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseFieldsV1(node: unknown, path: string[], out: Map<string, FieldPath>): void {
  if (!isObj(node)) return;
  const entries = Object.entries(node).filter(([k]) => k !== '.');
  if (entries.length === 0) {
    if (path.length > 0) out.set(keyOf(path), path);
    return;
  }
  // An owned list element (k:, v:, i:) means the list is owned: lists are atomic here.
  if (entries.some(([k]) => !k.startsWith('f:'))) {
    out.set(keyOf(path), path);
    return;
  }
  for (const [k, v] of entries) parseFieldsV1(v, [...path, k.slice(2)], out);
}

export function parseManagedFields(mf: unknown): Manager[] {
  if (!Array.isArray(mf)) return [];
  const out: Manager[] = [];
  for (const e of mf) {
    if (!isObj(e) || typeof e.manager !== 'string') continue;
    const fields = new Map<string, FieldPath>();
    parseFieldsV1(e.fieldsV1, [], fields);
    const time = typeof e.time === 'string' && !Number.isNaN(Date.parse(e.time)) ? rfc3339(new Date(e.time)) : rfc3339();
    const m: Manager = {
      manager: e.manager,
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
      time,
      fields,
    };
    if (typeof e.subresource === 'string' && e.subresource) m.subresource = e.subresource;
    out.push(m);
  }
  return out;
}

function renderFields(fields: Map<string, FieldPath>): Obj {
  const root: Obj = {};
  for (const p of fields.values()) {
    let cur = root;
    for (const seg of p) {
      const k = `f:${seg}`;
      if (!isObj(cur[k])) cur[k] = {};
      cur = cur[k] as Obj;
    }
  }
  return root;
}

/** managedFields entries in upstream order (operation, then time, then manager). */
export function renderManagedFields(managers: Manager[]): Obj[] {
  const sorted = managers
    .filter((m) => m.fields.size > 0)
    .sort(
      (a, b) =>
        a.operation.localeCompare(b.operation) ||
        Date.parse(a.time) - Date.parse(b.time) ||
        a.manager.localeCompare(b.manager) ||
        a.apiVersion.localeCompare(b.apiVersion),
    );
  return sorted.map((m) => {
    const e: Obj = {
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      time: m.time,
      fieldsType: 'FieldsV1',
      fieldsV1: renderFields(m.fields),
    };
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

function sameManager(m: Manager, name: string, operation: 'Apply' | 'Update', apiVersion: string): boolean {
  return m.manager === name && m.operation === operation && !m.subresource && (operation === 'Apply' || m.apiVersion === apiVersion);
}

/** Ownership after a non-apply write: the writer takes the fields it changed; removed fields are dropped. */
export function trackUpdate(
  managers: Manager[],
  oldObj: unknown,
  newObj: unknown,
  name: string,
  apiVersion: string,
  statusSubresource: boolean,
): Manager[] {
  const before = oldObj === undefined ? new Map<string, FieldPath>() : leaves(oldObj, statusSubresource);
  const after = leaves(newObj, statusSubresource);
  const changed = new Map<string, FieldPath>();
  for (const [k, p] of after) {
    if (!before.has(k) || !deepEqual(getPath(oldObj, p), getPath(newObj, p))) changed.set(k, p);
  }
  const out = managers.map((m) => ({ ...m, fields: new Map(m.fields) }));
  let me = out.find((m) => sameManager(m, name, 'Update', apiVersion));
  for (const m of out) {
    for (const k of m.fields.keys()) {
      if (!after.has(k) || (m !== me && changed.has(k))) m.fields.delete(k);
    }
  }
  if (changed.size > 0) {
    if (!me) {
      me = { manager: name, operation: 'Update', apiVersion, time: rfc3339(), fields: new Map() };
      out.push(me);
    }
    for (const [k, p] of changed) me.fields.set(k, p);
    me.time = rfc3339();
  }
  return out.filter((m) => m.fields.size > 0);
}

export interface ApplyOutcome {
  object: Obj;
  managers: Manager[];
  conflicts: ApplyConflict[];
}

/**
 * Server-side apply of `applied` by `name` onto `live`: conflicts are fields another manager owns whose
 * live value differs from the applied one; with `force` they change hands. Fields the applier owned
 * before and no longer applies are removed unless someone else still owns them.
 */
export function serverSideApply(
  live: Obj,
  managers: Manager[],
  applied: Obj,
  name: string,
  force: boolean,
  statusSubresource: boolean,
): ApplyOutcome {
  const appliedLeaves = leaves(applied, statusSubresource);
  const out = managers.map((m) => ({ ...m, fields: new Map(m.fields) }));
  let me = out.find((m) => sameManager(m, name, 'Apply', ''));
  const conflicts: ApplyConflict[] = [];
  for (const [k, p] of appliedLeaves) {
    if (deepEqual(getPath(live, p), getPath(applied, p))) continue;
    for (const m of out) if (m !== me && m.fields.has(k)) conflicts.push({ manager: m, path: p });
  }
  conflicts.sort((a, b) => pathString(a.path).localeCompare(pathString(b.path)));
  if (conflicts.length > 0 && !force) return { object: live, managers, conflicts };
  for (const c of conflicts) c.manager.fields.delete(keyOf(c.path));

  const result = clone(live);
  if (me) {
    for (const [k, p] of me.fields) {
      if (appliedLeaves.has(k)) continue;
      if (!out.some((m) => m !== me && m.fields.has(k))) deletePath(result, p);
    }
  } else {
    me = { manager: name, operation: 'Apply', apiVersion: '', time: rfc3339(), fields: new Map() };
    out.push(me);
  }
  for (const p of appliedLeaves.values()) {
    const v = getPath(applied, p);
    // An applied empty map asserts the map exists; it does not clear what others put in it.
    if (isObj(v) && isObj(getPath(result, p))) continue;
    setPath(result, p, clone(v));
  }
  me.fields = new Map(appliedLeaves);
  me.time = rfc3339();
  me.apiVersion = typeof applied.apiVersion === 'string' ? applied.apiVersion : '';
  return { object: result, managers: out.filter((m) => m.fields.size > 0), conflicts: force ? [] : conflicts };
}

/** printManager: `"name"` for appliers, `"name" using <apiVersion>` for updaters. */
export function printManager(m: Manager): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
  return s;
}
