/**
 * Apply only what was reviewed. The plan posted on the pull request carries its hash (the comment's hidden header,
 * or the plan JSON); on the push after merge, apply recomputes the plan and refuses, before any write, when it
 * differs: "the plan changed since it was reviewed", with the difference.
 *
 * The commit: a plan's config-refresh steps run `generate-config.sh <commit>`, and the commit of the push (a merge
 * commit, or a rebased one) is not the pull request's head, at which the plan was reviewed. That part of a plan must
 * differ, so the comparison is made with the recomputed plan's commit put back to the reviewed one (the header's
 * `commit`, or the one in the reviewed plan's exec steps); everything else must be identical. Pure.
 */
import { canonicalJson, planHash } from './hash.js';
import type { Plan, PlanStep } from './types.js';

export interface ReviewedPlan {
  /** `sha256:<64 hex>`. */
  hash: string;
  /** The commit the reviewed plan was made at, when known. */
  commit?: string;
  /** The reviewed plan itself, when given as JSON: the difference can then be listed step by step. */
  plan?: Plan;
}

export class GuardInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuardInputError';
  }
}

const HASH = /^sha256:[0-9a-f]{64}$/;

/**
 * A reviewed plan from what the run was given: a plan hash (`sha256:…`) or a plan's JSON text (the `plan` output of
 * the plan run). A plan JSON whose content does not match its own hash is refused: it was edited.
 */
export function parseReviewed(input: string | Plan, commit?: string): ReviewedPlan {
  if (typeof input !== 'string') return fromPlan(input, commit);
  const text = input.trim();
  if (HASH.test(text)) return { hash: text, ...(commit ? { commit } : {}) };
  if (!text.startsWith('{')) {
    throw new GuardInputError('the reviewed plan is neither a plan hash (sha256:<64 hex digits>) nor a plan in JSON');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new GuardInputError('the reviewed plan is not valid JSON');
  }
  return fromPlan(unwrapEnvelope(data), commit);
}

/**
 * `plan --format json` writes an envelope (`{"version": 2, "command": "plan", …, "errors": […], "plan": {…}}`,
 * schemas/output/output.schema.json; version 1 had no command); the action's `plan` output is the plan itself. All
 * are accepted.
 */
function unwrapEnvelope(data: unknown): Plan {
  if (!data || typeof data !== 'object' || Array.isArray(data) || !('plan' in data) || 'format' in data) return data as Plan;
  const envelope = data as { version?: unknown; plan: unknown; errors?: Array<{ message?: unknown }> };
  if (envelope.version !== 1 && envelope.version !== 2) {
    throw new GuardInputError(`the reviewed plan file has envelope version ${JSON.stringify(envelope.version)}; this pool-reconciler reads versions 1 and 2`);
  }
  if (envelope.plan === null) {
    const why = envelope.errors?.[0]?.message;
    throw new GuardInputError(`the reviewed plan file holds no plan: the plan run stopped before it made one (${typeof why === 'string' ? why : 'validation errors'}); fix that and plan again`);
  }
  return envelope.plan as Plan;
}

function fromPlan(plan: Plan, commit?: string): ReviewedPlan {
  if (!plan || typeof plan !== 'object' || plan.format !== 'pool-reconciler/plan/v1' || !Array.isArray(plan.steps) || typeof plan.hash !== 'string') {
    throw new GuardInputError('the reviewed plan is not a pool-reconciler plan (format pool-reconciler/plan/v1)');
  }
  if (planHash(plan) !== plan.hash) {
    throw new GuardInputError(`the reviewed plan's content does not match its hash ${plan.hash}: it was changed after it was made`);
  }
  const c = commit ?? planCommit(plan);
  return { hash: plan.hash, plan, ...(c ? { commit: c } : {}) };
}

/** The commit a plan's config-refresh steps run `generate-config.sh` with (its last argument). */
export function planCommit(plan: Plan): string | undefined {
  for (const s of plan.steps) {
    const cmd = s.exec?.command;
    if (cmd && cmd.length >= 2) return cmd[cmd.length - 1];
  }
  return undefined;
}

/** The plan as it would be at another commit: exec commands and their summaries changed, hash recomputed. */
export function planAtCommit(plan: Plan, from: string, to: string): Plan {
  if (from === to || !from) return plan;
  const steps = plan.steps.map((s): PlanStep => {
    if (!s.exec) return s;
    const command = s.exec.command.map((a) => (a === from ? to : a));
    return { ...s, summary: s.summary.split(from).join(to), exec: { ...s.exec, command } };
  });
  const { hash: _hash, ...rest } = { ...plan, steps };
  return { ...rest, hash: planHash(rest) };
}

export interface GuardResult {
  ok: boolean;
  /**
   * When not ok: `the plan changed since it was reviewed (reviewed sha256:…)`. The current plan's hash is never
   * given: it is the one a forged review would need.
   */
  message?: string;
  /** The difference, one line per step (`+ id: …` new, `- id: …` gone, `~ id: …` changed). */
  differences: string[];
}

const line = (s: PlanStep): string => `${s.id}: ${s.action}: ${s.summary}`;

/** Step by step, what differs between the reviewed plan and the current one. */
export function planDifferences(reviewed: Plan, current: Plan): string[] {
  const out: string[] = [];
  const before = new Map(reviewed.steps.map((s) => [s.id, s]));
  const after = new Map(current.steps.map((s) => [s.id, s]));
  for (const s of current.steps) {
    const r = before.get(s.id);
    if (!r) out.push(`+ ${line(s)}`);
    else if (canonicalJson(r) !== canonicalJson(s)) {
      out.push(r.action === s.action && r.summary === s.summary
        ? `~ ${line(s)} (the same summary; the details differ)`
        : `~ ${s.id}: reviewed ${r.action}: ${r.summary}; now ${s.action}: ${s.summary}`);
    }
  }
  for (const r of reviewed.steps) if (!after.has(r.id)) out.push(`- ${line(r)}`);
  const list = (what: string, a: string[], b: string[]): void => {
    const bs = new Set(b);
    const as = new Set(a);
    for (const x of b) if (!as.has(x)) out.push(`+ ${what}: ${x}`);
    for (const x of a) if (!bs.has(x)) out.push(`- ${what}: ${x}`);
  };
  list('blocker', reviewed.blockers, current.blockers);
  list('pool without nodes', reviewed.pendingPools.map((p) => p.pool), current.pendingPools.map((p) => p.pool));
  list('note', reviewed.notes, current.notes);
  if (out.length === 0 && canonicalJson(reviewed.steps.map((s) => s.id)) !== canonicalJson(current.steps.map((s) => s.id))) {
    out.push('~ the order of the steps differs');
  }
  return out;
}

/**
 * Compares the reviewed plan with the current one (made at `currentCommit`). With only a hash, the difference
 * cannot be computed: the current plan's changes are listed instead, for the reader to compare with the comment.
 */
export function checkReviewedPlan(reviewed: ReviewedPlan, current: Plan, currentCommit: string): GuardResult {
  const comparable = reviewed.commit ? planAtCommit(current, currentCommit, reviewed.commit) : current;
  if (comparable.hash === reviewed.hash || current.hash === reviewed.hash) return { ok: true, differences: [] };
  const message = `the plan changed since it was reviewed (reviewed ${reviewed.hash})`;
  if (reviewed.plan) {
    const differences = planDifferences(reviewed.plan, comparable);
    return { ok: false, message, differences: differences.length ? differences : ['~ the plans differ in a detail outside the steps'] };
  }
  const changing = current.steps.filter((s) => s.action !== 'unchanged' && s.action !== 'exec');
  return {
    ok: false,
    message,
    differences: changing.length
      ? changing.map((s) => `now ${line(s)}`)
      : ['now: no changes (the cluster already matches, or was changed by someone else since the review)'],
  };
}
