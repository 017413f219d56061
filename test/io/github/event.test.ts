import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as github from '@actions/github';
import { ModeError, findMergedPullRequest, parseMode, resolveMode, runUrlFromEnv } from '../../../src/io/github/event.js';
import { type GitHubServer, startGitHubServer } from '../../support/github-server.js';

const repository = { full_name: 'acme/pools', name: 'pools', owner: { login: 'acme' }, default_branch: 'main' };

function prPayload(fork = false): Record<string, unknown> {
  return {
    action: 'synchronize',
    number: 42,
    pull_request: {
      number: 42,
      head: { ref: 'feature', sha: 'a'.repeat(40), repo: { full_name: fork ? 'someone/pools' : 'acme/pools' } },
      base: { ref: 'main', sha: 'b'.repeat(40), repo: { full_name: 'acme/pools' } },
    },
    repository,
  };
}

const pushPayload = { ref: 'refs/heads/main', before: '1'.repeat(40), after: 'c'.repeat(40), repository, deleted: false };

describe('resolveMode', () => {
  it('pull_request with cluster credentials: plan', () => {
    const r = resolveMode({ eventName: 'pull_request', payload: prPayload(), ref: 'refs/pull/42/merge', hasClusterCredentials: true });
    expect(r).toMatchObject({ mode: 'plan', pullRequest: 42, headSha: 'a'.repeat(40), branch: 'main', baseSha: 'b'.repeat(40), fromFork: false });
    expect(r.notice).toBeUndefined();
  });

  it('pull_request without credentials: validate, with a notice that no plan was made', () => {
    const r = resolveMode({ eventName: 'pull_request', payload: prPayload(), ref: 'refs/pull/42/merge', hasClusterCredentials: false });
    expect(r.mode).toBe('validate');
    expect(r.notice).toMatch(/No plan was made/);
    expect(r.notice).toMatch(/forks get no secrets/);
    expect(r.reason).toMatch(/without cluster credentials/);
  });

  it('a fork pull request says that it comes from a fork', () => {
    const r = resolveMode({ eventName: 'pull_request', payload: prPayload(true), hasClusterCredentials: false });
    expect(r).toMatchObject({ mode: 'validate', fromFork: true });
    expect(r.notice).toMatch(/comes from a fork/);
  });

  it('pull_request with an explicit plan but no credentials still falls back to validate', () => {
    const r = resolveMode({ eventName: 'pull_request', payload: prPayload(true), modeInput: 'plan', hasClusterCredentials: false });
    expect(r.mode).toBe('validate');
  });

  it('pull_request with mode validate stays validate even with credentials', () => {
    expect(resolveMode({ eventName: 'pull_request', payload: prPayload(), modeInput: 'validate', hasClusterCredentials: true }).mode).toBe('validate');
  });

  it('refuses apply from pull_request and pull_request_target, with a clear error', () => {
    for (const eventName of ['pull_request', 'pull_request_target']) {
      expect(() => resolveMode({ eventName, payload: prPayload(), modeInput: 'apply', hasClusterCredentials: true })).toThrow(ModeError);
      expect(() => resolveMode({ eventName, payload: prPayload(), modeInput: 'APPLY', hasClusterCredentials: true })).toThrow(
        /never runs from a pull_request/,
      );
    }
  });

  it('refuses drift from a pull request', () => {
    expect(() => resolveMode({ eventName: 'pull_request', payload: prPayload(), modeInput: 'drift', hasClusterCredentials: true })).toThrow(
      /drift/,
    );
  });

  it('pull_request_target behaves as pull_request when allowed (else: validate, see below)', () => {
    const r = resolveMode({ eventName: 'pull_request_target', payload: prPayload(), hasClusterCredentials: true, allowPullRequestTarget: true });
    expect(r.mode).toBe('plan');
  });

  it('push to the default branch: apply', () => {
    const r = resolveMode({ eventName: 'push', payload: pushPayload, ref: 'refs/heads/main', hasClusterCredentials: true });
    expect(r).toMatchObject({ mode: 'apply', headSha: 'c'.repeat(40), branch: 'main' });
  });

  it('push to the default branch uses an explicit defaultBranch over the payload', () => {
    const r = resolveMode({ eventName: 'push', payload: pushPayload, ref: 'refs/heads/main', defaultBranch: 'trunk', hasClusterCredentials: true });
    expect(r.mode).toBe('validate');
    expect(r.notice).toMatch(/trunk/);
  });

  it('push to another branch: validate, and says why', () => {
    const r = resolveMode({ eventName: 'push', payload: { ...pushPayload, ref: 'refs/heads/topic' }, ref: 'refs/heads/topic', hasClusterCredentials: true });
    expect(r.mode).toBe('validate');
    expect(r.notice).toMatch(/branch topic, not to the default branch \(main\)/);
  });

  it('push of a tag: validate', () => {
    const r = resolveMode({ eventName: 'push', payload: pushPayload, ref: 'refs/tags/v1', hasClusterCredentials: true });
    expect(r.mode).toBe('validate');
    expect(r.notice).toMatch(/refs\/tags\/v1/);
  });

  it('push to the default branch without credentials is an error (apply cannot run)', () => {
    expect(() => resolveMode({ eventName: 'push', payload: pushPayload, ref: 'refs/heads/main', hasClusterCredentials: false })).toThrow(
      /needs cluster credentials/,
    );
  });

  it('an explicit apply on a push to another branch is refused', () => {
    expect(() =>
      resolveMode({ eventName: 'push', payload: pushPayload, ref: 'refs/heads/topic', modeInput: 'apply', hasClusterCredentials: true }),
    ).toThrow(/runs only on the default branch \(main\); this run is on branch topic/);
  });

  it('workflow_dispatch: each mode from the input', () => {
    for (const mode of ['validate', 'plan', 'apply', 'drift'] as const) {
      const r = resolveMode({
        eventName: 'workflow_dispatch',
        payload: { inputs: { mode }, ref: 'refs/heads/main', repository },
        ref: 'refs/heads/main',
        sha: 'd'.repeat(40),
        modeInput: mode,
        hasClusterCredentials: true,
      });
      expect(r).toMatchObject({ mode, headSha: 'd'.repeat(40) });
    }
  });

  it('workflow_dispatch reads the mode from the event inputs when the action input is empty', () => {
    const r = resolveMode({ eventName: 'workflow_dispatch', payload: { inputs: { mode: 'drift' }, repository }, ref: 'refs/heads/main', hasClusterCredentials: true });
    expect(r.mode).toBe('drift');
  });

  it('workflow_dispatch without a mode validates; with an unknown mode throws', () => {
    expect(resolveMode({ eventName: 'workflow_dispatch', payload: { repository }, ref: 'refs/heads/main', hasClusterCredentials: false }).mode).toBe('validate');
    expect(() => resolveMode({ eventName: 'workflow_dispatch', payload: { repository }, modeInput: 'destroy', hasClusterCredentials: true })).toThrow(
      /not a mode; use one of validate, plan, apply, drift/,
    );
  });

  it('workflow_dispatch apply on a non-default branch and plan without credentials are refused', () => {
    expect(() =>
      resolveMode({ eventName: 'workflow_dispatch', payload: { repository }, ref: 'refs/heads/topic', modeInput: 'apply', hasClusterCredentials: true }),
    ).toThrow(/default branch/);
    expect(() =>
      resolveMode({ eventName: 'workflow_dispatch', payload: { repository }, ref: 'refs/heads/main', modeInput: 'plan', hasClusterCredentials: false }),
    ).toThrow(/needs cluster credentials/);
  });

  it('schedule: drift', () => {
    const r = resolveMode({ eventName: 'schedule', payload: { schedule: '0 5 * * *' }, ref: 'refs/heads/main', sha: 'e'.repeat(40), hasClusterCredentials: true });
    expect(r).toMatchObject({ mode: 'drift', headSha: 'e'.repeat(40), branch: 'main' });
    expect(() => resolveMode({ eventName: 'schedule', payload: {}, ref: 'refs/heads/main', hasClusterCredentials: false })).toThrow(/credentials/);
  });

  it('another event validates with a notice', () => {
    const r = resolveMode({ eventName: 'merge_group', payload: { repository }, ref: 'refs/heads/gh-readonly-queue/main/x', hasClusterCredentials: true });
    expect(r.mode).toBe('validate');
    expect(r.notice).toMatch(/merge_group/);
  });

  it('parseMode accepts empty and auto', () => {
    expect(parseMode('')).toBeUndefined();
    expect(parseMode(' auto ')).toBeUndefined();
    expect(parseMode('Plan')).toBe('plan');
  });
});

describe('runUrlFromEnv', () => {
  it('links the run attempt', () => {
    expect(runUrlFromEnv({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/pools', GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '2' })).toBe(
      'https://github.com/acme/pools/actions/runs/123/attempts/2',
    );
    expect(runUrlFromEnv({ GITHUB_REPOSITORY: 'acme/pools', GITHUB_RUN_ID: '123' })).toBe('https://github.com/acme/pools/actions/runs/123');
    expect(runUrlFromEnv({})).toBeUndefined();
  });
});

describe('findMergedPullRequest (real Octokit, loopback GitHub)', () => {
  let server: GitHubServer;
  beforeAll(async () => {
    server = await startGitHubServer();
    server.addToken({ token: 'ghs_actions', user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }, installation: true });
  });
  afterAll(() => server.close());

  it('finds the pull request a push to the default branch merged', async () => {
    const sha = 'c'.repeat(40);
    server.setCommitPulls('acme', 'pools', sha, [
      { number: 7, base: 'release', merge_commit_sha: sha, headSha: '7'.repeat(40) },
      { number: 9, base: 'main', merge_commit_sha: sha, headSha: '9'.repeat(40), title: 'Add pool gpu' },
      { number: 11, base: 'main', merged_at: null, state: 'open' },
    ]);
    const octokit = github.getOctokit('ghs_actions', { baseUrl: server.url });
    const pr = await findMergedPullRequest(octokit, { owner: 'acme', repo: 'pools', sha, defaultBranch: 'main' });
    expect(pr).toEqual({
      number: 9,
      title: 'Add pool gpu',
      url: 'https://github.com/acme/pools/pull/9',
      headSha: '9'.repeat(40),
      headRef: 'feature',
      headRepository: 'acme/pools',
      baseRef: 'main',
      mergeCommitSha: sha,
    });
    const last = server.requests.at(-1)!;
    expect(last).toMatchObject({ method: 'GET', path: `/repos/acme/pools/commits/${sha}/pulls`, status: 200, login: 'github-actions[bot]' });
  });

  it('is undefined for a direct push without a merged pull request', async () => {
    const sha = 'd'.repeat(40);
    server.setCommitPulls('acme', 'pools', sha, [{ number: 12, base: 'main', merged_at: null, state: 'open' }]);
    const octokit = github.getOctokit('ghs_actions', { baseUrl: server.url });
    expect(await findMergedPullRequest(octokit, { owner: 'acme', repo: 'pools', sha, defaultBranch: 'main' })).toBeUndefined();
  });
});

describe('apply only from push and workflow_dispatch (issue 16)', () => {
  const onMain = { ref: 'refs/heads/main', sha: 'abc', hasClusterCredentials: true, payload: { repository: { default_branch: 'main' } } };
  for (const eventName of ['issue_comment', 'workflow_run', 'schedule', 'repository_dispatch', 'release']) {
    it(`${eventName} with mode apply does not resolve to apply, even on the default branch`, () => {
      expect(() => resolveMode({ ...onMain, eventName, modeInput: 'apply' })).toThrow(/apply.*only.*push.*workflow_dispatch.*apply-events/s);
    });
  }
  it('push and workflow_dispatch on the default branch still apply', () => {
    expect(resolveMode({ ...onMain, eventName: 'push' }).mode).toBe('apply');
    expect(resolveMode({ ...onMain, eventName: 'workflow_dispatch', modeInput: 'apply' }).mode).toBe('apply');
  });
  it('another event applies when apply-events names it, still only on the default branch', () => {
    expect(resolveMode({ ...onMain, eventName: 'workflow_run', modeInput: 'apply', applyEvents: ['push', 'workflow_run'] }).mode).toBe('apply');
    expect(() => resolveMode({ ...onMain, ref: 'refs/heads/dev', eventName: 'workflow_run', modeInput: 'apply', applyEvents: ['workflow_run'] })).toThrow(/default branch/);
    expect(() => resolveMode({ ...onMain, eventName: 'pull_request', modeInput: 'apply', applyEvents: ['pull_request'] })).toThrow(/never runs from a pull_request/);
  });
});

describe('pull_request_target (issue 16)', () => {
  const payload = { number: 5, pull_request: { number: 5, head: { sha: 'h'.repeat(40), repo: { full_name: 'someone/fork' } }, base: { ref: 'main', sha: 'b'.repeat(40) } }, repository: { full_name: 'acme/pools', default_branch: 'main' } };
  it('validates only, with a warning, even with cluster credentials', () => {
    const r = resolveMode({ eventName: 'pull_request_target', payload, hasClusterCredentials: true });
    expect(r.mode).toBe('validate');
    expect(r.warning).toMatch(/pull_request_target.*allow-pull-request-target/);
  });
  it('plans when explicitly allowed, and gives the base commit', () => {
    const r = resolveMode({ eventName: 'pull_request_target', payload, hasClusterCredentials: true, allowPullRequestTarget: true });
    expect(r).toMatchObject({ mode: 'plan', baseSha: 'b'.repeat(40), headSha: 'h'.repeat(40) });
    expect(resolveMode({ eventName: 'pull_request', payload, hasClusterCredentials: true }).baseSha).toBe('b'.repeat(40));
  });
});
