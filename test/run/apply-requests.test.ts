/**
 * Requests of a nothing-to-do apply (issue 29): no more than a converged plan's: the one GET of the Lease that tells
 * no other run is writing, and not the placement reads (read once after apply); counted at the loopback API server,
 * never timed. And the cases where it must
 * still take the lock and read again: another run holds the Lease, or the state would record something new.
 */
import { describe, expect, it } from 'vitest';
import { runApply } from '../../src/run/apply.js';
import { runPlan } from '../../src/run/plan.js';
import { placementAfterApply } from '../../src/run/placement.js';
import { placementLines } from '../../src/report/plan.js';
import { eachCluster, objectWrites, request } from '../support/apply-helpers.js';
import type { Cluster } from '../support/apply-helpers.js';

let c: Cluster;
eachCluster((x) => (c = x));

const leaseRequests = (): string[] => c.server.requests.filter((r) => r.path.includes('/leases')).map((r) => r.method);

describe('a nothing-to-do apply', () => {
  it('sends the converged plan\'s reads and one GET of the Lease, and writes nothing', async () => {
    expect((await runApply(request(c))).ok).toBe(true);
    c.server.clearRequests();
    const plan = await runPlan(request(c));
    expect(plan.plan?.changes).toBe(0);
    const planRequests = c.server.requests.length;
    expect(planRequests).toBe(plan.requests);

    c.server.clearRequests();
    const again = await runApply(request(c));
    expect(again.ok).toBe(true);
    expect(objectWrites(c.server)).toEqual([]);
    expect(leaseRequests()).toEqual(['GET']);
    // No more than the plan (issue 29): the one GET of the Lease, and none of the placement reads (where the Dispatch
    // components and CI pods run), which apply never writes and its callers read once after it.
    expect(c.server.requests.length).toBeLessThanOrEqual(planRequests);
    expect(again.requests).toBe(c.server.requests.length);
    expect(c.server.requests.filter((r) => /\/namespaces\/(dispatch|tekton-pipelines)\/(deployments|statefulsets|pods)$/.test(r.path))).toEqual([]);
    expect(again.notes.some((n) => n.startsWith('nothing to apply'))).toBe(true);
  });

  it('the placement read after it: only where the Dispatch components and CI pods run, and the pools\' nodes', async () => {
    expect((await runApply(request(c))).ok).toBe(true);
    const isPlacement = (p: string): boolean => /\/namespaces\/(dispatch|tekton-pipelines)\/(deployments|statefulsets|pods)$|^\/api\/v1\/pods$/.test(p);
    c.server.clearRequests();
    const plan = await runPlan({ ...request(c), ciPods: true });
    const placementPaths = c.server.requests.map((r) => r.path.split('?')[0]).filter(isPlacement).sort();
    expect(placementPaths.length).toBeGreaterThan(0);
    c.server.clearRequests();
    const after = await placementAfterApply(request(c), { steps: [] });
    expect(after.error).toBeUndefined();
    expect(after.lines).toEqual(placementLines(plan.plan!));
    expect(c.server.requests.map((r) => r.path.split('?')[0]).sort()).toEqual([...placementPaths, '/api/v1/nodes'].sort());
  });

  it('still waits for the lock when another run holds the Lease (it may be writing)', async () => {
    expect((await runApply(request(c))).ok).toBe(true);
    const lease = c.server.get('Lease', 'sf', 'pool-reconciler')!;
    c.server.put({ ...lease, spec: { ...(lease.spec as object), holderIdentity: 'another run', leaseDurationSeconds: 60, renewTime: new Date().toISOString().replace(/Z$/, '000Z') } });
    c.server.clearRequests();
    const o = await runApply(request(c, { lockWaitMs: 200 }));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('lock');
    expect(objectWrites(c.server)).toEqual([]);
  });

  it('takes the lock when only the state has something new to record (another commit)', async () => {
    expect((await runApply(request(c))).ok).toBe(true);
    c.server.clearRequests();
    const o = await runApply(request(c, { commit: 'f'.repeat(40) }));
    expect(o.ok).toBe(true);
    expect(objectWrites(c.server).map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /api/v1/namespaces/sf/configmaps/pool-reconciler-state']);
    expect(leaseRequests()).toContain('PUT');
  });
});

describe('a first apply on a free Lease (issue 29)', () => {
  const secretReads = (): number => c.server.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/namespaces/sf/secrets/nodepool-providers-secrets').length;

  it('reads the cluster once: the Lease is taken on the resourceVersion read before the reads, so no run wrote between them', async () => {
    c.server.clearRequests();
    const o = await runApply(request(c));
    expect(o.ok).toBe(true);
    expect(secretReads()).toBe(1);
    // GET before the reads, then the create conditioned on its absence, and the release: no second GET.
    expect(leaseRequests()).toEqual(['GET', 'POST', 'PUT']);
    expect(o.notes.some((n) => n.includes('the cluster was not read again'))).toBe(true);
  });

  it('reads again under the lock when another run took and released the Lease while it read', async () => {
    expect((await runApply(request(c))).ok).toBe(true);
    const o1 = await runApply(request(c, { commit: 'e'.repeat(40) }));
    expect(o1.ok).toBe(true);
    // Another run takes and releases the Lease while this one reads the Secret (after its GET of the Lease).
    c.server.inject({ method: 'GET', path: '/api/v1/namespaces/sf/secrets/nodepool-providers-secrets', fault: { delayMs: 150 } });
    const lease = c.server.get('Lease', 'sf', 'pool-reconciler')!;
    setTimeout(() => c.server.put({ ...lease, spec: { ...(lease.spec as object), holderIdentity: '', leaseTransitions: 7 } }), 50);
    c.server.clearRequests();
    const o = await runApply(request(c, { commit: 'f'.repeat(40) }));
    expect(o.ok).toBe(true);
    expect(secretReads()).toBe(2);
    expect(leaseRequests()).toEqual(['GET', 'PUT', 'GET', 'PUT', 'PUT']);
  });
});
