/**
 * The bundle as the tests run it: built from the sources as they are now, once per test run, by the globalSetup
 * test/support/global-build.ts, into a temporary package directory (package.json, dist/, and the repo's
 * node_modules and examples linked). The action, canary and bundle tests run that build, not the committed dist/:
 * a branch's sources are what they test (helpers do not commit dist/; .ci/run checks that the committed dist/ is
 * this same build, byte for byte).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { REPO_ROOT } from './shared.js';

export interface BuiltPackage {
  dir: string;
  cleanup(): void;
}

/** A package directory: package.json, node_modules and examples linked from the repo, and `dist` from `fill`. */
function packageDir(fill: (dist: string) => void): BuiltPackage {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-package-'));
  try {
    fill(path.join(dir, 'dist'));
    copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(dir, 'package.json'));
    for (const name of ['node_modules', 'examples']) symlinkSync(path.join(REPO_ROOT, name), path.join(dir, name));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds the bundle from the sources now (scripts/build.mjs) into a new package directory. */
export function buildFreshPackage(): BuiltPackage {
  return packageDir((dist) => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), dist], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the bundle did not build from the sources: ${r.stderr || r.error?.message}`);
  });
}

/** The dist/ directory of this run's build of the sources (index.js: the action; cli.js: the CLI). */
export function builtDist(): string {
  const dir = inject('builtPackage');
  if (!dir) throw new Error('no bundle was built for this run: run the tests with vitest.config.ts, whose globalSetup (test/support/global-build.ts) builds it');
  return path.join(dir, 'dist');
}

/**
 * A package directory of its own for a test that runs the built command as a user would (`npx pool-reconciler`,
 * `node dist/cli.js` in it, with HOME there): this run's build, linked, not built again.
 */
export function buildPackage(): BuiltPackage {
  return packageDir((dist) => symlinkSync(builtDist(), dist));
}

/** PATH without any node_modules/.bin: what a shell on the machine has before npm puts its own in front. */
export function systemPath(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((p) => p && !p.split(path.sep).includes('node_modules'))
    .join(path.delimiter);
}

/** The first `node` on the system PATH and its version, or undefined. */
export function systemNode(): { path: string; version: string } | undefined {
  for (const dir of systemPath().split(path.delimiter)) {
    const candidate = path.join(dir, 'node');
    if (!existsSync(candidate)) continue;
    const r = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (r.status === 0) return { path: candidate, version: r.stdout.trim() };
  }
  return undefined;
}
