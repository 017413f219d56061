/**
 * What a pull request may point the builder key at (issue 16, finding 2), end to end: the bundled action on a
 * pull request whose `.pool-reconciler.yaml` names another team's Secret as the builder key and whose inventory adds
 * an image-builder. The settings that name cluster objects come from the base branch (read with git at the event's
 * base commit), the key logs in only to the image-builder the base branch already has, and `pull_request_target`
 * validates only.
 */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { copyExampleRepo } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { pullRequestEvent, runAction } from '../support/run-action.js';
import { startSshd } from '../support/sshd.js';
import type { TestSshd } from '../support/sshd.js';

let sshd: TestSshd;
let gh: GitHubServer;
let sandbox: Sandbox;
let repo: RepoCopy;
let baseSha: string;

function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

const host = (name: string, port: number): string => `        ${name}:\n          ansible_host: 127.0.0.1\n          ansible_port: ${port}\n          ansible_user: ${sshd.user}\n`;

beforeAll(async () => {
  sshd = await startSshd();
  repo = copyExampleRepo();
  repo.write('nodepool/dib-ansible/inventory.yaml', `all:\n  children:\n    image-builder:\n      hosts:\n${host('builder-a', sshd.port)}`);
  repo.write('nodepool/dib-ansible/known_hosts', `${sshd.knownHostsLine(sshd.port)}\n${sshd.knownHostsLine(sshd.noPythonPort)}\n`);
  git(repo.dir, 'init', '-q');
  git(repo.dir, 'add', '-A');
  git(repo.dir, 'commit', '-qm', 'base');
  baseSha = git(repo.dir, 'rev-parse', 'HEAD');
  // The pull request: another team's Secret as the builder key, and an image-builder of its choosing.
  repo.write('.pool-reconciler.yaml', `${repo.read('.pool-reconciler.yaml')}software-factory:\n  builder-ssh-key-secret: other-team-key\n`);
  repo.write('nodepool/dib-ansible/inventory.yaml', `all:\n  children:\n    image-builder:\n      hosts:\n${host('builder-a', sshd.port)}${host('builder-new', sshd.noPythonPort)}`);
  [gh, sandbox] = await Promise.all([startGitHubServer(), startSandbox(repo.dir)]);
  gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
  const secret = (name: string, key: string) =>
    sandbox.server.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'sf' }, type: 'Opaque', data: { priv: Buffer.from(key).toString('base64') } });
  secret('nodepool-builder-ssh-key', sshd.userKey.privateKey);
  secret('other-team-key', sshd.otherKey.privateKey);
});

afterAll(async () => {
  await Promise.all([gh?.close(), sandbox?.close(), sshd?.stop()]);
  repo?.cleanup();
});

const inputs = (): Record<string, string> => ({ 'config-path': path.relative(REPO_ROOT, repo.dir), target: 'production', 'github-token': 'actions-token', kubeconfig: sandbox.kubeconfig, 'ssh-connect-timeout': '5' });

function prEvent(n: number): object {
  const e = pullRequestEvent(n) as { pull_request: { base: Record<string, unknown> } };
  e.pull_request.base.sha = baseSha;
  return e;
}

describe('a pull request and the builder key', () => {
  it('threat: a pull request names another team\'s Secret as the builder key and adds an image-builder of its choosing; holds: the key Secret and the trusted image-builders come from the base branch, the new host is checked after merge', async () => {
    sandbox.server.clearRequests();
    const accepted = (sshd.log().match(/Accepted publickey/g) ?? []).length;
    const r = await runAction(inputs(), { eventName: 'pull_request', event: prEvent(41), githubApiUrl: gh.url });
    expect(r.status, r.stdout).toBe(0);
    const secretsRead = sandbox.server.requestsMatching({}).filter((q) => q.path.includes('/secrets/')).map((q) => q.path);
    expect(secretsRead.some((p) => p.endsWith('/secrets/nodepool-builder-ssh-key'))).toBe(true);
    expect(secretsRead.filter((p) => p.includes('other-team-key'))).toEqual([]);
    expect(r.stdout + r.summary).toMatch(/builderSshKeySecret: "other-team-key" \(base branch: "nodepool-builder-ssh-key"\)/);
    const [comment] = gh.comments('acme', 'ci-config', 41);
    expect(comment.body).toMatch(/builder\\?-new/);
    expect(comment.body).toMatch(/not checked: new host, checked after merge/);
    if (sshd.kind === 'openssh') expect((sshd.log().match(/Accepted publickey/g) ?? []).length - accepted).toBe(1);
  }, 120_000);

  it('threat: a pull_request_target run gives fork code the base repository\'s secrets; holds: such runs validate only (no cluster read, no SSH) and warn', async () => {
    sandbox.server.clearRequests();
    const r = await runAction(inputs(), { eventName: 'pull_request_target', event: prEvent(42), githubApiUrl: gh.url });
    expect(r.output('mode')).toBe('validate');
    expect(r.stdout).toMatch(/::warning::pull_request_target runs with this repository's secrets/);
    expect(sandbox.server.requestsMatching({})).toEqual([]);
  }, 120_000);
});
