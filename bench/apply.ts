/**
 * Apply benchmark (issue 5): `runApply` end to end (validate the repo, plan, take the lock, plan again under it,
 * write, roll out, refresh Nodepool's config through exec, release) on the example config repo grown to 1,000
 * pod-template ConfigMaps over 50 namespaces, with 200 nodes in its two labelled pools. The cluster is the loopback
 * test API server in this process (its CPU is part of the time); rollouts complete at once and exec answers at once,
 * so the figures are the reconciler's own cost.
 *
 * Measured: the first apply on an empty cluster (everything to create), then a second apply on the result, which
 * must write nothing. Writes are the object writes the API server accepted (the lock's Lease writes are counted
 * apart).
 */
import { runApply } from '../src/run/apply.js';
import { runPlan } from '../src/run/plan.js';
import type { ApplyRequest } from '../src/run/apply.js';
import { startKubeApiServer } from '../test/support/kube-apiserver.js';
import type { KubeApiServer } from '../test/support/kube-apiserver.js';
import { copyExampleRepo } from '../test/support/example-repo.js';
import type { RepoCopy } from '../test/support/example-repo.js';
import type { Figure } from './figures.js';

const CONFIGMAPS = 1000;
const NAMESPACES = 50;
const NODES = 200;
const POOL_LABEL = 'konvoy.mesosphere.com/node_pool';
const ns = (i: number): string => `ci-${String(i % NAMESPACES).padStart(2, '0')}`;

function podTemplate(i: number): string {
  return [
    `# Pod template of repository repo-${i}`,
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: repo-${i}-pod-template`,
    `  namespace: ${ns(i)}`,
    'data:',
    '  template: |-',
    '    nodeSelector:',
    `      ${POOL_LABEL}: dispatch`,
    '    tolerations:',
    '    - effect: NoExecute',
    `      key: ${POOL_LABEL}`,
    '      value: dispatch',
    '      operator: Equal',
    `    priorityClassName: ci-${i % 3}`,
    '',
  ].join('\n');
}

async function cluster(): Promise<KubeApiServer> {
  const namespaces = ['sf', 'dispatch-ci', 'tekton-pipelines', ...Array.from({ length: NAMESPACES }, (_, i) => ns(i))];
  const server = await startKubeApiServer({ namespaces });
  const template = { metadata: { annotations: { 'nodepool-providers-secrets': '0' } }, spec: { containers: [{ name: 'c', image: 'x' }] } };
  server.put({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nodepool-launcher', namespace: 'sf' }, spec: { replicas: 1, template } });
  server.put({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'nodepool-builder', namespace: 'sf' }, spec: { replicas: 1, template } });
  const pod = (name: string, container: string, labels: Record<string, string>): object => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'sf', labels },
    spec: { containers: [{ name: container, image: 'x' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
  server.put(pod('nodepool-launcher-bench', 'launcher', { run: 'nodepool-launcher' }));
  server.put(pod('nodepool-builder-0', 'nodepool-builder', { run: 'nodepool-builder' }));
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
  server.autoRollout();
  server.onExec(() => ({ stdout: 'ok\n' }));
  return server;
}

function repo(): RepoCopy {
  const r = copyExampleRepo();
  for (let i = 0; i < CONFIGMAPS; i++) r.write(`dispatch/pod-templates/repo-${String(i).padStart(4, '0')}.yaml`, podTemplate(i));
  return r;
}

const objectWrites = (s: KubeApiServer): number =>
  s.requests.filter((r) => r.method !== 'GET' && !r.path.includes('/leases')).length;

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
    const firstWrites = objectWrites(server);
    const firstRequests = server.requests.length;

    server.clearRequests();
    const t1 = performance.now();
    const second = await runApply(req);
    const secondMs = performance.now() - t1;
    if (!second.ok) throw new Error(`bench: the second apply failed: ${second.errors.map((e) => e.message).join('; ')}`);
    const secondWrites = objectWrites(server);
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
    ];
  } finally {
    await server.close();
    r.cleanup();
  }
}

// `tsx bench/apply.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchApply()) console.log(`${f.name}: ${f.value.toFixed(0)} ${f.unit}`);
}
