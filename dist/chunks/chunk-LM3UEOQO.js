import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  ObserveError,
  canonicalJson,
  diff,
  execArgv,
  observe,
  planHash,
  runPlan
} from "./chunk-CJ5ZMVT7.js";
import {
  ApiException,
  ClusterError,
  Exec,
  ObjectCoordinationV1Api,
  Observable,
  PatchStrategy,
  Redactor,
  V1MicroTime,
  describeRequest,
  loadKubeConfig,
  makeClusterClient,
  rbacRule,
  setHeaderOptions,
  translateError
} from "./chunk-XGWFFM6C.js";

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
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
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
  const wait = options.sleep ?? sleep;
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
async function applySecret(ctx, secret, exists) {
  const { client } = ctx;
  const { namespace, name } = secret;
  const data = {};
  for (const [k, v] of Object.entries(secret.data)) if (v) data[k] = Buffer.from(v.reveal(), "utf8").toString("base64");
  const info = (verb) => ({ verb, resource: "secrets", group: "", namespace, name });
  const tries = (ctx.conflictRetries ?? 5) + 1;
  let create = !exists;
  let writes = 0;
  for (let i = 0; i < tries; i++) {
    if (create) {
      try {
        const s = await call(client, info("create"), (o) => client.core.createNamespacedSecret({ namespace, body: { metadata: { name, namespace }, type: "Opaque", data }, fieldManager: ctx.fieldManager }, o), ctx.retry);
        writes++;
        return { status: "applied", writes, resourceVersion: s.metadata?.resourceVersion ?? "" };
      } catch (err) {
        if (!isConflict(err)) throw asClusterError(err, info("create"), client);
        create = false;
        continue;
      }
    }
    try {
      const s = await call(client, info("patch"), (o) => client.core.patchNamespacedSecret({ name, namespace, body: { data }, fieldManager: ctx.fieldManager }, merge(o)), { ...ctx.retry, passNotFound: true });
      writes++;
      return { status: "applied", writes, resourceVersion: s.metadata?.resourceVersion ?? "" };
    } catch (err) {
      if (isNotFound(err)) {
        create = true;
        continue;
      }
      if (!isConflict(err)) throw asClusterError(err, info("patch"), client);
      const cur = await call(client, info("get"), (o) => client.core.readNamespacedSecret({ name, namespace }, o), { ...ctx.retry, notFound: { value: void 0 } });
      if (!cur) {
        create = true;
        continue;
      }
      if (Object.entries(data).every(([k, v]) => cur.data?.[k] === v)) {
        return { status: writes ? "applied" : "unchanged", writes, resourceVersion: cur.metadata?.resourceVersion ?? "" };
      }
    }
  }
  throw conflictGiveUp(info("patch"), tries);
}
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
        await call(client, info, (o) => client.apps.patchNamespacedDeployment({ name: w.name, namespace: w.namespace, body, fieldManager: ctx.fieldManager }, merge(o)), ctx.retry);
      } else {
        await call(client, info, (o) => client.apps.patchNamespacedStatefulSet({ name: w.name, namespace: w.namespace, body, fieldManager: ctx.fieldManager }, merge(o)), ctx.retry);
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
  const generation = obj.metadata?.generation ?? 0;
  const st = obj.status ?? {};
  const observed = st.observedGeneration ?? 0;
  const n = (v) => v ?? 0;
  const gen = `generation ${generation}, observed ${observed}`;
  if (kind === "Deployment") {
    const replicas = n(st.replicas);
    const done2 = observed >= generation && replicas === n(st.readyReplicas) && replicas === n(st.availableReplicas) && replicas > 0;
    return { done: done2, status: `${gen}; replicas ${replicas}, ready ${n(st.readyReplicas)}, available ${n(st.availableReplicas)}, updated ${n(st.updatedReplicas)}` };
  }
  const want = obj.spec?.replicas ?? 1;
  const done = observed >= generation && n(st.readyReplicas) === n(st.currentReplicas) && n(st.readyReplicas) === want;
  return { done, status: `${gen}; replicas wanted ${want}, ready ${n(st.readyReplicas)}, current ${n(st.currentReplicas)}, updated ${n(st.updatedReplicas)}` };
}
async function waitForRollouts(ctx, workloads, options) {
  const pollMs = options.pollMs ?? 2e3;
  const progressMs = options.progressIntervalMs ?? 5e3;
  const start = Date.now();
  const deadline = start + options.timeoutMs;
  const results = new Map(workloads.map((w) => [w, { workload: w, done: false, status: "not read yet" }]));
  let lastSaid = start;
  for (; ; ) {
    for (const w of workloads) {
      const r = results.get(w);
      if (r.done) continue;
      let obj;
      try {
        obj = await readWorkload(ctx, w);
      } catch (err) {
        r.status = `could not be read: ${asClusterError(err, workloadInfo(w, "get"), ctx.client).message}`;
        continue;
      }
      if (!obj) {
        r.status = "not found";
        r.message = `${workloadLabel(w)} does not exist any more`;
        r.done = false;
        continue;
      }
      const st = rolloutState(w.kind, obj);
      r.done = st.done;
      r.status = st.status;
      if (st.done) ctx.progress(`rollout: ${workloadLabel(w)} done (${st.status})`);
    }
    const pending = [...results.values()].filter((r) => !r.done);
    if (pending.length === 0) return [...results.values()];
    const now = Date.now();
    if (now >= deadline || pending.some((r) => r.status === "not found")) {
      for (const r of pending) {
        r.message ??= `${workloadLabel(r.workload)} did not finish its rollout within ${secondsText(options.timeoutMs)}: ${r.status}`;
      }
      return [...results.values()];
    }
    if (now - lastSaid >= progressMs) {
      lastSaid = now;
      ctx.progress(`rollout: waiting (${secondsText(now - start)} of ${secondsText(options.timeoutMs)}): ${pending.map((r) => `${workloadLabel(r.workload)}: ${r.status}`).join("; ")}`);
    }
    await sleep(Math.max(1, Math.min(pollMs, deadline - now)));
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
          await (ctx.retry.sleep ?? sleep)(delay);
          continue;
        }
        throw e;
      }
      const classified = classifyFailure(e);
      const failure = classified.kind === "conflict" ? { ...classified, retryable: true } : classified;
      if (failure.retryable && attempt < attempts) {
        const delay = retryDelay(attempt, failure, ctx.retry);
        ctx.retry.onRetry?.({ attempt, attempts, delayMs: delay, reason: failure.reason, what: `exec in pod ${target.pod}` });
        await (ctx.retry.sleep ?? sleep)(delay);
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
  const where = `pod ${JSON.stringify(info.name ?? "")} in namespace ${JSON.stringify(info.namespace ?? "")}`;
  if (status === 403) return new ClusterError(`forbidden to exec in ${where}`, "forbidden", rbacRule(info), 403);
  if (status === 404) return new ClusterError(`cannot exec in ${where}: not found${suffix}`, "not-found", void 0, 404);
  if (status !== void 0) return new ClusterError(`cannot exec in ${where}: the API server answered ${status}${suffix}`, "api", void 0, status);
  const c = translateError(e, info, client.server, client.redact);
  return new ClusterError(`${c.message}${suffix}`, c.reason, c.hint, c.code);
}
var podReady = (p) => (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
function podState(p) {
  if (p.metadata?.deletionTimestamp) return "terminating";
  return (p.status?.phase ?? "unknown phase").toLowerCase();
}
async function choosePod(ctx, where, options) {
  const { client } = ctx;
  const core = client.core;
  const start = Date.now();
  const pollMs = options.pollMs ?? 2e3;
  let said = false;
  for (; ; ) {
    let pods;
    if (where.selector) {
      const list = await call(client, { verb: "list", resource: "pods", group: "", namespace: where.namespace }, (o) => core.listNamespacedPod({ namespace: where.namespace, labelSelector: where.selector }, o), ctx.retry);
      pods = list.items;
    } else {
      const name = where.name ?? "";
      const p = await call(client, { verb: "get", resource: "pods", group: "", namespace: where.namespace, name }, (o) => core.readNamespacedPod({ name, namespace: where.namespace }, o), { ...ctx.retry, notFound: { value: void 0 } });
      pods = p ? [p] : [];
    }
    const usable = pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === "Running").sort((a, b) => Number(podReady(b)) - Number(podReady(a)) || created(b) - created(a) || cmp(a.metadata?.name ?? "", b.metadata?.name ?? ""));
    const skipped = pods.filter((p) => !usable.includes(p)).map((p) => `${p.metadata?.name ?? ""} (${podState(p)})`);
    if (usable.length) return { pod: usable[0].metadata?.name ?? "", skipped };
    const what = where.selector ? `pod with label ${where.selector}` : `pod ${where.name ?? ""}`;
    const waited = Date.now() - start;
    if (waited >= options.waitMs) {
      const seen = skipped.length ? `; seen: ${skipped.join(", ")}` : "; none exists";
      throw new ClusterError(`no running ${what} in namespace ${JSON.stringify(where.namespace)} after ${secondsText(waited)}${seen}`, "not-found");
    }
    if (!said) {
      said = true;
      ctx.progress(`exec: waiting for a running ${what} in namespace ${where.namespace}${skipped.length ? ` (${skipped.join(", ")})` : ""}`);
    }
    await sleep(Math.max(1, Math.min(pollMs, options.waitMs - waited)));
  }
}
var created = (p) => {
  const t = p.metadata?.creationTimestamp;
  return t instanceof Date ? t.getTime() : typeof t === "string" ? Date.parse(t) || 0 : 0;
};
var cmp = (a, b) => a < b ? -1 : a > b ? 1 : 0;
async function applyConfigMap(ctx, cm, exists) {
  const { client } = ctx;
  const { namespace, name } = cm;
  const info = (verb) => ({ verb, resource: "configmaps", group: "", namespace, name });
  const labels = Object.keys(cm.labels).length ? { labels: { ...cm.labels } } : {};
  const tries = (ctx.conflictRetries ?? 5) + 1;
  let create = !exists;
  let writes = 0;
  for (let i = 0; i < tries; i++) {
    if (create) {
      try {
        await call(client, info("create"), (o) => client.core.createNamespacedConfigMap({ namespace, body: { metadata: { name, namespace, ...labels }, data: { ...cm.data } }, fieldManager: ctx.fieldManager }, o), ctx.retry);
        writes++;
        return { status: "applied", writes };
      } catch (err) {
        if (!isConflict(err)) throw asClusterError(err, info("create"), client);
        create = false;
        continue;
      }
    }
    try {
      await call(
        client,
        info("patch"),
        (o) => client.core.patchNamespacedConfigMap({ name, namespace, body: { ...labels.labels ? { metadata: labels } : {}, data: { ...cm.data } }, fieldManager: ctx.fieldManager }, merge(o)),
        { ...ctx.retry, passNotFound: true }
      );
      writes++;
      return { status: "applied", writes };
    } catch (err) {
      if (isNotFound(err)) {
        create = true;
        continue;
      }
      if (!isConflict(err)) throw asClusterError(err, info("patch"), client);
      const cur = await call(client, info("get"), (o) => client.core.readNamespacedConfigMap({ name, namespace }, o), { ...ctx.retry, notFound: { value: void 0 } });
      if (!cur) {
        create = true;
        continue;
      }
      const same = Object.entries(cm.data).every(([k, v]) => cur.data?.[k] === v) && Object.entries(cm.labels).every(([k, v]) => cur.metadata?.labels?.[k] === v);
      if (same) return { status: writes ? "applied" : "unchanged", writes };
    }
  }
  throw conflictGiveUp(info("patch"), tries);
}
function nodeWithPool(labels, taints, pool) {
  const outLabels = { ...labels };
  let changed = false;
  for (const [k, v] of Object.entries(pool.labels)) {
    if (outLabels[k] !== v) {
      outLabels[k] = v;
      changed = true;
    }
  }
  const key = (t) => `${t.key}\0${t.effect}`;
  const want = new Map(pool.taints.map((t) => [key(t), t]));
  const placed = /* @__PURE__ */ new Set();
  const outTaints = [];
  for (const t of taints) {
    const k = key(t);
    const d = want.get(k);
    if (!d) {
      outTaints.push(t);
      continue;
    }
    if (placed.has(k)) {
      changed = true;
      continue;
    }
    placed.add(k);
    if ((t.value ?? "") !== (d.value ?? "")) changed = true;
    const { value: _old, ...rest } = t;
    outTaints.push({ ...rest, key: d.key, effect: d.effect, ...d.value ? { value: d.value } : {} });
  }
  for (const d of pool.taints) {
    if (placed.has(key(d))) continue;
    outTaints.push({ key: d.key, effect: d.effect, ...d.value ? { value: d.value } : {} });
    changed = true;
  }
  return { labels: outLabels, taints: outTaints, changed };
}
async function applyNode(ctx, nodeName, pool) {
  const { client } = ctx;
  const info = (verb) => ({ verb, resource: "nodes", group: "", name: nodeName });
  const tries = (ctx.conflictRetries ?? 5) + 1;
  let writes = 0;
  for (let i = 0; i < tries; i++) {
    const node = await call(client, info("get"), (o) => client.core.readNode({ name: nodeName }, o), { ...ctx.retry, notFound: { value: void 0 } });
    if (!node) throw new ClusterError(`cannot update node ${JSON.stringify(nodeName)}: it does not exist any more`, "not-found", void 0, 404);
    const next = nodeWithPool(node.metadata?.labels ?? {}, node.spec?.taints ?? [], pool);
    if (!next.changed) return { status: writes ? "applied" : "unchanged", writes };
    node.metadata = { ...node.metadata ?? {}, labels: next.labels };
    node.spec = { ...node.spec ?? {}, taints: next.taints };
    try {
      await call(client, info("update"), (o) => client.core.replaceNode({ name: nodeName, body: node, fieldManager: ctx.fieldManager }, o), ctx.retry);
      writes++;
      return { status: "applied", writes };
    } catch (err) {
      if (!isConflict(err)) throw asClusterError(err, info("update"), client);
    }
  }
  throw conflictGiveUp(info("update"), tries);
}

// src/io/cluster/lock.ts
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
var LOCK_NAME = "pool-reconciler";
var LockError = class extends Error {
  constructor(message2, holder, hint) {
    super(message2);
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
function describeHolder(v, now) {
  const parts = [];
  if (v.acquiredAt !== void 0) parts.push(`acquired ${seconds(now - v.acquiredAt)} ago`);
  if (v.renewedAt !== void 0) {
    parts.push(`renewed ${seconds(now - v.renewedAt)} ago`);
    parts.push(`expires in ${seconds(v.renewedAt + v.durationMs - now)} unless renewed`);
  }
  return `${JSON.stringify(v.holder ?? "")}${parts.length ? ` (${parts.join(", ")})` : ""}`;
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
  let seenRv;
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
    const rv = current.metadata?.resourceVersion;
    if (rv !== seenRv) {
      seenRv = rv;
      seenAt = t;
    }
    const expiredByClock = v.renewedAt === void 0 || v.renewedAt + v.durationMs < t;
    const expiredByWatch = t - seenAt > v.durationMs;
    const free = !v.holder || v.holder === identity || expiredByClock || expiredByWatch;
    if (free) {
      const transitions = (current.spec?.leaseTransitions ?? 0) + (v.holder && v.holder !== identity ? 1 : 0);
      try {
        lease = await put(mine(t, transitions, v.holder !== identity, current));
        if (v.holder && v.holder !== identity) {
          tookOverFrom = v.holder;
          say(`lock: took over ${ref} from ${describeHolder(v, t)}: it had expired`);
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
        `another apply holds the lock: ${ref} is held by ${describeHolder(v, t)}; waited ${seconds(waited)} for it`,
        v.holder,
        "Let that run finish and run again, or give a longer lock wait. A Lease left by a run that crashed is taken over once it expires."
      );
    }
    if (t - lastSaid >= progressMs) {
      lastSaid = t;
      say(`lock: waiting for ${ref}, held by ${describeHolder(v, t)}; waiting up to ${seconds(waitMs - waited)} more`);
    }
    const untilExpiry = (v.renewedAt ?? t) + v.durationMs - t + 50;
    hadToWait = true;
    await sleep(Math.max(10, Math.min(pollMs, waitMs - waited, untilExpiry)));
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
var sleep2 = (ms) => new Promise((r) => setTimeout(r, ms));
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
    await sleep2(Math.max(1, Math.min(pollMs, options.timeoutMs - waited)));
  }
}

// src/plan/guard.ts
var GuardInputError = class extends Error {
  constructor(message2) {
    super(message2);
    this.name = "GuardInputError";
  }
};
var HASH = /^sha256:[0-9a-f]{64}$/;
function parseReviewed(input, commit) {
  if (typeof input !== "string") return fromPlan(input, commit);
  const text = input.trim();
  if (HASH.test(text)) return { hash: text, ...commit ? { commit } : {} };
  if (!text.startsWith("{")) {
    throw new GuardInputError("the reviewed plan is neither a plan hash (sha256:<64 hex digits>) nor a plan in JSON");
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new GuardInputError("the reviewed plan is not valid JSON");
  }
  return fromPlan(unwrapEnvelope(data), commit);
}
function unwrapEnvelope(data) {
  if (!data || typeof data !== "object" || Array.isArray(data) || !("plan" in data) || "format" in data) return data;
  const envelope = data;
  if (envelope.version !== 1) {
    throw new GuardInputError(`the reviewed plan file has envelope version ${JSON.stringify(envelope.version)}; this pool-reconciler reads version 1`);
  }
  if (envelope.plan === null) {
    const why = envelope.errors?.[0]?.message;
    throw new GuardInputError(`the reviewed plan file holds no plan: the plan run stopped before it made one (${typeof why === "string" ? why : "validation errors"}); fix that and plan again`);
  }
  return envelope.plan;
}
function fromPlan(plan, commit) {
  if (!plan || typeof plan !== "object" || plan.format !== "pool-reconciler/plan/v1" || !Array.isArray(plan.steps) || typeof plan.hash !== "string") {
    throw new GuardInputError("the reviewed plan is not a pool-reconciler plan (format pool-reconciler/plan/v1)");
  }
  if (planHash(plan) !== plan.hash) {
    throw new GuardInputError(`the reviewed plan's content does not match its hash ${plan.hash}: it was changed after it was made`);
  }
  const c = commit ?? planCommit(plan);
  return { hash: plan.hash, plan, ...c ? { commit: c } : {} };
}
function planCommit(plan) {
  for (const s of plan.steps) {
    const cmd = s.exec?.command;
    if (cmd && cmd.length >= 2) return cmd[cmd.length - 1];
  }
  return void 0;
}
function planAtCommit(plan, from, to) {
  if (from === to || !from) return plan;
  const steps = plan.steps.map((s) => {
    if (!s.exec) return s;
    const command = s.exec.command.map((a) => a === from ? to : a);
    return { ...s, summary: s.summary.split(from).join(to), exec: { ...s.exec, command } };
  });
  const { hash: _hash, ...rest } = { ...plan, steps };
  return { ...rest, hash: planHash(rest) };
}
var line = (s) => `${s.id}: ${s.action}: ${s.summary}`;
function planDifferences(reviewed, current) {
  const out = [];
  const before = new Map(reviewed.steps.map((s) => [s.id, s]));
  const after = new Map(current.steps.map((s) => [s.id, s]));
  for (const s of current.steps) {
    const r = before.get(s.id);
    if (!r) out.push(`+ ${line(s)}`);
    else if (canonicalJson(r) !== canonicalJson(s)) {
      out.push(r.action === s.action && r.summary === s.summary ? `~ ${line(s)} (the same summary; the details differ)` : `~ ${s.id}: reviewed ${r.action}: ${r.summary}; now ${s.action}: ${s.summary}`);
    }
  }
  for (const r of reviewed.steps) if (!after.has(r.id)) out.push(`- ${line(r)}`);
  const list = (what, a, b) => {
    const bs = new Set(b);
    const as = new Set(a);
    for (const x of b) if (!as.has(x)) out.push(`+ ${what}: ${x}`);
    for (const x of a) if (!bs.has(x)) out.push(`- ${what}: ${x}`);
  };
  list("blocker", reviewed.blockers, current.blockers);
  list("pool without nodes", reviewed.pendingPools.map((p) => p.pool), current.pendingPools.map((p) => p.pool));
  list("note", reviewed.notes, current.notes);
  if (out.length === 0 && canonicalJson(reviewed.steps.map((s) => s.id)) !== canonicalJson(current.steps.map((s) => s.id))) {
    out.push("~ the order of the steps differs");
  }
  return out;
}
function checkReviewedPlan(reviewed, current, currentCommit) {
  const comparable = reviewed.commit ? planAtCommit(current, currentCommit, reviewed.commit) : current;
  if (comparable.hash === reviewed.hash || current.hash === reviewed.hash) return { ok: true, differences: [] };
  const message2 = `the plan changed since it was reviewed (reviewed ${reviewed.hash}, now ${comparable.hash})`;
  if (reviewed.plan) {
    const differences = planDifferences(reviewed.plan, comparable);
    return { ok: false, message: message2, differences: differences.length ? differences : ["~ the plans differ in a detail outside the steps"] };
  }
  const changing = current.steps.filter((s) => s.action !== "unchanged" && s.action !== "exec");
  return {
    ok: false,
    message: message2,
    differences: changing.length ? changing.map((s) => `now ${line(s)}`) : ["now: no changes (the cluster already matches, or was changed by someone else since the review)"]
  };
}

// src/run/apply.ts
var DEFAULT_EXEC_TIMEOUT = 3e5;
function message(err) {
  if (err instanceof ClusterError || err instanceof LockError) return { message: err.message, ...err.hint ? { hint: err.hint } : {} };
  if (err instanceof Error) return { message: err.message.split("\n")[0] };
  return { message: String(err) };
}
async function runApply(req) {
  const started = Date.now();
  const own = new Redactor([...Object.values(req.secrets ?? {}), req.kubeconfig]);
  const redact = (s) => req.redactor ? req.redactor.redact(own.redact(s)) : own.redact(s);
  const say = (line2) => req.onProgress?.(redact(line2));
  const notes = [];
  const pre = await runPlan(req);
  let requests = pre.requests;
  const done = (o) => {
    const out = {
      ...o,
      validation: pre.validation,
      writes: o.writes ?? o.steps.reduce((n, s) => n + s.writes, 0),
      errors: o.errors.map((e) => ({ message: redact(e.message), ...e.hint ? { hint: redact(e.hint) } : {} })),
      steps: o.steps.map((s) => s.message !== void 0 ? { ...s, message: redact(s.message) } : s),
      notes: notes.map(redact),
      requests,
      durationMs: Date.now() - started
    };
    if (out.guard) out.guard = { ...out.guard, differences: out.guard.differences.map(redact) };
    if (out.verify?.error) out.verify = { ...out.verify, error: redact(out.verify.error) };
    return out;
  };
  const notRun = (plan) => plan.steps.map((s) => ({ id: s.id, action: s.action, summary: s.summary, status: "not-run", writes: 0 }));
  if (pre.stage === "validation") {
    say("apply: stopped: the config repo has errors");
    return done({ steps: [], errors: pre.errors, ok: false, stage: "validation" });
  }
  if (pre.stage !== "done" || !pre.plan || !pre.desired) {
    return done({ steps: [], errors: pre.errors, ok: false, stage: "cluster" });
  }
  if (pre.errors.length) {
    return done({ plan: pre.plan, steps: notRun(pre.plan), errors: pre.errors, ok: false, stage: "cluster" });
  }
  const desired = pre.desired;
  let reviewed;
  if (!req.skipPlanCheck) {
    const input = req.reviewedPlan ?? req.reviewedPlanHash;
    if (!input || !input.trim()) {
      return done({
        plan: pre.plan,
        steps: notRun(pre.plan),
        errors: [{
          message: "no reviewed plan to compare with: apply applies only a plan that was reviewed",
          hint: "Give the reviewed plan's hash (the pull-request comment's header) or its JSON, or turn the plan check off."
        }],
        ok: false,
        stage: "guard"
      });
    }
    try {
      reviewed = parseReviewed(input, req.reviewedCommit);
    } catch (err) {
      if (!(err instanceof GuardInputError)) throw err;
      return done({ plan: pre.plan, steps: notRun(pre.plan), errors: [{ message: err.message }], ok: false, stage: "guard" });
    }
  }
  let kc;
  let client;
  try {
    kc = loadKubeConfig({
      yaml: req.kubeconfig,
      inputName: req.kubeconfig !== void 0 ? req.kubeconfigName ?? "input `kubeconfig`" : void 0,
      file: req.kubeconfigFile,
      env: req.env ?? {}
    });
    client = makeClusterClient(kc, { timeoutMs: req.timeoutMs });
  } catch (err) {
    return done({ plan: pre.plan, steps: notRun(pre.plan), errors: [message(err)], ok: false, stage: "cluster" });
  }
  const retry = {
    ...req.retry ?? {},
    onRetry: (i) => {
      req.retry?.onRetry?.(i);
      say(`retry: ${i.what}: ${i.reason}; try ${i.attempt + 1} of ${i.attempts} in ${secondsText(i.delayMs)}`);
    }
  };
  const ctx = { client, kc, fieldManager: req.fieldManager ?? FIELD_MANAGER, retry, progress: say };
  const identity = req.identity ?? defaultIdentity();
  let lock;
  try {
    lock = await acquireLock(client, kc.makeApiClient(ObjectCoordinationV1Api), {
      namespace: req.lock?.namespace ?? desired.settings.softwareFactory.namespace,
      ...req.lock?.name ? { name: req.lock.name } : {},
      identity,
      ...req.lock?.leaseDurationSeconds !== void 0 ? { leaseDurationSeconds: req.lock.leaseDurationSeconds } : {},
      ...req.lock?.renewIntervalMs !== void 0 ? { renewIntervalMs: req.lock.renewIntervalMs } : {},
      ...req.lock?.pollMs !== void 0 ? { pollMs: req.lock.pollMs } : {},
      waitMs: req.lockWaitMs ?? 3e5,
      ...req.progressIntervalMs !== void 0 ? { progressIntervalMs: req.progressIntervalMs } : {},
      fieldManager: ctx.fieldManager,
      onProgress: say,
      retry
    });
  } catch (err) {
    requests += client.requests;
    return done({ plan: pre.plan, steps: notRun(pre.plan), errors: [message(err)], ok: false, stage: "lock" });
  }
  say(`lock: holding Lease ${lock.namespace}/${lock.name} as ${JSON.stringify(identity)}${lock.waitedMs > 0 ? ` (waited ${secondsText(lock.waitedMs)})` : ""}`);
  if (lock.tookOverFrom !== void 0) notes.push(`the lock was taken over from ${JSON.stringify(lock.tookOverFrom)}, whose Lease had expired (a run that crashed?)`);
  const lockInfo = () => ({
    identity,
    waitedMs: lock.waitedMs,
    writes: lock.writes,
    ...lock.tookOverFrom !== void 0 ? { tookOverFrom: lock.tookOverFrom } : {}
  });
  let outcome;
  try {
    outcome = await underLock(req, ctx, desired, pre.plan, reviewed, lock, say, notes);
  } catch (err) {
    outcome = { plan: pre.plan, steps: notRun(pre.plan), errors: [{ message: `unexpected error while applying: ${message(err).message}` }], ok: false, stage: "apply" };
  } finally {
    const problem = await lock.release();
    if (problem) notes.push(problem);
    requests += client.requests;
  }
  return done({ ...outcome, lock: lockInfo() });
}
async function underLock(req, ctx, desired, prePlan, reviewed, lock, say, notes) {
  const notRun = (plan2) => plan2.steps.map((s) => ({ id: s.id, action: s.action, summary: s.summary, status: "not-run", writes: 0 }));
  let plan;
  try {
    plan = diff(desired, await observe(ctx.client, desired, { concurrency: req.concurrency }));
  } catch (err) {
    const errors2 = err instanceof ObserveError ? err.errors.map(message) : [message(err)];
    return { plan: prePlan, steps: notRun(prePlan), errors: errors2, ok: false, stage: "cluster" };
  }
  if (plan.blockers.length) {
    return { plan, steps: notRun(plan), errors: plan.blockers.map((m) => ({ message: m })), ok: false, stage: "cluster" };
  }
  let guard;
  if (reviewed) {
    const g = checkReviewedPlan(reviewed, plan, req.commit);
    guard = { ok: g.ok, reviewedHash: reviewed.hash, hash: plan.hash, differences: g.differences };
    if (!g.ok) {
      say(`apply: stopped before any write: ${g.message ?? ""}`);
      for (const d of g.differences) say(`  ${d}`);
      const shown = g.differences.slice(0, 10).join("; ");
      return {
        plan,
        steps: notRun(plan),
        errors: [{
          message: `${g.message ?? "the plan changed since it was reviewed"}: ${shown}${g.differences.length > 10 ? `; and ${g.differences.length - 10} more` : ""}`,
          hint: "Nothing was written. Review the new plan (re-run the plan on a pull request) and apply again."
        }],
        guard,
        ok: false,
        stage: "guard"
      };
    }
    say(`apply: the plan is the one reviewed (${reviewed.hash})`);
  }
  const { steps, failedStep } = await applySteps(req, ctx, desired, plan, lock, say);
  const errors = [];
  if (failedStep !== void 0) {
    const s = steps[failedStep];
    const applied = steps.filter((x) => x.status === "applied").length;
    const left = steps.filter((x) => x.status === "not-run").length;
    errors.push({
      message: `step ${failedStep + 1} of ${steps.length} (${s.id}) failed: ${s.message ?? "failed"}`,
      hint: `${applied} step${applied === 1 ? "" : "s"} applied, ${left} not run. Every write is safe to repeat: run apply again once the cause is fixed.`
    });
    return { plan, steps, failedStep, errors, ...guard ? { guard } : {}, ok: false, stage: "apply" };
  }
  let verify;
  if (req.verify) {
    const labels = desired.verify.nodepoolLabels;
    if (labels.length === 0) {
      notes.push("verify: nodepool.yaml declares no labels; nothing to verify");
    } else {
      say(`verify: waiting for Nodepool to list ${labels.length} label${labels.length === 1 ? "" : "s"}`);
      const r = await verifyLabels({
        url: req.verify.nodepoolApiUrl,
        labels,
        timeoutMs: req.verify.timeoutMs,
        ...req.verify.pollMs !== void 0 ? { pollMs: req.verify.pollMs } : {},
        onProgress: say
      });
      verify = { missing: r.missing, listed: r.listed, ...r.error ? { error: r.error } : {} };
      if (r.missing.length || r.error) {
        const why = r.missing.length ? `Nodepool does not list ${r.missing.length === 1 ? "label" : "labels"} ${r.missing.join(", ")} of nodepool.yaml after ${secondsText(req.verify.timeoutMs)}` : `could not verify the labels: ${r.error ?? ""}`;
        errors.push({
          message: `verify: ${why}${r.missing.length && r.error ? ` (last poll: ${r.error})` : ""}`,
          hint: "Everything was applied. The launcher reloads its config by itself: look at its log (a provider failing to start, a label no pool provides) and run apply again."
        });
        return { plan, steps, errors, verify, ...guard ? { guard } : {}, ok: false, stage: "verify" };
      }
      say(`verify: Nodepool lists every label of nodepool.yaml (${labels.length})`);
    }
  }
  return { plan, steps, errors, ...verify ? { verify } : {}, ...guard ? { guard } : {}, ok: true, stage: "done" };
}
async function limited(items, limit, stop, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
async function applySteps(req, ctx, desired, plan, lock, say) {
  const steps = plan.steps.map((s) => ({ id: s.id, action: s.action, summary: s.summary, status: "not-run", writes: 0 }));
  const total = steps.length;
  const pollMs = req.pollMs ?? 2e3;
  const progressIntervalMs = req.progressIntervalMs ?? 5e3;
  let failedStep;
  let secretRv;
  let held;
  const report = (i2) => {
    if (held) {
      held.said.add(i2);
      while (held.next < held.order.length && held.said.has(held.order[held.next])) say1(held.order[held.next++]);
      return;
    }
    say1(i2);
  };
  const say1 = (i2) => {
    const r = steps[i2];
    if (r.status === "unchanged" || r.status === "not-run") return;
    const writes = r.writes ? ` (${r.writes} write${r.writes === 1 ? "" : "s"})` : "";
    say(`[${i2 + 1}/${total}] ${r.status === "failed" ? "FAILED" : r.status} ${r.id}: ${r.status === "failed" ? r.message ?? "" : r.summary}${writes}${r.status === "applied" && r.message ? `; ${r.message}` : ""}`);
  };
  const fail = (i2, err, writes = 0) => {
    steps[i2].status = "failed";
    steps[i2].writes += writes;
    steps[i2].message = message(err).message;
    failedStep = failedStep === void 0 ? i2 : Math.min(failedStep, i2);
    report(i2);
  };
  const applied = (i2, r) => {
    steps[i2].status = r.status;
    steps[i2].writes += r.writes;
    if (r.message) steps[i2].message = r.message;
    report(i2);
  };
  const stopped = () => failedStep !== void 0;
  let i = 0;
  while (i < plan.steps.length && !stopped()) {
    const s = plan.steps[i];
    if (lock.lost) {
      fail(i, new Error(`not started: ${lock.lost}`));
      break;
    }
    if (s.action === "unchanged") {
      steps[i].status = "unchanged";
      i++;
      continue;
    }
    const kind = s.object.kind;
    if (kind === "Secret") {
      try {
        if (!desired.secret) throw new Error("the plan has a Secret step but no Secret is desired");
        const r = await applySecret(ctx, desired.secret, s.action !== "create");
        secretRv = r.resourceVersion;
        applied(i, r);
      } catch (err) {
        fail(i, err);
      }
      i++;
      continue;
    }
    if (s.action === "rollout") {
      let j = i;
      while (j < plan.steps.length && plan.steps[j].action === "rollout") j++;
      const group = [];
      for (let k = i; k < j && !stopped(); k++) {
        const step = plan.steps[k];
        const ref = { kind: step.object.kind, namespace: step.object.namespace ?? "", name: step.object.name };
        try {
          const to = step.rollout?.to ?? secretRv ?? await currentSecretRv(ctx, desired);
          const annotation = step.rollout?.annotation ?? "nodepool-providers-secrets";
          const r = await patchTemplateAnnotation(ctx, ref, annotation, to);
          steps[k].writes += r.writes;
          steps[k].message = `${annotation}=${to}`;
          group.push({ index: k, step, ref });
        } catch (err) {
          fail(k, err);
        }
      }
      if (group.length && stopped()) {
        for (const g of group) applied(g.index, { status: "applied", writes: 0, message: `${steps[g.index].message ?? "annotation set"}; its rollout was not awaited (the run stopped)` });
      } else if (group.length) {
        say(`rollout: waiting for ${group.map((g) => `${g.ref.kind} ${g.ref.namespace}/${g.ref.name}`).join(" and ")} (up to ${secondsText(req.rolloutTimeoutMs)})`);
        const results = await waitForRollouts(ctx, group.map((g) => g.ref), { timeoutMs: req.rolloutTimeoutMs, pollMs, progressIntervalMs });
        for (const g of group) {
          const r = results.find((x) => x.workload === g.ref);
          if (r?.done) applied(g.index, { status: "applied", writes: 0, message: `${steps[g.index].message ?? ""}; rolled out (${r.status})` });
          else fail(g.index, new Error(r?.message ?? "the rollout did not finish"));
        }
      }
      i = j;
      continue;
    }
    if (s.action === "exec" && s.exec) {
      const e = s.exec;
      const namespace = s.object.namespace ?? desired.settings.softwareFactory.namespace;
      try {
        const choice = await choosePod(ctx, { namespace, ...s.object.selector ? { selector: s.object.selector } : { name: s.object.name } }, { waitMs: req.rolloutTimeoutMs, pollMs });
        for (const skipped of choice.skipped) say(`exec: skipping pod ${namespace}/${skipped}`);
        const argv = execArgv(e);
        const r = await execInPod(ctx, { namespace, pod: choice.pod, container: e.container, command: argv }, { timeoutMs: req.execTimeoutMs ?? DEFAULT_EXEC_TIMEOUT });
        if (r.exitCode === 0) {
          applied(i, { status: "applied", writes: 0, message: `ran in pod ${namespace}/${choice.pod} (container ${e.container})` });
        } else {
          const cmd = [...Object.keys(e.env).sort().map((k) => `${k}=${e.env[k]}`), ...e.command].join(" ");
          const code = r.exitCode >= 0 ? `exited with code ${r.exitCode}` : `failed${r.message ? ` (${r.message})` : ""}`;
          const stderr = tail(r.stderr) || tail(r.stdout);
          fail(i, new Error(`\`${cmd}\` ${code} in pod ${namespace}/${choice.pod} (container ${e.container})${stderr ? `: ${stderr}` : ""}`));
        }
      } catch (err) {
        fail(i, err);
      }
      i++;
      continue;
    }
    if (kind === "ConfigMap" || kind === "Node") {
      let j = i;
      while (j < plan.steps.length && plan.steps[j].object.kind === kind) j++;
      const todo = [];
      for (let k = i; k < j; k++) {
        if (plan.steps[k].action === "unchanged") steps[k].status = "unchanged";
        else todo.push(k);
      }
      const cms = new Map(desired.configMaps.map((c) => [`ConfigMap/${c.namespace}/${c.name}`, c]));
      const pools = new Map(desired.nodePools.map((p) => [p.name, p]));
      held = { order: todo, said: /* @__PURE__ */ new Set(), next: 0 };
      await limited(todo, req.concurrency ?? 8, () => stopped() || lock.lost !== void 0, async (k) => {
        const step = plan.steps[k];
        try {
          if (kind === "ConfigMap") {
            const cm = cms.get(step.id);
            if (!cm) throw new Error(`the plan has step ${step.id} but no such ConfigMap is desired`);
            applied(k, await applyConfigMap(ctx, cm, step.action !== "create"));
          } else {
            const pool = pools.get(step.pool ?? "");
            if (!pool) throw new Error(`the plan has step ${step.id} but node pool ${JSON.stringify(step.pool ?? "")} is not desired`);
            applied(k, await applyNode(ctx, step.object.name, pool));
          }
        } catch (err) {
          fail(k, err);
        }
      });
      const finished = held.order.slice(held.next).filter((k) => held?.said.has(k));
      held = void 0;
      for (const k of finished) say1(k);
      if (!stopped() && lock.lost) {
        const k = todo.find((x) => steps[x].status === "not-run");
        if (k !== void 0) fail(k, new Error(`not started: ${lock.lost}`));
      }
      i = j;
      continue;
    }
    fail(i, new Error(`unknown step ${s.id} (${s.action})`));
  }
  if (failedStep === void 0) say(`apply: ${summaryLine(steps)}`);
  return { steps, ...failedStep !== void 0 ? { failedStep } : {} };
}
async function currentSecretRv(ctx, desired) {
  const s = desired.secret;
  if (!s) return "0";
  const obj = await call(
    ctx.client,
    { verb: "get", resource: "secrets", group: "", namespace: s.namespace, name: s.name },
    (o) => ctx.client.core.readNamespacedSecret({ name: s.name, namespace: s.namespace }, o),
    { ...ctx.retry, notFound: { value: void 0 } }
  );
  return obj?.metadata?.resourceVersion ?? "0";
}
function tail(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  let out = lines.slice(-10).join(" | ");
  if (out.length > 1500) out = `\u2026${out.slice(-1500)}`;
  return out;
}
function summaryLine(steps) {
  const applied = steps.filter((s) => s.status === "applied").length;
  const unchanged = steps.filter((s) => s.status === "unchanged").length;
  const writes = steps.reduce((n, s) => n + s.writes, 0);
  return `${applied} step${applied === 1 ? "" : "s"} applied (${writes} write${writes === 1 ? "" : "s"}), ${unchanged} unchanged`;
}

export {
  runApply
};
