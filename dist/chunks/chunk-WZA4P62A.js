import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  didYouMean
} from "./chunk-PO5PNBXQ.js";
import {
  makeSource,
  parseYaml,
  toJS
} from "./chunk-K5J4GOXI.js";

// src/core/provider-secrets.ts
var SECRET_KEYS = ["clouds.yaml", "kube.config", "aws.config"];
var SECRET_KEY_INPUTS = {
  "clouds.yaml": "clouds-yaml",
  "kube.config": "kube-config",
  "aws.config": "aws-config"
};

// src/validate/secrets.ts
var inputName = (key) => `input:${SECRET_KEY_INPUTS[key]}`;
var RULE = "secrets";
var YAML_PROBLEM = {
  "yaml/syntax": "a YAML syntax error",
  "yaml/too-deep": "nesting too deep",
  "yaml/too-large": "too many nodes once aliases are expanded",
  "yaml/undefined-alias": "an undefined alias",
  "yaml/recursive-alias": "a recursive alias",
  "yaml/unknown-tag": "an unknown or unreadable tag",
  "yaml/merge": "an invalid merge key",
  "yaml/construct": "a value that cannot be read"
};
function fileDiag(key, rule, message, hint, line = 0, column = 0) {
  return { rule: `${RULE}/${rule}`, severity: "error", file: inputName(key), line, column, message, hint };
}
function parseSecretYaml(key, text, diagnostics) {
  const name = inputName(key);
  const parsed = parseYaml(makeSource(name, text));
  const bad = parsed.diagnostics.find((d) => d.severity === "error");
  if (bad) {
    const what = YAML_PROBLEM[bad.rule] ?? "a problem";
    diagnostics.push(fileDiag(
      key,
      "syntax",
      `the ${key} secret (${name}) does not parse: ${what} at line ${bad.line}, column ${bad.column}`,
      `Fix the ${key} secret at that line (its content is not shown, as it holds credentials).`,
      bad.line,
      bad.column
    ));
    return void 0;
  }
  const docs = parsed.documents.filter((d) => d.root !== null);
  if (docs.length !== 1 || docs[0].root?.kind !== "map") {
    diagnostics.push(fileDiag(
      key,
      "not-a-mapping",
      `the ${key} secret (${name}) is not a single YAML mapping`,
      key === "clouds.yaml" ? "clouds.yaml is a mapping with a `clouds:` key." : "kube.config is a kubeconfig: a mapping with `clusters`, `users` and `contexts`."
    ));
    return void 0;
  }
  return toJS(docs[0].root);
}
var isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function parseProviderSecrets(secrets) {
  const diagnostics = [];
  const out = { diagnostics };
  const clouds = secrets["clouds.yaml"];
  if (typeof clouds === "string" && clouds.trim() !== "") {
    const doc = parseSecretYaml("clouds.yaml", clouds, diagnostics);
    if (isRecord(doc)) {
      if (!isRecord(doc.clouds)) {
        diagnostics.push(fileDiag(
          "clouds.yaml",
          "no-clouds",
          `the clouds.yaml secret (${inputName("clouds.yaml")}) has no \`clouds:\` mapping`,
          "clouds.yaml lists the clouds under a top-level `clouds:` key."
        ));
      } else {
        const map = /* @__PURE__ */ new Map();
        for (const [name, cloud] of Object.entries(doc.clouds)) {
          let regions;
          if (isRecord(cloud)) {
            if (Array.isArray(cloud.regions)) {
              regions = cloud.regions.map((r) => typeof r === "string" ? r : isRecord(r) && typeof r.name === "string" ? r.name : void 0).filter((r) => r !== void 0);
            } else if (typeof cloud.region_name === "string") regions = [cloud.region_name];
            if (regions && regions.length === 0) regions = void 0;
          }
          map.set(name, regions);
        }
        out.clouds = { clouds: map };
      }
    }
  }
  const kube = secrets["kube.config"];
  if (typeof kube === "string" && kube.trim() !== "") {
    const doc = parseSecretYaml("kube.config", kube, diagnostics);
    if (isRecord(doc)) {
      const contexts = /* @__PURE__ */ new Set();
      if (Array.isArray(doc.contexts)) {
        for (const c of doc.contexts) if (isRecord(c) && typeof c.name === "string") contexts.add(c.name);
      }
      if (contexts.size === 0) {
        diagnostics.push(fileDiag(
          "kube.config",
          "no-contexts",
          `the kube.config secret (${inputName("kube.config")}) defines no context`,
          "Nodepool providers name a context of kube.config: define it under `contexts:`."
        ));
      }
      out.kube = { contexts };
    }
  }
  return out;
}
var KUBE_DRIVERS = /* @__PURE__ */ new Set(["kubernetes", "openshift", "openshiftpods"]);
function checkProvidersAgainst(providers, parsed, file) {
  const out = [];
  for (const p of providers) {
    if (p.driver === "openstack" && parsed.clouds && p.cloud !== void 0) {
      const pos = p.positions.cloud ?? { line: p.line, column: p.column };
      const clouds = parsed.clouds.clouds;
      if (!clouds.has(p.cloud)) {
        const dym = didYouMean(p.cloud, [...clouds.keys()]);
        out.push({
          rule: `${RULE}/unknown-cloud`,
          severity: "error",
          file,
          line: pos.line,
          column: pos.column,
          message: `provider ${JSON.stringify(p.name)}: cloud ${JSON.stringify(p.cloud)} is not in the clouds.yaml secret (${clouds.size} cloud${clouds.size === 1 ? "" : "s"} there)`,
          hint: dym ?? "Add the cloud to the clouds.yaml secret, or name one of its clouds in `cloud:`."
        });
        continue;
      }
      const regions = clouds.get(p.cloud);
      if (p.regionName !== void 0 && regions && !regions.includes(p.regionName)) {
        const rpos = p.positions["region-name"] ?? pos;
        const dym = didYouMean(p.regionName, regions);
        out.push({
          rule: `${RULE}/unknown-region`,
          severity: "error",
          file,
          line: rpos.line,
          column: rpos.column,
          message: `provider ${JSON.stringify(p.name)}: region ${JSON.stringify(p.regionName)} is not a region of cloud ${JSON.stringify(p.cloud)} in the clouds.yaml secret (it lists ${regions.length})`,
          hint: dym ?? "Use a region the cloud lists, or add it to the cloud's `regions:` in the clouds.yaml secret."
        });
      }
    }
    if (KUBE_DRIVERS.has(p.driver) && parsed.kube && p.context !== void 0) {
      const contexts = parsed.kube.contexts;
      if (contexts.size > 0 && !contexts.has(p.context)) {
        const pos = p.positions.context ?? { line: p.line, column: p.column };
        const dym = didYouMean(p.context, [...contexts]);
        out.push({
          rule: `${RULE}/unknown-context`,
          severity: "error",
          file,
          line: pos.line,
          column: pos.column,
          message: `provider ${JSON.stringify(p.name)}: context ${JSON.stringify(p.context)} is not in the kube.config secret (${contexts.size} context${contexts.size === 1 ? "" : "s"} there)`,
          hint: dym ?? "Add the context to the kube.config secret (`sf-operator nodepool create openshiftpods-namespace` writes one named `openshiftpods`), or fix `context:`."
        });
      }
    }
  }
  return out;
}
function checkValidationSecrets(result, secrets) {
  const parsed = parseProviderSecrets(secrets);
  const out = [...parsed.diagnostics];
  for (const model of [result.nodepool, result.nodepoolBuilder]) {
    if (model) out.push(...checkProvidersAgainst(model.providers, parsed, model.file));
  }
  return out;
}

export {
  SECRET_KEYS,
  SECRET_KEY_INPUTS,
  checkValidationSecrets
};
