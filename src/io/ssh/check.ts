/**
 * The image-builder SSH check: the one module here that opens connections.
 *
 * For each host, what nodepool-builder's Ansible will need: a TCP connection, a host key pinned in
 * nodepool/dib-ansible/known_hosts, public-key login with the builder's key, and python3. It runs two fixed commands,
 * `hostname` and `python3 --version`, never anything built from repository data.
 */
import { performance } from 'node:perf_hooks';
import ssh2 from 'ssh2';
import { terminalText } from '../../core/terminal.js';
import type { ClientChannel, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { parseBuilderKey, redactPrivateKey } from './keys.js';
import type { BuilderKey } from './keys.js';
import {
  DEFAULT_SSH_PORT,
  fingerprintSha256,
  formatKnownHostsLine,
  keyTypeOfBlob,
  parseKnownHosts,
  pinnedKeysFor,
  verifyHostKey,
} from '../../config/known-hosts.js';
import type { HostKeyVerdict, KnownHosts } from '../../config/known-hosts.js';
import type {
  ImageBuilderHost,
  SshCheckReport,
  SshFailureKind,
  SshHostKeyInfo,
  SshHostResult,
  SshHostTrust,
} from '../../core/ssh-types.js';

const { Client } = ssh2;

/** The only commands this check runs. Constants: never built from repository data. */
export const HOSTNAME_COMMAND = 'hostname';
export const PYTHON_COMMAND = 'python3 --version';

export const DEFAULT_USER = 'nodepool';
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * Hosts checked at once. Each check holds a socket (a file descriptor) and a handshake's CPU; 3,000 at once ran out
 * of descriptors. 32 keeps a few dozen builders as fast as all at once and bounds any inventory.
 */
export const DEFAULT_SSH_CONCURRENCY = 32;
export const DEFAULT_KNOWN_HOSTS_PATH = 'nodepool/dib-ansible/known_hosts';
export const DEFAULT_INVENTORY_PATH = 'nodepool/dib-ansible/inventory.yaml';

export interface SshCheckOptions {
  /** The builder's private key (PEM or OpenSSH format, unencrypted). */
  privateKey: string;
  /** Content of nodepool/dib-ansible/known_hosts ('' when the file is absent). */
  knownHosts: string;
  /** Trust a host that has no known_hosts entry and report the line to commit, instead of failing. */
  acceptNew?: boolean;
  /** Time allowed for TCP connect + SSH handshake + authentication (ssh2 readyTimeout). Default 10 s. */
  connectTimeoutMs?: number;
  /** Time allowed for the whole check of one host, commands included. Default 30 s. */
  timeoutMs?: number;
  /** How many hosts to check at once. Default DEFAULT_SSH_CONCURRENCY. */
  concurrency?: number;
  /** Path of known_hosts as shown in messages. */
  knownHostsPath?: string;
  /**
   * What to do with a host (default: log in to every host). `probe`: only the TCP connection and the host key are
   * checked: the connection ends at host-key verification, before any authentication, and the key is not even given
   * to the SSH client; the result is `probed` (or `failed`). `skip`: no connection at all; the result is
   * `not-checked`, with `skipNote`.
   */
  trust?: (host: ImageBuilderHost) => SshHostTrust;
  /** The note on a probed host: why it was not logged in to. */
  probeNote?: string;
  /** The one note on a host not connected to. */
  skipNote?: string;
  /** Path of the inventory as shown in messages. */
  inventoryPath?: string;
}

/**
 * Checks the image-builders in parallel, at most `concurrency` at once. Throws SshKeyError (before any connection) when the private key cannot be
 * used; every per-host problem is a `failed` result instead.
 */
export async function checkImageBuilders(
  hosts: readonly ImageBuilderHost[],
  options: SshCheckOptions,
): Promise<SshCheckReport> {
  const key = parseBuilderKey(options.privateKey);
  const knownHosts = parseKnownHosts(options.knownHosts ?? '');
  const knownHostsPath = options.knownHostsPath ?? DEFAULT_KNOWN_HOSTS_PATH;
  const ctx: HostContext = {
    key,
    privateKeyText: options.privateKey,
    knownHosts,
    knownHostsPath,
    inventoryPath: options.inventoryPath ?? DEFAULT_INVENTORY_PATH,
    acceptNew: options.acceptNew === true,
    connectTimeoutMs: positive(options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS),
    timeoutMs: positive(options.timeoutMs, DEFAULT_TIMEOUT_MS),
    trust: options.trust ?? (() => 'login'),
    probeNote: options.probeNote ?? 'not logged in to: only its host key and reachability were checked',
    skipNote: options.skipNote ?? 'not checked',
  };
  const notes = knownHosts.problems.map((p) => `${knownHostsPath} line ${p.line} skipped: ${p.message}`);
  if (hosts.length === 0) notes.push(`no image-builder hosts in ${ctx.inventoryPath}; nothing to check`);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_SSH_CONCURRENCY) || 1);
  const results = await mapLimit(hosts, concurrency, (h) => checkHost(h, ctx));
  return {
    publicKey: key.publicKey,
    publicKeyFingerprint: key.fingerprint,
    results,
    ok: results.every((r) => r.status !== 'failed'),
    notes,
  };
}

interface HostContext {
  key: BuilderKey;
  privateKeyText: string;
  knownHosts: KnownHosts;
  knownHostsPath: string;
  inventoryPath: string;
  acceptNew: boolean;
  connectTimeoutMs: number;
  timeoutMs: number;
  trust: (host: ImageBuilderHost) => SshHostTrust;
  probeNote: string;
  skipNote: string;
}

interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

const MAX_OUTPUT = 16 * 1024;

/** Host key algorithms ssh2 offers by default, best first (ssh2 1.x, with Ed25519 available in Node 24). */
const DEFAULT_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** The result of one host before it is tried: where it is, who logs in, and what the inventory left to defaults. */
function newHostResult(host: ImageBuilderHost, ctx: HostContext): SshHostResult {
  const userDefaulted = host.user === undefined || host.user === '';
  const result: SshHostResult = {
    name: host.name,
    address: host.address || host.name,
    port: host.port ?? DEFAULT_SSH_PORT,
    user: userDefaulted ? DEFAULT_USER : (host.user as string),
    userDefaulted,
    status: 'failed',
    auth: 'not-tried',
    durationMs: 0,
    notes: [],
  };
  if (host.file !== undefined) result.file = host.file;
  if (host.line !== undefined) result.line = host.line;
  if (host.column !== undefined) result.column = host.column;
  if (userDefaulted) {
    result.notes.push(
      `no ansible_user for ${host.name} in ${ctx.inventoryPath}; checked as "${DEFAULT_USER}" ` +
        `(Ansible itself would log in as nodepool-builder's local user); set ansible_user to be explicit`,
    );
  }
  return result;
}

/**
 * The offered host key against known_hosts: records what was seen in `result`, and says whether the connection may
 * go on (`acceptable`) and whether to stop right there because this host is only probed (no key for it).
 */
function judgeHostKey(keyBlob: Buffer, result: SshHostResult, ctx: HostContext, withKey: boolean): { verdict: HostKeyVerdict; acceptable: boolean; probeOnly: boolean } {
  const { address, port } = result;
  const verdict = verifyHostKey(ctx.knownHosts, address, port, keyBlob);
  const info: SshHostKeyInfo = {
    algorithm: keyTypeOfBlob(keyBlob) ?? 'unknown',
    fingerprint: fingerprintSha256(keyBlob),
    pinned: verdict.status === 'match',
  };
  if (verdict.status === 'match') info.knownHostsLine = verdict.entry.line;
  if (verdict.status === 'unknown') info.suggestedLine = formatKnownHostsLine(address, port, keyBlob);
  result.hostKey = info;
  result.notes.push(...verdict.notes);
  // A key accepted on first use is said by the status (`accepted-new`) and `hostKey.suggestedLine`, not by a note.
  const acceptable = verdict.status === 'match' || (verdict.status === 'unknown' && ctx.acceptNew);
  const probeOnly = acceptable && !withKey;
  if (probeOnly) result.notes.push(ctx.probeNote);
  return { verdict, acceptable, probeOnly };
}

/** What `hostname` and `python3 --version` said: recorded in `result`; a failure as its kind and cause. */
function judgeCommands(hn: ExecResult, py: ExecResult, result: SshHostResult, label: string): { kind: SshFailureKind; cause: string } | undefined {
  const hostnameOut = hn.stdout.trim();
  if (hn.code === 0 && hostnameOut !== '') result.hostname = sanitizeRemote(firstLine(hostnameOut));
  const pyText = `${py.stdout}\n${py.stderr}`;
  const version = /\bPython\s+(\d+(?:\.\d+)*[\w.+-]*)/.exec(pyText)?.[1];
  if (version !== undefined) result.pythonVersion = version;
  if (py.code === 127 || py.code === 126 || (py.code !== 0 && /python3.*(not found|no such file)/i.test(pyText))) {
    return {
      kind: 'python-missing',
      cause: `python3 not found: Ansible needs Python on ${label}; install python3 there (it must be on the PATH of ${result.user}'s non-interactive shell)`,
    };
  }
  if (py.code !== 0 || version === undefined) {
    return {
      kind: 'python-failed',
      cause: `"${PYTHON_COMMAND}" on ${label} ${py.code === 0 ? 'printed no version' : exitText(py)}${outputHint(py)}; Ansible needs a working python3 there`,
    };
  }
  if (hn.code !== 0 || hostnameOut === '') {
    return { kind: 'hostname-failed', cause: `"${HOSTNAME_COMMAND}" on ${label} ${hn.code === 0 ? 'printed nothing' : exitText(hn)}${outputHint(hn)}` };
  }
  return undefined;
}

/**
 * One host: connect, judge its key, log in (unless only probed), run the two commands. Long because one
 * connection's event handlers share its state (settled, TCP up, key offered, probed) and must all end in `finish`
 * exactly once; the judging is in newHostResult, judgeHostKey and judgeCommands.
 */
function checkHost(host: ImageBuilderHost, ctx: HostContext): Promise<SshHostResult> {
  const started = performance.now();
  const result = newHostResult(host, ctx);
  const { address, port, user } = result;
  const label = hostLabel(host.name, address);
  const trust = ctx.trust(host);
  if (trust === 'skip') {
    // Not connected to: one outcome, whatever is (or is not) listening there.
    return Promise.resolve({ ...result, status: 'not-checked', notes: [ctx.skipNote], durationMs: elapsed(started) });
  }
  const withKey = trust === 'login';

  const invalid = !address
    ? `no address for ${host.name}: set ansible_host in ${ctx.inventoryPath}`
    : !Number.isInteger(port) || port < 1 || port > 65535
      ? `invalid port ${String(port)} for ${host.name}: ansible_port must be 1-65535`
      : undefined;
  if (invalid) {
    return Promise.resolve(fail(result, 'invalid-host', invalid, started));
  }

  return new Promise<SshHostResult>((resolve) => {
    const client = new Client();
    let settled = false;
    let tcpConnected = false;
    let verdict: HostKeyVerdict | undefined;
    let offeredKey: Buffer | undefined;
    /** Probe only: the host key was seen and is acceptable; the connection was ended there on purpose. */
    let probed = false;

    const finish = (kind?: SshFailureKind, cause?: string, destroy = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      // Errors after the result is known (e.g. a reset while closing) must not escape.
      client.on('error', () => {});
      try {
        if (destroy) client.destroy();
        else client.end();
      } catch {
        /* already closed */
      }
      if (kind !== undefined && cause !== undefined) {
        resolve(fail(result, kind, redactPrivateKey(cause, ctx.privateKeyText), started));
        return;
      }
      result.status = probed ? 'probed' : result.hostKey?.pinned === false ? 'accepted-new' : 'ok';
      result.durationMs = elapsed(started);
      resolve(result);
    };

    const overall = setTimeout(() => {
      finish('timeout', timeoutCause(ctx.timeoutMs), true);
    }, ctx.timeoutMs);

    const timeoutCause = (ms: number): string => {
      const where = `${address}:${port}`;
      let detail: string;
      if (!tcpConnected) detail = `no TCP connection to ${where} (host down, or a firewall drops the packets?)`;
      else if (offeredKey === undefined) detail = `${where} accepted TCP but no SSH handshake followed (is sshd there?)`;
      else if (result.auth === 'not-tried') detail = `no answer to authentication from ${where}`;
      else detail = `the commands on ${label} did not finish`;
      return `timed out after ${seconds(ms)}: ${detail}`;
    };

    const hostVerifier = (keyBlob: Buffer): boolean => {
      offeredKey = Buffer.from(keyBlob);
      const judged = judgeHostKey(offeredKey, result, ctx, withKey);
      verdict = judged.verdict;
      if (judged.probeOnly) {
        // Probe only: end the connection here, before any authentication.
        probed = true;
        setImmediate(() => finish(undefined, undefined, true));
        return false;
      }
      return judged.acceptable;
    };

    client.on('connect', () => {
      tcpConnected = true;
    });

    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (settled) return;
      if (probed) {
        finish(undefined, undefined, true);
        return;
      }
      if (verdict !== undefined && offeredKey !== undefined && verdict.status !== 'match') {
        if (!(verdict.status === 'unknown' && ctx.acceptNew)) {
          const { kind, cause } = hostKeyFailure(verdict, offeredKey, address, port, ctx.knownHostsPath);
          finish(kind, cause);
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
        timeoutCause,
      });
      if (kind === 'permission-denied') result.auth = 'failed';
      finish(kind, cause, kind === 'timeout');
    });

    client.on('close', () => {
      if (settled) return;
      if (probed) {
        finish(undefined, undefined, true);
        return;
      }
      finish(
        'ssh-error',
        `${address}:${port} closed the connection before the check finished` +
          (tcpConnected ? '' : ' (nothing answered)'),
      );
    });

    client.on('ready', () => {
      result.auth = 'ok';
      result.latencyMs = elapsed(started);
      void Promise.all([exec(client, HOSTNAME_COMMAND), exec(client, PYTHON_COMMAND)]).then(
        ([hn, py]) => {
          if (settled) return;
          const failed = judgeCommands(hn, py, result, label);
          if (failed) finish(failed.kind, failed.cause);
          else finish();
        },
        (err: Error) => {
          finish('ssh-error', `could not run commands on ${label}: ${sanitizeRemote(err.message)}`);
        },
      );
    });

    const config: ConnectConfig = {
      host: address,
      port,
      username: user,
      // A probed host never gets the key: the client has none to offer, and no method to try.
      ...(withKey ? { privateKey: ctx.privateKeyText.replace(/\r\n?/g, '\n') } : {}),
      readyTimeout: ctx.connectTimeoutMs,
      hostVerifier,
      tryKeyboard: false,
      // Public key only: skips the "none" probe and its round trip; nothing else would be tried anyway.
      authHandler: withKey ? ['publickey'] : [],
      keepaliveInterval: 0,
      algorithms: { serverHostKey: hostKeyAlgorithms(ctx.knownHosts, address, port) },
    };
    try {
      client.connect(config);
      // Without it, Nagle's algorithm against the peer's delayed ACKs costs ~40 ms per round trip (about 6 of them).
      client.setNoDelay(true);
    } catch (err) {
      finish('ssh-error', `could not start the SSH connection to ${address}:${port}: ${sanitizeRemote((err as Error).message)}`);
    }
  });
}

/** Prefer the host key types pinned for this host, the way ssh(1) orders HostKeyAlgorithms from known_hosts. */
function hostKeyAlgorithms(knownHosts: KnownHosts, address: string, port: number): ServerHostKeyAlgorithm[] {
  const preferred: ServerHostKeyAlgorithm[] = [];
  for (const e of pinnedKeysFor(knownHosts, address, port)) {
    const algs = e.keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [e.keyType];
    for (const name of algs) {
      const a = DEFAULT_HOST_KEY_ALGORITHMS.find((d) => d === name);
      if (a !== undefined && !preferred.includes(a)) preferred.push(a);
    }
  }
  return [...preferred, ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !preferred.includes(a))];
}

function hostKeyFailure(
  verdict: HostKeyVerdict,
  offered: Buffer,
  address: string,
  port: number,
  knownHostsPath: string,
): { kind: SshFailureKind; cause: string } {
  const got = `${keyTypeOfBlob(offered) ?? 'key'} ${fingerprintSha256(offered)}`;
  switch (verdict.status) {
    case 'revoked':
      return {
        kind: 'host-key-mismatch',
        cause:
          `host key mismatch: ${address}:${port} offered ${got}, which line ${verdict.entry.line} of ` +
          `${knownHostsPath} marks @revoked; do not connect until the host has a new key, then pin that one`,
      };
    case 'mismatch': {
      const expected = verdict.expected
        .map((e) => `${e.keyType} ${fingerprintSha256(e.key)} (line ${e.line})`)
        .join(' or ');
      return {
        kind: 'host-key-mismatch',
        cause:
          `host key mismatch: expected ${expected}, got ${got} from ${address}:${port}; ` +
          `if the host was reinstalled, confirm the new fingerprint with its administrator and replace the line in ` +
          `${knownHostsPath}; otherwise someone may be intercepting the connection`,
      };
    }
    case 'unknown':
      return {
        kind: 'host-key-unknown',
        cause:
          `unknown host key: no entry for ${verdict.name} in ${knownHostsPath}; confirm the fingerprint ` +
          `${got} with the host's administrator (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host), then add ` +
          `this line: ${formatKnownHostsLine(address, port, offered)}`,
      };
    case 'match':
      return { kind: 'ssh-error', cause: 'internal: host key matched' };
  }
}

interface ErrorContext {
  address: string;
  port: number;
  user: string;
  label: string;
  tcpConnected: boolean;
  connectTimeoutMs: number;
  key: BuilderKey;
  inventoryPath: string;
  timeoutCause: (ms: number) => string;
}

function classifyError(
  err: Error & { level?: string; code?: string },
  c: ErrorContext,
): { kind: SshFailureKind; cause: string } {
  const where = `${c.address}:${c.port}`;
  const code = err.code ?? '';
  if (err.level === 'client-authentication') {
    return {
      kind: 'permission-denied',
      cause:
        `permission denied: add this public key to ~${c.user}/.ssh/authorized_keys on ${c.label} ` +
        `(the builder key, ${c.key.fingerprint}; shown above; "sf-operator nodepool get builder-ssh-key" prints it)` +
        `, or fix ansible_user in ${c.inventoryPath}`,
    };
  }
  if (err.level === 'client-timeout') return { kind: 'timeout', cause: c.timeoutCause(c.connectTimeoutMs) };
  switch (code) {
    case 'ECONNREFUSED':
      return {
        kind: 'connection-refused',
        cause: `connection refused: nothing listens on ${where}; check ansible_host/ansible_port in ${c.inventoryPath} and that sshd runs`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return { kind: 'host-not-found', cause: `host not found: ${c.address} does not resolve; check ansible_host in ${c.inventoryPath}` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { kind: 'unreachable', cause: `host unreachable: no route to ${where}` };
    case 'ETIMEDOUT':
      return { kind: 'timeout', cause: c.timeoutCause(c.connectTimeoutMs) };
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        kind: 'connection-reset',
        cause: `connection reset by ${where}${c.tcpConnected ? ' during the SSH handshake' : ''} (sshd refused the session: MaxStartups, AllowUsers, tcp wrappers or a firewall?)`,
      };
  }
  if (err.level === 'client-dns') {
    return { kind: 'host-not-found', cause: `host not found: ${c.address} does not resolve; check ansible_host in ${c.inventoryPath}` };
  }
  if (err.level === 'handshake' || err.level === 'protocol') {
    return { kind: 'ssh-error', cause: `SSH handshake with ${where} failed: ${sanitizeRemote(err.message)}` };
  }
  return { kind: 'ssh-error', cause: `SSH error with ${where}: ${sanitizeRemote(err.message)}` };
}

function exec(client: InstanceType<typeof Client>, command: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err: Error | undefined, stream: ClientChannel) => {
      if (err) {
        reject(err);
        return;
      }
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      let signal: string | undefined;
      stream.on('data', (d: Buffer) => {
        if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8');
      });
      stream.stderr.on('data', (d: Buffer) => {
        if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8');
      });
      stream.on('exit', (c: number | null, sig?: string) => {
        code = typeof c === 'number' ? c : null;
        if (typeof sig === 'string') signal = sig;
      });
      stream.on('close', () => {
        const r: ExecResult = { code, stdout, stderr };
        if (signal !== undefined) r.signal = signal;
        resolve(r);
      });
    });
  });
}

function fail(result: SshHostResult, kind: SshFailureKind, cause: string, started: number): SshHostResult {
  result.status = 'failed';
  result.failure = kind;
  result.cause = cause;
  result.durationMs = elapsed(started);
  return result;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function hostLabel(name: string, address: string): string {
  return name === address ? name : `${name} (${address})`;
}

function positive(v: number | undefined, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : dflt;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** `10 s`, `2.5 s`, `0.8 s`. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(s < 1 ? 2 : 1))} s`;
}

function exitText(r: ExecResult): string {
  return r.code === null ? `was killed${r.signal ? ` by ${r.signal}` : ''}` : `exited with status ${r.code}`;
}

function outputHint(r: ExecResult): string {
  const line = firstLine((r.stderr.trim() || r.stdout.trim()));
  return line ? ` ("${sanitizeRemote(line)}")` : '';
}

function firstLine(s: string): string {
  return s.split(/\r?\n/)[0].trim();
}

/** Remote or library text: one line, printable, bounded. */
function sanitizeRemote(s: string): string {
  const t = terminalText(s.trim());
  return t.length > 200 ? t.slice(0, 200) + '…' : t;
}
