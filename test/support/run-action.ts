/**
 * Runs the bundled action as GitHub would (index.js of this run's build of the sources, test/support/bundle.ts):
 * inputs as INPUT_* variables, an event file, output files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './shared.js';
import { GitHubServer } from './github-server.js';
import { builtDist } from './bundle.js';

export interface ActionRun {
  status: number | null;
  /** The workflow run on the loopback GitHub, when there is one. */
  runId?: number;
  stdout: string;
  stderr: string;
  outputs: string;
  summary: string;
  /** One output's value, from the GITHUB_OUTPUT file. */
  output(name: string): string | undefined;
}

/** The workflow file the test runs are runs of (GITHUB_WORKFLOW_REF). */
export const WORKFLOW_PATH = '.github/workflows/pool-reconciler.yml';

export interface ActionEnv {
  /** The workflow file this run is a run of (default WORKFLOW_PATH). */
  workflowPath?: string;
  eventName?: string;
  event?: object;
  githubApiUrl?: string;
  env?: Record<string, string>;
  /**
   * Run as another job of this workflow run on the loopback GitHub (a matrix job, the comment job after it): same run
   * id and runtime token, and the run is not completed when the action exits (the test completes it).
   */
  jobOfRun?: number;
  /** Run as a re-run (its next attempt) of this workflow run that ended, on the loopback GitHub ("Re-run jobs"). */
  rerunOf?: number;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-action-'));

/** Asynchronous on purpose: loopback servers of the test run in this process and must keep answering. */
export function runAction(inputs: Record<string, string>, opts: ActionEnv = {}): Promise<ActionRun> {
  const id = Math.random().toString(36).slice(2);
  const files = { output: path.join(tmp, `out-${id}`), summary: path.join(tmp, `sum-${id}`), event: path.join(tmp, `event-${id}.json`) };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(withBaseCommit(opts.event ?? {}, inputs['config-path'])));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKSPACE: workspaceFor(inputs['config-path']),
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: 'acme/ci-config',
    GITHUB_SHA: 'def456',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '42',
    ...(opts.eventName ? { GITHUB_EVENT_NAME: opts.eventName } : {}),
    ...(opts.githubApiUrl ? { GITHUB_API_URL: opts.githubApiUrl } : {}),
    ...opts.env,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  // With a loopback GitHub, the run is a workflow run there, as on github.com: an id, a runtime token for artifacts,
  // and a conclusion when the action exits.
  const gh = GitHubServer.at(opts.githubApiUrl);
  const eventName = opts.eventName ?? 'workflow_dispatch';
  const pr = (opts.event as { pull_request?: { number?: number; head?: { sha?: string; ref?: string; repo?: { full_name?: string } }; base?: { ref?: string } } } | undefined)?.pull_request;
  const [owner, repo] = env.GITHUB_REPOSITORY.split('/');
  const pullRequest = eventName.startsWith('pull_request') && pr?.number !== undefined
    ? { number: pr.number, base: pr.base?.ref ?? 'main', head: pr.head?.ref ?? 'feature', ...(pr.head?.repo?.full_name ? { headRepository: pr.head.repo.full_name } : {}) }
    : undefined;
  const rerun = gh && opts.rerunOf !== undefined ? gh.rerun(opts.rerunOf) : undefined;
  if (rerun) Object.assign(env, rerun, opts.env);
  const joined = gh && opts.jobOfRun !== undefined ? gh.jobOf(opts.jobOfRun) : rerun;
  if (joined) Object.assign(env, joined, opts.env);
  const started = joined ? undefined : gh?.startRun({ owner, repo, path: opts.workflowPath ?? WORKFLOW_PATH, event: eventName, headSha: pr?.head?.sha ?? env.GITHUB_SHA, ...(env.GITHUB_REF ? { ref: env.GITHUB_REF } : {}), ...(pullRequest ? { pullRequest } : {}) });
  if (started) Object.assign(env, started.env, opts.env);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(builtDist(), 'index.js')], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 90_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (started) gh!.completeRun(started.run.id, status === 0 ? 'success' : 'failure');
      if (rerun) gh!.completeRun(opts.rerunOf!, status === 0 ? 'success' : 'failure');
      const outputs = readFileSync(files.output, 'utf8');
      resolve({
        status,
        ...(started ? { runId: started.run.id } : opts.jobOfRun !== undefined ? { runId: opts.jobOfRun } : opts.rerunOf !== undefined ? { runId: opts.rerunOf } : {}),
        stdout,
        stderr,
        outputs,
        summary: readFileSync(files.summary, 'utf8'),
        output(name) {
          const m = new RegExp(`^${name}<<(.+)\\n([\\s\\S]*?)\\n\\1$`, 'm').exec(outputs);
          return m?.[2];
        },
      });
    });
  });
}

function git(dir: string, ...args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('git', ['-C', dir, '-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim() };
}

/**
 * A pull-request event names its base commit (`pull_request.base.sha`), where the action reads the settings and the
 * image-builders it trusts. An event given without one gets, as GitHub's would have, the commit the config repo is
 * at: the enclosing repository's HEAD, or, for a config repo copied to a temporary directory, a commit made of it
 * there (once). So the base branch equals the pull request, unless a test says otherwise.
 */
export function withBaseCommit(event: object, configPath: string | undefined): object {
  const pr = (event as { pull_request?: { base?: { sha?: string } } }).pull_request;
  if (!pr || pr.base?.sha || !configPath) return event;
  const dir = path.resolve(REPO_ROOT, configPath);
  let sha: string | undefined;
  const top = git(dir, 'rev-parse', '--show-toplevel');
  if (top.ok) sha = git(dir, 'rev-parse', 'HEAD').out;
  else if (git(dir, 'init', '-q').ok && git(dir, 'add', '-A').ok && git(dir, 'commit', '-qm', 'base').ok) sha = git(dir, 'rev-parse', 'HEAD').out;
  if (!sha) return event;
  return { ...event, pull_request: { ...pr, base: { ...pr.base, sha } } };
}

/**
 * The workspace of a run: the repository root, or, for a config repo copied elsewhere (a temporary directory), the
 * directory that holds both, as a checkout holds its config repo (the action refuses a config-path outside it).
 */
export function workspaceFor(configPath: string | undefined): string {
  if (!configPath) return REPO_ROOT;
  const abs = path.resolve(REPO_ROOT, configPath);
  const a = REPO_ROOT.split(path.sep);
  const b = abs.split(path.sep);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i).join(path.sep) || path.sep;
}

export function pullRequestEvent(number: number, fork = false): object {
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      head: { sha: 'abc123', ref: 'feature', repo: { full_name: fork ? 'someone/fork' : 'acme/ci-config', fork } },
      base: { ref: 'main', repo: { full_name: 'acme/ci-config' } },
    },
    repository: { full_name: 'acme/ci-config', name: 'ci-config', owner: { login: 'acme' }, default_branch: 'main' },
  };
}

/** How the action runs after a merge: a push of `merge456` to main (the merged pull request's commit), against `githubApiUrl`. */
export function mergePush(githubApiUrl: string): ActionEnv {
  return {
    eventName: 'push',
    event: { ref: 'refs/heads/main', after: 'merge456', repository: { full_name: 'acme/ci-config', default_branch: 'main' } },
    githubApiUrl,
    env: { GITHUB_SHA: 'merge456', GITHUB_REF: 'refs/heads/main' },
  };
}
