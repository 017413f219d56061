/**
 * The reviewed plan bound to its pull request, on a real control plane (issue 23): the bundled action against the
 * loopback GitHub and the tier's API server, as the least-privilege ServiceAccount. A second pull request from the
 * same head into a branch with an unreviewed change, its plan run named in an edited comment: apply refuses, and
 * nothing is written to the cluster. The merged pull request's own reviewed plan then applies.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { mergePush, pullRequestEvent, runAction } from '../support/run-action.js';
import type { ActionRun } from '../support/run-action.js';
import { parseHeader, renderHeader } from '../../src/report/comment.js';
import { CLOUDS_YAML, KUBE_CONFIG } from '../support/plan-helpers.js';
import { providersSecretVersion, skipReason, useRealCluster } from './support/tier.js';

describe.skipIf(skipReason())('the reviewed plan bound to its pull request, on a real cluster', () => {
  const tier = useRealCluster({ ciPods: false });
  let gh: GitHubServer;
  beforeEach(async () => {
    gh = await startGitHubServer();
    gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
    // Staging comes before production in the example repo's order of promotion: it applied the merge already.
    gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'merge456', state: 'success', context: 'pool-reconciler/apply: staging' });
    gh.setCommitPulls('acme', 'ci-config', 'merge456', [
      { number: 21, title: 'Reviewed change', state: 'closed', merged_at: '2026-11-21T10:00:00Z', merge_commit_sha: 'merge456', base: 'main', head: 'feature', headSha: 'abc123' },
    ]);
  });
  afterEach(async () => {
    await gh.close();
  });

  const inputs = (clouds = CLOUDS_YAML): Record<string, string> => ({
    'config-path': path.relative(REPO_ROOT, tier.get().repo.dir),
    target: 'production',
    'github-token': 'actions-token',
    kubeconfig: tier.get().cluster.toolKubeconfig,
    'rollout-timeout': '120',
    'clouds-yaml': clouds,
    'kube-config': KUBE_CONFIG,
  });
  const push = (clouds?: string): Promise<ActionRun> => runAction(inputs(clouds), mergePush(gh.url));
  const secretRv = (): Promise<string | undefined> => providersSecretVersion(tier.get());

  it("threat: another pull request's plan run (same head, into a branch with an unreviewed change) named in an edited comment, on a real cluster; holds: apply refuses and writes nothing", async () => {
    const reviewed = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(reviewed.status, reviewed.stdout).toBe(0);
    // The unreviewed change: another clouds.yaml, planned by a second pull request from the same head into release.
    const unreviewedClouds = `${CLOUDS_YAML}\n# unreviewed\n`;
    const e = pullRequestEvent(22) as { pull_request: { base: object } };
    const other = await runAction(inputs(unreviewedClouds), { eventName: 'pull_request', event: { ...e, pull_request: { ...e.pull_request, base: { ...e.pull_request.base, ref: 'release' } } }, githubApiUrl: gh.url });
    expect(other.status, other.stdout).toBe(0);
    const otherHash = parseHeader(gh.comments('acme', 'ci-config', 22)[0].body)!.planHash!;
    const [c] = gh.comments('acme', 'ci-config', 21);
    const header = parseHeader(c.body) as unknown as Record<string, unknown>;
    header.run = String(other.runId);
    header.planHash = otherHash;
    const res = await fetch(`${gh.url}/repos/acme/ci-config/issues/comments/${c.id}`, {
      method: 'PATCH',
      headers: { authorization: 'token actions-token', 'content-type': 'application/json' },
      body: JSON.stringify({ body: `${renderHeader(header as never)}${c.body.slice(c.body.indexOf('\n'))}` }),
    });
    expect(res.status).toBe(200);

    const before = await secretRv();
    const deploy = await push(unreviewedClouds);
    expect(deploy.status).toBe(1);
    expect(deploy.stdout).toContain('was also opened from branch feature');
    expect(await secretRv()).toBe(before);

  });

  it("the merged pull request's own reviewed plan applies on the real cluster, through the plan run the API names", async () => {
    const reviewed = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(reviewed.status, reviewed.stdout).toBe(0);
    const before = await secretRv();
    const applied = await push();
    expect(applied.status, applied.stdout).toBe(0);
    expect(applied.stdout).toContain(`Reviewed plan: the plan artifact of run ${reviewed.runId} (pull request #21)`);
    expect(await secretRv()).not.toBe(before);
  });
});
