/**
 * A loopback HTTP server that answers as Nodepool's launcher webapp does (nodepool/webapp.py, nodepool/status.py):
 * `/node-list`, `/request-list`, `/label-list`, `/image-list`, `/dib-image-list` as JSON to `Accept: application/json` (each a JSON array
 * of objects with status.py's keys, in its order), a PrettyTable otherwise, 404 for any other path. The state it
 * serves is set by the test.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebappNode {
  id: string;
  provider: string;
  label: string[];
  state: string;
  pool: string;
  /** Seconds in this state. */
  age?: number;
  locked?: 'locked' | 'unlocked';
}

export interface WebappRequest {
  id: string;
  state: string;
  node_types: string[];
  requestor?: string;
  /** The launcher pool workers that declined it (`<fqdn>-PoolWorker.<provider>-<pool>-<uuid hex>`). */
  declined_by?: string[];
}

/** An image upload as status.py image_list gives it. */
export interface WebappUpload {
  /** The build's id (`0000000001`). */
  build: string;
  /** The upload's number in that provider (`0000000001`). */
  upload: string;
  provider: string;
  image: string;
  state: string;
}

/** A diskimage build as status.py dib_image_list gives it (`id` is `<image>-<build id>`). */
export interface WebappBuild {
  image: string;
  build: string;
  state: string;
}

export interface WebappState {
  nodes: WebappNode[];
  requests: WebappRequest[];
  /** The labels the registered launcher pools support. */
  labels: string[];
  uploads?: WebappUpload[];
  builds?: WebappBuild[];
}

export interface NodepoolWebapp {
  url: string;
  state: WebappState;
  /** Paths asked, with the Accept header. */
  log: Array<{ path: string; accept: string }>;
  /** Answer every request with this status instead (a broken gateway). */
  failWith?: number;
  close(): Promise<void>;
}

/** status.py node_list's row: every column, in its order. */
function nodeRow(n: WebappNode): Record<string, unknown> {
  return {
    id: n.id, provider: n.provider, label: n.label, server_id: `srv-${n.id}`, public_ipv4: '203.0.113.10', ipv6: null,
    state: n.state, age: n.age ?? 60, locked: n.locked ?? (n.state === 'in-use' ? 'locked' : 'unlocked'), pool: n.pool,
    hostname: `np${n.id}`, private_ipv4: null, AZ: 'nova', username: 'zuul', connection_port: 22, launcher: 'launcher-0',
    allocated_to: null, hold_job: null, comment: null, user_data: null, driver_data: null,
  };
}

function requestRow(r: WebappRequest): Record<string, unknown> {
  return { id: r.id, relative_priority: 0, state: r.state, requestor: r.requestor ?? 'zuul-scheduler', node_types: r.node_types, nodes: [], declined_by: r.declined_by ?? [], event_id: 'e1' };
}

function uploadRow(u: WebappUpload): Record<string, unknown> {
  return { id: u.build, upload_id: u.upload, provider: u.provider, image: u.image, external_name: `${u.image}-${u.build}`, external_id: `ext-${u.build}-${u.upload}`, state: u.state, age: 1_700_000_000 };
}

function buildRow(b: WebappBuild): Record<string, unknown> {
  return { id: `${b.image}-${b.build}`, image: b.image, builder: 'nodepool-builder-0', formats: ['qcow2'], state: b.state, age: 1_700_000_000 };
}

function prettyTable(rows: Array<Record<string, unknown>>, headers: string[]): string {
  const cells = rows.map((r) => headers.map((h) => String(r[h] ?? '')));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const row = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line, row(headers.map((h) => h[0].toUpperCase() + h.slice(1))), line, ...cells.map(row), line].join('\n');
}

export async function startNodepoolWebapp(state: WebappState): Promise<NodepoolWebapp> {
  const app: NodepoolWebapp = { url: '', state, log: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    // Served under the Software Factory gateway's prefix, as https://<fqdn>/nodepool/api/<list>.
    const path = (req.url ?? '/').split('?')[0].replace(/^\/nodepool\/api/, '');
    const accept = req.headers.accept ?? '';
    app.log.push({ path, accept });
    if (app.failWith) {
      res.writeHead(app.failWith, { 'content-type': 'text/plain' }).end('upstream error');
      return;
    }
    let rows: Array<Record<string, unknown>>;
    if (path === '/node-list') rows = app.state.nodes.map(nodeRow);
    else if (path === '/request-list') rows = app.state.requests.map(requestRow);
    else if (path === '/label-list') rows = app.state.labels.map((label) => ({ label }));
    else if (path === '/image-list') rows = (app.state.uploads ?? []).map(uploadRow);
    else if (path === '/dib-image-list') rows = (app.state.builds ?? []).map(buildRow);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 Not Found');
      return;
    }
    // webob's acceptable_offers(['text/html', 'text/plain', 'application/json']): JSON only when asked first.
    if (/application\/json/.test(accept)) {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'access-control-allow-origin': '*' }).end(JSON.stringify(rows));
    } else {
      res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' }).end(prettyTable(rows, rows.length ? Object.keys(rows[0]) : ['label']));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/nodepool/api`;
  app.close = () => new Promise((resolve) => server.close(() => resolve()));
  return app;
}
