/**
 * Which mode a run has, from the event that started the workflow. Pure: the caller passes `github.context` fields.
 *
 * | event | mode |
 * |---|---|
 * | `pull_request` | `plan` with cluster credentials, else `validate` and a notice; never `apply` |
 * | `pull_request_target` | `validate` and a warning (it runs with secrets on a pull request's files), unless allowed: then as `pull_request` |
 * | `push` to the default branch | `apply` |
 * | `push` to another branch or a tag | `validate` |
 * | `workflow_dispatch` | its `mode` input (`validate`, `plan`, `apply`, `drift`) |
 * | `schedule` | `drift` |
 * | anything else | `validate` |
 *
 * A `mode` input (other than empty or `auto`) overrides the event's default, within these rules:
 * apply never runs from a pull-request event; apply runs only from `push` and `workflow_dispatch` (the
 * `apply-events` input may add others, never a pull-request event); apply runs only on the default branch; `plan`, `drift` and `apply`
 * need cluster credentials (except that a pull request without them falls back to `validate`, since fork pull
 * requests get no secrets). Breaking a rule throws a ModeError that says what to do instead.
 */
import type { CommitPullRequest, Octokit, RepoRef, RetryOptions } from './api.js';
import { listPullRequestsForCommit } from './api.js';

export const MODES = ['validate', 'plan', 'apply', 'drift'] as const;
export type Mode = (typeof MODES)[number];

export interface ResolveModeInput {
  /** `github.context.eventName` (GITHUB_EVENT_NAME). */
  eventName: string;
  /** `github.context.payload` (the event JSON). */
  payload: Record<string, unknown>;
  /** `github.context.ref` (GITHUB_REF), e.g. `refs/heads/main`. */
  ref?: string;
  /** `github.context.sha` (GITHUB_SHA). */
  sha?: string;
  /** Name of the default branch; else `payload.repository.default_branch`. */
  defaultBranch?: string;
  /** The action's `mode` input; empty or `auto` means "from the event". */
  modeInput?: string;
  /** Whether cluster credentials (kubeconfig) were given. */
  hasClusterCredentials: boolean;
  /** The events that may run apply (input `apply-events`); default DEFAULT_APPLY_EVENTS. Never a pull-request event. */
  applyEvents?: readonly string[];
  /** Plan on `pull_request_target` (input `allow-pull-request-target`); else such runs validate only, with a warning. */
  allowPullRequestTarget?: boolean;
}

/**
 * Apply runs from these events only, unless configured: a push to the default branch and a manual dispatch on it.
 * `issue_comment`, `workflow_run` and the like also run on the default branch, but anyone who may comment (or any
 * workflow) can start them.
 */
export const DEFAULT_APPLY_EVENTS: readonly string[] = ['push', 'workflow_dispatch'];

export interface ResolvedMode {
  mode: Mode;
  /** For the log and the summary when the run does less than it could (no plan made, not the default branch). */
  notice?: string;
  /** The pull request's number on pull-request events. */
  pullRequest?: number;
  /** The commit the config was read at: the pull request's head, the pushed commit, or GITHUB_SHA. */
  headSha?: string;
  /** The pull request's base branch, or the pushed branch. */
  branch?: string;
  /** The pull request's base commit: settings and trusted image-builders are read there, and the baseline of the
   * Nodepool diff before a first apply. */
  baseSha?: string;
  /** Said as a warning: the run does less than asked, for safety. */
  warning?: string;
  /** Whether the pull request comes from a fork. */
  fromFork?: boolean;
  /** One sentence: why this mode. */
  reason: string;
}

/** A mode that may not run for this event; the message says what to do instead. */
export class ModeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModeError';
  }
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Parse a mode input; empty and `auto` give undefined. */
export function parseMode(input: string | undefined, where = 'input mode'): Mode | undefined {
  const v = (input ?? '').trim().toLowerCase();
  if (v === '' || v === 'auto') return undefined;
  if ((MODES as readonly string[]).includes(v)) return v as Mode;
  throw new ModeError(`${where}: ${JSON.stringify(input)} is not a mode; use one of ${MODES.join(', ')} (or leave it empty)`);
}

function branchOf(ref: string | undefined): string | undefined {
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

function noCredentialsNotice(fromFork: boolean): string {
  const why = fromFork ? 'this pull request comes from a fork, and forks get no secrets' : 'pull requests from forks get no secrets';
  return `No plan was made: no cluster credentials were given to this run (${why}). The config was validated only.`;
}

function needCredentials(mode: Mode, input: ResolveModeInput, why: string): void {
  if (mode === 'validate' || input.hasClusterCredentials) return;
  throw new ModeError(`mode ${mode} (${why}) needs cluster credentials: give the kubeconfig input, or run mode validate`);
}

/** Long because it is one decision table from the event to the mode, each branch with the sentence that says why. */
export function resolveMode(input: ResolveModeInput): ResolvedMode {
  const { eventName, payload } = input;
  const repository = obj(payload.repository);
  const defaultBranch = input.defaultBranch ?? str(repository?.default_branch);
  const explicit = parseMode(input.modeInput);

  if (PULL_REQUEST_EVENTS.has(eventName)) {
    const pr = obj(payload.pull_request);
    const head = obj(pr?.head);
    const headRepo = obj(head?.repo);
    const base = obj(pr?.base);
    const number = typeof pr?.number === 'number' ? pr.number : typeof payload.number === 'number' ? payload.number : undefined;
    const fromFork =
      str(headRepo?.full_name) !== undefined && str(repository?.full_name) !== undefined
        ? headRepo?.full_name !== repository?.full_name
        : undefined;
    const common = {
      pullRequest: number,
      headSha: str(head?.sha) ?? input.sha,
      branch: str(base?.ref),
      ...(str(base?.sha) ? { baseSha: str(base?.sha) } : {}),
      ...(fromFork !== undefined ? { fromFork } : {}),
    };
    if (explicit === 'apply') {
      throw new ModeError(
        `mode apply never runs from a ${eventName} event: apply runs after merge, on a push to the default branch ` +
          `(or from workflow_dispatch on it). Use mode plan (or leave mode empty) for pull requests.`,
      );
    }
    if (explicit === 'drift') {
      throw new ModeError(
        `mode drift compares the default branch with the cluster and does not run from a ${eventName} event; ` +
          `run it from schedule or workflow_dispatch, and use mode plan (or leave mode empty) for pull requests.`,
      );
    }
    if (explicit === 'validate') return { mode: 'validate', ...common, reason: `${eventName}: mode validate was asked for` };
    if (eventName === 'pull_request_target' && !input.allowPullRequestTarget) {
      return {
        mode: 'validate',
        ...common,
        warning:
          'pull_request_target runs with this repository\'s secrets and write token on a pull request\'s files: validated only, ' +
          'no cluster read and no SSH check. To plan here anyway (settings and trusted image-builders from the base branch), set allow-pull-request-target: true; ' +
          'the usual way is a pull_request workflow.',
        reason: 'pull_request_target: validate only (allow-pull-request-target is not set)',
      };
    }
    if (!input.hasClusterCredentials) {
      return {
        mode: 'validate',
        ...common,
        notice: noCredentialsNotice(fromFork === true),
        reason: `${eventName} without cluster credentials: validate only`,
      };
    }
    return { mode: 'plan', ...common, reason: `${eventName} with cluster credentials: plan` };
  }

  const branch = branchOf(input.ref);
  const onDefault = branch !== undefined && defaultBranch !== undefined && branch === defaultBranch;
  const applyEvents = input.applyEvents ?? DEFAULT_APPLY_EVENTS;
  const applyGuard = (why: string): void => {
    if (!applyEvents.includes(eventName)) {
      throw new ModeError(
        `mode apply (${why}) runs only from ${applyEvents.join(' or ')} events on the default branch, not from a ${eventName} event ` +
          `(anyone who can start it could apply). Use mode plan here; to allow it, add ${eventName} to the apply-events input.`,
      );
    }
    if (onDefault) return;
    const where = branch !== undefined ? `branch ${branch}` : (input.ref ?? 'an unknown ref');
    const def = defaultBranch !== undefined ? `the default branch (${defaultBranch})` : 'the default branch (which this event does not name)';
    throw new ModeError(`mode apply (${why}) runs only on ${def}; this run is on ${where}. Use mode plan to see the changes.`);
  };

  if (eventName === 'push') {
    const headSha = str(payload.after) ?? input.sha;
    const common = { headSha, ...(branch !== undefined ? { branch } : {}) };
    if (explicit) {
      if (explicit === 'apply') applyGuard('asked for by the mode input');
      needCredentials(explicit, input, 'asked for by the mode input');
      return { mode: explicit, ...common, reason: `push: mode ${explicit} was asked for` };
    }
    if (payload.deleted === true) {
      return { mode: 'validate', ...common, notice: `The push deleted ${input.ref ?? 'a ref'}; nothing was applied.`, reason: 'push that deletes a ref: validate' };
    }
    if (!onDefault) {
      const what = branch !== undefined ? `branch ${branch}` : (input.ref ?? 'a ref');
      const why =
        defaultBranch === undefined
          ? `the event does not name the default branch, so this push to ${what} is only validated`
          : `this push is to ${what}, not to the default branch (${defaultBranch}); only pushes to the default branch are applied`;
      return { mode: 'validate', ...common, notice: `Validated only: ${why}.`, reason: `push to ${what}: validate` };
    }
    if (!applyEvents.includes('push')) {
      return { mode: 'validate', ...common, notice: 'Validated only: push is not among the apply-events.', reason: 'push, not an apply event: validate' };
    }
    needCredentials('apply', input, `push to the default branch ${defaultBranch}`);
    return { mode: 'apply', ...common, reason: `push to the default branch ${defaultBranch}: apply` };
  }

  if (eventName === 'workflow_dispatch') {
    const inputs = obj(payload.inputs);
    const fromPayload = parseMode(typeof inputs?.mode === 'string' ? inputs.mode : undefined, 'workflow_dispatch input mode');
    const mode = explicit ?? fromPayload;
    const common = { headSha: input.sha, ...(branch !== undefined ? { branch } : {}) };
    if (!mode) {
      return { mode: 'validate', ...common, notice: 'workflow_dispatch without a mode: validated only.', reason: 'workflow_dispatch without a mode: validate' };
    }
    if (mode === 'apply') applyGuard('workflow_dispatch');
    needCredentials(mode, input, 'workflow_dispatch');
    return { mode, ...common, reason: `workflow_dispatch: mode ${mode}` };
  }

  if (eventName === 'schedule') {
    const mode = explicit ?? 'drift';
    const common = { headSha: input.sha, ...(branch !== undefined ? { branch } : {}) };
    if (mode === 'apply') applyGuard('schedule');
    needCredentials(mode, input, 'schedule');
    return { mode, ...common, reason: explicit ? `schedule: mode ${mode} was asked for` : 'schedule: drift check of the default branch' };
  }

  const common = { headSha: input.sha, ...(branch !== undefined ? { branch } : {}) };
  if (explicit) {
    if (explicit === 'apply') applyGuard(`asked for on a ${eventName} event`);
    needCredentials(explicit, input, `asked for on a ${eventName} event`);
    return { mode: explicit, ...common, reason: `${eventName}: mode ${explicit} was asked for` };
  }
  return {
    mode: 'validate',
    ...common,
    notice: `The ${eventName} event has no default mode: validated only. Set the mode input to do more.`,
    reason: `${eventName}: validate`,
  };
}

/** The pull request a pushed commit came from. */
export interface MergedPullRequest {
  number: number;
  title: string;
  url: string;
  /** The pull request's last head commit (what was planned in review). */
  headSha: string;
  /** Its head branch (in this repository, or in a fork). */
  headRef: string;
  /** The repository of its head branch (`owner/name`), when GitHub says it. */
  headRepository?: string;
  /** The branch it was merged into. */
  baseRef: string;
  mergeCommitSha: string | null;
}

/**
 * The merged pull request a push to the default branch came from, via `GET /repos/{o}/{r}/commits/{sha}/pulls`.
 * Prefers the one whose merge commit is `sha` and whose base is the default branch; undefined for a direct push.
 */
export async function findMergedPullRequest(
  octokit: Octokit,
  ref: RepoRef & { sha: string; defaultBranch?: string },
  retry: RetryOptions = {},
): Promise<MergedPullRequest | undefined> {
  const pulls = (await listPullRequestsForCommit(octokit, ref, retry)).filter((p) => p.merged_at !== null);
  const score = (p: CommitPullRequest): number =>
    (p.merge_commit_sha === ref.sha ? 2 : 0) + (ref.defaultBranch === undefined || p.base.ref === ref.defaultBranch ? 1 : 0);
  const best = pulls
    .filter((p) => ref.defaultBranch === undefined || p.base.ref === ref.defaultBranch)
    .sort((a, b) => score(b) - score(a) || String(b.merged_at).localeCompare(String(a.merged_at)))[0];
  if (!best) return undefined;
  return { number: best.number, title: best.title, url: best.html_url, headSha: best.head.sha, headRef: best.head.ref, ...(best.head.repo?.full_name ? { headRepository: best.head.repo.full_name } : {}), baseRef: best.base.ref, mergeCommitSha: best.merge_commit_sha };
}

/**
 * The link to this workflow run (and its attempt) from the runner's environment: GITHUB_SERVER_URL,
 * GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT. The job summaries are shown on that page; a link to one
 * job's summary would need the job's numeric id, which the environment does not give.
 */
export function runUrlFromEnv(env: Record<string, string | undefined>): string | undefined {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repo = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  if (!repo || !runId || !/^\d+$/.test(runId)) return undefined;
  const attempt = env.GITHUB_RUN_ATTEMPT;
  const base = `${server}/${repo}/actions/runs/${runId}`;
  return attempt && /^\d+$/.test(attempt) ? `${base}/attempts/${attempt}` : base;
}

/**
 * What the `targets` and `comment` modes read from the event: the pull request (its number and head), and the commit
 * a change is compared with: a pull request's base commit, a push's `before` (not the all-zero commit of a new
 * branch); none for other events (every target counts as touched).
 */
export function changeOfEvent(eventName: string, payload: Record<string, unknown>): { pullRequest?: number; headSha?: string; base?: string } {
  if (PULL_REQUEST_EVENTS.has(eventName)) {
    const pr = obj(payload.pull_request);
    const number = typeof pr?.number === 'number' ? pr.number : typeof payload.number === 'number' ? payload.number : undefined;
    const headSha = str(obj(pr?.head)?.sha);
    const base = str(obj(pr?.base)?.sha);
    return { ...(number !== undefined ? { pullRequest: number } : {}), ...(headSha ? { headSha } : {}), ...(base ? { base } : {}) };
  }
  if (eventName === 'push') {
    const before = str(payload.before);
    const headSha = str(payload.after);
    return { ...(headSha ? { headSha } : {}), ...(before && !/^0+$/.test(before) ? { base: before } : {}) };
  }
  return {};
}
