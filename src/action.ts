/**
 * The GitHub Action: inputs in (src/action-inputs.ts), the mode from the event, results out as annotations, the
 * job summary, outputs and the pull-request comment. The work happens in run.ts, shared with the CLI.
 */
import * as core from '@actions/core';
import * as github from '@actions/github';
import path from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { readInputs } from './action-inputs.js';
import type { ActionInputs } from './action-inputs.js';
import { runValidate, UsageError } from './run.js';
import type { ValidateOutcome } from './run.js';
import { diagnosticsMarkdownTable, summaryLine } from './report/diagnostics.js';
import { escapeMarkdown } from './report/markdown.js';
import { resolveMode, runUrlFromEnv } from './github/event.js';
import type { ResolvedMode } from './github/event.js';
import { layoutComment, statusLines, upsertComment } from './github/comment.js';
import type { CommentSection } from './github/comment.js';
import { RateLimitError } from './github/api.js';
import type { Redactor } from './github/secrets.js';

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
    const props: core.AnnotationProperties = {
      title: d.rule,
      file: workspaceRelative(d.file),
      ...(d.line > 0 ? { startLine: d.line, startColumn: d.column } : {}),
    };
    const text = clean(d.hint ? `${d.message}\n${d.hint}` : d.message);
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
async function commentOnPullRequest(ctx: RunContext, validation: ValidateOutcome, noPlanReason?: string): Promise<void> {
  const { inputs, resolved } = ctx;
  if (resolved.pullRequest === undefined || inputs.comment === 'off') return;
  if (!inputs.githubToken) {
    core.notice('No github-token: no pull-request comment was written.');
    return;
  }
  const header = { v: 1 as const, target: inputs.target, commit: resolved.headSha, mode: resolved.mode };
  const sections: CommentSection[] = [];
  if (validation.diagnostics.length) {
    sections.push({ title: `Validation findings (${validation.diagnostics.length})`, markdown: diagnosticsMarkdownTable(validation.diagnostics), collapsible: validation.diagnostics.length > 10, open: validation.errors > 0 });
  }
  const runUrl = runUrlFromEnv(process.env);
  const rendered = layoutComment({
    header,
    title: `pool-reconciler · ${resolved.mode} · ${inputs.target}`,
    statusLines: statusLines({ errors: validation.errors, warnings: validation.warnings, noPlanReason }),
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
  const outcome = runValidate({ paths: [inputs.configPath], env: process.env, standalone: inputs.standalone });
  const relToWorkspace = (file: string) => path.relative(workspace, path.resolve(file)).split(path.sep).join('/');
  const left = annotate(outcome.diagnostics, relToWorkspace, inputs.redactor);
  for (const n of outcome.notices) core.info(`note: ${n}`);
  core.setOutput('errors', String(outcome.errors));
  core.setOutput('warnings', String(outcome.warnings));
  const summary = validationSummaryMarkdown(outcome.diagnostics, outcome.errors, outcome.warnings, outcome.notices);
  await core.summary.addRaw(inputs.redactor.redact(summary)).write();
  core.info(summaryLine(outcome.errors, outcome.warnings) + (left ? ` (${left} more in the job summary)` : ''));
  const noPlanReason = (resolved.notice ?? 'the run was in validate mode').replace(/^No plan was made[:.]?\s*/i, '');
  await commentOnPullRequest(ctx, outcome, noPlanReason);
  if (outcome.errors > 0) core.setFailed(`${outcome.errors} error${outcome.errors === 1 ? '' : 's'} in the config repo`);
  else if (inputs.failOnWarnings && outcome.warnings > 0) core.setFailed(`${outcome.warnings} warning(s) and fail-on-warnings is set`);
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
      default:
        throw new UsageError(`mode ${resolved.mode} is not available in this version of the action`);
    }
  } catch (err) {
    // No stack trace reaches a user, and no secret either.
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    core.setFailed(redactor ? redactor.redact(message) : message);
  }
}
