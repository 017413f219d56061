/**
 * Apply as a table of executors: one per kind of plan step, keyed by kind, so that a step kind without an executor
 * does not compile. run/apply.ts walks the plan through it; the preflight dry-runs every write through it.
 */
import type { StepKind } from '../../../plan/types.js';
import { configMapExecutor } from './configmap.js';
import { execExecutor } from './exec.js';
import { nodeExecutor } from './node.js';
import { secretExecutor } from './secret.js';
import type { StepExecutor } from './types.js';
import { workloadExecutor } from './workload.js';

export const STEP_EXECUTORS: { readonly [K in StepKind]: StepExecutor } = {
  secret: secretExecutor,
  workload: workloadExecutor,
  exec: execExecutor,
  configmap: configMapExecutor,
  node: nodeExecutor,
};

export type { IndexedStep, StepEnv, StepExecutor, StepOptions, StepSink } from './types.js';
