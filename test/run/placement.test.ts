/**
 * Whether the tolerations took effect, end to end on the stand-in: the example repo's Dispatch components seeded as
 * the chart renders them (sandbox/dispatch-seed.ts), some without the repo's tolerations, and CI pods of one
 * repository namespace on the intended pool and of another off it. Plan says `konvoy up`; drift names exactly those
 * that differ and fails; nothing is written; the placement never enters the plan's intent or hash.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKubeApiServer } from '../support/kube-apiserver.js';
import type { KubeApiServer } from '../support/kube-apiserver.js';
import { copyExampleRepo } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { seedDispatch } from '../support/dispatch-seed.js';
import { SECRETS, node, workloads } from '../support/plan-helpers.js';
import { runPlan } from '../../src/run/plan.js';
import type { PlanRequest } from '../../src/run/plan.js';
import { planVerdict } from '../../src/run/exit.js';
import { planHash } from '../../src/plan/hash.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../src/report/plan.js';

const COMMIT = '5f2b8c0d9e7a4b3c2d1e0f9a8b7c6d5e4f3a2b1c';
const NODES = { dispatch: ['dispatch-1', 'dispatch-2', 'dispatch-3'], worker: ['worker-1', 'worker-2'] };
let server: KubeApiServer;
let repo: RepoCopy;

/** A second repository's pod template, in a namespace of its own. */
const WEB_TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-pod-template
  namespace: dispatch-ci-web
data:
  template: |-
    nodeSelector:
      konvoy.mesosphere.com/node_pool: dispatch
    tolerations:
    - effect: NoExecute
      key: konvoy.mesosphere.com/node_pool
      value: dispatch
      operator: Equal
`;

beforeEach(async () => {
  repo = copyExampleRepo();
  writeFileSync(path.join(repo.dir, 'dispatch/pod-templates/web.yaml'), WEB_TEMPLATE);
  server = await startKubeApiServer({ namespaces: ['sf', 'dispatch-ci', 'dispatch-ci-web', 'tekton-pipelines'] });
  for (const w of workloads()) server.put(w);
  server.runControllers()();
  server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-defaults', namespace: 'tekton-pipelines' }, data: { 'default-timeout-minutes': '60' } });
  for (const [pool, names] of Object.entries(NODES)) for (const n of names) server.put(node(n, pool));
  seedDispatch(server, repo.dir, { nodes: NODES, withoutTolerations: ['argo-cd.repoServer', 'tekton-dashboard'], ciOffPool: ['dispatch-ci'] });
});

afterEach(async () => {
  await server.close();
  repo.cleanup();
  expect(server.errors).toEqual([]);
});

const request = (over: Partial<PlanRequest> = {}): PlanRequest => ({ repoPath: repo.dir, kubeconfig: server.kubeconfigYaml('default'), secrets: { ...SECRETS }, commit: COMMIT, env: {}, preflight: false, ...over });

describe('placement: the Dispatch components and CI pods against the repo', () => {
  it('drift names exactly the components and the repository that differ, and fails', async () => {
    server.clearRequests();
    const o = await runPlan(request({ ciPods: true }));
    expect(o.errors).toEqual([]);
    const p = o.plan?.placement;
    expect(p).toBeDefined();
    const differs = p!.components.filter((c) => c.status === 'differs').map((c) => c.key);
    expect(differs).toEqual(['argo-cd.repoServer', 'tekton-dashboard']);
    expect(p!.components.filter((c) => c.status !== 'differs').every((c) => c.status === 'ok')).toBe(true);
    const repoServer = p!.components.find((c) => c.key === 'argo-cd.repoServer')!;
    expect(repoServer.workload).toBe('Deployment dispatch/argocd-repo-server');
    expect(repoServer.missing).toEqual(['konvoy.mesosphere.com/node_pool=dispatch:NoExecute']);
    expect(repoServer.message).toContain('needs `konvoy up`');

    expect(p!.ci?.map((r) => [r.namespace, r.status])).toEqual([['dispatch-ci', 'differs'], ['dispatch-ci-web', 'ok']]);
    const ci = p!.ci!.find((r) => r.namespace === 'dispatch-ci')!;
    expect(ci.problems).toHaveLength(1);
    expect(ci.problems[0]).toContain('dispatch-ci-build-2');
    expect(ci.problems[0]).toContain('lacks konvoy.mesosphere.com/node_pool=dispatch:NoExecute');
    expect(ci.problems[0]).toContain('on node worker-1 (pool worker)');
    expect(p!.differences).toBe(3);

    const verdict = planVerdict({ errors: 0, warnings: 0, clusterErrors: o.errors, changes: 0, drift: true, placementDifferences: p!.differences });
    expect(verdict.exitCode).toBe(2);
    expect(verdict.failures.join('\n')).toMatch(/3 Dispatch components or CI repositories/);

    const text = renderPlanText(o.plan!);
    expect(text).toContain('needs `konvoy up`: argo-cd.repoServer (Deployment dispatch/argocd-repo-server)');
    expect(text).toContain('needs `konvoy up`: tekton-dashboard (Deployment dispatch/tekton-dashboard)');
    expect(text).toContain('CI pods of the repository in namespace dispatch-ci');
    expect(text).not.toContain('CI pods of the repository in namespace dispatch-ci-web');
    expect(renderPlanMarkdown(o.plan!, { context: { mode: 'drift' } })).toContain('argo-cd.repoServer');
    expect(JSON.parse(renderPlanJson(o.plan!)).placement.differences).toBe(3);

    // Read only: one LIST per namespace and kind, one LIST of TaskRun pods, nothing written.
    const reqs = server.requestsMatching({});
    expect(reqs.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(server.count({ path: '/apis/apps/v1/namespaces/dispatch/deployments' })).toBe(1);
    expect(server.count({ path: '/apis/apps/v1/namespaces/tekton-pipelines/deployments' })).toBe(1);
    expect(server.count({ path: /^\/apis\/apps\/v1\/namespaces\/dispatch\/deployments\/./ })).toBe(0);
    expect(server.count({ path: '/api/v1/namespaces/dispatch/pods' })).toBe(1);
    expect(reqs.filter((r) => r.path === '/api/v1/pods' && r.query.labelSelector === 'tekton.dev/taskRun')).toHaveLength(1);
  });

  it('a plan says which components need `konvoy up` without reading CI pods, and keeps the placement out of the hash', async () => {
    const o = await runPlan(request());
    expect(o.errors).toEqual([]);
    const plan = o.plan!;
    expect(plan.placement?.ci).toBeUndefined();
    expect(plan.placement?.components.filter((c) => c.status === 'differs').map((c) => c.key)).toEqual(['argo-cd.repoServer', 'tekton-dashboard']);
    expect(renderPlanText(plan)).toContain('CI pods: not read in a plan');
    expect(server.requestsMatching({ path: '/api/v1/pods' }).filter((r) => r.query.labelSelector === 'tekton.dev/taskRun')).toEqual([]);
    expect(JSON.stringify(plan.intent)).not.toMatch(/argocd|placement|toleration/i);
    expect(plan.hash).toBe(planHash(plan));

    // The components fixed (as `konvoy up` would): the plan's hash does not move, only the placement does.
    seedDispatch(server, repo.dir, { nodes: NODES });
    const fixed = await runPlan(request());
    expect(fixed.plan?.placement?.differences).toBe(0);
    expect(fixed.plan?.hash).toBe(plan.hash);
  });

  it('a read the credentials may not make is said, not a failure', async () => {
    server.forbid({ verb: 'list', resource: 'deployments', namespace: 'dispatch' });
    const o = await runPlan(request());
    expect(o.errors).toEqual([]);
    const p = o.plan!.placement!;
    expect(p.notes.join('\n')).toMatch(/Deployments in namespace "dispatch" \(the Dispatch components\) could not be read/);
    expect(p.components.filter((c) => c.status === 'unread').map((c) => c.key)).toEqual(['dispatch', 'dispatch', 'argo-cd.controller', 'argo-cd.server', 'argo-cd.repoServer', 'tekton-dashboard']);
    expect(p.differences).toBe(0);
  });

  it('settings name other namespaces and workloads', async () => {
    writeFileSync(path.join(repo.dir, '.pool-reconciler.yaml'), `dispatch:
  pod-template-key: template
  components:
    argo-cd.repoServer:
      namespace: argocd
      workloads: [Deployment/dispatch-argocd-repo-server]
`);
    const o = await runPlan(request());
    const rs = o.plan!.placement!.components.find((c) => c.key === 'argo-cd.repoServer')!;
    expect(rs.workload).toBe('Deployment argocd/dispatch-argocd-repo-server');
    expect(rs.status).toBe('missing');
    expect(rs.message).toContain('dispatch.components.argo-cd.repoServer');
  });
});
