/**
 * The apply lock on a real API server: a coordination.k8s.io/v1 Lease (MicroTime renewTime, real optimistic
 * concurrency). Two applies started together: one holds the Lease, the other waits for it, then finds nothing left
 * to write; a Lease left by a crashed run is taken over once it expires.
 */
import { describe, expect, it } from 'vitest';
import { runApply } from '../../src/run/apply.js';
import { applyRequest } from './support/requests.js';
import { skipReason, useRealCluster } from './support/tier.js';

describe.skipIf(skipReason())('the Lease lock on a real cluster', () => {
  const tier = useRealCluster({ ciPods: false });

  it('two concurrent applies: one waits for the other\'s Lease, then writes nothing', async () => {
    const t = tier.get();
    const a: string[] = [];
    const b: string[] = [];
    const [ra, rb] = await Promise.all([
      runApply(applyRequest(t, a, { skipPlanCheck: true, identity: 'run-a' })),
      runApply(applyRequest(t, b, { skipPlanCheck: true, identity: 'run-b' })),
    ]);
    expect([ra.errors, rb.errors]).toEqual([[], []]);
    expect(ra.ok && rb.ok).toBe(true);
    const [first, second] = (ra.lock?.waitedMs ?? 0) === 0 ? [ra, rb] : [rb, ra];
    expect(first.lock?.waitedMs).toBe(0);
    expect(second.lock?.waitedMs).toBeGreaterThan(0);
    expect(first.writes).toBe(12);
    expect(second.writes).toBe(0);
    expect(second.plan?.changes).toBe(0);
    // The first ran the config refresh and recorded the deployed Nodepool files; the second planned again under the
    // lock, found them deployed, and ran no refresh.
    expect(t.cluster.execs().map((e) => e.container)).toEqual(['launcher', 'nodepool-builder']);
    expect(second.plan?.nodepool?.refresh).toBe(false);
    const lease = await t.cluster.coord.readNamespacedLease({ name: 'pool-reconciler', namespace: 'sf' });
    expect(lease.spec?.holderIdentity ?? '').toBe('');
  });

  it('a Lease left by a crashed run is taken over once it has expired', async () => {
    const t = tier.get();
    const { coord } = t.cluster;
    const lease = await coord.readNamespacedLease({ name: 'pool-reconciler', namespace: 'sf' });
    const now = new Date();
    // A MicroTime with exactly six fractional digits, as the real server requires.
    const micro = `${now.toISOString().slice(0, 19)}.${String(now.getMilliseconds()).padStart(3, '0')}000Z`;
    const crashed = await leaveCrashedLease(t, lease, micro);
    expect(crashed).toBe(200);
    const lines: string[] = [];
    const o = await runApply(applyRequest(t, lines, { skipPlanCheck: true, identity: 'run-c', lock: { pollMs: 200 } }));
    expect(o.errors).toEqual([]);
    expect(o.lock?.tookOverFrom).toBe('crashed-run');
    expect(o.lock?.waitedMs).toBeGreaterThan(1_000);
  });
});

/** The crashed run's Lease: held, renewed just now, for 3 s (a PUT by the admin with the MicroTimes as text). */
async function leaveCrashedLease(t: ReturnType<ReturnType<typeof useRealCluster>['get']>, lease: { metadata?: { resourceVersion?: string } }, micro: string): Promise<number> {
  const { coord } = t.cluster;
  const body = {
    metadata: { name: 'pool-reconciler', namespace: 'sf', resourceVersion: lease.metadata?.resourceVersion },
    spec: { holderIdentity: 'crashed-run', leaseDurationSeconds: 3, acquireTime: micro, renewTime: micro },
  };
  const r = await coord.replaceNamespacedLease({ name: 'pool-reconciler', namespace: 'sf', body: body as never });
  return r.spec?.holderIdentity === 'crashed-run' ? 200 : 500;
}
