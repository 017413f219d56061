import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  escapeHtml,
  escapeMarkdown
} from "./chunk-5FJFGSKV.js";

// src/core/redact.ts
var REDACTED = "***";
var MIN_LINE_LENGTH = 4;
var MIN_CREDENTIAL_LENGTH = 6;
var MIN_SHIFTED_BASE64_LENGTH = 8;
function isStructuralLine(line) {
  const t = line.trim();
  return /^(?:-\s+)?["']?[A-Za-z0-9_.-]+["']?\s*:\s*(?:[|>][-+]?\d*)?$/.test(t) || /^\[[^\]]*\]$/.test(t) || /^(?:---|\.\.\.)$/.test(t);
}
function secretLines(value) {
  const out = [];
  for (const raw of value.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line && !out.includes(line)) out.push(line);
  }
  return out;
}
var CREDENTIAL_KEY = /pass(?:word|wd|phrase)?|secret|token|key|credential|cert(?:ificate)?[-_]?data/i;
var NOT_CREDENTIAL_KEY = /(?:name|file|path|url|uri)$/i;
var KEY_VALUE = /(?:^|[\s{,[])["']?([A-Za-z0-9_.-]+)["']?[ \t]*(?::[ \t]*|=[ \t]*)(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|([^\s,{}[\]#'"][^\s,}\]#]*))/gm;
function credentialValues(secret) {
  const out = /* @__PURE__ */ new Set();
  for (const m of secret.matchAll(KEY_VALUE)) {
    if (!CREDENTIAL_KEY.test(m[1]) || NOT_CREDENTIAL_KEY.test(m[1])) continue;
    const value = m[2] !== void 0 ? m[2].replace(/\\(.)/g, "$1") : m[3] ?? m[4] ?? "";
    for (const v of [value, value.replace(/[:;,]+$/, "")]) if (v.trim().length >= MIN_CREDENTIAL_LENGTH) out.add(v.trim());
  }
  return [...out];
}
function maskSecrets(values, setSecret) {
  const done = /* @__PURE__ */ new Set();
  const register = (s) => {
    if (done.has(s)) return;
    done.add(s);
    setSecret(s);
  };
  for (const value of values) {
    if (value == null || value.trim() === "") continue;
    register(value);
    const lines = secretLines(value);
    if (!(lines.length === 1 && lines[0] === value)) for (const line of lines) register(line);
    for (const credential of credentialValues(value)) register(credential);
  }
  return done.size;
}
function base64Core(bytes, shift) {
  const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64").replace(/=+$/, "");
  const totalBits = 8 * (shift + bytes.length);
  const first = Math.ceil(8 * shift / 6);
  const end = Math.floor(totalBits / 6);
  return encoded.slice(first, end);
}
function secretForms(value) {
  const forms = /* @__PURE__ */ new Set([value]);
  const json = JSON.stringify(value).slice(1, -1);
  if (json !== value) forms.add(json);
  for (const f of encodedForms(value)) forms.add(f);
  const bytes = Buffer.from(value, "utf8");
  const padded = bytes.toString("base64");
  forms.add(padded);
  forms.add(padded.replace(/=+$/, ""));
  for (const shift of [0, 1, 2]) {
    const core = base64Core(bytes, shift);
    if (core.length >= MIN_SHIFTED_BASE64_LENGTH) forms.add(core);
  }
  return [...forms].filter((f) => f.length > 0);
}
function encodedForms(value) {
  const out = [];
  const lower = (s) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  const percentAll = [...Buffer.from(value, "utf8")].map((b) => /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
  let uri;
  try {
    uri = encodeURIComponent(value);
  } catch {
    uri = void 0;
  }
  const form = new URLSearchParams([["", value]]).toString().slice(1);
  for (const f of [uri, percentAll, form, uri?.replace(/%20/g, "+")]) {
    if (f === void 0) continue;
    out.push(f, lower(f));
  }
  const entities = value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  out.push(entities, entities.replace(/'/g, "&#39;"), entities.replace(/'/g, "&#x27;"), entities.replace(/'/g, "&apos;"));
  out.push(escapeMarkdown(value), escapeMarkdown(value, true), escapeHtml(value));
  return out.filter((f) => f !== value);
}
function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
var Redactor = class {
  patterns = /* @__PURE__ */ new Set();
  compiled;
  constructor(secrets = []) {
    for (const s of secrets) this.add(s);
  }
  /** Add a secret; blank and missing values are ignored. Returns this, for chaining. */
  add(secret) {
    if (secret == null || secret.trim() === "") return this;
    const before = this.patterns.size;
    for (const form of secretForms(secret)) this.patterns.add(form);
    const lines = secretLines(secret);
    if (!(lines.length === 1 && lines[0] === secret)) {
      for (const line of lines) {
        if (line.length < MIN_LINE_LENGTH || isStructuralLine(line)) continue;
        for (const form of secretForms(line)) if (form.length >= MIN_LINE_LENGTH) this.patterns.add(form);
      }
    }
    for (const credential of credentialValues(secret)) {
      for (const form of secretForms(credential)) if (form.length >= MIN_LINE_LENGTH) this.patterns.add(form);
    }
    if (this.patterns.size !== before) this.compiled = void 0;
    return this;
  }
  /** How many distinct patterns are searched for (for tests and diagnostics). */
  get size() {
    return this.patterns.size;
  }
  /** Text with every occurrence of every secret form replaced by `***`. */
  redact(text) {
    if (this.patterns.size === 0 || text === "") return text;
    if (!this.compiled) {
      const sorted = [...this.patterns].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
      this.compiled = new RegExp(sorted.map(escapeRegExp).join("|"), "g");
    }
    return text.replace(this.compiled, REDACTED);
  }
  /** Whether `text` contains any secret form (what a test or a last check before posting wants to know). */
  contains(text) {
    return this.redact(text) !== text;
  }
};

export {
  maskSecrets,
  Redactor
};
