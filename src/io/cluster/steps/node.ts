/**
 * Nodes: each pool's labels and taints by a JSON patch of only what changes, guarded by the resourceVersion read,
 * recomputed after a 409 (plan/node-pool.ts is the one computation); in parallel.
 */
import { applyNode } from '../write.js';
import type { NodeTarget } from '../write.js';
import { declaredFor } from '../../../plan/node-pool.js';
import type { PlanStep, NodeStep } from '../../../plan/types.js';
import type { LiveNode } from '../../../plan/live.js';
import { limited } from './parallel.js';
import type { StepEnv, StepExecutor } from './types.js';

/** The observed nodes by name, built once per observation. */
const byName = new WeakMap<StepEnv['live'], Map<string, LiveNode>>();

function targetOf(env: StepEnv, step: PlanStep): { node: LiveNode; target: NodeTarget } {
  let index = byName.get(env.live);
  if (!index) byName.set(env.live, (index = new Map(env.live.nodes.map((n) => [n.name, n]))));
  const node = index.get(step.object.name);
  if (!node) throw new Error(`the plan has step ${step.id} but node ${JSON.stringify(step.object.name)} was not read`);
  const pool = step.pool ?? '';
  // A pool no longer desired: only what the state records the repo declared there is removed.
  return { node, target: { pool: env.desired.nodePools.find((p) => p.name === pool), declared: declaredFor(env.live.state, pool), adopt: env.desired.settings.conflicts === 'adopt' } };
}

export const nodeExecutor: StepExecutor<NodeStep> = {
  runs: 'parallel',
  async apply(env, steps, sink) {
    await limited(steps, env.options.concurrency, () => sink.stopped() || env.options.lockLost() !== undefined, async ({ index, step }) => {
      try {
        const { node, target } = targetOf(env, step);
        sink.applied(index, await applyNode(env.ctx, node, target));
      } catch (err) {
        sink.fail(index, err);
      }
    });
  },
  async dryRun(env, step) {
    const { node, target } = targetOf(env, step);
    await applyNode(env.ctx, node, target);
  },
};
