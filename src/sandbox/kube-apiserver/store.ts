// The object store of the loopback API server, as etcd and the registry are to the real one: the objects by
// resource and key, the global resourceVersion, the write path every create, update, patch and apply goes through
// (strategy, admission, managedFields, dryRun, writes that change nothing), and the watches told of each write. It
// knows nothing of HTTP.

import { randomUUID } from 'node:crypto';
import { type Manager, parseManagedFields, renderManagedFields, trackUpdate } from './managed-fields.js';
import { type KubeObject, groupResourceOf, keyOf, metaOf, now, ordered } from './objects.js';
import { type Obj, clone, deepEqual, isObj } from './patch.js';
import { RESOURCES, type ResourceDef, apiVersionOf, resourceByName, resourceForObject } from './resources.js';
import { StatusError, alreadyExists } from './status.js';
import { decodeChecks, nextGeneration, normalize, validate } from './strategy.js';

export interface WriteEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** Resource plural, e.g. `deployments`. */
  resource: string;
  kind: string;
  namespace?: string;
  name: string;
  object: KubeObject;
  oldObject?: KubeObject;
}

export interface WriteOptions {
  dryRun: boolean;
  manager: string;
  /** Precomputed ownership (apply); otherwise tracked as an Update by `manager`. */
  managers?: Manager[];
}

/** The two points where the write path asks admission (admission.ts); each throws the Status that stops the write. */
export interface WriteAdmission {
  /** The tests' in-process hooks, on the object as decoded, defaulted and validated. */
  review(res: ResourceDef, obj: KubeObject, old: KubeObject | undefined, dryRun: boolean): void;
  /** The validating webhooks, on the object as it would be stored (system fields and managedFields set). */
  webhooks(res: ResourceDef, obj: KubeObject, old: KubeObject | undefined, dryRun: boolean): void;
}

/** What kube-controller-manager's root-ca-cert-publisher puts in every namespace (the stand-in has no CA: a placeholder). */
const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** Whether a write leaves the object as it was (managedFields timestamps and resourceVersion aside). */
function unchanged(old: KubeObject, next: KubeObject): boolean {
  const strip = (o: KubeObject): Obj => {
    const c = clone(o) as Obj;
    const m = isObj(c.metadata) ? c.metadata : {};
    delete m.resourceVersion;
    if (Array.isArray(m.managedFields)) m.managedFields = m.managedFields.map((e) => (isObj(e) ? { ...e, time: undefined } : e));
    c.metadata = m;
    return JSON.parse(JSON.stringify(c)) as Obj;
  };
  return deepEqual(strip(old), strip(next));
}

export class ObjectStore {
  private readonly objects = new Map<ResourceDef, Map<string, KubeObject>>();
  private rv = 0;
  /** The open watch streams: told of every write, those through the API and the direct `put`s of the controllers. */
  private readonly watches = new Set<(e: WriteEvent) => void>();

  /** `written` is told of every write through the API, after the watches (the server's write hooks; not for `put`). */
  constructor(
    private readonly admission: WriteAdmission,
    private readonly written: (event: WriteEvent) => void,
  ) {
    for (const r of RESOURCES) this.objects.set(r, new Map());
  }

  /** The current global resourceVersion. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** The stored object itself (not a copy). */
  get(res: ResourceDef, ns: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(res)?.get(keyOf(res.namespaced ? ns : undefined, name));
  }

  /** The stored objects themselves (in one namespace if given), sorted by namespace and name. */
  all(res: ResourceDef, ns?: string): KubeObject[] {
    const items = [...(this.objects.get(res)?.entries() ?? [])]
      .filter(([, o]) => ns === undefined || !res.namespaced || o.metadata?.namespace === ns)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return items.map(([, o]) => o);
  }

  namespaceExists(ns: string): boolean {
    return this.get(resourceByName('namespaces') as ResourceDef, undefined, ns) !== undefined;
  }

  /** Creates or replaces an object directly (no admission, no write hooks; the watches are told); bumps resourceVersion. */
  put(input: object): KubeObject {
    const obj = clone(input) as KubeObject;
    const res = resourceForObject(obj.apiVersion, obj.kind);
    if (!res) throw new Error(`put: unknown apiVersion/kind ${String(obj.apiVersion)}/${String(obj.kind)}`);
    obj.apiVersion = apiVersionOf(res);
    const meta = metaOf(obj);
    if (!meta.name) throw new Error('put: metadata.name is required');
    if (res.namespaced) {
      meta.namespace ??= 'default';
      if (!this.namespaceExists(meta.namespace)) {
        this.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: meta.namespace } });
      }
    } else delete meta.namespace;
    const old = this.get(res, meta.namespace, meta.name);
    try {
      decodeChecks(res, obj);
      normalize(res, obj, old, false);
      validate(res, obj, old);
    } catch (err) {
      if (err instanceof StatusError) throw new Error(`put: ${err.message}`, { cause: err });
      throw err;
    }
    const oldMeta = old?.metadata ?? {};
    meta.uid ??= oldMeta.uid ?? randomUUID();
    meta.creationTimestamp ??= oldMeta.creationTimestamp ?? now();
    if (meta.generation === undefined) {
      const g = old ? nextGeneration(res, old, obj) : res.generation === 'none' ? undefined : 1;
      if (g !== undefined) meta.generation = g;
    }
    if (meta.managedFields === undefined && oldMeta.managedFields !== undefined) meta.managedFields = oldMeta.managedFields;
    const stored = this.keep(res, old, obj);
    // A controller's status write reaches the watches as on a real server (the write hooks are not called).
    const event: WriteEvent = { type: old ? 'MODIFIED' : 'ADDED', resource: res.plural, kind: res.kind, name: meta.name, object: stored, ...(meta.namespace ? { namespace: meta.namespace } : {}), ...(old ? { oldObject: old } : {}) };
    this.tellWatches(event);
    return clone(stored);
  }

  /** Removes an object (a Namespace with everything in it) and bumps resourceVersion; no one is told. Returns whether it existed. */
  delete(res: ResourceDef, ns: string | undefined, name: string): boolean {
    const existed = this.objects.get(res)?.delete(keyOf(res.namespaced ? ns : undefined, name)) ?? false;
    if (existed && res.plural === 'namespaces') {
      for (const r of RESOURCES.filter((x) => x.namespaced)) {
        for (const o of this.all(r, name)) this.objects.get(r)?.delete(keyOf(name, o.metadata?.name ?? ''));
      }
    }
    if (existed) this.rv++;
    return existed;
  }

  /** A delete through the API: `delete`, then the watches and write hooks are told. */
  remove(res: ResourceDef, ns: string | undefined, name: string, old: KubeObject): void {
    this.delete(res, ns, name);
    this.emit({ type: 'DELETED', resource: res.plural, kind: res.kind, namespace: ns, name, object: old });
  }

  /** Opens a watch: `watcher` is told of every write from now on. Returns its close. */
  watch(watcher: (e: WriteEvent) => void): () => void {
    this.watches.add(watcher);
    return () => this.watches.delete(watcher);
  }

  /** The write path shared by create, update, patch and apply. */
  commit(res: ResourceDef, old: KubeObject | undefined, input: KubeObject, opts: WriteOptions): KubeObject {
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(res);
    obj.kind = res.kind;
    const meta = metaOf(obj);
    if (!res.namespaced) delete meta.namespace;
    decodeChecks(res, obj);
    normalize(res, obj, old, true);
    validate(res, obj, old);
    if (!old && meta.name && this.get(res, meta.namespace, meta.name)) throw alreadyExists(groupResourceOf(res), meta.name);
    const name = meta.name ?? '';
    this.admission.review(res, obj, old, opts.dryRun);
    setSystemFields(res, old, obj);
    const managers =
      opts.managers ??
      trackUpdate(
        parseManagedFields(meta.managedFields !== undefined ? meta.managedFields : old?.metadata?.managedFields),
        old,
        obj,
        opts.manager,
        apiVersionOf(res),
        res.statusSubresource,
      );
    const mf = renderManagedFields(managers);
    if (mf.length > 0) meta.managedFields = mf;
    else delete meta.managedFields;
    this.admission.webhooks(res, obj, old, opts.dryRun);
    if (opts.dryRun) {
      if (old?.metadata?.resourceVersion) meta.resourceVersion = old.metadata.resourceVersion;
      else delete meta.resourceVersion;
      return ordered(obj);
    }
    if (old && unchanged(old, obj)) {
      // A write that changes nothing is not stored: the object and its resourceVersion stay as they were.
      return clone(old);
    }
    const stored = this.keep(res, old, obj);
    const result = clone(stored);
    this.emit({
      type: old ? 'MODIFIED' : 'ADDED',
      resource: res.plural,
      kind: res.kind,
      namespace: meta.namespace,
      name,
      object: stored,
      oldObject: old,
    });
    return result;
  }

  /** Stores a written object under the next resourceVersion (a new Namespace gets its kube-root-ca.crt); returns it as stored. */
  private keep(res: ResourceDef, old: KubeObject | undefined, obj: KubeObject): KubeObject {
    const meta = metaOf(obj);
    const name = meta.name ?? '';
    meta.resourceVersion = String(++this.rv);
    const stored = ordered(obj);
    this.objects.get(res)?.set(keyOf(meta.namespace, name), stored);
    if (res.kind === 'Namespace' && !old) this.publishRootCa(name);
    return stored;
  }

  /** The kube-root-ca.crt ConfigMap every namespace gets (kube-controller-manager's root-ca-cert-publisher). */
  private publishRootCa(namespace: string): void {
    const cm = resourceByName('configmaps') as ResourceDef;
    if (this.get(cm, namespace, 'kube-root-ca.crt')) return;
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt',
        namespace,
        uid: randomUUID(),
        resourceVersion: String(++this.rv),
        creationTimestamp: now(),
        annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION },
      },
      data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n(the stand-in serves plain HTTP: no CA)\n-----END CERTIFICATE-----\n' },
    };
    this.objects.get(cm)?.set(keyOf(namespace, 'kube-root-ca.crt'), ordered(obj));
  }

  private tellWatches(event: WriteEvent): void {
    for (const w of [...this.watches]) w(clone(event));
  }

  private emit(event: WriteEvent): void {
    this.tellWatches(event);
    this.written(event);
  }
}

/** uid, creationTimestamp and generation: kept from the stored object on an update, set afresh on a create. */
function setSystemFields(res: ResourceDef, old: KubeObject | undefined, obj: KubeObject): void {
  const meta = metaOf(obj);
  if (old) {
    const om = old.metadata ?? {};
    meta.uid = om.uid;
    meta.creationTimestamp = om.creationTimestamp;
    const g = nextGeneration(res, old, obj);
    if (g === undefined) delete meta.generation;
    else meta.generation = g;
  } else {
    meta.uid = randomUUID();
    meta.creationTimestamp = now();
    delete meta.deletionTimestamp;
    if (res.generation === 'none') delete meta.generation;
    else meta.generation = 1;
  }
}
