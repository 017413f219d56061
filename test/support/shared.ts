/** Locating ../shared (the project's shared reference data) from the repo; tests read it in place. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordRunNotice } from './run-notices.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const REPO_ROOT = repoRoot;

/** The shared folder beside the repo, or undefined when it is absent. */
export function sharedDir(): string | undefined {
  const candidates = [process.env.POOL_RECONCILER_SHARED, path.resolve(repoRoot, '..', 'shared')].filter(
    (p): p is string => !!p,
  );
  return candidates.find((p) => existsSync(p));
}

/**
 * Where ../shared is needed: absent locally, the test skips with a notice; under CI=true its absence is a failure.
 */
export function requireShared(what: string): string | undefined {
  const dir = sharedDir();
  if (dir) return dir;
  if (process.env.CI === 'true') {
    throw new Error(`../shared is missing: ${what} needs it, and under CI=true its absence is a failure`);
  }
  console.warn(`NOTICE: ../shared not found beside the repo; skipping ${what}`);
  recordRunNotice({ topic: 'shared', what });
  return undefined;
}
