/** observe(): reads only, bounded concurrency, one request per (kind, namespace), missing namespaces told apart. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKubeApiServer } from '../../support/kube-apiserver.js';
import type { KubeApiServer } from '../../support/kube-apiserver.js';
import { loadKubeConfig, makeClusterClient } from '../../../src/io/cluster/client.js';
import type { ClusterClient } from '../../../src/io/cluster/client.js';
import { observe, ObserveError } from '../../../src/io/cluster/observe.js';
import { desire } from '../../../src/desired/desired.js';
import { baseInput, node, workloads } from '../../support/plan-helpers.js';

let server: KubeApiServer;
beforeEach(async () => {
  server = await startKubeApiServer({ namespaces: ['sf', 'tekton-pipelines', 'dispatch-ci'] });
  for (const w of workloads()) server.put(w);
});
afterEach(async () => {
  await server.close();
  expect(server.errors).toEqual([]);
});

/** A client whose API calls count how many are in flight at once. */
function instrumented(): { client: ClusterClient; maxInFlight: () => number } {
  const client = makeClusterClient(loadKubeConfig({ yaml: server.kubeconfigYaml() }));
  let inFlight = 0;
  let max = 0;
  const wrap = <T extends object>(api: T): T =>
    new Proxy(api, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return async (...args: unknown[]) => {
          inFlight++;
          max = Math.max(max, inFlight);
          try {
            return await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            inFlight--;
          }
        };
      },
    });
  client.core = wrap(client.core);
  client.apps = wrap(client.apps);
  return { client, maxInFlight: () => max };
}

function manyNamespaces(n: number): ReturnType<typeof baseInput> {
  const pt = baseInput().podTemplates[0];
  return baseInput({ podTemplates: Array.from({ length: n }, (_, i) => ({ ...pt, name: `t${i}`, namespace: `ns-${i}` })) });
}

describe('observe', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    for (let i = 0; i < 12; i++) server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${i}` } });
    server.inject({ fault: { delayMs: 15 }, times: Infinity });
    const d = desire(manyNamespaces(12));
    const two = instrumented();
    await observe(two.client, d, { concurrency: 2 });
    expect(two.maxInFlight()).toBe(2);
    const eight = instrumented();
    await observe(eight.client, d, { concurrency: 8 });
    expect(eight.maxInFlight()).toBe(8);
    expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('reads a namespace only when nothing read there shows it exists', async () => {
    // dispatch-ci holds a ConfigMap that is not ours: the LIST proves the namespace exists.
    server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: 'dispatch-ci' }, data: { 'ca.crt': 'x' } });
    const pt = baseInput().podTemplates[0];
    const d = desire(baseInput({ podTemplates: [pt, { ...pt, name: 'second' }, { ...pt, name: 'gone', namespace: 'nowhere' }] }));
    const { client } = instrumented();
    const live = await observe(client, d);
    expect(live.missingNamespaces).toEqual(['nowhere']);
    const nsReads = server.requests.filter((r) => /^\/api\/v1\/namespaces\/[^/]+$/.test(r.path)).map((r) => r.path).sort();
    expect(nsReads).toEqual(['/api/v1/namespaces/nowhere', '/api/v1/namespaces/tekton-pipelines']);
  });

  it('reads the nodes of the declared pools only, in one LIST', async () => {
    server.put(node('a', 'dispatch'));
    server.put(node('b', 'gpu'));
    server.put(node('c', 'worker'));
    const d = desire(baseInput());
    const live = await observe(instrumented().client, d);
    expect(live.nodes.map((n) => n.name)).toEqual(['a', 'c']);
    expect(server.count({ path: '/api/v1/nodes' })).toBe(1);
  });

  it('collects every failure, each once', async () => {
    server.forbid({ resource: 'deployments' });
    server.forbid({ resource: 'statefulsets' });
    const err = await observe(instrumented().client, desire(baseInput())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObserveError);
    expect((err as ObserveError).errors.map((e) => e.message.split(' (')[0])).toEqual([
      'forbidden to get deployment "nodepool-launcher" in namespace "sf"',
      'forbidden to get statefulset "nodepool-builder" in namespace "sf"',
    ]);
  });

  it('a namespace it may not read is a note, not a failure', async () => {
    server.forbid({ resource: 'namespaces', verb: 'get' });
    const live = await observe(instrumented().client, desire(baseInput()));
    expect(live.notes).toEqual([
      'could not check that namespace "dispatch-ci" exists (no permission to get it): nothing planned there exists yet',
      'could not check that namespace "tekton-pipelines" exists (no permission to get it): nothing planned there exists yet',
    ]);
    expect(live.missingNamespaces).toEqual([]);
  });

  it('lists pods once whatever the number of nodes that get a new taint (issue 29), and shows the pods of those nodes only', async () => {
    const podOn = (name: string, nodeName: string, namespace = 'dispatch-ci'): object =>
      ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { nodeName, containers: [{ name: 'c', image: 'x' }] }, status: { phase: 'Running' } });
    const podLists = (): number => server.requests.filter((r) => r.path === '/api/v1/pods').length;
    const counts: number[] = [];
    for (const tainted of [1, 3, 30]) {
      server.clearRequests();
      for (let i = counts.length ? [1, 3, 30][counts.length - 1] : 0; i < tainted; i++) {
        server.put(node(`d-${i}`, 'dispatch'));
        server.put(podOn(`ci-${i}`, `d-${i}`));
      }
      server.put(node('w-1', 'worker'));
      server.put(podOn('elsewhere', 'w-1', 'sf'));
      const live = await observe(instrumented().client, desire(baseInput()));
      expect(live.nodes.filter((n) => n.pool === 'dispatch')).toHaveLength(tainted);
      expect((live.pods ?? []).map((p) => `${p.node}/${p.name}`).sort()).toEqual(Array.from({ length: tainted }, (_, i) => `d-${i}/ci-${i}`).sort());
      counts.push(podLists());
    }
    expect(counts).toEqual([1, 1, 1]);
  });
});
