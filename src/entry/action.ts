/**
 * The GitHub Action: inputs in (src/entry/action-inputs.ts), the mode from the event, results out as annotations, the
 * job summary, outputs and the pull-request comment. The work happens in run.ts, shared with the CLI.
 */
import * as core from '@actions/core';
import * as github from '@actions/github';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { readInputs } from './action-inputs.js';
import type { ActionInputs } from './action-inputs.js';
import { runValidate } from '../run/validate.js';
import { diagnosticsMarkdownTable, summaryLine } from '../report/diagnostics.js';
import { escapeMarkdown } from '../core/markdown.js';
import { resolveMode, runUrlFromEnv } from '../io/github/event.js';
import type { ResolvedMode } from '../io/github/event.js';
import { layoutComment, statusLines, upsertComment } from '../io/github/comment.js';
import type { CommentSection } from '../io/github/comment.js';
import { RateLimitError } from '../io/github/api.js';
import type { Redactor } from '../core/redact.js';
import { runPlan } from '../run/plan.js';
import type { PlanOutcome } from '../run/plan.js';
import { runCheckSsh } from '../run/check-ssh.js';
import type { CheckSshOutcome } from '../run/check-ssh.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../report/plan.js';
import type { PlanContext } from '../report/plan.js';
import { renderSshTable } from '../report/ssh.js';
import { readBuilderSshKey } from '../io/cluster/builder-key.js';
import { loadRepo } from '../config/repo.js';
import { countBySeverity, isInputPseudoFile, underRepo } from '../core/diagnostic.js';
import type { Plan } from '../plan/types.js';
import { runApply } from '../run/apply.js';
import type { ApplyOutcome as ApplyRunOutcome } from '../plan/outcome.js';
import { applyHeadline, renderApplyMarkdown } from '../report/apply.js';
import { findMergedPullRequest } from '../io/github/event.js';
import { applyProgressReporter, findOwnComment, postApplyOutcome } from '../io/github/comment.js';
import type { ApplyOutcome as CommentOutcome } from '../io/github/comment.js';

/** GitHub shows at most this many error and warning annotations per step; the rest go to the summary. */
export const ANNOTATION_LIMIT = 10;

/** Job summaries are capped at 1 MiB per step; keep well under it. */
export const SUMMARY_BUDGET = 900 * 1024;

/** Emit at most ANNOTATION_LIMIT error and warning annotations; returns how many were left out. */
export function annotate(diags: readonly Diagnostic[], workspaceRelative: (file: string) => string, redactor?: Redactor): number {
  let errors = 0;
  let warnings = 0;
  let left = 0;
  const clean = (s: string) => (redactor ? redactor.redact(s) : s);
  for (const d of diags) {
    // A finding in a secret input is not on a file of the repo: say which input instead.
    const onInput = isInputPseudoFile(d.file);
    const props: core.AnnotationProperties = {
      title: d.rule,
      ...(onInput ? {} : { file: workspaceRelative(d.file), ...(d.line > 0 ? { startLine: d.line, startColumn: d.column } : {}) }),
    };
    const where = onInput ? `${d.file.slice('input:'.length)}${d.line > 0 ? ` line ${d.line}` : ''}: ` : '';
    const text = clean(where + (d.hint ? `${d.message}\n${d.hint}` : d.message));
    if (d.severity === 'error') {
      if (errors++ < ANNOTATION_LIMIT) core.error(text, props);
      else left++;
    } else if (d.severity === 'warning') {
      if (warnings++ < ANNOTATION_LIMIT) core.warning(text, props);
      else left++;
    } else core.notice(text, props);
  }
  return left;
}

export function validationSummaryMarkdown(diags: readonly Diagnostic[], errors: number, warnings: number, notices: string[]): string {
  const status = errors ? `❌ ${summaryLine(errors, warnings)}` : warnings ? `⚠️ ${summaryLine(errors, warnings)}` : '✅ valid: no errors, no warnings';
  const parts = [`## pool-reconciler: validate`, '', `**${status}**`, ''];
  if (diags.length) parts.push(diagnosticsMarkdownTable(diags));
  if (notices.length) parts.push('', ...notices.map((n) => `- ${escapeMarkdown(n)}`), '');
  return fitSummary(parts.join('\n'));
}

function fitSummary(body: string): string {
  if (body.length <= SUMMARY_BUDGET) return body;
  return body.slice(0, SUMMARY_BUDGET) + '\n\n_Cut to fit the job summary limit; run `pool-reconciler` locally for the whole report._\n';
}

interface RunContext {
  inputs: ActionInputs;
  resolved: ResolvedMode;
  workspace: string;
}

/** The PR comment for this run: validation findings (and, in plan mode, the plan and the SSH table). */
interface CommentContent {
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
  noPlanReason?: string;
  plan?: Plan;
  ssh?: CheckSshOutcome;
  extraSections?: CommentSection[];
}

/** Who and what for the plan's title, and links to the repo's files at the head commit. */
function planContext(ctx: RunContext): PlanContext {
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
  const repo = process.env.GITHUB_REPOSITORY;
  const sha = ctx.resolved.headSha ?? process.env.GITHUB_SHA;
  const runUrl = runUrlFromEnv(process.env);
  const base = repo && sha ? `${server}/${repo}` : undefined;
  return {
    mode: ctx.resolved.mode,
    target: ctx.inputs.target,
    ...(sha ? { commit: sha } : {}),
    ...(base && sha ? { commitUrl: `${base}/commit/${sha}` } : {}),
    ...(runUrl ? { runUrl } : {}),
    ...(base && sha
      ? {
          fileUrl: (file: string, line: number) =>
            isInputPseudoFile(file) ? undefined : `${base}/blob/${sha}/${workspaceRelative(ctx.workspace, path.join(ctx.inputs.configPath, file)).split('/').map(encodeURIComponent).join('/')}#L${line}`,
        }
      : {}),
  };
}

async function commentOnPullRequest(ctx: RunContext, content: CommentContent): Promise<void> {
  const { inputs, resolved } = ctx;
  const validation = content;
  if (resolved.pullRequest === undefined || inputs.comment === 'off') return;
  if (!inputs.githubToken) {
    core.notice('No github-token: no pull-request comment was written.');
    return;
  }
  const header = { v: 1 as const, target: inputs.target, commit: resolved.headSha, mode: resolved.mode, ...(content.plan ? { planHash: content.plan.hash } : {}) };
  const sections: CommentSection[] = [];
  if (validation.diagnostics.length) {
    sections.push({ title: `Validation findings (${validation.diagnostics.length})`, markdown: diagnosticsMarkdownTable(validation.diagnostics, planContext(ctx).fileUrl), collapsible: validation.diagnostics.length > 10, open: validation.errors > 0 });
  }
  if (content.plan) sections.push({ title: 'Plan', markdown: renderPlanMarkdown(content.plan, { headingLevel: 4, maxChars: 60_000, context: planContext(ctx) }) });
  if (content.ssh?.report) sections.push({ title: 'Image-builder SSH check', markdown: renderSshTable(content.ssh.report, 'markdown', { showPublicKey: true }), collapsible: content.ssh.report.ok });
  sections.push(...(content.extraSections ?? []));
  const runUrl = runUrlFromEnv(process.env);
  const sshStatus = content.ssh
    ? content.ssh.skipped
      ? { skipped: content.ssh.skipped }
      : { checked: content.ssh.report!.results.length, failed: content.ssh.report!.results.filter((r) => r.status === 'failed').length }
    : undefined;
  const rendered = layoutComment({
    header,
    title: `pool-reconciler · ${resolved.mode} · ${inputs.target}${resolved.headSha ? ` · ${resolved.headSha.slice(0, 12)}` : ''}`,
    statusLines: statusLines({ errors: validation.errors, warnings: validation.warnings, noPlanReason: content.noPlanReason, changes: content.plan?.changes, ...(sshStatus ? { ssh: sshStatus } : {}) }),
    sections,
    runUrl,
  });
  const octokit = github.getOctokit(inputs.githubToken, { baseUrl: process.env.GITHUB_API_URL || undefined });
  const { owner, repo } = github.context.repo;
  try {
    const r = await upsertComment(octokit, {
      owner,
      repo,
      issueNumber: resolved.pullRequest,
      target: inputs.target,
      body: rendered.body,
      mode: inputs.comment,
      redactor: inputs.redactor,
    });
    if (r.action === 'skipped') core.notice(r.reason ?? 'The pull-request comment was not written.');
    else if (r.url) {
      core.setOutput('comment-url', r.url);
      core.info(`Pull-request comment ${r.action}: ${r.url}`);
    }
    if (r.ignored) core.warning(`${r.ignored} comment(s) by another account carry a pool-reconciler header for ${inputs.target}; they were left alone.`);
  } catch (err) {
    // The check passes or fails on its own findings: a comment that cannot be written is a warning.
    const what = err instanceof RateLimitError ? 'GitHub rate limit' : err instanceof Error ? err.message.split('\n')[0] : String(err);
    core.warning(inputs.redactor.redact(`The pull-request comment could not be written: ${what}`));
  }
}

async function validateMode(ctx: RunContext): Promise<void> {
  const { inputs, resolved, workspace } = ctx;
  const secrets = Object.keys(inputs.providerSecrets).length ? inputs.providerSecrets : undefined;
  const outcome = runValidate({ paths: [inputs.configPath], env: process.env, standalone: inputs.standalone, secrets });
  const left = annotate(outcome.diagnostics, (file) => workspaceRelative(workspace, file), inputs.redactor);
  for (const n of outcome.notices) core.info(`note: ${n}`);
  core.setOutput('errors', String(outcome.errors));
  core.setOutput('warnings', String(outcome.warnings));
  const summary = validationSummaryMarkdown(outcome.diagnostics, outcome.errors, outcome.warnings, outcome.notices);
  await core.summary.addRaw(inputs.redactor.redact(summary)).write();
  core.info(summaryLine(outcome.errors, outcome.warnings) + (left ? ` (${left} more in the job summary)` : ''));
  const noPlanReason = (resolved.notice ?? 'the run was in validate mode').replace(/^No plan was made[:.]?\s*/i, '');
  await commentOnPullRequest(ctx, { ...outcome, noPlanReason });
  if (outcome.errors > 0) core.setFailed(`${outcome.errors} error${outcome.errors === 1 ? '' : 's'} in the config repo`);
  else if (inputs.failOnWarnings && outcome.warnings > 0) core.setFailed(`${outcome.warnings} warning(s) and fail-on-warnings is set`);
}

/** The SSH check in plan and apply: the key from the input, else from sf-operator's Secret in the cluster. */
async function sshCheck(ctx: RunContext): Promise<CheckSshOutcome> {
  const { inputs } = ctx;
  let privateKey = inputs.builderSshKey;
  if (!privateKey && inputs.kubeconfig) {
    const settings = loadRepo(inputs.configPath).settings;
    try {
      privateKey = await readBuilderSshKey({ yaml: inputs.kubeconfig, inputName: 'input `kubeconfig`', env: {} }, settings.softwareFactory.namespace, settings.softwareFactory.builderSshKeySecret);
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
    privateKey,
    acceptNew: inputs.acceptNewHostKeys,
    connectTimeoutMs: inputs.timeouts.sshConnectSeconds * 1000,
    timeoutMs: inputs.timeouts.sshSeconds * 1000,
  });
}

function repoRelative(ctx: RunContext, diags: Diagnostic[]): Diagnostic[] {
  return diags.map((d) => ({ ...d, file: underRepo(ctx.inputs.configPath, d.file) }));
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

function workspaceRelative(workspace: string, file: string): string {
  return path.relative(workspace, path.resolve(file)).split(path.sep).join('/');
}

/** Plan (and drift: the same plan, where any change fails the run). */
async function planMode(ctx: RunContext, drift: boolean): Promise<{ outcome: PlanOutcome; ssh: CheckSshOutcome }> {
  const { inputs, resolved } = ctx;
  const outcome = await runPlan({
    repoPath: inputs.configPath,
    kubeconfig: inputs.kubeconfig,
    kubeconfigName: 'input `kubeconfig`',
    secrets: inputs.providerSecrets,
    commit: resolved.headSha ?? process.env.GITHUB_SHA ?? 'HEAD',
    env: process.env,
    ...(resolved.baseSha ? { base: resolved.baseSha } : {}),
  });
  const { diagnostics, errors, warnings } = reportFindingsAndPlan(ctx, outcome.validation, outcome.plan);
  // The plan in the job log too.
  if (outcome.plan) core.info(inputs.redactor.redact(renderPlanText(outcome.plan)));
  for (const e of outcome.errors) core.error(inputs.redactor.redact(e.hint ? `${e.message}\n${e.hint}` : e.message), { title: 'cluster' });
  const ssh: CheckSshOutcome = outcome.plan ? await sshCheck(ctx) : { skipped: 'no plan was made', diagnostics: [], sources: new Map() };
  if (ssh.skipped) core.notice(`SSH check skipped: ${inputs.redactor.redact(ssh.skipped)}`);
  const parts = [validationSummaryMarkdown(diagnostics, errors, warnings, outcome.validation.notices)];
  for (const e of outcome.errors) parts.push(`> ❌ ${escapeMarkdown(e.message)}${e.hint ? `<br>_${escapeMarkdown(e.hint)}_` : ''}\n`);
  if (outcome.plan) parts.push(renderPlanMarkdown(outcome.plan, { title: drift ? 'Drift check' : 'Plan', context: planContext(ctx) }));
  if (ssh.report) parts.push('## Image-builder SSH check\n', renderSshTable(ssh.report, 'markdown', { showPublicKey: true }));
  await core.summary.addRaw(inputs.redactor.redact(fitSummary(parts.join('\n')))).write();

  await commentOnPullRequest(ctx, {
    errors,
    warnings,
    diagnostics,
    plan: outcome.plan,
    ssh,
    noPlanReason: outcome.plan ? undefined : outcome.errors[0]?.message ?? 'validation failed',
  });

  const failures: string[] = [];
  if (errors) failures.push(`${errors} error${errors === 1 ? '' : 's'} in the config repo`);
  if (outcome.errors.length) failures.push(outcome.errors[0].message);
  if (ssh.report && !ssh.report.ok) failures.push('the SSH check failed for at least one image-builder');
  if (inputs.failOnWarnings && warnings) failures.push(`${warnings} warning(s) and fail-on-warnings is set`);
  if (drift && outcome.plan && outcome.plan.changes > 0) failures.push(`drift: the cluster differs from the config in ${outcome.plan.changes} place${outcome.plan.changes === 1 ? '' : 's'}`);
  if (failures.length) core.setFailed(inputs.redactor.redact(failures.join('; ')));
  else if (outcome.plan) core.info(outcome.plan.changes ? `${outcome.plan.changes} change(s) planned` : 'No changes: the cluster matches the config');
  return { outcome, ssh };
}

function octokitFor(inputs: ActionInputs) {
  return inputs.githubToken ? github.getOctokit(inputs.githubToken, { baseUrl: process.env.GITHUB_API_URL || undefined }) : undefined;
}

/** The reviewed plan for this push: the merged pull request's comment header (hash and commit), or the input. */
async function reviewedPlan(ctx: RunContext): Promise<{ hash?: string; plan?: string; commit?: string; pullNumber?: number; source: string }> {
  const { inputs, resolved } = ctx;
  if (inputs.reviewedPlan) return { plan: inputs.reviewedPlan, hash: inputs.reviewedPlan, source: 'the reviewed-plan input' };
  const octokit = octokitFor(inputs);
  if (!octokit || resolved.mode !== 'apply' || github.context.eventName !== 'push') return { source: 'none' };
  const { owner, repo } = github.context.repo;
  const sha = resolved.headSha ?? github.context.sha;
  const defaultBranch = (github.context.payload.repository as { default_branch?: string } | undefined)?.default_branch;
  const pr = await findMergedPullRequest(octokit, { owner, repo, sha, defaultBranch });
  if (!pr) return { source: `no merged pull request for ${sha.slice(0, 12)}` };
  const { found } = await findOwnComment(octokit, { owner, repo, issueNumber: pr.number, target: inputs.target });
  if (!found?.header.planHash) return { pullNumber: pr.number, source: `pull request #${pr.number} has no plan comment for ${inputs.target}` };
  return { hash: found.header.planHash, commit: found.header.commit, pullNumber: pr.number, source: `the plan comment of pull request #${pr.number}` };
}

function commentOutcome(o: ApplyRunOutcome, commit: string | undefined): CommentOutcome {
  if (o.ok) return { kind: 'applied', commit };
  if (o.stage === 'guard' && o.guard) return { kind: 'plan-changed', applied: false, reviewedPlanHash: o.guard.reviewedHash, appliedPlanHash: o.guard.hash };
  const step = o.failedStep !== undefined ? o.failedStep + 1 : 0;
  const failed = o.failedStep !== undefined ? o.steps[o.failedStep] : undefined;
  return { kind: 'failed', step, stepCount: o.steps.length, stepName: failed?.summary ?? o.stage, error: o.errors[0]?.message };
}

async function applyMode(ctx: RunContext): Promise<void> {
  const { inputs, resolved } = ctx;
  const reviewed = inputs.skipPlanCheck ? { source: 'skipped (skip-plan-check)' } as Awaited<ReturnType<typeof reviewedPlan>> : await reviewedPlan(ctx);
  core.info(`Reviewed plan: ${reviewed.source}`);
  const commit = resolved.headSha ?? github.context.sha ?? 'HEAD';
  // While apply runs, the merged pull request's comment says so ("applying… step 3 of 14").
  const progressOctokit = octokitFor(inputs);
  const progress = progressOctokit && reviewed.pullNumber !== undefined && inputs.comment !== 'off'
    ? applyProgressReporter(progressOctokit, {
        ...github.context.repo, pullNumber: reviewed.pullNumber, target: inputs.target, outcome: { kind: 'applied' },
        runUrl: runUrlFromEnv(process.env), mode: inputs.comment, redactor: inputs.redactor,
        onError: (m) => core.warning(inputs.redactor.redact(m)),
      })
    : undefined;
  const outcome = await runApply({
    repoPath: inputs.configPath,
    kubeconfig: inputs.kubeconfig,
    kubeconfigName: 'input `kubeconfig`',
    secrets: inputs.providerSecrets,
    commit,
    env: process.env,
    reviewedPlanHash: reviewed.hash,
    reviewedPlan: reviewed.plan,
    reviewedCommit: reviewed.commit,
    skipPlanCheck: inputs.skipPlanCheck,
    rolloutTimeoutMs: inputs.timeouts.rolloutSeconds * 1000,
    ...(inputs.nodepoolApiUrl ? { verify: { nodepoolApiUrl: inputs.nodepoolApiUrl, timeoutMs: inputs.timeouts.verifySeconds * 1000 } } : {}),
    identity: `pool-reconciler ${runUrlFromEnv(process.env) ?? `pid ${process.pid}`}`,
    onProgress: (line) => {
      core.info(line);
      progress?.update(line);
    },
    redactor: inputs.redactor,
  });
  await progress?.flush();
  const { diagnostics, errors, warnings } = reportFindingsAndPlan(ctx, outcome.validation, outcome.plan);
  // The image-builders after the config-update: a failure fails the run, it does not stop the update.
  const ssh: CheckSshOutcome = outcome.ok ? await sshCheck(ctx) : { skipped: 'the apply did not complete', diagnostics: [], sources: new Map() };
  const parts = [validationSummaryMarkdown(diagnostics, errors, warnings, outcome.validation.notices), renderApplyMarkdown(outcome)];
  if (ssh.report) parts.push('## Image-builder SSH check\n', renderSshTable(ssh.report, 'markdown', { showPublicKey: true }));
  await core.summary.addRaw(inputs.redactor.redact(fitSummary(parts.join('\n')))).write();

  const octokit = octokitFor(inputs);
  if (octokit && reviewed.pullNumber !== undefined && inputs.comment !== 'off') {
    const { owner, repo } = github.context.repo;
    try {
      const r = await postApplyOutcome(octokit, { owner, repo, pullNumber: reviewed.pullNumber, target: inputs.target, outcome: commentOutcome(outcome, commit), runUrl: runUrlFromEnv(process.env), mode: inputs.comment, redactor: inputs.redactor });
      if (r.action === 'skipped') core.notice(r.reason ?? 'The apply outcome was not written to the pull request.');
      else if (r.url) core.setOutput('comment-url', r.url);
    } catch (err) {
      core.warning(inputs.redactor.redact(`The apply outcome could not be written to pull request #${reviewed.pullNumber}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`));
    }
  }

  const failures: string[] = [];
  if (!outcome.ok) failures.push(`${applyHeadline(outcome)}${outcome.errors[0] ? `: ${outcome.errors[0].message}` : ''}`);
  if (ssh.report && !ssh.report.ok) failures.push('the SSH check failed for at least one image-builder');
  if (failures.length) core.setFailed(inputs.redactor.redact(failures.join('; ')));
  else core.info(`Apply ${applyHeadline(outcome)}`);
}

export async function run(): Promise<void> {
  let redactor: Redactor | undefined;
  try {
    const inputs = readInputs();
    redactor = inputs.redactor;
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const context = github.context;
    const resolved = resolveMode({
      eventName: context.eventName || 'workflow_dispatch',
      payload: (context.payload ?? {}) as Record<string, unknown>,
      ref: context.ref,
      sha: context.sha,
      modeInput: inputs.modeInput,
      hasClusterCredentials: !!inputs.kubeconfig,
    });
    if (resolved.notice) core.notice(resolved.notice);
    core.info(`pool-reconciler: ${resolved.mode} (${resolved.reason})`);
    core.setOutput('mode', resolved.mode);
    const ctx: RunContext = { inputs, resolved, workspace };
    switch (resolved.mode) {
      case 'validate':
        await validateMode(ctx);
        break;
      case 'plan':
        await planMode(ctx, false);
        break;
      case 'drift':
        await planMode(ctx, true);
        break;
      case 'apply':
        await applyMode(ctx);
        break;
    }
  } catch (err) {
    // No stack trace reaches a user, and no secret either.
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    core.setFailed(redactor ? redactor.redact(message) : message);
  }
}
