/**
 * Closer to the limit (issue 29) and a living cluster (issue 22), measured on the real control plane (etcd,
 * kube-apiserver, the controllers, KWOK), each row beside its peer with the ratio:
 *
 * - the example repo grown to 1,000 pod-template ConfigMaps over 10 namespaces, 200 KWOK nodes in its 3 pools (about
 *   1,200 objects); the tool runs as the README's least-privilege ServiceAccount, through a loopback TLS front that
 *   offers HTTP/2 and HTTP/1.1 (as kube-apiserver does) and counts connections and requests;
 * - connections per run (plan, first apply, nothing-to-do apply) beside `kubectl apply --server-side` of the same
 *   ConfigMaps (under other names) through the same front;
 * - the first apply beside the API server's own write floor: a tight loop of as many writes (ConfigMap creates and node
 *   patches), 8 in flight over one HTTP/2 connection, straight to the API server;
 * - a nothing-to-do apply's requests beside a converged plan's; pod LISTs of a plan where 100 nodes get a new taint;
 * - churn (issue 22): a plan and an apply while KWOK nodes join the dispatch pool during the run (one every 200 ms, as
 *   an autoscaler adds them), beside the same on a cluster standing still.
 *
 * Without the control-plane binaries (scripts/build-control-plane.sh) or unshare, every row is n/a with a notice.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { runApply } from '../src/run/apply.js';
import { runPlan } from '../src/run/plan.js';
import { findBinaries, KWOK_NODE_ANNOTATION } from '../test/cluster/support/control-plane.js';
import { canUnshare, startRealCluster } from '../test/cluster/support/fixture.js';
import type { RealCluster } from '../test/cluster/support/fixture.js';
import { startCountingFront } from '../test/support/counting-front.js';
import type { CountingFront } from '../test/support/counting-front.js';
import type { Figure } from './figures.js';
import { POOL_LABEL, podTemplate, repoWithPodTemplates, templateNamespace } from './pod-templates.js';
import { benchApplyRequest } from './real-cluster.js';

const CONFIGMAPS = 1000;
const NAMESPACES = 10;
const BIG_POOLS: Record<string, number> = { 'control-plane': 3, worker: 97, dispatch: 100 };
const JOIN_EVERY_MS = 200;

const fmt = (v: number, unit: string): string => `${Number.isNaN(v) ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(0)} ${unit}`;

interface Counted {
  ms: number;
  requests: number;
  connections: string;
  h2: number;
  h1: number;
  podLists: number;
  ok: boolean;
}

function counted(front: CountingFront, ms: number, ok: boolean): Counted {
  return {
    ms,
    requests: front.requests,
    h2: front.connections.h2,
    h1: front.connections['http/1.1'],
    connections: `${front.connections.h2} HTTP/2 + ${front.connections['http/1.1']} HTTP/1.1`,
    podLists: front.log.filter((r) => r.method === 'GET' && r.path.split('?')[0] === '/api/v1/pods').length,
    ok,
  };
}

function reset(front: CountingFront): void {
  front.connections.h2 = 0;
  front.connections['http/1.1'] = 0;
  front.requests = 0;
  front.log.splice(0);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** A KWOK node joining `pool` as an autoscaler adds it: the pool's label only. */
async function join(cluster: RealCluster, pool: string, name: string): Promise<void> {
  await cluster.core.createNode({
    body: {
      metadata: {
        name,
        annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        labels: { [POOL_LABEL]: pool, 'kubernetes.io/hostname': name, type: 'kwok' },
      },
    },
  });
}

/** Nodes join the dispatch pool every JOIN_EVERY_MS until stopped; how many joined. */
function churn(cluster: RealCluster, prefix: string): { stop: () => Promise<number> } {
  let n = 0;
  let stopped = false;
  const loop = (async (): Promise<void> => {
    while (!stopped) {
      await join(cluster, 'dispatch', `${prefix}-${n}`);
      n++;
      await new Promise((r) => setTimeout(r, JOIN_EVERY_MS));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return n;
    },
  };
}

/**
 * `kubectl apply --server-side` of the same ConfigMaps under other names, through the front, as the tool's account
 * (a child process: the front answers in this one).
 */
async function kubectlApply(kubeconfig: string, dir: string): Promise<{ ms: number; ok: boolean }> {
  const t0 = performance.now();
  const child = spawn('kubectl', ['--kubeconfig', kubeconfig, 'apply', '--server-side', '--field-manager', 'bench-kubectl', '-f', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) console.warn(`NOTICE: kubectl apply failed: ${stderr.split('\n')[0]}`);
  return { ms: performance.now() - t0, ok: code === 0 };
}

/**
 * The API server's write floor for `configMaps` ConfigMap creates and `nodes` node patches: 8 in flight over one
 * HTTP/2 connection with the tool's token, straight to the API server (no front). The ConfigMaps are deleted after
 * (not timed). With `dryRun`, the same requests as server-side dry runs (`dryRun=All`, what apply's preflight sends
 * before its first write): nothing is stored, so nothing is deleted.
 */
async function writeFloor(cluster: RealCluster, token: string, configMaps: number, nodes: string[], dryRun = false): Promise<number> {
  const session = http2.connect(cluster.cp.url, { ca: cluster.cp.caPem });
  const send = (method: string, p: string, body: unknown, type = 'application/json'): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = session.request({ ':method': method, ':path': p, authorization: `Bearer ${token}`, 'content-type': type, accept: 'application/json' });
      let status = 0;
      req.on('response', (h) => (status = Number(h[':status'])));
      req.on('data', () => undefined);
      req.on('end', () => (status >= 200 && status < 300 ? resolve(status) : reject(new Error(`${method} ${p}: ${status}`))));
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const dry = dryRun ? '&dryRun=All' : '';
  const writes: Array<() => Promise<number>> = [];
  for (let i = 0; i < configMaps; i++) {
    const ns = templateNamespace(i, NAMESPACES);
    const data = { template: podTemplate(i, NAMESPACES).split('  template: |-\n')[1] };
    writes.push(() => send('POST', `/api/v1/namespaces/${ns}/configmaps?fieldManager=bench-floor${dry}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `floor-${i}` }, data }));
  }
  for (const n of nodes) writes.push(() => send('PATCH', `/api/v1/nodes/${n}?fieldManager=bench-floor${dry}`, { metadata: { labels: { 'bench.pool-reconciler/floor': 'x' } } }, 'application/merge-patch+json'));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < writes.length) await writes[next++]();
  }));
  const ms = performance.now() - t0;
  if (dryRun) {
    session.close();
    return ms;
  }
  const cleanup: Array<() => Promise<number>> = [];
  for (let i = 0; i < configMaps; i++) cleanup.push(() => send('DELETE', `/api/v1/namespaces/${templateNamespace(i, NAMESPACES)}/configmaps/floor-${i}`, undefined));
  let c = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (c < cleanup.length) await cleanup[c++]();
  }));
  session.close();
  return ms;
}

interface StraightApply {
  applyMs: number;
  cpuMs: number;
  floorMs: number;
  /** The same requests as the write floor, as dry runs. */
  dryRunFloorMs: number;
  /** The apply's wait for the launcher's and builder's rollout (the controllers' and KWOK's time). */
  rolloutWaitMs: number;
  writes: number;
  floorWrites: number;
}

/**
 * The first apply as a user runs it, straight to the API server (no counting front: the front is a TLS proxy in this
 * process, on the event loop the tool's client runs on, which the write floor does not go through), on a cluster of
 * its own in the state the counted run found; then the write floor on that cluster, as many writes as it stored.
 */
async function straightFirstApply(repoDir: string): Promise<StraightApply> {
  const cluster = await startRealCluster({ repoPath: repoDir, ciPods: false, nodesPerPool: (pool: string) => BIG_POOLS[pool] ?? 1 });
  try {
    // The wait for the Nodepool rollout, from apply's own progress lines: from "waiting" to the last "done".
    let waitFrom = NaN;
    let waitTo = NaN;
    const req = {
      ...benchApplyRequest(repoDir, cluster.toolKubeconfig),
      onProgress: (line: string): void => {
        if (line.startsWith('rollout: waiting for') && Number.isNaN(waitFrom)) waitFrom = performance.now();
        else if (/^rollout: .* done: /.test(line)) waitTo = performance.now();
      },
    };
    const plan = await runPlan(req);
    if (plan.stage !== 'done' || plan.errors.length) throw new Error(`bench: the straight plan failed: ${plan.errors.map((e) => e.message).join('; ')}`);
    // The tool's own CPU time: on a machine of 2 cores it is taken from the API server's.
    const cpu0 = process.cpuUsage();
    const applied = await timed(() => runApply(req));
    const cpu = process.cpuUsage(cpu0);
    if (!applied.value.ok) throw new Error(`bench: the straight first apply failed: ${applied.value.errors.map((e) => e.message).join('; ')}`);
    const token = /token: (\S+)/.exec(cluster.toolKubeconfig)?.[1] ?? '';
    const nodes = [...(cluster.nodesByPool.get('dispatch') ?? []), ...(cluster.nodesByPool.get('worker') ?? [])];
    const floorNodes = nodes.slice(0, Math.max(0, Math.min(nodes.length, applied.value.writes - CONFIGMAPS)));
    // The dry runs first: the floor's ConfigMaps do not exist yet, as apply's did not when its preflight ran.
    const dryRunFloorMs = await writeFloor(cluster, token, CONFIGMAPS, floorNodes, true);
    const floorMs = await writeFloor(cluster, token, CONFIGMAPS, floorNodes);
    return { applyMs: applied.ms, cpuMs: (cpu.user + cpu.system) / 1000, floorMs, dryRunFloorMs, rolloutWaitMs: waitTo - waitFrom, writes: applied.value.writes, floorWrites: CONFIGMAPS + floorNodes.length };
  } finally {
    await cluster.stop();
  }
}

export async function benchLimit(): Promise<Figure[]> {
  const missing = !findBinaries() ? 'the control-plane binaries are absent (scripts/build-control-plane.sh)' : !canUnshare() ? 'unshare is not allowed here' : '';
  if (missing) {
    console.warn(`NOTICE: issue 29 and churn figures skipped: ${missing}`);
    return [{ name: 'real control plane', value: NaN, unit: '', note: `skipped: ${missing}` }];
  }
  const figures: Figure[] = [];
  const row = (name: string, value: number, unit: string, peer?: { name: string; value: number; unit?: string }, note?: string): void => {
    const ratio = peer && !Number.isNaN(peer.value) && peer.value !== 0 ? `; ratio ${(value / peer.value).toFixed(2)}x` : '';
    figures.push({ name, value, unit, note: [peer ? `${peer.name}: ${fmt(peer.value, peer.unit ?? unit)}${ratio}` : '', note ?? ''].filter((s) => s).join('; ') });
  };
  const repo = repoWithPodTemplates(CONFIGMAPS, NAMESPACES);
  const cluster = await startRealCluster({ repoPath: repo.dir, ciPods: false, nodesPerPool: (pool: string) => BIG_POOLS[pool] ?? 1 });
  const front = await startCountingFront(cluster.cp.url, cluster.cp.caPem);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-limit-'));
  try {
    const kubeconfig = front.kubeconfig(cluster.toolKubeconfig);
    const req = benchApplyRequest(repo.dir, kubeconfig);
    const where = 'real control plane';

    // Plan on the cluster as found: every ConfigMap to create, 100 dispatch nodes to taint.
    reset(front);
    const p1 = await timed(() => runPlan(req));
    const plan1 = counted(front, p1.ms, p1.value.stage === 'done');
    reset(front);
    const a1 = await timed(() => runApply(req));
    const apply1 = counted(front, a1.ms, a1.value.ok);
    const applyWrites = a1.value.writes;
    if (!a1.value.ok) throw new Error(`bench: the first apply failed: ${a1.value.errors.map((e) => e.message).join('; ')}`);
    reset(front);
    const p2 = await timed(() => runPlan(req));
    const plan2 = counted(front, p2.ms, p2.value.plan?.changes === 0);
    reset(front);
    const a2 = await timed(() => runApply(req));
    const apply2 = counted(front, a2.ms, a2.value.ok && a2.value.writes === 0);

    // kubectl, as the same account through the same front: the same ConfigMaps under other names.
    const kdir = path.join(tmp, 'kubectl');
    mkdirSync(kdir);
    for (let i = 0; i < CONFIGMAPS; i++) writeFileSync(path.join(kdir, `cm-${i}.yaml`), podTemplate(i, NAMESPACES).replace(`name: repo-${i}-pod-template`, `name: kubectl-${i}`));
    const kc = path.join(tmp, 'kubeconfig');
    writeFileSync(kc, kubeconfig);
    reset(front);
    const k1 = await kubectlApply(kc, kdir);
    const kubectl1 = counted(front, k1.ms, k1.ok);
    reset(front);
    const k2 = await kubectlApply(kc, kdir);
    const kubectl2 = counted(front, k2.ms, k2.ok);

    // The write floor: as many writes as the first apply stored.
    const token = /token: (\S+)/.exec(cluster.toolKubeconfig)?.[1] ?? '';
    const nodes = [...(cluster.nodesByPool.get('dispatch') ?? []), ...(cluster.nodesByPool.get('worker') ?? [])];
    const floorNodes = nodes.slice(0, Math.max(0, Math.min(nodes.length, applyWrites - CONFIGMAPS)));
    const floorMs = await writeFloor(cluster, token, CONFIGMAPS, floorNodes);

    const label = `${CONFIGMAPS.toLocaleString('en')} ConfigMaps + 200 nodes`;
    row(`connections, plan, ${label} (${where}) (target 1)`, plan1.h2 + plan1.h1, 'connections', undefined, `${plan1.connections}; ${plan1.requests} requests`);
    row(`connections, first apply (${where}) (target 1, plus 1 per exec WebSocket)`, apply1.h2 + apply1.h1, 'connections', { name: 'kubectl apply --server-side (1,000 ConfigMaps)', value: kubectl1.h2 + kubectl1.h1, unit: 'connections' }, `${apply1.connections}; ${apply1.requests} requests; kubectl ${kubectl1.connections}, ${kubectl1.requests} requests`);
    row(`connections, nothing-to-do apply (${where}) (target 1)`, apply2.h2 + apply2.h1, 'connections', { name: 'kubectl apply --server-side, nothing to do', value: kubectl2.h2 + kubectl2.h1, unit: 'connections' }, `${apply2.connections}; kubectl ${kubectl2.requests} requests`);
    row(`first apply time through the counting front, ${label} (${where})`, apply1.ms, 'ms', { name: `API server write floor, straight (${CONFIGMAPS + floorNodes.length} writes, 8 in flight, one HTTP/2 connection)`, value: floorMs }, `${applyWrites} writes stored; the front, a TLS proxy on the tool's event loop, weighs on the apply alone: the next row is the target's`);
    row(`first apply time, ${label} (${where})`, apply1.ms, 'ms', { name: 'kubectl apply --server-side of the 1,000 ConfigMaps alone', value: kubectl1.ms });
    row(`nothing-to-do apply, API requests (${where})`, apply2.requests, 'requests', { name: 'converged plan (target <= 1x)', value: plan2.requests }, apply2.ok ? '' : 'NOT a no-op');
    row(`nothing-to-do apply time (${where})`, apply2.ms, 'ms', { name: 'kubectl apply --server-side, nothing to do (1,000 ConfigMaps)', value: kubectl2.ms });
    row(`pod LISTs, plan where 100 nodes get a new taint (${where}) (target: independent of the nodes)`, plan1.podLists, 'LISTs', undefined, `plan ${fmt(plan1.ms, 'ms')}, ${plan1.requests} requests`);

    // Churn: nodes join the dispatch pool while a plan, then an apply, run; beside the same standing still.
    reset(front);
    const still = await timed(() => runPlan(req));
    const stillPlan = counted(front, still.ms, still.value.plan?.changes === 0);
    const weather = churn(cluster, 'joined');
    reset(front);
    const cp = await timed(() => runPlan(req));
    const churnPlan = counted(front, cp.ms, cp.value.stage === 'done' && cp.value.errors.length === 0);
    reset(front);
    const ca = await timed(() => runApply(req));
    const churnApply = counted(front, ca.ms, ca.value.ok);
    const joined = await weather.stop();
    const nodeWrites = ca.value.steps.filter((s) => s.id.startsWith('Node/') && s.status === 'applied').length;
    row(`churn: plan while nodes join the dispatch pool (${where})`, churnPlan.ms, 'ms', { name: 'the same standing still', value: stillPlan.ms }, `${churnPlan.requests} requests (still: ${stillPlan.requests}); ${churnPlan.ok ? 'planned' : 'FAILED'}; ${cp.value.plan?.changes ?? 0} changes (the nodes joined so far)`);
    row(`churn: apply while nodes join the dispatch pool (${where})`, churnApply.ms, 'ms', { name: 'nothing-to-do apply standing still', value: apply2.ms }, `${churnApply.ok ? 'applied' : `FAILED: ${ca.value.errors[0]?.message ?? ''}`}; ${nodeWrites} joined nodes given the pool's labels and taint; ${joined} joined during plan and apply; ${churnApply.requests} requests, ${churnApply.connections}`);
  } finally {
    await front.close();
    await cluster.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  try {
    // After the counted runs' cluster is stopped: one control plane at a time on the machine.
    const straight = await straightFirstApply(repo.dir);
    row(`first apply time, straight to the API server, ${CONFIGMAPS.toLocaleString('en')} ConfigMaps + 200 nodes (real control plane, a cluster of its own)`, straight.applyMs, 'ms',
      { name: `API server write floor on that cluster (${straight.floorWrites} writes, 8 in flight, one HTTP/2 connection; target <= 2x)`, value: straight.floorMs }, `${straight.writes} writes stored`);
    row('the tool\'s own CPU time during that first apply (user + system; the API server shares the machine\'s cores)', straight.cpuMs, 'ms', { name: 'its wall time', value: straight.applyMs },
      'its validation of the repo, its plan, about 2,400 requests (the dry runs and the writes) and their answers');
    // What the design itself costs at the least: the preflight dry-runs every write before the first (ARCHITECTURE.md),
    // and the writes wait for the Nodepool rollout (KWOK starts a pod 500 ms after it is scheduled, as the tests'
    // clusters do): the floor of that order is the dry-run floor, the write floor and the rollout wait, one after another.
    row('API server dry-run floor on that cluster (the same requests with dryRun=All, 8 in flight; apply\'s preflight sends them before its first write)', straight.dryRunFloorMs, 'ms',
      { name: 'the write floor', value: straight.floorMs });
    row('that first apply\'s wait for the Nodepool rollout (the controllers\' and KWOK\'s time; the writes after it wait for it)', straight.rolloutWaitMs, 'ms', { name: 'its wall time', value: straight.applyMs });
    const orderFloor = straight.dryRunFloorMs + straight.floorMs + straight.rolloutWaitMs;
    row('first apply time / the floor of its order (dry-run floor + write floor + rollout wait)', straight.applyMs / orderFloor, 'x', undefined,
      `${fmt(straight.applyMs, 'ms')} / ${fmt(orderFloor, 'ms')}; that floor alone is ${(orderFloor / straight.floorMs).toFixed(2)}x the write floor`);
  } finally {
    repo.cleanup();
  }
  return figures;
}

// `tsx bench/limit.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await benchLimit()) console.log(`| ${f.name} | ${fmt(f.value, f.unit)} | ${f.note ?? ''} |`);
}
