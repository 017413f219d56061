/**
 * The reviewed-plan guard cannot be satisfied without a review (issue 16, finding 1). The plan run stores its plan
 * as an artifact of its own workflow run and names the run in the comment; apply takes the plan from the artifact
 * of that run, after checking through the API that the run is the plan workflow's, on pull_request, at the merged
 * pull request's head commit, and that it succeeded. A comment edited by any workflow that has the token (or a run
 * it made) does not move it, and no refusal prints the hash that would be accepted.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { copyExampleRepo } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { WORKFLOW_PATH, pullRequestEvent, runAction } from '../support/run-action.js';
import type { ActionRun } from '../support/run-action.js';
import { planArtifactName, unzip, zipOne } from '../../src/io/github/artifact.js';
import { parseHeader, renderHeader } from '../../src/io/github/comment.js';
import { planHash } from '../../src/plan/hash.js';
import type { Plan } from '../../src/plan/types.js';

let gh: GitHubServer;
let sandbox: Sandbox;
let repo: RepoCopy;

beforeEach(async () => {
  repo = copyExampleRepo();
  [gh, sandbox] = await Promise.all([startGitHubServer(), startSandbox(repo.dir)]);
  gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
  gh.setCommitPulls('acme', 'ci-config', 'merge456', [
    { number: 21, title: 'Reviewed change', state: 'closed', merged_at: '2026-11-21T10:00:00Z', merge_commit_sha: 'merge456', base: 'main', head: 'feature', headSha: 'abc123' },
  ]);
});

afterEach(async () => {
  await Promise.all([gh.close(), sandbox.close()]);
  repo.cleanup();
});

const inputs = (): Record<string, string> => ({
  'config-path': path.relative(REPO_ROOT, repo.dir),
  target: 'production',
  'github-token': 'actions-token',
  kubeconfig: sandbox.kubeconfig,
  'rollout-timeout': '30',
  'clouds-yaml': 'clouds:\n  vexxhost:\n    auth:\n      password: guard-canary-1f3e\n    regions: [ca-ymq-1]\n',
});

const pushEvent = { ref: 'refs/heads/main', after: 'merge456', repository: { full_name: 'acme/ci-config', default_branch: 'main' } };
const push = (): Promise<ActionRun> => runAction(inputs(), { eventName: 'push', event: pushEvent, githubApiUrl: gh.url, env: { GITHUB_SHA: 'merge456', GITHUB_REF: 'refs/heads/main' } });

/** What apply would compute now, to check it is never printed. */
function currentHashes(r: ActionRun): string[] {
  return (r.outputs.match(/sha256:[0-9a-f]{64}/g) ?? []);
}

async function patchComment(change: (h: Record<string, unknown>) => void): Promise<void> {
  const [c] = gh.comments('acme', 'ci-config', 21);
  const nl = c.body.indexOf('\n');
  const header = parseHeader(c.body) as unknown as Record<string, unknown>;
  change(header);
  const body = `${renderHeader(header as never)}${c.body.slice(nl)}`;
  const res = await fetch(`${gh.url}/repos/acme/ci-config/issues/comments/${c.id}`, {
    method: 'PATCH',
    headers: { authorization: 'token actions-token', 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  expect(res.status).toBe(200);
}

/** A plan JSON that is internally consistent (its own hash), made by an attacker from the real one. */
function forgedPlan(real: Plan): Plan {
  const { hash: _h, ...rest } = { ...real, notes: [...real.notes, 'forged'] };
  return { ...rest, hash: planHash(rest) } as Plan;
}

/** The hash of the plan as it is now, at the reviewed commit (a manual plan run of the same state). */
async function planNow(): Promise<string> {
  const now = await runAction({ ...inputs(), mode: 'plan' }, { eventName: 'workflow_dispatch', event: { inputs: {}, repository: { default_branch: 'main' } }, githubApiUrl: gh.url, env: { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'abc123' } });
  const hash = now.output('plan-hash')!;
  expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  return hash;
}

describe('the reviewed plan is bound to the plan run', () => {
  it('the plan run stores its plan as an artifact of its own run and names the run in the comment; apply takes it from there', async () => {
    const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(plan.status, plan.stdout).toBe(0);
    const header = parseHeader(gh.comments('acme', 'ci-config', 21)[0].body)!;
    expect(header).toMatchObject({ run: String(plan.runId) });
    const artifact = gh.artifacts.find((a) => a.runId === plan.runId)!;
    expect(artifact).toMatchObject({ name: planArtifactName('production'), finalized: true });
    const stored = JSON.parse(unzip(artifact.blob!).get('plan.json')!.toString('utf8')) as Plan;
    expect(stored.hash).toBe(header.planHash);

    const deploy = await push();
    expect(deploy.status, deploy.stdout).toBe(0);
    expect(deploy.stdout).toContain(`Reviewed plan: the plan artifact of run ${plan.runId} (pull request #21)`);
  });

  it('a comment edited to the hash of the plan as it is now (unreviewed) does not make apply accept it', async () => {
    const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(plan.status).toBe(0);
    // After the review the cluster changes; someone computes the new plan's hash and writes it into the comment.
    sandbox.server.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-7', labels: { 'konvoy.mesosphere.com/node_pool': 'worker' } }, spec: {} });
    const unreviewed = await planNow();
    await patchComment((h) => (h.planHash = unreviewed));
    sandbox.server.clearRequests();
    const deploy = await push();
    expect(deploy.status, deploy.stdout).toBe(1);
    expect(deploy.stdout).toMatch(/plan changed since it was reviewed/);
    expect(sandbox.server.requestsMatching({}).filter((q) => q.method !== 'GET' && !q.path.includes('/leases'))).toEqual([]);
  });

  const attacks: Array<[string, { path?: string; event?: string; headSha?: string; conclusion?: 'success' | 'failure' }]> = [
    ['another workflow of the repository', { path: '.github/workflows/release.yml' }],
    ['the plan workflow on workflow_dispatch', { event: 'workflow_dispatch' }],
    ['the plan workflow at another commit', { headSha: 'f00d' }],
    ['a plan run that failed', { conclusion: 'failure' }],
  ];
  for (const [what, run] of attacks) {
    it(`a comment pointed at ${what}, whose artifact holds a forged plan, is refused before any write`, async () => {
      const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
      expect(plan.status).toBe(0);
      const real = JSON.parse(unzip(gh.artifacts.find((a) => a.runId === plan.runId)!.blob!).get('plan.json')!.toString('utf8')) as Plan;
      const evil = gh.seedRun({ owner: 'acme', repo: 'ci-config', path: run.path ?? WORKFLOW_PATH, event: run.event ?? 'pull_request', headSha: run.headSha ?? 'abc123', status: 'completed', conclusion: run.conclusion ?? 'success' });
      const forged = forgedPlan(real);
      gh.seedArtifact(evil.id, planArtifactName('production'), zipOne('plan.json', Buffer.from(JSON.stringify(forged))));
      await patchComment((h) => {
        h.run = String(evil.id);
        h.planHash = forged.hash;
      });
      sandbox.server.clearRequests();
      const deploy = await push();
      expect(deploy.status).toBe(1);
      expect(deploy.stdout).toMatch(new RegExp(`::error title=reviewed plan::Reviewed plan: run ${evil.id}, .*cannot carry the reviewed plan`));
      expect(sandbox.server.requestsMatching({}).filter((q) => q.method !== 'GET' && !q.path.includes('/leases'))).toEqual([]);
    });
  }

  it('a refusal never prints the hash that would be accepted', async () => {
    const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(plan.status).toBe(0);
    sandbox.server.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-8', labels: { 'konvoy.mesosphere.com/node_pool': 'worker' } }, spec: {} });
    const deploy = await push();
    expect(deploy.status).toBe(1);
    // What the plan is now, at the reviewed commit: what an attacker would want printed, to write it into the comment.
    const accepted = await planNow();
    const everything = [deploy.stdout, deploy.stderr, deploy.summary, deploy.outputs, ...gh.comments('acme', 'ci-config', 21).map((c) => c.body)].join('\n');
    expect(everything).not.toContain(accepted);
    expect(everything).not.toContain(accepted.slice(7, 19));
    expect(currentHashes(deploy)).not.toContain(accepted);
  });

  it('a comment that names no run (written before, or by hand) gives no reviewed plan', async () => {
    const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(plan.status).toBe(0);
    await patchComment((h) => delete h.run);
    const deploy = await push();
    expect(deploy.status).toBe(1);
    expect(deploy.stdout).toMatch(/names no plan run/);
  });
});
