/**
 * The pure parts of apply, and `call`'s retry policy: classification, Retry-After, label-list parsing, rollout
 * readiness, the plan-changed guard and the renderings.
 */
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeClusterClient } from '../../../src/io/cluster/client.js';
import type { ClusterClient } from '../../../src/io/cluster/client.js';
import { ClusterError } from '../../../src/io/cluster/client.js';
import { call, classifyFailure, parseRetryAfter, retryDelay } from '../../../src/io/cluster/retry.js';
import { rolloutState } from '../../../src/io/cluster/rollout.js';
import { labelListUrl, parseLabelList, safeUrl } from '../../../src/io/cluster/verify.js';
import { describeHolder } from '../../../src/io/cluster/lock.js';
import { checkReviewedPlan, GuardInputError, parseReviewed } from '../../../src/plan/guard.js';
import { desire } from '../../../src/desired/desired.js';
import { diff } from '../../../src/plan/diff.js';
import { emptyLiveState } from '../../../src/plan/live.js';
import type { Plan } from '../../../src/plan/types.js';
import { renderPlanJson } from '../../../src/report/plan.js';
import { applyHeadline, renderApplyMarkdown, renderApplyText } from '../../../src/report/apply.js';
import type { ApplyOutcome } from '../../../src/plan/outcome.js';
import { startKubeApiServer } from '../../support/kube-apiserver.js';
import type { KubeApiServer } from '../../support/kube-apiserver.js';
import { baseInput } from '../../support/plan-helpers.js';

describe('retry policy', () => {
  it('classifies API answers and connection failures', () => {
    const api = (code: number, headers: Record<string, string> = {}): ApiException<string> => new ApiException(code, 'x', '{}', headers);
    expect(classifyFailure(api(429, { 'retry-after': '3' }))).toMatchObject({ kind: 'throttled', retryable: true, retryAfterMs: 3000 });
    for (const code of [500, 502, 503, 504]) expect(classifyFailure(api(code))).toMatchObject({ kind: 'server', retryable: true });
    expect(classifyFailure(api(409))).toMatchObject({ kind: 'conflict', retryable: false });
    for (const code of [400, 401, 403, 404, 415, 422]) expect(classifyFailure(api(code)).retryable).toBe(false);
    expect(classifyFailure(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toMatchObject({ kind: 'network', retryable: true });
    expect(classifyFailure(new Error('Unexpected server response: 503'))).toMatchObject({ kind: 'server', status: 503, retryable: true });
    expect(classifyFailure(new ClusterError('no answer', 'timeout'))).toMatchObject({ kind: 'timeout', retryable: true });
    expect(classifyFailure(new Error('something else')).retryable).toBe(false);
  });

  it('reads Retry-After as seconds or an HTTP date, and caps it', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    const f = { kind: 'throttled' as const, retryable: true, reason: '', retryAfterMs: 120_000 };
    expect(retryDelay(1, f)).toBe(30_000);
    expect(retryDelay(1, f, { maxRetryAfterMs: 5_000 })).toBe(5_000);
    // Exponential backoff with at most 25 % jitter, capped.
    const g = { kind: 'server' as const, retryable: true, reason: '' };
    expect(retryDelay(1, g, {}, () => 0)).toBe(500);
    expect(retryDelay(3, g, {}, () => 1)).toBe(2500);
    expect(retryDelay(10, g, {}, () => 0)).toBe(8000);
  });

  describe('call against the API server', () => {
    let server: KubeApiServer;
    let client: ClusterClient;
    beforeEach(async () => {
      server = await startKubeApiServer({ namespaces: ['sf'] });
      const kc = new KubeConfig();
      kc.loadFromString(server.kubeconfigYaml());
      client = makeClusterClient(kc, { timeoutMs: 300 });
    });
    afterEach(async () => {
      await server.close();
    });
    const info = { verb: 'create' as const, resource: 'configmaps', group: '', namespace: 'sf', name: 'x' };
    const create = (): Promise<unknown> =>
      call(client, info, (o) => client.core.createNamespacedConfigMap({ namespace: 'sf', body: { metadata: { name: 'x' } } }, o), { sleep: async (ms) => void delays.push(ms) });
    let delays: number[] = [];
    beforeEach(() => {
      delays = [];
    });

    it("honours the server's Retry-After on a 429", async () => {
      server.inject({ method: 'POST', path: '/api/v1/namespaces/sf/configmaps', fault: { status: 429, headers: { 'Retry-After': '2' } } });
      await create();
      expect(delays).toEqual([2000]);
      expect(server.count({ method: 'POST' })).toBe(2);
    });

    it('gives up after the bound, saying so; never retries another 4xx', async () => {
      server.inject({ method: 'POST', path: '/api/v1/namespaces/sf/configmaps', times: Infinity, fault: { status: 503 } });
      await expect(create()).rejects.toThrow('cannot create configmap "x" in namespace "sf": the API server answered 503: the server is currently unable to handle the request (gave up after 5 tries)');
      expect(delays).toHaveLength(4);
      server.clearFaults();
      server.clearRequests();
      server.forbid({ verb: 'create', resource: 'configmaps' });
      const err = await create().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterError);
      expect((err as ClusterError).hint).toBe('Add this rule to a Role in namespace "sf" (bound with a RoleBinding there) for the credentials in use: {apiGroups: [""], resources: ["configmaps"], verbs: ["create"]}');
      expect(server.count({ method: 'POST' })).toBe(1);
    });

    it('aborts a request that gets no answer in time, and retries it', async () => {
      server.inject({ method: 'POST', path: '/api/v1/namespaces/sf/configmaps', fault: { delayMs: 600 } });
      server.clearRequests();
      await create();
      // The first request is given up at the client's 300 ms (not answered at 600 ms), then sent once more.
      expect(delays).toHaveLength(1);
      expect(server.count({ method: 'POST', path: '/api/v1/namespaces/sf/configmaps' })).toBe(2);
    });

    it('passes a 409 to the caller as it is', async () => {
      await create();
      const err = await create().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiException);
      expect((err as ApiException<string>).code).toBe(409);
    });
  });
});

describe("rolloutState (kubectl's rollout status rules)", () => {
  const dep = (status: object, over: { generation?: number; replicas?: number } = {}) =>
    rolloutState('Deployment', { metadata: { name: 'nodepool-launcher', generation: over.generation ?? 3 }, spec: { replicas: over.replicas ?? 1 }, status });

  it('a Deployment whose controller observed the new generation but has not created the new pod is not done', () => {
    // The controller's first sync after a template change: observed caught up, the old pod still ready.
    const s = dep({ observedGeneration: 3, replicas: 1, updatedReplicas: 0, readyReplicas: 1, availableReplicas: 1 });
    expect(s.done).toBe(false);
    expect(s.status).toBe('Waiting for deployment "nodepool-launcher" rollout to finish: 0 out of 1 new replicas have been updated...');
  });

  it('waits for the old pods to go, then for the updated ones to be available', () => {
    const old = dep({ observedGeneration: 3, replicas: 2, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 });
    expect(old).toMatchObject({ done: false, status: 'Waiting for deployment "nodepool-launcher" rollout to finish: 1 old replicas are pending termination...' });
    const unavailable = dep({ observedGeneration: 3, replicas: 1, updatedReplicas: 1, readyReplicas: 0, availableReplicas: 0 });
    expect(unavailable).toMatchObject({ done: false, status: 'Waiting for deployment "nodepool-launcher" rollout to finish: 0 of 1 updated replicas are available...' });
    expect(dep({ observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 })).toMatchObject({ done: false, status: 'Waiting for deployment spec update to be observed...' });
    expect(dep({ observedGeneration: 3, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 })).toMatchObject({ done: true, status: 'deployment "nodepool-launcher" successfully rolled out' });
  });

  it('a Deployment past its progress deadline has failed, whatever its counts', () => {
    const s = dep({
      observedGeneration: 3, replicas: 2, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "nodepool-launcher-5d8f" has timed out progressing.' }],
    });
    expect(s.done).toBe(false);
    expect(s.failed).toBe('deployment "nodepool-launcher" exceeded its progress deadline (ReplicaSet "nodepool-launcher-5d8f" has timed out progressing.)');
  });

  const sts = (status: object, over: { generation?: number; replicas?: number; updateStrategy?: object } = {}) =>
    rolloutState('StatefulSet', {
      metadata: { name: 'nodepool-builder', generation: over.generation ?? 2 },
      spec: { replicas: over.replicas ?? 1, updateStrategy: over.updateStrategy ?? { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } },
      status,
    });

  it('a StatefulSet whose old pod is still current and ready is not done', () => {
    // observed caught up, currentRevision lagging: the old pod counts as current and ready.
    const s = sts({ observedGeneration: 2, replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 0, currentRevision: 'b-1', updateRevision: 'b-2' });
    expect(s).toMatchObject({ done: false, status: 'Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...' });
    const noPartition = sts({ observedGeneration: 2, replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1, currentRevision: 'b-1', updateRevision: 'b-2' }, { updateStrategy: { type: 'RollingUpdate' } });
    expect(noPartition).toMatchObject({ done: false, status: 'waiting for statefulset rolling update to complete 1 pods at revision b-2...' });
    expect(sts({ observedGeneration: 2, replicas: 1, readyReplicas: 0, updatedReplicas: 1 })).toMatchObject({ done: false, status: 'Waiting for 1 pods to be ready...' });
    expect(sts({ observedGeneration: 0 }, { generation: 0 })).toMatchObject({ done: false, status: 'Waiting for statefulset spec update to be observed...' });
  });

  it('a StatefulSet is done once the new pods are updated and ready (partition) or the revisions agree', () => {
    expect(sts({ observedGeneration: 2, replicas: 1, readyReplicas: 1, updatedReplicas: 1, currentRevision: 'b-1', updateRevision: 'b-2' })).toMatchObject({ done: true, status: 'partitioned roll out complete: 1 new pods have been updated...' });
    expect(sts({ observedGeneration: 2, replicas: 2, readyReplicas: 2, updatedReplicas: 1 }, { replicas: 2, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }).done).toBe(true);
    expect(sts({ observedGeneration: 2, replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1, currentRevision: 'b-2', updateRevision: 'b-2' }, { updateStrategy: { type: 'RollingUpdate' } })).toMatchObject({ done: true, status: 'statefulset rolling update complete 1 pods at revision b-2...' });
    expect(sts({ observedGeneration: 2 }, { updateStrategy: { type: 'OnDelete' } }).failed).toBe('rollout status is only available for RollingUpdate strategy type (StatefulSet "nodepool-builder" uses OnDelete: its pods are replaced only when deleted)');
  });
});

describe('label-list', () => {
  it('reads the JSON and the text forms of Nodepool webapp answers', () => {
    expect(parseLabelList('[{"label": "centos-9"}, {"label": "pod-fedora"}]', 'application/json')).toEqual(['centos-9', 'pod-fedora']);
    expect(parseLabelList('["a", "b"]')).toEqual(['a', 'b']);
    const table = '+-----------+\n| Label     |\n+-----------+\n| centos-9  |\n| pod-fedora |\n+-----------+\n';
    expect(parseLabelList(table, 'text/plain')).toEqual(['centos-9', 'pod-fedora']);
    expect(parseLabelList('+-------+\n| Label |\n+-------+\n+-------+', 'text/plain')).toEqual([]);
    expect(() => parseLabelList('{"label": "x"}', 'application/json')).toThrow('the label list is not a JSON array');
  });

  it('builds the URL and never shows credentials or a query', () => {
    expect(labelListUrl('https://sf.example.org/nodepool/api/')).toBe('https://sf.example.org/nodepool/api/label-list');
    expect(labelListUrl('https://sf.example.org/nodepool/api/label-list')).toBe('https://sf.example.org/nodepool/api/label-list');
    expect(safeUrl('https://user:pw@sf.example.org/nodepool/api/label-list?token=t')).toBe('https://sf.example.org/nodepool/api/label-list');
  });
});

describe('lock messages', () => {
  it('names the holder, its own renewTime as its clock says, and how long it has been unchanged as seen here', () => {
    const renewed = Date.parse('2026-06-01T11:59:55.123Z');
    expect(describeHolder({ holder: 'run 42', durationMs: 60_000, renewedAt: renewed }, 5_000))
      .toBe('"run 42" (renewTime 2026-06-01T11:59:55Z by its clock; unchanged for 5 s as seen here, expires in 55 s unless renewed)');
    expect(describeHolder({ holder: 'run 42', durationMs: 60_000 }, 61_000))
      .toBe('"run 42" (unchanged for 61 s as seen here, expired after 60 s)');
  });
});

describe('the plan-changed guard', () => {
  const plan = (commit = 'a'.repeat(40), over: Parameters<typeof baseInput>[0] = {}): Plan => diff(desire(baseInput({ commit, ...over })), emptyLiveState());

  it('accepts the same plan by hash or JSON, also at another commit (the merge commit is not the reviewed head)', () => {
    const p = plan();
    expect(checkReviewedPlan(parseReviewed(p.hash), p)).toEqual({ ok: true, differences: [] });
    expect(checkReviewedPlan(parseReviewed(renderPlanJson(p)), p).ok).toBe(true);
    const merged = plan('b'.repeat(40));
    expect(merged.hash).toBe(p.hash); // the commit is not part of the intent
    expect(checkReviewedPlan(parseReviewed(p.hash), merged).ok).toBe(true);
    expect(checkReviewedPlan(parseReviewed(renderPlanJson(p)), merged).ok).toBe(true);
  });

  it('lists what the change means that differs, never the hash that would be accepted', () => {
    const before = plan();
    const after = plan(undefined, {
      podTemplates: [{ name: 'new-pod-template', namespace: 'dispatch-ci', key: 'template', value: 'x: 1', file: 'dispatch/pod-templates/new.yaml' }],
      tektonDefaultPodTemplate: 'tolerations: []\n',
    });
    const r = checkReviewedPlan(parseReviewed(renderPlanJson(before)), after);
    expect(r.ok).toBe(false);
    // In words an operator reads, field by field: no JSON of the intent.
    expect(r.differences).toEqual([
      '~ ConfigMap tekton-pipelines/config-defaults: data key default-pod-template changed since the review',
      '+ ConfigMap dispatch-ci/new-pod-template: not in the reviewed plan',
      '- ConfigMap dispatch-ci/app-pod-template: in the reviewed plan, no longer in the repo',
    ]);
    expect(r.message).toBe(`the plan changed since it was reviewed (reviewed ${before.hash})`);
    expect(r.message).not.toContain(after.hash);
    expect(r.differences.join('\n')).not.toContain(after.hash);
  });

  it('bounds the weather: a new eviction in a namespace the reviewed plan named passes, one elsewhere refuses', () => {
    const p = plan();
    const withEviction = (ns: string): Plan => ({
      ...p,
      steps: [...p.steps, { id: 'Node/d1', kind: 'node', action: 'update', object: { kind: 'Node', name: 'd1' }, summary: 'taint added', changes: [], pool: 'dispatch',
        evictions: [{ namespace: ns, name: `job-${ns}`, taint: 'konvoy.mesosphere.com/node_pool=dispatch:NoExecute' }] }],
    });
    const reviewed = parseReviewed(renderPlanJson(withEviction('ci')));
    expect(checkReviewedPlan(reviewed, withEviction('ci')).ok).toBe(true);
    const r = checkReviewedPlan(reviewed, { ...withEviction('ci'), steps: [...withEviction('ci').steps, ...withEviction('payments').steps.slice(-1).map((x) => ({ ...x, id: 'Node/d2', object: { kind: 'Node' as const, name: 'd2' } }))] });
    expect(r.ok).toBe(false);
    expect(r.differences).toEqual(['+ evicts payments/job-payments (konvoy.mesosphere.com/node_pool=dispatch:NoExecute) on d2: namespace payments had no evictions in the reviewed plan']);
  });

  it('refuses input that is not a plan or a hash, a plan of the earlier format, and a plan whose intent was edited', () => {
    expect(() => parseReviewed('sha256:abc')).toThrow(GuardInputError);
    expect(() => parseReviewed('{"format": "other"}')).toThrow('the reviewed plan is not a pool-reconciler plan (format pool-reconciler/plan/v2)');
    expect(() => parseReviewed('{"format": "pool-reconciler/plan/v1", "steps": [], "hash": "x"}')).toThrow(/made by an earlier pool-reconciler/);
    const p = plan();
    const edited = { ...p, intent: { ...p.intent, nodes: 'report-only' } };
    expect(() => parseReviewed(JSON.stringify(edited))).toThrow(/does not match its hash/);
  });
});

describe('apply renderings', () => {
  const steps: ApplyOutcome['steps'] = [
    { id: 'Secret/sf/nodepool-providers-secrets', action: 'create', summary: 'create with 1 key clouds.yaml', status: 'applied', writes: 1 },
    { id: 'exec/launcher', action: 'exec', summary: 'generate-config.sh abc', status: 'failed', writes: 0, message: 'exited with code 2: no | such `file`' },
    { id: 'ConfigMap/ci/a', action: 'create', summary: 'create: pod template', status: 'not-run', writes: 0 },
    { id: 'Node/n1', action: 'unchanged', summary: 'in place', status: 'unchanged', writes: 0 },
  ];
  const base: ApplyOutcome = {
    validation: { diagnostics: [] } as unknown as ApplyOutcome['validation'],
    steps,
    failedStep: 1,
    errors: [{ message: 'step 2 of 4 (exec/launcher) failed: exited with code 2', hint: '1 step applied, 1 not run.' }],
    writes: 1,
    ok: false,
    stage: 'apply',
    notes: [],
    requests: 10,
    durationMs: 5,
  };

  it('Markdown says which steps were applied and which were not, escaped', () => {
    const md = renderApplyMarkdown(base);
    expect(md.split('\n')[0]).toBe('### Apply: failed at step 2 of 4 (exec/launcher): 1 applied, 1 unchanged, 1 not run (1 write made)');
    expect(md).toContain('| 1 | `Secret/sf/nodepool-providers-secrets` | create | applied | 1 | create with 1 key clouds.yaml |');
    expect(md).toContain('| 2 | `exec/launcher` | exec | **failed** | 0 | generate-config.sh abc — exited with code 2: no \\| such \\`file\\` |');
    expect(md).toContain('| 3 | `ConfigMap/ci/a` | create | not run | 0 | create: pod template |');
    expect(md).not.toContain('Node/n1');
    expect(md).toContain('1 object already as the config repo says (unchanged).');
  });

  it('folds rows past the limit, and the text form lists the same', () => {
    const many: ApplyOutcome = { ...base, steps: Array.from({ length: 5 }, (_, i) => ({ ...steps[0], id: `ConfigMap/ci/c${i}` })), failedStep: undefined, ok: true, stage: 'done', errors: [] };
    const md = renderApplyMarkdown(many, { maxRows: 2 });
    expect(md).toContain('| … | | | | | 3 more not shown: 3 applied |');
    expect(applyHeadline(many)).toBe('done: 5 steps applied (5 writes)');
    const text = renderApplyText(base);
    expect(text).toContain('✗ failed       2. exec/launcher  generate-config.sh abc — exited with code 2: no | such `file`');
    expect(text).toContain('· not run      3. ConfigMap/ci/a  create: pod template');
  });
});
