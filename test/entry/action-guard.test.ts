/**
 * The reviewed-plan guard cannot be satisfied without a review (issue 16, finding 1; issue 23). The plan run stores
 * its plan as an artifact of its own workflow run; apply takes the plan from the artifact of the merged pull
 * request's newest successful plan run, which it finds through the API (the plan workflow's, on pull_request, at the
 * pull request's head commit, from its head branch, no other pull request ever opened from that branch). A comment
 * edited by any workflow that has the token (or a run it made) does not move it, and no refusal prints the hash that
 * would be accepted.
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
import { parseHeader, renderHeader } from '../../src/report/comment.js';
import { planHash } from '../../src/plan/hash.js';
import type { Plan } from '../../src/plan/types.js';

let gh: GitHubServer;
let sandbox: Sandbox;
let repo: RepoCopy;

beforeEach(async () => {
  repo = copyExampleRepo();
  [gh, sandbox] = await Promise.all([startGitHubServer(), startSandbox(repo.dir)]);
  gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
  // Staging comes before production in the example repo's order of promotion: it applied the merge already.
  gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'merge456', state: 'success', context: 'pool-reconciler/apply: staging' });
  gh.setCommitPulls('acme', 'ci-config', 'merge456', [
    { number: 21, title: 'Reviewed change', state: 'closed', merged_at: '2026-11-21T10:00:00Z', merge_commit_sha: 'merge456', base: 'main', head: 'feature', headSha: 'abc123' },
  ]);
});

afterEach(async () => {
  await Promise.all([gh.close(), sandbox.close()]);
  repo.cleanup();
});

/** Appended to the clouds.yaml password: a secret rotated after the review changes what apply would do. */
let rotation = '';
afterEach(() => {
  rotation = '';
});

const inputs = (): Record<string, string> => ({
  'config-path': path.relative(REPO_ROOT, repo.dir),
  target: 'production',
  'github-token': 'actions-token',
  kubeconfig: sandbox.kubeconfig,
  'rollout-timeout': '30',
  'clouds-yaml': `clouds:\n  vexxhost:\n    auth:\n      password: guard-canary-1f3e${rotation}\n    regions: [ca-ymq-1]\n`,
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

  it('a re-run of the plan job ("Re-run jobs") stores its plan again: the earlier attempt\'s artifact of that name is replaced, and apply takes the new one', async () => {
    const first = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(first.status, first.stdout).toBe(0);
    // A secret rotated before the re-run: the second attempt's plan differs from the first's.
    rotation = '-rotated';
    const again = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url, rerunOf: first.runId! });
    expect(again.status, again.stdout).toBe(0);
    expect(again.stdout).not.toContain('could not be stored');
    const stored = gh.artifacts.filter((a) => a.runId === first.runId && a.name === planArtifactName('production'));
    expect(stored).toHaveLength(1);
    const plan = JSON.parse(unzip(stored[0].blob!).get('plan.json')!.toString('utf8')) as Plan;
    expect(plan.hash).toBe(parseHeader(gh.comments('acme', 'ci-config', 21)[0].body)!.planHash);

    const deploy = await push();
    expect(deploy.status, deploy.stdout).toBe(0);
    expect(deploy.stdout).toContain(`Reviewed plan: the plan artifact of run ${first.runId} (pull request #21)`);
  });

  it('threat: the bot comment edited to the hash of the plan as it is now, unreviewed; holds: apply recomputes the plan and compares it with the reviewed plan artifact, not with the comment', async () => {
    const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(plan.status).toBe(0);
    // After the review the change is another (a provider secret rotated); someone computes the new plan's hash and
    // writes it into the comment.
    rotation = '-rotated';
    const unreviewed = await planNow();
    await patchComment((h) => (h.planHash = unreviewed));
    sandbox.server.clearRequests();
    const deploy = await push();
    expect(deploy.status, deploy.stdout).toBe(1);
    expect(deploy.stdout).toMatch(/plan changed since it was reviewed/);
    expect(sandbox.server.requestsMatching({}).filter((q) => q.method !== 'GET' && !q.path.includes('/leases'))).toEqual([]);
  });

  /** A pull_request event of pull request `number` from `head` (at abc123, like #21) into `base`. */
  const otherPullRequest = (number: number, base: string, head = 'feature'): object => {
    const e = pullRequestEvent(number) as { pull_request: { head: object; base: object } };
    return { ...e, pull_request: { ...e.pull_request, head: { ...e.pull_request.head, ref: head }, base: { ...e.pull_request.base, ref: base } } };
  };

  /**
   * Pull request #21 is reviewed; then an unreviewed change (a rotated secret) is planned by pull request #22 from
   * `head` into release, at the same head commit, and #21's comment is edited to name #22's run and hash. Apply on
   * the push of the merge writes nothing (checked here).
   */
  async function otherRunInComment(head: string): Promise<{ reviewed: ActionRun; other: ActionRun; deploy: ActionRun }> {
    const reviewed = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(reviewed.status).toBe(0);
    rotation = '-rotated';
    const other = await runAction(inputs(), { eventName: 'pull_request', event: otherPullRequest(22, 'release', head), githubApiUrl: gh.url });
    expect(other.status).toBe(0);
    const otherHash = parseHeader(gh.comments('acme', 'ci-config', 22)[0].body)!.planHash!;
    await patchComment((h) => {
      h.run = String(other.runId);
      h.planHash = otherHash;
    });
    sandbox.server.clearRequests();
    const deploy = await push();
    expect(sandbox.server.requestsMatching({}).filter((q) => q.method !== 'GET' && !q.path.includes('/leases'))).toEqual([]);
    return { reviewed, other, deploy };
  }

  it("threat: another pull request's plan run (same head, into a branch with an unreviewed change) named in an edited comment; holds: apply refuses while another pull request was opened from the same branch", async () => {
    const { deploy } = await otherRunInComment('feature');
    expect(deploy.status).toBe(1);
    expect(deploy.stdout).toContain('::error title=reviewed plan::Reviewed plan: no plan run of pull request #21 can carry the reviewed plan: pull request #22 (into release, open) was also opened from branch feature');
    // Closed, it still counts: its runs look the same.
    gh.seedPull('acme', 'ci-config', { number: 22, state: 'closed', merged_at: null, base: 'release', head: 'feature', headSha: 'abc123' });
    const again = await push();
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('pull request #22 (into release, closed) was also opened from branch feature');
  });

  it("threat: another pull request's plan run at the same head commit, from another branch, named in an edited comment; holds: the reviewed plan is the merged pull request's newest plan run, found through the API", async () => {
    const { reviewed, other, deploy } = await otherRunInComment('feature-copy');
    expect(deploy.status).toBe(1);
    expect(deploy.stdout).toContain(`Reviewed plan: the plan artifact of run ${reviewed.runId} (pull request #21)`);
    expect(deploy.stdout).toMatch(new RegExp(`::warning::The plan comment of pull request #21 names run "${other.runId}", not run ${reviewed.runId}`));
    expect(deploy.stdout).toMatch(/plan changed since it was reviewed/);
    expect(gh.requests.some((q) => q.path === `/repos/acme/ci-config/actions/runs/${other.runId}/artifacts`)).toBe(false);
  });

  const attacks: Array<[string, { path?: string; event?: string; headSha?: string; conclusion?: 'success' | 'failure' }]> = [
    ['another workflow of the repository', { path: '.github/workflows/release.yml' }],
    ['the plan workflow on workflow_dispatch', { event: 'workflow_dispatch' }],
    ['the plan workflow at another commit', { headSha: 'f00d' }],
    ['a plan run that failed', { conclusion: 'failure' }],
  ];
  for (const [what, run] of attacks) {
    it(`a comment pointed at ${what}, whose artifact holds a forged plan, does not choose the reviewed plan: the artifact is never read`, async () => {
      const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
      expect(plan.status).toBe(0);
      const real = JSON.parse(unzip(gh.artifacts.find((a) => a.runId === plan.runId)!.blob!).get('plan.json')!.toString('utf8')) as Plan;
      const evil = gh.seedRun({ owner: 'acme', repo: 'ci-config', path: run.path ?? WORKFLOW_PATH, event: run.event ?? 'pull_request', headSha: run.headSha ?? 'abc123', status: 'completed', conclusion: run.conclusion ?? 'success', pullRequest: { number: 21, base: 'main', head: 'feature' } });
      const forged = forgedPlan(real);
      gh.seedArtifact(evil.id, planArtifactName('production'), zipOne('plan.json', Buffer.from(JSON.stringify(forged))));
      await patchComment((h) => {
        h.run = String(evil.id);
        h.planHash = forged.hash;
      });
      const deploy = await push();
      expect(deploy.status, deploy.stdout).toBe(0);
      expect(deploy.stdout).toContain(`Reviewed plan: the plan artifact of run ${plan.runId} (pull request #21)`);
      expect(gh.requests.some((q) => q.path === `/repos/acme/ci-config/actions/runs/${evil.id}/artifacts`)).toBe(false);
    });
  }

  it('threat: a refusal that prints the hash apply would accept, for a forged review to copy; holds: no channel ever shows the current plan\'s hash when apply refuses', async () => {
    const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(plan.status).toBe(0);
    rotation = '-rotated'; // the change is not the one reviewed
    const deploy = await push();
    expect(deploy.status).toBe(1);
    // What the plan is now, at the reviewed commit: what an attacker would want printed, to write it into the comment.
    const accepted = await planNow();
    const everything = [deploy.stdout, deploy.stderr, deploy.summary, deploy.outputs, ...gh.comments('acme', 'ci-config', 21).map((c) => c.body)].join('\n');
    expect(everything).not.toContain(accepted);
    expect(everything).not.toContain(accepted.slice(7, 19));
    expect(currentHashes(deploy)).not.toContain(accepted);
  });

  it('a comment that names no run (written before, or by hand) does not matter: the API names the plan run', async () => {
    const plan = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: gh.url });
    expect(plan.status).toBe(0);
    await patchComment((h) => delete h.run);
    const deploy = await push();
    expect(deploy.status, deploy.stdout).toBe(0);
    expect(deploy.stdout).toContain(`Reviewed plan: the plan artifact of run ${plan.runId} (pull request #21)`);
  });

  it('a pull request merged from a fork has no plan run (its runs get no secrets): said, not searched for', async () => {
    gh.setCommitPulls('acme', 'ci-config', 'merge456', [
      { number: 21, title: 'From a fork', state: 'closed', merged_at: '2026-11-21T10:00:00Z', merge_commit_sha: 'merge456', base: 'main', head: 'main', headSha: 'abc123', headRepository: 'someone/ci-config' },
    ]);
    const deploy = await push();
    expect(deploy.status).toBe(1);
    expect(deploy.stdout).toContain('pull request #21 came from someone/ci-config, a fork');
    expect(gh.requests.some((q) => q.path === '/repos/acme/ci-config/pulls' || q.path.includes('/actions/workflows/'))).toBe(false);
  });

  it('a merged pull request with no successful plan run gives no reviewed plan, and says why', async () => {
    const failed = gh.seedRun({ owner: 'acme', repo: 'ci-config', path: WORKFLOW_PATH, event: 'pull_request', headSha: 'abc123', status: 'completed', conclusion: 'failure', pullRequest: { number: 21, base: 'main', head: 'feature' } });
    expect(failed.headBranch).toBe('feature');
    const deploy = await push();
    expect(deploy.status).toBe(1);
    expect(deploy.stdout).toContain('no successful run of .github/workflows/pool-reconciler.yml on pull_request at abc123 from branch feature was found for pull request #21');
  });
});
