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

/** How many of the latest writes a watch may start behind (then: 410 Gone, as a real server's watch cache). */
const WATCH_HISTORY = 1000;

export class ObjectStore {
  private readonly objects = new Map<ResourceDef, Map<string, KubeObject>>();
  private rv = 0;
  /** The open watch streams: told of every write, those through the API and the direct `put`s of the controllers. */
  private readonly watches = new Set<(e: WriteEvent) => void>();
  /** The latest writes, each under the resourceVersion it made (the real server's watch cache keeps a window too). */
  private readonly recent: Array<{ rv: number; event: WriteEvent }> = [];

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
    const stored = this.keep(res, obj);
    // A controller's status write reaches the watches as on a real server (the write hooks are not called).
    const event: WriteEvent = { type: old ? 'MODIFIED' : 'ADDED', resource: res.plural, kind: res.kind, name: meta.name, object: stored, ...(meta.namespace ? { namespace: meta.namespace } : {}), ...(old ? { oldObject: old } : {}) };
    this.tellWatches(event);
    if (res.kind === 'Namespace' && !old) this.publishRootCa(meta.name);
    return clone(stored);
  }

  /** Removes an object (a Namespace with everything in it); the watches are told, not the write hooks. Returns whether it existed. */
  delete(res: ResourceDef, ns: string | undefined, name: string): boolean {
    const old = this.get(res, ns, name);
    if (!old) return false;
    this.drop(res, ns, name, old, (e) => this.tellWatches(e));
    return true;
  }

  /** A delete through the API: the watches and the write hooks are told. */
  remove(res: ResourceDef, ns: string | undefined, name: string, old: KubeObject): void {
    this.drop(res, ns, name, old, (e) => this.emit(e));
  }

  /**
   * Opens a watch: `watcher` is told of every write after resourceVersion `since` (replayed at once from the recent
   * writes) and then of every write as it happens. Returns its close, or `expired` when writes after `since` are no
   * longer kept (the real server answers 410 Gone then: the client lists again).
   */
  watch(watcher: (e: WriteEvent) => void, since?: number): (() => void) | 'expired' {
    if (since !== undefined && since < this.rv) {
      const oldest = this.recent[0]?.rv;
      if (oldest === undefined || oldest > since + 1) return 'expired';
      for (const r of this.recent) if (r.rv > since) watcher(clone(r.event));
    }
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
    const stored = this.keep(res, obj);
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
    if (res.kind === 'Namespace' && !old) this.publishRootCa(name);
    return result;
  }

  /** Stores a written object under the next resourceVersion; returns it as stored. */
  private keep(res: ResourceDef, obj: KubeObject): KubeObject {
    const meta = metaOf(obj);
    const name = meta.name ?? '';
    meta.resourceVersion = String(++this.rv);
    const stored = ordered(obj);
    this.objects.get(res)?.set(keyOf(meta.namespace, name), stored);
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
    const stored = ordered(obj);
    this.objects.get(cm)?.set(keyOf(namespace, 'kube-root-ca.crt'), stored);
    this.tellWatches({ type: 'ADDED', resource: cm.plural, kind: cm.kind, namespace, name: 'kube-root-ca.crt', object: stored });
  }

  /** Removes an object, and everything in a Namespace, one resourceVersion each; `tell` is told of each removal. */
  private drop(res: ResourceDef, ns: string | undefined, name: string, old: KubeObject, tell: (e: WriteEvent) => void): void {
    if (res.plural === 'namespaces') {
      for (const r of RESOURCES.filter((x) => x.namespaced)) {
        for (const o of this.all(r, name)) {
          const child = o.metadata?.name ?? '';
          this.objects.get(r)?.delete(keyOf(name, child));
          this.rv++;
          this.tellWatches({ type: 'DELETED', resource: r.plural, kind: r.kind, namespace: name, name: child, object: o });
        }
      }
    }
    this.objects.get(res)?.delete(keyOf(res.namespaced ? ns : undefined, name));
    this.rv++;
    tell({ type: 'DELETED', resource: res.plural, kind: res.kind, namespace: ns, name, object: old });
  }

  /** Every write is kept for a watch that starts from an earlier resourceVersion, the most recent WATCH_HISTORY. */
  private tellWatches(event: WriteEvent): void {
    this.recent.push({ rv: this.rv, event: clone(event) });
    if (this.recent.length > WATCH_HISTORY) this.recent.shift();
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
