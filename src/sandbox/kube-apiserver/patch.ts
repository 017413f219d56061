// Patch engines of the loopback API server: RFC 6902 JSON patch, RFC 7386 merge patch, and a strategic
// merge patch that covers what core and apps kinds need (maps merged, `$patch` directives, a few lists
// merged by key, every other list, including the atomic `spec.taints` and `tolerations`, replaced).

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

// ---- RFC 6902 ----

/** A JSON patch that parses but does not apply (the server answers 422). */
export class PatchFailed extends Error {}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchFailed(`JSON pointer must start with '/': ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(arr: unknown[], seg: string, allowEnd: boolean): number {
  if (allowEnd && seg === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(seg)) throw new PatchFailed(`invalid array index ${seg}`);
  const i = Number(seg);
  if (i > arr.length || (!allowEnd && i === arr.length)) throw new PatchFailed(`array index ${i} out of bounds`);
  return i;
}

function resolveParent(doc: unknown, segs: string[], path: string): unknown {
  let cur = doc;
  for (const seg of segs.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, seg, false)];
    else if (isObj(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
    else throw new PatchFailed(`doc is missing path: ${path}`);
  }
  return cur;
}

function getAt(doc: unknown, path: string): unknown {
  const segs = parsePointer(path);
  if (segs.length === 0) return doc;
  const parent = resolveParent(doc, segs, path);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false)];
  if (isObj(parent) && Object.hasOwn(parent, last)) return parent[last];
  throw new PatchFailed(`doc is missing key: ${path}`);
}

function addAt(doc: unknown, path: string, value: unknown): unknown {
  const segs = parsePointer(path);
  if (segs.length === 0) return value;
  const parent = resolveParent(doc, segs, path);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, value);
  else if (isObj(parent)) parent[last] = value;
  else throw new PatchFailed(`doc is missing path: ${path}`);
  return doc;
}

function removeAt(doc: unknown, path: string): unknown {
  const segs = parsePointer(path);
  if (segs.length === 0) throw new PatchFailed('cannot remove the root');
  const parent = resolveParent(doc, segs, path);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
  else if (isObj(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw new PatchFailed(`Unable to remove nonexistent key: ${last}: missing value`);
  return doc;
}

/** Checks the shape of a JSON patch document; returns an error text for a 400, or undefined. */
export function jsonPatchShapeError(ops: unknown): string | undefined {
  if (!Array.isArray(ops)) {
    const t = ops === null ? 'null' : typeof ops === 'object' ? 'object' : typeof ops === 'boolean' ? 'bool' : typeof ops;
    return `error decoding patch: json: cannot unmarshal ${t} into Go value of type []handlers.jsonPatchOp`;
  }
  return undefined;
}

export function applyJsonPatch(doc: unknown, ops: unknown[]): unknown {
  let out = clone(doc);
  for (const raw of ops) {
    if (!isObj(raw) || typeof raw.op !== 'string') throw new PatchFailed('Unexpected kind: missing op');
    const path = typeof raw.path === 'string' ? raw.path : undefined;
    if (path === undefined) throw new PatchFailed(`${raw.op} operation: missing path`);
    switch (raw.op) {
      case 'add':
        if (!Object.hasOwn(raw, 'value')) throw new PatchFailed('add operation: missing value');
        out = addAt(out, path, clone(raw.value));
        break;
      case 'remove':
        out = removeAt(out, path);
        break;
      case 'replace':
        if (!Object.hasOwn(raw, 'value')) throw new PatchFailed('replace operation: missing value');
        getAt(out, path);
        if (path === '') out = clone(raw.value);
        else out = addAt(removeAt(out, path), path, clone(raw.value));
        break;
      case 'move':
      case 'copy': {
        if (typeof raw.from !== 'string') throw new PatchFailed(`${raw.op} operation: missing from`);
        const v = clone(getAt(out, raw.from));
        if (raw.op === 'move') out = removeAt(out, raw.from);
        out = addAt(out, path, v);
        break;
      }
      case 'test':
        if (!deepEqual(getAt(out, path), raw.value)) throw new PatchFailed(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new PatchFailed(`Unexpected kind: ${raw.op}`);
    }
  }
  return out;
}

// ---- RFC 7386 ----

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  const out: Obj = isObj(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

// ---- strategic merge patch ----

/** patchMergeKey of the merge-strategy lists the project's kinds contain (types.go tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  conditions: 'type',
  addresses: 'type',
};

/** Primitive lists with patchStrategy=merge (a union). */
const MERGE_PRIMITIVE_LISTS = new Set(['finalizers']);

const DELETE = Symbol('delete');

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !(isObj(x) && x.$patch === 'delete')).map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) {
      continue;
    }
    if (x !== null) out[k] = stripDirectives(x);
  }
  return out;
}

function smpList(orig: unknown[], patch: unknown[], key: string): unknown[] {
  if (patch.some((x) => isObj(x) && x.$patch === 'replace')) {
    return patch.filter((x) => !(isObj(x) && x.$patch === 'replace')).map(stripDirectives);
  }
  const out = clone(orig);
  for (const item of patch) {
    if (!isObj(item)) {
      out.push(clone(item));
      continue;
    }
    const idx = out.findIndex((o) => isObj(o) && deepEqual(o[key], item[key]));
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) {
      const merged = smpValue(out[idx], item);
      if (merged === DELETE) out.splice(idx, 1);
      else out[idx] = merged;
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}

function smpValue(orig: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return DELETE;
  const out: Obj = isObj(orig) ? clone(orig) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[f];
      if (Array.isArray(cur) && Array.isArray(v)) out[f] = cur.filter((x) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v)) {
      const cur = out[k];
      if (MERGE_KEYS[k] && (Array.isArray(cur) || cur === undefined)) out[k] = smpList(cur ?? [], v, MERGE_KEYS[k]);
      else if (MERGE_PRIMITIVE_LISTS.has(k) && Array.isArray(cur)) {
        out[k] = [...cur, ...v.filter((x) => !cur.some((c) => deepEqual(c, x)))];
      } else out[k] = stripDirectives(v);
    } else if (isObj(v)) {
      const merged = smpValue(out[k], v);
      if (merged === DELETE) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}

export function applyStrategicMergePatch(target: unknown, patch: Obj): unknown {
  const out = smpValue(target, patch);
  return out === DELETE ? {} : out;
}

// ---- paths into objects (for managed fields) ----

export function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const seg of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

export function setPath(obj: Obj, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (const seg of path.slice(0, -1)) {
    if (!isObj(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Obj;
  }
  cur[path[path.length - 1]] = value;
}

/** Deletes a field and then any map it leaves empty, down to (not including) the top-level fields. */
export function deletePath(obj: Obj, path: readonly string[]): void {
  const chain: Obj[] = [obj];
  let cur: unknown = obj;
  for (const seg of path.slice(0, -1)) {
    if (!isObj(cur)) return;
    cur = cur[seg];
    if (!isObj(cur)) return;
    chain.push(cur);
  }
  delete (chain[chain.length - 1] as Obj)[path[path.length - 1]];
  for (let i = chain.length - 1; i >= 2; i--) {
    if (Object.keys(chain[i]).length === 0) delete chain[i - 1][path[i - 1]];
    else break;
  }
}
