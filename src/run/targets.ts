/**
 * `targets`: the clusters a config repo feeds (`targets:` in .pool-reconciler.yaml, in the order of promotion), and
 * with a base commit, which of them a change touches: those whose view of the repo (plan/targets.ts) differs at the
 * base, or that the base does not have. The matrix of a workflow's plan and apply jobs comes from here, so a pull
 * request plans only the clusters it affects. A repo without targets has one, `default`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRepo } from '../config/repo.js';
import { DEFAULT_TARGET } from '../config/settings.js';
import type { TargetSpec } from '../config/settings.js';
import { validateRepo } from '../validate/index.js';
import { targetViewDigest } from '../plan/targets.js';
import { exportTreeAt, GitError } from '../io/git.js';

export { DEFAULT_TARGET };

export interface TargetEntry extends TargetSpec {
  /** Place in the order of promotion, from 1. */
  order: number;
  /** With a base: whether the change touches this target, and why (a sentence). */
  changed?: boolean;
  reason?: string;
}

export interface TargetsOutcome {
  targets: TargetEntry[];
  /** The base's commit, when one was compared. */
  base?: string;
  /** Said once: the base could not be read, every target counts as changed. */
  notes: string[];
}

/** The matrix entry of a target for a workflow's `strategy.matrix` (`include`): only names, never credentials. */
export function matrixEntry(t: TargetEntry): Record<string, string | number> {
  return { target: t.name, order: t.order, ...(t.environment ? { environment: t.environment } : {}), ...(t.context ? { context: t.context } : {}) };
}

export function runTargets(req: { repoPath: string; changedSince?: string }): TargetsOutcome {
  const top = loadRepo(req.repoPath);
  const specs: TargetSpec[] = top.settings.targets.length ? top.settings.targets : [{ name: DEFAULT_TARGET }];
  const targets: TargetEntry[] = specs.map((t, i) => ({ ...t, order: i + 1 }));
  if (req.changedSince === undefined) return { targets, notes: [] };
  const named = top.settings.targets.length > 0;
  const view = (root: string, target: string) => {
    const repo = loadRepo(root, named ? { target } : {});
    const validation = validateRepo(repo);
    return { digest: targetViewDigest(repo, validation), errors: validation.diagnostics.some((d) => d.severity === 'error'), has: !named || repo.settings.targets.some((t) => t.name === target) };
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-reconciler-base-'));
  try {
    let base: string;
    try {
      base = exportTreeAt(req.repoPath, req.changedSince, dir);
    } catch (err) {
      if (!(err instanceof GitError)) throw err;
      for (const t of targets) Object.assign(t, { changed: true, reason: 'the base could not be read' });
      return { targets, notes: [`${err.message}: every target counts as changed`] };
    }
    for (const t of targets) {
      const now = view(req.repoPath, t.name);
      const then = view(dir, t.name);
      const [changed, reason] = now.errors ? [true, 'the repo has errors in its view: its plan says which']
        : !then.has ? [true, `the base ${base.slice(0, 12)} has no target ${t.name}`]
        : now.digest !== then.digest ? [true, `what its cluster gets differs from the base ${base.slice(0, 12)}`]
        : [false, `its cluster gets the same as from the base ${base.slice(0, 12)}`];
      Object.assign(t, { changed, reason });
    }
    return { targets, base, notes: [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
