/**
 * Reading the config repo's files at another commit (the pull request's base branch) with the `git` command: the
 * baseline of the Nodepool diff when the cluster records no deployed state yet. Reads only.
 */
import { execFileSync } from 'node:child_process';
import type { Settings } from '../config/settings.js';
import type { NodepoolFile } from '../desired/types.js';

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

function git(root: string, args: string[]): string {
  try {
    return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
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
    commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch {
    throw new GitError(`the commit ${JSON.stringify(ref)} is not in the checkout (a shallow clone? check out with fetch-depth: 0, or fetch the base branch)`);
  }
  const dirs = [settings.paths.nodepool, settings.paths.nodepoolBuilder, settings.paths.dibAnsible];
  const listed = git(root, ['ls-tree', '-r', '--name-only', commit, '--', ...dirs.map((d) => `./${d}`)]).split('\n').filter((l) => l);
  const files: NodepoolFile[] = [];
  // The same files as the repo loader picks: the two Nodepool files, the inventory, the playbooks directly in dib-ansible/.
  const p = settings.paths;
  for (const path of listed) {
    const semantic = path === p.nodepool || path === p.nodepoolBuilder;
    const other = path === p.inventory || (path.startsWith(`${p.dibAnsible}/`) && !path.slice(p.dibAnsible.length + 1).includes('/') && /\.ya?ml$/.test(path));
    if (!semantic && !other) continue;
    files.push({ path, text: git(root, ['show', `${commit}:./${path}`]), semantic });
  }
  return { commit, files };
}
