import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  escapeMarkdown
} from "./chunk-JW7RJI73.js";
import {
  dump
} from "./chunk-VNTL5GQB.js";

// src/report/plan.ts
function planHeadline(plan) {
  const c = plan.counts;
  const parts = [];
  if (c.create) parts.push(`${c.create} to create`);
  if (c.update) parts.push(`${c.update} to update`);
  if (c.rollout) parts.push(`${c.rollout} rollout${c.rollout === 1 ? "" : "s"}`);
  return parts.length ? parts.join(", ") : "no changes";
}
var EXEC_NOTE = "Nodepool config refresh: always run on apply";
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
var escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/\r?\n/g, " ");
function fence(content, lang) {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}
${content}
${f}`;
}
function mdObject(step) {
  const o = step.object;
  let s = o.selector ? `${o.kind} with label ${code(o.selector)} in ${code(o.namespace ?? "")}` : `${o.kind} ${code(`${o.namespace ? `${o.namespace}/` : ""}${o.name}`)}`;
  if (step.exec) s += ` container ${code(step.exec.container)}`;
  if (step.pool) s += ` (pool ${code(step.pool)})`;
  return s;
}
function mdWhat(step) {
  if (step.action === "exec") return code(execCommand(step));
  return escapeMarkdown(step.summary);
}
function renderPlanMarkdown(plan, options = {}) {
  const title = options.title ?? "Plan";
  const h = "#".repeat(options.headingLevel ?? 3);
  const max = options.maxChars ?? Infinity;
  const execs = plan.steps.filter((s) => s.action === "exec");
  const unchanged = plan.counts.unchanged;
  const lists = [];
  if (plan.blockers.length) lists.push(`**Blockers** (apply would fail):
${plan.blockers.map((b) => `- ${escapeMarkdown(b)}`).join("\n")}`);
  if (plan.pendingPools.length) lists.push(`**Node pools without nodes yet:**
${plan.pendingPools.map((p) => `- ${escapeMarkdown(p.message)}`).join("\n")}`);
  if (plan.notes.length) lists.push(`**Notes:**
${plan.notes.map((n) => `- ${escapeMarkdown(n)}`).join("\n")}`);
  const footer = `<sub>plan ${code(plan.hash)}</sub>`;
  if (plan.changes === 0) {
    const refresh = execs.length ? ` ${EXEC_NOTE} (${code(execCommand(execs[0]))}).` : "";
    const line = `**${escapeMarkdown(title)}: no changes.** The cluster matches the config repo (${unchanged} object${unchanged === 1 ? "" : "s"} checked).${refresh}`;
    return [line, ...lists, footer].join("\n\n") + "\n";
  }
  const head = `${h} ${escapeMarkdown(title)}: ${planHeadline(plan)}`;
  const rows = plan.steps.filter((s) => changing(s) || s.action === "exec");
  const tail = [];
  if (execs.length) tail.push(`${EXEC_NOTE} (exec steps are not counted as changes).`);
  if (unchanged) tail.push(`${unchanged} object${unchanged === 1 ? "" : "s"} unchanged.`);
  const tailText = [tail.join(" "), ...lists].filter((s) => s).join("\n\n");
  const reserve = head.length + tailText.length + footer.length + 400;
  let budget = max - reserve;
  const table = ["| object | action | what changes |", "|---|---|---|"];
  budget -= table.join("\n").length;
  let shownRows = 0;
  for (const s of rows) {
    const row = `| ${mdObject(s)} | ${s.action} | ${mdWhat(s)} |`;
    if (row.length + 1 > budget) break;
    table.push(row);
    budget -= row.length + 1;
    shownRows++;
  }
  if (shownRows < rows.length) table.push(`| \u2026 | | ${rows.length - shownRows} more step${rows.length - shownRows === 1 ? "" : "s"} not shown (see the JSON plan) |`);
  const details = [];
  let shownDetails = 0;
  const withDiff = rows.filter((s) => s.action !== "exec");
  for (const s of withDiff) {
    const lines = stepDiffLines(s).map((d) => `${d.op} ${d.line}`);
    const files = s.files?.length ? `

From ${s.files.map((f) => escapeMarkdown(f)).join(", ")}.` : "";
    const summary = `${escapeHtml(objectLabel(s))}: ${s.action}`;
    const block = `<details><summary>${summary}</summary>${files}

${fence(lines.join("\n"), "diff")}

</details>`;
    if (block.length + 2 > budget) break;
    details.push(block);
    budget -= block.length + 2;
    shownDetails++;
  }
  if (shownDetails < withDiff.length) {
    details.push(`${withDiff.length - shownDetails} more diff${withDiff.length - shownDetails === 1 ? "" : "s"} not shown here (too long for one comment): see the job summary or the JSON plan.`);
  }
  return [head, table.join("\n"), tailText, ...details, footer].filter((s) => s).join("\n\n") + "\n";
}
var ANSI = { reset: "\x1B[0m", bold: "\x1B[1m", dim: "\x1B[2m", red: "\x1B[31m", green: "\x1B[32m", yellow: "\x1B[33m", cyan: "\x1B[36m" };
function clean(s) {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "?");
}
var SIGN = { create: "+", update: "~", rollout: "\u21BB", exec: "\xBB", unchanged: "=" };
function renderPlanText(plan, options = {}) {
  const paint = (color, s) => options.color ? `${ANSI[color]}${s}${ANSI.reset}` : s;
  const actionColor = { create: "green", update: "yellow", rollout: "cyan", exec: "cyan", unchanged: "dim" };
  const out = [];
  const execs = plan.steps.filter((s) => s.action === "exec");
  if (plan.changes === 0) {
    out.push(paint("bold", `No changes: the cluster matches the config repo (${plan.counts.unchanged} object${plan.counts.unchanged === 1 ? "" : "s"} checked).`) + (execs.length ? ` ${EXEC_NOTE}.` : ""));
  } else {
    out.push(paint("bold", `Plan: ${planHeadline(plan)}`), "");
  }
  for (const s of plan.steps) {
    if (s.action === "unchanged" && !options.verbose) continue;
    if (plan.changes === 0 && s.action === "exec") continue;
    const label = clean(objectLabel(s)) + (s.exec ? ` [${clean(s.exec.container)}]` : "") + (s.pool ? ` (pool ${clean(s.pool)})` : "");
    const what = s.action === "exec" ? clean(execCommand(s)) : clean(s.summary);
    out.push(`${paint(actionColor[s.action], `${SIGN[s.action]} ${s.action.padEnd(9)}`)} ${paint("bold", label)}  ${what}`);
    if (s.action !== "unchanged" && s.action !== "exec") {
      for (const d of stepDiffLines(s)) {
        const line = `      ${d.op} ${clean(d.line)}`;
        out.push(d.op === "+" ? paint("green", line) : d.op === "-" ? paint("red", line) : paint("dim", line));
      }
    }
  }
  if (plan.changes !== 0) {
    out.push("");
    if (execs.length) out.push(`${EXEC_NOTE} (exec steps are not counted as changes).`);
    if (plan.counts.unchanged && !options.verbose) out.push(`${plan.counts.unchanged} object${plan.counts.unchanged === 1 ? "" : "s"} unchanged.`);
  }
  const section = (title, items, color) => {
    if (!items.length) return;
    out.push("", paint(color, title));
    for (const i of items) out.push(`  - ${clean(i)}`);
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
  objectLabel,
  stepDiffLines,
  lineDiff,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText
};
