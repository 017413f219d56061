/**
 * Renderings of a Plan: Markdown (PR comment, job summary), text with optional ANSI colours (CLI) and stable JSON
 * (`--format json`, the action's `plan` output). Pure. A Plan holds no secret values, so neither does any rendering;
 * text from the config repo is escaped for Markdown and stripped of control characters for terminals.
 */
import { dump } from 'js-yaml';
import type { Plan, PlanStep, StepAction, StepKind } from '../plan/types.js';
import type { PoolState } from '../plan/nodepool-impact.js';
import { codeBlock, escapeHtml, escapeMarkdown, escapeMarkdownProse } from '../core/markdown.js';
import { contextSuffix, linkable } from './summary.js';
import type { PlanContext } from './summary.js';
import { ANSI, terminalText as clean } from '../core/terminal.js';

// ---------------------------------------------------------------------------------------------------------------
// Shared

/** `1 to create, 2 to update, 1 to delete, 2 rollouts, Nodepool config changed`, or `no changes`. */
export function planHeadline(plan: Plan): string {
  const c = plan.counts;
  const parts: string[] = [];
  if (c.create) parts.push(`${c.create} to create`);
  if (c.update) parts.push(`${c.update} to update`);
  if (c.delete) parts.push(`${c.delete} to delete`);
  if (c.rollout) parts.push(`${c.rollout} rollout${c.rollout === 1 ? '' : 's'}`);
  if (plan.nodepool?.refresh) parts.push(plan.nodepool.deployedDigest === null ? 'Nodepool config refresh (nothing deployed recorded yet)' : 'Nodepool config changed');
  if (c.drift) parts.push(`${c.drift} node${c.drift === 1 ? '' : 's'} drifted (reported only)`);
  return parts.length ? parts.join(', ') : 'no changes';
}

export const EXEC_NOTE = 'Nodepool config refresh: always run on apply';

export const PLACEMENT_TITLE = 'Dispatch components and CI pods (read only: `konvoy up` and Tekton write them, pool-reconciler does not)';

/** The placement section as lines (plain text; renderers escape): what differs first, then what matches, then notes. */
export function placementLines(plan: Pick<Plan, 'placement'>): string[] {
  const p = plan.placement;
  if (!p) return [];
  const out: string[] = [];
  for (const c of p.components) if (c.status === 'differs' || c.status === 'unread') out.push(`${c.status === 'differs' ? 'needs `konvoy up`: ' : ''}${c.message}`);
  // Workloads not found, one line per namespace (a cluster without Dispatch would otherwise list every component).
  const missing = new Map<string, string[]>();
  for (const c of p.components) if (c.status === 'missing') missing.set(c.workload.split(' ')[1].split('/')[0], [...(missing.get(c.workload.split(' ')[1].split('/')[0]) ?? []), c.workload.split('/')[1]]);
  for (const [ns, names] of missing) {
    out.push(`not found in namespace ${ns}: ${names.join(', ')} (Dispatch is not installed there, or names them otherwise: \`dispatch.namespace\` and \`dispatch.components\` in .pool-reconciler.yaml)`);
  }
  const ok = p.components.filter((c) => c.status === 'ok');
  if (ok.length) out.push(`as the repo asks: ${ok.map((c) => `${c.key} (${c.workload.split(' ')[1]}${c.podPools.length ? `, on ${c.podPools.join(', ')}` : ''})`).join(', ')}`);
  for (const r of p.ci ?? []) {
    if (r.status === 'differs') {
      out.push(`CI pods of the repository in namespace ${r.namespace} do not get ${r.template}${r.pools.length ? ` (pool ${r.pools.join(', ')})` : ''}: ${r.problems.join('; ')} (check the Repository's podTemplateFrom, the ConfigMap's name and key, and Tekton's config-defaults)`);
    }
  }
  const ciOk = (p.ci ?? []).filter((r) => r.status === 'ok');
  if (ciOk.length) out.push(`CI pods as their template asks (the last ${ciOk.length === 1 ? '' : 'few '}TaskRuns): ${ciOk.map((r) => `namespace ${r.namespace} (${r.pods} pod${r.pods === 1 ? '' : 's'}${r.pools.length ? `, pool ${r.pools.join(', ')}` : ''})`).join(', ')}`);
  if (!p.ci) out.push('CI pods: not read in a plan (the drift check and apply read the recent TaskRun pods)');
  out.push(...p.notes);
  return out;
}

export { contextSuffix } from './summary.js';
export type { PlanContext } from './summary.js';

/** What the reviewer does next, written out. */
export function nextSteps(plan: Plan, mode: string | undefined): string {
  if (plan.blockers.length) return 'Fix the blockers above first: apply would fail on them, before writing anything.';
  if (mode === 'drift') {
    if (plan.changes === 0 && (plan.placement?.differences ?? 0) > 0) {
      return 'The Dispatch components or CI pods do not carry the tolerations of the default branch (see above): run `konvoy up` with this cluster.yaml for the components; for CI pods, check the Repository and its pod-template ConfigMap.';
    }
    return plan.changes > 0
      ? 'The cluster differs from the default branch: apply it (run the workflow with mode `apply`), or change the repo to match what is deployed.'
      : 'The cluster matches the default branch.';
  }
  if (mode === 'apply') return 'This is the plan apply carries out.';
  if (plan.changes === 0) return 'Nothing to apply: merging changes nothing in the cluster.';
  return `Merge to apply this plan; the apply will refuse (and write nothing) if the change it would apply is not this one (${plan.hash.slice(0, 19)}…); nodes joining or leaving a pool meanwhile get the pool's labels and taints.`;
}

/** A group of node steps with the same change (one row and one diff for a pool instead of one per node). */
export interface StepGroup {
  steps: PlanStep[];
  /** `pool dispatch, 3 nodes` for a group of nodes. */
  pool?: string;
}

/** Steps in plan order, with node steps of one pool that change the same way folded into one group. */
export function groupSteps(steps: readonly PlanStep[]): StepGroup[] {
  const out: StepGroup[] = [];
  const byKey = new Map<string, StepGroup>();
  for (const s of steps) {
    if (s.object.kind !== 'Node' || s.pool === undefined) {
      out.push({ steps: [s] });
      continue;
    }
    const key = JSON.stringify([s.pool, s.action, s.summary, s.before ?? null, s.after ?? null]);
    const g = byKey.get(key);
    if (g) g.steps.push(s);
    else {
      const ng: StepGroup = { steps: [s], pool: s.pool };
      byKey.set(key, ng);
      out.push(ng);
    }
  }
  return out;
}

function groupLabel(g: StepGroup): string {
  if (g.pool === undefined) return objectLabel(g.steps[0]);
  return `pool ${g.pool}, ${g.steps.length} node${g.steps.length === 1 ? '' : 's'}`;
}

/** `3 pods evicted at once: apps/web (ReplicaSet web-7d9f), …` per group, and pods no longer admitted. */
function impactLines(g: StepGroup): string[] {
  const ev = g.steps.flatMap((s) => (s.evictions ?? []).map((e) => ({ ...e, node: s.object.name })));
  const blocked = g.steps.reduce((n, s) => n + (s.notAdmitted ?? 0), 0);
  const out: string[] = [];
  if (ev.length) {
    const now = ev.filter((e) => e.afterSeconds === undefined);
    const later = ev.filter((e) => e.afterSeconds !== undefined);
    const name = (e: (typeof ev)[number]): string =>
      `${e.namespace}/${e.name}${e.owner ? ` (${e.owner.kind} ${e.owner.name})` : ''} on ${e.node}${e.afterSeconds !== undefined ? ` after ${e.afterSeconds} s` : ''}`;
    if (now.length) out.push(`evicts ${now.length} pod${now.length === 1 ? '' : 's'} at once (a new NoExecute taint they do not tolerate): ${now.map(name).join(', ')}`);
    if (later.length) out.push(`evicts ${later.length} pod${later.length === 1 ? '' : 's'} once their toleration runs out: ${later.map(name).join(', ')}`);
  }
  if (blocked) out.push(`${blocked} running pod${blocked === 1 ? '' : 's'} on these nodes would not be admitted again (a new NoSchedule taint they do not tolerate)`);
  return out;
}

/** The Nodepool section's lines (plain text pieces, for both renderings). */
function nodepoolHeadline(np: NonNullable<Plan['nodepool']>): string {
  const b = np.baseline;
  const against =
    b.kind === 'deployed'
      ? `compared with the deployed commit ${b.commit.slice(0, 12)}${b.appliedAt ? ` (applied ${b.appliedAt})` : ''}`
      : b.kind === 'base'
        ? `nothing deployed is recorded yet: compared with the base ${b.ref}${b.commit ? ` (${b.commit.slice(0, 12)})` : ''}`
        : `not compared: ${b.reason}`;
  const n = np.changes.length;
  const what = !np.refresh
    ? 'unchanged'
    : n
      ? `${n} change${n === 1 ? '' : 's'}`
      : np.deployedDigest === null
        ? 'what is deployed is unknown'
        : 'changed';
  const refresh = np.refresh ? '; apply runs the config refresh (generate-config.sh) in the launcher and the builder' : '; no config refresh needed';
  return `Nodepool config: ${what} (${against})${refresh}`;
}

/** `Secret sf/nodepool-providers-secrets`, `Node n1`, `Pod sf/-l run=nodepool-launcher`. */
export function objectLabel(step: PlanStep): string {
  return STEP_RENDERERS[step.kind].text(step);
}

const named = (s: PlanStep): string => `${s.object.kind} ${s.object.namespace ? `${s.object.namespace}/` : ''}${s.object.name}`;
const mdNamed = (s: PlanStep): string => `${s.object.kind} ${code(`${s.object.namespace ? `${s.object.namespace}/` : ''}${s.object.name}`)}`;

/**
 * How each kind of step names its object, in text and in Markdown: a table keyed by kind, so that a new kind of step
 * does not compile without its renderer (as it does not without its executor, io/cluster/steps/).
 */
const STEP_RENDERERS: { readonly [K in StepKind]: { text(s: PlanStep): string; md(s: PlanStep): string } } = {
  secret: { text: named, md: mdNamed },
  workload: { text: named, md: mdNamed },
  exec: {
    text: (s) => (s.object.selector ? `${s.object.kind} -l ${s.object.selector} in namespace ${s.object.namespace ?? ''}` : named(s)),
    md: (s) => `${s.object.selector ? `${s.object.kind} with label ${code(s.object.selector)} in ${code(s.object.namespace ?? '')}` : mdNamed(s)}${s.exec ? ` container ${code(s.exec.container)}` : ''}`,
  },
  configmap: { text: named, md: mdNamed },
  node: { text: named, md: (s) => `${mdNamed(s)}${s.pool ? ` (pool ${code(s.pool)})` : ''}` },
};

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
  /** Who and what (mode, target, commit, run) for the title, and links to repo files. */
  context?: PlanContext;
}

const code = (s: string): string => `\`${escapeMarkdown(s, true)}\``;


function mdObject(step: PlanStep): string {
  return STEP_RENDERERS[step.kind].md(step);
}

function mdGroupObject(g: StepGroup): string {
  if (g.pool === undefined || g.steps.length === 1) return mdObject(g.steps[0]);
  return `pool ${code(g.pool)}, ${g.steps.length} nodes`;
}

function mdWhat(step: PlanStep): string {
  if (step.action === 'exec') return code(execCommand(step));
  return escapeMarkdown(step.summary);
}

/** `[file:line](url)` or `` `file:line` ``. */
function mdWhere(file: string, line: number, ctx: PlanContext | undefined): string {
  const where = code(`${file}:${line}`);
  const url = ctx?.fileUrl?.(file, line);
  return url && linkable(url) ? `[${where}](${url})` : where;
}

function mdNodepool(plan: Plan, ctx: PlanContext | undefined): string {
  const np = plan.nodepool;
  if (!np) return '';
  const lines = [`**${escapeMarkdown(nodepoolHeadline(np))}.**`];
  const shown = np.changes.slice(0, 200);
  for (const c of shown) {
    const sign = c.op === 'add' ? '➕' : c.op === 'remove' ? '➖' : '✏️';
    lines.push(`- ${sign} ${mdWhere(c.file, c.line, ctx)} ${escapeMarkdown(c.text)}`);
  }
  if (np.changes.length > shown.length) lines.push(`- … and ${np.changes.length - shown.length} more (see the JSON plan)`);
  return lines.join('\n');
}

/** The plan's Nodepool impact section: a title and its lines (plain text), or undefined when the plan has none. */
export function nodepoolImpactLines(plan: Plan): { title: string; lines: Array<{ text: string; ids?: string }>; pools: string[] } | undefined {
  const im = plan.nodepoolImpact;
  if (!im) return undefined;
  if (im.error) return { title: `What this does to the running Nodepool: not known (Nodepool's API could not be read: ${im.error})`, lines: [], pools: [] };
  const seen = im.seen ? `: ${im.seen.nodes} node${im.seen.nodes === 1 ? '' : 's'}, ${im.seen.requests} request${im.seen.requests === 1 ? '' : 's'}, ${im.seen.labels} label${im.seen.labels === 1 ? '' : 's'}${im.seen.uploads !== undefined ? `, ${im.seen.uploads} image upload${im.seen.uploads === 1 ? '' : 's'}` : ''}` : '';
  const title = `What this does to the running Nodepool (from ${im.source}${seen})${im.items.length ? ':' : ': nothing it holds or waits for is touched'}`;
  return {
    title,
    lines: im.items.map((i) => ({
      text: `${i.file && i.line ? `${i.file}:${i.line}: ` : ''}${i.text}`,
      ...(i.nodes || i.requests || i.images?.ids ? { ids: [i.nodes ? `nodes ${i.nodes.ids}` : '', i.requests ? `requests ${i.requests.ids}` : '', i.images?.ids ? `builds ${i.images.ids}` : ''].filter(Boolean).join('; ') } : {}),
    })),
    pools: (im.pools ?? []).map(poolStateLine),
  };
}

/** `provider "cloud1", pool "main": 3 nodes (2 ready, 1 in-use) of max-servers 10`: what a pool holds now. */
function poolStateLine(p: PoolState): string {
  const held = p.nodes.total ? `${p.nodes.total} node${p.nodes.total === 1 ? '' : 's'} (${Object.entries(p.nodes.byState).map(([s, n]) => `${n} ${s}`).join(', ')})` : 'no node';
  const max = p.maxServers !== undefined ? ` of max-servers ${p.maxServers}` : '';
  return `provider "${p.provider}", pool "${p.pool}": ${held}${max}${p.inRepo ? '' : ' (not in the repo)'}`;
}

function mdNodepoolImpact(plan: Plan): string {
  const im = nodepoolImpactLines(plan);
  if (!im) return '';
  const pools = im.pools.length ? [`<details><summary>The pools now (${im.pools.length})</summary>\n`, ...im.pools.map((l) => `- ${escapeMarkdown(l)}`), '\n</details>'] : [];
  return [`**${escapeMarkdown(im.title)}**`, ...im.lines.map((l) => `- ⚠️ ${escapeMarkdown(l.text)}${l.ids ? `<br><sub>${escapeMarkdown(l.ids)}</sub>` : ''}`), ...pools].join('\n');
}

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const title = options.title ?? 'Plan';
  const ctx = options.context;
  const h = '#'.repeat(options.headingLevel ?? 3);
  const max = options.maxChars ?? Infinity;
  const execs = plan.steps.filter((s) => s.action === 'exec');
  const unchanged = plan.counts.unchanged;
  const lists: string[] = [];
  const nodepool = mdNodepool(plan, ctx);
  if (nodepool) lists.push(nodepool);
  const impact = mdNodepoolImpact(plan);
  if (impact) lists.push(impact);
  if (plan.blockers.length) lists.push(`**Blockers** (apply would fail):\n${plan.blockers.map((b) => `- ${escapeMarkdownProse(b)}`).join('\n')}`);
  if (plan.pendingPools.length) lists.push(`**Node pools without nodes yet:**\n${plan.pendingPools.map((p) => `- ${escapeMarkdown(p.message)}`).join('\n')}`);
  if (plan.notes.length) lists.push(`**Notes:**\n${plan.notes.map((n) => `- ${escapeMarkdownProse(n)}`).join('\n')}`);
  const placement = placementLines(plan);
  if (placement.length) lists.push(`**${escapeMarkdownProse(PLACEMENT_TITLE)}:**\n${placement.map((l) => `- ${escapeMarkdownProse(l)}`).join('\n')}`);
  const next = `**What happens next:** ${escapeMarkdown(nextSteps(plan, ctx?.mode))}`;
  const footer = `<sub>plan ${code(plan.hash)}</sub>`;
  const suffix = contextSuffix(ctx);

  if (plan.changes === 0 && plan.counts.drift === 0) {
    const refresh = execs.length && !plan.nodepool ? ` ${EXEC_NOTE} (${code(execCommand(execs[0]))}).` : '';
    const line = `**${escapeMarkdown(title)}${suffix}: no changes.** The cluster matches the config repo (${unchanged} object${unchanged === 1 ? '' : 's'} checked).${refresh}`;
    return [line, ...lists, ...(ctx ? [next] : []), footer].join('\n\n') + '\n';
  }

  const head = `${h} ${escapeMarkdown(title)}${suffix}: ${planHeadline(plan)}`;
  const groups = groupSteps(plan.steps.filter((s) => changing(s) || s.action === 'exec' || s.action === 'delete' || s.action === 'drift'));
  const tail: string[] = [];
  if (execs.length && !plan.nodepool) tail.push(`${EXEC_NOTE} (exec steps are not counted as changes).`);
  if (unchanged) tail.push(`${unchanged} object${unchanged === 1 ? '' : 's'} unchanged.`);
  const impacts = groups.flatMap((g) => impactLines(g).map((l) => `- ${escapeMarkdown(groupLabel(g))}: ${escapeMarkdown(l)}`));
  const evictions = impacts.length ? `**Pods affected by new taints:**\n${impacts.join('\n')}` : '';
  const tailText = [evictions, tail.join(' '), ...lists, next].filter((x) => x).join('\n\n');

  const reserve = head.length + tailText.length + footer.length + 400;
  let budget = max - reserve;
  const table: string[] = ['| object | action | what changes |', '|---|---|---|'];
  budget -= table.join('\n').length;
  let shownRows = 0;
  for (const g of groups) {
    const s = g.steps[0];
    const row = `| ${mdGroupObject(g)} | ${s.action} | ${mdWhat(s)} |`;
    if (row.length + 1 > budget) break;
    table.push(row);
    budget -= row.length + 1;
    shownRows++;
  }
  if (shownRows < groups.length) table.push(`| … | | ${groups.length - shownRows} more step${groups.length - shownRows === 1 ? '' : 's'} not shown (see the JSON plan) |`);

  const details: string[] = [];
  let shownDetails = 0;
  const withDiff = groups.filter((g) => g.steps[0].action !== 'exec');
  for (const g of withDiff) {
    const s = g.steps[0];
    const lines = stepDiffLines(s).map((d) => `${d.op} ${d.line}`);
    const files = s.files?.length ? `\n\nFrom ${s.files.map((f) => escapeMarkdown(f)).join(', ')}.` : '';
    const nodes = g.pool !== undefined && g.steps.length > 1 ? `\n\nNodes: ${g.steps.map((x) => code(x.object.name)).join(', ')}.` : '';
    const summary = `${escapeHtml(g.pool !== undefined && g.steps.length > 1 ? groupLabel(g) : objectLabel(s))}: ${s.action}`;
    const block = `<details><summary>${summary}</summary>${files}${nodes}\n\n${codeBlock(lines.join('\n'), 'diff')}\n\n</details>`;
    if (block.length + 2 > budget) break;
    details.push(block);
    budget -= block.length + 2;
    shownDetails++;
  }
  if (shownDetails < withDiff.length) {
    details.push(`${withDiff.length - shownDetails} more diff${withDiff.length - shownDetails === 1 ? '' : 's'} not shown here (too long for one comment): see the job summary or the JSON plan.`);
  }
  return [head, table.join('\n'), tailText, ...details, footer].filter((x) => x).join('\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Text (CLI)

export interface TextOptions {
  /** ANSI colours (default false). */
  color?: boolean;
  /** List unchanged objects too (default false). */
  verbose?: boolean;
}



const SIGN: Record<StepAction, string> = { create: '+', update: '~', delete: '-', rollout: '↻', exec: '»', drift: '≠', unchanged: '=' };

export function renderPlanText(plan: Plan, options: TextOptions = {}): string {
  const paint = (color: keyof typeof ANSI, s: string): string => (options.color ? `${ANSI[color]}${s}${ANSI.reset}` : s);
  const actionColor: Record<StepAction, keyof typeof ANSI> = { create: 'green', update: 'yellow', delete: 'red', rollout: 'cyan', exec: 'cyan', drift: 'yellow', unchanged: 'dim' };
  const out: string[] = [];
  const execs = plan.steps.filter((s) => s.action === 'exec');
  const quiet = plan.changes === 0 && plan.counts.drift === 0;
  if (quiet) {
    out.push(paint('bold', `No changes: the cluster matches the config repo (${plan.counts.unchanged} object${plan.counts.unchanged === 1 ? '' : 's'} checked).`) +
      (execs.length && !plan.nodepool ? ` ${EXEC_NOTE}.` : ''));
  } else {
    out.push(paint('bold', `Plan: ${planHeadline(plan)}`), '');
  }
  for (const g of groupSteps(plan.steps)) {
    const s = g.steps[0];
    if (s.action === 'unchanged' && !options.verbose) continue;
    if (quiet && s.action === 'exec') continue;
    const nodes = g.pool !== undefined && g.steps.length > 1 ? ` (${g.steps.map((x) => clean(x.object.name)).join(', ')})` : '';
    const label = g.pool !== undefined && g.steps.length > 1
      ? `${clean(groupLabel(g))}${nodes}`
      : clean(objectLabel(s)) + (s.exec ? ` [${clean(s.exec.container)}]` : '') + (s.pool ? ` (pool ${clean(s.pool)})` : '');
    const what = s.action === 'exec' ? clean(execCommand(s)) : clean(s.summary);
    out.push(`${paint(actionColor[s.action], `${SIGN[s.action]} ${s.action.padEnd(9)}`)} ${paint('bold', label)}  ${what}`);
    if (s.action !== 'unchanged' && s.action !== 'exec') {
      for (const d of stepDiffLines(s)) {
        const line = `      ${d.op} ${clean(d.line)}`;
        out.push(d.op === '+' ? paint('green', line) : d.op === '-' ? paint('red', line) : paint('dim', line));
      }
      for (const l of impactLines(g)) out.push(paint('yellow', `      ! ${clean(l)}`));
    }
  }
  if (plan.nodepool) {
    out.push('', paint(plan.nodepool.refresh ? 'bold' : 'dim', clean(nodepoolHeadline(plan.nodepool))));
    for (const c of plan.nodepool.changes) out.push(`  ${c.op === 'add' ? '+' : c.op === 'remove' ? '-' : '~'} ${clean(`${c.file}:${c.line}`)}  ${clean(c.text)}`);
  }
  const impact = nodepoolImpactLines(plan);
  if (impact) {
    out.push('', paint(impact.lines.length ? 'bold' : 'dim', clean(impact.title)));
    for (const l of impact.lines) {
      out.push(paint('yellow', `  ! ${clean(l.text)}`));
      if (l.ids) out.push(paint('dim', `      ${clean(l.ids)}`));
    }
    if (impact.pools.length) out.push(paint('dim', '  The pools now:'), ...impact.pools.map((l) => paint('dim', `    ${clean(l)}`)));
  }
  if (!quiet) {
    out.push('');
    if (execs.length && !plan.nodepool) out.push(`${EXEC_NOTE} (exec steps are not counted as changes).`);
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
  section(`${PLACEMENT_TITLE}:`, placementLines(plan), (plan.placement?.differences ?? 0) > 0 ? 'yellow' : 'dim');
  out.push('', paint('dim', `plan ${plan.hash}`));
  return out.join('\n') + '\n';
}
