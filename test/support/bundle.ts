/**
 * A fresh build of the bundle, for tests that run the built command as a user would: a package directory holding
 * package.json, dist/ built from the sources now, and the repo's node_modules and examples (linked), so that
 * `npx pool-reconciler` there runs this build with the Node 24 `npm ci` installed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './shared.js';

export interface BuiltPackage {
  dir: string;
  cleanup(): void;
}

export function buildPackage(): BuiltPackage {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-package-'));
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), path.join(dir, 'dist')], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the bundle did not build: ${r.stderr}`);
  copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(dir, 'package.json'));
  for (const name of ['node_modules', 'examples']) symlinkSync(path.join(REPO_ROOT, name), path.join(dir, name));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
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
