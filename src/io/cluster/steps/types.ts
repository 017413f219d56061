/**
 * What every step executor of apply is given and reports to: the run's connection and options, what the plan read,
 * and a sink that records each step's outcome (applied, unchanged, incomplete, failed) and says it in plan order.
 */
import type { DesiredState } from '../../../desired/types.js';
import type { LiveState } from '../../../plan/live.js';
import type { PlanStep } from '../../../plan/types.js';
import type { ApplyContext, WriteResult } from '../apply-context.js';

export interface StepOptions {
  rolloutTimeoutMs: number;
  pollMs: number;
  progressIntervalMs: number;
  execTimeoutMs: number;
  /** At most this many writes in flight for the steps that run in parallel. */
  concurrency: number;
  /** The labels are verified through the Nodepool API after apply: a config refresh without a config repo is then not "incomplete". */
  verify: boolean;
  allowUnmountedSecretKeys: boolean;
  signal?: AbortSignal;
  /** Why the lock was lost, once it was: no step starts after that. */
  lockLost(): string | undefined;
}

export interface StepEnv {
  ctx: ApplyContext;
  desired: DesiredState;
  /** What the plan applied was computed from (read under the lock). */
  live: LiveState;
  options: StepOptions;
  /** Filled in as steps run: the Secret's resourceVersion once written, the pod-template ConfigMaps created. */
  shared: { secretRv?: string; created: Set<string> };
}

export interface StepSink {
  applied(index: number, r: Pick<WriteResult, 'status' | 'writes' | 'message'>): void;
  /** Written, but not effective yet (a provider key no container mounts, a refresh without a config repo, a rollout not awaited). */
  incomplete(index: number, message: string, writes?: number): void;
  fail(index: number, err: unknown, writes?: number): void;
  /** Writes and a message for a step still in progress (a template written, its rollout awaited next). */
  note(index: number, writes: number, message?: string): void;
  message(index: number): string | undefined;
  /** The run stops: a step failed, the run was interrupted, or the lock was lost. */
  stopped(): boolean;
  interrupted(): boolean;
  say(line: string): void;
}

export interface IndexedStep<S extends PlanStep = PlanStep> {
  index: number;
  step: S;
}

export interface StepExecutor<S extends PlanStep = PlanStep> {
  /**
   * `each`: steps run one after the other; `together`: consecutive steps of the kind run as one batch (the rollouts:
   * every template written, then awaited together); `parallel`: as a batch, with up to `concurrency` in flight.
   */
  runs: 'each' | 'together' | 'parallel';
  apply(env: StepEnv, steps: Array<IndexedStep<S>>, sink: StepSink): Promise<void>;
  /** The preflight's server-side dry run of the step's write (none for a step that writes nothing). */
  dryRun(env: StepEnv, step: S): Promise<void>;
}

