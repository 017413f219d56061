/**
 * Apply benchmark (issue 5): `runApply` end to end (validate the repo, plan, take the lock, plan again under it,
 * write, roll out, refresh Nodepool's config through exec, release) on the example config repo grown to 1,000
 * pod-template ConfigMaps over 50 namespaces, with 200 nodes in its two labelled pools. The cluster is the loopback
 * test API server in this process (its CPU is part of the time); rollouts complete at once and exec answers at once,
 * so the figures are the reconciler's own cost.
 *
 * Measured: the first apply on an empty cluster (everything to create), then a second apply on the result, which
 * must write nothing. Writes are the object writes the API server stored (`objectWrites` of the tests: the lock's
 * Lease, the preflight's dry runs and access reviews are not counted).
 *
 * Also: a launcher whose new pod never becomes ready, with `progressDeadlineSeconds: 1`: how long apply takes to fail
 * (the unit test checks that it fails on the deadline, from kubectl's message; the time is measured here).
 */
import { runApply } from '../src/run/apply.js';
import { runPlan } from '../src/run/plan.js';
import type { ApplyRequest } from '../src/run/apply.js';
import { startKubeApiServer } from '../test/support/kube-apiserver.js';
import type { KubeApiServer } from '../test/support/kube-apiserver.js';
import { workloads } from '../test/support/plan-helpers.js';
import { objectWrites, request, startCluster } from '../test/support/apply-helpers.js';
import type { RepoCopy } from '../test/support/example-repo.js';
import type { Figure } from './figures.js';
import { POOL_LABEL, repoWithPodTemplates, templateNamespace } from './pod-templates.js';

const CONFIGMAPS = 1000;
const NAMESPACES = 50;
const NODES = 200;
const ns = (i: number): string => templateNamespace(i, NAMESPACES);

async function cluster(): Promise<KubeApiServer> {
  const namespaces = ['sf', 'dispatch-ci', 'tekton-pipelines', ...Array.from({ length: NAMESPACES }, (_, i) => ns(i))];
  const server = await startKubeApiServer({ namespaces });
  // The Nodepool workloads as sf-operator deploys them; the stand-in's controllers create their ReplicaSet and pods,
  // and roll them out at once when apply changes them.
  for (const w of workloads('sf', '0')) server.put(w);
  server.runControllers({ stepMs: 0 });
  // Tekton's defaults as its installation leaves them: apply merges into them, and refuses to create them.
  server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-defaults', namespace: 'tekton-pipelines' }, data: { 'default-timeout-minutes': '60' } });
  for (const n of namespaces) server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: n }, data: { 'ca.crt': 'x'.repeat(1200) } });
  for (let i = 0; i < NODES; i++) {
    server.put({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${String(i).padStart(3, '0')}`, labels: { [POOL_LABEL]: i % 2 ? 'worker' : 'dispatch', 'kubernetes.io/hostname': `node-${i}` } },
      spec: { taints: i % 10 === 0 ? [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] : [] },
      status: { capacity: { cpu: '16', memory: '64Gi' }, images: Array.from({ length: 20 }, (_, j) => ({ names: [`registry.example.org/image-${j}:v${j}`], sizeBytes: 1e8 })) },
    });
  }
  server.onExec(() => ({ stdout: 'ok\n' }));
  return server;
}

const repo = (): RepoCopy => repoWithPodTemplates(CONFIGMAPS, NAMESPACES);

export async function benchApply(): Promise<Figure[]> {
  const server = await cluster();
  const r = repo();
  try {
    const req: ApplyRequest = {
      repoPath: r.dir,
      kubeconfig: server.kubeconfigYaml(),
      secrets: { 'clouds.yaml': 'clouds:\n  vexxhost:\n    auth: {password: bench}\n', 'kube.config': 'apiVersion: v1\nkind: Config\ncontexts: [{name: openshiftpods, context: {cluster: c, user: u}}]\ncurrent-context: openshiftpods\n' },
      commit: '0'.repeat(40),
      env: {},
      skipPlanCheck: true,
      rolloutTimeoutMs: 60_000,
      pollMs: 20,
      identity: 'bench',
    };
    const label = `${CONFIGMAPS.toLocaleString('en')} ConfigMaps / ${NAMESPACES} ns / ${NODES} nodes`;

    const t0 = performance.now();
    const first = await runApply(req);
    const firstMs = performance.now() - t0;
    if (!first.ok) throw new Error(`bench: the first apply failed: ${first.errors.map((e) => e.message).join('; ')}`);
    const firstWrites = objectWrites(server).length;
    const firstRequests = server.requests.length;

    server.clearRequests();
    const t1 = performance.now();
    const second = await runApply(req);
    const secondMs = performance.now() - t1;
    if (!second.ok) throw new Error(`bench: the second apply failed: ${second.errors.map((e) => e.message).join('; ')}`);
    const secondWrites = objectWrites(server).length;
    if (secondWrites !== 0) throw new Error(`bench: the second apply wrote ${secondWrites} objects`);
    const secondRequests = server.requests.length;

    server.clearRequests();
    const t2 = performance.now();
    const plan = await runPlan(req);
    const planMs = performance.now() - t2;
    if (plan.plan?.changes !== 0) throw new Error('bench: the plan after apply is not empty');

    return [
      { name: `apply time, ${label}, empty cluster`, value: firstMs, unit: 'ms' },
      { name: `writes, ${label}, empty cluster`, value: firstWrites, unit: 'writes' },
      { name: `API requests, ${label}, empty cluster`, value: firstRequests, unit: 'requests' },
      { name: `apply time, ${label}, second (no-op) apply`, value: secondMs, unit: 'ms' },
      { name: `writes, ${label}, second (no-op) apply`, value: secondWrites, unit: 'writes' },
      { name: `API requests, ${label}, second (no-op) apply`, value: secondRequests, unit: 'requests' },
      { name: `plan time alone, ${label}, converged (for comparison)`, value: planMs, unit: 'ms' },
      await benchRolloutDeadline(),
    ];
  } finally {
    await server.close();
    r.cleanup();
  }
}

/** The launcher's new pod never becomes ready; its Deployment's progress deadline is 1 s, apply's own timeout 15 s. */
async function benchRolloutDeadline(): Promise<Figure> {
  const c = await startCluster();
  try {
    c.stopRollouts();
    const d = c.server.get('Deployment', 'sf', 'nodepool-launcher')!;
    c.server.put({ ...d, spec: { ...(d.spec as object), progressDeadlineSeconds: 1 } });
    const stop = c.server.runControllers({ stepMs: 20, ready: (p) => p.metadata?.labels?.run !== 'nodepool-launcher' });
    const t0 = performance.now();
    const o = await runApply(request(c, { rolloutTimeoutMs: 15_000 }));
    const ms = performance.now() - t0;
    stop();
    const failed = o.steps.find((s) => s.status === 'failed');
    if (!failed?.message?.includes('exceeded its progress deadline')) throw new Error(`bench: the rollout did not fail on its deadline: ${failed?.message ?? 'no failed step'}`);
    return { name: 'apply failing on a launcher rollout past its progress deadline (1 s; own timeout 15 s) (target < 6,000)', value: ms, unit: 'ms' };
  } finally {
    await c.close();
  }
}

// `tsx bench/apply.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchApply()) console.log(`${f.name}: ${f.value.toFixed(0)} ${f.unit}`);
}
