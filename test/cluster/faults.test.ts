/**
 * What a real server does to a run that a stand-in can only imitate: a node changed by someone else between the plan
 * and the apply (the reviewed-plan guard), a node changed between the tool's read and its write (the real server's
 * 409 Conflict on the resourceVersion), and the API server killed in the middle of an apply, then a rerun converging.
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../src/report/plan.js';
import { runApply } from '../../src/run/apply.js';
import { runPlan } from '../../src/run/plan.js';
import { SECRETS } from '../support/plan-helpers.js';
import { waitUntil } from './support/fixture.js';
import { startProxy } from './support/proxy.js';
import { applyRequest, planRequest } from './support/requests.js';
import { skipReason, useRealCluster } from './support/tier.js';

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

describe.skipIf(skipReason())('faults on a real cluster', () => {
  const tier = useRealCluster({ ciPods: false });
  const lines: string[] = [];

  it("a pool's label changed by someone else between plan and apply is weather: the reviewed plan applies, sets it back, and says what it wrote", async () => {
    const t = tier.get();
    const { core } = t.cluster;
    const planned = await runPlan(planRequest(t));
    expect(planned.errors).toEqual([]);
    // Someone sets the pool's label to another value on one node after the review.
    await core.patchNode({ name: 'worker-2', body: { metadata: { labels: { 'ci.example.org/workload': 'gpu' } } }, fieldManager: 'kubectl-label' }, merge);
    const o = await runApply(applyRequest(t, lines, { reviewedPlan: renderPlanJson(planned.plan as NonNullable<typeof planned.plan>) }));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(o.guard?.ok).toBe(true);
    expect(o.steps.find((s) => s.id === 'Node/worker-2')?.summary).toContain('label ci.example.org/workload: gpu → general');
    expect((await core.readNode({ name: 'worker-2' })).metadata?.labels?.['ci.example.org/workload']).toBe('general');
  });

  it('a node written by someone else between the tool\'s read and its write: the real 409, a re-read, both changes kept', async () => {
    const t = tier.get();
    const { core, cp } = t.cluster;
    // worker-3 lacks its pool's label (the test before may have converged it), so the apply writes it.
    await core.patchNode({ name: 'worker-3', body: { metadata: { labels: { 'ci.example.org/workload': null } } }, fieldManager: 'kubectl-label' }, merge);
    let interfered = false;
    const proxy = await startProxy({
      upstream: cp.url,
      upstreamCaPem: cp.caPem,
      ...cp.pki,
      hook: async (r) => {
        // Just before the tool's first write of worker-3, someone else labels it (its resourceVersion moves on).
        // (The preflight's dry run of the same patch comes first, and is not the write.)
        if (!interfered && r.path.startsWith('/api/v1/nodes/worker-3') && !r.path.includes('dryRun=All') && (r.method === 'PUT' || r.method === 'PATCH')) {
          interfered = true;
          await core.patchNode({ name: 'worker-3', body: { metadata: { labels: { 'team.example.org/owner': 'infra' } } }, fieldManager: 'kubectl-label' }, merge);
        }
      },
    });
    try {
      const o = await runApply(applyRequest(t, lines, { skipPlanCheck: true, kubeconfig: proxy.kubeconfig(t.cluster.toolKubeconfig) }));
      expect(o.errors).toEqual([]);
      expect(o.ok).toBe(true);
      expect(interfered).toBe(true);
      const writes = proxy.requests.filter((r) => r.path.startsWith('/api/v1/nodes/worker-3') && !r.path.includes('dryRun=All') && (r.method === 'PUT' || r.method === 'PATCH'));
      expect(writes.map((r) => r.status)).toEqual([409, 200]);
      const n = await core.readNode({ name: 'worker-3' });
      expect(n.metadata?.labels).toMatchObject({ 'team.example.org/owner': 'infra', 'ci.example.org/workload': 'general' });
      // The other writer's own value on worker-2 was the pool's label: the reconciler set it back.
      expect((await core.readNode({ name: 'worker-2' })).metadata?.labels?.['ci.example.org/workload']).toBe('general');
    } finally {
      await proxy.close();
    }
  });

  it('the API server killed in the middle of an apply (during the builder\'s exec): the run stops and says so; a rerun converges', async (ctx) => {
    const t = tier.get();
    if (t.cluster.cp.external) ctx.skip(true, 'an external cluster\'s API server is not ours to kill');
    const { cluster } = t;
    t.repo.edit('cluster.yaml', 'value: general', 'value: batch');
    // A Nodepool change, so that the apply runs the config refresh (exec) at all.
    t.repo.edit('nodepool/nodepool.yaml', 'rate: 0.5', 'rate: 0.6');
    cluster.slowExec('nodepool-builder', 3);
    const before = cluster.execs().length;
    const killer = (async () => {
      await waitUntil('the builder exec running', async () => cluster.execs().slice(before).some((e) => e.container === 'nodepool-builder'), 60_000, 20);
      await cluster.cp.killApiServer();
    })();
    const secrets = { ...SECRETS, 'clouds.yaml': SECRETS['clouds.yaml'].replace('project_name: ci', 'project_name: ci-3') };
    const o = await runApply(applyRequest(t, lines, {
      skipPlanCheck: true,
      secrets,
      lock: { pollMs: 200, leaseDurationSeconds: 5, renewIntervalMs: 1_000 },
      retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 200 },
      timeoutMs: 3_000,
    }));
    await killer;
    cluster.slowExec('nodepool-builder', 0);
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('apply');
    const failed = o.steps[o.failedStep ?? -1];
    expect(failed?.id).toBe('exec/builder');
    expect(o.steps.find((s) => s.id === 'Node/worker-1')?.status).toBe('not-run');
    await cluster.cp.startApiServer();

    // The rerun, once the server is back: waits for (or takes over) the crashed run's Lease, converges.
    const again = await runApply(applyRequest(t, lines, { skipPlanCheck: true, secrets, lock: { pollMs: 200, leaseDurationSeconds: 5 } }));
    if (!again.ok) console.log(lines.slice(-30).join('\n'));
    expect(again.errors).toEqual([]);
    expect(again.ok).toBe(true);
    expect(again.steps.filter((s) => s.status === 'applied' && s.action === 'update').map((s) => s.id)).toEqual(['Node/worker-1', 'Node/worker-2', 'Node/worker-3']);
    const after = await runPlan(planRequest(t, { secrets }));
    expect(after.plan?.changes).toBe(0);
    expect((await cluster.core.readNode({ name: 'worker-1' })).metadata?.labels?.['ci.example.org/workload']).toBe('batch');
  });
});
