/**
 * One run of the GitHub Action in the mode the event asked for: validate, plan, drift or apply, with the SSH check,
 * the reviewed-plan lookup and the pull-request comment. Findings go out as annotations, outputs and the job
 * summary (rendered by src/report/action.ts); whether the step passes comes from the one exit policy (./exit.ts).
 * The entry point (src/entry/action.ts) only parses the inputs, calls runActionMode and fails the step.
 */
import * as core from '@actions/core';
import * as github from '@actions/github';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { countBySeverity, isInputPseudoFile, relocated, underRepo } from '../core/diagnostic.js';
import { escapeMarkdown } from '../core/markdown.js';
import type { SecretInputs } from '../core/provider-secrets.js';
import type { Redactor } from '../core/redact.js';
import type { Plan } from '../plan/types.js';
import type { ApplyOutcome } from '../plan/outcome.js';
import { summaryLine } from '../report/diagnostics.js';
import { renderPlanJson, renderPlanText } from '../report/plan.js';
import type { PlanContext } from '../report/plan.js';
import { applyHeadline } from '../report/apply.js';
import { applySummaryMarkdown, commentSections, planSummaryMarkdown, sshStatus, validationSummaryMarkdown } from '../report/action.js';
import type { CommentContent } from '../report/action.js';
import { actionLog, annotate } from '../io/github/annotate.js';
import type { ActionLog } from '../io/github/annotate.js';
import { ArtifactError, downloadArtifactFile, findPlanRun, planArtifactName, SECTION_FILE, sectionArtifactName, uploadArtifact, workflowFile } from '../io/github/artifact.js';
import { fetchCommit, fileAtCommit, pathInRepo } from '../io/git.js';
import { repoSettings, settingsOfText } from '../config/repo.js';
import { targetProblem } from '../config/settings.js';
import type { TargetSpec } from '../config/settings.js';
import type { LoadedRepo } from '../config/repo.js';
import type { ValidationResult } from '../validate/index.js';
import { RateLimitError } from '../io/github/api.js';
import { changeOfEvent, findMergedPullRequest, runUrlFromEnv } from '../io/github/event.js';
import { awaitEarlierTargets, setApplyStatus } from '../io/github/promotion.js';
import { identityFromEnv } from '../io/cluster/lock.js';
import type { ResolvedMode } from '../io/github/event.js';
import { applyProgressReporter, findOwnComment, postApplyOutcome, upsertComment } from '../io/github/comment.js';
import { layoutCombinedComment, layoutComment, parseTargetSection, statusLines } from '../report/comment.js';
import type { CommentHeader, CommentMode, CommentOutcome, CommentSection, TargetSection } from '../report/comment.js';
import { runValidate, UsageError } from './validate.js';
import { matrixEntry, runTargets } from './targets.js';
import { runPlan } from './plan.js';
import type { PlanOutcome, PlanRequest } from './plan.js';
import { runApply } from './apply.js';
import { placementAfterApply } from './placement.js';
import { listenForInterrupt } from './interrupt.js';
import { builderKeyFromCluster, runCheckSsh } from './check-ssh.js';
import type { CheckSshOutcome } from './check-ssh.js';
import { applyVerdict, EXIT, planVerdict, validateVerdict } from './exit.js';
import type { Verdict } from './exit.js';

/**
 * The `comment` input: GitHub's comment modes, and `changes-only` (as terraform pull-request actions offer): like
 * `update`, but a run with nothing to say (no findings, no changes, the SSH check passed) writes no new comment; an
 * earlier comment for the target is still updated, so that it does not go on showing changes that are gone.
 */
export type CommentInput = CommentMode | 'changes-only';

/** The comment mode of io/github for an input. */
const commentMode = (c: CommentInput): CommentMode => (c === 'changes-only' ? 'update' : c);

/**
 * Nothing to say on the pull request: no findings; in validate mode that is all, otherwise a plan was made and has
 * no changes (no plan means a cluster problem to tell), and the SSH check did not fail.
 */
function nothingToSay(content: CommentContent, mode: ResolvedMode['mode']): boolean {
  if (content.errors || content.warnings) return false;
  if (mode === 'validate') return true;
  return content.plan !== undefined && content.plan.changes === 0 && content.ssh?.report?.ok !== false;
}

export interface ActionInputs {
  /** `mode` as given; empty means "from the event". */
  modeInput: string;
  configPath: string;
  githubToken?: string;
  /** Kubeconfig YAML for the cluster (a secret). */
  kubeconfig?: string;
  /** Provider secrets for Secret nodepool-providers-secrets: only the keys given. */
  providerSecrets: SecretInputs;
  builderSshKey?: string;
  nodepoolApiUrl?: string;
  comment: CommentInput;
  /** Names the pull-request comment and the apply lock: one comment per pull request and target. */
  target: string;
  /** The `target` input as given (undefined: empty); a repo with `targets:` must declare it. */
  targetInput?: string;
  failOnWarnings: boolean;
  /** Overrides the repo's `nodepool.flavor` when given; undefined follows the setting. */
  standalone: boolean | undefined;
  acceptNewHostKeys: boolean;
  timeouts: { rolloutSeconds: number; sshConnectSeconds: number; sshSeconds: number; verifySeconds: number; promotionSeconds?: number };
  /** Skip the "apply only the reviewed plan" guard. */
  skipPlanCheck: boolean;
  /** Add provider keys that only a later `sf-operator deploy` mounts, without failing the apply. */
  allowUnmountedSecretKeys: boolean;
  /** A plan JSON (from a plan run's `plan` output) whose hash apply must match, when no PR comment carries one. */
  reviewedPlan?: string;
  /** Events that may run apply (`apply-events`); default push and workflow_dispatch. */
  applyEvents: string[];
  /** Run plan (the cluster read, the SSH check with the real key) on `pull_request_target` (`allow-pull-request-target`). */
  allowPullRequestTarget: boolean;
  /** The workflow file whose runs may carry the reviewed plan (`plan-workflow`); default the running workflow's file. */
  planWorkflow?: string;
  /** Every secret value given, for redaction. */
  redactor: Redactor;
}

export interface RunContext {
  inputs: ActionInputs;
  resolved: ResolvedMode;
  workspace: string;
  /** On a pull request: the base branch's files, once read (pullRequestBase). */
  base?: { settings: string | null; inventory: string | null; knownHosts: string | null; nodepool: string | null };
  /** The repo's targets (`targets:`), in the order of promotion; empty for a repo with one cluster. */
  declared?: TargetSpec[];
  /** The declared target this run is for (its view of the repo); undefined: a repo without targets, or validate of every view. */
  repoTarget?: string;
}

/** The target of each run, when the repo declares targets: the input, which must be one of them. */
function resolveTarget(ctx: RunContext): void {
  const settings = repoSettings(ctx.inputs.configPath);
  ctx.declared = settings.targets;
  if (!settings.targets.length) return;
  const given = ctx.inputs.targetInput;
  // Validate without a target checks every target's view of the repo.
  if (given === undefined && ctx.resolved.mode === 'validate') return;
  const problem = targetProblem(settings, given, 'input `target`');
  if (problem) throw new UsageError(`${problem}${given === undefined ? ` (mode ${ctx.resolved.mode} runs for one cluster: a matrix of the targets comes from mode targets)` : ''}`);
  ctx.repoTarget = given;
}

const withTarget = (ctx: RunContext): { target?: string } => (ctx.repoTarget !== undefined ? { target: ctx.repoTarget } : {});

/** How a mode ended: the verdict of the exit policy, and the line to log when it passed. */
export interface ModeResult {
  verdict: Verdict;
  passed?: string;
}

/** The run's log: every line redacted and escaped for its channel. */
const say = (ctx: RunContext): ActionLog => actionLog(ctx.inputs.redactor);

function workspaceRelative(workspace: string, file: string): string {
  return path.relative(workspace, path.resolve(file)).split(path.sep).join('/');
}

/** Who and what for the plan's title, and links to the repo's files at the head commit. */
function planContext(ctx: RunContext): PlanContext {
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
  const repo = process.env.GITHUB_REPOSITORY;
  const sha = ctx.resolved.headSha ?? process.env.GITHUB_SHA;
  const runUrl = runUrlFromEnv(process.env);
  const base = repo && sha ? `${server}/${repo}` : undefined;
  const blob = (file: string, line: number): string =>
    `${base ?? ''}/blob/${sha ?? ''}/${workspaceRelative(ctx.workspace, file).split('/').map(encodeURIComponent).join('/')}#L${line}`;
  return {
    mode: ctx.resolved.mode,
    target: ctx.inputs.target,
    ...(sha ? { commit: sha } : {}),
    ...(base && sha ? { commitUrl: `${base}/commit/${sha}` } : {}),
    ...(runUrl ? { runUrl } : {}),
    ...(base && sha
      ? {
          // A repo file (Nodepool changes name them from the config repo's root) ...
          fileUrl: (file: string, line: number) => blob(path.join(ctx.inputs.configPath, file), line),
          // ... and a finding (its file is already a path from the workspace, with the config path).
          findingUrl: (file: string, line: number) => (isInputPseudoFile(file) ? undefined : blob(file, line)),
        }
      : {}),
  };
}

/** The comment's parts for this run: what a one-target comment shows, and what a target's section carries. */
function commentParts(ctx: RunContext, content: CommentContent): { header: CommentHeader; title: string; statusLines: string[]; sections: CommentSection[]; runUrl?: string } {
  const { inputs, resolved } = ctx;
  const header = { v: 1 as const, target: inputs.target, commit: resolved.headSha, mode: resolved.mode, ...(content.plan ? { planHash: content.plan.hash } : {}), ...(content.planRun ? { run: content.planRun } : {}) };
  const ssh = sshStatus(content.ssh);
  const runUrl = runUrlFromEnv(process.env);
  return {
    header,
    title: `pool-reconciler · ${resolved.mode} · ${inputs.target}${resolved.headSha ? ` · ${resolved.headSha.slice(0, 12)}` : ''}`,
    statusLines: statusLines({ errors: content.errors, warnings: content.warnings, noPlanReason: content.noPlanReason, changes: content.plan?.changes, ...(ssh ? { ssh } : {}) }),
    sections: commentSections({ ...content, context: planContext(ctx) }),
    ...(runUrl ? { runUrl } : {}),
  };
}

/**
 * One target of a repo with targets, on a pull request: its part of the one combined comment is stored as an
 * artifact of this run (`pool-reconciler-section-<target>`), which the comment job (mode comment) gathers. The job's
 * own comment still follows the `comment` input: a matrix with a comment job sets it to off. Returns whether it was stored.
 */
async function storeSection(ctx: RunContext, content: CommentContent): Promise<boolean> {
  const { inputs, resolved } = ctx;
  const parts = commentParts(ctx, content);
  const r = (t: string): string => inputs.redactor.redact(t);
  const section: TargetSection = {
    v: 1,
    target: inputs.target,
    mode: resolved.mode,
    ...(resolved.headSha ? { commit: resolved.headSha } : {}),
    ...(content.plan ? { planHash: content.plan.hash, changes: content.plan.changes } : {}),
    errors: content.errors,
    warnings: content.warnings,
    ...(content.noPlanReason ? { noPlanReason: r(content.noPlanReason) } : {}),
    statusLines: parts.statusLines.map(r),
    sections: parts.sections.map((x) => ({ ...x, title: r(x.title), ...(x.markdown !== undefined ? { markdown: r(x.markdown) } : {}) })),
    ...(parts.runUrl ? { runUrl: parts.runUrl } : {}),
  };
  const name = sectionArtifactName(inputs.target);
  try {
    await uploadArtifact(process.env, name, JSON.stringify(section), SECTION_FILE);
    say(ctx).info(`This target's part of the pull-request comment is stored as artifact ${name}: a comment job (mode comment) gathers every target's into one comment`);
    return true;
  } catch (err) {
    const line = `This target's part of the combined pull-request comment could not be stored as artifact ${name} (${err instanceof Error ? err.message : String(err)}): a comment job (mode comment) will show ${inputs.target} as not planned.`;
    // With the job's own comment off, the combined comment is the only one: say it louder.
    if (inputs.comment === 'off') say(ctx).warning(line);
    else say(ctx).info(line);
    return false;
  }
}

async function commentOnPullRequest(ctx: RunContext, content: CommentContent): Promise<void> {
  const { inputs, resolved } = ctx;
  // Several targets: one review, a comment job lays out every target's section (stored whatever `comment` says).
  if (resolved.pullRequest !== undefined && ctx.repoTarget !== undefined) await storeSection(ctx, content);
  if (resolved.pullRequest === undefined || inputs.comment === 'off') return;
  if (!inputs.githubToken) {
    say(ctx).notice('No github-token: no pull-request comment was written.');
    return;
  }
  const parts = commentParts(ctx, content);
  const rendered = layoutComment(parts);
  const octokit = github.getOctokit(inputs.githubToken, { baseUrl: process.env.GITHUB_API_URL || undefined });
  const { owner, repo } = github.context.repo;
  try {
    if (inputs.comment === 'changes-only' && nothingToSay(content, resolved.mode)) {
      const { found } = await findOwnComment(octokit, { owner, repo, issueNumber: resolved.pullRequest, target: inputs.target });
      if (!found) {
        say(ctx).info('Nothing to report (no findings, no changes): no pull-request comment written (comment: changes-only).');
        return;
      }
    }
    const r = await upsertComment(octokit, {
      owner,
      repo,
      issueNumber: resolved.pullRequest,
      target: inputs.target,
      body: rendered.body,
      mode: commentMode(inputs.comment),
      redactor: inputs.redactor,
    });
    if (r.action === 'skipped') say(ctx).notice(r.reason ?? 'The pull-request comment was not written.');
    else if (r.url) {
      core.setOutput('comment-url', r.url);
      say(ctx).info(`Pull-request comment ${r.action}: ${r.url}`);
    }
    if (r.ignored) say(ctx).warning(`${r.ignored} comment(s) by another account carry a pool-reconciler header for ${inputs.target}; they were left alone.`);
  } catch (err) {
    // The check passes or fails on its own findings: a comment that cannot be written is a warning.
    const what = err instanceof RateLimitError ? 'GitHub rate limit' : err instanceof Error ? err.message.split('\n')[0] : String(err);
    say(ctx).warning(inputs.redactor.redact(`The pull-request comment could not be written: ${what}`));
  }
}

async function validateMode(ctx: RunContext): Promise<ModeResult> {
  const { inputs, resolved, workspace } = ctx;
  const secrets = Object.keys(inputs.providerSecrets).length ? inputs.providerSecrets : undefined;
  // On a pull request, the base's launcher file: a label the change removes while Zuul's nodesets use it is named.
  const base = pullRequestBase(ctx, 'validate');
  const baseNodepool = base?.nodepool != null && resolved.baseSha ? { baseNodepool: { text: base.nodepool, ref: resolved.baseSha } } : {};
  const outcome = runValidate({ paths: [inputs.configPath], env: process.env, standalone: inputs.standalone, secrets, ...baseNodepool, ...withTarget(ctx) });
  const left = annotate(outcome.diagnostics, (file) => workspaceRelative(workspace, file), inputs.redactor);
  for (const n of outcome.notices) say(ctx).info(`note: ${n}`);
  core.setOutput('errors', String(outcome.errors));
  core.setOutput('warnings', String(outcome.warnings));
  const summary = validationSummaryMarkdown(outcome.diagnostics, outcome.errors, outcome.warnings, outcome.notices, planContext(ctx));
  await core.summary.addRaw(inputs.redactor.redact(summary)).write();
  say(ctx).info(summaryLine(outcome.errors, outcome.warnings) + (left ? ` (${left} more in the job summary)` : ''));
  const noPlanReason = (resolved.notice ?? 'the run was in validate mode').replace(/^No plan was made[:.]?\s*/i, '');
  await commentOnPullRequest(ctx, { ...outcome, noPlanReason });
  return { verdict: validateVerdict({ errors: outcome.errors, warnings: outcome.warnings, failOnWarnings: inputs.failOnWarnings }) };
}

/**
 * On a pull request, what the base branch says (src/io/git.ts): its `.pool-reconciler.yaml` (the cluster objects a run
 * may name) and its inventory and known_hosts (the hosts the builder key may log in to). A base commit that is not
 * in the checkout is fetched; when that fails, nothing is trusted: default settings, no host logged in to.
 */
function pullRequestBase(ctx: RunContext, purpose: 'plan' | 'validate' = 'plan'): { settings: string | null; inventory: string | null; knownHosts: string | null; nodepool: string | null } | undefined {
  const { resolved, inputs } = ctx;
  if (resolved.pullRequest === undefined) return undefined;
  if (ctx.base !== undefined) return ctx.base;
  const sha = resolved.baseSha;
  const dir = inputs.configPath;
  const prefix = pathInRepo(dir);
  if (!sha || prefix === undefined || !fetchCommit(dir, sha)) {
    say(ctx).warning(`The base commit of the pull request${sha ? ` (${sha.slice(0, 12)})` : ''} is not in the checkout and could not be fetched: ` +
      (purpose === 'validate'
        ? 'a label this change removes from Nodepool while Zuul\'s nodesets use it is reported as a label no pool offers, not as one this change removes. Check out with `fetch-depth: 0`.'
        : 'the cluster objects named in .pool-reconciler.yaml are the defaults, and the builder key logs in to no image-builder. Check out with `fetch-depth: 0`.'));
    ctx.base = { settings: null, inventory: null, knownHosts: null, nodepool: null };
    return ctx.base;
  }
  const at = (rel: string): string | null => fileAtCommit(dir, sha, prefix ? `${prefix}/${rel}` : rel) ?? null;
  const settings = at('.pool-reconciler.yaml');
  const paths = settingsOfText(settings, ctx.repoTarget).paths;
  ctx.base = { settings, inventory: at(paths.inventory), knownHosts: at(paths.knownHosts), nodepool: at(paths.nodepool) };
  return ctx.base;
}

/** The SSH check in plan and apply: the key from the input, else from sf-operator's Secret in the cluster. */
async function sshCheck(ctx: RunContext, loaded?: { repo: LoadedRepo; validation: ValidationResult }): Promise<CheckSshOutcome> {
  const { inputs } = ctx;
  const base = pullRequestBase(ctx);
  let privateKey = inputs.builderSshKey;
  if (!privateKey && inputs.kubeconfig) {
    try {
      privateKey = await builderKeyFromCluster(loaded?.repo ?? inputs.configPath, { yaml: inputs.kubeconfig, inputName: 'input `kubeconfig`', env: {} }, base?.settings, ctx.repoTarget);
      core.setSecret(privateKey);
      for (const line of privateKey.split('\n')) if (line.trim()) core.setSecret(line.trim());
      inputs.redactor.add(privateKey);
    } catch (err) {
      return { skipped: `the builder key could not be read from the cluster: ${err instanceof Error ? err.message : String(err)}`, diagnostics: [], sources: new Map() };
    }
  }
  if (!privateKey) return { skipped: 'no builder-ssh-key input and no cluster to read it from', diagnostics: [], sources: new Map() };
  return runCheckSsh({
    repoPath: inputs.configPath,
    ...withTarget(ctx),
    ...(loaded ? { loaded } : {}),
    privateKey,
    ...(base ? { base: { inventory: base.inventory, knownHosts: base.knownHosts }, baseSettings: base.settings } : {}),
    acceptNew: inputs.acceptNewHostKeys,
    connectTimeoutMs: inputs.timeouts.sshConnectSeconds * 1000,
    timeoutMs: inputs.timeouts.sshSeconds * 1000,
  });
}

function repoRelative(ctx: RunContext, diags: Diagnostic[]): Diagnostic[] {
  return diags.map((d) => relocated(d, (f) => underRepo(ctx.inputs.configPath, f)));
}

/** Annotations and the errors/warnings/changes/plan outputs of a plan or apply run; returns the repo-relative findings. */
function reportFindingsAndPlan(ctx: RunContext, validation: { diagnostics: Diagnostic[] }, plan: Plan | undefined) {
  const { inputs } = ctx;
  const diagnostics = repoRelative(ctx, validation.diagnostics);
  const { errors, warnings } = countBySeverity(diagnostics);
  annotate(diagnostics, (file) => workspaceRelative(ctx.workspace, file), inputs.redactor);
  core.setOutput('errors', String(errors));
  core.setOutput('warnings', String(warnings));
  if (plan) {
    core.setOutput('changes', String(plan.changes));
    core.setOutput('plan', inputs.redactor.redact(renderPlanJson(plan)));
    core.setOutput('plan-hash', plan.hash);
  }
  return { diagnostics, errors, warnings };
}

/** What planning read and found, once reported as annotations, outputs and log lines, with the SSH check's result. */
interface PlannedRun {
  outcome: PlanOutcome;
  ssh: CheckSshOutcome;
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
}

/** The plan both modes make: run it, report it (annotations, outputs, the plan in the log), then the SSH check. */
async function planAndCheck(ctx: RunContext, extra: Pick<PlanRequest, 'nodepoolApi' | 'ciPods'>): Promise<PlannedRun> {
  const { inputs, resolved } = ctx;
  const base = pullRequestBase(ctx);
  const outcome = await runPlan({
    repoPath: inputs.configPath,
    ...withTarget(ctx),
    ...(base ? { baseSettings: base.settings } : {}),
    kubeconfig: inputs.kubeconfig,
    kubeconfigName: 'input `kubeconfig`',
    secrets: inputs.providerSecrets,
    commit: resolved.headSha ?? process.env.GITHUB_SHA ?? 'HEAD',
    env: process.env,
    ...(resolved.baseSha ? { base: resolved.baseSha } : {}),
    ...extra,
  });
  const { diagnostics, errors, warnings } = reportFindingsAndPlan(ctx, outcome.validation, outcome.plan);
  // The plan in the job log too, line by line (each through the log's redaction and escaping).
  if (outcome.plan) for (const line of renderPlanText(outcome.plan).trimEnd().split('\n')) say(ctx).info(line);
  for (const e of outcome.errors) say(ctx).error(e.hint ? `${e.message}\n${e.hint}` : e.message, { title: 'cluster' });
  // The SSH check reads the repo as this plan read it (one read of the repo per run).
  const ssh: CheckSshOutcome = outcome.plan ? await sshCheck(ctx, outcome.repo ? { repo: outcome.repo, validation: outcome.validation } : undefined) : { skipped: 'no plan was made', diagnostics: [], sources: new Map() };
  if (ssh.skipped) say(ctx).notice(`SSH check skipped: ${ssh.skipped}`);
  return { outcome, ssh, diagnostics, errors, warnings };
}

/** The pull-request comment's content for a plan or drift run. */
function plannedContent(run: PlannedRun, planRun?: string): CommentContent {
  const { outcome } = run;
  return {
    errors: run.errors,
    warnings: run.warnings,
    diagnostics: run.diagnostics,
    ...(planRun ? { planRun } : {}),
    plan: outcome.plan,
    ssh: run.ssh,
    noPlanReason: outcome.plan ? undefined : outcome.errors[0]?.message ?? 'validation failed',
  };
}

/** The run stopped at the cluster before it had a connection: the kubeconfig input could not be loaded. */
const kubeconfigFailed = (o: PlanOutcome): boolean => o.stage === 'cluster' && o.connection === undefined;

function plannedLine(run: PlannedRun): string | undefined {
  const plan = run.outcome.plan;
  return plan ? (plan.changes ? `${plan.changes} change(s) planned` : 'No changes: the cluster matches the config') : undefined;
}

/** Plan: the change apply would make, for review; on a pull request the plan is stored for apply after merge. */
async function planMode(ctx: RunContext): Promise<ModeResult> {
  const { inputs, resolved } = ctx;
  // With nodepool-api-url, the plan says what the change does to the running Nodepool (its impact section).
  const api = inputs.nodepoolApiUrl ? { nodepoolApi: { url: inputs.nodepoolApiUrl, timeoutMs: inputs.timeouts.verifySeconds * 1000 } } : {};
  const run = await planAndCheck(ctx, api);
  const { outcome, ssh, diagnostics, errors, warnings } = run;
  const summary = planSummaryMarkdown({ diagnostics, errors, warnings, notices: outcome.validation.notices }, outcome.errors, outcome.plan, false, ssh, planContext(ctx));
  await core.summary.addRaw(inputs.redactor.redact(summary)).write();
  const planRun = outcome.plan && resolved.pullRequest !== undefined ? await storePlanArtifact(ctx, outcome.plan) : undefined;
  await commentOnPullRequest(ctx, plannedContent(run, planRun));
  const verdict = planVerdict({ errors, warnings, failOnWarnings: inputs.failOnWarnings, clusterErrors: outcome.errors, changes: outcome.plan?.changes, kubeconfigError: kubeconfigFailed(outcome), ssh: ssh.report });
  return { verdict, passed: plannedLine(run) };
}

/**
 * Drift: the default branch planned against the cluster, where any change fails the run; with `nodepool-api-url`,
 * the labels the running launcher lists are compared with the branch's too.
 */
async function driftMode(ctx: RunContext): Promise<ModeResult> {
  const { inputs } = ctx;
  const api = inputs.nodepoolApiUrl ? { nodepoolApi: { url: inputs.nodepoolApiUrl, timeoutMs: inputs.timeouts.verifySeconds * 1000 } } : {};
  const run = await planAndCheck(ctx, { ...api, ciPods: true });
  const { outcome, ssh, diagnostics, errors, warnings } = run;
  const apiDrift = nodepoolApiDriftLines(outcome.nodepoolApi);
  for (const l of apiDrift) say(ctx).warning(l, { title: 'Nodepool drift' });
  for (const c of outcome.plan?.placement?.components ?? []) if (c.status === 'differs') say(ctx).warning(c.message, { title: 'Dispatch drift' });
  for (const r of outcome.plan?.placement?.ci ?? []) if (r.status === 'differs') say(ctx).warning(`CI pods of namespace ${r.namespace}: ${r.problems.join('; ')}`, { title: 'CI pod drift' });
  const summary = planSummaryMarkdown({ diagnostics, errors, warnings, notices: outcome.validation.notices }, outcome.errors, outcome.plan, true, ssh, planContext(ctx))
    + (apiDrift.length ? `\n**Nodepool's API against the repo:**\n${apiDrift.map((l) => `- ${escapeMarkdown(l)}`).join('\n')}\n` : '');
  await core.summary.addRaw(inputs.redactor.redact(summary)).write();
  await commentOnPullRequest(ctx, plannedContent(run));
  const verdict = planVerdict({
    errors, warnings, failOnWarnings: inputs.failOnWarnings, clusterErrors: outcome.errors, changes: outcome.plan?.changes, kubeconfigError: kubeconfigFailed(outcome), ssh: ssh.report,
    drift: true, ...(outcome.nodepoolApi ? { nodepoolApi: outcome.nodepoolApi } : {}),
    placementDifferences: outcome.plan?.placement?.differences ?? 0,
  });
  return { verdict, passed: plannedLine(run) };
}

function octokitFor(inputs: ActionInputs) {
  return inputs.githubToken ? github.getOctokit(inputs.githubToken, { baseUrl: process.env.GITHUB_API_URL || undefined }) : undefined;
}

/**
 * On a pull request, the plan is stored as an artifact of this workflow run (src/io/github/artifact.ts), and the
 * comment names the run: apply after merge takes the reviewed plan from there, never from the comment. Returns the
 * run's id, or undefined (with a warning: apply will then find no reviewed plan) when it could not be stored.
 */
async function storePlanArtifact(ctx: RunContext, plan: Plan): Promise<string | undefined> {
  const runId = process.env.GITHUB_RUN_ID;
  try {
    if (!runId || !/^\d+$/.test(runId)) throw new ArtifactError('GITHUB_RUN_ID is not set: this is not a GitHub Actions run');
    await uploadArtifact(process.env, planArtifactName(ctx.inputs.target), ctx.inputs.redactor.redact(renderPlanJson(plan)));
    say(ctx).info(`Plan stored as artifact ${planArtifactName(ctx.inputs.target)} of run ${runId}: apply after merge takes the reviewed plan from there`);
    return runId;
  } catch (err) {
    say(ctx).warning(`The plan could not be stored as an artifact of this run (${err instanceof Error ? err.message : String(err)}): apply after merge will find no reviewed plan for this pull request. Re-run the plan job, or give apply the reviewed-plan input.`);
    return undefined;
  }
}

/** The plan workflow's file: the input, else the file of the running workflow (GITHUB_WORKFLOW_REF). */
function planWorkflowPath(inputs: ActionInputs): string | undefined {
  const given = inputs.planWorkflow ?? process.env.GITHUB_WORKFLOW_REF;
  return given ? workflowFile(given) : undefined;
}

/**
 * The reviewed plan for this push: the artifact of the merged pull request's newest successful plan run, which the
 * API names (src/io/github/artifact.ts, findPlanRun), never the run id in the comment, which any workflow with the
 * token can edit (or the reviewed-plan input). `refused` says why there is none, for the error.
 */
async function reviewedPlan(ctx: RunContext): Promise<{ plan?: string; pullNumber?: number; source: string; refused?: boolean }> {
  const { inputs, resolved } = ctx;
  if (inputs.reviewedPlan) return { plan: inputs.reviewedPlan, source: 'the reviewed-plan input' };
  const octokit = octokitFor(inputs);
  if (!octokit || resolved.mode !== 'apply' || github.context.eventName !== 'push') return { source: 'none' };
  const { owner, repo } = github.context.repo;
  const sha = resolved.headSha ?? github.context.sha;
  const defaultBranch = (github.context.payload.repository as { default_branch?: string } | undefined)?.default_branch;
  const pr = await findMergedPullRequest(octokit, { owner, repo, sha, defaultBranch });
  if (!pr) return { source: `no merged pull request for ${sha.slice(0, 12)}` };
  const pullNumber = pr.number;
  const workflowPath = planWorkflowPath(inputs);
  if (!workflowPath) return { pullNumber, refused: true, source: 'the plan workflow is not known (no plan-workflow input and no GITHUB_WORKFLOW_REF)' };
  const branch = github.context.ref?.startsWith('refs/heads/') ? github.context.ref.slice('refs/heads/'.length) : defaultBranch ?? '';
  const found = await findPlanRun(octokit, { owner, repo }, { workflowPath, branch, pull: { number: pr.number, headSha: pr.headSha, headRef: pr.headRef, baseRef: pr.baseRef, ...(pr.headRepository ? { headRepository: pr.headRepository } : {}) } });
  if ('refused' in found) return { pullNumber, refused: true, source: `no plan run of pull request #${pr.number} can carry the reviewed plan: ${found.refused}` };
  const runId = found.runId;
  // The comment's run id chooses nothing; one that names another run is worth a word (edited, or a re-run's comment
  // could not be updated).
  const { found: comment } = await findOwnComment(octokit, { owner, repo, issueNumber: pr.number, target: inputs.target });
  if (comment?.header.run !== undefined && comment.header.run !== String(runId)) {
    say(ctx).warning(`The plan comment of pull request #${pr.number} names run ${JSON.stringify(comment.header.run).slice(0, 40)}, not run ${runId}, the pull request's newest successful plan run: the reviewed plan is taken from run ${runId}. Was the comment edited?`);
  }
  const plan = await downloadArtifactFile(octokit, { owner, repo, runId, name: planArtifactName(inputs.target) });
  if (!plan) return { pullNumber, refused: true, source: `run ${runId}, the newest successful plan run of pull request #${pr.number}, has no artifact ${planArtifactName(inputs.target)}` };
  return { plan, pullNumber, source: `the plan artifact of run ${runId} (pull request #${pr.number})` };
}

function commentOutcome(o: ApplyOutcome, commit: string | undefined): CommentOutcome {
  if (o.ok) return { kind: 'applied', commit };
  // The current plan's hash is not written anywhere: it is the one a forged review would need; what changed since
  // the review is, step by step.
  if (o.stage === 'guard' && o.guard) return { kind: 'plan-changed', applied: false, reviewedPlanHash: o.guard.reviewedHash, differences: o.guard.differences };
  const at = o.failedStep ?? (o.stage === 'incomplete' ? o.steps.findIndex((s) => s.status === 'incomplete') : -1);
  const step = at >= 0 ? at + 1 : 0;
  const failed = at >= 0 ? o.steps[at] : undefined;
  return { kind: 'failed', step, stepCount: o.steps.length, stepName: failed?.summary ?? o.stage, error: o.errors[0]?.message };
}

/** Set this target's apply status at the commit (a repo with targets); a failure to set it is a warning. */
async function ownApplyStatus(ctx: RunContext, sha: string, state: 'pending' | 'success' | 'failure', description: string): Promise<void> {
  const octokit = octokitFor(ctx.inputs);
  if (ctx.repoTarget === undefined || !octokit) return;
  const { owner, repo } = github.context.repo;
  const runUrl = runUrlFromEnv(process.env);
  try {
    await setApplyStatus(octokit, { owner, repo, sha, target: ctx.repoTarget, state, description: ctx.inputs.redactor.redact(description), ...(runUrl ? { targetUrl: runUrl } : {}) });
  } catch (err) {
    say(ctx).warning(`The commit status of ${ctx.repoTarget}'s apply could not be set to ${state} (${err instanceof Error ? err.message.split('\n')[0] : String(err)}): give the job \`permissions: statuses: write\`; the targets after ${ctx.repoTarget} wait for it.`);
  }
}

/**
 * Ordered promotion (a repo with targets): before any write, every target earlier in the settings' order must have
 * applied this commit (io/github/promotion.ts); then this target's status is pending. A refusal is the mode's result.
 */
async function promotionGate(ctx: RunContext, sha: string): Promise<ModeResult | undefined> {
  const { inputs } = ctx;
  const target = ctx.repoTarget;
  if (target === undefined) return undefined;
  const order = (ctx.declared ?? []).map((t) => t.name);
  let earlier = order.slice(0, Math.max(0, order.indexOf(target)));
  // An earlier target this change does not touch (its cluster gets the same as before: the matrix from mode targets
  // leaves it out) is not waited for; without a base to compare with (or one that cannot be read), every one is.
  const { base } = changeOfEvent(github.context.eventName, (github.context.payload ?? {}) as Record<string, unknown>);
  if (earlier.length && base !== undefined && fetchCommit(inputs.configPath, base)) {
    const touched = runTargets({ repoPath: inputs.configPath, changedSince: base }).targets;
    const untouched = earlier.filter((e) => touched.find((t) => t.name === e)?.changed === false);
    for (const e of untouched) say(ctx).info(`Promotion: ${e} comes before ${target}, but this change does not touch it (${touched.find((t) => t.name === e)?.reason ?? ''}): not waited for`);
    earlier = earlier.filter((e) => !untouched.includes(e));
  }
  const refuse = async (reason: string): Promise<ModeResult> => {
    say(ctx).error(reason, { title: 'promotion' });
    await ownApplyStatus(ctx, sha, 'failure', `not applied: ${reason}`);
    return { verdict: { exitCode: EXIT.findings, failures: [reason] } };
  };
  const octokit = octokitFor(inputs);
  if (earlier.length) {
    if (!octokit) return refuse(`${target} comes after ${earlier.join(', ')} in the order of promotion, and without a github-token their apply statuses cannot be read: ${target} is not applied`);
    const { owner, repo } = github.context.repo;
    const timeoutMs = (inputs.timeouts.promotionSeconds ?? inputs.timeouts.rolloutSeconds) * 1000;
    say(ctx).info(`Promotion: ${target} comes after ${earlier.join(', ')}; their applies of ${sha.slice(0, 12)} must have succeeded (statuses ${earlier.map((e) => JSON.stringify(`pool-reconciler/apply: ${e}`)).join(', ')})`);
    let result: Awaited<ReturnType<typeof awaitEarlierTargets>>;
    try {
      result = await awaitEarlierTargets(octokit, { owner, repo, sha, target, earlier, timeoutMs, onWait: (l) => say(ctx).info(l) });
    } catch (err) {
      result = { ok: false, reason: `the apply statuses of ${earlier.join(', ')} at ${sha.slice(0, 12)} could not be read (${err instanceof Error ? err.message.split('\n')[0] : String(err)}; the job needs \`permissions: statuses: read\`): ${target} is not applied` };
    }
    if (!result.ok) return refuse(result.reason);
  }
  await ownApplyStatus(ctx, sha, 'pending', `applying ${target}`);
  return undefined;
}

async function applyMode(ctx: RunContext): Promise<ModeResult> {
  const { inputs, resolved } = ctx;
  const gate = await promotionGate(ctx, resolved.headSha ?? github.context.sha ?? 'HEAD');
  if (gate) return gate;
  const reviewed = inputs.skipPlanCheck ? { source: 'skipped (skip-plan-check)' } as Awaited<ReturnType<typeof reviewedPlan>> : await reviewedPlan(ctx);
  if (reviewed.refused) say(ctx).error(`Reviewed plan: ${reviewed.source}`, { title: 'reviewed plan' });
  else if (inputs.skipPlanCheck) {
    // The override is on the record: an annotation on the run, with who started it.
    const who = process.env.GITHUB_TRIGGERING_ACTOR || process.env.GITHUB_ACTOR || 'unknown';
    say(ctx).warning(`Apply without a reviewed plan (skip-plan-check), run started by ${who}`, { title: 'reviewed plan' });
  } else if (!reviewed.plan && github.context.eventName !== 'push') {
    say(ctx).error('Reviewed plan: none. A manual apply takes the reviewed plan with the reviewed-plan input (the plan.json of a plan run\'s artifact; ' +
      'see the README, "Manual run"), or skip-plan-check: true, the override, which the run records with who started it.', { title: 'reviewed plan' });
  } else say(ctx).info(`Reviewed plan: ${reviewed.source}`);
  const commit = resolved.headSha ?? github.context.sha ?? 'HEAD';
  // While apply runs, the merged pull request's comment says so ("applying… step 3 of 14").
  const progressOctokit = octokitFor(inputs);
  const progress = progressOctokit && reviewed.pullNumber !== undefined && inputs.comment !== 'off'
    ? applyProgressReporter(progressOctokit, {
        ...github.context.repo, pullNumber: reviewed.pullNumber, target: inputs.target, outcome: { kind: 'applied' },
        runUrl: runUrlFromEnv(process.env), mode: commentMode(inputs.comment), redactor: inputs.redactor,
        onError: (m) => say(ctx).warning(m),
      })
    : undefined;
  // A cancelled job: the runner sends SIGINT, then SIGTERM; the apply stops, releases its Lease and says what it did.
  const interrupt = listenForInterrupt((line) => say(ctx).warning(inputs.redactor.redact(line)));
  const outcome = await runApply({
    signal: interrupt.signal,
    repoPath: inputs.configPath,
    ...withTarget(ctx),
    kubeconfig: inputs.kubeconfig,
    kubeconfigName: 'input `kubeconfig`',
    secrets: inputs.providerSecrets,
    commit,
    env: process.env,
    reviewedPlan: reviewed.plan,
    skipPlanCheck: inputs.skipPlanCheck,
    allowUnmountedSecretKeys: inputs.allowUnmountedSecretKeys,
    rolloutTimeoutMs: inputs.timeouts.rolloutSeconds * 1000,
    ...(inputs.nodepoolApiUrl ? { verify: { nodepoolApiUrl: inputs.nodepoolApiUrl, timeoutMs: inputs.timeouts.verifySeconds * 1000 } } : {}),
    identity: identityFromEnv(process.env, runUrlFromEnv(process.env)),
    onProgress: (line) => say(ctx).info(line),
    onStep: (event) => progress?.update(event),
    redactor: inputs.redactor,
  }).finally(() => interrupt.dispose());
  if (outcome.ok) {
    // Once after the apply: do the Dispatch components and the recent CI pods carry the repo's tolerations?
    const after = await placementAfterApply({
      repoPath: inputs.configPath, ...withTarget(ctx), kubeconfig: inputs.kubeconfig, kubeconfigName: 'input `kubeconfig`', secrets: inputs.providerSecrets, commit, env: process.env,
    }, outcome);
    for (const l of after.lines) say(ctx).info(`Dispatch placement: ${l}`);
    if (after.differences) say(ctx).warning(`${after.differences} Dispatch component(s) or CI repositories do not carry the repo's tolerations or run off their pool: see the job summary`, { title: 'Dispatch placement' });
    outcome.notes.push(...after.lines.map((l) => `placement: ${l}`), ...(after.error ? [`placement: not checked after the apply: ${after.error}`] : []));
  }
  await progress?.flush();
  // A refused apply does not publish the current plan (its hash is the one a forged review would need).
  const { diagnostics, errors, warnings } = reportFindingsAndPlan(ctx, outcome.validation, outcome.stage === 'guard' && !outcome.ok ? undefined : outcome.plan);
  // The image-builders after the config-update: a failure fails the run, it does not stop the update.
  const ssh: CheckSshOutcome = outcome.ok ? await sshCheck(ctx) : { skipped: 'the apply did not complete', diagnostics: [], sources: new Map() };
  const summary = applySummaryMarkdown({ diagnostics, errors, warnings, notices: outcome.validation.notices }, outcome, ssh, planContext(ctx));
  await core.summary.addRaw(inputs.redactor.redact(summary)).write();

  const octokit = octokitFor(inputs);
  if (octokit && reviewed.pullNumber !== undefined && inputs.comment !== 'off') {
    const { owner, repo } = github.context.repo;
    try {
      const r = await postApplyOutcome(octokit, { owner, repo, pullNumber: reviewed.pullNumber, target: inputs.target, outcome: commentOutcome(outcome, commit), runUrl: runUrlFromEnv(process.env), mode: commentMode(inputs.comment), redactor: inputs.redactor });
      if (r.action === 'skipped') say(ctx).notice(r.reason ?? 'The apply outcome was not written to the pull request.');
      else if (r.url) core.setOutput('comment-url', r.url);
    } catch (err) {
      say(ctx).warning(inputs.redactor.redact(`The apply outcome could not be written to pull request #${reviewed.pullNumber}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`));
    }
  }
  const verdict = applyVerdict({ outcome, ssh: ssh.report });
  // The targets after this one go on only when this run passed (an apply that failed, or image-builders the SSH check could not reach, stop them).
  await ownApplyStatus(ctx, commit, verdict.failures.length ? 'failure' : 'success', verdict.failures.length ? `failed: ${verdict.failures[0]}` : `applied ${ctx.repoTarget ?? ''}`.trim());
  return { verdict, passed: `Apply ${applyHeadline(outcome)}` };
}

/** Run the resolved mode; the caller fails the step with the verdict's reasons. */
export async function runActionMode(ctx: RunContext): Promise<ModeResult> {
  resolveTarget(ctx);
  switch (ctx.resolved.mode) {
    case 'validate':
      return validateMode(ctx);
    case 'plan':
      return planMode(ctx);
    case 'drift':
      return driftMode(ctx);
    case 'apply':
      return applyMode(ctx);
  }
}

/** Drift between what Nodepool's API lists and the repo's labels, as sentences (empty: none, or not asked). */
export function nodepoolApiDriftLines(d: PlanOutcome['nodepoolApi']): string[] {
  if (!d) return [];
  if (d.error) return [`Nodepool's label list could not be read: ${d.error}`];
  const out: string[] = [];
  if (d.missing.length) out.push(`the running Nodepool does not list ${d.missing.join(', ')} of the default branch's nodepool.yaml (not deployed yet, or its provider failed to start)`);
  if (d.extra.length) out.push(`the running Nodepool lists ${d.extra.join(', ')}, which the default branch's nodepool.yaml does not have (deployed from another commit?)`);
  return out;
}

const passed = (line: string): ModeResult => ({ verdict: { exitCode: EXIT.ok, failures: [] }, passed: line });

/**
 * Mode targets: the repo's targets a change touches (run/targets.ts), as the `targets` output (their names, JSON) and
 * the `matrix` output (`{"include": [...]}` for `strategy.matrix`). The change: a pull request's base commit, a push's
 * `before`; other events touch every target. The base is fetched when the checkout lacks it.
 */
export async function targetsMode(inputs: ActionInputs): Promise<ModeResult> {
  const log = actionLog(inputs.redactor);
  const { base } = changeOfEvent(github.context.eventName, (github.context.payload ?? {}) as Record<string, unknown>);
  if (base !== undefined && !fetchCommit(inputs.configPath, base)) {
    log.warning(`The base commit ${base.slice(0, 12)} is not in the checkout and could not be fetched: every target counts as touched. Check out with \`fetch-depth: 0\`.`);
  }
  const outcome = runTargets({ repoPath: inputs.configPath, ...(base !== undefined ? { changedSince: base } : {}) });
  for (const n of outcome.notes) log.warning(n);
  const touched = outcome.targets.filter((t) => t.changed !== false);
  for (const t of outcome.targets) log.info(`${t.order}. ${t.name}${t.environment ? ` (environment ${t.environment})` : ''}: ${t.changed === false ? 'not touched' : 'touched'}${t.reason ? `: ${t.reason}` : ''}`);
  core.setOutput('targets', JSON.stringify(touched.map((t) => t.name)));
  core.setOutput('matrix', JSON.stringify({ include: touched.map(matrixEntry) }));
  const rows = outcome.targets.map((t) => `| ${t.order} | ${escapeMarkdown(t.name)} | ${escapeMarkdown(t.environment ?? '')} | ${t.changed === false ? 'no' : 'yes'} | ${escapeMarkdown(t.reason ?? (base === undefined ? 'no base to compare with: every target' : ''))} |`);
  await core.summary.addRaw(inputs.redactor.redact([
    `## pool-reconciler: targets${base !== undefined ? ` touched since ${base.slice(0, 12)}` : ''}`, '',
    '| order | target | environment | touched | why |', '|---|---|---|---|---|', ...rows, '',
  ].join('\n'))).write();
  return passed(`${touched.length} of ${outcome.targets.length} target(s) touched: ${touched.map((t) => t.name).join(', ') || 'none'}`);
}

/** The hidden header's target of the combined comment: not a target name (those are DNS labels). */
export const combinedCommentTarget = (configPath: string): string => (configPath === '.' ? '*' : `${configPath}:*`);

/**
 * Mode comment (the job after the plan matrix, `needs: plan`, `if: always()`): every declared target's section, as
 * its plan job stored it in this workflow run (GITHUB_RUN_ID), laid out as ONE pull-request comment: a summary table,
 * then a block per target. A target without a section in this run is said not planned here (the change does not
 * touch it, or its job failed). The comment passes or fails nothing: each plan job did.
 */
export async function gatherCommentMode(inputs: ActionInputs): Promise<ModeResult> {
  const log = actionLog(inputs.redactor);
  const change = changeOfEvent(github.context.eventName, (github.context.payload ?? {}) as Record<string, unknown>);
  if (change.pullRequest === undefined) return passed(`Mode comment gathers the plan jobs' sections on a pull request; a ${github.context.eventName || 'manual'} run has none to comment on.`);
  if (inputs.comment === 'off') return passed('The comment input is off: no pull-request comment was written.');
  const declared = repoSettings(inputs.configPath).targets;
  if (!declared.length) return passed('The repo declares no targets: each plan run writes its own comment, there is nothing to gather.');
  if (!inputs.githubToken) {
    log.notice('No github-token: the targets\' sections cannot be read and no pull-request comment was written.');
    return passed('No comment written.');
  }
  const runId = process.env.GITHUB_RUN_ID;
  if (!runId || !/^\d+$/.test(runId)) throw new UsageError('mode comment gathers the sections of this workflow run: GITHUB_RUN_ID is not set (this is not a GitHub Actions run)');
  const octokit = github.getOctokit(inputs.githubToken, { baseUrl: process.env.GITHUB_API_URL || undefined });
  const { owner, repo } = github.context.repo;
  const targets: Array<{ name: string; section?: TargetSection }> = [];
  for (const t of declared) {
    const name = sectionArtifactName(t.name);
    let section: TargetSection | undefined;
    try {
      const text = await downloadArtifactFile(octokit, { owner, repo, runId: Number(runId), name, file: SECTION_FILE });
      if (text !== undefined) {
        const parsed = parseTargetSection(text, t.name);
        if ('problem' in parsed) log.warning(`Artifact ${name} of run ${runId} is left out: ${parsed.problem}`);
        else section = parsed;
      }
    } catch (err) {
      log.warning(inputs.redactor.redact(`Artifact ${name} of run ${runId} could not be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`));
    }
    log.info(`${t.name}: ${section ? `section found (${section.changes === undefined ? 'no plan' : `${section.changes} change(s)`})` : 'not planned in this run'}`);
    targets.push({ name: t.name, ...(section ? { section } : {}) });
  }
  const target = combinedCommentTarget(inputs.configPath);
  const sha = change.headSha;
  const runUrl = runUrlFromEnv(process.env);
  const rendered = layoutCombinedComment({
    header: { v: 1, target, mode: 'plan', ...(sha ? { commit: sha } : {}) },
    title: `pool-reconciler · plan · ${declared.map((t) => t.name).join(', ')}${sha ? ` · ${sha.slice(0, 12)}` : ''}`,
    targets,
    ...(runUrl ? { runUrl } : {}),
  });
  const quiet = targets.every((t) => !t.section || (t.section.errors === 0 && t.section.warnings === 0 && t.section.changes === 0));
  try {
    // No target planned in this run (the change touches none) and no comment yet: nothing to say.
    if ((inputs.comment === 'changes-only' && quiet) || targets.every((t) => !t.section)) {
      const { found } = await findOwnComment(octokit, { owner, repo, issueNumber: change.pullRequest, target });
      if (!found) return passed(targets.some((t) => t.section) ? 'Nothing to report (no findings, no changes): no pull-request comment written (comment: changes-only).' : 'No target was planned in this run (the change touches none): no pull-request comment written.');
    }
    const r = await upsertComment(octokit, { owner, repo, issueNumber: change.pullRequest, target, body: rendered.body, mode: inputs.comment === 'changes-only' ? 'update' : inputs.comment, redactor: inputs.redactor });
    if (r.action === 'skipped') log.notice(r.reason ?? 'The pull-request comment was not written.');
    else if (r.url) {
      core.setOutput('comment-url', r.url);
      log.info(`Pull-request comment ${r.action}: ${r.url}`);
    }
  } catch (err) {
    log.warning(inputs.redactor.redact(`The pull-request comment could not be written: ${err instanceof RateLimitError ? 'GitHub rate limit' : err instanceof Error ? err.message.split('\n')[0] : String(err)}`));
  }
  return passed(`One comment for ${targets.filter((t) => t.section).length} of ${targets.length} target(s)${rendered.partial ? ' (cut to fit GitHub\'s limit; the run has the rest)' : ''}`);
}
