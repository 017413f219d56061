// A loopback Kubernetes API server for tests. The real @kubernetes/client-node talks to it over HTTP on
// 127.0.0.1. It keeps Kubernetes' documented wire behaviour for what the project uses: Status bodies,
// resourceVersion conflicts, the four patch types, server-side apply with managedFields, dryRun, Secret
// data/stringData, label and field selectors, Node validation and the pods/exec WebSocket stream.
// It adds what tests need: seeding, write hooks, exec handlers, fault injection and a request log.
//
// This file is the server as its users see it: the HTTP(S) server, the request log and the faults, and the wiring
// of each request through the router (kube-apiserver/router.ts), authentication and authorization (auth.ts) to the
// verbs (handlers.ts, watch.ts, pod-exec.ts) on the object store (store.ts), whose writes pass admission
// (admission.ts).

import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES, createServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type AdmissionHook, AdmissionControl, AdmissionNeeded } from './kube-apiserver/admission.js';
import { Authorizer, type ForbiddenRule, type RbacRule } from './kube-apiserver/auth.js';
import { type ControllerOptions, rolloutStatus, startControllers } from './kube-apiserver/controllers.js';
import { CHANNEL_PROTOCOLS, ExecStreams, negotiate } from './kube-apiserver/exec.js';
import { type VerbRequest, createObject, deleteObject, getObject, listObjects, patchObject, updateObject } from './kube-apiserver/handlers.js';
import type { KubeObject } from './kube-apiserver/objects.js';
import { type ExecHandler, ExecHandlers, type ExecMatch, type ExecRecord, execTarget } from './kube-apiserver/pod-exec.js';
import { clone, deepEqual, isObj } from './kube-apiserver/patch.js';
import { type ResourceDef, resourceByName } from './kube-apiserver/resources.js';
import { type Route, baseType, decodablePath, parseBool, queryRecord, routeOf } from './kube-apiserver/router.js';
import {
  type Status,
  StatusError,
  badRequest,
  genericStatus,
  internalError,
  methodNotAllowed,
  pathNotFound,
  PATCH_REJECTED_MESSAGE,
} from './kube-apiserver/status.js';
import { ObjectStore, type WriteEvent } from './kube-apiserver/store.js';
import { serveWatch } from './kube-apiserver/watch.js';

export type { AdmissionHook } from './kube-apiserver/admission.js';
export type { ForbiddenRule, RbacRule } from './kube-apiserver/auth.js';
export { rolloutStatus } from './kube-apiserver/controllers.js';
export type { ExecStreamStatus } from './kube-apiserver/exec.js';
export type { KubeObject, ObjectMeta } from './kube-apiserver/objects.js';
export type { ExecHandler, ExecMatch, ExecRecord, ExecResult } from './kube-apiserver/pod-exec.js';
export type { Status, StatusCause, StatusDetails } from './kube-apiserver/status.js';
export type { WriteEvent } from './kube-apiserver/store.js';

// ---------------------------------------------------------------------------------------------------
// Public types

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

export type WriteHook = (event: WriteEvent, server: KubeApiServer) => void;

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
// The server

const SEEDED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

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
  private readonly store: ObjectStore = new ObjectStore(this.admissionControl, (event) => this.callWriteHooks(event));
  private readonly faults: ActiveFault[] = [];
  private readonly hooks: WriteHook[] = [];
  private readonly execHandlers = new ExecHandlers(this.execs);
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
   * replicas ready), and a StatefulSet's pods are labelled with its update revision. Returns an unsubscribe.
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
        if (e.kind === 'StatefulSet') {
          // Every pod now runs the update revision: the label the StatefulSet controller puts on the pods it makes.
          const match = ((cur.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels) ?? {};
          for (const p of this.list('Pod', e.namespace)) {
            const labels = p.metadata?.labels ?? {};
            if (!Object.keys(match).length || !Object.entries(match).every(([k, v]) => labels[k] === v)) continue;
            if (labels['controller-revision-hash'] !== status.updateRevision) this.put({ ...p, metadata: { ...p.metadata, labels: { ...labels, 'controller-revision-hash': String(status.updateRevision) } } });
          }
        }
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
    return this.execHandlers.add(handler, match);
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

  // ---- internals: kinds and write hooks ----

  private resource(kind: string): ResourceDef {
    const res = resourceByName(kind);
    if (!res) throw new Error(`unknown kind ${kind}`);
    return res;
  }

  /** Tells the write hooks of a write through the API. */
  private callWriteHooks(event: WriteEvent): void {
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

  /**
   * Acts on the fault injected for a request, if one fires: a reset or an answer ends the request (`'done'`); a delay
   * is returned for the caller to wait out.
   */
  private actOnFault(rec: RequestRecord, reset: () => void, answer: (code: number, body: unknown, headers: Record<string, string>) => void): 'done' | { delayMs: number } | undefined {
    const fault = this.takeFault(rec);
    if (fault && 'reset' in fault) {
      reset();
      return 'done';
    }
    if (fault && 'status' in fault) {
      const headers: Record<string, string> = { ...(fault.status === 429 ? { 'Retry-After': '1' } : {}), ...(fault.headers ?? {}) };
      answer(fault.status, fault.body ?? genericStatus(fault.status), headers);
      return 'done';
    }
    return fault;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rec = this.record(req, url, body, false);
    if (!decodablePath(url.pathname)) {
      // net/http's own answer to a request line it cannot parse: plain text, before any handler runs.
      rec.status = 400;
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('400 Bad Request');
      return;
    }
    try {
      const fault = this.actOnFault(rec, () => req.socket.destroy(), (code, fb, headers) => this.send(res, rec, code, fb, headers));
      if (fault === 'done') return;
      if (fault) await new Promise((r) => setTimeout(r, fault.delayMs));
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
        serveWatch(this.store, res, rec, route.res, route.namespace, url.searchParams);
        return;
      }
      let result: [number, unknown];
      try {
        result = this.dispatch(rec.method, route, user, url.searchParams, req, body);
      } catch (err) {
        if (!(err instanceof AdmissionNeeded)) throw err;
        // Validating admission webhooks, then the same request again with their verdict (nothing was stored yet).
        const verdict = await this.admissionControl.callWebhooks(err, user);
        result = this.admissionControl.withVerdict(verdict, err.request.object, () => this.dispatch(rec.method, route, user, url.searchParams, req, body));
      }
      const [code, out] = result;
      this.send(res, rec, code, out);
    } catch (err) {
      const se = this.statusFromError(err);
      this.send(res, rec, se.code, se.status, se.headers);
    }
  }

  /** Authorizes a request and answers it with its verb's handler: the status code and the body. */
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
      execTarget(this.store, route.namespace, route.name, q);
      throw badRequest('Upgrade request required');
    }
    const { res, namespace } = route;
    const parts: VerbRequest = { res, namespace, query: q, body, contentType: req.headers['content-type'], userAgent: req.headers['user-agent'] };
    if (route.type === 'collection') {
      if (method === 'GET') {
        const watch = parseBool(q.get('watch'));
        this.authorizer.authorize(user, { verb: watch ? 'watch' : 'list', res, namespace });
        if (watch) throw methodNotAllowed();
        return [200, listObjects(this.store, parts)];
      }
      if (method === 'POST') {
        this.authorizer.authorize(user, { verb: 'create', res, namespace });
        return [201, createObject(this.store, parts)];
      }
      throw methodNotAllowed();
    }
    const name = route.name;
    const ns = res.plural === 'namespaces' ? name : namespace;
    switch (method) {
      case 'GET':
        this.authorizer.authorize(user, { verb: 'get', res, namespace: ns, name });
        return [200, getObject(this.store, { ...parts, name })];
      case 'PUT':
        this.authorizer.authorize(user, { verb: 'update', res, namespace: ns, name });
        return [200, updateObject(this.store, { ...parts, name })];
      case 'PATCH':
        this.authorizer.authorize(user, { verb: 'patch', res, namespace: ns, name });
        return patchObject(this.store, { ...parts, name });
      case 'DELETE':
        this.authorizer.authorize(user, { verb: 'delete', res, namespace: ns, name });
        return [200, deleteObject(this.store, { ...parts, name })];
      default:
        throw methodNotAllowed();
    }
  }

  // ---- pods/exec: the WebSocket upgrade ----

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
      const fault = this.actOnFault(rec, () => (socket as Socket).destroy(), reply);
      if (fault === 'done') return;
      if (fault) await new Promise((r) => setTimeout(r, fault.delayMs));
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
      const target = execTarget(this.store, route.namespace, route.name, url.searchParams);
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
        (stdin) => this.execHandlers.run(route.namespace, target, protocol, stdin),
        (err) => this.errors.push(err),
      );
    } catch (err) {
      const se = this.statusFromError(err);
      reply(se.code, se.status, se.headers);
    }
  }
}

export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  return new KubeApiServer(options).start();
}

/** Parses an ApiException body (client-node keeps it as the raw string) into a Status. */
export function statusOf(err: unknown): Status {
  const body = (err as { body?: unknown }).body;
  return (typeof body === 'string' ? JSON.parse(body) : body) as Status;
}
