import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  describeNode,
  makeSource,
  parseYaml,
  positionOf,
  toJS
} from "./chunk-K5J4GOXI.js";

// src/config/repo.ts
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

// src/core/suggest.ts
function didYouMean(word, candidates) {
  let best;
  let bestScore = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === void 0) return void 0;
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const sameWithoutSeparators = w.replace(/[-_ ]/g, "") === best.toLowerCase().replace(/[-_ ]/g, "");
  if (bestScore <= limit || sameWithoutSeparators) return `Did you mean \`${best}\`?`;
  return void 0;
}
function editDistance(a, b) {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 4) return Math.abs(a.length - b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) => {
    const row = new Array(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}

// src/config/schema.ts
function under(path2, key, fn) {
  path2.push(key);
  try {
    return fn(path2);
  } finally {
    path2.pop();
  }
}
function formatPath(path2) {
  let out = "";
  for (const p of path2) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out;
}
function report(cx, offset, rule, message, hint, severity = "error", field) {
  const pos = positionOf(cx.source, offset);
  const words = cx.where.map((w) => typeof w === "function" ? w() : w).filter((w) => !!w);
  const where = words.length ? words.join(", ") + ": " : "";
  cx.diagnostics.push({
    rule: `${cx.rulePrefix}/${rule}`,
    severity,
    file: cx.source.path,
    line: pos.line,
    column: pos.column,
    message: where + message,
    ...hint ? { hint } : {},
    ...field && field.length ? { field: formatPath([...(cx.outer ?? []).flat(), ...field]) } : {}
  });
}
function nodeOffset(node, fallback) {
  return node ? node.offset : fallback;
}
var Schema = class {
  description;
  /** A copy of this schema with a description (a copy, so one schema shared by several fields keeps each one's). */
  doc(text) {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this)), this);
    copy.description = text;
    return copy;
  }
  withDoc(s) {
    return this.description ? { description: this.description, ...s } : s;
  }
};
function label(path2) {
  const p = formatPath(path2);
  return p ? `\`${p}\`` : "the document";
}
function typeError(cx, node, path2, fallback, want, hint) {
  report(cx, nodeOffset(node, fallback), "type", `${label(path2)} must be ${want}, not ${describeNode(node)}`, hint, "error", path2);
  return false;
}
var ScalarSchema = class extends Schema {
  constructor(kind) {
    super();
    this.kind = kind;
  }
  kind;
  check(node, cx, path2, fallback) {
    const ok = scalarMatches(this.kind, node);
    if (ok) return true;
    let hint;
    if (this.kind === "float" && node?.kind === "scalar" && node.tag === "int") {
      hint = `Nodepool reads this as a float and rejects an integer: write ${String(node.value)}.0`;
    } else if (this.kind === "int" && node?.kind === "scalar" && node.tag === "str" && /^\s*-?\d+\s*$/.test(node.value)) {
      hint = `Remove the quotes: ${node.value.trim()}`;
    } else if (this.kind === "str" && node?.kind === "scalar" && node.tag !== "str" && node.tag !== "null") {
      hint = "Quote the value to make it a string.";
    }
    return typeError(cx, node, path2, fallback, this.describe(), hint);
  }
  describe() {
    return {
      str: "a string",
      int: "an integer",
      float: "a float (with a decimal point, like 10.0)",
      bool: "a boolean (true or false)",
      "coerce-float": "a number",
      number: "a number"
    }[this.kind];
  }
  toJSONSchema() {
    switch (this.kind) {
      case "str":
        return this.withDoc({ type: "string" });
      case "int":
        return this.withDoc({ type: ["integer", "boolean"] });
      case "float":
        return this.withDoc({ type: "number" });
      case "bool":
        return this.withDoc({ type: "boolean" });
      case "coerce-float":
        return this.withDoc({ type: ["number", "string", "boolean"] });
      case "number":
        return this.withDoc({ type: ["number", "boolean"] });
    }
  }
};
var PY_FLOAT_STRING = /^\s*[-+]?(?:(?:\d(?:_?\d)*)?(?:\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][-+]?\d(?:_?\d)*)?|inf(?:inity)?|nan)\s*$/i;
function scalarMatches(kind, node) {
  if (!node || node.kind !== "scalar") return false;
  switch (kind) {
    case "str":
      return node.tag === "str";
    case "int":
      return node.tag === "int" || node.tag === "bool";
    case "float":
      return node.tag === "float";
    case "bool":
      return node.tag === "bool";
    case "number":
      return node.tag === "int" || node.tag === "bool" || node.tag === "float";
    case "coerce-float":
      if (node.tag === "int" || node.tag === "bool" || node.tag === "float") return true;
      return node.tag === "str" && PY_FLOAT_STRING.test(node.value);
  }
}
var str = () => new ScalarSchema("str");
var int = () => new ScalarSchema("int");
var float = () => new ScalarSchema("float");
var bool = () => new ScalarSchema("bool");
var coerceFloat = () => new ScalarSchema("coerce-float");
var number = () => new ScalarSchema("number");
var EnumSchema = class extends Schema {
  constructor(values) {
    super();
    this.values = values;
  }
  values;
  check(node, cx, path2, fallback) {
    const v = node === null ? null : node.kind === "scalar" ? node.value : void 0;
    if (v === null && this.values.includes(null)) return true;
    if (typeof v === "string" && this.values.includes(v)) return true;
    const shown = this.values.map((x) => x === null ? "null" : `\`${x}\``).join(", ");
    const hint = typeof v === "string" ? didYouMean(v, this.values.filter((x) => x !== null)) : void 0;
    report(cx, nodeOffset(node, fallback), "value", `${label(path2)} is ${describeNode(node)}; it must be one of ${shown}`, hint, "error", path2);
    return false;
  }
  describe() {
    return `one of ${this.values.map((x) => x === null ? "null" : x).join(", ")}`;
  }
  toJSONSchema() {
    return this.withDoc({ enum: [...this.values] });
  }
};
var oneOf = (...values) => new EnumSchema(values);
var PatternSchema = class extends Schema {
  constructor(pattern, what) {
    super();
    this.pattern = pattern;
    this.what = what;
  }
  pattern;
  what;
  check(node, cx, path2, fallback) {
    if (!scalarMatches("str", node)) return typeError(cx, node, path2, fallback, "a string");
    const v = node.value;
    const m = this.pattern.exec(v);
    if (m && m.index === 0) return true;
    report(cx, nodeOffset(node, fallback), "pattern", `${label(path2)} ${JSON.stringify(v)} must be ${this.what}`, void 0, "error", path2);
    return false;
  }
  describe() {
    return this.what;
  }
  toJSONSchema() {
    return this.withDoc({ type: "string", pattern: "^" + this.pattern.source });
  }
};
var match = (pattern, what) => new PatternSchema(pattern, what);
var AnySchema = class extends Schema {
  check() {
    return true;
  }
  describe() {
    return "any value";
  }
  toJSONSchema() {
    return this.withDoc({});
  }
};
var anything = () => new AnySchema();
var ListSchema = class extends Schema {
  constructor(item) {
    super();
    this.item = item;
  }
  item;
  check(node, cx, path2, fallback) {
    if (!node || node.kind !== "seq" || node.pyType && this.item && node.items.length) {
      return typeError(
        cx,
        node,
        path2,
        fallback,
        this.describe(),
        node?.kind === "scalar" && node.tag === "str" ? `Write it as a list: [${String(node.value)}]` : void 0
      );
    }
    if (!this.item) return true;
    let ok = true;
    const item = this.item;
    for (let i = 0; i < node.items.length; i++) {
      path2.push(i);
      if (!item.check(node.items[i], cx, path2, node.offset)) ok = false;
      path2.pop();
    }
    return ok;
  }
  describe() {
    return this.item ? `a list of ${plural(this.item.describe())}` : "a list";
  }
  toJSONSchema() {
    return this.withDoc(this.item ? { type: "array", items: this.item.toJSONSchema() } : { type: "array" });
  }
};
function plural(desc) {
  return desc.replace(/^an? /, "").replace(/^(string|integer|float|boolean|mapping|list)/, "$1s");
}
var list = (item = null) => new ListSchema(item);
var DictSchema = class extends Schema {
  constructor(key, value) {
    super();
    this.key = key;
    this.value = value;
  }
  key;
  value;
  check(node, cx, path2, fallback) {
    if (!node || node.kind !== "map" || node.pyType) return typeError(cx, node, path2, fallback, this.describe());
    let ok = true;
    for (const p of node.pairs) {
      const name = p.name ?? (p.key.kind === "scalar" ? String(p.key.value) : "?");
      const key = this.key;
      const value = this.value;
      if (key && !under(path2, `${name} (key)`, (q) => key.check(p.key, cx, q, node.offset))) ok = false;
      if (value && !under(path2, name, (q) => value.check(p.value, cx, q, p.key.offset))) ok = false;
    }
    return ok;
  }
  describe() {
    return "a mapping";
  }
  toJSONSchema() {
    return this.withDoc(
      this.value ? { type: "object", additionalProperties: this.value.toJSONSchema() } : { type: "object" }
    );
  }
};
var dict = (key = null, value = null) => new DictSchema(key, value);
var ObjectSchema = class _ObjectSchema extends Schema {
  constructor(fields, options = {}) {
    super();
    this.options = options;
    this.fields = Object.fromEntries(
      Object.entries(fields).map(([k, f]) => [k, f instanceof Schema ? { schema: f } : f])
    );
    this.known = Object.keys(this.fields);
    this.requiredKeys = this.known.filter((k) => this.fields[k].required);
    this.fieldMap = new Map(Object.entries(this.fields));
  }
  options;
  fields;
  known;
  requiredKeys;
  fieldMap;
  check(node, cx, path2, fallback) {
    if (!node || node.kind !== "map" || node.pyType) return typeError(cx, node, path2, fallback, this.describe());
    const contextOf = this.options.context;
    if (!contextOf) return this.checkFields(node, cx, path2);
    cx.where.push(() => contextOf(node));
    (cx.outer ??= []).push([...path2]);
    try {
      return this.checkFields(node, cx, []);
    } finally {
      cx.where.pop();
      cx.outer.pop();
    }
  }
  checkFields(node, cx, path2) {
    let ok = true;
    const known = this.known;
    for (const p of node.pairs) {
      const name = p.name;
      const spec = name !== void 0 ? this.fieldMap.get(name) : void 0;
      if (spec) {
        path2.push(name);
        if (!spec.schema.check(p.value, cx, path2, p.key.offset)) ok = false;
        path2.pop();
        continue;
      }
      if (this.options.allowUnknown) continue;
      if (this.options.extra) {
        const keyName = name ?? (p.key.kind === "scalar" ? String(p.key.value) : "?");
        const extra = this.options.extra;
        if (!under(path2, `${keyName} (key)`, (q) => extra.key.check(p.key, cx, q, p.key.offset))) ok = false;
        if (!under(path2, keyName, (q) => extra.value.check(p.value, cx, q, p.key.offset))) ok = false;
        continue;
      }
      ok = false;
      reportUnknownKey(cx, p, path2, known, this.options.rejected);
    }
    for (const name of this.requiredKeys) {
      if (!node.byKey.has(name)) {
        ok = false;
        report(cx, node.offset, "required", `${keyLabel(path2, name)} is required`, `Add \`${name}:\` here.`, "error", [...path2, name]);
      }
    }
    for (const group of this.options.exclusive ?? []) {
      const present = group.filter((k) => node.byKey.has(k));
      if (present.length > 1) {
        ok = false;
        const second = node.byKey.get(present[1]);
        report(
          cx,
          second.key.offset,
          "exclusive",
          `${present.map((k) => `\`${k}\``).join(" and ")} cannot be set together`,
          `Keep only one of ${group.map((k) => `\`${k}\``).join(", ")}.`
        );
      }
    }
    for (const group of this.options.atLeastOne ?? []) {
      if (!group.some((k) => node.byKey.has(k))) {
        ok = false;
        const names = group.map((k) => `\`${k}\``);
        const what = names.length === 2 ? `${names[0]} or ${names[1]}` : `one of ${names.join(", ")}`;
        report(
          cx,
          node.offset,
          "required",
          `${what} is required${formatPath(path2) ? ` in \`${formatPath(path2)}\`` : ""}`,
          `Add ${what}.`
        );
      }
    }
    if (this.options.refine && !this.options.refine(node, cx, path2)) ok = false;
    return ok;
  }
  describe() {
    return "a mapping";
  }
  toJSONSchema() {
    const properties = {};
    const required2 = [];
    for (const [k, spec] of Object.entries(this.fields)) {
      properties[k] = spec.schema.toJSONSchema();
      if (spec.required) required2.push(k);
    }
    const out = { type: "object", properties };
    if (required2.length) out.required = required2;
    if (this.options.extra) out.additionalProperties = this.options.extra.value.toJSONSchema();
    else if (!this.options.allowUnknown) out.additionalProperties = false;
    const not = [];
    for (const group of this.options.exclusive ?? []) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) not.push({ required: [group[i], group[j]] });
      }
    }
    const allOf = not.map((n) => ({ not: n }));
    for (const group of this.options.atLeastOne ?? []) allOf.push({ anyOf: group.map((k) => ({ required: [k] })) });
    if (allOf.length) out.allOf = allOf;
    return this.withDoc(out);
  }
  /** The same object with more fields or options (voluptuous `Schema.extend`): later wins. */
  extend(fields, options = {}) {
    const merged = { ...this.fields, ...fields };
    return new _ObjectSchema(merged, { ...this.options, ...options });
  }
};
function keyLabel(path2, name) {
  return `\`${formatPath([...path2, name])}\``;
}
function reportUnknownKey(cx, p, path2, known, rejected) {
  const name = p.name;
  if (name === void 0) {
    report(cx, p.key.offset, "type", `key ${describeNode(p.key)} in ${label(path2)} must be a string`, "Quote the key.", "error", path2);
    return;
  }
  const why = rejected && Object.hasOwn(rejected, name) ? rejected[name] : void 0;
  if (why) {
    report(cx, p.key.offset, "unknown-key", `${keyLabel(path2, name)} is not allowed here`, why, "error", [...path2, name]);
    return;
  }
  const suggestion = didYouMean(name, known);
  const hint = suggestion ?? (known.length ? `${ALLOWED_PREFIX}${known.slice().sort().map((k) => `\`${k}\``).join(", ")}.` : void 0);
  report(cx, p.key.offset, "unknown-key", `unknown key ${keyLabel(path2, name)}`, hint, "error", [...path2, name]);
}
var ALLOWED_PREFIX = "Allowed keys here: ";
function compactAllowedKeys(diagnostics) {
  const first = /* @__PURE__ */ new Map();
  const ordered = diagnostics.filter((d) => d.hint?.startsWith(ALLOWED_PREFIX)).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  for (const d of ordered) {
    const id = `${d.file}\0${d.hint}`;
    const seen = first.get(id);
    if (!seen) first.set(id, d);
    else d.hint = `Allowed keys here: the same as listed at line ${seen.line} (the first unknown key of this kind of mapping in this file).`;
  }
}
var object = (fields, options) => new ObjectSchema(fields, options);
var required = (schema) => ({ schema, required: true });
var UnionSchema = class extends Schema {
  constructor(branches, options = {}) {
    super();
    this.branches = branches;
    this.options = options;
  }
  branches;
  options;
  check(node, cx, path2, fallback) {
    const picked = this.options.pick?.(node);
    if (picked !== void 0) return this.branches[picked].check(node, cx, path2, fallback);
    let best;
    for (const branch of this.branches) {
      const scratch = { ...cx, diagnostics: [], where: [...cx.where] };
      if (branch.check(node, scratch, path2, fallback)) return true;
      if (!best || scratch.diagnostics.length < best.length) best = scratch.diagnostics;
    }
    const allScalar = this.branches.every((b) => b instanceof ScalarSchema || b instanceof EnumSchema);
    if (allScalar || !best?.length) {
      return typeError(cx, node, path2, fallback, this.describe());
    }
    cx.diagnostics.push(...best);
    return false;
  }
  describe() {
    return this.options.describe ?? this.branches.map((b) => b.describe()).join(" or ");
  }
  toJSONSchema() {
    return this.withDoc({ anyOf: this.branches.map((b) => b.toJSONSchema()) });
  }
};
var union = (branches, options) => new UnionSchema(branches, options);

// src/config/settings.ts
var FILE_KINDS = [
  "nodepool",
  "nodepool-builder",
  "cluster",
  "pod-template",
  "inventory",
  "known-hosts",
  "playbook"
];
var NODEPOOL_FLAVORS = ["software-factory", "standalone"];
var DEFAULT_SETTINGS = {
  paths: {
    nodepool: "nodepool/nodepool.yaml",
    nodepoolBuilder: "nodepool/nodepool-builder.yaml",
    dibAnsible: "nodepool/dib-ansible",
    inventory: "nodepool/dib-ansible/inventory.yaml",
    knownHosts: "nodepool/dib-ansible/known_hosts",
    cluster: "cluster.yaml",
    podTemplates: "dispatch/pod-templates"
  },
  explicit: /* @__PURE__ */ new Set(),
  required: /* @__PURE__ */ new Set(),
  softwareFactory: {
    namespace: "sf",
    providersSecret: "nodepool-providers-secrets",
    builderSshKeySecret: "nodepool-builder-ssh-key",
    launcherDeployment: "nodepool-launcher",
    builderStatefulSet: "nodepool-builder"
  },
  dispatch: {
    tektonNamespace: "tekton-pipelines",
    tektonConfigMap: "config-defaults",
    addonName: "dispatch",
    podTemplateKey: "default-pod-template"
  },
  nodepool: { env: {}, flavor: "software-factory" }
};
var SETTINGS_FILE = ".pool-reconciler.yaml";
var PATH_KEYS = {
  nodepool: "nodepool",
  "nodepool-builder": "nodepoolBuilder",
  "dib-ansible": "dibAnsible",
  inventory: "inventory",
  "known-hosts": "knownHosts",
  cluster: "cluster",
  "pod-templates": "podTemplates"
};
var k8sName = str();
var settingsSchema = object({
  paths: object(
    Object.fromEntries(Object.keys(PATH_KEYS).map((k) => [k, str().doc(`Path of ${k}, relative to the repo root`)]))
  ),
  required: list(oneOf(...Object.keys(PATH_KEYS))).doc("Files that must exist; a missing one is an error"),
  "software-factory": object({
    namespace: k8sName.doc("Namespace of the Software Factory deployment (default sf)"),
    "providers-secret": k8sName,
    "builder-ssh-key-secret": k8sName,
    "launcher-deployment": k8sName,
    "builder-statefulset": k8sName
  }),
  dispatch: object({
    "tekton-namespace": k8sName.doc("Namespace of Tekton's config-defaults ConfigMap (default tekton-pipelines)"),
    "tekton-configmap": k8sName,
    "addon-name": str(),
    "pod-template-key": str().doc("Data key of per-repository pod-template ConfigMaps (default default-pod-template)")
  }),
  nodepool: object({
    env: dict(str(), str()).doc("NODEPOOL_* variables substituted for %(NAME) before Nodepool files are parsed"),
    flavor: oneOf(...NODEPOOL_FLAVORS).doc(
      "How Nodepool is deployed: software-factory (default; sf-operator appends the files to its base config and the Software Factory rules apply) or standalone (plain Nodepool config files). The --standalone flag and the standalone action input override it."
    )
  }),
  "fail-on-warnings": bool()
});
function settingsFrom(doc) {
  const s = structuredClone({ ...DEFAULT_SETTINGS, explicit: void 0, required: void 0 });
  s.explicit = /* @__PURE__ */ new Set();
  s.required = /* @__PURE__ */ new Set();
  if (!doc || typeof doc !== "object") return s;
  const d = doc;
  const paths = d.paths ?? {};
  for (const [k, field] of Object.entries(PATH_KEYS)) {
    const v = paths[k];
    if (typeof v === "string") {
      s.paths[field] = v.replace(/\\/g, "/").replace(/\/+$/, "");
      s.explicit.add(field);
    }
  }
  const req = doc.required;
  if (Array.isArray(req)) {
    for (const k of req) if (typeof k === "string" && Object.hasOwn(PATH_KEYS, k)) s.required.add(PATH_KEYS[k]);
  }
  const pick = (target, from, keys) => {
    for (const [k, field] of Object.entries(keys)) {
      const v = from?.[k];
      if (typeof v === "string" && v) target[field] = v;
    }
  };
  pick(s.softwareFactory, d["software-factory"], {
    namespace: "namespace",
    "providers-secret": "providersSecret",
    "builder-ssh-key-secret": "builderSshKeySecret",
    "launcher-deployment": "launcherDeployment",
    "builder-statefulset": "builderStatefulSet"
  });
  pick(s.dispatch, d.dispatch, {
    "tekton-namespace": "tektonNamespace",
    "tekton-configmap": "tektonConfigMap",
    "addon-name": "addonName",
    "pod-template-key": "podTemplateKey"
  });
  const flavor = d.nodepool?.flavor;
  if (typeof flavor === "string" && NODEPOOL_FLAVORS.includes(flavor)) s.nodepool.flavor = flavor;
  const env = d.nodepool?.env;
  if (env && typeof env === "object") {
    for (const [k, v] of Object.entries(env)) if (typeof v === "string") s.nodepool.env[k] = v;
  }
  return s;
}

// src/config/repo.ts
var MAX_FILE_BYTES = 32 * 1024 * 1024;
function fileDiagnostic(file, rule, message, hint) {
  return { rule, severity: "error", file, line: 0, column: 0, message, ...hint ? { hint } : {} };
}
function escapes(rel) {
  return path.isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || rel.split(/[\\/]/).includes("..");
}
function escapeDiagnostic(rel) {
  return fileDiagnostic(
    rel,
    "repo/path-escape",
    `path ${JSON.stringify(rel)} leaves the config repo`,
    "Use a path relative to the repo root, without `..`: nothing outside the repo is read."
  );
}
function readRepoText(root, relPath) {
  const shown = relPath;
  if (escapes(relPath)) return { ok: false, diagnostic: escapeDiagnostic(relPath) };
  const abs = path.join(root, relPath);
  let real;
  try {
    real = realpathSync(abs);
  } catch {
    return { ok: false, diagnostic: fileDiagnostic(shown, "repo/missing", `${shown} does not exist`) };
  }
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return {
      ok: false,
      diagnostic: fileDiagnostic(
        shown,
        "repo/path-escape",
        `${shown} is a symbolic link that leads outside the config repo`,
        "Replace the link with the file itself: nothing outside the repo is read."
      )
    };
  }
  const st = statSync(real);
  if (!st.isFile()) {
    return { ok: false, diagnostic: fileDiagnostic(shown, "repo/not-a-file", `${shown} is not a regular file`) };
  }
  if (st.size > MAX_FILE_BYTES) {
    return {
      ok: false,
      diagnostic: fileDiagnostic(
        shown,
        "repo/too-large",
        `${shown} is ${(st.size / 1048576).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1048576} MiB`,
        "A configuration file this large is almost certainly a mistake."
      )
    };
  }
  return decodeText(shown, readFileSync(real));
}
function decodeText(file, bytes) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    let offset = 0;
    for (let end = 1; end <= bytes.length; end++) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end));
        offset = end;
      } catch {
        if (end - offset > 4) break;
      }
    }
    const before = Buffer.from(bytes.subarray(0, offset)).toString("utf8");
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    return {
      ok: false,
      diagnostic: {
        rule: "yaml/encoding",
        severity: "error",
        file,
        line,
        column,
        message: `${file} is not valid UTF-8 (bad byte at line ${line}, column ${column})`,
        hint: "Save the file as UTF-8."
      }
    };
  }
  const nul = text.indexOf("\0");
  if (nul !== -1) {
    const before = text.slice(0, nul);
    const line = before.split("\n").length;
    const column = nul - before.lastIndexOf("\n");
    return {
      ok: false,
      diagnostic: {
        rule: "yaml/encoding",
        severity: "error",
        file,
        line,
        column,
        message: `${file} contains a NUL byte at line ${line}, column ${column}`,
        hint: "The file looks binary; YAML files are text."
      }
    };
  }
  return { ok: true, text };
}
function exists(root, rel) {
  try {
    const st = lstatSync(path.join(root, rel));
    if (st.isSymbolicLink()) {
      const t = statSync(path.join(root, rel));
      return t.isDirectory() ? "dir" : "file";
    }
    return st.isDirectory() ? "dir" : "file";
  } catch {
    return "none";
  }
}
function loadRepo(root) {
  const diagnostics = [];
  const notices = [];
  let settings = settingsFrom(void 0);
  let settingsSource;
  if (exists(root, SETTINGS_FILE) === "file") {
    const read = readRepoText(root, SETTINGS_FILE);
    if (!read.ok) diagnostics.push(read.diagnostic);
    else {
      settingsSource = makeSource(SETTINGS_FILE, read.text);
      const parsed = parseYaml(settingsSource);
      diagnostics.push(...parsed.diagnostics);
      const doc = parsed.documents[0]?.root ?? null;
      if (doc) {
        const cx = { source: settingsSource, diagnostics, rulePrefix: "settings", where: [] };
        settingsSchema.check(doc, cx, [], 0);
        settings = settingsFrom(toJS(doc));
      }
    }
  }
  const files = [];
  const present = /* @__PURE__ */ new Set();
  const single = [
    ["nodepool", "nodepool"],
    ["nodepool-builder", "nodepoolBuilder"],
    ["inventory", "inventory"],
    ["known-hosts", "knownHosts"],
    ["cluster", "cluster"]
  ];
  for (const [kind, key] of single) {
    const rel = settings.paths[key];
    if (escapes(rel)) {
      diagnostics.push(escapeDiagnostic(rel));
      continue;
    }
    const state = exists(root, rel);
    if (state === "none") {
      if (settings.explicit.has(key) || settings.required.has(key)) {
        diagnostics.push(fileDiagnostic(
          rel,
          "repo/missing",
          `${rel} does not exist`,
          settings.explicit.has(key) ? `${SETTINGS_FILE} names it; create it or fix the path.` : `${SETTINGS_FILE} requires it.`
        ));
      } else notices.push(`${rel} not found: its checks are skipped`);
      continue;
    }
    present.add(kind);
    const read = readRepoText(root, rel);
    if (!read.ok) diagnostics.push(read.diagnostic);
    else files.push({ kind, source: makeSource(rel, read.text) });
  }
  const dirs = [
    ["pod-template", "podTemplates"],
    ["playbook", "dibAnsible"]
  ];
  for (const [kind, key] of dirs) {
    const rel = settings.paths[key];
    if (escapes(rel)) {
      diagnostics.push(escapeDiagnostic(rel));
      continue;
    }
    if (exists(root, rel) !== "dir") {
      if (settings.explicit.has(key) || settings.required.has(key)) {
        diagnostics.push(fileDiagnostic(rel, "repo/missing", `${rel}/ does not exist`));
      } else if (kind === "pod-template") notices.push(`${rel}/ not found: no per-repository pod templates`);
      continue;
    }
    const dirCheck = readRepoDir(root, rel);
    if (!dirCheck.ok) {
      diagnostics.push(dirCheck.diagnostic);
      continue;
    }
    for (const name of dirCheck.names) {
      if (!/\.ya?ml$/.test(name)) continue;
      const fileRel = `${rel}/${name}`;
      if (kind === "playbook" && fileRel === settings.paths.inventory) continue;
      const read = readRepoText(root, fileRel);
      if (!read.ok) diagnostics.push(read.diagnostic);
      else files.push({ kind, source: makeSource(fileRel, read.text) });
    }
  }
  if (!present.has("nodepool") && !present.has("nodepool-builder") && !present.has("cluster")) {
    diagnostics.push(fileDiagnostic(
      ".",
      "repo/empty",
      `no configuration found: none of ${settings.paths.nodepool}, ${settings.paths.nodepoolBuilder} or ${settings.paths.cluster} exists`,
      `Point the tool at the config repo's root, or set the paths in ${SETTINGS_FILE}.`
    ));
  }
  return { root, settings, settingsSource, files, diagnostics, notices };
}
function readRepoDir(root, rel) {
  if (escapes(rel)) return { ok: false, diagnostic: escapeDiagnostic(rel) };
  const real = realpathSync(path.join(root, rel));
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return { ok: false, diagnostic: fileDiagnostic(rel, "repo/path-escape", `${rel} is a symbolic link that leads outside the config repo`) };
  }
  return { ok: true, names: readdirSync(real).sort() };
}
function kindFromPath(p, settings = DEFAULT_SETTINGS) {
  const norm = p.replace(/\\/g, "/");
  const base = norm.split("/").pop() ?? "";
  if (norm.endsWith(settings.paths.nodepoolBuilder) || base === "nodepool-builder.yaml") return "nodepool-builder";
  if (norm.endsWith(settings.paths.nodepool) || base === "nodepool.yaml") return "nodepool";
  if (base === "inventory.yaml" || base === "inventory.yml") return "inventory";
  if (base === "known_hosts") return "known-hosts";
  if (base === "cluster.yaml" || base === "cluster.yml") return "cluster";
  if (norm.includes("/pod-templates/") || norm.startsWith("pod-templates/")) return "pod-template";
  if (norm.includes("/dib-ansible/")) return "playbook";
  return void 0;
}
function loadSingleFile(filePath, kind, shownAs = filePath) {
  let bytes;
  try {
    const st = statSync(filePath);
    if (!st.isFile()) return { diagnostics: [fileDiagnostic(shownAs, "repo/not-a-file", `${shownAs} is not a regular file`)] };
    if (st.size > MAX_FILE_BYTES) {
      return { diagnostics: [fileDiagnostic(shownAs, "repo/too-large", `${shownAs} is ${(st.size / 1048576).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1048576} MiB`)] };
    }
    bytes = readFileSync(filePath);
  } catch {
    return { diagnostics: [fileDiagnostic(shownAs, "repo/missing", `${shownAs} does not exist`)] };
  }
  const decoded = decodeText(shownAs, bytes);
  if (!decoded.ok) return { diagnostics: [decoded.diagnostic] };
  return { file: { kind, source: makeSource(shownAs, decoded.text) }, diagnostics: [] };
}

export {
  didYouMean,
  editDistance,
  formatPath,
  report,
  Schema,
  str,
  int,
  float,
  bool,
  coerceFloat,
  number,
  oneOf,
  match,
  anything,
  list,
  dict,
  compactAllowedKeys,
  object,
  required,
  union,
  FILE_KINDS,
  DEFAULT_SETTINGS,
  settingsSchema,
  MAX_FILE_BYTES,
  readRepoText,
  decodeText,
  loadRepo,
  kindFromPath,
  loadSingleFile
};
