/**
 * Whether the tolerations took effect, on a real control plane (KWOK runs the pods, kube-scheduler places the
 * components' pods): the Dispatch components' Deployments as the chart renders them, the argo-cd repo server
 * without the repo's toleration, and TaskRun pods of the example's repository namespace, the newest off the dispatch
 * pool. Plan and drift read them as the tool's least-privilege ServiceAccount (the README's table), write nothing,
 * and say `konvoy up` for the repo server; drift names the repository whose last TaskRun ran off its pool.
 */
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/run/plan.js';
import { planVerdict } from '../../src/run/exit.js';
import { renderPlanMarkdown, renderPlanText } from '../../src/report/plan.js';
import { planRequest } from './support/requests.js';
import { skipReason, useRealCluster } from './support/tier.js';

const waitFor = async (what: string, ok: () => Promise<boolean>, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

describe.skipIf(skipReason())('placement on a real API server', () => {
  const tier = useRealCluster({ ciPods: false, dispatch: { withoutTolerations: ['argo-cd.repoServer'], ciOffPool: ['dispatch-ci'] } });

  it('a plan on a cluster whose argo-cd repo server lacks the repo\'s toleration says so and names `konvoy up`, as the least-privilege ServiceAccount', async () => {
    const t = tier.get();
    // The components' pods scheduled (by kube-scheduler) and running (KWOK).
    await waitFor('the Dispatch components\' pods running', async () => {
      const pods = (await t.cluster.core.listNamespacedPod({ namespace: t.cluster.namespaces.dispatch })).items;
      return pods.length >= 6 && pods.every((p) => p.status?.phase === 'Running');
    }, 90_000);
    const o = await runPlan(planRequest(t));
    expect(o.errors).toEqual([]);
    const p = o.plan?.placement;
    expect(p?.notes).toEqual([]); // every read allowed by the README's table
    expect(p?.components.filter((c) => c.status === 'differs').map((c) => c.workload)).toEqual(['Deployment dispatch/argocd-repo-server']);
    expect(p?.components.filter((c) => c.status !== 'differs').every((c) => c.status === 'ok')).toBe(true);
    const text = renderPlanText(o.plan!);
    expect(text).toContain('needs `konvoy up`: argo-cd.repoServer (Deployment dispatch/argocd-repo-server): its pod template lacks konvoy.mesosphere.com/node_pool=dispatch:NoExecute');
    expect(renderPlanMarkdown(o.plan!)).toContain('konvoy up');
    // Weather: the plan's changes and intent are what they are without the components.
    expect(JSON.stringify(o.plan!.intent)).not.toContain('argocd');
  });

  it('drift names the repository whose last TaskRun ran off the dispatch pool, and fails; nothing is written', async () => {
    const t = tier.get();
    const before = (await t.cluster.apps.readNamespacedDeployment({ name: 'argocd-repo-server', namespace: 'dispatch' })).metadata?.resourceVersion;
    const o = await runPlan(planRequest(t, { ciPods: true }));
    expect(o.errors).toEqual([]);
    const ci = o.plan?.placement?.ci ?? [];
    expect(ci.map((r) => [r.namespace, r.status])).toEqual([['dispatch-ci', 'differs']]);
    // The namespace holds two repositories' templates (app and docs): the pod matches neither.
    expect(ci[0].problems.join('\n')).toMatch(/pod dispatch-ci-build-2-pod \(TaskRun dispatch-ci-build-2\) matches none of pod template ConfigMap dispatch-ci\/app-pod-template, pod template ConfigMap dispatch-ci\/docs-pod-template: lacks konvoy\.mesosphere\.com\/node_pool=dispatch:NoExecute and ran on node worker-\d \(pool worker\)/);
    expect(ci[0].problems).toHaveLength(1);
    const verdict = planVerdict({ errors: 0, warnings: 0, clusterErrors: o.errors, changes: 0, drift: true, placementDifferences: o.plan?.placement?.differences });
    expect(verdict.exitCode).toBe(2);
    expect((await t.cluster.apps.readNamespacedDeployment({ name: 'argocd-repo-server', namespace: 'dispatch' })).metadata?.resourceVersion).toBe(before);
  });
});
