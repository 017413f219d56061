/**
 * The step executors of apply: each writes one kind of object the way ARCHITECTURE.md ("What apply changes") says,
 * touching only the fields the reconciler owns, under one field manager, through `call` (bounded retries of
 * transient failures). Every write here is safe to repeat, so a retried or re-run step converges.
 *
 * - Secret: a JSON merge patch (RFC 7386) of `data` with only the managed keys given; created when absent.
 *   Why merge patch and not server-side apply: under SSA a key this manager applied once and does not apply again
 *   (its GitHub secret left unset on a later run) would be DELETED, while "keys it does not manage stay" and the plan
 *   never removes a key; and a key first written by `kubectl apply` or `sf-operator nodepool create` (other
 *   managers) would conflict and need `force`, silently taking ownership of it. A merge patch sets exactly the
 *   given keys, leaves every other key alone, and is still recorded in managedFields under `pool-reconciler`.
 * - Rollout: a merge patch of the pod-template annotation, then one GET and a watch of the workload (by name, from
 *   the resourceVersion read) until the controller reports the rollout done by kubectl's rules, with a progress line
 *   every few seconds. A watch the server refuses (no `watch` permission, or a server without watch) or that fails
 *   falls back to polling GETs and says so; a watch the server or the client's inactivity limit closes is reopened
 *   from the last resourceVersion seen.
 * - Config refresh: client-node's `Exec` (the v5/v4 channel protocol), stdout and stderr collected, the exit code
 *   read from the status channel, under a time limit; the launcher pod is chosen by label, skipping terminating ones.
 * - ConfigMaps: created with the owned keys and labels, or a merge patch of only those.
 * - Nodes: never a typed read-and-PUT (it would drop every field the client's model does not know). A JSON patch
 *   of only what changes, computed by the same function as the plan (`poolOnNode`), from the node as observed, with
 *   the resourceVersion observed as a precondition: one request per changed node; a 409 means someone wrote the
 *   node meanwhile: read again, recompute, patch again.
 */
import { Writable } from 'node:stream';
import { Exec, PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import type { ConfigurationOptions, CoreV1Api, KubeConfig, V1Node, V1Pod, V1Status } from '@kubernetes/client-node';
import { MANAGED_KEYS_ANNOTATION } from '../../desired/types.js';
import type { DesiredConfigMap, DesiredNodePool, DesiredSecret } from '../../desired/types.js';
import { NODE_OWNERSHIP_ANNOTATION, poolOnNode, writesAnything } from '../../plan/node-pool.js';
import type { NodeView, PoolOnNode } from '../../plan/node-pool.js';
import type { LiveNode } from '../../plan/live.js';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../plan/state.js';
import { ClusterError, describeRequest, rbacRule, translateError } from './client.js';
import type { ClusterClient, RequestInfo } from './client.js';
import { call, classifyFailure, isConflict, isNotFound, isUnprocessable, retryDelay, sleep } from './retry.js';
import type { RetryOptions } from './retry.js';

export const FIELD_MANAGER = 'pool-reconciler';

export interface ApplyContext {
  client: ClusterClient;
  /** For exec (client-node's Exec takes the KubeConfig). */
  kc: KubeConfig;
  fieldManager: string;
  retry: RetryOptions;
  /** Re-reads after a 409 before giving up (default 5). */
  conflictRetries?: number;
  progress: (line: string) => void;
  /** Send every write with `dryRun=All` (validated and admitted, not stored): the preflight's dry run. */
  dryRun?: boolean;
}

const dryRunOf = (ctx: ApplyContext): { dryRun?: string } => (ctx.dryRun ? { dryRun: 'All' } : {});

export interface WriteResult {
  status: 'applied' | 'unchanged';
  /** Writes that the server accepted. */
  writes: number;
  message?: string;
}

const merge = (o: ConfigurationOptions): ConfigurationOptions => setHeaderOptions('Content-Type', PatchStrategy.MergePatch, o);

function asClusterError(err: unknown, info: RequestInfo, client: ClusterClient): ClusterError {
  return err instanceof ClusterError ? err : translateError(err, info, client.server, client.redact);
}

function conflictGiveUp(info: RequestInfo, tries: number): ClusterError {
  return new ClusterError(
    `cannot ${describeRequest(info)}: it kept changing under us (409 Conflict ${tries} times in a row)`,
    'api',
    'Something else writes this object continuously; run apply again.',
    409,
  );
}

/** One object written by create or JSON merge patch (no precondition): the calls, and when it already holds it. */
export interface CreateOrPatch<T> {
  info: (verb: RequestInfo['verb']) => RequestInfo;
  /** Whether the plan saw it: patch first, else create first. */
  exists: boolean;
  create: (o: ConfigurationOptions) => Promise<T>;
  patch: (o: ConfigurationOptions) => Promise<T>;
  read: (o: ConfigurationOptions) => Promise<T>;
  /** The object as read already holds what is written. */
  holds: (current: T) => boolean;
}

/**
 * Create it, or merge-patch it when it exists, and converge whatever happens in between: a create that meets an
 * existing object (created meanwhile, or our own create landed after a timeout) patches it; a patch that meets none
 * creates it; a 409 on a patch (a merge patch has no precondition, so it comes from elsewhere: an admission webhook,
 * a proxy) reads the object again and is done when it already holds what is written, else patches again.
 */
export async function createOrMergePatch<T>(ctx: ApplyContext, op: CreateOrPatch<T>): Promise<{ status: 'applied' | 'unchanged'; writes: number; object: T; created?: boolean }> {
  const { client } = ctx;
  const tries = (ctx.conflictRetries ?? 5) + 1;
  let create = !op.exists;
  const writes = 0;
  for (let i = 0; i < tries; i++) {
    if (create) {
      try {
        const object = await call(client, op.info('create'), (o) => op.create(o), ctx.retry);
        return { status: 'applied', writes: writes + 1, object, created: true };
      } catch (err) {
        if (!isConflict(err)) throw asClusterError(err, op.info('create'), client);
        create = false;
        continue;
      }
    }
    try {
      const object = await call(client, op.info('patch'), (o) => op.patch(merge(o)), { ...ctx.retry, passNotFound: true });
      return { status: 'applied', writes: writes + 1, object };
    } catch (err) {
      if (isNotFound(err)) {
        create = true;
        continue;
      }
      if (!isConflict(err)) throw asClusterError(err, op.info('patch'), client);
      const current = await call(client, op.info('get'), (o) => op.read(o), { ...ctx.retry, notFound: { value: undefined } });
      if (current === undefined) {
        create = true;
        continue;
      }
      if (op.holds(current)) return { status: writes ? 'applied' : 'unchanged', writes, object: current };
    }
  }
  throw conflictGiveUp(op.info('patch'), tries);
}

// ---------------------------------------------------------------------------------------------------------------
// Secret

/** Writes the managed keys of the providers Secret. Resolves to the Secret's resourceVersion after the write. */
export async function applySecret(ctx: ApplyContext, secret: DesiredSecret, exists: boolean, owned?: { managedKeys?: string[]; remove?: string[] }): Promise<WriteResult & { resourceVersion: string }> {
  const { client } = ctx;
  const { namespace, name } = secret;
  const data: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(secret.data)) if (v) data[k] = Buffer.from(v.reveal(), 'utf8').toString('base64');
  // Keys pool-reconciler wrote and the setting removes (the plan checked the annotation), and the annotation that
  // records the keys it wrote: written with the data, never alone (a Secret write rolls the Nodepool pods).
  for (const k of owned?.remove ?? []) data[k] = null;
  const managed = [...new Set([...(owned?.managedKeys ?? []), ...Object.keys(secret.data)])].filter((k) => !(owned?.remove ?? []).includes(k)).sort();
  const annotations = { [MANAGED_KEYS_ANNOTATION]: managed.join(',') };
  const r = await createOrMergePatch(ctx, {
    info: (verb) => ({ verb, resource: 'secrets', group: '', namespace, name }),
    exists,
    create: (o) => client.core.createNamespacedSecret({ namespace, body: { metadata: { name, namespace, annotations }, type: 'Opaque', data: withoutNulls(data) }, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, o),
    patch: (o) => client.core.patchNamespacedSecret({ name, namespace, body: { metadata: { annotations }, data }, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, o),
    read: (o) => client.core.readNamespacedSecret({ name, namespace }, o),
    holds: (cur) => Object.entries(data).every(([k, v]) => (v === null ? cur.data?.[k] === undefined : cur.data?.[k] === v)),
  });
  return { status: r.status, writes: r.writes, resourceVersion: r.object.metadata?.resourceVersion ?? '' };
}

const withoutNulls = (d: Record<string, string | null>): Record<string, string> =>
  Object.fromEntries(Object.entries(d).filter((e): e is [string, string] => e[1] !== null));

// ---------------------------------------------------------------------------------------------------------------
// Rollouts

export interface WorkloadRef {
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
}

export const workloadLabel = (w: WorkloadRef): string => `${w.kind} ${w.namespace}/${w.name}`;

const workloadInfo = (w: WorkloadRef, verb: RequestInfo['verb']): RequestInfo => ({
  verb,
  resource: w.kind === 'Deployment' ? 'deployments' : 'statefulsets',
  group: 'apps',
  namespace: w.namespace,
  name: w.name,
});

/** Sets the pod-template annotation (a merge patch of that one key). */
export async function patchTemplateAnnotation(ctx: ApplyContext, w: WorkloadRef, annotation: string, value: string): Promise<WriteResult> {
  const { client } = ctx;
  const body = { spec: { template: { metadata: { annotations: { [annotation]: value } } } } };
  const info = workloadInfo(w, 'patch');
  const tries = (ctx.conflictRetries ?? 5) + 1;
  for (let i = 0; i < tries; i++) {
    try {
      if (w.kind === 'Deployment') {
        await call(client, info, (o) => client.apps.patchNamespacedDeployment({ name: w.name, namespace: w.namespace, body, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, merge(o)), ctx.retry);
      } else {
        await call(client, info, (o) => client.apps.patchNamespacedStatefulSet({ name: w.name, namespace: w.namespace, body, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, merge(o)), ctx.retry);
      }
      return { status: 'applied', writes: 1 };
    } catch (err) {
      if (!isConflict(err)) throw asClusterError(err, info, client);
      const cur = await readWorkload(ctx, w);
      if (!cur) throw new ClusterError(`cannot patch ${workloadLabel(w)}: it does not exist`, 'not-found', undefined, 404);
      if (cur.spec?.template?.metadata?.annotations?.[annotation] === value) return { status: 'unchanged', writes: 0 };
    }
  }
  throw conflictGiveUp(info, tries);
}

interface WorkloadObject {
  metadata?: { name?: string; generation?: number; resourceVersion?: string; deletionTimestamp?: unknown; annotations?: Record<string, string> };
  spec?: {
    replicas?: number;
    template?: { metadata?: { annotations?: Record<string, string> } };
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
  };
}

async function readWorkload(ctx: ApplyContext, w: WorkloadRef): Promise<WorkloadObject | undefined> {
  const { client } = ctx;
  const opts = { ...ctx.retry, notFound: { value: undefined } };
  if (w.kind === 'Deployment') {
    return (await call(client, workloadInfo(w, 'get'), (o) => client.apps.readNamespacedDeployment({ name: w.name, namespace: w.namespace }, o), opts)) as WorkloadObject | undefined;
  }
  return (await call(client, workloadInfo(w, 'get'), (o) => client.apps.readNamespacedStatefulSet({ name: w.name, namespace: w.namespace }, o), opts)) as WorkloadObject | undefined;
}

export interface RolloutState {
  done: boolean;
  /** Set when the rollout has failed and waiting longer cannot help (kubectl's error, with the controller's reason). */
  failed?: string;
  /** What is awaited, in kubectl's words: `Waiting for deployment "x" rollout to finish: 0 out of 1 new replicas have been updated...`. */
  status: string;
}

/**
 * kubectl's `rollout status` rules (kubectl pkg/polymorphichelpers/rollout_status.go), in its order and words.
 *
 * Deployment: the generation observed; a Progressing condition with reason ProgressDeadlineExceeded is a failure;
 * `updatedReplicas >= spec.replicas`; no old replicas left (`replicas <= updatedReplicas`);
 * `availableReplicas >= updatedReplicas`.
 * StatefulSet (RollingUpdate only): `observedGeneration` set and caught up; `readyReplicas >= spec.replicas`; with a
 * `rollingUpdate` (the API server defaults it, partition 0), `updatedReplicas >= replicas - partition`; without one,
 * `updateRevision == currentRevision`. Counts the controller leaves out of its status are zero.
 */
export function rolloutState(kind: WorkloadRef['kind'], obj: WorkloadObject): RolloutState {
  const name = obj.metadata?.name ?? '';
  const generation = obj.metadata?.generation ?? 0;
  const st = obj.status ?? {};
  const observed = st.observedGeneration ?? 0;
  const n = (v: number | undefined): number => v ?? 0;
  const replicas = obj.spec?.replicas;
  if (kind === 'Deployment') {
    if (generation > observed) return { done: false, status: 'Waiting for deployment spec update to be observed...' };
    const progressing = (st.conditions ?? []).find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') {
      const why = `deployment ${JSON.stringify(name)} exceeded its progress deadline`;
      return { done: false, failed: `${why}${progressing.message ? ` (${progressing.message})` : ''}`, status: why };
    }
    const wait = (what: string): RolloutState => ({ done: false, status: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${what}...` });
    if (replicas !== undefined && n(st.updatedReplicas) < replicas) return wait(`${n(st.updatedReplicas)} out of ${replicas} new replicas have been updated`);
    if (n(st.replicas) > n(st.updatedReplicas)) return wait(`${n(st.replicas) - n(st.updatedReplicas)} old replicas are pending termination`);
    if (n(st.availableReplicas) < n(st.updatedReplicas)) return wait(`${n(st.availableReplicas)} of ${n(st.updatedReplicas)} updated replicas are available`);
    return { done: true, status: `deployment ${JSON.stringify(name)} successfully rolled out` };
  }
  const strategy = obj.spec?.updateStrategy;
  const type = strategy?.type ?? 'RollingUpdate';
  if (type !== 'RollingUpdate') {
    return {
      done: false,
      failed: `rollout status is only available for RollingUpdate strategy type (StatefulSet ${JSON.stringify(name)} uses ${type}: its pods are replaced only when deleted)`,
      status: `update strategy ${type}`,
    };
  }
  if (observed === 0 || generation > observed) return { done: false, status: 'Waiting for statefulset spec update to be observed...' };
  if (replicas !== undefined && n(st.readyReplicas) < replicas) return { done: false, status: `Waiting for ${replicas - n(st.readyReplicas)} pods to be ready...` };
  if (strategy?.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && n(st.updatedReplicas) < replicas - partition) {
      return { done: false, status: `Waiting for partitioned roll out to finish: ${n(st.updatedReplicas)} out of ${replicas - partition} new pods have been updated...` };
    }
    return { done: true, status: `partitioned roll out complete: ${n(st.updatedReplicas)} new pods have been updated...` };
  }
  if (st.updateRevision !== st.currentRevision) {
    return { done: false, status: `waiting for statefulset rolling update to complete ${n(st.updatedReplicas)} pods at revision ${st.updateRevision ?? ''}...` };
  }
  return { done: true, status: `statefulset rolling update complete ${n(st.currentReplicas)} pods at revision ${st.currentRevision ?? ''}...` };
}

export interface RolloutWaitOptions {
  timeoutMs: number;
  /** Default 2 s. */
  pollMs?: number;
  /** A progress line at most this often (default 5 s). */
  progressIntervalMs?: number;
  /** Wait on a watch of each workload instead of polling (default true); polling is the fallback. */
  watch?: boolean;
}

export interface RolloutResult extends RolloutState {
  workload: WorkloadRef;
  /** Set when not done: one sentence. */
  message?: string;
}

/**
 * Polls every workload until each has rolled out by kubectl's rules, one has failed (a Deployment past its progress
 * deadline: at once, not at our timeout), or the time is up; never throws for a slow rollout. A progress line says
 * what each is waiting for, as `kubectl rollout status` does.
 */
/** One workload's watch: the newest object it delivered, and whether it still runs. */
interface WorkloadWatch {
  active: boolean;
  /** An event arrived since the loop last looked. */
  fresh: boolean;
  /** The watch is connected: read once more, for a change between the last read and the watch's start. */
  recheck?: boolean;
  latest?: WorkloadObject;
  gone: boolean;
  rv?: string;
  abort?: AbortController;
  opened: number;
}

/**
 * Waits until every workload's rollout is done by kubectl's rules (rolloutState), on a watch of each (polling when
 * the watch is refused), with progress lines when the status changes.
 * Long because the watches, the poll fallback, the deadline and the progress lines share each workload's wait state.
 */
export async function waitForRollouts(ctx: ApplyContext, workloads: WorkloadRef[], options: RolloutWaitOptions): Promise<RolloutResult[]> {
  const pollMs = options.pollMs ?? 2_000;
  const progressMs = options.progressIntervalMs ?? 5_000;
  const start = Date.now();
  const deadline = start + options.timeoutMs;
  const results = new Map<WorkloadRef, RolloutResult>(workloads.map((w) => [w, { workload: w, done: false, status: 'not read yet' }]));
  let lastSaid = start;

  // ---- the watches: an event wakes the loop; the loop evaluates the object the event carried ----
  const watches = new Map<WorkloadRef, WorkloadWatch>();
  let finished = false;
  let wake: (() => void) | undefined;
  const nudge = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, Math.max(1, ms));
      wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
    });
  const stopWatching = (w: WorkloadRef, st: WorkloadWatch, why: string): void => {
    if (!st.active || finished) return;
    st.active = false;
    ctx.progress(`rollout: the watch of ${workloadLabel(w)} ${why}; polling every ${secondsText(pollMs)} instead`);
    nudge();
  };
  const openWatch = async (w: WorkloadRef, st: WorkloadWatch): Promise<void> => {
    st.active = true;
    st.opened++;
    ctx.client.requests++;
    const path = `/apis/apps/v1/namespaces/${encodeURIComponent(w.namespace)}/${w.kind === 'Deployment' ? 'deployments' : 'statefulsets'}`;
    const query = { fieldSelector: `metadata.name=${w.name}`, allowWatchBookmarks: true, ...(st.rv ? { resourceVersion: st.rv } : {}) };
    try {
      st.abort = await new Watch(ctx.kc).watch(path, query, (type: string, obj: unknown) => {
        const o = obj as WorkloadObject & { code?: number; message?: string };
        if (type === 'ADDED' || type === 'MODIFIED') {
          st.latest = o;
          st.rv = o.metadata?.resourceVersion ?? st.rv;
          st.fresh = true;
          nudge();
        } else if (type === 'BOOKMARK') st.rv = o.metadata?.resourceVersion ?? st.rv;
        else if (type === 'DELETED') {
          st.gone = true;
          st.fresh = true;
          nudge();
        } else if (type === 'ERROR') {
          // e.g. 410 Gone: the resourceVersion is too old to resume from; reading again is what a poll does.
          st.abort?.abort();
          stopWatching(w, st, `ended with an error (${ctx.client.redact ? ctx.client.redact(String(o.message ?? o.code ?? '')) : String(o.message ?? o.code ?? '')})`);
        }
      }, (err: unknown) => {
        if (finished || !st.active) return;
        const code = (err as { statusCode?: number } | null)?.statusCode;
        const timedOut = (err as { name?: string } | null)?.name === 'TimeoutError';
        if (code !== undefined) {
          const why = code === 403 ? 'was refused (403: the credentials may not watch it; grant `watch` to save requests)' : `was refused (HTTP ${code})`;
          stopWatching(w, st, why);
        } else if ((err === null || timedOut) && st.opened < 1 + Math.ceil(options.timeoutMs / 30_000) + 2) {
          // Closed by the server or by the client's inactivity limit: resume from the last resourceVersion seen.
          void openWatch(w, st);
        } else stopWatching(w, st, `failed (${err instanceof Error ? err.message : String(err)})`);
      });
      if (st.active && !finished) {
        // Connected (the server answered): a server that does not replay from the resourceVersion given would lose
        // a change made since the last read; one more read covers it.
        st.recheck = true;
        nudge();
      }
    } catch (err) {
      stopWatching(w, st, `could not be opened (${err instanceof Error ? err.message : String(err)})`);
    }
  };

  try {
    for (;;) {
      for (const w of workloads) {
        const r = results.get(w) as RolloutResult;
        if (r.done || r.failed !== undefined) continue;
        const st = watches.get(w);
        let obj: WorkloadObject | undefined;
        if (st?.fresh) {
          st.fresh = false;
          obj = st.gone ? undefined : st.latest;
        } else if (st?.active && !st.recheck) continue; // nothing new
        else {
          if (st) st.recheck = false;
          try {
            obj = await readWorkload(ctx, w);
          } catch (err) {
            r.status = `could not be read: ${asClusterError(err, workloadInfo(w, 'get'), ctx.client).message}`;
            continue; // a read failing after its retries: look again at the next poll, until the deadline
          }
        }
        if (!obj) {
          r.status = 'not found';
          r.message = `${workloadLabel(w)} does not exist any more`;
          r.done = false;
          continue;
        }
        const state = rolloutState(w.kind, obj);
        const said = r.status;
        r.done = state.done;
        r.status = state.status;
        if (state.failed) {
          r.failed = state.failed;
          r.message = `${workloadLabel(w)} failed its rollout: ${state.failed}`;
          ctx.progress(`rollout: ${r.message}`);
        } else if (state.done) ctx.progress(`rollout: ${workloadLabel(w)} done: ${state.status}`);
        else {
          if (state.status !== said && said !== 'not read yet') ctx.progress(`rollout: ${workloadLabel(w)}: ${state.status}`);
          if (!st && options.watch !== false) {
            // Not done at the first read: from here on, a watch from the resourceVersion read.
            const fresh: WorkloadWatch = { active: false, fresh: false, gone: false, opened: 0, ...(obj.metadata?.resourceVersion ? { rv: obj.metadata.resourceVersion } : {}) };
            watches.set(w, fresh);
            void openWatch(w, fresh); // active at once; its events wake the loop
          }
        }
      }
      const pending = [...results.values()].filter((r) => !r.done);
      if (pending.length === 0) return [...results.values()];
      const now = Date.now();
      if (now >= deadline || pending.some((r) => r.status === 'not found' || r.failed !== undefined)) {
        const failed = pending.find((r) => r.failed !== undefined);
        for (const r of pending) {
          r.message ??= now >= deadline || !failed
            ? `${workloadLabel(r.workload)} did not finish its rollout within ${secondsText(options.timeoutMs)}: ${r.status}`
            : `${workloadLabel(r.workload)} was not awaited further (${workloadLabel(failed.workload)} failed its rollout): ${r.status}`;
        }
        return [...results.values()];
      }
      if (now - lastSaid >= progressMs) {
        lastSaid = now;
        ctx.progress(`rollout: waiting (${secondsText(now - start)} of ${secondsText(options.timeoutMs)}): ${pending.map((r) => `${workloadLabel(r.workload)}: ${r.status}`).join('; ')}`);
      }
      const fresh = pending.some((r) => watches.get(r.workload)?.fresh || watches.get(r.workload)?.recheck);
      if (fresh) continue;
      const allWatched = pending.every((r) => watches.get(r.workload)?.active);
      // Watched: sleep until an event, the next progress line or the deadline. Polled: until the next poll.
      const until = allWatched ? Math.min(deadline, lastSaid + progressMs) : Math.min(deadline, now + pollMs);
      await pause(until - now);
    }
  } finally {
    finished = true;
    for (const st of watches.values()) st.abort?.abort();
  }
}

export function secondsText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 100) / 10;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------------------------
// Exec

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
  /** Pods passed over (terminating, not running, container not ready, of an older ReplicaSet), for the progress line. */
  skipped: string[];
  /** The container's literal `CONFIG_REPO_SET` (sf-operator sets TRUE when the deployment has a config repo). */
  configRepoSet?: string;
}

function containerReady(p: V1Pod, container: string): boolean {
  return (p.status?.containerStatuses ?? []).some((c) => c.name === container && c.ready === true);
}

function podState(p: V1Pod, container: string, hash?: string): string {
  if (p.metadata?.deletionTimestamp) return 'terminating';
  if (hash !== undefined && p.metadata?.labels?.['pod-template-hash'] !== hash) return 'of an older ReplicaSet';
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
  where: { namespace: string; container: string; name?: string; selector?: string; deployment?: string },
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
    }
    const usable = noReplicaSet
      ? []
      : pods
        .filter((p) => podState(p, where.container, hash) === 'running')
        .sort((a, b) => created(b) - created(a) || cmp(a.metadata?.name ?? '', b.metadata?.name ?? ''));
    const skipped = pods.filter((p) => !usable.includes(p)).map((p) => `${p.metadata?.name ?? ''} (${podState(p, where.container, hash)})`);
    if (usable.length) {
      const configRepoSet = envOf(usable[0], where.container, 'CONFIG_REPO_SET');
      return { pod: usable[0].metadata?.name ?? '', skipped, ...(configRepoSet !== undefined ? { configRepoSet } : {}) };
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

// ---------------------------------------------------------------------------------------------------------------
// ConfigMaps

/**
 * Creates the ConfigMap with its owned keys and labels, or merge-patches only those. A pod-template ConfigMap it
 * creates also gets the label `app.kubernetes.io/managed-by: pool-reconciler`: the mark that lets a later run delete
 * it once the repo drops it (one that existed before is never marked, so never deleted).
 */
export async function applyConfigMap(ctx: ApplyContext, cm: DesiredConfigMap, exists: boolean): Promise<WriteResult & { created?: boolean }> {
  const { client } = ctx;
  const { namespace, name } = cm;
  const info = (verb: RequestInfo['verb']): RequestInfo => ({ verb, resource: 'configmaps', group: '', namespace, name });
  const labels = Object.keys(cm.labels).length ? { labels: { ...cm.labels } } : {};
  const createLabels = cm.role === 'pod-template' ? { labels: { ...cm.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } } : labels;
  const r = await createOrMergePatch(ctx, {
    info,
    exists,
    create: (o) => client.core.createNamespacedConfigMap({ namespace, body: { metadata: { name, namespace, ...createLabels }, data: { ...cm.data } }, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, o),
    patch: (o) => client.core.patchNamespacedConfigMap({ name, namespace, body: { ...(labels.labels ? { metadata: labels } : {}), data: { ...cm.data } }, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, o),
    read: (o) => client.core.readNamespacedConfigMap({ name, namespace }, o),
    holds: (cur) => Object.entries(cm.data).every(([k, v]) => cur.data?.[k] === v) && Object.entries(cm.labels).every(([k, v]) => cur.metadata?.labels?.[k] === v),
  });
  return { status: r.status, writes: r.writes, ...(r.created ? { created: true } : {}) };
}

/**
 * Deletes a ConfigMap pool-reconciler created and the repo no longer has, with the observed resourceVersion as a
 * precondition (409 when it changed since: read again, and delete only if it still carries the managed-by label).
 */
export async function deleteConfigMap(ctx: ApplyContext, namespace: string, name: string, resourceVersion: string | undefined): Promise<WriteResult> {
  const { client } = ctx;
  const info = (verb: RequestInfo['verb']): RequestInfo => ({ verb, resource: 'configmaps', group: '', namespace, name });
  let rv = resourceVersion;
  const tries = (ctx.conflictRetries ?? 5) + 1;
  for (let i = 0; i < tries; i++) {
    try {
      await call(client, info('delete'), (o) =>
        client.core.deleteNamespacedConfigMap({ name, namespace, body: { ...(rv ? { preconditions: { resourceVersion: rv } } : {}) } }, o), { ...ctx.retry, passNotFound: true });
      return { status: 'applied', writes: 1 };
    } catch (err) {
      if (isNotFound(err)) return { status: 'unchanged', writes: 0, message: 'already gone' };
      if (!isConflict(err)) throw asClusterError(err, info('delete'), client);
      const cur = await call(client, info('get'), (o) => client.core.readNamespacedConfigMap({ name, namespace }, o), { ...ctx.retry, notFound: { value: undefined } });
      if (!cur) return { status: 'unchanged', writes: 0, message: 'already gone' };
      if (cur.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
        return { status: 'unchanged', writes: 0, message: `not deleted: it no longer carries the label ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE} (someone else took it over)` };
      }
      rv = cur.metadata?.resourceVersion;
    }
  }
  throw conflictGiveUp(info('delete'), tries);
}

// ---------------------------------------------------------------------------------------------------------------
// Nodes

/** A JSON pointer segment (RFC 6901). */
const ptr = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The JSON patch (RFC 6902) of a pool's change on a node: only what changes, by index in the taint list read, and
 * the resourceVersion read set in the patched object, which makes it a precondition (409 when the node changed
 * since). Taints are edited element by element, so a field of a taint the client's model does not know stays.
 */
export function nodePatch(node: NodeView & { resourceVersion?: string; hasAnnotations?: boolean }, change: PoolOnNode): Array<Record<string, unknown>> {
  const ops: Array<Record<string, unknown>> = [];
  if (node.resourceVersion) ops.push({ op: 'replace', path: '/metadata/resourceVersion', value: node.resourceVersion });
  for (const [k, v] of Object.entries(change.setLabels)) ops.push({ op: 'add', path: `/metadata/labels/${ptr(k)}`, value: v });
  for (const k of change.removeLabels) ops.push({ op: 'remove', path: `/metadata/labels/${ptr(k)}` });
  if (change.ownership) {
    const path = `/metadata/annotations/${ptr(NODE_OWNERSHIP_ANNOTATION)}`;
    if (change.ownership.value === null) ops.push({ op: 'remove', path });
    else if (node.hasAnnotations === false) ops.push({ op: 'add', path: '/metadata/annotations', value: { [NODE_OWNERSHIP_ANNOTATION]: change.ownership.value } });
    else ops.push({ op: 'add', path, value: change.ownership.value });
  }
  // Values first (indices as read), then removals from the end, then appends.
  for (const e of change.taintEdits) {
    if (e.op !== 'value') continue;
    const had = node.taints[e.index]?.value !== undefined;
    const path = `/spec/taints/${e.index}/value`;
    if (e.value === undefined) {
      if (had) ops.push({ op: 'remove', path });
    } else ops.push({ op: had ? 'replace' : 'add', path, value: e.value });
  }
  const removals = change.taintEdits.filter((e) => e.op === 'remove').map((e) => e.index).sort((a, b) => b - a);
  for (const i of removals) ops.push({ op: 'remove', path: `/spec/taints/${i}` });
  const appended = change.appendTaints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
  if (appended.length && node.taints.length === 0) {
    ops.push({ op: 'add', path: '/spec/taints', value: appended });
  } else {
    for (const t of appended) ops.push({ op: 'add', path: '/spec/taints/-', value: t });
  }
  return ops;
}

function nodeView(n: V1Node): NodeView & { resourceVersion?: string; hasAnnotations: boolean } {
  const ownership = n.metadata?.annotations?.[NODE_OWNERSHIP_ANNOTATION];
  return {
    labels: { ...(n.metadata?.labels ?? {}) },
    taints: (n.spec?.taints ?? []).map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect })),
    ...(ownership !== undefined ? { ownership } : {}),
    ...(n.metadata?.resourceVersion ? { resourceVersion: n.metadata.resourceVersion } : {}),
    hasAnnotations: n.metadata?.annotations !== undefined,
  };
}

const jsonPatch = (o: ConfigurationOptions): ConfigurationOptions => setHeaderOptions('Content-Type', PatchStrategy.JsonPatch, o);

/**
 * Puts a pool's labels and taints on a node (pool undefined: the pool is gone from the repo, only what was recorded
 * as managed is removed) with one JSON patch carrying the resourceVersion of the node as observed: one request when
 * the node has not changed since; on 409, read it again, recompute and patch again.
 */
export async function applyNode(ctx: ApplyContext, observed: LiveNode, pool: DesiredNodePool | undefined): Promise<WriteResult> {
  const { client } = ctx;
  const nodeName = observed.name;
  const info = (verb: RequestInfo['verb']): RequestInfo => ({ verb, resource: 'nodes', group: '', name: nodeName });
  const tries = (ctx.conflictRetries ?? 5) + 1;
  let view: NodeView & { resourceVersion?: string; hasAnnotations?: boolean } = observed;
  const reread = async (): Promise<NodeView & { resourceVersion?: string; hasAnnotations?: boolean }> => {
    const node = await call(client, info('get'), (o) => client.core.readNode({ name: nodeName }, o), { ...ctx.retry, notFound: { value: undefined } }) as V1Node | undefined;
    if (!node) throw new ClusterError(`cannot update node ${JSON.stringify(nodeName)}: it does not exist any more`, 'not-found', undefined, 404);
    return nodeView(node);
  };
  let fresh = true;
  for (let i = 0; i < tries; i++) {
    if (!fresh) view = await reread();
    fresh = false;
    const change = poolOnNode(view, pool);
    if (!writesAnything(change)) return { status: 'unchanged', writes: 0 };
    const body = nodePatch(view, change);
    try {
      await call(client, info('patch'), (o) => client.core.patchNode({ name: nodeName, body, fieldManager: ctx.fieldManager }, jsonPatch(o)), ctx.retry);
      return { status: 'applied', writes: 1 };
    } catch (err) {
      if (isConflict(err)) continue; // The node changed since it was read (or our own patch landed after a timeout): read again and redo.
      // The patch is applied to the node as it is now, before the resourceVersion is compared: when the node lost a
      // taint since it was read (a controller took its not-ready taint away), an op by index fails first, as a 422.
      // A node that changed since is a conflict like a 409; one that did not is a real refusal.
      if (!isUnprocessable(err) || !view.resourceVersion) throw asClusterError(err, info('patch'), client);
      const now = await reread();
      if (now.resourceVersion === view.resourceVersion) throw asClusterError(err, info('patch'), client);
      view = now;
      fresh = true;
    }
  }
  throw conflictGiveUp(info('patch'), tries);
}
