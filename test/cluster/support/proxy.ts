/**
 * A TLS pass-through proxy in front of the real API server, for what must happen at an exact moment of a run: a hook
 * sees each request (method and path) before it is forwarded and may act first (another writer changes the node the
 * tool is about to PUT, so that the real server answers 409). Requests and upgrades (exec's WebSocket) are forwarded
 * byte for byte with the client's own credentials; every request is recorded with the status the server gave.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

export interface ProxiedRequest {
  method: string;
  path: string;
  status?: number;
  upgrade?: boolean;
}

export interface Proxy {
  url: string;
  requests: ProxiedRequest[];
  /** A kubeconfig like `kubeconfig` but through this proxy (its CA swapped for the proxy's). */
  kubeconfig(kubeconfig: string): string;
  close(): Promise<void>;
}

export async function startProxy(options: {
  upstream: string;
  upstreamCaPem: string;
  /** The proxy's serving certificate (PEM), its key, and its CA. */
  cert: string;
  key: string;
  caPem: string;
  hook?: (r: ProxiedRequest) => Promise<void> | void;
}): Promise<Proxy> {
  const up = new URL(options.upstream);
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Duplex>();
  const server = https.createServer({ cert: options.cert, key: options.key }, (req, res) => {
    const rec: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/' };
    requests.push(rec);
    void (async () => {
      await options.hook?.(rec);
      const fwd = https.request({
        host: up.hostname,
        port: up.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: up.host },
        ca: options.upstreamCaPem,
      }, (r) => {
        rec.status = r.statusCode;
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      fwd.on('error', () => req.socket.destroy());
      req.pipe(fwd);
    })().catch(() => req.socket.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const rec: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', upgrade: true };
    requests.push(rec);
    void (async () => {
      await options.hook?.(rec);
      const upstream = tls.connect({ host: up.hostname, port: Number(up.port), ca: options.upstreamCaPem, servername: up.hostname === '127.0.0.1' ? undefined : up.hostname, ALPNProtocols: ['http/1.1'] }, () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i].toLowerCase() === 'host' ? up.host : req.rawHeaders[i + 1]}`);
        }
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length) upstream.write(head);
        upstream.once('data', (first: Buffer) => {
          rec.status = Number(/^HTTP\/1\.1 (\d+)/.exec(first.toString('latin1'))?.[1] ?? 0);
        });
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    })().catch(() => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const url = `https://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    requests,
    kubeconfig: (kc) =>
      kc.replace(/server: \S+/, `server: ${url}`).replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${Buffer.from(options.caPem).toString('base64')}`),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
