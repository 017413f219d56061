/**
 * A reconciler shows every change and removes what it applied (issue 14), on the stand-in: after a first apply,
 * each of the four cases (remove the dispatch NoExecute taint; delete a pod-template file; `max-servers 20 → 40`;
 * revert a merged change) shows the change in the plan, apply performs it, and the next plan is empty. A taint and
 * a label someone else put on a node, and a ConfigMap pool-reconciler did not create, survive all of it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/run/apply.js';
import { runPlan } from '../../src/run/plan.js';
import type { Plan } from '../../src/plan/types.js';
import { STATE_CONFIGMAP } from '../../src/plan/state.js';
import { NODE_OWNERSHIP_ANNOTATION } from '../../src/plan/node-pool.js';
import { objectWrites, request, startCluster } from '../support/apply-helpers.js';
import type { Cluster } from '../support/apply-helpers.js';

const DISPATCH_TAINT = '      taints:\n        - key: konvoy.mesosphere.com/node_pool\n          value: dispatch\n          effect: NoExecute\n';
const FOREIGN = { key: 'example.com/maintenance', value: 'true', effect: 'NoSchedule' };

let c: Cluster;
beforeEach(async () => {
  c = await startCluster();
});
afterEach(async () => {
  await c.close();
  expect(c.server.errors).toEqual([]);
});

const changing = (p: Plan): string[] => p.steps.filter((s) => s.action !== 'unchanged').map((s) => `${s.action} ${s.id}: ${s.summary}`);

async function plan(): Promise<Plan> {
  const o = await runPlan(request(c));
  expect(o.errors).toEqual([]);
  expect(o.stage).toBe('done');
  return o.plan!;
}

async function apply(): Promise<void> {
  const o = await runApply(request(c));
  expect(o.errors).toEqual([]);
  expect(o.ok).toBe(true);
}

/** The plan after an apply: nothing at all, and an apply of it writes nothing. */
async function expectConverged(): Promise<void> {
  const p = await plan();
  expect(changing(p)).toEqual([]);
  expect(p.changes).toBe(0);
  expect(p.nodepool?.refresh).toBe(false);
  c.server.clearRequests();
  await apply();
  expect(objectWrites(c.server)).toEqual([]);
}

function taints(node: string): Array<{ key: string; value?: string; effect: string }> {
  return ((c.server.get('Node', node)?.spec as { taints?: Array<{ key: string; value?: string; effect: string }> } | undefined)?.taints) ?? [];
}

function foreignThings(): void {
  const n = c.server.get('Node', 'dispatch-1')!;
  (n.spec as { taints: object[] }).taints.push(FOREIGN);
  n.metadata!.labels!['example.com/rack'] = 'r12';
  c.server.put(n);
  c.server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hand-made', namespace: 'dispatch-ci' }, data: { x: 'y' } });
}

function expectForeignThingsKept(): void {
  expect(taints('dispatch-1')).toContainEqual(FOREIGN);
  expect(c.server.get('Node', 'dispatch-1')?.metadata?.labels?.['example.com/rack']).toBe('r12');
  expect(c.server.get('ConfigMap', 'dispatch-ci', 'hand-made')).toBeDefined();
}

describe('the four cases of issue 14', () => {
  beforeEach(async () => {
    await apply();
    foreignThings();
    await expectConverged();
    // The first apply recorded what it deployed and owns.
    const state = c.server.get('ConfigMap', 'sf', STATE_CONFIGMAP);
    expect(state?.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('pool-reconciler');
    expect(JSON.parse((state?.data as Record<string, string>).managed)).toEqual({
      pools: ['dispatch', 'worker'],
      configMaps: ['dispatch-ci/app-pod-template', 'dispatch-ci/docs-pod-template'],
    });
    expect(c.server.get('Node', 'dispatch-1')?.metadata?.annotations?.[NODE_OWNERSHIP_ANNOTATION]).toBeDefined();
  });

  it('removing the dispatch NoExecute taint from cluster.yaml removes it from the pool\'s nodes, and only it', async () => {
    c.repo.edit('cluster.yaml', DISPATCH_TAINT, '');
    const p = await plan();
    expect(changing(p)).toEqual(['dispatch-1', 'dispatch-2', 'dispatch-3'].map((n) =>
      `update Node/${n}: taint konvoy.mesosphere.com/node_pool=dispatch:NoExecute removed; ownership record updated`));
    expect(p.changes).toBe(3);
    await apply();
    for (const n of ['dispatch-1', 'dispatch-2', 'dispatch-3']) expect(taints(n).some((t) => t.key === 'konvoy.mesosphere.com/node_pool')).toBe(false);
    expectForeignThingsKept();
    await expectConverged();
  });

  it('deleting dispatch/pod-templates/docs.yaml deletes the ConfigMap it created, and only it', async () => {
    c.repo.remove('dispatch/pod-templates/docs.yaml');
    const p = await plan();
    expect(changing(p)).toEqual(['delete ConfigMap/dispatch-ci/docs-pod-template: delete: created by pool-reconciler, no longer in the repo']);
    expect(p.changes).toBe(1);
    await apply();
    expect(c.server.get('ConfigMap', 'dispatch-ci', 'docs-pod-template')).toBeUndefined();
    expectForeignThingsKept();
    await expectConverged();
  });

  it('max-servers 20 → 40 in nodepool.yaml is a change for Nodepool: the plan shows it at its line, apply refreshes', async () => {
    c.repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: 40');
    const line = c.repo.read('nodepool/nodepool.yaml').split('\n').findIndex((l) => l.includes('max-servers: 40')) + 1;
    const p = await plan();
    expect(p.changes).toBe(1);
    expect(p.nodepool).toMatchObject({
      baseline: { kind: 'deployed' },
      refresh: true,
      changes: [{ file: 'nodepool/nodepool.yaml', line, op: 'change', text: 'provider vexxhost-ca-ymq-1, pool main: max-servers 20 → 40' }],
    });
    expect(changing(p).map((s) => s.split(':')[0])).toEqual(['exec exec/launcher', 'exec exec/builder']);
    c.execs.length = 0;
    await apply();
    expect(c.execs.map((e) => e.pod)).toEqual(['nodepool-launcher-7d9f-abcde', 'nodepool-builder-0']);
    expectForeignThingsKept();
    await expectConverged();
  });

  it('reverting a merged change rolls it back', async () => {
    const cluster = c.repo.read('cluster.yaml');
    const docs = c.repo.read('dispatch/pod-templates/docs.yaml');
    const nodepool = c.repo.read('nodepool/nodepool.yaml');
    // The merged change: all three at once.
    c.repo.edit('cluster.yaml', DISPATCH_TAINT, '');
    c.repo.remove('dispatch/pod-templates/docs.yaml');
    c.repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: 40');
    await apply();
    await expectConverged();
    // The revert.
    c.repo.write('cluster.yaml', cluster);
    c.repo.write('dispatch/pod-templates/docs.yaml', docs);
    c.repo.write('nodepool/nodepool.yaml', nodepool);
    const p = await plan();
    expect(changing(p)).toEqual([
      'exec exec/launcher: /usr/local/bin/generate-config.sh 5f2b8c0d9e7a4b3c2d1e0f9a8b7c6d5e4f3a2b1c (Nodepool config refresh, launcher)',
      'exec exec/builder: NODEPOOL_CONFIG_FILE=nodepool-builder.yaml /usr/local/bin/generate-config.sh 5f2b8c0d9e7a4b3c2d1e0f9a8b7c6d5e4f3a2b1c (Nodepool config refresh, builder)',
      'create ConfigMap/dispatch-ci/docs-pod-template: create: pod template in data key template, 2 labels',
      ...['dispatch-1', 'dispatch-2', 'dispatch-3'].map((n) => `update Node/${n}: taint konvoy.mesosphere.com/node_pool=dispatch:NoExecute added; ownership record updated`),
    ]);
    expect(p.nodepool?.changes.map((x) => x.text)).toEqual(['provider vexxhost-ca-ymq-1, pool main: max-servers 40 → 20']);
    await apply();
    for (const n of ['dispatch-1', 'dispatch-2', 'dispatch-3']) expect(taints(n)).toContainEqual({ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' });
    expect(c.server.get('ConfigMap', 'dispatch-ci', 'docs-pod-template')).toBeDefined();
    expectForeignThingsKept();
    await expectConverged();
  });
});
