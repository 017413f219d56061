import { describe, expect, it } from 'vitest';
import { renderSshTable } from '../../src/report/ssh.js';
import type { SshCheckReport, SshHostResult } from '../../src/core/ssh-types.js';

const base = (over: Partial<SshHostResult>): SshHostResult => ({
  name: 'b1',
  address: '10.0.0.5',
  port: 22,
  user: 'nodepool',
  userDefaulted: false,
  status: 'ok',
  auth: 'ok',
  durationMs: 120,
  notes: [],
  ...over,
});

const report: SshCheckReport = {
  publicKey: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 pool-reconciler',
  publicKeyFingerprint: 'SHA256:pubfp',
  ok: false,
  notes: ['nodepool/dib-ansible/known_hosts line 4 skipped: unsupported key type "x"'],
  results: [
    base({
      hostKey: { algorithm: 'ssh-ed25519', fingerprint: 'SHA256:aaa', pinned: true, knownHostsLine: 1 },
      hostname: 'builder-1',
      pythonVersion: '3.11.2',
      latencyMs: 80,
    }),
    base({
      name: 'b2',
      address: '10.0.0.6',
      port: 2222,
      user: 'nodepool',
      userDefaulted: true,
      status: 'failed',
      auth: 'failed',
      failure: 'permission-denied',
      cause: 'permission denied: add this public key to ~nodepool/.ssh/authorized_keys on b2 (10.0.0.6)',
      hostKey: { algorithm: 'ssh-rsa', fingerprint: 'SHA256:bbb', pinned: true, knownHostsLine: 2 },
      file: 'nodepool/dib-ansible/inventory.yaml',
      line: 7,
      notes: ['no ansible_user for b2; checked as "nodepool"'],
    }),
    base({
      name: 'b3',
      address: '10.0.0.7',
      status: 'accepted-new',
      hostKey: {
        algorithm: 'ssh-ed25519',
        fingerprint: 'SHA256:ccc',
        pinned: false,
        suggestedLine: '10.0.0.7 ssh-ed25519 AAAAC3Nza',
      },
      hostname: 'evil|host <b>@team',
      pythonVersion: '3.9.18',
      latencyMs: 95,
      notes: [],
    }),
    base({
      name: 'b4',
      address: '10.0.0.8',
      status: 'failed',
      auth: 'not-tried',
      failure: 'host-key-unknown',
      cause: 'unknown host key: no entry for 10.0.0.8 in known_hosts; add this line: 10.0.0.8 ssh-ed25519 AAAAQ',
      hostKey: { algorithm: 'ssh-ed25519', fingerprint: 'SHA256:ddd', pinned: false, suggestedLine: '10.0.0.8 ssh-ed25519 AAAAQ' },
    }),
  ],
};

describe('renderSshTable markdown', () => {
  const md = renderSshTable(report, 'markdown');

  it('has a summary, the public key in a code block, and one row per host', () => {
    expect(md).toMatch(/^\*\*Image-builder SSH check:\*\* 1 of 4 image-builders ok, 2 failed, 1 accepted on first use\n/);
    expect(md).toContain('```\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 pool-reconciler\n```');
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(5);
    expect(rows[1]).toBe('| ✅ | b1 | nodepool@\u200b10.0.0.5 | `ED25519 SHA256:aaa` | ok | builder-1 | 3.11.2 | 80 ms |');
    expect(rows[2]).toContain('| ❌ | b2 | nodepool@\u200b10.0.0.6:2222 (default user) | `RSA SHA256:bbb` | failed | - | - | 120 ms |');
    expect(rows[3]).toContain('`ED25519 SHA256:ccc (not pinned)`');
  });

  it('escapes remote text so it cannot break the table, add markup or mention anyone', () => {
    const row = md.split('\n').find((l) => l.includes('| b3 |')) as string;
    expect(row).toContain('evil\\|host &lt;b&gt;@\u200bteam');
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(9); // 8 cells
  });

  it('lists causes with their inventory position, and the known_hosts lines to commit as code', () => {
    expect(md).toContain(
      '- ❌ **b2** (nodepool/dib-ansible/inventory.yaml:7): permission denied: add this public key to \\~nodepool/.ssh/authorized\\_keys on b2 (10.0.0.6)',
    );
    expect(md).toContain('  ```\n  10.0.0.7 ssh-ed25519 AAAAC3Nza\n  ```');
    expect(md).toContain('  ```\n  10.0.0.8 ssh-ed25519 AAAAQ\n  ```');
    expect(md).toContain('- ℹ️ b2: no ansible\\_user for b2; checked as "nodepool"');
    expect(md).toContain('- ℹ️ nodepool/dib-ansible/known\\_hosts line 4 skipped');
    // The accepted-new note is shown once, as the code block.
    expect(md).not.toContain('acceptNew');
  });

  it('can leave the public key out', () => {
    expect(renderSshTable(report, 'markdown', { showPublicKey: false })).not.toContain('ssh-rsa AAAA');
  });
});

describe('renderSshTable text', () => {
  const text = renderSshTable(report, 'text');

  it('aligns columns and puts causes below', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('Image-builder SSH check: 1 of 4 image-builders ok, 2 failed, 1 accepted on first use');
    expect(lines[2]).toBe('  ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 pool-reconciler');
    const header = lines.find((l) => l.startsWith('status')) as string;
    const ok = lines.find((l) => l.startsWith('ok ')) as string;
    expect(header.indexOf('login')).toBe(ok.indexOf('nodepool@10.0.0.5'));
    expect(text).toContain('b2: permission denied: add this public key to ~nodepool/.ssh/authorized_keys on b2 (10.0.0.6)');
    expect(text).toContain('b3: host key accepted on first use; commit this line to known_hosts:\n  10.0.0.7 ssh-ed25519 AAAAC3Nza');
    expect(text).not.toContain('\u200b');
  });

  it('renders an empty check', () => {
    const empty = renderSshTable({ ...report, results: [], ok: true, notes: [] }, 'text');
    expect(empty).toContain('0 of 0 image-builders ok');
    expect(renderSshTable({ ...report, results: [], ok: true, notes: [] }, 'markdown')).not.toContain('|');
  });
});
