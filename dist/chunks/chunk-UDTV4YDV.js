import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  dump
} from "./chunk-VNTL5GQB.js";
import {
  ANSI,
  terminalText
} from "./chunk-KXSQEQKG.js";
import {
  codeBlock,
  escapeHtml,
  escapeMarkdown
} from "./chunk-5FJFGSKV.js";

// src/report/plan.ts
function planHeadline(plan) {
  const c = plan.counts;
  const parts = [];
  if (c.create) parts.push(`${c.create} to create`);
  if (c.update) parts.push(`${c.update} to update`);
  if (c.delete) parts.push(`${c.delete} to delete`);
  if (c.rollout) parts.push(`${c.rollout} rollout${c.rollout === 1 ? "" : "s"}`);
  if (plan.nodepool?.refresh) parts.push(plan.nodepool.deployedDigest === null ? "Nodepool config refresh (nothing deployed recorded yet)" : "Nodepool config changed");
  if (c.drift) parts.push(`${c.drift} node${c.drift === 1 ? "" : "s"} drifted (reported only)`);
  return parts.length ? parts.join(", ") : "no changes";
}
var EXEC_NOTE = "Nodepool config refresh: always run on apply";
function contextSuffix(ctx) {
  if (!ctx) return "";
  const parts = [];
  if (ctx.mode) parts.push(escapeMarkdown(ctx.mode));
  if (ctx.target) parts.push(escapeMarkdown(ctx.target));
  if (ctx.commit) {
    const short = code(ctx.commit.slice(0, 12));
    parts.push(ctx.commitUrl && linkable(ctx.commitUrl) ? `[${short}](${ctx.commitUrl})` : short);
  }
  if (ctx.runUrl && linkable(ctx.runUrl)) parts.push(`[run](${ctx.runUrl})`);
  return parts.length ? ` \xB7 ${parts.join(" \xB7 ")}` : "";
}
var linkable = (url) => /^https?:\/\/[^\s()<>"'`[\]|\\]+$/.test(url);
function nextSteps(plan, mode) {
  if (plan.blockers.length) return "Fix the blockers above first: apply would fail on them, before writing anything.";
  if (mode === "drift") {
    return plan.changes > 0 ? "The cluster differs from the default branch: apply it (run the workflow with mode `apply`), or change the repo to match what is deployed." : "The cluster matches the default branch.";
  }
  if (mode === "apply") return "This is the plan apply carries out.";
  if (plan.changes === 0) return "Nothing to apply: merging changes nothing in the cluster.";
  return `Merge to apply this plan; the apply will refuse (and write nothing) if the cluster or the repo changed since this plan (${plan.hash.slice(0, 19)}\u2026).`;
}
function groupSteps(steps) {
  const out = [];
  const byKey = /* @__PURE__ */ new Map();
  for (const s of steps) {
    if (s.object.kind !== "Node" || s.pool === void 0) {
      out.push({ steps: [s] });
      continue;
    }
    const key = JSON.stringify([s.pool, s.action, s.summary, s.before ?? null, s.after ?? null]);
    const g = byKey.get(key);
    if (g) g.steps.push(s);
    else {
      const ng = { steps: [s], pool: s.pool };
      byKey.set(key, ng);
      out.push(ng);
    }
  }
  return out;
}
function groupLabel(g) {
  if (g.pool === void 0) return objectLabel(g.steps[0]);
  return `pool ${g.pool}, ${g.steps.length} node${g.steps.length === 1 ? "" : "s"}`;
}
function impactLines(g) {
  const ev = g.steps.flatMap((s) => (s.evictions ?? []).map((e) => ({ ...e, node: s.object.name })));
  const blocked = g.steps.reduce((n, s) => n + (s.notAdmitted ?? 0), 0);
  const out = [];
  if (ev.length) {
    const now = ev.filter((e) => e.afterSeconds === void 0);
    const later = ev.filter((e) => e.afterSeconds !== void 0);
    const name = (e) => `${e.namespace}/${e.name}${e.owner ? ` (${e.owner.kind} ${e.owner.name})` : ""} on ${e.node}${e.afterSeconds !== void 0 ? ` after ${e.afterSeconds} s` : ""}`;
    if (now.length) out.push(`evicts ${now.length} pod${now.length === 1 ? "" : "s"} at once (a new NoExecute taint they do not tolerate): ${now.map(name).join(", ")}`);
    if (later.length) out.push(`evicts ${later.length} pod${later.length === 1 ? "" : "s"} once their toleration runs out: ${later.map(name).join(", ")}`);
  }
  if (blocked) out.push(`${blocked} running pod${blocked === 1 ? "" : "s"} on these nodes would not be admitted again (a new NoSchedule taint they do not tolerate)`);
  return out;
}
function nodepoolHeadline(np) {
  const b = np.baseline;
  const against = b.kind === "deployed" ? `compared with the deployed commit ${b.commit.slice(0, 12)}${b.appliedAt ? ` (applied ${b.appliedAt})` : ""}` : b.kind === "base" ? `nothing deployed is recorded yet: compared with the base ${b.ref}${b.commit ? ` (${b.commit.slice(0, 12)})` : ""}` : `not compared: ${b.reason}`;
  const n = np.changes.length;
  const what = !np.refresh ? "unchanged" : n ? `${n} change${n === 1 ? "" : "s"}` : np.deployedDigest === null ? "what is deployed is unknown" : "changed";
  const refresh = np.refresh ? "; apply runs the config refresh (generate-config.sh) in the launcher and the builder" : "; no config refresh needed";
  return `Nodepool config: ${what} (${against})${refresh}`;
}
function objectLabel(step) {
  const o = step.object;
  if (o.selector) return `${o.kind} -l ${o.selector} in namespace ${o.namespace ?? ""}`;
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}
function stepDiffLines(step) {
  if (!step.after && !step.before) return [];
  const toLines = (v) => v && Object.keys(v).length ? dump(v, { lineWidth: -1, noRefs: true }).replace(/\n$/, "").split("\n") : [];
  return lineDiff(toLines(step.before), toLines(step.after));
}
function lineDiff(a, b) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out = a.slice(0, start).map((line) => ({ op: " ", line }));
  const ma = a.slice(start, endA);
  const mb = b.slice(start, endB);
  const n = ma.length;
  const m = mb.length;
  if (n * m > 4e6) {
    out.push(...ma.map((line) => ({ op: "-", line })), ...mb.map((line) => ({ op: "+", line })));
  } else {
    const w = m + 1;
    const dp = new Uint32Array((n + 1) * w);
    for (let i2 = n - 1; i2 >= 0; i2--) {
      for (let j2 = m - 1; j2 >= 0; j2--) {
        dp[i2 * w + j2] = ma[i2] === mb[j2] ? dp[(i2 + 1) * w + j2 + 1] + 1 : Math.max(dp[(i2 + 1) * w + j2], dp[i2 * w + j2 + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (ma[i] === mb[j]) {
        out.push({ op: " ", line: ma[i] });
        i++;
        j++;
      } else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) out.push({ op: "-", line: ma[i++] });
      else out.push({ op: "+", line: mb[j++] });
    }
    while (i < n) out.push({ op: "-", line: ma[i++] });
    while (j < m) out.push({ op: "+", line: mb[j++] });
  }
  out.push(...a.slice(endA).map((line) => ({ op: " ", line })));
  return out;
}
function execCommand(step) {
  const e = step.exec;
  if (!e) return "";
  return [...Object.keys(e.env).sort().map((k) => `${k}=${e.env[k]}`), ...e.command].join(" ");
}
var changing = (s) => s.action === "create" || s.action === "update" || s.action === "rollout";
function renderPlanJson(plan) {
  return `${JSON.stringify(plan, null, 2)}
`;
}
var code = (s) => `\`${escapeMarkdown(s, true)}\``;
function mdObject(step) {
  const o = step.object;
  let s = o.selector ? `${o.kind} with label ${code(o.selector)} in ${code(o.namespace ?? "")}` : `${o.kind} ${code(`${o.namespace ? `${o.namespace}/` : ""}${o.name}`)}`;
  if (step.exec) s += ` container ${code(step.exec.container)}`;
  if (step.pool) s += ` (pool ${code(step.pool)})`;
  return s;
}
function mdGroupObject(g) {
  if (g.pool === void 0 || g.steps.length === 1) return mdObject(g.steps[0]);
  return `pool ${code(g.pool)}, ${g.steps.length} nodes`;
}
function mdWhat(step) {
  if (step.action === "exec") return code(execCommand(step));
  return escapeMarkdown(step.summary);
}
function mdWhere(file, line, ctx) {
  const where = code(`${file}:${line}`);
  const url = ctx?.fileUrl?.(file, line);
  return url && linkable(url) ? `[${where}](${url})` : where;
}
function mdNodepool(plan, ctx) {
  const np = plan.nodepool;
  if (!np) return "";
  const lines = [`**${escapeMarkdown(nodepoolHeadline(np))}.**`];
  const shown = np.changes.slice(0, 200);
  for (const c of shown) {
    const sign = c.op === "add" ? "\u2795" : c.op === "remove" ? "\u2796" : "\u270F\uFE0F";
    lines.push(`- ${sign} ${mdWhere(c.file, c.line, ctx)} ${escapeMarkdown(c.text)}`);
  }
  if (np.changes.length > shown.length) lines.push(`- \u2026 and ${np.changes.length - shown.length} more (see the JSON plan)`);
  return lines.join("\n");
}
function renderPlanMarkdown(plan, options = {}) {
  const title = options.title ?? "Plan";
  const ctx = options.context;
  const h = "#".repeat(options.headingLevel ?? 3);
  const max = options.maxChars ?? Infinity;
  const execs = plan.steps.filter((s) => s.action === "exec");
  const unchanged = plan.counts.unchanged;
  const lists = [];
  const nodepool = mdNodepool(plan, ctx);
  if (nodepool) lists.push(nodepool);
  if (plan.blockers.length) lists.push(`**Blockers** (apply would fail):
${plan.blockers.map((b) => `- ${escapeMarkdown(b)}`).join("\n")}`);
  if (plan.pendingPools.length) lists.push(`**Node pools without nodes yet:**
${plan.pendingPools.map((p) => `- ${escapeMarkdown(p.message)}`).join("\n")}`);
  if (plan.notes.length) lists.push(`**Notes:**
${plan.notes.map((n) => `- ${escapeMarkdown(n)}`).join("\n")}`);
  const next = `**What happens next:** ${escapeMarkdown(nextSteps(plan, ctx?.mode))}`;
  const footer = `<sub>plan ${code(plan.hash)}</sub>`;
  const suffix = contextSuffix(ctx);
  if (plan.changes === 0 && plan.counts.drift === 0) {
    const refresh = execs.length && !plan.nodepool ? ` ${EXEC_NOTE} (${code(execCommand(execs[0]))}).` : "";
    const line = `**${escapeMarkdown(title)}${suffix}: no changes.** The cluster matches the config repo (${unchanged} object${unchanged === 1 ? "" : "s"} checked).${refresh}`;
    return [line, ...lists, ...ctx ? [next] : [], footer].join("\n\n") + "\n";
  }
  const head = `${h} ${escapeMarkdown(title)}${suffix}: ${planHeadline(plan)}`;
  const groups = groupSteps(plan.steps.filter((s) => changing(s) || s.action === "exec" || s.action === "delete" || s.action === "drift"));
  const tail = [];
  if (execs.length && !plan.nodepool) tail.push(`${EXEC_NOTE} (exec steps are not counted as changes).`);
  if (unchanged) tail.push(`${unchanged} object${unchanged === 1 ? "" : "s"} unchanged.`);
  const impacts = groups.flatMap((g) => impactLines(g).map((l) => `- ${escapeMarkdown(groupLabel(g))}: ${escapeMarkdown(l)}`));
  const evictions = impacts.length ? `**Pods affected by new taints:**
${impacts.join("\n")}` : "";
  const tailText = [evictions, tail.join(" "), ...lists, next].filter((x) => x).join("\n\n");
  const reserve = head.length + tailText.length + footer.length + 400;
  let budget = max - reserve;
  const table = ["| object | action | what changes |", "|---|---|---|"];
  budget -= table.join("\n").length;
  let shownRows = 0;
  for (const g of groups) {
    const s = g.steps[0];
    const row = `| ${mdGroupObject(g)} | ${s.action} | ${mdWhat(s)} |`;
    if (row.length + 1 > budget) break;
    table.push(row);
    budget -= row.length + 1;
    shownRows++;
  }
  if (shownRows < groups.length) table.push(`| \u2026 | | ${groups.length - shownRows} more step${groups.length - shownRows === 1 ? "" : "s"} not shown (see the JSON plan) |`);
  const details = [];
  let shownDetails = 0;
  const withDiff = groups.filter((g) => g.steps[0].action !== "exec");
  for (const g of withDiff) {
    const s = g.steps[0];
    const lines = stepDiffLines(s).map((d) => `${d.op} ${d.line}`);
    const files = s.files?.length ? `

From ${s.files.map((f) => escapeMarkdown(f)).join(", ")}.` : "";
    const nodes = g.pool !== void 0 && g.steps.length > 1 ? `

Nodes: ${g.steps.map((x) => code(x.object.name)).join(", ")}.` : "";
    const summary = `${escapeHtml(g.pool !== void 0 && g.steps.length > 1 ? groupLabel(g) : objectLabel(s))}: ${s.action}`;
    const block = `<details><summary>${summary}</summary>${files}${nodes}

${codeBlock(lines.join("\n"), "diff")}

</details>`;
    if (block.length + 2 > budget) break;
    details.push(block);
    budget -= block.length + 2;
    shownDetails++;
  }
  if (shownDetails < withDiff.length) {
    details.push(`${withDiff.length - shownDetails} more diff${withDiff.length - shownDetails === 1 ? "" : "s"} not shown here (too long for one comment): see the job summary or the JSON plan.`);
  }
  return [head, table.join("\n"), tailText, ...details, footer].filter((x) => x).join("\n\n") + "\n";
}
var SIGN = { create: "+", update: "~", delete: "-", rollout: "\u21BB", exec: "\xBB", drift: "\u2260", unchanged: "=" };
function renderPlanText(plan, options = {}) {
  const paint = (color, s) => options.color ? `${ANSI[color]}${s}${ANSI.reset}` : s;
  const actionColor = { create: "green", update: "yellow", delete: "red", rollout: "cyan", exec: "cyan", drift: "yellow", unchanged: "dim" };
  const out = [];
  const execs = plan.steps.filter((s) => s.action === "exec");
  const quiet = plan.changes === 0 && plan.counts.drift === 0;
  if (quiet) {
    out.push(paint("bold", `No changes: the cluster matches the config repo (${plan.counts.unchanged} object${plan.counts.unchanged === 1 ? "" : "s"} checked).`) + (execs.length && !plan.nodepool ? ` ${EXEC_NOTE}.` : ""));
  } else {
    out.push(paint("bold", `Plan: ${planHeadline(plan)}`), "");
  }
  for (const g of groupSteps(plan.steps)) {
    const s = g.steps[0];
    if (s.action === "unchanged" && !options.verbose) continue;
    if (quiet && s.action === "exec") continue;
    const nodes = g.pool !== void 0 && g.steps.length > 1 ? ` (${g.steps.map((x) => terminalText(x.object.name)).join(", ")})` : "";
    const label = g.pool !== void 0 && g.steps.length > 1 ? `${terminalText(groupLabel(g))}${nodes}` : terminalText(objectLabel(s)) + (s.exec ? ` [${terminalText(s.exec.container)}]` : "") + (s.pool ? ` (pool ${terminalText(s.pool)})` : "");
    const what = s.action === "exec" ? terminalText(execCommand(s)) : terminalText(s.summary);
    out.push(`${paint(actionColor[s.action], `${SIGN[s.action]} ${s.action.padEnd(9)}`)} ${paint("bold", label)}  ${what}`);
    if (s.action !== "unchanged" && s.action !== "exec") {
      for (const d of stepDiffLines(s)) {
        const line = `      ${d.op} ${terminalText(d.line)}`;
        out.push(d.op === "+" ? paint("green", line) : d.op === "-" ? paint("red", line) : paint("dim", line));
      }
      for (const l of impactLines(g)) out.push(paint("yellow", `      ! ${terminalText(l)}`));
    }
  }
  if (plan.nodepool) {
    out.push("", paint(plan.nodepool.refresh ? "bold" : "dim", terminalText(nodepoolHeadline(plan.nodepool))));
    for (const c of plan.nodepool.changes) out.push(`  ${c.op === "add" ? "+" : c.op === "remove" ? "-" : "~"} ${terminalText(`${c.file}:${c.line}`)}  ${terminalText(c.text)}`);
  }
  if (!quiet) {
    out.push("");
    if (execs.length && !plan.nodepool) out.push(`${EXEC_NOTE} (exec steps are not counted as changes).`);
    if (plan.counts.unchanged && !options.verbose) out.push(`${plan.counts.unchanged} object${plan.counts.unchanged === 1 ? "" : "s"} unchanged.`);
  }
  const section = (title, items, color) => {
    if (!items.length) return;
    out.push("", paint(color, title));
    for (const i of items) out.push(`  - ${terminalText(i)}`);
  };
  section("Blockers (apply would fail):", plan.blockers, "red");
  section("Node pools without nodes yet:", plan.pendingPools.map((p) => p.message), "yellow");
  section("Notes:", plan.notes, "dim");
  out.push("", paint("dim", `plan ${plan.hash}`));
  return out.join("\n") + "\n";
}

export {
  planHeadline,
  EXEC_NOTE,
  contextSuffix,
  nextSteps,
  groupSteps,
  objectLabel,
  stepDiffLines,
  lineDiff,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText
};
