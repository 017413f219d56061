/**
 * Renderings of a Plan: Markdown (PR comment, job summary), text with optional ANSI colours (CLI) and stable JSON
 * (`--format json`, the action's `plan` output). Pure. A Plan holds no secret values, so neither does any rendering;
 * text from the config repo is escaped for Markdown and stripped of control characters for terminals.
 */
import { dump } from 'js-yaml';
import type { Plan, PlanStep, StepAction } from '../plan/types.js';
import { escapeMarkdown } from '../core/markdown.js';

// ---------------------------------------------------------------------------------------------------------------
// Shared

/** `1 to create, 2 to update, 2 rollouts`, or `no changes`. */
export function planHeadline(plan: Plan): string {
  const c = plan.counts;
  const parts: string[] = [];
  if (c.create) parts.push(`${c.create} to create`);
  if (c.update) parts.push(`${c.update} to update`);
  if (c.rollout) parts.push(`${c.rollout} rollout${c.rollout === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no changes';
}

export const EXEC_NOTE = 'Nodepool config refresh: always run on apply';

/** `Secret sf/nodepool-providers-secrets`, `Node n1`, `Pod sf/-l run=nodepool-launcher`. */
export function objectLabel(step: PlanStep): string {
  const o = step.object;
  if (o.selector) return `${o.kind} -l ${o.selector} in namespace ${o.namespace ?? ''}`;
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** The owned fields before and after as YAML, as a line diff. */
export function stepDiffLines(step: PlanStep): Array<{ op: ' ' | '-' | '+'; line: string }> {
  if (!step.after && !step.before) return [];
  const toLines = (v: Record<string, unknown> | undefined): string[] =>
    v && Object.keys(v).length ? dump(v, { lineWidth: -1, noRefs: true }).replace(/\n$/, '').split('\n') : [];
  return lineDiff(toLines(step.before), toLines(step.after));
}

/** Longest-common-subsequence line diff (falls back to "all removed, all added" for very large inputs). */
export function lineDiff(a: string[], b: string[]): Array<{ op: ' ' | '-' | '+'; line: string }> {
  // Common prefix and suffix first: most diffs here are a few lines in a larger text.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: Array<{ op: ' ' | '-' | '+'; line: string }> = a.slice(0, start).map((line) => ({ op: ' ', line }));
  const ma = a.slice(start, endA);
  const mb = b.slice(start, endB);
  const n = ma.length;
  const m = mb.length;
  if (n * m > 4_000_000) {
    out.push(...ma.map((line) => ({ op: '-' as const, line })), ...mb.map((line) => ({ op: '+' as const, line })));
  } else {
    const w = m + 1;
    const dp = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        dp[i * w + j] = ma[i] === mb[j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (ma[i] === mb[j]) {
        out.push({ op: ' ', line: ma[i] });
        i++;
        j++;
      } else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) out.push({ op: '-', line: ma[i++] });
      else out.push({ op: '+', line: mb[j++] });
    }
    while (i < n) out.push({ op: '-', line: ma[i++] });
    while (j < m) out.push({ op: '+', line: mb[j++] });
  }
  out.push(...a.slice(endA).map((line) => ({ op: ' ' as const, line })));
  return out;
}

function execCommand(step: PlanStep): string {
  const e = step.exec;
  if (!e) return '';
  return [...Object.keys(e.env).sort().map((k) => `${k}=${e.env[k]}`), ...e.command].join(' ');
}

const changing = (s: PlanStep): boolean => s.action === 'create' || s.action === 'update' || s.action === 'rollout';

// ---------------------------------------------------------------------------------------------------------------
// JSON

/** The stable JSON form: the same plan gives byte-identical text. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown

export interface MarkdownOptions {
  /** Heading text before the headline (default "Plan"). */
  title?: string;
  /** Heading level (default 3). */
  headingLevel?: number;
  /** Stop adding rows and diffs past this length (a PR comment holds 65,536 characters); default no limit. */
  maxChars?: number;
}

const code = (s: string): string => `\`${escapeMarkdown(s, true)}\``;

/** Inside an HTML block (`<summary>`) Markdown is not read: only HTML needs escaping. */
const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r?\n/g, ' ');

function fence(content: string, lang: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${content}\n${f}`;
}

function mdObject(step: PlanStep): string {
  const o = step.object;
  let s = o.selector
    ? `${o.kind} with label ${code(o.selector)} in ${code(o.namespace ?? '')}`
    : `${o.kind} ${code(`${o.namespace ? `${o.namespace}/` : ''}${o.name}`)}`;
  if (step.exec) s += ` container ${code(step.exec.container)}`;
  if (step.pool) s += ` (pool ${code(step.pool)})`;
  return s;
}

function mdWhat(step: PlanStep): string {
  if (step.action === 'exec') return code(execCommand(step));
  return escapeMarkdown(step.summary);
}

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const title = options.title ?? 'Plan';
  const h = '#'.repeat(options.headingLevel ?? 3);
  const max = options.maxChars ?? Infinity;
  const execs = plan.steps.filter((s) => s.action === 'exec');
  const unchanged = plan.counts.unchanged;
  const lists: string[] = [];
  if (plan.blockers.length) lists.push(`**Blockers** (apply would fail):\n${plan.blockers.map((b) => `- ${escapeMarkdown(b)}`).join('\n')}`);
  if (plan.pendingPools.length) lists.push(`**Node pools without nodes yet:**\n${plan.pendingPools.map((p) => `- ${escapeMarkdown(p.message)}`).join('\n')}`);
  if (plan.notes.length) lists.push(`**Notes:**\n${plan.notes.map((n) => `- ${escapeMarkdown(n)}`).join('\n')}`);
  const footer = `<sub>plan ${code(plan.hash)}</sub>`;

  if (plan.changes === 0) {
    const refresh = execs.length ? ` ${EXEC_NOTE} (${code(execCommand(execs[0]))}).` : '';
    const line = `**${escapeMarkdown(title)}: no changes.** The cluster matches the config repo (${unchanged} object${unchanged === 1 ? '' : 's'} checked).${refresh}`;
    return [line, ...lists, footer].join('\n\n') + '\n';
  }

  const head = `${h} ${escapeMarkdown(title)}: ${planHeadline(plan)}`;
  const rows = plan.steps.filter((s) => changing(s) || s.action === 'exec');
  const tail: string[] = [];
  if (execs.length) tail.push(`${EXEC_NOTE} (exec steps are not counted as changes).`);
  if (unchanged) tail.push(`${unchanged} object${unchanged === 1 ? '' : 's'} unchanged.`);
  const tailText = [tail.join(' '), ...lists].filter((s) => s).join('\n\n');

  const reserve = head.length + tailText.length + footer.length + 400;
  let budget = max - reserve;
  const table: string[] = ['| object | action | what changes |', '|---|---|---|'];
  budget -= table.join('\n').length;
  let shownRows = 0;
  for (const s of rows) {
    const row = `| ${mdObject(s)} | ${s.action} | ${mdWhat(s)} |`;
    if (row.length + 1 > budget) break;
    table.push(row);
    budget -= row.length + 1;
    shownRows++;
  }
  if (shownRows < rows.length) table.push(`| … | | ${rows.length - shownRows} more step${rows.length - shownRows === 1 ? '' : 's'} not shown (see the JSON plan) |`);

  const details: string[] = [];
  let shownDetails = 0;
  const withDiff = rows.filter((s) => s.action !== 'exec');
  for (const s of withDiff) {
    const lines = stepDiffLines(s).map((d) => `${d.op} ${d.line}`);
    const files = s.files?.length ? `\n\nFrom ${s.files.map((f) => escapeMarkdown(f)).join(', ')}.` : '';
    const summary = `${escapeHtml(objectLabel(s))}: ${s.action}`;
    const block = `<details><summary>${summary}</summary>${files}\n\n${fence(lines.join('\n'), 'diff')}\n\n</details>`;
    if (block.length + 2 > budget) break;
    details.push(block);
    budget -= block.length + 2;
    shownDetails++;
  }
  if (shownDetails < withDiff.length) {
    details.push(`${withDiff.length - shownDetails} more diff${withDiff.length - shownDetails === 1 ? '' : 's'} not shown here (too long for one comment): see the job summary or the JSON plan.`);
  }
  return [head, table.join('\n'), tailText, ...details, footer].filter((s) => s).join('\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Text (CLI)

export interface TextOptions {
  /** ANSI colours (default false). */
  color?: boolean;
  /** List unchanged objects too (default false). */
  verbose?: boolean;
}

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m', cyan: '\u001b[36m' };

/** Control characters (escape sequences included) from the repo or the cluster must not reach the terminal. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

const SIGN: Record<StepAction, string> = { create: '+', update: '~', delete: '-', rollout: '↻', exec: '»', drift: '≠', unchanged: '=' };

export function renderPlanText(plan: Plan, options: TextOptions = {}): string {
  const paint = (color: keyof typeof ANSI, s: string): string => (options.color ? `${ANSI[color]}${s}${ANSI.reset}` : s);
  const actionColor: Record<StepAction, keyof typeof ANSI> = { create: 'green', update: 'yellow', delete: 'red', rollout: 'cyan', exec: 'cyan', drift: 'yellow', unchanged: 'dim' };
  const out: string[] = [];
  const execs = plan.steps.filter((s) => s.action === 'exec');
  if (plan.changes === 0) {
    out.push(paint('bold', `No changes: the cluster matches the config repo (${plan.counts.unchanged} object${plan.counts.unchanged === 1 ? '' : 's'} checked).`) +
      (execs.length ? ` ${EXEC_NOTE}.` : ''));
  } else {
    out.push(paint('bold', `Plan: ${planHeadline(plan)}`), '');
  }
  for (const s of plan.steps) {
    if (s.action === 'unchanged' && !options.verbose) continue;
    if (plan.changes === 0 && s.action === 'exec') continue;
    const label = clean(objectLabel(s)) + (s.exec ? ` [${clean(s.exec.container)}]` : '') + (s.pool ? ` (pool ${clean(s.pool)})` : '');
    const what = s.action === 'exec' ? clean(execCommand(s)) : clean(s.summary);
    out.push(`${paint(actionColor[s.action], `${SIGN[s.action]} ${s.action.padEnd(9)}`)} ${paint('bold', label)}  ${what}`);
    if (s.action !== 'unchanged' && s.action !== 'exec') {
      for (const d of stepDiffLines(s)) {
        const line = `      ${d.op} ${clean(d.line)}`;
        out.push(d.op === '+' ? paint('green', line) : d.op === '-' ? paint('red', line) : paint('dim', line));
      }
    }
  }
  if (plan.changes !== 0) {
    out.push('');
    if (execs.length) out.push(`${EXEC_NOTE} (exec steps are not counted as changes).`);
    if (plan.counts.unchanged && !options.verbose) out.push(`${plan.counts.unchanged} object${plan.counts.unchanged === 1 ? '' : 's'} unchanged.`);
  }
  const section = (title: string, items: string[], color: keyof typeof ANSI): void => {
    if (!items.length) return;
    out.push('', paint(color, title));
    for (const i of items) out.push(`  - ${clean(i)}`);
  };
  section('Blockers (apply would fail):', plan.blockers, 'red');
  section('Node pools without nodes yet:', plan.pendingPools.map((p) => p.message), 'yellow');
  section('Notes:', plan.notes, 'dim');
  out.push('', paint('dim', `plan ${plan.hash}`));
  return out.join('\n') + '\n';
}
