/**
 * What every job summary and title shares, and the validation's summary: apart from report/plan.ts (and the YAML
 * writer it loads), so that `validate` in Markdown loads none of the plan's rendering.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { escapeMarkdown } from '../core/markdown.js';
import { diagnosticsMarkdownTable, summaryLine } from './diagnostics.js';

/** Where the plan was made, for titles: who and what. */
export interface PlanContext {
  /** `plan`, `drift`, `apply`. */
  mode?: string;
  /** The cluster / config target. */
  target?: string;
  /** The head commit and its page. */
  commit?: string;
  commitUrl?: string;
  /** The workflow run. */
  runUrl?: string;
  /** A link to a repo file (a path from the config repo's root) at the head commit and line: Nodepool changes. */
  fileUrl?: (file: string, line: number) => string | undefined;
  /** The same for a finding, whose file is a path from the workspace. */
  findingUrl?: (file: string, line: number) => string | undefined;
}

/** ` · plan · prod · [abc1234](…) · [run](…)` (Markdown; empty without context). */
export function contextSuffix(ctx: PlanContext | undefined): string {
  if (!ctx) return '';
  const parts: string[] = [];
  if (ctx.mode) parts.push(escapeMarkdown(ctx.mode));
  if (ctx.target) parts.push(escapeMarkdown(ctx.target));
  if (ctx.commit) {
    const short = `\`${escapeMarkdown(ctx.commit.slice(0, 12), true)}\``;
    parts.push(ctx.commitUrl && linkable(ctx.commitUrl) ? `[${short}](${ctx.commitUrl})` : short);
  }
  if (ctx.runUrl && linkable(ctx.runUrl)) parts.push(`[run](${ctx.runUrl})`);
  return parts.length ? ` · ${parts.join(' · ')}` : '';
}

export const linkable = (url: string): boolean => /^https?:\/\/[^\s()<>"'`[\]|\\]+$/.test(url);

/** Job summaries are capped at 1 MiB per step; keep well under it. */
export const SUMMARY_BUDGET = 900 * 1024;

export function fitSummary(body: string): string {
  if (body.length <= SUMMARY_BUDGET) return body;
  return body.slice(0, SUMMARY_BUDGET) + '\n\n_Cut to fit the job summary limit; run `pool-reconciler` locally for the whole report._\n';
}

export function validationSummaryMarkdown(diags: readonly Diagnostic[], errors: number, warnings: number, notices: string[], context?: PlanContext): string {
  const status = errors ? `❌ ${summaryLine(errors, warnings)}` : warnings ? `⚠️ ${summaryLine(errors, warnings)}` : '✅ valid: no errors, no warnings';
  const parts = [`## pool-reconciler: validate${contextSuffix(context)}`, '', `**${status}**`, ''];
  if (diags.length) parts.push(diagnosticsMarkdownTable(diags, context?.findingUrl));
  if (notices.length) parts.push('', ...notices.map((n) => `- ${escapeMarkdown(n)}`), '');
  return fitSummary(parts.join('\n'));
}

