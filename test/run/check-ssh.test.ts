/**
 * What a pull request may point the builder key at (issue 16, finding 2), against a real OpenSSH sshd: on a pull
 * request the key logs in only to image-builders whose address, port, user and pinned host key are those of the
 * base branch; one at an address and port the base branch names, with another user or host key, gets its host key
 * and reachability checked without logging in; one at an address or port the base branch does not name is not
 * connected to at all (issue 23: telling "refused", "no SSH handshake" and "lost" apart for any address and port a
 * pull request names is a port scan of the runner's network): "not checked: new host, checked after merge".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckSsh } from '../../src/run/check-ssh.js';
import { startSshd } from '../support/sshd.js';
import type { TestSshd } from '../support/sshd.js';

let sshd: TestSshd;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-check-ssh-'));
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function inventory(hosts: Record<string, { port: number; user: string }>): string {
  return `all:\n  hosts:\n${Object.entries(hosts).map(([name, h]) => `    ${name}:\n      ansible_host: 127.0.0.1\n      ansible_port: ${h.port}\n      ansible_user: ${h.user}\n`).join('')}`;
}

function repo(name: string, inv: string, knownHosts: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'nodepool', 'dib-ansible'), { recursive: true });
  writeFileSync(path.join(dir, 'nodepool', 'dib-ansible', 'inventory.yaml'), inv);
  writeFileSync(path.join(dir, 'nodepool', 'dib-ansible', 'known_hosts'), knownHosts);
  return dir;
}

const accepted = (): number => (sshd.log().match(/Accepted publickey/g) ?? []).length;

describe('the SSH check on a pull request', () => {
  it('logs in only to hosts unchanged from the base branch; a changed one is probed without the key, a new one is not connected to', async () => {
    const pinned = [sshd.knownHostsLine(sshd.port), sshd.knownHostsLine(sshd.noPythonPort), sshd.knownHostsLine(sshd.hangPort)].join('\n') + '\n';
    const base = {
      inventory: inventory({ kept: { port: sshd.port, user: sshd.user }, 'changed-user': { port: sshd.hangPort, user: 'someone-else' } }),
      knownHosts: pinned,
    };
    const pr = repo('pr', inventory({
      kept: { port: sshd.port, user: sshd.user },
      'changed-user': { port: sshd.hangPort, user: sshd.user },
      added: { port: sshd.noPythonPort, user: sshd.user },
    }), pinned);
    const before = accepted();
    const out = await runCheckSsh({ repoPath: pr, privateKey: sshd.userKey.privateKey, base, connectTimeoutMs: 5_000, timeoutMs: 10_000 });
    const by = Object.fromEntries(out.report!.results.map((r) => [r.name, r]));
    expect(by.kept).toMatchObject({ status: 'ok', auth: 'ok' });
    expect(by['changed-user']).toMatchObject({ status: 'probed', auth: 'not-tried' });
    expect(by['changed-user'].hostKey?.pinned).toBe(true);
    expect(by['changed-user'].notes.join(' ')).toMatch(/changed in this pull request.*after merge/);
    expect(by.added).toMatchObject({ status: 'not-checked', auth: 'not-tried', notes: ['not checked: new host, checked after merge'] });
    expect(by.added.hostKey).toBeUndefined();
    expect(out.report!.ok).toBe(true);
    if (sshd.kind === 'openssh') expect(accepted() - before).toBe(1);
  }, 60_000);

  it('threat: a pull request re-pins a known image-builder\'s host key to an impostor to receive the builder key\'s login; holds: the key logs in only where address, port, user and pins are the base branch\'s', async () => {
    const base = { inventory: inventory({ kept: { port: sshd.port, user: sshd.user } }), knownHosts: `[127.0.0.1]:${sshd.port} ${sshd.hostRsaPublicKey}\n` };
    const pr = repo('pr-key', base.inventory, `${sshd.knownHostsLine(sshd.port)}\n`);
    const before = accepted();
    const out = await runCheckSsh({ repoPath: pr, privateKey: sshd.userKey.privateKey, base, connectTimeoutMs: 5_000, timeoutMs: 10_000 });
    expect(out.report!.results[0]).toMatchObject({ name: 'kept', status: 'probed', auth: 'not-tried' });
    if (sshd.kind === 'openssh') expect(accepted() - before).toBe(0);
  }, 60_000);

  it('threat: a pull request names hosts and ports to tell "refused", "no SSH handshake" and "lost" apart (a port scan of the runner\'s network); holds: a host not in the base branch is not connected to, one outcome for all', async () => {
    // A listener that counts connections, and a closed port: what a scan would tell apart.
    let connections = 0;
    const listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const open = (listener.address() as AddressInfo).port;
      const base = { inventory: inventory({}), knownHosts: '' };
      const pr = repo('pr-scan', inventory({ scan: { port: 1, user: sshd.user }, listening: { port: open, user: sshd.user } }), '');
      const out = await runCheckSsh({ repoPath: pr, privateKey: sshd.userKey.privateKey, base, connectTimeoutMs: 3_000, timeoutMs: 5_000 });
      expect(out.report!.results.map((r) => [r.name, r.status, r.auth, r.failure, r.notes])).toEqual([
        ['scan', 'not-checked', 'not-tried', undefined, ['not checked: new host, checked after merge']],
        ['listening', 'not-checked', 'not-tried', undefined, ['not checked: new host, checked after merge']],
      ]);
      expect(connections).toBe(0);
      expect(out.report!.ok).toBe(true);
    } finally {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
  }, 60_000);

  it('without a base (a push, the CLI): every host is checked with the key, as before', async () => {
    const pinned = `${sshd.knownHostsLine(sshd.port)}\n`;
    const dir = repo('push', inventory({ kept: { port: sshd.port, user: sshd.user } }), pinned);
    const out = await runCheckSsh({ repoPath: dir, privateKey: sshd.userKey.privateKey, connectTimeoutMs: 5_000, timeoutMs: 10_000 });
    expect(out.report!.results[0]).toMatchObject({ status: 'ok', auth: 'ok' });
  }, 60_000);
});
