import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  SECRET_KEYS,
  checkValidationSecrets
} from "./chunk-WABNKSWA.js";
import {
  NODE_POOL_LABEL,
  sortDiagnostics,
  validateRepo
} from "./chunk-BTGS5EVF.js";
import {
  loadRepo
} from "./chunk-GLNUNNEN.js";
import {
  ClusterError,
  loadKubeConfig,
  makeClusterClient,
  read
} from "./chunk-XGWFFM6C.js";

// src/desired/types.ts
import { inspect } from "node:util";
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
function execArgv(e) {
  const vars = Object.keys(e.env).sort().map((k) => `${k}=${e.env[k]}`);
  return vars.length ? ["env", ...vars, ...e.command] : [...e.command];
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
  return { name: n.metadata?.name ?? "", pool: labels[NODE_POOL_LABEL] ?? "", resourceVersion: n.metadata?.resourceVersion, labels, taints };
}
async function observe(client, desired, options = {}) {
  const concurrency = options.concurrency ?? 8;
  const live = emptyLiveState();
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
      live.secret = { namespace, name, exists: s !== void 0, resourceVersion: s?.metadata?.resourceVersion, data };
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
      const lw = { kind: w.kind, namespace, name, exists: obj !== void 0, ...annotation !== void 0 ? { annotation } : {} };
      live.workloads.push(lw);
      mark(namespace, obj !== void 0);
    });
  }
  const cmByNs = /* @__PURE__ */ new Map();
  for (const cm of desired.configMaps) cmByNs.set(cm.namespace, [...cmByNs.get(cm.namespace) ?? [], cm.name]);
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
  const pools = desired.nodePools.map((p) => p.name);
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
  if (Object.keys(data).length > 0) secret = { namespace: sf.namespace, name: sf.providersSecret, data };
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
    settings: { softwareFactory: { ...sf }, dispatch: { ...settings.dispatch } },
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

// src/plan/hash.ts
import { createHash } from "node:crypto";
function canonicalJson(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => v === void 0 ? "null" : canonicalJson(v)).join(",")}]`;
  if (typeof value.toJSON === "function") return canonicalJson(value.toJSON());
  const entries = Object.keys(value).sort().filter((k) => value[k] !== void 0).map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`);
  return `{${entries.join(",")}}`;
}
function planHash(plan) {
  const { hash: _hash, ...rest } = plan;
  return `sha256:${createHash("sha256").update(canonicalJson(rest)).digest("hex")}`;
}

// src/plan/types.ts
var STEP_ACTIONS = ["create", "update", "rollout", "exec", "unchanged"];

// src/plan/diff.ts
var SECRET_MARKER = "<redacted>";
var SECRET_CHANGED_MARKER = "<redacted, new value>";
var q = (s) => JSON.stringify(s);
var cmp2 = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function taintString(t) {
  return `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`;
}
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
    blockers.push(`namespace ${q(ns)} does not exist: ${what} cannot be created there. ${hint}`);
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
        changes.push({ path: `data[${q(k)}]`, op: "add" });
      } else if (!sameSecret(l, d)) {
        keys.changed.push(k);
        before[k] = SECRET_MARKER;
        after[k] = SECRET_CHANGED_MARKER;
        changes.push({ path: `data[${q(k)}]`, op: "change" });
      } else {
        keys.unchanged.push(k);
        before[k] = SECRET_MARKER;
        after[k] = SECRET_MARKER;
      }
    }
    const action = !ls ? "create" : changes.length ? "update" : "unchanged";
    secretChanges = action !== "unchanged";
    const parts = [];
    if (action === "create") parts.push(`create with ${plural(keys.added.length, "key")} ${keys.added.join(", ")}`);
    else {
      if (keys.changed.length) parts.push(`changed: ${keys.changed.join(", ")}`);
      if (keys.added.length) parts.push(`added: ${keys.added.join(", ")}`);
      if (keys.unchanged.length) parts.push(`unchanged: ${keys.unchanged.join(", ")}`);
    }
    steps.push({
      id: `Secret/${ds.namespace}/${ds.name}`,
      action,
      object: { kind: "Secret", namespace: ds.namespace, name: ds.name },
      summary: action === "create" ? parts[0] : `keys ${parts.join("; ")}`,
      changes,
      ...ls ? { before: { data: before } } : {},
      after: { data: after },
      secretKeys: keys
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
      const msg = `${ref} not found: it mounts the providers Secret, so it is rolled out when the Secret changes; is Software Factory deployed in namespace ${q(w.namespace)} (set \`software-factory.namespace\` or the workload names in ${settingsFile})?`;
      if (secretChanges) blockers.push(msg);
      else notes.push(msg);
      continue;
    }
    const path = `spec.template.metadata.annotations[${q(w.annotation)}]`;
    const base = { id: `${w.kind}/${w.namespace}/${w.name}`, object: { kind: w.kind, namespace: w.namespace, name: w.name } };
    const from = lw.annotation ?? null;
    const annotations = (v) => ({ spec: { template: { metadata: { annotations: v === null ? {} : { [w.annotation]: v } } } } });
    if (secretChanges) {
      const to = "<resourceVersion of the updated Secret>";
      steps.push({
        ...base,
        action: "rollout",
        summary: `pod-template annotation ${w.annotation}: ${from === null ? "unset" : q(from)} \u2192 the Secret's new resourceVersion; wait for the rollout`,
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
        summary: `pod-template annotation ${w.annotation}: ${from === null ? "unset" : q(from)} \u2192 ${q(rv)} (the Secret changed since the last rollout); wait for the rollout`,
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
  for (const e of desired.execs) {
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
  const nodesByPool = /* @__PURE__ */ new Map();
  for (const n of live.nodes) {
    const list = nodesByPool.get(n.pool) ?? [];
    list.push(n);
    nodesByPool.set(n.pool, list);
  }
  for (const pool of desired.nodePools) {
    const nodes = [...nodesByPool.get(pool.name) ?? []].sort((a, b) => cmp2(a.name, b.name));
    if (nodes.length === 0) {
      pendingPools.push({
        pool: pool.name,
        message: `node pool ${q(pool.name)} has no nodes yet (none is labelled ${NODE_POOL_LABEL}=${pool.name}): the pool is provisioned by \`konvoy up\`, which sets its labels and taints; nothing to apply on its nodes until then`
      });
      continue;
    }
    for (const n of nodes) steps.push(nodeStep(pool, n));
  }
  const counts = Object.fromEntries(STEP_ACTIONS.map((a) => [a, 0]));
  for (const s of steps) counts[s.action]++;
  const plan = {
    format: "pool-reconciler/plan/v1",
    changes: counts.create + counts.update + counts.rollout,
    counts,
    steps,
    pendingPools,
    blockers,
    notes
  };
  return { ...plan, hash: planHash(plan) };
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function configMapStep(d, l) {
  const changes = [];
  const beforeLabels = {};
  const beforeData = {};
  for (const [k, v] of Object.entries(d.labels)) {
    const lv = l?.labels[k];
    if (lv !== void 0) beforeLabels[k] = lv;
    if (lv === void 0) changes.push({ path: `metadata.labels[${q(k)}]`, op: "add", after: v });
    else if (lv !== v) changes.push({ path: `metadata.labels[${q(k)}]`, op: "change", before: lv, after: v });
  }
  for (const [k, v] of Object.entries(d.data)) {
    const lv = l?.data[k];
    if (lv !== void 0) beforeData[k] = lv;
    if (lv === void 0) changes.push({ path: `data[${q(k)}]`, op: "add", after: v });
    else if (lv !== v) changes.push({ path: `data[${q(k)}]`, op: "change", before: lv, after: v });
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
function nodeStep(pool, n) {
  const changes = [];
  const beforeLabels = {};
  for (const [k, v] of Object.entries(pool.labels)) {
    const lv = n.labels[k];
    if (lv !== void 0) beforeLabels[k] = lv;
    if (lv === void 0) changes.push({ path: `metadata.labels[${q(k)}]`, op: "add", after: v });
    else if (lv !== v) changes.push({ path: `metadata.labels[${q(k)}]`, op: "change", before: lv, after: v });
  }
  const owned = new Set(pool.taints.map((t) => `${t.key}\0${t.effect}`));
  const liveOwned = n.taints.filter((t) => owned.has(`${t.key}\0${t.effect}`)).sort(compareTaints);
  for (const t of pool.taints) {
    const lt = liveOwned.find((x) => x.key === t.key && x.effect === t.effect);
    const path = `spec.taints[${q(`${t.key}:${t.effect}`)}]`;
    if (!lt) changes.push({ path, op: "add", after: taintString(t) });
    else if ((lt.value ?? "") !== (t.value ?? "")) changes.push({ path, op: "change", before: taintString(lt), after: taintString(t) });
  }
  const taintData = (ts) => ts.map((t) => ({ key: t.key, ...t.value ? { value: t.value } : {}, effect: t.effect }));
  const project = (labels, taints) => ({
    ...Object.keys(labels).length ? { metadata: { labels } } : {},
    ...taints.length ? { spec: { taints: taintData(taints) } } : {}
  });
  return {
    id: `Node/${n.name}`,
    action: changes.length ? "update" : "unchanged",
    object: { kind: "Node", name: n.name },
    summary: changes.length ? describeChanges(changes) : `labels and taints of pool ${q(pool.name)} in place`,
    changes,
    before: project(beforeLabels, liveOwned),
    after: project(pool.labels, pool.taints),
    pool: pool.name
  };
}
function describeChanges(changes) {
  const parts = changes.map((c) => {
    const m = /^(metadata\.labels|data|spec\.taints)\[("(?:[^"\\]|\\.)*")\]$/.exec(c.path);
    const key = m ? JSON.parse(m[2]) : c.path;
    if (m?.[1] === "metadata.labels") {
      return c.op === "add" ? `label ${key}=${c.after ?? ""} added` : `label ${key}: ${c.before ?? ""} \u2192 ${c.after ?? ""}`;
    }
    if (m?.[1] === "spec.taints") {
      return c.op === "add" ? `taint ${c.after ?? key} added` : `taint ${c.before ?? key} \u2192 ${c.after ?? ""}`;
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
  const repo = loadRepo(req.repoPath);
  const validation = validateRepo(repo, { env });
  validation.diagnostics.push(...checkValidationSecrets(validation, secrets));
  const { input, diagnostics } = desiredInputFrom(repo, validation, { commit: req.commit, secrets });
  validation.diagnostics.push(...diagnostics);
  sortDiagnostics(validation.diagnostics);
  if (validation.diagnostics.some((d) => d.severity === "error")) {
    return { validation, errors: [], stage: "validation", requests: 0 };
  }
  const desired = desire(input);
  let client;
  try {
    const kc = loadKubeConfig({
      yaml: req.kubeconfig,
      inputName: req.kubeconfig !== void 0 ? req.kubeconfigName ?? "input `kubeconfig`" : void 0,
      file: req.kubeconfigFile,
      env
    });
    client = makeClusterClient(kc, { timeoutMs: req.timeoutMs });
  } catch (err) {
    return { validation, errors: [toPlanError(err)], stage: "cluster", desired, requests: 0 };
  }
  let live;
  try {
    live = await observe(client, desired, { concurrency: req.concurrency });
  } catch (err) {
    const errors2 = err instanceof ObserveError ? err.errors.map(toPlanError) : [toPlanError(err)];
    return { validation, errors: errors2, stage: "cluster", desired, requests: client.requests };
  }
  const plan = diff(desired, live);
  const errors = plan.blockers.map((message) => ({ message }));
  return { validation, plan, errors, stage: "done", desired, live, requests: client.requests };
}
function toPlanError(err) {
  if (err instanceof ClusterError) return { message: err.message, ...err.hint ? { hint: err.hint } : {} };
  return { message: `unexpected error while planning: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}` };
}

export {
  execArgv,
  ObserveError,
  observe,
  canonicalJson,
  planHash,
  diff,
  runPlan
};
