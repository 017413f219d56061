import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  FIELD_MANAGER,
  LockError,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  ObserveError,
  STATE_CONFIGMAP,
  acquireLock,
  applyConfigMap,
  applyNode,
  applySecret,
  call,
  canonicalJson,
  choosePod,
  createOrMergePatch,
  defaultIdentity,
  deleteConfigMap,
  diff,
  encodeState,
  execArgv,
  execInPod,
  nodepoolDigest,
  observe,
  patchTemplateAnnotation,
  planHash,
  preflight,
  runPlan,
  secondsText,
  verifyLabels,
  waitForRollouts
} from "./chunk-RM2NH5G4.js";
import {
  ClusterError,
  ObjectCoordinationV1Api
} from "./chunk-5FOFUDFD.js";
import {
  Redactor
} from "./chunk-D6EJZIL4.js";

// src/io/cluster/state.ts
var STATE_KEYS = ["commit", "plan-hash", "applied-at", "nodepool-digest", "nodepool-files", "nodepool-content", "managed"];
async function writeState(ctx, namespace, state, exists) {
  const { client } = ctx;
  const name = STATE_CONFIGMAP;
  const { data, contentLeftOut } = encodeState(state);
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  const patch = Object.fromEntries(STATE_KEYS.map((k) => [k, data[k] ?? null]));
  const r = await createOrMergePatch(ctx, {
    info: (verb) => ({ verb, resource: "configmaps", group: "", namespace, name }),
    exists,
    create: (o) => client.core.createNamespacedConfigMap({ namespace, body: { metadata: { name, namespace, labels }, data }, fieldManager: ctx.fieldManager }, o),
    patch: (o) => client.core.patchNamespacedConfigMap({ name, namespace, body: { metadata: { labels }, data: patch }, fieldManager: ctx.fieldManager }, o),
    read: (o) => client.core.readNamespacedConfigMap({ name, namespace }, o),
    holds: (cur) => STATE_KEYS.every((k) => cur.data?.[k] === data[k])
  });
  return { writes: r.writes, contentLeftOut };
}

// src/plan/guard.ts
var GuardInputError = class extends Error {
  constructor(message2) {
    super(message2);
    this.name = "GuardInputError";
  }
};
var HASH = /^sha256:[0-9a-f]{64}$/;
function parseReviewed(input, commit) {
  if (typeof input !== "string") return fromPlan(input, commit);
  const text = input.trim();
  if (HASH.test(text)) return { hash: text, ...commit ? { commit } : {} };
  if (!text.startsWith("{")) {
    throw new GuardInputError("the reviewed plan is neither a plan hash (sha256:<64 hex digits>) nor a plan in JSON");
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new GuardInputError("the reviewed plan is not valid JSON");
  }
  return fromPlan(unwrapEnvelope(data), commit);
}
function unwrapEnvelope(data) {
  if (!data || typeof data !== "object" || Array.isArray(data) || !("plan" in data) || "format" in data) return data;
  const envelope = data;
  if (envelope.version !== 1) {
    throw new GuardInputError(`the reviewed plan file has envelope version ${JSON.stringify(envelope.version)}; this pool-reconciler reads version 1`);
  }
  if (envelope.plan === null) {
    const why = envelope.errors?.[0]?.message;
    throw new GuardInputError(`the reviewed plan file holds no plan: the plan run stopped before it made one (${typeof why === "string" ? why : "validation errors"}); fix that and plan again`);
  }
  return envelope.plan;
}
function fromPlan(plan, commit) {
  if (!plan || typeof plan !== "object" || plan.format !== "pool-reconciler/plan/v1" || !Array.isArray(plan.steps) || typeof plan.hash !== "string") {
    throw new GuardInputError("the reviewed plan is not a pool-reconciler plan (format pool-reconciler/plan/v1)");
  }
  if (planHash(plan) !== plan.hash) {
    throw new GuardInputError(`the reviewed plan's content does not match its hash ${plan.hash}: it was changed after it was made`);
  }
  const c = commit ?? planCommit(plan);
  return { hash: plan.hash, plan, ...c ? { commit: c } : {} };
}
function planCommit(plan) {
  for (const s of plan.steps) {
    const cmd = s.exec?.command;
    if (cmd && cmd.length >= 2) return cmd[cmd.length - 1];
  }
  return void 0;
}
function planAtCommit(plan, from, to) {
  if (from === to || !from) return plan;
  const steps = plan.steps.map((s) => {
    if (!s.exec) return s;
    const command = s.exec.command.map((a) => a === from ? to : a);
    return { ...s, summary: s.summary.split(from).join(to), exec: { ...s.exec, command } };
  });
  const { hash: _hash, ...rest } = { ...plan, steps };
  return { ...rest, hash: planHash(rest) };
}
var line = (s) => `${s.id}: ${s.action}: ${s.summary}`;
function planDifferences(reviewed, current) {
  const out = [];
  const before = new Map(reviewed.steps.map((s) => [s.id, s]));
  const after = new Map(current.steps.map((s) => [s.id, s]));
  for (const s of current.steps) {
    const r = before.get(s.id);
    if (!r) out.push(`+ ${line(s)}`);
    else if (canonicalJson(r) !== canonicalJson(s)) {
      out.push(r.action === s.action && r.summary === s.summary ? `~ ${line(s)} (the same summary; the details differ)` : `~ ${s.id}: reviewed ${r.action}: ${r.summary}; now ${s.action}: ${s.summary}`);
    }
  }
  for (const r of reviewed.steps) if (!after.has(r.id)) out.push(`- ${line(r)}`);
  const list = (what, a, b) => {
    const bs = new Set(b);
    const as = new Set(a);
    for (const x of b) if (!as.has(x)) out.push(`+ ${what}: ${x}`);
    for (const x of a) if (!bs.has(x)) out.push(`- ${what}: ${x}`);
  };
  list("blocker", reviewed.blockers, current.blockers);
  list("pool without nodes", reviewed.pendingPools.map((p) => p.pool), current.pendingPools.map((p) => p.pool));
  list("note", reviewed.notes, current.notes);
  if (out.length === 0 && canonicalJson(reviewed.steps.map((s) => s.id)) !== canonicalJson(current.steps.map((s) => s.id))) {
    out.push("~ the order of the steps differs");
  }
  return out;
}
function checkReviewedPlan(reviewed, current, currentCommit) {
  const comparable = reviewed.commit ? planAtCommit(current, currentCommit, reviewed.commit) : current;
  if (comparable.hash === reviewed.hash || current.hash === reviewed.hash) return { ok: true, differences: [] };
  const message2 = `the plan changed since it was reviewed (reviewed ${reviewed.hash})`;
  if (reviewed.plan) {
    const differences = planDifferences(reviewed.plan, comparable);
    return { ok: false, message: message2, differences: differences.length ? differences : ["~ the plans differ in a detail outside the steps"] };
  }
  const changing = current.steps.filter((s) => s.action !== "unchanged" && s.action !== "exec");
  return {
    ok: false,
    message: message2,
    differences: changing.length ? changing.map((s) => `now ${line(s)}`) : ["now: no changes (the cluster already matches, or was changed by someone else since the review)"]
  };
}

// src/run/apply.ts
var DEFAULT_EXEC_TIMEOUT = 3e5;
function message(err) {
  if (err instanceof ClusterError || err instanceof LockError) return { message: err.message, ...err.hint ? { hint: err.hint } : {} };
  if (err instanceof Error) return { message: err.message.split("\n")[0] };
  return { message: String(err) };
}
async function runApply(req) {
  const started = Date.now();
  const own = new Redactor([...Object.values(req.secrets ?? {}), req.kubeconfig]);
  const redact = (s) => req.redactor ? req.redactor.redact(own.redact(s)) : own.redact(s);
  const say = (line2) => req.onProgress?.(redact(line2));
  const notes = [];
  const pre = await runPlan({ ...req, preflight: false });
  let requests = pre.requests;
  const done = (o) => {
    const out = {
      ...o,
      validation: pre.validation,
      writes: o.writes ?? o.steps.reduce((n, s) => n + s.writes, 0),
      errors: o.errors.map((e) => ({ message: redact(e.message), ...e.hint ? { hint: redact(e.hint) } : {} })),
      steps: o.steps.map((s) => s.message !== void 0 ? { ...s, message: redact(s.message) } : s),
      notes: notes.map(redact),
      requests,
      durationMs: Date.now() - started
    };
    if (out.guard) out.guard = { ...out.guard, differences: out.guard.differences.map(redact) };
    if (out.verify?.error) out.verify = { ...out.verify, error: redact(out.verify.error) };
    return out;
  };
  const notRun = (plan) => plan.steps.map((s) => ({ id: s.id, action: s.action, summary: s.summary, status: "not-run", writes: 0 }));
  if (pre.stage === "validation") {
    say("apply: stopped: the config repo has errors");
    return done({ steps: [], errors: pre.errors, ok: false, stage: "validation" });
  }
  if (pre.stage !== "done" || !pre.plan || !pre.desired || !pre.connection) {
    return done({ steps: [], errors: pre.errors, ok: false, stage: "cluster" });
  }
  if (pre.errors.length) {
    return done({ plan: pre.plan, steps: notRun(pre.plan), errors: pre.errors, ok: false, stage: "cluster" });
  }
  const desired = pre.desired;
  let reviewed;
  if (!req.skipPlanCheck) {
    const input = req.reviewedPlan ?? req.reviewedPlanHash;
    if (!input || !input.trim()) {
      return done({
        plan: pre.plan,
        steps: notRun(pre.plan),
        errors: [{
          message: "no reviewed plan to compare with: apply applies only a plan that was reviewed",
          hint: "Give the reviewed plan's hash (the pull-request comment's header) or its JSON, or turn the plan check off."
        }],
        ok: false,
        stage: "guard"
      });
    }
    try {
      reviewed = parseReviewed(input, req.reviewedCommit);
    } catch (err) {
      if (!(err instanceof GuardInputError)) throw err;
      return done({ plan: pre.plan, steps: notRun(pre.plan), errors: [{ message: err.message }], ok: false, stage: "guard" });
    }
  }
  const { kc, client } = pre.connection;
  const retry = {
    ...req.retry ?? {},
    onRetry: (i) => {
      req.retry?.onRetry?.(i);
      say(`retry: ${i.what}: ${i.reason}; try ${i.attempt + 1} of ${i.attempts} in ${secondsText(i.delayMs)}`);
    }
  };
  const ctx = { client, kc, fieldManager: req.fieldManager ?? FIELD_MANAGER, retry, progress: say };
  const identity = req.identity ?? defaultIdentity();
  let lock;
  try {
    lock = await acquireLock(client, kc.makeApiClient(ObjectCoordinationV1Api), {
      namespace: req.lock?.namespace ?? desired.settings.softwareFactory.namespace,
      ...req.lock?.name ? { name: req.lock.name } : {},
      identity,
      ...req.lock?.leaseDurationSeconds !== void 0 ? { leaseDurationSeconds: req.lock.leaseDurationSeconds } : {},
      ...req.lock?.renewIntervalMs !== void 0 ? { renewIntervalMs: req.lock.renewIntervalMs } : {},
      ...req.lock?.pollMs !== void 0 ? { pollMs: req.lock.pollMs } : {},
      waitMs: req.lockWaitMs ?? 3e5,
      ...req.progressIntervalMs !== void 0 ? { progressIntervalMs: req.progressIntervalMs } : {},
      fieldManager: ctx.fieldManager,
      onProgress: say,
      retry
    });
  } catch (err) {
    requests = client.requests;
    return done({ plan: pre.plan, steps: notRun(pre.plan), errors: [message(err)], ok: false, stage: "lock" });
  }
  say(`lock: holding Lease ${lock.namespace}/${lock.name} as ${JSON.stringify(identity)}${lock.waitedMs > 0 ? ` (waited ${secondsText(lock.waitedMs)})` : ""}`);
  say(`lock: the Lease does not cover sf-operator's own config-update: that is a Zuul job (semaphore "semaphore-config-update") which runs generate-config.sh in the launcher and builder pods by kubectl exec from the Zuul executor; it takes no Lease and leaves no Job or pod in the namespace, so this run cannot see it or wait for it. Both refresh from the same config repository; if one ran meanwhile, the later refresh wins`);
  if (lock.tookOverFrom !== void 0) notes.push(`the lock was taken over from ${JSON.stringify(lock.tookOverFrom)}, whose Lease had expired (a run that crashed?)`);
  const lockInfo = () => ({
    identity,
    waitedMs: lock.waitedMs,
    writes: lock.writes,
    ...lock.tookOverFrom !== void 0 ? { tookOverFrom: lock.tookOverFrom } : {}
  });
  let outcome;
  try {
    outcome = await underLock(req, ctx, desired, pre.plan, reviewed, lock, say, notes);
  } catch (err) {
    outcome = { plan: pre.plan, steps: notRun(pre.plan), errors: [{ message: `unexpected error while applying: ${message(err).message}` }], ok: false, stage: "apply" };
  } finally {
    const problem = await lock.release();
    if (problem) notes.push(problem);
    requests = client.requests;
  }
  return done({ ...outcome, lock: lockInfo() });
}
async function underLock(req, ctx, desired, prePlan, reviewed, lock, say, notes) {
  const notRun = (plan2) => plan2.steps.map((s) => ({ id: s.id, action: s.action, summary: s.summary, status: "not-run", writes: 0 }));
  let plan;
  let lastLive;
  try {
    lastLive = await observe(ctx.client, desired, { concurrency: req.concurrency });
    plan = diff(desired, lastLive);
  } catch (err) {
    const errors2 = err instanceof ObserveError ? err.errors.map(message) : [message(err)];
    return { plan: prePlan, steps: notRun(prePlan), errors: errors2, ok: false, stage: "cluster" };
  }
  if (plan.blockers.length) {
    return { plan, steps: notRun(plan), errors: plan.blockers.map((m) => ({ message: m })), ok: false, stage: "cluster" };
  }
  let guard;
  if (reviewed) {
    const g = checkReviewedPlan(reviewed, plan, req.commit);
    guard = { ok: g.ok, reviewedHash: reviewed.hash, hash: plan.hash, differences: g.differences };
    if (!g.ok) {
      say(`apply: stopped before any write: ${g.message ?? ""}`);
      for (const d of g.differences) say(`  ${d}`);
      const shown = g.differences.slice(0, 10).join("; ");
      return {
        plan,
        steps: notRun(plan),
        errors: [{
          message: `${g.message ?? "the plan changed since it was reviewed"}: ${shown}${g.differences.length > 10 ? `; and ${g.differences.length - 10} more` : ""}`,
          hint: "Nothing was written. Review the new plan (re-run the plan on a pull request) and apply again."
        }],
        guard,
        ok: false,
        stage: "guard"
      };
    }
    say(`apply: the plan is the one reviewed (${reviewed.hash})`);
  }
  const live = lastLive;
  const pf = await preflight(ctx.kc, desired, live, plan, { mode: "apply", ctx, ...req.concurrency !== void 0 ? { concurrency: req.concurrency } : {} });
  for (const n of pf.notChecked) notes.push(`preflight: ${n}`);
  if (pf.problems.length) {
    say(`apply: stopped before any write: the preflight found ${pf.problems.length} problem${pf.problems.length === 1 ? "" : "s"}`);
    for (const p of pf.problems) say(`  ${p.message}`);
    return { plan, steps: notRun(plan), errors: pf.problems, ...guard ? { guard } : {}, ok: false, stage: "preflight" };
  }
  say(`apply: preflight passed (${pf.requests} check${pf.requests === 1 ? "" : "s"}: permissions and a dry run of every write)`);
  const { steps, failedStep, created } = await applySteps(req, ctx, desired, plan, lock, say, live);
  const errors = [];
  if (failedStep !== void 0) {
    const s = steps[failedStep];
    const applied = steps.filter((x) => x.status === "applied").length;
    const left = steps.filter((x) => x.status === "not-run").length;
    errors.push({
      message: `step ${failedStep + 1} of ${steps.length} (${s.id}) failed: ${s.message ?? "failed"}`,
      hint: `${applied} step${applied === 1 ? "" : "s"} applied, ${left} not run. Every write is safe to repeat: run apply again once the cause is fixed.`
    });
    return { plan, steps, failedStep, errors, ...guard ? { guard } : {}, ok: false, stage: "apply" };
  }
  for (const st of steps.filter((x) => x.status === "incomplete")) {
    const secret = st.id.startsWith("Secret/");
    errors.push({
      message: `${secret ? st.id.replace(/^Secret\//, "Secret ") : st.id}: ${st.message ?? "not effective"}`,
      hint: secret ? "Run `sf-operator deploy` so that the launcher and builder mount the new keys (then apply again), or, if a later deploy is planned, allow it with the input/flag allow-unmounted-secret-keys." : "Set a config repo in the SoftwareFactory resource (spec.config-location) and run `sf-operator deploy`, or give nodepool-api-url so that the labels Nodepool lists decide."
    });
  }
  const refreshed = !steps.some((x) => x.id.startsWith("exec/") && x.status === "incomplete");
  const stateError = await recordState(req, ctx, desired, plan, live, created, reviewed, say, notes, refreshed);
  if (stateError) return { plan, steps, errors: [...errors, stateError], ...guard ? { guard } : {}, ok: false, stage: "apply" };
  let verify;
  if (req.verify) {
    const labels = desired.verify.nodepoolLabels;
    if (labels.length === 0) {
      notes.push("verify: nodepool.yaml declares no labels; nothing to verify");
    } else {
      say(`verify: waiting for Nodepool to list ${labels.length} label${labels.length === 1 ? "" : "s"}`);
      const r = await verifyLabels({
        url: req.verify.nodepoolApiUrl,
        labels,
        timeoutMs: req.verify.timeoutMs,
        ...req.verify.pollMs !== void 0 ? { pollMs: req.verify.pollMs } : {},
        onProgress: say
      });
      verify = { missing: r.missing, listed: r.listed, ...r.error ? { error: r.error } : {} };
      if (r.missing.length || r.error) {
        const why = r.missing.length ? `Nodepool does not list ${r.missing.length === 1 ? "label" : "labels"} ${r.missing.join(", ")} of nodepool.yaml after ${secondsText(req.verify.timeoutMs)}` : `could not verify the labels: ${r.error ?? ""}`;
        errors.push({
          message: `verify: ${why}${r.missing.length && r.error ? ` (last poll: ${r.error})` : ""}`,
          hint: "Everything was applied. The launcher reloads its config by itself: look at its log (a provider failing to start, a label no pool provides) and run apply again."
        });
        return { plan, steps, errors, verify, ...guard ? { guard } : {}, ok: false, stage: "verify" };
      }
      say(`verify: Nodepool lists every label of nodepool.yaml (${labels.length})`);
    }
  }
  if (errors.length) return { plan, steps, errors, ...verify ? { verify } : {}, ...guard ? { guard } : {}, ok: false, stage: "incomplete" };
  return { plan, steps, errors, ...verify ? { verify } : {}, ...guard ? { guard } : {}, ok: true, stage: "done" };
}
async function limited(items, limit, stop, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
async function applySteps(req, ctx, desired, plan, lock, say, live) {
  const steps = plan.steps.map((s) => ({ id: s.id, action: s.action, summary: s.summary, status: "not-run", writes: 0 }));
  const created = /* @__PURE__ */ new Set();
  const total = steps.length;
  const pollMs = req.pollMs ?? 2e3;
  const progressIntervalMs = req.progressIntervalMs ?? 5e3;
  let failedStep;
  let secretRv;
  let held;
  const report = (i2) => {
    if (held) {
      held.said.add(i2);
      while (held.next < held.order.length && held.said.has(held.order[held.next])) say1(held.order[held.next++]);
      return;
    }
    say1(i2);
  };
  const say1 = (i2) => {
    const r = steps[i2];
    if (r.status === "unchanged" || r.status === "not-run") return;
    const writes = r.writes ? ` (${r.writes} write${r.writes === 1 ? "" : "s"})` : "";
    const word = r.status === "failed" ? "FAILED" : r.status === "incomplete" ? "INCOMPLETE" : r.status;
    say(`[${i2 + 1}/${total}] ${word} ${r.id}: ${r.status === "failed" ? r.message ?? "" : r.summary}${writes}${(r.status === "applied" || r.status === "incomplete") && r.message ? `; ${r.message}` : ""}`);
  };
  const fail = (i2, err, writes = 0) => {
    steps[i2].status = "failed";
    steps[i2].writes += writes;
    steps[i2].message = message(err).message;
    failedStep = failedStep === void 0 ? i2 : Math.min(failedStep, i2);
    report(i2);
  };
  const applied = (i2, r) => {
    steps[i2].status = r.status;
    steps[i2].writes += r.writes;
    if (r.message) steps[i2].message = r.message;
    report(i2);
  };
  const stopped = () => failedStep !== void 0;
  let i = 0;
  while (i < plan.steps.length && !stopped()) {
    const s = plan.steps[i];
    if (lock.lost) {
      fail(i, new Error(`not started: ${lock.lost}`));
      break;
    }
    if (s.action === "unchanged") {
      steps[i].status = "unchanged";
      i++;
      continue;
    }
    const kind = s.object.kind;
    if (kind === "Secret") {
      try {
        if (!desired.secret) throw new Error("the plan has a Secret step but no Secret is desired");
        const r = await applySecret(ctx, desired.secret, s.action !== "create", { managedKeys: live.secret?.managedKeys, remove: s.secretKeys?.removed ?? [] });
        secretRv = r.resourceVersion;
        const unmounted = s.unmountedKeys ?? [];
        if (unmounted.length) {
          const said = unmounted.map((u) => u.message).join("; ");
          if (req.allowUnmountedSecretKeys) applied(i, { ...r, message: `${said} (allowed: allow-unmounted-secret-keys)` });
          else {
            steps[i].status = "incomplete";
            steps[i].writes += r.writes;
            steps[i].message = said;
            report(i);
          }
        } else applied(i, r);
      } catch (err) {
        fail(i, err);
      }
      i++;
      continue;
    }
    if (s.action === "rollout") {
      let j = i;
      while (j < plan.steps.length && plan.steps[j].action === "rollout") j++;
      const group = [];
      for (let k = i; k < j && !stopped(); k++) {
        const step = plan.steps[k];
        const ref = { kind: step.object.kind, namespace: step.object.namespace ?? "", name: step.object.name };
        try {
          const to = step.rollout?.to ?? secretRv ?? await currentSecretRv(ctx, desired);
          const annotation = step.rollout?.annotation ?? "nodepool-providers-secrets";
          const r = await patchTemplateAnnotation(ctx, ref, annotation, to);
          steps[k].writes += r.writes;
          steps[k].message = `${annotation}=${to}`;
          group.push({ index: k, step, ref });
        } catch (err) {
          fail(k, err);
        }
      }
      if (group.length && stopped()) {
        for (const g of group) applied(g.index, { status: "applied", writes: 0, message: `${steps[g.index].message ?? "annotation set"}; its rollout was not awaited (the run stopped)` });
      } else if (group.length) {
        say(`rollout: waiting for ${group.map((g) => `${g.ref.kind} ${g.ref.namespace}/${g.ref.name}`).join(" and ")} (up to ${secondsText(req.rolloutTimeoutMs)})`);
        const results = await waitForRollouts(ctx, group.map((g) => g.ref), { timeoutMs: req.rolloutTimeoutMs, pollMs, progressIntervalMs });
        for (const g of group) {
          const r = results.find((x) => x.workload === g.ref);
          if (r?.done) applied(g.index, { status: "applied", writes: 0, message: `${steps[g.index].message ?? ""}; rolled out (${r.status})` });
          else fail(g.index, new Error(r?.message ?? "the rollout did not finish"));
        }
      }
      i = j;
      continue;
    }
    if (s.action === "exec" && s.exec) {
      const e = s.exec;
      const namespace = s.object.namespace ?? desired.settings.softwareFactory.namespace;
      try {
        const sf = desired.settings.softwareFactory;
        const where = s.object.selector ? { selector: s.object.selector, ...e.component === "launcher" ? { deployment: sf.launcherDeployment } : {} } : { name: s.object.name };
        const choice = await choosePod(ctx, { namespace, container: e.container, ...where }, { waitMs: req.rolloutTimeoutMs, pollMs });
        for (const skipped of choice.skipped) say(`exec: skipping pod ${namespace}/${skipped}`);
        const argv = execArgv(e);
        const r = await execInPod(ctx, { namespace, pod: choice.pod, container: e.container, command: argv }, { timeoutMs: req.execTimeoutMs ?? DEFAULT_EXEC_TIMEOUT });
        if (r.exitCode === 0 && choice.configRepoSet !== "TRUE") {
          const value = choice.configRepoSet === void 0 ? "no CONFIG_REPO_SET" : `CONFIG_REPO_SET=${choice.configRepoSet}`;
          const why = `container ${e.container} of pod ${namespace}/${choice.pod} has ${value} (this Software Factory has no config repo), so generate-config.sh exits without reading the commit; Nodepool keeps its config`;
          if (req.verify) applied(i, { status: "applied", writes: 0, message: `ran in pod ${namespace}/${choice.pod} (container ${e.container}), but ${why}: the label verification decides` });
          else {
            steps[i].status = "incomplete";
            steps[i].message = `not effective: ${why}`;
            report(i);
          }
        } else if (r.exitCode === 0) {
          applied(i, { status: "applied", writes: 0, message: `ran in pod ${namespace}/${choice.pod} (container ${e.container})` });
        } else {
          const cmd = [...Object.keys(e.env).sort().map((k) => `${k}=${e.env[k]}`), ...e.command].join(" ");
          const code = r.exitCode >= 0 ? `exited with code ${r.exitCode}` : `failed${r.message ? ` (${r.message})` : ""}`;
          const stderr = tail(r.stderr) || tail(r.stdout);
          fail(i, new Error(`\`${cmd}\` ${code} in pod ${namespace}/${choice.pod} (container ${e.container})${stderr ? `: ${stderr}` : ""}`));
        }
      } catch (err) {
        fail(i, err);
      }
      i++;
      continue;
    }
    if (kind === "ConfigMap" || kind === "Node") {
      let j = i;
      while (j < plan.steps.length && plan.steps[j].object.kind === kind) j++;
      const todo = [];
      for (let k = i; k < j; k++) {
        if (plan.steps[k].action === "unchanged") steps[k].status = "unchanged";
        else if (plan.steps[k].action === "drift") {
          steps[k].status = "unchanged";
          steps[k].message = "reported only (nodes: report-only)";
        } else todo.push(k);
      }
      const cms = new Map(desired.configMaps.map((c) => [`ConfigMap/${c.namespace}/${c.name}`, c]));
      const pools = new Map(desired.nodePools.map((p) => [p.name, p]));
      const nodes = new Map(live.nodes.map((n) => [n.name, n]));
      held = { order: todo, said: /* @__PURE__ */ new Set(), next: 0 };
      await limited(todo, req.concurrency ?? 8, () => stopped() || lock.lost !== void 0, async (k) => {
        const step = plan.steps[k];
        try {
          if (kind === "ConfigMap" && step.action === "delete") {
            const l = (live.recordedConfigMaps ?? []).find((c) => `ConfigMap/${c.namespace}/${c.name}` === step.id);
            applied(k, await deleteConfigMap(ctx, step.object.namespace ?? "", step.object.name, l?.resourceVersion));
          } else if (kind === "ConfigMap") {
            const cm = cms.get(step.id);
            if (!cm) throw new Error(`the plan has step ${step.id} but no such ConfigMap is desired`);
            const r = await applyConfigMap(ctx, cm, step.action !== "create");
            if (r.created) created.add(`${cm.namespace}/${cm.name}`);
            applied(k, r);
          } else {
            const node = nodes.get(step.object.name);
            if (!node) throw new Error(`the plan has step ${step.id} but node ${JSON.stringify(step.object.name)} was not read`);
            applied(k, await applyNode(ctx, node, pools.get(step.pool ?? "")));
          }
        } catch (err) {
          fail(k, err);
        }
      });
      const finished = held.order.slice(held.next).filter((k) => held?.said.has(k));
      held = void 0;
      for (const k of finished) say1(k);
      if (!stopped() && lock.lost) {
        const k = todo.find((x) => steps[x].status === "not-run");
        if (k !== void 0) fail(k, new Error(`not started: ${lock.lost}`));
      }
      i = j;
      continue;
    }
    fail(i, new Error(`unknown step ${s.id} (${s.action})`));
  }
  if (failedStep === void 0) say(`apply: ${summaryLine(steps)}`);
  return { steps, created, ...failedStep !== void 0 ? { failedStep } : {} };
}
async function currentSecretRv(ctx, desired) {
  const s = desired.secret;
  if (!s) return "0";
  const obj = await call(
    ctx.client,
    { verb: "get", resource: "secrets", group: "", namespace: s.namespace, name: s.name },
    (o) => ctx.client.core.readNamespacedSecret({ name: s.name, namespace: s.namespace }, o),
    { ...ctx.retry, notFound: { value: void 0 } }
  );
  return obj?.metadata?.resourceVersion ?? "0";
}
function tail(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  let out = lines.slice(-10).join(" | ");
  if (out.length > 1500) out = `\u2026${out.slice(-1500)}`;
  return out;
}
function summaryLine(steps) {
  const applied = steps.filter((s) => s.status === "applied").length;
  const unchanged = steps.filter((s) => s.status === "unchanged").length;
  const writes = steps.reduce((n, s) => n + s.writes, 0);
  return `${applied} step${applied === 1 ? "" : "s"} applied (${writes} write${writes === 1 ? "" : "s"}), ${unchanged} unchanged`;
}
async function recordState(req, ctx, desired, plan, live, created, reviewed, say, notes, refreshed = true) {
  const prev = live.state;
  const desiredPools = desired.nodePools.map((p) => p.name);
  const pools = desired.settings.nodes === "report-only" ? [.../* @__PURE__ */ new Set([...prev?.managed.pools ?? [], ...desiredPools])] : desiredPools;
  const wanted = new Set(desired.configMaps.filter((c) => c.role === "pod-template").map((c) => `${c.namespace}/${c.name}`));
  const owned = new Set([...created].filter((ref) => wanted.has(ref)));
  for (const ref of prev?.managed.configMaps ?? []) if (wanted.has(ref)) owned.add(ref);
  for (const c of live.configMaps) {
    const ref = `${c.namespace}/${c.name}`;
    if (wanted.has(ref) && c.labels[MANAGED_BY_LABEL] === MANAGED_BY_VALUE) owned.add(ref);
  }
  const repoNp = nodepoolDigest(desired.nodepoolFiles);
  const unknown = { digest: "sha256:not-deployed", files: {} };
  const np = refreshed ? repoNp : prev?.nodepool ?? unknown;
  const content = refreshed ? Object.fromEntries(desired.nodepoolFiles.filter((f) => f.semantic).map((f) => [f.path, f.text])) : prev?.nodepool.content ?? {};
  const namespace = desired.settings.softwareFactory.namespace;
  const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  if (prev && prev.commit === req.commit && prev.nodepool.digest === np.digest && prev.nodepool.content !== void 0 && same(prev.managed.pools, pools) && same(prev.managed.configMaps, [...owned])) {
    return void 0;
  }
  try {
    const r = await writeState(ctx, namespace, {
      commit: req.commit,
      planHash: reviewed?.hash ?? plan.hash,
      appliedAt: (/* @__PURE__ */ new Date()).toISOString(),
      nodepool: { digest: np.digest, files: np.files, content },
      managed: { pools, configMaps: [...owned] }
    }, live.stateExists ?? false);
    if (r.contentLeftOut) notes.push(`the Nodepool files are too large to keep in ConfigMap ${namespace}/${STATE_CONFIGMAP}: the next plan compares them with what is deployed by digest only, file by file`);
    say(`state: recorded commit ${req.commit.slice(0, 12)} and plan ${reviewed?.hash ?? plan.hash} in ConfigMap ${namespace}/${STATE_CONFIGMAP}`);
    return void 0;
  } catch (err) {
    return {
      message: `every step was applied, but the state could not be recorded in ConfigMap ${namespace}/${STATE_CONFIGMAP}: ${message(err).message}`,
      hint: `${message(err).hint ?? ""} Without it the next plan cannot tell what is deployed nor remove what this run created; run apply again once fixed.`.trim()
    };
  }
}

export {
  runApply
};
