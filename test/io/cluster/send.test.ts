/**
 * ClusterClient.send, the writes of the bulk steps without client-node's typed layer: the request it puts on the wire
 * (under a server URL with a path, as Rancher's proxy gives one), the kubeconfig's credentials as client-node applies
 * them, and answers that fail as client-node's calls fail (so `call` retries and translates them alike).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiException } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKubeConfig, makeClusterClient } from '../../../src/io/cluster/client.js';
import { call } from '../../../src/io/cluster/retry.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A loopback server that answers each request with the next of `answers`, and records what it got. */
async function recording(answers: Array<{ status: number; body: string; headers?: Record<string, string> }>): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const a = answers[Math.min(seen.length - 1, answers.length - 1)];
      res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

const kubeconfig = (server: string, user: string): string => `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: ${user}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`;

describe('ClusterClient.send', () => {
  it('sends the JSON body with its content type, under the server URL\'s path, with the bearer token', async () => {
    const s = await recording([{ status: 201, body: '{"kind":"ConfigMap"}' }]);
    const client = makeClusterClient(loadKubeConfig({ yaml: kubeconfig(`${s.url}/k8s/clusters/c-1/`, '{token: "t0ken"}') }));
    const r = await client.send({ method: 'PATCH', path: '/api/v1/nodes/n%2F1?fieldManager=pool-reconciler&dryRun=All', contentType: 'application/json-patch+json', body: [{ op: 'add', path: '/metadata/labels/a', value: 'b' }] });
    expect(r).toEqual({ status: 201 });
    expect(s.seen).toHaveLength(1);
    expect(s.seen[0].method).toBe('PATCH');
    expect(s.seen[0].url).toBe('/k8s/clusters/c-1/api/v1/nodes/n%2F1?fieldManager=pool-reconciler&dryRun=All');
    expect(s.seen[0].headers.authorization).toBe('Bearer t0ken');
    expect(s.seen[0].headers['content-type']).toBe('application/json-patch+json');
    expect(JSON.parse(s.seen[0].body)).toEqual([{ op: 'add', path: '/metadata/labels/a', value: 'b' }]);
  });

  it('sends basic auth as client-node does', async () => {
    const s = await recording([{ status: 200, body: '{}' }]);
    const client = makeClusterClient(loadKubeConfig({ yaml: kubeconfig(s.url, '{username: admin, password: "pa55"}') }));
    await client.send({ method: 'POST', path: '/api/v1/namespaces/ns/configmaps', body: {} });
    expect(s.seen[0].headers.authorization).toBe(`Basic ${Buffer.from('admin:pa55').toString('base64')}`);
    expect(s.seen[0].headers['content-type']).toBe('application/json');
  });

  it('fails as client-node does: an ApiException with the status, the body as text and the headers', async () => {
    const status = '{"kind":"Status","message":"configmaps is forbidden","code":403}';
    const s = await recording([{ status: 403, body: status, headers: { 'x-answer': 'no' } }]);
    const client = makeClusterClient(loadKubeConfig({ yaml: kubeconfig(s.url, '{token: t}') }));
    const err = await client.send({ method: 'POST', path: '/api/v1/namespaces/ns/configmaps', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<string>).code).toBe(403);
    expect((err as ApiException<string>).body).toBe(status);
    expect((err as ApiException<string>).headers['x-answer']).toBe('no');
  });

  it('through `call`: a 503 is retried after the server\'s Retry-After, a 403 becomes the sentence with the RBAC rule', async () => {
    const s = await recording([{ status: 503, body: '{}', headers: { 'retry-after': '0' } }, { status: 201, body: '{}' }]);
    const client = makeClusterClient(loadKubeConfig({ yaml: kubeconfig(s.url, '{token: t}') }));
    const info = { verb: 'create' as const, resource: 'configmaps', group: '', namespace: 'ns', name: 'a' };
    await expect(call(client, info, (o) => client.send({ method: 'POST', path: '/api/v1/namespaces/ns/configmaps', body: {} }, o.signal), { baseDelayMs: 1 })).resolves.toEqual({ status: 201 });
    expect(s.seen).toHaveLength(2);

    const t = await recording([{ status: 403, body: '{"kind":"Status","message":"no","code":403}' }]);
    const denied = makeClusterClient(loadKubeConfig({ yaml: kubeconfig(t.url, '{token: t}') }));
    const err = await call(denied, info, (o) => denied.send({ method: 'POST', path: '/api/v1/namespaces/ns/configmaps', body: {} }, o.signal)).then(() => new Error("resolved"), (e: unknown) => e as Error);
    expect(err.message).toBe('forbidden to create configmap "a" in namespace "ns" (the API server says: no)');
  });

  it('is aborted by call\'s time limit', async () => {
    const seen: string[] = [];
    server = http.createServer((req) => seen.push(req.url ?? '')); // never answers
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = makeClusterClient(loadKubeConfig({ yaml: kubeconfig(url, '{token: t}') }), { timeoutMs: 100 });
    const info = { verb: 'patch' as const, resource: 'nodes', group: '', name: 'n' };
    const err = await call(client, info, (o) => client.send({ method: 'PATCH', path: '/api/v1/nodes/n', body: [] }, o.signal), { attempts: 1 }).then(() => new Error("resolved"), (e: unknown) => e as Error);
    expect(err.message).toMatch(/^no answer from the Kubernetes API server at http:\/\/127\.0\.0\.1:\d+ within 100 ms to patch node "n"$/);
    server.closeAllConnections();
  });
});
