/**
 * Where each Dispatch addon values key's `tolerations` (and `nodeSelector`) end up: the Deployments and StatefulSets
 * whose pod template the chart renders them into, and their namespace. ONE table; `.pool-reconciler.yaml`
 * (`dispatch.namespace`, `dispatch.components`) overrides namespaces and names for a cluster that differs.
 *
 * Read from (2026-12, with the search tools):
 * - mesosphere/kubeaddons-dispatch `addons/dispatch/1.4.x/dispatch-10.yaml`: ClusterAddon `dispatch`, namespace
 *   `dispatch` (the Helm release namespace), chart `dispatch` 1.4.6 from https://mesosphere.github.io/dispatch,
 *   bundling Tekton 0.14.2; its values annotation points at mesosphere/charts `stable/dispatch/values.yaml`.
 * - mesosphere/charts `stable/dispatch` (chart 0.3.4, commit 7d490bcadcff; `staging/dispatch` 0.3.0 agrees): the
 *   Dispatch Deployments `{{fullname}}-repository-controller` and `{{fullname}}-event-sink` (fullname: the release
 *   name when it contains `dispatch`, so `dispatch-…`); its argo-cd subchart 0.5.4 names its Deployments
 *   `argocd-application-controller`, `argocd-server`, `argocd-repo-server` without a prefix; its tekton subchart
 *   names `tekton-pipelines-controller` and `tekton-pipelines-webhook` and sets no namespace (so they run where the
 *   chart puts `config-defaults`; Tekton's controller reads `config-defaults` from its own namespace,
 *   `SYSTEM_NAMESPACE`, which is why the `tekton` component's namespace defaults to `dispatch.tekton-namespace`); its
 *   tekton-dashboard subchart's Deployment is Tekton Dashboard's `tekton-dashboard`.
 * - The chart 1.4.6 itself (mesosphere.github.io/dispatch) is not among the sources the tools hold: that it keeps
 *   these names and passes each key's `tolerations` to these workloads is inferred from the value keys the Dispatch
 *   1.4 docs name (`dispatch.tolerations`, `argo-cd.controller.tolerations`, …) and the subcharts above. Where a
 *   cluster differs, `dispatch.components` in `.pool-reconciler.yaml` says so.
 */

export const DISPATCH_CHART_SOURCE = 'Dispatch addon 1.4.6 (mesosphere/kubeaddons-dispatch 1.4.x); names as in mesosphere/charts stable/dispatch 0.3.4';

/** The values keys that take `tolerations` and `nodeSelector`, in the values' order. */
export const DISPATCH_COMPONENT_KEYS = ['dispatch', 'argo-cd.controller', 'argo-cd.server', 'argo-cd.repoServer', 'tekton-dashboard', 'tekton'] as const;
export type DispatchComponentKey = (typeof DISPATCH_COMPONENT_KEYS)[number];

export interface DispatchWorkloadRef {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
}

export interface DispatchComponentWorkloads {
  /** `release`: the Dispatch release namespace (`dispatch.namespace`); `tekton`: `dispatch.tekton-namespace`. */
  namespace: 'release' | 'tekton';
  workloads: DispatchWorkloadRef[];
}

/** The table. */
export const DISPATCH_WORKLOADS: Readonly<Record<DispatchComponentKey, DispatchComponentWorkloads>> = {
  dispatch: { namespace: 'release', workloads: [{ kind: 'Deployment', name: 'dispatch-repository-controller' }, { kind: 'Deployment', name: 'dispatch-event-sink' }] },
  'argo-cd.controller': { namespace: 'release', workloads: [{ kind: 'Deployment', name: 'argocd-application-controller' }] },
  'argo-cd.server': { namespace: 'release', workloads: [{ kind: 'Deployment', name: 'argocd-server' }] },
  'argo-cd.repoServer': { namespace: 'release', workloads: [{ kind: 'Deployment', name: 'argocd-repo-server' }] },
  'tekton-dashboard': { namespace: 'release', workloads: [{ kind: 'Deployment', name: 'tekton-dashboard' }] },
  tekton: { namespace: 'tekton', workloads: [{ kind: 'Deployment', name: 'tekton-pipelines-controller' }, { kind: 'Deployment', name: 'tekton-pipelines-webhook' }] },
};

export const DISPATCH_RELEASE_NAMESPACE = 'dispatch';

/** `Deployment/name` or `StatefulSet/name` (the settings' spelling of a workload). */
export function parseWorkloadRef(s: string): DispatchWorkloadRef | undefined {
  const m = /^(Deployment|StatefulSet)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(s);
  return m ? { kind: m[1] as DispatchWorkloadRef['kind'], name: m[2] } : undefined;
}

/** A component's workloads and namespace after the settings' overrides. */
export function componentWorkloads(
  key: DispatchComponentKey,
  dispatch: { namespace: string; tektonNamespace: string; components: Partial<Record<DispatchComponentKey, { namespace?: string; workloads?: DispatchWorkloadRef[] }>> },
): { namespace: string; workloads: DispatchWorkloadRef[] } {
  const row = DISPATCH_WORKLOADS[key];
  const o = dispatch.components[key];
  return {
    namespace: o?.namespace ?? (row.namespace === 'tekton' ? dispatch.tektonNamespace : dispatch.namespace),
    workloads: o?.workloads ?? row.workloads,
  };
}
