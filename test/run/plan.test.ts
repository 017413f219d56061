/**
 * runPlan end to end: the example config repo, the real @kubernetes/client-node over HTTP, the loopback API server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKubeApiServer } from '../support/kube-apiserver.js';
import type { KubeApiServer } from '../support/kube-apiserver.js';
import { copyExampleRepo } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { runPlan } from '../../src/run/plan.js';
import type { PlanOutcome, PlanRequest } from '../../src/run/plan.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../src/report/plan.js';
import { startNodepoolWebapp } from '../support/nodepool-webapp.js';
import { CANARY, CLOUDS_YAML, SECRETS, expectNoCanary, node, putDesired, workloads } from '../support/plan-helpers.js';

let server: KubeApiServer;
let repo: RepoCopy;
const COMMIT = '5f2b8c0d9e7a4b3c2d1e0f9a8b7c6d5e4f3a2b1c';

function seed(s: KubeApiServer): void {
  for (const w of workloads()) s.put(w);
  s.runControllers()(); // their ReplicaSet and pods, made at once; no rollout afterwards
  // Tekton's defaults as its installation leaves them.
  s.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-defaults', namespace: 'tekton-pipelines' }, data: { 'default-timeout-minutes': '60' } });
  for (const n of ['dispatch-1', 'dispatch-2', 'dispatch-3']) s.put(node(n, 'dispatch'));
  for (const n of ['worker-1', 'worker-2']) s.put(node(n, 'worker'));
  s.put(node('cp-1', 'control-plane', { taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] }));
}

beforeEach(async () => {
  server = await startKubeApiServer({ namespaces: ['sf', 'dispatch-ci', 'tekton-pipelines'] });
  seed(server);
  repo = copyExampleRepo();
});

afterEach(async () => {
  await server.close();
  repo.cleanup();
  expect(server.errors).toEqual([]);
});

function request(over: Partial<PlanRequest> = {}): PlanRequest {
  return { repoPath: repo.dir, kubeconfig: server.kubeconfigYaml('default'), secrets: { ...SECRETS }, commit: COMMIT, env: {}, ...over };
}

/** Every rendering of an outcome, for leak checks. */
function renderings(o: PlanOutcome): string[] {
  const out = [JSON.stringify(o.errors), JSON.stringify(o.validation.diagnostics), JSON.stringify(o.desired) ?? '', JSON.stringify(o.live) ?? ''];
  if (o.plan) out.push(renderPlanJson(o.plan), renderPlanMarkdown(o.plan), renderPlanText(o.plan, { color: true, verbose: true }));
  return out;
}

async function planned(over: Partial<PlanRequest> = {}): Promise<PlanOutcome & { plan: NonNullable<PlanOutcome['plan']> }> {
  const o = await runPlan(request(over));
  expect(o.errors).toEqual([]);
  expect(o.validation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(o.plan).toBeDefined();
  expectNoCanary(renderings(o));
  return o as PlanOutcome & { plan: NonNullable<PlanOutcome['plan']> };
}

const byAction = (o: { plan: { steps: Array<{ id: string; action: string }> } }, action: string): string[] =>
  o.plan.steps.filter((s) => s.action === action).map((s) => s.id);

describe('runPlan against the API server', () => {
  it('plans every object as create on an empty cluster, the config refresh, the rollouts and the node fields', async () => {
    const rvBefore = server.resourceVersion;
    const o = await planned();
    expect(o.stage).toBe('done');
    expect(byAction(o, 'create')).toEqual([
      'Secret/sf/nodepool-providers-secrets',
      'ConfigMap/dispatch-ci/app-pod-template',
      'ConfigMap/dispatch-ci/docs-pod-template',
    ]);
    expect(byAction(o, 'rollout')).toEqual(['Deployment/sf/nodepool-launcher', 'StatefulSet/sf/nodepool-builder']);
    expect(byAction(o, 'exec')).toEqual(['exec/launcher', 'exec/builder']);
    expect(byAction(o, 'update')).toEqual(['ConfigMap/tekton-pipelines/config-defaults', 'Node/dispatch-1', 'Node/dispatch-2', 'Node/dispatch-3', 'Node/worker-1', 'Node/worker-2']);
    const secret = o.plan.steps[0];
    expect(secret.secretKeys).toEqual({ added: ['clouds.yaml', 'kube.config'], changed: [], removed: [], unchanged: [] });
    const builder = o.plan.steps.find((s) => s.id === 'exec/builder');
    expect(builder?.exec).toEqual({
      component: 'builder',
      container: 'nodepool-builder',
      command: ['/usr/local/bin/generate-config.sh', COMMIT],
      env: { NODEPOOL_CONFIG_FILE: 'nodepool-builder.yaml' },
    });
    expect(builder?.object).toEqual({ kind: 'Pod', namespace: 'sf', name: 'nodepool-builder-0' });
    expect(o.plan.steps.find((s) => s.id === 'exec/launcher')?.object).toEqual({
      kind: 'Pod', namespace: 'sf', name: '-l run=nodepool-launcher', selector: 'run=nodepool-launcher',
    });
    // The control-plane pool declares nothing: its node is not even read.
    expect(o.plan.steps.some((s) => s.id === 'Node/cp-1')).toBe(false);
    // 4 objects to create, 2 rollouts, 5 nodes, and the Nodepool config (nothing deployed is recorded yet).
    expect(o.plan.changes).toBe(4 + 2 + 5 + 1);
    expect(o.plan.nodepool).toMatchObject({ refresh: true, deployedDigest: null, baseline: { kind: 'none' } });
    // Reads only: besides GETs, the preflight's access reviews and dry runs, which store nothing.
    expect(server.requests.every((r) => r.method === 'GET' || r.query.dryRun === 'All' || r.path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')).toBe(true);
    expect(server.resourceVersion).toBe(rvBefore);
    const md = renderPlanMarkdown(o.plan);
    expect(md).toContain('| Secret `sf/nodepool-providers-secrets` | create | create with 2 keys clouds.yaml, kube.config |');
  });

  it('plans nothing once the objects exist and the Nodepool files are the deployed ones (no config refresh either)', async () => {
    const first = await planned();
    putDesired(server, first.desired!);
    const o = await planned();
    expect(o.plan.changes).toBe(0);
    expect(o.plan.steps.filter((s) => s.action !== 'unchanged')).toEqual([]);
    expect(o.plan.counts).toMatchObject({ create: 0, update: 0, delete: 0, rollout: 0, exec: 0 });
    expect(o.plan.nodepool).toMatchObject({ refresh: false, baseline: { kind: 'deployed', commit: COMMIT }, changes: [] });
    const md = renderPlanMarkdown(o.plan);
    expect(md.split('\n')[0]).toMatch(/^\*\*Plan: no changes\.\*\* The cluster matches the config repo \(\d+ objects checked\)/);
    expect(renderPlanText(o.plan)).toMatch(/^No changes: /);
  });

  it('shows one changed secret key by name only, and rolls out both workloads', async () => {
    putDesired(server, (await planned()).desired!);
    const o = await planned({ secrets: { ...SECRETS, 'clouds.yaml': CLOUDS_YAML.replace(CANARY, `${CANARY}-rotated`) } });
    const changed = o.plan.steps.filter((s) => s.action !== 'unchanged' && s.action !== 'exec');
    expect(changed.map((s) => `${s.action} ${s.id}`)).toEqual([
      'update Secret/sf/nodepool-providers-secrets',
      'rollout Deployment/sf/nodepool-launcher',
      'rollout StatefulSet/sf/nodepool-builder',
    ]);
    expect(changed[0].changes).toEqual([{ path: 'data["clouds.yaml"]', op: 'change' }]);
    expect(changed[0].secretKeys).toEqual({ added: [], changed: ['clouds.yaml'], removed: [], unchanged: ['kube.config'] });
    const rv = server.get('Secret', 'sf', 'nodepool-providers-secrets')?.metadata?.resourceVersion;
    expect(changed[1].rollout).toEqual({ annotation: 'nodepool-providers-secrets', from: rv, to: null, reason: 'secret-changes' });
  });

  it('plans a rollout when the workloads lag behind the Secret (someone changed a key the repo does not manage)', async () => {
    putDesired(server, (await planned()).desired!);
    const s = server.get('Secret', 'sf', 'nodepool-providers-secrets')!;
    const rv = server.put({ ...s, data: { ...(s.data as object), 'other.key': Buffer.from('x').toString('base64') } }).metadata?.resourceVersion;
    const o = await planned();
    expect(byAction(o, 'rollout')).toEqual(['Deployment/sf/nodepool-launcher', 'StatefulSet/sf/nodepool-builder']);
    expect(o.plan.steps.find((x) => x.action === 'rollout')?.rollout).toMatchObject({ to: rv, reason: 'annotation-behind' });
    expect(o.plan.steps[0].action).toBe('unchanged');
    expect(renderPlanJson(o.plan)).not.toContain('other.key');
  });

  it('shows exactly one change for one toleration changed in a pod template', async () => {
    putDesired(server, (await planned()).desired!);
    repo.edit('dispatch/pod-templates/docs.yaml', 'value: dispatch', 'value: dispatch-ci');
    const o = await planned();
    expect(o.plan.changes).toBe(1);
    const step = o.plan.steps.find((s) => s.action === 'update')!;
    expect(step.id).toBe('ConfigMap/dispatch-ci/docs-pod-template');
    expect(step.changes.map((c) => [c.path, c.op])).toEqual([['data["template"]', 'change']]);
    const md = renderPlanMarkdown(o.plan);
    // The lines of the diff blocks (the Markdown's lists, such as the Dispatch components', also start with `- `).
    const blocks = [...md.matchAll(/```diff\n([\s\S]*?)\n```/g)].map((m) => m[1]).join('\n');
    const diffLines = blocks.split('\n').filter((l) => /^[-+] /.test(l));
    expect(diffLines).toEqual(['-       value: dispatch', '+       value: dispatch-ci']);
  });

  it('shows exactly one change for one taint changed on one node, and keeps taints others own out of sight', async () => {
    putDesired(server, (await planned()).desired!);
    const n = server.get('Node', 'dispatch-2')!;
    (n.spec as { taints: object[] }).taints = [
      { key: 'konvoy.mesosphere.com/node_pool', value: 'other', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      // Same key, another effect: not this pool's.
      { key: 'konvoy.mesosphere.com/node_pool', value: 'x', effect: 'PreferNoSchedule' },
    ];
    server.put(n);
    const other = server.get('Node', 'dispatch-1')!;
    (other.spec as { taints: object[] }).taints.push({ key: 'example.com/maintenance', value: 'true', effect: 'NoSchedule' });
    other.metadata!.labels!['example.com/rack'] = 'r12';
    server.put(other);

    const o = await planned();
    expect(o.plan.changes).toBe(1);
    const step = o.plan.steps.find((s) => s.action === 'update')!;
    expect(step.id).toBe('Node/dispatch-2');
    expect(step.changes).toEqual([{
      path: 'spec.taints["konvoy.mesosphere.com/node_pool:NoExecute"]',
      op: 'change',
      before: 'konvoy.mesosphere.com/node_pool=other:NoExecute',
      after: 'konvoy.mesosphere.com/node_pool=dispatch:NoExecute',
    }]);
    for (const text of [renderPlanJson(o.plan), renderPlanMarkdown(o.plan), renderPlanText(o.plan, { verbose: true })]) {
      expect(text).not.toContain('unschedulable');
      expect(text).not.toContain('PreferNoSchedule');
      expect(text).not.toContain('r12');
    }
    // Someone's taint is never a change. Only where it keeps CI pods off a node of the pool they select (the pod
    // templates do not tolerate it) is it said, once, in the read-only placement section.
    expect(JSON.stringify(o.plan.steps)).not.toContain('maintenance');
    expect(o.plan.placement?.notes.filter((n) => n.includes('maintenance'))).toEqual([
      expect.stringMatching(/^node dispatch-1 of pool dispatch has the taint example\.com\/maintenance=true:NoSchedule, which the repo does not declare and which the Tekton default pod template, pod template ConfigMap dispatch-ci\/app-pod-template do not tolerate: /),
    ]);
  });

  it('says plainly that a pool without nodes is provisioned by konvoy up', async () => {
    repo.edit('cluster.yaml', '    - name: worker\n      count: 4', '    - name: gpu\n      count: 0\n    - name: worker\n      count: 4');
    repo.edit('cluster.yaml', '    - name: worker\n      labels:', '    - name: gpu\n      taints:\n        - key: nvidia.com/gpu\n          value: "true"\n          effect: NoSchedule\n    - name: worker\n      labels:');
    const o = await planned();
    expect(o.plan.pendingPools).toEqual([{ pool: 'gpu', message: expect.stringContaining('provisioned by `konvoy up`') }]);
    expect(renderPlanMarkdown(o.plan)).toContain('Node pools without nodes yet');
    expect(renderPlanText(o.plan)).toContain('konvoy.mesosphere.com/node_pool=gpu');
  });

  it('is deterministic: two runs give byte-identical JSON, Markdown and hash', async () => {
    const a = await planned();
    const b = await planned();
    expect(renderPlanJson(b.plan)).toBe(renderPlanJson(a.plan));
    expect(renderPlanMarkdown(b.plan)).toBe(renderPlanMarkdown(a.plan));
    expect(b.plan.hash).toBe(a.plan.hash);
    expect(a.plan.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The commit is not the intent: the same files at another commit (the merge commit) are the same change.
    const c = await planned({ commit: 'f'.repeat(40) });
    expect(c.plan.hash).toBe(a.plan.hash);
  });

  it('sends one request per (kind, namespace), not one per object', async () => {
    // The reads of observe (the preflight's checks and dry runs, one per planned write, are not what this counts).
    const count = async (): Promise<number> => {
      server.clearRequests();
      const o = await runPlan(request({ preflight: false }));
      expect(o.requests).toBe(server.requests.length);
      return server.requests.length;
    };
    putDesired(server, (await planned()).desired!);
    const base = await count();
    for (let i = 0; i < 40; i++) {
      repo.write(`dispatch/pod-templates/extra-${String(i).padStart(2, '0')}.yaml`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-${i}\n  namespace: dispatch-ci\ndata:\n  template: |\n    priorityClassName: ci-low\n`);
    }
    // New nodes of the pool, as `konvoy up` creates them (with the pool's taint).
    for (let i = 0; i < 30; i++) server.put(node(`dispatch-x${i}`, 'dispatch', { taints: [{ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' }] }));
    expect(await count()).toBe(base);
    expect(server.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/v1/namespaces/dispatch-ci/configmaps',
      // The Dispatch components (one LIST of Deployments and one of pods per namespace, io/cluster/placement.ts).
      'GET /api/v1/namespaces/dispatch/pods',
      'GET /api/v1/namespaces/sf/configmaps/pool-reconciler-state',
      'GET /api/v1/namespaces/sf/secrets/nodepool-providers-secrets',
      'GET /api/v1/namespaces/tekton-pipelines/configmaps/config-defaults',
      'GET /api/v1/namespaces/tekton-pipelines/pods',
      'GET /api/v1/nodes',
      'GET /apis/apps/v1/namespaces/dispatch/deployments',
      'GET /apis/apps/v1/namespaces/sf/deployments/nodepool-launcher',
      'GET /apis/apps/v1/namespaces/sf/statefulsets/nodepool-builder',
      'GET /apis/apps/v1/namespaces/tekton-pipelines/deployments',
    ]);
    const nodes = server.requestsMatching({ path: '/api/v1/nodes' })[0];
    expect(nodes.query.labelSelector).toBe('konvoy.mesosphere.com/node_pool in (dispatch,worker)');
  });

  it('checks the config against the secrets before reading the cluster', async () => {
    const o = await runPlan(request({ secrets: { ...SECRETS, 'clouds.yaml': CLOUDS_YAML.replace('vexxhost:', 'vexxhost-old:') } }));
    expect(o.stage).toBe('validation');
    expect(o.plan).toBeUndefined();
    expect(server.requests).toEqual([]);
    const d = o.validation.diagnostics.filter((x) => x.rule === 'secrets/unknown-cloud');
    expect(d.map((x) => x.file).sort()).toEqual(['nodepool/nodepool-builder.yaml', 'nodepool/nodepool.yaml']);
    expectNoCanary(renderings(o));
  });
});

describe('runPlan: cluster errors are clear sentences', () => {
  const noStack = (o: PlanOutcome): void => {
    for (const e of o.errors) {
      expect(e.message).not.toMatch(/\n\s+at /);
      expect(e.message).not.toContain('ApiException');
    }
    expectNoCanary(renderings(o));
  };

  it('a 403 names the verb, resource and namespace, and the RBAC rule to add', async () => {
    server.forbid({ resource: 'configmaps', verb: 'list', namespace: 'dispatch-ci' });
    server.forbid({ resource: 'secrets', verb: 'get', namespace: 'sf' });
    const o = await runPlan(request());
    expect(o.stage).toBe('cluster');
    expect(o.plan).toBeUndefined();
    noStack(o);
    expect(o.errors).toEqual([
      {
        message: 'forbidden to get secret "nodepool-providers-secrets" in namespace "sf" (the API server says: secrets "nodepool-providers-secrets" is forbidden: User "pool-reconciler-test" cannot get resource "secrets" in API group "" in the namespace "sf")',
        hint: 'Add this rule to a Role in namespace "sf" (bound with a RoleBinding there) for the credentials in use: {apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["nodepool-providers-secrets"]}',
      },
      {
        message: expect.stringMatching(/^forbidden to list configmaps in namespace "dispatch-ci" \(the API server says: .*\)$/),
        hint: 'Add this rule to a Role in namespace "dispatch-ci" (bound with a RoleBinding there) for the credentials in use: {apiGroups: [""], resources: ["configmaps"], verbs: ["list"]}',
      },
    ]);
  });

  it('a 403 on nodes asks for a ClusterRole', async () => {
    server.forbid({ resource: 'nodes', verb: 'list' });
    const o = await runPlan(request());
    noStack(o);
    expect(o.errors).toHaveLength(1);
    expect(o.errors[0].message).toMatch(/^forbidden to list nodes \(/);
    expect(o.errors[0].hint).toBe('Add this rule to a ClusterRole (bound with a ClusterRoleBinding) for the credentials in use: {apiGroups: [""], resources: ["nodes"], verbs: ["list"]}');
  });

  it('an unreachable server is one error naming the server', async () => {
    const url = server.url;
    const kubeconfig = server.kubeconfigYaml('default');
    await server.close();
    const o = await runPlan(request({ kubeconfig }));
    // The server is closed: reopen a fresh one for afterEach.
    server = await startKubeApiServer();
    noStack(o);
    expect(o.errors).toEqual([{
      message: `cannot reach the Kubernetes API server at ${url}: connection refused (ECONNREFUSED)`,
      hint: expect.stringContaining("Check the kubeconfig's server address"),
    }]);
  });

  it('bad credentials are a 401 sentence', async () => {
    const o = await runPlan(request({ kubeconfig: server.kubeconfigYaml('default', { token: CANARY }) }));
    noStack(o);
    expect(o.errors[0].message).toMatch(/rejected the credentials \(401 Unauthorized\)/);
  });

  it('a kubeconfig that does not parse is named with its line, not its content', async () => {
    const o = await runPlan(request({ kubeconfig: `apiVersion: v1\nusers:\n  - name: u\n    user: {token: ${CANARY}\n` }));
    noStack(o);
    expect(o.errors).toEqual([{ message: expect.stringMatching(/^input `kubeconfig`: not valid YAML \(line \d+, column \d+\)$/), hint: expect.any(String) }]);
  });

  it('a missing namespace is a clear error, and the plan still shows what would be created', async () => {
    server.delete('Namespace', 'dispatch-ci');
    const o = await runPlan(request());
    noStack(o);
    expect(o.errors).toEqual([
      { message: expect.stringMatching(/^namespace "dispatch-ci" does not exist: ConfigMap dispatch-ci\/app-pod-template \(dispatch\/pod-templates\/app.yaml\) cannot be created there/) },
      { message: expect.stringMatching(/^namespace "dispatch-ci" does not exist: ConfigMap dispatch-ci\/docs-pod-template/) },
    ]);
    expect(o.plan?.blockers).toHaveLength(2);
    expect(renderPlanMarkdown(o.plan!)).toContain('**Blockers** (apply would fail)');
  });

  it('a missing Software Factory namespace says which setting to change', async () => {
    repo.write('.pool-reconciler.yaml', 'software-factory:\n  namespace: softwarefactory\ndispatch:\n  pod-template-key: template\n');
    const o = await runPlan(request());
    noStack(o);
    expect(o.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^namespace "softwarefactory" does not exist: Secret softwarefactory\/nodepool-providers-secrets cannot be created there\. .*software-factory\.namespace/),
    ]);
  });
});

describe("the plan's Nodepool impact section, from Nodepool's API", () => {
  it('says what the change does to the nodes and requests Nodepool lists, and leaves the hash alone', async () => {
    const webapp = await startNodepoolWebapp({
      labels: ['centos-9-stream', 'centos-9-stream-large', 'ubuntu-noble', 'pod-python', 'pod-fedora', 'centos-8-stream'],
      nodes: [
        { id: '0000000101', provider: 'vexxhost-ca-ymq-1', label: ['centos-8-stream'], state: 'ready', pool: 'main' },
        { id: '0000000102', provider: 'vexxhost-ca-ymq-1', label: ['centos-8-stream'], state: 'ready', pool: 'main' },
        { id: '0000000103', provider: 'vexxhost-ca-ymq-1', label: ['centos-8-stream'], state: 'in-use', pool: 'main' },
        { id: '0000000110', provider: 'vexxhost-ca-ymq-1', label: ['centos-9-stream'], state: 'in-use', pool: 'main' },
      ],
      requests: [{ id: '200-0000000007', state: 'requested', node_types: ['centos-8-stream'] }],
      uploads: [{ build: '0000000031', upload: '0000000001', provider: 'vexxhost-ca-ymq-1', image: 'centos-9-stream', state: 'ready' }],
      builds: [{ image: 'centos-9-stream', build: '0000000031', state: 'ready' }],
    });
    try {
      // The change lowers max-servers below the 4 nodes the pool holds.
      repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: 2');
      const without = await planned();
      const o = await planned({ nodepoolApi: { url: webapp.url, timeoutMs: 10_000 } });
      expect(o.plan.hash).toBe(without.plan.hash);
      expect(without.plan.nodepoolImpact).toBeUndefined();
      const im = o.plan.nodepoolImpact!;
      expect(im.items.map((i) => i.kind)).toEqual(['label-removed', 'max-servers']);
      expect(im.items[0]).toMatchObject({ nodes: { total: 3, byState: { ready: 2, 'in-use': 1 }, ids: '0000000101-0000000103' }, requests: { total: 1, ids: '200-0000000007' } });
      expect(im.items[1].text).toContain('max-servers 2 is below the 4 nodes it holds now (2 ready, 2 in-use)');
      const text = renderPlanText(o.plan);
      expect(text).toContain(`What this does to the running Nodepool (from ${webapp.url}: 4 nodes, 1 request, 6 labels, 1 image upload):`);
      expect(text).toContain('nodes 0000000101-0000000103; requests 200-0000000007');
      expect(renderPlanMarkdown(o.plan)).toContain('**What this does to the running Nodepool');
      expect(JSON.parse(renderPlanJson(o.plan)).nodepoolImpact.items).toHaveLength(2);
      // The builder's config drops the diskimage the launcher's labels boot from, and the provider's pool declined a
      // request for a label it offers: both said, with the builds and the request collapsed.
      repo.write('nodepool/nodepool-builder.yaml', repo.read('nodepool/nodepool-builder.yaml').replace('  - name: centos-9-stream\n    dib-cmd', '  - name: centos-10-stream\n    dib-cmd').replace('      - name: centos-9-stream\n        config-drive', '      - name: centos-10-stream\n        config-drive'));
      webapp.state.requests.push({ id: '200-0000000008', state: 'requested', node_types: ['centos-9-stream'], declined_by: ['nodepool-launcher-0-PoolWorker.vexxhost-ca-ymq-1-main-0123456789abcdef0123456789abcdef'] });
      const images = (await planned({ nodepoolApi: { url: webapp.url, timeoutMs: 10_000 } })).plan;
      expect(images.nodepoolImpact!.items.map((i) => i.kind)).toEqual(['label-removed', 'max-servers', 'diskimage-removed', 'launch-errors']);
      expect(images.nodepoolImpact!.items[2].text).toContain('diskimage "centos-9-stream" is removed from the builder\'s config (nodepool/nodepool-builder.yaml): Nodepool\'s builder deletes its 1 build and 1 upload (in "vexxhost-ca-ymq-1": 1 ready); labels still boot from it: "centos-9-stream" (provider "vexxhost-ca-ymq-1", pool "main"), "centos-9-stream-large"');
      expect(images.nodepoolImpact!.items[3].text).toContain('its cloud "vexxhost" is in the clouds.yaml given to this run');
      expect(renderPlanText(images)).toContain('builds 0000000031');
      expect(renderPlanMarkdown(images)).toContain('requests 200-0000000008');
      // An API that cannot be read is said, and the plan is still made.
      webapp.failWith = 503;
      const broken = await planned({ nodepoolApi: { url: webapp.url, timeoutMs: 10_000 } });
      expect(broken.plan.nodepoolImpact).toMatchObject({ items: [], error: expect.stringContaining('answered HTTP 503') });
      expect(renderPlanText(broken.plan)).toContain("What this does to the running Nodepool: not known (Nodepool's API could not be read:");
    } finally {
      await webapp.close();
    }
  });
});
