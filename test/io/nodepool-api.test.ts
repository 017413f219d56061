import { afterEach, describe, expect, it } from 'vitest';
import { readNodepoolApi, NodepoolApiError } from '../../src/io/nodepool/api.js';
import { startNodepoolWebapp } from '../support/nodepool-webapp.js';
import type { NodepoolWebapp } from '../support/nodepool-webapp.js';

let app: NodepoolWebapp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("Nodepool's API, read as its webapp answers", () => {
  it('reads node-list, request-list, label-list, image-list and dib-image-list as JSON', async () => {
    app = await startNodepoolWebapp({
      nodes: [{ id: '0000000001', provider: 'cloud', label: ['small'], state: 'ready', pool: 'main' }],
      requests: [{ id: '200-0000000001', state: 'pending', node_types: ['small', 'big'], declined_by: ['np-0-PoolWorker.cloud-main-0123456789abcdef0123456789abcdef'] }],
      labels: ['small', 'big'],
      uploads: [{ build: '0000000004', upload: '0000000001', provider: 'cloud', image: 'centos-9', state: 'ready' }],
      builds: [{ image: 'centos-9', build: '0000000004', state: 'ready' }],
    });
    const s = await readNodepoolApi({ url: `${app.url}/`, timeoutMs: 10_000 });
    expect(s).toEqual({
      source: app.url,
      nodes: [{ id: '0000000001', provider: 'cloud', label: ['small'], state: 'ready', pool: 'main', hostname: 'np0000000001', username: 'zuul', connection_port: 22 }],
      requests: [{ id: '200-0000000001', state: 'pending', node_types: ['small', 'big'], requestor: 'zuul-scheduler', declined_by: ['np-0-PoolWorker.cloud-main-0123456789abcdef0123456789abcdef'] }],
      labels: ['small', 'big'],
      uploads: [{ build: '0000000004', upload: '0000000001', provider: 'cloud', image: 'centos-9', state: 'ready' }],
      builds: [{ id: '0000000004', image: 'centos-9', state: 'ready' }],
    });
    expect(app.log.map((l) => l.path).sort()).toEqual(['/dib-image-list', '/image-list', '/label-list', '/node-list', '/request-list']);
    expect(app.log.every((l) => l.accept === 'application/json')).toBe(true);
  });

  it('says which list could not be read, without credentials or query', async () => {
    app = await startNodepoolWebapp({ nodes: [], requests: [], labels: [] });
    app.failWith = 502;
    const url = app.url.replace('http://', 'http://user:secret@') + '?token=abc';
    const err = await readNodepoolApi({ url, timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodepoolApiError);
    expect((err as Error).message).toMatch(/\/nodepool\/api\/(node|request|label|image|dib-image)-list answered HTTP 502$/);
    expect((err as Error).message).not.toMatch(/secret|token/);
    const gone = await readNodepoolApi({ url: 'http://127.0.0.1:9/nodepool/api', timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NodepoolApiError);
  });
});
