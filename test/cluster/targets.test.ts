/**
 * Several clusters from one config repo on a real control plane (issue 28): the bundled action per matrix entry,
 * against the loopback GitHub, with `production` the tier's real API server (as the least-privilege ServiceAccount)
 * and `staging` a sandbox. One plan run gives one comment with both targets' plans; apply in the order of promotion
 * converges both; with staging's apply failing, production's is refused and the real cluster gets no write.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { mergePush, pullRequestEvent, runAction, WORKFLOW_PATH } from '../support/run-action.js';
import type { ActionRun } from '../support/run-action.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { parseHeader } from '../../src/report/comment.js';
import { CLOUDS_YAML, KUBE_CONFIG } from '../support/plan-helpers.js';
import { providersSecretVersion, skipReason, useRealCluster } from './support/tier.js';

const TARGETS = ['staging', 'production'] as const;
type Target = (typeof TARGETS)[number];

describe.skipIf(skipReason())('two targets: production on a real cluster, staging on a sandbox', () => {
  const tier = useRealCluster({ ciPods: false, target: 'production' });
  let gh: GitHubServer;
  let staging: Sandbox;
  beforeEach(async () => {
    [gh, staging] = await Promise.all([startGitHubServer(), startSandbox(tier.get().repo.dir, { target: 'staging' })]);
    gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
    gh.setCommitPulls('acme', 'ci-config', 'merge456', [
      { number: 61, title: 'Both clusters', state: 'closed', merged_at: '2026-12-07T10:00:00Z', merge_commit_sha: 'merge456', base: 'main', head: 'feature', headSha: 'abc123' },
    ]);
  });
  afterEach(async () => {
    await Promise.all([gh.close(), staging.close()]);
  });

  const kubeconfig = (t: Target): string => (t === 'staging' ? staging.kubeconfig : tier.get().cluster.toolKubeconfig);
  const inputs = (t: Target, extra: Record<string, string> = {}): Record<string, string> => ({
    'config-path': path.relative(REPO_ROOT, tier.get().repo.dir),
    target: t,
    'github-token': 'actions-token',
    kubeconfig: kubeconfig(t),
    'rollout-timeout': '120',
    'clouds-yaml': CLOUDS_YAML,
    'kube-config': KUBE_CONFIG,
    ...extra,
  });
  const applyJob = (t: Target, extra: Record<string, string> = {}): Promise<ActionRun> => runAction(inputs(t, extra), mergePush(gh.url));
  const secretRv = (): Promise<string | undefined> => providersSecretVersion(tier.get());

  /** A pull request's plan run: a plan job per matrix entry (no comment of its own), then the comment job. */
  async function planRun(pr: number): Promise<{ jobs: Record<Target, ActionRun>; comment: ActionRun }> {
    const event = pullRequestEvent(pr);
    const { run } = gh.startRun({ owner: 'acme', repo: 'ci-config', path: WORKFLOW_PATH, event: 'pull_request', headSha: 'abc123', pullRequest: { number: pr, base: 'main', head: 'feature' } });
    const jobs = {} as Record<Target, ActionRun>;
    for (const t of TARGETS) jobs[t] = await runAction(inputs(t, { comment: 'off' }), { eventName: 'pull_request', event, githubApiUrl: gh.url, jobOfRun: run.id });
    const comment = await runAction({ 'config-path': path.relative(REPO_ROOT, tier.get().repo.dir), mode: 'comment', 'github-token': 'actions-token' }, { eventName: 'pull_request', event, githubApiUrl: gh.url, jobOfRun: run.id });
    gh.completeRun(run.id, Object.values(jobs).every((j) => j.status === 0) ? 'success' : 'failure');
    return { jobs, comment };
  }

  it('one comment shows both plans; apply per target in the order of promotion converges both clusters', async () => {
    const { jobs, comment } = await planRun(61);
    for (const t of TARGETS) expect(jobs[t].status, jobs[t].stdout).toBe(0);
    expect(comment.status, comment.stdout).toBe(0);
    const comments = gh.comments('acme', 'ci-config', 61);
    expect(comments).toHaveLength(1);
    const body = comments[0].body;
    expect(parseHeader(body)?.target).toMatch(/:\*$/);
    for (const t of TARGETS) expect(body).toContain(`| ${t} | 📝 changes planned | ${jobs[t].output('changes')} |`);
    // The real cluster's plan has the worker pool, the sandbox's (staging has none) does not.
    expect(jobs.production.stdout).toMatch(/worker-\d/);
    expect(jobs.staging.stdout).not.toMatch(/worker-\d/);

    const s = await applyJob('staging');
    expect(s.status, s.stdout).toBe(0);
    const p = await applyJob('production');
    expect(p.status, p.stdout).toBe(0);
    expect(p.stdout).toContain('Promotion: production comes after staging');
    // The real cluster's state says which target wrote it.
    const state = await tier.get().cluster.core.readNamespacedConfigMap({ name: 'pool-reconciler-state', namespace: 'sf' });
    expect(state.data?.owner).toMatch(/\/acme\/ci-config#production$/);

    const again = await planRun(62);
    for (const t of TARGETS) expect(again.jobs[t].output('changes'), again.jobs[t].stdout).toBe('0');
  });

  it("staging's apply fails: production's apply is refused before any write to the real cluster", async () => {
    staging.server.inject({ method: 'PATCH', times: Infinity, fault: { status: 500, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'etcdserver: request timed out', code: 500 } } });
    const s = await applyJob('staging', { 'skip-plan-check': 'true' });
    expect(s.status).toBe(1);
    const before = await secretRv();
    const p = await applyJob('production', { 'skip-plan-check': 'true', 'clouds-yaml': `${CLOUDS_YAML}\n# a change only production would write\n` });
    expect(p.status).toBe(1);
    expect(p.stdout).toMatch(/staging's apply of merge456 failed \(.*\): production is not applied/);
    expect(await secretRv()).toBe(before);
    expect(gh.statuses('acme', 'ci-config', 'merge456').filter((x) => x.context === 'pool-reconciler/apply: production').at(-1)?.state).toBe('failure');
  });
});
