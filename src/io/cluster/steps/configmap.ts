/**
 * ConfigMaps: Tekton's config-defaults and the pod templates (created with the managed-by label, or only the owned
 * keys and labels merge-patched), and the ones pool-reconciler created that the repo dropped (deleted); in parallel.
 */
import { applyConfigMap, deleteConfigMap } from '../write.js';
import { stepId } from '../../../plan/types.js';
import type { PlanStep, ConfigMapStep } from '../../../plan/types.js';
import type { DesiredConfigMap } from '../../../desired/types.js';
import { limited } from './parallel.js';
import type { StepEnv, StepExecutor } from './types.js';

/** The desired ConfigMaps by step id, built once per desired state (a thousand steps look theirs up). */
const byId = new WeakMap<StepEnv['desired'], Map<string, DesiredConfigMap>>();

function desiredOf(env: StepEnv, step: PlanStep): DesiredConfigMap {
  let index = byId.get(env.desired);
  if (!index) byId.set(env.desired, (index = new Map(env.desired.configMaps.map((c) => [stepId({ kind: 'ConfigMap', namespace: c.namespace, name: c.name }), c]))));
  const cm = index.get(step.id);
  if (!cm) throw new Error(`the plan has step ${step.id} but no such ConfigMap is desired`);
  return cm;
}

export const configMapExecutor: StepExecutor<ConfigMapStep> = {
  runs: 'parallel',
  async apply(env, steps, sink) {
    await limited(steps, env.options.concurrency, () => sink.stopped() || env.options.lockLost() !== undefined, async ({ index, step }) => {
      try {
        if (step.action === 'delete') {
          const l = (env.live.recordedConfigMaps ?? []).find((c) => stepId({ kind: 'ConfigMap', namespace: c.namespace, name: c.name }) === step.id);
          sink.applied(index, await deleteConfigMap(env.ctx, step.object.namespace ?? '', step.object.name, l?.resourceVersion, env.desired.owner));
          return;
        }
        const cm = desiredOf(env, step);
        const r = await applyConfigMap(env.ctx, cm, step.action !== 'create', env.desired.owner);
        if (r.created) env.shared.created.add(`${cm.namespace}/${cm.name}`);
        sink.applied(index, r);
      } catch (err) {
        sink.fail(index, err);
      }
    });
  },
  async dryRun(env, step) {
    if (step.action === 'delete') return; // a delete of our own object: permissions are checked, the rest cannot refuse it
    await applyConfigMap(env.ctx, desiredOf(env, step), step.action !== 'create', env.desired.owner);
  },
};
