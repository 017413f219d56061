/**
 * Apply as a table of executors: one per kind of plan step, keyed by kind, so that a step kind without an executor
 * does not compile. run/apply.ts walks the plan through it; the preflight dry-runs every write through it.
 */
import type { PlanStep, StepKind } from '../../../plan/types.js';
import { configMapExecutor } from './configmap.js';
import { execExecutor } from './exec.js';
import { nodeExecutor } from './node.js';
import { secretExecutor } from './secret.js';
import type { StepExecutor } from './types.js';
import { workloadExecutor } from './workload.js';

export const STEP_EXECUTORS: { readonly [K in StepKind]: StepExecutor<Extract<PlanStep, { kind: K }>> } = {
  secret: secretExecutor,
  workload: workloadExecutor,
  exec: execExecutor,
  configmap: configMapExecutor,
  node: nodeExecutor,
};

/**
 * The executor of a kind, for steps of that kind (the plan's steps are dispatched by their own `kind`, so each
 * executor only ever gets its variant).
 */
export function executorFor(kind: StepKind): StepExecutor {
  return STEP_EXECUTORS[kind] as StepExecutor;
}

export type { IndexedStep, StepEnv, StepExecutor, StepOptions, StepSink } from './types.js';
