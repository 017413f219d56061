/**
 * The GitHub REST calls the action makes, through the `@actions/github` Octokit, each behind a bounded retry on
 * rate limits. The only module under src/github that talks to GitHub; the others are pure or call these.
 *
 * Rate limits (GitHub REST docs, "Rate limits for the REST API"):
 * - primary: 403 or 429 with `x-ratelimit-remaining: 0`; wait until `x-ratelimit-reset` (epoch seconds);
 * - secondary: 403 or 429 with `retry-after` (seconds); without it, wait at least a minute.
 * A 403 without those signs (a read-only token: "Resource not accessible by integration") is not retried.
 * Server errors (500, 502, 503, 504) are retried for reads and edits only: a create that failed half-way could have
 * created the comment.
 */
import type * as github from '@actions/github';

export type Octokit = ReturnType<typeof github.getOctokit>;

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** The longest single wait; a rate limit that resets later than this is not waited for (default 120 s). */
  maxWaitMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: the current time in ms since the epoch. */
  now?: () => number;
  /** Called before each wait, e.g. to log `core.info`. */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  attempt: number;
  waitMs: number;
  status: number;
  reason: 'primary-rate-limit' | 'secondary-rate-limit' | 'server-error';
  what: string;
}

/** The parts of an Octokit RequestError this module reads. */
interface HttpErrorLike {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

export function isHttpError(err: unknown): err is HttpErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}

/** GitHub's own error message (`{"message": ...}`) of a failed request, else the error's message. */
export function githubMessage(err: unknown): string {
  if (isHttpError(err)) {
    const data = err.response?.data;
    if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
      return (data as { message: string }).message;
    }
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * A 403 from a token that may read but not write: GitHub says "Resource not accessible by integration" for the
 * Actions token (fork pull requests get a read-only one) and "Resource not accessible by personal access token" for
 * a fine-grained PAT without the permission.
 */
export function isReadOnlyTokenError(err: unknown): boolean {
  return isHttpError(err) && err.status === 403 && /^Resource not accessible by/i.test(githubMessage(err));
}

function header(err: HttpErrorLike, name: string): string | undefined {
  const v = err.response?.headers?.[name];
  return v === undefined ? undefined : String(v);
}

/** How long to wait before retrying this error, or undefined when it is not retryable. */
export function retryDelay(
  err: unknown,
  now: number,
  idempotent: boolean,
): { ms: number; reason: RetryInfo['reason'] } | undefined {
  if (!isHttpError(err)) return undefined;
  const { status } = err;
  if (status === 403 || status === 429) {
    const retryAfter = header(err, 'retry-after');
    if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) {
      return { ms: Number(retryAfter.trim()) * 1000, reason: 'secondary-rate-limit' };
    }
    if (header(err, 'x-ratelimit-remaining') === '0') {
      const reset = Number(header(err, 'x-ratelimit-reset'));
      const ms = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) + 1000 : 60_000;
      return { ms, reason: 'primary-rate-limit' };
    }
    if (status === 429 || /rate limit/i.test(githubMessage(err))) return { ms: 60_000, reason: 'secondary-rate-limit' };
    return undefined;
  }
  if (idempotent && [500, 502, 503, 504].includes(status)) return { ms: 1000, reason: 'server-error' };
  return undefined;
}

/** Thrown when a rate limit outlasts the retries or the longest wait. */
export class RateLimitError extends Error {
  constructor(
    message: string,
    readonly status: number,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = 'RateLimitError';
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Run `fn`, retrying rate-limited (and, when idempotent, server-error) failures within the bounds of `opts`. */
export async function withRetry<T>(what: string, fn: () => Promise<T>, opts: RetryOptions = {}, idempotent = true): Promise<T> {
  const maxRetries = opts.maxRetries ?? 3;
  const maxWaitMs = opts.maxWaitMs ?? 120_000;
  const sleep = opts.sleep ?? defaultSleep;
  const now = opts.now ?? Date.now;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const delay = retryDelay(err, now(), idempotent);
      if (!delay || !isHttpError(err)) throw err;
      const rateLimited = delay.reason !== 'server-error';
      if (attempt > maxRetries || delay.ms > maxWaitMs) {
        if (!rateLimited) throw err;
        const why =
          attempt > maxRetries
            ? `still rate limited after ${maxRetries} retries`
            : `rate limited for ${Math.ceil(delay.ms / 1000)} s, longer than the ${Math.round(maxWaitMs / 1000)} s this run waits`;
        throw new RateLimitError(`${what}: GitHub API ${why} (HTTP ${err.status}: ${githubMessage(err)})`, err.status, err);
      }
      opts.onRetry?.({ attempt, waitMs: delay.ms, status: err.status, reason: delay.reason, what });
      await sleep(delay.ms);
    }
  }
}

/** The fields of an issue comment this project reads. */
export interface IssueComment {
  id: number;
  body: string;
  html_url: string;
  created_at: string;
  updated_at?: string;
  user: { login: string; id: number; type?: string } | null;
  performed_via_github_app?: { slug?: string | null; name?: string } | null;
}

function toComment(raw: unknown): IssueComment {
  const c = raw as Partial<IssueComment> & { user?: IssueComment['user'] };
  return {
    id: Number(c.id),
    body: typeof c.body === 'string' ? c.body : '',
    html_url: String(c.html_url ?? ''),
    created_at: String(c.created_at ?? ''),
    updated_at: c.updated_at,
    user: c.user ? { login: String(c.user.login), id: Number(c.user.id), type: c.user.type } : null,
    performed_via_github_app: c.performed_via_github_app ?? null,
  };
}

/** The `rel="next"` URL of a `Link` header, if any. */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m && m[2].split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/** Hard stop for pagination (100 per page): 20,000 comments is far beyond any real pull request. */
const MAX_PAGES = 200;

/** Every comment of an issue or pull request, oldest first, following the `Link` header page by page. */
export async function listIssueComments(
  octokit: Octokit,
  ref: RepoRef & { issueNumber: number },
  retry: RetryOptions = {},
): Promise<IssueComment[]> {
  const out: IssueComment[] = [];
  let res: { data: unknown; headers: { link?: string } } = await withRetry(
    'list comments',
    () =>
      octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.issueNumber,
        per_page: 100,
      }),
    retry,
  );
  for (let page = 1; ; page++) {
    for (const c of res.data as unknown[]) out.push(toComment(c));
    const next = nextLink(res.headers.link);
    if (!next) return out;
    if (page >= MAX_PAGES) throw new Error(`list comments: more than ${MAX_PAGES} pages of comments on #${ref.issueNumber}`);
    res = await withRetry('list comments', () => octokit.request(`GET ${next}`), retry);
  }
}

export async function createIssueComment(
  octokit: Octokit,
  ref: RepoRef & { issueNumber: number; body: string },
  retry: RetryOptions = {},
): Promise<IssueComment> {
  const res = await withRetry(
    'create comment',
    () =>
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.issueNumber,
        body: ref.body,
      }),
    retry,
    false,
  );
  return toComment(res.data);
}

export async function updateIssueComment(
  octokit: Octokit,
  ref: RepoRef & { commentId: number; body: string },
  retry: RetryOptions = {},
): Promise<IssueComment> {
  const res = await withRetry(
    'update comment',
    () =>
      octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        owner: ref.owner,
        repo: ref.repo,
        comment_id: ref.commentId,
        body: ref.body,
      }),
    retry,
  );
  return toComment(res.data);
}

/** Who the token is. */
export interface Identity {
  login: string;
  id?: number;
  /** How it was found: `GET /user`, or assumed for a token that may not read it. */
  source: 'user-endpoint' | 'actions-token' | 'given';
}

/** The login of the GitHub Actions app, the author of comments made with `GITHUB_TOKEN`. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/**
 * The account behind the token. `GET /user` answers for a user token (PAT, OAuth). An installation token (the
 * Actions `GITHUB_TOKEN`, or a GitHub App's) gets 403 "Resource not accessible by integration" there; then the author
 * is taken to be `github-actions[bot]`, unless `fallbackLogin` names another app's bot (`my-app[bot]`).
 */
export async function authenticatedIdentity(
  octokit: Octokit,
  retry: RetryOptions = {},
  fallbackLogin: string = ACTIONS_BOT_LOGIN,
): Promise<Identity> {
  try {
    const res = await withRetry('get authenticated user', () => octokit.request('GET /user'), retry);
    return { login: String(res.data.login), id: Number(res.data.id), source: 'user-endpoint' };
  } catch (err) {
    if (isReadOnlyTokenError(err)) return { login: fallbackLogin, source: 'actions-token' };
    throw err;
  }
}

/** A pull request associated with a commit, as `GET /repos/{o}/{r}/commits/{sha}/pulls` gives it. */
export interface CommitPullRequest {
  number: number;
  title: string;
  html_url: string;
  state: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  base: { ref: string };
  head: { ref: string; sha: string; repo?: { full_name: string } | null };
}

/** Every page of a list, following the `Link` header (at most MAX_PAGES pages). */
async function allPages<T>(octokit: Octokit, what: string, first: () => Promise<{ data: unknown; headers: { link?: string } }>, items: (data: unknown) => unknown[], retry: RetryOptions): Promise<T[]> {
  const out: T[] = [];
  let res = await withRetry(what, first, retry);
  for (let page = 1; ; page++) {
    out.push(...(items(res.data) as T[]));
    const next = nextLink(res.headers.link);
    if (!next) return out;
    if (page >= MAX_PAGES) throw new Error(`${what}: more than ${MAX_PAGES} pages`);
    res = await withRetry(what, () => octokit.request(`GET ${next}`), retry);
  }
}

/** The pull requests opened from `head` (`owner:branch`), in any state, newest first. */
export async function listPullRequestsFromHead(octokit: Octokit, ref: RepoRef & { head: string }, retry: RetryOptions = {}): Promise<CommitPullRequest[]> {
  const first = () => octokit.request('GET /repos/{owner}/{repo}/pulls', { owner: ref.owner, repo: ref.repo, head: ref.head, state: 'all', per_page: 100 });
  const raw = await allPages<unknown>(octokit, 'list the pull requests of a branch', first, (d) => (Array.isArray(d) ? d : []), retry);
  return raw.map(toPull);
}

/** The fields of a workflow run this project reads (`GET …/actions/runs/{id}` and the run lists). */
export interface WorkflowRunInfo {
  id: number;
  path?: string;
  event?: string;
  status?: string | null;
  conclusion?: string | null;
  head_sha?: string;
  head_branch?: string | null;
  created_at?: string;
  run_number?: number;
  repository?: { full_name?: string };
  head_repository?: { full_name?: string } | null;
  pull_requests?: Array<{ number?: number; base?: { ref?: string } }> | null;
}

/** The runs of one workflow (`file`: its file name) with the given filters, newest first. */
export async function listWorkflowRuns(
  octokit: Octokit,
  ref: RepoRef & { file: string; event?: string; headSha?: string; status?: string },
  retry: RetryOptions = {},
): Promise<WorkflowRunInfo[]> {
  const first = () => octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
    owner: ref.owner, repo: ref.repo, workflow_id: ref.file, per_page: 100,
    ...(ref.event ? { event: ref.event } : {}), ...(ref.headSha ? { head_sha: ref.headSha } : {}), ...(ref.status ? { status: ref.status as 'success' } : {}),
  });
  return allPages<WorkflowRunInfo>(octokit, 'list the plan workflow runs', first, (d) => (d as { workflow_runs?: unknown[] }).workflow_runs ?? [], retry);
}

function toPull(raw: unknown): CommitPullRequest {
  const p = raw as Partial<CommitPullRequest>;
  return {
    number: Number(p.number),
    title: String(p.title ?? ''),
    html_url: String(p.html_url ?? ''),
    state: String(p.state ?? ''),
    merged_at: p.merged_at ?? null,
    merge_commit_sha: p.merge_commit_sha ?? null,
    base: { ref: String(p.base?.ref ?? '') },
    head: { ref: String(p.head?.ref ?? ''), sha: String(p.head?.sha ?? ''), repo: p.head?.repo?.full_name ? { full_name: String(p.head.repo.full_name) } : null },
  };
}

/** The pull requests associated with a commit (merged ones for a commit on the default branch). */
export async function listPullRequestsForCommit(
  octokit: Octokit,
  ref: RepoRef & { sha: string },
  retry: RetryOptions = {},
): Promise<CommitPullRequest[]> {
  const res = await withRetry(
    'list pull requests of a commit',
    () =>
      octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
        owner: ref.owner,
        repo: ref.repo,
        commit_sha: ref.sha,
        per_page: 100,
      }),
    retry,
  );
  return (res.data as unknown[]).map(toPull);
}

/** A commit status's state, as GitHub names it. */
export type CommitState = 'error' | 'failure' | 'pending' | 'success';

/**
 * The newest status of each context at a commit (`GET …/commits/{ref}/status`, the combined status: GitHub keeps
 * only the latest status per context there). At most 100 contexts are read.
 */
export async function commitStatuses(octokit: Octokit, ref: RepoRef & { sha: string }, retry: RetryOptions = {}): Promise<Map<string, { state: CommitState; description: string | null }>> {
  const res = await withRetry(
    'read the commit statuses',
    () => octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/status', { owner: ref.owner, repo: ref.repo, ref: ref.sha, per_page: 100 }),
    retry,
  );
  const out = new Map<string, { state: CommitState; description: string | null }>();
  for (const s of (res.data as { statuses?: Array<{ context?: string; state?: string; description?: string | null }> }).statuses ?? []) {
    if (typeof s.context === 'string' && !out.has(s.context)) out.set(s.context, { state: s.state as CommitState, description: s.description ?? null });
  }
  return out;
}

/** Set a commit status (`POST …/statuses/{sha}`; the token needs `statuses: write`). The description is cut to GitHub's 140 characters. */
export async function createCommitStatus(
  octokit: Octokit,
  ref: RepoRef & { sha: string; state: CommitState; context: string; description: string; targetUrl?: string },
  retry: RetryOptions = {},
): Promise<void> {
  const description = ref.description.length > 140 ? `${ref.description.slice(0, 139)}…` : ref.description;
  await withRetry(
    'set the commit status',
    () => octokit.request('POST /repos/{owner}/{repo}/statuses/{sha}', {
      owner: ref.owner, repo: ref.repo, sha: ref.sha, state: ref.state, context: ref.context, description, ...(ref.targetUrl ? { target_url: ref.targetUrl } : {}),
    }),
    retry,
    // The same status set twice is the same status: safe to retry.
    true,
  );
}
