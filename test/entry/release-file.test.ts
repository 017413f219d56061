/**
 * The release file (`npm run build:release`): the command line in one file, run alone in an empty directory as a
 * user who downloaded it runs it (`node pool-reconciler.js …`), on the machine's own Node (20 on the project's
 * machine) for what does not load the Kubernetes client, and on Node 24 for the rest (examples/zuul's test runs plan
 * with it against a sandbox).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeTooOld } from '../../src/core/node-version.js';
import { VERSION } from '../../src/core/version.js';
import { systemNode } from '../support/bundle.js';
import { EXAMPLE_REPO } from '../support/example-repo.js';
import { REPO_ROOT } from '../support/shared.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-release-'));
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), path.join(dir, 'build'), '--release'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the release file did not build: ${r.stderr}`);
  copyFileSync(path.join(dir, 'build', 'pool-reconciler.js'), path.join(dir, 'pool-reconciler.js'));
  rmSync(path.join(dir, 'build'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const old = systemNode();
const run = (node: string, args: string[]) => spawnSync(node, ['pool-reconciler.js', ...args], { cwd: dir, env: { PATH: path.dirname(node), HOME: dir }, encoding: 'utf8' });

describe('the release file', () => {
  it('is one file', () => {
    expect(readdirSync(dir)).toEqual(['pool-reconciler.js']);
    expect(statSync(path.join(dir, 'pool-reconciler.js')).size).toBeGreaterThan(100_000);
  });

  it('runs alone on Node 24: version, validate, and the cluster commands load', () => {
    expect(run(process.execPath, ['--version']).stdout).toBe(`${VERSION}\n`);
    const valid = run(process.execPath, ['validate', EXAMPLE_REPO]);
    expect(valid.stdout).toContain('valid: no errors, no warnings');
    expect(valid.status).toBe(0);
    // The Kubernetes client loads (a missing kubeconfig is the usage error it reports, not a load failure).
    const plan = run(process.execPath, ['plan', '--target', 'production', '--commit', 'x', EXAMPLE_REPO]);
    expect(plan.stderr).toContain('no kubeconfig');
    expect(plan.status).toBe(4);
  });

  it.runIf(!!old && nodeTooOld(old.version))(`runs validate, schema and --help on the system's Node ${old?.version}, and says what plan needs`, () => {
    const node = old!.path;
    for (const args of [['--help'], ['schema', '--stdout', 'nodepool'], ['validate', '--format', 'sarif', EXAMPLE_REPO]]) {
      const r = run(node, args);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.status, args.join(' ')).toBe(0);
    }
    const plan = run(node, ['plan', EXAMPLE_REPO]);
    expect(plan.stderr).toContain('plan needs Node ≥ 22.19');
    expect(plan.status).toBe(4);
  });
});
