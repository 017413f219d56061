/** The config repo as a pull request may and may not shape it (issue 16, finding 2). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/config/repo.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-repo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function repo(name: string, settings: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'nodepool'), { recursive: true });
  writeFileSync(path.join(dir, 'nodepool', 'nodepool.yaml'), 'labels: []\n');
  writeFileSync(path.join(dir, '.pool-reconciler.yaml'), settings);
  return dir;
}

const HOSTILE = `software-factory:
  namespace: attacker-ns
  builder-ssh-key-secret: some-other-teams-key
  providers-secret: cloud-admin-credentials
dispatch:
  tekton-namespace: kube-system
paths:
  inventory: nodepool/dib-ansible/inventory.yaml
`;

describe('settings on a pull request', () => {
  it('the cluster objects named (namespaces, Secrets) come from the base branch, and the change is said', () => {
    const dir = repo('pr', HOSTILE);
    const r = loadRepo(dir, { baseSettings: 'software-factory:\n  namespace: sf-prod\n' });
    expect(r.settings.softwareFactory).toMatchObject({ namespace: 'sf-prod', builderSshKeySecret: 'nodepool-builder-ssh-key', providersSecret: 'nodepool-providers-secrets' });
    expect(r.settings.dispatch.tektonNamespace).toBe('tekton-pipelines');
    expect(r.notices.join('\n')).toMatch(/builderSshKeySecret: "some-other-teams-key" \(base branch: "nodepool-builder-ssh-key"\).*after merge/s);
  });

  it('a base branch without the file gives the defaults', () => {
    const r = loadRepo(repo('pr2', HOSTILE), { baseSettings: null });
    expect(r.settings.softwareFactory.namespace).toBe('sf');
    expect(r.settings.softwareFactory.builderSshKeySecret).toBe('nodepool-builder-ssh-key');
  });

  it('outside a pull request the repo’s own settings hold', () => {
    const r = loadRepo(repo('push', HOSTILE));
    expect(r.settings.softwareFactory.builderSshKeySecret).toBe('some-other-teams-key');
    expect(r.notices.join('\n')).not.toMatch(/base branch/);
  });
});
