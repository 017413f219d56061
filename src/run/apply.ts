/**
 * One apply run (ARCHITECTURE.md "What apply changes"):
 *
 *  1. plan (validate the repo and the secrets, read the cluster, diff): stop on any diagnostic error, cluster error
 *     or blocker, before the lock and before any write;
 *  2. take the lock (a Lease in the Software Factory namespace; wait for another run, bounded);
 *  3. read the cluster again under the lock and diff again: that is the plan applied (another run may have changed
 *     the cluster while this one waited);
 *  4. unless turned off, compare it with the reviewed plan: a difference stops the run before any write;
 *  5. apply the steps in plan order: the providers Secret, the rollouts it needs (awaited), the Nodepool config
 *     refresh (exec), the ConfigMaps, the nodes; the first failure stops the run, and every step says whether it was
 *     applied, unchanged, failed or not run (a rerun converges: every write is safe to repeat);
 *  6. verify (when a Nodepool API URL is given): every label of nodepool.yaml that a pool offers is listed by the
 *     launcher (its label-list shows its pools' labels only);
 *  7. release the lock.
 *
 * Never throws for a problem of the repo, the cluster or the review: the outcome says what happened. Every message
 * and progress line goes through the redactor (secret inputs, the kubeconfig, and the caller's), so no secret
 * value reaches a log, an output or an error.
 */
import { CoordinationV1Api } from '@kubernetes/client-node';
import { FIELD_MANAGER } from '../io/cluster/write.js';
import { secondsText } from '../io/cluster/rollout.js';
import { executorFor } from '../io/cluster/steps/index.js';
import type { IndexedStep, StepEnv } from '../io/cluster/steps/index.js';
import { StepRecorder, stepsBeforeRun } from './step-recorder.js';
import { applyCounts, stoppedCounts } from '../report/apply.js';
import { writeState } from '../io/cluster/state.js';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, nodepoolDigest, STATE_CONFIGMAP } from '../plan/state.js';
import type { ApplyContext } from '../io/cluster/write.js';
import { ClusterError } from '../io/cluster/client.js';
import { acquireLock, defaultIdentity, LOCK_NAME, lockIsFree, LockError } from '../io/cluster/lock.js';
import type { HeldLock, LockSeen } from '../io/cluster/lock.js';
import { observe, ObserveError } from '../io/cluster/observe.js';
import { preflight } from '../io/cluster/preflight.js';
import type { LiveState } from '../plan/live.js';
import type { RetryOptions } from '../io/cluster/retry.js';
import { verifyLabels } from '../io/cluster/verify.js';
import type { DesiredState } from '../desired/types.js';
import { Redactor } from '../core/redact.js';
import { checkReviewedPlan, GuardInputError, parseReviewed, weatherSinceReview } from '../plan/guard.js';
import type { ReviewedPlan } from '../plan/guard.js';
import { diff } from '../plan/diff.js';
import { declaredOf } from '../plan/node-pool.js';
import type { Plan } from '../plan/types.js';
import type { ApplyOutcome, ApplyProgress, AppliedStep, PlanError } from '../plan/outcome.js';
import { runPlan } from './plan.js';
import type { PlanRequest } from './plan.js';

export interface ApplyRequest extends PlanRequest {
  /** The reviewed plan's hash (`sha256:…`, from the pull-request comment's header), or the reviewed plan's JSON. */
  reviewedPlanHash?: string;
  /** The reviewed plan's JSON (the plan run's `plan` output): with it the refusal lists the difference step by step. */
  reviewedPlan?: string;
  /** The commit the reviewed plan was made at (the header's `commit`; read from `reviewedPlan` when absent). */
  reviewedCommit?: string;
  /** Apply without comparing with a reviewed plan. Without it, a reviewed plan (hash or JSON) is required. */
  skipPlanCheck?: boolean;
  /** How long to wait for the rollouts (and for a running Nodepool pod to exec in). */
  rolloutTimeoutMs: number;
  /** Verify the labels through the Nodepool API after apply. */
  verify?: { nodepoolApiUrl: string; timeoutMs: number; pollMs?: number };
  /** Who holds the lock (default `pool-reconciler@<host> pid <pid> <random>`); make it name the run (CI run URL). */
  identity?: string;
  /** How long to wait for another run's lock (default 5 min). */
  lockWaitMs?: number;
  /** Each step as it goes, waits, retries: one line each, already redacted. */
  onProgress?: (line: string) => void;
  /** Each step's outcome as a typed event (every status, in plan order), already redacted: what the PR comment shows. */
  onStep?: (event: ApplyProgress) => void;
  /** Applied to every message and line after the secret inputs' own redaction (the action's, with all its inputs). */
  redactor?: { redact(s: string): string };

  // Tuning (defaults suit a real cluster; tests and benchmarks shorten them).
  /** Retries of transient API failures. */
  retry?: RetryOptions;
  lock?: { namespace?: string; name?: string; leaseDurationSeconds?: number; renewIntervalMs?: number; pollMs?: number };
  /** Between polls of a rollout or a pod (default 2 s). */
  pollMs?: number;
  /** A progress line at most this often while waiting (default 5 s). */
  progressIntervalMs?: number;
  /** Time limit of one config-refresh command (default 5 min). */
  execTimeoutMs?: number;
  /** Default `pool-reconciler`. */
  fieldManager?: string;
  /**
   * Add provider keys that no container of the launcher or builder mounts yet (sf-operator mounts each key by subPath,
   * only those the Secret had when it deployed): without it, such a key makes the apply fail, after writing it, until
   * `sf-operator deploy` runs.
   */
  allowUnmountedSecretKeys?: boolean;
  /** SIGINT or SIGTERM (run/interrupt.ts): no new write starts, the wait in progress ends, the Lease is released. */
  signal?: AbortSignal;
}

const DEFAULT_EXEC_TIMEOUT = 300_000;

/**
 * Writes of a parallel batch (ConfigMaps, nodes) in flight at most, unless the run sets its concurrency: streams of
 * the one HTTP/2 connection; fewer than the dry runs' (DRY_RUN_CONCURRENCY), which store nothing.
 */
const WRITE_CONCURRENCY = 16;

/** A progress line, redacted; `redact` for what goes out otherwise (the typed progress events). */
type Say = ((line: string) => void) & { redact(s: string): string };

function message(err: unknown): PlanError {
  if (err instanceof ClusterError || err instanceof LockError) return { message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
  if (err instanceof Error) return { message: err.message.split('\n')[0] };
  return { message: String(err) };
}

/**
 * Long because it is the run's stages in order (plan, lock, guard, apply, verify, state), each of which may end the
 * run with its own outcome.
 */
export async function runApply(req: ApplyRequest): Promise<ApplyOutcome> {
  const started = Date.now();
  const own = new Redactor([...Object.values(req.secrets ?? {}), req.kubeconfig]);
  const redact = (s: string): string => (req.redactor ? req.redactor.redact(own.redact(s)) : own.redact(s));
  const say: Say = Object.assign((line: string): void => req.onProgress?.(redact(line)), { redact });
  const notes: string[] = [];

  // Whether another run held the lock before anything was read: when none did and the plan has nothing to apply,
  // the lock is not taken and nothing is read again (nothingToApply).
  let lockSeen: LockSeen = { free: false };
  const pre = await runPlan({
    ...req,
    preflight: false,
    // Where the Dispatch components and CI pods run: apply never writes them, and its callers read them once after
    // the writes (run/placement.ts), so they are not read here.
    reads: 'no-placement',
    beforeObserve: async ({ kc, client }, d) => {
      lockSeen = await lockIsFree(client, kc.makeApiClient(CoordinationV1Api), req.lock?.namespace ?? d.settings.softwareFactory.namespace, req.lock?.name);
    },
  });
  const lockWasFree = lockSeen.free;
  let requests = pre.requests;
  const done = (o: Omit<ApplyOutcome, 'validation' | 'notes' | 'requests' | 'durationMs' | 'writes'> & { writes?: number }): ApplyOutcome => {
    const out: ApplyOutcome = {
      ...o,
      validation: pre.validation,
      writes: o.writes ?? o.steps.reduce((n, s) => n + s.writes, 0),
      errors: o.errors.map((e) => ({ message: redact(e.message), ...(e.hint ? { hint: redact(e.hint) } : {}) })),
      steps: o.steps.map((s) => (s.message !== undefined ? { ...s, message: redact(s.message) } : s)),
      notes: notes.map(redact),
      requests,
      durationMs: Date.now() - started,
    };
    if (out.guard) out.guard = { ...out.guard, differences: out.guard.differences.map(redact) };
    if (out.verify?.error) out.verify = { ...out.verify, error: redact(out.verify.error) };
    return out;
  };

  if (pre.stage === 'validation') {
    say('apply: stopped: the config repo has errors');
    return done({ steps: [], errors: pre.errors, ok: false, stage: 'validation' });
  }
  if (pre.stage !== 'done' || !pre.plan || !pre.desired || !pre.connection) {
    return done({ steps: [], errors: pre.errors, ok: false, stage: 'cluster' });
  }
  if (pre.errors.length) {
    // Blockers: apply would fail (a missing namespace, a workload to roll out that does not exist).
    return done({ plan: pre.plan, steps: stepsBeforeRun(pre.plan), errors: pre.errors, ok: false, stage: 'cluster' });
  }
  const desired = pre.desired;

  let reviewed: ReviewedPlan | undefined;
  if (!req.skipPlanCheck) {
    const input = req.reviewedPlan ?? req.reviewedPlanHash;
    if (!input || !input.trim()) {
      return done({
        plan: pre.plan,
        steps: stepsBeforeRun(pre.plan),
        errors: [{
          message: 'no reviewed plan to compare with: apply applies only a plan that was reviewed',
          hint: "Give the reviewed plan's hash (the pull-request comment's header) or its JSON, or turn the plan check off.",
        }],
        ok: false,
        stage: 'guard',
      });
    }
    try {
      reviewed = parseReviewed(input, req.reviewedCommit);
    } catch (err) {
      if (!(err instanceof GuardInputError)) throw err;
      return done({ plan: pre.plan, steps: stepsBeforeRun(pre.plan), errors: [{ message: err.message }], ok: false, stage: 'guard' });
    }
  }

  // The plan's connection: the kubeconfig is loaded once per run.
  const { kc, client } = pre.connection;
  const retry: RetryOptions = {
    ...(req.retry ?? {}),
    onRetry: (i) => {
      req.retry?.onRetry?.(i);
      say(`retry: ${i.what}: ${i.reason}; try ${i.attempt + 1} of ${i.attempts} in ${secondsText(i.delayMs)}`);
    },
  };
  const ctx: ApplyContext = { client, kc, fieldManager: req.fieldManager ?? FIELD_MANAGER, retry, progress: say };

  // ---- the lock ----
  const identity = req.identity ?? defaultIdentity();
  if (lockWasFree && pre.live && nothingToApply(req, desired, pre.plan, pre.live)) {
    // No other run held the lock when the cluster was read, so no write of another run was under way then; and the
    // plan writes nothing. Taking the lock and reading again would find the same (a run that took the lock since is
    // later than this one, as if this one had held the lock first): the plan's reads are used as they are.
    say('apply: nothing to apply (no other run held the lock when the cluster was read): the lock is not taken');
    notes.push('nothing to apply: the cluster matched the repo when it was read and no other run held the lock then, so the lock was not taken and the cluster was not read again');
    const namespace = req.lock?.namespace ?? desired.settings.softwareFactory.namespace;
    const notTaken: HeldLock = { identity, namespace, name: req.lock?.name ?? LOCK_NAME, waitedMs: 0, lost: undefined, writes: 0, release: () => Promise.resolve(undefined) };
    let outcome: PartialOutcome;
    try {
      outcome = await underLock(req, ctx, desired, pre.plan, reviewed, notTaken, say, notes, pre.live);
    } catch (err) {
      outcome = { plan: pre.plan, steps: stepsBeforeRun(pre.plan), errors: [{ message: `unexpected error while applying: ${message(err).message}` }], ok: false, stage: 'apply' };
    }
    requests = client.requests;
    return done(outcome);
  }
  let lock: HeldLock;
  try {
    lock = await acquireLock(client, kc.makeApiClient(CoordinationV1Api), {
      namespace: req.lock?.namespace ?? desired.settings.softwareFactory.namespace,
      ...(req.lock?.name ? { name: req.lock.name } : {}),
      identity,
      ...(req.lock?.leaseDurationSeconds !== undefined ? { leaseDurationSeconds: req.lock.leaseDurationSeconds } : {}),
      ...(req.lock?.renewIntervalMs !== undefined ? { renewIntervalMs: req.lock.renewIntervalMs } : {}),
      ...(req.lock?.pollMs !== undefined ? { pollMs: req.lock.pollMs } : {}),
      waitMs: req.lockWaitMs ?? 300_000,
      ...(req.progressIntervalMs !== undefined ? { progressIntervalMs: req.progressIntervalMs } : {}),
      fieldManager: ctx.fieldManager,
      onProgress: say,
      retry,
      // The Lease as seen before the reads: taken on that very record, the reads need not be made again.
      ...(lockSeen.seen !== undefined && pre.live ? { seen: lockSeen.seen } : {}),
    });
  } catch (err) {
    requests = client.requests;
    return done({ plan: pre.plan, steps: stepsBeforeRun(pre.plan), errors: [message(err)], ok: false, stage: 'lock' });
  }
  say(`lock: holding Lease ${lock.namespace}/${lock.name} as ${JSON.stringify(identity)}${lock.waitedMs > 0 ? ` (waited ${secondsText(lock.waitedMs)})` : ''}`);
  // sf-operator's own config-update cannot be waited for: say so once, so nobody believes the Lease covers it.
  say(`lock: the Lease does not cover sf-operator's own config-update: that is a Zuul job (semaphore "semaphore-config-update") which runs generate-config.sh in the launcher and builder pods by kubectl exec from the Zuul executor; it takes no Lease and leaves no Job or pod in the namespace, so this run cannot see it or wait for it. Both refresh from the same config repository; if one ran meanwhile, the later refresh wins`);
  if (lock.tookOverFrom !== undefined) notes.push(`the lock was taken over from ${JSON.stringify(lock.tookOverFrom)}, whose Lease had expired (a run that crashed?)`);
  const lockInfo = (): ApplyOutcome['lock'] => ({
    identity,
    waitedMs: lock.waitedMs,
    writes: lock.writes,
    ...(lock.tookOverFrom !== undefined ? { tookOverFrom: lock.tookOverFrom } : {}),
  });

  // No run took the Lease between the GET made before the cluster was read and this run's write on that same
  // resourceVersion: no run wrote while this one read (a run writes only while it holds the Lease), so the reads
  // are those a read under the lock would make; they are used as they are.
  const planned = lock.unchangedSinceSeen ? pre.live : undefined;
  if (planned) notes.push('the lock was taken on the Lease as read before the cluster was read, unchanged since (no other run held it meanwhile): the cluster was not read again');
  let outcome: Omit<ApplyOutcome, 'validation' | 'notes' | 'requests' | 'durationMs' | 'writes'>;
  try {
    outcome = await underLock(req, ctx, desired, pre.plan, reviewed, lock, say, notes, planned);
  } catch (err) {
    // A bug of ours: still one line, and the lock is released below.
    outcome = { plan: pre.plan, steps: stepsBeforeRun(pre.plan), errors: [{ message: `unexpected error while applying: ${message(err).message}` }], ok: false, stage: 'apply' };
  } finally {
    const problem = await lock.release();
    if (problem) notes.push(problem);
    requests = client.requests;
  }
  return done({ ...outcome, lock: lockInfo() });
}

type PartialOutcome = Omit<ApplyOutcome, 'validation' | 'notes' | 'requests' | 'durationMs' | 'writes'>;

/** Long because everything between taking and releasing the lock is here, so that every path releases it. */
async function underLock(
  req: ApplyRequest,
  ctx: ApplyContext,
  desired: DesiredState,
  prePlan: Plan,
  reviewed: ReviewedPlan | undefined,
  lock: HeldLock,
  say: Say,
  notes: string[],
  /** The plan's reads, when they need not be made again (nothingToApply, or the Lease unchanged since it was read before them). */
  planned?: LiveState,
): Promise<PartialOutcome> {
  // The plan applied: read again, now that no other run can write.
  let plan: Plan;
  let lastLive: LiveState;
  try {
    lastLive = planned ?? await observe(ctx.client, desired, { concurrency: req.concurrency, reads: 'no-placement' });
    plan = diff(desired, lastLive);
  } catch (err) {
    const errors = err instanceof ObserveError ? err.errors.map(message) : [message(err)];
    return { plan: prePlan, steps: stepsBeforeRun(prePlan), errors, ok: false, stage: 'cluster' };
  }
  if (plan.blockers.length) {
    return { plan, steps: stepsBeforeRun(plan), errors: plan.blockers.map((m) => ({ message: m })), ok: false, stage: 'cluster' };
  }

  let guard: ApplyOutcome['guard'];
  if (reviewed) {
    const g = checkReviewedPlan(reviewed, plan);
    guard = { ok: g.ok, reviewedHash: reviewed.hash, hash: plan.hash, differences: g.differences };
    if (!g.ok) {
      say(`apply: stopped before any write: ${g.message ?? ''}`);
      for (const d of g.differences) say(`  ${d}`);
      const shown = g.differences.slice(0, 10).join('; ');
      return {
        plan,
        steps: stepsBeforeRun(plan),
        errors: [{
          message: `${g.message ?? 'the plan changed since it was reviewed'}: ${shown}${g.differences.length > 10 ? `; and ${g.differences.length - 10} more` : ''}`,
          hint: 'Nothing was written. What is applied now is not what was reviewed: review the change in a new pull request (its plan is applied when it merges), or plan it (`plan --format json`), review that file and apply it with `apply --plan`.',
        }],
        guard,
        ok: false,
        stage: 'guard',
      };
    }
    say(`apply: the plan is the one reviewed (${reviewed.hash})`);
    if (reviewed.plan) for (const w of weatherSinceReview(reviewed.plan, plan)) notes.push(w);
  }

  // ---- preflight: what must exist, the permissions of every request, a dry run of every write ----
  const live = lastLive;
  const pf = await preflight(ctx.kc, desired, live, plan, { mode: 'apply', ctx, ...(req.concurrency !== undefined ? { concurrency: req.concurrency } : {}) });
  for (const n of pf.notChecked) notes.push(`preflight: ${n}`);
  if (pf.problems.length) {
    say(`apply: stopped before any write: the preflight found ${pf.problems.length} problem${pf.problems.length === 1 ? '' : 's'}`);
    for (const p of pf.problems) say(`  ${p.message}`);
    return { plan, steps: stepsBeforeRun(plan), errors: pf.problems, ...(guard ? { guard } : {}), ok: false, stage: 'preflight' };
  }
  say(`apply: preflight passed (${pf.requests} check${pf.requests === 1 ? '' : 's'}: permissions and a dry run of every write)`);

  const { steps, failedStep, created } = await applySteps(req, ctx, desired, plan, lock, say, live);
  const errors: PlanError[] = [];
  // A change that turned out to need no write (a node gone since it was read, someone else's write meanwhile): an
  // unchanged step is not listed, so it is said here.
  for (const st of steps) {
    if (st.status === 'unchanged' && st.message && st.action !== 'unchanged' && st.action !== 'drift') notes.push(`${st.id}: ${st.message}`);
  }
  if (req.signal?.aborted) return interruptedOutcome(req.signal, plan, steps, say, guard);
  if (failedStep !== undefined) {
    const s = steps[failedStep];
    errors.push({
      message: `step ${failedStep + 1} of ${steps.length} (${s.id}) failed: ${s.message ?? 'failed'}`,
      hint: `${stoppedCounts(applyCounts({ steps }))}. Every write is safe to repeat: run apply again once the cause is fixed.`,
    });
    return { plan, steps, failedStep, errors, ...(guard ? { guard } : {}), ok: false, stage: 'apply' };
  }

  // Every change was made, but another run holds the lock now: what is deployed is not recorded under it.
  if (lock.lost) {
    errors.push({
      message: `the apply lock was lost after the last change was applied: ${lock.lost}`,
      hint: 'Every change was applied; what is deployed was not recorded, as another run holds the lock. Run apply again once it has finished: it finds nothing to change and records it.',
    });
    return { plan, steps, errors, ...(guard ? { guard } : {}), ok: false, stage: 'lock' };
  }

  // Steps that wrote what they had to but do not take effect (a provider key no container mounts, a config refresh
  // without a config repo): the run goes on, and fails at the end, saying what to do.
  for (const st of steps.filter((x) => x.status === 'incomplete')) {
    const secret = st.id.startsWith('Secret/');
    errors.push({
      message: `${secret ? st.id.replace(/^Secret\//, 'Secret ') : st.id}: ${st.message ?? 'not effective'}`,
      hint: secret
        ? 'Run `sf-operator deploy` so that the launcher and builder mount the new keys (then apply again), or, if a later deploy is planned, allow it with the input/flag allow-unmounted-secret-keys.'
        : 'Set a config repo in the SoftwareFactory resource (spec.config-location) and run `sf-operator deploy`, or give nodepool-api-url so that the labels Nodepool lists decide.',
    });
  }

  // ---- the state: what is now deployed and owned, for the next plan ----
  // A config refresh that did not take effect leaves the Nodepool files recorded as they were: the next plan
  // refreshes again.
  const refreshed = !steps.some((x) => x.id.startsWith('exec/') && x.status === 'incomplete');
  const stateError = await recordState(req, ctx, desired, plan, live, created, reviewed, say, notes, refreshed);
  if (stateError) return { plan, steps, errors: [...errors, stateError], ...(guard ? { guard } : {}), ok: false, stage: 'apply' };

  // ---- verify ----
  let verify: ApplyOutcome['verify'];
  if (req.verify) {
    const labels = desired.verify.nodepoolLabels;
    const unoffered = desired.verify.unoffered;
    if (unoffered.length) {
      const one = unoffered.length === 1;
      notes.push(`verify: ${one ? 'label' : 'labels'} ${unoffered.join(', ')} of nodepool.yaml ${one ? 'is' : 'are'} offered by no provider pool: Nodepool lists only the labels its pools offer, so ${one ? 'it was' : 'they were'} not waited for (a nodeset asking for ${one ? 'it' : 'one'} would end in NODE_FAILURE)`);
    }
    if (labels.length === 0) {
      notes.push('verify: nodepool.yaml declares no labels; nothing to verify');
    } else {
      say(`verify: waiting for Nodepool to list ${labels.length} label${labels.length === 1 ? '' : 's'}`);
      const r = await verifyLabels({
        url: req.verify.nodepoolApiUrl,
        labels,
        timeoutMs: req.verify.timeoutMs,
        ...(req.verify.pollMs !== undefined ? { pollMs: req.verify.pollMs } : {}),
        onProgress: say,
      });
      verify = { missing: r.missing, listed: r.listed, ...(r.error ? { error: r.error } : {}) };
      if (r.missing.length || r.error) {
        const why = r.missing.length
          ? `Nodepool does not list ${r.missing.length === 1 ? 'label' : 'labels'} ${r.missing.join(', ')} of nodepool.yaml after ${secondsText(req.verify.timeoutMs)}`
          : `could not verify the labels: ${r.error ?? ''}`;
        errors.push({
          message: `verify: ${why}${r.missing.length && r.error ? ` (last poll: ${r.error})` : ''}`,
          hint: 'Everything was applied. The launcher reloads its config by itself: look at its log (a provider failing to start, a label no pool provides) and run apply again.',
        });
        return { plan, steps, errors, verify, ...(guard ? { guard } : {}), ok: false, stage: 'verify' };
      }
      say(`verify: Nodepool lists every label of nodepool.yaml (${labels.length})`);
    }
  }
  if (errors.length) return { plan, steps, errors, ...(verify ? { verify } : {}), ...(guard ? { guard } : {}), ok: false, stage: 'incomplete' };
  return { plan, steps, errors, ...(verify ? { verify } : {}), ...(guard ? { guard } : {}), ok: true, stage: 'done' };
}


/**
 * The plan's steps through the executor table, in plan order: each step's outcome decides whether the next one runs
 * (StepRecorder keeps the outcomes and says them in order); every write itself is in io/cluster/steps/.
 */
async function applySteps(
  req: ApplyRequest,
  ctx: ApplyContext,
  desired: DesiredState,
  plan: Plan,
  lock: HeldLock,
  say: Say,
  live: LiveState,
): Promise<{ steps: AppliedStep[]; failedStep?: number; created: Set<string> }> {
  /** Pod-template ConfigMaps created by this run (`namespace/name`), for the state. */
  const created = new Set<string>();
  const rec = new StepRecorder(plan, { say, ...(req.onStep ? { onStep: req.onStep } : {}), ...(req.signal ? { signal: req.signal } : {}), messageOf: (err) => message(err).message });
  const env: StepEnv = { ctx, desired, live, options: stepOptions(req, lock), shared: { created } };
  const notStarted = (i: number): void => rec.fail(i, new Error(`not started: ${lock.lost ?? ''}`));

  // The plan's steps in order, by runs of one kind: unchanged and report-only steps are said, the others go to
  // their kind's executor (io/cluster/steps/), one by one or as a batch.
  let i = 0;
  while (i < plan.steps.length && !rec.stopped()) {
    if (lock.lost) {
      // The next step with a change is the one not started; with none left, the caller fails the run.
      const k = rec.steps.findIndex((s, x) => x >= i && s.status === 'not-run');
      if (k >= 0) notStarted(k);
      break;
    }
    const kind = plan.steps[i].kind;
    let j = i;
    while (j < plan.steps.length && plan.steps[j].kind === kind) j++;
    const todo: IndexedStep[] = [];
    for (let k = i; k < j; k++) {
      const step = plan.steps[k];
      if (step.action === 'unchanged' || step.action === 'drift') rec.skip(k);
      else todo.push({ index: k, step });
    }
    const executor = executorFor(kind);
    if (executor.runs === 'each') {
      for (const t of todo) {
        if (rec.stopped()) break;
        if (lock.lost) {
          notStarted(t.index);
          break;
        }
        await executor.apply(env, [t], rec);
      }
    } else if (todo.length) {
      await rec.inOrder(todo.map((t) => t.index), () => executor.apply(env, todo, rec));
      if (!rec.stopped() && lock.lost) {
        const k = todo.find((x) => rec.steps[x.index].status === 'not-run');
        if (k !== undefined) notStarted(k.index);
      }
    }
    i = j;
  }
  const { steps, failedStep } = rec;
  if (rec.interrupted()) {
    for (const s of steps) if (s.status === 'not-run') s.message = `not started (${String(req.signal?.reason)})`;
  } else if (failedStep === undefined) say(`apply: ${summaryLine(steps)}`);
  return { steps, created, ...(failedStep !== undefined ? { failedStep } : {}) };
}



function summaryLine(steps: AppliedStep[]): string {
  const applied = steps.filter((s) => s.status === 'applied').length;
  const unchanged = steps.filter((s) => s.status === 'unchanged').length;
  const writes = steps.reduce((n, s) => n + s.writes, 0);
  return `${applied} step${applied === 1 ? '' : 's'} applied (${writes} write${writes === 1 ? '' : 's'}), ${unchanged} unchanged`;
}

/**
 * Writes the state ConfigMap after every step succeeded: the commit, the plan hash (the reviewed one when there was
 * a review, which is what the pull-request comment showed), the Nodepool files' digests and content, and what
 * pool-reconciler owns now (the pools whose nodes carry its record, the pod-template ConfigMaps it created).
 */
async function recordState(
  req: ApplyRequest,
  ctx: ApplyContext,
  desired: DesiredState,
  plan: Plan,
  live: LiveState,
  created: Set<string>,
  reviewed: ReviewedPlan | undefined,
  say: (line: string) => void,
  notes: string[],
  refreshed = true,
): Promise<PlanError | undefined> {
  const next = nextState(req, desired, live, created, refreshed);
  if (next.unchanged) return undefined; // nothing new to record: applying twice writes nothing the second time
  const { np, content, pools, owned, declared } = next;
  const namespace = desired.settings.softwareFactory.namespace;
  try {
    const r = await writeState(ctx, namespace, {
      ...(desired.owner ? { owner: desired.owner } : {}),
      commit: req.commit,
      planHash: reviewed?.hash ?? plan.hash,
      appliedAt: new Date().toISOString(),
      nodepool: { digest: np.digest, files: np.files, content },
      managed: { pools, configMaps: owned, declared },
    }, live.stateExists ?? false);
    if (r.contentLeftOut) notes.push(`the Nodepool files are too large to keep in ConfigMap ${namespace}/${STATE_CONFIGMAP}: the next plan compares them with what is deployed by digest only, file by file`);
    say(`state: recorded commit ${req.commit.slice(0, 12)} and plan ${reviewed?.hash ?? plan.hash} in ConfigMap ${namespace}/${STATE_CONFIGMAP}`);
    return undefined;
  } catch (err) {
    return {
      message: `every step was applied, but the state could not be recorded in ConfigMap ${namespace}/${STATE_CONFIGMAP}: ${message(err).message}`,
      hint: `${message(err).hint ?? ''} Without it the next plan cannot tell what is deployed nor remove what this run created; run apply again once fixed.`.trim(),
    };
  }
}

/**
 * What the state ConfigMap will record after this run (the Nodepool files as refreshed, the pools and pod-template
 * ConfigMaps owned, what the repo declares per pool), and whether that is what it records already.
 */
function nextState(req: ApplyRequest, desired: DesiredState, live: LiveState, created: Set<string>, refreshed: boolean) {
  const prev = live.state;
  const desiredPools = desired.nodePools.map((p) => p.name);
  const pools = desired.settings.nodes === 'report-only' ? [...new Set([...(prev?.managed.pools ?? []), ...desiredPools])] : desiredPools;
  const wanted = new Set(desired.configMaps.filter((c) => c.role === 'pod-template').map((c) => `${c.namespace}/${c.name}`));
  const ownedSet = new Set<string>([...created].filter((ref) => wanted.has(ref)));
  for (const ref of prev?.managed.configMaps ?? []) if (wanted.has(ref)) ownedSet.add(ref);
  for (const c of live.configMaps) {
    const ref = `${c.namespace}/${c.name}`;
    if (wanted.has(ref) && c.labels[MANAGED_BY_LABEL] === MANAGED_BY_VALUE) ownedSet.add(ref);
  }
  const owned = [...ownedSet];
  const repoNp = nodepoolDigest(desired.nodepoolFiles);
  const unknown = { digest: 'sha256:not-deployed', files: {} as Record<string, string> };
  const np = refreshed ? repoNp : (prev?.nodepool ?? unknown);
  const content = refreshed
    ? Object.fromEntries(desired.nodepoolFiles.filter((f) => f.semantic).map((f) => [f.path, f.text]))
    : (prev?.nodepool.content ?? {});
  // What the repo declares per pool: the only labels and taints a later apply may remove (node-pool.ts).
  const declared: Record<string, { labels: string[]; taints: string[] }> = desired.settings.nodes === 'report-only' ? { ...(prev?.managed.declared ?? {}) } : {};
  for (const p of desired.nodePools) declared[p.name] = declaredOf(p);
  const same = (a: string[], b: string[]): boolean => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  const sameOwner = JSON.stringify(prev?.owner ?? null) === JSON.stringify(desired.owner ?? null);
  const unchanged = prev !== undefined && sameOwner && prev.commit === req.commit && prev.nodepool.digest === np.digest && prev.nodepool.content !== undefined
    && same(prev.managed.pools, pools) && same(prev.managed.configMaps, owned) && JSON.stringify(prev.managed.declared) === JSON.stringify(sortedDeclared(declared));
  return { unchanged, np, content, pools, owned, declared: sortedDeclared(declared) };
}

/**
 * Whether an apply of `plan` would write nothing at all: every step unchanged (no write, no rollout to wait for, no
 * config refresh), no blocker, and the state ConfigMap already records this commit and what it owns.
 */
function nothingToApply(req: ApplyRequest, desired: DesiredState, plan: Plan, live: LiveState): boolean {
  return plan.blockers.length === 0 && plan.steps.every((s) => s.action === 'unchanged') && nextState(req, desired, live, new Set(), true).unchanged;
}

function sortedDeclared(d: Record<string, { labels: string[]; taints: string[] }>): Record<string, { labels: string[]; taints: string[] }> {
  return Object.fromEntries(Object.keys(d).sort().map((p) => [p, { labels: [...d[p].labels].sort(), taints: [...d[p].taints].sort() }]));
}

/** The outcome of a run that SIGINT or SIGTERM stopped: what was applied, what was not, and that it is safe to run again. */
function interruptedOutcome(signal: AbortSignal, plan: Plan, steps: AppliedStep[], say: (line: string) => void, guard: ApplyOutcome['guard']): PartialOutcome {
  const by = signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
  const ids = (st: AppliedStep['status']): string[] => steps.filter((s) => s.status === st).map((s) => s.id);
  const message = `interrupted by ${by}: ${stoppedCounts(applyCounts({ steps }), 'written but not awaited')}`;
  say(`apply: ${message}`);
  for (const [st, word] of [['applied', 'applied'], ['incomplete', 'written, not awaited'], ['not-run', 'not run']] as const) {
    if (ids(st).length) say(`  ${word}: ${ids(st).join(', ')}`);
  }
  return {
    plan,
    steps,
    errors: [{ message, hint: 'The Lease was released and nothing is recorded as deployed. Every write is safe to repeat: run apply again (it waits for a rollout left in progress).' }],
    ...(guard ? { guard } : {}),
    ok: false,
    stage: 'interrupted',
    interruptedBy: by,
  };
}

/** What the executors need to know of the run's options. */
function stepOptions(req: ApplyRequest, lock: HeldLock): StepEnv['options'] {
  return {
    rolloutTimeoutMs: req.rolloutTimeoutMs,
    pollMs: req.pollMs ?? 2_000,
    progressIntervalMs: req.progressIntervalMs ?? 5_000,
    execTimeoutMs: req.execTimeoutMs ?? DEFAULT_EXEC_TIMEOUT,
    concurrency: req.concurrency ?? WRITE_CONCURRENCY,
    verify: req.verify !== undefined,
    allowUnmountedSecretKeys: req.allowUnmountedSecretKeys === true,
    ...(req.signal ? { signal: req.signal } : {}),
    lockLost: () => lock.lost,
  };
}
