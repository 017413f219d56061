/**
 * The pull-request comment on GitHub: one per pull request and target, found again by a hidden header on its first
 * line and by its author, and updated in place on each push; its layout is report/comment.ts'.
 *
 * Finding our comment (findOwnComment): the newest comment whose FIRST line is a header for the same target and
 * whose author is the token's account. A copied header in a comment by anyone else is ignored: GitHub lets anyone
 * with write access edit any comment, so the header alone proves nothing.
 *
 * Who "the token's account" is: `GET /user` for a user token (PAT, OAuth); it gives login and id, and comments
 * are matched by user id. The Actions `GITHUB_TOKEN` (and any GitHub App installation token) gets 403 there; then
 * the author must be `github-actions[bot]` with `user.type` Bot (or the login given as `author`, for another App's
 * `name[bot]`). `performed_via_github_app` is not relied on: GitHub does not document that it is set on comments
 * made with GITHUB_TOKEN, and the `[bot]` suffix cannot appear in a user's login, so login plus type already
 * identifies the app.
 */
import type { ApplyProgress } from '../../plan/outcome.js';
import type { IssueComment, Octokit, RepoRef, RetryOptions } from './api.js';
import {
  ACTIONS_BOT_LOGIN,
  authenticatedIdentity,
  createIssueComment,
  githubMessage,
  isReadOnlyTokenError,
  listIssueComments,
  updateIssueComment,
} from './api.js';
import type { Identity } from './api.js';

import { byteLength, COMMENT_LIMIT, cutToBytes, outcomeMarkdown, parseHeader, progressMarkdown, renderComment, setOutcome } from '../../report/comment.js';
import type { CommentHeader, CommentMode, CommentOutcome } from '../../report/comment.js';

// ---------------------------------------------------------------------------------------------------------------
// Finding, creating and updating the comment.

export interface CommentTarget extends RepoRef {
  issueNumber: number;
  target: string;
  /**
   * The expected author's login when the token may not call `GET /user` and is not the Actions token: the bot of a
   * GitHub App (`my-app[bot]`). Default `github-actions[bot]`.
   */
  author?: string;
  retry?: RetryOptions;
}

export interface OwnComment {
  comment: IssueComment;
  header: CommentHeader;
}

export interface FindResult {
  found?: OwnComment;
  identity: Identity;
  /** Comments with a header for this target written by someone else (ignored). */
  ignored: number;
}

function isOwn(c: IssueComment, who: Identity): boolean {
  if (!c.user) return false;
  if (who.id !== undefined) return c.user.id === who.id;
  if (c.user.login.toLowerCase() !== who.login.toLowerCase()) return false;
  // An app's login ends in [bot], which a user's cannot; the type is checked too where GitHub gives it.
  return !who.login.endsWith('[bot]') || c.user.type === undefined || c.user.type === 'Bot';
}

/** The newest comment on the issue with our header for `target`, written by the token's account. */
export async function findOwnComment(octokit: Octokit, t: CommentTarget, identity?: Identity): Promise<FindResult> {
  const who = identity ?? (await authenticatedIdentity(octokit, t.retry, t.author ?? ACTIONS_BOT_LOGIN));
  const comments = await listIssueComments(octokit, t, t.retry);
  let found: OwnComment | undefined;
  let ignored = 0;
  for (const c of comments) {
    const header = parseHeader(c.body);
    if (!header || header.target !== t.target) continue;
    if (!isOwn(c, who)) {
      ignored++;
      continue;
    }
    const newer = !found || c.created_at > found.comment.created_at || (c.created_at === found.comment.created_at && c.id > found.comment.id);
    if (newer) found = { comment: c, header };
  }
  return { ...(found ? { found } : {}), identity: who, ignored };
}

export interface UpsertOptions extends CommentTarget {
  body: string;
  mode: CommentMode;
  /** Applied to the body before it is sent: secrets never reach GitHub. */
  redactor?: { redact(text: string): string };
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'skipped';
  url?: string;
  id?: number;
  reason?: string;
  /** Comments with a copied header by another author that were left alone. */
  ignored?: number;
}

const READ_ONLY_REASON =
  'read-only token: GitHub refused to write the comment (403 “%s”). A pull request from a fork gets a read-only ' +
  'GITHUB_TOKEN; otherwise give the job `permissions: pull-requests: write`. The check still passes or fails on its own findings.';

function readOnlyReason(err: unknown): string {
  return READ_ONLY_REASON.replace('%s', githubMessage(err));
}

/** A body that GitHub will take: within the limit (cut with a note in the last resort) and redacted. */
function finalBody(body: string, target: string, redactor: UpsertOptions['redactor']): string {
  const header = parseHeader(body);
  if (!header || header.target !== target) {
    throw new Error(`comment body must start with the pool-reconciler header for target ${JSON.stringify(target)} (see renderComment)`);
  }
  let out = redactor ? redactor.redact(body) : body;
  if (byteLength(out) > COMMENT_LIMIT) {
    const note = '\n\n… (cut to fit GitHub’s comment limit; the job summary has everything)\n';
    out = cutToBytes(out, COMMENT_LIMIT - byteLength(note)) + note;
  }
  return out;
}

/** findOwnComment, or a skip with the reason when the token may not read (a fork's pull request). */
async function findOwnCommentOrSkip(octokit: Octokit, t: CommentTarget): Promise<FindResult | UpsertResult & { action: 'skipped' }> {
  try {
    return await findOwnComment(octokit, t);
  } catch (err) {
    if (isReadOnlyTokenError(err)) return { action: 'skipped', reason: readOnlyReason(err) };
    throw err;
  }
}

async function guardedWrite(write: () => Promise<IssueComment>, action: 'created' | 'updated', ignored: number): Promise<UpsertResult> {
  try {
    const c = await write();
    return { action, url: c.html_url, id: c.id, ...(ignored ? { ignored } : {}) };
  } catch (err) {
    if (isReadOnlyTokenError(err)) return { action: 'skipped', reason: readOnlyReason(err), ...(ignored ? { ignored } : {}) };
    throw err;
  }
}

/**
 * Create or update the comment for a pull request and target.
 * - `off`: nothing is sent.
 * - `new`: a new comment every time (history is kept).
 * - `update`: the newest own comment for the target is edited in place; else one is created.
 * A read-only token gives `{action: 'skipped'}` and no exception; other failures throw.
 */
export async function upsertComment(octokit: Octokit, opts: UpsertOptions): Promise<UpsertResult> {
  if (opts.mode === 'off') return { action: 'skipped', reason: 'the comment input is off' };
  const body = finalBody(opts.body, opts.target, opts.redactor);
  const create = (): Promise<IssueComment> => createIssueComment(octokit, { ...opts, body }, opts.retry);
  if (opts.mode === 'new') return guardedWrite(create, 'created', 0);
  const found = await findOwnCommentOrSkip(octokit, opts);
  if ('action' in found) return found;
  const existing = found.found;
  if (!existing) return guardedWrite(create, 'created', found.ignored);
  return guardedWrite(
    () => updateIssueComment(octokit, { owner: opts.owner, repo: opts.repo, commentId: existing.comment.id, body }, opts.retry),
    'updated',
    found.ignored,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// After apply: the merged pull request's comment gets the outcome.


export interface ApplyOutcomeOptions extends RepoRef {
  /** The merged pull request (findMergedPullRequest). */
  pullNumber: number;
  target: string;
  outcome: CommentOutcome;
  runUrl?: string;
  /** The comment input: `off` sends nothing. */
  mode?: CommentMode;
  author?: string;
  redactor?: { redact(text: string): string };
  retry?: RetryOptions;
}

/**
 * Write the apply outcome into the merged pull request's comment for the target (the newest own one); when there
 * is none (the pull request was never planned, or its comment was off), a short comment with the outcome is created.
 */
export async function postApplyOutcome(octokit: Octokit, opts: ApplyOutcomeOptions): Promise<UpsertResult> {
  if (opts.mode === 'off') return { action: 'skipped', reason: 'the comment input is off' };
  const text = outcomeMarkdown(opts.outcome, opts.runUrl);
  const t: CommentTarget = { ...opts, issueNumber: opts.pullNumber };
  const found = await findOwnCommentOrSkip(octokit, t);
  if ('action' in found) return found;
  const redact = (s: string): string => (opts.redactor ? opts.redactor.redact(s) : s);
  const existing = found.found;
  if (existing) {
    const body = redact(setOutcome(existing.comment.body, text, opts.outcome.kind));
    return guardedWrite(
      () => updateIssueComment(octokit, { owner: opts.owner, repo: opts.repo, commentId: existing.comment.id, body }, opts.retry),
      'updated',
      found.ignored,
    );
  }
  const fresh = renderComment({
    header: { v: 1, target: opts.target, mode: 'apply' },
    statusLines: [],
    sections: [],
    ...(opts.runUrl ? { runUrl: opts.runUrl } : {}),
  });
  const body = redact(setOutcome(fresh, text, opts.outcome.kind));
  return guardedWrite(() => createIssueComment(octokit, { owner: opts.owner, repo: opts.repo, issueNumber: opts.pullNumber, body }, opts.retry), 'created', found.ignored);
}

// ---------------------------------------------------------------------------------------------------------------
// While apply runs: the merged pull request's comment says so, step by step, until the outcome replaces it.

export interface ApplyProgressOptions extends ApplyOutcomeOptions {
  /** At most one comment update this often (default 10 s): GitHub limits writes. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * Keeps the merged pull request's own comment saying that apply runs and where it is. `update` takes apply's
 * progress lines; writes are throttled, never awaited by the caller beyond `flush`, and a failure to write is
 * reported once through `onError` and then ignored (the outcome is written at the end anyway).
 */
export function applyProgressReporter(octokit: Octokit, opts: ApplyProgressOptions & { onError?: (message: string) => void }): {
  update(event: ApplyProgress): void;
  flush(): Promise<void>;
} {
  const interval = opts.intervalMs ?? 10_000;
  const now = opts.now ?? Date.now;
  let last = -Infinity;
  let pending: ApplyProgress | undefined;
  let chain: Promise<void> = Promise.resolve();
  let commentId: number | undefined;
  let body: string | undefined;
  let disabled = opts.mode === 'off';
  const write = async (p: ApplyProgress): Promise<void> => {
    if (disabled) return;
    try {
      if (commentId === undefined) {
        const found = await findOwnComment(octokit, { ...opts, issueNumber: opts.pullNumber });
        if (!found.found) {
          disabled = true;
          return;
        }
        commentId = found.found.comment.id;
        body = found.found.comment.body;
      }
      const next = setOutcome(body ?? '', progressMarkdown(p, opts.runUrl), 'applying');
      const redacted = opts.redactor ? opts.redactor.redact(next) : next;
      await updateIssueComment(octokit, { owner: opts.owner, repo: opts.repo, commentId, body: redacted }, opts.retry);
    } catch (err) {
      disabled = true;
      opts.onError?.(`the pull-request comment could not show the apply's progress: ${githubMessage(err)}`);
    }
  };
  return {
    update(event: ApplyProgress): void {
      if (disabled) return;
      // A failed or not-yet-effective step is shown at once; the others at most once per interval.
      const urgent = event.status === 'failed' || event.status === 'incomplete';
      pending = event;
      if (!urgent && now() - last < interval) return;
      last = now();
      const current = pending;
      pending = undefined;
      chain = chain.then(() => write(current));
    },
    async flush(): Promise<void> {
      await chain;
    },
  };
}
