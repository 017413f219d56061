/**
 * The commands a banner offers to try against a cluster it started (`sandbox --kubeconfig FILE`, and the real-cluster
 * tier's `npm run cluster`): plan, plan to a file, apply that reviewed plan, and kubectl to look. Each runs as printed
 * (test/entry/sandbox-banner.test.ts runs them): the commit generate-config.sh gets is given when the config repo has
 * no clean commit of its own, to the plans and the apply alike (the reviewed plan names it).
 */
import path from 'node:path';
import { configRepoCommit } from '../io/git.js';
import { shellWord } from '../core/node-version.js';

export interface TryOptions {
  /** How the user runs the tool: `npx pool-reconciler`, `node pool-reconciler.js`, ... (see invocationOf). */
  invocation: string;
  kubeconfig: string;
  repo: string;
  /** The target of a repo with `targets:` the sandbox stands for. */
  target?: string;
  /** More options for plan and apply (provider secrets). */
  options?: string[];
  /** More options for apply only (`--nodepool-api-url URL`). */
  applyOptions?: string[];
}

/** The commit option the commands need: none when the repo is a git repository of its own with a clean tree. */
function commitOption(repo: string): string[] {
  return configRepoCommit(repo, { requireClean: true }).ok ? [] : ['--commit', 'example'];
}

export function tryCommands(o: TryOptions): string[] {
  const q = (words: string[]): string => words.map(shellWord).join(' ');
  const planFile = path.join(path.dirname(o.kubeconfig), `${path.basename(o.kubeconfig)}.plan.json`);
  const common = [...(o.options ?? []), ...commitOption(o.repo), ...(o.target !== undefined ? ['--target', o.target] : []), '--kubeconfig', o.kubeconfig];
  return [
    `${o.invocation} ${q(['plan', ...common, o.repo])}`,
    `${o.invocation} ${q(['plan', '--format', 'json', ...common, o.repo])} > ${shellWord(planFile)}`,
    `${o.invocation} ${q(['apply', '--plan', planFile, ...common, ...(o.applyOptions ?? []), o.repo])}`,
    `kubectl ${q(['--kubeconfig', o.kubeconfig, 'get', 'nodes', '--show-labels'])}`,
  ];
}

/**
 * How this process was started, as the user would type it again: `npx pool-reconciler` from a checkout or an npm
 * install (the bin link in node_modules/.bin), `pool-reconciler` from a global install, else `node FILE` (the release
 * file, dist/cli.js), FILE relative to the current directory when under it.
 */
export function invocationOf(script: string | undefined, cwd: string): string {
  if (!script) return 'npx pool-reconciler';
  if (script.split(path.sep).join('/').includes('/node_modules/.bin/')) return 'npx pool-reconciler';
  if (path.basename(script) === 'pool-reconciler') return 'pool-reconciler';
  const rel = path.relative(cwd, script);
  return `node ${shellWord(rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : script)}`;
}
