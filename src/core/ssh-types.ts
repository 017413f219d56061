/** Shapes shared by the SSH check, its renderer and the report. Plain data only. */

/** One image-builder, as the inventory parser gives it. */
export interface ImageBuilderHost {
  /** Inventory host name. */
  name: string;
  /** What to connect to (`ansible_host`, or the name). */
  address: string;
  /** `ansible_user`; when absent the check uses `nodepool` and says so. */
  user?: string;
  /** `ansible_port`; 22 when absent. */
  port?: number;
  /** Where the host is defined, for annotations. */
  file?: string;
  line?: number;
  column?: number;
}

/**
 * `probed`: on a pull request, a host at an address and port the base branch names, with another user or pinned host
 * key: reached and its host key checked, without logging in (the builder key goes only to hosts the base branch
 * names as they are); checked fully after merge.
 * `not-checked`: on a pull request, a host at an address or port the base branch does not name: not connected to at
 * all (a pull request may not use the runner to probe addresses of its choosing); checked after merge.
 */
export type SshHostStatus = 'ok' | 'failed' | 'accepted-new' | 'probed' | 'not-checked';

/** On a pull request, what the check may do with a host: log in, probe its host key only, or not connect. */
export type SshHostTrust = 'login' | 'probe' | 'skip';

export type SshFailureKind =
  | 'invalid-host'
  | 'connection-refused'
  | 'host-not-found'
  | 'unreachable'
  | 'connection-reset'
  | 'timeout'
  | 'host-key-unknown'
  | 'host-key-mismatch'
  | 'permission-denied'
  | 'hostname-failed'
  | 'python-missing'
  | 'python-failed'
  | 'ssh-error';

export interface SshHostKeyInfo {
  /** Key type of the offered host key, e.g. `ssh-ed25519`. */
  algorithm: string;
  /** `SHA256:...` as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** Whether known_hosts pins this exact key for this host. */
  pinned: boolean;
  /** The known_hosts line number that pins it. */
  knownHostsLine?: number;
  /** For an unknown (or accepted-new) host: the line to add to known_hosts. */
  suggestedLine?: string;
}

export interface SshHostResult {
  name: string;
  address: string;
  port: number;
  user: string;
  /** True when the inventory gave no user and `nodepool` was assumed. */
  userDefaulted: boolean;
  file?: string;
  line?: number;
  column?: number;
  status: SshHostStatus;
  /** Set when the server's host key was seen. */
  hostKey?: SshHostKeyInfo;
  /** `not-tried` when the connection failed before authentication. */
  auth: 'ok' | 'failed' | 'not-tried';
  /** Output of `hostname`, trimmed. */
  hostname?: string;
  /** e.g. `3.11.2`, from `python3 --version`. */
  pythonVersion?: string;
  /** Milliseconds from the start of the TCP connection to an authenticated session. */
  latencyMs?: number;
  /** Milliseconds for the whole check of this host. */
  durationMs: number;
  /** For `failed`: what went wrong. */
  failure?: SshFailureKind;
  /** For `failed`: the cause in plain words, with the fix. */
  cause?: string;
  /** Things worth knowing that are not failures. */
  notes: string[];
}

export interface SshCheckReport {
  /** The builder's public key in authorized_keys format (`ssh-rsa AAAA... pool-reconciler`). */
  publicKey: string;
  /** Its `SHA256:` fingerprint. */
  publicKeyFingerprint: string;
  /** One per host, in the order given. */
  results: SshHostResult[];
  /** True when no host failed (`accepted-new` counts as not failed: it was asked for). */
  ok: boolean;
  /** Notes about the whole check, e.g. known_hosts lines that were skipped. */
  notes: string[];
}
