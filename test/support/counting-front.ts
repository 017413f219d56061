/**
 * A TLS front for the loopback API server that counts the connections clients open to it, as a real API server's
 * listener sees them: it offers HTTP/2 and HTTP/1.1 by ALPN (as kube-apiserver does), and forwards every request
 * (and exec's WebSocket upgrade) to the stand-in over plain HTTP. What it counts is `secureConnection` events, per
 * negotiated protocol: a test that counts, never times.
 */
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import http2 from 'node:http2';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { makeSandboxTls } from '../../src/sandbox/tls.js';

export interface CountingFront {
  url: string;
  /** Connections opened to the front, by the protocol they negotiated. */
  connections: { h2: number; 'http/1.1': number };
  /** Requests forwarded (WebSocket upgrades included). */
  requests: number;
  /** Each request forwarded: method and path (query included). */
  log: Array<{ method: string; path: string }>;
  /** `kubeconfig` (the stand-in's) pointed at the front, trusting its CA. */
  kubeconfig(kubeconfig: string): string;
  close(): Promise<void>;
}

/** Headers that belong to one hop (and HTTP/2's pseudo-headers): never forwarded. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'http2-settings', 'proxy-connection', 'te', 'host']);

function forwardHeaders(h: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(h)) if (!k.startsWith(':') && !HOP.has(k) && v !== undefined) out[k] = v;
  return out;
}

/**
 * `upstream`: the stand-in's plain-HTTP URL, or an HTTPS API server with `upstreamCaPem` (the real control plane;
 * token credentials pass through, a client certificate cannot).
 */
export async function startCountingFront(upstream: string, upstreamCaPem?: string): Promise<CountingFront> {
  const up = new URL(upstream);
  const secure = up.protocol === 'https:';
  const upstreamAgent = secure ? new https.Agent({ keepAlive: true, ca: upstreamCaPem }) : new http.Agent({ keepAlive: true });
  const log: CountingFront['log'] = [];
  const pki = makeSandboxTls();
  const connections = { h2: 0, 'http/1.1': 0 };
  const sockets = new Set<Duplex>();
  const front: Partial<CountingFront> = { connections, requests: 0, log };

  const forward = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): void => {
    front.requests = (front.requests ?? 0) + 1;
    log.push({ method: req.method ?? 'GET', path: req.url ?? '/' });
    const options = { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...forwardHeaders(req.headers), host: up.host }, agent: upstreamAgent };
    const out = (secure ? https : http).request(options, (answer) => {
      (res as ServerResponse).writeHead(answer.statusCode ?? 502, forwardHeaders(answer.headers));
      answer.pipe(res as NodeJS.WritableStream);
    });
    out.on('error', () => res.destroy());
    (req as NodeJS.ReadableStream).pipe(out);
  };
  const h2 = http2.createSecureServer({ cert: pki.cert, key: pki.key }, forward);
  const h1 = https.createServer({ cert: pki.cert, key: pki.key }, forward);
  h1.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    front.requests = (front.requests ?? 0) + 1;
    log.push({ method: req.method ?? 'GET', path: req.url ?? '/' });
    const onConnect = (): void => {
      const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      conn.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) conn.write(head);
      conn.pipe(socket);
      socket.pipe(conn);
    };
    const conn: net.Socket = secure
      ? tls.connect({ host: up.hostname, port: Number(up.port), ca: upstreamCaPem, servername: up.hostname === '127.0.0.1' ? undefined : up.hostname }, onConnect)
      : net.connect(Number(up.port), up.hostname, onConnect);
    const end = (): void => {
      conn.destroy();
      socket.destroy();
    };
    conn.on('error', end);
    socket.on('error', end);
  });

  const server = tls.createServer({ cert: pki.cert, key: pki.key, ALPNProtocols: ['h2', 'http/1.1'] });
  server.on('secureConnection', (s: tls.TLSSocket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    if (s.alpnProtocol === 'h2') {
      connections.h2++;
      h2.emit('secureConnection', s);
    } else {
      connections['http/1.1']++;
      h1.emit('secureConnection', s);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  return Object.assign(front, {
    url,
    kubeconfig: (kubeconfig: string) =>
      kubeconfig
        .replace(/server: \S+/, `server: ${url}`)
        .replace(/insecure-skip-tls-verify: true|certificate-authority-data: \S+/, `certificate-authority-data: ${Buffer.from(pki.ca).toString('base64')}`),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgent.destroy();
      h2.close();
      h1.close();
    },
  }) as CountingFront;
}
