/**
 * The config repo's own commit (issue 16, finding 5): without --commit the CLI passed the HEAD of whatever
 * repository enclosed the directory, or the literal `origin/master`, to generate-config.sh.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-git-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

function repoWith(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q');
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), t);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return git(dir, 'rev-parse', 'HEAD');
}


const kubeconfig = path.join(tmp, 'kubeconfig');
writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n');

describe('the commit given to generate-config.sh without --commit', () => {
  it('is never the HEAD of an enclosing repository: apply refuses and asks for --commit; plan names working-tree', async () => {
    const outer = path.join(tmp, 'outer');
    const outerHead = repoWith(outer, { 'README': 'outer\n', 'config/nodepool/nodepool.yaml': 'labels: []\n' });
    const apply = await cli(['apply', '--skip-plan-check', '--kubeconfig', kubeconfig, path.join(outer, 'config')]);
    expect(apply.out).not.toContain(outerHead);
    expect(apply.out).not.toContain('origin/master');
    expect(apply.code, apply.out).toBe(4);
    expect(apply.out).toMatch(/not the root of its own git repository.*--commit/s);
    // A plan runs nothing: it names no commit it does not have, and says so.
    const plan = await cli(['plan', '--kubeconfig', kubeconfig, path.join(outer, 'config')]);
    expect(plan.out).not.toContain(outerHead);
    expect(plan.out).not.toContain('origin/master');
    expect(plan.out).toMatch(/not the root of its own git repository.*`working-tree`.*apply needs --commit/s);
  });

  it('apply refuses a directory outside any git repository, asking for --commit', async () => {
    const plain = path.join(tmp, 'plain');
    mkdirSync(path.join(plain, 'nodepool'), { recursive: true });
    writeFileSync(path.join(plain, 'nodepool/nodepool.yaml'), 'labels: []\n');
    const r = await cli(['apply', '--skip-plan-check', '--kubeconfig', kubeconfig, plain]);
    expect(r.code, r.out).toBe(4);
    expect(r.out).toMatch(/not a git repository.*--commit/s);
  });

  it('apply refuses a config repo with uncommitted changes; plan says which commit it used', async () => {
    const own = path.join(tmp, 'own');
    const head = repoWith(own, { 'nodepool/nodepool.yaml': 'labels: []\n' });
    writeFileSync(path.join(own, 'nodepool/nodepool.yaml'), 'labels: [] # edited\n');
    const r = await cli(['apply', '--skip-plan-check', '--kubeconfig', kubeconfig, own]);
    expect(r.code, r.out).toBe(4);
    expect(r.out).toMatch(/uncommitted changes/);
    const p = await cli(['plan', '--kubeconfig', kubeconfig, '--format', 'json', own]);
    expect(p.out).not.toMatch(/not the root|not a git repository/);
    expect(p.code).not.toBe(4);
    expect(head).toMatch(/^[0-9a-f]{40}$/);
  });
});
