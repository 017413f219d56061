/**
 * Issue 14 on a real cluster, as the least-privilege ServiceAccount of the README: after a first apply, each of the
 * four cases (remove the dispatch NoExecute taint; delete a pod-template file; `max-servers 20 → 40`; revert a merged
 * change) shows the change in the plan, apply performs it, and the next plan is empty. A taint and a label someone
 * else put on a node survive all of it, and a node field the client does not model survives the node patches.
 * One cluster for the file; each case first brings it to the same state (the example repo applied, the foreign taint
 * and label on dispatch-2, the plan empty), so any case runs alone (`-t 'case 4'`) or in any order.
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/run/apply.js';
import { runPlan } from '../../src/run/plan.js';
import type { Plan } from '../../src/plan/types.js';
import { applyRequest, planRequest } from './support/requests.js';
import { skipReason, useRealCluster } from './support/tier.js';
import type { TierHandle } from './support/tier.js';
import { EXAMPLE_REPO } from '../support/example-repo.js';

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const DISPATCH_TAINT = '      taints:\n        - key: konvoy.mesosphere.com/node_pool\n          value: dispatch\n          effect: NoExecute\n';
const FOREIGN_TAINT = { key: 'example.org/maintenance', value: 'true', effect: 'NoSchedule' };
const DISPATCH = ['dispatch-1', 'dispatch-2', 'dispatch-3'];
/** The files the cases change, as the example repo has them. */
const ORIGINALS = Object.fromEntries(
  ['cluster.yaml', 'dispatch/pod-templates/docs.yaml', 'nodepool/nodepool.yaml'].map((f) => [f, readFileSync(path.join(EXAMPLE_REPO, f), 'utf8')]),
);

describe.skipIf(skipReason())('issue 14 on a real cluster: every change shown, applied, and removed again', () => {
  const tier = useRealCluster();
  let lines: string[] = [];
  const changing = (p: Plan | undefined): string[] => (p?.steps ?? []).filter((s) => s.action !== 'unchanged').map((s) => `${s.action} ${s.id}`);
  const plan = async (t: TierHandle): Promise<Plan> => {
    const o = await runPlan(planRequest(t));
    expect(o.errors).toEqual([]);
    return o.plan as Plan;
  };
  const apply = async (t: TierHandle): Promise<void> => {
    const o = await runApply(applyRequest(t, lines, { skipPlanCheck: true }));
    if (!o.ok) console.log(lines.slice(-30).join('\n'));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
  };
  const converged = async (t: TierHandle): Promise<void> => {
    const p = await plan(t);
    expect(changing(p)).toEqual([]);
    expect(p.changes).toBe(0);
  };
  const taints = async (t: TierHandle, node: string): Promise<Array<{ key: string; value?: string; effect: string }>> =>
    ((await t.cluster.core.readNode({ name: node })).spec?.taints ?? []).map((x) => ({ key: x.key, ...(x.value ? { value: x.value } : {}), effect: x.effect }));
  const foreignKept = async (t: TierHandle): Promise<void> => {
    expect(await taints(t, 'dispatch-2')).toContainEqual(FOREIGN_TAINT);
    expect((await t.cluster.core.readNode({ name: 'dispatch-2' })).metadata?.labels?.['team.example.org/owner']).toBe('infra');
  };

  /**
   * The state every case starts from: the example repo's files as they are, applied; someone else's taint and label
   * on dispatch-2 (put there once, kept by every apply); nothing left to plan.
   */
  beforeEach(async () => {
    const t = tier.get();
    for (const [file, text] of Object.entries(ORIGINALS)) t.repo.write(file, text);
    lines = [];
    await apply(t);
    const node = await t.cluster.core.readNode({ name: 'dispatch-2' });
    if (node.metadata?.labels?.['team.example.org/owner'] !== 'infra') {
      await t.cluster.core.patchNode({ name: 'dispatch-2', body: { metadata: { labels: { 'team.example.org/owner': 'infra' } } }, fieldManager: 'kubectl-label' }, merge);
    }
    const cur = await taints(t, 'dispatch-2');
    if (!cur.some((x) => x.key === FOREIGN_TAINT.key)) {
      await t.cluster.core.patchNode({ name: 'dispatch-2', body: { spec: { taints: [...cur, FOREIGN_TAINT] } }, fieldManager: 'kubectl-taint' }, merge);
    }
    lines = [];
  });

  it('the starting state: the example repo applied, someone else\'s taint and label kept, nothing to plan', async () => {
    const t = tier.get();
    await foreignKept(t);
    await converged(t);
  });

  it('case 1: removing the dispatch NoExecute taint from cluster.yaml removes it from the pool\'s nodes', async () => {
    const t = tier.get();
    t.repo.edit('cluster.yaml', DISPATCH_TAINT, '');
    const p = await plan(t);
    expect(changing(p)).toEqual(DISPATCH.map((n) => `update Node/${n}`));
    expect(p.steps.find((s) => s.id === 'Node/dispatch-1')?.summary).toBe('taint konvoy.mesosphere.com/node_pool=dispatch:NoExecute removed; ownership record updated');
    await apply(t);
    for (const n of DISPATCH) expect((await taints(t, n)).some((x) => x.key === 'konvoy.mesosphere.com/node_pool')).toBe(false);
    await foreignKept(t);
    await converged(t);
  });

  it('case 2: deleting dispatch/pod-templates/docs.yaml deletes the ConfigMap pool-reconciler created', async () => {
    const t = tier.get();
    t.repo.remove('dispatch/pod-templates/docs.yaml');
    const p = await plan(t);
    expect(changing(p)).toEqual(['delete ConfigMap/dispatch-ci/docs-pod-template']);
    await apply(t);
    const left = (await t.cluster.core.listNamespacedConfigMap({ namespace: 'dispatch-ci' })).items.map((c) => c.metadata?.name);
    expect(left).not.toContain('docs-pod-template');
    expect(left).toContain('app-pod-template');
    await converged(t);
  });

  it('case 3: max-servers 20 → 40 is a Nodepool change: shown at its line, the refresh runs', async () => {
    const t = tier.get();
    t.repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: 40');
    const p = await plan(t);
    expect(p.changes).toBe(1);
    expect(p.nodepool?.baseline.kind).toBe('deployed');
    expect(p.nodepool?.changes.map((c) => c.text)).toEqual(['provider vexxhost-ca-ymq-1, pool main: max-servers 20 → 40']);
    expect(changing(p)).toEqual(['exec exec/launcher', 'exec exec/builder']);
    await apply(t);
    expect(lines.some((l) => /applied exec\/builder/.test(l))).toBe(true);
    await converged(t);
  });

  it('case 4: reverting the merged changes rolls them back', async () => {
    const t = tier.get();
    // The merged changes of cases 1 to 3, applied together.
    t.repo.edit('cluster.yaml', DISPATCH_TAINT, '');
    t.repo.remove('dispatch/pod-templates/docs.yaml');
    t.repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: 40');
    await apply(t);
    await converged(t);
    // The revert.
    for (const [file, text] of Object.entries(ORIGINALS)) t.repo.write(file, text);
    const p = await plan(t);
    expect(changing(p)).toEqual([
      'exec exec/launcher',
      'exec exec/builder',
      'create ConfigMap/dispatch-ci/docs-pod-template',
      ...DISPATCH.map((n) => `update Node/${n}`),
    ]);
    expect(p.nodepool?.changes.map((c) => c.text)).toEqual(['provider vexxhost-ca-ymq-1, pool main: max-servers 40 → 20']);
    await apply(t);
    for (const n of DISPATCH) expect(await taints(t, n)).toContainEqual({ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' });
    await foreignKept(t);
    await converged(t);
  });
});
