/**
 * The pull-request comment's layout (the API calls that post it are io/github/comment.ts'): the hidden header, the
 * sections within GitHub's size limit, the status lines, the apply outcome and progress slot. Pure.
 *
 * Layout of a body (renderComment):
 *
 *     <!-- pool-reconciler {"v":1,"target":"prod","planHash":"…","commit":"…"} -->
 *     ### pool-reconciler · plan · prod
 *     <!-- pool-reconciler:outcome --><!-- /pool-reconciler:outcome -->
 *     status lines
 *     sections (headed, or collapsible <details>)
 *     … N more sections are in the job summary: <link>
 *     run link
 *
 * Size: GitHub refuses bodies over 65,536 characters. The layout measures UTF-8 bytes, which are never fewer than
 * UTF-16 code units (GitHub's count), so a body within the byte budget is also within the character limit, as
 * Atlantis does. The status lines and the link are always kept; sections are added in order until the budget.
 */
import { codeBlock, escapeHtml, escapeMarkdown } from '../core/markdown.js';
import type { ApplyProgress } from '../plan/outcome.js';

export { codeBlock, escapeHtml };

/** GitHub's limit on an issue comment body. */
export const COMMENT_LIMIT = 65_536;

/** Bytes kept free by renderComment so that postApplyOutcome can add its line to a full comment. */
export const OUTCOME_RESERVE = 2_048;

export const HEADER_NAME = 'pool-reconciler';

const OUTCOME_OPEN = '<!-- pool-reconciler:outcome -->';
const OUTCOME_CLOSE = '<!-- /pool-reconciler:outcome -->';

export type CommentMode = 'update' | 'new' | 'off';

export type OutcomeKind = 'applying' | 'applied' | 'failed' | 'plan-changed';

/** What the hidden header carries. */
export interface CommentHeader {
  v: 1;
  /** Which cluster or config target the comment is about; one comment per pull request and target. */
  target: string;
  planHash?: string;
  /** The commit the plan was made at. */
  commit?: string;
  /** The workflow run whose artifact holds the plan (its id): where apply takes the reviewed plan from. */
  run?: string;
  mode?: string;
  /** Set by postApplyOutcome. */
  outcome?: OutcomeKind;
}

const HEADER_KEYS = ['target', 'planHash', 'commit', 'run', 'mode', 'outcome'] as const;

/**
 * JSON that cannot end or open an HTML comment: `<`, `>`, `-`, `!` and `&` are written as `\uXXXX` escapes (JSON
 * strings allow them, and JSON.parse gives the original text back). Only string values and `v` are written, so
 * every `-` is inside a string.
 */
function safeJson(value: Record<string, unknown>): string {
  return JSON.stringify(value)
    .replace(/[<>\-!&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** The header line: `<!-- pool-reconciler {...} -->`, always one line. */
export function renderHeader(header: CommentHeader): string {
  const value: Record<string, unknown> = { v: 1 };
  for (const key of HEADER_KEYS) {
    const v = header[key];
    if (v !== undefined) value[key] = String(v);
  }
  return `<!-- ${HEADER_NAME} ${safeJson(value)} -->`;
}

const HEADER_RE = /^<!-- pool-reconciler (\{[^\n]*\}) -->$/;

/** The header of a body, when its first line is one (and undefined for anything else). */
export function parseHeader(body: string | null | undefined): CommentHeader | undefined {
  if (!body) return undefined;
  const nl = body.indexOf('\n');
  const first = (nl < 0 ? body : body.slice(0, nl)).replace(/\r$/, '');
  const m = HEADER_RE.exec(first);
  if (!m) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(m[1]);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const o = parsed as Record<string, unknown>;
  if (o.v !== 1 || typeof o.target !== 'string') return undefined;
  const header: CommentHeader = { v: 1, target: o.target };
  for (const key of HEADER_KEYS) {
    if (key === 'target') continue;
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') return undefined;
    if (key === 'outcome') {
      if (v !== 'applying' && v !== 'applied' && v !== 'failed' && v !== 'plan-changed') return undefined;
      header.outcome = v;
    } else header[key] = v;
  }
  return header;
}

/** A URL fit for a Markdown link or a bare autolink: http(s) only, with characters that end links percent-encoded. */
export function safeUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  return u.href.replace(/[()<>"'`\s[\]|\\]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

export interface CommentSection {
  /** Plain text; escaped here. */
  title: string;
  /** Markdown, trusted: whoever builds it has escaped config values (escapeMarkdown). */
  markdown?: string;
  /** Shown in a code block after `markdown`; any text is safe here. Can be cut by lines to fit the limit. */
  code?: { text: string; language?: string };
  /** In `<details>`, closed unless `open`. */
  collapsible?: boolean;
  open?: boolean;
}

export interface CommentParts {
  header: CommentHeader;
  /** Plain text heading; default `pool-reconciler · <mode> · <target>`. */
  title?: string;
  /** Markdown, trusted (config values escaped by the caller); always kept. */
  statusLines: string[];
  sections: CommentSection[];
  /** The workflow run. */
  runUrl?: string;
  /** The job summary, which holds the full report; defaults to runUrl. */
  summaryUrl?: string;
  /** Default COMMENT_LIMIT. */
  limit?: number;
  /**
   * A part of a larger comment (one target's block of the combined comment): no hidden header, no outcome slot, no
   * footer; the title is a `###` heading; nothing is kept back for an outcome line.
   */
  bare?: boolean;
}

export interface RenderedComment {
  body: string;
  /** Sections shown whole. */
  shown: number;
  /** Whether one more section is shown cut (its code block ends early). */
  partial: boolean;
  /** Sections left out entirely. */
  omitted: number;
  /** UTF-16 code units (GitHub's measure). */
  chars: number;
  bytes: number;
}

export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

function sectionBody(s: CommentSection, code: string | undefined): string {
  const parts: string[] = [];
  if (s.markdown) parts.push(s.markdown.replace(/\s+$/, ''));
  if (code !== undefined) parts.push(codeBlock(code, s.code?.language));
  return parts.join('\n\n');
}

function renderSection(s: CommentSection, code: string | undefined = s.code?.text): string {
  const body = sectionBody(s, code);
  if (s.collapsible) {
    const title = escapeHtml(s.title);
    return `<details${s.open ? ' open' : ''}><summary>${title}</summary>\n\n${body}\n\n</details>`;
  }
  return `#### ${escapeMarkdown(s.title.replace(/\r?\n/g, ' '))}\n\n${body}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function truncationLine(omitted: number, partialTitle: string | undefined, link: string | undefined): string {
  const what: string[] = [];
  if (partialTitle !== undefined) what.push(`the rest of “${escapeMarkdown(partialTitle.replace(/\r?\n/g, ' '))}”`);
  if (omitted > 0) what.push(plural(omitted, 'more section', 'more sections'));
  const verb = omitted === 1 && partialTitle === undefined ? 'is' : 'are';
  const where = link ? `in the job summary: ${link}` : 'in the job summary of this run';
  return `> [!NOTE]\n> … ${what.join(' and ')} ${verb} ${where} (GitHub limits a comment to ${COMMENT_LIMIT.toLocaleString('en-US')} characters).`;
}

/** Cut `text` to at most `maxBytes` UTF-8 bytes without splitting a character; marks the cut with `…`. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  const budget = maxBytes - byteLength('…');
  for (const ch of text) {
    const b = byteLength(ch);
    if (used + b > budget) break;
    out += ch;
    used += b;
  }
  return out + '…';
}

/** The whole lines of `text` that fit in `maxBytes`, and how many were left. */
function linesWithin(text: string, maxBytes: number): { text: string; left: number } {
  const lines = text.replace(/\n$/, '').split('\n');
  let used = 0;
  let n = 0;
  for (; n < lines.length; n++) {
    const b = byteLength(lines[n]) + 1;
    if (used + b > maxBytes) break;
    used += b;
  }
  return { text: lines.slice(0, n).join('\n'), left: lines.length - n };
}

/** Markdown cut short, with the code fences and `<details>` it opened and did not close, closed. */
function closeOpenMarkdown(md: string): string {
  let out = md;
  const fences = md.split('\n').filter((l) => /^\s*(```|~~~)/.test(l)).length;
  if (fences % 2 === 1) out += '\n```';
  const open = (md.match(/<details\b/g) ?? []).length - (md.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < open; i++) out += '\n\n</details>';
  return out;
}

/** The comment body within the limit, and what was left out. */
export function layoutComment(parts: CommentParts): RenderedComment {
  const limit = parts.limit ?? COMMENT_LIMIT;
  const budget = parts.bare ? limit : limit - Math.min(OUTCOME_RESERVE, Math.floor(limit / 4));
  const link = safeUrl(parts.summaryUrl ?? parts.runUrl ?? '');
  const run = safeUrl(parts.runUrl ?? '');
  const title = parts.title ?? `${HEADER_NAME} · ${parts.header.mode ?? 'report'} · ${parts.header.target}`;

  const heading = `### ${escapeMarkdown(title.replace(/\r?\n/g, ' '))}`;
  const head = parts.bare ? heading : [renderHeader(parts.header), heading, `${OUTCOME_OPEN}${OUTCOME_CLOSE}`].join('\n');
  let status = parts.statusLines.map((l) => l.replace(/\s+$/, '')).join('  \n');
  const footerParts: string[] = [];
  if (run) footerParts.push(`[Workflow run](${run})`);
  if (link && link !== run) footerParts.push(`[job summary](${link})`);
  const footer = footerParts.length && !parts.bare ? `---\n<sub>${footerParts.join(' · ')}</sub>` : '';

  const join = (blocks: string[]): string => blocks.filter((b) => b !== '').join('\n\n') + '\n';
  const sep = byteLength('\n\n');
  const rendered = parts.sections.map((s) => renderSection(s));
  const fixedBytes = (): number => byteLength(join([head, status, footer]));

  // Status lines longer than the whole budget (never in practice) are cut so that the rest still fits.
  const worstNote = byteLength(truncationLine(parts.sections.length, parts.sections.at(-1)?.title ?? '', link)) + sep;
  if (fixedBytes() + worstNote > budget) {
    status = cutToBytes(status, Math.max(0, budget - worstNote - byteLength(join([head, footer])) - 2 * sep));
  }

  const all = join([head, status, ...rendered, footer]);
  if (byteLength(all) <= budget) {
    return { body: all, shown: rendered.length, partial: false, omitted: 0, chars: all.length, bytes: byteLength(all) };
  }

  let used = fixedBytes();
  let shown = 0;
  for (; shown < rendered.length; shown++) {
    const note = byteLength(truncationLine(rendered.length - shown - 1, undefined, link)) + sep;
    const cost = byteLength(rendered[shown]) + sep;
    if (used + cost + note > budget) break;
    used += cost;
  }

  // The first section that did not fit is shown cut when it has a code block and there is room for a useful part.
  let partial: string | undefined;
  const next = parts.sections[shown];
  if (next?.code) {
    const omittedAfter = rendered.length - shown - 1;
    const note = byteLength(truncationLine(omittedAfter, next.title, link)) + sep;
    const marker = '\n… (cut here; the job summary has the rest)';
    const overhead = byteLength(renderSection(next, '')) + sep + byteLength(marker);
    const room = budget - used - note - overhead;
    if (room >= 1024) {
      const cut = linesWithin(next.code.text, room);
      if (cut.text !== '') {
        partial = renderSection(next, `${cut.text}${marker}`);
        if (byteLength(partial) + sep + used + note > budget) partial = undefined;
      }
    }
  }

  // A part of a combined comment cuts a Markdown section too, by whole lines, closing what the cut leaves open.
  if (partial === undefined && parts.bare && next?.markdown && !next.code) {
    const omittedAfter = rendered.length - shown - 1;
    const note = byteLength(truncationLine(omittedAfter, next.title, link)) + sep;
    const marker = '\n\n_… cut here; the job summary has the rest._';
    const overhead = byteLength(renderSection({ ...next, markdown: '' })) + sep + byteLength(marker) + 64;
    const room = budget - used - note - overhead;
    if (room >= 1024) {
      const cut = linesWithin(next.markdown, room);
      if (cut.text !== '') {
        partial = renderSection({ ...next, markdown: `${closeOpenMarkdown(cut.text)}${marker}` });
        if (byteLength(partial) + sep + used + note > budget) partial = undefined;
      }
    }
  }

  const omitted = rendered.length - shown - (partial !== undefined ? 1 : 0);
  const note = truncationLine(omitted, partial !== undefined ? next?.title : undefined, link);
  const body = join([head, status, ...rendered.slice(0, shown), ...(partial !== undefined ? [partial] : []), note, footer]);
  return { body, shown, partial: partial !== undefined, omitted, chars: body.length, bytes: byteLength(body) };
}

// ---------------------------------------------------------------------------------------------------------------
// Several targets, one review: each target's plan job stores its part (TargetSection, an artifact of the run); the
// comment job lays them out as one comment, a summary table at the top and a block per target.

/** One target's part of the combined comment, as its plan job stores it (JSON). */
export interface TargetSection {
  v: 1;
  target: string;
  /** validate or plan. */
  mode: string;
  commit?: string;
  planHash?: string;
  /** Planned changes; undefined when no plan was made. */
  changes?: number;
  errors: number;
  warnings: number;
  /** Why no plan was made (plain text). */
  noPlanReason?: string;
  /** Markdown, trusted (the plan job escaped config values). */
  statusLines: string[];
  sections: CommentSection[];
  /** The run (and attempt) of the job that made it. */
  runUrl?: string;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A stored part read back: the shape checked, and its target the one asked for; a sentence when it is not one. */
export function parseTargetSection(text: string, target: string): TargetSection | { problem: string } {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return { problem: 'it is not JSON' };
  }
  const d = o as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || d.v !== 1) return { problem: 'it is not a pool-reconciler section (v 1)' };
  if (d.target !== target) return { problem: `it is the section of ${JSON.stringify(d.target)}, not of ${target}` };
  if (!isStr(d.mode) || !isNum(d.errors) || !isNum(d.warnings) || !Array.isArray(d.statusLines) || !d.statusLines.every(isStr) || !Array.isArray(d.sections)) {
    return { problem: 'a field is missing or of the wrong type' };
  }
  const sections: CommentSection[] = [];
  for (const x of d.sections as unknown[]) {
    const s = x as Record<string, unknown>;
    if (typeof x !== 'object' || x === null || !isStr(s.title) || (s.markdown !== undefined && !isStr(s.markdown))) return { problem: 'a section is not a title with Markdown' };
    sections.push({ title: s.title, ...(isStr(s.markdown) ? { markdown: s.markdown } : {}), ...(s.collapsible === true ? { collapsible: true } : {}), ...(s.open === true ? { open: true } : {}) });
  }
  const opt = <K extends string>(k: K, ok: (v: unknown) => boolean): Record<K, unknown> | Record<string, never> => (d[k] !== undefined && ok(d[k]) ? { [k]: d[k] } as Record<K, unknown> : {});
  return {
    v: 1, target, mode: d.mode, errors: d.errors, warnings: d.warnings, statusLines: d.statusLines as string[], sections,
    ...opt('commit', isStr), ...opt('planHash', isStr), ...opt('changes', isNum), ...opt('noPlanReason', isStr), ...opt('runUrl', isStr),
  } as TargetSection;
}

/** A target's row in the summary table: its result in words. */
function targetResult(s: TargetSection | undefined): string {
  if (!s) return '➖ not planned in this run (the change does not touch it, or its job failed)';
  if (s.errors > 0) return `❌ ${plural(s.errors, 'error', 'errors')}`;
  if (s.changes === undefined) return `ℹ️ no plan${s.noPlanReason ? `: ${escapeMarkdown(cutToBytes(s.noPlanReason.replace(/\s+/g, ' '), 200))}` : ''}`;
  const warn = s.warnings ? `, ${plural(s.warnings, 'warning', 'warnings')}` : '';
  return s.changes === 0 ? `🟰 no changes${warn}` : `📝 changes planned${warn}`;
}

export interface CombinedParts {
  header: CommentHeader;
  title: string;
  /** Every declared target, in the order of promotion; `section` when its job stored one in this run. */
  targets: Array<{ name: string; section?: TargetSection }>;
  /** The comment job's run (the same workflow run as the plan jobs). */
  runUrl?: string;
  /** Default COMMENT_LIMIT. */
  limit?: number;
}

/**
 * The combined comment: the header, a summary table (target | result | changes | plan hash), then a block per target
 * that has a section, each within its share of the limit (shares a small block does not use go to the others); a
 * block cut short says where the rest is (the run's job summaries).
 */
export function layoutCombinedComment(parts: CombinedParts): RenderedComment {
  const limit = parts.limit ?? COMMENT_LIMIT;
  const budget = limit - Math.min(OUTCOME_RESERVE, Math.floor(limit / 4));
  const run = safeUrl(parts.runUrl ?? '');
  const rows = parts.targets.map(({ name, section: s }) =>
    `| ${escapeMarkdown(name)} | ${targetResult(s)} | ${s?.changes ?? '–'} | ${s?.planHash ? `\`${escapeMarkdown(s.planHash.slice(0, 19), true)}\`` : '–'} |`);
  const table = ['| target | result | changes | plan hash |', '|---|---|---|---|', ...rows].join('\n');
  const head = [renderHeader(parts.header), `### ${escapeMarkdown(parts.title.replace(/\r?\n/g, ' '))}`, `${OUTCOME_OPEN}${OUTCOME_CLOSE}`].join('\n');
  const footer = run ? `---\n<sub>[Workflow run](${run})</sub>` : '';
  const join = (blocks: string[]): string => blocks.filter((b) => b !== '').join('\n\n') + '\n';
  const sep = byteLength('\n\n');
  const withSection = parts.targets.filter((t) => t.section !== undefined);
  const block = (t: { name: string; section?: TargetSection }, share?: number): RenderedComment => layoutComment({
    header: { v: 1, target: t.name },
    title: t.name,
    statusLines: t.section!.statusLines,
    sections: t.section!.sections,
    ...(t.section!.runUrl ?? parts.runUrl ? { runUrl: t.section!.runUrl ?? parts.runUrl } : {}),
    bare: true,
    ...(share !== undefined ? { limit: share } : {}),
  });
  // Water-filling: blocks that fit an equal share keep their size; what they leave is shared by the others.
  let room = budget - byteLength(join([head, table, footer])) - sep * withSection.length;
  const natural = withSection.map((t) => byteLength(block(t, Number.MAX_SAFE_INTEGER).body));
  const shares = new Map<number, number>();
  let open = withSection.map((_, i) => i);
  for (;;) {
    const equal = open.length ? Math.floor(room / open.length) : 0;
    const small = open.filter((i) => natural[i] <= equal);
    if (!small.length) {
      for (const i of open) shares.set(i, Math.max(0, equal));
      break;
    }
    for (const i of small) {
      shares.set(i, natural[i]);
      room -= natural[i];
    }
    open = open.filter((i) => !small.includes(i));
  }
  let shown = 0;
  let partial = false;
  const bodies = withSection.map((t, i) => {
    const share = shares.get(i) ?? 0;
    if (natural[i] <= share) {
      shown++;
      return block(t, Number.MAX_SAFE_INTEGER).body.trimEnd();
    }
    partial = true;
    const r = block(t, share);
    return (r.bytes <= share ? r.body : cutToBytes(r.body, share)).trimEnd();
  });
  const body = join([head, table, ...bodies, footer]);
  return { body, shown, partial, omitted: parts.targets.length - withSection.length, chars: body.length, bytes: byteLength(body) };
}

/** The comment body (see layoutComment). */
export function renderComment(parts: CommentParts): string {
  return layoutComment(parts).body;
}

export interface StatusInput {
  errors: number;
  warnings: number;
  /** Number of planned changes; undefined when no plan was made. */
  changes?: number;
  /** Why no plan was made (plain text; escaped). */
  noPlanReason?: string;
  ssh?: { checked: number; failed: number } | { skipped: string };
}

/** The status lines: validation result, plan, SSH check. */
export function statusLines(s: StatusInput): string[] {
  const n = (k: number, one: string, many: string): string => plural(k, one, many);
  const lines: string[] = [];
  if (s.errors > 0) lines.push(`❌ **${n(s.errors, 'error', 'errors')}**${s.warnings ? `, ${n(s.warnings, 'warning', 'warnings')}` : ''}`);
  else if (s.warnings > 0) lines.push(`⚠️ **valid**, ${n(s.warnings, 'warning', 'warnings')}`);
  else lines.push('✅ **valid**: no errors, no warnings');
  if (s.changes === undefined) lines.push(`ℹ️ No plan was made${s.noPlanReason ? `: ${escapeMarkdown(s.noPlanReason)}` : '.'}`);
  else if (s.changes === 0) lines.push('🟰 **No changes**: the cluster matches the config');
  else lines.push(`📝 **${n(s.changes, 'change', 'changes')}** planned`);
  if (s.ssh) {
    if ('skipped' in s.ssh) lines.push(`🔑 SSH check skipped: ${escapeMarkdown(s.ssh.skipped)}`);
    else if (s.ssh.failed > 0) lines.push(`🔑 ❌ SSH check: **${s.ssh.failed} of ${s.ssh.checked}** image-builders failed`);
    else lines.push(`🔑 ✅ SSH check: all ${s.ssh.checked} image-builders reachable`);
  }
  return lines;
}


// ---------------------------------------------------------------------------------------------------------------
// After apply: the merged pull request's comment gets the outcome.

export type CommentOutcome =
  | { kind: 'applied'; commit?: string }
  | { kind: 'failed'; step: number; stepCount?: number; stepName?: string; error?: string }
  | { kind: 'plan-changed'; applied: boolean; reviewedPlanHash?: string; appliedPlanHash?: string; differences?: string[] };

function shortHash(h: string): string {
  return escapeMarkdown(h.slice(0, 12), true);
}

/** The outcome line (Markdown). */
export function outcomeMarkdown(outcome: CommentOutcome, runUrl?: string): string {
  const run = safeUrl(runUrl ?? '');
  const link = run ? ` ([run](${run}))` : '';
  switch (outcome.kind) {
    case 'applied':
      return `✅ **Applied**${outcome.commit ? ` at \`${shortHash(outcome.commit)}\`` : ''} after merge${link}.`;
    case 'failed': {
      const of = outcome.stepCount ? ` of ${outcome.stepCount}` : '';
      const name = outcome.stepName ? ` (${escapeMarkdown(outcome.stepName)})` : '';
      const error = outcome.error ? `: ${escapeMarkdown(cutToBytes(outcome.error.replace(/\s+/g, ' ').trim(), 600))}` : '';
      return `❌ **Apply failed at step ${outcome.step}${of}**${name}${error}${link}.`;
    }
    case 'plan-changed': {
      const hashes =
        outcome.reviewedPlanHash && outcome.appliedPlanHash
          ? ` (reviewed \`${shortHash(outcome.reviewedPlanHash)}\`, now \`${shortHash(outcome.appliedPlanHash)}\`)`
          : '';
      const head = outcome.applied
        ? `⚠️ **Applied, but the plan changed since review**${hashes}${link}.`
        : `⚠️ **Not applied: the plan changed since review**${hashes}${link}.`;
      const diffs = outcome.differences ?? [];
      if (!diffs.length) return head;
      // The reviewed plan against the current one, step by step (+ added, - gone, ~ changed).
      const shown = diffs.slice(0, 30).map((d) => `- \`${escapeMarkdown(cutToBytes(d.replace(/\s+/g, ' '), 400), true)}\``);
      if (diffs.length > shown.length) shown.push(`- … and ${diffs.length - shown.length} more (see the run)`);
      return `${head}\n\n<details open><summary>What changed since review, step by step</summary>\n\n${shown.join('\n')}\n\n</details>`;
    }
  }
}

/**
 * A body with its outcome slot (just below the title) set to `markdown`, and the header's `outcome` set. A body
 * without a slot gets one after its header line. The result stays within COMMENT_LIMIT (the outcome is cut).
 */
export function setOutcome(body: string, markdown: string, kind: OutcomeKind): string {
  const header = parseHeader(body);
  if (!header) throw new Error('setOutcome: the body has no pool-reconciler header');
  const nl = body.indexOf('\n');
  const rest = nl < 0 ? '' : body.slice(nl + 1);
  const start = rest.indexOf(OUTCOME_OPEN);
  const end = start < 0 ? -1 : rest.indexOf(OUTCOME_CLOSE, start);
  const hasSlot = start >= 0 && end >= 0;
  const before = hasSlot ? rest.slice(0, start) : '';
  let after = hasSlot ? rest.slice(end + OUTCOME_CLOSE.length) : `\n${rest}`;
  const newHeader = renderHeader({ ...header, outcome: kind });
  const build = (text: string): string => `${newHeader}\n${before}${OUTCOME_OPEN}\n${text}\n${OUTCOME_CLOSE}${after}`;
  let text = markdown;
  let out = build(text);
  if (byteLength(out) > COMMENT_LIMIT) {
    text = cutToBytes(markdown, Math.max(200, byteLength(markdown) - (byteLength(out) - COMMENT_LIMIT)));
    out = build(text);
  }
  if (byteLength(out) > COMMENT_LIMIT) {
    after = cutToBytes(after, Math.max(0, byteLength(after) - (byteLength(out) - COMMENT_LIMIT)));
    out = build(text);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// While apply runs: the comment says so, step by step, until the outcome replaces it.


/** `⏳ **Applying…** step 3 of 14: Node/dispatch-1 (applied)` (Markdown), from apply's typed progress event. */
export function progressMarkdown(e: ApplyProgress, runUrl?: string): string {
  const run = safeUrl(runUrl ?? '');
  const what = `: ${escapeMarkdown(cutToBytes(e.id.replace(/\s+/g, ' ').trim(), 300))} (${STEP_STATUS_WORD[e.status]})`;
  return `⏳ **Applying…** step ${e.index} of ${e.total}${what}${run ? ` ([run](${run}))` : ''}`;
}

const STEP_STATUS_WORD: Record<ApplyProgress['status'], string> = { applied: 'applied', unchanged: 'unchanged', failed: 'failed', 'not-run': 'not run', incomplete: 'incomplete: written, not effective yet' };
