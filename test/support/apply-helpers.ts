/**
 * Shared pieces of the apply tests: a Software Factory + Konvoy cluster on the loopback API server (workloads that
 * roll out by themselves, running Nodepool pods with an exec handler, nodes of the example repo's pools), a request
 * with short timings, and helpers to count writes and check that nothing secret leaked.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import type { ExecHandler, KubeApiServer, KubeObject, RequestRecord } from './kube-apiserver.js';
import { startKubeApiServer } from './kube-apiserver.js';
import { copyExampleRepo } from './example-repo.js';
import type { RepoCopy } from './example-repo.js';
import { SECRETS, expectNoCanary, node, workloads } from './plan-helpers.js';
import type { ApplyRequest } from '../../src/run/apply.js';
import type { ApplyOutcome } from '../../src/plan/outcome.js';
import { renderApplyMarkdown, renderApplyText } from '../../src/report/apply.js';
import { renderPlanJson } from '../../src/report/plan.js';

export const COMMIT = '5f2b8c0d9e7a4b3c2d1e0f9a8b7c6d5e4f3a2b1c';
export const NODEPOOL_LABELS = ['centos-9-stream', 'centos-9-stream-large', 'ubuntu-noble', 'pod-python', 'pod-fedora'];

export function pod(name: string, container: string, labels: Record<string, string> = {}, extra: { terminating?: boolean; phase?: string; ready?: boolean } = {}): KubeObject {
  const ready = extra.ready ?? (!extra.phase || extra.phase === 'Running');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'sf',
      labels,
      ...(extra.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: { containers: [{ name: container, image: 'quay.io/software-factory/nodepool:11' }] },
    status: {
      phase: extra.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [{ name: container, ready, restartCount: 0, ...(extra.phase && extra.phase !== 'Running' ? {} : { started: true, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }) }],
    },
  };
}

export interface Cluster {
  server: KubeApiServer;
  repo: RepoCopy;
  /** Every exec run: pod/container and argv. */
  execs: Array<{ pod: string; container: string; command: string[]; env: Record<string, string> }>;
  lines: string[];
  stopRollouts: () => void;
  close(): Promise<void>;
}

/**
 * The launcher's pod of the current ReplicaSet, or the builder's pod: the stand-in controllers create them (with
 * generated names), as the real ones do.
 */
export function currentPod(server: KubeApiServer, run: 'nodepool-launcher' | 'nodepool-builder'): KubeObject {
  const pods = server.list('Pod', 'sf').filter((p) => p.metadata?.labels?.run === run && !p.metadata?.deletionTimestamp);
  if (pods.length !== 1) throw new Error(`expected one live ${run} pod, found ${pods.length}`);
  return pods[0];
}

export async function startCluster(options: { autoRollout?: boolean; rolloutDelayMs?: number; exec?: ExecHandler; ready?: (pod: KubeObject) => boolean; mounted?: string[] } = {}): Promise<Cluster> {
  const server = await startKubeApiServer({ namespaces: ['sf', 'dispatch-ci', 'tekton-pipelines'] });
  for (const w of workloads('sf', '0', options.mounted)) server.put(w);
  // The controllers create the seeded workloads' ReplicaSet and pods at once, then roll out what apply changes.
  const controllers = server.runControllers({ stepMs: options.rolloutDelayMs ?? 5, ...(options.ready ? { ready: options.ready } : {}) });
  // Tekton's defaults as its installation leaves them (another key the reconciler must keep).
  server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-defaults', namespace: 'tekton-pipelines' }, data: { 'default-timeout-minutes': '60' } });
  for (const n of ['dispatch-1', 'dispatch-2', 'dispatch-3']) server.put(node(n, 'dispatch'));
  for (const n of ['worker-1', 'worker-2']) server.put(node(n, 'worker'));
  server.put(node('cp-1', 'control-plane', { taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] }));
  if (options.autoRollout === false) controllers();
  const stopRollouts = options.autoRollout === false ? (): void => undefined : controllers;
  const execs: Cluster['execs'] = [];
  server.onExec(
    options.exec ??
      ((p, container, command, env) => {
        execs.push({ pod: p.metadata?.name ?? '', container, command, env });
        return { stdout: 'nodepool config updated\n' };
      }),
  );
  const repo = copyExampleRepo();
  return {
    server,
    repo,
    execs,
    lines: [],
    stopRollouts,
    async close() {
      await server.close();
      repo.cleanup();
    },
  };
}

/** An apply request with short timings: a test takes well under a second unless it waits on purpose. */
export function request(c: Cluster, over: Partial<ApplyRequest> = {}): ApplyRequest {
  return {
    repoPath: c.repo.dir,
    kubeconfig: c.server.kubeconfigYaml('default'),
    secrets: { ...SECRETS },
    commit: COMMIT,
    env: {},
    skipPlanCheck: true,
    rolloutTimeoutMs: 5_000,
    pollMs: 10,
    progressIntervalMs: 50,
    execTimeoutMs: 5_000,
    timeoutMs: 2_000,
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 20 },
    lock: { pollMs: 10 },
    lockWaitMs: 5_000,
    onProgress: (l) => c.lines.push(l),
    ...over,
  };
}

const isWrite = (r: RequestRecord): boolean => r.method !== 'GET' && r.method !== 'HEAD';

/** Write requests to anything but the lock's Lease (a dry run or an access review stores nothing: not counted). */
export function objectWrites(server: KubeApiServer): RequestRecord[] {
  return server.requests.filter((r) => isWrite(r) && !r.path.includes('/leases/') && !r.path.endsWith('/leases') &&
    r.query.dryRun !== 'All' && !r.path.endsWith('/selfsubjectaccessreviews'));
}

/** Every text an outcome can be shown as, plus the progress lines: none may hold a secret. */
export function expectNothingSecret(o: ApplyOutcome, lines: string[]): void {
  const texts = [JSON.stringify(o), renderApplyMarkdown(o), renderApplyText(o, { verbose: true }), ...lines];
  if (o.plan) texts.push(renderPlanJson(o.plan));
  expectNoCanary(texts);
}

export function statuses(o: ApplyOutcome): Record<string, string> {
  return Object.fromEntries(o.steps.map((s) => [s.id, s.status]));
}

/**
 * A fresh stand-in cluster for each test of the calling file (startCluster), closed after each, which must have
 * logged no server-side error: `let c: Cluster; eachCluster((x) => (c = x));`.
 */
export function eachCluster(use: (c: Cluster) => void, options?: Parameters<typeof startCluster>[0]): void {
  let current: Cluster | undefined;
  beforeEach(async () => {
    current = await startCluster(options);
    use(current);
  });
  afterEach(async () => {
    await current?.close();
    expect(current?.server.errors).toEqual([]);
  });
}
