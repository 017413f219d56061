/**
 * Git, read only: the config repo's own commit, and files as they are at a commit (the base branch of a pull request:
 * its settings and image-builders, and the baseline of the Nodepool diff before a first apply).
 * `git` is run with fixed arguments, never through a shell; a path or a commit from outside is passed after `--` or
 * checked first.
 */
import { createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config/settings.js';
import type { NodepoolFile } from '../desired/types.js';
import { repositoryOfUrl } from '../core/owner.js';

/** node:child_process on first use: `validate` without a git baseline never runs git, and loading it costs ~1.5 ms. */
const load = createRequire(import.meta.url);
const childProcess = (): typeof import('node:child_process') => load('node:child_process') as typeof import('node:child_process');

function git(dir: string, args: string[]): { ok: boolean; out: string } {
  // Only what git needs: no GIT_DIR or GIT_WORK_TREE from the caller's environment may point it elsewhere.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
  const r = childProcess().spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout ?? '' };
}

export type RepoCommit = { ok: true; commit: string } | { ok: false; reason: string };

/**
 * The commit of the config repo at `dir`: the HEAD of the git repository whose root `dir` is. Refused (with what to
 * do) when `dir` is in no git repository, or only inside another one (whose HEAD is not the config repo's commit),
 * and, with `requireClean` (apply), when the tree has uncommitted changes (what would be applied is no commit).
 */
export function configRepoCommit(dir: string, options: { requireClean?: boolean } = {}): RepoCommit {
  const top = git(dir, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return { ok: false, reason: `${dir} is not a git repository, so it has no commit for generate-config.sh: give --commit` };
  let real: string;
  let realTop: string;
  try {
    real = realpathSync(path.resolve(dir));
    realTop = realpathSync(top.out.trim());
  } catch {
    return { ok: false, reason: `${dir}: its git repository could not be found: give --commit` };
  }
  if (real !== realTop) {
    return {
      ok: false,
      reason: `${dir} is not the root of its own git repository (it is inside the one at ${realTop}, whose HEAD is not the config repo's commit): give --commit`,
    };
  }
  const head = git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head.ok || !/^[0-9a-f]{40,64}$/.test(head.out.trim())) return { ok: false, reason: `${dir} has no commit yet: commit the config, or give --commit` };
  if (options.requireClean) {
    const status = git(dir, ['status', '--porcelain', '--untracked-files=normal']);
    if (!status.ok || status.out.trim() !== '') {
      return { ok: false, reason: `${dir} has uncommitted changes: apply applies a commit; commit them (or give --commit to name the commit yourself)` };
    }
  }
  return { ok: true, commit: head.out.trim() };
}

/** Whether `ref` is a commit id (hex) that can be passed to git as is. */
export function isCommitId(ref: string): boolean {
  return /^[0-9a-f]{7,64}$/.test(ref);
}

/**
 * A file of the repository at `dir` as it is at `commit`, or undefined when it does not exist there (or the commit
 * is not in the clone). `relPath` is relative to the repository root, `/`-separated.
 */
export function fileAtCommit(dir: string, commit: string, relPath: string): string | undefined {
  if (!isCommitId(commit) || relPath.split('/').includes('..') || relPath.startsWith('/')) return undefined;
  const r = git(dir, ['show', '--no-textconv', `${commit}:${relPath}`]);
  return r.ok ? r.out : undefined;
}

/** Whether the clone at `dir` has `commit` (a shallow checkout may not have the base branch's). */
export function hasCommit(dir: string, commit: string): boolean {
  return isCommitId(commit) && git(dir, ['cat-file', '-e', `${commit}^{commit}`]).ok;
}

/** The path of `dir` relative to the root of its git repository (`''` at the root), or undefined outside one. */
export function pathInRepo(dir: string): string | undefined {
  const r = git(dir, ['rev-parse', '--show-prefix']);
  return r.ok ? r.out.trim().replace(/\/$/, '') : undefined;
}

/** Fetch one commit from `origin` (a shallow checkout lacks the base branch's); whether it is there afterwards. */
export function fetchCommit(dir: string, commit: string): boolean {
  if (!isCommitId(commit)) return false;
  if (hasCommit(dir, commit)) return true;
  git(dir, ['fetch', '--no-tags', '--quiet', '--depth=1', 'origin', commit]);
  return hasCommit(dir, commit);
}

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** `git` whose failure is a GitError with git's own first line. */
function gitOrThrow(root: string, args: string[]): string {
  try {
    return childProcess().execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').split('\n')[0].trim();
    throw new GitError(stderr || (err instanceof Error ? err.message.split('\n')[0] : String(err)));
  }
}

/** The Nodepool files of the repo (at `root`, possibly a folder of a larger git repository) at `ref`. */
export function nodepoolFilesAt(root: string, ref: string, settings: Settings): { commit: string; files: NodepoolFile[] } {
  if (!/^[\w./@^~-]+$/.test(ref) || ref.startsWith('-')) throw new GitError(`${JSON.stringify(ref)} is not a git ref`);
  let commit: string;
  try {
    commit = gitOrThrow(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch {
    throw new GitError(`the commit ${JSON.stringify(ref)} is not in the checkout (a shallow clone? check out with fetch-depth: 0, or fetch the base branch)`);
  }
  const dirs = [settings.paths.nodepool, settings.paths.nodepoolBuilder, settings.paths.dibAnsible];
  const listed = gitOrThrow(root, ['ls-tree', '-r', '--name-only', commit, '--', ...dirs.map((d) => `./${d}`)]).split('\n').filter((l) => l);
  const files: NodepoolFile[] = [];
  // The same files as the repo loader picks: the two Nodepool files, the inventory, the playbooks directly in dib-ansible/.
  const p = settings.paths;
  for (const path of listed) {
    const semantic = path === p.nodepool || path === p.nodepoolBuilder;
    const other = path === p.inventory || (path.startsWith(`${p.dibAnsible}/`) && !path.slice(p.dibAnsible.length + 1).includes('/') && /\.ya?ml$/.test(path));
    if (!semantic && !other) continue;
    files.push({ path, text: gitOrThrow(root, ['show', `${commit}:./${path}`]), semantic });
  }
  return { commit, files };
}

/**
 * The repo folder `root` as it is at `ref`, written into `dest` (an empty directory): `git archive` of that folder,
 * unpacked by tar. For comparing a change's targets with the base's (run/targets.ts). Throws GitError.
 */
export function exportTreeAt(root: string, ref: string, dest: string): string {
  if (!/^[\w./@^~-]+$/.test(ref) || ref.startsWith('-')) throw new GitError(`${JSON.stringify(ref)} is not a git ref`);
  let commit: string;
  try {
    commit = gitOrThrow(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch {
    throw new GitError(`the commit ${JSON.stringify(ref)} is not in the checkout (a shallow clone? check out with fetch-depth: 0, or fetch it)`);
  }
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
  // The folder as a path from the repository's root: `git archive` does not read `./` in a tree-ish.
  const prefix = pathInRepo(root);
  if (prefix === undefined) throw new GitError(`${root} is not in a git repository`);
  // From the repository's top: in a subfolder, git archive looks for that subfolder again inside the tree given.
  const top = gitOrThrow(root, ['rev-parse', '--show-toplevel']).trim();
  const tar = childProcess().spawnSync('git', ['-C', top, 'archive', '--format=tar', prefix ? `${commit}:${prefix}` : commit], { env, maxBuffer: 256 * 1024 * 1024 });
  if (tar.status !== 0) throw new GitError(`git archive of ${commit.slice(0, 12)} failed: ${String(tar.stderr ?? '').split('\n')[0].trim()}`);
  const x = childProcess().spawnSync('tar', ['-x', '-C', dest], { input: tar.stdout, env });
  if (x.status !== 0) throw new GitError(`unpacking ${commit.slice(0, 12)} failed: ${String(x.stderr ?? '').split('\n')[0].trim() || 'tar is not installed?'}`);
  return commit;
}

/** The clone's `origin` as `host/owner/name` (core/owner.ts), or undefined (no git, no origin, another form). */
export function originRepository(dir: string): string | undefined {
  const r = git(dir, ['config', '--get', 'remote.origin.url']);
  return r.ok ? repositoryOfUrl(r.out) : undefined;
}
