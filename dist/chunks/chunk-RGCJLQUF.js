import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  countBySeverity
} from "./chunk-PO5PNBXQ.js";
import {
  lineText
} from "./chunk-K5J4GOXI.js";
import {
  applyHeadline
} from "./chunk-HKAMYXGY.js";
import {
  ANSI,
  terminalText
} from "./chunk-KXSQEQKG.js";
import {
  escapeMarkdown
} from "./chunk-5FJFGSKV.js";

// src/core/workflow-commands.ts
function escapeData(s) {
  return terminalText(s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function workflowCommand(name, properties, message) {
  const props = properties.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(",");
  return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}
function logLine(s) {
  return terminalText(s).replace(/^(\s*):(?=:)/, "$1:\u200B");
}
function annotationText(s) {
  return s.split(/\r\n|\n/).map((l) => terminalText(l)).join("\n");
}

// src/report/diagnostics.ts
function paint(style, code, s) {
  return style.color ? ANSI[code] + s + ANSI.reset : s;
}
function formatDiagnosticText(d, sources, style = { color: false }) {
  const where = terminalText(d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file);
  const sev = paint(style, d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "cyan", `${d.severity}[${terminalText(d.rule)}]`);
  const lines = [`${paint(style, "bold", where)}: ${sev} ${terminalText(d.message)}`];
  const src = sources.get(d.file);
  if (src && d.line > 0) {
    const text = terminalText(lineText(src, d.line).replace(/\t/g, " "));
    if (text.length <= 300) {
      const gutter = String(d.line).padStart(5) + " | ";
      lines.push(paint(style, "dim", gutter) + text);
      lines.push(" ".repeat(gutter.length + Math.max(0, d.column - 1)) + paint(style, "red", "^"));
    }
  }
  if (d.hint) lines.push(`      ${paint(style, "cyan", "hint:")} ${terminalText(d.hint)}`);
  return lines.join("\n");
}
function formatDiagnosticsText(diags, sources, style = { color: false }) {
  const parts = diags.map((d) => formatDiagnosticText(d, sources, style));
  const { errors, warnings } = countBySeverity(diags);
  parts.push(summaryLine(errors, warnings));
  return parts.join("\n\n") + "\n";
}
function summaryLine(errors, warnings) {
  if (errors === 0 && warnings === 0) return "valid: no errors, no warnings";
  const plural2 = (n, w) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `${errors ? "invalid" : "valid"}: ${plural2(errors, "error")}, ${plural2(warnings, "warning")}`;
}
function diagnosticsMarkdownTable(diags, fileUrl) {
  if (diags.length === 0) return "_No findings._\n";
  const rows = diags.map((d) => {
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
    const icon = d.severity === "error" ? "\u274C error" : d.severity === "warning" ? "\u26A0\uFE0F warning" : "\u2139\uFE0F notice";
    const url = fileUrl?.(d.file, Math.max(1, d.line));
    const shown = `\`${escapeMarkdown(where, true)}\``;
    const cell = url && /^https?:\/\/[^\s()<>"'`[\]|\\]+$/.test(url) ? `[${shown}](${url})` : shown;
    return `| ${icon} | ${cell} | \`${escapeMarkdown(d.rule, true)}\` | ${escapeMarkdown(d.message)}${d.hint ? `<br>_${escapeMarkdown(d.hint)}_` : ""} |`;
  });
  return ["| severity | where | rule | message |", "|---|---|---|---|", ...rows].join("\n") + "\n";
}

// src/run/exit.ts
var EXIT = { ok: 0, findings: 1, usage: 2, cluster: 3 };
function isConfigError(d) {
  return d.severity === "error" && (d.rule === "repo/empty" || d.rule === "repo/not-found" || d.rule.startsWith("settings/"));
}
function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
function findingFailures(errors, warnings, failOnWarnings) {
  const out = [];
  if (errors) out.push(`${plural(errors, "error")} in the config repo`);
  if (failOnWarnings && warnings) out.push(`${plural(warnings, "warning")} and fail-on-warnings is set`);
  return out;
}
function sshFailures(ssh) {
  return ssh && !ssh.ok ? ["the SSH check failed for at least one image-builder"] : [];
}
function verdict(failures, code) {
  return { exitCode: failures.length ? code : EXIT.ok, failures };
}
function validateVerdict(f) {
  const configError = (f.diagnostics ?? []).some(isConfigError);
  return verdict(findingFailures(f.errors, f.warnings, !!f.failOnWarnings), configError ? EXIT.usage : EXIT.findings);
}
function planVerdict(f) {
  const findings = findingFailures(f.errors, f.warnings, !!f.failOnWarnings);
  const cluster = f.clusterErrors.length ? [f.clusterErrors[0].message] : f.changes === void 0 && !f.errors ? ["no plan was made"] : [];
  const ssh = sshFailures(f.ssh);
  const changes = [];
  if (f.changes && (f.drift || f.failOnChanges)) {
    changes.push(f.drift ? `drift: the cluster differs from the config in ${plural(f.changes, "place")}` : `${plural(f.changes, "change")} planned`);
  }
  const failures = [...findings, ...cluster, ...ssh, ...changes];
  const code = (f.diagnostics ?? []).some(isConfigError) ? EXIT.usage : f.errors ? EXIT.findings : cluster.length ? EXIT.cluster : EXIT.findings;
  return verdict(failures, code);
}
function applyVerdict(f) {
  const o = f.outcome;
  const failures = [];
  if (!o.ok) failures.push(`${applyHeadline(o)}${o.errors[0] ? `: ${o.errors[0].message}` : ""}`);
  failures.push(...sshFailures(f.ssh));
  const hasErrors = o.validation.diagnostics.some((d) => d.severity === "error");
  if (o.validation.diagnostics.some(isConfigError)) return verdict(failures, EXIT.usage);
  const findings = o.ok || hasErrors || ["guard", "preflight", "apply", "incomplete", "verify"].includes(o.stage);
  return verdict(failures, findings ? EXIT.findings : EXIT.cluster);
}

export {
  workflowCommand,
  logLine,
  annotationText,
  formatDiagnosticsText,
  summaryLine,
  diagnosticsMarkdownTable,
  EXIT,
  validateVerdict,
  planVerdict,
  applyVerdict
};
