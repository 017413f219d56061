/**
 * The config refresh: client-node's `Exec` (the v5/v4 channel protocol) in a Nodepool pod, stdout and stderr
 * collected, the exit code read from the status channel, under a time limit; and the choice of the pods to run it in
 * (running, ready, of the current template: never a pod an unfinished rollout is about to replace).
 */
import { Writable } from 'node:stream';
import { Exec } from '@kubernetes/client-node';
import type { CoreV1Api, V1Pod, V1Status } from '@kubernetes/client-node';
import { ClusterError, rbacRule, translateError } from './client.js';
import type { ClusterClient, RequestInfo } from './client.js';
import { call, classifyFailure, retryDelay, sleep } from './retry.js';
import type { ApplyContext } from './apply-context.js';
import { secondsText } from './rollout.js';


export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
}

export interface ExecResult {
  /** 0 on success; -1 when the status carried no exit code (the command could not be started, ...). */
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The status channel's message, on failure. */
  message?: string;
}

/** Keeps the last `limit` bytes written. */
class TailBuffer extends Writable {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.chunks.push(Buffer.from(chunk));
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) this.size -= (this.chunks.shift() as Buffer).length;
    cb();
  }
  text(): string {
    const all = Buffer.concat(this.chunks);
    return (all.length > this.limit ? all.subarray(all.length - this.limit) : all).toString('utf8');
  }
}

function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const n = cause?.message !== undefined ? Number(cause.message) : NaN;
  return Number.isInteger(n) ? n : -1;
}

interface WsLike {
  close(): void;
  terminate?: () => void;
  on?: (event: string, listener: (...args: unknown[]) => void) => void;
  addEventListener?: (event: string, listener: (...args: unknown[]) => void) => void;
}

/**
 * Runs a command in a container through the exec API and waits for its exit status, up to `timeoutMs`. Failing to
 * connect (a 5xx or 429 on the upgrade, a reset) is retried; once the stream is open it is not (the command may have
 * run). Resolves with the exit code and output; rejects (ClusterError) when the stream could not be opened or ended
 * without a status.
 * Long because one exec's WebSocket events (stdout, stderr, status, close, timeout) share its state and must end the
 * promise exactly once.
 */
export async function execInPod(ctx: ApplyContext, target: ExecTarget, options: { timeoutMs: number }): Promise<ExecResult> {
  const { client } = ctx;
  const info: RequestInfo = { verb: 'create', resource: 'pods/exec', group: '', namespace: target.namespace, name: target.pod };
  const attempts = Math.max(1, ctx.retry.attempts ?? 5);
  for (let attempt = 1; ; attempt++) {
    client.requests++;
    const out = new TailBuffer(64 * 1024);
    const err = new TailBuffer(64 * 1024);
    let opened = false;
    try {
      return await new Promise<ExecResult>((resolve, reject) => {
        let settled = false;
        let ws: WsLike | undefined;
        const finish = (f: () => void): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          f();
        };
        const timer = setTimeout(() => {
          finish(() => reject(new ClusterError(
            opened
              ? `the command did not finish within ${secondsText(options.timeoutMs)} in pod ${target.namespace}/${target.pod} (container ${target.container})`
              : `no answer from the Kubernetes API server at ${client.server} within ${secondsText(options.timeoutMs)} to exec in pod ${target.namespace}/${target.pod}`,
            'timeout')));
          try {
            if (ws) (ws.terminate ?? ws.close).call(ws);
          } catch {
            // already closed
          }
        }, options.timeoutMs);
        timer.unref?.();
        new Exec(ctx.kc)
          .exec(target.namespace, target.pod, target.container, target.command, out, err, null, false, (status: V1Status) => {
            finish(() => resolve({
              exitCode: exitCodeOf(status),
              stdout: out.text(),
              stderr: err.text(),
              ...(status.status !== 'Success' && status.message ? { message: status.message } : {}),
            }));
          })
          .then((socket) => {
            const s = socket as unknown as WsLike;
            if (settled) {
              // Timed out before the stream opened: do not leave it running.
              try {
                s.close();
              } catch {
                // ignore
              }
              return;
            }
            opened = true;
            ws = s;
            const onClose = (): void => {
              // The status arrives before the close; give the callback a moment in case both are queued.
              setTimeout(() => finish(() => reject(new ClusterError(
                `the exec stream to pod ${target.namespace}/${target.pod} (container ${target.container}) closed without an exit status`, 'api'))), 20);
            };
            if (s.on) s.on('close', onClose);
            else s.addEventListener?.('close', onClose);
          })
          .catch((e: unknown) => finish(() => reject(unwrapEvent(e))));
      });
    } catch (e) {
      if (opened || e instanceof ClusterError) {
        if (e instanceof ClusterError && e.reason === 'timeout' && !opened) {
          if (attempt >= attempts) throw new ClusterError(`${e.message} (gave up after ${attempts} tries)`, e.reason, e.hint, e.code);
          const delay = retryDelay(attempt, { kind: 'timeout', retryable: true, reason: e.message }, ctx.retry);
          ctx.retry.onRetry?.({ attempt, attempts, delayMs: delay, reason: e.message, what: `exec in pod ${target.pod}` });
          await (ctx.retry.sleep ?? sleep)(delay);
          continue;
        }
        throw e;
      }
      // Refused before the stream opened, the command did not run: a 409 (nothing to re-read for an exec) is
      // retried like the transient failures.
      const classified = classifyFailure(e);
      const failure = classified.kind === 'conflict' ? { ...classified, retryable: true } : classified;
      if (failure.retryable && attempt < attempts) {
        const delay = retryDelay(attempt, failure, ctx.retry);
        ctx.retry.onRetry?.({ attempt, attempts, delayMs: delay, reason: failure.reason, what: `exec in pod ${target.pod}` });
        await (ctx.retry.sleep ?? sleep)(delay);
        continue;
      }
      throw execConnectError(e, failure.status, info, client, failure.retryable ? attempts : 0);
    }
  }
}

/** The `ws` package rejects with an ErrorEvent (`{type, message, error}`), not an Error: get the Error out of it. */
function unwrapEvent(e: unknown): unknown {
  if (e instanceof Error || !e || typeof e !== 'object') return e;
  const inner = (e as { error?: unknown }).error;
  if (inner instanceof Error) return inner;
  const msg = (e as { message?: unknown }).message;
  return new Error(typeof msg === 'string' && msg ? msg : 'the exec connection failed');
}

function execConnectError(e: unknown, status: number | undefined, info: RequestInfo, client: ClusterClient, gaveUpAfter: number): ClusterError {
  const suffix = gaveUpAfter > 1 ? ` (gave up after ${gaveUpAfter} tries)` : '';
  const where = `pod ${JSON.stringify(info.name ?? '')} in namespace ${JSON.stringify(info.namespace ?? '')}`;
  if (status === 403) return new ClusterError(`forbidden to exec in ${where}`, 'forbidden', rbacRule(info), 403);
  if (status === 404) return new ClusterError(`cannot exec in ${where}: not found${suffix}`, 'not-found', undefined, 404);
  if (status !== undefined) return new ClusterError(`cannot exec in ${where}: the API server answered ${status}${suffix}`, 'api', undefined, status);
  const c = translateError(e, info, client.server, client.redact);
  return new ClusterError(`${c.message}${suffix}`, c.reason, c.hint, c.code);
}

export interface PodChoice {
  pod: string;
  /** Every usable pod (running, ready, of the current template), newest first; `pod` is the first. */
  pods: string[];
  /** Pods passed over (terminating, not running, container not ready, of an older ReplicaSet), for the progress line. */
  skipped: string[];
  /** The container's literal `CONFIG_REPO_SET` (sf-operator sets TRUE when the deployment has a config repo). */
  configRepoSet?: string;
}

function containerReady(p: V1Pod, container: string): boolean {
  return (p.status?.containerStatuses ?? []).some((c) => c.name === container && c.ready === true);
}

function podState(p: V1Pod, container: string, hash?: string, revision?: string): string {
  if (p.metadata?.deletionTimestamp) return 'terminating';
  if (hash !== undefined && p.metadata?.labels?.['pod-template-hash'] !== hash) return 'of an older ReplicaSet';
  if (revision !== undefined && p.metadata?.labels?.['controller-revision-hash'] !== revision) return `of an older revision than ${revision}`;
  const phase = p.status?.phase ?? 'unknown phase';
  if (phase !== 'Running') return phase.toLowerCase();
  return containerReady(p, container) ? 'running' : `running, container ${container} not ready`;
}

function envOf(p: V1Pod, container: string, name: string): string | undefined {
  const c = (p.spec?.containers ?? []).find((x) => x.name === container);
  const e = (c?.env ?? []).find((x) => x.name === name);
  if (!e) return undefined;
  return e.value ?? (e.valueFrom ? '(from a reference)' : '');
}

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/**
 * The `pod-template-hash` of a Deployment's current ReplicaSet: the one it owns whose revision annotation is the
 * Deployment's (what the Deployment controller writes on both). Undefined while the controller has not made it.
 */
async function currentTemplateHash(ctx: ApplyContext, namespace: string, deployment: string, selector: string): Promise<string | undefined> {
  const { client } = ctx;
  const d = await call(client, { verb: 'get', resource: 'deployments', group: 'apps', namespace, name: deployment }, (o) =>
    client.apps.readNamespacedDeployment({ name: deployment, namespace }, o), ctx.retry);
  const revision = d.metadata?.annotations?.[REVISION_ANNOTATION];
  if (revision === undefined) return undefined;
  const list = await call(client, { verb: 'list', resource: 'replicasets', group: 'apps', namespace }, (o) =>
    client.apps.listNamespacedReplicaSet({ namespace, labelSelector: selector }, o), ctx.retry);
  const rs = list.items.find((r) =>
    (r.metadata?.ownerReferences ?? []).some((ref) => ref.uid === d.metadata?.uid && ref.controller) &&
    r.metadata?.annotations?.[REVISION_ANNOTATION] === revision);
  return rs?.metadata?.labels?.['pod-template-hash'];
}

/**
 * The pod to exec in: Running, not terminating, with the container ready. By name (the builder's StatefulSet pod),
 * or, for a Deployment's pods (the launcher), one of its current ReplicaSet's (mid-rollout the selector also
 * matches the old pods, terminating or not yet). Waits, polling, up to `waitMs` for one.
 */
export async function choosePod(
  ctx: ApplyContext,
  where: { namespace: string; container: string; name?: string; selector?: string; deployment?: string; statefulSet?: string },
  options: { waitMs: number; pollMs?: number },
): Promise<PodChoice> {
  const { client } = ctx;
  const core: CoreV1Api = client.core;
  const start = Date.now();
  const pollMs = options.pollMs ?? 2_000;
  let said = false;
  for (;;) {
    let pods: V1Pod[];
    let hash: string | undefined;
    let revision: string | undefined;
    let noReplicaSet = false;
    if (where.selector) {
      if (where.deployment) {
        hash = await currentTemplateHash(ctx, where.namespace, where.deployment, where.selector);
        noReplicaSet = hash === undefined;
      }
      const list = await call(client, { verb: 'list', resource: 'pods', group: '', namespace: where.namespace }, (o) =>
        core.listNamespacedPod({ namespace: where.namespace, labelSelector: where.selector }, o), ctx.retry);
      pods = list.items;
    } else {
      const name = where.name ?? '';
      const p = await call(client, { verb: 'get', resource: 'pods', group: '', namespace: where.namespace, name }, (o) =>
        core.readNamespacedPod({ name, namespace: where.namespace }, o), { ...ctx.retry, notFound: { value: undefined } });
      pods = p ? [p as V1Pod] : [];
      if (where.statefulSet) {
        // Only a pod of the StatefulSet's current revision: never one an unfinished rollout is about to replace.
        const sts = await call(client, { verb: 'get', resource: 'statefulsets', group: 'apps', namespace: where.namespace, name: where.statefulSet }, (o) =>
          client.apps.readNamespacedStatefulSet({ name: where.statefulSet ?? '', namespace: where.namespace }, o), { ...ctx.retry, notFound: { value: undefined } });
        revision = sts?.status?.updateRevision;
      }
    }
    const usable = noReplicaSet
      ? []
      : pods
        .filter((p) => podState(p, where.container, hash, revision) === 'running')
        .sort((a, b) => created(b) - created(a) || cmp(a.metadata?.name ?? '', b.metadata?.name ?? ''));
    const skipped = pods.filter((p) => !usable.includes(p)).map((p) => `${p.metadata?.name ?? ''} (${podState(p, where.container, hash, revision)})`);
    if (usable.length) {
      const configRepoSet = envOf(usable[0], where.container, 'CONFIG_REPO_SET');
      return { pod: usable[0].metadata?.name ?? '', pods: usable.map((p) => p.metadata?.name ?? ''), skipped, ...(configRepoSet !== undefined ? { configRepoSet } : {}) };
    }
    const what = where.selector
      ? `pod with label ${where.selector}${where.deployment ? ` of Deployment ${where.deployment}'s current ReplicaSet` : ''}`
      : `pod ${where.name ?? ''}`;
    const waited = Date.now() - start;
    if (waited >= options.waitMs) {
      const seen = noReplicaSet ? `; Deployment ${where.deployment ?? ''} has no current ReplicaSet` : skipped.length ? `; seen: ${skipped.join(', ')}` : '; none exists';
      throw new ClusterError(`no running ${what} with container ${where.container} ready in namespace ${JSON.stringify(where.namespace)} after ${secondsText(waited)}${seen}`, 'not-found');
    }
    if (!said) {
      said = true;
      ctx.progress(`exec: waiting for a running ${what} with container ${where.container} ready in namespace ${where.namespace}${skipped.length ? ` (${skipped.join(', ')})` : ''}`);
    }
    await sleep(Math.max(1, Math.min(pollMs, options.waitMs - waited)));
  }
}

const created = (p: V1Pod): number => {
  const t = p.metadata?.creationTimestamp as unknown;
  return t instanceof Date ? t.getTime() : typeof t === 'string' ? Date.parse(t) || 0 : 0;
};
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

