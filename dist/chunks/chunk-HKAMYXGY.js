import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  ANSI,
  terminalText
} from "./chunk-KXSQEQKG.js";
import {
  escapeMarkdown
} from "./chunk-5FJFGSKV.js";

// src/report/apply.ts
var code = (s) => `\`${escapeMarkdown(s, true)}\``;
var plural = (n, w) => `${n} ${w}${n === 1 ? "" : "s"}`;
function applyCounts(o) {
  const c = { applied: 0, unchanged: 0, failed: 0, notRun: 0, writes: 0 };
  for (const s of o.steps) {
    if (s.status === "applied" || s.status === "incomplete") c.applied++;
    else if (s.status === "unchanged") c.unchanged++;
    else if (s.status === "failed") c.failed++;
    else c.notRun++;
    c.writes += s.writes;
  }
  return c;
}
function refusedByGuard(o) {
  return o.stage === "guard" && !o.ok;
}
function applyHeadline(o) {
  const c = applyCounts(o);
  const total = o.steps.length;
  if (o.ok) {
    const parts = [`${plural(c.applied, "step")} applied (${plural(c.writes, "write")})`];
    if (c.unchanged) parts.push(`${c.unchanged} unchanged`);
    return `done: ${parts.join(", ")}`;
  }
  switch (o.stage) {
    case "validation":
      return "not applied: the config repo has errors";
    case "cluster":
      return o.plan ? "not applied: the plan cannot be applied (nothing was written)" : "not applied: the cluster could not be read";
    case "lock":
      return "not applied: the apply lock could not be taken (nothing was written)";
    case "guard":
      return o.guard && !o.guard.ok ? "not applied: the plan changed since it was reviewed (nothing was written)" : "not applied: no reviewed plan (nothing was written)";
    case "preflight":
      return "not applied: the preflight found what apply would fail on (nothing was written)";
    case "incomplete": {
      const n = o.steps.filter((s) => s.status === "incomplete").length;
      return `incomplete: ${plural(c.applied, "step")} applied (${plural(c.writes, "write")}), ${n} not effective yet (${o.steps.filter((s) => s.status === "incomplete").map((s) => s.id).join(", ")})`;
    }
    case "verify":
      return `applied, but verification failed: ${plural(c.applied, "step")} applied (${plural(c.writes, "write")})`;
    default: {
      const f = o.failedStep !== void 0 ? o.steps[o.failedStep] : void 0;
      const where = f ? `step ${(o.failedStep ?? 0) + 1} of ${total} (${f.id})` : "a step";
      return `failed at ${where}: ${c.applied} applied, ${c.unchanged} unchanged, ${c.notRun} not run (${plural(c.writes, "write")} made)`;
    }
  }
}
var STATUS_WORD = { applied: "applied", unchanged: "unchanged", failed: "**failed**", "not-run": "not run", incomplete: "**incomplete**" };
function mdRow(i, s) {
  const what = s.status === "failed" || s.message && s.status !== "not-run" ? `${escapeMarkdown(s.summary)}${s.message ? ` \u2014 ${escapeMarkdown(s.message)}` : ""}` : escapeMarkdown(s.summary);
  return `| ${i + 1} | ${code(s.id)} | ${s.action} | ${STATUS_WORD[s.status]} | ${s.writes} | ${what} |`;
}
function renderApplyMarkdown(o, options = {}) {
  const h = "#".repeat(options.headingLevel ?? 3);
  const title = options.titleIsMarkdown ? options.title ?? "Apply" : escapeMarkdown(options.title ?? "Apply");
  const maxRows = options.maxRows ?? 100;
  const out = [`${h} ${title}: ${escapeMarkdown(applyHeadline(o))}`];
  if (o.errors.length) {
    out.push(o.errors.map((e) => `- ${escapeMarkdown(e.message)}${e.hint ? `<br>${escapeMarkdown(e.hint)}` : ""}`).join("\n"));
  }
  if (o.guard && !o.guard.ok && o.guard.differences.length) {
    out.push(`**Difference from the reviewed plan** (reviewed ${code(o.guard.reviewedHash)}):

${o.guard.differences.map((d) => `- ${escapeMarkdown(d)}`).join("\n")}`);
  }
  const shown = o.steps.map((s, i) => ({ s, i })).filter(({ s }) => s.status !== "unchanged");
  if (shown.length) {
    const rows = ["| # | step | action | status | writes | what |", "|---|---|---|---|---|---|"];
    for (const { s, i } of shown.slice(0, maxRows)) rows.push(mdRow(i, s));
    if (shown.length > maxRows) {
      const rest = shown.slice(maxRows);
      const by = (st) => rest.filter(({ s }) => s.status === st).length;
      const parts = ["applied", "failed", "not-run"].filter((st) => by(st)).map((st) => `${by(st)} ${st === "not-run" ? "not run" : st}`);
      rows.push(`| \u2026 | | | | | ${rest.length} more not shown: ${parts.join(", ")} |`);
    }
    out.push(rows.join("\n"));
  }
  const c = applyCounts(o);
  if (c.unchanged) out.push(`${plural(c.unchanged, "object")} already as the config repo says (unchanged).`);
  if (o.verify) {
    out.push(o.verify.missing.length ? `**Verify:** Nodepool does not list ${o.verify.missing.map(code).join(", ")}${o.verify.error ? ` (${escapeMarkdown(o.verify.error)})` : ""}.` : o.verify.error ? `**Verify:** ${escapeMarkdown(o.verify.error)}.` : `**Verify:** Nodepool lists every label of nodepool.yaml (${o.verify.listed.length} listed).`);
  }
  if (o.notes.length) out.push(`**Notes:**
${o.notes.map((n) => `- ${escapeMarkdown(n)}`).join("\n")}`);
  const foot = [];
  if (o.guard?.ok) foot.push(`plan ${code(o.guard.reviewedHash)} (as reviewed)`);
  else if (o.plan && !refusedByGuard(o)) foot.push(`plan ${code(o.plan.hash)}`);
  if (o.lock) foot.push(`lock holder ${code(o.lock.identity)}`);
  if (foot.length) out.push(`<sub>${foot.join(" \xB7 ")}</sub>`);
  return out.join("\n\n") + "\n";
}
var MARK = { applied: "\u2713", unchanged: "=", failed: "\u2717", "not-run": "\xB7", incomplete: "!" };
function renderApplyText(o, options = {}) {
  const paint = (color2, s) => options.color ? `${ANSI[color2]}${s}${ANSI.reset}` : s;
  const color = { applied: "green", unchanged: "dim", failed: "red", "not-run": "yellow", incomplete: "yellow" };
  const out = [paint("bold", `Apply ${applyHeadline(o)}`)];
  for (const e of o.errors) {
    out.push(paint("red", `error: ${terminalText(e.message)}`));
    if (e.hint) out.push(`       ${terminalText(e.hint)}`);
  }
  if (o.guard && !o.guard.ok && o.guard.differences.length) {
    out.push("", `Difference from the reviewed plan (reviewed ${o.guard.reviewedHash}):`);
    for (const d of o.guard.differences) out.push(`  ${terminalText(d)}`);
  }
  const listed = o.steps.map((s, i) => ({ s, i })).filter(({ s }) => options.verbose || s.status !== "unchanged");
  if (listed.length) out.push("");
  for (const { s, i } of listed) {
    const status = s.status === "not-run" ? "not run" : s.status;
    const writes = s.writes ? ` (${plural(s.writes, "write")})` : "";
    const msg = s.message ? ` \u2014 ${terminalText(s.message)}` : "";
    out.push(`${paint(color[s.status], `${MARK[s.status]} ${status.padEnd(9)}`)} ${String(i + 1).padStart(3)}. ${paint("bold", terminalText(s.id))}  ${terminalText(s.summary)}${writes}${msg}`);
  }
  const c = applyCounts(o);
  if (c.unchanged && !options.verbose) out.push("", `${plural(c.unchanged, "object")} unchanged.`);
  if (o.verify) {
    out.push("", o.verify.missing.length ? paint("red", `Verify: Nodepool does not list ${o.verify.missing.map(terminalText).join(", ")}${o.verify.error ? ` (${terminalText(o.verify.error)})` : ""}`) : o.verify.error ? paint("red", `Verify: ${terminalText(o.verify.error)}`) : paint("green", `Verify: Nodepool lists every label of nodepool.yaml (${o.verify.listed.length} listed)`));
  }
  if (o.notes.length) {
    out.push("", "Notes:");
    for (const n of o.notes) out.push(`  - ${terminalText(n)}`);
  }
  if (o.guard?.ok) out.push("", paint("dim", `plan ${o.guard.reviewedHash} (as reviewed)`));
  else if (o.plan && !refusedByGuard(o)) out.push("", paint("dim", `plan ${o.plan.hash}`));
  return out.join("\n") + "\n";
}

export {
  applyCounts,
  applyHeadline,
  renderApplyMarkdown,
  renderApplyText
};
