/**
 * The action's Markdown: the job summary of each mode and the sections of the pull-request comment. Pure; the
 * action (src/run/action.ts) writes them out.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { escapeMarkdown } from '../core/markdown.js';
import type { SshCheckReport } from '../core/ssh-types.js';
import type { ApplyOutcome, PlanError } from '../plan/outcome.js';
import type { Plan } from '../plan/types.js';
import { renderApplyMarkdown } from './apply.js';
import { diagnosticsMarkdownTable } from './diagnostics.js';
import { renderPlanMarkdown } from './plan.js';
import { contextSuffix, fitSummary, validationSummaryMarkdown } from './summary.js';
import type { PlanContext } from './summary.js';
import { renderSshTable } from './ssh.js';

export { fitSummary, SUMMARY_BUDGET, validationSummaryMarkdown } from './summary.js';

/** The SSH check's outcome as the action reports it: a report, or why it did not run. */
export interface SshSection {
  skipped?: string;
  report?: SshCheckReport;
}

function sshMarkdown(ssh: SshSection | undefined): string[] {
  return ssh?.report ? ['## Image-builder SSH check\n', renderSshTable(ssh.report, 'markdown', { showPublicKey: true })] : [];
}

export interface FindingsSummary {
  diagnostics: readonly Diagnostic[];
  errors: number;
  warnings: number;
  notices: string[];
}

/** The job summary of a plan or drift run. */
export function planSummaryMarkdown(v: FindingsSummary, clusterErrors: readonly PlanError[], plan: Plan | undefined, drift: boolean, ssh?: SshSection, context?: PlanContext): string {
  const parts = [validationSummaryMarkdown(v.diagnostics, v.errors, v.warnings, v.notices, context)];
  for (const e of clusterErrors) parts.push(`> ❌ ${escapeMarkdown(e.message)}${e.hint ? `<br>_${escapeMarkdown(e.hint)}_` : ''}\n`);
  if (plan) parts.push(renderPlanMarkdown(plan, { title: drift ? 'Drift check' : 'Plan', ...(context ? { context } : {}) }));
  parts.push(...sshMarkdown(ssh));
  return fitSummary(parts.join('\n'));
}

/** The job summary of an apply run. */
export function applySummaryMarkdown(v: FindingsSummary, outcome: ApplyOutcome, ssh?: SshSection, context?: PlanContext): string {
  const parts = [
    validationSummaryMarkdown(v.diagnostics, v.errors, v.warnings, v.notices, context),
    renderApplyMarkdown(outcome, context ? { title: `Apply${contextSuffix(context)}`, titleIsMarkdown: true } : {}),
    ...sshMarkdown(ssh),
  ];
  return fitSummary(parts.join('\n'));
}

/** A section of the pull-request comment (the shape src/io/github/comment.ts lays out). */
export interface ReportSection {
  title: string;
  markdown?: string;
  collapsible?: boolean;
  open?: boolean;
}

/** The comment's content: validation findings, and in plan mode the plan and the SSH check. */
export interface CommentContent {
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
  noPlanReason?: string;
  plan?: Plan;
  ssh?: SshSection;
  extraSections?: ReportSection[];
  /** The workflow run whose artifact holds the plan (the comment's header names it for apply). */
  planRun?: string;
  /** Who and what for the plan's title, and links to the repo's files at the head commit. */
  context?: PlanContext;
}

/** The comment's sections, in order. */
export function commentSections(content: CommentContent): ReportSection[] {
  const sections: ReportSection[] = [];
  const n = content.diagnostics.length;
  if (n) sections.push({ title: `Validation findings (${n})`, markdown: diagnosticsMarkdownTable(content.diagnostics, content.context?.findingUrl), collapsible: n > 10, open: content.errors > 0 });
  if (content.plan) sections.push({ title: 'Plan', markdown: renderPlanMarkdown(content.plan, { headingLevel: 4, maxChars: 60_000, ...(content.context ? { context: content.context } : {}) }) });
  if (content.ssh?.report) sections.push({ title: 'Image-builder SSH check', markdown: renderSshTable(content.ssh.report, 'markdown', { showPublicKey: true }), collapsible: content.ssh.report.ok });
  sections.push(...(content.extraSections ?? []));
  return sections;
}

/** The comment's SSH status line input: hosts checked and failed, or why the check did not run. */
export function sshStatus(ssh: SshSection | undefined): { skipped: string } | { checked: number; failed: number } | undefined {
  if (!ssh) return undefined;
  if (ssh.skipped || !ssh.report) return { skipped: ssh.skipped ?? 'the check did not run' };
  return { checked: ssh.report.results.length, failed: ssh.report.results.filter((r) => r.status === 'failed').length };
}
