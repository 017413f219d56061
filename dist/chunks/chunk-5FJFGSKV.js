import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);

// src/core/markdown.ts
var ZWSP = "\u200B";
var CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
function neutralizeLinks(text) {
  return text.replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`).replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, `$1${ZWSP}:`).replace(/\b(www)\./gi, `$1${ZWSP}.`);
}
function escapeMarkdown(text, inCode = false) {
  const t = text.replace(CONTROL, " ");
  if (inCode) {
    return t.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\r?\n|\r/g, " ");
  }
  return neutralizeLinks(
    t.replace(/([\\`*_[\]#~|])/g, "\\$1").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
  ).replace(/\r?\n|\r/g, "<br>");
}
function markdownCode(text) {
  const t = text.replace(CONTROL, " ").replace(/\r?\n|\r/g, " ").replace(/\|/g, "\\|");
  const runs = t.match(/`+/g) ?? [];
  const f = "`".repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
  return `${f}${pad}${t}${pad}${f}`;
}
function escapeHtml(text) {
  return neutralizeLinks(
    text.replace(CONTROL, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
  ).replace(/\r?\n|\r/g, " ");
}
function codeBlock(text, language = "") {
  const t = text.replace(CONTROL, " ");
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  const lang = language.replace(/[^A-Za-z0-9_+-]/g, "");
  return `${fence}${lang}
${t.replace(/\n$/, "")}
${fence}`;
}

export {
  escapeMarkdown,
  markdownCode,
  escapeHtml,
  codeBlock
};
