/**
 * Rollouts of the Nodepool workloads: the pod-template write (the providers Secret's annotation, and the subPath
 * mounts of keys new to the Secret, exactly as sf-operator renders them), kubectl's rules for "done", whether every
 * pod runs the current template (what a plan reads, so that a re-run never takes an unfinished rollout for done), and
 * the wait: one GET and a watch of each workload until the controller reports it done, with progress lines.
 */
import { Watch } from '@kubernetes/client-node';
import type { V1PodSpec } from '@kubernetes/client-node';
import type { WorkloadConvergence } from '../../plan/live.js';
import { ClusterError } from './client.js';
import type { RequestInfo } from './client.js';
import { call, isConflict, isUnprocessable, sleep } from './retry.js';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { ConfigurationOptions } from '@kubernetes/client-node';
import { PROVIDERS_SECRET_VOLUME, SECRET_KEY_MOUNT_PATHS } from '../../core/provider-secrets.js';
import type { SecretKey } from '../../core/provider-secrets.js';
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

export interface WorkloadObject {
  metadata?: { name?: string; generation?: number; resourceVersion?: string; deletionTimestamp?: unknown; annotations?: Record<string, string>; uid?: string };
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { annotations?: Record<string, string> }; spec?: V1PodSpec };
    strategy?: { type?: string };
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
  /** Ends the wait at once (SIGINT, SIGTERM): the workloads not done yet say so. */
  signal?: AbortSignal;
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

  const onAbort = (): void => nudge();
  options.signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      if (options.signal?.aborted) {
        for (const r of results.values()) if (!r.done) r.message = `${workloadLabel(r.workload)}: not awaited further (${String(options.signal.reason ?? 'interrupted')}): ${r.status}`;
        return [...results.values()];
      }
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
        // Done when every pod runs the current template (kubectl's rules for a Deployment; for a StatefulSet every
        // pod at updateRevision, also with OnDelete once its outdated pods were deleted).
        const c = convergence(w.kind, obj);
        const state: RolloutState = { done: c.converged, status: c.status, ...(c.failed ? { failed: c.failed } : {}) };
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
    options.signal?.removeEventListener('abort', onAbort);
    for (const st of watches.values()) st.abort?.abort();
  }
}

export function secondsText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 100) / 10;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}


/**
 * Whether every pod of the workload runs its current template and is ready: what a plan reads, so that an unfinished
 * rollout (a new pod that never became ready, a builder whose pods are replaced only when deleted, a partition) is
 * seen as one on a re-run, whatever the pod-template annotation says.
 *
 * Deployment: kubectl's rules (rolloutState) are met: every replica updated, no old one left, all available.
 * StatefulSet: the controller's counters say so for every strategy: `updatedReplicas` (pods at `updateRevision`) and
 * `readyReplicas` reach `spec.replicas`, the generation observed. kubectl's own rule for a partitioned StatefulSet
 * stops at `replicas - partition` and refuses OnDelete: those pods still run the old template, so not done here.
 */
export function convergence(kind: WorkloadRef['kind'], obj: WorkloadObject): WorkloadConvergence {
  const replicas = obj.spec?.replicas ?? 1;
  const st = obj.status ?? {};
  const n = (v: number | undefined): number => v ?? 0;
  if (kind === 'Deployment') {
    const r = rolloutState('Deployment', obj);
    return {
      converged: r.done,
      status: r.status,
      ...(r.failed ? { failed: r.failed } : {}),
      paused: obj.spec?.paused === true,
      strategy: obj.spec?.strategy?.type ?? 'RollingUpdate',
      partition: 0,
      replicas,
    };
  }
  const strategy = obj.spec?.updateStrategy?.type ?? 'RollingUpdate';
  const partition = strategy === 'RollingUpdate' ? (obj.spec?.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
  const generation = obj.metadata?.generation ?? 0;
  const observed = n(st.observedGeneration);
  const base = { paused: false, strategy, partition, replicas };
  if (observed === 0 || generation > observed) return { ...base, converged: false, status: 'Waiting for statefulset spec update to be observed...' };
  if (n(st.updatedReplicas) < replicas) {
    return { ...base, converged: false, status: `${n(st.updatedReplicas)} of ${replicas} pods run the current template (revision ${st.updateRevision ?? 'unknown'})${strategy === 'OnDelete' ? '; OnDelete: the others are replaced only when deleted' : partition > 0 ? `; partition ${partition}: pods below ordinal ${partition} keep the old template` : ''}` };
  }
  if (n(st.readyReplicas) < replicas) return { ...base, converged: false, status: `Waiting for ${replicas - n(st.readyReplicas)} pods to be ready...` };
  return { ...base, converged: true, status: `${replicas} pods at revision ${st.updateRevision ?? ''}, ready` };
}

/** Reads each workload and says whether its rollout has converged (plan's read of the weather). */
export async function readConvergence(ctx: Pick<ApplyContext, 'client' | 'retry'>, w: WorkloadRef): Promise<{ obj?: WorkloadObject; convergence?: WorkloadConvergence }> {
  const obj = await readWorkload(ctx as ApplyContext, w);
  return obj ? { obj, convergence: convergence(w.kind, obj) } : {};
}

/** A subPath mount of a provider key to add to a container of the pod template (sf-operator's rendering). */
export interface ProviderMount {
  container: string;
  key: string;
  path: string;
}

/**
 * The mounts to add so that each container that mounts the providers Secret (or, when none does yet, the Nodepool
 * container sf-operator mounts it in) sees `keys`, exactly as sf-operator renders them: read-only, `subPath` = the key,
 * the fixed path per key, volume `nodepool-providers-secrets`; and whether the volume itself must be added.
 */
export function providerMounts(podSpec: V1PodSpec | undefined, secretName: string, keys: readonly string[], nodepoolContainer: string): { mounts: ProviderMount[]; addVolume: boolean } {
  const volume = (podSpec?.volumes ?? []).find((v) => v.secret?.secretName === secretName);
  const volumeName = volume?.name ?? PROVIDERS_SECRET_VOLUME;
  const containers = (podSpec?.containers ?? []).filter((c) => (c.volumeMounts ?? []).some((m) => m.name === volumeName));
  const targets = containers.length ? containers : (podSpec?.containers ?? []).filter((c) => c.name === nodepoolContainer);
  const mounts: ProviderMount[] = [];
  for (const c of targets) {
    for (const key of keys) {
      const path = SECRET_KEY_MOUNT_PATHS[key as SecretKey];
      if (!path) continue;
      if ((c.volumeMounts ?? []).some((m) => m.name === volumeName && (m.subPath === key || (!m.subPath && volume?.secret?.items === undefined)))) continue;
      mounts.push({ container: c.name, key, path });
    }
  }
  return { mounts, addVolume: volume === undefined && mounts.length > 0 };
}

const ptr = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The pod-template write of a rollout: the annotation and, when keys are new to the Secret, their mounts (and the
 * volume), as one JSON patch guarded by the resourceVersion read, so sf-operator's next render is identical and a
 * concurrent writer gets a 409 (read again, recompute).
 */
export async function writeTemplate(ctx: ApplyContext, w: WorkloadRef, annotation: string, value: string, mount: { secretName: string; keys: string[]; container: string } | undefined): Promise<WriteResult & { mounts: ProviderMount[] }> {
  if (!mount || mount.keys.length === 0) return { ...(await patchTemplateAnnotation(ctx, w, annotation, value)), mounts: [] };
  const info = workloadInfo(w, 'patch');
  const tries = (ctx.conflictRetries ?? 5) + 1;
  for (let i = 0; i < tries; i++) {
    const cur = await readWorkload(ctx, w);
    if (!cur) throw new ClusterError(`cannot patch ${workloadLabel(w)}: it does not exist`, 'not-found', undefined, 404);
    const spec = cur.spec?.template?.spec;
    const { mounts, addVolume } = providerMounts(spec, mount.secretName, mount.keys, mount.container);
    const ops: Array<Record<string, unknown>> = [{ op: 'test', path: '/metadata/resourceVersion', value: cur.metadata?.resourceVersion }];
    const annotations = cur.spec?.template?.metadata?.annotations;
    if (annotations === undefined) ops.push({ op: 'add', path: '/spec/template/metadata/annotations', value: { [annotation]: value } });
    else if (annotations[annotation] !== value) ops.push({ op: 'add', path: `/spec/template/metadata/annotations/${ptr(annotation)}`, value });
    if (addVolume) {
      const vol = { name: PROVIDERS_SECRET_VOLUME, secret: { secretName: mount.secretName } };
      ops.push(spec?.volumes ? { op: 'add', path: '/spec/template/spec/volumes/-', value: vol } : { op: 'add', path: '/spec/template/spec/volumes', value: [vol] });
    }
    const volumeName = (spec?.volumes ?? []).find((v) => v.secret?.secretName === mount.secretName)?.name ?? PROVIDERS_SECRET_VOLUME;
    const byContainer = new Map<string, ProviderMount[]>();
    for (const m of mounts) byContainer.set(m.container, [...(byContainer.get(m.container) ?? []), m]);
    for (const [name, ms] of byContainer) {
      const index = (spec?.containers ?? []).findIndex((c) => c.name === name);
      const existing = spec?.containers?.[index]?.volumeMounts;
      ops.push({ op: 'test', path: `/spec/template/spec/containers/${index}/name`, value: name });
      const values = ms.map((m) => ({ name: volumeName, mountPath: m.path, subPath: m.key, readOnly: true }));
      if (existing) for (const v of values) ops.push({ op: 'add', path: `/spec/template/spec/containers/${index}/volumeMounts/-`, value: v });
      else ops.push({ op: 'add', path: `/spec/template/spec/containers/${index}/volumeMounts`, value: values });
    }
    if (ops.length === 1) return { status: 'unchanged', writes: 0, mounts: [] };
    try {
      const body = ops;
      const json = (o: ConfigurationOptions): ConfigurationOptions => setHeaderOptions('Content-Type', PatchStrategy.JsonPatch, o);
      if (w.kind === 'Deployment') {
        await call(ctx.client, info, (o) => ctx.client.apps.patchNamespacedDeployment({ name: w.name, namespace: w.namespace, body, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, json(o)), ctx.retry);
      } else {
        await call(ctx.client, info, (o) => ctx.client.apps.patchNamespacedStatefulSet({ name: w.name, namespace: w.namespace, body, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, json(o)), ctx.retry);
      }
      return { status: 'applied', writes: 1, mounts };
    } catch (err) {
      if (!isConflict(err) && !isUnprocessable(err)) throw asClusterError(err, info, ctx.client);
      // 409, or 422 from a failed `test`: the workload changed since it was read; read again and recompute.
    }
  }
  throw conflictGiveUp(info, tries);
}

/**
 * OnDelete: the StatefulSet controller replaces a pod only when it is deleted. Deletes the pods of the workload that
 * do not run `updateRevision` (what `kubectl delete pod` does), so that the controller recreates them from the new
 * template; returns the names deleted.
 */
export async function deleteOutdatedPods(ctx: ApplyContext, w: WorkloadRef, options: { waitMs?: number; pollMs?: number } = {}): Promise<string[]> {
  // The controller must have observed the new template first: until then updateRevision is the old one.
  const until = Date.now() + (options.waitMs ?? 30_000);
  let obj = await readWorkload(ctx, w);
  while (obj && !ctx.dryRun && (obj.status?.observedGeneration ?? 0) < (obj.metadata?.generation ?? 0) && Date.now() < until) {
    await sleep(options.pollMs ?? 500);
    obj = await readWorkload(ctx, w);
  }
  const rev = obj?.status?.updateRevision;
  const selector = Object.entries(obj?.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  if (!obj || !rev || !selector) return [];
  const list = await call(ctx.client, { verb: 'list', resource: 'pods', group: '', namespace: w.namespace }, (o) =>
    ctx.client.core.listNamespacedPod({ namespace: w.namespace, labelSelector: selector }, o), ctx.retry);
  const deleted: string[] = [];
  for (const p of list.items) {
    const name = p.metadata?.name ?? '';
    if (!name || p.metadata?.deletionTimestamp || p.metadata?.labels?.['controller-revision-hash'] === rev) continue;
    await call(ctx.client, { verb: 'delete', resource: 'pods', group: '', namespace: w.namespace, name }, (o) =>
      ctx.client.core.deleteNamespacedPod({ name, namespace: w.namespace, ...dryRunOf(ctx) }, o), { ...ctx.retry, notFound: { value: undefined } });
    deleted.push(name);
  }
  return deleted;
}
