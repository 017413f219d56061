/**
 * Rollouts of the Nodepool workloads: the pod-template write (the providers Secret's annotation, and the subPath
 * mounts of keys new to the Secret, exactly as sf-operator renders them), kubectl's rules for "done", whether every
 * pod runs the current template (what a plan reads, so that a re-run never takes an unfinished rollout for done), and
 * the wait: one GET and a watch of each workload until the controller reports it done, with progress lines.
 */
import { Watch } from '@kubernetes/client-node';
import { ClusterError } from './client.js';
import type { RequestInfo } from './client.js';
import { call, isConflict } from './retry.js';
import { asClusterError, conflictGiveUp, dryRunOf, merge } from './apply-context.js';
import type { ApplyContext, WriteResult } from './apply-context.js';


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

