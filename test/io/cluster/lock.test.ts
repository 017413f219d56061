/**
 * The apply lock (a coordination.k8s.io/v1 Lease) through runApply: take-over after expiry, a bounded wait that
 * names the holder, two applies started together, renewal, and a lock lost mid-run.
 */
import { describe, expect, it } from 'vitest';
import { runApply } from '../../../src/run/apply.js';
import { applyHeadline } from '../../../src/report/apply.js';
import { identityFromEnv } from '../../../src/io/cluster/lock.js';
import { objectWrites, request, eachCluster } from '../../support/apply-helpers.js';
import type { Cluster } from '../../support/apply-helpers.js';

let c: Cluster;
eachCluster((x) => (c = x));

const micro = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');

function lease(holder: string, renewedAgoMs: number, durationS = 60, extra: Record<string, unknown> = {}): object {
  const t = Date.now() - renewedAgoMs;
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'pool-reconciler', namespace: 'sf' },
    spec: { holderIdentity: holder, leaseDurationSeconds: durationS, acquireTime: micro(t - 60_000), renewTime: micro(t), leaseTransitions: 2, ...extra },
  };
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}
const leaseSpec = (): LeaseSpec => (c.server.get('Lease', 'sf', 'pool-reconciler')?.spec ?? {}) as LeaseSpec;

/** Another run ("intruder") takes the Lease while `container`'s config refresh runs. */
function intruderDuringExec(container: string): void {
  c.server.onExec(async () => {
    const l = c.server.get('Lease', 'sf', 'pool-reconciler')!;
    c.server.put({ ...l, spec: { ...(l.spec as object), holderIdentity: 'intruder' } });
    await new Promise((r) => setTimeout(r, 150));
    return { stdout: 'ok\n' };
  }, { container });
}

/** The holder of each accepted Lease write, in order. */
function leaseHolders(): string[] {
  return c.server
    .requestsMatching({ path: /\/leases/ })
    .filter((r) => (r.method === 'PUT' || r.method === 'POST') && (r.status === 200 || r.status === 201))
    .map((r) => (JSON.parse(r.body) as { spec: LeaseSpec }).spec.holderIdentity ?? '');
}

describe('the apply lock', () => {
  it('creates the Lease with the run identity and MicroTime stamps, and releases it at the end', async () => {
    const o = await runApply(request(c, { identity: 'run https://ci.example.org/runs/1' }));
    expect(o.ok).toBe(true);
    const create = c.server.requestsMatching({ method: 'POST', path: '/apis/coordination.k8s.io/v1/namespaces/sf/leases' })[0];
    const spec = (JSON.parse(create.body) as { spec: LeaseSpec }).spec;
    expect(spec).toMatchObject({ holderIdentity: 'run https://ci.example.org/runs/1', leaseDurationSeconds: 60, leaseTransitions: 0 });
    expect(spec.acquireTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(create.query.fieldManager).toBe('pool-reconciler');
    expect(leaseSpec()).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    expect(o.lock).toEqual({ identity: 'run https://ci.example.org/runs/1', waitedMs: 0, writes: 2 });
  });

  it('takes over a Lease left by a crashed run once it has stayed unchanged for its duration', async () => {
    c.server.put(lease('crashed-run', 3_600_000, 1));
    const o = await runApply(request(c, { identity: 'run-2' }));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(o.lock).toMatchObject({ identity: 'run-2', tookOverFrom: 'crashed-run' });
    expect(o.notes).toEqual(['the lock was taken over from "crashed-run", whose Lease had expired (a run that crashed?)']);
    expect(c.lines.some((l) => /^lock: took over Lease sf\/pool-reconciler from "crashed-run" \(renewTime \S+Z by its clock; unchanged for 1 s as seen here, expired after 1 s\): it had expired$/.test(l))).toBe(true);
    expect(leaseSpec()).toMatchObject({ holderIdentity: '', leaseTransitions: 3 });
    expect(leaseHolders()).toEqual(['run-2', '']);
  });

  it('takes over a Lease that stopped changing for its duration, whatever its clock says', async () => {
    // The holder's clock runs an hour ahead: by the renewTime the Lease looks fresh; it never changes, though.
    c.server.put(lease('run-with-a-fast-clock', -3_600_000, 1));
    const t0 = Date.now();
    const o = await runApply(request(c, { identity: 'run-3' }));
    expect(o.ok).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(o.lock?.tookOverFrom).toBe('run-with-a-fast-clock');
  });

  it('does not take a live Lease whose holder\'s clock runs an hour behind ours', async () => {
    // The holder renews every 100 ms, but its clock is an hour slow: by the renewTime it expired long ago.
    c.server.put(lease('run-with-a-slow-clock', 3_600_000, 1));
    const renewing = setInterval(() => {
      const l = c.server.get('Lease', 'sf', 'pool-reconciler')!;
      c.server.put({ ...l, spec: { ...(l.spec as object), renewTime: micro(Date.now() - 3_600_000) } });
    }, 100);
    try {
      const o = await runApply(request(c, { identity: 'run-4', lockWaitMs: 2_500 }));
      expect(o.ok).toBe(false);
      expect(o.stage).toBe('lock');
      expect(o.errors[0]?.message).toMatch(/^another apply holds the lock: Lease sf\/pool-reconciler is held by "run-with-a-slow-clock"/);
    } finally {
      clearInterval(renewing);
    }
    expect(leaseHolders()).toEqual([]);
    expect(leaseSpec().holderIdentity).toBe('run-with-a-slow-clock');
    expect(objectWrites(c.server)).toEqual([]);
  });

  it('takes over a Lease that looks an hour old only after it stayed unchanged for its duration as seen here', async () => {
    c.server.put(lease('crashed-run', 3_600_000, 1));
    const t0 = Date.now();
    const o = await runApply(request(c, { identity: 'run-5' }));
    expect(o.ok).toBe(true);
    expect(o.lock?.tookOverFrom).toBe('crashed-run');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(o.lock?.waitedMs).toBeGreaterThanOrEqual(1_000);
  });

  it('waits a bounded time for a live Lease, then fails naming the holder; nothing is written', async () => {
    c.server.put(lease('run 1234 of ci/main', 2_000));
    const o = await runApply(request(c, { identity: 'run-2', lockWaitMs: 150 }));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('lock');
    expect(o.errors).toEqual([{
      message: expect.stringMatching(/^another apply holds the lock: Lease sf\/pool-reconciler is held by "run 1234 of ci\/main" \(renewTime \S+Z by its clock; unchanged for 0 s as seen here, expires in 60 s unless renewed\); waited 0 s for it$/),
      hint: expect.stringContaining('Let that run finish'),
    }]);
    expect(c.lines.some((l) => l.startsWith('lock: waiting for Lease sf/pool-reconciler, held by "run 1234 of ci/main"'))).toBe(true);
    expect(o.steps.every((s) => s.status === 'not-run')).toBe(true);
    expect(objectWrites(c.server)).toEqual([]);
    expect(leaseSpec().holderIdentity).toBe('run 1234 of ci/main');
    expect(c.server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('runs two applies started together one after the other', async () => {
    c.stopRollouts();
    c.stopRollouts = c.server.autoRollout({ delayMs: 100 });
    const linesA: string[] = [];
    const linesB: string[] = [];
    const [a, b] = await Promise.all([
      runApply(request(c, { identity: 'run-A', onProgress: (l) => linesA.push(l) })),
      runApply(request(c, { identity: 'run-B', onProgress: (l) => linesB.push(l) })),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const [first, second, secondLines, firstId] = a.lock!.waitedMs === 0 ? [a, b, linesB, 'run-A'] : [b, a, linesA, 'run-B'];
    expect(first.lock?.waitedMs).toBe(0);
    expect(second.lock?.waitedMs).toBeGreaterThan(0);
    expect(secondLines.some((l) => l.startsWith(`lock: waiting for Lease sf/pool-reconciler, held by "${firstId}"`))).toBe(true);
    // The second one planned again under the lock: everything was in place, so it wrote nothing.
    expect(first.writes).toBe(11);
    expect(second.writes).toBe(0);
    expect(second.plan?.changes).toBe(0);
    expect(objectWrites(c.server)).toHaveLength(12); // and the state ConfigMap, once
    // One holder at a time: taken, released, taken, released.
    expect(leaseHolders()).toEqual([firstId, '', second.lock?.identity, '']);
  });

  it('gives each job and attempt of a workflow run its own identity, so two jobs of one run wait for each other', async () => {
    const run = { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1' };
    const url = 'https://github.example/acme/ci-config/actions/runs/42';
    const ids = [
      identityFromEnv({ ...run, GITHUB_JOB: 'apply-prod' }, url),
      identityFromEnv({ ...run, GITHUB_JOB: 'apply-staging' }, url),
      identityFromEnv({ ...run, GITHUB_JOB: 'apply-prod', GITHUB_RUN_ATTEMPT: '2' }, url),
      identityFromEnv({ ...run, GITHUB_JOB: 'apply-prod' }, url), // a matrix leg: same run, job and attempt
    ];
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toMatch(/^pool-reconciler run 42 attempt 1 job apply-prod [0-9a-f]{8} \(https:\/\/github\.example\/acme\/ci-config\/actions\/runs\/42\)$/);
    expect(ids[2]).toContain('attempt 2 job apply-prod');
    c.stopRollouts();
    c.stopRollouts = c.server.autoRollout({ delayMs: 100 });
    const [a, b] = await Promise.all([runApply(request(c, { identity: ids[0] })), runApply(request(c, { identity: ids[1] }))]);
    expect(a.ok && b.ok).toBe(true);
    expect([a.lock?.waitedMs ?? 0, b.lock?.waitedMs ?? 0].filter((w) => w > 0)).toHaveLength(1);
    expect(leaseHolders().filter((h) => h !== '')).toHaveLength(2);
  });

  it('renews the Lease while the run lasts', async () => {
    c.stopRollouts();
    c.stopRollouts = c.server.autoRollout({ delayMs: 300 });
    const o = await runApply(request(c, { identity: 'run-R', lock: { pollMs: 10, leaseDurationSeconds: 5, renewIntervalMs: 40 } }));
    expect(o.ok).toBe(true);
    const holders = leaseHolders();
    expect(holders[0]).toBe('run-R');
    expect(holders.at(-1)).toBe('');
    expect(holders.filter((h) => h === 'run-R').length).toBeGreaterThanOrEqual(4);
    const renewals = c.server.requestsMatching({ method: 'PUT', path: /leases/ }).map((r) => (JSON.parse(r.body) as { spec: LeaseSpec }).spec.renewTime ?? '');
    expect(new Set(renewals).size).toBe(renewals.length);
  });

  it('stops before the next step when the lock is taken from it, and leaves the new holder alone', async () => {
    intruderDuringExec('launcher');
    const o = await runApply(request(c, { identity: 'run-L', lock: { pollMs: 10, renewIntervalMs: 20 } }));
    expect(o.ok).toBe(false);
    expect(o.failedStep).toBe(4);
    expect(o.steps[3].status).toBe('applied');
    expect(o.steps[4]).toMatchObject({ id: 'exec/builder', status: 'failed', message: 'not started: the lock was taken: Lease sf/pool-reconciler is now held by "intruder"' });
    expect(leaseSpec().holderIdentity).toBe('intruder');
  });

  it('a lock lost after the last change fails the run before what is deployed is recorded, and fails no step that had nothing to do', async () => {
    expect((await runApply(request(c, { identity: 'run-L' }))).ok).toBe(true);
    const state = (): string | undefined => c.server.get('ConfigMap', 'sf', 'pool-reconciler-state')?.metadata?.resourceVersion;
    const recorded = state();
    // Only the Nodepool config changes: the config refresh runs, every other step has nothing to do.
    c.repo.edit('nodepool/nodepool.yaml', '    min-ready: 2\n', '    min-ready: 3\n');
    intruderDuringExec('nodepool-builder');
    const o = await runApply(request(c, { identity: 'run-L', lock: { pollMs: 10, renewIntervalMs: 20 } }));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('lock');
    expect(o.steps.filter((s) => s.status !== 'unchanged').map((s) => [s.id, s.status])).toEqual([['exec/launcher', 'applied'], ['exec/builder', 'applied']]);
    expect(o.errors[0].message).toBe('the apply lock was lost after the last change was applied: the lock was taken: Lease sf/pool-reconciler is now held by "intruder"');
    expect(applyHeadline(o)).toBe('stopped: the apply lock was lost: 2 steps applied, 0 not run (0 writes); what is deployed was not recorded');
    expect(state()).toBe(recorded);
    expect(leaseSpec().holderIdentity).toBe('intruder');
  });
});
