/**
 * Ordered promotion across targets: each target's apply sets a commit status `pool-reconciler/apply: <target>` on the
 * commit it applies (pending while it runs, then success or failure), and a target's apply waits, before any write,
 * for every target earlier in the settings' order to have succeeded at the same commit. A failure (or error) of an
 * earlier one refuses at once; a pending or missing one is polled until the promotion timeout, then refused.
 *
 * Why commit statuses: they are GitHub's record of the commit, readable by every job of every run with the
 * `statuses` permission, and shown on the commit; the matrix's `max-parallel: 1` orders the jobs but does not stop
 * the next one when one fails (with `fail-fast: false`), nor tells a re-run of production what staging did.
 */
import type { CommitState, Octokit, RepoRef, RetryOptions } from './api.js';
import { commitStatuses, createCommitStatus } from './api.js';

/** The status context of a target's apply. */
export function applyStatusContext(target: string): string {
  return `pool-reconciler/apply: ${target}`;
}

export interface PromotionWait extends RepoRef {
  sha: string;
  /** The target about to be applied. */
  target: string;
  /** The targets before it in the order of promotion. */
  earlier: string[];
  timeoutMs: number;
  /** Between two reads of the statuses (default: a twentieth of the timeout, between 1 and 15 s). */
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Said once per wait: which targets are not done yet. */
  onWait?: (line: string) => void;
  retry?: RetryOptions;
}

export type PromotionResult = { ok: true } | { ok: false; reason: string };

const short = (sha: string): string => sha.slice(0, 12);

/** Wait until every earlier target's apply of `sha` succeeded; refuse when one failed or the time is up. */
export async function awaitEarlierTargets(octokit: Octokit, w: PromotionWait): Promise<PromotionResult> {
  if (!w.earlier.length) return { ok: true };
  const now = w.now ?? Date.now;
  const sleep = w.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const interval = w.intervalMs ?? Math.min(15_000, Math.max(1_000, Math.floor(w.timeoutMs / 20)));
  const deadline = now() + w.timeoutMs;
  let said = '';
  for (;;) {
    const statuses = await commitStatuses(octokit, { owner: w.owner, repo: w.repo, sha: w.sha }, w.retry);
    const waiting: string[] = [];
    for (const earlier of w.earlier) {
      const s = statuses.get(applyStatusContext(earlier));
      if (s?.state === 'failure' || s?.state === 'error') {
        return { ok: false, reason: `${earlier}'s apply of ${short(w.sha)} failed${s.description ? ` (${s.description})` : ''}: ${w.target} is not applied` };
      }
      if (s?.state !== 'success') waiting.push(`${earlier} (${s ? 'pending' : 'not started'})`);
    }
    if (!waiting.length) return { ok: true };
    if (now() >= deadline) {
      return {
        ok: false,
        reason: `${waiting.join(', ')} did not finish applying ${short(w.sha)} within the promotion timeout (${Math.round(w.timeoutMs / 1000)} s): ${w.target} is not applied. ` +
          'Apply the earlier targets first (the matrix in the order of `targets`, with max-parallel: 1), then re-run this job',
      };
    }
    const line = `Waiting for the apply of ${waiting.join(', ')} at ${short(w.sha)} before ${w.target} (promotion order)`;
    if (line !== said) w.onWait?.(line);
    said = line;
    await sleep(Math.min(interval, Math.max(0, deadline - now())));
  }
}

/** Set this target's apply status at `sha`. */
export async function setApplyStatus(octokit: Octokit, s: RepoRef & { sha: string; target: string; state: CommitState; description: string; targetUrl?: string; retry?: RetryOptions }): Promise<void> {
  await createCommitStatus(octokit, { owner: s.owner, repo: s.repo, sha: s.sha, state: s.state, context: applyStatusContext(s.target), description: s.description, ...(s.targetUrl ? { targetUrl: s.targetUrl } : {}) }, s.retry);
}
