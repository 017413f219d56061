/**
 * SSH check benchmark: 20 image-builders checked at once beside one. All entries point at one local OpenSSH sshd
 * (MaxStartups/MaxSessions raised). Target: 20 hosts under 2x the time of 1, i.e. hosts really are checked in parallel.
 *
 * Two settings:
 * - `loopback`: straight to sshd. Each login costs sshd ~30 ms of CPU (fork, re-exec, key exchange, two sessions,
 *   python3), so on a small machine 20 logins are bound by that CPU, whatever the client does.
 * - `40 ms RTT`: through a loopback proxy that delays every chunk by 20 ms each way, like a builder on another network.
 *   This is the case the parallelism is for: a serial check would take ~20x here.
 *
 * Also reports the client's own CPU per host, and how soon after its timeout a host that does not answer is given
 * up (the unit tests check which timer fired, from its message; the time is measured here).
 */
import net from 'node:net';
import { checkImageBuilders } from '../src/io/ssh/check.js';
import type { ImageBuilderHost } from '../src/core/ssh-types.js';
import { startSshd } from '../test/support/sshd.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const HOSTS = 20;
const ROUNDS = 5;
const ONE_WAY_DELAY_MS = 20;

export async function benchSsh(): Promise<BenchResult[]> {
  const sshd = await startSshd({ maxStartups: '200:30:400', maxSessions: 50 });
  const proxy = await startDelayProxy(sshd.port, ONE_WAY_DELAY_MS);
  try {
    const prefix = sshd.kind === 'openssh' ? 'ssh' : 'ssh (ssh2 stand-in server)';
    const knownHosts = `${sshd.knownHostsLine(sshd.port)}\n${sshd.knownHostsLine(proxy.port)}\n`;
    const options = { privateKey: sshd.userKey.privateKey, knownHosts };
    const hosts = (n: number, port: number): ImageBuilderHost[] =>
      Array.from({ length: n }, (_, i) => ({ name: `builder-${i + 1}`, address: sshd.host, port, user: sshd.user }));

    const run = async (n: number, port: number): Promise<{ ms: number; cpuMs: number }> => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const report = await checkImageBuilders(hosts(n, port), options);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const bad = report.results.filter((r) => r.status !== 'ok');
      if (bad.length > 0) throw new Error(`bench: ${bad.length} of ${n} hosts failed: ${bad[0].cause}`);
      return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
    };

    const out: BenchResult[] = [];
    let clientCpuPerHost = 0;
    for (const [label, port] of [
      ['loopback', sshd.port],
      [`${2 * ONE_WAY_DELAY_MS} ms RTT`, proxy.port],
    ] as const) {
      await run(1, port); // warm-up: JIT, first re-exec of sshd
      const one: number[] = [];
      const many: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        one.push((await run(1, port)).ms);
        const r = await run(HOSTS, port);
        many.push(r.ms);
        cpu.push(r.cpuMs / HOSTS);
      }
      const m1 = median(one);
      const mN = median(many);
      out.push(
        { name: `${prefix} ${label}: check 1 host`, value: round(m1), unit: 'ms' },
        { name: `${prefix} ${label}: check ${HOSTS} hosts at once`, value: round(mN), unit: 'ms' },
        { name: `${prefix} ${label}: ${HOSTS} hosts / 1 host (target < 2)`, value: round(mN / m1, 2), unit: 'x' },
      );
      if (port === sshd.port) clientCpuPerHost = median(cpu);
    }
    out.push({ name: `${prefix}: client CPU per host (${HOSTS} at once)`, value: round(clientCpuPerHost), unit: 'ms' });
    out.push(...(await benchTimeouts(sshd)));
    return out;
  } finally {
    await proxy.close();
    await sshd.stop();
  }
}

/**
 * The timeouts: a listener that accepts TCP and never speaks SSH (the connect timeout, 1 s; the overall timeout,
 * 0.8 s, shorter than the connect timeout), and sshd whose commands hang after login (the overall timeout, 1 s).
 * Target: each host given up less than 1 s after its timeout.
 */
async function benchTimeouts(sshd: Awaited<ReturnType<typeof startSshd>>): Promise<BenchResult[]> {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const silentPort = (silent.address() as net.AddressInfo).port;
  const host = (port: number): ImageBuilderHost[] => [{ name: 'b', address: sshd.host, port, user: sshd.user }];
  const cases: Array<[string, number, { connectTimeoutMs?: number; timeoutMs: number; knownHosts: string }]> = [
    ['connect timeout 1 s, no SSH handshake', silentPort, { connectTimeoutMs: 1000, timeoutMs: 10_000, knownHosts: '' }],
    ['overall timeout 0.8 s, no SSH handshake', silentPort, { connectTimeoutMs: 10_000, timeoutMs: 800, knownHosts: '' }],
    ['overall timeout 1 s, commands hang after login', sshd.hangPort, { timeoutMs: 1000, knownHosts: `${sshd.knownHostsLine(sshd.hangPort)}\n` }],
  ];
  const out: BenchResult[] = [];
  try {
    for (const [label, port, options] of cases) {
      const t0 = performance.now();
      const report = await checkImageBuilders(host(port), { privateKey: sshd.userKey.privateKey, ...options });
      const ms = performance.now() - t0;
      if (report.results[0].failure !== 'timeout') throw new Error(`bench: ${label}: ${report.results[0].cause}`);
      const timeout = Math.min(options.connectTimeoutMs ?? Infinity, options.timeoutMs);
      out.push({ name: `ssh ${label}: given up after its timeout by (target < 1000)`, value: round(ms - timeout), unit: 'ms' });
    }
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  }
  return out;
}

/** A TCP proxy on loopback that forwards to `targetPort`, delaying each chunk by `delayMs` in both directions. */
async function startDelayProxy(targetPort: number, delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const pipeDelayed = (from: net.Socket, to: net.Socket): void => {
    from.on('data', (chunk: Buffer) => {
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, delayMs);
    });
    from.on('end', () => {
      setTimeout(() => to.end(), delayMs);
    });
  };
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort, noDelay: true });
    client.setNoDelay(true);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    pipeDelayed(client, upstream);
    pipeDelayed(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
