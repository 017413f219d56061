/**
 * Once after an apply: whether the Dispatch components and the recent CI pods carry the tolerations the repo asks
 * for (one more read of the cluster, with the TaskRun pods), and what a changed Tekton `config-defaults` means for
 * them. Reported, never a failure of the apply: `konvoy up` and Tekton, not pool-reconciler, write those pods.
 */
import type { ApplyOutcome } from '../plan/outcome.js';
import { placementLines } from '../report/plan.js';
import { runPlan } from './plan.js';
import type { PlanRequest } from './plan.js';

export interface AfterApplyPlacement {
  /** One sentence each (plain text): the placement section, and the config-defaults note. */
  lines: string[];
  /** Components and CI repositories that differ. */
  differences: number;
  /** The check could not be made: why. */
  error?: string;
}

/**
 * Tekton's controller reads `config-defaults` through a watch and applies it when it creates a TaskRun's pod; it
 * publishes no sign of having read a new version (no status, no event), so there is nothing to wait for: the pods of
 * the next TaskRun show it.
 */
export function configDefaultsNote(applied: Pick<ApplyOutcome, 'steps'>, tekton: { namespace: string; configMap: string }): string | undefined {
  const id = `ConfigMap/${tekton.namespace}/${tekton.configMap}`;
  const step = applied.steps.find((s) => s.id === id && s.status === 'applied' && s.writes > 0);
  if (!step) return undefined;
  return `Tekton's ${tekton.namespace}/${tekton.configMap} changed: Tekton applies the new default pod template to the pods of TaskRuns it starts from now on (it gives no sign of having read it, so nothing is awaited); the next TaskRun's pods will show it, and the next drift check compares them`;
}

export async function placementAfterApply(req: Omit<PlanRequest, 'ciPods' | 'preflight' | 'base' | 'nodepoolApi' | 'reads'>, applied: Pick<ApplyOutcome, 'steps'>): Promise<AfterApplyPlacement> {
  // Only the placement (and the nodes of the pools): apply itself does not read it (run/apply.ts); a repo that
  // declares no Dispatch placement sends no request.
  const outcome = await runPlan({ ...req, ciPods: true, preflight: false, reads: 'placement' });
  if (outcome.stage !== 'done' || outcome.errors.length) return { lines: [], differences: 0, error: outcome.errors[0]?.message ?? 'the cluster could not be read again' };
  const placement = outcome.placement;
  if (!placement) return { lines: [], differences: 0 };
  const settings = outcome.desired?.settings.dispatch;
  const note = settings ? configDefaultsNote(applied, { namespace: settings.tektonNamespace, configMap: settings.tektonConfigMap }) : undefined;
  return { lines: [...placementLines({ placement }), ...(note ? [note] : [])], differences: placement.differences };
}
