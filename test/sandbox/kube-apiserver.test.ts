import { Readable, Writable } from 'node:stream';
import {
  ApiException,
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  Exec,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Node,
  type V1Status,
} from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The wire behaviour a client reads (status codes, Status bodies, validation, patch and apply semantics) is tested in
// test/support/wire-suite.ts against the stand-in AND a real kube-apiserver; what stays here is the stand-in's own:
// its request log, hooks, fault injection, exec handlers and protocols, seeding.
import { type KubeApiServer, type Status, startKubeApiServer, statusOf } from '../support/kube-apiserver.js';
import { execCapture } from '../support/exec.js';
import type { ExecCapture } from '../support/exec.js';

let server: KubeApiServer;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;
let coord: CoordinationV1Api;
let custom: CustomObjectsApi;

function clientFor(yaml: string): KubeConfig {
  const k = new KubeConfig();
  k.loadFromString(yaml);
  return k;
}

beforeEach(async () => {
  server = await startKubeApiServer({ namespaces: ['sf', 'dispatch'] });
  kc = clientFor(server.kubeconfigYaml('sf'));
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  coord = kc.makeApiClient(CoordinationV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
});

afterEach(async () => {
  await server.close();
  expect(server.errors).toEqual([]);
});

/** Awaits a call that must fail with an ApiException; returns the code, the raw body and the Status. */
async function failure(p: Promise<unknown>): Promise<{ code: number; body: string; status: Status; headers: Record<string, string> }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiException);
    const e = err as ApiException<string>;
    return { code: e.code, body: e.body, status: statusOf(e), headers: e.headers };
  }
  throw new Error('expected the call to fail');
}

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const apply = setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply);

function node(name: string, extra: Partial<V1Node> = {}): V1Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'konvoy.mesosphere.com/node_pool': 'workers' } }, ...extra };
}

describe('connection and authentication', () => {
  it('accepts the kubeconfig it writes and sees the bearer token', async () => {
    const ns = await core.readNamespace({ name: 'sf' });
    expect(ns.metadata?.name).toBe('sf');
    expect(ns.metadata?.labels).toEqual({ 'kubernetes.io/metadata.name': 'sf' });
    const rec = server.requests.at(-1);
    expect(rec).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/sf', status: 200, user: 'pool-reconciler-test' });
    expect(rec?.authorization).toBe(`Bearer ${server.token}`);
    expect(rec?.userAgent).toMatch(/^kubernetes-client-javascript\//);
    expect(server.kubeconfigYaml()).toContain('insecure-skip-tls-verify: true');
  });

  it('serves discovery', async () => {
    const res = await fetch(`${server.url}/apis/apps/v1`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { kind: string; resources: { name: string; kind: string; namespaced: boolean }[] };
    expect(body.kind).toBe('APIResourceList');
    expect(body.resources.map((r) => r.name)).toEqual(['deployments', 'statefulsets', 'replicasets']);
  });
});

describe('create, read, update, delete', () => {
  it('needs the namespace to exist for a namespaced create', async () => {
    const f = await failure(core.createNamespacedSecret({ namespace: 'nope', body: { metadata: { name: 's' } } }));
    expect(f.code).toBe(404);
    expect(f.status.message).toBe('namespaces "nope" not found');
    expect(f.status.details).toEqual({ name: 'nope', kind: 'namespaces' });
  });

  it('names the API group in messages of grouped resources', async () => {
    const lease = await coord.createNamespacedLease({
      namespace: 'sf',
      body: { metadata: { name: 'lock' }, spec: { holderIdentity: 'a' } },
    });
    const fresh = await coord.replaceNamespacedLease({
      name: 'lock',
      namespace: 'sf',
      body: { ...lease, spec: { holderIdentity: 'b' } },
    });
    expect(fresh.spec?.holderIdentity).toBe('b');
    const f = await failure(
      coord.replaceNamespacedLease({ name: 'lock', namespace: 'sf', body: { ...lease, spec: { holderIdentity: 'c' } } }),
    );
    expect(f.status.message).toBe(
      'Operation cannot be fulfilled on leases.coordination.k8s.io "lock": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(f.status.details).toEqual({ name: 'lock', group: 'coordination.k8s.io', kind: 'leases' });
  });

  it('DELETE answers a Success Status (pods: the object), then the object is gone', async () => {
    const s = await core.createNamespacedSecret({ namespace: 'sf', body: { metadata: { name: 'gone' } } });
    await core.deleteNamespacedSecret({ name: 'gone', namespace: 'sf' });
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', status: 200 });
    expect(server.get('Secret', 'sf', 'gone')).toBeUndefined();
    const res = await rawRequest('DELETE', '/api/v1/namespaces/sf/secrets/gone');
    expect(res.status).toBe(404);
    // Re-create and delete raw to see the body.
    await core.createNamespacedSecret({ namespace: 'sf', body: { metadata: { name: 'gone' } } });
    const uid = server.get('Secret', 'sf', 'gone')?.metadata?.uid;
    const del = await rawRequest('DELETE', '/api/v1/namespaces/sf/secrets/gone');
    expect(del.status).toBe(200);
    expect(del.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'gone', kind: 'secrets', uid },
    });
    expect(s.metadata?.name).toBe('gone');

    server.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'sf' }, spec: { containers: [{ name: 'c' }] } });
    const pod = await rawRequest('DELETE', '/api/v1/namespaces/sf/pods/p');
    expect(pod.body).toMatchObject({ kind: 'Pod', metadata: { name: 'p' } });
  });

  it('bumps a Deployment generation on spec and annotation changes, not on label changes, and keeps status', async () => {
    const d = await apps.createNamespacedDeployment({
      namespace: 'sf',
      body: {
        metadata: { name: 'nodepool-launcher' },
        spec: {
          selector: { matchLabels: { run: 'nodepool-launcher' } },
          template: { metadata: { labels: { run: 'nodepool-launcher' } }, spec: { containers: [{ name: 'launcher', image: 'x' }] } },
        },
        status: { readyReplicas: 5 },
      },
    });
    expect(d.metadata?.generation).toBe(1);
    expect(d.spec?.replicas).toBe(1);
    expect(d.status).toEqual({});
    const labelled = await apps.patchNamespacedDeployment(
      { name: 'nodepool-launcher', namespace: 'sf', body: { metadata: { labels: { a: 'b' } } } },
      merge,
    );
    expect(labelled.metadata?.generation).toBe(1);
    const annotated = await apps.patchNamespacedDeployment(
      { name: 'nodepool-launcher', namespace: 'sf', body: { spec: { template: { metadata: { annotations: { 'nodepool-providers-secrets': '42' } } } } } },
      strategic,
    );
    expect(annotated.metadata?.generation).toBe(2);
    expect(annotated.spec?.template.spec?.containers).toEqual([{ name: 'launcher', image: 'x' }]);
    const meta = await apps.patchNamespacedDeployment(
      { name: 'nodepool-launcher', namespace: 'sf', body: { metadata: { annotations: { note: 'x' } }, status: { readyReplicas: 3 } } },
      merge,
    );
    expect(meta.metadata?.generation).toBe(3);
    expect(meta.status).toEqual({});
  });

  it('lists with kind XList, the list resourceVersion, items without apiVersion/kind, and pages with limit/continue', async () => {
    for (const n of ['a', 'b', 'c']) await core.createNode({ body: node(n) });
    const raw = await rawRequest('GET', '/api/v1/nodes?limit=2');
    const body = raw.body as { kind: string; apiVersion: string; metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; items: { kind?: string; metadata: { name: string } }[] };
    expect(body.kind).toBe('NodeList');
    expect(body.apiVersion).toBe('v1');
    expect(body.metadata.resourceVersion).toBe(server.resourceVersion);
    expect(body.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(body.items[0].kind).toBeUndefined();
    expect(body.metadata.remainingItemCount).toBe(1);
    const page2 = await core.listNode({ limit: 2, _continue: body.metadata.continue });
    expect(page2.items.map((i) => i.metadata?.name)).toEqual(['c']);
    expect(page2.metadata?._continue).toBeUndefined();
  });
});

describe('secrets', () => {
  it('keeps data base64 on the wire and merges write-only stringData into it', async () => {
    const created = await core.createNamespacedSecret({
      namespace: 'sf',
      body: {
        metadata: { name: 'nodepool-providers-secrets' },
        data: { 'clouds.yaml': Buffer.from('old').toString('base64'), keep: Buffer.from('k').toString('base64') },
        stringData: { 'clouds.yaml': 'clouds: {}\n' },
      },
    });
    expect(created.type).toBe('Opaque');
    expect(created.stringData).toBeUndefined();
    expect(created.data).toEqual({ 'clouds.yaml': Buffer.from('clouds: {}\n').toString('base64'), keep: 'aw==' });
    expect(JSON.parse(server.requests.at(-1)?.body ?? '{}').stringData).toEqual({ 'clouds.yaml': 'clouds: {}\n' });

    const patched = await core.patchNamespacedSecret(
      { name: 'nodepool-providers-secrets', namespace: 'sf', body: { stringData: { 'kube.config': 'k: v' } } },
      merge,
    );
    expect(patched.stringData).toBeUndefined();
    expect(Buffer.from(patched.data?.['kube.config'] ?? '', 'base64').toString()).toBe('k: v');
    expect(Object.keys(patched.data ?? {}).sort()).toEqual(['clouds.yaml', 'keep', 'kube.config']);
    const read = await rawRequest('GET', '/api/v1/namespaces/sf/secrets/nodepool-providers-secrets');
    expect(read.body).not.toHaveProperty('stringData');
  });

  it('rejects data that is not base64 with 400', async () => {
    const f = await failure(core.createNamespacedSecret({ namespace: 'sf', body: { metadata: { name: 's' }, data: { a: 'not base64!' } } }));
    expect(f.code).toBe(400);
    expect(f.status.reason).toBe('BadRequest');
    expect(f.status.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3');
  });
});

describe('selectors', () => {
  beforeEach(() => {
    const labels: Record<string, Record<string, string>> = {
      a: { pool: 'dispatch', gpu: 'true' },
      b: { pool: 'workers' },
      c: { pool: 'workers', gpu: 'false' },
      d: {},
    };
    for (const [name, l] of Object.entries(labels)) server.put({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: l } });
  });

  const names = async (labelSelector?: string, fieldSelector?: string): Promise<string[]> =>
    (await core.listNode({ labelSelector, fieldSelector })).items.map((n) => n.metadata?.name ?? '');

  it('supports equality, inequality, exists, not-exists, in and notin', async () => {
    expect(await names('pool=workers')).toEqual(['b', 'c']);
    expect(await names('pool==dispatch')).toEqual(['a']);
    expect(await names('pool!=workers')).toEqual(['a', 'd']);
    expect(await names('gpu')).toEqual(['a', 'c']);
    expect(await names('!gpu')).toEqual(['b', 'd']);
    expect(await names('pool in (dispatch, workers),gpu')).toEqual(['a', 'c']);
    expect(await names('gpu notin (true)')).toEqual(['b', 'c', 'd']);
    expect(await names('pool=workers,gpu=false')).toEqual(['c']);
    expect(server.requests.at(-1)?.query.labelSelector).toBe('pool=workers,gpu=false');
  });

  it('supports fieldSelector metadata.name and rejects unknown fields', async () => {
    expect(await names(undefined, 'metadata.name=c')).toEqual(['c']);
    expect(await names('pool=workers', 'metadata.name!=c')).toEqual(['b']);
    const f = await failure(core.listNode({ fieldSelector: 'spec.foo=x' }));
    expect(f.code).toBe(400);
    expect(f.status.message).toBe('field label not supported: spec.foo');
  });
});

describe('node validation', () => {
  it('accepts a long DNS-subdomain prefix and the same key with different effects', async () => {
    const key = `${'a'.repeat(200)}.example.com/pool`;
    const n = await core.createNode({
      body: node('n1', {
        metadata: { name: 'n1', labels: { [key]: '' } },
        spec: { taints: [{ key, value: 'v', effect: 'NoSchedule' }, { key, value: 'v', effect: 'NoExecute' }] },
      }),
    });
    expect(n.spec?.taints).toHaveLength(2);
  });
});

describe('patch', () => {
  beforeEach(async () => {
    await core.createNode({
      body: node('n1', { spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'a', value: '1', effect: 'NoSchedule' }] } }),
    });
  });

  it('merge patch: null deletes, lists are replaced', async () => {
    const n = await core.patchNode(
      {
        name: 'n1',
        body: { metadata: { labels: { 'konvoy.mesosphere.com/node_pool': null, extra: 'e' } }, spec: { taints: [{ key: 'b', effect: 'NoSchedule' }] } },
      },
      merge,
    );
    expect(server.requests.at(-1)?.contentType).toBe('application/merge-patch+json');
    expect(n.metadata?.labels).toEqual({ extra: 'e' });
    expect(n.spec?.taints).toEqual([{ key: 'b', effect: 'NoSchedule' }]);
  });

  it('strategic merge patch: maps merged, atomic taints replaced wholesale', async () => {
    const n = await core.patchNode({ name: 'n1', body: { metadata: { labels: { extra: 'e' } }, spec: { taints: [{ key: 'b', effect: 'NoSchedule' }] } } }, strategic);
    expect(server.requests.at(-1)?.contentType).toBe('application/strategic-merge-patch+json');
    expect(n.metadata?.labels).toEqual({ 'konvoy.mesosphere.com/node_pool': 'workers', extra: 'e' });
    expect(n.spec?.taints).toEqual([{ key: 'b', effect: 'NoSchedule' }]);
  });

  it('strategic merge patch merges containers by name', async () => {
    server.put({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'nodepool-builder', namespace: 'sf' },
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'nodepool-builder', image: 'a' }, { name: 'sidecar', image: 's' }] } } },
    });
    const s = await apps.patchNamespacedStatefulSet(
      { name: 'nodepool-builder', namespace: 'sf', body: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 's2' }] } } } } },
      strategic,
    );
    expect(s.spec?.template.spec?.containers).toEqual([
      { name: 'nodepool-builder', image: 'a' },
      { name: 'sidecar', image: 's2' },
    ]);
    expect(s.metadata?.generation).toBe(2);
  });

  it('a resourceVersion in a merge patch is a precondition', async () => {
    const f = await failure(core.patchNode({ name: 'n1', body: { metadata: { resourceVersion: '1', labels: { a: 'b' } } } }, merge));
    expect(f.code).toBe(409);
    expect(f.status.reason).toBe('Conflict');
  });

});

describe('server-side apply', () => {

  it('requires fieldManager', async () => {
    const f = await failure(core.patchNode({ name: 'n1', body: node('n1') }, apply));
    expect(server.requests.at(-1)?.contentType).toBe('application/apply-patch+yaml');
    expect(f.code).toBe(422);
    expect(f.status.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    expect(f.status.details).toEqual({
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
  });

  it('creates when absent (201) and records managedFields per manager', async () => {
    const n = await core.patchNode({ name: 'n1', body: node('n1', { spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } }), fieldManager: 'pool-reconciler' }, apply);
    expect(server.requests.at(-1)?.status).toBe(201);
    expect(n.metadata?.managedFields).toHaveLength(1);
    const entry = n.metadata?.managedFields?.[0];
    expect(entry).toMatchObject({ manager: 'pool-reconciler', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1' });
    expect(entry?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:konvoy.mesosphere.com/node_pool': {} } },
      'f:spec': { 'f:taints': {} },
    });
    // Applying the same config again changes nothing.
    const again = await core.patchNode({ name: 'n1', body: node('n1', { spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } }), fieldManager: 'pool-reconciler' }, apply);
    expect(server.requests.at(-1)?.status).toBe(200);
    expect(again.spec).toEqual(n.spec);
  });

  it('lists several conflicts per manager', async () => {
    await core.createNode({ body: node('n1', { metadata: { name: 'n1', labels: { a: '1', b: '1' } } }), fieldManager: 'kubectl' });
    const f = await failure(
      core.patchNode({ name: 'n1', body: node('n1', { metadata: { name: 'n1', labels: { a: '2', b: '2' } } }), fieldManager: 'mine' }, apply),
    );
    expect(f.status.message).toBe('Apply failed with 2 conflicts: conflicts with "kubectl" using v1:\n- .metadata.labels.a\n- .metadata.labels.b');
    expect(f.status.details?.causes?.map((c) => c.field)).toEqual(['.metadata.labels.a', '.metadata.labels.b']);
  });

  it('removes fields the manager no longer applies', async () => {
    await core.patchNode({ name: 'n1', body: node('n1', { metadata: { name: 'n1', labels: { a: '1', b: '1' } } }), fieldManager: 'mine' }, apply);
    const n = await core.patchNode({ name: 'n1', body: node('n1', { metadata: { name: 'n1', labels: { a: '1' } } }), fieldManager: 'mine' }, apply);
    expect(n.metadata?.labels).toEqual({ a: '1' });
  });

  it('works for the Repository custom resource', async () => {
    const body = {
      apiVersion: 'dispatch.d2iq.io/v1alpha1',
      kind: 'Repository',
      metadata: { name: 'repo' },
      spec: { podTemplateFrom: { configMapKeyRef: { name: 'tpl', key: 'default-pod-template' } } },
    };
    const r = (await custom.patchNamespacedCustomObject(
      { group: 'dispatch.d2iq.io', version: 'v1alpha1', namespace: 'dispatch', plural: 'repositories', name: 'repo', body, fieldManager: 'pool-reconciler' },
      apply,
    )) as { metadata: { generation: number }; spec: unknown };
    expect(r.metadata.generation).toBe(1);
    expect(r.spec).toEqual(body.spec);
    const list = (await custom.listNamespacedCustomObject({ group: 'dispatch.d2iq.io', version: 'v1alpha1', namespace: 'dispatch', plural: 'repositories' })) as {
      kind: string;
      items: { kind: string }[];
    };
    expect(list.kind).toBe('RepositoryList');
    expect(list.items[0].kind).toBe('Repository');
  });
});

describe('dryRun', () => {
  it('dryRun=All validates and returns the would-be object without persisting or bumping resourceVersion', async () => {
    const rv = server.resourceVersion;
    const c = await core.createNamespacedConfigMap({ namespace: 'sf', body: { metadata: { name: 'dry' }, data: { a: '1' } }, dryRun: 'All' });
    expect(server.requests.at(-1)?.status).toBe(201);
    expect(c.metadata?.name).toBe('dry');
    expect(c.metadata?.resourceVersion).toBeUndefined();
    expect(server.get('ConfigMap', 'sf', 'dry')).toBeUndefined();
    expect(server.resourceVersion).toBe(rv);

    const invalidNode = await failure(core.createNode({ body: node('n1', { spec: { taints: [{ key: 'k', effect: 'X' }] } }), dryRun: 'All' }));
    expect(invalidNode.code).toBe(422);

    await core.createNode({ body: node('n1') });
    const rv2 = server.resourceVersion;
    const p = await core.patchNode({ name: 'n1', body: { metadata: { labels: { x: 'y' } } }, dryRun: 'All' }, merge);
    expect(p.metadata?.labels?.x).toBe('y');
    expect(p.metadata?.resourceVersion).toBe(rv2);
    expect(server.get('Node', 'n1')?.metadata?.labels?.x).toBeUndefined();
    expect(server.resourceVersion).toBe(rv2);
  });

});

describe('exec', () => {
  beforeEach(() => {
    server.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nodepool-launcher-abc', namespace: 'sf', labels: { run: 'nodepool-launcher' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'launcher', image: 'x', env: [{ name: 'HOME', value: '/var/lib/nodepool' }] }, { name: 'other' }] },
    });
    server.onExec((pod, container, command, env) => {
      if (command.includes('fail')) return { stderr: 'boom\n', exitCode: 3 };
      return { stdout: `${pod.metadata?.name}/${container}: ${command.join(' ')} NODEPOOL_CONFIG_FILE=${env.NODEPOOL_CONFIG_FILE ?? ''} HOME=${env.HOME}\n`, stderr: 'warn\n' };
    });
  });

  const run = (command: string[], container = 'launcher', pod = 'nodepool-launcher-abc'): Promise<ExecCapture> => execCapture(kc, 'sf', pod, container, command);

  for (const protocol of ['v5.channel.k8s.io', 'v4.channel.k8s.io']) {
    it(`streams stdout, stderr and a Success status over ${protocol}`, async () => {
      server.execProtocols = [protocol];
      const r = await run(['env', 'NODEPOOL_CONFIG_FILE=nodepool-builder.yaml', '/usr/local/bin/generate-config.sh', 'abc123']);
      expect(r.status).toEqual({ metadata: {}, status: 'Success' });
      expect(r.stdout).toBe(
        'nodepool-launcher-abc/launcher: env NODEPOOL_CONFIG_FILE=nodepool-builder.yaml /usr/local/bin/generate-config.sh abc123 NODEPOOL_CONFIG_FILE=nodepool-builder.yaml HOME=/var/lib/nodepool\n',
      );
      expect(r.stderr).toBe('warn\n');
      expect(server.execs.at(-1)?.protocol).toBe(protocol);
      const rec = server.requests.at(-1);
      expect(rec).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/sf/pods/nodepool-launcher-abc/exec', upgrade: true, status: 101 });
      expect(rec?.query.command).toEqual(['env', 'NODEPOOL_CONFIG_FILE=nodepool-builder.yaml', '/usr/local/bin/generate-config.sh', 'abc123']);
      expect(rec?.authorization).toBe(`Bearer ${server.token}`);
    });

    it(`reports a non-zero exit code over ${protocol}`, async () => {
      server.execProtocols = [protocol];
      const r = await run(['sh', '-c', 'fail']);
      expect(r.stderr).toBe('boom\n');
      expect(r.stdout).toBe('');
      expect(r.status).toEqual({
        metadata: {},
        status: 'Failure',
        message: 'command terminated with non-zero exit code: error executing command [sh -c fail], exit code 3',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      });
    });
  }

  it('passes stdin to the handler on v5 once the client closes it', async () => {
    server.onExec((_pod, _container, _command, _env, stdin) => ({ stdout: `got ${stdin?.toString() ?? 'nothing'}` }), { container: 'other' });
    const out: Buffer[] = [];
    const stdout = new Writable({
      write(chunk: Buffer, _enc, cb) {
        out.push(Buffer.from(chunk));
        cb();
      },
    });
    const status = await new Promise<V1Status>((resolve, reject) => {
      new Exec(kc).exec('sf', 'nodepool-launcher-abc', 'other', ['cat'], stdout, null, Readable.from([Buffer.from('hello')]), false, resolve).catch(reject);
    });
    expect(status.status).toBe('Success');
    expect(Buffer.concat(out).toString()).toBe('got hello');
    expect(server.execs.at(-1)).toMatchObject({ container: 'other', stdin: 'hello', protocol: 'v5.channel.k8s.io' });
  });

  it('answers 404 for a missing pod and 400 for a container the pod does not have', async () => {
    await expect(run(['true'], 'launcher', 'nope')).rejects.toThrow(/Unexpected server response: 404/);
    expect(server.requests.at(-1)?.status).toBe(404);
    await expect(run(['true'], 'missing')).rejects.toThrow(/Unexpected server response: 400/);
    expect(server.execs).toHaveLength(0);
    const res = await rawRequest('POST', '/api/v1/namespaces/sf/pods/nodepool-launcher-abc/exec?command=true&stdout=1&container=missing');
    expect(res.body).toMatchObject({ reason: 'BadRequest', message: 'container missing is not valid for pod nodepool-launcher-abc' });
  });
});

describe('fault injection, hooks and the request log', () => {
  it('answers an injected 503 once, then serves normally', async () => {
    await core.createNamespacedSecret({ namespace: 'sf', body: { metadata: { name: 's' } } });
    const fault = server.inject({ method: 'GET', path: /\/secrets\/s$/, fault: { status: 503, headers: { 'Retry-After': '2' } } });
    const f = await failure(core.readNamespacedSecret({ name: 's', namespace: 'sf' }));
    expect(f.code).toBe(503);
    expect(f.headers['retry-after']).toBe('2');
    expect(f.headers['content-type']).toBe('application/json');
    expect(f.status).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
    const ok = await core.readNamespacedSecret({ name: 's', namespace: 'sf' });
    expect(ok.metadata?.name).toBe('s');
    expect(fault.fired).toBe(1);
    expect(fault.matched).toBe(2);
    expect(server.count({ method: 'GET', path: '/api/v1/namespaces/sf/secrets/s' })).toBe(2);
    expect(server.count({ method: 'GET', status: 503 })).toBe(1);
  });

  it('fires on the nth matching request, for `times` requests', async () => {
    server.inject({ method: 'GET', path: '/api/v1/nodes', nth: 2, times: 2, fault: { status: 500 } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      try {
        await core.listNode();
        codes.push(200);
      } catch (e) {
        codes.push((e as ApiException<string>).code);
      }
    }
    expect(codes).toEqual([200, 500, 500, 200]);
  });

  it('resets the connection', async () => {
    server.inject({ path: '/api/v1/namespaces/sf/configmaps', fault: { reset: true } });
    const err = await core.listNamespacedConfigMap({ namespace: 'sf' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(ApiException);
    expect(String((err as Error & { cause?: unknown }).cause ?? err)).toMatch(/ECONNRESET|socket|closed|terminated/i);
    expect(server.requests.at(-1)?.fault).toBe('reset');
    await expect(core.listNamespacedConfigMap({ namespace: 'sf' })).resolves.toMatchObject({ kind: 'ConfigMapList' });
  });

  it('delays a request', async () => {
    server.inject({ path: '/api/v1/nodes', fault: { delayMs: 150 } });
    const t0 = Date.now();
    await core.listNode();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('records the Content-Type of every write', async () => {
    await core.createNode({ body: node('n1') });
    await core.patchNode({ name: 'n1', body: { metadata: { labels: { a: 'b' } } } }, merge);
    await core.patchNode({ name: 'n1', body: [{ op: 'add', path: '/metadata/labels/c', value: 'd' }] });
    expect(server.requestsMatching({ method: 'PATCH' }).map((r) => r.contentType)).toEqual([
      'application/merge-patch+json',
      'application/json-patch+json',
    ]);
    expect(server.count({ contentType: 'application/json', method: 'POST' })).toBe(1);
  });

  it('onWrite sees HTTP writes; autoRollout marks Deployments rolled out', async () => {
    const seen: string[] = [];
    server.onWrite((e) => seen.push(`${e.type} ${e.kind} ${e.name}`));
    server.autoRollout();
    await apps.createNamespacedDeployment({
      namespace: 'sf',
      body: { metadata: { name: 'nodepool-launcher' }, spec: { replicas: 2, selector: { matchLabels: { run: 'x' } }, template: { metadata: { labels: { run: 'x' } } } } },
    });
    await expect.poll(async () => (await apps.readNamespacedDeployment({ name: 'nodepool-launcher', namespace: 'sf' })).status?.observedGeneration).toBe(1);
    const d = await apps.readNamespacedDeployment({ name: 'nodepool-launcher', namespace: 'sf' });
    expect(d.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
    expect(seen).toEqual(['ADDED Deployment nodepool-launcher']);
  });
});

// ---- raw HTTP helpers (to see bodies client-node does not hand back) ----

async function rawRequest(method: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { Authorization: `Bearer ${server.token}` } });
  expect(res.headers.get('content-type')).toBe('application/json');
  return { status: res.status, body: JSON.parse(await res.text()) as unknown };
}

describe('watch history', () => {
  it('replays the writes after a resourceVersion it still keeps, and answers 410 Expired for one it no longer keeps', async () => {
    const first = server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'sf' }, data: { v: '0' } });
    const from = Number(first.metadata?.resourceVersion);
    const events = async (since: number): Promise<Array<{ type: string; object: { metadata?: { name?: string }; code?: number; reason?: string } }>> => {
      const res = await fetch(`${server.url}/api/v1/namespaces/sf/configmaps?watch=true&resourceVersion=${since}&timeoutSeconds=1`, { headers: { Authorization: `Bearer ${server.token}` } });
      return (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as never);
    };
    server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'sf' }, data: { v: '1' } });
    expect((await events(from)).map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual(['MODIFIED kept']);
    // A thousand writes later the stand-in no longer keeps them: as a real server whose watch cache moved on.
    for (let i = 0; i < 1000; i++) server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `later-${i}`, namespace: 'dispatch' } });
    const expired = await events(from);
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });
});
