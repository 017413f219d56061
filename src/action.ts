/**
 * The GitHub Action: inputs in (parsed in one place), results out as annotations, the job summary and outputs.
 * The work happens in run.ts, shared with the CLI.
 */
import * as core from '@actions/core';
import path from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { runValidate, UsageError } from './run.js';
import { diagnosticsMarkdownTable, summaryLine } from './report/diagnostics.js';
import { escapeMarkdown } from './report/markdown.js';

/** GitHub shows at most this many error and warning annotations per step; the rest go to the summary. */
export const ANNOTATION_LIMIT = 10;

/** Job summaries are capped at 1 MiB per step; keep well under it. */
export const SUMMARY_BUDGET = 900 * 1024;

export interface ActionInputs {
  mode: 'validate';
  configPath: string;
  failOnWarnings: boolean;
  standalone: boolean;
}

/** A boolean input; empty means the default (action.yml defaults do not apply when run outside GitHub). */
function booleanInput(name: string, fallback: boolean): boolean {
  const v = core.getInput(name).trim();
  if (v === '') return fallback;
  if (/^(true|yes|on|1)$/i.test(v)) return true;
  if (/^(false|no|off|0)$/i.test(v)) return false;
  throw new UsageError(`input ${name}: ${JSON.stringify(v)} is not a boolean (true or false)`);
}

export function readInputs(): ActionInputs {
  const mode = core.getInput('mode') || 'validate';
  if (mode !== 'validate') {
    throw new UsageError(`input mode: ${JSON.stringify(mode)} is not supported yet by this version; use validate`);
  }
  return {
    mode,
    configPath: core.getInput('config-path') || '.',
    failOnWarnings: booleanInput('fail-on-warnings', false),
    standalone: booleanInput('standalone', false),
  };
}

/** Emit at most ANNOTATION_LIMIT error and warning annotations; returns how many were left out. */
export function annotate(diags: readonly Diagnostic[], workspaceRelative: (file: string) => string): number {
  let errors = 0;
  let warnings = 0;
  let left = 0;
  for (const d of diags) {
    const props: core.AnnotationProperties = {
      title: d.rule,
      file: workspaceRelative(d.file),
      ...(d.line > 0 ? { startLine: d.line, startColumn: d.column } : {}),
    };
    const text = d.hint ? `${d.message}\n${d.hint}` : d.message;
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
  let body = parts.join('\n');
  if (body.length > SUMMARY_BUDGET) {
    body = body.slice(0, SUMMARY_BUDGET) + '\n\n_The findings table was cut to fit the job summary limit; run `pool-reconciler validate` locally for all of them._\n';
  }
  return body;
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const outcome = runValidate({
      paths: [inputs.configPath],
      env: process.env,
      standalone: inputs.standalone,
    });
    const relToWorkspace = (file: string) => path.relative(workspace, path.resolve(file)).split(path.sep).join('/');
    const left = annotate(outcome.diagnostics, relToWorkspace);
    for (const n of outcome.notices) core.info(`note: ${n}`);
    core.setOutput('errors', String(outcome.errors));
    core.setOutput('warnings', String(outcome.warnings));
    await core.summary.addRaw(validationSummaryMarkdown(outcome.diagnostics, outcome.errors, outcome.warnings, outcome.notices)).write();
    core.info(summaryLine(outcome.errors, outcome.warnings) + (left ? ` (${left} more in the job summary)` : ''));
    if (outcome.errors > 0) core.setFailed(`${outcome.errors} error${outcome.errors === 1 ? '' : 's'} in the config repo`);
    else if (inputs.failOnWarnings && outcome.warnings > 0) core.setFailed(`${outcome.warnings} warning(s) and fail-on-warnings is set`);
  } catch (err) {
    // No stack trace reaches a user.
    core.setFailed(err instanceof Error ? err.message.split('\n')[0] : String(err));
  }
}
