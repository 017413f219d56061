/**
 * The README's shell blocks, run as written on this machine: in a package directory holding a fresh build (what
 * `npm ci` leaves: node_modules with the Node 24 dev dependency), from a shell whose PATH has no node_modules/.bin,
 * so `node` is the system's (Node 20 on the project's machine) and `npx pool-reconciler` must bring its own.
 * Every block is either run here or skipped with a reason: a new block fails this test until it is classified.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { buildPackage, systemPath } from '../support/bundle.js';
import type { BuiltPackage } from '../support/bundle.js';
import { bannerCommands } from '../support/banner.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** The ```sh blocks, each as its command lines (comments and blank lines dropped). */
function shellBlocks(): string[][] {
  return [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) =>
    m[1]
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}

const SKIPPED: Record<string, string> = {
  'npm test': 'it is the suite this test is part of',
  'bash scripts/build-control-plane.sh':
    'the real-cluster tier: a build of about 9 minutes, then its own suite (`npm run test:cluster`); .ci/run runs both, and `npm run cluster` is test/cluster/cli.ts',
};

let pkg: BuiltPackage;
let tmp: string;
beforeAll(() => {
  pkg = buildPackage();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-readme-'));
});
afterAll(() => {
  pkg?.cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const shellEnv = () => ({ PATH: systemPath(), HOME: tmp, NO_COLOR: '1' });
/** The README's /tmp paths, moved into this test's own directory. */
const local = (line: string) => line.replace(/\/tmp\//g, `${tmp}/`);

function sh(line: string) {
  return spawnSync('bash', ['-c', line], { cwd: pkg.dir, env: shellEnv(), encoding: 'utf8', timeout: 120_000 });
}

const hasKubectl = spawnSync('bash', ['-c', 'command -v kubectl'], { env: { PATH: systemPath() } }).status === 0;
if (!hasKubectl) {
  if (process.env.CI === 'true') throw new Error('kubectl is missing: under CI=true the README test needs it (apt-get install kubernetes-client)');
  console.warn('NOTICE: kubectl not found; the README lines that run it are skipped');
}

describe("the README's shell blocks", () => {
  it('are all known to this test', () => {
    const firsts = shellBlocks().map((b) => b[0]);
    expect(firsts).toEqual(['npm ci && npm run demo', 'npm test', expect.stringMatching(/^npx pool-reconciler sandbox --target production --kubeconfig /), 'bash scripts/build-control-plane.sh']);
  });

  it('the real-cluster block is not run here; its npm scripts exist', () => {
    const block = shellBlocks()[3];
    expect(SKIPPED[block[0]]).toBeTruthy();
    const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const line of block.slice(1)) {
      const name = /^npm run ([\w:-]+)/.exec(line)?.[1] ?? '';
      expect(scripts[name], line).toBeTruthy();
    }
  });

  it('`npm ci && npm run demo`: the demo runs (npm ci is what made this package directory)', () => {
    const [line] = shellBlocks()[0];
    const r = sh(line.replace(/^npm ci && /, ''));
    expect(r.stderr).not.toMatch(/needs Node|Cannot read properties/);
    expect(r.stdout).toContain('The sandbox matches the config repo.');
    expect(r.status).toBe(0);
  });

  it('`npm test` is not run here', () => {
    expect(SKIPPED[shellBlocks()[1][0]]).toBeTruthy();
  });

  it('the sandbox block: sandbox, plan, plan --format json > file, apply --plan file, kubectl get nodes', async () => {
    const [start, ...rest] = shellBlocks()[2].map(local);
    const kubeconfig = /--kubeconfig (\S+)/.exec(start)?.[1] ?? '';
    const sandbox = spawn('bash', ['-c', start], { cwd: pkg.dir, env: shellEnv(), detached: true });
    let out = '';
    sandbox.stdout.on('data', (d: Buffer) => (out += d.toString()));
    sandbox.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => out.includes('Stop with Ctrl-C') || sandbox.exitCode !== null, 60_000);
      expect(out).toContain('Kubeconfig written to');
      expect(existsSync(kubeconfig)).toBe(true);
      for (const line of rest) {
        if (line.startsWith('kubectl') && !hasKubectl) continue;
        const r = sh(line);
        expect(r.status, `${line}\n${r.stdout}\n${r.stderr}`).toBe(0);
        expect(r.stderr).not.toMatch(/needs Node|Cannot read properties|\n\s+at /);
        if (line.includes(' apply ')) expect(r.stdout).toMatch(/applied/);
        if (line.startsWith('kubectl')) {
          // What apply did, seen by kubectl: the worker pool's label from cluster.yaml.
          expect(r.stdout).toMatch(/worker-1 .*ci\.example\.org\/workload=general/);
        }
      }

      // The commands the sandbox itself offers work as printed, too: each of them, through a shell.
      const offered = bannerCommands(out);
      expect(offered.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual(['npx pool-reconciler plan', 'npx pool-reconciler plan', 'npx pool-reconciler apply', `kubectl --kubeconfig ${kubeconfig}`]);
      for (const line of offered) {
        if (line.startsWith('kubectl') && !hasKubectl) continue;
        const r = sh(line);
        expect(r.status, `${line}\n${r.stdout}\n${r.stderr}`).toBe(0);
        if (line.includes(' apply ')) expect(r.stdout).toContain('(as reviewed)');
      }
    } finally {
      await stop(sandbox);
    }
    // Ctrl-C ends it: npx passes the signal on; the sandbox closes and says nothing more.
    expect([sandbox.exitCode, sandbox.signalCode], out).toSatisfy(([code, signal]: [number | null, string | null]) => code === 0 || signal === 'SIGINT');
    expect(out).not.toMatch(/\n\s+at |Error/);
  });
});

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ctrl-C, as a terminal sends it: SIGINT to the whole process group. */
async function stop(child: ChildProcess): Promise<void> {
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  if (ended() || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGINT');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (!ended()) process.kill(-child.pid, 'SIGKILL');
}
