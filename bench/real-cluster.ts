/**
 * Real cluster against the stand-in (issue 12): plan and apply on a real control plane (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, KWOK; the rollouts through the real controllers, exec through KWOK), beside
 * the same on the sandbox, for two clusters:
 *
 * - the example config repo on the seeded cluster of the tests (9 nodes in 3 pools);
 * - the example repo grown to 1,000 pod-template ConfigMaps over 10 namespaces, with 200 KWOK nodes in its 3 pools.
 *
 * The tool runs as the least-privilege ServiceAccount; on the real cluster its requests go through a loopback TLS
 * proxy that counts them (a few ms each of the time); on the sandbox the server's own log counts them. Writes are
 * object writes stored (the lock's Lease, the preflight's dry runs and access reviews apart; the requests count them). Without the control-plane binaries (scripts/build-control-plane.sh)
 * the real-cluster figures are n/a, with a notice.
 */
import { runApply } from '../src/run/apply.js';
import type { ApplyRequest } from '../src/run/apply.js';
import { runPlan } from '../src/run/plan.js';
import { startSandbox } from '../src/sandbox/sandbox.js';
import { copyExampleRepo } from '../test/support/example-repo.js';
import type { RepoCopy } from '../test/support/example-repo.js';
import { findBinaries } from '../test/cluster/support/control-plane.js';
import { canUnshare, startRealCluster } from '../test/cluster/support/fixture.js';
import { startProxy } from '../test/cluster/support/proxy.js';
import { SECRETS } from '../test/support/plan-helpers.js';
import type { Figure } from './figures.js';
import { POOL_LABEL, repoWithPodTemplates } from './pod-templates.js';

const CONFIGMAPS = 1000;
const NAMESPACES = 10;
/** 200 nodes over the example's three pools. */
const BIG_POOLS: Record<string, number> = { 'control-plane': 3, worker: 97, dispatch: 100 };

/** The example repo with 1,000 pod templates over 10 namespaces. */
const bigRepo = (): RepoCopy => repoWithPodTemplates(CONFIGMAPS, NAMESPACES);

interface Run {
  planMs: number;
  planRequests: number;
  applyMs: number;
  applyRequests: number;
  applyWrites: number;
}

/** An apply of the bench's repo copy on a cluster: no review, real-cluster timings (the limit bench's too). */
export function benchApplyRequest(repoDir: string, kubeconfig: string): ApplyRequest {
  return {
    repoPath: repoDir,
    kubeconfig,
    secrets: { ...SECRETS },
    commit: '0'.repeat(40),
    env: {},
    skipPlanCheck: true,
    rolloutTimeoutMs: 120_000,
    pollMs: 200,
    execTimeoutMs: 60_000,
    identity: 'bench',
  };
}

async function measure(req: ApplyRequest, count: () => { requests: number; writes: number }, reset: () => void): Promise<Run> {
  reset();
  const t0 = performance.now();
  const plan = await runPlan(req);
  const planMs = performance.now() - t0;
  if (plan.stage !== 'done' || plan.errors.length) throw new Error(`bench: plan failed: ${plan.errors.map((e) => e.message).join('; ')}`);
  const planRequests = count().requests;
  reset();
  const t1 = performance.now();
  const applied = await runApply(req);
  const applyMs = performance.now() - t1;
  if (!applied.ok) throw new Error(`bench: apply failed: ${applied.errors.map((e) => e.message).join('; ')}`);
  const c = count();
  return { planMs, planRequests, applyMs, applyRequests: c.requests, applyWrites: c.writes };
}

/** A write that stores something: not a read, not the lock's Lease, not a preflight (dry run, access review). */
const isWrite = (method: string, path: string, dryRun: boolean): boolean =>
  method !== 'GET' && !path.includes('/leases') && !path.includes('accessreviews') && !dryRun;

async function onReal(big: boolean): Promise<Run> {
  const repo = big ? bigRepo() : copyExampleRepo();
  const cluster = await startRealCluster({
    repoPath: repo.dir,
    ciPods: !big,
    ...(big ? { nodesPerPool: (pool: string) => BIG_POOLS[pool] ?? 1 } : {}),
  });
  const proxy = await startProxy({ upstream: cluster.cp.url, upstreamCaPem: cluster.cp.caPem, ...cluster.cp.pki });
  try {
    const req = { ...benchApplyRequest(repo.dir, proxy.kubeconfig(cluster.toolKubeconfig)), verify: { nodepoolApiUrl: cluster.nodepoolApiUrl, timeoutMs: 30_000, pollMs: 250 } };
    return await measure(
      req,
      () => ({ requests: proxy.requests.length, writes: proxy.requests.filter((r) => isWrite(r.method, r.path, /[?&]dryRun=All/.test(r.path))).length }),
      () => proxy.requests.splice(0),
    );
  } finally {
    await proxy.close();
    await cluster.stop();
    repo.cleanup();
  }
}

async function onSandbox(big: boolean): Promise<Run> {
  const repo = big ? bigRepo() : copyExampleRepo();
  const sandbox = await startSandbox(repo.dir);
  const { server } = sandbox;
  try {
    if (big) {
      // The sandbox seeds up to 3 nodes per pool: add the rest, as on the real cluster.
      for (const [pool, n] of Object.entries(BIG_POOLS)) {
        for (let i = 4; i <= n; i++) {
          const name = `${pool}-${i}`;
          server.put({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { [POOL_LABEL]: pool, 'kubernetes.io/hostname': name } }, spec: {} });
        }
      }
    }
    return await measure(
      benchApplyRequest(repo.dir, sandbox.kubeconfig),
      () => ({ requests: server.requests.length, writes: server.requests.filter((r) => isWrite(r.method, r.path, String(r.query.dryRun ?? '').includes('All'))).length }),
      () => server.clearRequests(),
    );
  } finally {
    await sandbox.close();
    repo.cleanup();
  }
}

export async function benchRealCluster(): Promise<Figure[]> {
  const missing = !process.env.POOL_RECONCILER_KUBECONFIG && !findBinaries() ? 'the control-plane binaries are absent (scripts/build-control-plane.sh)' : !canUnshare() ? 'unshare is not allowed here' : '';
  if (missing) console.warn(`NOTICE: real-cluster figures skipped: ${missing}`);
  const figures: Figure[] = [];
  for (const big of [false, true]) {
    const label = big ? `${CONFIGMAPS.toLocaleString('en')} pod-template ConfigMaps, 200 KWOK nodes in 3 pools` : 'example repo';
    const sandbox = await onSandbox(big);
    const real: Run | undefined = missing ? undefined : await onReal(big);
    const row = (name: string, unit: string, pick: (r: Run) => number): void => {
      const r = real ? pick(real) : NaN;
      const s = pick(sandbox);
      figures.push({ name: `${name}, ${label}`, value: r, unit, note: `sandbox: ${s < 10 ? s.toFixed(2) : s.toFixed(0)} ${unit}${real ? `; real/sandbox ${(r / s).toFixed(2)}x` : '; real: skipped'}` });
    };
    row('plan time, real cluster', 'ms', (r) => r.planMs);
    row('plan API requests, real cluster', 'requests', (r) => r.planRequests);
    row('apply time (first config-update), real cluster', 'ms', (r) => r.applyMs);
    row('apply API requests, real cluster', 'requests', (r) => r.applyRequests);
    row('apply writes, real cluster', 'writes', (r) => r.applyWrites);
  }
  return figures;
}

// `tsx bench/real-cluster.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchRealCluster()) console.log(`${f.name}: ${Number.isNaN(f.value) ? 'n/a' : f.value.toFixed(0)} ${f.unit} (${f.note ?? ''})`);
}
