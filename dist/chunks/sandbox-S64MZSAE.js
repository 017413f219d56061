import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  NODE_POOL_LABEL,
  loadRepo,
  validateRepo
} from "./chunk-AQOFPA3E.js";
import "./chunk-6WSOQ634.js";
import "./chunk-4755524P.js";
import {
  load
} from "./chunk-VNTL5GQB.js";
import "./chunk-DT2EZEFJ.js";

// src/sandbox/sandbox.ts
import { randomBytes as randomBytes3 } from "node:crypto";

// src/sandbox/kube-apiserver.ts
import { STATUS_CODES, createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";

// src/sandbox/kube-apiserver/admission.ts
import { randomUUID } from "node:crypto";
import { request as httpsRequest } from "node:https";

// src/sandbox/kube-apiserver/patch.ts
function isObj(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function clone(v) {
  return v === void 0 ? v : JSON.parse(JSON.stringify(v));
}
function deepEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== void 0);
    const kb = Object.keys(b).filter((k) => b[k] !== void 0);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
var PatchFailed = class extends Error {
};
function parsePointer(pointer) {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new PatchFailed(`JSON pointer must start with '/': ${pointer}`);
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
function arrayIndex(arr, seg, allowEnd) {
  if (allowEnd && seg === "-") return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(seg)) throw new PatchFailed(`invalid array index ${seg}`);
  const i = Number(seg);
  if (i > arr.length || !allowEnd && i === arr.length) throw new PatchFailed(`array index ${i} out of bounds`);
  return i;
}
function resolveParent(doc, segs, path) {
  let cur = doc;
  for (const seg of segs.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, seg, false)];
    else if (isObj(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
    else throw new PatchFailed(`doc is missing path: ${path}`);
  }
  return cur;
}
function getAt(doc, path) {
  const segs = parsePointer(path);
  if (segs.length === 0) return doc;
  const parent = resolveParent(doc, segs, path);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false)];
  if (isObj(parent) && Object.hasOwn(parent, last)) return parent[last];
  throw new PatchFailed(`doc is missing key: ${path}`);
}
function addAt(doc, path, value) {
  const segs = parsePointer(path);
  if (segs.length === 0) return value;
  const parent = resolveParent(doc, segs, path);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, value);
  else if (isObj(parent)) parent[last] = value;
  else throw new PatchFailed(`doc is missing path: ${path}`);
  return doc;
}
function removeAt(doc, path) {
  const segs = parsePointer(path);
  if (segs.length === 0) throw new PatchFailed("cannot remove the root");
  const parent = resolveParent(doc, segs, path);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
  else if (isObj(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw new PatchFailed(`Unable to remove nonexistent key: ${last}: missing value`);
  return doc;
}
function jsonPatchShapeError(ops) {
  if (!Array.isArray(ops)) {
    const t = ops === null ? "null" : typeof ops === "object" ? "object" : typeof ops === "boolean" ? "bool" : typeof ops;
    return `error decoding patch: json: cannot unmarshal ${t} into Go value of type []handlers.jsonPatchOp`;
  }
  return void 0;
}
function applyJsonPatch(doc, ops) {
  let out = clone(doc);
  for (const raw of ops) {
    if (!isObj(raw) || typeof raw.op !== "string") throw new PatchFailed("Unexpected kind: missing op");
    const path = typeof raw.path === "string" ? raw.path : void 0;
    if (path === void 0) throw new PatchFailed(`${raw.op} operation: missing path`);
    switch (raw.op) {
      case "add":
        if (!Object.hasOwn(raw, "value")) throw new PatchFailed("add operation: missing value");
        out = addAt(out, path, clone(raw.value));
        break;
      case "remove":
        out = removeAt(out, path);
        break;
      case "replace":
        if (!Object.hasOwn(raw, "value")) throw new PatchFailed("replace operation: missing value");
        getAt(out, path);
        if (path === "") out = clone(raw.value);
        else out = addAt(removeAt(out, path), path, clone(raw.value));
        break;
      case "move":
      case "copy": {
        if (typeof raw.from !== "string") throw new PatchFailed(`${raw.op} operation: missing from`);
        const v = clone(getAt(out, raw.from));
        if (raw.op === "move") out = removeAt(out, raw.from);
        out = addAt(out, path, v);
        break;
      }
      case "test":
        if (!deepEqual(getAt(out, path), raw.value)) throw new PatchFailed(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new PatchFailed(`Unexpected kind: ${raw.op}`);
    }
  }
  return out;
}
function applyMergePatch(target, patch) {
  if (!isObj(patch)) return clone(patch);
  const out = isObj(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}
var MERGE_KEYS = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  ports: "containerPort",
  imagePullSecrets: "name",
  hostAliases: "ip",
  ownerReferences: "uid",
  conditions: "type",
  addresses: "type"
};
var MERGE_PRIMITIVE_LISTS = /* @__PURE__ */ new Set(["finalizers"]);
var DELETE = /* @__PURE__ */ Symbol("delete");
function stripDirectives(v) {
  if (Array.isArray(v)) return v.filter((x) => !(isObj(x) && x.$patch === "delete")).map(stripDirectives);
  if (!isObj(v)) return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "$patch" || k === "$retainKeys" || k.startsWith("$setElementOrder/") || k.startsWith("$deleteFromPrimitiveList/")) {
      continue;
    }
    if (x !== null) out[k] = stripDirectives(x);
  }
  return out;
}
function smpList(orig, patch, key) {
  if (patch.some((x) => isObj(x) && x.$patch === "replace")) {
    return patch.filter((x) => !(isObj(x) && x.$patch === "replace")).map(stripDirectives);
  }
  const out = clone(orig);
  for (const item of patch) {
    if (!isObj(item)) {
      out.push(clone(item));
      continue;
    }
    const idx = out.findIndex((o) => isObj(o) && deepEqual(o[key], item[key]));
    if (item.$patch === "delete") {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) {
      const merged = smpValue(out[idx], item);
      if (merged === DELETE) out.splice(idx, 1);
      else out[idx] = merged;
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}
function smpValue(orig, patch) {
  if (!isObj(patch)) return clone(patch);
  if (patch.$patch === "replace") return stripDirectives(patch);
  if (patch.$patch === "delete") return DELETE;
  const out = isObj(orig) ? clone(orig) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === "$patch" || k === "$retainKeys" || k.startsWith("$setElementOrder/")) continue;
    if (k.startsWith("$deleteFromPrimitiveList/")) {
      const f = k.slice("$deleteFromPrimitiveList/".length);
      const cur = out[f];
      if (Array.isArray(cur) && Array.isArray(v)) out[f] = cur.filter((x) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v)) {
      const cur = out[k];
      if (MERGE_KEYS[k] && (Array.isArray(cur) || cur === void 0)) out[k] = smpList(cur ?? [], v, MERGE_KEYS[k]);
      else if (MERGE_PRIMITIVE_LISTS.has(k) && Array.isArray(cur)) {
        out[k] = [...cur, ...v.filter((x) => !cur.some((c) => deepEqual(c, x)))];
      } else out[k] = stripDirectives(v);
    } else if (isObj(v)) {
      const merged = smpValue(out[k], v);
      if (merged === DELETE) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}
function applyStrategicMergePatch(target, patch) {
  const out = smpValue(target, patch);
  return out === DELETE ? {} : out;
}
function getPath(obj, path) {
  let cur = obj;
  for (const seg of path) {
    if (!isObj(cur)) return void 0;
    cur = cur[seg];
  }
  return cur;
}
function setPath(obj, path, value) {
  let cur = obj;
  for (const seg of path.slice(0, -1)) {
    if (!isObj(cur[seg])) cur[seg] = {};
    cur = cur[seg];
  }
  cur[path[path.length - 1]] = value;
}
function deletePath(obj, path) {
  const chain = [obj];
  let cur = obj;
  for (const seg of path.slice(0, -1)) {
    if (!isObj(cur)) return;
    cur = cur[seg];
    if (!isObj(cur)) return;
    chain.push(cur);
  }
  delete chain[chain.length - 1][path[path.length - 1]];
  for (let i = chain.length - 1; i >= 2; i--) {
    if (Object.keys(chain[i]).length === 0) delete chain[i - 1][path[i - 1]];
    else break;
  }
}

// src/sandbox/kube-apiserver/objects.ts
var groupResourceOf = (r) => ({ group: r.group, resource: r.plural });
var now = () => (/* @__PURE__ */ new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
var keyOf = (ns, name2) => `${ns ?? ""}/${name2}`;
function metaOf(o) {
  if (!isObj(o.metadata)) o.metadata = {};
  return o.metadata;
}
var META_ORDER = [
  "name",
  "generateName",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "managedFields"
];
function ordered(o) {
  const out = {};
  if (o.apiVersion !== void 0) out.apiVersion = o.apiVersion;
  if (o.kind !== void 0) out.kind = o.kind;
  if (o.metadata) {
    const m = {};
    for (const k of META_ORDER) if (o.metadata[k] !== void 0) m[k] = o.metadata[k];
    for (const [k, v] of Object.entries(o.metadata)) if (!(k in m) && v !== void 0) m[k] = v;
    out.metadata = m;
  }
  for (const [k, v] of Object.entries(o)) {
    if (k !== "apiVersion" && k !== "kind" && k !== "metadata" && k !== "status" && v !== void 0) out[k] = v;
  }
  if (o.status !== void 0) out.status = o.status;
  return out;
}

// src/sandbox/kube-apiserver/resources.ts
var str = (v) => v === void 0 || v === null ? "" : String(v);
var at = (o, a, b) => {
  const x = o[a];
  return typeof x === "object" && x !== null ? x[b] : void 0;
};
var RESOURCES = [
  {
    group: "",
    version: "v1",
    plural: "namespaces",
    singular: "namespace",
    kind: "Namespace",
    namespaced: false,
    crd: false,
    statusSubresource: true,
    generation: "none",
    nameRule: "label",
    shortNames: ["ns"],
    fields: { "status.phase": (o) => str(at(o, "status", "phase")) }
  },
  {
    group: "",
    version: "v1",
    plural: "nodes",
    singular: "node",
    kind: "Node",
    namespaced: false,
    crd: false,
    statusSubresource: true,
    generation: "none",
    nameRule: "subdomain",
    shortNames: ["no"],
    fields: { "spec.unschedulable": (o) => str(at(o, "spec", "unschedulable") ?? false) }
  },
  {
    group: "",
    version: "v1",
    plural: "pods",
    singular: "pod",
    kind: "Pod",
    namespaced: true,
    crd: false,
    statusSubresource: true,
    generation: "none",
    nameRule: "subdomain",
    shortNames: ["po"],
    fields: {
      "spec.nodeName": (o) => str(at(o, "spec", "nodeName")),
      "spec.restartPolicy": (o) => str(at(o, "spec", "restartPolicy")),
      "spec.schedulerName": (o) => str(at(o, "spec", "schedulerName")),
      "spec.serviceAccountName": (o) => str(at(o, "spec", "serviceAccountName")),
      "status.phase": (o) => str(at(o, "status", "phase")),
      "status.podIP": (o) => str(at(o, "status", "podIP"))
    }
  },
  {
    group: "",
    version: "v1",
    plural: "secrets",
    singular: "secret",
    kind: "Secret",
    namespaced: true,
    crd: false,
    statusSubresource: false,
    generation: "none",
    nameRule: "subdomain",
    fields: { type: (o) => str(o.type) }
  },
  {
    group: "",
    version: "v1",
    plural: "configmaps",
    singular: "configmap",
    kind: "ConfigMap",
    namespaced: true,
    crd: false,
    statusSubresource: false,
    generation: "none",
    nameRule: "subdomain",
    shortNames: ["cm"]
  },
  {
    group: "apps",
    version: "v1",
    plural: "deployments",
    singular: "deployment",
    kind: "Deployment",
    namespaced: true,
    crd: false,
    statusSubresource: true,
    generation: "spec+annotations",
    nameRule: "subdomain",
    shortNames: ["deploy"]
  },
  {
    group: "apps",
    version: "v1",
    plural: "statefulsets",
    singular: "statefulset",
    kind: "StatefulSet",
    namespaced: true,
    crd: false,
    statusSubresource: true,
    generation: "spec",
    nameRule: "subdomain",
    shortNames: ["sts"]
  },
  {
    group: "apps",
    version: "v1",
    plural: "replicasets",
    singular: "replicaset",
    kind: "ReplicaSet",
    namespaced: true,
    crd: false,
    statusSubresource: true,
    generation: "spec",
    nameRule: "subdomain",
    shortNames: ["rs"]
  },
  {
    group: "coordination.k8s.io",
    version: "v1",
    plural: "leases",
    singular: "lease",
    kind: "Lease",
    namespaced: true,
    crd: false,
    statusSubresource: false,
    generation: "none",
    nameRule: "subdomain"
  },
  {
    group: "admissionregistration.k8s.io",
    version: "v1",
    plural: "validatingwebhookconfigurations",
    singular: "validatingwebhookconfiguration",
    kind: "ValidatingWebhookConfiguration",
    namespaced: false,
    crd: false,
    statusSubresource: false,
    generation: "nonmeta",
    nameRule: "subdomain"
  },
  {
    group: "dispatch.d2iq.io",
    version: "v1alpha1",
    plural: "repositories",
    singular: "repository",
    kind: "Repository",
    namespaced: true,
    crd: true,
    statusSubresource: false,
    generation: "nonmeta",
    nameRule: "subdomain"
  }
];
function apiVersionOf(r) {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
function findResource(group, version, plural) {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}
function resourceByName(name2) {
  const n = name2.toLowerCase();
  return RESOURCES.find((r) => r.kind.toLowerCase() === n || r.plural === n || r.singular === n);
}
function resourceForObject(apiVersion, kind) {
  return RESOURCES.find((r) => r.kind === kind && (apiVersion === void 0 || apiVersionOf(r) === apiVersion));
}
function fieldSet(r, o) {
  const meta = o.metadata ?? {};
  const out = { "metadata.name": str(meta.name), "metadata.namespace": str(meta.namespace) };
  for (const [k, f] of Object.entries(r.fields ?? {})) out[k] = f(o);
  return out;
}
function supportedFields(r) {
  return ["metadata.name", "metadata.namespace", ...Object.keys(r.fields ?? {})];
}
function discoveryResources(group, version) {
  const verbs = ["create", "delete", "get", "list", "patch", "update"];
  const out = [];
  for (const r of RESOURCES.filter((x) => x.group === group && x.version === version)) {
    const e = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs };
    if (r.shortNames) e.shortNames = r.shortNames;
    out.push(e);
    if (r.plural === "pods") {
      out.push({ name: "pods/exec", singularName: "", namespaced: true, kind: "PodExecOptions", verbs: ["create", "get"] });
    }
  }
  return out;
}

// src/sandbox/kube-apiserver/status.ts
var StatusError = class extends Error {
  status;
  headers;
  constructor(status2, headers = {}) {
    super(status2.message ?? status2.reason ?? "status error");
    this.status = status2;
    this.headers = headers;
  }
  get code() {
    return this.status.code ?? 500;
  }
};
function goQuote(s) {
  return JSON.stringify(s);
}
function groupResourceString(gr) {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}
function groupKindString(gk) {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
}
function cleanDetails(d) {
  const out = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes && d.causes.length > 0) {
    out.causes = d.causes.map((c) => {
      const cause = {};
      if (c.reason) cause.reason = c.reason;
      if (c.message) cause.message = c.message;
      if (c.field) cause.field = c.field;
      return cause;
    });
  }
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}
function makeStatus(status2, code, reason, message, details) {
  const s = { kind: "Status", apiVersion: "v1", metadata: {}, status: status2 };
  if (message) s.message = message;
  if (reason) s.reason = reason;
  if (details) s.details = cleanDetails(details);
  if (code) s.code = code;
  return s;
}
function notFound(gr, name2) {
  return new StatusError(
    makeStatus("Failure", 404, "NotFound", `${groupResourceString(gr)} ${goQuote(name2)} not found`, {
      name: name2,
      group: gr.group,
      kind: gr.resource
    })
  );
}
function pathNotFound() {
  return new StatusError(makeStatus("Failure", 404, "NotFound", "the server could not find the requested resource", {}));
}
function alreadyExists(gr, name2) {
  return new StatusError(
    makeStatus("Failure", 409, "AlreadyExists", `${groupResourceString(gr)} ${goQuote(name2)} already exists`, {
      name: name2,
      group: gr.group,
      kind: gr.resource
    })
  );
}
var OPTIMISTIC_LOCK_MSG = "the object has been modified; please apply your changes to the latest version and try again";
function conflict(gr, name2, err = OPTIMISTIC_LOCK_MSG) {
  return new StatusError(
    makeStatus(
      "Failure",
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${groupResourceString(gr)} ${goQuote(name2)}: ${err}`,
      { name: name2, group: gr.group, kind: gr.resource }
    )
  );
}
function badRequest(message) {
  return new StatusError(makeStatus("Failure", 400, "BadRequest", message));
}
function unauthorized() {
  return new StatusError(makeStatus("Failure", 401, "Unauthorized", "Unauthorized"));
}
function forbidden(gr, name2, err) {
  const what = groupResourceString(gr);
  const message = name2 ? `${what} ${goQuote(name2)} is forbidden: ${err}` : `${what} is forbidden: ${err}`;
  return new StatusError(makeStatus("Failure", 403, "Forbidden", message, { name: name2, group: gr.group, kind: gr.resource }));
}
function methodNotAllowed() {
  return new StatusError(
    makeStatus("Failure", 405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {})
  );
}
function unsupportedMediaType(accepted) {
  return new StatusError(
    makeStatus(
      "Failure",
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`
    )
  );
}
function internalError(err) {
  return new StatusError(
    makeStatus("Failure", 500, "InternalError", `Internal error occurred: ${err}`, { causes: [{ message: err }] })
  );
}
var PATCH_REJECTED_MESSAGE = "the server rejected our request due to an error in our request";
function patchRejected() {
  return new StatusError(makeStatus("Failure", 422, "Invalid", PATCH_REJECTED_MESSAGE, {}));
}
function unsupportedPatchMediaType() {
  return new StatusError(makeStatus("Failure", 415, "UnsupportedMediaType", "415: Unsupported Media Type", {}));
}
function preconditionConflict(gr, gk, name2, err) {
  return new StatusError(
    makeStatus("Failure", 409, "Conflict", `Operation cannot be fulfilled on ${groupKindString(gk)} ${goQuote(name2)}: ${err}`, {
      name: name2,
      group: gr.group,
      kind: gr.resource
    })
  );
}
var TYPE_TEXT = {
  Required: "Required value",
  Invalid: "Invalid value",
  Duplicate: "Duplicate value",
  NotSupported: "Unsupported value",
  Forbidden: "Forbidden",
  TooLong: "Too long"
};
var CAUSE_TYPE = {
  Required: "FieldValueRequired",
  Invalid: "FieldValueInvalid",
  Duplicate: "FieldValueDuplicate",
  NotSupported: "FieldValueNotSupported",
  Forbidden: "FieldValueForbidden",
  TooLong: "FieldValueTooLong"
};
function fieldErrorBody(e) {
  let s = TYPE_TEXT[e.type];
  const valueless = e.type === "Required" || e.type === "Forbidden" || e.type === "TooLong";
  if (!valueless) s += `: ${e.value ?? "null"}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}
function fieldErrorString(e) {
  return `${e.field}: ${fieldErrorBody(e)}`;
}
function supportedValues(values) {
  return "supported values: " + values.map(goQuote).join(", ");
}
function invalid(gk, name2, errs) {
  const seen = /* @__PURE__ */ new Set();
  const msgs = [];
  for (const e of errs) {
    const m = fieldErrorString(e);
    if (!seen.has(m)) {
      seen.add(m);
      msgs.push(m);
    }
  }
  const head = `${groupKindString(gk)} ${goQuote(name2)} is invalid`;
  let message = head;
  if (msgs.length === 1) message = `${head}: ${msgs[0]}`;
  else if (msgs.length > 1) message = `${head}: [${msgs.join(", ")}]`;
  return new StatusError(
    makeStatus("Failure", 422, "Invalid", message, {
      name: name2,
      group: gk.group,
      kind: gk.kind,
      causes: errs.map((e) => ({ reason: CAUSE_TYPE[e.type], message: fieldErrorBody(e), field: e.field }))
    })
  );
}
function genericStatus(code, message) {
  switch (code) {
    case 400:
      return makeStatus("Failure", 400, "BadRequest", message ?? "the server rejected our request for an unknown reason");
    case 401:
      return makeStatus("Failure", 401, "Unauthorized", message ?? "Unauthorized");
    case 403:
      return makeStatus("Failure", 403, "Forbidden", message ?? "forbidden");
    case 404:
      return makeStatus("Failure", 404, "NotFound", message ?? "the server could not find the requested resource", {});
    case 409:
      return makeStatus("Failure", 409, "Conflict", message ?? "the server reported a conflict");
    case 429:
      return makeStatus("Failure", 429, "TooManyRequests", message ?? "Too many requests, please try again later.", {
        retryAfterSeconds: 1
      });
    case 500:
      return makeStatus("Failure", 500, "InternalError", `Internal error occurred: ${message ?? "injected fault"}`, {
        causes: [{ message: message ?? "injected fault" }]
      });
    case 503:
      return makeStatus("Failure", 503, "ServiceUnavailable", message ?? "the server is currently unable to handle the request");
    case 504:
      return makeStatus(
        "Failure",
        504,
        "Timeout",
        message ?? "the server was unable to return a response in the time allotted, but may still be processing the request"
      );
    default:
      return makeStatus(
        "Failure",
        code,
        "",
        message ?? `the server responded with the status code ${code} but did not return more information`
      );
  }
}

// src/sandbox/kube-apiserver/admission.ts
var AdmissionNeeded = class extends Error {
  constructor(webhooks, request) {
    super("admission needed");
    this.webhooks = webhooks;
    this.request = request;
  }
  webhooks;
  request;
};
var AdmissionControl = class {
  /** `list` reads the store (the ValidatingWebhookConfigurations). */
  constructor(list) {
    this.list = list;
  }
  list;
  hooks = [];
  /** Set while a request that needed admission is dispatched again with the webhooks' verdict. */
  admitted;
  /** Registers an in-process hook; returns an unregister. */
  add(hook) {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }
  /** Asks the in-process hooks in the order registered; the first denial stops the write. */
  review(res, obj, old, dryRun) {
    const meta = metaOf(obj);
    const name2 = meta.name ?? "";
    for (const hook of this.hooks) {
      const denial = hook({ operation: old ? "UPDATE" : "CREATE", resource: res.plural, namespace: meta.namespace, name: name2, object: clone(obj), ...old ? { oldObject: clone(old) } : {}, dryRun });
      if (denial) {
        const code = denial.code ?? 400;
        throw new StatusError(makeStatus("Failure", code, code === 400 ? "BadRequest" : "", `admission webhook ${goQuote(denial.webhook)} denied the request: ${denial.message}`));
      }
    }
  }
  /** Throws AdmissionNeeded when webhooks must judge the write, or their verdict once they have. */
  webhooks(res, obj, old, dryRun) {
    const webhooks = this.matching(res, old ? "UPDATE" : "CREATE", obj, old);
    if (webhooks.length > 0) {
      if (!this.admitted) throw new AdmissionNeeded(webhooks, { res, operation: old ? "UPDATE" : "CREATE", object: obj, oldObject: old, dryRun });
      if (this.admitted.error) throw this.admitted.error;
    }
  }
  /** Runs a request again, the webhooks' verdict (undefined: allowed) standing for their calls. */
  withVerdict(verdict, run) {
    this.admitted = { ...verdict ? { error: verdict } : {} };
    try {
      return run();
    } finally {
      this.admitted = void 0;
    }
  }
  matching(res, operation, obj, old) {
    const out = [];
    const labelsOf = (o) => o?.metadata?.labels ?? {};
    for (const cfg of this.list(resourceByName("validatingwebhookconfigurations"))) {
      for (const w of Array.isArray(cfg.webhooks) ? cfg.webhooks : []) {
        const rules = Array.isArray(w.rules) ? w.rules : [];
        const has = (list, v) => Array.isArray(list) && (list.includes("*") || list.includes(v));
        const ruled = rules.some((r) => has(r.apiGroups, res.group) && has(r.apiVersions, res.version) && has(r.operations, operation) && has(r.resources, res.plural) && (r.scope === void 0 || r.scope === "*" || r.scope === (res.namespaced ? "Namespaced" : "Cluster")));
        const sel = isObj(w.objectSelector) && isObj(w.objectSelector.matchLabels) ? w.objectSelector.matchLabels : {};
        const selected = (o) => !!o && Object.entries(sel).every(([k, v]) => labelsOf(o)[k] === v);
        if (ruled && (selected(obj) || selected(old))) out.push(w);
      }
    }
    return out;
  }
  /** Calls each webhook; resolves to the Status error that stops the request, or undefined when all allow it. */
  async callWebhooks(need, user) {
    for (const w of need.webhooks) {
      const name2 = String(w.name ?? "");
      const cc = isObj(w.clientConfig) ? w.clientConfig : {};
      const timeout = typeof w.timeoutSeconds === "number" ? w.timeoutSeconds : 10;
      const url = `${String(cc.url ?? "")}?timeout=${timeout}s`;
      let answer;
      try {
        answer = await postJson(url, admissionReview(need, user), typeof cc.caBundle === "string" ? Buffer.from(cc.caBundle, "base64").toString("utf8") : void 0, timeout * 1e3);
      } catch (err) {
        if (w.failurePolicy === "Ignore") continue;
        const u = new URL(String(cc.url ?? ""));
        const code = err.code;
        const why = code === "ECONNREFUSED" ? `dial tcp ${u.hostname}:${u.port || "443"}: connect: connection refused` : err instanceof Error ? err.message : String(err);
        return internalError(`failed calling webhook ${goQuote(name2)}: failed to call webhook: Post ${goQuote(url)}: ${why}`);
      }
      const response = isObj(answer.response) ? answer.response : {};
      if (response.allowed !== true) {
        const st = isObj(response.status) ? response.status : {};
        const code = typeof st.code === "number" && st.code > 0 ? st.code : 400;
        const msg = `admission webhook ${goQuote(name2)} denied the request${typeof st.message === "string" && st.message ? `: ${st.message}` : " without explanation"}`;
        return new StatusError(makeStatus("Failure", code, typeof st.reason === "string" ? st.reason : "", msg));
      }
    }
    return void 0;
  }
};
function admissionReview(need, user) {
  const { res, operation, object, oldObject, dryRun } = need.request;
  return {
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    request: {
      uid: randomUUID(),
      kind: { group: res.group, version: res.version, kind: res.kind },
      resource: { group: res.group, version: res.version, resource: res.plural },
      requestKind: { group: res.group, version: res.version, kind: res.kind },
      requestResource: { group: res.group, version: res.version, resource: res.plural },
      name: object.metadata?.name,
      ...object.metadata?.namespace ? { namespace: object.metadata.namespace } : {},
      operation,
      userInfo: { username: user },
      object,
      oldObject: oldObject ?? null,
      dryRun,
      options: { apiVersion: "meta.k8s.io/v1", kind: operation === "CREATE" ? "CreateOptions" : "UpdateOptions" }
    }
  };
}
function postJson(url, body, ca, timeoutMs) {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = httpsRequest(url, { method: "POST", ...ca ? { ca } : {}, headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("context deadline exceeded")));
    req.on("error", reject);
    req.end(text);
  });
}

// src/sandbox/kube-apiserver/auth.ts
var Authorizer = class {
  /** `tokens`: bearer token → user name. */
  constructor(tokens, forbiddenRules, rbac) {
    this.tokens = tokens;
    this.forbiddenRules = forbiddenRules;
    this.rbac = rbac;
  }
  tokens;
  forbiddenRules;
  /** RBAC allow rules; undefined: everything not forbidden is allowed. */
  rbac;
  /** Adds a rule answering 403; returns a remover. */
  forbid(rule) {
    this.forbiddenRules.push(rule);
    return () => {
      const i = this.forbiddenRules.indexOf(rule);
      if (i >= 0) this.forbiddenRules.splice(i, 1);
    };
  }
  /** The user of an Authorization header's bearer token; 401 for none or an unknown one. */
  authenticate(authorization) {
    const m = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
    const user = m ? this.tokens.get(m[1].trim()) : void 0;
    if (user === void 0) throw unauthorized();
    return user;
  }
  /** Throws the API server's 403 unless the user may do what the request asks. */
  authorize(user, attrs) {
    const resource = attrs.subresource ? `${attrs.res.plural}/${attrs.subresource}` : attrs.res.plural;
    if (this.allowed(user, attrs.verb, attrs.res.group, resource, attrs.namespace, attrs.name)) return;
    const where = attrs.namespace ? `in the namespace ${goQuote(attrs.namespace)}` : "at the cluster scope";
    const reason = `User ${goQuote(user)} cannot ${attrs.verb} resource ${goQuote(resource)} in API group ${goQuote(attrs.res.group)} ${where}`;
    throw forbidden(groupResourceOf(attrs.res), attrs.name ?? "", reason);
  }
  /** POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews: the authorizer's answer for the caller. */
  selfSubjectAccessReview(user, body) {
    let review;
    try {
      review = JSON.parse(body);
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${e.message}`);
    }
    const spec2 = isObj(review) && isObj(review.spec) ? review.spec : {};
    const ra = isObj(spec2.resourceAttributes) ? spec2.resourceAttributes : void 0;
    if (!ra) {
      throw invalid({ group: "authorization.k8s.io", kind: "SelfSubjectAccessReview" }, "", [
        { type: "Invalid", field: "spec.resourceAttributes", value: "null", detail: "exactly one of nonResourceAttributes or resourceAttributes must be specified" }
      ]);
    }
    const str2 = (v) => typeof v === "string" ? v : "";
    const resource = str2(ra.subresource) ? `${str2(ra.resource)}/${str2(ra.subresource)}` : str2(ra.resource);
    const ns = str2(ra.namespace) || void 0;
    const allowed = this.allowed(user, str2(ra.verb), str2(ra.group), resource, ns, str2(ra.name) || void 0);
    return {
      kind: "SelfSubjectAccessReview",
      apiVersion: "authorization.k8s.io/v1",
      metadata: { creationTimestamp: null },
      spec: clone(spec2),
      status: allowed ? { allowed: true, reason: "RBAC: allowed by the stand-in's rules" } : { allowed: false }
    };
  }
  /** Whether a request would be allowed: the RBAC rules, then the forbidden rules. */
  allowed(user, verb, group, resource, namespace, name2) {
    if (!this.allowedByRbac(user, verb, group, resource, namespace, name2)) return false;
    return !this.forbiddenRules.some((r) => {
      const verbs = r.verb === void 0 ? void 0 : Array.isArray(r.verb) ? r.verb : [r.verb];
      return (verbs === void 0 || verbs.includes(verb)) && (r.resource === void 0 || r.resource === resource) && (r.group === void 0 || r.group === group) && (r.namespace === void 0 || r.namespace === namespace) && (r.name === void 0 || r.name === name2) && (r.user === void 0 || r.user === user);
    });
  }
  /** Whether the RBAC rules (when set) grant the request. */
  allowedByRbac(user, verb, group, resource, namespace, name2) {
    if (!this.rbac) return true;
    return this.rbac.some((r) => (r.user === void 0 || r.user === user) && (r.verbs.includes("*") || r.verbs.includes(verb)) && (r.apiGroups.includes("*") || r.apiGroups.includes(group)) && (r.resources.includes("*") || r.resources.includes(resource)) && (r.namespaces === void 0 || namespace !== void 0 && r.namespaces.includes(namespace)) && (r.resourceNames === void 0 || r.resourceNames.length === 0 || name2 !== void 0 && r.resourceNames.includes(name2)));
  }
};

// src/sandbox/kube-apiserver/controllers.ts
import { createHash, randomBytes } from "node:crypto";
var REVISION = "deployment.kubernetes.io/revision";
var spec = (o) => isObj(o.spec) ? o.spec : {};
var status = (o) => isObj(o.status) ? o.status : {};
var num = (v, d = 0) => typeof v === "number" ? v : d;
function templateHash(template) {
  return createHash("sha256").update(JSON.stringify(template ?? {})).digest("hex").slice(0, 10);
}
function matches(selector, labels) {
  const ml = isObj(selector) && isObj(selector.matchLabels) ? selector.matchLabels : void 0;
  if (!ml || Object.keys(ml).length === 0) return false;
  return Object.entries(ml).every(([k, v]) => labels[k] === v);
}
function podFrom(template, meta) {
  const tmeta = isObj(template.metadata) ? template.metadata : {};
  const tspec = isObj(template.spec) ? clone(template.spec) : {};
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      labels: { ...tmeta.labels ?? {}, ...meta.labels },
      ...isObj(tmeta.annotations) ? { annotations: clone(tmeta.annotations) } : {},
      ownerReferences: [{ apiVersion: meta.owner.apiVersion, kind: meta.owner.kind, name: meta.owner.metadata?.name, uid: meta.owner.metadata?.uid, controller: true, blockOwnerDeletion: true }]
    },
    spec: { ...tspec, nodeName: "stand-in-node" },
    status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "True" }] }
  };
}
function containerNames(pod) {
  const cs = spec(pod).containers;
  return Array.isArray(cs) ? cs.filter(isObj).map((c) => String(c.name ?? "")) : [];
}
function runningStatus(pod, ready) {
  const t = now();
  return {
    phase: "Running",
    conditions: [
      { type: "Initialized", status: "True" },
      { type: "Ready", status: ready ? "True" : "False" },
      { type: "ContainersReady", status: ready ? "True" : "False" },
      { type: "PodScheduled", status: "True" }
    ],
    startTime: t,
    containerStatuses: containerNames(pod).map((name2) => ({ name: name2, ready, started: true, restartCount: 0, state: { running: { startedAt: t } } }))
  };
}
var podIsReady = (p) => !p.metadata?.deletionTimestamp && status(p).phase === "Running" && Array.isArray(status(p).conditions) && status(p).conditions.some((c) => c.type === "Ready" && c.status === "True");
var terminating = (p) => p.metadata?.deletionTimestamp !== void 0;
function rolloutStatus(obj) {
  const spec2 = isObj(obj.spec) ? obj.spec : {};
  const replicas = typeof spec2.replicas === "number" ? spec2.replicas : 1;
  const generation = obj.metadata?.generation ?? 1;
  const name2 = obj.metadata?.name ?? "";
  const nz = (n) => n === 0 ? void 0 : n;
  if (obj.kind === "StatefulSet") {
    const rev = `${name2}-${generation}`;
    return clone({
      observedGeneration: generation,
      replicas,
      readyReplicas: nz(replicas),
      currentReplicas: nz(replicas),
      updatedReplicas: nz(replicas),
      availableReplicas: replicas,
      currentRevision: rev,
      updateRevision: rev,
      collisionCount: 0
    });
  }
  return clone({
    observedGeneration: generation,
    replicas: nz(replicas),
    updatedReplicas: nz(replicas),
    readyReplicas: nz(replicas),
    availableReplicas: nz(replicas),
    conditions: [
      {
        type: "Available",
        status: "True",
        reason: "MinimumReplicasAvailable",
        message: "Deployment has minimum availability."
      },
      {
        type: "Progressing",
        status: "True",
        reason: "NewReplicaSetAvailable",
        message: `ReplicaSet "${name2}-${generation}" has successfully progressed.`
      }
    ]
  });
}
function startControllers(store, schedule, onWrite, options = {}) {
  const stepMs = options.stepMs ?? 20;
  const ready = options.ready ?? (() => true);
  let stopped = false;
  let sync = false;
  const say = (line) => {
    options.log?.push(line);
  };
  const later = (fn, ms = stepMs) => {
    if (sync) {
      fn();
      return;
    }
    schedule(() => {
      if (!stopped) fn();
    }, ms);
  };
  const ownedBy = (o, owner) => Array.isArray(o.metadata?.ownerReferences) && o.metadata.ownerReferences.some((r) => r.uid === owner.metadata?.uid);
  const deploymentPods = (d) => store.list("Pod", d.metadata?.namespace).filter((p) => matches(spec(d).selector, p.metadata?.labels ?? {}));
  const writeDeploymentStatus = (d, hash, progressing) => {
    const pods = deploymentPods(d).filter((p) => !terminating(p));
    const isNew = (p) => p.metadata?.labels?.["pod-template-hash"] === hash;
    const readyCount = pods.filter(podIsReady).length;
    const replicas = num(spec(d).replicas, 1);
    const updated = pods.filter(isNew).length;
    const available = readyCount;
    const nz = (n) => n === 0 ? void 0 : n;
    const conditions = [
      available >= replicas ? { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." } : { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
      progressing
    ];
    const st = {
      observedGeneration: d.metadata?.generation,
      replicas: nz(pods.length),
      updatedReplicas: nz(updated),
      readyReplicas: nz(readyCount),
      availableReplicas: nz(available),
      unavailableReplicas: nz(Math.max(0, pods.length - available)),
      conditions
    };
    for (const k of Object.keys(st)) if (st[k] === void 0) delete st[k];
    store.put({ ...d, status: st });
  };
  const rolloutDeployment = (ns, name2, generation) => {
    const current = () => {
      const d2 = store.get("Deployment", ns, name2);
      return d2 && d2.metadata?.generation === generation ? d2 : void 0;
    };
    let d = current();
    if (!d) return;
    const template = isObj(spec(d).template) ? spec(d).template : {};
    const hash = templateHash(template);
    const rsName = `${name2}-${hash}`;
    const owned = store.list("ReplicaSet", ns).filter((rs) => ownedBy(rs, d));
    const existing = owned.find((rs) => rs.metadata?.labels?.["pod-template-hash"] === hash);
    const revision = existing?.metadata?.annotations?.[REVISION] ?? String(Math.max(0, ...owned.map((rs) => Number(rs.metadata?.annotations?.[REVISION] ?? 0))) + 1);
    const replicas = num(spec(d).replicas, 1);
    const tlabels = isObj(template.metadata) && isObj(template.metadata.labels) ? template.metadata.labels : {};
    const progressing = (reason, message, st = "True") => ({ type: "Progressing", status: st, reason, message });
    const started = Date.now();
    const deadlineMs = num(spec(d).progressDeadlineSeconds, 600) * 1e3;
    store.put({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: rsName,
        namespace: ns,
        labels: { ...tlabels, "pod-template-hash": hash },
        annotations: { [REVISION]: revision, "deployment.kubernetes.io/desired-replicas": String(replicas) },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: name2, uid: d.metadata?.uid, controller: true, blockOwnerDeletion: true }]
      },
      spec: { replicas, selector: { matchLabels: { ...tlabels, "pod-template-hash": hash } }, template: { ...clone(template), metadata: { ...isObj(template.metadata) ? clone(template.metadata) : {}, labels: { ...tlabels, "pod-template-hash": hash } } } },
      status: { replicas: 0 }
    });
    if (d.metadata?.annotations?.[REVISION] !== revision) {
      d = store.put({ ...d, metadata: { ...d.metadata, annotations: { ...d.metadata?.annotations ?? {}, [REVISION]: revision } } });
      generation = d.metadata?.generation ?? generation;
    }
    const rsProgress = progressing("ReplicaSetUpdated", `ReplicaSet "${rsName}" is progressing.`);
    const already = deploymentPods(d).filter((p) => p.metadata?.labels?.["pod-template-hash"] === hash && !terminating(p));
    if (already.length >= replicas && deploymentPods(d).every((p) => p.metadata?.labels?.["pod-template-hash"] === hash || terminating(p)) && already.every(podIsReady)) {
      writeDeploymentStatus(d, hash, progressing("NewReplicaSetAvailable", `ReplicaSet "${rsName}" has successfully progressed.`));
      return;
    }
    writeDeploymentStatus(d, hash, rsProgress);
    say(`Deployment ${ns}/${name2}: generation ${generation} observed, no new pod yet`);
    later(() => {
      const dd = current();
      if (!dd) return;
      const created = [];
      for (let i = already.length; i < replicas; i++) {
        const podName = `${rsName}-${randomBytes(3).toString("hex").slice(0, 5)}`;
        store.put(podFrom(template, { name: podName, namespace: ns, labels: { "pod-template-hash": hash }, owner: store.get("ReplicaSet", ns, rsName) }));
        created.push(podName);
      }
      writeDeploymentStatus(dd, hash, rsProgress);
      say(`Deployment ${ns}/${name2}: new pods created`);
      later(() => {
        const d3 = current();
        if (!d3) return;
        let allReady = true;
        for (const podName of created) {
          const p = store.get("Pod", ns, podName);
          if (!p) continue;
          const r = ready(p);
          allReady &&= r;
          store.put({ ...p, status: runningStatus(p, r) });
        }
        writeDeploymentStatus(d3, hash, rsProgress);
        if (!allReady) {
          say(`Deployment ${ns}/${name2}: new pods running, not ready`);
          later(() => {
            const d4 = current();
            if (!d4) return;
            writeDeploymentStatus(d4, hash, progressing("ProgressDeadlineExceeded", `ReplicaSet "${rsName}" has timed out progressing.`, "False"));
            say(`Deployment ${ns}/${name2}: progress deadline exceeded`);
          }, Math.max(0, started + deadlineMs - Date.now()));
          return;
        }
        say(`Deployment ${ns}/${name2}: new pods ready, old pods still there`);
        later(() => {
          const d5 = current();
          if (!d5) return;
          const old = deploymentPods(d5).filter((p) => p.metadata?.labels?.["pod-template-hash"] !== hash);
          for (const p of old) if (!terminating(p)) store.put({ ...p, metadata: { ...p.metadata, deletionTimestamp: now(), deletionGracePeriodSeconds: 30 } });
          for (const rs of store.list("ReplicaSet", ns).filter((x) => ownedBy(x, d5) && x.metadata?.name !== rsName)) {
            store.put({ ...rs, spec: { ...spec(rs), replicas: 0 }, status: { replicas: 0 } });
          }
          writeDeploymentStatus(d5, hash, progressing("NewReplicaSetAvailable", `ReplicaSet "${rsName}" has successfully progressed.`));
          say(`Deployment ${ns}/${name2}: complete, old pods terminating`);
          later(() => {
            for (const p of old) store.delete("Pod", ns, p.metadata?.name ?? "");
            say(`Deployment ${ns}/${name2}: old pods gone`);
          });
        });
      });
    });
  };
  const rolloutStatefulSet = (ns, name2, generation) => {
    const current = () => {
      const s2 = store.get("StatefulSet", ns, name2);
      return s2 && s2.metadata?.generation === generation ? s2 : void 0;
    };
    const s = current();
    if (!s) return;
    const template = isObj(spec(s).template) ? spec(s).template : {};
    const updateRevision = `${name2}-${templateHash(template)}`;
    const replicas = num(spec(s).replicas, 1);
    const ordinals = Array.from({ length: replicas }, (_, i) => `${name2}-${i}`);
    const revOf = (p) => p?.metadata?.labels?.["controller-revision-hash"];
    const prevStatus = status(s);
    const unlabelled = ordinals.some((n) => {
      const p = store.get("Pod", ns, n);
      return p !== void 0 && revOf(p) === void 0;
    });
    const currentRevision = typeof prevStatus.currentRevision === "string" ? prevStatus.currentRevision : unlabelled ? `${name2}-unknown` : updateRevision;
    const rev = (p) => revOf(p) ?? currentRevision;
    const write = (sts, currentRev) => {
      const pods = ordinals.map((n) => store.get("Pod", ns, n)).filter((p) => p !== void 0);
      const nz = (n) => n === 0 ? void 0 : n;
      const readyCount = pods.filter(podIsReady).length;
      const st = {
        observedGeneration: sts.metadata?.generation,
        replicas: pods.length,
        readyReplicas: nz(readyCount),
        currentReplicas: nz(pods.filter((p) => rev(p) === currentRev).length),
        updatedReplicas: nz(pods.filter((p) => rev(p) === updateRevision).length),
        availableReplicas: readyCount,
        currentRevision: currentRev,
        updateRevision,
        collisionCount: 0
      };
      for (const k of Object.keys(st)) if (st[k] === void 0) delete st[k];
      store.put({ ...sts, status: st });
    };
    const stale = ordinals.filter((n) => {
      const p = store.get("Pod", ns, n);
      return !p || rev(p) !== updateRevision;
    });
    write(s, currentRevision);
    if (stale.length === 0) {
      if (ordinals.every((n) => {
        const p = store.get("Pod", ns, n);
        return p !== void 0 && podIsReady(p);
      })) write(s, updateRevision);
      return;
    }
    say(`StatefulSet ${ns}/${name2}: generation ${generation} observed, update revision ${updateRevision}, old pods still current`);
    later(() => {
      const s2 = current();
      if (!s2) return;
      for (const n of stale) {
        const p = store.get("Pod", ns, n);
        if (p && !terminating(p)) store.put({ ...p, metadata: { ...p.metadata, deletionTimestamp: now(), deletionGracePeriodSeconds: 30 }, status: { ...status(p), conditions: [{ type: "Ready", status: "False" }] } });
      }
      write(s2, currentRevision);
      say(`StatefulSet ${ns}/${name2}: old pods terminating`);
      later(() => {
        const s3 = current();
        if (!s3) return;
        for (const n of stale) {
          store.delete("Pod", ns, n);
          store.put(podFrom(template, { name: n, namespace: ns, labels: { "controller-revision-hash": updateRevision, "statefulset.kubernetes.io/pod-name": n }, owner: s3 }));
        }
        write(s3, currentRevision);
        say(`StatefulSet ${ns}/${name2}: pods recreated at ${updateRevision}, pending`);
        later(() => {
          const s4 = current();
          if (!s4) return;
          let allReady = true;
          for (const n of stale) {
            const p = store.get("Pod", ns, n);
            if (!p) continue;
            const r = ready(p);
            allReady &&= r;
            store.put({ ...p, status: runningStatus(p, r) });
          }
          write(s4, allReady ? updateRevision : currentRevision);
          say(`StatefulSet ${ns}/${name2}: pods running${allReady ? ", ready; update complete" : ", not ready"}`);
        });
      });
    });
  };
  const unsubscribe = onWrite((e) => {
    if (stopped || e.type === "DELETED" || e.kind !== "Deployment" && e.kind !== "StatefulSet") return;
    const gen = e.object.metadata?.generation ?? 0;
    const oldGen = e.oldObject?.metadata?.generation;
    const observed = num(status(e.object).observedGeneration);
    if (oldGen === gen && observed >= gen) return;
    const templateChanged = !e.oldObject || !deepEqual(spec(e.oldObject).template, spec(e.object).template);
    later(() => {
      if (e.kind === "Deployment") {
        if (templateChanged || !e.oldObject) rolloutDeployment(e.namespace ?? "", e.name, gen);
        else {
          const d = store.get("Deployment", e.namespace, e.name);
          if (d && d.metadata?.generation === gen) store.put({ ...d, status: { ...status(d), observedGeneration: gen } });
        }
      } else if (templateChanged || !e.oldObject) rolloutStatefulSet(e.namespace ?? "", e.name, gen);
      else {
        const s = store.get("StatefulSet", e.namespace, e.name);
        if (s && s.metadata?.generation === gen) store.put({ ...s, status: { ...status(s), observedGeneration: gen } });
      }
    });
  });
  sync = true;
  try {
    for (const kind of ["Deployment", "StatefulSet"]) {
      for (const o of store.list(kind)) {
        const gen = o.metadata?.generation ?? 0;
        if (num(status(o).observedGeneration) >= gen) continue;
        if (kind === "Deployment") rolloutDeployment(o.metadata?.namespace ?? "", o.metadata?.name ?? "", gen);
        else rolloutStatefulSet(o.metadata?.namespace ?? "", o.metadata?.name ?? "", gen);
      }
    }
  } finally {
    sync = false;
  }
  return () => {
    stopped = true;
    unsubscribe();
  };
}

// src/sandbox/kube-apiserver/exec.ts
import { createRequire } from "node:module";
var requireFromHere = createRequire(import.meta.url);
var CHANNEL_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
function successStatus() {
  return { metadata: {}, status: "Success" };
}
function exitCodeStatus(command, code) {
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: error executing command [${command.join(" ")}], exit code ${code}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(code) }] }
  };
}
function internalErrorStatus(err) {
  return {
    metadata: {},
    status: "Failure",
    message: `Internal error occurred: ${err}`,
    reason: "InternalError",
    details: { causes: [{ message: err }] },
    code: 500
  };
}
function negotiate(header, supported) {
  const offered = (header ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  return offered.find((p) => supported.includes(p));
}
var ExecStreams = class {
  wss;
  chosen = /* @__PURE__ */ new WeakMap();
  constructor() {
    const { WebSocketServer } = requireFromHere("ws");
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: true,
      handleProtocols: (_offered, req) => this.chosen.get(req) ?? false
    });
  }
  /**
   * Completes the upgrade with `protocol` and runs `run` (with stdin when requested on v5, which can
   * signal the end of stdin), then writes stdout, stderr and the status, and closes.
   */
  serve(req, socket, head, protocol, wantStdin, run, onError) {
    this.chosen.set(req, protocol);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const chunks = [];
      let started = false;
      const start = () => {
        if (started) return;
        started = true;
        run(wantStdin && protocol === "v5.channel.k8s.io" ? Buffer.concat(chunks) : void 0).then((out) => {
          if (ws.readyState !== 1) return;
          const send = (channel, data) => {
            if (data === void 0 || data.length === 0) return;
            ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)]));
          };
          send(1, out.stdout);
          send(2, out.stderr);
          send(3, JSON.stringify(out.status));
          ws.close(1e3);
        }).catch((err) => {
          onError(err);
          ws.terminate();
        });
      };
      ws.on("error", onError);
      ws.on("message", (data) => {
        if (data.length === 0) return;
        if (data[0] === 0) chunks.push(data.subarray(1));
        else if (data[0] === 255 && data[1] === 0) start();
      });
      ws.on("close", () => start());
      if (!(wantStdin && protocol === "v5.channel.k8s.io")) start();
    });
  }
  close() {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
};

// src/sandbox/kube-apiserver/handlers.ts
import { randomUUID as randomUUID2 } from "node:crypto";

// src/sandbox/kube-apiserver/managed-fields.ts
function ignoredPath(path, statusSubresource) {
  const top = path[0];
  if (top === "apiVersion" || top === "kind") return true;
  if (top === "status" && statusSubresource) return true;
  if (top === "metadata") {
    return [
      "name",
      "namespace",
      "uid",
      "resourceVersion",
      "generation",
      "creationTimestamp",
      "managedFields",
      "selfLink",
      "deletionTimestamp",
      "deletionGracePeriodSeconds"
    ].includes(path[1] ?? "");
  }
  return false;
}
var keyOf2 = (p) => JSON.stringify(p);
function pathString(p) {
  return "." + p.join(".");
}
function leaves(obj, statusSubresource) {
  const out = /* @__PURE__ */ new Map();
  const walk = (v, path) => {
    if (isObj(v) && (Object.keys(v).length > 0 || path.length <= 1)) {
      for (const [k, x] of Object.entries(v)) {
        const p = [...path, k];
        if (x === void 0 || x === null || ignoredPath(p, statusSubresource)) continue;
        walk(x, p);
      }
      return;
    }
    out.set(keyOf2(path), path);
  };
  walk(obj, []);
  return out;
}
function rfc3339(d = /* @__PURE__ */ new Date()) {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
function parseFieldsV1(node, path, out) {
  if (!isObj(node)) return;
  const entries = Object.entries(node).filter(([k]) => k !== ".");
  if (entries.length === 0) {
    if (path.length > 0) out.set(keyOf2(path), path);
    return;
  }
  if (entries.some(([k]) => !k.startsWith("f:"))) {
    out.set(keyOf2(path), path);
    return;
  }
  for (const [k, v] of entries) parseFieldsV1(v, [...path, k.slice(2)], out);
}
function parseManagedFields(mf) {
  if (!Array.isArray(mf)) return [];
  const out = [];
  for (const e of mf) {
    if (!isObj(e) || typeof e.manager !== "string") continue;
    const fields = /* @__PURE__ */ new Map();
    parseFieldsV1(e.fieldsV1, [], fields);
    const time2 = typeof e.time === "string" && !Number.isNaN(Date.parse(e.time)) ? rfc3339(new Date(e.time)) : rfc3339();
    const m = {
      manager: e.manager,
      operation: e.operation === "Apply" ? "Apply" : "Update",
      apiVersion: typeof e.apiVersion === "string" ? e.apiVersion : "",
      time: time2,
      fields
    };
    if (typeof e.subresource === "string" && e.subresource) m.subresource = e.subresource;
    out.push(m);
  }
  return out;
}
function renderFields(fields) {
  const root = {};
  for (const p of fields.values()) {
    let cur = root;
    for (const seg of p) {
      const k = `f:${seg}`;
      if (!isObj(cur[k])) cur[k] = {};
      cur = cur[k];
    }
  }
  return root;
}
function renderManagedFields(managers) {
  const sorted = managers.filter((m) => m.fields.size > 0).sort(
    (a, b) => a.operation.localeCompare(b.operation) || Date.parse(a.time) - Date.parse(b.time) || a.manager.localeCompare(b.manager) || a.apiVersion.localeCompare(b.apiVersion)
  );
  return sorted.map((m) => {
    const e = {
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      time: m.time,
      fieldsType: "FieldsV1",
      fieldsV1: renderFields(m.fields)
    };
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}
function sameManager(m, name2, operation, apiVersion) {
  return m.manager === name2 && m.operation === operation && !m.subresource && (operation === "Apply" || m.apiVersion === apiVersion);
}
function trackUpdate(managers, oldObj, newObj, name2, apiVersion, statusSubresource) {
  const before = oldObj === void 0 ? /* @__PURE__ */ new Map() : leaves(oldObj, statusSubresource);
  const after = leaves(newObj, statusSubresource);
  const changed = /* @__PURE__ */ new Map();
  for (const [k, p] of after) {
    if (!before.has(k) || !deepEqual(getPath(oldObj, p), getPath(newObj, p))) changed.set(k, p);
  }
  const out = managers.map((m) => ({ ...m, fields: new Map(m.fields) }));
  let me = out.find((m) => sameManager(m, name2, "Update", apiVersion));
  for (const m of out) {
    for (const k of m.fields.keys()) {
      if (!after.has(k) || m !== me && changed.has(k)) m.fields.delete(k);
    }
  }
  if (changed.size > 0) {
    if (!me) {
      me = { manager: name2, operation: "Update", apiVersion, time: rfc3339(), fields: /* @__PURE__ */ new Map() };
      out.push(me);
    }
    for (const [k, p] of changed) me.fields.set(k, p);
    me.time = rfc3339();
  }
  return out.filter((m) => m.fields.size > 0);
}
function serverSideApply(live, managers, applied, name2, force, statusSubresource) {
  const appliedLeaves = leaves(applied, statusSubresource);
  const out = managers.map((m) => ({ ...m, fields: new Map(m.fields) }));
  let me = out.find((m) => sameManager(m, name2, "Apply", ""));
  const conflicts = [];
  for (const [k, p] of appliedLeaves) {
    if (deepEqual(getPath(live, p), getPath(applied, p))) continue;
    for (const m of out) if (m !== me && m.fields.has(k)) conflicts.push({ manager: m, path: p });
  }
  conflicts.sort((a, b) => pathString(a.path).localeCompare(pathString(b.path)));
  if (conflicts.length > 0 && !force) return { object: live, managers, conflicts };
  for (const c of conflicts) c.manager.fields.delete(keyOf2(c.path));
  const result = clone(live);
  if (me) {
    for (const [k, p] of me.fields) {
      if (appliedLeaves.has(k)) continue;
      if (!out.some((m) => m !== me && m.fields.has(k))) deletePath(result, p);
    }
  } else {
    me = { manager: name2, operation: "Apply", apiVersion: "", time: rfc3339(), fields: /* @__PURE__ */ new Map() };
    out.push(me);
  }
  for (const p of appliedLeaves.values()) {
    const v = getPath(applied, p);
    if (isObj(v) && isObj(getPath(result, p))) continue;
    setPath(result, p, clone(v));
  }
  me.fields = new Map(appliedLeaves);
  me.time = rfc3339();
  me.apiVersion = typeof applied.apiVersion === "string" ? applied.apiVersion : "";
  return { object: result, managers: out.filter((m) => m.fields.size > 0), conflicts: force ? [] : conflicts };
}
function printManager(m) {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === "Update") s += ` using ${m.apiVersion}`;
  return s;
}

// src/sandbox/kube-apiserver/router.ts
var JSON_PATCH = "application/json-patch+json";
var MERGE_PATCH = "application/merge-patch+json";
var STRATEGIC_PATCH = "application/strategic-merge-patch+json";
var APPLY_PATCH = "application/apply-patch+yaml";
var FIELD_MANAGER_MAX = 128;
function routeOf(pathname, port) {
  const segs = pathname.split("/").filter((s) => s !== "").map((s) => decodeURIComponent(s));
  if (segs.length === 1 && segs[0] === "version") {
    return {
      type: "discovery",
      body: { major: "1", minor: "33", gitVersion: "v1.33.0", gitCommit: "loopback", platform: "linux/amd64" }
    };
  }
  const gv = groupVersion(segs, port);
  if (!gv || "type" in gv) return gv;
  return resourceRoute(gv.group, gv.version, gv.rest);
}
function groupVersion(segs, port) {
  if (segs[0] === "api") {
    if (segs.length === 1) {
      return {
        type: "discovery",
        body: {
          kind: "APIVersions",
          versions: ["v1"],
          serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: `127.0.0.1:${port}` }]
        }
      };
    }
    return { group: "", version: segs[1], rest: segs.slice(2) };
  }
  if (segs[0] !== "apis") return void 0;
  const groups = apiGroups();
  if (segs.length === 1) return { type: "discovery", body: { kind: "APIGroupList", apiVersion: "v1", groups } };
  const g = groups.find((x) => x.name === segs[1]);
  if (!g) return void 0;
  if (segs.length === 2) return { type: "discovery", body: { kind: "APIGroup", apiVersion: "v1", ...g } };
  return { group: segs[1], version: segs[2], rest: segs.slice(3) };
}
function apiGroups() {
  return [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))].map((g) => {
    const v = RESOURCES.find((r) => r.group === g)?.version ?? "v1";
    const gv = { groupVersion: `${g}/${v}`, version: v };
    return { name: g, versions: [gv], preferredVersion: gv };
  });
}
function resourceRoute(group, version, rest) {
  if (!RESOURCES.some((r) => r.group === group && r.version === version)) return void 0;
  if (rest.length === 0) {
    return {
      type: "discovery",
      body: {
        kind: "APIResourceList",
        apiVersion: "v1",
        groupVersion: group ? `${group}/${version}` : version,
        resources: discoveryResources(group, version)
      }
    };
  }
  if (rest[0] === "namespaces" && rest.length >= 3) {
    const ns = rest[1];
    const res2 = findResource(group, version, rest[2]);
    if (!res2 || !res2.namespaced) return void 0;
    if (rest.length === 3) return { type: "collection", res: res2, namespace: ns };
    if (rest.length === 4) return { type: "object", res: res2, namespace: ns, name: rest[3] };
    if (rest.length === 5 && res2.plural === "pods" && rest[4] === "exec") return { type: "exec", namespace: ns, name: rest[3] };
    return void 0;
  }
  const res = findResource(group, version, rest[0]);
  if (!res) return void 0;
  if (rest.length === 1) return { type: "collection", res };
  if (rest.length === 2 && !res.namespaced) return { type: "object", res, name: rest[1] };
  return void 0;
}
var baseType = (ct) => (ct ?? "").split(";")[0].trim().toLowerCase();
function queryRecord(params) {
  const out = {};
  for (const k of new Set(params.keys())) {
    const all = params.getAll(k);
    out[k] = all.length === 1 ? all[0] : all;
  }
  return out;
}
function parseBool(v) {
  if (v === null) return void 0;
  if (["1", "t", "T", "true", "TRUE", "True"].includes(v)) return true;
  if (["0", "f", "F", "false", "FALSE", "False", ""].includes(v)) return false;
  throw badRequest(`strconv.ParseBool: parsing ${goQuote(v)}: invalid syntax`);
}
function optionsErrors(q) {
  const errs = [];
  const fm = q.get("fieldManager");
  if (fm !== null) {
    if (Buffer.byteLength(fm) > FIELD_MANAGER_MAX) {
      errs.push({ type: "TooLong", field: "fieldManager", detail: `may not be more than ${FIELD_MANAGER_MAX} bytes` });
    }
    [...fm].forEach((ch, i) => {
      if (/[\p{C}]/u.test(ch)) {
        const cp = ch.codePointAt(0) ?? 0;
        errs.push({
          type: "Invalid",
          field: "fieldManager",
          value: goQuote(fm),
          detail: `invalid character U+${cp.toString(16).toUpperCase().padStart(4, "0")} (at position ${i})`
        });
      }
    });
  }
  const dry = q.getAll("dryRun");
  if (dry.some((d) => d !== "All")) {
    errs.push({
      type: "NotSupported",
      field: "dryRun",
      value: JSON.stringify(dry),
      detail: supportedValues(["All"])
    });
  }
  return errs;
}
function writeOptions(q, userAgent, kind) {
  const errs = optionsErrors(q);
  if (errs.length > 0) throw invalid({ group: "meta.k8s.io", kind }, "", errs);
  const ua = userAgent ?? "";
  return { dryRun: q.getAll("dryRun").includes("All"), manager: q.get("fieldManager") ?? (ua.split("/")[0] || "unknown") };
}

// src/sandbox/kube-apiserver/validation.ts
var DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
var DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
var QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
var LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
var dns1123LabelRe = new RegExp(`^${DNS1123_LABEL_FMT}$`);
var dns1123SubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
var qnameRe = new RegExp(`^${QNAME_FMT}$`);
var labelValueRe = new RegExp(`^${LABEL_VALUE_FMT}$`);
function regexError(msg, fmt, ...examples) {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let s = msg + " (e.g. ";
  examples.forEach((ex, i) => {
    if (i > 0) s += " or ";
    s += `'${ex}', `;
  });
  return s + `regex used for validation is '${fmt}')`;
}
var maxLenError = (n) => `must be no more than ${n} characters`;
var EMPTY_ERROR = "must be non-empty";
function isDNS1123Subdomain(value) {
  const errs = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        "example.com"
      )
    );
  }
  return errs;
}
function isDNS1123Label(value) {
  const errs = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL_FMT,
        "my-name",
        "123-abc"
      )
    );
  }
  return errs;
}
var QNAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
function isQualifiedName(value) {
  const errs = [];
  const parts = value.split("/");
  let name2;
  if (parts.length === 1) {
    name2 = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name2 = parts[1];
    if (prefix.length === 0) errs.push("prefix part " + EMPTY_ERROR);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push("prefix part " + m);
  } else {
    return [
      "a qualified name " + regexError(QNAME_ERR, QNAME_FMT, "MyName", "my.name", "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
    ];
  }
  if (name2.length === 0) errs.push("name part " + EMPTY_ERROR);
  else if (name2.length > 63) errs.push("name part " + maxLenError(63));
  if (!qnameRe.test(name2)) errs.push("name part " + regexError(QNAME_ERR, QNAME_FMT, "MyName", "my.name", "123-abc"));
  return errs;
}
function isValidLabelValue(value) {
  const errs = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        "MyValue",
        "my_value",
        "12345"
      )
    );
  }
  return errs;
}
function validateLabels(labels, field) {
  const errs = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push({ type: "Invalid", field, value: goQuote(k), detail: m });
    for (const m of isValidLabelValue(v)) errs.push({ type: "Invalid", field, value: goQuote(v), detail: m });
  }
  return errs;
}
var TOTAL_ANNOTATION_SIZE = 256 * 1024;
function validateAnnotations(annotations, field) {
  const errs = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
    for (const m of isQualifiedName(k.toLowerCase())) errs.push({ type: "Invalid", field, value: goQuote(k), detail: m });
  }
  if (size > TOTAL_ANNOTATION_SIZE) {
    errs.push({ type: "TooLong", field, detail: `may not be more than ${TOTAL_ANNOTATION_SIZE} bytes` });
  }
  return errs;
}
var TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
function validateTaints(taints, field) {
  const errs = [];
  const seen = /* @__PURE__ */ new Map();
  taints.forEach((t, i) => {
    const idx = `${field}[${i}]`;
    const key = t.key ?? "";
    const value = t.value ?? "";
    const effect = t.effect ?? "";
    for (const m of isQualifiedName(key)) errs.push({ type: "Invalid", field: `${idx}.key`, value: goQuote(key), detail: m });
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length > 0) {
      errs.push({ type: "Invalid", field: `${idx}.value`, value: goQuote(value), detail: valueErrs.join(";") });
    }
    if (effect === "") errs.push({ type: "Required", field: `${idx}.effect` });
    else if (!TAINT_EFFECTS.includes(effect)) {
      errs.push({ type: "NotSupported", field: `${idx}.effect`, value: goQuote(effect), detail: supportedValues(TAINT_EFFECTS) });
    }
    const keys = seen.get(effect);
    if (keys?.has(key)) {
      const timeAdded = t.timeAdded == null ? "null" : JSON.stringify(String(t.timeAdded));
      errs.push({
        type: "Duplicate",
        field: idx,
        value: `{"Key":${JSON.stringify(key)},"Value":${JSON.stringify(value)},"Effect":${JSON.stringify(effect)},"TimeAdded":${timeAdded}}`,
        detail: "taints must be unique by key and effect pair"
      });
      return;
    }
    if (keys) keys.add(key);
    else seen.set(effect, /* @__PURE__ */ new Set([key]));
  });
  return errs;
}
function validateObjectMeta(meta, nameRule) {
  const errs = [];
  const check = nameRule === "label" ? isDNS1123Label : isDNS1123Subdomain;
  if (meta.generateName) {
    for (const m of check(meta.generateName.replace(/-$/, "a"))) {
      errs.push({ type: "Invalid", field: "metadata.generateName", value: goQuote(meta.generateName), detail: m });
    }
  }
  if (!meta.name) {
    errs.push({ type: "Required", field: "metadata.name", detail: "name or generateName is required" });
  } else {
    for (const m of check(meta.name)) errs.push({ type: "Invalid", field: "metadata.name", value: goQuote(meta.name), detail: m });
  }
  errs.push(...validateLabels(meta.labels, "metadata.labels"));
  errs.push(...validateAnnotations(meta.annotations, "metadata.annotations"));
  return errs;
}
var MAX_SECRET_SIZE = 1024 * 1024;
var CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
function validateConfigKeys(data, field) {
  const errs = [];
  for (const k of Object.keys(data ?? {})) {
    const msgs = [];
    if (k.length > 253) msgs.push("must be no more than 253 characters");
    if (!CONFIG_KEY.test(k)) {
      msgs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
    }
    if (k === ".") msgs.push("must not be '.'");
    else if (k === "..") msgs.push("must not be '..'");
    else if (k.startsWith("..")) msgs.push("must not start with '..'");
    for (const m of msgs) errs.push({ type: "Invalid", field: `${field}[${k}]`, value: goQuote(k), detail: m });
  }
  return errs;
}

// src/sandbox/kube-apiserver/selectors.ts
function splitTopLevel(s) {
  const parts = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}
var KEY = "([^\\s=!<>(),]+)";
var VALUE = "([^\\s=!<>(),]*)";
function parseRequirement(raw) {
  const s = raw.trim();
  let m;
  let req;
  if (m = s.match(new RegExp(`^!\\s*${KEY}$`))) req = { key: m[1], op: "!", values: [] };
  else if (m = s.match(new RegExp(`^${KEY}\\s+(in|notin)\\s*\\(([^()]*)\\)$`))) {
    const values = m[3].split(",").map((v) => v.trim());
    req = { key: m[1], op: m[2], values };
  } else if (m = s.match(new RegExp(`^${KEY}\\s*(==|=|!=)\\s*${VALUE}$`))) {
    req = { key: m[1], op: m[2] === "!=" ? "!=" : "=", values: [m[3]] };
  } else if (m = s.match(new RegExp(`^${KEY}\\s*(>|<)\\s*(-?[0-9]+)$`))) {
    req = { key: m[1], op: m[2] === ">" ? "gt" : "lt", values: [m[3]] };
  } else if (m = s.match(new RegExp(`^${KEY}$`))) req = { key: m[1], op: "exists", values: [] };
  else throw badRequest(`unable to parse requirement: found '${s}', expected: valid label selector requirement`);
  const keyErrs = isQualifiedName(req.key);
  if (keyErrs.length > 0) throw badRequest(`unable to parse requirement: key: Invalid value: ${JSON.stringify(req.key)}: ${keyErrs.join("; ")}`);
  if (req.op !== "gt" && req.op !== "lt") {
    for (const v of req.values) {
      const errs = isValidLabelValue(v);
      if (errs.length > 0) throw badRequest(`unable to parse requirement: values[0]: Invalid value: ${JSON.stringify(v)}: ${errs.join("; ")}`);
    }
  }
  return req;
}
function parseLabelSelector(selector) {
  if (!selector || selector.trim() === "") return () => true;
  const reqs = splitTopLevel(selector).map(parseRequirement);
  return (labels) => reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case "=":
        return has && v === r.values[0];
      case "!=":
        return !has || v !== r.values[0];
      case "in":
        return has && r.values.includes(v);
      case "notin":
        return !has || !r.values.includes(v);
      case "exists":
        return has;
      case "!":
        return !has;
      case "gt":
      case "lt": {
        if (!has || !/^-?[0-9]+$/.test(v)) return false;
        return r.op === "gt" ? Number(v) > Number(r.values[0]) : Number(v) < Number(r.values[0]);
      }
    }
  });
}
function parseFieldSelector(selector, supported) {
  if (!selector || selector.trim() === "") return () => true;
  const reqs = splitTopLevel(selector).map((raw) => {
    const m = raw.trim().match(/^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${raw.trim()}'`);
    if (!supported.includes(m[1])) throw badRequest(`field label not supported: ${m[1]}`);
    return { field: m[1], neg: m[2] === "!=", value: m[3] };
  });
  return (fields) => reqs.every((r) => (fields[r.field] ?? "") === r.value !== r.neg);
}

// src/sandbox/kube-apiserver/strategy.ts
function jsonType(v) {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}
function cannotHandle(res, detail) {
  return badRequest(`${res.kind} in version ${goQuote(res.version)} cannot be handled as a ${res.kind}: ${detail}`);
}
function decodeChecks(res, obj) {
  const unmarshal = (v, field, goType) => cannotHandle(res, `json: cannot unmarshal ${jsonType(v)} into Go struct field ${field} of type ${goType}`);
  if (obj.metadata !== void 0 && !isObj(obj.metadata)) throw unmarshal(obj.metadata, `${res.kind}.metadata`, "v1.ObjectMeta");
  const meta = metaOf(obj);
  for (const f of ["labels", "annotations"]) {
    const m = meta[f];
    if (m === void 0 || m === null) continue;
    if (!isObj(m)) throw unmarshal(m, `ObjectMeta.metadata.${f}`, "map[string]string");
    for (const v of Object.values(m)) if (typeof v !== "string") throw unmarshal(v, `ObjectMeta.metadata.${f}`, "string");
  }
  const stringMap = (field, goStruct) => {
    const m = obj[field];
    if (m === void 0 || m === null) return;
    if (!isObj(m)) throw unmarshal(m, `${goStruct}.${field}`, field === "data" && res.kind === "Secret" ? "map[string][]uint8" : "map[string]string");
    for (const v of Object.values(m)) {
      if (typeof v !== "string") throw unmarshal(v, `${goStruct}.${field}`, field === "data" && res.kind === "Secret" ? "[]uint8" : "string");
    }
  };
  if (res.kind === "Secret") {
    stringMap("data", "Secret");
    stringMap("stringData", "Secret");
  }
  if (res.kind === "ConfigMap") stringMap("data", "ConfigMap");
  if (res.kind === "Lease" && isObj(obj.spec)) {
    for (const f of ["acquireTime", "renewTime"]) {
      const v = obj.spec[f];
      if (typeof v !== "string") continue;
      const m = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(.*)$/.exec(v);
      if (!m || !/^\.\d{6}(Z|[+-]\d\d:\d\d)$/.test(m[1])) {
        throw cannotHandle(res, `parsing time ${goQuote(v)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse ${goQuote(m ? m[1] : v)} as ".000000"`);
      }
    }
  }
  if (res.kind === "Node" && isObj(obj.spec) && obj.spec.taints !== void 0 && obj.spec.taints !== null) {
    const taints = obj.spec.taints;
    if (!Array.isArray(taints)) throw unmarshal(taints, "NodeSpec.spec.taints", "[]v1.Taint");
    for (const t of taints) {
      if (!isObj(t)) throw unmarshal(t, "NodeSpec.spec.taints", "v1.Taint");
      for (const f of ["key", "value", "effect"]) {
        if (t[f] !== void 0 && t[f] !== null && typeof t[f] !== "string") throw unmarshal(t[f], `Taint.spec.taints.${f}`, "string");
      }
    }
  }
}
function normalize(res, obj, old, resetStatus) {
  const meta = metaOf(obj);
  if (res.kind === "Secret") {
    const data = isObj(obj.data) ? obj.data : {};
    for (const v of Object.values(data)) {
      const bad = base64Error(v);
      if (bad !== void 0) throw cannotHandle(res, `illegal base64 data at input byte ${bad}`);
    }
    if (isObj(obj.stringData)) {
      for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v), "utf8").toString("base64");
    }
    delete obj.stringData;
    if (Object.keys(data).length > 0) obj.data = data;
    else delete obj.data;
    obj.type ??= old?.type ?? "Opaque";
  }
  if (res.kind === "Namespace") {
    meta.labels = { ...meta.labels ?? {}, "kubernetes.io/metadata.name": meta.name ?? "" };
    if (!old) {
      const spec2 = isObj(obj.spec) ? obj.spec : {};
      spec2.finalizers ??= ["kubernetes"];
      obj.spec = spec2;
    }
  }
  if ((res.kind === "Deployment" || res.kind === "StatefulSet") && !old) {
    const spec2 = isObj(obj.spec) ? obj.spec : {};
    spec2.replicas ??= 1;
    obj.spec = spec2;
  }
  if (res.kind === "Deployment" && isObj(obj.spec)) {
    obj.spec.progressDeadlineSeconds ??= 600;
    obj.spec.revisionHistoryLimit ??= 10;
    obj.spec.strategy ??= { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } };
  }
  if (res.kind === "StatefulSet" && isObj(obj.spec)) {
    obj.spec.podManagementPolicy ??= "OrderedReady";
    obj.spec.revisionHistoryLimit ??= 10;
    obj.spec.updateStrategy ??= { type: "RollingUpdate", rollingUpdate: { partition: 0 } };
    const u = obj.spec.updateStrategy;
    if (isObj(u) && u.type === "RollingUpdate" && u.rollingUpdate === void 0) u.rollingUpdate = { partition: 0 };
  }
  if (!resetStatus) {
    if (res.kind === "Namespace" && !old && obj.status === void 0) obj.status = { phase: "Active" };
    return;
  }
  if (res.statusSubresource && old) {
    if (old.status === void 0) delete obj.status;
    else obj.status = clone(old.status);
  } else if (!old) {
    if (res.kind === "Deployment" || res.kind === "StatefulSet") obj.status = {};
    if (res.kind === "Pod") obj.status = { phase: "Pending" };
    if (res.kind === "Namespace") obj.status = { phase: "Active" };
  }
}
function validate(res, obj, old) {
  const meta = metaOf(obj);
  const errs = validateObjectMeta(meta, res.nameRule);
  if (old && meta.uid && meta.uid !== old.metadata?.uid) {
    errs.push({ type: "Invalid", field: "metadata.uid", value: goQuote(meta.uid), detail: "field is immutable" });
  }
  if (res.kind === "Node" && isObj(obj.spec) && Array.isArray(obj.spec.taints) && obj.spec.taints.length > 0) {
    errs.push(...validateTaints(obj.spec.taints, "metadata.taints"));
  }
  if (res.kind === "ConfigMap") {
    errs.push(...validateConfigKeys(isObj(obj.data) ? obj.data : void 0, "data"));
    errs.push(...validateConfigKeys(isObj(obj.binaryData) ? obj.binaryData : void 0, "binaryData"));
  }
  if (res.kind === "Secret") errs.push(...validateConfigKeys(isObj(obj.data) ? obj.data : void 0, "data"));
  if ((res.kind === "Deployment" || res.kind === "StatefulSet") && isObj(obj.spec)) {
    const sel = isObj(obj.spec.selector) && isObj(obj.spec.selector.matchLabels) ? obj.spec.selector.matchLabels : void 0;
    const tpl = isObj(obj.spec.template) && isObj(obj.spec.template.metadata) && isObj(obj.spec.template.metadata.labels) ? obj.spec.template.metadata.labels : {};
    if (sel && Object.entries(sel).some(([k, v]) => tpl[k] !== v)) {
      errs.push({ type: "Invalid", field: "spec.template.metadata.labels", value: JSON.stringify(tpl), detail: "`selector` does not match template `labels`" });
    }
  }
  if (res.kind === "Lease" && isObj(obj.spec) && typeof obj.spec.leaseDurationSeconds === "number" && obj.spec.leaseDurationSeconds <= 0) {
    errs.push({ type: "Invalid", field: "spec.leaseDurationSeconds", value: String(obj.spec.leaseDurationSeconds), detail: "must be greater than 0" });
  }
  if (res.kind === "Secret") {
    let size = 0;
    for (const v of Object.values(isObj(obj.data) ? obj.data : {})) size += Buffer.from(String(v), "base64").length;
    if (size > MAX_SECRET_SIZE) errs.push({ type: "TooLong", field: "data", detail: `may not be more than ${MAX_SECRET_SIZE} bytes` });
    if (old && old.type !== obj.type) {
      errs.push({ type: "Invalid", field: "type", value: goQuote(String(obj.type)), detail: "field is immutable" });
    }
  }
  if (errs.length > 0) throw invalid({ group: res.group, kind: res.kind }, meta.name ?? "", errs);
}
function nextGeneration(res, old, obj) {
  const g = old.metadata?.generation;
  if (res.generation === "none") return g;
  const base = g ?? 1;
  let changed;
  if (res.generation === "nonmeta") {
    const strip = (o) => {
      const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    };
    changed = !deepEqual(strip(old), strip(obj));
  } else {
    changed = !deepEqual(old.spec, obj.spec);
    if (res.generation === "spec+annotations") changed ||= !deepEqual(old.metadata?.annotations ?? {}, obj.metadata?.annotations ?? {});
  }
  return changed ? base + 1 : base;
}
function base64Error(s) {
  const m = /^[A-Za-z0-9+/]*/.exec(s);
  const body = m ? m[0].length : 0;
  const rest = s.slice(body);
  if (rest === "" && body % 4 === 0) return void 0;
  if (rest === "=" && body % 4 === 3 || rest === "==" && body % 4 === 2) return void 0;
  if (rest === "" || /^=*$/.test(rest)) return body - body % 4;
  return body;
}

// src/sandbox/kube-apiserver/handlers.ts
function selection(res, q) {
  const labels = parseLabelSelector(q.get("labelSelector") ?? void 0);
  const fields = parseFieldSelector(q.get("fieldSelector") ?? void 0, supportedFields(res));
  return (o) => labels(o.metadata?.labels ?? {}) && fields(fieldSet(res, o));
}
function listObjects(store, { res, namespace, query: q }) {
  let items = store.all(res, namespace).filter(selection(res, q));
  const metadata = { resourceVersion: String(store.resourceVersion) };
  const cont = q.get("continue");
  if (cont) {
    let start;
    try {
      start = JSON.parse(Buffer.from(cont, "base64url").toString("utf8")).start;
      if (typeof start !== "string") throw new Error("bad token");
    } catch {
      throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    }
    items = items.filter((o) => keyOf(o.metadata?.namespace, o.metadata?.name ?? "") > start);
  }
  const limit = Number(q.get("limit") ?? "0");
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    const last = items[limit - 1];
    metadata.continue = Buffer.from(
      JSON.stringify({ v: "meta.k8s.io/v1", rv: store.resourceVersion, start: keyOf(last.metadata?.namespace, last.metadata?.name ?? "") })
    ).toString("base64url");
    metadata.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  const out = items.map((o) => {
    if (res.crd) return o;
    const { apiVersion: _a, kind: _k, ...rest } = o;
    return rest;
  });
  return { kind: `${res.kind}List`, apiVersion: apiVersionOf(res), metadata, items: out };
}
function getObject(store, { res, namespace, name: name2 }) {
  const o = store.get(res, namespace, name2);
  if (!o) throw notFound(groupResourceOf(res), name2);
  return o;
}
function createObject(store, r) {
  const { res, namespace: ns } = r;
  const obj = decodeBody(r);
  const opts = writeOptions(r.query, r.userAgent, "CreateOptions");
  checkIdentity(res, obj, ns);
  const meta = metaOf(obj);
  if (!meta.name && meta.generateName) meta.name = meta.generateName + randomUUID2().replace(/-/g, "").slice(0, 5);
  if (res.namespaced && ns !== void 0 && !store.namespaceExists(ns)) {
    throw notFound({ group: "", resource: "namespaces" }, ns);
  }
  return store.commit(res, void 0, obj, opts);
}
function updateObject(store, r) {
  const { res, namespace: ns, name: name2 } = r;
  const obj = decodeBody(r);
  const opts = writeOptions(r.query, r.userAgent, "UpdateOptions");
  checkIdentity(res, obj, ns, name2);
  const old = store.get(res, ns, name2);
  if (!old) throw notFound(groupResourceOf(res), name2);
  const rv = obj.metadata?.resourceVersion;
  if (rv && rv !== old.metadata?.resourceVersion) throw conflict(groupResourceOf(res), name2);
  return store.commit(res, old, obj, opts);
}
function patchObject(store, r) {
  const { res, namespace: ns, name: name2, query: q } = r;
  const ct = baseType(r.contentType);
  const accepted = res.crd ? [JSON_PATCH, MERGE_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];
  if (!accepted.includes(ct)) throw res.crd ? unsupportedMediaType(accepted) : unsupportedPatchMediaType();
  const errs = [];
  const forceParam = q.get("force");
  if (ct !== APPLY_PATCH) {
    if (forceParam !== null) errs.push({ type: "Forbidden", field: "force", detail: "may not be specified for non-apply patch" });
  } else if (!q.get("fieldManager")) {
    errs.push({ type: "Required", field: "fieldManager", detail: "is required for apply patch" });
  }
  errs.push(...optionsErrors(q));
  if (errs.length > 0) throw invalid({ group: "meta.k8s.io", kind: "PatchOptions" }, "", errs);
  const opts = writeOptions(q, r.userAgent, "PatchOptions");
  const existing = store.get(res, ns, name2);
  if (ct === APPLY_PATCH) return applyObject(store, r, existing, opts, parseBool(forceParam) ?? false);
  if (!existing) throw notFound(groupResourceOf(res), name2);
  const obj = patched(existing, ct, r.body);
  checkTypeMeta(res, obj);
  const meta = metaOf(obj);
  if (meta.name !== name2) throw badRequest(`the name of the object (${meta.name ?? ""}) does not match the name on the URL (${name2})`);
  if (res.namespaced && meta.namespace !== ns) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  if (meta.resourceVersion && meta.resourceVersion !== existing.metadata?.resourceVersion) throw conflict(groupResourceOf(res), name2);
  return [200, store.commit(res, existing, obj, opts)];
}
function patched(existing, ct, body) {
  let patch;
  try {
    patch = JSON.parse(body);
  } catch (e) {
    throw badRequest(`error decoding patch: ${e.message}`);
  }
  let result;
  if (ct === JSON_PATCH) {
    const shape = jsonPatchShapeError(patch);
    if (shape) throw badRequest(shape);
    try {
      result = applyJsonPatch(existing, patch);
    } catch (e) {
      if (e instanceof PatchFailed) throw patchRejected();
      throw e;
    }
  } else {
    if (!isObj(patch)) {
      throw invalid({ group: "", kind: "" }, "", [
        {
          type: "Invalid",
          field: "patch",
          value: goQuote(body),
          detail: `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonType(patch)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`
        }
      ]);
    }
    result = ct === MERGE_PATCH ? applyMergePatch(existing, patch) : applyStrategicMergePatch(existing, patch);
  }
  if (!isObj(result)) throw patchRejected();
  return result;
}
function applyObject(store, r, existing, opts, force) {
  const { res, namespace: ns, name: name2, body } = r;
  let applied;
  try {
    applied = load(body);
  } catch (e) {
    throw badRequest(`error decoding YAML: ${e.message}`);
  }
  if (!isObj(applied)) throw badRequest(`Object 'Kind' is missing in '${body}'`);
  if (applied.kind === void 0 || applied.kind === "") throw badRequest(`Object 'Kind' is missing in '${body}'`);
  if (applied.apiVersion === void 0 || applied.apiVersion === "") {
    throw badRequest(`Object 'apiVersion' is missing in '${body}'`);
  }
  checkTypeMeta(res, applied);
  const cfg = applied;
  const meta = metaOf(cfg);
  if (meta.name !== void 0 && meta.name !== name2) {
    throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name2})`);
  }
  if (res.namespaced && meta.namespace !== void 0 && meta.namespace !== ns) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  let live;
  if (existing) {
    if (meta.resourceVersion && meta.resourceVersion !== existing.metadata?.resourceVersion) throw conflict(groupResourceOf(res), name2);
    live = existing;
  } else {
    if (res.namespaced && ns !== void 0 && !store.namespaceExists(ns)) throw notFound({ group: "", resource: "namespaces" }, ns);
    live = { apiVersion: apiVersionOf(res), kind: res.kind, metadata: res.namespaced ? { name: name2, namespace: ns } : { name: name2 } };
  }
  const outcome = serverSideApply(
    live,
    parseManagedFields(live.metadata?.managedFields),
    cfg,
    opts.manager,
    force,
    res.statusSubresource
  );
  if (outcome.conflicts.length > 0) throw applyConflict(outcome.conflicts);
  const obj = outcome.object;
  const m = metaOf(obj);
  m.name = name2;
  if (res.namespaced) m.namespace = ns;
  const result = store.commit(res, existing, obj, { ...opts, managers: outcome.managers });
  return [existing ? 200 : 201, result];
}
function deleteObject(store, { res, namespace: ns, name: name2, body, query: q }) {
  const { dryRun, preconditions: pre } = deleteOptions(body, q);
  const old = store.get(res, ns, name2);
  if (!old) throw notFound(groupResourceOf(res), name2);
  if (typeof pre.uid === "string" && pre.uid !== old.metadata?.uid) {
    throw conflict(
      groupResourceOf(res),
      name2,
      `the UID in the precondition (${pre.uid}) does not match the UID in record (${old.metadata?.uid ?? ""}). The object might have been deleted and then recreated`
    );
  }
  if (typeof pre.resourceVersion === "string" && pre.resourceVersion !== old.metadata?.resourceVersion) {
    throw preconditionConflict(
      groupResourceOf(res),
      { group: res.group, kind: res.kind },
      name2,
      `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${old.metadata?.resourceVersion ?? ""}). The object might have been modified`
    );
  }
  if (!dryRun) {
    store.remove(res, ns, name2, old);
  }
  if (res.plural === "pods") return old;
  if (res.plural === "namespaces") {
    const o = clone(old);
    metaOf(o).deletionTimestamp = now();
    o.status = { phase: "Terminating" };
    return o;
  }
  return makeStatus("Success", 0, "", "", { name: name2, group: res.group, kind: res.plural, uid: old.metadata?.uid });
}
function deleteOptions(body, q) {
  let options = {};
  if (body.trim() !== "") {
    try {
      const parsed = JSON.parse(body);
      if (isObj(parsed)) options = parsed;
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${e.message}`);
    }
  }
  const dryRunValues = [...q.getAll("dryRun"), ...Array.isArray(options.dryRun) ? options.dryRun.map(String) : []];
  if (dryRunValues.some((d) => d !== "All")) {
    throw invalid({ group: "meta.k8s.io", kind: "DeleteOptions" }, "", [
      { type: "NotSupported", field: "dryRun", value: JSON.stringify(dryRunValues), detail: supportedValues(["All"]) }
    ]);
  }
  return { dryRun: dryRunValues.includes("All"), preconditions: isObj(options.preconditions) ? options.preconditions : {} };
}
function decodeBody({ res, contentType, body }) {
  const ct = baseType(contentType);
  let parsed;
  if (ct === "application/json") {
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${e.message}`);
    }
  } else if (ct === "application/yaml") {
    try {
      parsed = load(body);
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: ${e.message}`);
    }
  } else {
    throw unsupportedMediaType(["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]);
  }
  if (!isObj(parsed)) throw badRequest(`Object 'Kind' is missing in '${body}'`);
  checkTypeMeta(res, parsed);
  return parsed;
}
function checkTypeMeta(res, o) {
  if (o.kind !== void 0 && o.kind !== res.kind) {
    throw badRequest(`the object provided is unrecognized (must be of type ${res.kind}): kind ${goQuote(String(o.kind))} does not match`);
  }
  if (o.apiVersion !== void 0 && o.apiVersion !== apiVersionOf(res)) {
    throw badRequest(
      `the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${apiVersionOf(res)})`
    );
  }
}
function checkIdentity(res, o, namespace, name2) {
  const meta = metaOf(o);
  if (res.namespaced) {
    if (meta.namespace && meta.namespace !== namespace) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    meta.namespace = namespace;
  }
  if (name2 !== void 0 && meta.name !== name2) {
    throw badRequest(`the name of the object (${meta.name ?? ""}) does not match the name on the URL (${name2})`);
  }
}
function applyConflict(conflicts) {
  const causes = conflicts.map((c) => ({
    reason: "FieldManagerConflict",
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path)
  }));
  let message;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`;
  } else {
    const byManager = /* @__PURE__ */ new Map();
    for (const c of conflicts) {
      const k = printManager(c.manager);
      byManager.set(k, [...byManager.get(k) ?? [], pathString(c.path)]);
    }
    const lines = [];
    for (const k of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${k}:`);
      for (const p of byManager.get(k) ?? []) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return new StatusError(makeStatus("Failure", 409, "Conflict", message, { causes }));
}

// src/sandbox/kube-apiserver/pod-exec.ts
function execTarget(store, ns, podName, q) {
  const pods = resourceByName("pods");
  const pod = store.get(pods, ns, podName);
  if (!pod) throw notFound(groupResourceOf(pods), podName);
  const stdin = parseBool(q.get("stdin")) ?? false;
  const stdout = parseBool(q.get("stdout")) ?? false;
  const stderr = parseBool(q.get("stderr")) ?? false;
  if (!stdin && !stdout && !stderr) throw badRequest("you must specify at least 1 of stdin, stdout, stderr");
  const command = q.getAll("command");
  if (command.length === 0) throw badRequest("you must specify at least one command for the container");
  const spec2 = isObj(pod.spec) ? pod.spec : {};
  const names = (list) => Array.isArray(list) ? list.filter(isObj).map((c) => String(c.name ?? "")) : [];
  const containers = names(spec2.containers);
  const all = [...containers, ...names(spec2.initContainers), ...names(spec2.ephemeralContainers)];
  let container = q.get("container") ?? "";
  if (container === "") {
    if (containers.length === 1) container = containers[0];
    else if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${podName}`);
    else {
      let msg = `a container name must be specified for pod ${podName}, choose one of: [${containers.join(" ")}]`;
      const init = names(spec2.initContainers);
      if (init.length > 0) msg += ` or one of the init containers: [${init.join(" ")}]`;
      throw badRequest(msg);
    }
  } else if (!all.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${podName}`);
  }
  const status2 = isObj(pod.status) ? pod.status : {};
  if (!spec2.nodeName && status2.phase !== "Running") throw badRequest(`pod ${podName} does not have a host assigned`);
  return { pod, container, command, stdin, stdout, stderr };
}
var ExecHandlers = class {
  constructor(execs) {
    this.execs = execs;
  }
  execs;
  entries = [];
  /** Registers a handler; the most recently registered one that matches runs. Returns an unregister. */
  add(handler, match) {
    const entry = { handler, match };
    this.entries.unshift(entry);
    return () => {
      const i = this.entries.indexOf(entry);
      if (i >= 0) this.entries.splice(i, 1);
    };
  }
  /** Runs the target's command with the handler that matches it; a missing or failing handler is a Failure status. */
  async run(ns, target, protocol, stdin) {
    const { pod, container, command } = target;
    const podName = pod.metadata?.name ?? "";
    const env = execEnv(pod, container, command);
    const entry = this.entries.find(({ match }) => {
      if (match.namespace !== void 0 && match.namespace !== ns) return false;
      if (match.container !== void 0 && match.container !== container) return false;
      if (match.pod !== void 0 && !(typeof match.pod === "string" ? match.pod === podName : match.pod.test(podName))) return false;
      return true;
    });
    let out;
    if (!entry) {
      out = {
        status: internalErrorStatus(
          `error executing command in container: no exec handler registered for ${ns}/${podName} container ${container}: [${command.join(" ")}]`
        )
      };
    } else {
      try {
        const r = await entry.handler(clone(pod), container, [...command], { ...env }, stdin);
        const code = r.exitCode ?? 0;
        out = {
          stdout: target.stdout ? r.stdout : void 0,
          stderr: target.stderr ? r.stderr : void 0,
          status: code === 0 ? successStatus() : exitCodeStatus(command, code)
        };
      } catch (err) {
        out = { status: internalErrorStatus(`error executing command in container: ${err instanceof Error ? err.message : String(err)}`) };
      }
    }
    const rec = { namespace: ns, pod: podName, container, command, env, protocol, status: out.status };
    if (stdin !== void 0) rec.stdin = stdin.toString("utf8");
    this.execs.push(rec);
    return out;
  }
};
function execEnv(pod, container, command) {
  const env = {};
  const spec2 = isObj(pod.spec) ? pod.spec : {};
  const all = [spec2.containers, spec2.initContainers, spec2.ephemeralContainers].flatMap((l) => Array.isArray(l) ? l : []);
  const c = all.find((x) => isObj(x) && x.name === container);
  if (isObj(c) && Array.isArray(c.env)) {
    for (const e of c.env) if (isObj(e) && typeof e.name === "string" && typeof e.value === "string") env[e.name] = e.value;
  }
  if (command[0] === "env" || command[0] === "/usr/bin/env") {
    for (const word of command.slice(1)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word);
      if (!m) break;
      env[m[1]] = m[2];
    }
  }
  return env;
}

// src/sandbox/kube-apiserver/store.ts
import { randomUUID as randomUUID3 } from "node:crypto";
var ROOT_CA_DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";
function unchanged(old, next) {
  const strip = (o) => {
    const c = clone(o);
    const m = isObj(c.metadata) ? c.metadata : {};
    delete m.resourceVersion;
    if (Array.isArray(m.managedFields)) m.managedFields = m.managedFields.map((e) => isObj(e) ? { ...e, time: void 0 } : e);
    c.metadata = m;
    return JSON.parse(JSON.stringify(c));
  };
  return deepEqual(strip(old), strip(next));
}
var ObjectStore = class {
  /** `written` is told of every write through the API, after the watches (the server's write hooks; not for `put`). */
  constructor(admission, written) {
    this.admission = admission;
    this.written = written;
    for (const r of RESOURCES) this.objects.set(r, /* @__PURE__ */ new Map());
  }
  admission;
  written;
  objects = /* @__PURE__ */ new Map();
  rv = 0;
  /** The open watch streams: told of every write, those through the API and the direct `put`s of the controllers. */
  watches = /* @__PURE__ */ new Set();
  /** The current global resourceVersion. */
  get resourceVersion() {
    return this.rv;
  }
  /** The stored object itself (not a copy). */
  get(res, ns, name2) {
    return this.objects.get(res)?.get(keyOf(res.namespaced ? ns : void 0, name2));
  }
  /** The stored objects themselves (in one namespace if given), sorted by namespace and name. */
  all(res, ns) {
    const items = [...this.objects.get(res)?.entries() ?? []].filter(([, o]) => ns === void 0 || !res.namespaced || o.metadata?.namespace === ns).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return items.map(([, o]) => o);
  }
  namespaceExists(ns) {
    return this.get(resourceByName("namespaces"), void 0, ns) !== void 0;
  }
  /** Creates or replaces an object directly (no admission, no write hooks; the watches are told); bumps resourceVersion. */
  put(input) {
    const obj = clone(input);
    const res = resourceForObject(obj.apiVersion, obj.kind);
    if (!res) throw new Error(`put: unknown apiVersion/kind ${String(obj.apiVersion)}/${String(obj.kind)}`);
    obj.apiVersion = apiVersionOf(res);
    const meta = metaOf(obj);
    if (!meta.name) throw new Error("put: metadata.name is required");
    if (res.namespaced) {
      meta.namespace ??= "default";
      if (!this.namespaceExists(meta.namespace)) {
        this.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: meta.namespace } });
      }
    } else delete meta.namespace;
    const old = this.get(res, meta.namespace, meta.name);
    try {
      decodeChecks(res, obj);
      normalize(res, obj, old, false);
      validate(res, obj, old);
    } catch (err) {
      if (err instanceof StatusError) throw new Error(`put: ${err.message}`, { cause: err });
      throw err;
    }
    const oldMeta = old?.metadata ?? {};
    meta.uid ??= oldMeta.uid ?? randomUUID3();
    meta.creationTimestamp ??= oldMeta.creationTimestamp ?? now();
    if (meta.generation === void 0) {
      const g = old ? nextGeneration(res, old, obj) : res.generation === "none" ? void 0 : 1;
      if (g !== void 0) meta.generation = g;
    }
    if (meta.managedFields === void 0 && oldMeta.managedFields !== void 0) meta.managedFields = oldMeta.managedFields;
    const stored = this.keep(res, old, obj);
    const event = { type: old ? "MODIFIED" : "ADDED", resource: res.plural, kind: res.kind, name: meta.name, object: stored, ...meta.namespace ? { namespace: meta.namespace } : {}, ...old ? { oldObject: old } : {} };
    this.tellWatches(event);
    return clone(stored);
  }
  /** Removes an object (a Namespace with everything in it) and bumps resourceVersion; no one is told. Returns whether it existed. */
  delete(res, ns, name2) {
    const existed = this.objects.get(res)?.delete(keyOf(res.namespaced ? ns : void 0, name2)) ?? false;
    if (existed && res.plural === "namespaces") {
      for (const r of RESOURCES.filter((x) => x.namespaced)) {
        for (const o of this.all(r, name2)) this.objects.get(r)?.delete(keyOf(name2, o.metadata?.name ?? ""));
      }
    }
    if (existed) this.rv++;
    return existed;
  }
  /** A delete through the API: `delete`, then the watches and write hooks are told. */
  remove(res, ns, name2, old) {
    this.delete(res, ns, name2);
    this.emit({ type: "DELETED", resource: res.plural, kind: res.kind, namespace: ns, name: name2, object: old });
  }
  /** Opens a watch: `watcher` is told of every write from now on. Returns its close. */
  watch(watcher) {
    this.watches.add(watcher);
    return () => this.watches.delete(watcher);
  }
  /** The write path shared by create, update, patch and apply. */
  commit(res, old, input, opts) {
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(res);
    obj.kind = res.kind;
    const meta = metaOf(obj);
    if (!res.namespaced) delete meta.namespace;
    decodeChecks(res, obj);
    normalize(res, obj, old, true);
    validate(res, obj, old);
    if (!old && meta.name && this.get(res, meta.namespace, meta.name)) throw alreadyExists(groupResourceOf(res), meta.name);
    const name2 = meta.name ?? "";
    this.admission.review(res, obj, old, opts.dryRun);
    setSystemFields(res, old, obj);
    const managers = opts.managers ?? trackUpdate(
      parseManagedFields(meta.managedFields !== void 0 ? meta.managedFields : old?.metadata?.managedFields),
      old,
      obj,
      opts.manager,
      apiVersionOf(res),
      res.statusSubresource
    );
    const mf = renderManagedFields(managers);
    if (mf.length > 0) meta.managedFields = mf;
    else delete meta.managedFields;
    this.admission.webhooks(res, obj, old, opts.dryRun);
    if (opts.dryRun) {
      if (old?.metadata?.resourceVersion) meta.resourceVersion = old.metadata.resourceVersion;
      else delete meta.resourceVersion;
      return ordered(obj);
    }
    if (old && unchanged(old, obj)) {
      return clone(old);
    }
    const stored = this.keep(res, old, obj);
    const result = clone(stored);
    this.emit({
      type: old ? "MODIFIED" : "ADDED",
      resource: res.plural,
      kind: res.kind,
      namespace: meta.namespace,
      name: name2,
      object: stored,
      oldObject: old
    });
    return result;
  }
  /** Stores a written object under the next resourceVersion (a new Namespace gets its kube-root-ca.crt); returns it as stored. */
  keep(res, old, obj) {
    const meta = metaOf(obj);
    const name2 = meta.name ?? "";
    meta.resourceVersion = String(++this.rv);
    const stored = ordered(obj);
    this.objects.get(res)?.set(keyOf(meta.namespace, name2), stored);
    if (res.kind === "Namespace" && !old) this.publishRootCa(name2);
    return stored;
  }
  /** The kube-root-ca.crt ConfigMap every namespace gets (kube-controller-manager's root-ca-cert-publisher). */
  publishRootCa(namespace) {
    const cm = resourceByName("configmaps");
    if (this.get(cm, namespace, "kube-root-ca.crt")) return;
    const obj = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "kube-root-ca.crt",
        namespace,
        uid: randomUUID3(),
        resourceVersion: String(++this.rv),
        creationTimestamp: now(),
        annotations: { "kubernetes.io/description": ROOT_CA_DESCRIPTION }
      },
      data: { "ca.crt": "-----BEGIN CERTIFICATE-----\n(the stand-in serves plain HTTP: no CA)\n-----END CERTIFICATE-----\n" }
    };
    this.objects.get(cm)?.set(keyOf(namespace, "kube-root-ca.crt"), ordered(obj));
  }
  tellWatches(event) {
    for (const w of [...this.watches]) w(clone(event));
  }
  emit(event) {
    this.tellWatches(event);
    this.written(event);
  }
};
function setSystemFields(res, old, obj) {
  const meta = metaOf(obj);
  if (old) {
    const om = old.metadata ?? {};
    meta.uid = om.uid;
    meta.creationTimestamp = om.creationTimestamp;
    const g = nextGeneration(res, old, obj);
    if (g === void 0) delete meta.generation;
    else meta.generation = g;
  } else {
    meta.uid = randomUUID3();
    meta.creationTimestamp = now();
    delete meta.deletionTimestamp;
    if (res.generation === "none") delete meta.generation;
    else meta.generation = 1;
  }
}

// src/sandbox/kube-apiserver/watch.ts
function serveWatch(store, res, log, r, namespace, q) {
  const selected = selection(r, q);
  const match = (o) => !!o && selected(o);
  log.status = 200;
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  res.flushHeaders();
  const send = (type, o) => {
    res.write(`${JSON.stringify({ type, object: o })}
`);
  };
  const since = q.get("resourceVersion");
  if (!since || since === "0") {
    for (const o of store.all(r, namespace)) if (match(o)) send("ADDED", o);
  }
  const watcher = (e) => {
    if (e.resource !== r.plural || namespace !== void 0 && e.namespace !== namespace) return;
    const now2 = match(e.object);
    const before = match(e.oldObject);
    if (e.type === "DELETED") {
      if (now2) send("DELETED", e.object);
    } else if (now2 && before) send("MODIFIED", e.object);
    else if (now2) send("ADDED", e.object);
    else if (before) send("DELETED", e.object);
  };
  const unwatch = store.watch(watcher);
  const end = () => {
    unwatch();
    clearTimeout(timer);
  };
  const seconds = Number(q.get("timeoutSeconds") ?? "0");
  const timer = setTimeout(() => {
    end();
    res.end();
  }, Number.isFinite(seconds) && seconds > 0 ? seconds * 1e3 : 30 * 60 * 1e3);
  timer.unref?.();
  res.on("close", end);
}

// src/sandbox/kube-apiserver.ts
var SEEDED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];
var KubeApiServer = class {
  /** Every request received, in order. */
  requests = [];
  /** Every exec run, in order. */
  execs = [];
  /** Errors the server hit outside a client's fault (hook exceptions, internal errors): tests can assert it stays empty. */
  errors = [];
  /** Exec subprotocols accepted; may be changed between requests. */
  execProtocols;
  /** Filled in by `start`. */
  url = "";
  port = 0;
  token;
  user;
  authorizer;
  admissionControl = new AdmissionControl((res) => this.store.all(res));
  store = new ObjectStore(this.admissionControl, (event) => this.callWriteHooks(event));
  faults = [];
  hooks = [];
  execHandlers = new ExecHandlers(this.execs);
  timers = /* @__PURE__ */ new Set();
  http;
  tls;
  streams = new ExecStreams();
  constructor(options = {}) {
    this.token = options.token ?? "pool-reconciler-test-token";
    this.user = options.user ?? "pool-reconciler-test";
    this.authorizer = new Authorizer(
      new Map([[this.token, this.user], ...Object.entries(options.users ?? {})]),
      [...options.forbidden ?? []],
      options.rbac ? [...options.rbac] : void 0
    );
    this.execProtocols = [...options.execProtocols ?? CHANNEL_PROTOCOLS];
    for (const ns of [...SEEDED_NAMESPACES, ...options.namespaces ?? []]) {
      if (!this.store.namespaceExists(ns)) {
        this.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
      }
    }
    for (const o of options.objects ?? []) this.put(o);
    this.tls = options.tls;
    const handler = (req, res) => {
      this.onRequest(req, res).catch((err) => this.errors.push(err));
    };
    this.http = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createServer(handler);
    this.http.keepAliveTimeout = 6e4;
    this.http.on("upgrade", (req, socket, head) => {
      this.onUpgrade(req, socket, head).catch((err) => this.errors.push(err));
    });
  }
  /** RBAC allow rules; undefined: everything not forbidden is allowed. May be changed between requests. */
  get rbac() {
    return this.authorizer.rbac;
  }
  set rbac(rules) {
    this.authorizer.rbac = rules;
  }
  async start() {
    await new Promise((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(0, "127.0.0.1", () => resolve());
    });
    this.port = this.http.address().port;
    this.url = `${this.tls ? "https" : "http"}://127.0.0.1:${this.port}`;
    return this;
  }
  async close() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.streams.close();
    const closed = new Promise((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    await closed;
  }
  /**
   * A kubeconfig for client-node 2 and kubectl: over HTTPS the cluster's CA as `certificate-authority-data`; over
   * plain HTTP `insecure-skip-tls-verify: true` (client-node refuses plain HTTP otherwise). The user is a bearer token.
   */
  kubeconfigYaml(namespace = "default", options = {}) {
    const token = options.token ?? this.token;
    return [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "  - name: loopback",
      "    cluster:",
      `      server: ${this.url}`,
      this.tls ? `      certificate-authority-data: ${Buffer.from(this.tls.ca).toString("base64")}` : "      insecure-skip-tls-verify: true",
      "users:",
      "  - name: loopback-user",
      "    user:",
      `      token: ${JSON.stringify(token)}`,
      "contexts:",
      "  - name: loopback",
      "    context:",
      "      cluster: loopback",
      "      user: loopback-user",
      `      namespace: ${JSON.stringify(namespace)}`,
      "current-context: loopback",
      ""
    ].join("\n");
  }
  // ---- test-side API: store ----
  /** Creates or replaces an object directly in the store (no HTTP, no hooks); bumps resourceVersion. */
  put(input) {
    return this.store.put(input);
  }
  /** `get('Node', 'n1')`, `get('Secret', 'ns', 'name')`; kind may be a Kind or a plural. */
  get(kind, namespaceOrName, name2) {
    const res = this.resource(kind);
    const [ns, n] = res.namespaced || name2 !== void 0 ? [namespaceOrName, name2 ?? ""] : [void 0, namespaceOrName ?? ""];
    const o = this.store.get(res, res.namespaced ? ns : void 0, n);
    return o && clone(o);
  }
  /** All objects of a kind (in one namespace if given), sorted by namespace and name. */
  list(kind, namespace) {
    const res = this.resource(kind);
    return this.store.all(res, namespace).map(clone);
  }
  /** Removes an object from the store (no hooks); a Namespace with everything in it. Returns whether it existed. */
  delete(kind, namespaceOrName, name2) {
    const res = this.resource(kind);
    const [ns, n] = res.namespaced || name2 !== void 0 ? [namespaceOrName, name2 ?? ""] : [void 0, namespaceOrName ?? ""];
    return this.store.delete(res, ns, n);
  }
  /** The current global resourceVersion. */
  get resourceVersion() {
    return String(this.store.resourceVersion);
  }
  // ---- test-side API: controllers, exec, faults, authorization, request log ----
  /** Called synchronously after every write made over HTTP (not for `put`). Returns an unsubscribe. */
  onWrite(hook) {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }
  /**
   * A stand-in for the Deployment and StatefulSet controllers: after each HTTP write to one, once
   * `delayMs` has passed, its status is set to `rolloutStatus` (observedGeneration = generation, all
   * replicas ready). Returns an unsubscribe.
   */
  autoRollout(options = {}) {
    return this.onWrite((e) => {
      if (e.type === "DELETED" || e.kind !== "Deployment" && e.kind !== "StatefulSet") return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        const cur = this.get(e.kind, e.namespace, e.name);
        if (!cur || cur.metadata?.uid !== e.object.metadata?.uid) return;
        const status2 = rolloutStatus(cur);
        if (!deepEqual(cur.status, status2)) this.put({ ...cur, status: status2 });
      }, options.delayMs ?? 0);
      this.timers.add(timer);
    });
  }
  /**
   * Stand-ins for the Deployment, ReplicaSet and StatefulSet controllers and the kubelet: after each HTTP write that
   * changes a pod template, the rollout walks through the states the real controllers write (see controllers.ts),
   * one step every `stepMs`, with ReplicaSets and pods. Returns a stop.
   */
  runControllers(options = {}) {
    const schedule = (fn, ms) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        try {
          fn();
        } catch (err) {
          this.errors.push(err);
        }
      }, ms);
      this.timers.add(timer);
    };
    return startControllers(this, schedule, (hook) => this.onWrite(hook), options);
  }
  /** Registers an exec handler; the most recently registered one that matches runs. Returns an unregister. */
  onExec(handler, match = {}) {
    return this.execHandlers.add(handler, match);
  }
  /** Injects a fault; see FaultSpec. Faults are checked in the order injected; the first that fires wins. */
  inject(spec2) {
    const f = { spec: spec2, matched: 0, fired: 0, removed: false };
    this.faults.push(f);
    return {
      get matched() {
        return f.matched;
      },
      get fired() {
        return f.fired;
      },
      remove: () => {
        f.removed = true;
      }
    };
  }
  clearFaults() {
    for (const f of this.faults) f.removed = true;
    this.faults.length = 0;
  }
  /** Registers an admission webhook (see AdmissionHook); returns an unregister. */
  admission(hook) {
    return this.admissionControl.add(hook);
  }
  /** Adds a rule answering 403; returns a remover. */
  forbid(rule) {
    return this.authorizer.forbid(rule);
  }
  /** Requests matching the filter. */
  requestsMatching(filter = {}) {
    return this.requests.filter((r) => {
      if (filter.method && r.method !== filter.method.toUpperCase()) return false;
      if (filter.path !== void 0 && !(typeof filter.path === "string" ? r.path === filter.path : filter.path.test(r.path))) {
        return false;
      }
      if (filter.contentType !== void 0 && baseType(r.contentType) !== filter.contentType) return false;
      if (filter.status !== void 0 && r.status !== filter.status) return false;
      return true;
    });
  }
  count(filter = {}) {
    return this.requestsMatching(filter).length;
  }
  clearRequests() {
    this.requests.length = 0;
  }
  // ---- internals: kinds and write hooks ----
  resource(kind) {
    const res = resourceByName(kind);
    if (!res) throw new Error(`unknown kind ${kind}`);
    return res;
  }
  /** Tells the write hooks of a write through the API. */
  callWriteHooks(event) {
    for (const hook of [...this.hooks]) {
      try {
        hook(clone(event), this);
      } catch (err) {
        this.errors.push(err);
      }
    }
  }
  // ---- internals: HTTP ----
  record(req, url, body, upgrade) {
    const rec = {
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: queryRecord(url.searchParams),
      body,
      upgrade
    };
    if (req.headers["content-type"]) rec.contentType = req.headers["content-type"];
    if (req.headers.authorization) rec.authorization = req.headers.authorization;
    if (req.headers["user-agent"]) rec.userAgent = req.headers["user-agent"];
    this.requests.push(rec);
    return rec;
  }
  takeFault(rec) {
    let chosen;
    for (const f of this.faults) {
      if (f.removed) continue;
      const { method, path, nth = 1, times = 1 } = f.spec;
      if (method && method.toUpperCase() !== rec.method) continue;
      if (path !== void 0 && !(typeof path === "string" ? path === rec.path : path.test(rec.path))) continue;
      f.matched++;
      if (!chosen && f.matched >= nth && f.matched < nth + times) chosen = f;
    }
    if (!chosen) return void 0;
    chosen.fired++;
    const fault = chosen.spec.fault;
    rec.fault = "reset" in fault ? "reset" : "delayMs" in fault ? "delay" : "status";
    return fault;
  }
  authenticate(req, rec) {
    const user = this.authorizer.authenticate(req.headers.authorization);
    rec.user = user;
    return user;
  }
  send(res, rec, code, body, headers = {}) {
    rec.status = code;
    const bare = isObj(body) && body.kind === "Status" && body.message === PATCH_REJECTED_MESSAGE;
    const text = typeof body === "string" ? body : `${JSON.stringify(body)}${bare ? "" : "\n"}`;
    res.writeHead(code, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", ...headers });
    res.end(text);
  }
  statusFromError(err) {
    if (err instanceof StatusError) return err;
    this.errors.push(err);
    return internalError(err instanceof Error ? err.message : String(err));
  }
  /**
   * Acts on the fault injected for a request, if one fires: a reset or an answer ends the request (`'done'`); a delay
   * is returned for the caller to wait out.
   */
  actOnFault(rec, reset, answer) {
    const fault = this.takeFault(rec);
    if (fault && "reset" in fault) {
      reset();
      return "done";
    }
    if (fault && "status" in fault) {
      const headers = { ...fault.status === 429 ? { "Retry-After": "1" } : {}, ...fault.headers ?? {} };
      answer(fault.status, fault.body ?? genericStatus(fault.status), headers);
      return "done";
    }
    return fault;
  }
  async onRequest(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rec = this.record(req, url, body, false);
    try {
      const fault = this.actOnFault(rec, () => req.socket.destroy(), (code2, fb, headers) => this.send(res, rec, code2, fb, headers));
      if (fault === "done") return;
      if (fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      const user = this.authenticate(req, rec);
      if (url.pathname === "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews") {
        if (rec.method !== "POST") throw methodNotAllowed();
        this.send(res, rec, 201, this.authorizer.selfSubjectAccessReview(user, body));
        return;
      }
      const route = routeOf(url.pathname, this.port);
      if (!route) throw pathNotFound();
      if (route.type === "collection" && rec.method === "GET" && parseBool(url.searchParams.get("watch"))) {
        this.authorizer.authorize(user, { verb: "watch", res: route.res, namespace: route.namespace });
        serveWatch(this.store, res, rec, route.res, route.namespace, url.searchParams);
        return;
      }
      let result;
      try {
        result = this.dispatch(rec.method, route, user, url.searchParams, req, body);
      } catch (err) {
        if (!(err instanceof AdmissionNeeded)) throw err;
        const verdict = await this.admissionControl.callWebhooks(err, user);
        result = this.admissionControl.withVerdict(verdict, () => this.dispatch(rec.method, route, user, url.searchParams, req, body));
      }
      const [code, out] = result;
      this.send(res, rec, code, out);
    } catch (err) {
      const se = this.statusFromError(err);
      this.send(res, rec, se.code, se.status, se.headers);
    }
  }
  /** Authorizes a request and answers it with its verb's handler: the status code and the body. */
  dispatch(method, route, user, q, req, body) {
    if (route.type === "discovery") {
      if (method !== "GET") throw methodNotAllowed();
      return [200, route.body];
    }
    if (route.type === "exec") {
      this.authorizer.authorize(user, { verb: "create", res: resourceByName("pods"), subresource: "exec", namespace: route.namespace, name: route.name });
      execTarget(this.store, route.namespace, route.name, q);
      throw badRequest("Upgrade request required");
    }
    const { res, namespace } = route;
    const parts = { res, namespace, query: q, body, contentType: req.headers["content-type"], userAgent: req.headers["user-agent"] };
    if (route.type === "collection") {
      if (method === "GET") {
        const watch = parseBool(q.get("watch"));
        this.authorizer.authorize(user, { verb: watch ? "watch" : "list", res, namespace });
        if (watch) throw methodNotAllowed();
        return [200, listObjects(this.store, parts)];
      }
      if (method === "POST") {
        this.authorizer.authorize(user, { verb: "create", res, namespace });
        return [201, createObject(this.store, parts)];
      }
      throw methodNotAllowed();
    }
    const name2 = route.name;
    const ns = res.plural === "namespaces" ? name2 : namespace;
    switch (method) {
      case "GET":
        this.authorizer.authorize(user, { verb: "get", res, namespace: ns, name: name2 });
        return [200, getObject(this.store, { ...parts, name: name2 })];
      case "PUT":
        this.authorizer.authorize(user, { verb: "update", res, namespace: ns, name: name2 });
        return [200, updateObject(this.store, { ...parts, name: name2 })];
      case "PATCH":
        this.authorizer.authorize(user, { verb: "patch", res, namespace: ns, name: name2 });
        return patchObject(this.store, { ...parts, name: name2 });
      case "DELETE":
        this.authorizer.authorize(user, { verb: "delete", res, namespace: ns, name: name2 });
        return [200, deleteObject(this.store, { ...parts, name: name2 })];
      default:
        throw methodNotAllowed();
    }
  }
  // ---- pods/exec: the WebSocket upgrade ----
  async onUpgrade(req, socket, head) {
    socket.on("error", () => void 0);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rec = this.record(req, url, "", true);
    const reply = (code, body, headers = {}) => {
      rec.status = code;
      const text = JSON.stringify(body);
      const lines = [
        `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ""}`,
        "Content-Type: application/json",
        `Content-Length: ${Buffer.byteLength(text)}`,
        "Connection: close",
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)
      ];
      socket.end(lines.join("\r\n") + "\r\n\r\n" + text);
    };
    try {
      const fault = this.actOnFault(rec, () => socket.destroy(), reply);
      if (fault === "done") return;
      if (fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      const user = this.authenticate(req, rec);
      const route = routeOf(url.pathname, this.port);
      if (!route || route.type !== "exec") throw pathNotFound();
      this.authorizer.authorize(user, {
        verb: "get",
        res: resourceByName("pods"),
        subresource: "exec",
        namespace: route.namespace,
        name: route.name
      });
      const target = execTarget(this.store, route.namespace, route.name, url.searchParams);
      const offered = req.headers["sec-websocket-protocol"];
      const protocol = negotiate(offered, this.execProtocols);
      if (!protocol) {
        throw badRequest(
          `unable to upgrade: unable to negotiate protocol: client supports [${(offered ?? "").split(",").map((s) => s.trim()).join(" ")}], server supports [${this.execProtocols.join(" ")}]`
        );
      }
      rec.status = 101;
      this.streams.serve(
        req,
        socket,
        head,
        protocol,
        target.stdin,
        (stdin) => this.execHandlers.run(route.namespace, target, protocol, stdin),
        (err) => this.errors.push(err)
      );
    } catch (err) {
      const se = this.statusFromError(err);
      reply(se.code, se.status, se.headers);
    }
  }
};
async function startKubeApiServer(options = {}) {
  return new KubeApiServer(options).start();
}

// src/sandbox/tls.ts
import { createHash as createHash2, generateKeyPairSync, randomBytes as randomBytes2, sign } from "node:crypto";
function length(n) {
  if (n < 128) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 255);
  return Buffer.from([128 | bytes.length, ...bytes]);
}
function tlv(tag, content) {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}
var sequence = (...items) => tlv(48, Buffer.concat(items));
var set = (...items) => tlv(49, Buffer.concat(items));
var octetString = (b) => tlv(4, b);
var bitString = (b) => tlv(3, Buffer.concat([Buffer.from([0]), b]));
var utf8 = (s) => tlv(12, Buffer.from(s, "utf8"));
var boolean = (v) => tlv(1, Buffer.from([v ? 255 : 0]));
var explicit = (n, content) => tlv(160 | n, content);
function integer(bytes) {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && b[1] < 128) b = b.subarray(1);
  if (b[0] >= 128) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(2, b);
}
function oid(dotted) {
  const parts = dotted.split(".").map(Number);
  const out = [40 * parts[0] + parts[1]];
  for (const p of parts.slice(2)) {
    const base128 = [];
    for (let v = p; ; v = Math.floor(v / 128)) {
      base128.unshift(v % 128 | (base128.length ? 128 : 0));
      if (v < 128) break;
    }
    out.push(...base128);
  }
  return tlv(6, Buffer.from(out));
}
function time(d) {
  const iso = d.toISOString().replace(/[-:T]/g, "").replace(/\.\d{3}Z$/, "Z");
  return d.getUTCFullYear() < 2050 ? tlv(23, Buffer.from(iso.slice(2), "ascii")) : tlv(24, Buffer.from(iso, "ascii"));
}
var OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1"
};
var SIGNATURE_ALGORITHM = sequence(oid(OID.ecdsaWithSha256));
function name(commonName) {
  return sequence(
    set(sequence(oid(OID.organization), utf8("pool-reconciler sandbox"))),
    set(sequence(oid(OID.commonName), utf8(commonName)))
  );
}
function extension(id, critical, value) {
  return sequence(oid(id), ...critical ? [boolean(true)] : [], octetString(value));
}
function keyUsage(bits) {
  let value = 0;
  for (const b of bits) value |= 128 >> b;
  const unused = value === 0 ? 0 : Math.min(7, Math.log2(value & -value));
  return tlv(3, Buffer.from([unused, value]));
}
function keyId(spki) {
  return createHash2("sha1").update(spki.subarray(spki.length - 65)).digest();
}
function ipBytes(ip) {
  return Buffer.from(ip.split(".").map(Number));
}
function certificate(spec2) {
  const spki = spec2.publicKey.export({ type: "spki", format: "der" });
  const ownKeyId = keyId(spki);
  const serial = randomBytes2(16);
  serial[0] &= 127;
  serial[0] |= 1;
  const extensions = [
    extension(OID.basicConstraints, true, spec2.ca ? sequence(boolean(true)) : sequence()),
    extension(OID.keyUsage, true, keyUsage(spec2.ca ? [0, 5, 6] : [0])),
    extension(OID.subjectKeyIdentifier, false, octetString(ownKeyId))
  ];
  if (spec2.issuerKeyId) extensions.push(extension(OID.authorityKeyIdentifier, false, sequence(tlv(128, spec2.issuerKeyId))));
  if (!spec2.ca) {
    extensions.push(extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))));
    const names = [...(spec2.dnsNames ?? []).map((d) => tlv(130, Buffer.from(d, "ascii"))), ...(spec2.ips ?? []).map((ip) => tlv(135, ipBytes(ip)))];
    extensions.push(extension(OID.subjectAltName, false, sequence(...names)));
  }
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    SIGNATURE_ALGORITHM,
    name(spec2.issuer),
    sequence(time(spec2.notBefore), time(spec2.notAfter)),
    name(spec2.subject),
    spki,
    explicit(3, sequence(...extensions))
  );
  const signature = sign("sha256", tbs, { key: spec2.signer, dsaEncoding: "der" });
  return { der: sequence(tbs, SIGNATURE_ALGORITHM, bitString(signature)), keyId: ownKeyId };
}
function pem(label, der) {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----
${lines.join("\n")}
-----END ${label}-----
`;
}
function makeSandboxTls(options = {}) {
  const now2 = options.now ?? /* @__PURE__ */ new Date();
  const notBefore = new Date(now2.getTime() - 36e5);
  const notAfter = new Date(now2.getTime() + (options.days ?? 30) * 864e5);
  const caKeys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const serverKeys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const caName = "pool-reconciler sandbox CA";
  const ca = certificate({ subject: caName, issuer: caName, publicKey: caKeys.publicKey, signer: caKeys.privateKey, ca: true, notBefore, notAfter });
  const server = certificate({
    subject: "pool-reconciler sandbox API server",
    issuer: caName,
    publicKey: serverKeys.publicKey,
    signer: caKeys.privateKey,
    issuerKeyId: ca.keyId,
    ca: false,
    ips: ["127.0.0.1"],
    dnsNames: ["localhost"],
    notBefore,
    notAfter
  });
  return {
    ca: pem("CERTIFICATE", ca.der),
    cert: pem("CERTIFICATE", server.der),
    key: serverKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString()
  };
}

// src/sandbox/sandbox.ts
var SANDBOX_BANNER = "SANDBOX: a local stand-in for a Kubernetes API server, not a real cluster";
async function startSandbox(repoPath, options = {}) {
  const repo = loadRepo(repoPath);
  const validation = validateRepo(repo);
  const settings = repo.settings;
  const sf = settings.softwareFactory;
  const namespaces = /* @__PURE__ */ new Set([sf.namespace, settings.dispatch.tektonNamespace]);
  for (const t of validation.podTemplates) if (t.namespace) namespaces.add(t.namespace);
  const token = options.token ?? randomBytes3(24).toString("base64url");
  const server = await startKubeApiServer({ namespaces: [...namespaces], token, tls: makeSandboxTls() });
  const seeded = [`namespaces: ${[...namespaces].join(", ")}`];
  const put = (obj) => server.put(obj);
  const mounts = [
    { name: "nodepool-providers-secrets", subPath: "clouds.yaml", mountPath: "/var/lib/nodepool/.config/openstack/clouds.yaml", readOnly: true },
    { name: "nodepool-providers-secrets", subPath: "kube.config", mountPath: "/var/lib/nodepool/.kube/config", readOnly: true },
    { name: "nodepool-providers-secrets", subPath: "aws.config", mountPath: "/var/lib/nodepool/.aws/config", readOnly: true }
  ];
  const template = (container, labels) => ({
    metadata: { labels, annotations: { "nodepool-providers-secrets": "0" } },
    spec: {
      containers: [{ name: container, image: `quay.io/software-factory/${container}:sandbox`, env: [{ name: "CONFIG_REPO_SET", value: "TRUE" }], volumeMounts: mounts }],
      volumes: [{ name: "nodepool-providers-secrets", secret: { secretName: "nodepool-providers-secrets" } }]
    }
  });
  const launcherLabels = { app: "sf", run: sf.launcherDeployment };
  put({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: sf.launcherDeployment, namespace: sf.namespace, labels: launcherLabels },
    spec: { replicas: 1, selector: { matchLabels: launcherLabels }, template: template("launcher", launcherLabels) }
  });
  const builderLabels = { app: "sf", run: sf.builderStatefulSet };
  put({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: sf.builderStatefulSet, namespace: sf.namespace, labels: builderLabels },
    spec: { replicas: 1, serviceName: sf.builderStatefulSet, selector: { matchLabels: builderLabels }, template: template("nodepool-builder", builderLabels) }
  });
  server.runControllers({ stepMs: 300 });
  seeded.push(`Deployment ${sf.namespace}/${sf.launcherDeployment} and StatefulSet ${sf.namespace}/${sf.builderStatefulSet} (mounting clouds.yaml, kube.config and aws.config), with their pods`);
  put({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: settings.dispatch.tektonConfigMap, namespace: settings.dispatch.tektonNamespace },
    data: { "default-timeout-minutes": "60" }
  });
  seeded.push(`ConfigMap ${settings.dispatch.tektonNamespace}/${settings.dispatch.tektonConfigMap} (Tekton's defaults, no pod template yet)`);
  const pools = validation.cluster?.provisionerPools ?? [];
  for (const pool of pools) {
    const count = Math.max(1, Math.min(3, typeof pool.count === "number" ? pool.count : 1));
    for (let i = 1; i <= count; i++) {
      const name2 = `${pool.name}-${i}`;
      put({
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: name2, labels: { [NODE_POOL_LABEL]: pool.name, "kubernetes.io/hostname": name2 } },
        spec: pool.controlPlane ? { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] } : {}
      });
    }
    seeded.push(`${count} node(s) of pool ${pool.name}${pool.controlPlane ? " (control plane, with its own taint)" : ""}`);
  }
  server.onExec((pod, _container, command, env) => {
    const script = command.find((c) => c.endsWith("generate-config.sh"));
    if (!script) return { stderr: `sandbox: ${command[0] ?? "command"}: not found
`, exitCode: 127 };
    const ref = command[command.indexOf(script) + 1] ?? "origin/master";
    const file = env.NODEPOOL_CONFIG_FILE ?? "nodepool.yaml";
    return { stdout: `sandbox: ${pod.metadata?.name}: /etc/nodepool/nodepool.yaml generated from ${file} at ${ref}
`, exitCode: 0 };
  });
  seeded.push("exec of generate-config.sh in the Nodepool pods; rollouts that go through the controllers' steps, 0.3 s each");
  return {
    server,
    url: server.url,
    kubeconfig: server.kubeconfigYaml(sf.namespace),
    seeded,
    close: () => server.close()
  };
}
export {
  SANDBOX_BANNER,
  startSandbox
};
