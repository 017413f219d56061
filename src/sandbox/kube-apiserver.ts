// A loopback Kubernetes API server for tests. The real @kubernetes/client-node talks to it over HTTP on
// 127.0.0.1. It keeps Kubernetes' documented wire behaviour for what the project uses: Status bodies,
// resourceVersion conflicts, the four patch types, server-side apply with managedFields, dryRun, Secret
// data/stringData, label and field selectors, Node validation and the pods/exec WebSocket stream.
// It adds what tests need: seeding, write hooks, exec handlers, fault injection and a request log.

import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES, createServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { load as loadYaml } from 'js-yaml';
import { CHANNEL_PROTOCOLS, type ExecOutput, ExecStreams, exitCodeStatus, internalErrorStatus, negotiate, successStatus } from './kube-apiserver/exec.js';
import type { ExecStreamStatus } from './kube-apiserver/exec.js';
import { type ControllerOptions, startControllers } from './kube-apiserver/controllers.js';
import { parseManagedFields, pathString, printManager, serverSideApply } from './kube-apiserver/managed-fields.js';
import type { ApplyConflict } from './kube-apiserver/managed-fields.js';
import {
  type Obj,
  PatchFailed,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  clone,
  deepEqual,
  isObj,
  jsonPatchShapeError,
} from './kube-apiserver/patch.js';
import {
  type ResourceDef,
  apiVersionOf,
  fieldSet,
  resourceByName,
  supportedFields,
} from './kube-apiserver/resources.js';
import { parseFieldSelector, parseLabelSelector } from './kube-apiserver/selectors.js';
import {
  type FieldError,
  type Status,
  StatusError,
  badRequest,
  conflict,
  genericStatus,
  goQuote,
  internalError,
  invalid,
  makeStatus,
  methodNotAllowed,
  notFound,
  pathNotFound,
  patchRejected,
  supportedValues,
  unsupportedMediaType,
  unsupportedPatchMediaType,
  preconditionConflict,
  PATCH_REJECTED_MESSAGE,
} from './kube-apiserver/status.js';
import { type KubeObject, groupResourceOf, keyOf, metaOf, now } from './kube-apiserver/objects.js';
import { jsonType } from './kube-apiserver/strategy.js';
import { ObjectStore, type WriteEvent, type WriteOptions } from './kube-apiserver/store.js';
import { type AdmissionHook, AdmissionControl, AdmissionNeeded } from './kube-apiserver/admission.js';
import { Authorizer, type ForbiddenRule, type RbacRule } from './kube-apiserver/auth.js';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, type Route, baseType, optionsErrors, parseBool, queryRecord, routeOf, writeOptions } from './kube-apiserver/router.js';

export type { Status, StatusCause, StatusDetails } from './kube-apiserver/status.js';
export type { ExecStreamStatus } from './kube-apiserver/exec.js';

// ---------------------------------------------------------------------------------------------------
// Public types

export type { KubeObject, ObjectMeta } from './kube-apiserver/objects.js';

export interface RequestRecord {
  method: string;
  path: string;
  /** Query parameters; a repeated parameter (e.g. exec's `command`) is an array. */
  query: Record<string, string | string[]>;
  contentType?: string;
  /** The raw request body. */
  body: string;
  authorization?: string;
  userAgent?: string;
  /** The user the bearer token maps to, once authenticated. */
  user?: string;
  /** The status code answered (101 for an exec upgrade; undefined for a reset connection). */
  status?: number;
  /** Set when an injected fault answered or delayed this request. */
  fault?: 'status' | 'reset' | 'delay';
  upgrade: boolean;
}

export interface RequestFilter {
  method?: string;
  /** A string matches the path exactly; a RegExp is tested against the path. */
  path?: string | RegExp;
  contentType?: string;
  status?: number;
}

export type Fault =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { reset: true }
  | { delayMs: number };

export interface FaultSpec {
  method?: string;
  /** A string matches the path (no query) exactly; a RegExp is tested against it. */
  path?: string | RegExp;
  /** Fire first on the nth matching request (1-based, counted from `inject`); default 1. */
  nth?: number;
  /** How many consecutive matching requests it fires on; default 1 (Infinity for always). */
  times?: number;
  fault: Fault;
}

export interface FaultHandle {
  /** Matching requests seen so far. */
  readonly matched: number;
  /** Requests this fault answered or delayed. */
  readonly fired: number;
  remove(): void;
}

export type { ForbiddenRule, RbacRule } from './kube-apiserver/auth.js';

export type { WriteEvent } from './kube-apiserver/store.js';

export type WriteHook = (event: WriteEvent, server: KubeApiServer) => void;

export interface ExecResult {
  stdout?: string | Uint8Array;
  stderr?: string | Uint8Array;
  /** Default 0. */
  exitCode?: number;
}

/**
 * Runs a command "in" a container. `env` is the container's literal `env` values overlaid with any
 * leading `env NAME=value` words of the command; `stdin` is given on v5 when the client sent stdin.
 */
export type ExecHandler = (
  pod: KubeObject,
  container: string,
  command: string[],
  env: Record<string, string>,
  stdin?: Buffer,
) => ExecResult | Promise<ExecResult>;

export interface ExecMatch {
  namespace?: string;
  pod?: string | RegExp;
  container?: string;
}

export interface ExecRecord {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  env: Record<string, string>;
  protocol: string;
  stdin?: string;
  status: ExecStreamStatus;
}

export type { AdmissionHook } from './kube-apiserver/admission.js';

export interface KubeApiServerOptions {
  /** Namespaces to create besides default, kube-system, kube-public and kube-node-lease. */
  namespaces?: string[];
  /** Objects to seed (through `put`). */
  objects?: object[];
  /** Bearer token of the default user; default `pool-reconciler-test-token`. */
  token?: string;
  /** Name of the default user; default `pool-reconciler-test`. */
  user?: string;
  /** More tokens: token → user name. */
  users?: Record<string, string>;
  /** Requests matching one of these rules get 403 Forbidden. */
  forbidden?: ForbiddenRule[];
  /** Exec subprotocols the server accepts, in no particular order; default v5 and v4. */
  execProtocols?: string[];
  /**
   * RBAC of the users: when given, a request is allowed only if a rule grants it (SelfSubjectAccessReviews always
   * are, as `system:basic-user` grants them). `forbidden` rules deny on top.
   */
  rbac?: RbacRule[];
  /** Serve HTTPS with this certificate and key (PEM); the kubeconfig then carries `ca` instead of skipping TLS checks. */
  tls?: { ca: string; cert: string; key: string };
}

// ---------------------------------------------------------------------------------------------------
// Constants and small helpers

const SEEDED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The status a controller writes once a Deployment or StatefulSet has rolled out (zeros omitted, as upstream). */
export function rolloutStatus(obj: KubeObject): Obj {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const generation = obj.metadata?.generation ?? 1;
  const name = obj.metadata?.name ?? '';
  const nz = (n: number): number | undefined => (n === 0 ? undefined : n);
  if (obj.kind === 'StatefulSet') {
    const rev = `${name}-${generation}`;
    return clone({
      observedGeneration: generation,
      replicas,
      readyReplicas: nz(replicas),
      currentReplicas: nz(replicas),
      updatedReplicas: nz(replicas),
      availableReplicas: replicas,
      currentRevision: rev,
      updateRevision: rev,
      collisionCount: 0,
    });
  }
  return clone({
    observedGeneration: generation,
    replicas: nz(replicas),
    updatedReplicas: nz(replicas),
    readyReplicas: nz(replicas),
    availableReplicas: nz(replicas),
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${name}-${generation}" has successfully progressed.`,
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------------
// Routing

interface ActiveFault {
  spec: FaultSpec;
  matched: number;
  fired: number;
  removed: boolean;
}

export class KubeApiServer {
  /** Every request received, in order. */
  readonly requests: RequestRecord[] = [];
  /** Every exec run, in order. */
  readonly execs: ExecRecord[] = [];
  /** Errors the server hit outside a client's fault (hook exceptions, internal errors): tests can assert it stays empty. */
  readonly errors: unknown[] = [];
  /** Exec subprotocols accepted; may be changed between requests. */
  execProtocols: string[];
  /** Filled in by `start`. */
  url = '';
  port = 0;

  readonly token: string;
  readonly user: string;
  private readonly authorizer: Authorizer;
  private readonly admissionControl: AdmissionControl = new AdmissionControl((res) => this.store.all(res));
  private readonly store: ObjectStore = new ObjectStore(this.admissionControl, (event) => this.written(event));
  private readonly faults: ActiveFault[] = [];
  private readonly hooks: WriteHook[] = [];
  private readonly execHandlers: { handler: ExecHandler; match: ExecMatch }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly http: Server | HttpsServer;
  private readonly tls?: { ca: string; cert: string; key: string };
  private readonly streams = new ExecStreams();

  constructor(options: KubeApiServerOptions = {}) {
    this.token = options.token ?? 'pool-reconciler-test-token';
    this.user = options.user ?? 'pool-reconciler-test';
    this.authorizer = new Authorizer(
      new Map([[this.token, this.user], ...Object.entries(options.users ?? {})]),
      [...(options.forbidden ?? [])],
      options.rbac ? [...options.rbac] : undefined,
    );
    this.execProtocols = [...(options.execProtocols ?? CHANNEL_PROTOCOLS)];
    for (const ns of [...SEEDED_NAMESPACES, ...(options.namespaces ?? [])]) {
      if (!this.store.namespaceExists(ns)) {
        this.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      }
    }
    for (const o of options.objects ?? []) this.put(o);
    this.tls = options.tls;
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.onRequest(req, res).catch((err: unknown) => this.errors.push(err));
    };
    // An https.Server is an http.Server over TLS: the same events (request, upgrade) and the same close.
    this.http = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createServer(handler);
    this.http.keepAliveTimeout = 60_000;
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.onUpgrade(req, socket, head).catch((err: unknown) => this.errors.push(err));
    });
  }

  /** RBAC allow rules; undefined: everything not forbidden is allowed. May be changed between requests. */
  get rbac(): RbacRule[] | undefined {
    return this.authorizer.rbac;
  }

  set rbac(rules: RbacRule[] | undefined) {
    this.authorizer.rbac = rules;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.http.address() as AddressInfo).port;
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.streams.close();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    await closed;
  }

  /**
   * A kubeconfig for client-node 2 and kubectl: over HTTPS the cluster's CA as `certificate-authority-data`; over
   * plain HTTP `insecure-skip-tls-verify: true` (client-node refuses plain HTTP otherwise). The user is a bearer token.
   */
  kubeconfigYaml(namespace = 'default', options: { token?: string } = {}): string {
    const token = options.token ?? this.token;
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: loopback',
      '    cluster:',
      `      server: ${this.url}`,
      this.tls ? `      certificate-authority-data: ${Buffer.from(this.tls.ca).toString('base64')}` : '      insecure-skip-tls-verify: true',
      'users:',
      '  - name: loopback-user',
      '    user:',
      `      token: ${JSON.stringify(token)}`,
      'contexts:',
      '  - name: loopback',
      '    context:',
      '      cluster: loopback',
      '      user: loopback-user',
      `      namespace: ${JSON.stringify(namespace)}`,
      'current-context: loopback',
      '',
    ].join('\n');
  }

  // ---- test-side API: store ----

  /** Creates or replaces an object directly in the store (no HTTP, no hooks); bumps resourceVersion. */
  put(input: object): KubeObject {
    return this.store.put(input);
  }

  /** `get('Node', 'n1')`, `get('Secret', 'ns', 'name')`; kind may be a Kind or a plural. */
  get(kind: string, namespaceOrName: string | undefined, name?: string): KubeObject | undefined {
    const res = this.resource(kind);
    const [ns, n] = res.namespaced || name !== undefined ? [namespaceOrName, name ?? ''] : [undefined, namespaceOrName ?? ''];
    const o = this.store.get(res, res.namespaced ? ns : undefined, n);
    return o && clone(o);
  }

  /** All objects of a kind (in one namespace if given), sorted by namespace and name. */
  list(kind: string, namespace?: string): KubeObject[] {
    const res = this.resource(kind);
    return this.store.all(res, namespace).map(clone);
  }

  /** Removes an object from the store (no hooks); a Namespace with everything in it. Returns whether it existed. */
  delete(kind: string, namespaceOrName: string | undefined, name?: string): boolean {
    const res = this.resource(kind);
    const [ns, n] = res.namespaced || name !== undefined ? [namespaceOrName, name ?? ''] : [undefined, namespaceOrName ?? ''];
    return this.store.delete(res, ns, n);
  }

  /** The current global resourceVersion. */
  get resourceVersion(): string {
    return String(this.store.resourceVersion);
  }

  // ---- test-side API: controllers, exec, faults, authorization, request log ----

  /** Called synchronously after every write made over HTTP (not for `put`). Returns an unsubscribe. */
  onWrite(hook: WriteHook): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  /**
   * A stand-in for the Deployment and StatefulSet controllers: after each HTTP write to one, once
   * `delayMs` has passed, its status is set to `rolloutStatus` (observedGeneration = generation, all
   * replicas ready). Returns an unsubscribe.
   */
  autoRollout(options: { delayMs?: number } = {}): () => void {
    return this.onWrite((e) => {
      if (e.type === 'DELETED' || (e.kind !== 'Deployment' && e.kind !== 'StatefulSet')) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        const cur = this.get(e.kind, e.namespace, e.name);
        if (!cur || cur.metadata?.uid !== e.object.metadata?.uid) return;
        const status = rolloutStatus(cur);
        if (!deepEqual(cur.status, status)) this.put({ ...cur, status });
      }, options.delayMs ?? 0);
      this.timers.add(timer);
    });
  }

  /**
   * Stand-ins for the Deployment, ReplicaSet and StatefulSet controllers and the kubelet: after each HTTP write that
   * changes a pod template, the rollout walks through the states the real controllers write (see controllers.ts),
   * one step every `stepMs`, with ReplicaSets and pods. Returns a stop.
   */
  runControllers(options: ControllerOptions = {}): () => void {
    const schedule = (fn: () => void, ms: number): void => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        try {
          fn();
        } catch (err) {
          this.errors.push(err);
        }
      }, ms);
      this.timers.add(timer);
    };
    return startControllers(this, schedule, (hook) => this.onWrite(hook), options);
  }

  /** Registers an exec handler; the most recently registered one that matches runs. Returns an unregister. */
  onExec(handler: ExecHandler, match: ExecMatch = {}): () => void {
    const entry = { handler, match };
    this.execHandlers.unshift(entry);
    return () => {
      const i = this.execHandlers.indexOf(entry);
      if (i >= 0) this.execHandlers.splice(i, 1);
    };
  }

  /** Injects a fault; see FaultSpec. Faults are checked in the order injected; the first that fires wins. */
  inject(spec: FaultSpec): FaultHandle {
    const f: ActiveFault = { spec, matched: 0, fired: 0, removed: false };
    this.faults.push(f);
    return {
      get matched() {
        return f.matched;
      },
      get fired() {
        return f.fired;
      },
      remove: () => {
        f.removed = true;
      },
    };
  }

  clearFaults(): void {
    for (const f of this.faults) f.removed = true;
    this.faults.length = 0;
  }

  /** Registers an admission webhook (see AdmissionHook); returns an unregister. */
  admission(hook: AdmissionHook): () => void {
    return this.admissionControl.add(hook);
  }

  /** Adds a rule answering 403; returns a remover. */
  forbid(rule: ForbiddenRule): () => void {
    return this.authorizer.forbid(rule);
  }

  /** Requests matching the filter. */
  requestsMatching(filter: RequestFilter = {}): RequestRecord[] {
    return this.requests.filter((r) => {
      if (filter.method && r.method !== filter.method.toUpperCase()) return false;
      if (filter.path !== undefined && !(typeof filter.path === 'string' ? r.path === filter.path : filter.path.test(r.path))) {
        return false;
      }
      if (filter.contentType !== undefined && baseType(r.contentType) !== filter.contentType) return false;
      if (filter.status !== undefined && r.status !== filter.status) return false;
      return true;
    });
  }

  count(filter: RequestFilter = {}): number {
    return this.requestsMatching(filter).length;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  // ---- internals: store ----

  private resource(kind: string): ResourceDef {
    const res = resourceByName(kind);
    if (!res) throw new Error(`unknown kind ${kind}`);
    return res;
  }

  /** Tells the write hooks of a write through the API. */
  private written(event: WriteEvent): void {
    for (const hook of [...this.hooks]) {
      try {
        hook(clone(event), this);
      } catch (err) {
        this.errors.push(err);
      }
    }
  }

  // ---- internals: HTTP ----

  private record(req: IncomingMessage, url: URL, body: string, upgrade: boolean): RequestRecord {
    const rec: RequestRecord = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: queryRecord(url.searchParams),
      body,
      upgrade,
    };
    if (req.headers['content-type']) rec.contentType = req.headers['content-type'];
    if (req.headers.authorization) rec.authorization = req.headers.authorization;
    if (req.headers['user-agent']) rec.userAgent = req.headers['user-agent'];
    this.requests.push(rec);
    return rec;
  }

  private takeFault(rec: RequestRecord): Fault | undefined {
    let chosen: ActiveFault | undefined;
    for (const f of this.faults) {
      if (f.removed) continue;
      const { method, path, nth = 1, times = 1 } = f.spec;
      if (method && method.toUpperCase() !== rec.method) continue;
      if (path !== undefined && !(typeof path === 'string' ? path === rec.path : path.test(rec.path))) continue;
      f.matched++;
      if (!chosen && f.matched >= nth && f.matched < nth + times) chosen = f;
    }
    if (!chosen) return undefined;
    chosen.fired++;
    const fault = chosen.spec.fault;
    rec.fault = 'reset' in fault ? 'reset' : 'delayMs' in fault ? 'delay' : 'status';
    return fault;
  }

  private authenticate(req: IncomingMessage, rec: RequestRecord): string {
    const user = this.authorizer.authenticate(req.headers.authorization);
    rec.user = user;
    return user;
  }

  private send(res: ServerResponse, rec: RequestRecord, code: number, body: unknown, headers: Record<string, string> = {}): void {
    rec.status = code;
    // The real server's JSON encoder ends a body with a newline; the 422 of a JSON patch that does not apply is
    // written another way upstream, without one.
    const bare = isObj(body) && body.kind === 'Status' && body.message === PATCH_REJECTED_MESSAGE;
    const text = typeof body === 'string' ? body : `${JSON.stringify(body)}${bare ? '' : '\n'}`;
    res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers });
    res.end(text);
  }

  private statusFromError(err: unknown): StatusError {
    if (err instanceof StatusError) return err;
    this.errors.push(err);
    return internalError(err instanceof Error ? err.message : String(err));
  }

  private faultResponse(fault: { status: number; body?: unknown; headers?: Record<string, string> }): {
    body: unknown;
    headers: Record<string, string>;
  } {
    const headers: Record<string, string> = { ...(fault.status === 429 ? { 'Retry-After': '1' } : {}), ...(fault.headers ?? {}) };
    return { body: fault.body ?? genericStatus(fault.status), headers };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rec = this.record(req, url, body, false);
    try {
      const fault = this.takeFault(rec);
      if (fault && 'reset' in fault) {
        req.socket.destroy();
        return;
      }
      if (fault && 'status' in fault) {
        const { body: fb, headers } = this.faultResponse(fault);
        this.send(res, rec, fault.status, fb, headers);
        return;
      }
      if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      const user = this.authenticate(req, rec);
      if (url.pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
        if (rec.method !== 'POST') throw methodNotAllowed();
        this.send(res, rec, 201, this.authorizer.selfSubjectAccessReview(user, body));
        return;
      }
      const route = routeOf(url.pathname, this.port);
      if (!route) throw pathNotFound();
      if (route.type === 'collection' && rec.method === 'GET' && parseBool(url.searchParams.get('watch'))) {
        this.authorizer.authorize(user, { verb: 'watch', res: route.res, namespace: route.namespace });
        this.serveWatch(res, rec, route.res, route.namespace, url.searchParams);
        return;
      }
      let result: [number, unknown];
      try {
        result = this.dispatch(rec.method, route, user, url.searchParams, req, body);
      } catch (err) {
        if (!(err instanceof AdmissionNeeded)) throw err;
        // Validating admission webhooks, then the same request again with their verdict (nothing was stored yet).
        const verdict = await this.admissionControl.callWebhooks(err, user);
        result = this.admissionControl.withVerdict(verdict, () => this.dispatch(rec.method, route, user, url.searchParams, req, body));
      }
      const [code, out] = result;
      this.send(res, rec, code, out);
    } catch (err) {
      const se = this.statusFromError(err);
      this.send(res, rec, se.code, se.status, se.headers);
    }
  }

  private dispatch(
    method: string,
    route: Route,
    user: string,
    q: URLSearchParams,
    req: IncomingMessage,
    body: string,
  ): [number, unknown] {
    if (route.type === 'discovery') {
      if (method !== 'GET') throw methodNotAllowed();
      return [200, route.body];
    }
    if (route.type === 'exec') {
      this.authorizer.authorize(user, { verb: 'create', res: resourceByName('pods') as ResourceDef, subresource: 'exec', namespace: route.namespace, name: route.name });
      this.execTarget(route.namespace, route.name, q);
      throw badRequest('Upgrade request required');
    }
    const { res, namespace } = route;
    if (route.type === 'collection') {
      if (method === 'GET') {
        const watch = parseBool(q.get('watch'));
        this.authorizer.authorize(user, { verb: watch ? 'watch' : 'list', res, namespace });
        if (watch) throw methodNotAllowed();
        return [200, this.listObjects(res, namespace, q)];
      }
      if (method === 'POST') {
        this.authorizer.authorize(user, { verb: 'create', res, namespace });
        return [201, this.create(res, namespace, req, body, q)];
      }
      throw methodNotAllowed();
    }
    const name = route.name;
    const ns = res.plural === 'namespaces' ? name : namespace;
    switch (method) {
      case 'GET': {
        this.authorizer.authorize(user, { verb: 'get', res, namespace: ns, name });
        const o = this.store.get(res, namespace, name);
        if (!o) throw notFound(groupResourceOf(res), name);
        return [200, o];
      }
      case 'PUT':
        this.authorizer.authorize(user, { verb: 'update', res, namespace: ns, name });
        return [200, this.update(res, namespace, name, req, body, q)];
      case 'PATCH':
        this.authorizer.authorize(user, { verb: 'patch', res, namespace: ns, name });
        return this.patch(res, namespace, name, req, body, q);
      case 'DELETE':
        this.authorizer.authorize(user, { verb: 'delete', res, namespace: ns, name });
        return [200, this.remove(res, namespace, name, body, q)];
      default:
        throw methodNotAllowed();
    }
  }

  // ---- watch ----

  /**
   * `?watch=true` on a collection: without a resourceVersion (or "0"), the objects there now as ADDED, then every
   * write as it happens (an object entering the selectors is ADDED, leaving them DELETED), one JSON event a line,
   * until the client goes or `timeoutSeconds` passes.
   */
  private serveWatch(res: ServerResponse, rec: RequestRecord, r: ResourceDef, namespace: string | undefined, q: URLSearchParams): void {
    const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
    const fields = parseFieldSelector(q.get('fieldSelector') ?? undefined, supportedFields(r));
    const match = (o: KubeObject | undefined): boolean => !!o && labels(o.metadata?.labels ?? {}) && fields(fieldSet(r, o));
    rec.status = 200;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders(); // the real server answers at once, before any event
    const send = (type: string, o: KubeObject): void => {
      res.write(`${JSON.stringify({ type, object: o })}\n`);
    };
    const since = q.get('resourceVersion');
    if (!since || since === '0') for (const o of this.store.all(r, namespace)) if (match(o)) send('ADDED', o);
    const watcher = (e: WriteEvent): void => {
      if (e.resource !== r.plural || (namespace !== undefined && e.namespace !== namespace)) return;
      const now = match(e.object);
      const before = match(e.oldObject);
      if (e.type === 'DELETED') {
        if (now) send('DELETED', e.object);
      } else if (now && before) send('MODIFIED', e.object);
      else if (now) send('ADDED', e.object);
      else if (before) send('DELETED', e.object);
    };
    const unwatch = this.store.watch(watcher);
    const end = (): void => {
      unwatch();
      clearTimeout(timer);
    };
    const seconds = Number(q.get('timeoutSeconds') ?? '0');
    const timer = setTimeout(() => {
      end();
      res.end();
    }, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30 * 60 * 1000);
    timer.unref?.();
    res.on('close', end);
  }

  // ---- verbs ----

  private listObjects(res: ResourceDef, ns: string | undefined, q: URLSearchParams): unknown {
    const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
    const fields = parseFieldSelector(q.get('fieldSelector') ?? undefined, supportedFields(res));
    let items = this.store.all(res, ns).filter((o) => labels(o.metadata?.labels ?? {}) && fields(fieldSet(res, o)));
    const metadata: Obj = { resourceVersion: String(this.store.resourceVersion) };
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
        JSON.stringify({ v: 'meta.k8s.io/v1', rv: this.store.resourceVersion, start: keyOf(last.metadata?.namespace, last.metadata?.name ?? '') }),
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

  private decodeBody(res: ResourceDef, req: IncomingMessage, body: string): KubeObject {
    const ct = baseType(req.headers['content-type']);
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
    this.checkTypeMeta(res, parsed);
    return parsed as KubeObject;
  }

  private checkTypeMeta(res: ResourceDef, o: Obj): void {
    if (o.kind !== undefined && o.kind !== res.kind) {
      throw badRequest(`the object provided is unrecognized (must be of type ${res.kind}): kind ${goQuote(String(o.kind))} does not match`);
    }
    if (o.apiVersion !== undefined && o.apiVersion !== apiVersionOf(res)) {
      throw badRequest(
        `the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${apiVersionOf(res)})`,
      );
    }
  }

  private checkIdentity(res: ResourceDef, o: KubeObject, namespace: string | undefined, name?: string): void {
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

  private create(res: ResourceDef, ns: string | undefined, req: IncomingMessage, body: string, q: URLSearchParams): KubeObject {
    const obj = this.decodeBody(res, req, body);
    const opts = writeOptions(q, req.headers['user-agent'], 'CreateOptions');
    this.checkIdentity(res, obj, ns);
    const meta = metaOf(obj);
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomUUID().replace(/-/g, '').slice(0, 5);
    if (res.namespaced && ns !== undefined && !this.store.namespaceExists(ns)) {
      throw notFound({ group: '', resource: 'namespaces' }, ns);
    }
    return this.store.commit(res, undefined, obj, opts);
  }

  private update(
    res: ResourceDef,
    ns: string | undefined,
    name: string,
    req: IncomingMessage,
    body: string,
    q: URLSearchParams,
  ): KubeObject {
    const obj = this.decodeBody(res, req, body);
    const opts = writeOptions(q, req.headers['user-agent'], 'UpdateOptions');
    this.checkIdentity(res, obj, ns, name);
    const old = this.store.get(res, ns, name);
    if (!old) throw notFound(groupResourceOf(res), name);
    const rv = obj.metadata?.resourceVersion;
    if (rv && rv !== old.metadata?.resourceVersion) throw conflict(groupResourceOf(res), name);
    return this.store.commit(res, old, obj, opts);
  }

  private patch(
    res: ResourceDef,
    ns: string | undefined,
    name: string,
    req: IncomingMessage,
    body: string,
    q: URLSearchParams,
  ): [number, KubeObject] {
    const ct = baseType(req.headers['content-type']);
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
    const opts = writeOptions(q, req.headers['user-agent'], 'PatchOptions');
    const existing = this.store.get(res, ns, name);
    if (ct === APPLY_PATCH) return this.apply(res, ns, name, existing, body, opts, parseBool(forceParam) ?? false);
    if (!existing) throw notFound(groupResourceOf(res), name);
    let patch: unknown;
    try {
      patch = JSON.parse(body);
    } catch (e) {
      throw badRequest(`error decoding patch: ${(e as Error).message}`);
    }
    let patched: unknown;
    if (ct === JSON_PATCH) {
      const shape = jsonPatchShapeError(patch);
      if (shape) throw badRequest(shape);
      try {
        patched = applyJsonPatch(existing, patch as unknown[]);
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
      patched = ct === MERGE_PATCH ? applyMergePatch(existing, patch) : applyStrategicMergePatch(existing, patch);
    }
    if (!isObj(patched)) throw patchRejected();
    const obj = patched as KubeObject;
    this.checkTypeMeta(res, obj);
    const meta = metaOf(obj);
    if (meta.name !== name) throw badRequest(`the name of the object (${meta.name ?? ''}) does not match the name on the URL (${name})`);
    if (res.namespaced && meta.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    // A resourceVersion in the patched object is a precondition.
    if (meta.resourceVersion && meta.resourceVersion !== existing.metadata?.resourceVersion) throw conflict(groupResourceOf(res), name);
    return [200, this.store.commit(res, existing, obj, opts)];
  }

  private apply(
    res: ResourceDef,
    ns: string | undefined,
    name: string,
    existing: KubeObject | undefined,
    body: string,
    opts: WriteOptions,
    force: boolean,
  ): [number, KubeObject] {
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
    this.checkTypeMeta(res, applied);
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
      if (res.namespaced && ns !== undefined && !this.store.namespaceExists(ns)) throw notFound({ group: '', resource: 'namespaces' }, ns);
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
    const result = this.store.commit(res, existing, obj, { ...opts, managers: outcome.managers });
    return [existing ? 200 : 201, result];
  }

  private remove(res: ResourceDef, ns: string | undefined, name: string, body: string, q: URLSearchParams): unknown {
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
    const dryRun = dryRunValues.includes('All');
    const old = this.store.get(res, ns, name);
    if (!old) throw notFound(groupResourceOf(res), name);
    const pre = isObj(options.preconditions) ? options.preconditions : {};
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
      this.store.remove(res, ns, name, old);
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

  // ---- exec ----

  /** Looks up the pod and container of an exec request and checks its options (upstream's 404s and 400s). */
  private execTarget(
    ns: string,
    podName: string,
    q: URLSearchParams,
  ): { pod: KubeObject; container: string; command: string[]; stdin: boolean; stdout: boolean; stderr: boolean } {
    const pods = resourceByName('pods') as ResourceDef;
    const pod = this.store.get(pods, ns, podName);
    if (!pod) throw notFound(groupResourceOf(pods), podName);
    const stdin = parseBool(q.get('stdin')) ?? false;
    const stdout = parseBool(q.get('stdout')) ?? false;
    const stderr = parseBool(q.get('stderr')) ?? false;
    if (!stdin && !stdout && !stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
    const command = q.getAll('command');
    if (command.length === 0) throw badRequest('you must specify at least one command for the container');
    const spec = isObj(pod.spec) ? pod.spec : {};
    const names = (list: unknown): string[] =>
      Array.isArray(list) ? list.filter(isObj).map((c) => String(c.name ?? '')) : [];
    const containers = names(spec.containers);
    const all = [...containers, ...names(spec.initContainers), ...names(spec.ephemeralContainers)];
    let container = q.get('container') ?? '';
    if (container === '') {
      if (containers.length === 1) container = containers[0];
      else if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${podName}`);
      else {
        let msg = `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]`;
        const init = names(spec.initContainers);
        if (init.length > 0) msg += ` or one of the init containers: [${init.join(' ')}]`;
        throw badRequest(msg);
      }
    } else if (!all.includes(container)) {
      throw badRequest(`container ${container} is not valid for pod ${podName}`);
    }
    // Upstream: a pod not bound to a node has no kubelet to stream from. (A pod seeded Running without a nodeName,
    // as the stand-in's tests write them, counts as bound.)
    const status = isObj(pod.status) ? pod.status : {};
    if (!spec.nodeName && status.phase !== 'Running') throw badRequest(`pod ${podName} does not have a host assigned`);
    return { pod, container, command, stdin, stdout, stderr };
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rec = this.record(req, url, '', true);
    const reply = (code: number, body: unknown, headers: Record<string, string> = {}): void => {
      rec.status = code;
      const text = JSON.stringify(body);
      const lines = [
        `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(text)}`,
        'Connection: close',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.end(lines.join('\r\n') + '\r\n\r\n' + text);
    };
    try {
      const fault = this.takeFault(rec);
      if (fault && 'reset' in fault) {
        (socket as Socket).destroy();
        return;
      }
      if (fault && 'status' in fault) {
        const { body, headers } = this.faultResponse(fault);
        reply(fault.status, body, headers);
        return;
      }
      if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      const user = this.authenticate(req, rec);
      const route = routeOf(url.pathname, this.port);
      if (!route || route.type !== 'exec') throw pathNotFound();
      // An exec over WebSocket is an HTTP GET: authorized as `get` on pods/exec (kubernetes#78741; v1.35 checks
      // `create` too). This server answers as v1.33 does.
      this.authorizer.authorize(user, {
        verb: 'get',
        res: resourceByName('pods') as ResourceDef,
        subresource: 'exec',
        namespace: route.namespace,
        name: route.name,
      });
      const target = this.execTarget(route.namespace, route.name, url.searchParams);
      const offered = req.headers['sec-websocket-protocol'];
      const protocol = negotiate(offered, this.execProtocols);
      if (!protocol) {
        throw badRequest(
          `unable to upgrade: unable to negotiate protocol: client supports [${(offered ?? '').split(',').map((s) => s.trim()).join(' ')}], server supports [${this.execProtocols.join(' ')}]`,
        );
      }
      rec.status = 101;
      this.streams.serve(
        req,
        socket,
        head,
        protocol,
        target.stdin,
        (stdin) => this.runExec(route.namespace, target, protocol, stdin),
        (err) => this.errors.push(err),
      );
    } catch (err) {
      const se = this.statusFromError(err);
      reply(se.code, se.status, se.headers);
    }
  }

  private async runExec(
    ns: string,
    target: { pod: KubeObject; container: string; command: string[]; stdout: boolean; stderr: boolean },
    protocol: string,
    stdin: Buffer | undefined,
  ): Promise<ExecOutput> {
    const { pod, container, command } = target;
    const podName = pod.metadata?.name ?? '';
    const env = execEnv(pod, container, command);
    const entry = this.execHandlers.find(({ match }) => {
      if (match.namespace !== undefined && match.namespace !== ns) return false;
      if (match.container !== undefined && match.container !== container) return false;
      if (match.pod !== undefined && !(typeof match.pod === 'string' ? match.pod === podName : match.pod.test(podName))) return false;
      return true;
    });
    let out: ExecOutput;
    if (!entry) {
      out = {
        status: internalErrorStatus(
          `error executing command in container: no exec handler registered for ${ns}/${podName} container ${container}: [${command.join(' ')}]`,
        ),
      };
    } else {
      try {
        const r = await entry.handler(clone(pod), container, [...command], { ...env }, stdin);
        const code = r.exitCode ?? 0;
        out = {
          stdout: target.stdout ? r.stdout : undefined,
          stderr: target.stderr ? r.stderr : undefined,
          status: code === 0 ? successStatus() : exitCodeStatus(command, code),
        };
      } catch (err) {
        out = { status: internalErrorStatus(`error executing command in container: ${err instanceof Error ? err.message : String(err)}`) };
      }
    }
    const rec: ExecRecord = { namespace: ns, pod: podName, container, command, env, protocol, status: out.status };
    if (stdin !== undefined) rec.stdin = stdin.toString('utf8');
    this.execs.push(rec);
    return out;
  }
}

function execEnv(pod: KubeObject, container: string, command: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  const spec = isObj(pod.spec) ? pod.spec : {};
  const all = [spec.containers, spec.initContainers, spec.ephemeralContainers].flatMap((l) => (Array.isArray(l) ? l : []));
  const c = all.find((x) => isObj(x) && x.name === container);
  if (isObj(c) && Array.isArray(c.env)) {
    for (const e of c.env) if (isObj(e) && typeof e.name === 'string' && typeof e.value === 'string') env[e.name] = e.value;
  }
  if (command[0] === 'env' || command[0] === '/usr/bin/env') {
    for (const word of command.slice(1)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word);
      if (!m) break;
      env[m[1]] = m[2];
    }
  }
  return env;
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

export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  return new KubeApiServer(options).start();
}

/** Parses an ApiException body (client-node keeps it as the raw string) into a Status. */
export function statusOf(err: unknown): Status {
  const body = (err as { body?: unknown }).body;
  return (typeof body === 'string' ? JSON.parse(body) : body) as Status;
}
