import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  describeNode,
  makeSource,
  offsetMapFor,
  parseYaml,
  positionOf,
  scalarKeyString,
  toJS
} from "./chunk-K5J4GOXI.js";
import {
  DEFAULT_SSH_PORT,
  MAX_HASH_WORK,
  MAX_KNOWN_HOSTS_LINES,
  hashedSalts,
  parseKnownHosts,
  pinnedKeysFor
} from "./chunk-4755524P.js";

// src/core/diagnostic.ts
function countBySeverity(diags) {
  let errors = 0;
  let warnings = 0;
  let notices = 0;
  for (const d of diags) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else notices++;
  }
  return { errors, warnings, notices };
}
function sortDiagnostics(diags) {
  return diags.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
function isInputPseudoFile(file) {
  return file.startsWith("input:");
}
function underRepo(repoPath, file) {
  if (repoPath === "." || repoPath === "" || isInputPseudoFile(file)) return file;
  return `${repoPath.replace(/\\/g, "/").replace(/\/+$/, "")}/${file}`;
}

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
    builderStatefulSet: "nodepool-builder",
    removeProviderKeys: []
  },
  dispatch: {
    tektonNamespace: "tekton-pipelines",
    tektonConfigMap: "config-defaults",
    addonName: "dispatch",
    podTemplateKey: "default-pod-template"
  },
  nodepool: { env: {}, flavor: "software-factory" },
  nodes: "write"
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
    "builder-statefulset": k8sName,
    "remove-provider-keys": list(oneOf("clouds.yaml", "kube.config", "aws.config")).doc("Keys of the providers Secret to remove, among those pool-reconciler wrote (an empty input never removes a key)")
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
  "fail-on-warnings": bool(),
  nodes: oneOf("write", "report-only").doc("write (default): apply writes the node pools' labels and taints; report-only: node differences are only reported (drift), for clusters where `konvoy up` alone writes them")
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
  const remove = d["software-factory"]?.["remove-provider-keys"];
  if (Array.isArray(remove)) s.softwareFactory.removeProviderKeys = remove.filter((k) => typeof k === "string");
  pick(s.dispatch, d.dispatch, {
    "tekton-namespace": "tektonNamespace",
    "tekton-configmap": "tektonConfigMap",
    "addon-name": "addonName",
    "pod-template-key": "podTemplateKey"
  });
  const nodes = doc.nodes;
  if (nodes === "report-only" || nodes === "write") s.nodes = nodes;
  const flavor = d.nodepool?.flavor;
  if (typeof flavor === "string" && NODEPOOL_FLAVORS.includes(flavor)) s.nodepool.flavor = flavor;
  const env = d.nodepool?.env;
  if (env && typeof env === "object") {
    for (const [k, v] of Object.entries(env)) if (typeof v === "string") s.nodepool.env[k] = v;
  }
  return s;
}

// src/config/repo.ts
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
var MAX_FILE_BYTES = 32 * 1024 * 1024;
var parsedFiles = /* @__PURE__ */ new WeakMap();
function documentsOf(file) {
  let parsed = parsedFiles.get(file.source);
  if (!parsed) {
    parsed = parseYaml(file.source);
    parsedFiles.set(file.source, parsed);
  }
  return parsed;
}
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
function outsideWorkspace(root, workspace, name = "config-path") {
  let real;
  let realWorkspace;
  try {
    real = realpathSync(path.resolve(root));
    realWorkspace = realpathSync(workspace);
  } catch {
    return void 0;
  }
  const prefix = realWorkspace.endsWith(path.sep) ? realWorkspace : realWorkspace + path.sep;
  if (real === realWorkspace || real.startsWith(prefix)) return void 0;
  return `${name} ${JSON.stringify(root)} leads outside the workspace (through a symbolic link, or as an absolute path): only the checked-out repository is read; point it at a directory of the checkout`;
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
function settingsOfText(text) {
  if (text === null) return settingsFrom(void 0);
  const parsed = parseYaml(makeSource(SETTINGS_FILE, text));
  const doc = parsed.documents[0]?.root ?? null;
  return settingsFrom(doc && !parsed.diagnostics.some((d) => d.severity === "error") ? toJS(doc) : void 0);
}
var CLUSTER_NAME_SETTINGS = [
  ["softwareFactory", ["namespace", "providersSecret", "builderSshKeySecret", "launcherDeployment", "builderStatefulSet"]],
  ["dispatch", ["tektonNamespace", "tektonConfigMap"]]
];
function withBaseClusterNames(settings, base, notices) {
  const changed = [];
  for (const [group, keys] of CLUSTER_NAME_SETTINGS) {
    const from = base[group];
    const to = settings[group];
    for (const k of keys) if (from[k] !== to[k]) changed.push(`${group === "softwareFactory" ? "software-factory" : "dispatch"} ${k}: ${JSON.stringify(to[k])} (base branch: ${JSON.stringify(from[k])})`);
  }
  if (changed.length) {
    notices.push(`${SETTINGS_FILE} in this pull request changes the cluster objects it names (${changed.join("; ")}); on a pull request they are taken from the base branch, so this plan uses the base branch's: the change takes effect after merge`);
  }
  return {
    ...settings,
    softwareFactory: { ...base.softwareFactory },
    dispatch: { ...settings.dispatch, tektonNamespace: base.dispatch.tektonNamespace, tektonConfigMap: base.dispatch.tektonConfigMap }
  };
}
function loadRepo(root, options = {}) {
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
  if (options.baseSettings !== void 0) settings = withBaseClusterNames(settings, settingsOfText(options.baseSettings), notices);
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

// src/core/k8s.ts
var NODE_POOL_LABEL = "konvoy.mesosphere.com/node_pool";
var TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
var TOLERATION_OPERATORS = ["Equal", "Exists"];
var HARD_EFFECTS = ["NoSchedule", "NoExecute"];
var QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
var QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
var QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
var QUALIFIED_NAME_MAX = 63;
var LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
var LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
var LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
var LABEL_VALUE_MAX = 63;
var DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
var DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
var DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
var DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
var DNS1123_SUBDOMAIN_MAX = 253;
var DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
var DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
function emptyError() {
  return "must be non-empty";
}
function maxLenError(n) {
  return `must be no more than ${n} characters`;
}
function regexError(msg, fmt, ...examples) {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) out += " or ";
    out += `'${e}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}
function byteLength(s) {
  return Buffer.byteLength(s, "utf8");
}
function isDNS1123Subdomain(value) {
  const errs = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
  return errs;
}
function isDNS1123Label(value) {
  const errs = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(value)) errs.push(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"));
  return errs;
}
function isQualifiedName(value) {
  const errs = [];
  const parts = value.split("/");
  let name;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > QUALIFIED_NAME_MAX) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`);
  }
  return errs;
}
function isValidLabelValue(value) {
  const errs = [];
  if (byteLength(value) > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
  return errs;
}
function quote(s) {
  return JSON.stringify(s);
}
function formatBadValue(v) {
  if (v === void 0 || v === null) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}
function fieldError(field, part, type, badValue, detail) {
  const body = type === "Required value" ? type : `${type}: ${formatBadValue(badValue)}`;
  const message = `${field}: ${body}${detail ? `: ${detail}` : ""}`;
  const e = { field, part, type, detail, message };
  if (type !== "Required value") e.badValue = badValue;
  return e;
}
function join(path2, child) {
  if (!child) return path2;
  return path2 ? `${path2}.${child}` : child;
}
function notSupported(field, part, value, allowed) {
  return fieldError(field, part, "Unsupported value", value, `supported values: ${allowed.map(quote).join(", ")}`);
}
function validateLabelName(key, field, part = "key") {
  return isQualifiedName(key).map((m) => fieldError(field, part, "Invalid value", key, m));
}
function validateLabel(key, value, path2 = "metadata.labels") {
  return [
    ...validateLabelName(key, path2, "key"),
    ...isValidLabelValue(value).map((m) => fieldError(path2, "value", "Invalid value", value, m))
  ];
}
function validateTaintEffect(effect, allowEmpty, field) {
  if (!allowEmpty && effect.length === 0) return [fieldError(field, "effect", "Required value", void 0, "")];
  if (TAINT_EFFECTS.includes(effect)) return [];
  return [notSupported(field, "effect", effect, TAINT_EFFECTS)];
}
function validateTaint(taint, path2) {
  const errs = [];
  errs.push(...validateLabelName(taint.key, join(path2, "key")));
  const value = taint.value ?? "";
  const valueErrs = isValidLabelValue(value);
  if (valueErrs.length) errs.push(fieldError(join(path2, "value"), "value", "Invalid value", value, valueErrs.join(";")));
  errs.push(...validateTaintEffect(taint.effect, false, join(path2, "effect")));
  return errs;
}
function duplicateTaints(taints) {
  const seen = /* @__PURE__ */ new Map();
  const out = [];
  taints.forEach((t, i) => {
    const id = `${t.effect}\0${t.key}`;
    const first = seen.get(id);
    if (first !== void 0) out.push({ index: i, first });
    else seen.set(id, i);
  });
  return out;
}
function isSet(v) {
  return v !== void 0 && v !== null;
}
function validateToleration(t, path2) {
  const errs = [];
  const key = t.key ?? "";
  const operator = t.operator ?? "";
  const value = t.value ?? "";
  const effect = t.effect ?? "";
  if (key.length > 0) errs.push(...validateLabelName(key, join(path2, "key")));
  if (key.length === 0 && operator !== "Exists") {
    errs.push(fieldError(
      join(path2, "operator"),
      "operator",
      "Invalid value",
      operator,
      'operator must be Exists when `key` is empty, which means "match all values and all keys"'
    ));
  }
  if (isSet(t.tolerationSeconds) && effect !== "NoExecute") {
    errs.push(fieldError(
      join(path2, "effect"),
      "effect",
      "Invalid value",
      effect,
      "effect must be 'NoExecute' when `tolerationSeconds` is set"
    ));
  }
  switch (operator) {
    case "Equal":
    case "": {
      const valueErrs = isValidLabelValue(value);
      if (valueErrs.length) errs.push(fieldError(join(path2, "operator"), "value", "Invalid value", value, valueErrs.join(";")));
      break;
    }
    case "Exists":
      if (value.length > 0) {
        const shown = { key, operator, value, effect };
        if (isSet(t.tolerationSeconds)) shown.tolerationSeconds = t.tolerationSeconds;
        errs.push(fieldError(
          join(path2, "operator"),
          "value",
          "Invalid value",
          shown,
          "value must be empty when `operator` is 'Exists'"
        ));
      }
      break;
    default:
      errs.push(notSupported(join(path2, "operator"), "operator", operator, TOLERATION_OPERATORS));
  }
  if (effect.length > 0) errs.push(...validateTaintEffect(effect, true, join(path2, "effect")));
  return errs;
}
function tolerates(t, taint) {
  const effect = t.effect ?? "";
  if (effect !== "" && effect !== taint.effect) return false;
  const key = t.key ?? "";
  if (key !== "" && key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "Exists":
      return true;
    case "Equal":
    case "":
      return (t.value ?? "") === (taint.value ?? "");
    default:
      return false;
  }
}
function taintToString(t) {
  const v = t.value ?? "";
  return `${t.key}${v ? `=${v}` : ""}:${t.effect}`;
}
function tolerationToString(t) {
  const key = t.key ?? "";
  const op = t.operator || "Equal";
  const effect = t.effect ? `:${t.effect}` : " (any effect)";
  if (op === "Exists") return `${key || "*"} Exists${effect}`;
  return `${key}=${t.value ?? ""}${effect}`;
}

// src/validate/k8s-yaml.ts
function posOf(source, offset) {
  const p = positionOf(source, offset);
  return { file: source.path, line: p.line, column: p.column };
}
function formatPos(p, from) {
  return p.file === from ? `line ${p.line}, column ${p.column}` : `${p.file}:${p.line}:${p.column}`;
}
function isNull(node) {
  return node === null || node.kind === "scalar" && node.tag === "null";
}
function label2(path2) {
  const p = formatPath(path2);
  return p ? `\`${p}\`` : "the document";
}
var K8sString = class extends Schema {
  constructor(collectionHint) {
    super();
    this.collectionHint = collectionHint;
  }
  collectionHint;
  check(node, cx, path2, fallback) {
    if (isNull(node)) return true;
    if (node.kind === "scalar" && node.tag === "str") return true;
    const hint = node.kind === "scalar" ? "Quote the value to make it a string." : this.collectionHint;
    report(cx, node ? node.offset : fallback, "type", `${label2(path2)} must be a string, not ${describeNode(node)}`, hint);
    return false;
  }
  describe() {
    return "a string";
  }
  toJSONSchema() {
    return this.withDoc({ type: ["string", "null"] });
  }
};
var K8sInt = class extends Schema {
  constructor(min, max) {
    super();
    this.min = min;
    this.max = max;
  }
  min;
  max;
  check(node, cx, path2, fallback) {
    if (isNull(node)) return true;
    if (!node || node.kind !== "scalar" || node.tag !== "int") {
      let hint;
      if (node?.kind === "scalar" && node.tag === "str" && /^\s*-?\d+\s*$/.test(node.value)) {
        hint = `Remove the quotes: ${node.value.trim()}`;
      }
      report(cx, node ? node.offset : fallback, "type", `${label2(path2)} must be an integer, not ${describeNode(node)}`, hint);
      return false;
    }
    const v = node.value;
    if (v < this.min || v > this.max) {
      const range = this.max >= Number.MAX_SAFE_INTEGER ? `at least ${this.min}` : `between ${this.min} and ${this.max}`;
      report(cx, node.offset, "value", `${label2(path2)} must be ${range}, not ${v}`);
      return false;
    }
    return true;
  }
  describe() {
    return "an integer";
  }
  toJSONSchema() {
    const s = { type: ["integer", "null"], minimum: this.min };
    if (this.max < Number.MAX_SAFE_INTEGER) s.maximum = this.max;
    return this.withDoc(s);
  }
};
var K8sBool = class extends Schema {
  check(node, cx, path2, fallback) {
    if (isNull(node)) return true;
    if (node.kind === "scalar" && node.tag === "bool") return true;
    const hint = node?.kind === "scalar" && node.tag === "str" && /^(true|false)$/i.test(node.value) ? "Remove the quotes." : void 0;
    report(cx, node ? node.offset : fallback, "type", `${label2(path2)} must be a boolean (true or false), not ${describeNode(node)}`, hint);
    return false;
  }
  describe() {
    return "a boolean";
  }
  toJSONSchema() {
    return this.withDoc({ type: ["boolean", "null"] });
  }
};
var Nullable = class extends Schema {
  constructor(inner) {
    super();
    this.inner = inner;
  }
  inner;
  check(node, cx, path2, fallback) {
    if (isNull(node)) return true;
    return this.inner.check(node, cx, path2, fallback);
  }
  describe() {
    return this.inner.describe();
  }
  toJSONSchema() {
    return this.withDoc({ anyOf: [this.inner.toJSONSchema(), { type: "null" }] });
  }
};
var kstr = (collectionHint) => new K8sString(collectionHint);
var kint = (min = -(2 ** 31), max = 2 ** 31 - 1) => new K8sInt(min, max);
var kint64 = (min = Number.MIN_SAFE_INTEGER) => new K8sInt(min, Number.MAX_SAFE_INTEGER);
var kbool = () => new K8sBool();
var nullable = (inner) => new Nullable(inner);
function strOf(node) {
  if (node === void 0 || isNull(node)) return "";
  if (node.kind === "scalar" && node.tag === "str") return node.value;
  return void 0;
}
var tolerationSchema = object(
  {
    key: kstr().doc("Taint key to tolerate; empty (with operator Exists) tolerates every taint"),
    operator: kstr().doc("Equal (default) or Exists"),
    value: kstr().doc("Taint value, with operator Equal"),
    effect: kstr().doc("NoSchedule, PreferNoSchedule or NoExecute; empty: every effect"),
    tolerationSeconds: kint64().doc("With effect NoExecute: how long the pod stays once tainted")
  }
);
function reportFieldErrors(cx, errors, rule, offsetOf, severity = "error") {
  for (const e of errors) {
    let hint;
    if (e.type === "Unsupported value" && typeof e.badValue === "string") {
      const allowed = e.part === "operator" ? TOLERATION_OPERATORS : TAINT_EFFECTS;
      hint = didYouMean(e.badValue, allowed);
      if (hint && allowed.includes(e.badValue.charAt(0).toUpperCase() + e.badValue.slice(1))) {
        hint += " Kubernetes compares these case-sensitively.";
      }
    } else if (e.detail.startsWith("operator must be Exists")) {
      hint = "Set a `key`, or write `operator: Exists` to tolerate every taint.";
    } else if (e.detail.startsWith("value must be empty")) {
      hint = "Remove `value`, or use `operator: Equal`.";
    } else if (e.detail.startsWith("effect must be 'NoExecute'")) {
      hint = "Remove `tolerationSeconds`, or set `effect: NoExecute`.";
    }
    report(cx, offsetOf(e.part), rule, e.message, hint, severity);
  }
}
function readTolerations(node, cx, path2, fallback) {
  if (isNull(node)) return [];
  if (!list(null).check(node, cx, path2, fallback)) return [];
  const out = [];
  node.items.forEach((item, i) => {
    const itemPath = [...path2, i];
    const before = cx.diagnostics.length;
    tolerationSchema.check(item, cx, itemPath, node.offset);
    if (item.kind !== "map") return;
    let typed = true;
    const t = {};
    const fields = {};
    const offsets = {};
    for (const f of ["key", "operator", "value", "effect"]) {
      const p = item.byKey.get(f);
      if (!p) continue;
      const v = strOf(p.value);
      if (v !== void 0) t[f] = v;
      else typed = false;
      fields[f] = posOf(cx.source, p.value.offset);
      offsets[f] = isNull(p.value) ? p.key.offset : p.value.offset;
    }
    const ts = item.byKey.get("tolerationSeconds");
    if (ts) {
      fields.tolerationSeconds = posOf(cx.source, ts.value.offset);
      offsets.tolerationSeconds = ts.key.offset;
      if (ts.value.kind === "scalar" && ts.value.tag === "int") t.tolerationSeconds = ts.value.value;
      else if (!isNull(ts.value)) typed = false;
    }
    const shownPath = formatPath(itemPath);
    if (typed) {
      const errs = validateToleration(t, shownPath);
      reportFieldErrors(cx, errs, "invalid-toleration", (part) => offsets[part] ?? item.offset);
    }
    out.push({ toleration: t, pos: posOf(cx.source, item.offset), fields, path: shownPath, valid: cx.diagnostics.length === before });
  });
  return out;
}
function readLabelMap(node, cx, path2, fallback, rule) {
  if (isNull(node)) return [];
  if (!node || node.kind !== "map") {
    report(cx, node ? node.offset : fallback, "type", `${label2(path2)} must be a mapping of strings, not ${describeNode(node)}`);
    return [];
  }
  const out = [];
  for (const p of node.pairs) {
    const key = p.name;
    if (key === void 0) {
      report(cx, p.key.offset, "type", `key ${describeNode(p.key)} in ${label2(path2)} must be a string`, "Quote the key.");
      continue;
    }
    const value = strOf(p.value);
    if (value === void 0) {
      report(
        cx,
        p.value.offset,
        "type",
        `${label2([...path2, key])} must be a string, not ${describeNode(p.value)}`,
        p.value.kind === "scalar" ? "Quote the value to make it a string." : void 0
      );
      continue;
    }
    const shown = formatPath(path2);
    const errs = validateLabel(key, value, shown);
    reportFieldErrors(cx, errs, rule, (part) => part === "value" && !isNull(p.value) ? p.value.offset : p.key.offset);
    out.push({ key, value, pos: posOf(cx.source, p.key.offset) });
  }
  return out;
}
function dig(node, ...keys) {
  let cur = node;
  for (const k of keys) {
    if (!cur || cur.kind !== "map") return void 0;
    const p = cur.byKey.get(k);
    if (!p) return void 0;
    cur = p.value;
  }
  return cur;
}
function asMap(node) {
  return node && node.kind === "map" ? node : void 0;
}

// src/validate/inventory.ts
var MAX_INVENTORY_HOSTS = 5e3;
var INVENTORY_RULE_PREFIX = "inventory";
var groupSchema = object(
  { hosts: anything(), children: anything(), vars: anything() },
  {
    rejected: {
      host: "Ansible reads `hosts:` (plural); with `host:` the hosts are skipped.",
      groups: "Subgroups go under `children:`.",
      var: "Group variables go under `vars:`."
    }
  }
);
function expandHostPattern(pattern) {
  const m = /^(.*?)\[([^\]]*)\](.*)$/.exec(pattern);
  if (!m) return [pattern];
  const [, head, range, tail] = m;
  const parts = range.split(":");
  if (parts.length < 2 || parts.length > 3) return { error: `host range [${range}] must be [start:end] or [start:end:step]` };
  const [beg, end, stepText] = parts;
  const step = stepText === void 0 || stepText === "" ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1) return { error: `host range [${range}] has a bad step` };
  const tails = expandHostPattern(tail);
  if (!Array.isArray(tails)) return tails;
  const names = [];
  if (/^[0-9]*$/.test(beg) && /^[0-9]+$/.test(end)) {
    const from = beg === "" ? 0 : Number(beg);
    const to = Number(end);
    if (from > to) return { error: `host range [${range}] starts after it ends` };
    if ((to - from) / step > 1e4) return { error: `host range [${range}] is too large` };
    const width = beg.length > 1 && beg.startsWith("0") ? beg.length : 0;
    for (let i = from; i <= to; i += step) {
      const n = width ? String(i).padStart(width, "0") : String(i);
      for (const t of tails) names.push(head + n + t);
    }
    return names;
  }
  if (/^[a-zA-Z]?$/.test(beg) && /^[a-zA-Z]$/.test(end)) {
    const from = (beg || "a").charCodeAt(0);
    const to = end.charCodeAt(0);
    if (from > to) return { error: `host range [${range}] starts after it ends` };
    for (let c = from; c <= to; c += step) for (const t of tails) names.push(head + String.fromCharCode(c) + t);
    return names;
  }
  return { error: `host range [${range}] must be numeric ([01:10]) or alphabetic ([a:f])` };
}
var HOSTNAME_RE = /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;
var IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
function isIPv6(s) {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || !s.includes(":")) return false;
  const dbl = s.split("::").length - 1;
  if (dbl > 1) return false;
  const groups = s.split(":").filter((g) => g !== "");
  if (!groups.every((g, i) => /^[0-9A-Fa-f]{1,4}$/.test(g) || i === groups.length - 1 && IPV4_RE.test(g))) return false;
  const width = groups.length + (IPV4_RE.test(groups[groups.length - 1] ?? "") ? 1 : 0);
  return dbl === 1 ? width < 8 : width === 8;
}
function addressProblem(address) {
  if (address.trim() === "") return { message: "is empty", hint: "Set `ansible_host` to the image-builder's host name or IP address." };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) {
    return { message: `${JSON.stringify(address)} is a URL, not a host`, hint: "Give only the host name or IP address, without `ssh://` or any path." };
  }
  if (address.endsWith("/")) {
    return { message: `${JSON.stringify(address)} ends with "/"`, hint: `Remove the trailing "/": ${JSON.stringify(address.replace(/\/+$/, ""))}.` };
  }
  if (/\s/.test(address)) return { message: `${JSON.stringify(address)} contains white space`, hint: "Give one host name or IP address." };
  if (address.includes("@")) {
    return { message: `${JSON.stringify(address)} contains a user ("user@host")`, hint: "Put the user in `ansible_user` and only the host in `ansible_host`." };
  }
  if (address.includes("/")) return { message: `${JSON.stringify(address)} contains "/"`, hint: "Give only the host name or IP address." };
  const hostPort = /^([^:]+):(\d+)$/.exec(address);
  if (hostPort) {
    return { message: `${JSON.stringify(address)} includes a port`, hint: `Set \`ansible_host: ${hostPort[1]}\` and \`ansible_port: ${hostPort[2]}\`.` };
  }
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (IPV4_RE.test(bare) || isIPv6(bare) || HOSTNAME_RE.test(address)) return void 0;
  return { message: `${JSON.stringify(address)} is not a host name or IP address`, hint: 'Host names use letters, digits, "-" and "."; check for typos.' };
}
function isTemplated(node) {
  return !!node && node.kind === "scalar" && typeof node.value === "string" && node.value.includes("{{");
}
var InventoryReader = class {
  constructor(cx) {
    this.cx = cx;
    this.group("all");
  }
  cx;
  groups = /* @__PURE__ */ new Map();
  hosts = /* @__PURE__ */ new Map();
  group(name) {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, vars: /* @__PURE__ */ new Map(), hosts: /* @__PURE__ */ new Set(), children: /* @__PURE__ */ new Set(), parents: /* @__PURE__ */ new Set() };
      this.groups.set(name, g);
    }
    return g;
  }
  readGroup(name, node, parent, depth) {
    const g = this.group(name);
    if (parent && parent !== name) {
      this.group(parent).children.add(name);
      g.parents.add(parent);
    }
    if (isNull(node)) return;
    if (depth > 100) return;
    const cx = this.cx;
    if (node.kind !== "map") {
      report(
        cx,
        node.offset,
        "type",
        `group "${name}" must be a mapping (with \`hosts\`, \`children\`, \`vars\`), not ${node.kind === "seq" ? "a list" : "a single value"}`,
        "Ansible skips it, so its hosts are not image-builders."
      );
      return;
    }
    cx.where.push(`group "${name}"`);
    try {
      groupSchema.check(node, cx, [], node.offset);
    } finally {
      cx.where.pop();
    }
    const map = node;
    const vars = map.byKey.get("vars");
    if (vars && !isNull(vars.value)) {
      if (vars.value.kind !== "map") {
        report(cx, vars.value.offset, "type", `\`vars\` of group "${name}" must be a mapping of variables`);
      } else {
        for (const p of vars.value.pairs) if (p.name !== void 0) g.vars.set(p.name, { node: p.value, keyOffset: p.key.offset });
      }
    }
    const hosts = map.byKey.get("hosts");
    if (hosts && !isNull(hosts.value)) {
      if (hosts.value.kind !== "map") {
        report(
          cx,
          hosts.value.offset,
          "type",
          `\`hosts\` of group "${name}" must be a mapping of host names (each with its variables), not ${hosts.value.kind === "seq" ? "a list" : "a single value"}`,
          hosts.value.kind === "seq" ? "Write each host as a key: `hosts: {builder1: {ansible_host: ...}}`." : void 0
        );
      } else {
        for (const p of hosts.value.pairs) {
          const pattern = p.key.kind === "scalar" && p.key.value !== null ? String(p.key.value) : void 0;
          if (pattern === void 0) {
            report(cx, p.key.offset, "type", `a host name in group "${name}" must be a string`);
            continue;
          }
          const names = expandHostPattern(pattern);
          if (!Array.isArray(names)) {
            report(cx, p.key.offset, "value", `host ${JSON.stringify(pattern)}: ${names.error}`);
            continue;
          }
          let hostVars;
          if (!isNull(p.value)) {
            if (p.value.kind !== "map") {
              report(
                cx,
                p.value.offset,
                "type",
                `host "${pattern}" must have a mapping of variables (or nothing), not ${p.value.kind === "seq" ? "a list" : "a single value"}`,
                "Write `ansible_host: ...` under the host name."
              );
            } else hostVars = p.value;
          }
          for (const hn of names) {
            let h = this.hosts.get(hn);
            if (!h) {
              h = { name: hn, vars: /* @__PURE__ */ new Map(), groups: /* @__PURE__ */ new Set(), offset: p.key.offset };
              this.hosts.set(hn, h);
            }
            h.groups.add(name);
            g.hosts.add(hn);
            if (hostVars) {
              for (const v of hostVars.pairs) if (v.name !== void 0) h.vars.set(v.name, { node: v.value, keyOffset: v.key.offset });
            }
          }
        }
      }
    }
    const children = map.byKey.get("children");
    if (children && !isNull(children.value)) {
      if (children.value.kind !== "map") {
        report(cx, children.value.offset, "type", `\`children\` of group "${name}" must be a mapping of group names`);
      } else {
        for (const p of children.value.pairs) {
          if (p.name === void 0) continue;
          this.readGroup(p.name, p.value, name, depth + 1);
        }
      }
    }
  }
  /** Depth of each group below `all` (longest path), and the groups in loops. */
  depths() {
    const depth = /* @__PURE__ */ new Map();
    const loops = [];
    const visiting = /* @__PURE__ */ new Set();
    const visit = (name) => {
      if (name === "all") return 0;
      const known = depth.get(name);
      if (known !== void 0) return known;
      if (visiting.has(name)) {
        loops.push(name);
        return 1;
      }
      visiting.add(name);
      const g = this.groups.get(name);
      let d = 1;
      for (const p of g.parents) d = Math.max(d, visit(p) + 1);
      visiting.delete(name);
      depth.set(name, d);
      return d;
    };
    for (const name of this.groups.keys()) visit(name);
    return { depth, loops };
  }
  /** All groups a host is in, with ancestors (not `all`). */
  ancestry(host) {
    const out = /* @__PURE__ */ new Set();
    const stack = [...host.groups];
    while (stack.length) {
      const n = stack.pop();
      if (n === "all" || out.has(n)) continue;
      out.add(n);
      for (const p of this.groups.get(n)?.parents ?? []) stack.push(p);
    }
    return out;
  }
  /** A host's variables, with Ansible's precedence: all < shallower groups < deeper groups < host. */
  varsOf(host, depth) {
    const groups = [...this.ancestry(host)];
    const priority = (g) => {
      const v = this.groups.get(g)?.vars.get("ansible_group_priority")?.node;
      return v && v.kind === "scalar" && v.tag === "int" ? v.value : 1;
    };
    groups.sort((a, b) => depth.get(a) - depth.get(b) || priority(a) - priority(b) || (a < b ? -1 : a > b ? 1 : 0));
    const out = new Map(this.groups.get("all").vars);
    for (const g of groups) for (const [k, v] of this.groups.get(g).vars) out.set(k, v);
    for (const [k, v] of host.vars) out.set(k, v);
    return out;
  }
  /** Hosts of a group, including those of its children. */
  hostsOfGroup(name) {
    if (name === "all") return new Set(this.hosts.keys());
    const out = /* @__PURE__ */ new Set();
    const seen = /* @__PURE__ */ new Set();
    const stack = [name];
    while (stack.length) {
      const n = stack.pop();
      if (seen.has(n)) continue;
      seen.add(n);
      const g = this.groups.get(n);
      if (!g) continue;
      for (const h of g.hosts) out.add(h);
      for (const c of g.children) stack.push(c);
    }
    if (name === "ungrouped") {
      for (const h of this.hosts.values()) if ([...h.groups].every((x) => x === "all" || x === "ungrouped")) out.add(h.name);
    }
    return out;
  }
};
function firstVar(vars, ...names) {
  for (const n of names) {
    const def = vars.get(n);
    if (def) return { name: n, def };
  }
  return void 0;
}
function scalarText(node) {
  if (node === null || node.kind !== "scalar") return void 0;
  if (node.value === null) return "";
  if (typeof node.value === "string" || typeof node.value === "number") return String(node.value);
  return void 0;
}
function globToRegExp(glob) {
  let re = "";
  for (const ch of glob) {
    if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
var IMPLICIT_LOCALHOST = /* @__PURE__ */ new Set(["localhost", "127.0.0.1", "::1"]);
function matchHostPattern(pattern, inv) {
  const terms = pattern.includes(",") ? pattern.split(",") : isIPv6(pattern.trim()) ? [pattern] : pattern.split(":");
  let result = /* @__PURE__ */ new Set();
  const one = (term) => {
    const t = term.trim().replace(/\[[-0-9:]*\]$/, "");
    if (t === "all" || t === "*") return new Set(inv.hostNames);
    const out = /* @__PURE__ */ new Set();
    if (t.startsWith("~")) {
      let re;
      try {
        re = new RegExp(t.slice(1));
      } catch {
        return out;
      }
      for (const g of inv.groupNames) if (re.test(g)) for (const h of inv.hostsOfGroup(g)) out.add(h);
      for (const h of inv.hostNames) if (re.test(h)) out.add(h);
      return out;
    }
    if (inv.groupNames.includes(t)) for (const h of inv.hostsOfGroup(t)) out.add(h);
    if (inv.hostNames.includes(t)) out.add(t);
    if (out.size === 0 && /[*?]/.test(t)) {
      const re = globToRegExp(t);
      for (const g of inv.groupNames) if (re.test(g)) for (const h of inv.hostsOfGroup(g)) out.add(h);
      for (const h of inv.hostNames) if (re.test(h)) out.add(h);
    }
    if (out.size === 0 && IMPLICIT_LOCALHOST.has(t)) out.add(t);
    return out;
  };
  const ordered = [...terms.filter((x) => !/^\s*[!&]/.test(x)), ...terms.filter((x) => /^\s*&/.test(x)), ...terms.filter((x) => /^\s*!/.test(x))];
  for (const raw of ordered) {
    const term = raw.trim();
    if (term === "") continue;
    if (term.startsWith("&")) {
      const keep = one(term.slice(1));
      result = new Set([...result].filter((h) => keep.has(h)));
    } else if (term.startsWith("!")) {
      const drop = one(term.slice(1));
      result = new Set([...result].filter((h) => !drop.has(h)));
    } else {
      for (const h of one(term)) result.add(h);
    }
  }
  return result;
}
function checkPlaybook(file, reader, inventoryPath, diagnostics) {
  const parsed = documentsOf(file);
  diagnostics.push(...parsed.diagnostics);
  const root = parsed.documents[0]?.root ?? null;
  if (!root || root.kind !== "seq") return;
  const cx = { source: file.source, diagnostics, rulePrefix: INVENTORY_RULE_PREFIX, where: [] };
  const hostNames = [...reader.hosts.keys()];
  const groupNames = [...reader.groups.keys()];
  const inv = { hostNames, groupNames, hostsOfGroup: (g) => reader.hostsOfGroup(g) };
  for (const play of root.items) {
    if (play.kind !== "map") continue;
    const pair = play.byKey.get("hosts");
    if (!pair) continue;
    const node = pair.value;
    const patterns = [];
    if (node.kind === "scalar" && node.value !== null) patterns.push({ text: String(node.value), offset: node.offset });
    else if (node.kind === "seq") {
      for (const item of node.items) if (item.kind === "scalar" && item.value !== null) patterns.push({ text: String(item.value), offset: item.offset });
    }
    if (patterns.some((p) => p.text.includes("{{"))) continue;
    const matched = /* @__PURE__ */ new Set();
    for (const p of patterns) for (const h of matchHostPattern(p.text, inv)) matched.add(h);
    if (matched.size > 0) continue;
    const shown = patterns.map((p) => p.text).join(", ");
    const candidates = [...groupNames.filter((g) => g !== "all" && g !== "ungrouped"), ...hostNames];
    let closest;
    let best = Infinity;
    for (const c of candidates) {
      const d = levenshtein(shown, c);
      if (d < best) {
        best = d;
        closest = c;
      }
    }
    report(
      cx,
      patterns[0]?.offset ?? node.offset,
      "no-matching-hosts",
      `\`hosts: ${shown}\` matches no host of ${inventoryPath}: ansible-playbook skips the play and the image is not built`,
      closest && best <= Math.max(2, Math.floor(shown.length / 3)) ? `Did you mean \`${closest}\`?` : hostNames.length ? `The inventory has ${candidates.map((c) => `\`${c}\``).join(", ")}.` : "Add the image-builder to the inventory."
    );
  }
}
function levenshtein(a, b) {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
function validateInventory(file, playbooks, knownHosts) {
  const source = file.source;
  const diagnostics = [];
  const cx = { source, diagnostics, rulePrefix: INVENTORY_RULE_PREFIX, where: [] };
  const parsed = documentsOf(file);
  diagnostics.push(...parsed.diagnostics);
  const reader = new InventoryReader(cx);
  if (parsed.documents.length === 0 && parsed.diagnostics.some((d) => d.severity === "error")) return { diagnostics, hosts: [] };
  const root = parsed.documents[0]?.root ?? null;
  if (!isNull(root)) {
    if (root.kind !== "map") {
      report(
        cx,
        root.offset,
        "type",
        "the inventory must be a mapping of groups (`all:`, `ungrouped:`, ...)",
        "Start with `all:` and put the image-builders under `hosts:`."
      );
    } else {
      for (const p of root.pairs) {
        if (p.name === void 0) {
          report(cx, p.key.offset, "type", "a group name must be a string");
          continue;
        }
        reader.readGroup(p.name, p.value, p.name === "all" ? void 0 : "all", 0);
      }
    }
  }
  const { depth, loops } = reader.depths();
  for (const g of new Set(loops)) {
    diagnostics.push({
      rule: "inventory/group-loop",
      severity: "error",
      file: source.path,
      line: 1,
      column: 1,
      message: `group "${g}" is its own ancestor through \`children\`: Ansible refuses the inventory`,
      hint: "Remove one of the `children` links."
    });
  }
  const hosts = [];
  for (const h of reader.hosts.values()) {
    if (hosts.length === MAX_INVENTORY_HOSTS) {
      const pos2 = posOf(source, h.offset);
      diagnostics.push({
        rule: "inventory/too-many-hosts",
        severity: "error",
        file: source.path,
        line: pos2.line,
        column: pos2.column,
        message: `host "${h.name}" is one more than the ${MAX_INVENTORY_HOSTS.toLocaleString("en-US")} image-builders this check reads (${reader.hosts.size.toLocaleString("en-US")} in all); the rest are not checked`,
        hint: "The inventory is the image-builders of nodepool-builder: list only those (a few hosts), not a whole fleet."
      });
      break;
    }
    const vars = reader.varsOf(h, depth);
    const pos = posOf(source, h.offset);
    const host = {
      name: h.name,
      address: h.name,
      file: source.path,
      line: pos.line,
      column: pos.column,
      groups: [...reader.ancestry(h)].sort(),
      valid: true
    };
    const before = diagnostics.length;
    const addr = firstVar(vars, "ansible_host", "ansible_ssh_host");
    if (addr) {
      const node = addr.def.node;
      const at = node && !isNull(node) ? node.offset : addr.def.keyOffset;
      const text = scalarText(node);
      if (isTemplated(node)) {
        host.address = String(node.value);
      } else if (text === void 0) {
        report(cx, at, "bad-address", `host "${h.name}": \`${addr.name}\` must be a host name or IP address, not a ${node?.kind === "map" ? "mapping" : node?.kind === "seq" ? "list" : "boolean"}`);
      } else if (text.trim() === "") {
        report(
          cx,
          at,
          "no-address",
          `host "${h.name}" has an empty \`${addr.name}\`: there is nothing to connect to`,
          "Set it to the image-builder's host name or IP address."
        );
      } else {
        host.address = text;
        const problem = addressProblem(text);
        if (problem) report(cx, at, "bad-address", `host "${h.name}": \`${addr.name}\` ${problem.message}`, problem.hint);
      }
    } else {
      const problem = addressProblem(h.name);
      if (problem) {
        report(
          cx,
          h.offset,
          "no-address",
          `host "${h.name}" has no \`ansible_host\`, and its name is not a host name or IP address`,
          "Add `ansible_host:` with the image-builder's host name or IP address."
        );
      } else if (!h.name.includes(".") && !IPV4_RE.test(h.name) && !isIPv6(h.name) && h.name !== "localhost") {
        report(
          cx,
          h.offset,
          "implicit-address",
          `host "${h.name}" has no \`ansible_host\`: Ansible connects to "${h.name}" itself, which must resolve from the nodepool-builder pod`,
          "Set `ansible_host` to the image-builder's fully qualified name or IP address.",
          "warning"
        );
      }
    }
    const port = firstVar(vars, "ansible_port", "ansible_ssh_port");
    if (port && !isNull(port.def.node) && !isTemplated(port.def.node)) {
      const node = port.def.node;
      let value;
      if (node.kind === "scalar" && node.tag === "int") value = node.value;
      else if (node.kind === "scalar" && node.tag === "str" && /^\s*\d+\s*$/.test(node.value)) value = Number(node.value);
      if (value === void 0 || !Number.isInteger(value) || value < 1 || value > 65535) {
        report(
          cx,
          node.offset,
          "bad-port",
          `host "${h.name}": \`${port.name}\` must be a TCP port (1 to 65535), not ${node.kind === "scalar" ? JSON.stringify(node.value) : "a " + node.kind}`,
          "SSH listens on 22 unless configured otherwise."
        );
      } else host.port = value;
    }
    const user = firstVar(vars, "ansible_user", "ansible_ssh_user", "ansible_ssh_user_name");
    if (user && !isNull(user.def.node) && !isTemplated(user.def.node)) {
      const node = user.def.node;
      const text = node.kind === "scalar" && node.tag === "str" ? node.value : void 0;
      if (text === void 0 || text.trim() === "" || /[\s@:/]/.test(text)) {
        report(
          cx,
          node.offset,
          "bad-user",
          `host "${h.name}": \`${user.name}\` must be a user name, not ${node.kind === "scalar" ? JSON.stringify(node.value) : "a " + node.kind}`,
          "sf-operator's image-builders use `ansible_user: nodepool`."
        );
      } else host.user = text;
    }
    host.valid = diagnostics.length === before || diagnostics.slice(before).every((d) => d.severity !== "error");
    hosts.push(host);
  }
  if (reader.hosts.size === 0 && !parsed.diagnostics.some((d) => d.severity === "error")) {
    diagnostics.push({
      rule: "inventory/no-hosts",
      severity: "error",
      file: source.path,
      line: root ? posOf(source, root.offset).line : 1,
      column: root ? posOf(source, root.offset).column : 1,
      message: "the inventory has no hosts: dib-ansible has no image-builder to run the build playbooks on",
      hint: "Add the image-builders: `all: {hosts: {image-builder: {ansible_host: ..., ansible_user: nodepool}}}`."
    });
  }
  for (const pb of playbooks) checkPlaybook(pb, reader, source.path, diagnostics);
  const kh = knownHosts ? parseKnownHosts(knownHosts.source.text) : void 0;
  if (knownHosts && kh) {
    for (const p of kh.problems) {
      diagnostics.push({
        rule: "known-hosts/invalid-line",
        severity: "warning",
        file: knownHosts.source.path,
        line: p.line,
        column: 1,
        message: `${knownHosts.source.path} line ${p.line}: ${p.message}; ssh skips this line`,
        hint: "Fix or remove the line."
      });
    }
  }
  if (knownHosts && kh?.tooManyLines !== void 0) {
    diagnostics.push({
      rule: "known-hosts/too-many-lines",
      severity: "error",
      file: knownHosts.source.path,
      line: kh.tooManyLines,
      column: 1,
      message: `${knownHosts.source.path} has more than ${MAX_KNOWN_HOSTS_LINES.toLocaleString("en-US")} lines: from line ${kh.tooManyLines.toLocaleString("en-US")} on, it is not read`,
      hint: "Pin only the image-builders' host keys here (a line or two per host)."
    });
  }
  const names = new Set(hosts.filter((h) => h.valid && !h.address.includes("{{")).map((h) => `${h.address}:${h.port ?? DEFAULT_SSH_PORT}`));
  const salts = kh ? hashedSalts(kh) : [];
  const hashingAllowed = salts.length * names.size <= MAX_HASH_WORK;
  if (knownHosts && !hashingAllowed) {
    const first = salts[Math.floor(MAX_HASH_WORK / Math.max(1, names.size))] ?? salts[salts.length - 1];
    diagnostics.push({
      rule: "known-hosts/too-much-hashing",
      severity: "error",
      file: knownHosts.source.path,
      line: first.line,
      column: 1,
      message: `${knownHosts.source.path} has ${salts.length.toLocaleString("en-US")} hashed lines with different salts and the inventory ${names.size.toLocaleString("en-US")} hosts: matching them takes ${(salts.length * names.size).toLocaleString("en-US")} HMACs, more than the ${MAX_HASH_WORK.toLocaleString("en-US")} allowed; from this line on, the host keys were not looked up`,
      hint: "Write the image-builders' lines unhashed (`ssh-keyscan` without -H: known_hosts here is public and reviewed like code), and remove lines for other hosts."
    });
  }
  for (const host of hosts) {
    if (!host.valid || host.address.includes("{{") || !hashingAllowed) continue;
    const port = host.port ?? DEFAULT_SSH_PORT;
    if (kh && pinnedKeysFor(kh, host.address, port).length > 0) continue;
    const name = port === DEFAULT_SSH_PORT ? host.address : `[${host.address}]:${port}`;
    diagnostics.push({
      rule: "inventory/host-key-not-pinned",
      severity: "warning",
      file: source.path,
      line: host.line,
      column: host.column,
      message: knownHosts ? `image-builder "${host.name}" (${name}) has no pinned host key in ${knownHosts.source.path}: the SSH check will refuse it` : `image-builder "${host.name}" (${name}) has no pinned host key: there is no known_hosts file, so the SSH check will refuse it`,
      hint: `Add its key: \`ssh-keyscan ${port === DEFAULT_SSH_PORT ? "" : `-p ${port} `}-t ed25519 ${host.address}\`, checked against the host itself, to ${knownHosts?.source.path ?? "nodepool/dib-ansible/known_hosts"}.`
    });
  }
  return { diagnostics, hosts };
}

// src/validate/nodepool-schema.ts
var named = (what) => (m) => {
  const n = m.byKey.get("name");
  const v = n ? scalarKeyString(n.value) ?? (n.value.kind === "scalar" ? String(n.value.value) : void 0) : void 0;
  return v !== void 0 ? `${what} ${JSON.stringify(v)}` : void 0;
};
var tenantName = (m) => {
  const n = m.byKey.get("tenant-name")?.value;
  return n?.kind === "scalar" ? `tenant ${JSON.stringify(String(n.value))}` : void 0;
};
var strList = () => list(str());
var V3 = "Nodepool v3 removed this key";
var V3_TOP = {
  cron: `${V3} (\`cron\`): images are rebuilt per diskimage after \`rebuild-age\` seconds (default a day), and cleanup runs on its own.`,
  targets: `${V3} (\`targets\`): Nodepool hands nodes to Zuul through ZooKeeper (\`zookeeper-servers\`).`,
  "gearman-servers": `${V3} (\`gearman-servers\`): Nodepool and Zuul talk through ZooKeeper; set \`zookeeper-servers\`.`,
  "zmq-publishers": `${V3} (\`zmq-publishers\`): Nodepool and Zuul talk through ZooKeeper; set \`zookeeper-servers\`.`
};
var V3_LABEL = {
  image: `${V3} (\`image\` on a label): a top-level label has only \`name\`, \`min-ready\` and \`max-ready-age\`; each provider pool's label picks the image with \`diskimage\` or \`cloud-image\`.`,
  providers: `${V3} (\`providers\` on a label): each provider lists the labels it offers under \`pools[].labels\`.`,
  "ready-script": `${V3} (\`ready-script\`): bake the setup into the image (a diskimage element) or run it as a Zuul pre-run playbook.`,
  subnodes: `${V3} (\`subnodes\`): multi-node jobs use Zuul v3 nodesets, one label per node.`
};
var V3_OPENSTACK = {
  "hostname-format": `${V3} (\`hostname-format\`): Nodepool names servers itself (\`image-name-format\` remains for uploaded images).`,
  "api-timeout": `${V3} (\`api-timeout\`): set \`api_timeout\` for the cloud in clouds.yaml, which openstacksdk reads.`,
  images: `${V3} (\`images\`): a provider lists \`diskimages\` (built by nodepool-builder, named in the top-level \`diskimages\`) and \`cloud-images\` (images that exist in the cloud); pool labels use them with \`diskimage\` or \`cloud-image\`.`,
  "max-servers": `${V3} on openstack providers (\`max-servers\`): limits are set per pool, \`pools[].max-servers\`.`,
  networks: `${V3} on openstack providers (\`networks\`): set \`networks\` on each pool (or label).`,
  "availability-zones": `${V3} on openstack providers (\`availability-zones\`): set \`availability-zones\` on each pool.`,
  keypair: `${V3} (\`keypair\`): set \`key-name\` on each pool label.`
};
var intMap = () => dict(str(), int());
var commonProvider = {
  name: required(str()),
  driver: str(),
  "max-concurrency": int(),
  priority: int()
};
var commonPool = {
  "max-servers": int(),
  "node-attributes": dict(),
  priority: int()
};
var providerOpts = { context: named("provider") };
var poolOpts = { context: named("pool") };
var labelOpts = { context: named("label") };
var imageOpts = (what) => ({ context: named(what) });
function requiredPools(label3, poolFields, options, name = str()) {
  return required(list(object({ ...commonPool, name: required(name), labels: required(list(label3)), ...poolFields }, options)));
}
var openstackLabel = object(
  {
    name: required(str()),
    diskimage: str(),
    "cloud-image": str(),
    "min-ram": int(),
    "flavor-name": str(),
    "key-name": str(),
    "console-log": bool(),
    "boot-from-volume": bool(),
    "volume-size": int(),
    "instance-properties": dict(),
    "dynamic-instance-properties": dict(),
    userdata: str(),
    networks: strList(),
    "host-key-checking": bool()
  },
  {
    ...labelOpts,
    rejected: { image: V3_LABEL.image.replace("a top-level label has only `name`, `min-ready` and `max-ready-age`; each provider pool's label picks", "a pool label picks") },
    exclusive: [["diskimage", "cloud-image"]],
    atLeastOne: [
      ["min-ram", "flavor-name"],
      ["diskimage", "cloud-image"]
    ]
  }
);
var openstackPool = object(
  {
    ...commonPool,
    name: str(),
    networks: strList(),
    "auto-floating-ip": bool(),
    "host-key-checking": bool(),
    "ignore-provider-quota": bool(),
    "max-cores": int(),
    "max-ram": int(),
    "max-volumes": int(),
    "max-volume-gb": int(),
    "availability-zones": strList(),
    "security-groups": strList(),
    labels: list(openstackLabel)
  },
  poolOpts
);
var openstackProvider = object(
  {
    ...commonProvider,
    cloud: required(str()),
    "region-name": str(),
    "nodepool-id": str(),
    "image-name-format": str(),
    "post-upload-hook": str(),
    "boot-timeout": int(),
    "image-upload-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int(),
    "port-cleanup-interval": int(),
    rate: coerceFloat(),
    "clean-floating-ips": bool(),
    pools: list(openstackPool),
    // `name` is optional in the schema, but config-validate's cross-check crashes without it (KeyError) and the
    // loader needs it: required here.
    diskimages: list(
      object(
        {
          name: required(str()),
          pause: bool(),
          meta: dict(),
          "config-drive": bool(),
          "connection-type": str(),
          "connection-port": int()
        },
        imageOpts("diskimage")
      )
    ),
    // `name` is optional in the schema; the loader fails without it (KeyError): required here.
    "cloud-images": list(
      object(
        {
          name: required(str()),
          "config-drive": bool(),
          "connection-type": str(),
          "connection-port": int(),
          username: str(),
          "python-path": str(),
          "shell-type": str(),
          "image-id": str(),
          "image-name": str()
        },
        { ...imageOpts("cloud-image"), exclusive: [["image-id", "image-name"]] }
      )
    )
  },
  { ...providerOpts, rejected: V3_OPENSTACK }
);
var connection = {
  "connection-type": str(),
  "connection-port": int(),
  "python-path": str(),
  "shell-type": str()
};
var awsProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object(
        {
          name: required(str()),
          "key-name": required(str()),
          "cloud-image": str(),
          diskimage: str(),
          "instance-type": str(),
          fleet: object({
            "instance-types": required(list()),
            "allocation-strategy": required(
              oneOf("prioritized", "price-capacity-optimized", "capacity-optimized", "diversified", "lowest-price")
            )
          }),
          "ebs-optimized": bool(),
          "volume-type": str(),
          "volume-size": int(),
          iops: int(),
          throughput: int(),
          userdata: str(),
          "iam-instance-profile": object(
            { name: str(), arn: str() },
            { exclusive: [["name", "arn"]], atLeastOne: [["name", "arn"]] }
          ),
          tags: dict(),
          "dynamic-tags": dict(),
          "use-spot": bool(),
          imdsv2: oneOf(null, "required", "optional"),
          "dedicated-host": bool()
        },
        {
          ...labelOpts,
          exclusive: [
            ["cloud-image", "diskimage"],
            ["instance-type", "fleet"]
          ]
        }
      ),
      {
        "security-group-id": str(),
        "subnet-id": str(),
        "public-ip-address": bool(),
        "public-ipv4": bool(),
        "public-ipv6": bool(),
        "host-key-checking": bool(),
        "max-cores": int(),
        "max-ram": int(),
        "max-resources": intMap(),
        "availability-zone": str()
      },
      { ...poolOpts, rejected: { "use-internal-ip": "Nodepool documents `use-internal-ip` for aws pools and its loader reads it, but `nodepool config-validate` rejects it; remove it." } }
    ),
    "region-name": required(str()),
    rate: number(),
    "profile-name": str(),
    "boot-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int(),
    "image-import-timeout": int(),
    "max-servers": int(),
    "max-cores": int(),
    "max-ram": int(),
    "max-resources": intMap(),
    "object-storage": object({ "bucket-name": required(str()) }),
    "image-format": oneOf("ova", "vhd", "vhdx", "vmdk", "raw"),
    "post-upload-hook": str(),
    "cloud-images": list(
      object(
        {
          name: required(str()),
          username: required(str()),
          "image-id": str(),
          "image-filters": list(
            object({ Name: str(), name: str(), Values: strList(), values: strList() })
          ),
          ...connection
        },
        {
          ...imageOpts("cloud-image"),
          exclusive: [["image-id", "image-filters"]],
          atLeastOne: [["image-id", "image-filters"]]
        }
      )
    ),
    diskimages: list(
      object(
        {
          name: required(str()),
          username: str(),
          pause: bool(),
          ...connection,
          architecture: str(),
          "ena-support": bool(),
          "volume-size": int(),
          "volume-type": str(),
          "import-method": oneOf("snapshot", "ebs-direct", "image"),
          "imds-support": oneOf("v2.0", null),
          iops: int(),
          throughput: int(),
          tags: dict()
        },
        imageOpts("diskimage")
      )
    )
  },
  {
    ...providerOpts,
    rejected: Object.fromEntries(
      ["host-key-checking", "use-internal-ip", "public-ipv4", "public-ipv6"].map((k) => [
        k,
        `Nodepool's loader reads \`${k}\` on an aws provider, but \`nodepool config-validate\` rejects it there; set it on each pool instead${k === "use-internal-ip" ? " (where it is rejected too: remove it)" : ""}.`
      ])
    )
  }
);
var ipBools = {
  ipv4: bool(),
  ipv6: bool(),
  "public-ipv4": bool(),
  "public-ipv6": bool(),
  "use-internal-ip": bool(),
  "host-key-checking": bool()
};
var galleryImage = () => object({ "gallery-name": required(str()), name: required(str()), version: str() });
var azureImageSources = ["image-reference", "image-id", "image-filter", "community-gallery-image", "shared-gallery-image"];
var azureProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object(
        {
          name: required(str()),
          "hardware-profile": required(object({ "vm-size": required(str()) })),
          "cloud-image": str(),
          diskimage: str(),
          tags: dict(),
          "dynamic-tags": dict(),
          "user-data": str(),
          "custom-data": str(),
          "volume-size": int()
        },
        labelOpts
      ),
      {
        ...ipBools
      },
      poolOpts
    ),
    location: required(str()),
    "resource-group": required(str()),
    "resource-group-location": required(str()),
    "auth-path": required(str()),
    "subnet-id": str(),
    network: union([str(), object({ "resource-group": str(), network: str(), subnet: str() })], {
      pick: (n) => n?.kind === "map" ? 1 : 0
    }),
    ...ipBools,
    "post-upload-hook": str(),
    rate: coerceFloat(),
    "boot-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int(),
    "zuul-public-key": str(),
    "cloud-images": list(
      object(
        {
          name: required(str()),
          username: required(str()),
          password: str(),
          "generate-password": bool(),
          key: str(),
          "image-reference": object({
            sku: required(str()),
            publisher: required(str()),
            version: required(str()),
            offer: required(str())
          }),
          "image-id": str(),
          "image-filter": object({ location: str(), name: str(), tags: dict() }),
          "community-gallery-image": galleryImage(),
          "shared-gallery-image": galleryImage(),
          ...connection
        },
        { ...imageOpts("cloud-image"), exclusive: [azureImageSources], atLeastOne: [azureImageSources] }
      )
    ),
    diskimages: list(
      object(
        { name: required(str()), username: str(), key: str(), pause: bool(), ...connection, tags: dict() },
        imageOpts("diskimage")
      )
    )
  },
  providerOpts
);
var gceProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object(
        {
          name: required(str()),
          "cloud-image": required(str()),
          "instance-type": required(str()),
          "volume-type": str(),
          "volume-size": int()
        },
        labelOpts
      ),
      {
        "use-internal-ip": bool()
      },
      poolOpts
    ),
    region: required(str()),
    project: required(str()),
    zone: required(str()),
    // `name` is optional in the schema; the loader fails without it (KeyError): required here.
    "cloud-images": list(
      object(
        {
          name: required(str()),
          "connection-type": str(),
          "connection-port": int(),
          "shell-type": str(),
          "image-id": str(),
          "image-project": str(),
          "image-family": str(),
          username: str(),
          key: str(),
          "python-path": str()
        },
        imageOpts("cloud-image")
      )
    ),
    "boot-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int(),
    "rate-limit": int()
  },
  {
    ...providerOpts,
    rejected: { rate: "The gce driver has no `rate`; `nodepool config-validate` rejects it. Use `rate-limit`." }
  }
);
var ibmImageSources = ["image-href", "image-id", "image-name", "image-filter"];
var ibmvpcProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object(
        {
          name: required(str()),
          profile: required(str()),
          "cloud-image": str(),
          diskimage: str(),
          "user-data": str()
        },
        labelOpts
      ),
      {
        zone: str(),
        subnet: str(),
        "public-ipv4": bool(),
        "use-internal-ip": bool(),
        "host-key-checking": bool()
      },
      poolOpts,
      match(/[^_]+/, "a name that does not start with `_` (IBM Cloud names cannot contain underscores)")
    ),
    vpc: required(str()),
    region: required(str()),
    zone: str(),
    subnet: str(),
    quota: object({ instances: int(), cores: int(), ram: int() }),
    "public-ipv4": bool(),
    "use-internal-ip": bool(),
    "host-key-checking": bool(),
    "post-upload-hook": str(),
    rate: coerceFloat(),
    "boot-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int(),
    "credentials-file": str(),
    "object-storage": object({ "instance-name": required(str()), endpoint: required(str()), "bucket-name": required(str()) }),
    "cloud-images": list(
      object(
        {
          name: required(str()),
          username: required(str()),
          keys: strList(),
          ...connection,
          "image-href": str(),
          "image-id": str(),
          "image-name": str(),
          "image-filter": object({
            "operating-system": object({
              architecture: str(),
              "dedicated-host-only": bool(),
              "display-name": str(),
              family: str(),
              href: str(),
              name: str(),
              vendor: str(),
              version: str()
            }),
            "owner-type": str(),
            status: str()
          })
        },
        { ...imageOpts("cloud-image"), exclusive: [ibmImageSources], atLeastOne: [ibmImageSources] }
      )
    ),
    diskimages: list(
      object(
        { name: required(str()), "operating-system": required(str()), pause: bool(), ...connection },
        imageOpts("diskimage")
      )
    )
  },
  providerOpts
);
var podResources = {
  cpu: int(),
  memory: int(),
  storage: int(),
  "cpu-limit": int(),
  "memory-limit": int(),
  "storage-limit": int(),
  gpu: float(),
  "gpu-resource": str()
};
var podCommon = {
  "image-pull": str(),
  "python-path": str(),
  "shell-type": str(),
  ...podResources,
  env: list(object({ name: required(str()), value: required(str()) })),
  "node-selector": dict(),
  privileged: bool(),
  "scheduler-name": str(),
  volumes: list(),
  "volume-mounts": list(),
  labels: dict(),
  "dynamic-labels": dict(),
  annotations: dict(),
  "extra-resources": intMap()
};
var specLabelKeys = { labels: dict(), "dynamic-labels": dict(), annotations: dict() };
var hasSpec = (n) => n?.kind === "map" && n.byKey.has("spec") ? 1 : 0;
var specHint = "A label with `spec` gives the whole pod spec: it takes only `name`, `type`, `spec`, `labels`, `dynamic-labels` and `annotations`; move the other settings into the spec.";
var kubernetesLabel = union(
  [
    object({ name: required(str()), type: required(str()), image: str(), ...podCommon }, labelOpts),
    object(
      { name: required(str()), type: required(str()), spec: required(dict()), ...specLabelKeys },
      { ...labelOpts, rejected: Object.fromEntries(Object.keys({ image: 1, ...podCommon }).map((k) => [k, specHint])) }
    )
  ],
  { pick: hasSpec }
);
var openshiftLabel = union(
  [
    object(
      { name: required(str()), type: required(str()), image: str(), "image-pull-secrets": list(), ...podCommon },
      labelOpts
    ),
    object(
      { name: required(str()), type: required(str()), spec: required(dict()), ...specLabelKeys },
      {
        ...labelOpts,
        rejected: Object.fromEntries(Object.keys({ image: 1, "image-pull-secrets": 1, ...podCommon }).map((k) => [k, specHint]))
      }
    )
  ],
  { pick: hasSpec }
);
var openshiftpodsLabel = union(
  [
    object(
      { name: required(str()), image: required(str()), "image-pull-secrets": list(), ...podCommon },
      {
        ...labelOpts,
        rejected: { type: "The openshiftpods driver always makes pods: `type` is not allowed (it is for kubernetes and openshift labels)." }
      }
    ),
    object(
      { name: required(str()), spec: required(dict()), ...specLabelKeys },
      {
        ...labelOpts,
        rejected: Object.fromEntries(Object.keys({ image: 1, "image-pull-secrets": 1, type: 1, ...podCommon }).map((k) => [k, specHint]))
      }
    )
  ],
  { pick: hasSpec }
);
var k8sPool = (label3) => object(
  {
    ...commonPool,
    name: required(str()),
    labels: required(list(label3)),
    "max-cores": int(),
    "max-ram": int(),
    "max-resources": intMap(),
    "default-label-cpu": int(),
    "default-label-memory": int(),
    "default-label-storage": int(),
    "default-label-cpu-limit": int(),
    "default-label-memory-limit": int(),
    "default-label-storage-limit": int(),
    "default-label-extra-resources": intMap()
  },
  {
    ...poolOpts,
    rejected: {
      "default-label-extra_resources": "Nodepool's loader reads `default-label-extra_resources` (with an underscore) but `config-validate` rejects it, and accepts `default-label-extra-resources` which the loader ignores. There is no working spelling: set `extra-resources` on each label."
    }
  }
);
var kubernetesProvider = object(
  {
    ...commonProvider,
    pools: required(list(k8sPool(kubernetesLabel))),
    context: str(),
    "launch-retries": int(),
    "max-servers": int(),
    "max-cores": int(),
    "max-ram": int(),
    "max-resources": intMap()
  },
  providerOpts
);
var openshiftProvider = object(
  {
    ...commonProvider,
    pools: required(list(k8sPool(openshiftLabel))),
    context: required(str()),
    "launch-retries": int(),
    "max-projects": int(),
    "max-cores": int(),
    "max-ram": int(),
    "max-resources": intMap()
  },
  {
    ...providerOpts,
    rejected: {
      "max-servers": "The openshift driver limits projects, not servers: use `max-projects` (`config-validate` rejects `max-servers` here although the docs mention it)."
    }
  }
);
var openshiftpodsProvider = object(
  {
    ...commonProvider,
    pools: required(list(k8sPool(openshiftpodsLabel))),
    context: required(str()),
    "launch-retries": int(),
    "max-pods": int(),
    "max-cores": int(),
    "max-ram": int(),
    "max-resources": intMap()
  },
  {
    ...providerOpts,
    rejected: {
      "max-servers": "`config-validate` rejects `max-servers` on an openshiftpods provider; use `max-pods` (or limit each pool with its own `max-servers`).",
      "max-projects": "`config-validate` rejects `max-projects` on an openshiftpods provider; use `max-pods`."
    }
  }
);
var strOrList = () => union([str(), list(str())], { pick: (n) => n?.kind === "seq" ? 1 : 0, describe: "a string or a list of strings" });
var staticProvider = object(
  {
    ...commonProvider,
    pools: list(
      object(
        {
          ...commonPool,
          name: str(),
          nodes: list(
            object(
              {
                name: required(str()),
                labels: required(strOrList()),
                username: str(),
                timeout: int(),
                "host-key-checking": bool(),
                "host-key": strOrList(),
                "connection-port": int(),
                "connection-type": str(),
                "shell-type": str(),
                "max-parallel-jobs": int(),
                "python-path": str()
              },
              {
                context: named("node"),
                rejected: { "ssh-port": "`ssh-port` is the old spelling: `config-validate` rejects it. Use `connection-port`." }
              }
            )
          )
        },
        poolOpts
      )
    )
  },
  providerOpts
);
var metastaticProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object(
        {
          name: required(str()),
          "backing-label": required(str()),
          "max-parallel-jobs": int(),
          "grace-time": int(),
          "min-retention-time": int(),
          "max-age": int(),
          "host-key-checking": bool()
        },
        labelOpts
      ),
      {
        "max-servers": int(),
        "host-key-checking": bool()
      },
      poolOpts
    ),
    "boot-timeout": int(),
    "launch-timeout": int(),
    "launch-retries": int()
  },
  providerOpts
);
var testProvider = object(
  { ...commonProvider, pools: list(object({ ...commonPool, name: str(), labels: strList() }, poolOpts)) },
  providerOpts
);
var exampleProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object({ name: required(str()), "cloud-image": required(str()), "instance-type": required(str()) }, labelOpts),
      { "use-internal-ip": bool() },
      poolOpts
    ),
    region: required(str()),
    project: required(str()),
    "cloud-images": list(
      object(
        { name: str(), "connection-type": str(), "connection-port": int(), "image-id": str(), username: str(), key: str(), "python-path": str() },
        imageOpts("cloud-image")
      )
    ),
    "boot-timeout": int(),
    "launch-retries": int(),
    "rate-limit": int()
  },
  providerOpts
);
var DRIVERS = {
  openstack: openstackProvider,
  fake: openstackProvider,
  aws: awsProvider,
  azure: azureProvider,
  gce: gceProvider,
  ibmvpc: ibmvpcProvider,
  kubernetes: kubernetesProvider,
  openshift: openshiftProvider,
  openshiftpods: openshiftpodsProvider,
  static: staticProvider,
  metastatic: metastaticProvider,
  test: testProvider,
  example: exampleProvider
};
function providerDriver(provider) {
  const nameNode = provider.byKey.get("name")?.value;
  const name = nameNode?.kind === "scalar" ? String(nameNode.value) : "";
  const driverPair = provider.byKey.get("driver");
  if (name.startsWith("fake")) return { driver: "fake", forcedFake: true, driverNode: driverPair?.value };
  if (!driverPair) return { driver: "openstack", forcedFake: false };
  const v = driverPair.value;
  return { driver: v.kind === "scalar" ? String(v.value) : "?", forcedFake: false, driverNode: v };
}
var ProviderSchema = class extends Schema {
  check(node, cx, path2, fallback) {
    if (!node || node.kind !== "map") {
      report(cx, node ? node.offset : fallback, "type", `\`${path2.join(".")}\` must be a mapping (a provider)`);
      return false;
    }
    const { driver, forcedFake, driverNode } = providerDriver(node);
    const schema = Object.hasOwn(DRIVERS, driver) ? DRIVERS[driver] : void 0;
    if (!schema) {
      const where = node.byKey.get("name");
      const nm = where?.value.kind === "scalar" ? ` "${String(where.value.value)}"` : "";
      report(
        cx,
        driverNode?.offset ?? node.offset,
        "unknown-driver",
        `provider${nm}: unknown driver ${JSON.stringify(driver)}`,
        `Nodepool's drivers: ${Object.keys(DRIVERS).filter((d) => d !== "fake").join(", ")}.`
      );
      return false;
    }
    const before = cx.diagnostics.length;
    const ok = schema.check(node, cx, path2, fallback);
    if (forcedFake && driver === "fake") {
      const declared = driverNode?.kind === "scalar" ? String(driverNode.value) : "openstack";
      if (declared !== "openstack" && declared !== "fake") {
        for (const d of cx.diagnostics.slice(before)) {
          d.hint = `${d.hint ? d.hint + " " : ""}Nodepool uses its fake (OpenStack) driver for any provider whose name starts with "fake", whatever \`driver: ${declared}\` says: rename the provider.`;
        }
      }
    }
    return ok;
  }
  describe() {
    return "a provider";
  }
  toJSONSchema() {
    return {
      type: "object",
      required: ["name"],
      properties: { name: { type: "string" }, driver: { enum: Object.keys(DRIVERS).filter((d) => d !== "fake") } },
      allOf: Object.entries(DRIVERS).filter(([d]) => d !== "fake").map(([d, s]) => ({
        if: d === "openstack" ? { not: { required: ["driver"] } } : { properties: { driver: { const: d } }, required: ["driver"] },
        then: s.toJSONSchema()
      }))
    };
  }
};
var diskimageSchema = object(
  {
    name: required(str()),
    abstract: bool(),
    "dib-cmd": str(),
    pause: bool(),
    elements: strList(),
    formats: strList(),
    "keep-formats": strList(),
    "delete-after-upload": bool(),
    parent: str(),
    release: union([str(), int()], { describe: 'a string or an integer (quote it: "9.1")' }),
    "rebuild-age": int(),
    "env-vars": dict(str(), str()),
    username: str(),
    "python-path": str(),
    "build-timeout": int(),
    metadata: dict()
  },
  {
    context: named("diskimage"),
    rejected: {
      "shell-type": "The builder reads `shell-type` on a diskimage, but `config-validate` rejects it; set it on the provider's diskimage or cloud-image instead."
    }
  }
);
var nodepoolSchema = object({
  webapp: object({ port: int(), listen_address: str() }),
  "elements-dir": str(),
  "images-dir": str(),
  "build-log-dir": str(),
  "build-log-retention": int(),
  "zookeeper-servers": list(object({ host: str(), port: int(), chroot: str() })),
  "zookeeper-tls": object({ cert: str(), key: str(), ca: str() }),
  "zookeeper-timeout": float(),
  providers: list(new ProviderSchema()),
  labels: list(object({ name: str(), "min-ready": int(), "max-ready-age": int() }, { context: named("label"), rejected: V3_LABEL })),
  diskimages: list(diskimageSchema),
  "max-hold-age": int(),
  "tenant-resource-limits": list(
    object(
      { "tenant-name": required(str()), "max-cores": int(), "max-ram": int(), "max-servers": int() },
      { context: tenantName, extra: { key: str(), value: int() } }
    )
  )
}, { rejected: V3_TOP });

// src/validate/nodepool.ts
var PLACEHOLDER = /%\((NODEPOOL_[A-Za-z0-9_]*)\)/g;
function substituteNodepoolEnv(text, env) {
  const replacements = [];
  const unset = [];
  let out = "";
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1];
    const value = env[name];
    if (value === void 0) {
      unset.push({ name, offset: m.index });
      continue;
    }
    out += text.slice(last, m.index) + value;
    replacements.push({ start: m.index, end: m.index + m[0].length, length: value.length });
    last = m.index + m[0].length;
  }
  out += text.slice(last);
  return { text: replacements.length ? out : text, replacements, unset };
}
var SF_BASE_KEYS = {
  webapp: "sf-operator's base config sets `webapp` (port 8006, used by the readiness probe and the gateway)",
  "zookeeper-servers": "sf-operator's base config sets `zookeeper-servers` to the deployment's own ZooKeeper",
  "zookeeper-tls": "sf-operator's base config sets `zookeeper-tls` to the deployment's client certificates",
  "images-dir": "sf-operator's base config sets `images-dir` to /var/lib/nodepool/dib",
  "build-log-dir": "sf-operator's base config sets `build-log-dir` to /var/lib/nodepool/builds/logs"
};
var DIB_ANSIBLE = "/usr/local/bin/dib-ansible";
var SF_FLAVOR_NOTE = "This is a Software Factory rule: it applies because `nodepool.flavor` is `software-factory` (the default) in .pool-reconciler.yaml. For a plain Nodepool deployment, set `nodepool.flavor: standalone` there (or pass --standalone, or the `standalone` action input).";
var sfHint = (hint) => `${hint} ${SF_FLAVOR_NOTE}`;
function validateNodepool(file, options = {}) {
  const source = file.source;
  const sf = options.softwareFactory ?? true;
  const diagnostics = [];
  const model = { file: source.path, labels: [], providers: [], diskimages: [], root: null };
  const pos = (offset) => positionOf(source, offset);
  const push = (offset, rule, message, hint, severity = "error") => {
    const p = pos(offset);
    diagnostics.push({ rule, severity, file: source.path, line: p.line, column: p.column, message, ...hint ? { hint } : {} });
  };
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter(([k]) => k.startsWith("NODEPOOL_")));
  const sub = substituteNodepoolEnv(source.text, env);
  for (const u of sub.unset) {
    push(
      u.offset,
      "nodepool/env-unset",
      `%(${u.name}) is not substituted: the environment variable ${u.name} is not set`,
      `Nodepool replaces %(${u.name}) with the value of ${u.name} from its environment before parsing, and keeps the text as written when it is unset; set it (the CLI and action read NODEPOOL_* variables, or \`nodepool.env\` in .pool-reconciler.yaml).`,
      "warning"
    );
  }
  const parsed = parseYaml(source, { text: sub.text, offsetMap: offsetMapFor(sub.replacements) });
  for (const d of diagnostics) {
    if (d.rule === "nodepool/env-unset" && parsed.diagnostics.some((e) => e.severity === "error" && e.line === d.line && e.column === d.column)) {
      d.severity = "error";
    }
  }
  diagnostics.push(...parsed.diagnostics);
  if (parsed.diagnostics.some((d) => d.severity === "error")) return { diagnostics, model };
  const docs = parsed.documents;
  if (docs.length > 1) {
    const second = findDocumentMarker(source, docs[0].explicitStart ? 1 : 0);
    push(
      second,
      sf ? "nodepool/sf-multiple-documents" : "nodepool/multiple-documents",
      `${source.path} holds ${docs.length} YAML documents; Nodepool reads exactly one`,
      sf ? sfHint("sf-operator appends this file to its base config: a second document breaks the merged file. Remove the `---` separators.") : "Remove the `---` separators."
    );
    return { diagnostics, model };
  }
  if (sf && docs[0]?.explicitStart) {
    push(
      findDocumentMarker(source, 0),
      "nodepool/sf-document-start",
      "the file starts with a `---` document marker",
      sfHint("sf-operator appends this file after its base config, which starts its own document: this `---` starts a second document and the merged file no longer loads. Remove it.")
    );
  }
  const root = docs[0]?.root ?? null;
  if (!root || root.kind !== "map") {
    push(
      root?.offset ?? 0,
      "nodepool/type",
      root ? `the top level of ${source.path} must be a mapping, not ${root.kind === "seq" ? "a list" : "a scalar"}` : `${source.path} is empty`,
      root ? "Start with `labels:`, `providers:` or `diskimages:`." : "Nodepool (and sf-operator's config-check) reject an empty file: add `labels: []`, or delete the file."
    );
    return { diagnostics, model };
  }
  const cx = { source, diagnostics, rulePrefix: "nodepool", where: [] };
  nodepoolSchema.check(root, cx, [], 0);
  if (sf) {
    for (const p of root.pairs) {
      const why = p.name !== void 0 && Object.hasOwn(SF_BASE_KEYS, p.name) ? SF_BASE_KEYS[p.name] : void 0;
      if (why) push(
        p.key.offset,
        "nodepool/sf-base-key",
        `\`${p.name}\` must not be set in a Software Factory config repo`,
        sfHint(`${why}; the repo's file is appended to it, so this would silently override it: in a Software Factory config repo, delete this key. A plain Nodepool deployment needs it: keep it and set \`nodepool.flavor: standalone\`.`)
      );
    }
  }
  crossReferences(root, push, model, pos);
  if (sf && file.kind === "nodepool-builder") {
    dibAnsibleChecks(root, (o, r, m, h, sev) => push(o, r, m, h ? sfHint(h) : SF_FLAVOR_NOTE, sev), options.dibAnsible);
  }
  model.root = root;
  compactAllowedKeys(diagnostics);
  return { diagnostics, model };
}
function findDocumentMarker(source, n) {
  let count = 0;
  for (const m of source.text.matchAll(/^---(?=\s|$)/gm)) {
    if (count++ === n) return m.index;
  }
  return 0;
}
var isMap = (n) => n?.kind === "map";
var seqItems = (n) => n?.kind === "seq" ? n.items : [];
var get = (m, key) => m.byKey.get(key)?.value;
var strOf2 = (n) => n?.kind === "scalar" && n.tag !== "null" && typeof n.value !== "object" ? String(n.value) : void 0;
var maps = (n) => seqItems(n).filter(isMap);
var refOf = (n) => {
  const v = strOf2(n);
  return v === "" ? void 0 : v;
};
var truthy = (n) => {
  if (n?.kind !== "scalar") return n !== void 0 && (n.kind === "map" ? n.pairs.length > 0 : n.items.length > 0);
  const v = n.value;
  return v !== null && v !== false && v !== 0 && v !== "";
};
var isAbstract = (d) => truthy(get(d, "abstract"));
var pyNumber = (n, dflt) => {
  if (n === void 0) return dflt;
  if (n.kind !== "scalar") return `${n.kind}@${n.offset}`;
  if (n.value === null || typeof n.value === "number") return n.value;
  if (typeof n.value === "boolean") return n.value ? 1 : 0;
  return `s:${String(n.value)}`;
};
function crossReferences(root, push, model, at) {
  const topLabels = /* @__PURE__ */ new Set();
  for (const l of maps(get(root, "labels"))) {
    const name = strOf2(get(l, "name"));
    if (name === void 0) {
      push(
        l.offset,
        "nodepool/label-name-required",
        "a top-level label has no `name`",
        "Nodepool's config-validate crashes on this (KeyError: 'name'). Add `name:`."
      );
      continue;
    }
    topLabels.add(name);
    const p = at(l.offset);
    model.labels.push({ name, line: p.line, column: p.column });
  }
  const diskimages = /* @__PURE__ */ new Map();
  const firstSeen = /* @__PURE__ */ new Map();
  for (const d of maps(get(root, "diskimages"))) {
    const nameNode = get(d, "name");
    const name = strOf2(nameNode);
    if (name === void 0) continue;
    const first = firstSeen.get(name);
    if (first) {
      const a = at(first.offset);
      push(
        nameNode.offset,
        "nodepool/duplicate-diskimage",
        `diskimage "${name}" is already defined at line ${a.line}`,
        "Diskimage names must be unique; rename or remove one."
      );
    } else firstSeen.set(name, nameNode);
    diskimages.set(name, d);
  }
  model.diskimages = [...diskimages.keys()];
  for (const d of maps(get(root, "diskimages"))) {
    const name = strOf2(get(d, "name"));
    const parentNode = get(d, "parent");
    const parent = refOf(parentNode);
    if (name !== void 0 && parent !== void 0 && !diskimages.has(parent)) {
      push(
        parentNode.offset,
        "nodepool/missing-parent",
        `diskimage "${name}" has a parent "${parent}" that is not defined`,
        hintFor(parent, [...diskimages.keys()], "Define the parent diskimage, or fix the name.")
      );
    }
  }
  const walked = /* @__PURE__ */ new Set();
  for (const [name, d] of diskimages) {
    if (isAbstract(d)) continue;
    for (let cur = refOf(get(d, "parent")); cur !== void 0 && diskimages.has(cur) && !walked.has(cur); ) {
      walked.add(cur);
      cur = refOf(get(diskimages.get(cur), "parent"));
    }
    walked.add(name);
  }
  for (const [name, d] of diskimages) {
    if (!walked.has(name)) continue;
    const seen = /* @__PURE__ */ new Set([name]);
    let cur = refOf(get(d, "parent"));
    while (cur !== void 0 && diskimages.has(cur)) {
      if (seen.has(cur)) {
        if (cur === name) {
          const parentNode = get(d, "parent");
          push(
            parentNode.offset,
            "nodepool/parent-cycle",
            seen.size === 1 ? `diskimage "${name}" is its own parent` : `diskimage "${name}" is part of a parent cycle: ${[...seen, cur].join(" \u2192 ")}`,
            "Nodepool's loader recurses forever on a parent cycle (config-validate does not notice). Break the cycle."
          );
        }
        break;
      }
      seen.add(cur);
      cur = refOf(get(diskimages.get(cur), "parent"));
    }
  }
  for (const z of maps(get(root, "zookeeper-servers"))) {
    if (!z.byKey.has("host")) {
      push(
        z.offset,
        "nodepool/zookeeper-host",
        "a zookeeper server has no `host`",
        "config-validate accepts this, but Nodepool fails to start (KeyError: 'host'). Add `host:`."
      );
    }
  }
  for (const provider of maps(get(root, "providers"))) checkProvider(provider, topLabels, diskimages, push, model, at);
}
function hintFor(word, candidates, fallback) {
  const close = candidates.find((c) => c.toLowerCase() === word.toLowerCase() || levenshteinSmall(c, word));
  return close ? `Did you mean \`${close}\`?` : fallback;
}
function levenshteinSmall(a, b) {
  if (Math.abs(a.length - b.length) > 2) return false;
  let diff = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) diff++;
  return diff <= 2;
}
function checkProvider(provider, topLabels, diskimages, push, model, at) {
  const name = strOf2(get(provider, "name"));
  if (name === void 0) return;
  const { driver } = providerDriver(provider);
  const where = `provider "${name}"`;
  const p = at(provider.offset);
  const positions = {};
  for (const k of ["cloud", "region-name", "context"]) {
    const n = get(provider, k);
    if (n) positions[k] = at(n.offset);
  }
  model.providers.push({
    name,
    driver,
    cloud: strOf2(get(provider, "cloud")),
    regionName: strOf2(get(provider, "region-name")),
    context: strOf2(get(provider, "context")),
    line: p.line,
    column: p.column,
    positions
  });
  const providerDiskimages = /* @__PURE__ */ new Map();
  for (const d of maps(get(provider, "diskimages"))) {
    const dn = strOf2(get(d, "name"));
    if (dn !== void 0) providerDiskimages.set(dn, d);
  }
  const cloudImages = /* @__PURE__ */ new Set();
  for (const c of maps(get(provider, "cloud-images"))) {
    const cn = strOf2(get(c, "name"));
    if (cn !== void 0) cloudImages.add(cn);
  }
  if (driver === "openstack" || driver === "fake" || driver === "aws" || driver === "azure" || driver === "ibmvpc") {
    for (const d of maps(get(provider, "diskimages"))) {
      const nameNode = get(d, "name");
      const dn = strOf2(nameNode);
      if (dn !== void 0 && !diskimages.has(dn)) {
        push(
          nameNode.offset,
          "nodepool/undefined-diskimage",
          `${where}: diskimage "${dn}" is not defined in the top-level \`diskimages\` list`,
          hintFor(dn, [...diskimages.keys()], `Add \`- name: ${dn}\` to \`diskimages:\` in this file: the launcher only reads its own file.`)
        );
      } else if (dn !== void 0 && isAbstract(diskimages.get(dn))) {
        push(
          nameNode.offset,
          "nodepool/abstract-diskimage",
          `${where}: diskimage "${dn}" is abstract`,
          `An abstract diskimage is only a parent for others and is never built, so Nodepool fails to load this provider (KeyError: '${dn}'). Name a diskimage that has "${dn}" as its \`parent\`, or remove \`abstract: true\`.`
        );
      }
      if (driver === "aws") awsDiskimageChecks(d, push);
    }
  }
  const pools = maps(get(provider, "pools"));
  for (const pool of pools) {
    const poolName = strOf2(get(pool, "name"));
    const poolWhere = `${where}, pool ${poolName !== void 0 ? `"${poolName}"` : `#${pools.indexOf(pool) + 1}`}`;
    if (poolName === void 0 && !pool.byKey.has("name") && (driver === "openstack" || driver === "fake" || driver === "static")) {
      push(
        pool.offset,
        "nodepool/pool-name-required",
        `${poolWhere}: the pool has no \`name\``,
        "config-validate accepts this, but Nodepool fails to load the config (KeyError: 'name'). Add `name:`."
      );
    }
    if ((driver === "azure" || driver === "ibmvpc") && !pool.byKey.has("max-servers")) {
      push(
        pool.offset,
        "nodepool/max-servers-required",
        `${poolWhere}: \`max-servers\` is required for the ${driver} driver`,
        "config-validate accepts this, but Nodepool fails to load the config (KeyError: 'max-servers'). Add `max-servers:`."
      );
    }
    if (driver === "ibmvpc") {
      for (const k of ["zone", "subnet"]) {
        if (!pool.byKey.has(k) && !provider.byKey.has(k)) {
          push(
            pool.offset,
            "nodepool/ibmvpc-zone-subnet",
            `${poolWhere}: \`${k}\` is set neither on the pool nor on the provider`,
            `Nodepool's ibmvpc driver needs a ${k} to launch servers; set \`${k}:\` on the pool or the provider.`
          );
        }
      }
    }
    const offered = [];
    if (driver === "static") {
      for (const n of maps(get(pool, "nodes"))) {
        const labels = get(n, "labels");
        if (labels?.kind === "scalar" && typeof labels.value === "string") {
          for (const l of labels.value.split(/\s+/).filter(Boolean)) offered.push({ name: l, node: labels });
        } else for (const item of seqItems(labels)) {
          const l = strOf2(item);
          if (l !== void 0) offered.push({ name: l, node: item });
        }
      }
    } else if (driver === "test") {
      for (const item of seqItems(get(pool, "labels"))) {
        const l = strOf2(item);
        if (l !== void 0) offered.push({ name: l, node: item });
      }
    } else if (driver !== "example") {
      for (const l of maps(get(pool, "labels"))) {
        const nameNode = get(l, "name");
        const ln = strOf2(nameNode);
        if (ln !== void 0) offered.push({ name: ln, node: nameNode, label: l });
      }
    }
    for (const o of offered) {
      const labelWhere = `${poolWhere}, label "${o.name}"`;
      if (!topLabels.has(o.name)) {
        push(
          o.node.offset,
          "nodepool/undefined-label",
          `${poolWhere}: label "${o.name}" is not in the top-level \`labels\` list`,
          hintFor(o.name, [...topLabels], `Add \`- name: ${o.name}\` to \`labels:\`${driver === "openstack" ? "" : " (config-validate checks this only for openstack providers, but the launcher fails to load the config without it)"}.`)
        );
      }
      const l = o.label;
      if (!l) continue;
      const diNode = get(l, "diskimage");
      const di = refOf(diNode);
      if (di !== void 0) {
        if ((driver === "openstack" || driver === "fake") && !diskimages.has(di)) {
          push(
            diNode.offset,
            "nodepool/undefined-diskimage",
            `${labelWhere}: diskimage "${di}" is not defined in the top-level \`diskimages\` list`,
            hintFor(di, [...diskimages.keys()], `Add \`- name: ${di}\` to \`diskimages:\`.`)
          );
        } else if ((driver === "openstack" || driver === "fake") && isAbstract(diskimages.get(di))) {
          push(
            diNode.offset,
            "nodepool/abstract-diskimage",
            `${labelWhere}: diskimage "${di}" is abstract`,
            `An abstract diskimage is only a parent for others and is never built, so Nodepool fails to load this label (KeyError: '${di}'). Name a diskimage that has "${di}" as its \`parent\`, or remove \`abstract: true\`.`
          );
        }
        if ((driver === "aws" || driver === "azure" || driver === "ibmvpc") && !providerDiskimages.has(di)) {
          push(
            diNode.offset,
            "nodepool/undefined-diskimage",
            `${labelWhere}: diskimage "${di}" is not in the provider's \`diskimages\``,
            hintFor(di, [...providerDiskimages.keys()], `Add \`- name: ${di}\` to this provider's \`diskimages:\`.`)
          );
        }
      }
      const ciNode = get(l, "cloud-image");
      const ci = refOf(ciNode);
      if (ci !== void 0 && ["openstack", "fake", "aws", "azure", "gce", "ibmvpc"].includes(driver) && !cloudImages.has(ci)) {
        push(
          ciNode.offset,
          "nodepool/undefined-cloud-image",
          `${labelWhere}: cloud-image "${ci}" does not exist in the provider's \`cloud-images\``,
          hintFor(ci, [...cloudImages], `Add \`- name: ${ci}\` to this provider's \`cloud-images:\`; config-validate does not check this, but the launcher fails to load.`)
        );
      }
      if (driver === "aws") awsLabelChecks(l, pool, labelWhere, push);
    }
  }
  if (driver === "metastatic") metastaticChecks(pools, where, push);
}
function awsDiskimageChecks(d, push) {
  const imds = get(d, "imds-support");
  const method = get(d, "import-method");
  if (strOf2(imds) === "v2.0" && strOf2(method) === "image") {
    push(
      method.offset,
      "nodepool/aws-imdsv2-import",
      `diskimage "${strOf2(get(d, "name")) ?? "?"}": IMDSv2 requires the \`snapshot\` or \`ebs-direct\` import method`,
      "config-validate accepts this, but the launcher and builder fail to load it (\"IMDSv2 requires 'snapshot' or 'ebs-direct' import method\"). Use `import-method: snapshot`."
    );
  }
}
function awsLabelChecks(label3, pool, where, push) {
  const dh = get(label3, "dedicated-host");
  if (truthy(dh)) {
    const spot = get(label3, "use-spot");
    if (truthy(spot)) {
      push(
        spot.offset,
        "nodepool/aws-dedicated-host",
        `${where}: \`dedicated-host\` cannot be combined with \`use-spot\``,
        "Nodepool rejects this at load time. Remove one of them."
      );
    }
    if (!truthy(get(pool, "availability-zone"))) {
      push(
        dh.offset,
        "nodepool/aws-dedicated-host",
        `${where}: \`dedicated-host\` needs the pool's \`availability-zone\``,
        "Nodepool rejects this at load time. Set `availability-zone:` on the pool."
      );
    }
  }
}
function metastaticChecks(pools, where, push) {
  const keys = [["max-parallel-jobs", 1], ["grace-time", 60], ["min-retention-time", 0], ["max-age", null]];
  const byBacking = /* @__PURE__ */ new Map();
  for (const pool of pools) {
    const poolName = strOf2(get(pool, "name")) ?? "?";
    for (const l of maps(get(pool, "labels"))) {
      const name = strOf2(get(l, "name")) ?? "?";
      const labelWhere = `${where}, pool "${poolName}", label "${name}"`;
      const settings = keys.map(([k, d]) => pyNumber(get(l, k), d));
      const [, , minRet, maxAge] = settings;
      if (typeof maxAge === "number" && maxAge !== 0 && typeof minRet === "number" && maxAge < minRet) {
        push(
          get(l, "max-age").offset,
          "nodepool/metastatic-max-age",
          `${labelWhere}: \`max-age\` (${maxAge}) is less than \`min-retention-time\` (${minRet})`,
          "Nodepool rejects this at load time. Raise `max-age` or lower `min-retention-time`."
        );
      }
      const backing = strOf2(get(l, "backing-label"));
      if (backing === void 0) continue;
      const first = byBacking.get(backing);
      if (first) {
        const differing = keys.map(([k]) => k).filter((_, i) => first.settings[i] !== settings[i]);
        if (differing.length) {
          const at = get(l, differing.find((k) => l.byKey.has(k)) ?? "backing-label") ?? l;
          push(
            at.offset,
            "nodepool/metastatic-backing-label",
            `${labelWhere}: backing label "${backing}" is also used by label "${first.label}" (pool "${first.pool}") with different ${differing.map((k) => `\`${k}\``).join(", ")}`,
            'Nodepool requires every label sharing a backing label to have identical settings ("Multiple label definitions for the same backing label must be identical").'
          );
          continue;
        }
      }
      byBacking.set(backing, { label: name, pool: poolName, settings });
    }
  }
}
function dibAnsibleChecks(root, push, dib) {
  for (const d of maps(get(root, "diskimages"))) {
    const name = strOf2(get(d, "name")) ?? "?";
    const cmdNode = get(d, "dib-cmd");
    const cmd = strOf2(cmdNode);
    if (cmd === void 0) continue;
    const parts = cmd.trim().split(/\s+/);
    if (parts[0] !== DIB_ANSIBLE) continue;
    const where = `diskimage "${name}"`;
    const playbook = parts[1];
    if (!playbook) {
      push(
        cmdNode.offset,
        "nodepool/dib-playbook",
        `${where}: \`dib-cmd\` names no playbook`,
        `Write \`dib-cmd: ${DIB_ANSIBLE} <playbook>.yaml\` with a playbook from nodepool/dib-ansible/.`
      );
    } else if (playbook.startsWith("/") || playbook.split("/").includes("..")) {
      push(
        cmdNode.offset,
        "nodepool/dib-playbook-path",
        `${where}: playbook path ${JSON.stringify(playbook)} leaves the config repo's dib-ansible directory`,
        "Name a playbook in nodepool/dib-ansible/ by its file name."
      );
    } else if (dib && !dib.playbooks.includes(playbook)) {
      push(
        cmdNode.offset,
        "nodepool/dib-playbook",
        `${where}: playbook ${dib.dir}/${playbook} does not exist`,
        hintFor(playbook, [...dib.playbooks], `dib-ansible runs the playbook from ${dib.dir}/ in the config repo; add it there.`)
      );
    }
    if (dib && !dib.inventory) {
      push(
        cmdNode.offset,
        "nodepool/dib-inventory",
        `${where}: ${dib.dir}/inventory.yaml does not exist`,
        "dib-ansible exits with an error when the inventory of image-builders is missing; add it."
      );
    }
    for (const f of seqItems(get(d, "formats"))) {
      const v = strOf2(f);
      if (v !== void 0 && v !== "raw" && v !== "qcow2") {
        push(
          f.offset,
          "nodepool/dib-format",
          `${where}: format "${v}" is not supported by dib-ansible`,
          "sf-operator's dib-ansible builds only `raw` and `qcow2` images."
        );
      }
    }
  }
}

// src/config/embedded.ts
var ChunkMap = class _ChunkMap {
  constructor(c, fallback) {
    this.c = c;
    this.fallback = fallback;
  }
  c;
  fallback;
  static find(starts, x) {
    let lo = 0;
    let hi = starts.length - 1;
    if (hi < 0 || x < starts[0]) return -1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  toOuter(o) {
    const { inner, outer, len } = this.c;
    if (inner.length === 0) return this.fallback;
    const i = _ChunkMap.find(inner, o);
    if (i < 0) return outer[0];
    const d = o - inner[i];
    return outer[i] + Math.min(d, len[i]);
  }
  toInner(o) {
    const { inner, outer, len } = this.c;
    if (inner.length === 0) return 0;
    const i = _ChunkMap.find(outer, o);
    if (i < 0) return inner[0];
    const d = o - outer[i];
    return inner[i] + Math.min(d, len[i]);
  }
};
function pushChunk(c, inner, outer, len) {
  const n = c.inner.length - 1;
  if (n >= 0 && c.inner[n] + c.len[n] === inner && c.outer[n] + c.len[n] === outer) {
    c.len[n] += len;
    return;
  }
  c.inner.push(inner);
  c.outer.push(outer);
  c.len.push(len);
}
function lineAt(text, start) {
  const nl = text.indexOf("\n", start);
  if (nl === -1) return { end: text.length, next: text.length + 1 };
  const end = nl > start && text[nl - 1] === "\r" ? nl - 1 : nl;
  return { end, next: nl + 1 };
}
function literalChunks(text, value, contentStart, indent) {
  const chunks = { inner: [], outer: [], len: [] };
  let exact = true;
  let innerPos = 0;
  let lineStart = contentStart;
  const lines = value.split("\n");
  for (let k = 0; k < lines.length; k++) {
    const piece = lines[k];
    const isLast = k === lines.length - 1;
    if (lineStart > text.length) {
      pushChunk(chunks, innerPos, text.length, 0);
      innerPos += piece.length + (isLast ? 0 : 1);
      continue;
    }
    const { end, next } = lineAt(text, lineStart);
    const outerStart = Math.min(lineStart + indent, end);
    if (piece.length > 0 && text.slice(outerStart, outerStart + piece.length) !== piece) exact = false;
    pushChunk(chunks, innerPos, outerStart, piece.length + (isLast ? 0 : 1));
    innerPos += piece.length + (isLast ? 0 : 1);
    lineStart = next;
  }
  return { chunks, exact };
}
function foldedChunks(text, value, contentStart, indent) {
  const chunks = { inner: [], outer: [], len: [] };
  let cur = 0;
  let lineStart = contentStart;
  while (cur < value.length && lineStart <= text.length) {
    const { end, next } = lineAt(text, lineStart);
    const line = text.slice(lineStart, end);
    const lead = line.length - line.trimStart().length;
    if (line.trim() !== "" && lead < indent) break;
    const piece = line.length > indent ? line.slice(indent) : "";
    if (piece !== "") {
      const idx = value.indexOf(piece, cur);
      if (idx < 0 || value.slice(cur, idx).trim() !== "") return { chunks, exact: false };
      pushChunk(chunks, idx, lineStart + indent, piece.length);
      cur = idx + piece.length;
    }
    lineStart = next;
  }
  return { chunks, exact: cur >= value.trimEnd().length };
}
var SIMPLE_ESCAPES = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "	",
  "	": "	",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1B",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\x85",
  _: "\xA0",
  L: "\u2028",
  P: "\u2029"
};
var HEX_ESCAPES = { x: 2, u: 4, U: 8 };
function flowChunks(text, start, style, want) {
  const chunks = { inner: [], outer: [], len: [] };
  let out = "";
  const emit = (s, from, width) => {
    for (let k = 0; k < s.length; k++) pushChunk(chunks, out.length + k, from + Math.min(k, width - 1), 1);
    out += s;
  };
  let pendingSpace = [];
  const flushSpace = () => {
    for (const [ch, at] of pendingSpace) emit(ch, at, 1);
    pendingSpace = [];
  };
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (style === 3 && ch === '"') {
      flushSpace();
      break;
    }
    if (style === 2 && ch === "'") {
      flushSpace();
      if (text[i + 1] === "'") {
        emit("'", i, 2);
        i += 2;
        continue;
      }
      break;
    }
    if (style === 1 && out.length + pendingSpace.length >= want) break;
    if (ch === " " || ch === "	") {
      pendingSpace.push([ch, i]);
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      const breakAt = i;
      pendingSpace = [];
      let breaks = 0;
      while (i < text.length && (text[i] === "\r" || text[i] === "\n" || text[i] === " " || text[i] === "	")) {
        if (text[i] === "\n") breaks++;
        else if (text[i] === "\r" && text[i + 1] !== "\n") breaks++;
        i++;
      }
      if (breaks <= 1) emit(" ", breakAt, 1);
      else for (let b = 0; b < breaks - 1; b++) emit("\n", breakAt, 1);
      continue;
    }
    if (style === 3 && ch === "\\") {
      flushSpace();
      const e = text[i + 1];
      if (e === "\n" || e === "\r") {
        i += e === "\r" && text[i + 2] === "\n" ? 3 : 2;
        while (i < text.length && (text[i] === " " || text[i] === "	")) i++;
        continue;
      }
      if (e !== void 0 && SIMPLE_ESCAPES[e] !== void 0) {
        emit(SIMPLE_ESCAPES[e], i, 2);
        i += 2;
        continue;
      }
      const width = e !== void 0 ? HEX_ESCAPES[e] : void 0;
      if (width !== void 0) {
        const hex = text.slice(i + 2, i + 2 + width);
        const code = /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (Number.isNaN(code) || code > 1114111) return { out: "\0invalid", chunks };
        emit(String.fromCodePoint(code), i, 2 + width);
        i += 2 + width;
        continue;
      }
      return { out: "\0invalid", chunks };
    }
    flushSpace();
    emit(ch, i, 1);
    i++;
  }
  if (style === 1) flushSpace();
  return { out, chunks };
}
function embeddedMap(scalar, container) {
  const parent = container.map;
  const text = container.text;
  const local = (o) => parent ? parent.toInner(o) : o;
  const value = typeof scalar.value === "string" ? scalar.value : String(scalar.value);
  const start = local(scalar.offset);
  const contentStart = local(scalar.contentOffset);
  let chunks;
  let exact = false;
  if (scalar.style === 4) {
    const r = literalChunks(text, value, contentStart, Math.max(0, scalar.indent));
    chunks = r.chunks;
    exact = r.exact;
  } else if (scalar.style === 5) {
    const r = foldedChunks(text, value, contentStart, Math.max(0, scalar.indent));
    chunks = r.chunks;
    exact = r.exact;
  } else if (scalar.style === 1 || scalar.style === 2 || scalar.style === 3) {
    const r = flowChunks(text, contentStart, scalar.style, value.length);
    if (r.out === value) {
      chunks = r.chunks;
      exact = true;
    }
  }
  if (!exact || !chunks || chunks.inner.length === 0 && value.length > 0) {
    chunks = { inner: [], outer: [], len: [] };
    exact = false;
  }
  const cm = new ChunkMap(chunks, start);
  const outerFallback = parent ? parent.toOriginal(start) : start;
  return {
    exact,
    toOriginal(o) {
      if (!exact) return outerFallback;
      const x = cm.toOuter(o);
      return parent ? parent.toOriginal(x) : x;
    },
    toInner(o) {
      if (!exact) return 0;
      return cm.toInner(local(o));
    }
  };
}
function parseEmbeddedYaml(source, scalar, container) {
  const text = typeof scalar.value === "string" ? scalar.value : String(scalar.value);
  const map = embeddedMap(scalar, container ?? { text: source.text });
  const parsed = parseYaml(source, { text, offsetMap: map });
  return { text, map, parsed };
}

// src/validate/pod-template.ts
var POD_TEMPLATE_RULE_PREFIX = "pod-template";
var nodeSelectorRequirement = object({
  key: required(kstr()),
  operator: required(oneOf("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")),
  values: list(kstr())
});
var nodeSelectorTerm = object({
  matchExpressions: list(nodeSelectorRequirement),
  matchFields: list(nodeSelectorRequirement)
});
var affinitySchema = object({
  nodeAffinity: object({
    requiredDuringSchedulingIgnoredDuringExecution: object({ nodeSelectorTerms: required(list(nodeSelectorTerm)) }),
    preferredDuringSchedulingIgnoredDuringExecution: list(
      object({ weight: required(kint(1, 100)), preference: required(nodeSelectorTerm) })
    )
  }),
  podAffinity: dict(),
  podAntiAffinity: dict()
});
var podSecurityContextSchema = object({
  runAsUser: kint64(),
  runAsGroup: kint64(),
  runAsNonRoot: kbool(),
  fsGroup: kint64(),
  fsGroupChangePolicy: oneOf("OnRootMismatch", "Always"),
  supplementalGroups: list(kint64()),
  supplementalGroupsPolicy: oneOf("Merge", "Strict"),
  seLinuxOptions: dict(),
  seLinuxChangePolicy: kstr(),
  seccompProfile: dict(),
  appArmorProfile: dict(),
  sysctls: list(object({ name: required(kstr()), value: required(kstr()) })),
  windowsOptions: dict()
});
var podTemplateFields = {
  nodeSelector: dict(null, kstr()).doc("Node labels the pods must have"),
  env: list(object({ name: required(kstr()), value: kstr(), valueFrom: dict() })),
  tolerations: list(tolerationSchema).doc("Taints the pods tolerate"),
  affinity: affinitySchema,
  securityContext: podSecurityContextSchema,
  volumes: list(object({ name: required(kstr()) }, { allowUnknown: true })),
  runtimeClassName: kstr(),
  automountServiceAccountToken: kbool(),
  dnsPolicy: oneOf("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"),
  dnsConfig: object({
    nameservers: list(kstr()),
    searches: list(kstr()),
    options: list(object({ name: kstr(), value: kstr() }))
  }),
  enableServiceLinks: kbool(),
  priorityClassName: kstr(),
  schedulerName: kstr(),
  imagePullSecrets: list(object({ name: kstr() })),
  hostAliases: list(object({ ip: kstr(), hostnames: list(kstr()) })),
  hostNetwork: kbool(),
  topologySpreadConstraints: list(dict())
};
var rejectedPodTemplateKeys = {
  spec: "A pod template holds the pod fields directly (`tolerations:`, `nodeSelector:`, ...), not under `spec:`.",
  containers: "A Tekton pod template cannot set containers; steps come from the Task.",
  metadata: "A Tekton pod template has no metadata; labels and annotations come from the PipelineRun.",
  serviceAccountName: "Set the service account on the PipelineRun or TaskRun, not in the pod template."
};
var podTemplateSchema = object(podTemplateFields, { rejected: rejectedPodTemplateKeys });
var podTemplateCheckSchema = object(
  { ...podTemplateFields, tolerations: anything(), nodeSelector: anything() },
  { rejected: rejectedPodTemplateKeys }
);
function readNodeAffinity(node) {
  const terms = dig(node, "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms");
  if (!terms || terms.kind !== "seq") return void 0;
  const out = [];
  for (const term of terms.items) {
    const exprs = dig(term, "matchExpressions");
    const reqs = [];
    if (exprs && exprs.kind === "seq") {
      for (const e of exprs.items) {
        const key = strOf(dig(e, "key"));
        const operator = strOf(dig(e, "operator"));
        const valuesNode = dig(e, "values");
        const values = valuesNode && valuesNode.kind === "seq" ? valuesNode.items.map((v) => strOf(v) ?? "") : [];
        if (key !== void 0 && operator !== void 0) reqs.push({ key, operator, values });
      }
    }
    if (reqs.length > 0) out.push(reqs);
  }
  return out;
}
function checkPodSpec(node, cx, path2, fallback) {
  const pos = posOf(cx.source, node ? node.offset : fallback);
  if (isNull(node)) return { data: {}, tolerations: [], nodeSelector: [], pos };
  if (!podTemplateCheckSchema.check(node, cx, path2, fallback) && node.kind !== "map") return void 0;
  const map = node;
  const tolPair = map.byKey.get("tolerations");
  const tolerations = tolPair ? readTolerations(tolPair.value, cx, [...path2, "tolerations"], tolPair.key.offset) : [];
  const selPair = map.byKey.get("nodeSelector");
  const nodeSelector = selPair ? readLabelMap(selPair.value, cx, [...path2, "nodeSelector"], selPair.key.offset, "invalid-node-selector") : [];
  const model = {
    data: toJS(map) ?? {},
    tolerations,
    nodeSelector,
    pos
  };
  if (tolPair) model.tolerationsPos = posOf(cx.source, tolPair.key.offset);
  const affinity = readNodeAffinity(dig(map, "affinity"));
  if (affinity) model.requiredNodeAffinity = affinity;
  return model;
}
function checkEmbeddedPodTemplate(scalar, cx, container) {
  if (scalar.kind !== "scalar") return { raw: "" };
  const embedded = parseEmbeddedYaml(cx.source, scalar, container);
  cx.diagnostics.push(...embedded.parsed.diagnostics);
  const docs = embedded.parsed.documents;
  if (docs.length === 0 && embedded.parsed.diagnostics.some((d) => d.severity === "error")) return { raw: embedded.text };
  if (docs.length > 1) {
    const second = docs[1].root;
    report(
      cx,
      second ? second.offset : scalar.offset,
      "multiple-documents",
      "the pod template holds more than one YAML document; Tekton reads only one",
      "Remove the `---` separators."
    );
  }
  const root = docs[0]?.root ?? null;
  if (isNull(root)) {
    report(
      cx,
      scalar.offset,
      "empty-template",
      "the pod template is empty: the pods get no tolerations or node selector",
      "Write the pod template (for example `tolerations:`), or remove it.",
      "warning"
    );
  }
  const template = checkPodSpec(root, cx, [], scalar.offset);
  return template ? { raw: embedded.text, template } : { raw: embedded.text };
}
var configMapSchema = object({
  apiVersion: required(oneOf("v1")),
  kind: required(oneOf("ConfigMap")),
  metadata: required(
    object(
      {
        name: required(kstr()),
        namespace: kstr(),
        labels: anything(),
        annotations: dict(null, kstr())
      },
      { allowUnknown: true }
    )
  ),
  data: dict(null, anything()),
  binaryData: dict(),
  immutable: kbool()
});
function validatePodTemplate(file, settings) {
  const source = file.source;
  const diagnostics = [];
  const dataKey = settings.dispatch.podTemplateKey;
  const cx = { source, diagnostics, rulePrefix: POD_TEMPLATE_RULE_PREFIX, where: [] };
  const model = { file: source.path, pos: { file: source.path, line: 1, column: 1 }, dataKey };
  const parsed = documentsOf(file);
  diagnostics.push(...parsed.diagnostics);
  const docs = parsed.documents.filter((d) => d.root !== null && !isNull(d.root));
  if (docs.length === 0) {
    if (!parsed.diagnostics.some((d) => d.severity === "error")) {
      diagnostics.push({
        rule: "pod-template/empty",
        severity: "error",
        file: source.path,
        line: 1,
        column: 1,
        message: `${source.path} holds no ConfigMap`,
        hint: "Write a v1 ConfigMap whose data key holds the pod template, or remove the file."
      });
    }
    return { diagnostics, model };
  }
  if (docs.length > 1) {
    report(
      cx,
      docs[1].root.offset,
      "multiple-documents",
      "one pod-template ConfigMap per file: the other documents are not read",
      "Move each ConfigMap to its own file."
    );
  }
  const root = docs[0].root;
  model.pos = posOf(source, root.offset);
  configMapSchema.check(root, cx, [], 0);
  const map = asMap(root);
  if (!map) return { diagnostics, model };
  const metadataPair = map.byKey.get("metadata");
  if (metadataPair) model.metadataPos = posOf(source, metadataPair.key.offset);
  const nameNode = dig(map, "metadata", "name");
  const name = strOf(nameNode);
  if (name !== void 0 && nameNode) {
    model.name = name;
    for (const m of isDNS1123Subdomain(name)) {
      report(cx, nameNode.offset, "invalid-name", `metadata.name: Invalid value: ${JSON.stringify(name)}: ${m}`);
    }
  }
  const nsNode = dig(map, "metadata", "namespace");
  const namespace = nsNode ? strOf(nsNode) : void 0;
  if (namespace !== void 0 && nsNode && namespace !== "") {
    model.namespace = namespace;
    for (const m of isDNS1123Label(namespace)) {
      report(
        cx,
        nsNode.offset,
        "invalid-namespace",
        `metadata.namespace: Invalid value: ${JSON.stringify(namespace)}: ${m}`,
        "It must be the namespace of the Dispatch Repository that uses this pod template."
      );
    }
  }
  const labelsPair = asMap(dig(map, "metadata"))?.byKey.get("labels");
  if (labelsPair) {
    const labels = readLabelMap(labelsPair.value, cx, ["metadata", "labels"], labelsPair.key.offset, "invalid-label");
    model.labels = Object.fromEntries(labels.map((l) => [l.key, l.value]));
  }
  const dataPair = map.byKey.get("data");
  const data = asMap(dataPair?.value);
  let entry = data?.byKey.get(dataKey);
  const only = data?.pairs.length === 1 ? data.pairs[0] : void 0;
  if (!entry && only?.name !== void 0) {
    const key = only.name;
    report(
      cx,
      only.key.offset,
      "other-data-key",
      `the ConfigMap's only data key is \`${key}\`, not \`${dataKey}\` (the configured pod-template key): if its Repositories read \`${key}\`, nothing is wrong but the setting`,
      `If the Repositories' podTemplateFrom reads \`${key}\`, set \`dispatch: {pod-template-key: ${key}}\` in .pool-reconciler.yaml; if they read \`${dataKey}\`, rename this key to \`${dataKey}\`.`,
      "warning"
    );
    entry = only;
    model.dataKey = key;
  }
  if (!entry) {
    if (dataPair && !data && !isNull(dataPair.value)) return { diagnostics, model };
    const keys = data ? data.pairs.map((p) => p.name).filter((k) => k !== void 0) : [];
    const suggestion = didYouMean(dataKey, keys);
    const others = keys.length ? ` (it has ${keys.map((k) => `\`${k}\``).join(", ")})` : "";
    report(
      cx,
      dataPair ? dataPair.key.offset : map.offset,
      "missing-data-key",
      `the ConfigMap has no data key \`${dataKey}\`${others}: the Repository's podTemplateFrom reads that key`,
      suggestion ?? `Put the pod template under \`data.${dataKey}\`, or set \`dispatch: {pod-template-key: ...}\` in .pool-reconciler.yaml to the key your Repositories use.`
    );
    return { diagnostics, model };
  }
  model.rawPos = posOf(source, entry.key.offset);
  const value = entry.value;
  if (!(value.kind === "scalar" && value.tag === "str")) {
    report(
      cx,
      value.offset,
      "type",
      `\`data.${dataKey}\` must be a string holding the pod template, not ${value.kind === "map" ? "a mapping" : value.kind === "seq" ? "a list" : "a non-string value"}`,
      `ConfigMap data values are strings: write \`${dataKey}: |\` and indent the pod template under it.`
    );
    return { diagnostics, model };
  }
  cx.where.push(`pod template \`data.${entry.name ?? dataKey}\``);
  const checked = checkEmbeddedPodTemplate(value, cx);
  cx.where.pop();
  model.raw = checked.raw;
  if (checked.template) model.template = checked.template;
  return { diagnostics, model };
}

// src/validate/cluster.ts
var CLUSTER_RULE_PREFIX = "cluster";
var KONVOY_API_VERSIONS = ["konvoy.mesosphere.io/v1beta1", "konvoy.mesosphere.io/v1beta2"];
var AUTOSCALING_PROVIDERS = ["aws", "azure"];
var AUTOSCALING_DEFAULTS = { minSize: 1, maxSize: 10 };
var DISPATCH_COMPONENTS = [
  ["dispatch"],
  ["argo-cd", "controller"],
  ["argo-cd", "server"],
  ["argo-cd", "repoServer"],
  ["tekton-dashboard"],
  ["tekton"]
];
function emptyClusterModel(file = "cluster.yaml") {
  return { file, hasProvisioner: false, hasConfiguration: false, provisionerPools: [], pools: [] };
}
function poolNodeLabels(pool) {
  const out = /* @__PURE__ */ Object.create(null);
  out[NODE_POOL_LABEL] = pool.name;
  for (const l of pool.labels) if (l.valid) out[l.key] = l.value;
  return out;
}
var metadataSchema = object(
  { name: kstr(), namespace: kstr(), creationTimestamp: anything(), labels: dict(), annotations: dict() },
  { allowUnknown: true }
);
var documentSchema = object({
  apiVersion: required(oneOf(...KONVOY_API_VERSIONS)),
  kind: required(oneOf("ClusterProvisioner", "ClusterConfiguration")),
  metadata: required(metadataSchema),
  spec: anything()
});
var poolContext = (what) => (map) => {
  const name = strOf(map.byKey.get("name")?.value);
  return name ? `${what} "${name}"` : void 0;
};
var machineSchema = object({
  type: kstr().doc("Instance type (aws m5.2xlarge, azure Standard_D8s_v3, ...)"),
  imageID: kstr(),
  imageName: kstr(),
  rootVolumeSize: kint64(0).doc("GiB (default 80)"),
  rootVolumeType: kstr(),
  rootVolumeIOPS: kint(0),
  imagefsVolumeEnabled: kbool(),
  imagefsVolumeSize: kint64(0).doc("GiB (default 160)"),
  imagefsVolumeType: kstr(),
  imagefsVolumeDevice: kstr(),
  aws: dict(),
  azure: dict(),
  gcp: dict(),
  vsphere: dict()
});
var machinePoolSchema = object(
  {
    name: required(kstr().doc("Unique name of the node pool")),
    indexType: oneOf("named", "positional").doc("named (v1beta2 default) or positional (deprecated, v1beta1 default)"),
    controlPlane: kbool(),
    bastion: kbool(),
    count: required(kint(0).doc("Number of machines")),
    machine: nullable(machineSchema),
    autoscaling: nullable(object({ minSize: kint(0), maxSize: kint(0) }))
  },
  { context: poolContext("provisioner node pool") }
);
var provisionerSpecSchema = object({
  provider: oneOf("aws", "azure", "gcp", "vsphere", "docker", "none"),
  aws: dict(),
  azure: dict(),
  gcp: dict(),
  vsphere: dict(),
  docker: dict(),
  nodePools: nullable(list(machinePoolSchema)),
  sshCredentials: object({ user: kstr(), publicKeyFile: kstr(), privateKeyFile: kstr() }),
  version: kstr()
});
var nodeLabelSchema = object({ key: required(kstr()), value: kstr() });
var nodeTaintSchema = object({ key: required(kstr()), value: kstr(), effect: kstr() });
var nodePoolSchema = object(
  {
    name: required(kstr()),
    labels: nullable(list(nodeLabelSchema)),
    taints: nullable(list(nodeTaintSchema)),
    gpu: dict(),
    operatingSystem: object({ assumeDistribution: oneOf("CentOS", "RedHat", "Ubuntu", "Debian") })
  },
  { context: poolContext("node pool") }
);
var addonConfigSchema = object(
  {
    name: required(kstr()),
    enabled: required(kbool()),
    values: kstr("Konvoy takes the values as a YAML string: write `values: |` and indent the values under it.").doc(
      "Helm values as a YAML string (`values: |`)"
    )
  },
  { context: poolContext("addon") }
);
var addonsSchema = object({
  configRepository: kstr(),
  configVersion: kstr(),
  addonRepository: object({ image: kstr() }),
  helmRepository: object({ image: kstr() }),
  addonsList: nullable(list(addonConfigSchema))
});
var configurationSpecSchema = object({
  kubernetes: dict(),
  autoProvisioning: dict(),
  containerNetworking: dict(),
  containerRuntime: dict(),
  imageRegistries: list(dict()),
  osPackages: dict(),
  ntp: dict(),
  nodePools: nullable(list(nodePoolSchema)),
  addons: nullable(union([list(addonsSchema), addonsSchema], { pick: (n) => n?.kind === "map" ? 1 : 0 })),
  version: kstr(),
  loggingOptions: dict()
});
function clusterJSONSchema() {
  return {
    oneOf: [
      { ...documentSchema.toJSONSchema(), properties: { ...documentSchema.toJSONSchema().properties, spec: provisionerSpecSchema.toJSONSchema() } },
      { ...documentSchema.toJSONSchema(), properties: { ...documentSchema.toJSONSchema().properties, spec: configurationSpecSchema.toJSONSchema() } }
    ]
  };
}
function seqItems2(node) {
  return node && node.kind === "seq" ? node.items : [];
}
function boolOf(node) {
  return !!node && node.kind === "scalar" && node.tag === "bool" && node.value === true;
}
function intOf(node) {
  return node && node.kind === "scalar" && node.tag === "int" ? node.value : void 0;
}
function offsetAt(cx, pos) {
  return cx.source.lineStarts[pos.line - 1] + pos.column - 1;
}
function offsetOfPart(item, part) {
  const p = item.byKey.get(part);
  if (!p) return item.offset;
  return isNull(p.value) ? p.key.offset : p.value.offset;
}
function reportK8s(cx, errs, rule, item) {
  for (const e of errs) {
    let hint;
    if (e.type === "Unsupported value" && typeof e.badValue === "string") {
      hint = didYouMean(e.badValue, ["NoSchedule", "PreferNoSchedule", "NoExecute"]);
    } else if (e.type === "Required value" && e.part === "effect") {
      hint = "Add `effect: NoSchedule`, `PreferNoSchedule` or `NoExecute`.";
    }
    report(cx, offsetOfPart(item, e.part || "key"), rule, e.message, hint);
  }
}
function validateCluster(file, settings) {
  const source = file.source;
  const diagnostics = [];
  const cx = { source, diagnostics, rulePrefix: CLUSTER_RULE_PREFIX, where: [] };
  const model = {
    file: source.path,
    hasProvisioner: false,
    hasConfiguration: false,
    provisionerPools: [],
    pools: []
  };
  const parsed = documentsOf(file);
  diagnostics.push(...parsed.diagnostics);
  if (parsed.documents.length === 0 && parsed.diagnostics.some((d) => d.severity === "error")) return { diagnostics, model };
  let provisioner;
  let configuration;
  for (const d of parsed.documents) {
    const root = d.root;
    if (isNull(root)) continue;
    if (root.kind !== "map") {
      report(cx, root.offset, "type", "each document of cluster.yaml must be a mapping (`kind: ClusterConfiguration`, ...)");
      continue;
    }
    documentSchema.check(root, cx, [], root.offset);
    const kind = strOf(root.byKey.get("kind")?.value);
    if (kind !== "ClusterProvisioner" && kind !== "ClusterConfiguration") continue;
    const apiVersion = strOf(root.byKey.get("apiVersion")?.value);
    const doc = { root, kind };
    if (apiVersion && KONVOY_API_VERSIONS.includes(apiVersion)) doc.apiVersion = apiVersion;
    const spec = root.byKey.get("spec")?.value;
    if (spec && !isNull(spec)) {
      if (spec.kind !== "map") report(cx, spec.offset, "type", `\`spec\` of the ${kind} must be a mapping`);
      else doc.spec = spec;
    }
    const previous = kind === "ClusterProvisioner" ? provisioner : configuration;
    if (previous) {
      const at = posOf(source, previous.root.offset);
      report(
        cx,
        root.offset,
        "duplicate-document",
        `a second ${kind} document (the first is at line ${at.line}): Konvoy reads one`,
        "Merge the two documents into one."
      );
      continue;
    }
    if (kind === "ClusterProvisioner") provisioner = doc;
    else configuration = doc;
  }
  model.hasProvisioner = provisioner !== void 0;
  model.hasConfiguration = configuration !== void 0;
  if (!configuration) {
    diagnostics.push({
      rule: "cluster/no-configuration",
      severity: "error",
      file: source.path,
      line: 1,
      column: 1,
      message: "cluster.yaml has no `kind: ClusterConfiguration` document; Konvoy requires one",
      hint: "Add a document with `kind: ClusterConfiguration`, `apiVersion: konvoy.mesosphere.io/v1beta2`, `metadata` and `spec`."
    });
  }
  if (provisioner?.apiVersion && configuration?.apiVersion && provisioner.apiVersion !== configuration.apiVersion) {
    report(
      cx,
      configuration.root.byKey.get("apiVersion").value.offset,
      "api-version-mismatch",
      `the ClusterConfiguration is ${configuration.apiVersion} but the ClusterProvisioner is ${provisioner.apiVersion}`,
      "Use the same apiVersion in both documents.",
      "warning"
    );
  }
  model.apiVersion = configuration?.apiVersion ?? provisioner?.apiVersion;
  if (provisioner?.spec) readProvisioner(provisioner, cx, model);
  if (configuration?.spec) readConfiguration(configuration, cx, model, settings);
  if (provisioner?.spec && configuration?.spec) matchPools(provisioner, cx, model);
  checkSharedTaints(cx, model);
  return { diagnostics, model };
}
function readProvisioner(doc, cx, model) {
  const spec = doc.spec;
  provisionerSpecSchema.check(spec, cx, ["spec"], spec.offset);
  const providerNode = spec.byKey.get("provider")?.value;
  const provider = strOf(providerNode) || "aws";
  model.provider = provider;
  if (provider === "vsphere" && doc.apiVersion === "konvoy.mesosphere.io/v1beta1" && providerNode) {
    report(
      cx,
      providerNode.offset,
      "value",
      "provider `vsphere` needs apiVersion konvoy.mesosphere.io/v1beta2",
      "Change apiVersion to konvoy.mesosphere.io/v1beta2."
    );
  }
  const v1beta1 = doc.apiVersion === "konvoy.mesosphere.io/v1beta1";
  const poolsNode = spec.byKey.get("nodePools")?.value;
  const seen = /* @__PURE__ */ new Map();
  let controlPlane;
  let bastion;
  seqItems2(poolsNode).forEach((item, index) => {
    if (item.kind !== "map") return;
    const nameNode = item.byKey.get("name")?.value;
    const name = strOf(nameNode);
    if (!name || !nameNode) return;
    const pos = posOf(cx.source, nameNode.offset);
    const indexNode = item.byKey.get("indexType")?.value;
    const indexText = strOf(indexNode);
    const explicit = indexText === "named" || indexText === "positional";
    const pool = {
      name,
      pos,
      index,
      indexType: explicit ? indexText : v1beta1 ? "positional" : "named",
      indexTypeExplicit: explicit,
      controlPlane: boolOf(item.byKey.get("controlPlane")?.value),
      bastion: boolOf(item.byKey.get("bastion")?.value)
    };
    const count = intOf(item.byKey.get("count")?.value);
    if (count !== void 0) pool.count = count;
    const machine = asMap(item.byKey.get("machine")?.value);
    if (machine) pool.machine = toJS(machine);
    const first = seen.get(name);
    if (first) {
      report(
        cx,
        nameNode.offset,
        "duplicate-pool",
        `node pool "${name}" is defined twice in ClusterProvisioner.spec.nodePools (first at ${formatPos(first, cx.source.path)})`,
        "Node pool names must be unique; rename or remove one."
      );
      return;
    }
    seen.set(name, pos);
    if (pool.indexType === "positional") {
      report(
        cx,
        indexNode && explicit ? indexNode.offset : nameNode.offset,
        "positional-index",
        explicit ? `node pool "${name}" uses indexType positional, which is deprecated: removing a pool shifts the pools after it and Konvoy recreates their machines` : `node pool "${name}" has no indexType and apiVersion v1beta1 defaults to positional, which is deprecated: removing a pool shifts the pools after it`,
        "Set `indexType: named` (the v1beta2 default).",
        "warning"
      );
    }
    if (pool.controlPlane) {
      if (controlPlane) {
        report(
          cx,
          item.byKey.get("controlPlane").value.offset,
          "multiple-control-plane",
          `node pool "${name}" is a second control-plane pool (the first is "${controlPlane.name}" at ${formatPos(controlPlane.pos, cx.source.path)}); Konvoy allows one`,
          "Keep `controlPlane: true` on one pool only."
        );
      } else controlPlane = pool;
      if (count === 0) {
        report(
          cx,
          item.byKey.get("count").value.offset,
          "empty-control-plane",
          `control-plane pool "${name}" has count 0: the cluster has no control plane`,
          "Use 3 (highly available) or 1."
        );
      } else if (count !== void 0 && count % 2 === 0) {
        report(
          cx,
          item.byKey.get("count").value.offset,
          "even-control-plane",
          `control-plane pool "${name}" has an even count (${count}): etcd needs a majority, so ${count} nodes tolerate no more failures than ${count - 1}`,
          `Use an odd count: ${count - 1} or ${count + 1} (3 is highly available).`,
          "warning"
        );
      }
    }
    if (pool.bastion) {
      if (bastion) {
        report(
          cx,
          item.byKey.get("bastion").value.offset,
          "multiple-bastion",
          `node pool "${name}" is a second bastion pool (the first is "${bastion.name}" at ${formatPos(bastion.pos, cx.source.path)}); Konvoy allows one`,
          "Keep `bastion: true` on one pool only."
        );
      } else bastion = pool;
    }
    const autoscalingPair = item.byKey.get("autoscaling");
    const autoscaling = asMap(autoscalingPair?.value);
    if (autoscalingPair && autoscaling) {
      const minNode = autoscaling.byKey.get("minSize")?.value;
      const maxNode = autoscaling.byKey.get("maxSize")?.value;
      const minSize = intOf(minNode) ?? AUTOSCALING_DEFAULTS.minSize;
      const maxSize = intOf(maxNode) ?? AUTOSCALING_DEFAULTS.maxSize;
      pool.autoscaling = { minSize, maxSize };
      if (minSize > maxSize) {
        report(
          cx,
          (minNode ?? maxNode ?? autoscaling).offset,
          "autoscaling-range",
          `node pool "${name}": autoscaling minSize ${minSize}${minNode ? "" : " (the default)"} is greater than maxSize ${maxSize}${maxNode ? "" : " (the default)"}`,
          "Make minSize <= maxSize."
        );
      }
      if (pool.controlPlane || pool.bastion) {
        report(
          cx,
          autoscalingPair.key.offset,
          "autoscaling-not-allowed",
          `node pool "${name}" is a ${pool.controlPlane ? "control-plane" : "bastion"} pool: Konvoy does not autoscale those`,
          "Remove `autoscaling` from this pool."
        );
      }
      if (!AUTOSCALING_PROVIDERS.includes(provider)) {
        report(
          cx,
          autoscalingPair.key.offset,
          "autoscaling-provider",
          `node pool "${name}": autoscaling is supported only with the aws and azure providers, not ${provider}`,
          "Remove `autoscaling`, or set `count` to the size you need."
        );
      }
    }
    model.provisionerPools.push(pool);
  });
  if (poolsNode && poolsNode.kind === "seq" && poolsNode.items.length > 0 && !controlPlane) {
    report(
      cx,
      poolsNode.offset,
      "no-control-plane",
      "ClusterProvisioner.spec.nodePools has no control-plane pool; Konvoy requires one",
      "Add a pool with `controlPlane: true` (count 3 for high availability)."
    );
  }
}
function readConfiguration(doc, cx, model, settings) {
  const spec = doc.spec;
  configurationSpecSchema.check(spec, cx, ["spec"], spec.offset);
  const poolsNode = spec.byKey.get("nodePools")?.value;
  const seen = /* @__PURE__ */ new Map();
  seqItems2(poolsNode).forEach((item, index) => {
    if (item.kind !== "map") return;
    const nameNode = item.byKey.get("name")?.value;
    const name = strOf(nameNode);
    if (!name || !nameNode) return;
    const pool = { name, pos: posOf(cx.source, nameNode.offset), labels: [], taints: [] };
    const first = seen.get(name);
    if (first) {
      report(
        cx,
        nameNode.offset,
        "duplicate-pool",
        `node pool "${name}" is defined twice in ClusterConfiguration.spec.nodePools (first at ${formatPos(first, cx.source.path)})`,
        "Merge the two entries: Konvoy applies one set of labels and taints per pool."
      );
      return;
    }
    seen.set(name, pool.pos);
    const base = `spec.nodePools[${index}]`;
    const labelKeys = /* @__PURE__ */ new Map();
    seqItems2(item.byKey.get("labels")?.value).forEach((l, i) => {
      if (l.kind !== "map") return;
      const keyPair = l.byKey.get("key");
      const key = strOf(keyPair?.value);
      const value = strOf(l.byKey.get("value")?.value);
      if (!keyPair || key === void 0 || value === void 0) return;
      const errs = validateLabel(key, value, `${base}.labels[${i}]`);
      reportK8s(cx, errs, "invalid-label", l);
      const entry = { key, value, pos: posOf(cx.source, l.offset), valid: errs.length === 0 };
      const dup = labelKeys.get(key);
      if (dup) {
        report(
          cx,
          keyPair.value.offset,
          "duplicate-label",
          `node pool "${name}": label \`${key}\` is set twice (first at ${formatPos(dup, cx.source.path)}); a node has one value per key`,
          "Remove one of the two."
        );
        entry.valid = false;
      } else labelKeys.set(key, entry.pos);
      if (key === NODE_POOL_LABEL && value !== name) {
        report(
          cx,
          offsetOfPart(l, "value"),
          "node-pool-label",
          `node pool "${name}": label \`${NODE_POOL_LABEL}\` is "${value}", but Konvoy labels every node of the pool with the pool's name`,
          `Set it to "${name}", or remove it (Konvoy adds it).`,
          "warning"
        );
      }
      pool.labels.push(entry);
    });
    const taints = [];
    seqItems2(item.byKey.get("taints")?.value).forEach((t, i) => {
      if (t.kind !== "map") return;
      const key = strOf(t.byKey.get("key")?.value);
      const value = strOf(t.byKey.get("value")?.value);
      const effect = strOf(t.byKey.get("effect")?.value);
      if (!t.byKey.has("key") || key === void 0 || value === void 0 || effect === void 0) return;
      const taint = { key, value, effect, pos: posOf(cx.source, t.offset), valid: true };
      const errs = validateTaint(taint, `${base}.taints[${i}]`);
      reportK8s(cx, errs, "invalid-taint", t);
      taint.valid = errs.length === 0;
      taints.push({ taint, item: t });
    });
    const dups = duplicateTaints(taints.map((t) => t.taint));
    for (const d of dups) {
      const { taint, item: t } = taints[d.index];
      const first2 = taints[d.first].taint;
      report(
        cx,
        t.offset,
        "duplicate-taint",
        `node pool "${name}": taint ${taintToString(taint)} repeats key \`${taint.key}\` with effect ${taint.effect} (first at ${formatPos(first2.pos, cx.source.path)}): taints must be unique by key and effect pair`,
        "Keep one taint per key and effect."
      );
      taint.valid = false;
    }
    pool.taints = taints.map((t) => t.taint);
    model.pools.push(pool);
  });
  readAddons(spec, cx, model, settings);
}
function matchPools(provisioner, cx, model) {
  const provList = provisioner.spec.byKey.get("nodePools");
  if (!provList || provList.value.kind !== "seq") return;
  const byName = new Map(model.pools.map((p) => [p.name, p]));
  const provByName = new Map(model.provisionerPools.map((p) => [p.name, p]));
  const provWhere = posOf(cx.source, provList.key.offset);
  for (const p of model.provisionerPools) {
    const conf = byName.get(p.name);
    if (conf) conf.provisioner = p;
  }
  for (const c of model.pools) {
    if (provByName.has(c.name)) continue;
    report(
      cx,
      offsetAt(cx, c.pos),
      "pool-mismatch",
      `node pool "${c.name}" is in ClusterConfiguration.spec.nodePools (${formatPos(c.pos, cx.source.path)}) but not in ClusterProvisioner.spec.nodePools (${formatPos(provWhere, cx.source.path)}): Konvoy refuses the file`,
      didYouMean(c.name, [...provByName.keys()]) ?? `A ClusterConfiguration pool sets labels and taints on a pool the ClusterProvisioner creates: use the name of one of ClusterProvisioner.spec.nodePools (${[...provByName.keys()].map((n) => `\`${n}\``).join(", ") || "none yet"}), or add this pool there with its \`count\` and \`machine\`.`
    );
  }
}
function checkSharedTaints(cx, model) {
  const seen = /* @__PURE__ */ new Map();
  for (const pool of model.pools) {
    for (const taint of pool.taints) {
      if (!taint.valid) continue;
      const id = `${taint.key}\0${taint.value}\0${taint.effect}`;
      const first = seen.get(id);
      if (!first) {
        seen.set(id, { pool, taint });
        continue;
      }
      if (first.pool === pool) continue;
      report(
        cx,
        offsetAt(cx, taint.pos),
        "shared-taint",
        `node pools "${first.pool.name}" (${formatPos(first.taint.pos, cx.source.path)}) and "${pool.name}" have the same taint ${taintToString(taint)}: a toleration meant for one pool also admits pods to the other`,
        `Make the taint unique to its pool, e.g. \`${NODE_POOL_LABEL}=${pool.name}:${taint.effect}\`.`,
        "warning"
      );
    }
  }
}
function readAddons(spec, cx, model, settings) {
  const addonsNode = spec.byKey.get("addons")?.value;
  if (!addonsNode || isNull(addonsNode)) return;
  const groups = addonsNode.kind === "map" ? [addonsNode] : addonsNode.kind === "seq" ? addonsNode.items : [];
  const addonName = settings.dispatch.addonName;
  for (const group of groups) {
    for (const addon of seqItems2(dig(group, "addonsList"))) {
      if (addon.kind !== "map") continue;
      const nameNode = addon.byKey.get("name")?.value;
      const name = strOf(nameNode);
      const valuesNode = addon.byKey.get("values")?.value;
      const isDispatch = name === addonName && !!nameNode;
      let values;
      if (valuesNode && valuesNode.kind === "scalar" && valuesNode.tag === "str") {
        values = parseValues(valuesNode, cx, name ?? "?");
      }
      if (!isDispatch) continue;
      if (model.dispatch) {
        report(
          cx,
          nameNode.offset,
          "duplicate-addon",
          `addon "${name}" is listed twice (first at ${formatPos(model.dispatch.pos, cx.source.path)}); only the first is checked`,
          "Keep one entry per addon.",
          "warning"
        );
        continue;
      }
      const enabledNode = addon.byKey.get("enabled")?.value;
      const dispatch = {
        name,
        enabled: boolOf(enabledNode),
        pos: posOf(cx.source, nameNode.offset),
        components: []
      };
      model.dispatch = dispatch;
      if (!values) continue;
      dispatch.valuesRaw = values.text;
      dispatch.values = toJS(values.root) ?? {};
      readDispatchValues(values, cx, dispatch);
    }
  }
}
function parseValues(scalar, cx, addon) {
  const embedded = parseEmbeddedYaml(cx.source, scalar);
  cx.diagnostics.push(...embedded.parsed.diagnostics);
  const docs = embedded.parsed.documents;
  if (docs.length === 0) {
    if (embedded.parsed.diagnostics.some((d) => d.severity === "error")) return void 0;
    return { root: emptyMap(scalar.offset), text: embedded.text, map: embedded.map };
  }
  if (docs.length > 1) {
    const second = docs.find((d, i) => i > 0 && d.root)?.root;
    report(
      cx,
      second ? second.offset : scalar.offset,
      "values-type",
      `the values of addon "${addon}" hold more than one YAML document; Helm reads one`,
      "Remove the `---` separators."
    );
  }
  const root = docs[0].root;
  if (isNull(root)) return { root: emptyMap(scalar.offset), text: embedded.text, map: embedded.map };
  if (root.kind !== "map") {
    report(
      cx,
      root.offset,
      "values-type",
      `the values of addon "${addon}" must be YAML for a mapping of Helm values, not ${root.kind === "seq" ? "a list" : "a single value"}`,
      "Write the values as `key: value` lines under `values: |`."
    );
    return void 0;
  }
  return { root, text: embedded.text, map: embedded.map };
}
function emptyMap(offset) {
  return { kind: "map", offset, size: 1, pairs: [], byKey: /* @__PURE__ */ new Map() };
}
function readDispatchValues(values, cx, dispatch) {
  const root = values.root;
  for (const misplaced of ["tolerations", "nodeSelector"]) {
    const p = root.byKey.get(misplaced);
    if (p) {
      report(
        cx,
        p.key.offset,
        "misplaced-placement",
        `addon "${dispatch.name}": a top-level \`${misplaced}\` in the values is ignored; the chart reads it per component`,
        `Put it under ${DISPATCH_COMPONENTS.map((c) => `\`${c.join(".")}.${misplaced}\``).join(", ")}.`,
        "warning"
      );
    }
  }
  for (const path2 of DISPATCH_COMPONENTS) {
    const node = dig(root, ...path2);
    if (!node || isNull(node)) continue;
    const name = path2.join(".");
    if (node.kind !== "map") {
      report(cx, node.offset, "type", `\`${name}\` in the values of addon "${dispatch.name}" must be a mapping`);
      continue;
    }
    const component = { name, pos: posOf(cx.source, node.offset), tolerations: [], nodeSelector: [] };
    const tol = node.byKey.get("tolerations");
    if (tol) {
      component.tolerations = readTolerations(tol.value, cx, [...path2, "tolerations"], tol.key.offset);
      component.tolerationsPos = posOf(cx.source, tol.key.offset);
    }
    const sel = node.byKey.get("nodeSelector");
    if (sel) component.nodeSelector = readLabelMap(sel.value, cx, [...path2, "nodeSelector"], sel.key.offset, "invalid-node-selector");
    dispatch.components.push(component);
  }
  const pair = asMap(dig(root, "tekton", "configs"))?.byKey.get("defaultPodTemplate");
  if (!pair || isNull(pair.value)) return;
  const value = pair.value;
  if (!(value.kind === "scalar" && value.tag === "str")) {
    report(
      cx,
      value.offset,
      "type",
      `\`tekton.configs.defaultPodTemplate\` must be a string holding the pod template, not ${value.kind === "map" ? "a mapping" : value.kind === "seq" ? "a list" : "a non-string value"}`,
      "Write `defaultPodTemplate: |` and indent the pod template under it: the chart copies the string into config-defaults."
    );
    return;
  }
  const pcx = {
    source: cx.source,
    diagnostics: cx.diagnostics,
    rulePrefix: POD_TEMPLATE_RULE_PREFIX,
    where: ["`tekton.configs.defaultPodTemplate`"]
  };
  const checked = checkEmbeddedPodTemplate(value, pcx, { text: values.text, map: values.map });
  dispatch.defaultPodTemplate = { raw: checked.raw, pos: posOf(cx.source, value.offset) };
  if (checked.template) dispatch.defaultPodTemplate.template = checked.template;
}

// src/validate/dispatch.ts
var SYSTEM_TAINT_PREFIXES = ["node.kubernetes.io/", "node-role.kubernetes.io/", "node.cloudprovider.kubernetes.io/"];
var SYSTEM_TAINT_KEYS = /* @__PURE__ */ new Set([
  "ToBeDeletedByClusterAutoscaler",
  "DeletionCandidateOfClusterAutoscaler",
  "CriticalAddonsOnly",
  "nvidia.com/gpu"
]);
var SYSTEM_LABEL_PREFIXES = [
  "kubernetes.io/",
  "node.kubernetes.io/",
  "topology.kubernetes.io/",
  "beta.kubernetes.io/",
  "failure-domain.beta.kubernetes.io/",
  "node-role.kubernetes.io/"
];
function isSystemTaintKey(key) {
  return SYSTEM_TAINT_KEYS.has(key) || SYSTEM_TAINT_PREFIXES.some((p) => key.startsWith(p));
}
function isSystemLabelKey(key) {
  return SYSTEM_LABEL_PREFIXES.some((p) => key.startsWith(p));
}
function diag(rule, severity, pos, message, hint) {
  return { rule, severity, file: pos.file, line: pos.line, column: pos.column, message, ...hint ? { hint } : {} };
}
function selectorMatches(selector, labels) {
  return selector.every((s) => labels[s.key] === s.value);
}
function requirementMatches(r, labels) {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case "In":
      return has && r.values.includes(labels[r.key]);
    case "NotIn":
      return !has || !r.values.includes(labels[r.key]);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || r.values.length !== 1) return false;
      const a = Number(labels[r.key]);
      const b = Number(r.values[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return r.operator === "Gt" ? a > b : a < b;
    }
    default:
      return false;
  }
}
function admits(s, labels) {
  if (!selectorMatches(s.nodeSelector, labels)) return false;
  if (s.requiredNodeAffinity && s.requiredNodeAffinity.length > 0) {
    return s.requiredNodeAffinity.some((term) => term.every((r) => requirementMatches(r, labels)));
  }
  return true;
}
function selects(s) {
  return s.nodeSelector.length > 0 || (s.requiredNodeAffinity?.length ?? 0) > 0;
}
function validTolerations(s) {
  return s.tolerations.filter((t) => t.valid).map((t) => t.toleration);
}
function subjectsOf(cluster, podTemplates) {
  const out = [];
  const dispatch = cluster.dispatch;
  if (dispatch && dispatch.enabled) {
    const t = dispatch.defaultPodTemplate?.template;
    if (t) {
      const s = {
        what: "the Tekton default pod template (`tekton.configs.defaultPodTemplate`)",
        kind: "default",
        tolerations: t.tolerations,
        nodeSelector: t.nodeSelector,
        pos: t.pos
      };
      if (t.tolerationsPos) s.tolerationsPos = t.tolerationsPos;
      if (t.requiredNodeAffinity) s.requiredNodeAffinity = t.requiredNodeAffinity;
      out.push(s);
    }
    for (const c of dispatch.components) {
      const s = {
        what: `Dispatch component \`${c.name}\``,
        kind: "component",
        tolerations: c.tolerations,
        nodeSelector: c.nodeSelector,
        pos: c.pos
      };
      if (c.tolerationsPos) s.tolerationsPos = c.tolerationsPos;
      out.push(s);
    }
  }
  for (const p of podTemplates) {
    const t = p.template;
    if (!t) continue;
    const s = {
      what: `pod template ${p.name ? `"${p.name}"` : p.file}`,
      kind: "repository",
      tolerations: t.tolerations,
      nodeSelector: t.nodeSelector,
      pos: t.pos
    };
    if (t.tolerationsPos) s.tolerationsPos = t.tolerationsPos;
    if (t.requiredNodeAffinity) s.requiredNodeAffinity = t.requiredNodeAffinity;
    out.push(s);
  }
  return out;
}
function checkTargeting(s, pools, out) {
  const tolerations = validTolerations(s);
  for (const pool of pools) {
    const hard = pool.taints.filter((t) => t.valid && HARD_EFFECTS.includes(t.effect));
    if (hard.length === 0) continue;
    const labels = poolNodeLabels(pool);
    if (!admits(s, labels)) continue;
    const bySelector = selects(s);
    const tolerated = hard.filter((t) => tolerations.some((tol) => tolerates(tol, t)));
    if (!bySelector && tolerated.length === 0) continue;
    const missing = hard.filter((t) => !tolerated.includes(t));
    if (missing.length === 0) continue;
    const how = bySelector ? s.nodeSelector.length > 0 ? `by nodeSelector ${s.nodeSelector.map((e) => `${e.key}=${e.value}`).join(", ")}` : "by its required node affinity" : `by tolerating ${tolerated.map(taintToString).join(", ")}`;
    const list2 = missing.map((t) => `${taintToString(t)} (${formatPos(t.pos)})`).join(", ");
    const noExecute = missing.some((t) => t.effect === "NoExecute");
    const consequence = noExecute ? "its pods are never scheduled on the pool, and are evicted from it" : "its pods are never scheduled on the pool";
    const severity = s.kind === "component" && !bySelector ? "warning" : "error";
    const at = bySelector && s.nodeSelector.length > 0 && !s.tolerationsPos ? s.nodeSelector[0].pos : s.tolerationsPos ?? s.pos;
    out.push(
      diag(
        "dispatch/untolerated-taint",
        severity,
        at,
        `${s.what} targets node pool "${pool.name}" ${how} but does not tolerate its taint${missing.length > 1 ? "s" : ""} ${list2}: ${consequence}`,
        `Add a toleration for each: ${missing.map((t) => `{key: ${t.key}, operator: Equal, value: ${t.value || '""'}, effect: ${t.effect}}`).join(", ")}.`
      )
    );
  }
}
function describeDifference(t, taint) {
  const parts = [];
  const key = t.key ?? "";
  if (key !== "" && key !== taint.key) parts.push(`\`${key}\` vs the pool's \`${taint.key}\``);
  const effect = t.effect ?? "";
  if (effect !== "" && effect !== taint.effect) parts.push(`effect ${effect} vs the pool's ${taint.effect}`);
  const op = t.operator ?? "";
  if ((op === "" || op === "Equal") && (t.value ?? "") !== taint.value) {
    parts.push(`value ${JSON.stringify(t.value ?? "")} vs the pool's ${JSON.stringify(taint.value)}`);
  }
  return parts.join("; ");
}
function closeness(t, taint) {
  let d = t.key ? editDistance(t.key, taint.key) : 0;
  if (t.effect && t.effect !== taint.effect) d += 2;
  if ((t.operator ?? "") !== "Exists" && (t.value ?? "") !== taint.value) d += editDistance(t.value ?? "", taint.value);
  return d;
}
function checkUnused(s, taints, out) {
  for (const entry of s.tolerations) {
    if (!entry.valid) continue;
    const t = entry.toleration;
    const key = t.key ?? "";
    if (key === "") continue;
    if (isSystemTaintKey(key)) continue;
    if (taints.some(({ taint }) => tolerates(t, taint))) continue;
    let best;
    let bestScore = Infinity;
    for (const c of taints) {
      const score = closeness(t, c.taint);
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    }
    const shown = tolerationToString(t);
    let message;
    let hint;
    if (best) {
      const diff = describeDifference(t, best.taint);
      message = `${s.what}: toleration ${shown} (${entry.path}) tolerates no taint of any node pool; the closest is ${taintToString(best.taint)} of pool "${best.pool.name}" (${formatPos(best.taint.pos)})${diff ? `: ${diff}` : ""}`;
      hint = `To tolerate it: {key: ${best.taint.key}, operator: Equal, value: ${best.taint.value || '""'}, effect: ${best.taint.effect}}.`;
    } else {
      message = `${s.what}: toleration ${shown} (${entry.path}) tolerates no taint of any node pool (no pool in cluster.yaml has taints)`;
      hint = "Remove it, or taint the pool it is meant for.";
    }
    out.push(diag("dispatch/unused-toleration", "warning", entry.pos, message, hint));
  }
}
function checkSelectorTargets(s, pools, out) {
  if (s.nodeSelector.length === 0 || pools.length === 0) return;
  const known = /* @__PURE__ */ new Set([NODE_POOL_LABEL]);
  for (const p of pools) for (const l of p.labels) if (l.valid) known.add(l.key);
  if (s.nodeSelector.some((e) => !known.has(e.key) || isSystemLabelKey(e.key))) return;
  if (pools.some((p) => selectorMatches(s.nodeSelector, poolNodeLabels(p)))) return;
  const wanted = s.nodeSelector.map((e) => `${e.key}=${e.value}`).join(", ");
  const poolSel = s.nodeSelector.find((e) => e.key === NODE_POOL_LABEL);
  let hint = "Select labels that one of the pools has.";
  if (poolSel) {
    let best = "";
    let bestScore = Infinity;
    for (const p of pools) {
      const d = editDistance(poolSel.value, p.name);
      if (d < bestScore) {
        bestScore = d;
        best = p.name;
      }
    }
    if (best) hint = `Did you mean \`${NODE_POOL_LABEL}: ${best}\`?`;
  }
  out.push(diag(
    "dispatch/unmatched-node-selector",
    "error",
    s.nodeSelector[0].pos,
    `${s.what}: nodeSelector ${wanted} matches no node pool of cluster.yaml: its pods stay pending`,
    hint
  ));
}
function checkDuplicateTemplates(podTemplates, out) {
  const seen = /* @__PURE__ */ new Map();
  for (const p of podTemplates) {
    if (!p.name) continue;
    const id = `${p.namespace ?? ""}/${p.name}`;
    const first = seen.get(id);
    if (!first) {
      seen.set(id, p);
      continue;
    }
    out.push(diag(
      "dispatch/duplicate-pod-template",
      "error",
      p.pos,
      `ConfigMap "${p.name}"${p.namespace ? ` in namespace ${p.namespace}` : ""} is also defined in ${first.file}: one would overwrite the other`,
      "Give each pod-template ConfigMap its own name."
    ));
  }
}
function checkDispatch(cluster, podTemplates) {
  const out = [];
  const subjects = subjectsOf(cluster, podTemplates);
  const pools = cluster.pools;
  const taints = pools.flatMap((pool) => pool.taints.filter((t) => t.valid).map((taint) => ({ pool, taint })));
  for (const s of subjects) {
    checkTargeting(s, pools, out);
    if (cluster.hasConfiguration && pools.length > 0) checkUnused(s, taints, out);
    checkSelectorTargets(s, pools, out);
  }
  checkDuplicateTemplates(podTemplates, out);
  return out;
}

// src/validate/index.ts
function nodepoolEnv(settings, options) {
  return { ...settings.nodepool.env, ...options.env };
}
function validateFiles(files, options = {}, settings = DEFAULT_SETTINGS) {
  const result = { diagnostics: [], notices: [], sources: /* @__PURE__ */ new Map(), podTemplates: [] };
  for (const file of files) {
    result.sources.set(file.source.path, file.source);
    validateOne(file, files, settings, options, result);
  }
  crossChecks(result);
  compactAllowedKeys(result.diagnostics);
  sortDiagnostics(result.diagnostics);
  return result;
}
function validateOne(file, all, settings, options, result) {
  switch (file.kind) {
    case "nodepool":
    case "nodepool-builder": {
      const dibDir = settings.paths.dibAnsible;
      const playbooks = all.filter((f) => f.kind === "playbook" && f.source.path.startsWith(dibDir + "/")).map((f) => f.source.path.slice(dibDir.length + 1));
      const inventory = all.find((f) => f.kind === "inventory")?.source.path;
      const v = validateNodepool(file, {
        softwareFactory: options.standalone === void 0 ? settings.nodepool.flavor === "software-factory" : !options.standalone,
        env: nodepoolEnv(settings, options),
        // Without the repo around it (a single file), the dib-ansible checks cannot see the playbooks.
        dibAnsible: all.length > 1 || file.kind !== "nodepool-builder" ? { dir: dibDir, playbooks, inventory } : void 0
      });
      result.diagnostics.push(...v.diagnostics);
      if (file.kind === "nodepool") result.nodepool = v.model;
      else result.nodepoolBuilder = v.model;
      break;
    }
    case "cluster": {
      const v = validateCluster(file, settings);
      result.diagnostics.push(...v.diagnostics);
      result.cluster = v.model;
      break;
    }
    case "pod-template": {
      const v = validatePodTemplate(file, settings);
      result.diagnostics.push(...v.diagnostics);
      result.podTemplates.push(v.model);
      break;
    }
    case "inventory": {
      const playbooks = all.filter((f) => f.kind === "playbook");
      const knownHosts = all.find((f) => f.kind === "known-hosts");
      const v = validateInventory(file, playbooks, knownHosts);
      result.diagnostics.push(...v.diagnostics);
      result.inventoryHosts = v.hosts;
      break;
    }
    case "playbook":
      if (!all.some((f) => f.kind === "inventory")) result.diagnostics.push(...documentsOf(file).diagnostics);
      break;
    case "known-hosts":
      break;
  }
}
function crossChecks(result) {
  if (result.cluster || result.podTemplates.length) {
    result.diagnostics.push(...checkDispatch(result.cluster ?? emptyClusterModel(), result.podTemplates));
  }
}
function validateRepo(repo, options = {}) {
  const result = {
    diagnostics: [...repo.diagnostics],
    notices: [...repo.notices],
    sources: /* @__PURE__ */ new Map(),
    podTemplates: []
  };
  if (repo.settingsSource) result.sources.set(repo.settingsSource.path, repo.settingsSource);
  for (const file of repo.files) {
    result.sources.set(file.source.path, file.source);
    validateOne(file, repo.files, repo.settings, options, result);
  }
  crossChecks(result);
  compactAllowedKeys(result.diagnostics);
  sortDiagnostics(result.diagnostics);
  return result;
}

export {
  countBySeverity,
  sortDiagnostics,
  isInputPseudoFile,
  underRepo,
  didYouMean,
  FILE_KINDS,
  settingsSchema,
  outsideWorkspace,
  settingsOfText,
  loadRepo,
  kindFromPath,
  loadSingleFile,
  DRIVERS,
  nodepoolSchema,
  NODE_POOL_LABEL,
  tolerates,
  podTemplateSchema,
  KONVOY_API_VERSIONS,
  clusterJSONSchema,
  validateInventory,
  validateFiles,
  validateRepo
};
