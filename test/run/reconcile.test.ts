/**
 * A reconciler shows every change and removes what it applied (issue 14), on the stand-in: after a first apply,
 * each of the four cases (remove the dispatch NoExecute taint; delete a pod-template file; `max-servers 20 → 40`;
 * revert a merged change) shows the change in the plan, apply performs it, and the next plan is empty. A taint and
 * a label someone else put on a node, and a ConfigMap pool-reconciler did not create, survive all of it.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/run/apply.js';
import { runPlan } from '../../src/run/plan.js';
import { nodepoolApiDriftLines } from '../../src/run/action.js';
import type { Plan } from '../../src/plan/types.js';
import { STATE_CONFIGMAP } from '../../src/plan/state.js';
import { NODE_OWNERSHIP_ANNOTATION } from '../../src/plan/node-pool.js';
import { objectWrites, request, eachCluster } from '../support/apply-helpers.js';
import type { Cluster } from '../support/apply-helpers.js';

const DISPATCH_TAINT = '      taints:\n        - key: konvoy.mesosphere.com/node_pool\n          value: dispatch\n          effect: NoExecute\n';
const FOREIGN = { key: 'example.com/maintenance', value: 'true', effect: 'NoSchedule' };

let c: Cluster;
eachCluster((x) => (c = x));

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
      // What the repo declared per pool: the only labels and taints a later apply may remove.
      declared: {
        dispatch: { labels: ['konvoy.mesosphere.com/node_pool'], taints: ['konvoy.mesosphere.com/node_pool:NoExecute'] },
        worker: { labels: ['ci.example.org/workload'], taints: [] },
      },
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
    expect(c.execs.map((e) => e.container)).toEqual(['launcher', 'nodepool-builder']);
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

function pod(name: string, node: string, tolerations: object[] = [], owner?: { kind: string; name: string }): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'apps',
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: `uid-${name}`, controller: true }] } : {}),
    },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }], tolerations },
    status: { phase: 'Running' },
  };
}

describe('the pods a new taint affects', () => {
  it('names the pods a new NoExecute taint evicts (with their owner) and counts those a new NoSchedule taint no longer admits', async () => {
    c.server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
    c.server.put(pod('web-7d9f-abcde', 'dispatch-1', [], { kind: 'ReplicaSet', name: 'web-7d9f' }));
    c.server.put(pod('ci-build-1', 'dispatch-1', [{ key: 'konvoy.mesosphere.com/node_pool', operator: 'Equal', value: 'dispatch', effect: 'NoExecute' }]));
    c.server.put(pod('slow-drain', 'dispatch-1', [{ key: 'konvoy.mesosphere.com/node_pool', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]));
    c.server.put(pod('batch-1', 'worker-1', []));
    c.server.put(pod('elsewhere', 'cp-1', []));
    c.repo.edit('cluster.yaml', '          value: general\n', '          value: general\n      taints:\n        - key: ci.example.org/dedicated\n          effect: NoSchedule\n');
    const p = await plan();
    const d1 = p.steps.find((s) => s.id === 'Node/dispatch-1')!;
    expect(d1.evictions).toEqual([
      { namespace: 'apps', name: 'slow-drain', taint: 'konvoy.mesosphere.com/node_pool=dispatch:NoExecute', afterSeconds: 300 },
      { namespace: 'apps', name: 'web-7d9f-abcde', owner: { kind: 'ReplicaSet', name: 'web-7d9f' }, taint: 'konvoy.mesosphere.com/node_pool=dispatch:NoExecute' },
    ]);
    expect(p.steps.find((s) => s.id === 'Node/worker-1')).toMatchObject({ notAdmitted: 1 });
    expect(p.steps.find((s) => s.id === 'Node/worker-1')?.evictions).toBeUndefined();
    // One LIST for the five nodes that get a new taint (cluster-wide: a field selector names one node only); the pod
    // on the control-plane node, which gets no taint, is read but not shown.
    const lists = c.server.requestsMatching({ method: 'GET', path: '/api/v1/pods' }).map((r) => r.query.fieldSelector);
    expect(lists).toEqual([undefined]);
    expect(JSON.stringify(p.steps)).not.toContain('elsewhere');
  });

  it('says so when it may not list pods, and still plans', async () => {
    c.server.forbid({ verb: 'list', resource: 'pods' });
    // (The plan's preflight would also miss `list` on pods in the Software Factory namespace: not this test's point.)
    const o = await runPlan(request(c, { preflight: false }));
    expect(o.errors).toEqual([]);
    const p = o.plan!;
    expect(p.steps.find((s) => s.id === 'Node/dispatch-1')?.evictions).toBeUndefined();
    expect(p.notes.some((n) => n.startsWith('could not list the pods on the nodes that get a new taint'))).toBe(true);
  });
});

describe('nodes: report-only', () => {
  it('reports the node differences as drift and never writes them', async () => {
    c.repo.write('.pool-reconciler.yaml', `${c.repo.read('.pool-reconciler.yaml')}nodes: report-only\n`);
    const p = await plan();
    const nodes = p.steps.filter((s) => s.object.kind === 'Node');
    expect(nodes.map((s) => s.action)).toEqual(['drift', 'drift', 'drift', 'drift', 'drift']);
    expect(p.counts.drift).toBe(5);
    expect(p.notes.some((n) => n.startsWith('nodes: report-only'))).toBe(true);
    c.server.clearRequests();
    await apply();
    expect(c.server.requestsMatching({ method: 'PATCH', path: /\/nodes\// })).toEqual([]);
    expect(taints('dispatch-1')).toEqual([]);
  });
});

describe('the Nodepool config before the first apply', () => {
  it('compares with the base branch read from git, and says which baseline it used', async () => {
    const git = (...args: string[]): string => execFileSync('git', ['-C', c.repo.dir, ...args], { encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', 'base');
    const sha = git('rev-parse', 'HEAD').trim();
    c.repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: 40');
    const o = await runPlan(request(c, { base: 'main' }));
    expect(o.plan?.nodepool).toMatchObject({
      baseline: { kind: 'base', ref: 'main', commit: sha },
      refresh: true,
      changes: [{ file: 'nodepool/nodepool.yaml', op: 'change', text: 'provider vexxhost-ca-ymq-1, pool main: max-servers 20 → 40' }],
    });
    // The baseline is not part of the hash: the apply (which has no base) finds the same plan.
    const none = await runPlan(request(c));
    expect(none.plan?.nodepool?.baseline.kind).toBe('none');
    expect(none.plan?.hash).toBe(o.plan?.hash);
    // A base that is not in the checkout (a shallow clone): said, and the plan goes on.
    const missing = await runPlan(request(c, { base: '0123456789abcdef0123456789abcdef01234567' }));
    expect(missing.plan?.nodepool?.baseline).toEqual({
      kind: 'none',
      reason: expect.stringContaining('is not in the checkout (a shallow clone? check out with fetch-depth: 0, or fetch the base branch)'),
    });
  });

  it('a state ConfigMap that cannot be read is said, and the refresh runs', async () => {
    await apply();
    const st = c.server.get('ConfigMap', 'sf', STATE_CONFIGMAP)!;
    c.server.put({ ...st, data: { commit: 'x', 'nodepool-digest': 'y', managed: '{not json' } });
    const p = await plan();
    expect(p.nodepool?.refresh).toBe(true);
    expect(p.notes).toContainEqual(expect.stringMatching(/^the state ConfigMap sf\/pool-reconciler-state is not readable: its data is not readable \(edited by hand\?\)/));
  });
});

describe('provider keys: removed only when the setting says so, and only those pool-reconciler wrote', () => {
  const AWS = '[default]\nregion = us-east-1\n';
  const secretKeys = (): string[] => Object.keys((c.server.get('Secret', 'sf', 'nodepool-providers-secrets')?.data as object | undefined) ?? {}).sort();

  it('an input left empty keeps its key; remove-provider-keys removes it, with the rollouts, and the next plan is empty', async () => {
    // A key new to the Secret is not mounted before `sf-operator deploy` (issue 13): allowed here.
    const o = await runApply(request(c, { secrets: { ...request(c).secrets, 'aws.config': AWS }, allowUnmountedSecretKeys: true }));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(c.server.get('Secret', 'sf', 'nodepool-providers-secrets')?.metadata?.annotations?.['pool-reconciler/managed-keys']).toBe('aws.config,clouds.yaml,kube.config');
    // aws.config not given any more (an unset GitHub secret): kept, nothing planned.
    expect(changing(await plan())).toEqual([]);
    expect(secretKeys()).toContain('aws.config');
    c.repo.write('.pool-reconciler.yaml', `${c.repo.read('.pool-reconciler.yaml')}software-factory:\n  remove-provider-keys: [aws.config]\n`);
    const p = await plan();
    const secret = p.steps.find((x) => x.id === 'Secret/sf/nodepool-providers-secrets')!;
    expect(secret).toMatchObject({ action: 'update', summary: 'keys removed: aws.config; unchanged: clouds.yaml, kube.config' });
    expect(secret.secretKeys?.removed).toEqual(['aws.config']);
    expect(p.steps.filter((x) => x.action === 'rollout').map((x) => x.id)).toEqual(['Deployment/sf/nodepool-launcher', 'StatefulSet/sf/nodepool-builder']);
    expect(p.notes.some((n) => n.startsWith('removing aws.config from Secret sf/nodepool-providers-secrets'))).toBe(true);
    await apply();
    expect(secretKeys()).toEqual(['clouds.yaml', 'kube.config']);
    expect(c.server.get('Secret', 'sf', 'nodepool-providers-secrets')?.metadata?.annotations?.['pool-reconciler/managed-keys']).toBe('clouds.yaml,kube.config');
    await expectConverged();
  });

  it('a key pool-reconciler did not write is not removed, and the plan says why', async () => {
    await apply();
    const s = c.server.get('Secret', 'sf', 'nodepool-providers-secrets')!;
    c.server.put({ ...s, data: { ...(s.data as object), 'aws.config': Buffer.from(AWS).toString('base64') } });
    c.repo.write('.pool-reconciler.yaml', `${c.repo.read('.pool-reconciler.yaml')}software-factory:\n  remove-provider-keys: [aws.config]\n`);
    const p = await plan();
    expect(p.steps.find((x) => x.id === 'Secret/sf/nodepool-providers-secrets')?.action).not.toBe('update');
    expect(p.notes.some((n) => n.startsWith('provider key aws.config of Secret sf/nodepool-providers-secrets is not removed'))).toBe(true);
  });
});

describe('drift against what Nodepool\'s API lists', () => {
  it('names the labels the running launcher lacks and those it has that the branch does not', async () => {
    const listed = ['centos-9-stream', 'ubuntu-noble', 'pod-python', 'pod-fedora', 'old-label'];
    const api = createServer((req, res) => {
      if (req.url !== '/nodepool/api/label-list') return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(listed.map((label) => ({ label }))));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/nodepool/api/`;
      const o = await runPlan(request(c, { nodepoolApi: { url, timeoutMs: 2_000 } }));
      expect(o.nodepoolApi).toEqual({ missing: ['centos-9-stream-large'], extra: ['old-label'] });
      expect(nodepoolApiDriftLines(o.nodepoolApi)).toEqual([
        "the running Nodepool does not list centos-9-stream-large of the default branch's nodepool.yaml (not deployed yet, or its provider failed to start)",
        "the running Nodepool lists old-label, which the default branch's nodepool.yaml does not have (deployed from another commit?)",
      ]);
    } finally {
      await new Promise<void>((r) => api.close(() => r()));
    }
    const down = await runPlan(request(c, { nodepoolApi: { url: 'http://127.0.0.1:9/nodepool/api/', timeoutMs: 500 } }));
    expect(down.nodepoolApi?.error).toMatch(/^http:\/\/127\.0\.0\.1:9\/nodepool\/api\/label-list/);
    expect(nodepoolApiDriftLines(down.nodepoolApi)[0]).toMatch(/^Nodepool's label list could not be read: /);
  });
});
