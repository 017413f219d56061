/**
 * The bundle is what GitHub runs: start index.js and cli.js of this run's build of the sources
 * (test/support/bundle.ts) as processes on Node 24. The committed dist/ is that same build: .ci/run compares them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { runAction } from '../support/run-action.js';
import { buildFreshPackage, builtDist } from '../support/bundle.js';
import { copyExampleRepo } from '../support/example-repo.js';

const node = process.execPath;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the bundle', () => {
  it('runs on Node 24', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('is the build of the sources as they are now, not the committed dist/', () => {
    const fresh = buildFreshPackage();
    try {
      const files = (dir: string): Map<string, string> => new Map(
        (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]).filter((e) => e.isFile())
          .map((e) => { const p = path.join(e.parentPath, e.name); return [path.relative(dir, p), readFileSync(p, 'utf8')]; }),
      );
      const ran = files(builtDist());
      const built = files(path.join(fresh.dir, 'dist'));
      expect([...ran.keys()].sort()).toEqual([...built.keys()].sort());
      for (const [name, text] of built) expect(ran.get(name) === text, `${name} differs from a build of the sources`).toBe(true);
    } finally {
      fresh.cleanup();
    }
  });

  it("the CLI file is executable, as npm's bin link and a shell run it (`./dist/cli.js`, `npx pool-reconciler`)", () => {
    expect(statSync(path.join(builtDist(), 'cli.js')).mode & 0o111).toBe(0o111);
    // And as committed: git keeps the mode, and a clone's bin link points at it.
    const staged = spawnSync('git', ['ls-files', '-s', 'dist/cli.js'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout;
    expect(staged.split(' ')[0]).toBe('100755');
  });

  it('the CLI validates the example repo', () => {
    const r = spawnSync(node, [path.join(builtDist(), 'cli.js'), 'validate', 'examples/config-repo'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toContain('Error');
    expect(r.stdout).toContain('valid: no errors, no warnings');
    expect(r.status).toBe(0);
  });

  it('each command loads only the libraries it uses: validate none of the Kubernetes client, ssh2 and Octokit; plan the client alone', () => {
    // The files each run loads, recorded by a module hook (Node 24's registerHooks) given with --import.
    let n = 0;
    const loads = (args: string[]): string[] => {
      const log = path.join(tmp, `loaded-${n++}.txt`);
      writeFileSync(log, '');
      const hook = `import { registerHooks } from 'node:module'; import { appendFileSync } from 'node:fs';
        registerHooks({ load(url, context, next) { if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); } });`;
      spawnSync(node, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, path.join(builtDist(), 'cli.js'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } });
      return readFileSync(log, 'utf8').split('\n').filter((u) => u).map((u) => readFileSync(new URL(u), 'utf8'));
    };
    const libraries = (texts: string[]): string[] => [
      ...(texts.some((t) => /\bCoreV1Api\b/.test(t)) ? ['the Kubernetes client'] : []),
      ...(texts.some((t) => t.includes('SSH-2.0-ssh2js')) ? ['ssh2'] : []),
      ...(texts.some((t) => t.includes('octokit-core.js')) ? ['Octokit'] : []),
    ];
    const validate = loads(['validate', 'examples/config-repo']);
    expect(validate.length).toBeGreaterThan(3);
    expect(libraries(validate)).toEqual([]);
    expect(libraries(loads(['--help']))).toEqual([]);
    const kubeconfig = path.join(tmp, 'closed-port.kubeconfig');
    writeFileSync(kubeconfig, 'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n');
    expect(libraries(loads(['plan', 'examples/config-repo', '--target', 'production', '--kubeconfig', kubeconfig, '--commit', 'x']))).toEqual(['the Kubernetes client']);
  });

  it('the action validates the example repo and sets its outputs', async () => {
    const r = await runAction({ mode: 'validate', 'config-path': 'examples/config-repo' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatch(/errors<<.*\n0\n/);
    expect(r.outputs).toMatch(/warnings<<.*\n0\n/);
    expect(r.summary).toContain('pool-reconciler: validate');
    expect(r.summary).toContain('valid: no errors, no warnings');
  });

  it('the action annotates at most 10 errors and puts all of them in the summary', async () => {
    const copy = copyExampleRepo();
    try {
      const labels = Array.from({ length: 15 }, (_, i) => `  - name: l${i}\n    min-redy: 1\n`).join('');
      copy.write('nodepool/nodepool.yaml', `labels:\n${labels}`);
      const rel = path.relative(REPO_ROOT, copy.dir);
      const r = await runAction({ 'config-path': rel });
      expect(r.status).toBe(1);
      const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
      expect(annotations).toHaveLength(10);
      expect(r.stdout).toContain('::error::15 errors in the config repo');
      expect(annotations[0]).toMatch(/^::error title=nodepool\/unknown-key,file=.*nodepool\/nodepool\.yaml,line=3,col=5::/);
      expect(r.outputs).toMatch(/errors<<.*\n15\n/);
      expect((r.summary.match(/nodepool\/unknown-key/g) ?? []).length).toBe(15);
      expect(r.stdout).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      copy.cleanup();
    }
  });

  it('the action reports a bad input without a stack trace', async () => {
    const r = await runAction({ mode: 'frobnicate' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::input mode');
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });

  it('a malformed event file fails the run with a message, no stack trace, and the secrets masked first (issue 16)', async () => {
    const event = path.join(tmp, 'event-malformed.json');
    writeFileSync(event, '{"pull_request": {"number": 1,');
    const secret = 'cnry-event-kubeconfig-Z9q4Lw';
    const r = await runAction({ mode: 'validate', 'config-path': 'examples/config-repo', kubeconfig: `token: ${secret}` }, { env: { GITHUB_EVENT_PATH: event, GITHUB_EVENT_NAME: 'pull_request' } });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout + r.stderr).not.toMatch(/SyntaxError|file:\/\//);
    expect(r.stdout).toMatch(/::error::the event file \(GITHUB_EVENT_PATH\) is not valid JSON/);
    const mask = r.stdout.indexOf(`::add-mask::${secret}`);
    expect(mask).toBeGreaterThanOrEqual(0);
    expect(mask).toBeLessThan(r.stdout.indexOf('::error::'));
  });

  it('the action refuses a config-path that is a symbolic link leading outside the workspace (issue 16)', async () => {
    const outside = copyExampleRepo();
    const link = path.join(REPO_ROOT, `.tmp-config-link-${process.pid}`);
    try {
      symlinkSync(outside.dir, link);
      const r = await runAction({ mode: 'validate', 'config-path': path.basename(link) });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/::error::config-path .* leads outside the workspace/);
      expect(r.summary).not.toContain('valid: no errors');
    } finally {
      rmSync(link, { force: true });
      outside.cleanup();
    }
  });
});
