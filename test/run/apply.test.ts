/**
 * runApply end to end: the example config repo, the real @kubernetes/client-node over HTTP (and its Exec over the
 * WebSocket channel protocol), the loopback API server standing in for the cluster.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/run/apply.js';
import { runPlan } from '../../src/run/plan.js';
import { applyHeadline, renderApplyMarkdown, renderApplyText } from '../../src/report/apply.js';
import { renderPlanJson, renderPlanMarkdown } from '../../src/report/plan.js';
import { CANARY, CLOUDS_YAML, SECRETS, node } from '../support/plan-helpers.js';
import { COMMIT, NODEPOOL_LABELS, currentPod, expectNothingSecret, objectWrites, pod, request, statuses, eachCluster } from '../support/apply-helpers.js';
import type { Cluster } from '../support/apply-helpers.js';
import { startKubeApiServer } from '../support/kube-apiserver.js';

let c: Cluster;
eachCluster((x) => (c = x));

describe('a full apply', () => {
  it('applies everything to an empty namespace, in plan order, and a second apply writes nothing', async () => {
    const o = await runApply(request(c));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(o.stage).toBe('done');
    expect(statuses(o)).toEqual({
      'Secret/sf/nodepool-providers-secrets': 'applied',
      'Deployment/sf/nodepool-launcher': 'applied',
      'StatefulSet/sf/nodepool-builder': 'applied',
      'exec/launcher': 'applied',
      'exec/builder': 'applied',
      'ConfigMap/tekton-pipelines/config-defaults': 'applied',
      'ConfigMap/dispatch-ci/app-pod-template': 'applied',
      'ConfigMap/dispatch-ci/docs-pod-template': 'applied',
      'Node/dispatch-1': 'applied',
      'Node/dispatch-2': 'applied',
      'Node/dispatch-3': 'applied',
      'Node/worker-1': 'applied',
      'Node/worker-2': 'applied',
    });
    // 1 Secret + 2 annotations + 3 ConfigMaps + 5 nodes, then the state ConfigMap (not a step of the plan).
    expect(o.writes).toBe(11);
    expect(objectWrites(c.server)).toHaveLength(12);
    expect(objectWrites(c.server)[11]).toMatchObject({ method: 'POST', path: '/api/v1/namespaces/sf/configmaps' });
    expectNothingSecret(o, c.lines);

    // The Secret holds exactly the given keys; the workloads carry its resourceVersion.
    const secret = c.server.get('Secret', 'sf', 'nodepool-providers-secrets')!;
    expect(Object.keys(secret.data as object).sort()).toEqual(['clouds.yaml', 'kube.config']);
    expect(Buffer.from((secret.data as Record<string, string>)['clouds.yaml'], 'base64').toString()).toBe(CLOUDS_YAML);
    const rv = secret.metadata?.resourceVersion;
    for (const kind of ['Deployment', 'StatefulSet']) {
      const w = c.server.get(kind, 'sf', kind === 'Deployment' ? 'nodepool-launcher' : 'nodepool-builder')!;
      expect((w.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['nodepool-providers-secrets']).toBe(rv);
    }
    // Every write names one field manager.
    for (const r of objectWrites(c.server)) expect(r.query.fieldManager).toBe('pool-reconciler');
    expect(secret.metadata?.managedFields).toEqual([expect.objectContaining({ manager: 'pool-reconciler' })]);
    // The steps in plan order: the Secret before the rollouts, the rollouts done before the config refresh.
    const order = c.server.requests.filter((r) => (r.method !== 'GET' || r.upgrade) && r.query.dryRun !== 'All' && !r.path.endsWith('/selfsubjectaccessreviews')).map((r) => `${r.method} ${r.path}`).filter((p) => !p.includes('leases'));
    const launcherPod = currentPod(c.server, 'nodepool-launcher').metadata?.name ?? '';
    expect(order.slice(0, 4)).toEqual([
      'POST /api/v1/namespaces/sf/secrets',
      'PATCH /apis/apps/v1/namespaces/sf/deployments/nodepool-launcher',
      'PATCH /apis/apps/v1/namespaces/sf/statefulsets/nodepool-builder',
      `GET /api/v1/namespaces/sf/pods/${launcherPod}/exec`,
    ]);
    expect(order[4]).toBe('GET /api/v1/namespaces/sf/pods/nodepool-builder-0/exec');
    expect(c.server.requestsMatching({ method: 'PATCH', path: /deployments/ })[0].contentType).toMatch(/^application\/merge-patch\+json/);
    // The config refresh: sf-operator's config-update commands.
    expect(c.execs).toEqual([
      { pod: launcherPod, container: 'launcher', command: ['/usr/local/bin/generate-config.sh', COMMIT], env: { CONFIG_REPO_SET: 'TRUE' } },
      {
        pod: 'nodepool-builder-0',
        container: 'nodepool-builder',
        command: ['env', 'NODEPOOL_CONFIG_FILE=nodepool-builder.yaml', '/usr/local/bin/generate-config.sh', COMMIT],
        env: { CONFIG_REPO_SET: 'TRUE', NODEPOOL_CONFIG_FILE: 'nodepool-builder.yaml' },
      },
    ]);
    // Nodes: labels and taints of their pool.
    const d1 = c.server.get('Node', 'dispatch-1')!;
    expect((d1.spec as { taints: object[] }).taints).toEqual([{ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' }]);
    expect(c.lines.some((l) => /^\[1\/13\] applied Secret\/sf\/nodepool-providers-secrets: create with 2 keys/.test(l))).toBe(true);
    // The lock was taken and given back.
    const lease = c.server.get('Lease', 'sf', 'pool-reconciler')!;
    expect((lease.spec as { holderIdentity?: string }).holderIdentity).toBe('');

    // Second apply: nothing to write.
    c.server.clearRequests();
    const lines: string[] = [];
    const again = await runApply(request(c, { onProgress: (l) => lines.push(l) }));
    expect(again.ok).toBe(true);
    expect(again.writes).toBe(0);
    expect(objectWrites(c.server)).toEqual([]);
    // The Nodepool files did not change since the deployed commit (the state ConfigMap): no config refresh either.
    expect(again.steps.filter((s) => s.status === 'applied').map((s) => s.id)).toEqual([]);
    expect(again.steps.map((s) => s.id)).not.toContain('exec/launcher');
    expect(c.execs).toHaveLength(2);
    expect(renderApplyText(again)).toMatch(/^Apply done: 0 steps applied \(0 writes\), 11 unchanged/);
    const final = await runPlan(request(c));
    expect(final.plan?.changes).toBe(0);
  });

  it('keeps the Secret keys it does not manage, and rolls out again when a managed key changes', async () => {
    c.server.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'nodepool-providers-secrets', namespace: 'sf' }, data: { 'aws.config': Buffer.from('[default]\n').toString('base64'), 'extra.key': 'eA==' } });
    expect((await runApply(request(c))).ok).toBe(true);
    const rotated = CLOUDS_YAML.replace(CANARY, `${CANARY}-rotated`);
    c.server.clearRequests();
    const o = await runApply(request(c, { secrets: { 'clouds.yaml': rotated } }));
    expect(o.ok).toBe(true);
    expect(statuses(o)['Secret/sf/nodepool-providers-secrets']).toBe('applied');
    expect(statuses(o)['Deployment/sf/nodepool-launcher']).toBe('applied');
    const patch = c.server.requestsMatching({ method: 'PATCH', path: /secrets/ })[0];
    expect(patch.contentType).toMatch(/^application\/merge-patch\+json/);
    expect(Object.keys((JSON.parse(patch.body) as { data: object }).data)).toEqual(['clouds.yaml']);
    const s = c.server.get('Secret', 'sf', 'nodepool-providers-secrets')!;
    // kube.config was given on the first run and not on this one: it stays (a merge patch never removes a key).
    expect(Object.keys(s.data as object).sort()).toEqual(['aws.config', 'clouds.yaml', 'extra.key', 'kube.config']);
    expect(o.plan?.steps.find((x) => x.id === 'Deployment/sf/nodepool-launcher')?.rollout?.reason).toBe('secret-changes');
    expectNothingSecret(o, c.lines);
  });

  it('rolls the workloads out to the Secret\'s resourceVersion when they lag behind it (a key it does not manage changed)', async () => {
    expect((await runApply(request(c))).ok).toBe(true);
    const s = c.server.get('Secret', 'sf', 'nodepool-providers-secrets')!;
    const rv = c.server.put({ ...s, data: { ...(s.data as object), 'other.key': 'eA==' } }).metadata?.resourceVersion;
    c.server.clearRequests();
    const o = await runApply(request(c));
    expect(o.ok).toBe(true);
    expect(statuses(o)['Secret/sf/nodepool-providers-secrets']).toBe('unchanged');
    expect(o.steps.find((x) => x.id === 'StatefulSet/sf/nodepool-builder')?.message).toMatch(new RegExp(`^nodepool-providers-secrets=${rv}; rolled out \\(`));
    expect(objectWrites(c.server).map((r) => `${r.method} ${r.path}`)).toEqual([
      'PATCH /apis/apps/v1/namespaces/sf/deployments/nodepool-launcher',
      'PATCH /apis/apps/v1/namespaces/sf/statefulsets/nodepool-builder',
    ]);
  });

  it("changes only the pool's own taints and labels: a node's foreign taints survive", async () => {
    const n = c.server.get('Node', 'dispatch-2')!;
    n.spec = {
      taints: [
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' },
        { key: 'konvoy.mesosphere.com/node_pool', value: 'old', effect: 'NoExecute' },
        { key: 'konvoy.mesosphere.com/node_pool', value: 'x', effect: 'PreferNoSchedule' },
        { key: 'example.com/maintenance', value: 'true', effect: 'NoSchedule' },
      ],
    };
    n.metadata!.labels!['example.com/rack'] = 'r12';
    // The pool's taint with an old value was written by an earlier apply (its record says so): it is ours to change.
    n.metadata!.annotations = { 'pool-reconciler/managed': '{"labels":[],"taints":["konvoy.mesosphere.com/node_pool:NoExecute"]}' };
    const rv = c.server.put(n).metadata?.resourceVersion;
    const o = await runApply(request(c));
    expect(o.ok).toBe(true);
    const after = c.server.get('Node', 'dispatch-2')!;
    // client-node writes a timestamp it read back with milliseconds (the API server stores it at second precision):
    // the same instant.
    const taints = (after.spec as { taints: Array<{ timeAdded?: string }> }).taints;
    expect(Date.parse(taints[0].timeAdded ?? '')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: expect.any(String) },
      { key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' },
      { key: 'konvoy.mesosphere.com/node_pool', value: 'x', effect: 'PreferNoSchedule' },
      { key: 'example.com/maintenance', value: 'true', effect: 'NoSchedule' },
    ]);
    expect(after.metadata?.labels?.['example.com/rack']).toBe('r12');
    // Never a read-and-PUT: one JSON patch of what changes, with the resourceVersion observed as a precondition.
    expect(c.server.count({ method: 'PUT', path: '/api/v1/nodes/dispatch-2' })).toBe(0);
    const patch = c.server.requestsMatching({ method: 'PATCH', path: '/api/v1/nodes/dispatch-2' }).filter((r) => r.query.dryRun !== 'All');
    expect(patch).toHaveLength(1);
    expect(JSON.parse(patch[0].body)).toContainEqual({ op: 'replace', path: '/metadata/resourceVersion', value: rv });
  });

  it('a node the autoscaler removes after the apply read it (before the dry run, or before its write) is passed over and said, not a failure', async () => {
    // The cluster is read, then the lock taken: dispatch-3 goes then (its dry run finds no node); dispatch-2 once the
    // Secret is written (its write finds none).
    c.server.onWrite((e, server) => {
      if (e.kind === 'Lease' && server.get('Node', 'dispatch-3')) server.delete('Node', 'dispatch-3');
      if (e.kind === 'Secret' && server.get('Node', 'dispatch-2')) server.delete('Node', 'dispatch-2');
    });
    const o = await runApply(request(c));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    for (const gone of ['Node/dispatch-2', 'Node/dispatch-3']) {
      expect(o.steps.find((s) => s.id === gone)).toMatchObject({ status: 'unchanged', writes: 0, message: 'the node left the cluster after it was read (the pool scaled down?): nothing to write there' });
    }
    expect(statuses(o)['Node/dispatch-1']).toBe('applied');
    // Not in the table (an unchanged step is not listed): in the notes.
    expect(o.notes).toContain('Node/dispatch-2: the node left the cluster after it was read (the pool scaled down?): nothing to write there');
    expect(renderApplyText(o)).toContain('Node/dispatch-3: the node left the cluster');
  });

  it('re-reads a node written by someone else between its read and its write (409), and keeps their taint', async () => {
    // The patch of worker-1 is held 100 ms by the server; meanwhile a controller taints the node.
    // (The first PATCH is the preflight's dry run; the second is the write.)
    c.server.inject({ method: 'PATCH', path: '/api/v1/nodes/worker-1', nth: 2, fault: { delayMs: 100 } });
    const raced = new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (!c.server.requests.some((r) => r.method === 'PATCH' && r.path === '/api/v1/nodes/worker-1' && r.query.dryRun !== 'All')) return;
        clearInterval(t);
        const w = c.server.get('Node', 'worker-1')!;
        w.spec = { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] };
        c.server.put(w);
        resolve();
      }, 1);
    });
    const o = await runApply(request(c));
    await raced;
    expect(o.ok).toBe(true);
    expect(c.server.count({ method: 'PATCH', path: '/api/v1/nodes/worker-1', status: 409 })).toBe(1);
    expect(c.server.count({ method: 'PATCH', path: '/api/v1/nodes/worker-1', status: 200 })).toBe(2); // the dry run and the write
    expect(o.steps.find((s) => s.id === 'Node/worker-1')).toMatchObject({ status: 'applied', writes: 1 });
    const w = c.server.get('Node', 'worker-1')!;
    expect(w.metadata?.labels?.['ci.example.org/workload']).toBe('general');
    expect((w.spec as { taints: object[] }).taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  });
});

describe('progress', () => {
  it('says each step in plan order, although nodes and ConfigMaps are written in parallel', async () => {
    // The first node and the first ConfigMap answer last: their lines must still come before the others'.
    const slow = [
      c.server.inject({ path: '/api/v1/nodes/dispatch-1', method: 'PATCH', fault: { delayMs: 400 } }),
      c.server.inject({ path: '/api/v1/namespaces/tekton-pipelines/configmaps/config-defaults', method: 'PATCH', fault: { delayMs: 400 } }),
    ];
    const o = await runApply(request(c));
    expect(o.ok).toBe(true);
    expect(slow.map((f) => f.fired)).toEqual([1, 1]);
    const numbers = c.lines.map((l) => /^\[(\d+)\/\d+\]/.exec(l)?.[1]).filter((n): n is string => !!n).map(Number);
    expect(numbers.length).toBe(13);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });
});

describe('the config refresh', () => {
  it('fails the step on a non-zero exit with the command stderr, a secret in it redacted; later steps do not run', async () => {
    c.server.onExec(() => ({ stdout: 'fetching config\n', stderr: `error: cannot load clouds.yaml\n      password: ${CANARY}\nexit 2\n`, exitCode: 2 }), { container: 'launcher' });
    const o = await runApply(request(c));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('apply');
    expect(o.failedStep).toBe(3);
    const failed = o.steps[3];
    expect(failed).toMatchObject({ id: 'exec/launcher', status: 'failed' });
    expect(failed.message).toBe(`\`/usr/local/bin/generate-config.sh ${COMMIT}\` exited with code 2 in pod sf/${currentPod(c.server, 'nodepool-launcher').metadata?.name} (container launcher): error: cannot load clouds.yaml | *** | exit 2`);
    expect(o.steps.slice(0, 3).map((s) => s.status)).toEqual(['applied', 'applied', 'applied']);
    expect(o.steps.slice(4).every((s) => s.status === 'not-run')).toBe(true);
    expect(o.errors[0].message).toMatch(/^step 4 of 13 \(exec\/launcher\) failed: /);
    expect(o.errors[0].hint).toMatch(/3 steps applied, 9 not run/);
    expectNothingSecret(o, c.lines);
    const md = renderApplyMarkdown(o);
    expect(md).toContain('failed at step 4 of 13 (exec/launcher)');
    expect(md).toMatch(/\| 6 \| `ConfigMap\/tekton-pipelines\/config-defaults` \| update \| not run \| 0 \|/);
  });

  it("runs in the pod of the Deployment's current ReplicaSet: not in a terminating one, nor in one of an older ReplicaSet", async () => {
    const cur = currentPod(c.server, 'nodepool-launcher');
    const hash = cur.metadata?.labels?.['pod-template-hash'] ?? '';
    // Newer than the current pod, Running and ready, but of an older ReplicaSet (a rollback in progress, a stale pod).
    c.server.put({ ...pod('nodepool-launcher-0ld0ld-zzzzz', 'launcher', { run: 'nodepool-launcher', app: 'sf', 'pod-template-hash': '0ld0ld' }), metadata: { ...pod('x', 'launcher').metadata, name: 'nodepool-launcher-0ld0ld-zzzzz', labels: { run: 'nodepool-launcher', app: 'sf', 'pod-template-hash': '0ld0ld' }, creationTimestamp: '2099-01-01T00:00:00Z' } });
    c.server.put(pod(`nodepool-launcher-${hash}-ttttt`, 'launcher', { run: 'nodepool-launcher', app: 'sf', 'pod-template-hash': hash }, { terminating: true }));
    c.stopRollouts(); // keep the pods as they are
    c.server.put({ ...c.server.get('Secret', 'sf', 'nodepool-providers-secrets') ?? { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'nodepool-providers-secrets', namespace: 'sf' } }, data: { 'clouds.yaml': Buffer.from(CLOUDS_YAML).toString('base64'), 'kube.config': Buffer.from(SECRETS['kube.config']).toString('base64') } });
    for (const kind of ['Deployment', 'StatefulSet']) {
      const w = c.server.get(kind, 'sf', kind === 'Deployment' ? 'nodepool-launcher' : 'nodepool-builder')!;
      (w.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['nodepool-providers-secrets'] = c.server.get('Secret', 'sf', 'nodepool-providers-secrets')!.metadata!.resourceVersion!;
      c.server.put(w);
    }
    const o = await runApply(request(c));
    expect(o.errors).toEqual([]);
    expect(c.execs.map((e) => e.pod)).toEqual([cur.metadata?.name, 'nodepool-builder-0']);
    expect(c.lines).toContain(`exec: skipping pod sf/nodepool-launcher-0ld0ld-zzzzz (of an older ReplicaSet)`);
    expect(c.lines).toContain(`exec: skipping pod sf/nodepool-launcher-${hash}-ttttt (terminating)`);
  });

  it('does not exec in a pod whose container is not ready, and says which pods it saw', async () => {
    const cur = currentPod(c.server, 'nodepool-launcher');
    c.server.put({ ...cur, status: { ...(cur.status as object), conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'launcher', ready: false, restartCount: 3 }] } });
    c.stopRollouts();
    c.server.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'nodepool-providers-secrets', namespace: 'sf' }, data: { 'clouds.yaml': Buffer.from(CLOUDS_YAML).toString('base64'), 'kube.config': Buffer.from(SECRETS['kube.config']).toString('base64') } });
    const rv = c.server.get('Secret', 'sf', 'nodepool-providers-secrets')!.metadata!.resourceVersion!;
    for (const kind of ['Deployment', 'StatefulSet']) {
      const w = c.server.get(kind, 'sf', kind === 'Deployment' ? 'nodepool-launcher' : 'nodepool-builder')!;
      (w.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['nodepool-providers-secrets'] = rv;
      c.server.put(w);
    }
    const o = await runApply(request(c, { rolloutTimeoutMs: 200 }));
    expect(o.ok).toBe(false);
    expect(c.execs).toEqual([]);
    expect(o.steps[o.failedStep!].message).toMatch(new RegExp(`^no running pod with label run=nodepool-launcher of Deployment nodepool-launcher's current ReplicaSet with container launcher ready in namespace "sf" after \\d+ ms; seen: ${cur.metadata?.name} \\(running, container launcher not ready\\)$`));
  });

  it('works with an API server that offers only the v4 channel protocol', async () => {
    c.server.execProtocols = ['v4.channel.k8s.io'];
    const o = await runApply(request(c));
    expect(o.errors).toEqual([]);
    expect(c.server.execs.map((e) => e.protocol)).toEqual(['v4.channel.k8s.io', 'v4.channel.k8s.io']);
    expect(c.server.execs.every((e) => e.status.status === 'Success')).toBe(true);
  });

  it('says the config refresh does nothing in a deployment without a config repo (CONFIG_REPO_SET=FALSE), unless the labels are verified', async () => {
    for (const kind of ['Deployment', 'StatefulSet']) {
      const w = c.server.get(kind, 'sf', kind === 'Deployment' ? 'nodepool-launcher' : 'nodepool-builder')!;
      const t = (w.spec as { template: { spec: { containers: Array<{ env: object[] }> } } }).template;
      t.spec.containers[0].env = [{ name: 'CONFIG_REPO_SET', value: 'FALSE' }];
      c.server.put(w);
    }
    c.stopRollouts();
    c.stopRollouts = c.server.runControllers({ stepMs: 5 });
    await new Promise((r) => setTimeout(r, 100));
    const o = await runApply(request(c));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('incomplete');
    const step = o.steps.find((s) => s.id === 'exec/launcher')!;
    expect(step.status).toBe('incomplete');
    expect(step.message).toMatch(/^not effective: container launcher of pod sf\/nodepool-launcher-[0-9a-f]+-[0-9a-f]+ has CONFIG_REPO_SET=FALSE \(this Software Factory has no config repo\), so generate-config\.sh exits without reading the commit; Nodepool keeps its config/);
    expect(o.errors.some((e) => e.message.startsWith('exec/launcher: not effective'))).toBe(true);
  });
});

describe('rollouts', () => {
  it('reports progress while waiting, and a timeout names the workload and what kubectl would wait for', async () => {
    c.stopRollouts();
    const o = await runApply(request(c, { rolloutTimeoutMs: 300 }));
    expect(o.ok).toBe(false);
    expect(o.failedStep).toBe(1);
    expect(o.steps[1].message).toBe('Deployment sf/nodepool-launcher did not finish its rollout within 300 ms: Waiting for deployment spec update to be observed...');
    expect(o.steps[2].message).toBe('StatefulSet sf/nodepool-builder did not finish its rollout within 300 ms: Waiting for statefulset spec update to be observed...');
    expect(o.steps[1].writes).toBe(1);
    expect(o.steps.slice(3).every((s) => s.status === 'not-run')).toBe(true);
    expect(c.lines.filter((l) => l.startsWith('rollout: waiting (')).length).toBeGreaterThanOrEqual(2);
    // A rerun once the controllers work converges.
    c.stopRollouts = c.server.runControllers({ stepMs: 5 });
    const again = await runApply(request(c));
    expect(again.errors).toEqual([]);
    expect(again.ok).toBe(true);
    expect((await runPlan(request(c))).plan?.changes).toBe(0);
  });

  it("waits until the launcher's new pod exists and is ready, then runs the config refresh in it, not in the old one", async () => {
    c.stopRollouts();
    const log: string[] = [];
    c.stopRollouts = c.server.runControllers({ stepMs: 60, log });
    const old = currentPod(c.server, 'nodepool-launcher').metadata?.name;
    const o = await runApply(request(c));
    expect(o.errors).toEqual([]);
    const now = currentPod(c.server, 'nodepool-launcher');
    expect(now.metadata?.name).not.toBe(old);
    expect(c.execs[0]).toMatchObject({ pod: now.metadata?.name, container: 'launcher' });
    // kubectl's words while waiting, among them the state where the controller has observed the change and the
    // old pod is still the only one.
    expect(log.some((l) => /^Deployment sf\/nodepool-launcher: generation \d+ observed, no new pod yet$/.test(l))).toBe(true);
    expect(c.lines.some((l) => l.includes('Deployment sf/nodepool-launcher: Waiting for deployment "nodepool-launcher" rollout to finish: 0 out of 1 new replicas have been updated...'))).toBe(true);
    expect(c.lines.some((l) => l.includes('old replicas are pending termination'))).toBe(true);
    expect(c.lines).toContain('rollout: Deployment sf/nodepool-launcher done: deployment "nodepool-launcher" successfully rolled out');
  });

  it('waits on a watch of each workload, not by polling', async () => {
    c.stopRollouts();
    c.stopRollouts = c.server.runControllers({ stepMs: 60 });
    const o = await runApply(request(c));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(c.server.requestsMatching({ method: 'GET', path: /\/apis\/apps\/v1\/namespaces\/sf\/(deployments|statefulsets)$/ }).map((r) => [r.path, r.query.watch, r.query.fieldSelector, r.status]))
      .toEqual([
        ['/apis/apps/v1/namespaces/sf/deployments', 'true', 'metadata.name=nodepool-launcher', 200],
        ['/apis/apps/v1/namespaces/sf/statefulsets', 'true', 'metadata.name=nodepool-builder', 200],
      ]);
    // A read when the wait starts and one once the watch is connected (plus the plan's, the preflight's and the
    // patch's reads), none per poll.
    expect(c.server.requestsMatching({ method: 'GET', path: '/apis/apps/v1/namespaces/sf/deployments/nodepool-launcher' }).length).toBeLessThanOrEqual(5);
    expect(c.lines.filter((l) => l.includes('the watch of'))).toEqual([]);
  });

  it('polls when the credentials may not watch the workloads, and says so', async () => {
    c.server.rbac = [
      { verbs: ['*'], apiGroups: ['', 'coordination.k8s.io'], resources: ['*'] },
      { verbs: ['get', 'list', 'patch', 'create', 'update'], apiGroups: ['apps'], resources: ['*'] },
      { verbs: ['*'], apiGroups: ['authorization.k8s.io'], resources: ['*'] },
    ];
    c.stopRollouts();
    c.stopRollouts = c.server.runControllers({ stepMs: 60 });
    const o = await runApply(request(c));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(c.server.requestsMatching({ method: 'GET', path: /\/apis\/apps\/v1\/namespaces\/sf\/deployments$/ }).map((r) => [r.query.watch, r.status]))
      .toEqual([['true', 403]]);
    expect(c.lines.some((l) => /^rollout: the watch of Deployment sf\/nodepool-launcher was refused \(403: the credentials may not watch it; grant `watch` to save requests\); polling every \d+ ms instead$/.test(l))).toBe(true);
    expect(c.server.requestsMatching({ method: 'GET', path: '/apis/apps/v1/namespaces/sf/deployments/nodepool-launcher' }).length).toBeGreaterThan(4);
  });

  it('awaits the builder rollout until its old pod is replaced', async () => {
    c.stopRollouts();
    c.stopRollouts = c.server.runControllers({ stepMs: 60 });
    const oldUid = currentPod(c.server, 'nodepool-builder').metadata?.uid;
    const uids: string[] = [];
    c.server.onExec((p) => {
      uids.push(String(p.metadata?.uid));
      return { stdout: 'ok\n' };
    }, { pod: 'nodepool-builder-0' });
    const o = await runApply(request(c));
    expect(o.errors).toEqual([]);
    const now = currentPod(c.server, 'nodepool-builder');
    expect(now.metadata?.uid).not.toBe(oldUid);
    expect(uids).toEqual([now.metadata?.uid]);
    expect(c.lines.some((l) => /StatefulSet sf\/nodepool-builder: 0 of 1 pods run the current template \(revision /.test(l))).toBe(true);
  });

  it("fails a launcher whose new pod never becomes ready with kubectl's message, at its progress deadline, not at our timeout", async () => {
    c.stopRollouts();
    const d = c.server.get('Deployment', 'sf', 'nodepool-launcher')!;
    c.server.put({ ...d, spec: { ...(d.spec as object), progressDeadlineSeconds: 1 } });
    c.stopRollouts = c.server.runControllers({ stepMs: 20, ready: (p) => p.metadata?.labels?.run !== 'nodepool-launcher' });
    const o = await runApply(request(c, { rolloutTimeoutMs: 15_000 }));
    expect(o.ok).toBe(false);
    expect(o.steps[1]).toMatchObject({ id: 'Deployment/sf/nodepool-launcher', status: 'failed' });
    expect(o.steps[1].message).toMatch(/^Deployment sf\/nodepool-launcher failed its rollout: deployment "nodepool-launcher" exceeded its progress deadline \(ReplicaSet "nodepool-launcher-[0-9a-f]+" has timed out progressing\.\)/);
    expect(o.steps.slice(3).every((s) => s.status === 'not-run')).toBe(true);
    expect(c.execs).toEqual([]);
    // "Re-run failed jobs": the annotation is already written, but the launcher's new pod still is not ready. The
    // re-run plans a wait for the unfinished rollout and fails on it; it never reports success nor execs.
    const rerun = await runApply(request(c, { rolloutTimeoutMs: 15_000 }));
    expect(rerun.ok).toBe(false);
    expect(rerun.steps.find((s) => s.id === 'Deployment/sf/nodepool-launcher')).toMatchObject({ action: 'rollout', status: 'failed' });
    expect(rerun.plan?.steps.find((s) => s.id === 'Deployment/sf/nodepool-launcher')?.rollout?.reason).toBe('unfinished');
    expect(c.execs).toEqual([]);
  });
});

describe('SIGINT and SIGTERM (issue 22, finding 8)', () => {
  it('stop the apply in its rollout wait: no new write, the Lease released, what was applied and what was not said', async () => {
    c.stopRollouts(); // the rollout never finishes
    const controller = new AbortController();
    const o = await runApply(request(c, {
      rolloutTimeoutMs: 60_000,
      signal: controller.signal,
      onProgress: (l) => {
        c.lines.push(l);
        if (l.startsWith('rollout: waiting for')) setTimeout(() => controller.abort('SIGTERM'), 50);
      },
    }));
    expect(o.ok).toBe(false);
    expect(o).toMatchObject({ stage: 'interrupted', interruptedBy: 'SIGTERM' });
    expect(statuses(o)).toMatchObject({
      'Secret/sf/nodepool-providers-secrets': 'applied',
      'Deployment/sf/nodepool-launcher': 'incomplete',
      'exec/launcher': 'not-run',
      'Node/dispatch-1': 'not-run',
    });
    expect(o.errors[0].message).toMatch(/^interrupted by SIGTERM: 1 step applied, 2 written but not awaited, \d+ not run$/);
    expect(c.lines).toContainEqual(expect.stringMatching(/^ {2}not run: exec\/launcher, exec\/builder, ConfigMap\//));
    expect(c.execs).toEqual([]);
    // The Lease is released: the next run does not wait for it.
    const lease = c.server.get('Lease', 'sf', 'pool-reconciler') as { spec?: { holderIdentity?: string } } | undefined;
    expect(lease?.spec?.holderIdentity ?? '').toBe('');
    expect(renderApplyText(o)).toMatch(/^Apply interrupted by SIGTERM: /m);
  });

  it('a stopped apply counts a step it had nothing to do for as unchanged, never as not run, and every rendering counts alike', async () => {
    expect((await runApply(request(c))).ok).toBe(true);
    c.stopRollouts();
    const controller = new AbortController();
    const o = await runApply(request(c, {
      secrets: { ...SECRETS, 'clouds.yaml': CLOUDS_YAML.replace(CANARY, `${CANARY}-rotated`) },
      rolloutTimeoutMs: 60_000,
      signal: controller.signal,
      onProgress: (l) => {
        c.lines.push(l);
        if (l.startsWith('rollout: waiting for')) setTimeout(() => controller.abort('SIGINT'), 50);
      },
    }));
    expect(o.stage).toBe('interrupted');
    // Only the Secret and its rollouts changed: the ConfigMaps and nodes were as the repo says.
    const changed = new Set(['Secret/sf/nodepool-providers-secrets', 'Deployment/sf/nodepool-launcher', 'StatefulSet/sf/nodepool-builder']);
    expect(o.plan?.steps.filter((s) => s.action !== 'unchanged').map((s) => s.id)).toEqual([...changed]);
    expect(statuses(o)).toMatchObject({ 'Secret/sf/nodepool-providers-secrets': 'applied', 'Deployment/sf/nodepool-launcher': 'incomplete', 'StatefulSet/sf/nodepool-builder': 'incomplete' });
    for (const s of o.steps.filter((x) => !changed.has(x.id))) expect({ id: s.id, status: s.status, message: s.message }).toEqual({ id: s.id, status: 'unchanged', message: undefined });
    // One count, said alike in the error, the headline, the progress lines and the tables.
    expect(o.errors[0].message).toBe('interrupted by SIGINT: 1 step applied, 2 written but not awaited, 0 not run');
    expect(applyHeadline(o)).toBe('interrupted by SIGINT: 1 step applied, 2 written but not awaited, 0 not run (3 writes); the lock was released');
    expect(c.lines).toContain('  applied: Secret/sf/nodepool-providers-secrets');
    expect(c.lines).toContain('  written, not awaited: Deployment/sf/nodepool-launcher, StatefulSet/sf/nodepool-builder');
    expect(c.lines.filter((l) => l.startsWith('  not run:'))).toEqual([]);
    expect(renderApplyText(o)).not.toMatch(/not run {2}|not started/);
    expect(renderApplyMarkdown(o)).not.toMatch(/\| not run \||not started/);
  });

  it('a failed apply counts the unchanged steps after the failure as unchanged, not as not run', async () => {
    expect((await runApply(request(c))).ok).toBe(true);
    c.stopRollouts();
    const d = c.server.get('Deployment', 'sf', 'nodepool-launcher')!;
    c.server.put({ ...d, spec: { ...(d.spec as object), progressDeadlineSeconds: 1 } });
    c.stopRollouts = c.server.runControllers({ stepMs: 20, ready: (p) => p.metadata?.labels?.run !== 'nodepool-launcher' });
    const o = await runApply(request(c, { secrets: { ...SECRETS, 'clouds.yaml': CLOUDS_YAML.replace(CANARY, `${CANARY}-rotated`) }, rolloutTimeoutMs: 15_000 }));
    expect(o.ok).toBe(false);
    expect(statuses(o)['Deployment/sf/nodepool-launcher']).toBe('failed');
    const unchanged = o.plan!.steps.filter((s) => s.action === 'unchanged').map((s) => s.id);
    expect(unchanged.length).toBeGreaterThan(5);
    for (const id of unchanged) expect(statuses(o)[id]).toBe('unchanged');
    // The builder, awaited with the launcher, may or may not be ready when the launcher fails: the count says which.
    const applied = o.steps.filter((s) => s.status === 'applied').length;
    expect(applyHeadline(o)).toMatch(new RegExp(`^failed at step 2 of ${o.steps.length} \\(Deployment/sf/nodepool-launcher\\): ${applied} applied, ${unchanged.length} unchanged, 0 not run`));
  });
});

describe('provider keys that Nodepool does not mount', () => {
  const AWS = '[default]\nregion = eu-west-1\n';

  type Template = { metadata?: { annotations?: Record<string, string> }; spec: { containers: Array<{ name: string; volumeMounts?: object[] }>; volumes?: object[] } };
  const template = (kind: string, name: string): Template => (c.server.get(kind, 'sf', name)!.spec as { template: Template }).template;

  it('a first aws.config reaches Nodepool in one apply: its subPath mount is written with the annotation, as sf-operator renders it (issue 22, finding 3)', async () => {
    const plan = await runPlan(request(c, { secrets: { ...SECRETS, 'aws.config': AWS } }));
    expect(plan.plan?.notes).toContain('`aws.config` is new and no container of Deployment sf/nodepool-launcher or StatefulSet sf/nodepool-builder mounts it: apply adds its read-only subPath mount (/var/lib/nodepool/.aws/config, volume nodepool-providers-secrets) in the same template write as the annotation, exactly as sf-operator renders it, so its next `sf-operator deploy` changes nothing');
    const o = await runApply(request(c, { secrets: { ...SECRETS, 'aws.config': AWS } }));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    const rv = c.server.get('Secret', 'sf', 'nodepool-providers-secrets')!.metadata?.resourceVersion;
    for (const [kind, name, container] of [['Deployment', 'nodepool-launcher', 'launcher'], ['StatefulSet', 'nodepool-builder', 'nodepool-builder']]) {
      const t = template(kind, name);
      expect(t.metadata?.annotations?.['nodepool-providers-secrets']).toBe(rv);
      expect(t.spec.containers.find((x) => x.name === container)?.volumeMounts).toContainEqual({ name: 'nodepool-providers-secrets', mountPath: '/var/lib/nodepool/.aws/config', subPath: 'aws.config', readOnly: true });
    }
    // The next plan has nothing left to do for the workloads.
    const again = await runPlan(request(c, { secrets: { ...SECRETS, 'aws.config': AWS } }));
    expect(again.plan?.steps.filter((s) => s.object.kind === 'Deployment' || s.object.kind === 'StatefulSet').map((s) => s.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('with new-provider-keys: sf-operator-deploy the template is left for sf-operator, and the apply says the key is not effective yet', async () => {
    c.repo.write('.pool-reconciler.yaml', 'dispatch:\n  pod-template-key: template\nsoftware-factory:\n  new-provider-keys: sf-operator-deploy\n');
    const before = template('Deployment', 'nodepool-launcher').metadata?.annotations?.['nodepool-providers-secrets'];
    const o = await runApply(request(c, { secrets: { ...SECRETS, 'aws.config': AWS } }));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('incomplete');
    const step = o.steps.find((s) => s.id === 'Secret/sf/nodepool-providers-secrets')!;
    expect(step.status).toBe('incomplete');
    expect(step.message).toMatch(/^`aws\.config` is new: Nodepool will not see it until `sf-operator deploy` runs/);
    // The annotation is left as it was, so that sf-operator's deploy sees a difference and renders the mount.
    expect(template('Deployment', 'nodepool-launcher').metadata?.annotations?.['nodepool-providers-secrets']).toBe(before);
    const secret = c.server.get('Secret', 'sf', 'nodepool-providers-secrets')!;
    expect(Object.keys(secret.data as object).sort()).toEqual(['aws.config', 'clouds.yaml', 'kube.config']);
    const allowed = await runApply(request(c, { secrets: { ...SECRETS, 'aws.config': AWS }, allowUnmountedSecretKeys: true }));
    expect(allowed.ok).toBe(true);
  });

  it('a changed clouds.yaml says that the statsd mapping goes stale until the next deploy', async () => {
    const plan = await runPlan(request(c));
    expect(plan.plan?.notes).toContain('`clouds.yaml` changes: sf-operator derives the statsd mapping (ConfigMap sf/np-statsd) from it when it deploys; only its own deploy updates that mapping (until the next `sf-operator deploy` it stays as it was)');
    // In the pull request's comment its code spans are code, not backticks shown as text.
    expect(renderPlanMarkdown(plan.plan!)).toContain('- `clouds.yaml` changes: sf-operator derives the statsd mapping (ConfigMap sf/np-statsd) from it when it deploys; only its own deploy updates that mapping (until the next `sf-operator deploy` it stays as it was)');
  });
});

describe('verify', () => {
  let api: Server;
  let listed: string[];
  let json = true;
  beforeEach(async () => {
    listed = [];
    json = true;
    api = createServer((req, res) => {
      if (req.url !== '/nodepool/api/label-list') {
        res.writeHead(404).end();
        return;
      }
      if (json && req.headers.accept === 'application/json') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(listed.map((label) => ({ label }))));
        return;
      }
      const w = Math.max(5, ...listed.map((l) => l.length));
      const border = `+${'-'.repeat(w + 2)}+`;
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end([border, `| ${'Label'.padEnd(w)} |`, border, ...listed.map((l) => `| ${l.padEnd(w)} |`), border].join('\n'));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  });
  afterEach(async () => {
    await new Promise<void>((r) => api.close(() => r()));
  });
  const url = (): string => `http://127.0.0.1:${(api.address() as AddressInfo).port}/nodepool/api/`;

  it('passes once Nodepool lists every label of nodepool.yaml (JSON)', async () => {
    listed = ['centos-9-stream', 'pod-python'];
    // The launcher picks the new labels up a moment after the config refresh: at the third poll here.
    let polls = 0;
    api.on('request', () => {
      if (++polls === 2) listed = [...NODEPOOL_LABELS, 'other'];
    });
    const o = await runApply(request(c, { verify: { nodepoolApiUrl: url(), timeoutMs: 3_000, pollMs: 20 } }));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(o.verify?.missing).toEqual([]);
    expect(c.lines.some((l) => l.startsWith('verify: Nodepool does not list labels centos-9-stream-large, ubuntu-noble, pod-fedora yet'))).toBe(true);
  });

  it('reports the missing labels after the timeout (text table)', async () => {
    json = false;
    listed = ['centos-9-stream', 'centos-9-stream-large', 'ubuntu-noble'];
    const o = await runApply(request(c, { verify: { nodepoolApiUrl: url(), timeoutMs: 150, pollMs: 20 } }));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('verify');
    expect(o.verify).toEqual({ missing: ['pod-python', 'pod-fedora'], listed: ['centos-9-stream', 'centos-9-stream-large', 'ubuntu-noble'] });
    expect(o.errors[0].message).toBe('verify: Nodepool does not list labels pod-python, pod-fedora of nodepool.yaml after 150 ms');
    expect(o.steps.every((s) => s.status === 'applied')).toBe(true);
    expect(renderApplyMarkdown(o)).toContain('**Verify:** Nodepool does not list `pod-python`, `pod-fedora`.');
  });

  it('waits only for the labels a pool offers: Nodepool lists those of its registered pools, never a top-level label no pool offers, and the note says so', async () => {
    // Upstream's label-list (nodepool/status.py, label_list) is the union of the registered pools' supported labels.
    c.repo.edit('nodepool/nodepool.yaml', '  - name: pod-fedora\n    min-ready: 1\n', '  - name: pod-fedora\n    min-ready: 1\n  - name: pod-alpine\n    min-ready: 0\n');
    listed = [...NODEPOOL_LABELS];
    const o = await runApply(request(c, { verify: { nodepoolApiUrl: url(), timeoutMs: 1_000, pollMs: 20 } }));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(o.verify).toEqual({ missing: [], listed: NODEPOOL_LABELS });
    expect(o.notes).toContain('verify: label pod-alpine of nodepool.yaml is offered by no provider pool: Nodepool lists only the labels its pools offer, so it was not waited for (a nodeset asking for it would end in NODE_FAILURE)');
    // The plan compares the same labels with what Nodepool lists.
    const plan = await runPlan(request(c, { nodepoolApi: { url: url(), timeoutMs: 1_000 } }));
    expect(plan.nodepoolApi).toEqual({ missing: [], extra: [] });
  });
});

describe('the plan-changed guard', () => {
  it('applies a plan whose reviewed hash matches, even at another commit (the merge commit)', async () => {
    const reviewedAt = 'a'.repeat(40);
    const reviewed = await runPlan(request(c, { commit: reviewedAt }));
    const o = await runApply(request(c, { skipPlanCheck: false, reviewedPlanHash: reviewed.plan!.hash, reviewedCommit: reviewedAt }));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(o.guard).toMatchObject({ ok: true, reviewedHash: reviewed.plan!.hash });
    // It ran the refresh at the commit applied, not the reviewed one.
    expect(c.execs[0].command).toEqual(['/usr/local/bin/generate-config.sh', COMMIT]);
  });

  it('applies the reviewed plan after the autoscaler added and removed nodes of the pool: the new node gets the taint, and the outcome says so (issue 22)', async () => {
    const reviewed = await runPlan(request(c));
    c.server.delete('Node', 'dispatch-3');
    c.server.put(node('dispatch-4', 'dispatch'));
    const o = await runApply(request(c, { skipPlanCheck: false, reviewedPlan: renderPlanJson(reviewed.plan!) }));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    const taints = (c.server.get('Node', 'dispatch-4')!.spec as { taints?: Array<{ key: string; effect: string }> }).taints ?? [];
    expect(taints).toEqual([expect.objectContaining({ key: 'konvoy.mesosphere.com/node_pool', effect: 'NoExecute' })]);
    expect(o.notes).toEqual(expect.arrayContaining([
      expect.stringMatching(/^node dispatch-4 joined pool "dispatch" since the plan was reviewed: it gets the pool's labels and taints/),
      'node dispatch-3 left pool "dispatch" since the plan was reviewed',
    ]));
  });

  it('refuses a drifted plan before any write, and lists the difference (plan JSON)', async () => {
    const reviewed = await runPlan(request(c));
    // Between review and merge someone changes the cluster and the repo changes a pod template.
    const n = c.server.get('Node', 'worker-2')!;
    n.metadata!.labels!['ci.example.org/workload'] = 'general';
    c.server.put(n);
    c.repo.edit('dispatch/pod-templates/docs.yaml', 'value: dispatch', 'value: dispatch-ci');
    c.server.clearRequests();
    const o = await runApply(request(c, { skipPlanCheck: false, reviewedPlan: renderPlanJson(reviewed.plan!) }));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('guard');
    expect(objectWrites(c.server)).toEqual([]);
    expect(c.execs).toEqual([]);
    expect(o.errors[0].message).toMatch(/^the plan changed since it was reviewed \(reviewed sha256:[0-9a-f]{64}\): /);
    expect(o.errors[0].message).not.toContain(o.plan!.hash);
    // The repo's change is a difference of intent; the label someone put on a node meanwhile is weather, not listed.
    expect(o.guard?.differences).toEqual(['~ ConfigMap dispatch-ci/docs-pod-template: data key template changed since the review']);
    // Nothing ran: the steps with a change are not run, the others (nothing to do) unchanged.
    expect(o.steps.filter((s) => s.status === 'not-run').map((s) => s.id)).toEqual(o.plan!.steps.filter((s) => s.action !== 'unchanged').map((s) => s.id));
    expect(o.steps.filter((s) => s.status !== 'not-run').every((s) => s.status === 'unchanged')).toBe(true);
    const md = renderApplyMarkdown(o);
    expect(md).toContain('not applied: the plan changed since it was reviewed (nothing was written)');
    expect(md).toContain('**Difference from the reviewed plan**');
  });

  it('refuses with only a hash, listing what the plan would do now', async () => {
    const o = await runApply(request(c, { skipPlanCheck: false, reviewedPlanHash: `sha256:${'0'.repeat(64)}` }));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('guard');
    expect(o.guard?.differences[0]).toBe('now Secret/sf/nodepool-providers-secrets: create: create with 2 keys clouds.yaml, kube.config');
    expect(objectWrites(c.server)).toEqual([]);
  });

  it('refuses without a reviewed plan unless the check is off, and refuses an edited plan JSON', async () => {
    const none = await runApply(request(c, { skipPlanCheck: false }));
    expect(none.errors[0].message).toBe('no reviewed plan to compare with: apply applies only a plan that was reviewed');
    const reviewed = (await runPlan(request(c))).plan!;
    const edited = { ...reviewed, intent: { ...reviewed.intent, pools: reviewed.intent.pools.slice(1) } };
    const o = await runApply(request(c, { skipPlanCheck: false, reviewedPlan: JSON.stringify(edited) }));
    expect(o.errors[0].message).toMatch(/^the reviewed plan's content does not match its hash sha256:/);
    expect(objectWrites(c.server)).toEqual([]);
    // The lock is not taken (apply reads the Lease before the cluster, to know whether another run is writing).
    expect(c.server.requests.filter((r) => /leases/.test(r.path) && r.method !== 'GET')).toEqual([]);
  });
});

describe('stops before the cluster', () => {
  it('does not take the lock or write when the repo has errors or the plan has blockers', async () => {
    const bad = await runApply(request(c, { secrets: { 'clouds.yaml': CLOUDS_YAML.replace('vexxhost:', 'other:') } }));
    expect(bad.stage).toBe('validation');
    expect(bad.ok).toBe(false);
    c.server.delete('Namespace', 'dispatch-ci');
    const blocked = await runApply(request(c));
    expect(blocked.stage).toBe('cluster');
    expect(blocked.errors[0].message).toMatch(/^namespace "dispatch-ci" does not exist/);
    expect(blocked.steps.every((s) => s.status === 'not-run')).toBe(true);
    expect(c.server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expectNothingSecret(bad, c.lines);
  });
});

describe('one cluster connection per run', () => {
  it('writes through the kubeconfig the plan read with, even if the file changes meanwhile', async () => {
    // Loading the kubeconfig again after the plan would send the writes wherever the file points by then: another
    // cluster than the one the plan observed. The file is rewritten while the plan's first read is held up.
    const other = await startKubeApiServer({ namespaces: ['sf', 'dispatch-ci', 'tekton-pipelines'] });
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    try {
      const file = join(dir, 'config');
      writeFileSync(file, c.server.kubeconfigYaml('default'));
      const held = c.server.inject({ method: 'GET', fault: { delayMs: 200 } });
      const swap = setTimeout(() => writeFileSync(file, other.kubeconfigYaml('default')), 50);
      const o = await runApply(request(c, { kubeconfig: undefined, kubeconfigFile: file }));
      clearTimeout(swap);
      expect(held.fired).toBe(1);
      expect(o.errors).toEqual([]);
      expect(o.ok).toBe(true);
      expect(other.requests).toEqual([]);
      expect(objectWrites(c.server).length).toBe(o.writes + 1);
    } finally {
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
