/**
 * One review for several targets (issue 28): the combined pull-request comment's layout (a summary table, a block per
 * target within its share of GitHub's limit, a pointer to the run for what is cut), the stored section read back, and
 * the promotion gate's reading of the earlier targets' commit statuses on the loopback GitHub.
 */
import * as github from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, layoutCombinedComment, parseHeader, parseTargetSection } from '../../../src/report/comment.js';
import type { TargetSection } from '../../../src/report/comment.js';
import { applyStatusContext, awaitEarlierTargets } from '../../../src/io/github/promotion.js';
import { ACTIONS_BOT, startGitHubServer } from '../../support/github-server.js';
import type { GitHubServer } from '../../support/github-server.js';

const section = (target: string, over: Partial<TargetSection> = {}): TargetSection => ({
  v: 1, target, mode: 'plan', commit: 'abc123', planHash: `sha256:${target.padEnd(64, '0')}`, changes: 3, errors: 0, warnings: 0,
  statusLines: ['✅ **valid**: no errors, no warnings', '📝 **3 changes** planned'],
  sections: [{ title: 'Plan', markdown: `#### Plan for ${target}\n\n- step one\n- step two` }],
  runUrl: 'https://github.example/acme/ci-config/actions/runs/42/attempts/1',
  ...over,
});

const header = { v: 1 as const, target: '*', mode: 'plan', commit: 'abc123' };
const runUrl = 'https://github.example/acme/ci-config/actions/runs/42/attempts/1';

describe('the combined comment', () => {
  it('has a summary table, then a block per target in the order of promotion; a target without a section is said not planned', () => {
    const r = layoutCombinedComment({ header, title: 'pool-reconciler · plan · staging, qa, production', targets: [{ name: 'staging', section: section('staging') }, { name: 'qa' }, { name: 'production', section: section('production', { changes: 0, warnings: 1 }) }], runUrl });
    expect(parseHeader(r.body)).toMatchObject({ target: '*', mode: 'plan', commit: 'abc123' });
    expect(r.body).toContain('| staging | 📝 changes planned | 3 | `sha256:staging00000` |');
    expect(r.body).toContain('| qa | ➖ not planned in this run (the change does not touch it, or its job failed) | – | – |');
    expect(r.body).toContain('| production | 🟰 no changes, 1 warning | 0 |');
    expect(r.body.indexOf('### staging')).toBeLessThan(r.body.indexOf('### production'));
    expect(r.body).not.toContain('### qa');
    expect(r.body).toContain('#### Plan for production');
    expect(r).toMatchObject({ shown: 2, partial: false, omitted: 1 });
  });

  it('stays within GitHub\'s limit when every target\'s plan is huge: each gets a share, cut with a pointer to the run', () => {
    const huge = (t: string) => section(t, { sections: [{ title: 'Plan', markdown: `${'- a step of a very long plan é\n'.repeat(5_000)}` }] });
    const r = layoutCombinedComment({ header, title: 'pool-reconciler · plan · staging, production', targets: [{ name: 'staging', section: huge('staging') }, { name: 'production', section: huge('production') }], runUrl });
    expect(r.bytes).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(r.partial).toBe(true);
    for (const t of ['staging', 'production']) expect(r.body).toContain(`### ${t}\n`);
    expect(r.body).toContain('| production | 📝 changes planned | 3 |');
    // Both blocks say where the rest is.
    expect(r.body.match(/in the job summary: https:\/\/github\.example\/acme\/ci-config\/actions\/runs\/42\/attempts\/1/g)?.length).toBe(2);
  });

  it('gives what a small block leaves to the big one', () => {
    const small = section('staging');
    const big = section('production', { sections: [{ title: 'Plan', markdown: '- x\n'.repeat(12_000) }] });
    const r = layoutCombinedComment({ header, title: 't', targets: [{ name: 'staging', section: small }, { name: 'production', section: big }], runUrl });
    expect(r.bytes).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(r.body).toContain('#### Plan for staging');
    // The big block has far more than half the limit.
    expect(r.body.slice(r.body.indexOf('### production')).length).toBeGreaterThan(COMMENT_LIMIT * 0.7);
  });

  it('reads back only a section of the target asked for, of the right shape', () => {
    const s = section('staging');
    expect(parseTargetSection(JSON.stringify(s), 'staging')).toEqual(s);
    expect(parseTargetSection(JSON.stringify(s), 'production')).toEqual({ problem: 'it is the section of "staging", not of production' });
    expect(parseTargetSection('{', 'staging')).toEqual({ problem: 'it is not JSON' });
    expect(parseTargetSection(JSON.stringify({ ...s, sections: [{ markdown: 1 }] }), 'staging')).toEqual({ problem: 'a section is not a title with Markdown' });
  });
});

describe('the promotion gate', () => {
  let gh: GitHubServer;
  beforeEach(async () => {
    gh = await startGitHubServer();
    gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
  });
  afterEach(async () => {
    await gh.close();
  });
  const octokit = () => github.getOctokit('actions-token', { baseUrl: gh.url });
  const wait = { owner: 'acme', repo: 'ci-config', sha: 'c0ffee', target: 'production', earlier: ['staging'] };

  it('goes on once the earlier target succeeded; the newest status of its context counts', async () => {
    gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'c0ffee', state: 'failure', context: applyStatusContext('staging') });
    gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'c0ffee', state: 'success', context: applyStatusContext('staging') });
    expect(await awaitEarlierTargets(octokit(), { ...wait, timeoutMs: 0 })).toEqual({ ok: true });
  });

  it('refuses at once on a failed earlier target, and waits for a pending one until it succeeds or the time is up', async () => {
    gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'c0ffee', state: 'pending', context: applyStatusContext('staging') });
    let clock = 0;
    const lines: string[] = [];
    const sleeps: number[] = [];
    // A clock the test moves: after the second read, staging's apply succeeds.
    const done = await awaitEarlierTargets(octokit(), {
      ...wait, timeoutMs: 60_000, now: () => clock, onWait: (l) => lines.push(l),
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
        if (sleeps.length === 2) gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'c0ffee', state: 'success', context: applyStatusContext('staging') });
      },
    });
    expect(done).toEqual({ ok: true });
    expect(sleeps).toEqual([3_000, 3_000]);
    expect(lines).toEqual(['Waiting for the apply of staging (pending) at c0ffee before production (promotion order)']);

    clock = 0;
    const timedOut = await awaitEarlierTargets(octokit(), { ...wait, sha: 'beef', timeoutMs: 10_000, now: () => clock, sleep: async (ms) => void (clock += ms) });
    expect(timedOut).toEqual({ ok: false, reason: expect.stringMatching(/^staging \(not started\) did not finish applying beef within the promotion timeout \(10 s\): production is not applied/) });

    gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'beef', state: 'error', context: applyStatusContext('staging'), description: 'rollout timed out' });
    expect(await awaitEarlierTargets(octokit(), { ...wait, sha: 'beef', timeoutMs: 10_000 })).toEqual({ ok: false, reason: "staging's apply of beef failed (rollout timed out): production is not applied" });
  });
});
