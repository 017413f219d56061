/**
 * Where the repo asks the Dispatch components and the CI pods to run: each component's tolerations and nodeSelector
 * (from the addon values, as the cluster.yaml validator read them), the workloads that carry them
 * (config/dispatch-workloads.ts, with the settings' overrides), and the node pools each one targets. Compared with
 * the cluster by plan/placement.ts; never written (`konvoy up` writes the components, Tekton the CI pods). Pure.
 */
import { componentWorkloads, DISPATCH_COMPONENT_KEYS } from '../config/dispatch-workloads.js';
import type { DispatchComponentKey } from '../config/dispatch-workloads.js';
import type { Settings } from '../config/settings.js';
import { HARD_EFFECTS, NODE_POOL_LABEL, tolerates } from '../core/k8s.js';
import type { DesiredCiTemplate, DesiredComponent, DesiredInput, DesiredPlacement, PlacementSpec, Taint } from './types.js';

interface Pool {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
}

/**
 * The pools a placement targets: those whose labels (and `konvoy.mesosphere.com/node_pool`) its nodeSelector
 * matches and whose every NoSchedule/NoExecute taint it tolerates, when it chooses them (a nodeSelector) or
 * tolerates at least one of their hard taints. Sorted by name. Empty: it runs wherever the scheduler puts it.
 */
export function targetPools(spec: PlacementSpec, pools: readonly Pool[]): string[] {
  const selects = Object.keys(spec.nodeSelector).length > 0;
  const out: string[] = [];
  for (const p of pools) {
    const labels: Record<string, string> = { ...p.labels, [NODE_POOL_LABEL]: p.name };
    if (!Object.entries(spec.nodeSelector).every(([k, v]) => labels[k] === v)) continue;
    const hard = p.taints.filter((t) => HARD_EFFECTS.includes(t.effect));
    const tolerated = hard.filter((t) => spec.tolerations.some((tol) => tolerates(tol, t)));
    if (tolerated.length !== hard.length) continue;
    if (selects || tolerated.length > 0) out.push(p.name);
  }
  return [...new Set(out)].sort();
}

/** The placement the repo asks for, or undefined when it has neither a Dispatch addon nor pod templates. */
export function desiredPlacement(input: Pick<DesiredInput, 'dispatch' | 'podTemplates' | 'nodePools'>, settings: Pick<Settings, 'dispatch'>): DesiredPlacement | undefined {
  const templates = input.podTemplates.filter((t) => t.placement);
  if (!input.dispatch && templates.length === 0) return undefined;
  const pools = input.nodePools;
  const components: DesiredComponent[] = [];
  if (input.dispatch) {
    const given = new Map(input.dispatch.components.map((c) => [c.name, c]));
    for (const key of DISPATCH_COMPONENT_KEYS) {
      const c = given.get(key);
      const spec: PlacementSpec = { tolerations: c?.tolerations ?? [], nodeSelector: c?.nodeSelector ?? {} };
      const where = componentWorkloads(key as DispatchComponentKey, settings.dispatch);
      components.push({ key, namespace: where.namespace, workloads: where.workloads, ...spec, pools: targetPools(spec, pools), declared: c !== undefined });
    }
  }
  const ci: DesiredCiTemplate[] = [];
  const def = input.dispatch?.defaultPodTemplate;
  if (def) ci.push({ source: { kind: 'default' }, ...def, pools: targetPools(def, pools) });
  for (const t of templates) {
    const spec = t.placement!;
    ci.push({ source: { kind: 'repository', namespace: t.namespace, configMap: t.name, ...(t.file ? { file: t.file } : {}) }, ...spec, pools: targetPools(spec, pools) });
  }
  return { components, ci };
}
