import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);

// src/config/known-hosts.ts
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
var DEFAULT_SSH_PORT = 22;
var KNOWN_KEY_TYPES = /* @__PURE__ */ new Set([
  "ssh-ed25519",
  "ssh-rsa",
  "ssh-dss",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
  "ssh-ed448"
]);
var BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;
function parseKnownHosts(text) {
  const entries = [];
  const problems = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i].trim();
    if (raw === "" || raw.startsWith("#")) continue;
    const fields = raw.split(/[ \t]+/);
    let marker;
    if (fields[0].startsWith("@")) {
      const m = fields.shift();
      if (m === "@revoked") marker = "revoked";
      else if (m === "@cert-authority") marker = "cert-authority";
      else {
        problems.push({ line: lineNo, message: `unknown marker ${m} (expected @revoked or @cert-authority)` });
        continue;
      }
    }
    if (fields.length < 3) {
      problems.push({ line: lineNo, message: 'expected "hostnames keytype key [comment]"' });
      continue;
    }
    const [hostsField, keyType, keyText, ...rest] = fields;
    if (!KNOWN_KEY_TYPES.has(keyType)) {
      problems.push({ line: lineNo, message: `unsupported key type ${quoteShort(keyType)}` });
      continue;
    }
    if (!BASE64_RE.test(keyText)) {
      problems.push({ line: lineNo, message: "the key is not valid base64" });
      continue;
    }
    const key = Buffer.from(keyText, "base64");
    const embedded = keyTypeOfBlob(key);
    if (embedded !== keyType) {
      problems.push({
        line: lineNo,
        message: embedded === void 0 ? `the key is not an SSH public key blob` : `key type ${keyType} does not match the key itself (${embedded})`
      });
      continue;
    }
    const hosts = parseHostsField(hostsField);
    if (typeof hosts === "string") {
      problems.push({ line: lineNo, message: hosts });
      continue;
    }
    const entry = { line: lineNo, hostsField, hosts, keyType, key };
    if (marker) entry.marker = marker;
    if (rest.length > 0) entry.comment = rest.join(" ");
    entries.push(entry);
  }
  return { entries, problems };
}
function parseHostsField(field) {
  if (field.startsWith("|")) {
    const m = /^\|1\|([A-Za-z0-9+/]+={0,2})\|([A-Za-z0-9+/]+={0,2})$/.exec(field);
    if (!m) return "malformed hashed host name (expected |1|salt|hash)";
    const salt = Buffer.from(m[1], "base64");
    const hash = Buffer.from(m[2], "base64");
    if (salt.length !== 20 || hash.length !== 20) return "malformed hashed host name (salt and hash must be 20 bytes)";
    return [{ kind: "hashed", salt, hash, text: field }];
  }
  const out = [];
  for (const part of field.split(",")) {
    if (part === "") continue;
    const negated = part.startsWith("!");
    const pattern = (negated ? part.slice(1) : part).toLowerCase();
    if (pattern === "") return "empty host pattern";
    out.push({ kind: "pattern", pattern, negated });
  }
  if (out.length === 0) return "no host names";
  return out;
}
function knownHostsName(host, port = DEFAULT_SSH_PORT) {
  const h = host.toLowerCase();
  return port === DEFAULT_SSH_PORT ? h : `[${h}]:${port}`;
}
function matchPattern(name, pattern) {
  let n = 0;
  let p = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === name[n])) {
      n++;
      p++;
    } else if (p < pattern.length && pattern[p] === "*") {
      starP = p++;
      starN = n;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}
function entryMatchesName(entry, name) {
  let matched = false;
  for (const h of entry.hosts) {
    if (h.kind === "hashed") {
      const mac = createHmac("sha1", h.salt).update(name).digest();
      if (mac.length === h.hash.length && timingSafeEqual(mac, h.hash)) matched = true;
    } else if (matchPattern(name, h.pattern)) {
      if (h.negated) return false;
      matched = true;
    }
  }
  return matched;
}
function keyTypeOfBlob(blob) {
  if (blob.length < 4) return void 0;
  const len = (blob[0] << 24 >>> 0) + (blob[1] << 16) + (blob[2] << 8) + blob[3];
  if (len === 0 || len > 64 || 4 + len > blob.length) return void 0;
  const s = Buffer.from(blob.subarray(4, 4 + len)).toString("latin1");
  return /^[\x21-\x7e]+$/.test(s) ? s : void 0;
}
function fingerprintSha256(blob) {
  return "SHA256:" + createHash("sha256").update(blob).digest("base64").replace(/=+$/, "");
}
function formatKnownHostsLine(host, port, blob) {
  const type = keyTypeOfBlob(blob) ?? "unknown";
  return `${knownHostsName(host, port)} ${type} ${Buffer.from(blob).toString("base64")}`;
}
function pinnedKeysFor(knownHosts, host, port = DEFAULT_SSH_PORT) {
  const name = knownHostsName(host, port);
  return knownHosts.entries.filter((e) => e.marker === void 0 && entryMatchesName(e, name));
}
function verifyHostKey(knownHosts, host, port, offered) {
  const name = knownHostsName(host, port);
  const offeredBuf = Buffer.from(offered);
  const notes = [];
  const applicable = knownHosts.entries.filter((e) => entryMatchesName(e, name));
  for (const e of applicable) {
    if (e.marker === "revoked" && e.key.equals(offeredBuf)) return { status: "revoked", name, entry: e, notes };
  }
  const ca = applicable.filter((e) => e.marker === "cert-authority");
  if (ca.length > 0) {
    notes.push(
      `known_hosts line${ca.length > 1 ? "s" : ""} ${ca.map((e) => e.line).join(", ")}: @cert-authority ignored (host certificates are not checked; pin the host key itself)`
    );
  }
  const pinned = applicable.filter((e) => e.marker === void 0);
  const hit = pinned.find((e) => e.key.equals(offeredBuf));
  if (hit) return { status: "match", name, entry: hit, notes };
  if (pinned.length > 0) return { status: "mismatch", name, expected: pinned, notes };
  return { status: "unknown", name, notes };
}
function quoteShort(s) {
  const t = s.length > 40 ? s.slice(0, 40) + "\u2026" : s;
  return JSON.stringify(t);
}

export {
  DEFAULT_SSH_PORT,
  parseKnownHosts,
  keyTypeOfBlob,
  fingerprintSha256,
  formatKnownHostsLine,
  pinnedKeysFor,
  verifyHostKey
};
