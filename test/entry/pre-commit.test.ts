/**
 * The README's pre-commit hook, run by pre-commit itself on the machine's own Node (20 on the project's machine): a
 * hook repository made as pre-commit clones it (a git repository at a tag, with a fresh build in dist/), and a config
 * repo whose .pre-commit-config.yaml is the README's block pointed at it. pre-commit installs the hook with npm from
 * the git repository: the package has no dependencies to fetch (the bundle holds them), so nothing comes from the
 * registry. Needs `pre-commit` on PATH (pip install pre-commit); without it the test skips with a notice.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_REPO } from '../support/example-repo.js';
import { REPO_ROOT } from '../support/shared.js';
import { systemNode, systemPath } from '../support/bundle.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const hookBlock = /### pre-commit[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8', env: { PATH: systemPath() } });
const hasPreCommit = preCommit.status === 0;
if (!hasPreCommit && process.env.CI !== 'true') console.warn('NOTICE: pre-commit is not installed (pip install pre-commit): the README\'s hook is not run');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-pre-commit-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
};

describe("the README's pre-commit hook", () => {
  it('is the hook .pre-commit-hooks.yaml defines, installed as a node package that has nothing to fetch', () => {
    const config = load(hookBlock) as { repos: Array<{ rev: string; hooks: Array<{ id: string }> }> };
    const hooks = load(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; language: string; entry: string }>;
    expect(hooks.map((h) => h.id)).toContain(config.repos[0].hooks[0].id);
    const hook = hooks.find((h) => h.id === config.repos[0].hooks[0].id)!;
    expect(hook.language).toBe('node');
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; dependencies?: object; bin: Record<string, string> };
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.bin)).toContain(hook.entry.split(' ')[0]);
    expect(config.repos[0].rev).toBe(`v${pkg.version}`);
  });

  it('pre-commit is installed where CI runs (under CI=true a missing one fails, never skips)', () => {
    if (process.env.CI === 'true') expect(hasPreCommit, 'pre-commit is not on PATH: .ci/run installs it (pip)').toBe(true);
  });

  it.runIf(hasPreCommit)(`runs with ${(preCommit.stdout ?? '').trim()} on Node ${systemNode()?.version}: passes on the example, fails on a finding`, { timeout: 180_000 }, () => {
    // The hook repository, as pre-commit clones it: the committed files it needs, dist/ built now, a tag.
    const hookRepo = path.join(tmp, 'pool-reconciler');
    const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), path.join(hookRepo, 'dist')], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    for (const f of ['package.json', '.pre-commit-hooks.yaml', 'README.md', 'schemas']) cpSync(path.join(REPO_ROOT, f), path.join(hookRepo, f), { recursive: true });
    git(hookRepo, 'init', '-q', '-b', 'main');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-q', '-m', 'release');
    const config = load(hookBlock) as { repos: Array<{ rev: string }> };
    git(hookRepo, 'tag', config.repos[0].rev);

    // The config repo, with the README's .pre-commit-config.yaml pointed at the hook repository.
    const repo = path.join(tmp, 'config-repo');
    cpSync(EXAMPLE_REPO, repo, { recursive: true });
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), hookBlock.replace(/repo: \S+/, `repo: ${hookRepo}`));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'config');

    const env = { PATH: systemPath(), HOME: tmp, PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home'), NO_COLOR: '1' };
    const run = () => spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], { cwd: repo, env, encoding: 'utf8', timeout: 170_000 });
    const passed = run();
    expect(passed.stdout + passed.stderr).toMatch(/pool-reconciler validate\.+Passed/);
    expect(passed.status).toBe(0);
    // The installed environment holds the package and nothing from the registry.
    const lib = readdirSync(path.join(tmp, 'pre-commit-home'), { recursive: true, encoding: 'utf8' }).filter((p) => /node_modules\/[^/]+$/.test(p) && !p.includes('node_modules/pool-reconciler/'));
    expect(lib.map((p) => p.split('node_modules/').pop())).toEqual(['pool-reconciler']);

    const file = path.join(repo, 'nodepool', 'nodepool.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('max-servers: 20', 'max-server: 20'));
    const failed = run();
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/pool-reconciler validate\.+Failed/);
    expect(failed.stdout).toMatch(/nodepool\/nodepool\.yaml:\d+:\d+: error\[nodepool\/unknown-key\]/);
    expect(failed.stdout).not.toMatch(/needs Node/);
  });
});
