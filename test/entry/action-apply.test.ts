/**
 * The bundled action from review to deploy: plan on the pull request (the comment carries the plan hash), then on
 * the push of the merge commit, apply exactly that plan and write the outcome on the pull request; a plan that
 * changed since the review is refused before any write.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { EXAMPLE_REPO } from '../support/example-repo.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { pullRequestEvent, runAction } from '../support/run-action.js';

let gh: GitHubServer;
let sandbox: Sandbox;

beforeEach(async () => {
  [gh, sandbox] = await Promise.all([startGitHubServer(), startSandbox(EXAMPLE_REPO)]);
  gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
  // Staging comes before production in the example repo's order of promotion: it applied the merge already.
  gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'merge456', state: 'success', context: 'pool-reconciler/apply: staging' });
  gh.setCommitPulls('acme', 'ci-config', 'merge456', [
    { number: 21, title: 'Taint the dispatch pool', state: 'closed', merged_at: '2026-11-21T10:00:00Z', merge_commit_sha: 'merge456', base: 'main', head: 'feature', headSha: 'abc123' },
  ]);
});

afterEach(async () => {
  await Promise.all([gh.close(), sandbox.close()]);
});

const secrets = {
  'clouds-yaml': 'clouds:\n  vexxhost:\n    auth:\n      password: canary-apply-7d1e\n    regions: [ca-ymq-1]\n',
  'kube-config': 'apiVersion: v1\nkind: Config\ncontexts:\n  - name: openshiftpods\n    context: {cluster: c, user: u}\nclusters:\n  - name: c\n    cluster: {server: "https://x.example"}\nusers:\n  - name: u\n    user: {token: canary-token-5a2b}\ncurrent-context: openshiftpods\n',
};

function inputs(): Record<string, string> {
  return { 'config-path': path.relative(REPO_ROOT, EXAMPLE_REPO), target: 'production', 'github-token': 'actions-token', kubeconfig: sandbox.kubeconfig, 'rollout-timeout': '30', ...secrets };
}

const pushEvent = { ref: 'refs/heads/main', after: 'merge456', repository: { full_name: 'acme/ci-config', default_branch: 'main' } };
const push = () => runAction(inputs(), { eventName: 'push', event: pushEvent, githubApiUrl: gh.url, env: { GITHUB_SHA: 'merge456', GITHUB_REF: 'refs/heads/main' } });

describe('review, then deploy', () => {
  it('applies the reviewed plan on the push of the merge and writes the outcome on the pull request', async () => {
    const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(plan.status, plan.stdout).toBe(0);
    expect(Number(plan.output('changes'))).toBeGreaterThan(0);

    const deploy = await push();
    expect(deploy.status, deploy.stdout).toBe(0);
    expect(deploy.output('mode')).toBe('apply');
    expect(deploy.stdout).toMatch(/Reviewed plan: the plan artifact of run \d+ \(pull request #21\)/);
    expect(deploy.summary).toMatch(/applied/);
    const [comment] = gh.comments('acme', 'ci-config', 21);
    expect(comment.body).toMatch(/Applied/i);
    expect(comment.body.split('\n')[0]).toContain('"outcome":"applied"');

    // Once after the apply: the sandbox's Dispatch seed (the repo server without the toleration, the newest TaskRun
    // of dispatch-ci off its pool) is reported, not failed; Tekton's changed config-defaults shows on the next TaskRun.
    expect(deploy.stdout).toContain('Dispatch placement: needs `konvoy up`: argo-cd.repoServer (Deployment dispatch/argocd-repo-server)');
    expect(deploy.stdout).toContain('Dispatch placement: CI pods of the repository in namespace dispatch-ci');
    expect(deploy.stdout).toMatch(/::warning title=Dispatch placement::2 Dispatch component\(s\) or CI repositories/);
    expect(deploy.stdout).toContain("Tekton's tekton-pipelines/config-defaults changed: Tekton applies the new default pod template to the pods of TaskRuns it starts from now on");
    expect(deploy.summary).toContain('argo-cd.repoServer');

    // Nodes now carry the pool's taint; the control plane keeps its own.
    const dispatchNode = sandbox.server.get('Node', 'dispatch-1') as { spec: { taints: Array<{ key: string }> } };
    expect(dispatchNode.spec.taints.map((t) => t.key)).toContain('konvoy.mesosphere.com/node_pool');
    const cp = sandbox.server.get('Node', 'control-plane-1') as { spec: { taints: Array<{ key: string }> } };
    expect(cp.spec.taints.map((t) => t.key)).toContain('node-role.kubernetes.io/control-plane');

    const everything = [deploy.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'), deploy.stderr, deploy.outputs, deploy.summary, comment.body].join('\n');
    expect(everything).not.toContain('canary-apply-7d1e');
    expect(everything).not.toContain('canary-token-5a2b');
  });

  it('refuses a plan that changed since the review, before any write, and says so on the pull request', async () => {
    const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(plan.status).toBe(0);
    // After the review the clouds.yaml secret is rotated: the change to apply is no longer the reviewed one (a node
    // joining the pool would not be: that is weather, applied within the reviewed intent).
    sandbox.server.clearRequests();
    const deploy = await runAction({ ...inputs(), 'clouds-yaml': `${inputs()['clouds-yaml']}# rotated\n` }, { eventName: 'push', event: pushEvent, githubApiUrl: gh.url, env: { GITHUB_SHA: 'merge456', GITHUB_REF: 'refs/heads/main' } });
    expect(deploy.status).toBe(1);
    expect(deploy.stdout).toMatch(/::error::.*plan changed since it was reviewed/i);
    expect(sandbox.server.requestsMatching({}).filter((q) => q.method !== 'GET' && !q.path.includes('/leases'))).toEqual([]);
    const [comment] = gh.comments('acme', 'ci-config', 21);
    expect(comment.body.split('\n')[0]).toContain('"outcome":"plan\\u002dchanged"');
  });

  it('without a reviewed plan, apply refuses unless told to skip the check', async () => {
    gh.setCommitPulls('acme', 'ci-config', 'merge456', []);
    const refused = await push();
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('Reviewed plan: no merged pull request');
    const forced = await runAction({ ...inputs(), 'skip-plan-check': 'true' }, { eventName: 'push', event: pushEvent, githubApiUrl: gh.url, env: { GITHUB_SHA: 'merge456', GITHUB_REF: 'refs/heads/main' } });
    expect(forced.status, forced.stdout).toBe(0);
  });

  it('never applies from a pull request, even when asked', async () => {
    const r = await runAction({ ...inputs(), mode: 'apply' }, { eventName: 'pull_request', event: pullRequestEvent(22), githubApiUrl: gh.url });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error::.*apply/i);
    expect(sandbox.server.requestsMatching({}).filter((q) => q.method !== 'GET')).toEqual([]);
  });
});
