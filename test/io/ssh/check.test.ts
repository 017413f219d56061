/**
 * The image-builder SSH check against a real OpenSSH sshd on loopback (ssh2's Server stands in where sshd is not
 * installed, and says so; never under CI=true).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SSH_CONCURRENCY, checkImageBuilders } from '../../../src/io/ssh/check.js';
import type { SshCheckOptions } from '../../../src/io/ssh/check.js';
import { SshKeyError } from '../../../src/io/ssh/keys.js';
import { fingerprintSha256, hashKnownHostsName } from '../../../src/config/known-hosts.js';
import { renderSshTable } from '../../../src/report/ssh.js';
import type { ImageBuilderHost, SshCheckReport } from '../../../src/core/ssh-types.js';
import { freePort, startSshd } from '../../support/sshd.js';
import type { TestSshd } from '../../support/sshd.js';
import { startDroppingListener } from '../../support/dropping-listener.js';

let sshd: TestSshd;
const reports: SshCheckReport[] = [];

beforeAll(async () => {
  sshd = await startSshd();
  if (sshd.kind !== 'openssh') {
    console.warn(
      '[ssh tests] ssh2 Server stands in for OpenSSH sshd (/usr/sbin/sshd is not installed, or POOL_RECONCILER_TEST_SSHD=standin)',
    );
  }
});

afterAll(async () => {
  await sshd?.stop();
});

const fp = (keyLine: string): string => fingerprintSha256(Buffer.from(keyLine.split(' ')[1], 'base64'));

function host(over: Partial<ImageBuilderHost> = {}): ImageBuilderHost {
  return { name: 'builder-1', address: '127.0.0.1', port: sshd.port, user: sshd.user, ...over };
}

async function check(hosts: ImageBuilderHost[], opts: Partial<SshCheckOptions> = {}): Promise<SshCheckReport> {
  const report = await checkImageBuilders(hosts, {
    privateKey: sshd.userKey.privateKey,
    knownHosts: `${sshd.knownHostsLine(sshd.port)}\n${sshd.knownHostsLine(sshd.noPythonPort)}\n`,
    connectTimeoutMs: 5000,
    timeoutMs: 10_000,
    ...opts,
  });
  reports.push(report);
  return report;
}

describe('checkImageBuilders against sshd', () => {
  it('reports a reachable builder: host key pinned, login, hostname and python3', async () => {
    const report = await check([host({ file: 'nodepool/dib-ansible/inventory.yaml', line: 3, column: 5 })]);
    const r = report.results[0];
    expect(r, sshd.log()).toMatchObject({
      name: 'builder-1',
      address: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      userDefaulted: false,
      status: 'ok',
      auth: 'ok',
      hostname: os.hostname(),
      file: 'nodepool/dib-ansible/inventory.yaml',
      line: 3,
      column: 5,
      hostKey: { algorithm: 'ssh-ed25519', fingerprint: fp(sshd.hostPublicKey), pinned: true, knownHostsLine: 1 },
    });
    expect(r.pythonVersion).toMatch(/^3\.\d+/);
    expect(r.failure).toBeUndefined();
    expect(r.cause).toBeUndefined();
    expect(r.latencyMs).toBeGreaterThan(0);
    expect(r.durationMs).toBeGreaterThanOrEqual(r.latencyMs ?? 0);
    expect(report.ok).toBe(true);
    expect(report.publicKey).toBe(`${sshd.userKey.publicKey.split(' ').slice(0, 2).join(' ')} pool-reconciler`);
    expect(report.publicKeyFingerprint).toBe(fp(sshd.userKey.publicKey));
  });

  it('says permission denied, naming the user and the host, for a key that is not authorized', async () => {
    const report = await check([host()], { privateKey: sshd.otherKey.privateKey });
    const r = report.results[0];
    expect(r).toMatchObject({ status: 'failed', failure: 'permission-denied', auth: 'failed' });
    expect(r.hostKey?.pinned).toBe(true);
    expect(r.cause).toMatch(
      new RegExp(`^permission denied: add this public key to ~${sshd.user}/\\.ssh/authorized_keys on builder-1 \\(127\\.0\\.0\\.1\\)`),
    );
    expect(r.cause).toContain(fp(sshd.otherKey.publicKey));
    expect(report.publicKey.startsWith('ssh-ed25519 ')).toBe(true);
    expect(report.ok).toBe(false);
  });

  it('defaults the user to nodepool when the inventory has none, and says so', async () => {
    const report = await check([host({ user: undefined })]);
    const r = report.results[0];
    expect(r).toMatchObject({ user: 'nodepool', userDefaulted: true, status: 'failed', failure: 'permission-denied' });
    expect(r.cause).toContain('~nodepool/.ssh/authorized_keys');
    expect(r.notes.join()).toMatch(/no ansible_user .* checked as "nodepool"/);
  });

  it('fails closed on a host key mismatch, before authenticating', async () => {
    const wrong = sshd.otherKey.publicKey.split(' ').slice(0, 2).join(' ');
    const report = await check([host()], { knownHosts: `[127.0.0.1]:${sshd.port} ${wrong}\n`, acceptNew: true });
    const r = report.results[0];
    expect(r).toMatchObject({ status: 'failed', failure: 'host-key-mismatch', auth: 'not-tried' });
    expect(r.hostKey).toMatchObject({ pinned: false, fingerprint: fp(sshd.hostPublicKey) });
    expect(r.cause).toContain(`host key mismatch: expected ssh-ed25519 ${fp(wrong)} (line 1), got ssh-ed25519 ${fp(sshd.hostPublicKey)}`);
    expect(r.hostname).toBeUndefined();
  });

  it('treats a @revoked host key as a mismatch', async () => {
    const report = await check([host()], {
      knownHosts: `${sshd.knownHostsLine()}\n@revoked * ${sshd.hostPublicKey}\n`,
      acceptNew: true,
    });
    const r = report.results[0];
    expect(r).toMatchObject({ status: 'failed', failure: 'host-key-mismatch', auth: 'not-tried' });
    expect(r.cause).toMatch(/^host key mismatch: .* line 2 of nodepool\/dib-ansible\/known_hosts marks @revoked/);
  });

  it('fails closed on an unknown host and gives the exact line to add', async () => {
    const report = await check([host()], { knownHosts: `# nothing pinned yet\n[127.0.0.1]:1 ${sshd.hostPublicKey}\n` });
    const r = report.results[0];
    expect(r).toMatchObject({ status: 'failed', failure: 'host-key-unknown', auth: 'not-tried' });
    expect(r.hostKey).toMatchObject({ pinned: false, suggestedLine: sshd.knownHostsLine() });
    expect(r.cause).toContain(`unknown host key: no entry for [127.0.0.1]:${sshd.port} in nodepool/dib-ansible/known_hosts`);
    expect(r.cause).toContain(`add this line: ${sshd.knownHostsLine()}`);
    expect(r.cause).toContain(fp(sshd.hostPublicKey));
  });

  it('with acceptNew, trusts an unknown host on first use and reports the line to commit', async () => {
    const report = await check([host()], { knownHosts: '', acceptNew: true });
    const r = report.results[0];
    expect(r).toMatchObject({ status: 'accepted-new', auth: 'ok', hostname: os.hostname() });
    expect(r.hostKey).toMatchObject({ pinned: false, fingerprint: fp(sshd.hostPublicKey), suggestedLine: sshd.knownHostsLine() });
    // Said once, by the status and the line to commit; no note repeats it.
    expect(r.notes.join()).not.toContain(sshd.knownHostsLine());
    expect(report.ok).toBe(true);
    const md = renderSshTable(report, 'markdown');
    expect(md.split('\n').map((l) => l.trim())).toContain(sshd.knownHostsLine());
    expect(renderSshTable(report, 'text').split('\n').map((l) => l.trim())).toContain(sshd.knownHostsLine());
  });

  it('matches hashed known_hosts names for [host]:port (as ssh-keygen -H writes them)', async () => {
    let knownHosts = `${hashKnownHostsName(`[127.0.0.1]:${sshd.port}`)} ${sshd.hostPublicKey}\n`;
    const keygen = spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    if (keygen.error === undefined) {
      // Let OpenSSH itself hash a plain file.
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-kh-'));
      try {
        const file = path.join(dir, 'known_hosts');
        writeFileSync(file, `${sshd.knownHostsLine()}\n`);
        const h = spawnSync('ssh-keygen', ['-H', '-f', file], { encoding: 'utf8' });
        expect(h.status).toBe(0);
        knownHosts = readFileSync(file, 'utf8');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    expect(knownHosts.startsWith('|1|')).toBe(true);
    const report = await check([host()], { knownHosts });
    expect(report.results[0]).toMatchObject({ status: 'ok', hostKey: { pinned: true, knownHostsLine: 1 } });
  });

  it('does not take a plain-name entry for a non-22 port', async () => {
    const report = await check([host()], { knownHosts: `127.0.0.1 ${sshd.hostPublicKey}\n` });
    expect(report.results[0]).toMatchObject({ status: 'failed', failure: 'host-key-unknown' });
  });

  it('prefers the host key type that known_hosts pins (RSA here, though Ed25519 is offered too)', async () => {
    const report = await check([host()], { knownHosts: `[127.0.0.1]:${sshd.port} ${sshd.hostRsaPublicKey}\n` });
    expect(report.results[0]).toMatchObject({
      status: 'ok',
      hostKey: { algorithm: 'ssh-rsa', fingerprint: fp(sshd.hostRsaPublicKey), pinned: true },
    });
  });

  it('says python3 not found where the session has no python3', async () => {
    const report = await check([host({ name: 'nopy', port: sshd.noPythonPort })]);
    const r = report.results[0];
    expect(r, sshd.log()).toMatchObject({ status: 'failed', failure: 'python-missing', auth: 'ok', hostname: os.hostname() });
    expect(r.pythonVersion).toBeUndefined();
    expect(r.cause).toMatch(/^python3 not found: Ansible needs Python on nopy \(127\.0\.0\.1\)/);
  });

  it('says connection refused for a closed port', async () => {
    const port = await freePort();
    const report = await check([host({ port })]);
    const r = report.results[0];
    expect(r).toMatchObject({ status: 'failed', failure: 'connection-refused', auth: 'not-tried' });
    expect(r.cause).toMatch(new RegExp(`^connection refused: nothing listens on 127\\.0\\.0\\.1:${port}`));
    expect(r.hostKey).toBeUndefined();
  });

  describe('a server that accepts TCP and never answers', () => {
    let silent: net.Server;
    let silentPort: number;
    const sockets = new Set<net.Socket>();
    beforeAll(async () => {
      silent = net.createServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {});
      });
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      silentPort = (silent.address() as net.AddressInfo).port;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    });

    it('honours the connect timeout', async () => {
      const t0 = performance.now();
      const report = await check([host({ port: silentPort })], { connectTimeoutMs: 1000, timeoutMs: 10_000 });
      const took = performance.now() - t0;
      const r = report.results[0];
      expect(r).toMatchObject({ status: 'failed', failure: 'timeout', auth: 'not-tried' });
      expect(r.cause).toMatch(/^timed out after 1 s: 127\.0\.0\.1:\d+ accepted TCP but no SSH handshake followed/);
      expect(took).toBeGreaterThanOrEqual(950);
    });

    it('honours the overall per-host timeout, shorter than the connect timeout', async () => {
      const report = await check([host({ port: silentPort })], { connectTimeoutMs: 10_000, timeoutMs: 800 });
      expect(report.results[0]).toMatchObject({ status: 'failed', failure: 'timeout' });
      // The overall timer fired (0.8 s), not the connect timer (10 s): how soon after is measured by npm run bench.
      expect(report.results[0].cause).toMatch(/^timed out after 0\.8 s/);
    });
  });

  it('honours the overall per-host timeout when commands hang after login', async () => {
    const report = await check([host({ name: 'slow', port: sshd.hangPort })], {
      knownHosts: `${sshd.knownHostsLine(sshd.hangPort)}\n`,
      timeoutMs: 1000,
    });
    expect(report.results[0], sshd.log()).toMatchObject({ status: 'failed', failure: 'timeout', auth: 'ok' });
    expect(report.results[0].cause).toBe('timed out after 1 s: the commands on slow (127.0.0.1) did not finish');
  });

  it('checks several hosts at once: one failing does not hold up or spoil the others', async () => {
    const closed = await freePort();
    const hosts = [
      host({ name: 'b1' }),
      host({ name: 'b2', port: closed }),
      host({ name: 'b3' }),
      host({ name: 'b4', port: sshd.noPythonPort }),
      host({ name: 'b5' }),
    ];
    const report = await check(hosts);
    expect(report.results.map((r) => [r.name, r.status, r.failure ?? ''])).toEqual([
      ['b1', 'ok', ''],
      ['b2', 'failed', 'connection-refused'],
      ['b3', 'ok', ''],
      ['b4', 'failed', 'python-missing'],
      ['b5', 'ok', ''],
    ]);
    expect(report.ok).toBe(false);
    const limited = await check(hosts.slice(0, 3), { concurrency: 1 });
    expect(limited.results.map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
  });

  it('rejects a passphrase-protected key before connecting, without echoing it', async () => {
    const enc = (await import('ssh2')).default.utils.generateKeyPairSync('ed25519', {
      passphrase: 'pw',
      cipher: 'aes256-ctr',
      rounds: 1,
    });
    const err = await checkImageBuilders([host()], { privateKey: enc.private, knownHosts: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshKeyError);
    expect((err as SshKeyError).code).toBe('passphrase-protected');
    for (const line of enc.private.split('\n').filter((l) => l.length > 20 && !l.startsWith('---'))) {
      expect((err as Error).message).not.toContain(line);
    }
  });

  it('never puts the private key in any result or rendered output', () => {
    expect(reports.length).toBeGreaterThan(10);
    const secrets = [sshd.userKey.privateKey, sshd.otherKey.privateKey].flatMap((k) =>
      k
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length >= 16 && !l.startsWith('-----')),
    );
    expect(secrets.length).toBeGreaterThan(10);
    for (const report of reports) {
      const outputs = [
        JSON.stringify(report),
        renderSshTable(report, 'markdown'),
        renderSshTable(report, 'text'),
      ];
      for (const out of outputs) {
        for (const s of secrets) expect(out.includes(s), 'a private key line leaked').toBe(false);
        expect(out).not.toMatch(/PRIVATE KEY/);
      }
    }
  });
});

describe('bounded parallelism (issue 16: 3,000 hosts exhausted file descriptors)', () => {
  it('keeps at most DEFAULT_SSH_CONCURRENCY connections open, however many hosts', async () => {
    const listener = await startDroppingListener();
    const port = listener.port;
    try {
      const hosts = Array.from({ length: 600 }, (_, i) => host({ name: `b${i}`, port }));
      const report = await checkImageBuilders(hosts, { privateKey: sshd.userKey.privateKey, knownHosts: '', connectTimeoutMs: 5_000, timeoutMs: 10_000 });
      expect(report.results).toHaveLength(600);
      expect(report.results.every((r) => r.status === 'failed')).toBe(true);
      expect(listener.total).toBe(600);
      expect(listener.peak).toBeLessThanOrEqual(DEFAULT_SSH_CONCURRENCY);
    } finally {
      listener.close();
    }
  }, 120_000);
});
