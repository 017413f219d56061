import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  ApiException,
  ClusterError,
  Exec,
  ObjectAuthorizationV1Api,
  Observable,
  PatchStrategy,
  V1MicroTime,
  Watch,
  describeRequest,
  loadKubeConfig,
  makeClusterClient,
  rbacRule,
  read,
  setHeaderOptions,
  translateError
} from "./chunk-5FOFUDFD.js";
import {
  GitError,
  nodepoolFilesAt
} from "./chunk-G3X4BJQB.js";
import {
  SECRET_KEYS,
  checkValidationSecrets
} from "./chunk-HWQPOCSR.js";
import {
  NODE_POOL_LABEL,
  loadRepo,
  sortDiagnostics,
  tolerates,
  validateRepo
} from "./chunk-AQOFPA3E.js";
import {
  makeSource,
  parseYaml,
  positionOf,
  toJS
} from "./chunk-6WSOQ634.js";

// src/desired/types.ts
import { inspect } from "node:util";
var PARSED_NODEPOOL = /* @__PURE__ */ new WeakMap();
var PROVIDERS_SECRET_ANNOTATION = "nodepool-providers-secrets";
var TEKTON_DEFAULT_POD_TEMPLATE_KEY = "default-pod-template";
var GENERATE_CONFIG = "/usr/local/bin/generate-config.sh";
var SecretValue = class {
  #value;
  constructor(value) {
    this.#value = value;
  }
  /** The value itself: only for comparing and for writing to the cluster. */
  reveal() {
    return this.#value;
  }
  equals(other) {
    return this.#value === other.#value;
  }
  toString() {
    return "<redacted>";
  }
  toJSON() {
    return "<redacted>";
  }
  [inspect.custom]() {
    return "<redacted>";
  }
};
var MANAGED_KEYS_ANNOTATION = "pool-reconciler/managed-keys";
function execArgv(e) {
  const vars = Object.keys(e.env).sort().map((k) => `${k}=${e.env[k]}`);
  return vars.length ? ["env", ...vars, ...e.command] : [...e.command];
}

// src/desired/desired.ts
var cmp = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function compareTaints(a, b) {
  return cmp(a.key, b.key) || cmp(a.effect, b.effect);
}
function sortedRecord(r) {
  const out = {};
  for (const k of Object.keys(r).sort(cmp)) out[k] = r[k];
  return out;
}
function desire(input) {
  const { settings } = input;
  const sf = settings.softwareFactory;
  const notes = [];
  let secret;
  const data = {};
  for (const k of SECRET_KEYS) {
    const v = input.secrets[k];
    if (typeof v === "string" && v !== "") data[k] = new SecretValue(v);
  }
  const remove = [];
  for (const k of SECRET_KEYS) {
    if (!(sf.removeProviderKeys ?? []).includes(k)) continue;
    if (data[k]) notes.push(`provider key ${k} is both given and listed in software-factory.remove-provider-keys: it is written, not removed; drop it from one of the two`);
    else remove.push(k);
  }
  if (Object.keys(data).length > 0 || remove.length > 0) secret = { namespace: sf.namespace, name: sf.providersSecret, data, remove };
  const workloads = secret ? [
    { kind: "Deployment", namespace: sf.namespace, name: sf.launcherDeployment, annotation: PROVIDERS_SECRET_ANNOTATION },
    { kind: "StatefulSet", namespace: sf.namespace, name: sf.builderStatefulSet, annotation: PROVIDERS_SECRET_ANNOTATION }
  ] : [];
  const execs = input.nodepoolChanged ? [
    {
      component: "launcher",
      namespace: sf.namespace,
      podSelector: `run=${sf.launcherDeployment}`,
      container: "launcher",
      command: [GENERATE_CONFIG, input.commit],
      env: {}
    },
    {
      component: "builder",
      namespace: sf.namespace,
      pod: `${sf.builderStatefulSet}-0`,
      container: "nodepool-builder",
      command: [GENERATE_CONFIG, input.commit],
      env: { NODEPOOL_CONFIG_FILE: "nodepool-builder.yaml" }
    }
  ] : [];
  const byRef = /* @__PURE__ */ new Map();
  const addConfigMap = (cm) => {
    const ref = `${cm.namespace}/${cm.name}`;
    const prev = byRef.get(ref);
    if (!prev) {
      byRef.set(ref, cm);
      return;
    }
    for (const [k, v] of Object.entries(cm.data)) {
      if (k in prev.data && prev.data[k] !== v) {
        notes.push(`ConfigMap ${ref}: key \`${k}\` is set by both ${describeFiles(prev.files)} and ${describeFiles(cm.files)}; the latter is planned`);
      }
      prev.data[k] = v;
    }
    for (const [k, v] of Object.entries(cm.labels)) prev.labels[k] = v;
    prev.files.push(...cm.files);
  };
  if (input.tektonDefaultPodTemplate !== void 0) {
    addConfigMap({
      namespace: settings.dispatch.tektonNamespace,
      name: settings.dispatch.tektonConfigMap,
      role: "tekton-defaults",
      data: { [TEKTON_DEFAULT_POD_TEMPLATE_KEY]: input.tektonDefaultPodTemplate },
      labels: {},
      files: [settings.paths.cluster]
    });
  }
  const podTemplates = [...input.podTemplates].sort((a, b) => cmp(a.file ?? "", b.file ?? ""));
  for (const pt of podTemplates) {
    addConfigMap({
      namespace: pt.namespace,
      name: pt.name,
      role: "pod-template",
      data: { [pt.key]: pt.value },
      labels: { ...pt.labels ?? {} },
      files: pt.file ? [pt.file] : []
    });
  }
  const configMaps = [...byRef.values()].map((cm) => ({ ...cm, data: sortedRecord(cm.data), labels: sortedRecord(cm.labels), files: [...new Set(cm.files)].sort(cmp) })).sort((a, b) => (a.role === b.role ? 0 : a.role === "tekton-defaults" ? -1 : 1) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
  const pools = /* @__PURE__ */ new Map();
  for (const p of input.nodePools) {
    const prev = pools.get(p.name);
    const labels = { ...prev?.labels ?? {}, ...p.labels };
    const taints = new Map((prev?.taints ?? []).map((t) => [`${t.key}\0${t.effect}`, t]));
    for (const t of p.taints) {
      taints.set(`${t.key}\0${t.effect}`, { key: t.key, ...t.value ? { value: t.value } : {}, effect: t.effect });
    }
    pools.set(p.name, { name: p.name, labels, taints: [...taints.values()] });
  }
  const nodePools = [...pools.values()].filter((p) => Object.keys(p.labels).length > 0 || p.taints.length > 0).map((p) => ({ name: p.name, labels: sortedRecord(p.labels), taints: [...p.taints].sort(compareTaints) })).sort((a, b) => cmp(a.name, b.name));
  return {
    settings: { softwareFactory: { ...sf }, dispatch: { ...settings.dispatch }, nodes: settings.nodes ?? "write" },
    nodepoolFiles: [...input.nodepoolFiles ?? []].sort((a, b) => cmp(a.path, b.path)),
    commit: input.commit,
    secret,
    workloads,
    execs,
    configMaps,
    nodePools,
    verify: { nodepoolLabels: [...input.nodepoolLabels] },
    notes
  };
}
function describeFiles(files) {
  return files.length ? files.join(", ") : "an input";
}

// src/plan/node-pool.ts
var NODE_OWNERSHIP_ANNOTATION = "pool-reconciler/managed";
var q = (s) => JSON.stringify(s);
var tkey = (t) => `${t.key}:${t.effect}`;
function taintString(t) {
  return `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`;
}
function parseOwnership(raw) {
  if (raw === void 0) return void 0;
  try {
    const v = JSON.parse(raw);
    const strings = (x) => Array.isArray(x) && x.every((s) => typeof s === "string") ? x : void 0;
    const labels = strings(v.labels ?? []);
    const taints = strings(v.taints ?? []);
    if (!labels || !taints) return void 0;
    return { labels: [...labels].sort(), taints: [...taints].sort() };
  } catch {
    return void 0;
  }
}
function formatOwnership(o) {
  return JSON.stringify({ labels: [...o.labels].sort(), taints: [...o.taints].sort() });
}
function ownershipOf(pool) {
  const labels = Object.keys(pool?.labels ?? {});
  const taints = (pool?.taints ?? []).map(tkey);
  return labels.length === 0 && taints.length === 0 ? null : formatOwnership({ labels, taints: [...new Set(taints)] });
}
function poolOnNode(node, pool) {
  const wantLabels = pool?.labels ?? {};
  const wantTaints = new Map((pool?.taints ?? []).map((t) => [tkey(t), t]));
  const record = parseOwnership(node.ownership);
  const adopted = record === void 0;
  const ownedLabels = new Set(record ? record.labels : Object.keys(wantLabels).filter((k) => k in node.labels));
  const ownedTaints = new Set(record ? record.taints : node.taints.map(tkey).filter((k) => wantTaints.has(k)));
  const changes = [];
  const setLabels = {};
  const removeLabels = [];
  const beforeLabels = {};
  for (const k of Object.keys(node.labels).sort()) {
    if (ownedLabels.has(k) || k in wantLabels) beforeLabels[k] = node.labels[k];
  }
  for (const [k, v] of Object.entries(wantLabels)) {
    const lv = node.labels[k];
    if (lv === void 0) changes.push({ path: `metadata.labels[${q(k)}]`, op: "add", after: v });
    else if (lv !== v) changes.push({ path: `metadata.labels[${q(k)}]`, op: "change", before: lv, after: v });
    if (lv !== v) setLabels[k] = v;
  }
  for (const k of [...ownedLabels].sort()) {
    if (k in wantLabels || node.labels[k] === void 0) continue;
    removeLabels.push(k);
    changes.push({ path: `metadata.labels[${q(k)}]`, op: "remove", before: node.labels[k] });
  }
  const taintEdits = [];
  const taints = [];
  const beforeTaints = [];
  const placed = /* @__PURE__ */ new Set();
  node.taints.forEach((t, index) => {
    const k = tkey(t);
    const d = wantTaints.get(k);
    if (d) {
      if (!placed.has(k)) beforeTaints.push(t);
      if (placed.has(k)) {
        taintEdits.push({ index, op: "remove" });
        return;
      }
      placed.add(k);
      if ((t.value ?? "") !== (d.value ?? "")) {
        taintEdits.push({ index, op: "value", ...d.value ? { value: d.value } : {} });
        changes.push({ path: `spec.taints[${q(k)}]`, op: "change", before: taintString(t), after: taintString(d) });
      }
      taints.push({ key: t.key, ...d.value ? { value: d.value } : {}, effect: t.effect });
      return;
    }
    if (ownedTaints.has(k)) {
      beforeTaints.push(t);
      taintEdits.push({ index, op: "remove" });
      changes.push({ path: `spec.taints[${q(k)}]`, op: "remove", before: taintString(t) });
      return;
    }
    taints.push(t);
  });
  const appendTaints = [];
  for (const d of pool?.taints ?? []) {
    if (placed.has(tkey(d))) continue;
    appendTaints.push({ key: d.key, ...d.value ? { value: d.value } : {}, effect: d.effect });
    changes.push({ path: `spec.taints[${q(tkey(d))}]`, op: "add", after: taintString(d) });
  }
  taints.push(...appendTaints);
  const nextRaw = ownershipOf(pool);
  let ownership;
  if ((nextRaw ?? void 0) !== node.ownership) {
    ownership = { value: nextRaw };
    const path = `metadata.annotations[${q(NODE_OWNERSHIP_ANNOTATION)}]`;
    if (nextRaw === null) changes.push({ path, op: "remove", ...node.ownership !== void 0 ? { before: node.ownership } : {} });
    else if (node.ownership === void 0) changes.push({ path, op: "add", after: nextRaw });
    else changes.push({ path, op: "change", before: node.ownership, after: nextRaw });
  }
  return {
    setLabels,
    removeLabels,
    taintEdits,
    appendTaints,
    taints,
    ...ownership ? { ownership } : {},
    adopted,
    changes,
    before: { labels: beforeLabels, taints: [...beforeTaints].sort(compareTaints) },
    after: { labels: { ...wantLabels }, taints: [...pool?.taints ?? []].sort(compareTaints) }
  };
}
function writesAnything(p) {
  return Object.keys(p.setLabels).length > 0 || p.removeLabels.length > 0 || p.taintEdits.length > 0 || p.appendTaints.length > 0 || p.ownership !== void 0;
}

// src/plan/state.ts
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
var STATE_CONFIGMAP = "pool-reconciler-state";
var MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
var MANAGED_BY_VALUE = "pool-reconciler";
var MAX_STATE_CONTENT = 700 * 1024;
var sha256 = (s) => `sha256:${createHash("sha256").update(s).digest("hex")}`;
function nodepoolDigest(files) {
  const sorted = [...files].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const per = {};
  for (const f of sorted) per[f.path] = sha256(f.text);
  return { digest: sha256(JSON.stringify(sorted.map((f) => [f.path, per[f.path]]))), files: per };
}
function encodeState(s) {
  const data = {
    commit: s.commit,
    "plan-hash": s.planHash,
    "applied-at": s.appliedAt,
    "nodepool-digest": s.nodepool.digest,
    "nodepool-files": JSON.stringify(s.nodepool.files),
    managed: JSON.stringify({ pools: [...s.managed.pools].sort(), configMaps: [...s.managed.configMaps].sort() })
  };
  let contentLeftOut = false;
  if (s.nodepool.content) {
    const packed = gzipSync(Buffer.from(JSON.stringify(s.nodepool.content), "utf8")).toString("base64");
    if (packed.length <= MAX_STATE_CONTENT) data["nodepool-content"] = packed;
    else contentLeftOut = true;
  }
  return { data, contentLeftOut };
}
function decodeState(data) {
  const json = (key, fallback) => {
    const v = data[key];
    if (v === void 0) return fallback;
    return JSON.parse(v);
  };
  try {
    if (!data.commit || !data["nodepool-digest"]) return { problem: "it has no `commit` or `nodepool-digest` key" };
    const managed = json("managed", {});
    const strings = (x) => Array.isArray(x) ? x.filter((s) => typeof s === "string") : [];
    let content;
    if (data["nodepool-content"]) {
      content = JSON.parse(gunzipSync(Buffer.from(data["nodepool-content"], "base64")).toString("utf8"));
    }
    return {
      state: {
        commit: data.commit,
        planHash: data["plan-hash"] ?? "",
        appliedAt: data["applied-at"] ?? "",
        nodepool: { digest: data["nodepool-digest"], files: json("nodepool-files", {}), ...content ? { content } : {} },
        managed: { pools: strings(managed.pools), configMaps: strings(managed.configMaps) }
      }
    };
  } catch {
    return { problem: "its data is not readable (edited by hand?)" };
  }
}

// src/plan/live.ts
function emptyLiveState() {
  return { workloads: [], configMaps: [], nodes: [], missingNamespaces: [], notes: [] };
}

// src/io/cluster/observe.ts
var ObserveError = class extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.errors = errors;
    this.name = "ObserveError";
  }
  errors;
};
async function settleLimited(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { status: "fulfilled", value: await fn(items[i]) };
      } catch (reason) {
        out[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
var LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
function toConfigMap(c, namespace) {
  return {
    namespace,
    name: c.metadata?.name ?? "",
    exists: true,
    resourceVersion: c.metadata?.resourceVersion,
    data: { ...c.data ?? {} },
    labels: { ...c.metadata?.labels ?? {} }
  };
}
function toNode(n) {
  const labels = { ...n.metadata?.labels ?? {} };
  const taints = (n.spec?.taints ?? []).map((t) => ({ key: t.key, ...t.value ? { value: t.value } : {}, effect: t.effect }));
  const ownership = n.metadata?.annotations?.[NODE_OWNERSHIP_ANNOTATION];
  return {
    name: n.metadata?.name ?? "",
    pool: labels[NODE_POOL_LABEL] ?? "",
    resourceVersion: n.metadata?.resourceVersion,
    labels,
    taints,
    ...ownership !== void 0 ? { ownership } : {},
    hasAnnotations: n.metadata?.annotations !== void 0
  };
}
function secretKeysMounted(podSpec, secretName) {
  const volumes = /* @__PURE__ */ new Map();
  for (const v of podSpec?.volumes ?? []) {
    if (v.secret?.secretName !== secretName) continue;
    volumes.set(v.name, v.secret.items?.length ? v.secret.items.map((i) => i.key) : "all");
  }
  const keys = /* @__PURE__ */ new Set();
  for (const c of [...podSpec?.containers ?? [], ...podSpec?.initContainers ?? []]) {
    for (const m of c.volumeMounts ?? []) {
      const vol = volumes.get(m.name);
      if (vol === void 0) continue;
      if (m.subPath) keys.add(m.subPath);
      else if (vol === "all") return "all";
      else for (const k of vol) keys.add(k);
    }
  }
  return [...keys].sort();
}
async function observe(client, desired, options = {}) {
  const concurrency = options.concurrency ?? 8;
  const live = emptyLiveState();
  const sfNs = desired.settings.softwareFactory.namespace;
  const stateCm = await readState(client, sfNs, live);
  live.stateExists = stateCm;
  const tasks = [];
  const found = /* @__PURE__ */ new Map();
  const mark = (ns, hit) => {
    found.set(ns, (found.get(ns) ?? false) || hit);
  };
  if (desired.secret) {
    const { namespace, name } = desired.secret;
    tasks.push(async () => {
      const s = await read(
        client,
        { verb: "get", resource: "secrets", group: "", namespace, name },
        () => client.core.readNamespacedSecret({ name, namespace }),
        { value: void 0 }
      );
      const data = {};
      for (const k of SECRET_KEYS) {
        const v = s?.data?.[k];
        if (typeof v === "string") data[k] = new SecretValue(v);
      }
      const recorded = s?.metadata?.annotations?.[MANAGED_KEYS_ANNOTATION];
      live.secret = {
        namespace,
        name,
        exists: s !== void 0,
        resourceVersion: s?.metadata?.resourceVersion,
        data,
        ...recorded !== void 0 ? { managedKeys: recorded.split(",").map((k) => k.trim()).filter((k) => k) } : {}
      };
      mark(namespace, s !== void 0);
    });
  }
  for (const w of desired.workloads) {
    tasks.push(async () => {
      const { namespace, name } = w;
      const obj = w.kind === "Deployment" ? await read(
        client,
        { verb: "get", resource: "deployments", group: "apps", namespace, name },
        () => client.apps.readNamespacedDeployment({ name, namespace }),
        { value: void 0 }
      ) : await read(
        client,
        { verb: "get", resource: "statefulsets", group: "apps", namespace, name },
        () => client.apps.readNamespacedStatefulSet({ name, namespace }),
        { value: void 0 }
      );
      const annotation = obj?.spec?.template?.metadata?.annotations?.[w.annotation];
      const mounted = obj && desired.secret ? secretKeysMounted(obj.spec?.template?.spec, desired.secret.name) : void 0;
      const lw = {
        kind: w.kind,
        namespace,
        name,
        exists: obj !== void 0,
        ...annotation !== void 0 ? { annotation } : {},
        ...mounted !== void 0 ? { secretKeysMounted: mounted } : {}
      };
      live.workloads.push(lw);
      mark(namespace, obj !== void 0);
    });
  }
  const cmByNs = /* @__PURE__ */ new Map();
  for (const cm of desired.configMaps) cmByNs.set(cm.namespace, [...cmByNs.get(cm.namespace) ?? [], cm.name]);
  const wantedCm = new Set(desired.configMaps.map((c) => `${c.namespace}/${c.name}`));
  for (const ref of live.state?.managed.configMaps ?? []) {
    if (wantedCm.has(ref)) continue;
    const [namespace, name] = ref.split("/");
    if (!namespace || !name) continue;
    tasks.push(async () => {
      const c = await read(
        client,
        { verb: "get", resource: "configmaps", group: "", namespace, name },
        () => client.core.readNamespacedConfigMap({ name, namespace }),
        { value: void 0 }
      );
      if (c) (live.recordedConfigMaps ??= []).push(toConfigMap(c, namespace));
    });
  }
  for (const [namespace, names] of cmByNs) {
    tasks.push(async () => {
      let items;
      if (names.length === 1) {
        const name = names[0];
        const c = await read(
          client,
          { verb: "get", resource: "configmaps", group: "", namespace, name },
          () => client.core.readNamespacedConfigMap({ name, namespace }),
          { value: void 0 }
        );
        items = c ? [toConfigMap(c, namespace)] : [];
      } else {
        const wanted = new Set(names);
        const list = await read(
          client,
          { verb: "list", resource: "configmaps", group: "", namespace },
          () => client.core.listNamespacedConfigMap({ namespace })
        );
        items = list.items.filter((c) => wanted.has(c.metadata?.name ?? "")).map((c) => toConfigMap(c, namespace));
        mark(namespace, list.items.length > 0);
      }
      live.configMaps.push(...items);
      mark(namespace, items.length > 0);
    });
  }
  const pools = [.../* @__PURE__ */ new Set([...desired.nodePools.map((p) => p.name), ...live.state?.managed.pools ?? []])];
  const selectable = pools.filter((p) => p.length <= 63 && LABEL_VALUE.test(p));
  for (const p of pools) {
    if (!selectable.includes(p)) {
      live.notes.push(`node pool ${JSON.stringify(p)}: its name is not a valid label value, so no node can carry ${NODE_POOL_LABEL}=${p}; its nodes are not read`);
    }
  }
  if (selectable.length) {
    tasks.push(async () => {
      const labelSelector = `${NODE_POOL_LABEL} in (${selectable.join(",")})`;
      const list = await read(client, { verb: "list", resource: "nodes", group: "" }, () => client.core.listNode({ labelSelector }));
      const wanted = new Set(selectable);
      live.nodes = list.items.map(toNode).filter((n) => wanted.has(n.pool));
      await readPodsOnTaintedNodes(client, desired, live, concurrency);
    });
  }
  const errors = [];
  const collect = (results) => {
    for (const r of results) {
      if (r.status === "fulfilled") continue;
      const e = r.reason instanceof ClusterError ? r.reason : new ClusterError(r.reason instanceof Error ? r.reason.message.split("\n")[0] : String(r.reason), "api");
      if (!errors.some((x) => x.message === e.message)) errors.push(e);
    }
  };
  collect(await settleLimited(tasks, concurrency, (t) => t()));
  if (errors.length) throw new ObserveError(errors);
  if (stateCm) mark(sfNs, true);
  const unknown = [...found].filter(([, hit]) => !hit).map(([ns]) => ns).sort();
  collect(
    await settleLimited(unknown, concurrency, async (namespace) => {
      try {
        const ns = await read(
          client,
          { verb: "get", resource: "namespaces", group: "", name: namespace },
          () => client.core.readNamespace({ name: namespace }),
          { value: void 0 }
        );
        if (!ns) live.missingNamespaces.push(namespace);
      } catch (err) {
        if (err instanceof ClusterError && err.reason === "forbidden") {
          live.notes.push(`could not check that namespace ${JSON.stringify(namespace)} exists (no permission to get it): nothing planned there exists yet`);
          return;
        }
        throw err;
      }
    })
  );
  if (errors.length) throw new ObserveError(errors);
  live.missingNamespaces.sort();
  live.workloads.sort((a, b) => a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
  live.configMaps.sort((a, b) => a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  live.nodes.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  live.notes.sort();
  return live;
}
async function readState(client, namespace, live) {
  const name = STATE_CONFIGMAP;
  let c;
  try {
    c = await read(
      client,
      { verb: "get", resource: "configmaps", group: "", namespace, name },
      () => client.core.readNamespacedConfigMap({ name, namespace }),
      { value: void 0 }
    );
  } catch (err) {
    if (err instanceof ClusterError && err.reason === "forbidden") {
      live.stateProblem = `could not be read (${err.message}); ${err.hint ?? ""}`.trim();
      return false;
    }
    throw err;
  }
  if (!c) return false;
  const { state, problem } = decodeState(c.data ?? {});
  if (state) live.state = state;
  else live.stateProblem = `is not readable: ${problem ?? "unknown format"}`;
  return true;
}
async function readPodsOnTaintedNodes(client, desired, live, concurrency) {
  const pools = new Map(desired.nodePools.map((p) => [p.name, p]));
  const targets = live.nodes.filter((n) => {
    const pool = pools.get(n.pool);
    if (!pool) return false;
    const had = new Set(n.taints.map(taintString));
    return poolOnNode(n, pool).taints.some((t) => (t.effect === "NoExecute" || t.effect === "NoSchedule") && !had.has(taintString(t)));
  });
  if (targets.length === 0) return;
  const pods = [];
  const results = await settleLimited(targets, concurrency, async (n) => {
    const list = await read(
      client,
      { verb: "list", resource: "pods", group: "" },
      () => client.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${n.name}` })
    );
    for (const p of list.items) pods.push(toPod(p, n.name));
  });
  const failed = results.find((r) => r.status === "rejected");
  if (failed) {
    const e = failed.reason instanceof ClusterError ? failed.reason : void 0;
    if (e?.reason !== "forbidden") throw failed.reason;
    live.notes.push(`could not list the pods on the nodes that get a new taint (${e.message}): the pods it would evict are not shown. ${e.hint ?? ""}`.trim());
    return;
  }
  live.pods = pods;
}
function toPod(p, node) {
  const ref = (p.metadata?.ownerReferences ?? []).find((o) => o.controller) ?? p.metadata?.ownerReferences?.[0];
  return {
    namespace: p.metadata?.namespace ?? "",
    name: p.metadata?.name ?? "",
    node,
    ...p.status?.phase ? { phase: p.status.phase } : {},
    ...ref ? { owner: { kind: ref.kind, name: ref.name } } : {},
    tolerations: (p.spec?.tolerations ?? []).map((t) => ({
      ...t.key !== void 0 ? { key: t.key } : {},
      ...t.operator !== void 0 ? { operator: t.operator } : {},
      ...t.value !== void 0 ? { value: t.value } : {},
      ...t.effect !== void 0 ? { effect: t.effect } : {},
      ...typeof t.tolerationSeconds === "number" ? { tolerationSeconds: t.tolerationSeconds } : {}
    }))
  };
}

// src/io/cluster/verify.ts
function parseLabelList(body, contentType) {
  const text = body.trim();
  const looksJson = /json/i.test(contentType ?? "") || text.startsWith("[");
  if (looksJson) {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error("the label list is not valid JSON");
    }
    if (!Array.isArray(data)) throw new Error("the label list is not a JSON array");
    const out = [];
    for (const item of data) {
      if (typeof item === "string") out.push(item);
      else if (item && typeof item === "object" && typeof item.label === "string") out.push(item.label);
    }
    return out;
  }
  const rows = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith("|")).map((l) => l.replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim()));
  if (rows.length === 0) return [];
  const header2 = rows[0].map((h) => h.toLowerCase());
  const col = header2.indexOf("label");
  if (col < 0) throw new Error('the label list has no "Label" column');
  return rows.slice(1).map((r) => r[col] ?? "").filter((l) => l !== "");
}
function labelListUrl(base) {
  const trimmed = base.replace(/\/+$/, "");
  return /\/label-list$/.test(trimmed) ? trimmed : `${trimmed}/label-list`;
}
function safeUrl(raw) {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "the Nodepool API URL";
  }
}
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function verifyLabels(options) {
  const doFetch = options.fetch ?? fetch;
  const url = labelListUrl(options.url);
  const shown = safeUrl(url);
  const pollMs = options.pollMs ?? 5e3;
  const requestTimeoutMs = options.requestTimeoutMs ?? 1e4;
  const want = [...new Set(options.labels)];
  const start = Date.now();
  let polls = 0;
  let listed = [];
  let missing = [...want];
  let error;
  for (; ; ) {
    polls++;
    error = void 0;
    try {
      const res = await doFetch(url, {
        headers: { Accept: "application/json" },
        signal: AbortSignal.timeout(Math.max(1, Math.min(requestTimeoutMs, options.timeoutMs - (Date.now() - start) + 1e3)))
      });
      const body = await res.text();
      if (!res.ok) {
        error = `${shown} answered HTTP ${res.status}`;
      } else {
        listed = parseLabelList(body, res.headers.get("content-type") ?? void 0);
        const have = new Set(listed);
        missing = want.filter((l) => !have.has(l));
      }
    } catch (err) {
      const e = err;
      error = e.name === "TimeoutError" || e.name === "AbortError" ? `${shown} did not answer in time` : e.cause?.code ? `${shown} could not be reached (${e.cause.code})` : `${shown}: ${(e.message ?? String(err)).split("\n")[0]}`;
    }
    if (!error && missing.length === 0) return { missing, listed, polls };
    const waited = Date.now() - start;
    if (waited >= options.timeoutMs) return { missing, listed, polls, ...error ? { error } : {} };
    options.onProgress?.(
      error ? `verify: ${error}; trying again` : `verify: Nodepool does not list ${missing.length === 1 ? "label" : "labels"} ${missing.join(", ")} yet`
    );
    await sleep(Math.max(1, Math.min(pollMs, options.timeoutMs - waited)));
  }
}

// src/io/cluster/write.ts
import { Writable } from "node:stream";

// src/io/cluster/retry.ts
var RETRYABLE_STATUS = /* @__PURE__ */ new Set([500, 502, 503, 504]);
var RETRYABLE_NETWORK = /* @__PURE__ */ new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT"
]);
var sleep2 = (ms) => new Promise((r) => setTimeout(r, ms));
function header(headers, name) {
  if (!headers) return void 0;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return void 0;
}
function parseRetryAfter(value, now = Date.now()) {
  if (value === void 0) return void 0;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1e3;
  const t = Date.parse(v);
  return Number.isNaN(t) ? void 0 : Math.max(0, t - now);
}
function errorCode(err) {
  let e = err;
  for (let i = 0; i < 5 && e && typeof e === "object"; i++) {
    const code = e.code;
    if (typeof code === "string") return code;
    e = e.cause;
  }
  return void 0;
}
function classifyFailure(err) {
  if (err instanceof ClusterError) {
    if (err.reason === "timeout") return { kind: "timeout", retryable: true, reason: err.message };
    if (err.code !== void 0) return classifyStatus(err.code, void 0, err.message);
    if (err.reason === "unreachable") return { kind: "network", retryable: true, reason: err.message };
    return { kind: "client", retryable: false, reason: err.message };
  }
  if (err instanceof ApiException) return classifyStatus(err.code, header(err.headers, "retry-after"), `the API server answered ${err.code}`);
  const m = /Unexpected server response: (\d{3})/.exec(err instanceof Error ? err.message : String(err));
  if (m) return classifyStatus(Number(m[1]), void 0, `the API server answered ${m[1]}`);
  const code = errorCode(err);
  if (code && RETRYABLE_NETWORK.has(code)) return { kind: "network", retryable: true, reason: `connection failed (${code})` };
  if (err instanceof Error && /socket hang up|other side closed|fetch failed/i.test(err.message)) {
    return { kind: "network", retryable: true, reason: "connection closed" };
  }
  return { kind: "client", retryable: false, reason: err instanceof Error ? err.message.split("\n")[0] : String(err) };
}
function classifyStatus(status, retryAfter, reason) {
  if (status === 429) {
    const ms = parseRetryAfter(retryAfter);
    return { kind: "throttled", status, retryable: true, reason, ...ms !== void 0 ? { retryAfterMs: ms } : {} };
  }
  if (RETRYABLE_STATUS.has(status)) {
    const ms = parseRetryAfter(retryAfter);
    return { kind: "server", status, retryable: true, reason, ...ms !== void 0 ? { retryAfterMs: ms } : {} };
  }
  if (status === 409) return { kind: "conflict", status, retryable: false, reason };
  if (status === 404) return { kind: "not-found", status, retryable: false, reason };
  return { kind: "client", status, retryable: false, reason };
}
function isConflict(err) {
  return err instanceof ApiException && err.code === 409 || err instanceof ClusterError && err.code === 409;
}
function isUnprocessable(err) {
  return err instanceof ApiException && err.code === 422 || err instanceof ClusterError && err.code === 422;
}
function isNotFound(err) {
  return err instanceof ApiException && err.code === 404 || err instanceof ClusterError && err.code === 404;
}
function retryDelay(retry, failure, options = {}, random = Math.random) {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 8e3;
  const backoff = Math.min(max, base * 2 ** (retry - 1));
  const jittered = Math.round(backoff * (1 + 0.25 * random()));
  if (failure.retryAfterMs !== void 0) return Math.min(options.maxRetryAfterMs ?? 3e4, Math.max(failure.retryAfterMs, 0));
  return jittered;
}
function abortOptions(signal) {
  return {
    middleware: [
      {
        pre: (ctx) => {
          ctx.setSignal(signal);
          return new Observable(Promise.resolve(ctx));
        },
        post: (res) => new Observable(Promise.resolve(res))
      }
    ],
    middlewareMergeStrategy: "append"
  };
}
function duration(ms) {
  return ms < 1e3 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`.replace(".0 s", " s");
}
async function call(client, info, fn, options = {}) {
  const attempts = Math.max(1, options.attempts ?? 5);
  const wait = options.sleep ?? sleep2;
  const what = describeRequest(info);
  for (let attempt = 1; ; attempt++) {
    client.requests++;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, client.timeoutMs);
    timer.unref?.();
    let failure;
    let error;
    try {
      return await fn(abortOptions(controller.signal));
    } catch (err) {
      error = timedOut ? new ClusterError(`no answer from the Kubernetes API server at ${client.server} within ${duration(client.timeoutMs)} to ${describeRequest(info)}`, "timeout") : err;
      if (options.notFound && isNotFound(error)) return options.notFound.value;
      if (isConflict(error) && (options.passConflict ?? true)) throw error;
      if (isNotFound(error) && options.passNotFound) throw error;
      failure = classifyFailure(error);
    } finally {
      clearTimeout(timer);
    }
    if (!failure.retryable || attempt >= attempts) {
      const e = translateError(error, info, client.server, client.redact);
      if (failure.retryable && attempts > 1) {
        throw new ClusterError(`${e.message} (gave up after ${attempts} tries)`, e.reason, e.hint, e.code);
      }
      throw e;
    }
    const delayMs = retryDelay(attempt, failure, options);
    options.onRetry?.({ attempt, attempts, delayMs, reason: failure.reason, what });
    await wait(delayMs);
  }
}

// src/io/cluster/write.ts
var FIELD_MANAGER = "pool-reconciler";
var dryRunOf = (ctx) => ctx.dryRun ? { dryRun: "All" } : {};
var merge = (o) => setHeaderOptions("Content-Type", PatchStrategy.MergePatch, o);
function asClusterError(err, info, client) {
  return err instanceof ClusterError ? err : translateError(err, info, client.server, client.redact);
}
function conflictGiveUp(info, tries) {
  return new ClusterError(
    `cannot ${describeRequest(info)}: it kept changing under us (409 Conflict ${tries} times in a row)`,
    "api",
    "Something else writes this object continuously; run apply again.",
    409
  );
}
async function createOrMergePatch(ctx, op) {
  const { client } = ctx;
  const tries = (ctx.conflictRetries ?? 5) + 1;
  let create = !op.exists;
  const writes = 0;
  for (let i = 0; i < tries; i++) {
    if (create) {
      try {
        const object = await call(client, op.info("create"), (o) => op.create(o), ctx.retry);
        return { status: "applied", writes: writes + 1, object, created: true };
      } catch (err) {
        if (!isConflict(err)) throw asClusterError(err, op.info("create"), client);
        create = false;
        continue;
      }
    }
    try {
      const object = await call(client, op.info("patch"), (o) => op.patch(merge(o)), { ...ctx.retry, passNotFound: true });
      return { status: "applied", writes: writes + 1, object };
    } catch (err) {
      if (isNotFound(err)) {
        create = true;
        continue;
      }
      if (!isConflict(err)) throw asClusterError(err, op.info("patch"), client);
      const current = await call(client, op.info("get"), (o) => op.read(o), { ...ctx.retry, notFound: { value: void 0 } });
      if (current === void 0) {
        create = true;
        continue;
      }
      if (op.holds(current)) return { status: writes ? "applied" : "unchanged", writes, object: current };
    }
  }
  throw conflictGiveUp(op.info("patch"), tries);
}
async function applySecret(ctx, secret, exists, owned) {
  const { client } = ctx;
  const { namespace, name } = secret;
  const data = {};
  for (const [k, v] of Object.entries(secret.data)) if (v) data[k] = Buffer.from(v.reveal(), "utf8").toString("base64");
  for (const k of owned?.remove ?? []) data[k] = null;
  const managed = [.../* @__PURE__ */ new Set([...owned?.managedKeys ?? [], ...Object.keys(secret.data)])].filter((k) => !(owned?.remove ?? []).includes(k)).sort();
  const annotations = { [MANAGED_KEYS_ANNOTATION]: managed.join(",") };
  const r = await createOrMergePatch(ctx, {
    info: (verb) => ({ verb, resource: "secrets", group: "", namespace, name }),
    exists,
    create: (o) => client.core.createNamespacedSecret({ namespace, body: { metadata: { name, namespace, annotations }, type: "Opaque", data: withoutNulls(data) }, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, o),
    patch: (o) => client.core.patchNamespacedSecret({ name, namespace, body: { metadata: { annotations }, data }, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, o),
    read: (o) => client.core.readNamespacedSecret({ name, namespace }, o),
    holds: (cur) => Object.entries(data).every(([k, v]) => v === null ? cur.data?.[k] === void 0 : cur.data?.[k] === v)
  });
  return { status: r.status, writes: r.writes, resourceVersion: r.object.metadata?.resourceVersion ?? "" };
}
var withoutNulls = (d) => Object.fromEntries(Object.entries(d).filter((e) => e[1] !== null));
var workloadLabel = (w) => `${w.kind} ${w.namespace}/${w.name}`;
var workloadInfo = (w, verb) => ({
  verb,
  resource: w.kind === "Deployment" ? "deployments" : "statefulsets",
  group: "apps",
  namespace: w.namespace,
  name: w.name
});
async function patchTemplateAnnotation(ctx, w, annotation, value) {
  const { client } = ctx;
  const body = { spec: { template: { metadata: { annotations: { [annotation]: value } } } } };
  const info = workloadInfo(w, "patch");
  const tries = (ctx.conflictRetries ?? 5) + 1;
  for (let i = 0; i < tries; i++) {
    try {
      if (w.kind === "Deployment") {
        await call(client, info, (o) => client.apps.patchNamespacedDeployment({ name: w.name, namespace: w.namespace, body, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, merge(o)), ctx.retry);
      } else {
        await call(client, info, (o) => client.apps.patchNamespacedStatefulSet({ name: w.name, namespace: w.namespace, body, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, merge(o)), ctx.retry);
      }
      return { status: "applied", writes: 1 };
    } catch (err) {
      if (!isConflict(err)) throw asClusterError(err, info, client);
      const cur = await readWorkload(ctx, w);
      if (!cur) throw new ClusterError(`cannot patch ${workloadLabel(w)}: it does not exist`, "not-found", void 0, 404);
      if (cur.spec?.template?.metadata?.annotations?.[annotation] === value) return { status: "unchanged", writes: 0 };
    }
  }
  throw conflictGiveUp(info, tries);
}
async function readWorkload(ctx, w) {
  const { client } = ctx;
  const opts = { ...ctx.retry, notFound: { value: void 0 } };
  if (w.kind === "Deployment") {
    return await call(client, workloadInfo(w, "get"), (o) => client.apps.readNamespacedDeployment({ name: w.name, namespace: w.namespace }, o), opts);
  }
  return await call(client, workloadInfo(w, "get"), (o) => client.apps.readNamespacedStatefulSet({ name: w.name, namespace: w.namespace }, o), opts);
}
function rolloutState(kind, obj) {
  const name = obj.metadata?.name ?? "";
  const generation = obj.metadata?.generation ?? 0;
  const st = obj.status ?? {};
  const observed = st.observedGeneration ?? 0;
  const n = (v) => v ?? 0;
  const replicas = obj.spec?.replicas;
  if (kind === "Deployment") {
    if (generation > observed) return { done: false, status: "Waiting for deployment spec update to be observed..." };
    const progressing = (st.conditions ?? []).find((c) => c.type === "Progressing");
    if (progressing?.reason === "ProgressDeadlineExceeded") {
      const why = `deployment ${JSON.stringify(name)} exceeded its progress deadline`;
      return { done: false, failed: `${why}${progressing.message ? ` (${progressing.message})` : ""}`, status: why };
    }
    const wait = (what) => ({ done: false, status: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${what}...` });
    if (replicas !== void 0 && n(st.updatedReplicas) < replicas) return wait(`${n(st.updatedReplicas)} out of ${replicas} new replicas have been updated`);
    if (n(st.replicas) > n(st.updatedReplicas)) return wait(`${n(st.replicas) - n(st.updatedReplicas)} old replicas are pending termination`);
    if (n(st.availableReplicas) < n(st.updatedReplicas)) return wait(`${n(st.availableReplicas)} of ${n(st.updatedReplicas)} updated replicas are available`);
    return { done: true, status: `deployment ${JSON.stringify(name)} successfully rolled out` };
  }
  const strategy = obj.spec?.updateStrategy;
  const type = strategy?.type ?? "RollingUpdate";
  if (type !== "RollingUpdate") {
    return {
      done: false,
      failed: `rollout status is only available for RollingUpdate strategy type (StatefulSet ${JSON.stringify(name)} uses ${type}: its pods are replaced only when deleted)`,
      status: `update strategy ${type}`
    };
  }
  if (observed === 0 || generation > observed) return { done: false, status: "Waiting for statefulset spec update to be observed..." };
  if (replicas !== void 0 && n(st.readyReplicas) < replicas) return { done: false, status: `Waiting for ${replicas - n(st.readyReplicas)} pods to be ready...` };
  if (strategy?.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== void 0 && partition !== void 0 && n(st.updatedReplicas) < replicas - partition) {
      return { done: false, status: `Waiting for partitioned roll out to finish: ${n(st.updatedReplicas)} out of ${replicas - partition} new pods have been updated...` };
    }
    return { done: true, status: `partitioned roll out complete: ${n(st.updatedReplicas)} new pods have been updated...` };
  }
  if (st.updateRevision !== st.currentRevision) {
    return { done: false, status: `waiting for statefulset rolling update to complete ${n(st.updatedReplicas)} pods at revision ${st.updateRevision ?? ""}...` };
  }
  return { done: true, status: `statefulset rolling update complete ${n(st.currentReplicas)} pods at revision ${st.currentRevision ?? ""}...` };
}
async function waitForRollouts(ctx, workloads, options) {
  const pollMs = options.pollMs ?? 2e3;
  const progressMs = options.progressIntervalMs ?? 5e3;
  const start = Date.now();
  const deadline = start + options.timeoutMs;
  const results = new Map(workloads.map((w) => [w, { workload: w, done: false, status: "not read yet" }]));
  let lastSaid = start;
  const watches = /* @__PURE__ */ new Map();
  let finished = false;
  let wake;
  const nudge = () => {
    const w = wake;
    wake = void 0;
    w?.();
  };
  const pause = (ms) => new Promise((resolve) => {
    const timer = setTimeout(() => {
      wake = void 0;
      resolve();
    }, Math.max(1, ms));
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const stopWatching = (w, st, why) => {
    if (!st.active || finished) return;
    st.active = false;
    ctx.progress(`rollout: the watch of ${workloadLabel(w)} ${why}; polling every ${secondsText(pollMs)} instead`);
    nudge();
  };
  const openWatch = async (w, st) => {
    st.active = true;
    st.opened++;
    ctx.client.requests++;
    const path = `/apis/apps/v1/namespaces/${encodeURIComponent(w.namespace)}/${w.kind === "Deployment" ? "deployments" : "statefulsets"}`;
    const query = { fieldSelector: `metadata.name=${w.name}`, allowWatchBookmarks: true, ...st.rv ? { resourceVersion: st.rv } : {} };
    try {
      st.abort = await new Watch(ctx.kc).watch(path, query, (type, obj) => {
        const o = obj;
        if (type === "ADDED" || type === "MODIFIED") {
          st.latest = o;
          st.rv = o.metadata?.resourceVersion ?? st.rv;
          st.fresh = true;
          nudge();
        } else if (type === "BOOKMARK") st.rv = o.metadata?.resourceVersion ?? st.rv;
        else if (type === "DELETED") {
          st.gone = true;
          st.fresh = true;
          nudge();
        } else if (type === "ERROR") {
          st.abort?.abort();
          stopWatching(w, st, `ended with an error (${ctx.client.redact ? ctx.client.redact(String(o.message ?? o.code ?? "")) : String(o.message ?? o.code ?? "")})`);
        }
      }, (err) => {
        if (finished || !st.active) return;
        const code = err?.statusCode;
        const timedOut = err?.name === "TimeoutError";
        if (code !== void 0) {
          const why = code === 403 ? "was refused (403: the credentials may not watch it; grant `watch` to save requests)" : `was refused (HTTP ${code})`;
          stopWatching(w, st, why);
        } else if ((err === null || timedOut) && st.opened < 1 + Math.ceil(options.timeoutMs / 3e4) + 2) {
          void openWatch(w, st);
        } else stopWatching(w, st, `failed (${err instanceof Error ? err.message : String(err)})`);
      });
      if (st.active && !finished) {
        st.recheck = true;
        nudge();
      }
    } catch (err) {
      stopWatching(w, st, `could not be opened (${err instanceof Error ? err.message : String(err)})`);
    }
  };
  try {
    for (; ; ) {
      for (const w of workloads) {
        const r = results.get(w);
        if (r.done || r.failed !== void 0) continue;
        const st = watches.get(w);
        let obj;
        if (st?.fresh) {
          st.fresh = false;
          obj = st.gone ? void 0 : st.latest;
        } else if (st?.active && !st.recheck) continue;
        else {
          if (st) st.recheck = false;
          try {
            obj = await readWorkload(ctx, w);
          } catch (err) {
            r.status = `could not be read: ${asClusterError(err, workloadInfo(w, "get"), ctx.client).message}`;
            continue;
          }
        }
        if (!obj) {
          r.status = "not found";
          r.message = `${workloadLabel(w)} does not exist any more`;
          r.done = false;
          continue;
        }
        const state = rolloutState(w.kind, obj);
        const said = r.status;
        r.done = state.done;
        r.status = state.status;
        if (state.failed) {
          r.failed = state.failed;
          r.message = `${workloadLabel(w)} failed its rollout: ${state.failed}`;
          ctx.progress(`rollout: ${r.message}`);
        } else if (state.done) ctx.progress(`rollout: ${workloadLabel(w)} done: ${state.status}`);
        else {
          if (state.status !== said && said !== "not read yet") ctx.progress(`rollout: ${workloadLabel(w)}: ${state.status}`);
          if (!st && options.watch !== false) {
            const fresh2 = { active: false, fresh: false, gone: false, opened: 0, ...obj.metadata?.resourceVersion ? { rv: obj.metadata.resourceVersion } : {} };
            watches.set(w, fresh2);
            void openWatch(w, fresh2);
          }
        }
      }
      const pending = [...results.values()].filter((r) => !r.done);
      if (pending.length === 0) return [...results.values()];
      const now = Date.now();
      if (now >= deadline || pending.some((r) => r.status === "not found" || r.failed !== void 0)) {
        const failed = pending.find((r) => r.failed !== void 0);
        for (const r of pending) {
          r.message ??= now >= deadline || !failed ? `${workloadLabel(r.workload)} did not finish its rollout within ${secondsText(options.timeoutMs)}: ${r.status}` : `${workloadLabel(r.workload)} was not awaited further (${workloadLabel(failed.workload)} failed its rollout): ${r.status}`;
        }
        return [...results.values()];
      }
      if (now - lastSaid >= progressMs) {
        lastSaid = now;
        ctx.progress(`rollout: waiting (${secondsText(now - start)} of ${secondsText(options.timeoutMs)}): ${pending.map((r) => `${workloadLabel(r.workload)}: ${r.status}`).join("; ")}`);
      }
      const fresh = pending.some((r) => watches.get(r.workload)?.fresh || watches.get(r.workload)?.recheck);
      if (fresh) continue;
      const allWatched = pending.every((r) => watches.get(r.workload)?.active);
      const until = allWatched ? Math.min(deadline, lastSaid + progressMs) : Math.min(deadline, now + pollMs);
      await pause(until - now);
    }
  } finally {
    finished = true;
    for (const st of watches.values()) st.abort?.abort();
  }
}
function secondsText(ms) {
  if (ms < 1e3) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 100) / 10;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
var TailBuffer = class extends Writable {
  constructor(limit) {
    super();
    this.limit = limit;
  }
  limit;
  chunks = [];
  size = 0;
  _write(chunk, _enc, cb) {
    this.chunks.push(Buffer.from(chunk));
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) this.size -= this.chunks.shift().length;
    cb();
  }
  text() {
    const all = Buffer.concat(this.chunks);
    return (all.length > this.limit ? all.subarray(all.length - this.limit) : all).toString("utf8");
  }
};
function exitCodeOf(status) {
  if (status.status === "Success") return 0;
  const cause = status.details?.causes?.find((c) => c.reason === "ExitCode");
  const n = cause?.message !== void 0 ? Number(cause.message) : NaN;
  return Number.isInteger(n) ? n : -1;
}
async function execInPod(ctx, target, options) {
  const { client } = ctx;
  const info = { verb: "create", resource: "pods/exec", group: "", namespace: target.namespace, name: target.pod };
  const attempts = Math.max(1, ctx.retry.attempts ?? 5);
  for (let attempt = 1; ; attempt++) {
    client.requests++;
    const out = new TailBuffer(64 * 1024);
    const err = new TailBuffer(64 * 1024);
    let opened = false;
    try {
      return await new Promise((resolve, reject) => {
        let settled = false;
        let ws;
        const finish = (f) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          f();
        };
        const timer = setTimeout(() => {
          finish(() => reject(new ClusterError(
            opened ? `the command did not finish within ${secondsText(options.timeoutMs)} in pod ${target.namespace}/${target.pod} (container ${target.container})` : `no answer from the Kubernetes API server at ${client.server} within ${secondsText(options.timeoutMs)} to exec in pod ${target.namespace}/${target.pod}`,
            "timeout"
          )));
          try {
            if (ws) (ws.terminate ?? ws.close).call(ws);
          } catch {
          }
        }, options.timeoutMs);
        timer.unref?.();
        new Exec(ctx.kc).exec(target.namespace, target.pod, target.container, target.command, out, err, null, false, (status) => {
          finish(() => resolve({
            exitCode: exitCodeOf(status),
            stdout: out.text(),
            stderr: err.text(),
            ...status.status !== "Success" && status.message ? { message: status.message } : {}
          }));
        }).then((socket) => {
          const s = socket;
          if (settled) {
            try {
              s.close();
            } catch {
            }
            return;
          }
          opened = true;
          ws = s;
          const onClose = () => {
            setTimeout(() => finish(() => reject(new ClusterError(
              `the exec stream to pod ${target.namespace}/${target.pod} (container ${target.container}) closed without an exit status`,
              "api"
            ))), 20);
          };
          if (s.on) s.on("close", onClose);
          else s.addEventListener?.("close", onClose);
        }).catch((e) => finish(() => reject(unwrapEvent(e))));
      });
    } catch (e) {
      if (opened || e instanceof ClusterError) {
        if (e instanceof ClusterError && e.reason === "timeout" && !opened) {
          if (attempt >= attempts) throw new ClusterError(`${e.message} (gave up after ${attempts} tries)`, e.reason, e.hint, e.code);
          const delay = retryDelay(attempt, { kind: "timeout", retryable: true, reason: e.message }, ctx.retry);
          ctx.retry.onRetry?.({ attempt, attempts, delayMs: delay, reason: e.message, what: `exec in pod ${target.pod}` });
          await (ctx.retry.sleep ?? sleep2)(delay);
          continue;
        }
        throw e;
      }
      const classified = classifyFailure(e);
      const failure = classified.kind === "conflict" ? { ...classified, retryable: true } : classified;
      if (failure.retryable && attempt < attempts) {
        const delay = retryDelay(attempt, failure, ctx.retry);
        ctx.retry.onRetry?.({ attempt, attempts, delayMs: delay, reason: failure.reason, what: `exec in pod ${target.pod}` });
        await (ctx.retry.sleep ?? sleep2)(delay);
        continue;
      }
      throw execConnectError(e, failure.status, info, client, failure.retryable ? attempts : 0);
    }
  }
}
function unwrapEvent(e) {
  if (e instanceof Error || !e || typeof e !== "object") return e;
  const inner = e.error;
  if (inner instanceof Error) return inner;
  const msg = e.message;
  return new Error(typeof msg === "string" && msg ? msg : "the exec connection failed");
}
function execConnectError(e, status, info, client, gaveUpAfter) {
  const suffix = gaveUpAfter > 1 ? ` (gave up after ${gaveUpAfter} tries)` : "";
  const where2 = `pod ${JSON.stringify(info.name ?? "")} in namespace ${JSON.stringify(info.namespace ?? "")}`;
  if (status === 403) return new ClusterError(`forbidden to exec in ${where2}`, "forbidden", rbacRule(info), 403);
  if (status === 404) return new ClusterError(`cannot exec in ${where2}: not found${suffix}`, "not-found", void 0, 404);
  if (status !== void 0) return new ClusterError(`cannot exec in ${where2}: the API server answered ${status}${suffix}`, "api", void 0, status);
  const c = translateError(e, info, client.server, client.redact);
  return new ClusterError(`${c.message}${suffix}`, c.reason, c.hint, c.code);
}
function containerReady(p, container) {
  return (p.status?.containerStatuses ?? []).some((c) => c.name === container && c.ready === true);
}
function podState(p, container, hash) {
  if (p.metadata?.deletionTimestamp) return "terminating";
  if (hash !== void 0 && p.metadata?.labels?.["pod-template-hash"] !== hash) return "of an older ReplicaSet";
  const phase = p.status?.phase ?? "unknown phase";
  if (phase !== "Running") return phase.toLowerCase();
  return containerReady(p, container) ? "running" : `running, container ${container} not ready`;
}
function envOf(p, container, name) {
  const c = (p.spec?.containers ?? []).find((x) => x.name === container);
  const e = (c?.env ?? []).find((x) => x.name === name);
  if (!e) return void 0;
  return e.value ?? (e.valueFrom ? "(from a reference)" : "");
}
var REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
async function currentTemplateHash(ctx, namespace, deployment, selector) {
  const { client } = ctx;
  const d = await call(client, { verb: "get", resource: "deployments", group: "apps", namespace, name: deployment }, (o) => client.apps.readNamespacedDeployment({ name: deployment, namespace }, o), ctx.retry);
  const revision = d.metadata?.annotations?.[REVISION_ANNOTATION];
  if (revision === void 0) return void 0;
  const list = await call(client, { verb: "list", resource: "replicasets", group: "apps", namespace }, (o) => client.apps.listNamespacedReplicaSet({ namespace, labelSelector: selector }, o), ctx.retry);
  const rs = list.items.find((r) => (r.metadata?.ownerReferences ?? []).some((ref) => ref.uid === d.metadata?.uid && ref.controller) && r.metadata?.annotations?.[REVISION_ANNOTATION] === revision);
  return rs?.metadata?.labels?.["pod-template-hash"];
}
async function choosePod(ctx, where2, options) {
  const { client } = ctx;
  const core = client.core;
  const start = Date.now();
  const pollMs = options.pollMs ?? 2e3;
  let said = false;
  for (; ; ) {
    let pods;
    let hash;
    let noReplicaSet = false;
    if (where2.selector) {
      if (where2.deployment) {
        hash = await currentTemplateHash(ctx, where2.namespace, where2.deployment, where2.selector);
        noReplicaSet = hash === void 0;
      }
      const list = await call(client, { verb: "list", resource: "pods", group: "", namespace: where2.namespace }, (o) => core.listNamespacedPod({ namespace: where2.namespace, labelSelector: where2.selector }, o), ctx.retry);
      pods = list.items;
    } else {
      const name = where2.name ?? "";
      const p = await call(client, { verb: "get", resource: "pods", group: "", namespace: where2.namespace, name }, (o) => core.readNamespacedPod({ name, namespace: where2.namespace }, o), { ...ctx.retry, notFound: { value: void 0 } });
      pods = p ? [p] : [];
    }
    const usable = noReplicaSet ? [] : pods.filter((p) => podState(p, where2.container, hash) === "running").sort((a, b) => created(b) - created(a) || cmp2(a.metadata?.name ?? "", b.metadata?.name ?? ""));
    const skipped = pods.filter((p) => !usable.includes(p)).map((p) => `${p.metadata?.name ?? ""} (${podState(p, where2.container, hash)})`);
    if (usable.length) {
      const configRepoSet = envOf(usable[0], where2.container, "CONFIG_REPO_SET");
      return { pod: usable[0].metadata?.name ?? "", skipped, ...configRepoSet !== void 0 ? { configRepoSet } : {} };
    }
    const what = where2.selector ? `pod with label ${where2.selector}${where2.deployment ? ` of Deployment ${where2.deployment}'s current ReplicaSet` : ""}` : `pod ${where2.name ?? ""}`;
    const waited = Date.now() - start;
    if (waited >= options.waitMs) {
      const seen = noReplicaSet ? `; Deployment ${where2.deployment ?? ""} has no current ReplicaSet` : skipped.length ? `; seen: ${skipped.join(", ")}` : "; none exists";
      throw new ClusterError(`no running ${what} with container ${where2.container} ready in namespace ${JSON.stringify(where2.namespace)} after ${secondsText(waited)}${seen}`, "not-found");
    }
    if (!said) {
      said = true;
      ctx.progress(`exec: waiting for a running ${what} with container ${where2.container} ready in namespace ${where2.namespace}${skipped.length ? ` (${skipped.join(", ")})` : ""}`);
    }
    await sleep2(Math.max(1, Math.min(pollMs, options.waitMs - waited)));
  }
}
var created = (p) => {
  const t = p.metadata?.creationTimestamp;
  return t instanceof Date ? t.getTime() : typeof t === "string" ? Date.parse(t) || 0 : 0;
};
var cmp2 = (a, b) => a < b ? -1 : a > b ? 1 : 0;
async function applyConfigMap(ctx, cm, exists) {
  const { client } = ctx;
  const { namespace, name } = cm;
  const info = (verb) => ({ verb, resource: "configmaps", group: "", namespace, name });
  const labels = Object.keys(cm.labels).length ? { labels: { ...cm.labels } } : {};
  const createLabels = cm.role === "pod-template" ? { labels: { ...cm.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } } : labels;
  const r = await createOrMergePatch(ctx, {
    info,
    exists,
    create: (o) => client.core.createNamespacedConfigMap({ namespace, body: { metadata: { name, namespace, ...createLabels }, data: { ...cm.data } }, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, o),
    patch: (o) => client.core.patchNamespacedConfigMap({ name, namespace, body: { ...labels.labels ? { metadata: labels } : {}, data: { ...cm.data } }, fieldManager: ctx.fieldManager, ...dryRunOf(ctx) }, o),
    read: (o) => client.core.readNamespacedConfigMap({ name, namespace }, o),
    holds: (cur) => Object.entries(cm.data).every(([k, v]) => cur.data?.[k] === v) && Object.entries(cm.labels).every(([k, v]) => cur.metadata?.labels?.[k] === v)
  });
  return { status: r.status, writes: r.writes, ...r.created ? { created: true } : {} };
}
async function deleteConfigMap(ctx, namespace, name, resourceVersion) {
  const { client } = ctx;
  const info = (verb) => ({ verb, resource: "configmaps", group: "", namespace, name });
  let rv = resourceVersion;
  const tries = (ctx.conflictRetries ?? 5) + 1;
  for (let i = 0; i < tries; i++) {
    try {
      await call(client, info("delete"), (o) => client.core.deleteNamespacedConfigMap({ name, namespace, body: { ...rv ? { preconditions: { resourceVersion: rv } } : {} } }, o), { ...ctx.retry, passNotFound: true });
      return { status: "applied", writes: 1 };
    } catch (err) {
      if (isNotFound(err)) return { status: "unchanged", writes: 0, message: "already gone" };
      if (!isConflict(err)) throw asClusterError(err, info("delete"), client);
      const cur = await call(client, info("get"), (o) => client.core.readNamespacedConfigMap({ name, namespace }, o), { ...ctx.retry, notFound: { value: void 0 } });
      if (!cur) return { status: "unchanged", writes: 0, message: "already gone" };
      if (cur.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
        return { status: "unchanged", writes: 0, message: `not deleted: it no longer carries the label ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE} (someone else took it over)` };
      }
      rv = cur.metadata?.resourceVersion;
    }
  }
  throw conflictGiveUp(info("delete"), tries);
}
var ptr = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");
function nodePatch(node, change) {
  const ops = [];
  if (node.resourceVersion) ops.push({ op: "replace", path: "/metadata/resourceVersion", value: node.resourceVersion });
  for (const [k, v] of Object.entries(change.setLabels)) ops.push({ op: "add", path: `/metadata/labels/${ptr(k)}`, value: v });
  for (const k of change.removeLabels) ops.push({ op: "remove", path: `/metadata/labels/${ptr(k)}` });
  if (change.ownership) {
    const path = `/metadata/annotations/${ptr(NODE_OWNERSHIP_ANNOTATION)}`;
    if (change.ownership.value === null) ops.push({ op: "remove", path });
    else if (node.hasAnnotations === false) ops.push({ op: "add", path: "/metadata/annotations", value: { [NODE_OWNERSHIP_ANNOTATION]: change.ownership.value } });
    else ops.push({ op: "add", path, value: change.ownership.value });
  }
  for (const e of change.taintEdits) {
    if (e.op !== "value") continue;
    const had = node.taints[e.index]?.value !== void 0;
    const path = `/spec/taints/${e.index}/value`;
    if (e.value === void 0) {
      if (had) ops.push({ op: "remove", path });
    } else ops.push({ op: had ? "replace" : "add", path, value: e.value });
  }
  const removals = change.taintEdits.filter((e) => e.op === "remove").map((e) => e.index).sort((a, b) => b - a);
  for (const i of removals) ops.push({ op: "remove", path: `/spec/taints/${i}` });
  const appended = change.appendTaints.map((t) => ({ key: t.key, ...t.value ? { value: t.value } : {}, effect: t.effect }));
  if (appended.length && node.taints.length === 0) {
    ops.push({ op: "add", path: "/spec/taints", value: appended });
  } else {
    for (const t of appended) ops.push({ op: "add", path: "/spec/taints/-", value: t });
  }
  return ops;
}
function nodeView(n) {
  const ownership = n.metadata?.annotations?.[NODE_OWNERSHIP_ANNOTATION];
  return {
    labels: { ...n.metadata?.labels ?? {} },
    taints: (n.spec?.taints ?? []).map((t) => ({ key: t.key, ...t.value !== void 0 ? { value: t.value } : {}, effect: t.effect })),
    ...ownership !== void 0 ? { ownership } : {},
    ...n.metadata?.resourceVersion ? { resourceVersion: n.metadata.resourceVersion } : {},
    hasAnnotations: n.metadata?.annotations !== void 0
  };
}
var jsonPatch = (o) => setHeaderOptions("Content-Type", PatchStrategy.JsonPatch, o);
async function applyNode(ctx, observed, pool) {
  const { client } = ctx;
  const nodeName = observed.name;
  const info = (verb) => ({ verb, resource: "nodes", group: "", name: nodeName });
  const tries = (ctx.conflictRetries ?? 5) + 1;
  let view = observed;
  const reread = async () => {
    const node = await call(client, info("get"), (o) => client.core.readNode({ name: nodeName }, o), { ...ctx.retry, notFound: { value: void 0 } });
    if (!node) throw new ClusterError(`cannot update node ${JSON.stringify(nodeName)}: it does not exist any more`, "not-found", void 0, 404);
    return nodeView(node);
  };
  let fresh = true;
  for (let i = 0; i < tries; i++) {
    if (!fresh) view = await reread();
    fresh = false;
    const change = poolOnNode(view, pool);
    if (!writesAnything(change)) return { status: "unchanged", writes: 0 };
    const body = nodePatch(view, change);
    try {
      await call(client, info("patch"), (o) => client.core.patchNode({ name: nodeName, body, fieldManager: ctx.fieldManager }, jsonPatch(o)), ctx.retry);
      return { status: "applied", writes: 1 };
    } catch (err) {
      if (isConflict(err)) continue;
      if (!isUnprocessable(err) || !view.resourceVersion) throw asClusterError(err, info("patch"), client);
      const now = await reread();
      if (now.resourceVersion === view.resourceVersion) throw asClusterError(err, info("patch"), client);
      view = now;
      fresh = true;
    }
  }
  throw conflictGiveUp(info("patch"), tries);
}

// src/io/cluster/lock.ts
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
var LOCK_NAME = "pool-reconciler";
var LockError = class extends Error {
  constructor(message, holder, hint) {
    super(message);
    this.holder = holder;
    this.hint = hint;
    this.name = "LockError";
  }
  holder;
  hint;
};
function defaultIdentity() {
  return `pool-reconciler@${hostname()} pid ${process.pid} ${randomBytes(4).toString("hex")}`;
}
function identityFromEnv(env, runUrl) {
  const run = env.GITHUB_RUN_ID;
  if (!run) return defaultIdentity();
  const parts = [`pool-reconciler run ${run}`, `attempt ${env.GITHUB_RUN_ATTEMPT || "1"}`];
  if (env.GITHUB_JOB) parts.push(`job ${env.GITHUB_JOB}`);
  parts.push(randomBytes(4).toString("hex"));
  return `${parts.join(" ")}${runUrl ? ` (${runUrl})` : ""}`;
}
function timeOf(v) {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "string" && v) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? void 0 : t;
  }
  return void 0;
}
function seconds(ms) {
  const s = Math.max(0, Math.round(ms / 1e3));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}
function viewLease(lease) {
  const spec = lease.spec ?? {};
  return {
    ...spec.holderIdentity ? { holder: spec.holderIdentity } : {},
    durationMs: (spec.leaseDurationSeconds ?? 0) * 1e3,
    ...timeOf(spec.acquireTime) !== void 0 ? { acquiredAt: timeOf(spec.acquireTime) } : {},
    ...timeOf(spec.renewTime ?? spec.acquireTime) !== void 0 ? { renewedAt: timeOf(spec.renewTime ?? spec.acquireTime) } : {}
  };
}
function describeHolder(v, unchangedMs) {
  const parts = [];
  if (v.renewedAt !== void 0) parts.push(`renewTime ${new Date(v.renewedAt).toISOString().replace(/\.\d+Z$/, "Z")} by its clock`);
  const left = v.durationMs - unchangedMs;
  parts.push(`unchanged for ${seconds(unchangedMs)} as seen here, ${left > 0 ? `expires in ${seconds(left)} unless renewed` : `expired after ${seconds(v.durationMs)}`}`);
  return `${JSON.stringify(v.holder ?? "")} (${parts.join("; ")})`;
}
async function acquireLock(client, api, options) {
  const name = options.name ?? LOCK_NAME;
  const { namespace, identity } = options;
  const durationS = Math.max(1, Math.round(options.leaseDurationSeconds ?? 60));
  const renewMs = options.renewIntervalMs ?? Math.max(200, Math.floor(durationS * 1e3 / 3));
  const waitMs = options.waitMs ?? 3e5;
  const pollMs = options.pollMs ?? 2e3;
  const progressMs = options.progressIntervalMs ?? 1e4;
  const fieldManager = options.fieldManager ?? "pool-reconciler";
  const now = options.now ?? Date.now;
  const say = options.onProgress ?? (() => void 0);
  const retry = options.retry ?? {};
  const info = (verb) => ({ verb, resource: "leases", group: "coordination.k8s.io", namespace, name });
  const ref = `Lease ${namespace}/${name}`;
  let writes = 0;
  let lease;
  let lost;
  let tookOverFrom;
  const get = () => call(client, info("get"), (o) => api.readNamespacedLease({ name, namespace }, o), { ...retry, notFound: { value: void 0 } });
  const put = async (body) => {
    const out = await call(client, info("update"), (o) => api.replaceNamespacedLease({ name, namespace, body, fieldManager }, o), retry);
    writes++;
    return out;
  };
  const mine = (t, transitions, acquire, prev) => ({
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { ...prev?.metadata ?? {}, name, namespace },
    spec: {
      ...prev?.spec ?? {},
      holderIdentity: identity,
      leaseDurationSeconds: durationS,
      ...acquire ? { acquireTime: new V1MicroTime(t) } : {},
      renewTime: new V1MicroTime(t),
      leaseTransitions: transitions
    }
  });
  const start = now();
  let lastSaid = -Infinity;
  let hadToWait = false;
  let conflicts = 0;
  const conflicted = () => {
    if (++conflicts > 10) {
      throw new LockError(
        `cannot take the apply lock: every write of ${ref} conflicted (409 Conflict ${conflicts} times)`,
        void 0,
        "Something else keeps writing this Lease; look at it with `kubectl get lease -o yaml`."
      );
    }
  };
  let seenRecord;
  let seenAt = start;
  for (; ; ) {
    const t = now();
    let current;
    try {
      current = await get();
    } catch (err) {
      throw lockFailure(err, client, info("get"));
    }
    if (!current) {
      try {
        lease = await call(client, info("create"), (o) => api.createNamespacedLease({ namespace, body: mine(t, 0, true), fieldManager }, o), retry);
        writes++;
        break;
      } catch (err) {
        if (isConflict(err)) {
          conflicted();
          continue;
        }
        throw lockFailure(err, client, info("create"));
      }
    }
    const v = viewLease(current);
    const record = JSON.stringify([current.metadata?.resourceVersion, v.holder, v.renewedAt, v.durationMs]);
    if (record !== seenRecord) {
      seenRecord = record;
      seenAt = t;
    }
    const unchangedMs = t - seenAt;
    const expired = unchangedMs >= v.durationMs;
    const free = !v.holder || v.holder === identity || expired;
    if (free) {
      const transitions = (current.spec?.leaseTransitions ?? 0) + (v.holder && v.holder !== identity ? 1 : 0);
      try {
        lease = await put(mine(t, transitions, v.holder !== identity, current));
        if (v.holder && v.holder !== identity) {
          tookOverFrom = v.holder;
          say(`lock: took over ${ref} from ${describeHolder(v, unchangedMs)}: it had expired`);
        }
        break;
      } catch (err) {
        if (isConflict(err)) {
          conflicted();
          continue;
        }
        throw lockFailure(err, client, info("update"));
      }
    }
    const waited = t - start;
    if (waited >= waitMs) {
      throw new LockError(
        `another apply holds the lock: ${ref} is held by ${describeHolder(v, unchangedMs)}; waited ${seconds(waited)} for it`,
        v.holder,
        "Let that run finish and run again, or give a longer lock wait. A Lease left by a run that crashed is taken over once it has stayed unchanged for its lease duration."
      );
    }
    if (t - lastSaid >= progressMs) {
      lastSaid = t;
      say(`lock: waiting for ${ref}, held by ${describeHolder(v, unchangedMs)}; waiting up to ${seconds(waitMs - waited)} more`);
    }
    const untilExpiry = v.durationMs - unchangedMs + 50;
    hadToWait = true;
    await sleep2(Math.max(10, Math.min(pollMs, waitMs - waited, untilExpiry)));
  }
  const waitedMs = hadToWait ? now() - start : 0;
  let lastRenew = now();
  let renewing;
  let stopped = false;
  const renewOnce = async () => {
    for (let i = 0; i < 5 && !stopped && !lost; i++) {
      const t = now();
      try {
        const body = mine(t, lease?.spec?.leaseTransitions ?? 0, false, lease);
        lease = await put(body);
        lastRenew = t;
        return;
      } catch (err) {
        if (isConflict(err)) {
          try {
            const cur = await get();
            const holder = cur?.spec?.holderIdentity;
            if (cur && holder === identity) {
              lease = cur;
              continue;
            }
            lost = `the lock was taken: ${ref} is now held by ${JSON.stringify(holder ?? "")}${cur ? "" : " (the Lease was deleted)"}`;
          } catch {
          }
          return;
        }
        if (now() - lastRenew > durationS * 1e3) {
          const e = err instanceof ClusterError ? err : translateError(err, info("update"), client.server, client.redact);
          lost = `the lock could not be renewed for ${durationS} s (${e.message}): another run may take it over`;
        }
        return;
      }
    }
  };
  const timer = setInterval(() => {
    if (renewing || stopped) return;
    renewing = renewOnce().finally(() => {
      renewing = void 0;
    });
  }, renewMs);
  timer.unref?.();
  return {
    identity,
    namespace,
    name,
    waitedMs,
    ...tookOverFrom !== void 0 ? { tookOverFrom } : {},
    get lost() {
      return lost;
    },
    get writes() {
      return writes;
    },
    async release() {
      stopped = true;
      clearInterval(timer);
      if (renewing) await renewing;
      if (lost) return void 0;
      for (let i = 0; i < 3; i++) {
        const t = now();
        try {
          const body = mine(t, lease?.spec?.leaseTransitions ?? 0, false, lease);
          body.spec = { ...body.spec, holderIdentity: "", leaseDurationSeconds: 1 };
          delete body.spec.acquireTime;
          await put(body);
          return void 0;
        } catch (err) {
          if (isConflict(err)) {
            try {
              const cur = await get();
              if (!cur || cur.spec?.holderIdentity !== identity) return void 0;
              lease = cur;
              continue;
            } catch (e) {
              return releaseMessage(ref, e, client);
            }
          }
          return releaseMessage(ref, err, client);
        }
      }
      return `could not release ${ref} (it kept changing); it expires by itself in ${durationS} s`;
    }
  };
}
function releaseMessage(ref, err, client) {
  const e = err instanceof ClusterError ? err : translateError(err, { verb: "update", resource: "leases", group: "coordination.k8s.io" }, client.server, client.redact);
  return `could not release ${ref}: ${e.message}; it expires by itself`;
}
function lockFailure(err, client, info) {
  const e = err instanceof ClusterError ? err : translateError(err, info, client.server, client.redact);
  if (e.code === 404 && info.verb === "create") {
    return new ClusterError(
      `cannot take the apply lock: ${e.message}`,
      e.reason,
      `The lock is a Lease in the Software Factory namespace ${JSON.stringify(info.namespace ?? "")}: does the namespace exist?`,
      e.code
    );
  }
  return new ClusterError(`cannot take the apply lock: ${e.message}`, e.reason, e.hint, e.code);
}

// src/io/cluster/preflight.ts
var NAMED_REVIEWS_PER_GROUP = 8;
var WRITE_VERBS = /* @__PURE__ */ new Set(["create", "update", "patch", "delete"]);
var isWrite = (a) => WRITE_VERBS.has(a.verb) || a.subresource === "exec";
function resourceName(a) {
  return a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
}
function describeAccess(a) {
  const what = a.name && !a.subresource ? `${resourceName(a)} ${JSON.stringify(a.name)}` : resourceName(a);
  return `${a.verb} ${what}${a.namespace ? ` in namespace ${JSON.stringify(a.namespace)}` : ""}`;
}
function accesses(desired, plan, live) {
  const out = [];
  const add = (a) => {
    if (!out.some((x) => x.verb === a.verb && x.group === a.group && resourceName(x) === resourceName(a) && x.namespace === a.namespace && x.name === a.name)) out.push(a);
  };
  const sf = desired.settings.softwareFactory;
  for (const s of plan.steps) {
    if (s.action === "unchanged") continue;
    const ns = s.object.namespace;
    switch (s.object.kind) {
      case "Secret":
        add(s.action === "create" ? { verb: "create", group: "", resource: "secrets", namespace: ns, why: `creates Secret ${ns}/${s.object.name}` } : { verb: "patch", group: "", resource: "secrets", namespace: ns, name: s.object.name, why: `writes the provider keys of Secret ${ns}/${s.object.name}` });
        break;
      case "Deployment":
      case "StatefulSet": {
        const resource = s.object.kind === "Deployment" ? "deployments" : "statefulsets";
        add({ verb: "patch", group: "apps", resource, namespace: ns, name: s.object.name, why: `sets the pod-template annotation of ${s.object.kind} ${ns}/${s.object.name}` });
        add({ verb: "get", group: "apps", resource, namespace: ns, name: s.object.name, why: `waits for the rollout of ${s.object.kind} ${ns}/${s.object.name}` });
        break;
      }
      case "Pod": {
        const why = "the Nodepool config refresh opens the exec over a WebSocket, which the API server authorizes as get";
        add({ verb: "get", group: "", resource: "pods", subresource: "exec", namespace: ns, why });
        add({ verb: "create", group: "", resource: "pods", subresource: "exec", namespace: ns, why: "the Nodepool config refresh (API servers from v1.35 check create on pods/exec too)" });
        if (s.object.selector) {
          add({ verb: "get", group: "apps", resource: "deployments", namespace: ns, name: sf.launcherDeployment, why: "finds the launcher Deployment's current ReplicaSet" });
          add({ verb: "list", group: "apps", resource: "replicasets", namespace: ns, why: "finds the launcher Deployment's current ReplicaSet" });
          add({ verb: "list", group: "", resource: "pods", namespace: ns, why: "finds the launcher pod to run the config refresh in" });
        } else {
          add({ verb: "get", group: "", resource: "pods", namespace: ns, name: s.object.name, why: `reads pod ${s.object.name} before the config refresh` });
        }
        break;
      }
      case "ConfigMap":
        add(s.action === "create" ? { verb: "create", group: "", resource: "configmaps", namespace: ns, why: `creates ConfigMap ${ns}/${s.object.name}` } : s.action === "delete" ? { verb: "delete", group: "", resource: "configmaps", namespace: ns, name: s.object.name, why: `deletes ConfigMap ${ns}/${s.object.name}, which pool-reconciler created and the repo dropped` } : { verb: "patch", group: "", resource: "configmaps", namespace: ns, name: s.object.name, why: `writes ConfigMap ${ns}/${s.object.name}` });
        break;
      case "Node":
        if (s.action === "drift") break;
        add({ verb: "patch", group: "", resource: "nodes", why: "writes the labels and taints of the nodes of the pools (a JSON patch with the resourceVersion observed)" });
        add({ verb: "get", group: "", resource: "nodes", why: "reads a node again when its patch got a 409 (it changed since it was observed)" });
        break;
    }
  }
  if (out.length) {
    add({ verb: "patch", group: "", resource: "configmaps", namespace: sf.namespace, name: STATE_CONFIGMAP, why: "records what was deployed and what pool-reconciler owns (the state ConfigMap)" });
    if (!live.stateExists) add({ verb: "create", group: "", resource: "configmaps", namespace: sf.namespace, why: "creates the state ConfigMap (its first apply)" });
    const lockNs = sf.namespace;
    add({ verb: "get", group: "coordination.k8s.io", resource: "leases", namespace: lockNs, name: LOCK_NAME, why: "the apply lock" });
    add({ verb: "create", group: "coordination.k8s.io", resource: "leases", namespace: lockNs, why: "the apply lock (its first use)" });
    add({ verb: "update", group: "coordination.k8s.io", resource: "leases", namespace: lockNs, name: LOCK_NAME, why: "the apply lock (renewal and release)" });
  }
  return out;
}
async function preflight(kc, desired, live, plan, options) {
  const { ctx } = options;
  const client = ctx.client;
  const problems = [];
  const notChecked = [];
  let requests = 0;
  const sf = desired.settings.softwareFactory;
  const changes = plan.steps.some((s) => s.action !== "unchanged");
  const tekton = desired.configMaps.find((c) => c.role === "tekton-defaults");
  if (tekton && !live.missingNamespaces.includes(tekton.namespace) && !live.configMaps.some((c) => c.namespace === tekton.namespace && c.name === tekton.name && c.exists)) {
    problems.push({
      message: `ConfigMap ${tekton.namespace}/${tekton.name} does not exist: Tekton creates it when it is installed`,
      hint: `Is Tekton installed in another namespace? Set \`dispatch.tekton-namespace\` in .pool-reconciler.yaml (or install Tekton).`
    });
  }
  for (const s of plan.steps.filter((x) => x.action === "exec")) {
    const ns = s.object.namespace ?? sf.namespace;
    if (live.missingNamespaces.includes(ns)) continue;
    try {
      const found = s.object.selector ? (await read(client, { verb: "list", resource: "pods", group: "", namespace: ns }, () => client.core.listNamespacedPod({ namespace: ns, labelSelector: s.object.selector }))).items.length > 0 : await read(client, { verb: "get", resource: "pods", group: "", namespace: ns, name: s.object.name }, () => client.core.readNamespacedPod({ name: s.object.name, namespace: ns }), { value: void 0 }) !== void 0;
      if (!found) {
        const what = s.object.selector ? `no pod with label ${s.object.selector}` : `pod ${s.object.name} does not exist`;
        problems.push({
          message: `${what} in namespace ${JSON.stringify(ns)}: the Nodepool config refresh (${s.id}) has no pod to run in`,
          hint: "Is Software Factory deployed there, with Nodepool? `kubectl -n " + ns + " get pods -l app=sf` shows its pods."
        });
      }
    } catch (err) {
      const e = err instanceof ClusterError ? err : translateError(err, { verb: "list", resource: "pods", group: "", namespace: ns }, client.server, client.redact);
      problems.push({ message: `cannot check the pods of the config refresh (${s.id}): ${e.message}`, ...e.hint ? { hint: e.hint } : {} });
    }
  }
  if (!changes) return { problems, notChecked, requests };
  const api = kc.makeApiClient(ObjectAuthorizationV1Api);
  const wanted = accesses(desired, plan, live);
  const review = async (a) => {
    requests++;
    const r = await read(client, { verb: "create", resource: "selfsubjectaccessreviews", group: "authorization.k8s.io" }, () => api.createSelfSubjectAccessReview({
      body: {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: { verb: a.verb, group: a.group, resource: a.resource, ...a.subresource ? { subresource: a.subresource } : {}, ...a.namespace ? { namespace: a.namespace } : {}, ...a.name ? { name: a.name } : {} } }
      }
    }));
    return r.status?.allowed === true;
  };
  const groupAllowed = /* @__PURE__ */ new Map();
  const groupKey = (a) => [a.verb, a.group, resourceName(a), a.namespace ?? ""].join("\0");
  const named2 = /* @__PURE__ */ new Map();
  for (const a of wanted) if (a.name) named2.set(groupKey(a), (named2.get(groupKey(a)) ?? 0) + 1);
  const answers = await settleLimited(wanted, options.concurrency ?? 8, async (a) => {
    if (a.name && (named2.get(groupKey(a)) ?? 0) > NAMED_REVIEWS_PER_GROUP) {
      let all = groupAllowed.get(groupKey(a));
      if (!all) groupAllowed.set(groupKey(a), all = review({ ...a, name: void 0 }));
      if (await all) return true;
    }
    return review(a);
  });
  const failed = answers.find((r) => r.status === "rejected");
  const denied = wanted.filter((_, i) => answers[i].status === "fulfilled" && !answers[i].value);
  let mayWrite = true;
  if (failed) {
    const e = failed.reason instanceof ClusterError ? failed.reason : new ClusterError(String(failed.reason), "api");
    notChecked.push(`the permissions of apply's requests were not checked: a SelfSubjectAccessReview failed (${e.message})`);
  } else {
    const writes = wanted.filter(isWrite);
    const deniedWrites = denied.filter(isWrite);
    if (options.mode === "plan" && writes.length > 0 && deniedWrites.length === writes.length) {
      mayWrite = false;
      const shown = deniedWrites.slice(0, 3).map(describeAccess).join(", ");
      notChecked.push(`these credentials are read-only (they may not ${shown}${deniedWrites.length > 3 ? `, and ${deniedWrites.length - 3} more` : ""}): the permissions of apply's writes and their server-side dry run were not checked; apply checks both with its own credentials before its first write`);
      for (const a of denied.filter((x) => !isWrite(x))) problems.push(deniedProblem(a));
    } else {
      for (const a of denied) problems.push(deniedProblem(a));
    }
  }
  if (!mayWrite) return { problems, notChecked, requests };
  if (problems.length) {
    notChecked.push("the server-side dry run of the writes was not made: fix the problems above first");
    return { problems, notChecked, requests };
  }
  const dry = { ...ctx, dryRun: true };
  const before = client.requests;
  const cms = new Map(desired.configMaps.map((c) => [`ConfigMap/${c.namespace}/${c.name}`, c]));
  const dryRuns = plan.steps.filter((x) => x.action !== "unchanged" && x.action !== "exec" && x.action !== "drift" && x.object.kind !== "Node");
  const refusals = await settleLimited(dryRuns, options.concurrency ?? 8, async (s) => {
    try {
      if (s.object.kind === "Secret" && desired.secret) await applySecret(dry, desired.secret, s.action !== "create");
      else if (s.action === "rollout") {
        const to = s.rollout?.to ?? live.secret?.resourceVersion ?? "0";
        await patchTemplateAnnotation(dry, { kind: s.object.kind, namespace: s.object.namespace ?? "", name: s.object.name }, s.rollout?.annotation ?? "nodepool-providers-secrets", to);
      } else if (s.object.kind === "ConfigMap") {
        const cm = cms.get(s.id);
        if (cm) await applyConfigMap(dry, cm, s.action !== "create");
      }
    } catch (err) {
      const e = err instanceof ClusterError ? err : new ClusterError(err instanceof Error ? err.message.split("\n")[0] : String(err), "api");
      return { message: `the dry run of ${s.id} was refused: ${e.message}`, ...e.hint ? { hint: e.hint } : { hint: "Nothing was written. Fix what the API server (or its admission webhook) names, then run again." } };
    }
    return void 0;
  });
  for (const r of refusals) if (r.status === "fulfilled" && r.value) problems.push(r.value);
  requests += client.requests - before;
  return { problems, notChecked, requests };
}
function deniedProblem(a) {
  return {
    message: `apply would be refused: the credentials may not ${describeAccess(a)} (${a.why})`,
    hint: rbacRule({ verb: a.verb, group: a.group, resource: resourceName(a), ...a.namespace ? { namespace: a.namespace } : {}, ...a.name ? { name: a.name } : {} })
  };
}

// src/desired/from-validation.ts
function desiredInputFrom(repo, validation, extra) {
  const { settings } = repo;
  const diagnostics = [];
  const input = {
    settings,
    commit: extra.commit,
    secrets: { ...extra.secrets },
    nodepoolLabels: validation.nodepool?.labels.map((l) => l.name) ?? [],
    nodepoolChanged: repo.files.some((f) => f.kind === "nodepool" || f.kind === "nodepool-builder"),
    nodepoolFiles: nodepoolFilesOf(repo, validation),
    nodePools: [],
    podTemplates: []
  };
  const cluster = validation.cluster;
  if (cluster) {
    input.nodePools = cluster.pools.map((p) => ({
      name: p.name,
      labels: Object.fromEntries(p.labels.map((l) => [l.key, l.value])),
      taints: p.taints.map((t) => ({ key: t.key, ...t.value ? { value: t.value } : {}, effect: t.effect }))
    }));
    const addon = cluster.dispatch;
    if (addon && addon.enabled !== false && addon.defaultPodTemplate) input.tektonDefaultPodTemplate = addon.defaultPodTemplate.raw;
  }
  for (const t of validation.podTemplates) {
    if (!t.name || t.raw === void 0) continue;
    if (!t.namespace) {
      const at = t.metadataPos ?? t.pos;
      diagnostics.push({
        rule: "plan/pod-template-namespace",
        severity: "error",
        file: t.file,
        line: at.line,
        column: at.column,
        message: `ConfigMap ${JSON.stringify(t.name)} has no metadata.namespace: the plan cannot tell where it goes`,
        hint: "Set metadata.namespace to the namespace of the Dispatch Repository that uses this pod template (the ConfigMap must be in the same namespace)."
      });
      continue;
    }
    input.podTemplates.push({ name: t.name, namespace: t.namespace, key: t.dataKey, value: t.raw, labels: t.labels ?? {}, file: t.file });
  }
  return { input, diagnostics };
}
function nodepoolFilesOf(repo, validation) {
  return repo.files.filter((f) => f.kind === "nodepool" || f.kind === "nodepool-builder" || f.kind === "playbook" || f.kind === "inventory").map((f) => {
    const file = { path: f.source.path, text: f.source.text, semantic: f.kind === "nodepool" || f.kind === "nodepool-builder" };
    const model = f.kind === "nodepool" ? validation?.nodepool : f.kind === "nodepool-builder" ? validation?.nodepoolBuilder : void 0;
    if (model?.root && model.file === f.source.path && !f.source.text.includes("%(NODEPOOL_")) PARSED_NODEPOOL.set(file, model.root);
    return file;
  });
}

// src/plan/nodepool-diff.ts
var MAX_VALUE = 80;
function show(v) {
  let s;
  if (v === null || v === void 0) s = "null";
  else if (typeof v === "string") s = /^[\w./:@+-]+$/.test(v) && v !== "" ? v : JSON.stringify(v);
  else if (v instanceof Date) s = v.toISOString();
  else s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}\u2026` : s;
}
var singular = (k) => k.endsWith("ies") ? `${k.slice(0, -3)}y` : k.endsWith("s") ? k.slice(0, -1) : k;
function where(path) {
  const owner = [];
  const field = [];
  for (const s of path) {
    if (s.name !== void 0) {
      owner.push(`${singular(s.key)} ${s.name}`);
      field.length = 0;
    } else field.push(s.key);
  }
  return { owner: owner.join(", "), field: field.join(".") };
}
function describe(op, path, before, after) {
  const last = path[path.length - 1];
  if (last?.name !== void 0 && op !== "change") {
    const { owner: owner2 } = where(path);
    return `${owner2} ${op === "add" ? "added" : "removed"}`;
  }
  const { owner, field } = where(path);
  const head = owner ? `${owner}: ` : "";
  if (op === "add") return `${head}${field} ${show(after)} added`;
  if (op === "remove") return `${head}${field} ${show(before)} removed`;
  return `${head}${field} ${show(before)} \u2192 ${show(after)}`;
}
function nameOf(n) {
  if (n.kind !== "map") return void 0;
  const v = n.byKey.get("name")?.value;
  return v && v.kind === "scalar" && v.value !== null ? String(v.value) : void 0;
}
function named(items) {
  if (items.length === 0) return void 0;
  const out = /* @__PURE__ */ new Map();
  for (const it of items) {
    const n = nameOf(it);
    if (n === void 0 || out.has(n)) return void 0;
    out.set(n, it);
  }
  return out;
}
function sameScalar(a, b) {
  if (a.tag !== b.tag) return false;
  const x = a.value;
  const y = b.value;
  if (x instanceof Date && y instanceof Date) return x.getTime() === y.getTime();
  if (x instanceof Uint8Array && y instanceof Uint8Array) return Buffer.from(x).equals(Buffer.from(y));
  return x === y || typeof x === "number" && typeof y === "number" && Number.isNaN(x) && Number.isNaN(y);
}
function same(a, b) {
  if (a.kind === "scalar" && b.kind === "scalar") return sameScalar(a, b);
  return JSON.stringify(toJS(a)) === JSON.stringify(toJS(b));
}
var lineIn = (src, n) => positionOf(src, n.offset).line;
function itemTexts(src, items) {
  const out = /* @__PURE__ */ new Map();
  for (let i = 0; i + 1 < items.length; i++) {
    const t = src.text.slice(items[i].offset, items[i + 1].offset);
    if (!t.includes("*")) out.set(items[i], t);
  }
  return out;
}
function walk(ctx, path, a, b) {
  if (a.kind === "scalar" && b.kind === "scalar") {
    if (!sameScalar(a, b)) ctx.out.push({ file: ctx.after.path, line: lineIn(ctx.after, b), op: "change", text: describe("change", path, a.value, b.value) });
    return;
  }
  if (a.kind === "map" && b.kind === "map") return walkMap(ctx, path, a, b);
  if (a.kind === "seq" && b.kind === "seq") {
    const na = named(a.items);
    const nb = named(b.items);
    if (na && nb) {
      const key = path[path.length - 1]?.key ?? "";
      const parent = path.slice(0, -1);
      const ta = itemTexts(ctx.before, a.items);
      const tb = itemTexts(ctx.after, b.items);
      for (const [name, bn] of nb) {
        const an = na.get(name);
        const p = [...parent, { key, name }];
        if (!an) ctx.out.push({ file: ctx.after.path, line: lineIn(ctx.after, bn), op: "add", text: describe("add", p) });
        else if (ta.get(an) === void 0 || ta.get(an) !== tb.get(bn)) walk(ctx, p, an, bn);
      }
      for (const [name, an] of na) {
        if (!nb.has(name)) ctx.out.push({ file: ctx.before.path, line: lineIn(ctx.before, an), op: "remove", text: describe("remove", [...parent, { key, name }]) });
      }
      return;
    }
  }
  if (same(a, b)) return;
  ctx.out.push({ file: ctx.after.path, line: lineIn(ctx.after, b), op: "change", text: describe("change", path, toJS(a), toJS(b)) });
}
function walkMap(ctx, path, a, b) {
  for (const pair of b.pairs) {
    if (pair.name === void 0) continue;
    const p = [...path, { key: pair.name }];
    const old = a.byKey.get(pair.name);
    if (!old) ctx.out.push({ file: ctx.after.path, line: lineIn(ctx.after, pair.key), op: "add", text: describe("add", p, void 0, toJS(pair.value)) });
    else walk(ctx, p, old.value, pair.value);
  }
  for (const pair of a.pairs) {
    if (pair.name === void 0 || b.byKey.has(pair.name)) continue;
    ctx.out.push({ file: ctx.before.path, line: lineIn(ctx.before, pair.key), op: "remove", text: describe("remove", [...path, { key: pair.name }], toJS(pair.value)) });
  }
}
function diffNodepoolFile(path, before, after, afterRoot) {
  if (before === after) return [];
  if (before === void 0) return [{ file: path, line: 1, op: "add", text: `${path} added` }];
  if (after === void 0) return [{ file: path, line: 1, op: "remove", text: `${path} removed` }];
  const bs = makeSource(path, before);
  const as = makeSource(path, after);
  const pb = parseYaml(bs);
  const pa = afterRoot ? void 0 : parseYaml(as);
  const rb = pb.documents[0]?.root ?? null;
  const ra = afterRoot ?? pa?.documents[0]?.root ?? null;
  if (!rb || !ra || pb.diagnostics.some((d) => d.severity === "error") || pa?.diagnostics.some((d) => d.severity === "error")) {
    return [{ file: path, line: 1, op: "change", text: `${path} changed (not comparable by meaning: one version does not parse)` }];
  }
  const out = [];
  walk({ before: bs, after: as, out }, [], rb, ra);
  if (out.length === 0) return [];
  return out;
}
function diffNodepool(before, after) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const f of after) {
    seen.add(f.path);
    if (f.semantic && (f.path in before.content || !(f.path in before.digests))) {
      out.push(...diffNodepoolFile(f.path, before.content[f.path], f.text, f.root));
    } else if (!(f.path in before.digests) && !(f.path in before.content)) {
      out.push({ file: f.path, line: 1, op: "add", text: `${f.path} added` });
    } else if (before.digests[f.path] !== void 0 && before.digests[f.path] !== f.digest) {
      out.push({ file: f.path, line: 1, op: "change", text: `${f.path} changed${f.semantic ? " (the deployed content was not recorded: compared by digest only)" : ""}` });
    }
  }
  for (const p of /* @__PURE__ */ new Set([...Object.keys(before.digests), ...Object.keys(before.content)])) {
    if (!seen.has(p)) out.push({ file: p, line: 1, op: "remove", text: `${p} removed` });
  }
  return out;
}

// src/plan/hash.ts
import { createHash as createHash2 } from "node:crypto";
function canonicalJson(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => v === void 0 ? "null" : canonicalJson(v)).join(",")}]`;
  if (typeof value.toJSON === "function") return canonicalJson(value.toJSON());
  const entries = Object.keys(value).sort().filter((k) => value[k] !== void 0).map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`);
  return `{${entries.join(",")}}`;
}
function planHash(plan) {
  const { hash: _hash, nodepool, ...rest } = plan;
  const hashed = nodepool ? { ...rest, nodepool: { digest: nodepool.digest, deployedDigest: nodepool.deployedDigest, refresh: nodepool.refresh } } : rest;
  return `sha256:${createHash2("sha256").update(canonicalJson(hashed)).digest("hex")}`;
}

// src/plan/types.ts
var STEP_ACTIONS = ["create", "update", "delete", "rollout", "exec", "drift", "unchanged"];

// src/plan/diff.ts
var SECRET_MARKER = "<redacted>";
var SECRET_CHANGED_MARKER = "<redacted, new value>";
var q2 = (s) => JSON.stringify(s);
var cmp3 = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function sameSecret(live, desired) {
  return Buffer.from(live.reveal(), "base64").equals(Buffer.from(desired.reveal(), "utf8"));
}
function diff(desired, live) {
  const steps = [];
  const notes = [...desired.notes, ...live.notes];
  const blockers = [];
  const pendingPools = [];
  const missingNs = new Set(live.missingNamespaces);
  const sf = desired.settings.softwareFactory;
  const settingsFile = ".pool-reconciler.yaml";
  const namespaceBlocker = (ns, what, hint) => {
    if (!missingNs.has(ns)) return;
    blockers.push(`namespace ${q2(ns)} does not exist: ${what} cannot be created there. ${hint}`);
  };
  let secretChanges = false;
  if (desired.secret) {
    const ds = desired.secret;
    const ls = live.secret?.exists ? live.secret : void 0;
    const keys = { added: [], changed: [], removed: [], unchanged: [] };
    const before = {};
    const after = {};
    const changes = [];
    for (const k of SECRET_KEYS) {
      const d = ds.data[k];
      if (!d) continue;
      const l = ls?.data[k];
      if (!l) {
        keys.added.push(k);
        after[k] = SECRET_MARKER;
        changes.push({ path: `data[${q2(k)}]`, op: "add" });
      } else if (!sameSecret(l, d)) {
        keys.changed.push(k);
        before[k] = SECRET_MARKER;
        after[k] = SECRET_CHANGED_MARKER;
        changes.push({ path: `data[${q2(k)}]`, op: "change" });
      } else {
        keys.unchanged.push(k);
        before[k] = SECRET_MARKER;
        after[k] = SECRET_MARKER;
      }
    }
    for (const k of ds.remove ?? []) {
      if (!ls?.data[k]) continue;
      if (!(ls.managedKeys ?? []).includes(k)) {
        notes.push(`provider key ${k} of Secret ${ds.namespace}/${ds.name} is not removed although software-factory.remove-provider-keys lists it: pool-reconciler did not write it (the Secret's annotation ${MANAGED_KEYS_ANNOTATION} does not list it); remove it by hand if it must go`);
        continue;
      }
      keys.removed.push(k);
      before[k] = SECRET_MARKER;
      changes.push({ path: `data[${q2(k)}]`, op: "remove" });
    }
    if (keys.removed.length) {
      notes.push(`removing ${keys.removed.join(", ")} from Secret ${ds.namespace}/${ds.name}: sf-operator mounts each key that existed when it deployed by subPath, so the Nodepool pods restarted by this apply cannot start while they still mount a removed key; run \`sf-operator deploy\` right after`);
    }
    const action = !ls ? "create" : changes.length ? "update" : "unchanged";
    secretChanges = action !== "unchanged";
    const parts = [];
    if (action === "create") parts.push(`create with ${plural(keys.added.length, "key")} ${keys.added.join(", ")}`);
    else {
      if (keys.changed.length) parts.push(`changed: ${keys.changed.join(", ")}`);
      if (keys.added.length) parts.push(`added: ${keys.added.join(", ")}`);
      if (keys.removed.length) parts.push(`removed: ${keys.removed.join(", ")}`);
      if (keys.unchanged.length) parts.push(`unchanged: ${keys.unchanged.join(", ")}`);
    }
    const unmountedKeys = [];
    const liveWorkloads = desired.workloads.map((w) => live.workloads.find((x) => x.kind === w.kind && x.namespace === w.namespace && x.name === w.name)).filter((w) => w !== void 0 && w.exists && w.secretKeysMounted !== void 0);
    for (const k of [...keys.added, ...keys.changed, ...keys.unchanged]) {
      const missing = liveWorkloads.filter((w) => w.secretKeysMounted !== "all" && !(w.secretKeysMounted ?? []).includes(k)).map((w) => `${w.kind} ${w.namespace}/${w.name}`);
      if (!missing.length) continue;
      const message = `\`${k}\` is ${keys.unchanged.includes(k) ? "in the Secret" : keys.added.includes(k) ? "new" : "changed"}: Nodepool will not see it until \`sf-operator deploy\` runs (no container of ${missing.join(" or ")} mounts it: sf-operator mounts each key by subPath, only the keys the Secret had when it deployed)`;
      notes.push(message);
      if (!keys.unchanged.includes(k)) unmountedKeys.push({ key: k, workloads: missing, message });
    }
    if (keys.added.includes("clouds.yaml") || keys.changed.includes("clouds.yaml")) {
      notes.push(`\`clouds.yaml\` changes: sf-operator derives the statsd mapping (ConfigMap ${ds.namespace}/np-statsd) from it when it deploys; that mapping stays as it was until the next \`sf-operator deploy\``);
    }
    steps.push({
      id: `Secret/${ds.namespace}/${ds.name}`,
      action,
      object: { kind: "Secret", namespace: ds.namespace, name: ds.name },
      summary: action === "create" ? parts[0] : `keys ${parts.join("; ")}`,
      changes,
      ...ls ? { before: { data: before } } : {},
      after: { data: after },
      secretKeys: keys,
      ...unmountedKeys.length ? { unmountedKeys } : {}
    });
    namespaceBlocker(
      ds.namespace,
      `Secret ${ds.namespace}/${ds.name}`,
      `Is Software Factory deployed in another namespace? Set \`software-factory.namespace\` in ${settingsFile}.`
    );
  }
  for (const w of desired.workloads) {
    const lw = live.workloads.find((x) => x.kind === w.kind && x.namespace === w.namespace && x.name === w.name);
    const ref = `${w.kind} ${w.namespace}/${w.name}`;
    if (!lw?.exists) {
      if (missingNs.has(w.namespace)) continue;
      const msg = `${ref} not found: it mounts the providers Secret, so it is rolled out when the Secret changes; is Software Factory deployed in namespace ${q2(w.namespace)} (set \`software-factory.namespace\` or the workload names in ${settingsFile})?`;
      if (secretChanges) blockers.push(msg);
      else notes.push(msg);
      continue;
    }
    const path = `spec.template.metadata.annotations[${q2(w.annotation)}]`;
    const base = { id: `${w.kind}/${w.namespace}/${w.name}`, object: { kind: w.kind, namespace: w.namespace, name: w.name } };
    const from = lw.annotation ?? null;
    const annotations = (v) => ({ spec: { template: { metadata: { annotations: v === null ? {} : { [w.annotation]: v } } } } });
    if (secretChanges) {
      const to = "<resourceVersion of the updated Secret>";
      steps.push({
        ...base,
        action: "rollout",
        summary: `pod-template annotation ${w.annotation}: ${from === null ? "unset" : q2(from)} \u2192 the Secret's new resourceVersion; wait for the rollout`,
        changes: [{ path, op: from === null ? "add" : "change", ...from === null ? {} : { before: from }, after: to }],
        before: annotations(from),
        after: annotations(to),
        rollout: { annotation: w.annotation, from, to: null, reason: "secret-changes" }
      });
      continue;
    }
    const rv = live.secret?.exists ? live.secret.resourceVersion : void 0;
    if (rv !== void 0 && from !== rv) {
      steps.push({
        ...base,
        action: "rollout",
        summary: `pod-template annotation ${w.annotation}: ${from === null ? "unset" : q2(from)} \u2192 ${q2(rv)} (the Secret changed since the last rollout); wait for the rollout`,
        changes: [{ path, op: from === null ? "add" : "change", ...from === null ? {} : { before: from }, after: rv }],
        before: annotations(from),
        after: annotations(rv),
        rollout: { annotation: w.annotation, from, to: rv, reason: "annotation-behind" }
      });
    } else {
      steps.push({
        ...base,
        action: "unchanged",
        summary: `pod-template annotation ${w.annotation} matches the Secret`,
        changes: []
      });
    }
  }
  const nodepool = nodepoolSection(desired, live);
  if (live.stateProblem) notes.push(`the state ConfigMap ${sf.namespace}/${STATE_CONFIGMAP} ${live.stateProblem}: what is deployed is unknown, the Nodepool config refresh runs, and the next apply writes it again`);
  for (const e of nodepool?.refresh === false ? [] : desired.execs) {
    const name = e.pod ?? `-l ${e.podSelector ?? ""}`;
    steps.push({
      id: `exec/${e.component}`,
      action: "exec",
      object: { kind: "Pod", namespace: e.namespace, name, ...e.podSelector && !e.pod ? { selector: e.podSelector } : {} },
      summary: `${[...Object.entries(e.env).map(([k, v]) => `${k}=${v}`), ...e.command].join(" ")} (Nodepool config refresh, ${e.component})`,
      changes: [],
      exec: { component: e.component, container: e.container, command: [...e.command], env: { ...e.env } }
    });
  }
  if (desired.execs.length && !desired.secret) {
    namespaceBlocker(sf.namespace, "the Nodepool config refresh", `Is Software Factory deployed in another namespace? Set \`software-factory.namespace\` in ${settingsFile}.`);
  }
  const liveCm = new Map(live.configMaps.map((c) => [`${c.namespace}/${c.name}`, c]));
  const desiredCm = new Set(desired.configMaps.map((d) => `${d.namespace}/${d.name}`));
  for (const d of desired.configMaps) {
    const l = liveCm.get(`${d.namespace}/${d.name}`);
    steps.push(configMapStep(d, l?.exists ? l : void 0));
    const from = d.files.length ? ` (${d.files.join(", ")})` : "";
    namespaceBlocker(
      d.namespace,
      `ConfigMap ${d.namespace}/${d.name}${from}`,
      d.role === "tekton-defaults" ? `Is Tekton installed in another namespace? Set \`dispatch.tekton-namespace\` in ${settingsFile}.` : "It must be the namespace of the Dispatch Repository that uses the pod template: create it, or fix the ConfigMap's metadata.namespace."
    );
  }
  for (const l of live.recordedConfigMaps ?? []) {
    if (desiredCm.has(`${l.namespace}/${l.name}`) || !l.exists) continue;
    if (l.labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
      notes.push(`ConfigMap ${l.namespace}/${l.name} was created by pool-reconciler and is no longer in the repo, but it no longer carries the label ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}: someone else took it over, so it is not deleted`);
      continue;
    }
    steps.push({
      id: `ConfigMap/${l.namespace}/${l.name}`,
      action: "delete",
      object: { kind: "ConfigMap", namespace: l.namespace, name: l.name },
      summary: "delete: created by pool-reconciler, no longer in the repo",
      changes: Object.keys(l.data).sort(cmp3).map((k) => ({ path: `data[${q2(k)}]`, op: "remove", before: l.data[k] })),
      before: { ...Object.keys(l.data).length ? { data: { ...l.data } } : {} }
    });
  }
  const nodesByPool = /* @__PURE__ */ new Map();
  for (const n of live.nodes) {
    const list = nodesByPool.get(n.pool) ?? [];
    list.push(n);
    nodesByPool.set(n.pool, list);
  }
  for (const pool of desired.nodePools) {
    const nodes = [...nodesByPool.get(pool.name) ?? []].sort((a, b) => cmp3(a.name, b.name));
    if (nodes.length === 0) {
      pendingPools.push({
        pool: pool.name,
        message: `node pool ${q2(pool.name)} has no nodes yet (none is labelled ${NODE_POOL_LABEL}=${pool.name}): the pool is provisioned by \`konvoy up\`, which sets its labels and taints; nothing to apply on its nodes until then`
      });
      continue;
    }
    for (const n of nodes) steps.push(nodeStep(pool, pool.name, n, live.pods));
  }
  const desiredPools = new Set(desired.nodePools.map((p) => p.name));
  for (const name of [...new Set(live.state?.managed.pools ?? [])].sort(cmp3)) {
    if (desiredPools.has(name)) continue;
    for (const n of [...nodesByPool.get(name) ?? []].sort((a, b) => cmp3(a.name, b.name))) {
      const step = nodeStep(void 0, name, n, live.pods);
      if (step.action !== "unchanged") steps.push(step);
    }
  }
  const nodeSteps = steps.filter((x) => x.object.kind === "Node");
  const changedNodes = nodeSteps.filter((x) => x.action === "update");
  const poolsByName = new Map(desired.nodePools.map((p) => [p.name, p]));
  const adopts = (n) => {
    const p = poolsByName.get(n.pool);
    if (!p || n.ownership !== void 0) return false;
    return Object.keys(p.labels).some((k) => k in n.labels) || n.taints.some((t) => p.taints.some((d) => d.key === t.key && d.effect === t.effect));
  };
  if (live.nodes.some(adopts)) {
    notes.push(`some nodes carry no ownership record (annotation ${NODE_OWNERSHIP_ANNOTATION}): written by an earlier version of pool-reconciler, or never. The pool's labels and taints found on them are adopted; labels or taints an earlier version applied that the repo no longer declares cannot be told apart from anyone else's and are left as they are (remove them with kubectl if they are leftovers)`);
  }
  if (desired.settings.nodes === "report-only") {
    for (const x of changedNodes) x.action = "drift";
    if (changedNodes.length) notes.push(`nodes: report-only (${settingsFile}): the differences on ${plural(changedNodes.length, "node")} are reported, not written; \`konvoy up\` with this cluster.yaml writes them`);
  } else if (changedNodes.length) {
    notes.push(`\`konvoy up\` also writes the pools' labels and taints, on the nodes it creates: this change reaches nodes created later only once \`konvoy up\` runs with this cluster.yaml`);
  }
  const counts = Object.fromEntries(STEP_ACTIONS.map((a) => [a, 0]));
  for (const s of steps) counts[s.action]++;
  const plan = {
    format: "pool-reconciler/plan/v1",
    changes: counts.create + counts.update + counts.delete + counts.rollout + (nodepool?.refresh ? 1 : 0),
    counts,
    steps,
    pendingPools,
    blockers,
    notes,
    ...nodepool ? { nodepool } : {}
  };
  return { ...plan, hash: planHash(plan) };
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function configMapStep(desiredCm, l) {
  const d = !l && desiredCm.role === "pod-template" ? { ...desiredCm, labels: { ...desiredCm.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } } : desiredCm;
  const changes = [];
  const beforeLabels = {};
  const beforeData = {};
  for (const [k, v] of Object.entries(d.labels)) {
    const lv = l?.labels[k];
    if (lv !== void 0) beforeLabels[k] = lv;
    if (lv === void 0) changes.push({ path: `metadata.labels[${q2(k)}]`, op: "add", after: v });
    else if (lv !== v) changes.push({ path: `metadata.labels[${q2(k)}]`, op: "change", before: lv, after: v });
  }
  for (const [k, v] of Object.entries(d.data)) {
    const lv = l?.data[k];
    if (lv !== void 0) beforeData[k] = lv;
    if (lv === void 0) changes.push({ path: `data[${q2(k)}]`, op: "add", after: v });
    else if (lv !== v) changes.push({ path: `data[${q2(k)}]`, op: "change", before: lv, after: v });
  }
  const action = !l ? "create" : changes.length ? "update" : "unchanged";
  const project = (labels, data) => ({
    ...Object.keys(labels).length ? { metadata: { labels } } : {},
    ...Object.keys(data).length ? { data } : {}
  });
  const what = d.role === "tekton-defaults" ? "Tekton's default pod template" : "pod template";
  let summary;
  if (action === "create") {
    const keys = Object.keys(d.data).join(", ");
    const nl = Object.keys(d.labels).length;
    summary = `create: ${what} in data key ${keys}${nl ? `, ${plural(nl, "label")}` : ""}`;
  } else if (action === "update") summary = describeChanges(changes);
  else summary = `${what} up to date`;
  return {
    id: `ConfigMap/${d.namespace}/${d.name}`,
    action,
    object: { kind: "ConfigMap", namespace: d.namespace, name: d.name },
    summary,
    changes,
    ...l ? { before: project(beforeLabels, beforeData) } : {},
    after: project(d.labels, d.data),
    ...d.files.length ? { files: [...d.files] } : {}
  };
}
function nodeStep(pool, poolName, n, pods) {
  const p = poolOnNode(n, pool);
  const changes = p.changes;
  const impact = pods ? podImpact(n, p.taints, pods.filter((x) => x.node === n.name)) : void 0;
  const taintData = (ts) => ts.map((t) => ({ key: t.key, ...t.value ? { value: t.value } : {}, effect: t.effect }));
  const project = (labels, taints) => ({
    ...Object.keys(labels).length ? { metadata: { labels } } : {},
    ...taints.length ? { spec: { taints: taintData(taints) } } : {}
  });
  return {
    id: `Node/${n.name}`,
    action: changes.length ? "update" : "unchanged",
    object: { kind: "Node", name: n.name },
    summary: changes.length ? describeChanges(changes) : `labels and taints of pool ${q2(poolName)} in place`,
    changes,
    before: project(p.before.labels, p.before.taints),
    after: project(p.after.labels, p.after.taints),
    pool: poolName,
    ...impact?.evictions.length ? { evictions: impact.evictions } : {},
    ...impact?.notAdmitted ? { notAdmitted: impact.notAdmitted } : {}
  };
}
function podImpact(n, after, pods) {
  const had = new Set(n.taints.map((t) => taintString(t)));
  const fresh = after.filter((t) => !had.has(taintString(t)) && (t.effect === "NoExecute" || t.effect === "NoSchedule"));
  const evictions = [];
  let notAdmitted = 0;
  if (fresh.length === 0) return { evictions, notAdmitted };
  for (const pod of [...pods].sort((a, b) => cmp3(a.namespace, b.namespace) || cmp3(a.name, b.name))) {
    if (pod.phase === "Succeeded" || pod.phase === "Failed") continue;
    let evicted;
    let blocked = false;
    for (const t of fresh) {
      const tol = pod.tolerations.filter((x) => tolerates({ ...x, tolerationSeconds: x.tolerationSeconds ?? null }, t));
      if (t.effect === "NoExecute") {
        if (tol.length === 0) evicted ??= { namespace: pod.namespace, name: pod.name, ...pod.owner ? { owner: pod.owner } : {}, taint: taintString(t) };
        else if (tol.every((x) => typeof x.tolerationSeconds === "number")) {
          const secs = Math.min(...tol.map((x) => x.tolerationSeconds));
          evicted ??= { namespace: pod.namespace, name: pod.name, ...pod.owner ? { owner: pod.owner } : {}, taint: taintString(t), afterSeconds: Math.max(0, secs) };
        }
      } else if (tol.length === 0) blocked = true;
    }
    if (evicted) evictions.push(evicted);
    else if (blocked) notAdmitted++;
  }
  return { evictions, notAdmitted };
}
function nodepoolSection(desired, live) {
  if (desired.nodepoolFiles.length === 0) return void 0;
  const { digest, files } = nodepoolDigest(desired.nodepoolFiles);
  const after = desired.nodepoolFiles.map((f) => ({ ...f, digest: files[f.path], root: PARSED_NODEPOOL.get(f) }));
  const st = live.state;
  if (st) {
    const refresh = st.nodepool.digest !== digest;
    const changes = refresh ? diffNodepool({ content: st.nodepool.content ?? {}, digests: st.nodepool.files }, after) : [];
    return { baseline: { kind: "deployed", commit: st.commit, ...st.appliedAt ? { appliedAt: st.appliedAt } : {} }, digest, deployedDigest: st.nodepool.digest, refresh, changes };
  }
  if (live.base) {
    const b = nodepoolDigest(live.base.files);
    const content = Object.fromEntries(live.base.files.filter((f) => f.semantic).map((f) => [f.path, f.text]));
    const changes = b.digest === digest ? [] : diffNodepool({ content, digests: b.files }, after);
    return { baseline: { kind: "base", ref: live.base.ref, ...live.base.commit ? { commit: live.base.commit } : {} }, digest, deployedDigest: null, refresh: true, changes };
  }
  return {
    baseline: { kind: "none", reason: `no deployed state recorded in the cluster yet, and ${live.baseProblem ?? "no base branch given to compare with"}` },
    digest,
    deployedDigest: null,
    refresh: true,
    changes: []
  };
}
function describeChanges(changes) {
  const parts = changes.map((c) => {
    const m = /^(metadata\.labels|metadata\.annotations|data|spec\.taints)\[("(?:[^"\\]|\\.)*")\]$/.exec(c.path);
    const key = m ? JSON.parse(m[2]) : c.path;
    if (m?.[1] === "metadata.labels") {
      if (c.op === "remove") return `label ${key}=${c.before ?? ""} removed`;
      return c.op === "add" ? `label ${key}=${c.after ?? ""} added` : `label ${key}: ${c.before ?? ""} \u2192 ${c.after ?? ""}`;
    }
    if (m?.[1] === "spec.taints") {
      if (c.op === "remove") return `taint ${c.before ?? key} removed`;
      return c.op === "add" ? `taint ${c.after ?? key} added` : `taint ${c.before ?? key} \u2192 ${c.after ?? ""}`;
    }
    if (m?.[1] === "metadata.annotations" && key === NODE_OWNERSHIP_ANNOTATION) {
      return c.op === "remove" ? "ownership record removed" : c.op === "add" ? "ownership record written" : "ownership record updated";
    }
    if (m?.[1] === "data") return `data key ${key} ${c.op === "add" ? "added" : c.op === "remove" ? "removed" : "changed"}`;
    return `${c.path} ${c.op}`;
  });
  return parts.join("; ");
}

// src/run/plan.ts
async function runPlan(req) {
  const env = req.env ?? {};
  const secrets = req.secrets ?? {};
  const repo = loadRepo(req.repoPath, req.baseSettings !== void 0 ? { baseSettings: req.baseSettings } : {});
  const validation = validateRepo(repo, { env });
  validation.diagnostics.push(...checkValidationSecrets(validation, secrets));
  const { input, diagnostics } = desiredInputFrom(repo, validation, { commit: req.commit, secrets });
  validation.diagnostics.push(...diagnostics);
  sortDiagnostics(validation.diagnostics);
  if (validation.diagnostics.some((d) => d.severity === "error")) {
    return { repo, validation, errors: [], stage: "validation", requests: 0 };
  }
  const desired = desire(input);
  let client;
  let kc;
  try {
    kc = loadKubeConfig({
      yaml: req.kubeconfig,
      inputName: req.kubeconfig !== void 0 ? req.kubeconfigName ?? "input `kubeconfig`" : void 0,
      file: req.kubeconfigFile,
      env
    });
    client = makeClusterClient(kc, { timeoutMs: req.timeoutMs });
  } catch (err) {
    return { repo, validation, errors: [toPlanError(err)], stage: "cluster", desired, requests: 0 };
  }
  const connection = { kc, client };
  let live;
  try {
    live = await observe(client, desired, { concurrency: req.concurrency });
  } catch (err) {
    const errors2 = err instanceof ObserveError ? err.errors.map(toPlanError) : [toPlanError(err)];
    return { repo, validation, errors: errors2, stage: "cluster", desired, requests: client.requests, connection };
  }
  if (!live.state && req.base && desired.nodepoolFiles.length) {
    try {
      const at = nodepoolFilesAt(req.repoPath, req.base, repo.settings);
      live.base = { ref: req.base, commit: at.commit, files: at.files };
    } catch (err) {
      live.baseProblem = `the base ${JSON.stringify(req.base)} could not be read: ${err instanceof GitError ? err.message : String(err)}`;
    }
  }
  const plan = diff(desired, live);
  const errors = plan.blockers.map((message) => ({ message }));
  let nodepoolApi;
  if (req.nodepoolApi) {
    const want = desired.verify.nodepoolLabels;
    const r = await verifyLabels({ url: req.nodepoolApi.url, labels: want, timeoutMs: 0, requestTimeoutMs: req.nodepoolApi.timeoutMs });
    const wanted = new Set(want);
    nodepoolApi = r.error ? { missing: [], extra: [], error: r.error } : { missing: r.missing, extra: [...new Set(r.listed)].filter((l) => !wanted.has(l)).sort() };
  }
  const extra = nodepoolApi ? { nodepoolApi } : {};
  if (req.preflight === false || errors.length) return { repo, validation, plan, errors, stage: "done", desired, live, requests: client.requests, connection, ...extra };
  const ctx = { client, kc, fieldManager: FIELD_MANAGER, retry: {}, progress: () => void 0 };
  const pf = await preflight(kc, desired, live, plan, { mode: "plan", ctx, ...req.concurrency !== void 0 ? { concurrency: req.concurrency } : {} });
  errors.push(...pf.problems);
  return { repo, validation, plan, errors, stage: "done", desired, live, requests: client.requests, connection, ...extra, ...pf.notChecked.length ? { preflight: { notChecked: pf.notChecked } } : {} };
}
function toPlanError(err) {
  if (err instanceof ClusterError) return { message: err.message, ...err.hint ? { hint: err.hint } : {} };
  return { message: `unexpected error while planning: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}` };
}

export {
  call,
  LockError,
  defaultIdentity,
  identityFromEnv,
  acquireLock,
  execArgv,
  STATE_CONFIGMAP,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  nodepoolDigest,
  encodeState,
  ObserveError,
  observe,
  verifyLabels,
  FIELD_MANAGER,
  createOrMergePatch,
  applySecret,
  patchTemplateAnnotation,
  waitForRollouts,
  secondsText,
  execInPod,
  choosePod,
  applyConfigMap,
  deleteConfigMap,
  applyNode,
  preflight,
  canonicalJson,
  planHash,
  diff,
  runPlan
};
