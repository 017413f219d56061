/**
 * Renderings of an ApplyOutcome: Markdown (job summary, the pull request's comment) and text (CLI). Pure. They say
 * which steps were applied and which were not, why the run stopped, and what the verification found. An outcome's
 * messages are already redacted (runApply does it); text from the repo or the cluster is escaped for Markdown and
 * stripped of control characters for terminals.
 */
import type { ApplyOutcome, ApplyProgress, AppliedStatus, AppliedStep } from '../plan/outcome.js';
import { escapeMarkdown, escapeMarkdownProse } from '../core/markdown.js';
import { ANSI, terminalText as clean } from '../core/terminal.js';

export interface ApplyMarkdownOptions {
  /** Heading text (default "Apply"). */
  title?: string;
  /** Heading level (default 3). */
  headingLevel?: number;
  /** Table rows at most (default 100); the rest are counted. */
  maxRows?: number;
  /** The title is Markdown already (links to the commit and the run), not plain text. */
  titleIsMarkdown?: boolean;
}

const code = (s: string): string => `\`${escapeMarkdown(s, true)}\``;
const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

/** The steps by what became of them; each step counts once (`applied` leaves out the written but not effective yet). */
export interface ApplyCounts {
  applied: number;
  /** Written, but not effective yet: a rollout not awaited or not done, a config refresh that did not take. */
  incomplete: number;
  unchanged: number;
  failed: number;
  notRun: number;
  writes: number;
}

export function applyCounts(o: Pick<ApplyOutcome, 'steps'>): ApplyCounts {
  const c: ApplyCounts = { applied: 0, incomplete: 0, unchanged: 0, failed: 0, notRun: 0, writes: 0 };
  for (const s of o.steps) {
    if (s.status === 'applied') c.applied++;
    else if (s.status === 'incomplete') c.incomplete++;
    else if (s.status === 'unchanged') c.unchanged++;
    else if (s.status === 'failed') c.failed++;
    else c.notRun++;
    c.writes += s.writes;
  }
  return c;
}

/**
 * What became of the steps of a run that stopped early, in the words its error, headline and progress all use:
 * `1 step applied, 2 written but not awaited, 4 not run` (`incomplete`: the words for the written steps not
 * effective yet, when a signal cut their wait short).
 */
export function stoppedCounts(c: ApplyCounts, incomplete = 'written but not effective yet'): string {
  return `${plural(c.applied, 'step')} applied${c.incomplete ? `, ${c.incomplete} ${incomplete}` : ''}, ${c.notRun} not run`;
}

/** A plan the guard refused: its hash is not shown (it is what a forged review would need). */
function refusedByGuard(o: ApplyOutcome): boolean {
  return o.stage === 'guard' && !o.ok;
}

/** One line: `done: 4 steps applied (6 writes), 10 unchanged` / `failed at step 3 of 14 (exec/launcher): 2 applied, …`. */
export function applyHeadline(o: ApplyOutcome): string {
  const c = applyCounts(o);
  const total = o.steps.length;
  if (o.ok) {
    const parts = [`${plural(c.applied, 'step')} applied (${plural(c.writes, 'write')})`];
    if (c.unchanged) parts.push(`${c.unchanged} unchanged`);
    return `done: ${parts.join(', ')}`;
  }
  switch (o.stage) {
    case 'validation':
      return 'not applied: the config repo has errors';
    case 'cluster':
      return o.plan ? 'not applied: the plan cannot be applied (nothing was written)' : 'not applied: the cluster could not be read';
    case 'lock':
      return o.steps.some((s) => s.status === 'applied' || s.status === 'incomplete')
        ? `stopped: the apply lock was lost: ${stoppedCounts(c)} (${plural(c.writes, 'write')}); what is deployed was not recorded`
        : 'not applied: the apply lock could not be taken (nothing was written)';
    case 'guard':
      return o.guard && !o.guard.ok ? 'not applied: the plan changed since it was reviewed (nothing was written)' : 'not applied: no reviewed plan (nothing was written)';
    case 'preflight':
      return 'not applied: the preflight found what apply would fail on (nothing was written)';
    case 'incomplete':
      return `incomplete: ${plural(c.applied, 'step')} applied, ${c.incomplete} written but not effective yet (${o.steps.filter((s) => s.status === 'incomplete').map((s) => s.id).join(', ')}); ${plural(c.writes, 'write')}`;
    case 'interrupted':
      return `interrupted by ${o.interruptedBy ?? 'a signal'}: ${stoppedCounts(c, 'written but not awaited')} (${plural(c.writes, 'write')}); the lock was released`;
    case 'verify':
      return `applied, but verification failed: ${plural(c.applied, 'step')} applied (${plural(c.writes, 'write')})`;
    default: {
      const f = o.failedStep !== undefined ? o.steps[o.failedStep] : undefined;
      const where = f ? `step ${(o.failedStep ?? 0) + 1} of ${total} (${f.id})` : 'a step';
      return `failed at ${where}: ${c.applied} applied${c.incomplete ? `, ${c.incomplete} written but not effective yet` : ''}, ${c.unchanged} unchanged, ${c.notRun} not run (${plural(c.writes, 'write')} made)`;
    }
  }
}

const STATUS_WORD: Record<AppliedStatus, string> = { applied: 'applied', unchanged: 'unchanged', failed: '**failed**', 'not-run': 'not run', incomplete: '**incomplete**' };

function mdRow(i: number, s: AppliedStep): string {
  const what = s.status === 'failed' || (s.message && s.status !== 'not-run') ? `${escapeMarkdown(s.summary)}${s.message ? ` — ${escapeMarkdown(s.message)}` : ''}` : escapeMarkdown(s.summary);
  return `| ${i + 1} | ${code(s.id)} | ${s.action} | ${STATUS_WORD[s.status]} | ${s.writes} | ${what} |`;
}

export function renderApplyMarkdown(o: ApplyOutcome, options: ApplyMarkdownOptions = {}): string {
  const h = '#'.repeat(options.headingLevel ?? 3);
  const title = options.titleIsMarkdown ? (options.title ?? 'Apply') : escapeMarkdown(options.title ?? 'Apply');
  const maxRows = options.maxRows ?? 100;
  const out: string[] = [`${h} ${title}: ${escapeMarkdown(applyHeadline(o))}`];
  if (o.errors.length) {
    out.push(o.errors.map((e) => `- ${escapeMarkdown(e.message)}${e.hint ? `<br>${escapeMarkdown(e.hint)}` : ''}`).join('\n'));
  }
  if (o.guard && !o.guard.ok && o.guard.differences.length) {
    out.push(`**Difference from the reviewed plan** (reviewed ${code(o.guard.reviewedHash)}):\n\n${o.guard.differences.map((d) => `- ${escapeMarkdown(d)}`).join('\n')}`);
  }
  const shown = o.steps.map((s, i) => ({ s, i })).filter(({ s }) => s.status !== 'unchanged');
  if (shown.length) {
    const rows = ['| # | step | action | status | writes | what |', '|---|---|---|---|---|---|'];
    for (const { s, i } of shown.slice(0, maxRows)) rows.push(mdRow(i, s));
    if (shown.length > maxRows) {
      const rest = shown.slice(maxRows);
      const by = (st: AppliedStatus): number => rest.filter(({ s }) => s.status === st).length;
      const parts = (['applied', 'failed', 'not-run'] as const).filter((st) => by(st)).map((st) => `${by(st)} ${st === 'not-run' ? 'not run' : st}`);
      rows.push(`| … | | | | | ${rest.length} more not shown: ${parts.join(', ')} |`);
    }
    out.push(rows.join('\n'));
  }
  const c = applyCounts(o);
  if (c.unchanged) out.push(`${plural(c.unchanged, 'object')} already as the config repo says (unchanged).`);
  if (o.verify) {
    out.push(o.verify.missing.length
      ? `**Verify:** Nodepool does not list ${o.verify.missing.map(code).join(', ')}${o.verify.error ? ` (${escapeMarkdown(o.verify.error)})` : ''}.`
      : o.verify.error
        ? `**Verify:** ${escapeMarkdown(o.verify.error)}.`
        : `**Verify:** Nodepool lists every label of nodepool.yaml (${o.verify.listed.length} listed).`);
  }
  if (o.notes.length) out.push(`**Notes:**\n${o.notes.map((n) => `- ${escapeMarkdownProse(n)}`).join('\n')}`);
  const foot: string[] = [];
  // The hash the pull-request comment showed: the reviewed one when the plan matched it (made at the merge commit,
  // the applied plan's own hash can differ only by that commit). A refused plan's own hash is never shown: it is the
  // one a forged review would need.
  if (o.guard?.ok) foot.push(`plan ${code(o.guard.reviewedHash)} (as reviewed)`);
  else if (o.plan && !refusedByGuard(o)) foot.push(`plan ${code(o.plan.hash)}`);
  if (o.lock) foot.push(`lock holder ${code(o.lock.identity)}`);
  if (foot.length) out.push(`<sub>${foot.join(' · ')}</sub>`);
  return out.join('\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Text (CLI)

export interface ApplyTextOptions {
  color?: boolean;
  /** List unchanged steps too (default false). */
  verbose?: boolean;
}



const MARK: Record<AppliedStatus, string> = { applied: '✓', unchanged: '=', failed: '✗', 'not-run': '·', incomplete: '!' };

export function renderApplyText(o: ApplyOutcome, options: ApplyTextOptions = {}): string {
  const paint = (color: keyof typeof ANSI, s: string): string => (options.color ? `${ANSI[color]}${s}${ANSI.reset}` : s);
  const color: Record<AppliedStatus, keyof typeof ANSI> = { applied: 'green', unchanged: 'dim', failed: 'red', 'not-run': 'yellow', incomplete: 'yellow' };
  const out: string[] = [paint('bold', `Apply ${applyHeadline(o)}`)];
  for (const e of o.errors) {
    out.push(paint('red', `error: ${clean(e.message)}`));
    if (e.hint) out.push(`       ${clean(e.hint)}`);
  }
  if (o.guard && !o.guard.ok && o.guard.differences.length) {
    out.push('', `Difference from the reviewed plan (reviewed ${o.guard.reviewedHash}):`);
    for (const d of o.guard.differences) out.push(`  ${clean(d)}`);
  }
  const listed = o.steps.map((s, i) => ({ s, i })).filter(({ s }) => options.verbose || s.status !== 'unchanged');
  if (listed.length) out.push('');
  for (const { s, i } of listed) {
    const status = s.status === 'not-run' ? 'not run' : s.status;
    const writes = s.writes ? ` (${plural(s.writes, 'write')})` : '';
    const msg = s.message ? ` — ${clean(s.message)}` : '';
    out.push(`${paint(color[s.status], `${MARK[s.status]} ${status.padEnd(10)}`)} ${String(i + 1).padStart(3)}. ${paint('bold', clean(s.id))}  ${clean(s.summary)}${writes}${msg}`);
  }
  const c = applyCounts(o);
  if (c.unchanged && !options.verbose) out.push('', `${plural(c.unchanged, 'object')} unchanged.`);
  if (o.verify) {
    out.push('', o.verify.missing.length
      ? paint('red', `Verify: Nodepool does not list ${o.verify.missing.map(clean).join(', ')}${o.verify.error ? ` (${clean(o.verify.error)})` : ''}`)
      : o.verify.error
        ? paint('red', `Verify: ${clean(o.verify.error)}`)
        : paint('green', `Verify: Nodepool lists every label of nodepool.yaml (${o.verify.listed.length} listed)`));
  }
  if (o.notes.length) {
    out.push('', 'Notes:');
    for (const n of o.notes) out.push(`  - ${clean(n)}`);
  }
  if (o.guard?.ok) out.push('', paint('dim', `plan ${o.guard.reviewedHash} (as reviewed)`));
  else if (o.plan && !refusedByGuard(o)) out.push('', paint('dim', `plan ${o.plan.hash}`));
  return out.join('\n') + '\n';
}

/** The terminal line of one step's progress (`[3/14] applied Node/dispatch-1: …`); none for unchanged and not-run steps. */
export function progressLine(e: ApplyProgress): string | undefined {
  if (e.status === 'unchanged' || e.status === 'not-run') return undefined;
  const writes = e.writes ? ` (${e.writes} write${e.writes === 1 ? '' : 's'})` : '';
  const word = e.status === 'failed' ? 'FAILED' : e.status === 'incomplete' ? 'INCOMPLETE' : e.status;
  const detail = e.status === 'failed' ? (e.message ?? '') : e.summary;
  const more = (e.status === 'applied' || e.status === 'incomplete') && e.message ? `; ${e.message}` : '';
  return `[${e.index}/${e.total}] ${word} ${e.id}: ${detail}${writes}${more}`;
}
