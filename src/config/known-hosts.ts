/**
 * OpenSSH known_hosts: parse and look up, with no I/O.
 *
 * Follows sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT" and the lookup rules of ssh(1):
 * - a line is `[@marker] hostnames keytype base64-key [comment]`; blank lines and `#` comments are skipped;
 * - hostnames is a comma list of patterns (`*`, `?`, negation with `!`), matched case-insensitively, or a single
 *   hashed name `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`;
 * - the name looked up is `host` for port 22 and `[host]:port` otherwise (also what is hashed);
 * - `@revoked` keys are never accepted; `@cert-authority` lines sign host certificates, which this check does not
 *   use, so they are ignored (and said so).
 */
import { crypto } from '../core/builtins.js';
import type { KeyObject } from 'node:crypto';

export const DEFAULT_SSH_PORT = 22;

export type KnownHostsMarker = 'revoked' | 'cert-authority';

export type HostPattern =
  | { kind: 'pattern'; pattern: string; negated: boolean }
  | { kind: 'hashed'; salt: Buffer; hash: Buffer; text: string };

export interface KnownHostEntry {
  /** 1-based line number in the file. */
  line: number;
  marker?: KnownHostsMarker;
  /** The hostnames field as written. */
  hostsField: string;
  hosts: HostPattern[];
  /** Key type as written, e.g. `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`. */
  keyType: string;
  /** The key blob (base64-decoded). */
  key: Buffer;
  comment?: string;
}

export interface KnownHostsProblem {
  line: number;
  message: string;
}

export interface KnownHosts {
  entries: KnownHostEntry[];
  /** Lines that could not be used; they are skipped, as ssh(1) skips them. */
  problems: KnownHostsProblem[];
  /** Set when the file has more than MAX_KNOWN_HOSTS_LINES lines: the first line not read. */
  tooManyLines?: number;
}

/** Lines of known_hosts read at most; a file of image-builder host keys has a few dozen. */
export const MAX_KNOWN_HOSTS_LINES = 10_000;

/**
 * HMACs the lookups of a run may cost: (distinct salts of hashed lines) × (distinct host names). `ssh-keygen -H` gives
 * every line its own salt, so a hashed line costs one HMAC per host looked up; at ~2-5 µs each this is about a
 * second or two. Beyond it, the validation says so (and where) instead of spending minutes.
 */
export const MAX_HASH_WORK = 500_000;

const KNOWN_KEY_TYPES = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ssh-dss',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'ssh-ed448',
]);

const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses known_hosts text. Never throws; unusable lines go to `problems`. */
export function parseKnownHosts(text: string): KnownHosts {
  const entries: KnownHostEntry[] = [];
  const problems: KnownHostsProblem[] = [];
  const lines = text.split(/\r?\n/);
  let tooManyLines: number | undefined;
  if (lines.length > MAX_KNOWN_HOSTS_LINES && lines.slice(MAX_KNOWN_HOSTS_LINES).some((l) => l.trim() !== '')) {
    tooManyLines = MAX_KNOWN_HOSTS_LINES + 1;
    lines.length = MAX_KNOWN_HOSTS_LINES;
  }
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(/[ \t]+/);
    let marker: KnownHostsMarker | undefined;
    if (fields[0].startsWith('@')) {
      const m = fields.shift() as string;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
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
      problems.push({ line: lineNo, message: 'the key is not valid base64' });
      continue;
    }
    const key = Buffer.from(keyText, 'base64');
    const embedded = keyTypeOfBlob(key);
    if (embedded !== keyType) {
      problems.push({
        line: lineNo,
        message:
          embedded === undefined
            ? `the key is not an SSH public key blob`
            : `key type ${keyType} does not match the key itself (${embedded})`,
      });
      continue;
    }
    const hosts = parseHostsField(hostsField);
    if (typeof hosts === 'string') {
      problems.push({ line: lineNo, message: hosts });
      continue;
    }
    const entry: KnownHostEntry = { line: lineNo, hostsField, hosts, keyType, key };
    if (marker) entry.marker = marker;
    if (rest.length > 0) entry.comment = rest.join(' ');
    entries.push(entry);
  }
  return { entries, problems, ...(tooManyLines !== undefined ? { tooManyLines } : {}) };
}

/** The distinct salts of the hashed lines, each with the first line that uses it, in file order. */
export function hashedSalts(knownHosts: KnownHosts): Array<{ salt: string; line: number }> {
  return [...indexOf(knownHosts).bySalt.entries()].map(([salt, g]) => ({ salt, line: g.line }));
}

interface Index {
  /** Hashed entries by salt (base64), then by hash (base64). */
  bySalt: Map<string, { salt: KeyObject; line: number; byHash: Map<string, KnownHostEntry[]> }>;
  /** Entries with plain patterns, in file order. */
  plain: KnownHostEntry[];
  /** Lookups done, by name. */
  cache: Map<string, KnownHostEntry[]>;
  /** Hashed host names among the plain entries' patterns (a line naming several hosts): one HMAC each per lookup. */
  plainHashed: number;
  /** HMACs computed by the lookups so far. */
  hmacs: number;
}

const indexes = new WeakMap<KnownHosts, Index>();

function indexOf(knownHosts: KnownHosts): Index {
  let ix = indexes.get(knownHosts);
  if (ix) return ix;
  ix = { bySalt: new Map(), plain: [], cache: new Map(), plainHashed: 0, hmacs: 0 };
  for (const e of knownHosts.entries) {
    const h = e.hosts[0];
    if (e.hosts.length === 1 && h.kind === 'hashed') {
      const key = h.salt.toString('base64');
      let g = ix.bySalt.get(key);
      if (!g) ix.bySalt.set(key, (g = { salt: crypto().createSecretKey(h.salt), line: e.line, byHash: new Map() }));
      const hk = h.hash.toString('base64');
      const list = g.byHash.get(hk);
      if (list) list.push(e);
      else g.byHash.set(hk, [e]);
    } else {
      ix.plain.push(e);
      ix.plainHashed += e.hosts.filter((x) => x.kind === 'hashed').length;
    }
  }
  indexes.set(knownHosts, ix);
  return ix;
}

/** The HMACs the lookups in `knownHosts` have cost so far: the work MAX_HASH_WORK bounds. */
export function hmacsComputed(knownHosts: KnownHosts): number {
  return indexes.get(knownHosts)?.hmacs ?? 0;
}

/**
 * Every line that applies to `name` (in `knownHostsName` form), in file order: the name's HMAC is computed once per
 * distinct salt (not once per line), and each lookup once per name.
 */
export function entriesForName(knownHosts: KnownHosts, name: string): KnownHostEntry[] {
  const ix = indexOf(knownHosts);
  const cached = ix.cache.get(name);
  if (cached) return cached;
  const out: KnownHostEntry[] = ix.plain.filter((e) => entryMatchesName(e, name));
  ix.hmacs += ix.plainHashed + ix.bySalt.size;
  for (const g of ix.bySalt.values()) {
    const mac = crypto().createHmac('sha1', g.salt).update(name).digest();
    const hit = g.byHash.get(mac.toString('base64'));
    if (hit) out.push(...hit);
  }
  out.sort((a, b) => a.line - b.line);
  ix.cache.set(name, out);
  return out;
}

function parseHostsField(field: string): HostPattern[] | string {
  if (field.startsWith('|')) {
    // ssh(1) treats a field that starts with '|' as one hashed name.
    const m = /^\|1\|([A-Za-z0-9+/]+={0,2})\|([A-Za-z0-9+/]+={0,2})$/.exec(field);
    if (!m) return 'malformed hashed host name (expected |1|salt|hash)';
    const salt = Buffer.from(m[1], 'base64');
    const hash = Buffer.from(m[2], 'base64');
    if (salt.length !== 20 || hash.length !== 20) return 'malformed hashed host name (salt and hash must be 20 bytes)';
    return [{ kind: 'hashed', salt, hash, text: field }];
  }
  const out: HostPattern[] = [];
  for (const part of field.split(',')) {
    if (part === '') continue;
    const negated = part.startsWith('!');
    const pattern = (negated ? part.slice(1) : part).toLowerCase();
    if (pattern === '') return 'empty host pattern';
    out.push({ kind: 'pattern', pattern, negated });
  }
  if (out.length === 0) return 'no host names';
  return out;
}

/** The name ssh(1) looks up (and hashes) for a host and port: `host` for 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number = DEFAULT_SSH_PORT): string {
  const h = host.toLowerCase();
  return port === DEFAULT_SSH_PORT ? h : `[${h}]:${port}`;
}

/** OpenSSH-style glob: `*` any run, `?` one character. */
export function matchPattern(name: string, pattern: string): boolean {
  // Iterative wildcard match with backtracking on the last '*'.
  let n = 0;
  let p = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      n++;
      p++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starN = n;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Whether a known_hosts line applies to `name` (already in `knownHostsName` form). */
export function entryMatchesName(entry: KnownHostEntry, name: string): boolean {
  let matched = false;
  for (const h of entry.hosts) {
    if (h.kind === 'hashed') {
      const mac = crypto().createHmac('sha1', h.salt).update(name).digest();
      if (mac.length === h.hash.length && crypto().timingSafeEqual(mac, h.hash)) matched = true;
    } else if (matchPattern(name, h.pattern)) {
      if (h.negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** `|1|salt|hash` for a name, as `ssh-keygen -H` writes it. The salt is random unless given. */
export function hashKnownHostsName(name: string, salt: Buffer = crypto().randomBytes(20)): string {
  const mac = crypto().createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${mac.toString('base64')}`;
}

/** The key type string at the start of an SSH public key blob, or undefined if it is not one. */
export function keyTypeOfBlob(blob: Uint8Array): string | undefined {
  if (blob.length < 4) return undefined;
  const len = ((blob[0] << 24) >>> 0) + (blob[1] << 16) + (blob[2] << 8) + blob[3];
  if (len === 0 || len > 64 || 4 + len > blob.length) return undefined;
  const s = Buffer.from(blob.subarray(4, 4 + len)).toString('latin1');
  return /^[\x21-\x7e]+$/.test(s) ? s : undefined;
}

/** `SHA256:` + unpadded base64 of the SHA-256 of the key blob, as `ssh-keygen -l` prints it. */
export function fingerprintSha256(blob: Uint8Array): string {
  return 'SHA256:' + crypto().createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The known_hosts line that pins `blob` for `host`:`port` (plain, not hashed, so that it can be reviewed). */
export function formatKnownHostsLine(host: string, port: number, blob: Uint8Array): string {
  const type = keyTypeOfBlob(blob) ?? 'unknown';
  return `${knownHostsName(host, port)} ${type} ${Buffer.from(blob).toString('base64')}`;
}

export type HostKeyVerdict =
  /** The offered key is pinned for this host. */
  | { status: 'match'; name: string; entry: KnownHostEntry; notes: string[] }
  /** The offered key is on a matching `@revoked` line. */
  | { status: 'revoked'; name: string; entry: KnownHostEntry; notes: string[] }
  /** Keys are pinned for this host, none is the offered one. */
  | { status: 'mismatch'; name: string; expected: KnownHostEntry[]; notes: string[] }
  /** Nothing is pinned for this host. */
  | { status: 'unknown'; name: string; notes: string[] };

/** Entries (not markers) that pin keys for host:port. */
export function pinnedKeysFor(knownHosts: KnownHosts, host: string, port: number = DEFAULT_SSH_PORT): KnownHostEntry[] {
  return entriesForName(knownHosts, knownHostsName(host, port)).filter((e) => e.marker === undefined);
}

/**
 * Checks an offered host key against known_hosts, the way ssh(1) with StrictHostKeyChecking=yes decides:
 * revoked beats everything, then an exact pinned key matches; pinned keys that differ (of any type) are a mismatch.
 */
export function verifyHostKey(
  knownHosts: KnownHosts,
  host: string,
  port: number,
  offered: Uint8Array,
): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const offeredBuf = Buffer.from(offered);
  const notes: string[] = [];
  const applicable = entriesForName(knownHosts, name);
  for (const e of applicable) {
    if (e.marker === 'revoked' && e.key.equals(offeredBuf)) return { status: 'revoked', name, entry: e, notes };
  }
  const ca = applicable.filter((e) => e.marker === 'cert-authority');
  if (ca.length > 0) {
    notes.push(
      `known_hosts line${ca.length > 1 ? 's' : ''} ${ca.map((e) => e.line).join(', ')}: @cert-authority ignored ` +
        '(host certificates are not checked; pin the host key itself)',
    );
  }
  const pinned = applicable.filter((e) => e.marker === undefined);
  const hit = pinned.find((e) => e.key.equals(offeredBuf));
  if (hit) return { status: 'match', name, entry: hit, notes };
  if (pinned.length > 0) return { status: 'mismatch', name, expected: pinned, notes };
  return { status: 'unknown', name, notes };
}

function quoteShort(s: string): string {
  const t = s.length > 40 ? s.slice(0, 40) + '…' : s;
  return JSON.stringify(t);
}
