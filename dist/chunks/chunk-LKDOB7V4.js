import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  ClusterError,
  loadKubeConfig,
  makeClusterClient,
  read
} from "./chunk-5FOFUDFD.js";
import {
  parseBuilderKey,
  redactPrivateKey,
  require_lib
} from "./chunk-K5UK5ZQY.js";
import {
  loadRepo,
  validateInventory,
  validateRepo
} from "./chunk-AQOFPA3E.js";
import {
  makeSource
} from "./chunk-6WSOQ634.js";
import {
  DEFAULT_SSH_PORT,
  entriesForName,
  fingerprintSha256,
  formatKnownHostsLine,
  keyTypeOfBlob,
  knownHostsName,
  parseKnownHosts,
  pinnedKeysFor,
  verifyHostKey
} from "./chunk-4755524P.js";
import {
  terminalText
} from "./chunk-KXSQEQKG.js";
import {
  __toESM
} from "./chunk-DT2EZEFJ.js";

// src/io/ssh/check.ts
var import_ssh2 = __toESM(require_lib(), 1);
import { performance } from "node:perf_hooks";
var { Client } = import_ssh2.default;
var HOSTNAME_COMMAND = "hostname";
var PYTHON_COMMAND = "python3 --version";
var DEFAULT_USER = "nodepool";
var DEFAULT_CONNECT_TIMEOUT_MS = 1e4;
var DEFAULT_TIMEOUT_MS = 3e4;
var DEFAULT_SSH_CONCURRENCY = 32;
var DEFAULT_KNOWN_HOSTS_PATH = "nodepool/dib-ansible/known_hosts";
var DEFAULT_INVENTORY_PATH = "nodepool/dib-ansible/inventory.yaml";
async function checkImageBuilders(hosts, options) {
  const key = parseBuilderKey(options.privateKey);
  const knownHosts = parseKnownHosts(options.knownHosts ?? "");
  const knownHostsPath = options.knownHostsPath ?? DEFAULT_KNOWN_HOSTS_PATH;
  const ctx = {
    key,
    privateKeyText: options.privateKey,
    knownHosts,
    knownHostsPath,
    inventoryPath: options.inventoryPath ?? DEFAULT_INVENTORY_PATH,
    acceptNew: options.acceptNew === true,
    connectTimeoutMs: positive(options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS),
    timeoutMs: positive(options.timeoutMs, DEFAULT_TIMEOUT_MS),
    authenticate: options.authenticate ?? (() => true),
    probeNote: options.probeNote ?? "not logged in to: only its host key and reachability were checked"
  };
  const notes = knownHosts.problems.map((p) => `${knownHostsPath} line ${p.line} skipped: ${p.message}`);
  if (hosts.length === 0) notes.push(`no image-builder hosts in ${ctx.inventoryPath}; nothing to check`);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_SSH_CONCURRENCY) || 1);
  const results = await mapLimit(hosts, concurrency, (h) => checkHost(h, ctx));
  return {
    publicKey: key.publicKey,
    publicKeyFingerprint: key.fingerprint,
    results,
    ok: results.every((r) => r.status !== "failed"),
    notes
  };
}
var MAX_OUTPUT = 16 * 1024;
var DEFAULT_HOST_KEY_ALGORITHMS = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "rsa-sha2-512",
  "rsa-sha2-256",
  "ssh-rsa"
];
function newHostResult(host, ctx) {
  const userDefaulted = host.user === void 0 || host.user === "";
  const result = {
    name: host.name,
    address: host.address || host.name,
    port: host.port ?? DEFAULT_SSH_PORT,
    user: userDefaulted ? DEFAULT_USER : host.user,
    userDefaulted,
    status: "failed",
    auth: "not-tried",
    durationMs: 0,
    notes: []
  };
  if (host.file !== void 0) result.file = host.file;
  if (host.line !== void 0) result.line = host.line;
  if (host.column !== void 0) result.column = host.column;
  if (userDefaulted) {
    result.notes.push(
      `no ansible_user for ${host.name} in ${ctx.inventoryPath}; checked as "${DEFAULT_USER}" (Ansible itself would log in as nodepool-builder's local user); set ansible_user to be explicit`
    );
  }
  return result;
}
function judgeHostKey(keyBlob, result, ctx, withKey) {
  const { address, port } = result;
  const verdict = verifyHostKey(ctx.knownHosts, address, port, keyBlob);
  const info = {
    algorithm: keyTypeOfBlob(keyBlob) ?? "unknown",
    fingerprint: fingerprintSha256(keyBlob),
    pinned: verdict.status === "match"
  };
  if (verdict.status === "match") info.knownHostsLine = verdict.entry.line;
  if (verdict.status === "unknown") info.suggestedLine = formatKnownHostsLine(address, port, keyBlob);
  result.hostKey = info;
  result.notes.push(...verdict.notes);
  const acceptable = verdict.status === "match" || verdict.status === "unknown" && ctx.acceptNew;
  if (acceptable && verdict.status !== "match") {
    result.notes.push(`host key accepted on first use (acceptNew); commit this line to ${ctx.knownHostsPath}: ${info.suggestedLine}`);
  }
  const probeOnly = acceptable && !withKey;
  if (probeOnly) result.notes.push(ctx.probeNote);
  return { verdict, acceptable, probeOnly };
}
function judgeCommands(hn, py, result, label) {
  const hostnameOut = hn.stdout.trim();
  if (hn.code === 0 && hostnameOut !== "") result.hostname = sanitizeRemote(firstLine(hostnameOut));
  const pyText = `${py.stdout}
${py.stderr}`;
  const version = /\bPython\s+(\d+(?:\.\d+)*[\w.+-]*)/.exec(pyText)?.[1];
  if (version !== void 0) result.pythonVersion = version;
  if (py.code === 127 || py.code === 126 || py.code !== 0 && /python3.*(not found|no such file)/i.test(pyText)) {
    return {
      kind: "python-missing",
      cause: `python3 not found: Ansible needs Python on ${label}; install python3 there (it must be on the PATH of ${result.user}'s non-interactive shell)`
    };
  }
  if (py.code !== 0 || version === void 0) {
    return {
      kind: "python-failed",
      cause: `"${PYTHON_COMMAND}" on ${label} ${py.code === 0 ? "printed no version" : exitText(py)}${outputHint(py)}; Ansible needs a working python3 there`
    };
  }
  if (hn.code !== 0 || hostnameOut === "") {
    return { kind: "hostname-failed", cause: `"${HOSTNAME_COMMAND}" on ${label} ${hn.code === 0 ? "printed nothing" : exitText(hn)}${outputHint(hn)}` };
  }
  return void 0;
}
function checkHost(host, ctx) {
  const started = performance.now();
  const result = newHostResult(host, ctx);
  const { address, port, user } = result;
  const label = hostLabel(host.name, address);
  const withKey = ctx.authenticate(host);
  const invalid = !address ? `no address for ${host.name}: set ansible_host in ${ctx.inventoryPath}` : !Number.isInteger(port) || port < 1 || port > 65535 ? `invalid port ${String(port)} for ${host.name}: ansible_port must be 1-65535` : void 0;
  if (invalid) {
    return Promise.resolve(fail(result, "invalid-host", invalid, started));
  }
  return new Promise((resolve) => {
    const client = new Client();
    let settled = false;
    let tcpConnected = false;
    let verdict;
    let offeredKey;
    let probed = false;
    const finish = (kind, cause, destroy = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      client.on("error", () => {
      });
      try {
        if (destroy) client.destroy();
        else client.end();
      } catch {
      }
      if (kind !== void 0 && cause !== void 0) {
        resolve(fail(result, kind, redactPrivateKey(cause, ctx.privateKeyText), started));
        return;
      }
      result.status = probed ? "probed" : result.hostKey?.pinned === false ? "accepted-new" : "ok";
      result.durationMs = elapsed(started);
      resolve(result);
    };
    const overall = setTimeout(() => {
      finish("timeout", timeoutCause(ctx.timeoutMs), true);
    }, ctx.timeoutMs);
    const timeoutCause = (ms) => {
      const where = `${address}:${port}`;
      let detail;
      if (!tcpConnected) detail = `no TCP connection to ${where} (host down, or a firewall drops the packets?)`;
      else if (offeredKey === void 0) detail = `${where} accepted TCP but no SSH handshake followed (is sshd there?)`;
      else if (result.auth === "not-tried") detail = `no answer to authentication from ${where}`;
      else detail = `the commands on ${label} did not finish`;
      return `timed out after ${seconds(ms)}: ${detail}`;
    };
    const hostVerifier = (keyBlob) => {
      offeredKey = Buffer.from(keyBlob);
      const judged = judgeHostKey(offeredKey, result, ctx, withKey);
      verdict = judged.verdict;
      if (judged.probeOnly) {
        probed = true;
        setImmediate(() => finish(void 0, void 0, true));
        return false;
      }
      return judged.acceptable;
    };
    client.on("connect", () => {
      tcpConnected = true;
    });
    client.on("error", (err) => {
      if (settled) return;
      if (probed) {
        finish(void 0, void 0, true);
        return;
      }
      if (verdict !== void 0 && offeredKey !== void 0 && verdict.status !== "match") {
        if (!(verdict.status === "unknown" && ctx.acceptNew)) {
          const { kind: kind2, cause: cause2 } = hostKeyFailure(verdict, offeredKey, address, port, ctx.knownHostsPath);
          finish(kind2, cause2);
          return;
        }
      }
      const { kind, cause } = classifyError(err, {
        address,
        port,
        user,
        label,
        tcpConnected,
        connectTimeoutMs: ctx.connectTimeoutMs,
        key: ctx.key,
        inventoryPath: ctx.inventoryPath,
        timeoutCause
      });
      if (kind === "permission-denied") result.auth = "failed";
      finish(kind, cause, kind === "timeout");
    });
    client.on("close", () => {
      if (settled) return;
      if (probed) {
        finish(void 0, void 0, true);
        return;
      }
      finish(
        "ssh-error",
        `${address}:${port} closed the connection before the check finished` + (tcpConnected ? "" : " (nothing answered)")
      );
    });
    client.on("ready", () => {
      result.auth = "ok";
      result.latencyMs = elapsed(started);
      void Promise.all([exec(client, HOSTNAME_COMMAND), exec(client, PYTHON_COMMAND)]).then(
        ([hn, py]) => {
          if (settled) return;
          const failed = judgeCommands(hn, py, result, label);
          if (failed) finish(failed.kind, failed.cause);
          else finish();
        },
        (err) => {
          finish("ssh-error", `could not run commands on ${label}: ${sanitizeRemote(err.message)}`);
        }
      );
    });
    const config = {
      host: address,
      port,
      username: user,
      // A probed host never gets the key: the client has none to offer, and no method to try.
      ...withKey ? { privateKey: ctx.privateKeyText.replace(/\r\n?/g, "\n") } : {},
      readyTimeout: ctx.connectTimeoutMs,
      hostVerifier,
      tryKeyboard: false,
      // Public key only: skips the "none" probe and its round trip; nothing else would be tried anyway.
      authHandler: withKey ? ["publickey"] : [],
      keepaliveInterval: 0,
      algorithms: { serverHostKey: hostKeyAlgorithms(ctx.knownHosts, address, port) }
    };
    try {
      client.connect(config);
      client.setNoDelay(true);
    } catch (err) {
      finish("ssh-error", `could not start the SSH connection to ${address}:${port}: ${sanitizeRemote(err.message)}`);
    }
  });
}
function hostKeyAlgorithms(knownHosts, address, port) {
  const preferred = [];
  for (const e of pinnedKeysFor(knownHosts, address, port)) {
    const algs = e.keyType === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [e.keyType];
    for (const name of algs) {
      const a = DEFAULT_HOST_KEY_ALGORITHMS.find((d) => d === name);
      if (a !== void 0 && !preferred.includes(a)) preferred.push(a);
    }
  }
  return [...preferred, ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !preferred.includes(a))];
}
function hostKeyFailure(verdict, offered, address, port, knownHostsPath) {
  const got = `${keyTypeOfBlob(offered) ?? "key"} ${fingerprintSha256(offered)}`;
  switch (verdict.status) {
    case "revoked":
      return {
        kind: "host-key-mismatch",
        cause: `host key mismatch: ${address}:${port} offered ${got}, which line ${verdict.entry.line} of ${knownHostsPath} marks @revoked; do not connect until the host has a new key, then pin that one`
      };
    case "mismatch": {
      const expected = verdict.expected.map((e) => `${e.keyType} ${fingerprintSha256(e.key)} (line ${e.line})`).join(" or ");
      return {
        kind: "host-key-mismatch",
        cause: `host key mismatch: expected ${expected}, got ${got} from ${address}:${port}; if the host was reinstalled, confirm the new fingerprint with its administrator and replace the line in ${knownHostsPath}; otherwise someone may be intercepting the connection`
      };
    }
    case "unknown":
      return {
        kind: "host-key-unknown",
        cause: `unknown host key: no entry for ${verdict.name} in ${knownHostsPath}; confirm the fingerprint ${got} with the host's administrator (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host), then add this line: ${formatKnownHostsLine(address, port, offered)}`
      };
    case "match":
      return { kind: "ssh-error", cause: "internal: host key matched" };
  }
}
function classifyError(err, c) {
  const where = `${c.address}:${c.port}`;
  const code = err.code ?? "";
  if (err.level === "client-authentication") {
    return {
      kind: "permission-denied",
      cause: `permission denied: add this public key to ~${c.user}/.ssh/authorized_keys on ${c.label} (the builder key, ${c.key.fingerprint}; shown above; "sf-operator nodepool get builder-ssh-key" prints it), or fix ansible_user in ${c.inventoryPath}`
    };
  }
  if (err.level === "client-timeout") return { kind: "timeout", cause: c.timeoutCause(c.connectTimeoutMs) };
  switch (code) {
    case "ECONNREFUSED":
      return {
        kind: "connection-refused",
        cause: `connection refused: nothing listens on ${where}; check ansible_host/ansible_port in ${c.inventoryPath} and that sshd runs`
      };
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
      return { kind: "host-not-found", cause: `host not found: ${c.address} does not resolve; check ansible_host in ${c.inventoryPath}` };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "EADDRNOTAVAIL":
      return { kind: "unreachable", cause: `host unreachable: no route to ${where}` };
    case "ETIMEDOUT":
      return { kind: "timeout", cause: c.timeoutCause(c.connectTimeoutMs) };
    case "ECONNRESET":
    case "EPIPE":
      return {
        kind: "connection-reset",
        cause: `connection reset by ${where}${c.tcpConnected ? " during the SSH handshake" : ""} (sshd refused the session: MaxStartups, AllowUsers, tcp wrappers or a firewall?)`
      };
  }
  if (err.level === "client-dns") {
    return { kind: "host-not-found", cause: `host not found: ${c.address} does not resolve; check ansible_host in ${c.inventoryPath}` };
  }
  if (err.level === "handshake" || err.level === "protocol") {
    return { kind: "ssh-error", cause: `SSH handshake with ${where} failed: ${sanitizeRemote(err.message)}` };
  }
  return { kind: "ssh-error", cause: `SSH error with ${where}: ${sanitizeRemote(err.message)}` };
}
function exec(client, command) {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) {
        reject(err);
        return;
      }
      let stdout = "";
      let stderr = "";
      let code = null;
      let signal;
      stream.on("data", (d) => {
        if (stdout.length < MAX_OUTPUT) stdout += d.toString("utf8");
      });
      stream.stderr.on("data", (d) => {
        if (stderr.length < MAX_OUTPUT) stderr += d.toString("utf8");
      });
      stream.on("exit", (c, sig) => {
        code = typeof c === "number" ? c : null;
        if (typeof sig === "string") signal = sig;
      });
      stream.on("close", () => {
        const r = { code, stdout, stderr };
        if (signal !== void 0) r.signal = signal;
        resolve(r);
      });
    });
  });
}
function fail(result, kind, cause, started) {
  result.status = "failed";
  result.failure = kind;
  result.cause = cause;
  result.durationMs = elapsed(started);
  return result;
}
async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
function hostLabel(name, address) {
  return name === address ? name : `${name} (${address})`;
}
function positive(v, dflt) {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : dflt;
}
function elapsed(started) {
  return Math.round(performance.now() - started);
}
function seconds(ms) {
  const s = ms / 1e3;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(s < 1 ? 2 : 1))} s`;
}
function exitText(r) {
  return r.code === null ? `was killed${r.signal ? ` by ${r.signal}` : ""}` : `exited with status ${r.code}`;
}
function outputHint(r) {
  const line = firstLine(r.stderr.trim() || r.stdout.trim());
  return line ? ` ("${sanitizeRemote(line)}")` : "";
}
function firstLine(s) {
  return s.split(/\r?\n/)[0].trim();
}
function sanitizeRemote(s) {
  const t = terminalText(s.trim());
  return t.length > 200 ? t.slice(0, 200) + "\u2026" : t;
}

// src/io/cluster/builder-key.ts
async function readBuilderSshKey(source, namespace, secretName) {
  const client = makeClusterClient(loadKubeConfig(source));
  const secret = await read(
    client,
    { verb: "get", resource: "secrets", group: "", namespace, name: secretName },
    () => client.core.readNamespacedSecret({ name: secretName, namespace })
  );
  const priv = secret.data?.priv;
  if (!priv) {
    throw new ClusterError(
      `Secret ${namespace}/${secretName} has no key \`priv\``,
      "not-found",
      "sf-operator creates it with keys priv and pub; give the key with the builder-ssh-key input instead."
    );
  }
  return Buffer.from(priv, "base64").toString("utf8");
}

// src/run/check-ssh.ts
var PROBE_NOTE = "new or changed in this pull request (its address, port, user or pinned host key differ from the base branch): its host key and reachability were checked without logging in; it is checked with the builder key after merge";
var hostId = (h) => `${h.address}\0${h.port ?? DEFAULT_SSH_PORT}\0${h.user ?? ""}`;
function pins(kh, h) {
  return entriesForName(kh, knownHostsName(h.address, h.port ?? DEFAULT_SSH_PORT)).map((e) => `${e.marker ?? ""} ${e.keyType} ${e.key.toString("base64")}`).sort().join("\n");
}
function trustedHosts(base, paths, prKnownHosts) {
  if (base.inventory === null) return () => false;
  const baseHosts = validateInventory({ kind: "inventory", source: makeSource(paths.inventory, base.inventory) }, [], void 0).hosts.filter((h) => h.valid);
  const baseKh = parseKnownHosts(base.knownHosts ?? "");
  const prKh = parseKnownHosts(prKnownHosts);
  const known = /* @__PURE__ */ new Map();
  for (const h of baseHosts) known.set(hostId(h), pins(baseKh, h));
  return (h) => {
    const basePins = known.get(hostId(h));
    return basePins !== void 0 && basePins !== "" && basePins === pins(prKh, h);
  };
}
var BOUND_RULES = ["known-hosts/too-many-lines", "known-hosts/too-much-hashing", "inventory/too-many-hosts"];
async function runCheckSsh(req) {
  const repo = req.loaded?.repo ?? loadRepo(req.repoPath, req.baseSettings !== void 0 ? { baseSettings: req.baseSettings } : {});
  const validation = req.loaded?.validation ?? validateRepo(repo);
  const inventoryFile = repo.files.find((f) => f.kind === "inventory");
  const diagnostics = validation.diagnostics.filter((d) => inventoryFile && d.file === inventoryFile.source.path && d.severity === "error");
  if (!inventoryFile || !validation.inventoryHosts) {
    return { skipped: `${repo.settings.paths.inventory} not found: no image-builders to check`, diagnostics: [], sources: validation.sources };
  }
  const bound = validation.diagnostics.find((d) => BOUND_RULES.includes(d.rule));
  if (bound) {
    return { skipped: `${bound.message} (${bound.file}${bound.line ? ` line ${bound.line}` : ""}): fix that first`, diagnostics: [bound], sources: validation.sources };
  }
  const hosts = validation.inventoryHosts.filter((h) => h.valid);
  const knownHosts = repo.files.find((f) => f.kind === "known-hosts")?.source.text ?? "";
  const authenticate = req.base ? trustedHosts(req.base, { inventory: repo.settings.paths.inventory, knownHosts: repo.settings.paths.knownHosts }, knownHosts) : void 0;
  const report = await checkImageBuilders(hosts, {
    ...authenticate ? { authenticate, probeNote: PROBE_NOTE } : {},
    privateKey: req.privateKey,
    knownHosts,
    acceptNew: req.acceptNew,
    connectTimeoutMs: req.connectTimeoutMs,
    timeoutMs: req.timeoutMs,
    knownHostsPath: repo.settings.paths.knownHosts,
    inventoryPath: repo.settings.paths.inventory
  });
  return { report, diagnostics, sources: validation.sources };
}
async function builderKeyFromCluster(repo, source, baseSettings) {
  const sf = (typeof repo === "string" ? loadRepo(repo, baseSettings !== void 0 ? { baseSettings } : {}) : repo).settings.softwareFactory;
  return readBuilderSshKey(source, sf.namespace, sf.builderSshKeySecret);
}

export {
  PROBE_NOTE,
  trustedHosts,
  runCheckSsh,
  builderKeyFromCluster
};
