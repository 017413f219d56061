/** Loading a kubeconfig, and failures turned into clear sentences. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiException } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClusterError, loadKubeConfig, makeClusterClient, rbacRule, read, translateError } from '../../../src/io/cluster/client.js';
import { startKubeApiServer } from '../../support/kube-apiserver.js';
import { CANARY, expectNoCanary } from '../../support/plan-helpers.js';

const kubeconfig = (server: string, ctx = 'c', token = CANARY): string => `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: "${token}"}}]
contexts: [{name: ${ctx}, context: {cluster: c, user: u}}]
current-context: ${ctx}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-kc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function failure(fn: () => unknown): ClusterError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ClusterError);
    expectNoCanary([(err as Error).message, (err as ClusterError).hint ?? '']);
    return err as ClusterError;
  }
  throw new Error('expected a ClusterError');
}

describe('loadKubeConfig', () => {
  it('reads a string, a file, KUBECONFIG (merged), then ~/.kube/config', () => {
    expect(loadKubeConfig({ yaml: kubeconfig('https://a.example:6443') }).getCurrentCluster()?.server).toBe('https://a.example:6443');
    const f1 = path.join(dir, 'one');
    const f2 = path.join(dir, 'two');
    writeFileSync(f1, kubeconfig('https://one.example', 'one'));
    writeFileSync(f2, kubeconfig('https://two.example', 'two').replace(/name: c\b/g, 'name: c2').replace('cluster: c,', 'cluster: c2,').replace(/name: u\b/, 'name: u2').replace('user: u}', 'user: u2}'));
    expect(loadKubeConfig({ file: f1 }).getCurrentContext()).toBe('one');
    const merged = loadKubeConfig({ env: { KUBECONFIG: [f1, path.join(dir, 'missing'), f2].join(path.delimiter) } });
    expect(merged.getCurrentContext()).toBe('one');
    expect(merged.getContexts().map((c) => c.name)).toEqual(['one', 'two']);
    mkdirSync(path.join(dir, '.kube'));
    writeFileSync(path.join(dir, '.kube', 'config'), kubeconfig('https://home.example', 'home'));
    expect(loadKubeConfig({ env: { HOME: dir } }).getCurrentContext()).toBe('home');
  });

  it('explains what is missing, never quoting the content', () => {
    expect(failure(() => loadKubeConfig({ env: {} })).message).toBe('no kubeconfig: nothing tells how to reach the cluster');
    expect(failure(() => loadKubeConfig({ yaml: '', inputName: 'input `kubeconfig`' })).message).toBe('input `kubeconfig`: is empty');
    expect(failure(() => loadKubeConfig({ yaml: `users: [{token: ${CANARY}` })).message).toMatch(/^the kubeconfig: not valid YAML \(line 1, column \d+\)$/);
    expect(failure(() => loadKubeConfig({ yaml: `- ${CANARY}` })).message).toBe('the kubeconfig: not a kubeconfig (expected a mapping with clusters, users and contexts)');
    expect(failure(() => loadKubeConfig({ yaml: kubeconfig('https://x').replace('current-context: c', 'current-context: other') })).message)
      .toBe('the kubeconfig: current-context "other" is not one of its contexts');
    expect(failure(() => loadKubeConfig({ yaml: kubeconfig('https://x').replace('current-context: c\n', '') })).message).toBe('the kubeconfig: has no current-context');
    expect(failure(() => loadKubeConfig({ yaml: `clusters: [{name: c, cluster: {token: ${CANARY}}}]\n` })).message)
      .toBe('the kubeconfig: invalid kubeconfig: clusters[0].cluster.server is missing');
    expect(failure(() => loadKubeConfig({ file: path.join(dir, 'nope') })).message).toBe(`kubeconfig file ${path.join(dir, 'nope')}: the file does not exist`);
  });
});

describe('errors', () => {
  const info = { verb: 'list' as const, resource: 'configmaps', group: '', namespace: 'ci' };

  it('turns API answers into sentences', () => {
    const status = (code: number, message: string) => new ApiException(code, 'x', JSON.stringify({ kind: 'Status', message, code }), {});
    expect(translateError(status(403, 'configmaps is forbidden: ...'), info, 'https://k')).toMatchObject({
      reason: 'forbidden', code: 403, message: 'forbidden to list configmaps in namespace "ci" (the API server says: configmaps is forbidden: ...)',
    });
    expect(translateError(status(401, 'Unauthorized'), info, 'https://k').message).toBe('the API server at https://k rejected the credentials (401 Unauthorized) to list configmaps in namespace "ci"');
    expect(translateError(status(500, 'etcd is down'), info, 'https://k').message).toBe('cannot list configmaps in namespace "ci": the API server answered 500: etcd is down');
    const net = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }) });
    expect(translateError(net, info, 'https://k').message).toBe('cannot reach the Kubernetes API server at https://k: host not found (ENOTFOUND)');
  });

  it('gives the RBAC rule for namespaced and cluster-scoped reads', () => {
    expect(rbacRule({ verb: 'get', resource: 'deployments', group: 'apps', namespace: 'sf', name: 'nodepool-launcher' })).toBe(
      'Add this rule to a Role in namespace "sf" (bound with a RoleBinding there) for the credentials in use: {apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"], resourceNames: ["nodepool-launcher"]}',
    );
    expect(rbacRule({ verb: 'get', resource: 'namespaces', group: '', name: 'sf' })).toContain('a Role in namespace "sf"');
    expect(rbacRule({ verb: 'list', resource: 'nodes', group: '' })).toContain('a ClusterRole (bound with a ClusterRoleBinding)');
  });

  it('retries a read after 503 and 429, and gives up on a server that never answers', async () => {
    const server = await startKubeApiServer();
    try {
      const client = makeClusterClient(loadKubeConfig({ yaml: server.kubeconfigYaml() }));
      server.inject({ path: '/api/v1/nodes', fault: { status: 503 } });
      server.inject({ path: '/api/v1/nodes', nth: 2, fault: { status: 429 } });
      const list = await read(client, { verb: 'list', resource: 'nodes', group: '' }, () => client.core.listNode({}));
      expect(list.items).toEqual([]);
      expect(server.count({ path: '/api/v1/nodes' })).toBe(3);
      expect(client.requests).toBe(3);

      const slow = makeClusterClient(loadKubeConfig({ yaml: server.kubeconfigYaml() }), { timeoutMs: 100 });
      server.inject({ path: '/api/v1/nodes', fault: { delayMs: 1000 } });
      await expect(read(slow, { verb: 'list', resource: 'nodes', group: '' }, () => slow.core.listNode({}))).rejects.toMatchObject({
        reason: 'timeout', message: `no answer from the Kubernetes API server at ${server.url} within 100 ms to list nodes`,
      });
    } finally {
      await server.close();
    }
  });
});
