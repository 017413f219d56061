/**
 * What a run ended with, as plain data for the reports: an apply's steps and errors. The run layer fills it in;
 * report/ renders it, which is why it lives here, left of both.
 */
import type { ValidationResult } from '../validate/index.js';
import type { Plan, StepAction } from './types.js';

/** A cluster or run problem, said as a sentence, with what to do when there is something to do. */
export interface PlanError {
  message: string;
  hint?: string;
}

/** `incomplete`: written, but it does not take effect yet (a provider key no container mounts, a config refresh without a config repo). */
export type AppliedStatus = 'applied' | 'unchanged' | 'failed' | 'not-run' | 'incomplete';

export interface AppliedStep {
  /** The plan step's id (`Secret/sf/nodepool-providers-secrets`, `exec/launcher`, `Node/n1`, ...). */
  id: string;
  action: StepAction;
  summary: string;
  status: AppliedStatus;
  /** API writes the server accepted for this step (the lock's Lease writes are not counted). */
  writes: number;
  /** What happened, when there is more to say (the pod exec'd in, why it failed, why it did not run). */
  message?: string;
}

/** `interrupted`: SIGINT or SIGTERM (Ctrl-C, a cancelled job) stopped the run; `interruptedBy` names it. */
/**
 * One step's progress, as apply emits it (in plan order, every status, `unchanged` included): report/apply.ts renders
 * the terminal line from it, and the pull-request comment shows the latest. Redacted before it is emitted.
 */
export interface ApplyProgress {
  /** 1-based position in the plan. */
  index: number;
  total: number;
  status: AppliedStatus;
  id: string;
  summary: string;
  writes: number;
  message?: string;
}

export type ApplyStage = 'validation' | 'cluster' | 'lock' | 'guard' | 'preflight' | 'apply' | 'verify' | 'incomplete' | 'interrupted' | 'done';

export interface ApplyOutcome {
  /** The plan applied (computed under the lock); absent when validation or the cluster stopped the run first. */
  plan?: Plan;
  validation: ValidationResult;
  /** One per plan step, in plan order. */
  steps: AppliedStep[];
  /** Index in `steps` of the step that failed (the run stopped there). */
  failedStep?: number;
  /** Everything that kept the run from succeeding, as clear sentences (redacted). */
  errors: PlanError[];
  /** Present when verification ran: the labels of nodepool.yaml Nodepool does not list. */
  verify?: { missing: string[]; listed: string[]; error?: string };
  /** The plan-changed guard, when it ran. */
  guard?: { ok: boolean; reviewedHash: string; hash: string; differences: string[] };
  /** Writes in all (steps only; the lock's are in `lock`). */
  writes: number;
  ok: boolean;
  /** Where the run ended. */
  stage: ApplyStage;
  /** The signal that stopped the run (stage `interrupted`). */
  interruptedBy?: 'SIGINT' | 'SIGTERM';
  lock?: { identity: string; waitedMs: number; writes: number; tookOverFrom?: string };
  /** Things worth saying that are not failures (a lock taken over, a release that failed, verify skipped). */
  notes: string[];
  /** API requests sent (retries included; the pre-lock plan's too). */
  requests: number;
  durationMs: number;
}

