/**
 * Plan benchmark (issue 4): plan time and API requests for 10, 100 and 1,000 pod-template ConfigMaps spread over
 * 50 namespaces, with 200 nodes in two pools, the providers Secret and the Nodepool workloads. The cluster is the
 * loopback test API server, in this process: its own CPU is part of the time. Each size is measured on a converged
 * cluster (every object in place: the usual pull-request case) and on an empty one (every ConfigMap to create).
 *
 * "plan" = desired state + reading the cluster through the real client-node + diff + Markdown and JSON renderings.
 * Requests must not grow with the number of objects in a namespace: one per (kind, namespace).
 */
import { desire } from '../src/desired/desired.js';
import type { DesiredInput, DesiredState } from '../src/desired/types.js';
import { loadKubeConfig, makeClusterClient } from '../src/io/cluster/client.js';
import { observe } from '../src/io/cluster/observe.js';
import { diff } from '../src/plan/diff.js';
import { renderPlanJson, renderPlanMarkdown } from '../src/report/plan.js';
import { settingsFrom } from '../src/config/settings.js';
import { startKubeApiServer } from '../test/support/kube-apiserver.js';
import type { KubeApiServer } from '../test/support/kube-apiserver.js';
import { putDesired, workloads } from '../test/support/plan-helpers.js';
import { median } from './figures.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const NAMESPACES = 50;
const NODES = 200;
const RUNS = 5;
const POOL_LABEL = 'konvoy.mesosphere.com/node_pool';

function input(configMaps: number): DesiredInput {
  const template = (i: number): string =>
    `nodeSelector:\n  ${POOL_LABEL}: dispatch\ntolerations:\n- effect: NoExecute\n  key: ${POOL_LABEL}\n  operator: Equal\n  value: dispatch\npriorityClassName: ci-${i % 3}\n`;
  return {
    settings: settingsFrom(undefined),
    commit: '0'.repeat(40),
    secrets: { 'clouds.yaml': 'clouds:\n  c:\n    auth: {password: bench}\n', 'kube.config': 'contexts: [{name: k, context: {cluster: c, user: u}}]\n' },
    nodepoolLabels: [],
    nodepoolChanged: true,
    nodePools: [
      { name: 'dispatch', labels: { [POOL_LABEL]: 'dispatch', 'ci.example.org/role': 'ci' }, taints: [{ key: POOL_LABEL, value: 'dispatch', effect: 'NoExecute' }] },
      { name: 'worker', labels: { 'ci.example.org/workload': 'general' }, taints: [] },
    ],
    tektonDefaultPodTemplate: template(0),
    podTemplates: Array.from({ length: configMaps }, (_, i) => ({
      name: `repo-${i}-pod-template`,
      namespace: `ci-${String(i % NAMESPACES).padStart(2, '0')}`,
      key: 'template',
      value: template(i),
      file: `dispatch/pod-templates/repo-${i}.yaml`,
    })),
  };
}

async function cluster(d: DesiredState, converged: boolean): Promise<KubeApiServer> {
  const namespaces = ['sf', 'tekton-pipelines', ...Array.from({ length: NAMESPACES }, (_, i) => `ci-${String(i).padStart(2, '0')}`)];
  const server = await startKubeApiServer({ namespaces });
  // The Nodepool workloads as sf-operator renders them (a subPath mount per key of the providers Secret).
  for (const w of workloads('sf', '0')) server.put(w);
  // Every namespace also holds ConfigMaps that are not the reconciler's (as kube-root-ca.crt is everywhere).
  for (const ns of namespaces) server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: ns }, data: { 'ca.crt': 'x'.repeat(1200) } });
  for (let i = 0; i < NODES; i++) {
    const pool = i % 2 ? 'worker' : 'dispatch';
    server.put({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${String(i).padStart(3, '0')}`, labels: { [POOL_LABEL]: pool, 'kubernetes.io/hostname': `node-${i}` } },
      spec: { taints: [] },
      status: { capacity: { cpu: '16', memory: '64Gi' }, images: Array.from({ length: 20 }, (_, j) => ({ names: [`registry.example.org/image-${j}:v${j}`], sizeBytes: 1e8 })) },
    });
  }
  if (converged) {
    // Each pod template also holds a key someone else wrote; then everything as apply leaves it (ownership records too).
    for (const cm of d.configMaps) server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cm.name, namespace: cm.namespace }, data: { other: 'not ours' } });
    putDesired(server, d);
  }
  // The stand-in's controllers roll the workloads out (ReplicaSet, pods of the current template), then stop: a
  // converged cluster has no unfinished rollout.
  const stop = server.runControllers({ stepMs: 0 });
  await new Promise((r) => setTimeout(r, 300));
  stop();
  return server;
}

async function measure(configMaps: number, converged: boolean): Promise<{ ms: number; requests: number; changes: number }> {
  const inp = input(configMaps);
  const d0 = desire(inp);
  const server = await cluster(d0, converged);
  try {
    const kc = loadKubeConfig({ yaml: server.kubeconfigYaml() });
    const once = async (): Promise<{ ms: number; requests: number; changes: number }> => {
      const t0 = performance.now();
      const client = makeClusterClient(kc);
      const d = desire(inp);
      const live = await observe(client, d);
      const plan = diff(d, live);
      renderPlanMarkdown(plan);
      renderPlanJson(plan);
      return { ms: performance.now() - t0, requests: client.requests, changes: plan.changes };
    };
    await once(); // warm-up
    const runs: Array<{ ms: number; requests: number; changes: number }> = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once());
    return { ms: median(runs.map((r) => r.ms)), requests: runs[0].requests, changes: runs[0].changes };
  } finally {
    await server.close();
  }
}

export async function benchPlan(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const requests: Record<string, number> = {};
  for (const converged of [true, false]) {
    const state = converged ? 'converged' : 'empty cluster';
    for (const n of [10, 100, 1000]) {
      const r = await measure(n, converged);
      const label = `${n} ConfigMaps / ${NAMESPACES} ns / ${NODES} nodes, ${state}`;
      out.push({ name: `plan time, ${label}`, value: r.ms, unit: 'ms' });
      out.push({ name: `API requests, ${label}`, value: r.requests, unit: 'requests' });
      requests[`${state}/${n}`] = r.requests;
      if (converged && r.changes !== 0) throw new Error(`bench: a converged cluster planned ${r.changes} changes`);
    }
  }
  out.push({ name: 'requests for 1,000 ConfigMaps / requests for 100 (converged; must be 1)', value: requests['converged/1000'] / requests['converged/100'], unit: 'x' });
  return out;
}
