/**
 * The connection to Kubernetes: a kubeconfig from a string (the action's secret input), a file (`--kubeconfig`),
 * `KUBECONFIG`, `~/.kube/config` or the in-cluster service account; and every failure turned into one clear
 * sentence (with the RBAC rule to add for a 403), never a stack trace and never the kubeconfig's content.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, RequestContext } from '@kubernetes/client-node';
import type { HttpMethod } from '@kubernetes/client-node';
import type { Cluster } from '@kubernetes/client-node';
import { makeSource } from '../../config/source.js';
import { parseYaml } from '../../config/yaml.js';
import { Redactor } from '../../core/redact.js';

export type ClusterErrorReason = 'kubeconfig' | 'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'not-found' | 'api';

export class ClusterError extends Error {
  constructor(
    message: string,
    readonly reason: ClusterErrorReason,
    readonly hint?: string,
    /** The HTTP status, for API answers. */
    readonly code?: number,
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}

export interface KubeconfigSource {
  /** Kubeconfig YAML text (the action input). */
  yaml?: string;
  /** How to name the text in messages, e.g. "input `kubeconfig`" (default "the kubeconfig"). */
  inputName?: string;
  /** A kubeconfig file (`--kubeconfig FILE`). */
  file?: string;
  /** Environment: `KUBECONFIG`, `HOME`, `KUBERNETES_SERVICE_HOST` (in-cluster). */
  env?: Record<string, string | undefined>;
  /** The context to use instead of the kubeconfig's current-context (`--context NAME`, as kubectl's). */
  context?: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Messages of client-node's kubeconfig parser that quote no content (field paths only). */
const SAFE_KUBECONFIG_ERROR = /^(?:(?:clusters|users|contexts)\[\d+\](?:\.[A-Za-z-]+)* is missing|Duplicate (?:cluster|user|context))/;

function kubeconfigError(name: string, message: string, hint?: string): ClusterError {
  return new ClusterError(`${name}: ${message}`, 'kubeconfig', hint);
}

/** Parse kubeconfig text into `kc`; errors name the input and the line, never the content. */
function loadText(kc: KubeConfig, text: string, name: string): void {
  const parsed = parseYaml(makeSource(name, text));
  const bad = parsed.diagnostics.find((d) => d.severity === 'error');
  if (bad) {
    throw kubeconfigError(name, `not valid YAML (line ${bad.line}, column ${bad.column})`,
      'Give the kubeconfig file itself (as `kubectl config view --raw --minify` prints it).');
  }
  const root = parsed.documents[0]?.root;
  if (!root || root.kind !== 'map') {
    throw kubeconfigError(name, 'not a kubeconfig (expected a mapping with clusters, users and contexts)');
  }
  try {
    kc.loadFromString(text);
  } catch (err) {
    const m = err instanceof Error ? err.message : '';
    const safe = SAFE_KUBECONFIG_ERROR.exec(m);
    throw kubeconfigError(name, safe ? `invalid kubeconfig: ${safe[0]}` : 'invalid kubeconfig');
  }
}

function checkCurrent(kc: KubeConfig, name: string): void {
  const current = kc.getCurrentContext();
  if (!current) throw kubeconfigError(name, 'has no current-context', 'Set `current-context` to the context to use.');
  const ctx = kc.getContextObject(current);
  if (!ctx) throw kubeconfigError(name, `current-context ${JSON.stringify(current)} is not one of its contexts`);
  const cluster = kc.getCluster(ctx.cluster);
  if (!cluster) throw kubeconfigError(name, `context ${JSON.stringify(current)} names cluster ${JSON.stringify(ctx.cluster)}, which it does not define`);
  if (!cluster.server) throw kubeconfigError(name, `cluster ${JSON.stringify(cluster.name)} has no server`);
}

function readKubeconfigFile(file: string, name: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw kubeconfigError(name, code === 'ENOENT' ? 'the file does not exist' : `cannot be read (${code ?? 'error'})`);
  }
}

/**
 * A KubeConfig from, in this order: `yaml`, `file`, `KUBECONFIG` (several files joined by the path delimiter are
 * merged, the first one's current-context wins), `~/.kube/config`, the in-cluster service account.
 */
export function loadKubeConfig(src: KubeconfigSource): KubeConfig {
  const env = src.env ?? {};
  const kc = new KubeConfig();
  let name: string;
  if (src.yaml !== undefined) {
    name = src.inputName ?? 'the kubeconfig';
    if (src.yaml.trim() === '') throw kubeconfigError(name, 'is empty');
    loadText(kc, src.yaml, name);
  } else if (src.file !== undefined) {
    name = src.inputName ?? `kubeconfig file ${src.file}`;
    loadText(kc, readKubeconfigFile(src.file, name), name);
    kc.makePathsAbsolute(path.dirname(path.resolve(src.file)));
  } else if (env.KUBECONFIG) {
    const files = env.KUBECONFIG.split(path.delimiter).filter((f) => f);
    name = `KUBECONFIG file ${files[0]}`;
    loadText(kc, readKubeconfigFile(files[0], name), name);
    kc.makePathsAbsolute(path.dirname(path.resolve(files[0])));
    for (const f of files.slice(1)) {
      if (!existsSync(f)) continue; // kubectl ignores missing files in KUBECONFIG after the first
      const more = new KubeConfig();
      loadText(more, readKubeconfigFile(f, `KUBECONFIG file ${f}`), `KUBECONFIG file ${f}`);
      more.makePathsAbsolute(path.dirname(path.resolve(f)));
      try {
        kc.mergeConfig(more, true);
      } catch {
        // Duplicates: kubectl keeps the first definition.
      }
    }
  } else if (env.HOME && existsSync(path.join(env.HOME, '.kube', 'config'))) {
    const file = path.join(env.HOME, '.kube', 'config');
    name = 'kubeconfig file ~/.kube/config';
    loadText(kc, readKubeconfigFile(file, name), name);
    kc.makePathsAbsolute(path.dirname(file));
  } else if (env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    name = 'in-cluster configuration';
    kc.loadFromCluster();
  } else {
    throw new ClusterError('no kubeconfig: nothing tells how to reach the cluster', 'kubeconfig',
      'Give the `kubeconfig` input (action) or `--kubeconfig FILE` (CLI), set KUBECONFIG, or run inside a pod with a service account.');
  }
  if (src.context !== undefined) {
    if (!kc.getContextObject(src.context)) {
      const names = kc.getContexts().map((c) => c.name);
      throw kubeconfigError(name, `has no context ${JSON.stringify(src.context)}`, names.length ? `Its contexts: ${names.join(', ')}.` : undefined);
    }
    kc.setCurrentContext(src.context);
  }
  checkCurrent(kc, name);
  oneConnectionPerCluster(kc);
  return kc;
}

type DispatcherFactory = (cluster: Cluster | null, agentOptions: Record<string, unknown>) => unknown;

/**
 * Every request of a run over one kept-alive connection. client-node builds a new HTTP agent (and so a new TLS
 * connection, with a new TLS context) for every request (kubernetes-client/javascript issue 2893): here the agent it
 * builds is kept, one per cluster, user and TLS settings, and reused by every API client made from `kc` (the typed
 * APIs, the watch, the access reviews). Its HTTP/2 (negotiated by ALPN, as kubectl's) then carries the concurrent
 * requests of a run (the reads of a plan, the dry runs) as streams of that one connection; a server that speaks only
 * HTTP/1.1 gets kept-alive connections, at most as many as requests in flight. The TLS settings are the kubeconfig's,
 * applied as client-node applies them; a credential plugin that returns another client certificate gets another agent.
 * exec's WebSocket is its own connection (an upgrade cannot share one).
 */
function oneConnectionPerCluster(kc: KubeConfig): void {
  const k = kc as unknown as { createDispatcher: DispatcherFactory };
  const make = k.createDispatcher.bind(kc);
  // Each request brings the settings anew (the CA decoded again): compared value by value, Buffers by content, with
  // the ones of the agents made (one, unless a credential plugin changes the client certificate).
  const made: Array<{ settings: unknown[]; dispatcher: unknown }> = [];
  const same = (a: unknown[], b: unknown[]): boolean =>
    a.length === b.length && a.every((v, i) => v === b[i] || (Buffer.isBuffer(v) && Buffer.isBuffer(b[i]) && v.equals(b[i])));
  k.createDispatcher = (cluster, agentOptions) => {
    const defined = Object.entries(agentOptions).filter(([, v]) => v !== undefined);
    // Without TLS settings client-node leaves the request to fetch's global agent (one connection per request in
    // flight, HTTP/1.1): the same settings fetch would use, made explicit, give it the shared agent too.
    const options = defined.length ? agentOptions : { rejectUnauthorized: process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0' };
    const settings = [cluster?.name, cluster?.server, cluster?.proxyUrl, ...Object.entries(options).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).flat()];
    let d = made.find((m) => same(m.settings, settings));
    if (d === undefined) made.push((d = { settings, dispatcher: make(cluster, options) }));
    return d.dispatcher;
  };
}

/** A write of the bulk steps (ConfigMaps, nodes) and its dry run, sent by ClusterClient.send. */
export interface JsonRequest {
  method: 'POST' | 'PATCH';
  /** The path and query under the server's URL: `/api/v1/namespaces/ns/configmaps?fieldManager=pool-reconciler`. */
  path: string;
  body: unknown;
  /** `application/json` unless given: a patch names its kind (`application/merge-patch+json`, `application/json-patch+json`). */
  contentType?: string;
}

/** What ClusterClient.send needs of the dispatcher client-node made (undici's Agent or ProxyAgent). */
interface RequestDispatcher {
  request(options: { origin: string; path: string; method: string; headers: Record<string, string>; body: string; signal?: AbortSignal }): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: { text(): Promise<string> };
  }>;
}

/**
 * One JSON request over the run's connection, without client-node's typed layer: its fetch (WHATWG streams, a
 * Request and a Response per call) and its model (de)serializer took most of the tool's CPU in a first apply of a
 * thousand ConfigMaps (about 0.8 ms a request, on the cores the API server needs: `npm run bench`). The
 * authentication is client-node's own (applySecurityAuthentication: the token, an exec plugin's, basic auth, the
 * client certificate in the dispatcher) and the connection the shared one (oneConnectionPerCluster). It fails as
 * client-node's calls fail, with an ApiException carrying the status, the body as text and the headers, so that
 * `call` retries and translates it alike. The answer's body is not read into objects: the writes need its status only.
 */
async function sendJson(kc: KubeConfig, server: URL, req: JsonRequest, signal?: AbortSignal): Promise<{ status: number }> {
  const path = server.pathname.replace(/\/$/, '') + req.path;
  const ctx = new RequestContext(server.origin + path, req.method as HttpMethod);
  await kc.applySecurityAuthentication(ctx);
  const headers = { ...ctx.getHeaders(), 'content-type': req.contentType ?? 'application/json', accept: 'application/json' };
  const body = JSON.stringify(req.body);
  const dispatcher = ctx.getDispatcher() as RequestDispatcher | undefined;
  let status: number;
  let text: string;
  let answered: Record<string, string>;
  if (dispatcher) {
    const r = await dispatcher.request({ origin: server.origin, path, method: req.method, headers, body, ...(signal ? { signal } : {}) });
    status = r.statusCode;
    text = await r.body.text();
    answered = Object.fromEntries(Object.entries(r.headers).filter((e): e is [string, string | string[]] => e[1] !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
  } else {
    // No TLS settings and no proxy: client-node leaves the request to fetch's own agent, and so does this.
    const r = await fetch(server.origin + path, { method: req.method, headers, body, ...(signal ? { signal } : {}) });
    status = r.status;
    text = await r.text();
    answered = Object.fromEntries(r.headers);
  }
  if (status === 401) throw new ApiException(401, 'Unauthorized', undefined, answered);
  if (status < 200 || status > 299) throw new ApiException(status, 'Unknown API Status Code!', text, answered);
  return { status };
}

export interface ClusterClient {
  core: CoreV1Api;
  apps: AppsV1Api;
  /** One write (or its dry run) without the typed layer: see sendJson. `signal` aborts it (call's time limit). */
  send(req: JsonRequest, signal?: AbortSignal): Promise<{ status: number }>;
  /** `scheme://host:port` of the API server (for messages). */
  server: string;
  /** Per-request time limit. */
  timeoutMs: number;
  /** Retries of a read after 429, 5xx or a reset connection. */
  retries: number;
  /** Requests sent (attempts included), for benchmarks and tests. */
  requests: number;
  /**
   * Takes the kubeconfig's credentials out of text the API server sent back (a Status message that echoes the
   * request, Authorization header included). Set by makeClusterClient.
   */
  redact?: (text: string) => string;
}

/** The secrets of a kubeconfig's users: tokens, passwords, client keys, auth-provider tokens and secrets. */
export function kubeconfigCredentials(kc: KubeConfig): string[] {
  const out: string[] = [];
  for (const u of kc.getUsers()) {
    for (const v of [u.token, u.password, u.keyData]) if (v) out.push(v);
    const config = (u.authProvider as { config?: Record<string, unknown> } | undefined)?.config ?? {};
    for (const [k, v] of Object.entries(config)) if (typeof v === 'string' && /token|secret|password/i.test(k)) out.push(v);
  }
  return out;
}

export function makeClusterClient(kc: KubeConfig, options: { timeoutMs?: number; retries?: number } = {}): ClusterClient {
  const cluster = kc.getCurrentCluster();
  let server = cluster?.server ?? '';
  try {
    server = new URL(server).origin;
  } catch {
    // keep as written
  }
  const credentials = new Redactor(kubeconfigCredentials(kc));
  let base: URL | undefined;
  try {
    base = new URL(cluster?.server ?? '');
  } catch {
    // said when a request is sent, as client-node's own calls say it
  }
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    send: (req, signal) => (base ? sendJson(kc, base, req, signal) : Promise.reject(new ClusterError(`the kubeconfig's server ${JSON.stringify(server)} is not a URL`, 'kubeconfig'))),
    server,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 2,
    requests: 0,
    redact: (text) => credentials.redact(text),
  };
}

/** What a request does, in RBAC terms (for messages). */
export interface RequestInfo {
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
  /** Resource plural: `secrets`, `configmaps`, `nodes`, `deployments`, ... */
  resource: string;
  /** API group: "" for core, `apps`. */
  group: string;
  namespace?: string;
  name?: string;
}

export function describeRequest(info: RequestInfo): string {
  const what = info.name ? `${info.resource.replace(/s$/, '')} ${JSON.stringify(info.name)}` : info.resource;
  const where = info.namespace ? ` in namespace ${JSON.stringify(info.namespace)}` : info.resource === 'nodes' || info.resource === 'namespaces' ? '' : ' at cluster scope';
  return `${info.verb} ${what}${where}`;
}

/** The RBAC rule that grants a request, as one line of YAML flow style. */
export function rbacRule(info: RequestInfo): string {
  const cluster = info.resource === 'nodes' || (!info.namespace && info.resource !== 'namespaces');
  const holder = cluster
    ? 'a ClusterRole (bound with a ClusterRoleBinding)'
    : `a Role in namespace ${JSON.stringify(info.namespace ?? info.name ?? '')} (bound with a RoleBinding there)`;
  // resourceNames cannot restrict list, watch or the create of a new object (its name is not known to RBAC then).
  const named = info.verb !== 'list' && info.verb !== 'watch' && (info.verb !== 'create' || info.resource.includes('/'));
  const names = named && info.name ? `, resourceNames: [${JSON.stringify(info.name)}]` : '';
  return `Add this rule to ${holder} for the credentials in use: {apiGroups: [${JSON.stringify(info.group)}], resources: [${JSON.stringify(info.resource)}], verbs: [${JSON.stringify(info.verb)}]${names}}`;
}

function statusMessage(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const s = JSON.parse(body) as { message?: unknown };
    return typeof s.message === 'string' ? s.message : undefined;
  } catch {
    return undefined;
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'name resolution failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer not trusted',
  CERT_HAS_EXPIRED: 'certificate expired',
  ERR_TLS_CERT_ALTNAME_INVALID: "the certificate does not name the server's host",
};

/** The first string `code` along an error's `cause` chain (undici puts the socket error under `cause`). */
export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * One clear ClusterError for any failure of a request. `redact` (the client's) is applied to what the server or the
 * HTTP stack said, which can echo the request and its credentials.
 */
export function translateError(err: unknown, info: RequestInfo, server: string, redact: (text: string) => string = (t) => t): ClusterError {
  if (err instanceof ClusterError) return err;
  const what = describeRequest(info);
  if (err instanceof ApiException) {
    const code = err.code;
    const said = statusMessage(err.body);
    const msg = said === undefined ? undefined : redact(said);
    if (code === 401) {
      return new ClusterError(`the API server at ${server} rejected the credentials (401 Unauthorized) to ${what}`, 'unauthorized',
        "The kubeconfig's token or client certificate is not valid (expired or revoked?): renew it.", 401);
    }
    if (code === 403) {
      return new ClusterError(`forbidden to ${what}${msg ? ` (the API server says: ${msg})` : ''}`, 'forbidden', rbacRule(info), 403);
    }
    if (code === 404) {
      return new ClusterError(`cannot ${what}: not found${msg ? ` (${msg})` : ''}`, 'not-found', undefined, 404);
    }
    return new ClusterError(`cannot ${what}: the API server answered ${code}${msg ? `: ${msg}` : ''}`, 'api', undefined, code);
  }
  const net = errorCode(err);
  if (net || (err instanceof TypeError && /fetch failed/.test(err.message))) {
    const why = net ? `${NETWORK_CODES[net] ?? 'network error'} (${net})` : 'network error';
    return new ClusterError(`cannot reach the Kubernetes API server at ${server}: ${why}`, 'unreachable',
      "Check the kubeconfig's server address, that the cluster is up, and that this runner can reach it.");
  }
  const first = redact(err instanceof Error ? err.message.split('\n')[0] : String(err));
  return new ClusterError(`cannot ${what}: ${first}`, 'api');
}

function retryable(err: unknown): number | undefined {
  if (err instanceof ApiException) {
    if (![429, 500, 502, 503, 504].includes(err.code)) return undefined;
    const after = Number(err.headers?.['retry-after'] ?? err.headers?.['Retry-After']);
    return Number.isFinite(after) && after > 0 ? Math.min(after, 5) * 1000 : 0;
  }
  const net = errorCode(err);
  return net === 'ECONNRESET' || net === 'UND_ERR_SOCKET' ? 0 : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Run one read with a time limit and a few retries on transient failures; failures become ClusterErrors.
 * `notFound` makes a 404 resolve to that value instead of failing.
 */
export async function read<T, N = never>(
  client: ClusterClient,
  info: RequestInfo,
  call: () => Promise<T>,
  notFound?: { value: N },
): Promise<T | N> {
  for (let attempt = 0; ; attempt++) {
    client.requests++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ClusterError(`no answer from the Kubernetes API server at ${client.server} within ${client.timeoutMs < 1000 ? `${client.timeoutMs} ms` : `${Math.round(client.timeoutMs / 1000)} s`} to ${describeRequest(info)}`, 'timeout')),
          client.timeoutMs,
        );
        timer.unref?.();
      });
      return await Promise.race([call(), timeout]);
    } catch (err) {
      if (notFound && err instanceof ApiException && err.code === 404) return notFound.value;
      const wait = retryable(err);
      if (wait !== undefined && attempt < client.retries) {
        await sleep(wait || 200 * 2 ** attempt);
        continue;
      }
      throw translateError(err, info, client.server, client.redact);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
