import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  EVENT_ID,
  SCALAR_STYLE,
  YAMLException,
  getScalarValue,
  parseEvents
} from "./chunk-VNTL5GQB.js";

// src/config/source.ts
function makeSource(path, text) {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return { path, text, lineStarts };
}
function positionOf(source, offset) {
  const starts = source.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}
function lineText(source, line) {
  const start = source.lineStarts[line - 1];
  if (start === void 0) return "";
  const end = source.lineStarts[line] ?? source.text.length;
  return source.text.slice(start, end).replace(/\r?\n$/, "");
}
var identityMap = { toOriginal: (o) => o };
function offsetMapFor(replacements) {
  if (replacements.length === 0) return identityMap;
  const newStarts = [];
  let shift = 0;
  for (const r of replacements) {
    newStarts.push(r.start + shift);
    shift += r.length - (r.end - r.start);
  }
  return {
    toOriginal(offset) {
      let acc = 0;
      for (let i = 0; i < replacements.length; i++) {
        const r = replacements[i];
        const ns = newStarts[i];
        if (offset < ns) break;
        if (offset < ns + r.length) return r.start;
        acc += r.end - r.start - r.length;
      }
      return offset + acc;
    }
  };
}

// src/config/yaml.ts
var DEFAULT_LIMITS = { maxDepth: 200, maxNodes: 5e6 };
var YamlLimitError = class extends Error {
  constructor(message, offset, rule, hint) {
    super(message);
    this.offset = offset;
    this.rule = rule;
    this.hint = hint;
  }
  offset;
  rule;
  hint;
};
var BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
var FLOAT_RE = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
var INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
var NULL_RE = /^(?:~|null|Null|NULL|)$/;
var TIMESTAMP_RE = /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
var TIMESTAMP_PARTS_RE = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;
function sexagesimal(digits) {
  let value = 0;
  for (const part of digits.split(":")) value = value * 60 + Number(part);
  return value;
}
function constructInt(text) {
  let s = text.replace(/_/g, "");
  let sign = 1;
  if (s[0] === "-") sign = -1;
  if (s[0] === "-" || s[0] === "+") s = s.slice(1);
  if (s === "0") return 0;
  if (s.startsWith("0b")) return sign * parseInt(s.slice(2), 2);
  if (s.startsWith("0x")) return sign * parseInt(s.slice(2), 16);
  if (s[0] === "0") return sign * parseInt(s, 8);
  if (s.includes(":")) return sign * sexagesimal(s);
  return sign * Number(s);
}
function constructFloat(text) {
  let s = text.replace(/_/g, "").toLowerCase();
  let sign = 1;
  if (s[0] === "-") sign = -1;
  if (s[0] === "-" || s[0] === "+") s = s.slice(1);
  if (s === ".inf") return sign * Infinity;
  if (s === ".nan") return NaN;
  if (s.includes(":")) return sign * sexagesimal(s);
  return sign * Number(s.endsWith(".") ? s + "0" : s);
}
function constructTimestamp(text) {
  const m = TIMESTAMP_PARTS_RE.exec(text);
  if (!m) return void 0;
  const [, y, mo, d, h, mi, s, frac, tz, tzSign, tzH, tzM] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays) return void 0;
  if (Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 59) return void 0;
  if (tz && tz !== "Z" && Number(tzH) * 60 + Number(tzM ?? 0) >= 24 * 60) return void 0;
  const ms = frac ? Math.round(Number("0." + frac) * 1e3) : 0;
  let t = Date.UTC(year, month - 1, day, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (year < 100) t = new Date(t).setUTCFullYear(year);
  if (tz && tz !== "Z") {
    const off = (Number(tzH) * 60 + Number(tzM ?? 0)) * 6e4;
    t -= tzSign === "-" ? -off : off;
  }
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? void 0 : date;
}
function resolvePlain(text) {
  if (!MAYBE_TYPED_FIRST.has(text.charCodeAt(0))) return { tag: "str", value: text };
  if (text === "=") return { error: "could not determine a constructor for the tag 'tag:yaml.org,2002:value'" };
  if (NULL_RE.test(text)) return { tag: "null", value: null };
  if (BOOL_RE.test(text)) return { tag: "bool", value: /^(?:yes|true|on)$/i.test(text) };
  if (INT_RE.test(text)) return { tag: "int", value: constructInt(text) };
  if (FLOAT_RE.test(text)) return { tag: "float", value: constructFloat(text) };
  if (TIMESTAMP_RE.test(text)) {
    const date = constructTimestamp(text);
    if (date) return { tag: "timestamp", value: date };
    return { error: `invalid timestamp ${JSON.stringify(text)}` };
  }
  return { tag: "str", value: text };
}
var MAYBE_TYPED_FIRST = new Set(
  [..."~nNyYtTfFoO0123456789-+.="].map((c) => c.charCodeAt(0)).concat([NaN])
  // NaN: the empty string
);
var STANDARD_TAG_PREFIX = "tag:yaml.org,2002:";
function explicitScalar(tagName2, text) {
  const bad = () => ({ error: `cannot read ${JSON.stringify(text)} as !!${tagName2}` });
  switch (tagName2) {
    case "str":
      return { tag: "str", value: text };
    case "int":
      return INT_RE.test(text) ? { tag: "int", value: constructInt(text) } : bad();
    case "float":
      return FLOAT_RE.test(text) || INT_RE.test(text) ? { tag: "float", value: constructFloat(text) } : bad();
    case "bool":
      return BOOL_RE.test(text) ? { tag: "bool", value: /^(?:yes|true|on)$/i.test(text) } : bad();
    case "null":
      return { tag: "null", value: null };
    case "timestamp": {
      const date = constructTimestamp(text);
      return date ? { tag: "timestamp", value: date } : bad();
    }
    case "binary":
      try {
        return { tag: "binary", value: new Uint8Array(Buffer.from(text.replace(/\s+/g, ""), "base64")) };
      } catch {
        return bad();
      }
    default:
      return { error: `could not determine a constructor for the tag '${STANDARD_TAG_PREFIX}${tagName2}'` };
  }
}
function tagName(written) {
  if (written === "!") return { standard: "nonspecific", full: "!" };
  if (written.startsWith("!!")) return { standard: written.slice(2), full: STANDARD_TAG_PREFIX + written.slice(2) };
  const verbatim = /^!<(.*)>$/.exec(written);
  const full = verbatim ? verbatim[1] : written;
  if (full.startsWith(STANDARD_TAG_PREFIX)) return { standard: full.slice(STANDARD_TAG_PREFIX.length), full };
  return { full };
}
function scalarKeyString(node) {
  return node.kind === "scalar" && node.tag === "str" ? node.value : void 0;
}
function keyIdentity(node) {
  if (node.kind !== "scalar") return void 0;
  const v = node.value;
  if (v instanceof Date) return `\0timestamp:${v.toISOString()}`;
  if (v instanceof Uint8Array) return `\0binary:${Buffer.from(v).toString("base64")}`;
  if (node.tag === "bool") return `\0int:${v ? 1 : 0}`;
  if (node.tag === "float" && Number.isInteger(v)) return `\0int:${String(v)}`;
  if (node.tag === "str") return v;
  return `\0${node.tag}:${String(v)}`;
}
function parseYaml(source, options = {}) {
  const text = options.text ?? source.text;
  const map = options.offsetMap ?? identityMap;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const diagnostics = [];
  const at = (offset) => positionOf(source, map.toOriginal(offset));
  let events;
  try {
    events = parseEvents(text, { maxDepth: limits.maxDepth });
  } catch (err) {
    diagnostics.push(syntaxDiagnostic(source, err, map, limits));
    return { source, documents: [], diagnostics };
  }
  try {
    const documents = buildDocuments(source, text, events, map, limits, diagnostics);
    return { source, documents, diagnostics };
  } catch (err) {
    if (err instanceof YamlLimitError) {
      const pos = at(err.offset);
      diagnostics.push({
        rule: err.rule,
        severity: "error",
        file: source.path,
        line: pos.line,
        column: pos.column,
        message: err.message,
        hint: err.hint
      });
      return { source, documents: [], diagnostics };
    }
    throw err;
  }
}
function syntaxDiagnostic(source, err, map, limits) {
  if (err instanceof YAMLException) {
    const reason = err.reason || "invalid YAML";
    const offset = err.mark ? map.toOriginal(err.mark.position) : 0;
    const pos = positionOf(source, offset);
    const tooDeep = /depth|nest/i.test(reason);
    return {
      rule: tooDeep ? "yaml/too-deep" : "yaml/syntax",
      severity: "error",
      file: source.path,
      line: pos.line,
      column: pos.column,
      message: tooDeep ? `YAML nesting is deeper than ${limits.maxDepth} levels` : `YAML syntax error: ${reason}`,
      hint: tooDeep ? "No configuration needs this depth; the file is probably generated wrongly or hostile." : "Fix the YAML at this position (check indentation, unclosed quotes and brackets, and tabs)."
    };
  }
  return {
    rule: "yaml/syntax",
    severity: "error",
    file: source.path,
    line: 1,
    column: 1,
    message: `YAML could not be parsed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`,
    hint: "Check that the file is YAML."
  };
}
function buildDocuments(source, text, events, map, limits, diagnostics) {
  const documents = [];
  const anchors = /* @__PURE__ */ new Map();
  const openAnchors = /* @__PURE__ */ new Set();
  const seenAnchors = /* @__PURE__ */ new Set();
  const defineAnchor = (e) => {
    if (e.anchorStart < 0) return;
    const name = text.slice(e.anchorStart, e.anchorEnd);
    if (seenAnchors.has(name)) {
      fail(
        map.toOriginal(Math.max(0, e.anchorStart - 1)),
        `found duplicate anchor &${name} in this document`,
        "yaml/duplicate-anchor",
        `PyYAML (and so Nodepool) rejects an anchor name defined twice in one document: rename this one, e.g. &${name}2, and its aliases.`
      );
    }
    seenAnchors.add(name);
  };
  const stack = [];
  let doc = null;
  let total = 0;
  let lastEnd = 0;
  const position = (offset) => positionOf(source, offset);
  const fail = (offset, message, rule = "yaml/construct", hint = "Fix the YAML at this position.") => {
    throw new YamlLimitError(message, offset, rule, hint);
  };
  const count = (n, offset) => {
    total += n;
    if (total > limits.maxNodes) {
      fail(
        offset,
        `YAML expands to more than ${limits.maxNodes.toLocaleString("en-US")} nodes (aliases included)`,
        "yaml/too-large",
        'This looks like an alias bomb ("billion laughs"); remove the nested aliases.'
      );
    }
  };
  const attach = (node, anchor) => {
    if (anchor !== void 0) {
      anchors.set(anchor, node);
      openAnchors.delete(anchor);
    }
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (doc) doc.root = node;
      return;
    }
    parent.node.size += node.size;
    if (parent.node.kind === "seq") parent.node.items.push(node);
    else if (parent.pendingKey === void 0) parent.pendingKey = node;
    else {
      const key = parent.pendingKey;
      parent.rawPairs.push({ key, value: node, name: scalarKeyString(key), merged: false });
      parent.pendingKey = void 0;
    }
  };
  const anchorOf = (e) => e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : void 0;
  const tagOf = (e) => e.tagStart >= 0 ? text.slice(e.tagStart, e.tagEnd) : void 0;
  const checkTagEnd = (e) => {
    if (e.tagStart < 0 || e.tagEnd >= text.length) return;
    const ch = text[e.tagEnd];
    if (!" \r\n\x85\u2028\u2029\0".includes(ch)) {
      fail(
        map.toOriginal(e.tagEnd),
        `expected a space after the tag ${text.slice(e.tagStart, e.tagEnd)}, but found ${JSON.stringify(ch)}`,
        "yaml/syntax",
        "Put a space (or a line break) after the tag, as PyYAML (and so Nodepool) requires."
      );
    }
  };
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        doc = { root: null, explicitStart: e.explicitStart };
        documents.push(doc);
        anchors.clear();
        seenAnchors.clear();
        break;
      case EVENT_ID.SCALAR: {
        checkTagEnd(e);
        defineAnchor(e);
        const node = makeScalar(text, e, map, tagOf(e), fail, lastEnd);
        if (node.style === SCALAR_STYLE.PLAIN && node.value === "<<" && tagOf(e) === void 0) {
          const parent = stack[stack.length - 1];
          if (!parent || parent.node.kind !== "map" || parent.pendingKey !== void 0) {
            fail(
              node.offset,
              "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'",
              "yaml/construct",
              "A plain `<<` is a merge key: quote it ('<<') to mean the text."
            );
          }
        }
        if (e.valueEnd >= 0) lastEnd = e.valueEnd;
        count(1, e.valueStart);
        attach(node, anchorOf(e));
        break;
      }
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        const written = tagOf(e);
        const offset = map.toOriginal(e.start);
        let pyType;
        if (written !== void 0) {
          const t = tagName(written);
          const want = e.type === EVENT_ID.SEQUENCE ? "seq" : "map";
          const python = want === "map" ? ["set"] : ["omap", "pairs"];
          if (t.standard !== void 0 && python.includes(t.standard)) pyType = t.standard;
          else if (t.standard !== want && t.standard !== "nonspecific") {
            fail(
              offset,
              `could not determine a constructor for the tag '${t.full}'`,
              "yaml/unknown-tag",
              "Remove the tag: only the standard YAML tags are read (as PyYAML safe_load does)."
            );
          }
        }
        checkTagEnd(e);
        defineAnchor(e);
        const anchor = anchorOf(e);
        if (anchor !== void 0) openAnchors.add(anchor);
        const node = e.type === EVENT_ID.SEQUENCE ? { kind: "seq", offset, size: 1, items: [], ...pyType ? { pyType } : {} } : { kind: "map", offset, size: 1, pairs: [], byKey: /* @__PURE__ */ new Map(), ...pyType ? { pyType: "set" } : {} };
        count(1, e.start);
        stack.push({ node, anchor, pendingKey: void 0, rawPairs: [] });
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(e.anchorStart, e.anchorEnd);
        const offset = map.toOriginal(Math.max(0, e.anchorStart - 1));
        if (openAnchors.has(name)) {
          fail(
            offset,
            `recursive alias *${name} refers to the collection that contains it`,
            "yaml/recursive-alias",
            "Recursive structures are not allowed in configuration; copy the values instead."
          );
        }
        const target = anchors.get(name);
        if (!target) {
          fail(offset, `found undefined alias *${name}`, "yaml/undefined-alias", `Define the anchor &${name} before using it.`);
        }
        count(target.size, e.anchorStart);
        attach(target, void 0);
        break;
      }
      case EVENT_ID.POP: {
        const open = stack.pop();
        if (!open) {
          doc = null;
          break;
        }
        if (open.node.kind === "map") finishMap(source, open.node, open.rawPairs, map, position, diagnostics, fail);
        if (open.node.kind === "seq" && open.node.pyType) {
          const bad = open.node.items.find((i) => i.kind !== "map" || i.pairs.length !== 1);
          if (bad) {
            fail(
              bad.offset,
              `expected a single mapping item for !!${open.node.pyType}, but found ${describeNode(bad)}`,
              "yaml/construct",
              `Each item of a !!${open.node.pyType} is a mapping with one key.`
            );
          }
        }
        attach(open.node, open.anchor);
        break;
      }
    }
  }
  return documents;
}
function makeScalar(text, e, map, written, fail, emptyAt) {
  const raw = e.valueStart < 0 ? "" : getScalarValue(text, e);
  const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
  let startOffset = e.valueStart < 0 ? emptyAt : quoted ? Math.max(0, e.valueStart - 1) : e.valueStart;
  if ((e.style === SCALAR_STYLE.LITERAL_BLOCK || e.style === SCALAR_STYLE.FOLDED_BLOCK) && e.valueStart >= 0) {
    const from = Math.max(emptyAt, e.tagEnd, e.anchorEnd, 0);
    const header = /[|>]/.exec(text.slice(from, e.valueStart));
    if (header) startOffset = from + header.index;
  }
  const offset = map.toOriginal(e.tagStart >= 0 ? Math.min(e.tagStart, startOffset) : startOffset);
  let resolved;
  if (written !== void 0) {
    const t = tagName(written);
    if (t.standard === "nonspecific") resolved = { tag: "str", value: raw };
    else if (t.standard !== void 0) resolved = explicitScalar(t.standard, raw);
    else resolved = { error: `could not determine a constructor for the tag '${t.full}'` };
  } else if (e.style === SCALAR_STYLE.PLAIN) {
    resolved = resolvePlain(raw);
  } else {
    resolved = { tag: "str", value: raw };
  }
  if ("error" in resolved) {
    fail(offset, resolved.error, "yaml/unknown-tag", "Remove the tag or quote the value: only standard YAML tags are read (as PyYAML safe_load does).");
  }
  const ok = resolved;
  return {
    kind: "scalar",
    tag: ok.tag,
    value: ok.value,
    style: e.style,
    offset,
    contentOffset: map.toOriginal(e.valueStart < 0 ? startOffset : e.valueStart),
    indent: e.indent,
    size: 1
  };
}
function finishMap(source, node, rawPairs, map, position, diagnostics, fail) {
  void map;
  const mergedPairs = [];
  let explicit = rawPairs;
  let hasMerge = false;
  for (const p of rawPairs) {
    const key = p.key;
    if (key.kind !== "scalar") {
      fail(key.offset, "found unhashable key: a mapping key must be a scalar", "yaml/construct", "Use a plain string as the key.");
    }
    if (p.name === "<<" && key.style === SCALAR_STYLE.PLAIN) hasMerge = true;
  }
  if (hasMerge) explicit = [];
  for (const raw of hasMerge ? rawPairs : []) {
    const { key, value } = raw;
    if (key.kind === "scalar" && key.style === SCALAR_STYLE.PLAIN && key.tag === "str" && key.value === "<<") {
      const sources = value.kind === "map" ? [value] : value.kind === "seq" ? value.items : [];
      if (sources.length === 0 || sources.some((s) => s.kind !== "map")) {
        fail(
          value.offset,
          "expected a mapping or list of mappings for merging",
          "yaml/merge",
          "The value of `<<` must be an alias to a mapping (`<<: *defaults`) or a list of them."
        );
      }
      const group = [];
      for (const s of [...sources].reverse()) {
        for (const p of s.pairs) group.push({ ...p, merged: true });
      }
      mergedPairs.push(...group);
      continue;
    }
    explicit.push(raw);
  }
  let others;
  let duplicates = false;
  for (const p of explicit) {
    let first;
    if (p.name !== void 0) {
      first = node.byKey.get(p.name);
      node.byKey.set(p.name, p);
    } else {
      others ??= /* @__PURE__ */ new Map();
      const id = keyIdentity(p.key);
      first = others.get(id);
      others.set(id, p);
    }
    if (first) {
      duplicates = true;
      const a = position(first.key.offset);
      const b = position(p.key.offset);
      diagnostics.push({
        rule: "yaml/duplicate-key",
        severity: "warning",
        file: source.path,
        line: b.line,
        column: b.column,
        message: `duplicate key ${JSON.stringify(String(p.key.value))}: first at line ${a.line}, column ${a.column}; this one (line ${b.line}, column ${b.column}) wins`,
        hint: "Nodepool (PyYAML) silently keeps the last value; remove one of the two."
      });
    }
  }
  if (!duplicates && mergedPairs.length === 0) {
    node.pairs = explicit;
    return;
  }
  node.byKey.clear();
  const order = [];
  const effective = /* @__PURE__ */ new Map();
  for (const p of [...mergedPairs, ...explicit]) {
    const id = p.name !== void 0 ? p.name : keyIdentity(p.key);
    if (!effective.has(id)) order.push(id);
    effective.set(id, p);
  }
  for (const id of order) {
    const p = effective.get(id);
    node.pairs.push(p);
    if (p.name !== void 0) node.byKey.set(p.name, p);
  }
}
function toJS(node) {
  if (node === null) return null;
  const memo = /* @__PURE__ */ new Map();
  const walk = (n) => {
    const done = memo.get(n);
    if (done !== void 0) return done;
    let out;
    if (n.kind === "scalar") out = n.value;
    else if (n.kind === "seq") {
      const arr = [];
      memo.set(n, arr);
      for (const item of n.items) arr.push(walk(item));
      out = arr;
    } else {
      const obj = {};
      memo.set(n, obj);
      for (const p of n.pairs) {
        const k = p.key.kind === "scalar" ? String(p.key.value) : "";
        Object.defineProperty(obj, k, { value: walk(p.value), enumerable: true, writable: true, configurable: true });
      }
      out = obj;
    }
    memo.set(n, out);
    return out;
  };
  return walk(node);
}
function describeNode(node) {
  if (!node) return "nothing";
  if (node.kind === "map") return node.pyType ? "a set (!!set)" : "a mapping";
  if (node.kind === "seq") return node.pyType ? `a list of pairs (!!${node.pyType})` : "a list";
  switch (node.tag) {
    case "str":
      return `the string ${JSON.stringify(truncate(node.value))}`;
    case "int":
      return `the integer ${String(node.value)}`;
    case "float":
      return `the float ${formatFloat(node.value)}`;
    case "bool":
      return `the boolean ${node.value ? "true" : "false"}`;
    case "null":
      return "null (an empty value)";
    case "timestamp":
      return `a date (${node.value.toISOString().slice(0, 10)}; quote it to make it a string)`;
    case "binary":
      return "binary data";
  }
}
function truncate(s) {
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}
function formatFloat(n) {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

export {
  makeSource,
  positionOf,
  lineText,
  offsetMapFor,
  scalarKeyString,
  parseYaml,
  toJS,
  describeNode
};
