// The comment upsert with the real @actions/github Octokit against the loopback GitHub REST server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as github from '@actions/github';
import {
  RateLimitError,
  Redactor,
  createIssueComment,
  findOwnComment,
  listIssueComments,
  postApplyOutcome,
  upsertComment,
} from '../../../src/io/github/index.js';
import { COMMENT_LIMIT, type CommentSection, parseHeader, renderComment, renderHeader } from '../../../src/report/comment.js';
import type { RetryOptions } from '../../../src/io/github/index.js';
import { ACTIONS_BOT, type GitHubServer, type GitHubUser, startGitHubServer } from '../../support/github-server.js';

const PAT_USER: GitHubUser = { login: 'reconciler-bot', id: 501, type: 'User' };
const MALLORY: GitHubUser = { login: 'mallory', id: 666, type: 'User' };
const ALICE: GitHubUser = { login: 'alice', id: 7, type: 'User' };

let server: GitHubServer;
let issue = 1;
/** A fresh pull request number per test, so tests do not see each other's comments. */
let n: number;
const waits: number[] = [];
const retry: RetryOptions = {
  sleep: async (ms) => {
    waits.push(ms);
  },
};

beforeAll(async () => {
  server = await startGitHubServer();
  server
    .addToken({ token: 'ghp_pat', user: PAT_USER })
    .addToken({ token: 'ghp_mallory', user: MALLORY })
    .addToken({ token: 'ghs_actions', user: ACTIONS_BOT, installation: true })
    .addToken({ token: 'ghs_fork', user: ACTIONS_BOT, installation: true, readOnly: true });
});
afterAll(() => server.close());
beforeEach(() => {
  n = issue++;
  waits.length = 0;
  server.clearFaults();
});

const octokit = (token: string): ReturnType<typeof github.getOctokit> => github.getOctokit(token, { baseUrl: server.url });

function body(target: string, text: string, planHash = 'h1'): string {
  return renderComment({ header: { v: 1, target, planHash, commit: 'c'.repeat(40), mode: 'plan' }, statusLines: [text], sections: [] });
}

const where = (): { owner: string; repo: string; issueNumber: number } => ({ owner: 'acme', repo: 'pools', issueNumber: n });

describe('upsertComment', () => {
  it('creates a comment, then updates it in place', async () => {
    const first = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'first'), mode: 'update', retry });
    expect(first.action).toBe('created');
    expect(first.url).toBe(`https://github.com/acme/pools/pull/${n}#issuecomment-${first.id}`);
    const second = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'second', 'h2'), mode: 'update', retry });
    expect(second).toMatchObject({ action: 'updated', id: first.id, url: first.url });
    const stored = server.comments('acme', 'pools', n);
    expect(stored).toHaveLength(1);
    expect(stored[0].user.login).toBe('reconciler-bot');
    expect(stored[0].body).toContain('second');
    expect(parseHeader(stored[0].body)?.planHash).toBe('h2');
    const patch = server.requests.filter((r) => r.method === 'PATCH').at(-1)!;
    expect(patch).toMatchObject({ path: `/repos/acme/pools/issues/comments/${first.id}`, status: 200, login: 'reconciler-bot' });
  });

  it('keeps one comment per target', async () => {
    await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'p'), mode: 'update', retry });
    await upsertComment(octokit('ghp_pat'), { ...where(), target: 'staging', body: body('staging', 's'), mode: 'update', retry });
    const r = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'staging', body: body('staging', 's2'), mode: 'update', retry });
    expect(r.action).toBe('updated');
    const stored = server.comments('acme', 'pools', n);
    expect(stored.map((c) => parseHeader(c.body)?.target)).toEqual(['prod', 'staging']);
    expect(stored[1].body).toContain('s2');
  });

  it('new mode keeps history: a new comment every time, without listing', async () => {
    const before = server.requests.length;
    const a = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'one'), mode: 'new', retry });
    const b = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'two'), mode: 'new', retry });
    expect([a.action, b.action]).toEqual(['created', 'created']);
    expect(a.id).not.toBe(b.id);
    expect(server.comments('acme', 'pools', n)).toHaveLength(2);
    expect(server.requests.slice(before).map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('off mode sends nothing', async () => {
    const before = server.requests.length;
    const r = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'x'), mode: 'off', retry });
    expect(r).toEqual({ action: 'skipped', reason: 'the comment input is off' });
    expect(server.requests.length).toBe(before);
  });

  it('finds its comment across pages (> 100 comments), following the Link header, and picks the newest own one', async () => {
    for (let i = 0; i < 120; i++) server.seedComment({ ...where(), body: `chatter ${i}`, user: ALICE });
    const older = server.seedComment({ ...where(), body: body('prod', 'older own'), user: PAT_USER });
    for (let i = 0; i < 60; i++) server.seedComment({ ...where(), body: `more chatter ${i}`, user: ALICE });
    const newer = server.seedComment({ ...where(), body: body('prod', 'newer own'), user: PAT_USER });
    for (let i = 0; i < 50; i++) server.seedComment({ ...where(), body: `late chatter ${i}`, user: ALICE });
    const before = server.requests.length;
    const r = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'replaced'), mode: 'update', retry });
    expect(r).toMatchObject({ action: 'updated', id: newer.id });
    expect(server.comment(older.id)?.body).toContain('older own');
    expect(server.comment(newer.id)?.body).toContain('replaced');
    const lists = server.requests.slice(before).filter((x) => x.method === 'GET' && x.path.endsWith('/comments'));
    expect(lists.map((x) => [x.path.replace(/\d{6}/, 'ID'), x.query.page ?? '1', x.query.per_page])).toEqual([
      [`/repos/acme/pools/issues/${n}/comments`, '1', '100'],
      [`/repositories/ID/issues/${n}/comments`, '2', '100'],
      [`/repositories/ID/issues/${n}/comments`, '3', '100'],
    ]);
    const all = await listIssueComments(octokit('ghp_pat'), where(), retry);
    expect(all).toHaveLength(232);
    expect(all.map((c) => c.id)).toEqual([...all.map((c) => c.id)].sort((a, b) => a - b));
  });

  it('threat: someone else\'s comment with a copied hidden header, to have the bot edit it; holds: the comment is found by header and author, a copied header is ignored', async () => {
    const forged = server.seedComment({ ...where(), body: body('prod', 'forged by mallory'), user: MALLORY });
    const r = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'real'), mode: 'update', retry });
    expect(r).toMatchObject({ action: 'created', ignored: 1 });
    expect(r.id).not.toBe(forged.id);
    expect(server.comment(forged.id)?.body).toContain('forged by mallory');
    // And the next run updates its own comment, still leaving the forged one alone.
    const again = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'real 2'), mode: 'update', retry });
    expect(again).toMatchObject({ action: 'updated', id: r.id, ignored: 1 });
    expect(server.comment(forged.id)?.body).toContain('forged by mallory');
  });

  it('the Actions token: GET /user is 403, so github-actions[bot] comments are its own', async () => {
    const mine = server.seedComment({ ...where(), body: body('prod', 'by actions'), user: ACTIONS_BOT });
    server.seedComment({ ...where(), body: body('prod', 'by another app'), user: { login: 'other-app[bot]', id: 9, type: 'Bot' } });
    server.seedComment({ ...where(), body: body('prod', 'by a user'), user: MALLORY });
    const r = await upsertComment(octokit('ghs_actions'), { ...where(), target: 'prod', body: body('prod', 'updated by actions'), mode: 'update', retry });
    expect(r).toMatchObject({ action: 'updated', id: mine.id, ignored: 2 });
    expect(server.requests.some((x) => x.path === '/user' && x.status === 403)).toBe(true);
    const found = await findOwnComment(octokit('ghs_actions'), { ...where(), target: 'prod', retry });
    expect(found.identity).toEqual({ login: 'github-actions[bot]', source: 'actions-token' });
    expect(found.found?.comment.id).toBe(mine.id);
    expect(found.found?.header.planHash).toBe('h1');
  });

  it('another GitHub App: the author can be named', async () => {
    const app: GitHubUser = { login: 'pool-app[bot]', id: 77, type: 'Bot' };
    server.addToken({ token: 'ghs_app', user: app, installation: true });
    const mine = server.seedComment({ ...where(), body: body('prod', 'by app'), user: app });
    const r = await upsertComment(octokit('ghs_app'), { ...where(), target: 'prod', body: body('prod', 'x'), mode: 'update', author: 'pool-app[bot]', retry });
    expect(r).toMatchObject({ action: 'updated', id: mine.id });
  });

  it('a read-only token (fork pull request) skips with a reason and does not throw', async () => {
    const r = await upsertComment(octokit('ghs_fork'), { ...where(), target: 'prod', body: body('prod', 'x'), mode: 'update', retry });
    expect(r.action).toBe('skipped');
    expect(r.reason).toMatch(/^read-only token: GitHub refused to write the comment \(403 “Resource not accessible by integration”\)/);
    expect(r.reason).toMatch(/fork/);
    expect(server.comments('acme', 'pools', n)).toHaveLength(0);
    const post = server.requests.filter((x) => x.method === 'POST').at(-1)!;
    expect(post.status).toBe(403);
    // Also on update, and in new mode.
    server.seedComment({ ...where(), body: body('prod', 'earlier'), user: ACTIONS_BOT });
    expect((await upsertComment(octokit('ghs_fork'), { ...where(), target: 'prod', body: body('prod', 'y'), mode: 'update', retry })).action).toBe('skipped');
    expect((await upsertComment(octokit('ghs_fork'), { ...where(), target: 'prod', body: body('prod', 'y'), mode: 'new', retry })).action).toBe('skipped');
    expect(server.comments('acme', 'pools', n)[0].body).toContain('earlier');
  });

  it('retries a secondary rate limit (429 retry-after) and a primary one (403, x-ratelimit-reset)', async () => {
    const now = 1_800_000_000_000;
    server.now = () => now;
    try {
      server.injectRateLimit({ kind: 'secondary', status: 429, retryAfter: 3, method: 'POST' });
      server.injectRateLimit({ kind: 'primary', status: 403, resetInSeconds: 5, method: 'GET', path: /\/comments$/ });
      const r = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'x'), mode: 'update', retry: { ...retry, now: () => now } });
      expect(r.action).toBe('created');
      expect(waits).toEqual([6000, 3000]);
      const statuses = server.requests.slice(-5).map((x) => `${x.method} ${x.status}`);
      expect(statuses).toEqual(['GET 200', 'GET 403', 'GET 200', 'POST 429', 'POST 201']);
    } finally {
      server.now = Date.now;
    }
  });

  it('a 403 secondary limit without retry-after waits a minute; the retries are bounded', async () => {
    server.injectRateLimit({ kind: 'secondary', status: 403, retryAfter: null, method: 'POST', times: 10 });
    await expect(
      upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'x'), mode: 'new', retry: { ...retry, maxRetries: 2 } }),
    ).rejects.toThrow(RateLimitError);
    expect(waits).toEqual([60_000, 60_000]);
  });

  it('a rate limit that resets later than the longest wait is not waited for', async () => {
    server.injectRateLimit({ kind: 'primary', resetInSeconds: 3600, method: 'POST' });
    await expect(
      upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('prod', 'x'), mode: 'new', retry }),
    ).rejects.toThrow(/rate limited for \d+ s, longer than the 120 s this run waits/);
    expect(waits).toEqual([]);
  });

  it('a body of 2,000 plan sections goes through under the limit, pointing to the job summary', async () => {
    const sections: CommentSection[] = [{ title: 'Summary', markdown: '2,000 changes' }];
    for (let i = 0; i < 2000; i++) sections.push({ title: `Node n-${i}`, collapsible: true, code: { text: `- a: ${i}\n+ a: ${i + 1}`, language: 'diff' } });
    const text = renderComment({
      header: { v: 1, target: 'prod', planHash: 'big' },
      statusLines: ['📝 **2,000 changes** planned'],
      sections,
      summaryUrl: 'https://github.com/acme/pools/actions/runs/9#summary-1',
    });
    const r = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: text, mode: 'update', retry });
    expect(r.action).toBe('created');
    const stored = server.comment(r.id!)!.body;
    expect(stored.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(stored).toMatch(/more sections are in the job summary: https:\/\/github\.com\/acme\/pools\/actions\/runs\/9#summary-1/);
  });

  it('the server refuses bodies over 65,536 characters with 422, and upsertComment cuts them as a last resort', async () => {
    const tooLong = `${renderHeader({ v: 1, target: 'prod' })}\n${'x'.repeat(COMMENT_LIMIT)}`;
    const err = await createIssueComment(octokit('ghp_pat'), { ...where(), body: tooLong }, retry).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 422 });
    expect((err as { response: { data: unknown } }).response.data).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      status: '422',
    });
    const r = await upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: tooLong, mode: 'update', retry });
    expect(r.action).toBe('created');
    expect(server.comment(r.id!)!.body).toMatch(/cut to fit GitHub’s comment limit/);
  });

  it('redacts secrets before sending', async () => {
    const secret = 'sup3r-s3cret-token';
    const r = await upsertComment(octokit('ghp_pat'), {
      ...where(),
      target: 'prod',
      body: body('prod', `leak ${secret} and ${Buffer.from(secret).toString('base64')}`),
      mode: 'update',
      redactor: new Redactor([secret]),
      retry,
    });
    const stored = server.comment(r.id!)!.body;
    expect(stored).toContain('leak *** and ***');
    expect(stored).not.toContain(secret);
    expect(server.requests.map((x) => JSON.stringify(x)).join('\n')).not.toContain('ghp_pat');
  });

  it('refuses a body without the header for the target', async () => {
    await expect(upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: 'no header', mode: 'update', retry })).rejects.toThrow(
      /must start with the pool-reconciler header/,
    );
    await expect(upsertComment(octokit('ghp_pat'), { ...where(), target: 'prod', body: body('staging', 'x'), mode: 'update', retry })).rejects.toThrow(
      /target "prod"/,
    );
  });
});

describe('postApplyOutcome', () => {
  it('writes the outcome into the merged pull request’s comment', async () => {
    const planned = await upsertComment(octokit('ghs_actions'), { ...where(), target: 'prod', body: body('prod', '📝 **1 change** planned', 'reviewed'), mode: 'update', retry });
    const forged = server.seedComment({ ...where(), body: body('prod', 'forged'), user: MALLORY });
    const r = await postApplyOutcome(octokit('ghs_actions'), {
      owner: 'acme',
      repo: 'pools',
      pullNumber: n,
      target: 'prod',
      outcome: { kind: 'applied', commit: 'abcdef0123456789' },
      runUrl: 'https://github.com/acme/pools/actions/runs/77',
      retry,
    });
    expect(r).toMatchObject({ action: 'updated', id: planned.id, ignored: 1 });
    const stored = server.comment(planned.id!)!.body;
    expect(parseHeader(stored)).toMatchObject({ target: 'prod', planHash: 'reviewed', outcome: 'applied' });
    expect(stored).toContain('✅ **Applied** at `abcdef012345` after merge ([run](https://github.com/acme/pools/actions/runs/77)).');
    expect(stored).toContain('📝 **1 change** planned');
    expect(server.comment(forged.id)!.body).toContain('forged');

    const failed = await postApplyOutcome(octokit('ghs_actions'), {
      owner: 'acme',
      repo: 'pools',
      pullNumber: n,
      target: 'prod',
      outcome: { kind: 'failed', step: 3, stepCount: 5, stepName: 'Tekton config-defaults', error: 'conflict <b>' },
      retry,
    });
    expect(failed.action).toBe('updated');
    const after = server.comment(planned.id!)!.body;
    expect(after).toContain('❌ **Apply failed at step 3 of 5** (Tekton config-defaults): conflict &lt;b&gt;.');
    expect(after).not.toContain('Applied**');
  });

  it('creates a short comment when the pull request has none, and says when the plan changed', async () => {
    const r = await postApplyOutcome(octokit('ghp_pat'), {
      owner: 'acme',
      repo: 'pools',
      pullNumber: n,
      target: 'prod',
      outcome: { kind: 'plan-changed', applied: false, reviewedPlanHash: 'aaaa', appliedPlanHash: 'bbbb' },
      retry,
    });
    expect(r.action).toBe('created');
    const stored = server.comment(r.id!)!.body;
    expect(parseHeader(stored)).toMatchObject({ target: 'prod', mode: 'apply', outcome: 'plan-changed' });
    expect(stored).toContain('⚠️ **Not applied: the plan changed since review** (reviewed `aaaa`, now `bbbb`).');
  });

  it('skips with a read-only token and when the comment is off', async () => {
    const opts = { owner: 'acme', repo: 'pools', pullNumber: n, target: 'prod', outcome: { kind: 'applied' as const }, retry };
    expect((await postApplyOutcome(octokit('ghs_fork'), opts)).action).toBe('skipped');
    const before = server.requests.length;
    expect(await postApplyOutcome(octokit('ghp_pat'), { ...opts, mode: 'off' })).toEqual({ action: 'skipped', reason: 'the comment input is off' });
    expect(server.requests.length).toBe(before);
  });
});

describe('the loopback server’s wire format', () => {
  it('paginates with a GitHub-style Link header and default per_page 30', async () => {
    for (let i = 0; i < 65; i++) server.seedComment({ ...where(), body: `c${i}`, user: ALICE });
    const res = await fetch(`${server.url}/repos/acme/pools/issues/${n}/comments?page=2`, { headers: { authorization: 'token ghp_pat' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(30);
    const link = res.headers.get('link')!;
    expect(link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/repositories\/\d+\/issues\/\d+\/comments\?per_page=30&page=1>; rel="prev", <[^>]+page=3>; rel="next", <[^>]+page=3>; rel="last", <[^>]+page=1>; rel="first"$/);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4999');
  });

  it('answers 403 for GET /user with an installation token and for writes with a read-only one, 401 for a bad token', async () => {
    const user = await fetch(`${server.url}/user`, { headers: { authorization: 'Bearer ghs_actions' } });
    expect(user.status).toBe(403);
    expect(await user.json()).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
      status: '403',
    });
    const pat = await fetch(`${server.url}/user`, { headers: { authorization: 'token ghp_pat' } });
    expect(await pat.json()).toMatchObject({ login: 'reconciler-bot', id: 501, type: 'User' });
    const write = await fetch(`${server.url}/repos/acme/pools/issues/${n}/comments`, {
      method: 'POST',
      headers: { authorization: 'token ghs_fork', 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'x' }),
    });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { message: string }).message).toBe('Resource not accessible by integration');
    const bad = await fetch(`${server.url}/user`, { headers: { authorization: 'token nope' } });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { message: string }).message).toBe('Bad credentials');
  });

  it('marks comments made with the Actions token as performed via the GitHub Actions app', async () => {
    const c = await createIssueComment(octokit('ghs_actions'), { ...where(), body: 'hi' }, retry);
    expect(c.user).toEqual({ login: 'github-actions[bot]', id: 41898282, type: 'Bot' });
    expect(c.performed_via_github_app?.slug).toBe('github-actions');
  });
});
