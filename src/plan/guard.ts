/**
 * Apply only what was reviewed. The plan posted on the pull request carries its hash (the comment's hidden header,
 * or the plan JSON); on the push after merge, apply recomputes the plan and refuses, before any write, when it
 * differs: "the plan changed since it was reviewed", with the difference.
 *
 * What is compared is the plan's intent (plan/intent.ts), never the weather of the moment (nodes joining a pool, CI
 * pods ending) nor the commit the config refresh runs with (the merge commit is not the pull request's head). Pure.
 */
import { planHash } from './hash.js';
import { intentDifferences } from './intent.js';
import { PLAN_FORMAT } from './types.js';
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
  if (plan && typeof plan === 'object' && (plan as { format?: unknown }).format === 'pool-reconciler/plan/v1') {
    throw new GuardInputError('the reviewed plan was made by an earlier pool-reconciler (format pool-reconciler/plan/v1, whose hash covered the nodes and pods of the moment): plan again with this version (re-run the plan job of the pull request)');
  }
  if (!plan || typeof plan !== 'object' || plan.format !== PLAN_FORMAT || !Array.isArray(plan.steps) || typeof plan.hash !== 'string' || !plan.intent || typeof plan.intent !== 'object') {
    throw new GuardInputError(`the reviewed plan is not a pool-reconciler plan (format ${PLAN_FORMAT})`);
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

/**
 * Compares the reviewed plan with the current one by intent (plan/intent.ts): the same hash, or, with the reviewed
 * plan's JSON, the same intent but for removals already done (a re-run after a partial apply). The weather is
 * bounded too: a pod the reviewed plan did not list may be evicted only in a namespace it named (CI pods come and go
 * there); a new eviction elsewhere refuses. With only a hash, the difference cannot be computed: the current plan's
 * changes are listed instead, for the reader to compare with the comment.
 */
export function checkReviewedPlan(reviewed: ReviewedPlan, current: Plan): GuardResult {
  const message = `the plan changed since it was reviewed (reviewed ${reviewed.hash})`;
  if (reviewed.plan) {
    const differences = current.hash === reviewed.hash ? [] : intentDifferences(reviewed.plan.intent, current.intent);
    if (differences.length) return { ok: false, message, differences };
    const evictions = newEvictionNamespaces(reviewed.plan, current);
    if (evictions.length) {
      return {
        ok: false,
        message: `the change is the one reviewed, but it now evicts pods in namespaces the reviewed plan did not name (reviewed ${reviewed.hash})`,
        differences: evictions,
      };
    }
    return { ok: true, differences: [] };
  }
  if (current.hash === reviewed.hash) return { ok: true, differences: [] };
  const changing = current.steps.filter((s) => s.action !== 'unchanged' && s.action !== 'exec');
  return {
    ok: false,
    message,
    differences: changing.length
      ? changing.map((s) => `now ${line(s)}`)
      : ['now: no changes (the cluster already matches, or was changed by someone else since the review)'],
  };
}

/** `+ evicts ns/pod (taint) on node n: namespace ns was not named by the reviewed plan`, one per pod. */
export function newEvictionNamespaces(reviewed: Plan, current: Plan): string[] {
  const named = new Set(reviewed.steps.flatMap((s) => (s.evictions ?? []).map((e) => e.namespace)));
  return current.steps.flatMap((s) => (s.evictions ?? [])
    .filter((e) => !named.has(e.namespace))
    .map((e) => `+ evicts ${e.namespace}/${e.name} (${e.taint}) on ${s.object.name}: namespace ${e.namespace} had no evictions in the reviewed plan`));
}

/**
 * What moved in the cluster between the review and now, within the reviewed intent: nodes that joined a pool (they
 * get the pool's labels and taints) or left it, and pods a new taint evicts that the reviewed plan did not list.
 * Said in the apply's outcome, so nobody is surprised by a node the reviewer never saw.
 */
export function weatherSinceReview(reviewed: Plan, current: Plan): string[] {
  const nodes = (p: Plan): Map<string, PlanStep> => new Map(p.steps.filter((s) => s.object.kind === 'Node').map((s) => [s.object.name, s]));
  const before = nodes(reviewed);
  const after = nodes(current);
  const out: string[] = [];
  for (const [name, s] of after) {
    if (before.has(name)) continue;
    out.push(s.action === 'update'
      ? `node ${name} joined pool ${JSON.stringify(s.pool ?? '')} since the plan was reviewed: it gets the pool's labels and taints (${s.summary})`
      : `node ${name} joined pool ${JSON.stringify(s.pool ?? '')} since the plan was reviewed; it already has the pool's labels and taints`);
  }
  for (const [name, s] of before) if (!after.has(name)) out.push(`node ${name} left pool ${JSON.stringify(s.pool ?? '')} since the plan was reviewed`);
  const listed = new Set(reviewed.steps.flatMap((s) => (s.evictions ?? []).map((e) => `${e.namespace}/${e.name}`)));
  const fresh = current.steps.flatMap((s) => (s.evictions ?? []).filter((e) => !listed.has(`${e.namespace}/${e.name}`)).map((e) => `${e.namespace}/${e.name} on ${s.object.name}`));
  if (fresh.length) out.push(`pods the reviewed plan did not list are evicted by the new taints (in namespaces it named): ${fresh.join(', ')}`);
  return out;
}
