import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  NODE_POOL_LABEL,
  validateRepo
} from "./chunk-BTGS5EVF.js";
import "./chunk-JT2HCQ6W.js";
import {
  loadRepo
} from "./chunk-GLNUNNEN.js";
import "./chunk-K5J4GOXI.js";
import {
  load
} from "./chunk-VNTL5GQB.js";
import "./chunk-ZZFCHH4V.js";

// src/sandbox/kube-apiserver.ts
import { randomUUID } from "node:crypto";
import { STATUS_CODES, createServer } from "node:http";

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
var keyOf = (p) => JSON.stringify(p);
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
    out.set(keyOf(path), path);
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
    if (path.length > 0) out.set(keyOf(path), path);
    return;
  }
  if (entries.some(([k]) => !k.startsWith("f:"))) {
    out.set(keyOf(path), path);
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
    const time = typeof e.time === "string" && !Number.isNaN(Date.parse(e.time)) ? rfc3339(new Date(e.time)) : rfc3339();
    const m = {
      manager: e.manager,
      operation: e.operation === "Apply" ? "Apply" : "Update",
      apiVersion: typeof e.apiVersion === "string" ? e.apiVersion : "",
      time,
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
function sameManager(m, name, operation, apiVersion) {
  return m.manager === name && m.operation === operation && !m.subresource && (operation === "Apply" || m.apiVersion === apiVersion);
}
function trackUpdate(managers, oldObj, newObj, name, apiVersion, statusSubresource) {
  const before = oldObj === void 0 ? /* @__PURE__ */ new Map() : leaves(oldObj, statusSubresource);
  const after = leaves(newObj, statusSubresource);
  const changed = /* @__PURE__ */ new Map();
  for (const [k, p] of after) {
    if (!before.has(k) || !deepEqual(getPath(oldObj, p), getPath(newObj, p))) changed.set(k, p);
  }
  const out = managers.map((m) => ({ ...m, fields: new Map(m.fields) }));
  let me = out.find((m) => sameManager(m, name, "Update", apiVersion));
  for (const m of out) {
    for (const k of m.fields.keys()) {
      if (!after.has(k) || m !== me && changed.has(k)) m.fields.delete(k);
    }
  }
  if (changed.size > 0) {
    if (!me) {
      me = { manager: name, operation: "Update", apiVersion, time: rfc3339(), fields: /* @__PURE__ */ new Map() };
      out.push(me);
    }
    for (const [k, p] of changed) me.fields.set(k, p);
    me.time = rfc3339();
  }
  return out.filter((m) => m.fields.size > 0);
}
function serverSideApply(live, managers, applied, name, force, statusSubresource) {
  const appliedLeaves = leaves(applied, statusSubresource);
  const out = managers.map((m) => ({ ...m, fields: new Map(m.fields) }));
  let me = out.find((m) => sameManager(m, name, "Apply", ""));
  const conflicts = [];
  for (const [k, p] of appliedLeaves) {
    if (deepEqual(getPath(live, p), getPath(applied, p))) continue;
    for (const m of out) if (m !== me && m.fields.has(k)) conflicts.push({ manager: m, path: p });
  }
  conflicts.sort((a, b) => pathString(a.path).localeCompare(pathString(b.path)));
  if (conflicts.length > 0 && !force) return { object: live, managers, conflicts };
  for (const c of conflicts) c.manager.fields.delete(keyOf(c.path));
  const result = clone(live);
  if (me) {
    for (const [k, p] of me.fields) {
      if (appliedLeaves.has(k)) continue;
      if (!out.some((m) => m !== me && m.fields.has(k))) deletePath(result, p);
    }
  } else {
    me = { manager: name, operation: "Apply", apiVersion: "", time: rfc3339(), fields: /* @__PURE__ */ new Map() };
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
function resourceByName(name) {
  const n = name.toLowerCase();
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
  constructor(status, headers = {}) {
    super(status.message ?? status.reason ?? "status error");
    this.status = status;
    this.headers = headers;
  }
  get code() {
    return this.status.code ?? 500;
  }
};
function goQuote(s) {
  return JSON.stringify(s);
}
function groupResourceString(gr2) {
  return gr2.group ? `${gr2.resource}.${gr2.group}` : gr2.resource;
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
function makeStatus(status, code, reason, message, details) {
  const s = { kind: "Status", apiVersion: "v1", metadata: {}, status };
  if (message) s.message = message;
  if (reason) s.reason = reason;
  if (details) s.details = cleanDetails(details);
  if (code) s.code = code;
  return s;
}
function notFound(gr2, name) {
  return new StatusError(
    makeStatus("Failure", 404, "NotFound", `${groupResourceString(gr2)} ${goQuote(name)} not found`, {
      name,
      group: gr2.group,
      kind: gr2.resource
    })
  );
}
function pathNotFound() {
  return new StatusError(makeStatus("Failure", 404, "NotFound", "the server could not find the requested resource", {}));
}
function alreadyExists(gr2, name) {
  return new StatusError(
    makeStatus("Failure", 409, "AlreadyExists", `${groupResourceString(gr2)} ${goQuote(name)} already exists`, {
      name,
      group: gr2.group,
      kind: gr2.resource
    })
  );
}
var OPTIMISTIC_LOCK_MSG = "the object has been modified; please apply your changes to the latest version and try again";
function conflict(gr2, name, err = OPTIMISTIC_LOCK_MSG) {
  return new StatusError(
    makeStatus(
      "Failure",
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${groupResourceString(gr2)} ${goQuote(name)}: ${err}`,
      { name, group: gr2.group, kind: gr2.resource }
    )
  );
}
function badRequest(message) {
  return new StatusError(makeStatus("Failure", 400, "BadRequest", message));
}
function unauthorized() {
  return new StatusError(makeStatus("Failure", 401, "Unauthorized", "Unauthorized"));
}
function forbidden(gr2, name, err) {
  const what = groupResourceString(gr2);
  const message = name ? `${what} ${goQuote(name)} is forbidden: ${err}` : `${what} is forbidden: ${err}`;
  return new StatusError(makeStatus("Failure", 403, "Forbidden", message, { name, group: gr2.group, kind: gr2.resource }));
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
function patchRejected() {
  return new StatusError(
    makeStatus("Failure", 422, "Invalid", "the server rejected our request due to an error in our request")
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
function invalid(gk, name, errs) {
  const seen = /* @__PURE__ */ new Set();
  const msgs = [];
  for (const e of errs) {
    const m = fieldErrorString(e);
    if (!seen.has(m)) {
      seen.add(m);
      msgs.push(m);
    }
  }
  const head = `${groupKindString(gk)} ${goQuote(name)} is invalid`;
  let message = head;
  if (msgs.length === 1) message = `${head}: ${msgs[0]}`;
  else if (msgs.length > 1) message = `${head}: [${msgs.join(", ")}]`;
  return new StatusError(
    makeStatus("Failure", 422, "Invalid", message, {
      name,
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
  let name;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push("prefix part " + EMPTY_ERROR);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push("prefix part " + m);
  } else {
    return [
      "a qualified name " + regexError(QNAME_ERR, QNAME_FMT, "MyName", "my.name", "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
    ];
  }
  if (name.length === 0) errs.push("name part " + EMPTY_ERROR);
  else if (name.length > 63) errs.push("name part " + maxLenError(63));
  if (!qnameRe.test(name)) errs.push("name part " + regexError(QNAME_ERR, QNAME_FMT, "MyName", "my.name", "123-abc"));
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
      const timeAdded = t.timeAdded == null ? "(*v1.Time)(nil)" : "(*v1.Time)(0xc000000000)";
      errs.push({
        type: "Duplicate",
        field: idx,
        value: `core.Taint{Key:${goQuote(key)}, Value:${goQuote(value)}, Effect:${goQuote(effect)}, TimeAdded:${timeAdded}}`,
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

// src/sandbox/kube-apiserver.ts
var JSON_PATCH = "application/json-patch+json";
var MERGE_PATCH = "application/merge-patch+json";
var STRATEGIC_PATCH = "application/strategic-merge-patch+json";
var APPLY_PATCH = "application/apply-patch+yaml";
var SEEDED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];
var FIELD_MANAGER_MAX = 128;
var gr = (r) => ({ group: r.group, resource: r.plural });
var now = () => (/* @__PURE__ */ new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
var keyOf2 = (ns, name) => `${ns ?? ""}/${name}`;
var baseType = (ct) => (ct ?? "").split(";")[0].trim().toLowerCase();
function jsonType(v) {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}
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
function rolloutStatus(obj) {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const replicas = typeof spec.replicas === "number" ? spec.replicas : 1;
  const generation = obj.metadata?.generation ?? 1;
  const name = obj.metadata?.name ?? "";
  const nz = (n) => n === 0 ? void 0 : n;
  if (obj.kind === "StatefulSet") {
    const rev = `${name}-${generation}`;
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
        message: `ReplicaSet "${name}-${generation}" has successfully progressed.`
      }
    ]
  });
}
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
  tokens;
  forbiddenRules;
  store = /* @__PURE__ */ new Map();
  rv = 0;
  faults = [];
  hooks = [];
  execHandlers = [];
  timers = /* @__PURE__ */ new Set();
  http;
  streams = new ExecStreams();
  constructor(options = {}) {
    this.token = options.token ?? "pool-reconciler-test-token";
    this.user = options.user ?? "pool-reconciler-test";
    this.tokens = new Map([[this.token, this.user], ...Object.entries(options.users ?? {})]);
    this.forbiddenRules = [...options.forbidden ?? []];
    this.execProtocols = [...options.execProtocols ?? CHANNEL_PROTOCOLS];
    for (const r of RESOURCES) this.store.set(r, /* @__PURE__ */ new Map());
    for (const ns of [...SEEDED_NAMESPACES, ...options.namespaces ?? []]) {
      if (!this.getRaw(resourceByName("namespaces"), void 0, ns)) {
        this.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
      }
    }
    for (const o of options.objects ?? []) this.put(o);
    this.http = createServer((req, res) => {
      this.onRequest(req, res).catch((err) => this.errors.push(err));
    });
    this.http.keepAliveTimeout = 6e4;
    this.http.on("upgrade", (req, socket, head) => {
      this.onUpgrade(req, socket, head).catch((err) => this.errors.push(err));
    });
  }
  async start() {
    await new Promise((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(0, "127.0.0.1", () => resolve());
    });
    this.port = this.http.address().port;
    this.url = `http://127.0.0.1:${this.port}`;
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
   * A kubeconfig for client-node 2: `http://` needs `insecure-skip-tls-verify: true` on the cluster
   * (client-node refuses plain HTTP otherwise); the user is a bearer token.
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
      "      insecure-skip-tls-verify: true",
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
    const obj = clone(input);
    const res = resourceForObject(obj.apiVersion, obj.kind);
    if (!res) throw new Error(`put: unknown apiVersion/kind ${String(obj.apiVersion)}/${String(obj.kind)}`);
    obj.apiVersion = apiVersionOf(res);
    const meta = metaOf(obj);
    if (!meta.name) throw new Error("put: metadata.name is required");
    if (res.namespaced) {
      meta.namespace ??= "default";
      const nsRes = resourceByName("namespaces");
      if (!this.getRaw(nsRes, void 0, meta.namespace)) {
        this.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: meta.namespace } });
      }
    } else delete meta.namespace;
    const old = this.getRaw(res, meta.namespace, meta.name);
    try {
      this.decodeChecks(res, obj);
      this.normalize(res, obj, old, false);
      this.validate(res, obj, old);
    } catch (err) {
      if (err instanceof StatusError) throw new Error(`put: ${err.message}`, { cause: err });
      throw err;
    }
    const oldMeta = old?.metadata ?? {};
    meta.uid ??= oldMeta.uid ?? randomUUID();
    meta.creationTimestamp ??= oldMeta.creationTimestamp ?? now();
    if (meta.generation === void 0) {
      const g = old ? this.nextGeneration(res, old, obj) : res.generation === "none" ? void 0 : 1;
      if (g !== void 0) meta.generation = g;
    }
    if (meta.managedFields === void 0 && oldMeta.managedFields !== void 0) meta.managedFields = oldMeta.managedFields;
    meta.resourceVersion = String(++this.rv);
    const stored = ordered(obj);
    this.store.get(res)?.set(keyOf2(meta.namespace, meta.name), stored);
    return clone(stored);
  }
  /** `get('Node', 'n1')`, `get('Secret', 'ns', 'name')`; kind may be a Kind or a plural. */
  get(kind, namespaceOrName, name) {
    const res = this.resource(kind);
    const [ns, n] = res.namespaced || name !== void 0 ? [namespaceOrName, name ?? ""] : [void 0, namespaceOrName ?? ""];
    const o = this.getRaw(res, res.namespaced ? ns : void 0, n);
    return o && clone(o);
  }
  /** All objects of a kind (in one namespace if given), sorted by namespace and name. */
  list(kind, namespace) {
    const res = this.resource(kind);
    return this.all(res, namespace).map(clone);
  }
  /** Removes an object from the store (no hooks). Returns whether it existed. */
  delete(kind, namespaceOrName, name) {
    const res = this.resource(kind);
    const [ns, n] = res.namespaced || name !== void 0 ? [namespaceOrName, name ?? ""] : [void 0, namespaceOrName ?? ""];
    const existed = this.store.get(res)?.delete(keyOf2(res.namespaced ? ns : void 0, n)) ?? false;
    if (existed) this.rv++;
    return existed;
  }
  /** The current global resourceVersion. */
  get resourceVersion() {
    return String(this.rv);
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
        const status = rolloutStatus(cur);
        if (!deepEqual(cur.status, status)) this.put({ ...cur, status });
      }, options.delayMs ?? 0);
      this.timers.add(timer);
    });
  }
  /** Registers an exec handler; the most recently registered one that matches runs. Returns an unregister. */
  onExec(handler, match = {}) {
    const entry = { handler, match };
    this.execHandlers.unshift(entry);
    return () => {
      const i = this.execHandlers.indexOf(entry);
      if (i >= 0) this.execHandlers.splice(i, 1);
    };
  }
  /** Injects a fault; see FaultSpec. Faults are checked in the order injected; the first that fires wins. */
  inject(spec) {
    const f = { spec, matched: 0, fired: 0, removed: false };
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
  /** Adds a rule answering 403; returns a remover. */
  forbid(rule) {
    this.forbiddenRules.push(rule);
    return () => {
      const i = this.forbiddenRules.indexOf(rule);
      if (i >= 0) this.forbiddenRules.splice(i, 1);
    };
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
  // ---- internals: store ----
  resource(kind) {
    const res = resourceByName(kind);
    if (!res) throw new Error(`unknown kind ${kind}`);
    return res;
  }
  getRaw(res, ns, name) {
    return this.store.get(res)?.get(keyOf2(res.namespaced ? ns : void 0, name));
  }
  all(res, ns) {
    const items = [...this.store.get(res)?.entries() ?? []].filter(([, o]) => ns === void 0 || !res.namespaced || o.metadata?.namespace === ns).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return items.map(([, o]) => o);
  }
  namespaceExists(ns) {
    return this.getRaw(resourceByName("namespaces"), void 0, ns) !== void 0;
  }
  emit(event) {
    for (const hook of [...this.hooks]) {
      try {
        hook(clone(event), this);
      } catch (err) {
        this.errors.push(err);
      }
    }
  }
  // ---- internals: strategy (decode, defaults, validation, system fields) ----
  cannotHandle(res, detail) {
    return badRequest(`${res.kind} in version ${goQuote(res.version)} cannot be handled as a ${res.kind}: ${detail}`);
  }
  /** Type errors that fail decoding upstream (400). */
  decodeChecks(res, obj) {
    const unmarshal = (v, field, goType) => this.cannotHandle(res, `json: cannot unmarshal ${jsonType(v)} into Go struct field ${field} of type ${goType}`);
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
  /** Conversion and PrepareForCreate/PrepareForUpdate: stringData, defaults, status handling. */
  normalize(res, obj, old, resetStatus) {
    const meta = metaOf(obj);
    if (res.kind === "Secret") {
      const data = isObj(obj.data) ? obj.data : {};
      for (const v of Object.values(data)) {
        const bad = base64Error(v);
        if (bad !== void 0) throw this.cannotHandle(res, `illegal base64 data at input byte ${bad}`);
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
        const spec = isObj(obj.spec) ? obj.spec : {};
        spec.finalizers ??= ["kubernetes"];
        obj.spec = spec;
      }
    }
    if ((res.kind === "Deployment" || res.kind === "StatefulSet") && !old) {
      const spec = isObj(obj.spec) ? obj.spec : {};
      spec.replicas ??= 1;
      obj.spec = spec;
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
  validate(res, obj, old) {
    const meta = metaOf(obj);
    const errs = validateObjectMeta(meta, res.nameRule);
    if (old && meta.uid && meta.uid !== old.metadata?.uid) {
      errs.push({ type: "Invalid", field: "metadata.uid", value: goQuote(meta.uid), detail: "field is immutable" });
    }
    if (res.kind === "Node" && isObj(obj.spec) && Array.isArray(obj.spec.taints) && obj.spec.taints.length > 0) {
      errs.push(...validateTaints(obj.spec.taints, "spec.taints"));
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
  nextGeneration(res, old, obj) {
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
  /** The write path shared by create, update, patch and apply. */
  commit(res, old, input, opts) {
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(res);
    obj.kind = res.kind;
    const meta = metaOf(obj);
    if (!res.namespaced) delete meta.namespace;
    this.decodeChecks(res, obj);
    this.normalize(res, obj, old, true);
    this.validate(res, obj, old);
    if (!old && meta.name && this.getRaw(res, meta.namespace, meta.name)) throw alreadyExists(gr(res), meta.name);
    const name = meta.name ?? "";
    if (old) {
      const om = old.metadata ?? {};
      meta.uid = om.uid;
      meta.creationTimestamp = om.creationTimestamp;
      const g = this.nextGeneration(res, old, obj);
      if (g === void 0) delete meta.generation;
      else meta.generation = g;
    } else {
      meta.uid = randomUUID();
      meta.creationTimestamp = now();
      delete meta.deletionTimestamp;
      if (res.generation === "none") delete meta.generation;
      else meta.generation = 1;
    }
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
    if (opts.dryRun) {
      if (old?.metadata?.resourceVersion) meta.resourceVersion = old.metadata.resourceVersion;
      else delete meta.resourceVersion;
      return ordered(obj);
    }
    meta.resourceVersion = String(++this.rv);
    const stored = ordered(obj);
    this.store.get(res)?.set(keyOf2(meta.namespace, name), stored);
    const result = clone(stored);
    this.emit({
      type: old ? "MODIFIED" : "ADDED",
      resource: res.plural,
      kind: res.kind,
      namespace: meta.namespace,
      name,
      object: stored,
      oldObject: old
    });
    return result;
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
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
    const user = m ? this.tokens.get(m[1].trim()) : void 0;
    if (user === void 0) throw unauthorized();
    rec.user = user;
    return user;
  }
  authorize(user, attrs) {
    const resource = attrs.subresource ? `${attrs.res.plural}/${attrs.subresource}` : attrs.res.plural;
    const hit = this.forbiddenRules.some((r) => {
      const verbs = r.verb === void 0 ? void 0 : Array.isArray(r.verb) ? r.verb : [r.verb];
      return (verbs === void 0 || verbs.includes(attrs.verb)) && (r.resource === void 0 || r.resource === resource) && (r.group === void 0 || r.group === attrs.res.group) && (r.namespace === void 0 || r.namespace === attrs.namespace) && (r.name === void 0 || r.name === attrs.name) && (r.user === void 0 || r.user === user);
    });
    if (!hit) return;
    const where = attrs.namespace ? `in the namespace ${goQuote(attrs.namespace)}` : "at the cluster scope";
    const reason = `User ${goQuote(user)} cannot ${attrs.verb} resource ${goQuote(resource)} in API group ${goQuote(attrs.res.group)} ${where}`;
    throw forbidden(gr(attrs.res), attrs.name ?? "", reason);
  }
  route(pathname) {
    const segs = pathname.split("/").filter((s) => s !== "").map((s) => decodeURIComponent(s));
    if (segs.length === 1 && segs[0] === "version") {
      return {
        type: "discovery",
        body: { major: "1", minor: "33", gitVersion: "v1.33.0", gitCommit: "loopback", platform: "linux/amd64" }
      };
    }
    let group;
    let version;
    let rest;
    if (segs[0] === "api") {
      if (segs.length === 1) {
        return {
          type: "discovery",
          body: {
            kind: "APIVersions",
            versions: ["v1"],
            serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: `127.0.0.1:${this.port}` }]
          }
        };
      }
      group = "";
      version = segs[1];
      rest = segs.slice(2);
    } else if (segs[0] === "apis") {
      const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))].map((g2) => {
        const v = RESOURCES.find((r) => r.group === g2)?.version ?? "v1";
        const gv = { groupVersion: `${g2}/${v}`, version: v };
        return { name: g2, versions: [gv], preferredVersion: gv };
      });
      if (segs.length === 1) return { type: "discovery", body: { kind: "APIGroupList", apiVersion: "v1", groups } };
      const g = groups.find((x) => x.name === segs[1]);
      if (!g) return void 0;
      if (segs.length === 2) return { type: "discovery", body: { kind: "APIGroup", apiVersion: "v1", ...g } };
      group = segs[1];
      version = segs[2];
      rest = segs.slice(3);
    } else return void 0;
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
  send(res, rec, code, body, headers = {}) {
    rec.status = code;
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(code, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", ...headers });
    res.end(text);
  }
  statusFromError(err) {
    if (err instanceof StatusError) return err;
    this.errors.push(err);
    return internalError(err instanceof Error ? err.message : String(err));
  }
  faultResponse(fault) {
    const headers = { ...fault.status === 429 ? { "Retry-After": "1" } : {}, ...fault.headers ?? {} };
    return { body: fault.body ?? genericStatus(fault.status), headers };
  }
  async onRequest(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rec = this.record(req, url, body, false);
    try {
      const fault = this.takeFault(rec);
      if (fault && "reset" in fault) {
        req.socket.destroy();
        return;
      }
      if (fault && "status" in fault) {
        const { body: fb, headers } = this.faultResponse(fault);
        this.send(res, rec, fault.status, fb, headers);
        return;
      }
      if (fault && "delayMs" in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      const user = this.authenticate(req, rec);
      const route = this.route(url.pathname);
      if (!route) throw pathNotFound();
      const [code, out] = this.dispatch(rec.method, route, user, url.searchParams, req, body);
      this.send(res, rec, code, out);
    } catch (err) {
      const se = this.statusFromError(err);
      this.send(res, rec, se.code, se.status, se.headers);
    }
  }
  dispatch(method, route, user, q, req, body) {
    if (route.type === "discovery") {
      if (method !== "GET") throw methodNotAllowed();
      return [200, route.body];
    }
    if (route.type === "exec") {
      this.authorize(user, { verb: "create", res: resourceByName("pods"), subresource: "exec", namespace: route.namespace, name: route.name });
      this.execTarget(route.namespace, route.name, q);
      throw badRequest("Upgrade request required");
    }
    const { res, namespace } = route;
    if (route.type === "collection") {
      if (method === "GET") {
        const watch = parseBool(q.get("watch"));
        this.authorize(user, { verb: watch ? "watch" : "list", res, namespace });
        if (watch) throw methodNotAllowed();
        return [200, this.listObjects(res, namespace, q)];
      }
      if (method === "POST") {
        this.authorize(user, { verb: "create", res, namespace });
        return [201, this.create(res, namespace, req, body, q)];
      }
      throw methodNotAllowed();
    }
    const name = route.name;
    const ns = res.plural === "namespaces" ? name : namespace;
    switch (method) {
      case "GET": {
        this.authorize(user, { verb: "get", res, namespace: ns, name });
        const o = this.getRaw(res, namespace, name);
        if (!o) throw notFound(gr(res), name);
        return [200, o];
      }
      case "PUT":
        this.authorize(user, { verb: "update", res, namespace: ns, name });
        return [200, this.update(res, namespace, name, req, body, q)];
      case "PATCH":
        this.authorize(user, { verb: "patch", res, namespace: ns, name });
        return this.patch(res, namespace, name, req, body, q);
      case "DELETE":
        this.authorize(user, { verb: "delete", res, namespace: ns, name });
        return [200, this.remove(res, namespace, name, body, q)];
      default:
        throw methodNotAllowed();
    }
  }
  // ---- verbs ----
  listObjects(res, ns, q) {
    const labels = parseLabelSelector(q.get("labelSelector") ?? void 0);
    const fields = parseFieldSelector(q.get("fieldSelector") ?? void 0, supportedFields(res));
    let items = this.all(res, ns).filter((o) => labels(o.metadata?.labels ?? {}) && fields(fieldSet(res, o)));
    const metadata = { resourceVersion: String(this.rv) };
    const cont = q.get("continue");
    if (cont) {
      let start;
      try {
        start = JSON.parse(Buffer.from(cont, "base64url").toString("utf8")).start;
        if (typeof start !== "string") throw new Error("bad token");
      } catch {
        throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
      }
      items = items.filter((o) => keyOf2(o.metadata?.namespace, o.metadata?.name ?? "") > start);
    }
    const limit = Number(q.get("limit") ?? "0");
    if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
      const last = items[limit - 1];
      metadata.continue = Buffer.from(
        JSON.stringify({ v: "meta.k8s.io/v1", rv: this.rv, start: keyOf2(last.metadata?.namespace, last.metadata?.name ?? "") })
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
  optionsErrors(q) {
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
        value: `[]string{${dry.map(goQuote).join(", ")}}`,
        detail: supportedValues(["All"])
      });
    }
    return errs;
  }
  writeOptions(q, req, kind) {
    const errs = this.optionsErrors(q);
    if (errs.length > 0) throw invalid({ group: "meta.k8s.io", kind }, "", errs);
    const ua = req.headers["user-agent"] ?? "";
    return { dryRun: q.getAll("dryRun").includes("All"), manager: q.get("fieldManager") ?? (ua.split("/")[0] || "unknown") };
  }
  decodeBody(res, req, body) {
    const ct = baseType(req.headers["content-type"]);
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
    this.checkTypeMeta(res, parsed);
    return parsed;
  }
  checkTypeMeta(res, o) {
    if (o.kind !== void 0 && o.kind !== res.kind) {
      throw badRequest(`the object provided is unrecognized (must be of type ${res.kind}): kind ${goQuote(String(o.kind))} does not match`);
    }
    if (o.apiVersion !== void 0 && o.apiVersion !== apiVersionOf(res)) {
      throw badRequest(
        `the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${apiVersionOf(res)})`
      );
    }
  }
  checkIdentity(res, o, namespace, name) {
    const meta = metaOf(o);
    if (res.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.namespace = namespace;
    }
    if (name !== void 0 && meta.name !== name) {
      throw badRequest(`the name of the object (${meta.name ?? ""}) does not match the name on the URL (${name})`);
    }
  }
  create(res, ns, req, body, q) {
    const obj = this.decodeBody(res, req, body);
    const opts = this.writeOptions(q, req, "CreateOptions");
    this.checkIdentity(res, obj, ns);
    const meta = metaOf(obj);
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomUUID().replace(/-/g, "").slice(0, 5);
    if (res.namespaced && ns !== void 0 && !this.namespaceExists(ns)) {
      throw notFound({ group: "", resource: "namespaces" }, ns);
    }
    return this.commit(res, void 0, obj, opts);
  }
  update(res, ns, name, req, body, q) {
    const obj = this.decodeBody(res, req, body);
    const opts = this.writeOptions(q, req, "UpdateOptions");
    this.checkIdentity(res, obj, ns, name);
    const old = this.getRaw(res, ns, name);
    if (!old) throw notFound(gr(res), name);
    const rv = obj.metadata?.resourceVersion;
    if (rv && rv !== old.metadata?.resourceVersion) throw conflict(gr(res), name);
    return this.commit(res, old, obj, opts);
  }
  patch(res, ns, name, req, body, q) {
    const ct = baseType(req.headers["content-type"]);
    const accepted = res.crd ? [JSON_PATCH, MERGE_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];
    if (!accepted.includes(ct)) throw unsupportedMediaType(accepted);
    const errs = [];
    const forceParam = q.get("force");
    if (ct !== APPLY_PATCH) {
      if (forceParam !== null) errs.push({ type: "Forbidden", field: "force", detail: "may not be specified for non-apply patch" });
    } else if (!q.get("fieldManager")) {
      errs.push({ type: "Required", field: "fieldManager", detail: "is required for apply patch" });
    }
    errs.push(...this.optionsErrors(q));
    if (errs.length > 0) throw invalid({ group: "meta.k8s.io", kind: "PatchOptions" }, "", errs);
    const opts = this.writeOptions(q, req, "PatchOptions");
    const existing = this.getRaw(res, ns, name);
    if (ct === APPLY_PATCH) return this.apply(res, ns, name, existing, body, opts, parseBool(forceParam) ?? false);
    if (!existing) throw notFound(gr(res), name);
    let patch;
    try {
      patch = JSON.parse(body);
    } catch (e) {
      throw badRequest(`error decoding patch: ${e.message}`);
    }
    let patched;
    if (ct === JSON_PATCH) {
      const shape = jsonPatchShapeError(patch);
      if (shape) throw badRequest(shape);
      try {
        patched = applyJsonPatch(existing, patch);
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
      patched = ct === MERGE_PATCH ? applyMergePatch(existing, patch) : applyStrategicMergePatch(existing, patch);
    }
    if (!isObj(patched)) throw patchRejected();
    const obj = patched;
    this.checkTypeMeta(res, obj);
    const meta = metaOf(obj);
    if (meta.name !== name) throw badRequest(`the name of the object (${meta.name ?? ""}) does not match the name on the URL (${name})`);
    if (res.namespaced && meta.namespace !== ns) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    if (meta.resourceVersion && meta.resourceVersion !== existing.metadata?.resourceVersion) throw conflict(gr(res), name);
    return [200, this.commit(res, existing, obj, opts)];
  }
  apply(res, ns, name, existing, body, opts, force) {
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
    this.checkTypeMeta(res, applied);
    const cfg = applied;
    const meta = metaOf(cfg);
    if (meta.name !== void 0 && meta.name !== name) {
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
    if (res.namespaced && meta.namespace !== void 0 && meta.namespace !== ns) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    let live;
    if (existing) {
      if (meta.resourceVersion && meta.resourceVersion !== existing.metadata?.resourceVersion) throw conflict(gr(res), name);
      live = existing;
    } else {
      if (res.namespaced && ns !== void 0 && !this.namespaceExists(ns)) throw notFound({ group: "", resource: "namespaces" }, ns);
      live = { apiVersion: apiVersionOf(res), kind: res.kind, metadata: res.namespaced ? { name, namespace: ns } : { name } };
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
    m.name = name;
    if (res.namespaced) m.namespace = ns;
    const result = this.commit(res, existing, obj, { ...opts, managers: outcome.managers });
    return [existing ? 200 : 201, result];
  }
  remove(res, ns, name, body, q) {
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
        { type: "NotSupported", field: "dryRun", value: `[]string{${dryRunValues.map(goQuote).join(", ")}}`, detail: supportedValues(["All"]) }
      ]);
    }
    const dryRun = dryRunValues.includes("All");
    const old = this.getRaw(res, ns, name);
    if (!old) throw notFound(gr(res), name);
    const pre = isObj(options.preconditions) ? options.preconditions : {};
    if (typeof pre.uid === "string" && pre.uid !== old.metadata?.uid) {
      throw conflict(
        gr(res),
        name,
        `the UID in the precondition (${pre.uid}) does not match the UID in record (${old.metadata?.uid ?? ""}). The object might have been deleted and then recreated`
      );
    }
    if (typeof pre.resourceVersion === "string" && pre.resourceVersion !== old.metadata?.resourceVersion) {
      throw conflict(
        gr(res),
        name,
        `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${old.metadata?.resourceVersion ?? ""}). The object might have been modified`
      );
    }
    if (!dryRun) {
      this.store.get(res)?.delete(keyOf2(ns, name));
      if (res.plural === "namespaces") {
        for (const r of RESOURCES.filter((x) => x.namespaced)) {
          for (const o of this.all(r, name)) this.store.get(r)?.delete(keyOf2(name, o.metadata?.name ?? ""));
        }
      }
      this.rv++;
      this.emit({ type: "DELETED", resource: res.plural, kind: res.kind, namespace: ns, name, object: old });
    }
    if (res.plural === "pods") return old;
    if (res.plural === "namespaces") {
      const o = clone(old);
      metaOf(o).deletionTimestamp = now();
      o.status = { phase: "Terminating" };
      return o;
    }
    return makeStatus("Success", 0, "", "", { name, group: res.group, kind: res.plural, uid: old.metadata?.uid });
  }
  // ---- exec ----
  /** Looks up the pod and container of an exec request and checks its options (upstream's 404s and 400s). */
  execTarget(ns, podName, q) {
    const pods = resourceByName("pods");
    const pod = this.getRaw(pods, ns, podName);
    if (!pod) throw notFound(gr(pods), podName);
    const stdin = parseBool(q.get("stdin")) ?? false;
    const stdout = parseBool(q.get("stdout")) ?? false;
    const stderr = parseBool(q.get("stderr")) ?? false;
    if (!stdin && !stdout && !stderr) throw badRequest("you must specify at least 1 of stdin, stdout, stderr");
    const command = q.getAll("command");
    if (command.length === 0) throw badRequest("you must specify at least one command for the container");
    const spec = isObj(pod.spec) ? pod.spec : {};
    const names = (list) => Array.isArray(list) ? list.filter(isObj).map((c) => String(c.name ?? "")) : [];
    const containers = names(spec.containers);
    const all = [...containers, ...names(spec.initContainers), ...names(spec.ephemeralContainers)];
    let container = q.get("container") ?? "";
    if (container === "") {
      if (containers.length === 1) container = containers[0];
      else if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${podName}`);
      else {
        let msg = `a container name must be specified for pod ${podName}, choose one of: [${containers.join(" ")}]`;
        const init = names(spec.initContainers);
        if (init.length > 0) msg += ` or one of the init containers: [${init.join(" ")}]`;
        throw badRequest(msg);
      }
    } else if (!all.includes(container)) {
      throw badRequest(`container ${container} is not valid for pod ${podName}`);
    }
    return { pod, container, command, stdin, stdout, stderr };
  }
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
      const fault = this.takeFault(rec);
      if (fault && "reset" in fault) {
        socket.destroy();
        return;
      }
      if (fault && "status" in fault) {
        const { body, headers } = this.faultResponse(fault);
        reply(fault.status, body, headers);
        return;
      }
      if (fault && "delayMs" in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      const user = this.authenticate(req, rec);
      const route = this.route(url.pathname);
      if (!route || route.type !== "exec") throw pathNotFound();
      this.authorize(user, {
        verb: "create",
        res: resourceByName("pods"),
        subresource: "exec",
        namespace: route.namespace,
        name: route.name
      });
      const target = this.execTarget(route.namespace, route.name, url.searchParams);
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
        (stdin) => this.runExec(route.namespace, target, protocol, stdin),
        (err) => this.errors.push(err)
      );
    } catch (err) {
      const se = this.statusFromError(err);
      reply(se.code, se.status, se.headers);
    }
  }
  async runExec(ns, target, protocol, stdin) {
    const { pod, container, command } = target;
    const podName = pod.metadata?.name ?? "";
    const env = execEnv(pod, container, command);
    const entry = this.execHandlers.find(({ match }) => {
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
  const spec = isObj(pod.spec) ? pod.spec : {};
  const all = [spec.containers, spec.initContainers, spec.ephemeralContainers].flatMap((l) => Array.isArray(l) ? l : []);
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
function base64Error(s) {
  const m = /^[A-Za-z0-9+/]*/.exec(s);
  const body = m ? m[0].length : 0;
  const rest = s.slice(body);
  if (rest === "" && body % 4 === 0) return void 0;
  if (rest === "=" && body % 4 === 3 || rest === "==" && body % 4 === 2) return void 0;
  if (rest === "" || /^=*$/.test(rest)) return body - body % 4;
  return body;
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
async function startKubeApiServer(options = {}) {
  return new KubeApiServer(options).start();
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
  const server = await startKubeApiServer({ namespaces: [...namespaces], ...options.token !== void 0 ? { token: options.token } : {} });
  const seeded = [`namespaces: ${[...namespaces].join(", ")}`];
  const put = (obj) => server.put(obj);
  const template = (container, labels) => ({
    metadata: { labels, annotations: { "nodepool-providers-secrets": "0" } },
    spec: { containers: [{ name: container, image: `quay.io/software-factory/${container}:sandbox` }] }
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
  put({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `${sf.launcherDeployment}-6d5f7c9b8-x2k4q`, namespace: sf.namespace, labels: launcherLabels },
    spec: { containers: [{ name: "launcher", image: "sandbox" }] },
    status: { phase: "Running" }
  });
  put({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `${sf.builderStatefulSet}-0`, namespace: sf.namespace, labels: builderLabels },
    spec: { containers: [{ name: "nodepool-builder", image: "sandbox" }] },
    status: { phase: "Running" }
  });
  seeded.push(`Deployment ${sf.namespace}/${sf.launcherDeployment} and StatefulSet ${sf.namespace}/${sf.builderStatefulSet}, with their pods`);
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
      const name = `${pool.name}-${i}`;
      put({
        apiVersion: "v1",
        kind: "Node",
        metadata: { name, labels: { [NODE_POOL_LABEL]: pool.name, "kubernetes.io/hostname": name } },
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
  server.autoRollout({ delayMs: 300 });
  seeded.push("exec of generate-config.sh in the Nodepool pods; rollouts that complete after 0.3 s");
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
