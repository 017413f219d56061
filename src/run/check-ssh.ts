/** The image-builder SSH check as one run (CLI `check-ssh`, and part of plan and apply in the action). */
import type { Diagnostic } from '../core/diagnostic.js';
import type { RuleId } from '../core/rules.js';
import { loadRepo } from '../config/repo.js';
import type { LoadedRepo } from '../config/repo.js';
import type { SourceFile } from '../config/source.js';
import { validateRepo } from '../validate/index.js';
import type { ValidationResult } from '../validate/index.js';
import { checkImageBuilders } from '../io/ssh/check.js';
import { readBuilderSshKey } from '../io/cluster/builder-key.js';
import type { KubeconfigSource } from '../io/cluster/client.js';
import type { ImageBuilderHost, SshCheckReport, SshHostTrust } from '../core/ssh-types.js';
import { DEFAULT_SSH_PORT, entriesForName, knownHostsName, parseKnownHosts } from '../config/known-hosts.js';
import type { KnownHosts } from '../config/known-hosts.js';
import { makeSource } from '../config/source.js';
import { validateInventory } from '../validate/inventory.js';

export interface CheckSshRequest {
  /** The repo as a plan of the same run read and validated it (with the same baseSettings): not read again. */
  loaded?: { repo: LoadedRepo; validation: ValidationResult };
  /** On a pull request: the base branch's `.pool-reconciler.yaml` (null: none), for the cluster objects named (see loadRepo). */
  baseSettings?: string | null;
  repoPath: string;
  /** The target of a repo with `targets:`; undefined for a repo without. */
  target?: string;
  /** The builder's private key (from --builder-ssh-key, the action input, or the cluster Secret). */
  privateKey: string;
  acceptNew?: boolean;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  /**
   * On a pull request: the inventory and known_hosts of the base branch (null: absent there). The key then logs in
   * only to hosts whose address, port, user and pinned host keys are the same there; the others at an address and
   * port named there are probed, and the rest are not connected to (trustedHosts).
   */
  base?: BaseInventory;
}

export interface BaseInventory {
  inventory: string | null;
  knownHosts: string | null;
}

/** The note on a host the key did not log in to, on a pull request. */
export const PROBE_NOTE =
  'changed in this pull request (its user or pinned host key differ from the base branch): ' +
  'its host key and reachability were checked without logging in; it is checked with the builder key after merge';

/** The one outcome of a host at an address or port the base branch does not name, on a pull request. */
export const NEW_HOST_NOTE = 'not checked: new host, checked after merge';

const endpoint = (h: ImageBuilderHost): string => `${h.address}\u0000${h.port ?? DEFAULT_SSH_PORT}`;
const hostId = (h: ImageBuilderHost): string => `${endpoint(h)}\u0000${h.user ?? ''}`;

/** What known_hosts says about a host, as a comparable string: every applicable line's marker, type and key. */
function pins(kh: KnownHosts, h: ImageBuilderHost): string {
  return entriesForName(kh, knownHostsName(h.address, h.port ?? DEFAULT_SSH_PORT))
    .map((e) => `${e.marker ?? ''} ${e.keyType} ${e.key.toString('base64')}`)
    .sort()
    .join('\n');
}

/**
 * What the check may do with each host on a pull request. `login`: the base branch names it with the same address,
 * port, user and pinned keys. `probe` (host key only, no login): the base branch names its address and port, with
 * another user or other pins. `skip` (no connection at all): an address or port the base branch does not name, so
 * that a pull request cannot use the runner to tell open, closed and filtered ports apart on addresses of its
 * choosing. Everything here comes from the base branch except the host being asked about.
 */
export function trustedHosts(base: BaseInventory, paths: { inventory: string; knownHosts: string }, prKnownHosts: string): (h: ImageBuilderHost) => SshHostTrust {
  if (base.inventory === null) return () => 'skip';
  const baseHosts = validateInventory({ kind: 'inventory', source: makeSource(paths.inventory, base.inventory) }, [], undefined).hosts.filter((h) => h.valid);
  const baseKh = parseKnownHosts(base.knownHosts ?? '');
  const prKh = parseKnownHosts(prKnownHosts);
  const known = new Map<string, string>();
  const endpoints = new Set<string>();
  for (const h of baseHosts) {
    known.set(hostId(h), pins(baseKh, h));
    endpoints.add(endpoint(h));
  }
  return (h) => {
    if (!endpoints.has(endpoint(h))) return 'skip';
    const basePins = known.get(hostId(h));
    return basePins !== undefined && basePins !== '' && basePins === pins(prKh, h) ? 'login' : 'probe';
  };
}

export interface CheckSshOutcome {
  /** Set when the check did not run (no inventory): said as a notice, not a failure. */
  skipped?: string;
  report?: SshCheckReport;
  /** Inventory problems that kept hosts out of the check. */
  diagnostics: Diagnostic[];
  sources: Map<string, SourceFile>;
}

/** Findings that mean the inputs are past the limits the check is bounded by: it does not run then. */
const BOUND_RULES: readonly RuleId[] = ['known-hosts/too-many-lines', 'known-hosts/too-much-hashing', 'inventory/too-many-hosts'];

/** The image-builder SSH check: hosts from the validated inventory, host keys from known_hosts. */
export async function runCheckSsh(req: CheckSshRequest): Promise<CheckSshOutcome> {
  const repo = req.loaded?.repo ?? loadRepo(req.repoPath, { ...(req.baseSettings !== undefined ? { baseSettings: req.baseSettings } : {}), ...(req.target !== undefined ? { target: req.target } : {}) });
  const validation = req.loaded?.validation ?? validateRepo(repo);
  const inventoryFile = repo.files.find((f) => f.kind === 'inventory');
  const diagnostics = validation.diagnostics.filter((d) => inventoryFile && d.file === inventoryFile.source.path && d.severity === 'error');
  if (!inventoryFile || !validation.inventoryHosts) {
    return { skipped: `${repo.settings.paths.inventory} not found: no image-builders to check`, diagnostics: [], sources: validation.sources };
  }
  const bound = validation.diagnostics.find((d) => BOUND_RULES.includes(d.rule));
  if (bound) {
    return { skipped: `${bound.message} (${bound.file}${bound.line ? ` line ${bound.line}` : ''}): fix that first`, diagnostics: [bound], sources: validation.sources };
  }
  const hosts = validation.inventoryHosts.filter((h) => h.valid);
  const knownHosts = repo.files.find((f) => f.kind === 'known-hosts')?.source.text ?? '';
  const trust = req.base
    ? trustedHosts(req.base, { inventory: repo.settings.paths.inventory, knownHosts: repo.settings.paths.knownHosts }, knownHosts)
    : undefined;
  const report = await checkImageBuilders(hosts, {
    ...(trust ? { trust, probeNote: PROBE_NOTE, skipNote: NEW_HOST_NOTE } : {}),
    privateKey: req.privateKey,
    knownHosts,
    acceptNew: req.acceptNew,
    connectTimeoutMs: req.connectTimeoutMs,
    timeoutMs: req.timeoutMs,
    knownHostsPath: repo.settings.paths.knownHosts,
    inventoryPath: repo.settings.paths.inventory,
  });
  return { report, diagnostics, sources: validation.sources };
}

/**
 * The builder's key for the check when none is given: sf-operator's Secret (the repo's settings name its namespace
 * and name; on a pull request, the base branch's), read with the kubeconfig given. A cluster problem comes back as the io layer's ClusterError.
 */
export async function builderKeyFromCluster(repo: string | LoadedRepo, source: KubeconfigSource, baseSettings?: string | null, target?: string): Promise<string> {
  // On a pull request the Secret is named by the base branch's settings, never by the pull request's.
  const sf = (typeof repo === 'string' ? loadRepo(repo, { ...(baseSettings !== undefined ? { baseSettings } : {}), ...(target !== undefined ? { target } : {}) }) : repo).settings.softwareFactory;
  return readBuilderSshKey(source, sf.namespace, sf.builderSshKeySecret);
}
