/** `pool-reconciler check-ssh` end to end: the example repo's inventory pointed at a real sshd on loopback. */
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExampleRepo } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { freePort, startSshd } from '../support/sshd.js';
import { startKubeApiServer } from '../support/kube-apiserver.js';
import type { TestSshd } from '../support/sshd.js';
import { cli } from '../support/cli.js';
import { REPO_ROOT } from '../support/shared.js';

let sshd: TestSshd;
let repo: RepoCopy;
let keyFile: string;
let otherKeyFile: string;
let closedPort: number;


function inventory(hosts: Array<[string, number]>): string {
  return [
    'all:',
    '  children:',
    '    image-builder:',
    '      hosts:',
    ...hosts.flatMap(([name, port]) => [`        ${name}:`, '          ansible_host: 127.0.0.1', `          ansible_port: ${port}`, `          ansible_user: ${sshd.user}`]),
    '',
  ].join('\n');
}

beforeAll(async () => {
  sshd = await startSshd();
  closedPort = await freePort();
  repo = copyExampleRepo();
  keyFile = path.join(repo.dir, 'builder-key');
  otherKeyFile = path.join(repo.dir, 'other-key');
  writeFileSync(keyFile, sshd.userKey.privateKey, { mode: 0o600 });
  writeFileSync(otherKeyFile, sshd.otherKey.privateKey, { mode: 0o600 });
  repo.write('nodepool/dib-ansible/known_hosts', sshd.knownHostsLine() + '\n' + sshd.knownHostsLine(closedPort) + '\n');
});

afterAll(async () => {
  await sshd?.stop();
  repo?.cleanup();
});

describe('pool-reconciler check-ssh', () => {
  it('reports every reachable image-builder with hostname and Python, and exits 0', async () => {
    repo.write('nodepool/dib-ansible/inventory.yaml', inventory([['builder-a', sshd.port]]));
    const r = await cli(['check-ssh', '--builder-ssh-key', keyFile, repo.dir]);
    expect(r.stdout).toContain('builder-a');
    expect(r.stdout).toMatch(/Python 3|3\.\d+/);
    expect(r.stdout).not.toContain('PRIVATE KEY');
    expect(r.code).toBe(0);
  });

  it('fails with the cause and the fix when the key is not authorized or a host is down', async () => {
    repo.write('nodepool/dib-ansible/inventory.yaml', inventory([['builder-a', sshd.port], ['builder-b', closedPort]]));
    const r = await cli(['check-ssh', '--builder-ssh-key', otherKeyFile, '--connect-timeout', '3', '--format', 'json', repo.dir]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ version: 2, command: 'check-ssh', exitCode: 1 });
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/output/output.schema.json'), 'utf8'));
    const check = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(check(out), JSON.stringify(check.errors)).toBe(true);
    const byName = Object.fromEntries(out.ssh.results.map((x: { name: string }) => [x.name, x]));
    expect(byName['builder-a'].failure).toBe('permission-denied');
    expect(byName['builder-a'].cause).toContain('authorized_keys');
    expect(byName['builder-b'].failure).toBe('connection-refused');
    expect(r.stdout).not.toContain(sshd.otherKey.privateKey.split('\n')[1]);
    const annotations = await cli(['check-ssh', '--builder-ssh-key', otherKeyFile, '--connect-timeout', '3', '--format', 'github', repo.dir]);
    expect(annotations.code).toBe(1);
    expect(annotations.stdout).toMatch(/::error file=[^,]*nodepool\/dib-ansible\/inventory\.yaml,line=\d+,col=\d+,title=ssh\/permission-denied::/);
  });

  it('skips with a notice when there is no inventory, and refuses an unusable key', async () => {
    const noInventory = copyExampleRepo();
    try {
      noInventory.remove('nodepool/dib-ansible/inventory.yaml');
      const skipped = await cli(['check-ssh', '--builder-ssh-key', keyFile, noInventory.dir]);
      expect(skipped.code).toBe(0);
      expect(skipped.stderr).toContain('inventory.yaml not found');
    } finally {
      noInventory.cleanup();
    }
    const bad = path.join(repo.dir, 'bad-key');
    writeFileSync(bad, 'not a key at all, canary-9f2c');
    const r = await cli(['check-ssh', '--builder-ssh-key', bad, repo.dir]);
    expect(r.code).toBe(4);
    expect(r.stderr).not.toContain('canary-9f2c');
    expect((await cli(['check-ssh', repo.dir])).code).toBe(4);
  });

  it("reads the builder's key from sf-operator's Secret when given a kubeconfig instead of a key", async () => {
    repo.write('nodepool/dib-ansible/inventory.yaml', inventory([['builder-a', sshd.port]]));
    const kube = await startKubeApiServer({ namespaces: ['sf'] });
    try {
      const kubeconfig = path.join(repo.dir, 'kubeconfig');
      writeFileSync(kubeconfig, kube.kubeconfigYaml('sf'));
      const missing = await cli(['check-ssh', '--kubeconfig', kubeconfig, repo.dir]);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('nodepool-builder-ssh-key');
      kube.put({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'nodepool-builder-ssh-key', namespace: 'sf' },
        data: { priv: Buffer.from(sshd.userKey.privateKey).toString('base64'), pub: Buffer.from(sshd.userKey.publicKey).toString('base64') },
      });
      const r = await cli(['check-ssh', '--kubeconfig', kubeconfig, repo.dir]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(sshd.userKey.publicKey.split(' ')[1]);
    } finally {
      await kube.close();
    }
  });
});
