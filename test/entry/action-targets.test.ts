/**
 * Several clusters from one config repo, through the bundled action and the loopback GitHub (issue 28): the target
 * input checked against the repo's targets; mode targets and its matrix of the targets a change touches; a plan job
 * per matrix entry, each against its own cluster (a sandbox standing for that target), gathered by the comment job
 * into ONE pull-request comment; apply per target in the order of promotion, where staging's failed apply refuses
 * production's before any write to production's cluster.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { copyExampleRepo, EXAMPLE_REPO } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { parseHeader } from '../../src/report/comment.js';
import { pullRequestEvent, runAction, WORKFLOW_PATH } from '../support/run-action.js';

const TARGETS = ['staging', 'production'] as const;
type Target = (typeof TARGETS)[number];

let gh: GitHubServer;
let clusters: Record<Target, Sandbox>;

beforeEach(async () => {
  const [server, staging, production] = await Promise.all([startGitHubServer(), startSandbox(EXAMPLE_REPO, { target: 'staging' }), startSandbox(EXAMPLE_REPO, { target: 'production' })]);
  gh = server;
  clusters = { staging, production };
  gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
  gh.setCommitPulls('acme', 'ci-config', 'merge456', [
    { number: 31, title: 'Taint the dispatch pool everywhere', state: 'closed', merged_at: '2026-11-21T10:00:00Z', merge_commit_sha: 'merge456', base: 'main', head: 'feature', headSha: 'abc123' },
  ]);
});

afterEach(async () => {
  await Promise.all([gh.close(), clusters.staging.close(), clusters.production.close()]);
});

const configPath = path.relative(REPO_ROOT, EXAMPLE_REPO);

/** The inputs of a matrix job for `target`: its environment's kubeconfig, as the example workflow gives it. */
const jobInputs = (target: Target, extra: Record<string, string> = {}): Record<string, string> => ({
  'config-path': configPath, target, 'github-token': 'actions-token', kubeconfig: clusters[target].kubeconfig, 'rollout-timeout': '30', ...extra,
});

const pushEvent = { ref: 'refs/heads/main', before: 'base123', after: 'merge456', repository: { full_name: 'acme/ci-config', default_branch: 'main' } };
const applyJob = (target: Target, extra: Record<string, string> = {}) =>
  runAction(jobInputs(target, extra), { eventName: 'push', event: pushEvent, githubApiUrl: gh.url, env: { GITHUB_SHA: 'merge456', GITHUB_REF: 'refs/heads/main' } });

/** The writes a cluster got (the apply's Lease included). */
const writes = (s: Sandbox) => s.server.requestsMatching({}).filter((q) => q.method !== 'GET');

/** A pull request's plan workflow run: the plan matrix jobs, then the comment job, in one run. */
async function planRun(pr: number): Promise<{ runId: number; jobs: Record<Target, Awaited<ReturnType<typeof runAction>>>; comment: Awaited<ReturnType<typeof runAction>> }> {
  const event = pullRequestEvent(pr);
  const { run } = gh.startRun({ owner: 'acme', repo: 'ci-config', path: WORKFLOW_PATH, event: 'pull_request', headSha: 'abc123', pullRequest: { number: pr, base: 'main', head: 'feature' } });
  const jobs = {} as Record<Target, Awaited<ReturnType<typeof runAction>>>;
  // As the example workflow gives them: the plan jobs write no comment of their own.
  for (const target of TARGETS) jobs[target] = await runAction(jobInputs(target, { comment: 'off' }), { eventName: 'pull_request', event, githubApiUrl: gh.url, jobOfRun: run.id });
  const comment = await runAction({ 'config-path': configPath, mode: 'comment', 'github-token': 'actions-token' }, { eventName: 'pull_request', event, githubApiUrl: gh.url, jobOfRun: run.id });
  gh.completeRun(run.id, Object.values(jobs).every((j) => j.status === 0) ? 'success' : 'failure');
  return { runId: run.id, jobs, comment };
}

describe('the target input', () => {
  it('plan on a repo with targets needs one of them: none, or one it does not declare, is a usage error naming them', async () => {
    const none = await runAction({ ...jobInputs('staging'), target: '' }, { eventName: 'pull_request', event: pullRequestEvent(40), githubApiUrl: gh.url });
    expect(none.status).toBe(1);
    expect(none.output('exit-code')).toBe('4');
    expect(none.stdout).toMatch(/::error::\.pool-reconciler\.yaml declares targets \(staging, production\): give input `target` with one of them/);
    const unknown = await runAction({ ...jobInputs('staging'), target: 'qa' }, { eventName: 'pull_request', event: pullRequestEvent(40), githubApiUrl: gh.url });
    expect(unknown.output('exit-code')).toBe('4');
    expect(unknown.stdout).toContain('declares no target "qa"; its targets are staging, production');
    expect(writes(clusters.staging)).toEqual([]);
    expect(gh.comments('acme', 'ci-config', 40)).toEqual([]);
    // Validate needs none: without one, every target's view is checked.
    const validated = await runAction({ 'config-path': configPath, 'github-token': 'actions-token' }, { eventName: 'pull_request', event: pullRequestEvent(40), githubApiUrl: gh.url });
    expect(validated.status, validated.stdout).toBe(0);
    expect(validated.output('mode')).toBe('validate');
  });

  it("plans the target's view of the repo: staging has no worker pool, production has", async () => {
    const { jobs } = await planRun(41);
    const pools = (t: Target) => (JSON.parse(jobs[t].output('plan') ?? '{}') as { steps?: Array<{ id?: string }> }).steps?.map((s) => String(s.id)).join('\n') ?? '';
    expect(jobs.staging.status, jobs.staging.stdout).toBe(0);
    expect(jobs.production.status, jobs.production.stdout).toBe(0);
    expect(jobs.staging.stdout).not.toMatch(/worker-\d/);
    expect(jobs.production.stdout).toMatch(/worker-\d/);
    expect(pools('staging')).not.toBe(pools('production'));
  });
});

describe('mode targets', () => {
  let repo: RepoCopy | undefined;
  afterEach(() => {
    repo?.cleanup();
    repo = undefined;
  });

  const git = (dir: string, ...args: string[]): string => {
    const x = spawnSync('git', ['-C', dir, '-c', 'user.email=t@example.org', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' });
    if (x.status !== 0) throw new Error(x.stderr);
    return x.stdout.trim();
  };

  it('gives the matrix of the targets a change touches: a pull request that changes only the worker pool plans production only; a new branch every target', async () => {
    repo = copyExampleRepo();
    git(repo.dir, 'init', '-q');
    git(repo.dir, 'add', '-A');
    git(repo.dir, 'commit', '-qm', 'base');
    const base = git(repo.dir, 'rev-parse', 'HEAD');
    repo.edit('cluster.yaml', 'value: general', 'value: general-purpose');
    git(repo.dir, 'commit', '-qam', 'relabel the worker pool');
    const head = git(repo.dir, 'rev-parse', 'HEAD');
    const event = { ...pullRequestEvent(50), pull_request: { ...(pullRequestEvent(50) as { pull_request: object }).pull_request, head: { sha: head, ref: 'feature', repo: { full_name: 'acme/ci-config' } }, base: { ref: 'main', sha: base } } };
    const r = await runAction({ 'config-path': path.relative(REPO_ROOT, repo.dir), mode: 'targets' }, { eventName: 'pull_request', event, githubApiUrl: gh.url });
    expect(r.status, r.stdout).toBe(0);
    expect(r.output('mode')).toBe('targets');
    expect(JSON.parse(r.output('targets')!)).toEqual(['production']);
    expect(JSON.parse(r.output('matrix')!)).toEqual({ include: [{ target: 'production', order: 2, environment: 'production' }] });
    expect(r.stdout).toContain('1. staging (environment staging): not touched');
    expect(r.summary).toContain('| 2 | production | production | yes |');

    // A push that creates a branch has no `before` to compare with: every target, in the order of promotion.
    const created = await runAction({ 'config-path': path.relative(REPO_ROOT, repo.dir), mode: 'targets' }, {
      eventName: 'push', event: { ref: 'refs/heads/new', before: '0'.repeat(40), after: head, repository: { default_branch: 'main' } }, githubApiUrl: gh.url, env: { GITHUB_REF: 'refs/heads/new' },
    });
    expect(created.status, created.stdout).toBe(0);
    expect(JSON.parse(created.output('matrix')!).include.map((e: { target: string }) => e.target)).toEqual(['staging', 'production']);

    // After merge, production's apply does not wait for staging, which this change does not touch (not in the matrix).
    const applied = await runAction({ 'config-path': path.relative(REPO_ROOT, repo.dir), target: 'production', 'github-token': 'actions-token', kubeconfig: clusters.production.kubeconfig, 'rollout-timeout': '30', 'skip-plan-check': 'true', 'promotion-timeout': '1' }, {
      eventName: 'push', event: { ref: 'refs/heads/main', before: base, after: head, repository: { full_name: 'acme/ci-config', default_branch: 'main' } }, githubApiUrl: gh.url, env: { GITHUB_SHA: head, GITHUB_REF: 'refs/heads/main' },
    });
    expect(applied.status, applied.stdout).toBe(0);
    expect(applied.stdout).toContain('Promotion: staging comes before production, but this change does not touch it');
    expect(gh.statuses('acme', 'ci-config', head).map((x) => [x.context, x.state])).toEqual([['pool-reconciler/apply: production', 'pending'], ['pool-reconciler/apply: production', 'success']]);
  });
});

describe('one review, ordered promotion', () => {
  it('a job per matrix entry plans each cluster, the comment job writes one comment with both; apply per target in order converges both', async () => {
    const { jobs, comment } = await planRun(31);
    for (const t of TARGETS) {
      expect(jobs[t].status, jobs[t].stdout).toBe(0);
      expect(Number(jobs[t].output('changes'))).toBeGreaterThan(0);
      expect(jobs[t].stdout).toContain(`artifact pool-reconciler-section-${t}`);
    }
    expect(comment.status, comment.stdout).toBe(0);
    const comments = gh.comments('acme', 'ci-config', 31);
    expect(comments).toHaveLength(1);
    const body = comments[0].body;
    expect(parseHeader(body)?.target).toBe(`${configPath}:*`);
    expect(body).toContain('| target | result | changes | plan hash |');
    for (const t of TARGETS) {
      expect(body).toContain(`| ${t} | 📝 changes planned | ${jobs[t].output('changes')} | \`${jobs[t].output('plan-hash')!.slice(0, 19)}\` |`);
      expect(body).toContain(`### ${t}\n`);
    }
    expect(body.indexOf('### staging')).toBeLessThan(body.indexOf('### production'));
    expect(body.length).toBeLessThanOrEqual(65_536);

    // After merge: the apply matrix, staging first (max-parallel: 1), each with its own reviewed plan.
    const staging = await applyJob('staging');
    expect(staging.status, staging.stdout).toBe(0);
    expect(staging.stdout).toMatch(/Reviewed plan: the plan artifact of run \d+ \(pull request #31\)/);
    const production = await applyJob('production');
    expect(production.status, production.stdout).toBe(0);
    expect(production.stdout).toContain('Promotion: production comes after staging');
    const statuses = gh.statuses('acme', 'ci-config', 'merge456').map((s) => [s.context, s.state]);
    expect(statuses).toEqual([
      ['pool-reconciler/apply: staging', 'pending'], ['pool-reconciler/apply: staging', 'success'],
      ['pool-reconciler/apply: production', 'pending'], ['pool-reconciler/apply: production', 'success'],
    ]);
    // Each target's outcome reaches the pull request: a comment per target beside the combined one.
    const outcomes = gh.comments('acme', 'ci-config', 31).map((c) => parseHeader(c.body)).filter((h) => h?.outcome);
    expect(outcomes.map((h) => [h!.target, h!.outcome])).toEqual([['staging', 'applied'], ['production', 'applied']]);

    // Converged: both clusters now plan no change.
    const again = await planRun(32);
    for (const t of TARGETS) expect(again.jobs[t].output('changes'), again.jobs[t].stdout).toBe('0');
    const second = gh.comments('acme', 'ci-config', 32);
    expect(second).toHaveLength(1);
    expect(second[0].body).toContain('| staging | 🟰 no changes | 0 |');
  });

  it('the comment job of a run that planned no target (the change touches none) writes no comment', async () => {
    const { run } = gh.startRun({ owner: 'acme', repo: 'ci-config', path: WORKFLOW_PATH, event: 'pull_request', headSha: 'abc123', pullRequest: { number: 33, base: 'main', head: 'feature' } });
    const r = await runAction({ 'config-path': configPath, mode: 'comment', 'github-token': 'actions-token' }, { eventName: 'pull_request', event: pullRequestEvent(33), githubApiUrl: gh.url, jobOfRun: run.id });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('staging: not planned in this run');
    expect(r.stdout).toContain('No target was planned in this run (the change touches none): no pull-request comment written.');
    expect(gh.comments('acme', 'ci-config', 33)).toEqual([]);
  });

  it("staging's apply fails: production's apply is refused before any write, and production's cluster is untouched", async () => {
    // Staging's API server refuses every write of the apply.
    clusters.staging.server.inject({ method: 'PATCH', times: Infinity, fault: { status: 500, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'etcdserver: request timed out', code: 500 } } });
    const staging = await applyJob('staging', { 'skip-plan-check': 'true' });
    expect(staging.status).toBe(1);
    clusters.production.server.clearRequests();
    const production = await applyJob('production', { 'skip-plan-check': 'true' });
    expect(production.status).toBe(1);
    expect(production.stdout).toMatch(/::error title=promotion::staging's apply of merge456 failed \(.*\): production is not applied/);
    expect(writes(clusters.production)).toEqual([]);
    const last = (t: string) => gh.statuses('acme', 'ci-config', 'merge456').filter((s) => s.context === `pool-reconciler/apply: ${t}`).at(-1)?.state;
    expect(last('staging')).toBe('failure');
    expect(last('production')).toBe('failure');
  });

  it('an earlier target that has not applied the commit is waited for, up to the promotion timeout, then the apply is refused', async () => {
    gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'merge456', state: 'pending', context: 'pool-reconciler/apply: staging' });
    const production = await applyJob('production', { 'skip-plan-check': 'true', 'promotion-timeout': '1' });
    expect(production.status).toBe(1);
    expect(production.stdout).toContain('Waiting for the apply of staging (pending) at merge456 before production');
    expect(production.stdout).toMatch(/staging \(pending\) did not finish applying merge456 within the promotion timeout \(1 s\): production is not applied/);
    expect(writes(clusters.production)).toEqual([]);
  });
});
