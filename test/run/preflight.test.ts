/**
 * The preflight of plan and apply: what must exist, what the credentials may do (SelfSubjectAccessReview), and a
 * server-side dry run of every write, all before the first write.
 */
import { describe, expect, it } from 'vitest';
import type { RbacRule } from '../support/kube-apiserver.js';
import { runApply } from '../../src/run/apply.js';
import { runPlan } from '../../src/run/plan.js';
import { objectWrites, request, eachCluster } from '../support/apply-helpers.js';
import type { Cluster } from '../support/apply-helpers.js';

let c: Cluster;
eachCluster((x) => (c = x));

const RESOURCES = ['secrets', 'configmaps', 'nodes', 'namespaces', 'pods', 'deployments', 'statefulsets', 'replicasets', 'leases'];
const GROUPS = ['', 'apps', 'coordination.k8s.io'];
/** Everything apply needs, except that pods/exec is granted `create` only (what `kubectl exec` over SPDY needed). */
const CREATE_ONLY_EXEC: RbacRule[] = [
  { verbs: ['*'], apiGroups: GROUPS, resources: RESOURCES },
  { verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] },
];
const READ_ONLY: RbacRule[] = [{ verbs: ['get', 'list', 'watch'], apiGroups: GROUPS, resources: RESOURCES }];

describe('the preflight, before the first write of apply', () => {
  it('catches a Role with only `create` on pods/exec, naming the rule to add; nothing is written', async () => {
    c.server.rbac = CREATE_ONLY_EXEC;
    const o = await runApply(request(c));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('preflight');
    expect(objectWrites(c.server)).toEqual([]);
    expect(c.execs).toEqual([]);
    const e = o.errors.find((x) => x.message.includes('pods/exec'));
    expect(e?.message).toBe('apply would be refused: the credentials may not get pods/exec in namespace "sf" (the Nodepool config refresh opens the exec over a WebSocket, which the API server authorizes as get)');
    expect(e?.hint).toBe('Add this rule to a Role in namespace "sf" (bound with a RoleBinding there) for the credentials in use: {apiGroups: [""], resources: ["pods/exec"], verbs: ["get"]}');
    expect(o.steps.every((s) => s.status === 'not-run' || s.status === 'unchanged')).toBe(true);
  });

  it('refuses a write an admission webhook denies, found by the dry run: nothing is written', async () => {
    c.server.admission((r) =>
      r.resource === 'configmaps' && r.name === 'config-defaults' && (r.object.data as Record<string, string> | undefined)?.['default-pod-template']
        ? { webhook: 'config.webhook.pipeline.tekton.dev', message: 'validation failed: invalid value: default-pod-template' }
        : undefined);
    const o = await runApply(request(c));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('preflight');
    expect(objectWrites(c.server).filter((r) => r.query.dryRun !== 'All')).toEqual([]);
    expect(o.errors.map((e) => e.message)).toContain(
      'the dry run of ConfigMap/tekton-pipelines/config-defaults was refused: cannot patch configmap "config-defaults" in namespace "tekton-pipelines": the API server answered 400: admission webhook "config.webhook.pipeline.tekton.dev" denied the request: validation failed: invalid value: default-pod-template');
    // Every write was tried as a dry run first, and none was stored.
    expect(c.server.requestsMatching({ method: 'PATCH' }).every((r) => r.query.dryRun === 'All')).toBe(true);
    expect(c.server.get('Secret', 'sf', 'nodepool-providers-secrets')).toBeUndefined();
  });

  it('says which object is missing: the launcher pods, Tekton config-defaults', async () => {
    c.server.delete('ConfigMap', 'tekton-pipelines', 'config-defaults');
    const o = await runApply(request(c));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('preflight');
    expect(o.errors.map((e) => e.message)).toContain('ConfigMap tekton-pipelines/config-defaults does not exist: Tekton creates it when it is installed');
    expect(objectWrites(c.server)).toEqual([]);
  });
});

describe('the preflight of plan', () => {
  it('says what apply would fail on, with the permission to add', async () => {
    c.server.rbac = CREATE_ONLY_EXEC;
    const o = await runPlan(request(c));
    expect(o.plan).toBeDefined();
    expect(o.errors.map((e) => e.message)).toContain('apply would be refused: the credentials may not get pods/exec in namespace "sf" (the Nodepool config refresh opens the exec over a WebSocket, which the API server authorizes as get)');
  });

  it('with read-only credentials: the permission checks without the dry run, and says which checks it could not make', async () => {
    c.server.rbac = READ_ONLY;
    const o = await runPlan(request(c));
    expect(o.errors).toEqual([]);
    expect(o.preflight?.notChecked).toEqual([
      expect.stringMatching(/^these credentials are read-only \(they may not create secrets in namespace "sf", .*\): the permissions of apply's writes and their server-side dry run were not checked; apply checks both with its own credentials before its first write$/),
    ]);
    expect(c.server.requests.filter((r) => r.query.dryRun !== undefined)).toEqual([]);
    expect(c.server.count({ method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' })).toBeGreaterThan(0);
  });
});

describe('the preflight on many pod-template ConfigMaps', () => {
  const SSAR = { method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' };
  /** 30 pod templates of the example's docs template, created by an earlier apply, now with other data: 30 patches. */
  function thirtyTemplates(): string[] {
    const text = c.repo.read('dispatch/pod-templates/docs.yaml');
    const names = Array.from({ length: 30 }, (_, i) => `repo-${i}-pod-template`);
    for (const name of names) {
      c.repo.write(`dispatch/pod-templates/${name}.yaml`, text.replace('name: docs-pod-template', `name: ${name}`));
      c.server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'dispatch-ci', labels: { 'app.kubernetes.io/managed-by': 'pool-reconciler' } }, data: { template: 'tolerations: []' } });
    }
    return names;
  }

  it('asks once for all names of a kind in a namespace, not once per object, when the credentials may write them all', async () => {
    thirtyTemplates();
    const before = c.server.count(SSAR);
    const p = await runPlan(request(c));
    expect(p.errors).toEqual([]);
    const reviews = c.server.count(SSAR) - before;
    // The launcher, builder, Secret, Tekton, lock and exec reviews, plus one for all 30 ConfigMap patches.
    expect(reviews).toBeGreaterThan(5);
    expect(reviews).toBeLessThan(30);
  });

  it('asks about each name when a Role lists resourceNames: all allowed by name, the plan has no problem', async () => {
    const names = thirtyTemplates();
    c.server.rbac = [
      { verbs: ['*'], apiGroups: GROUPS, resources: RESOURCES.filter((r) => r !== 'configmaps') },
      { verbs: ['*'], apiGroups: GROUPS, resources: ['pods/exec'] },
      { verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['configmaps'] },
      { verbs: ['patch', 'delete'], apiGroups: [''], resources: ['configmaps'], resourceNames: [...names, 'docs-pod-template', 'app-pod-template', 'config-defaults', 'pool-reconciler-state'] },
    ];
    const p = await runPlan(request(c));
    expect(p.errors).toEqual([]);
    // One review was denied for the whole group, then each name was asked about.
    expect(c.server.count(SSAR)).toBeGreaterThan(30);
  });
});
