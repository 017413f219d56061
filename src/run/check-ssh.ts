/** The image-builder SSH check as one run (CLI `check-ssh`, and part of plan and apply in the action). */
import type { Diagnostic } from '../core/diagnostic.js';
import { loadRepo } from '../config/repo.js';
import type { SourceFile } from '../config/source.js';
import { validateRepo } from '../validate/index.js';
import { checkImageBuilders } from '../io/ssh/check.js';
import { readBuilderSshKey } from '../io/cluster/builder-key.js';
import type { KubeconfigSource } from '../io/cluster/client.js';
import type { SshCheckReport } from '../core/ssh-types.js';

export interface CheckSshRequest {
  repoPath: string;
  /** The builder's private key (from --builder-ssh-key, the action input, or the cluster Secret). */
  privateKey: string;
  acceptNew?: boolean;
  connectTimeoutMs?: number;
  timeoutMs?: number;
}

export interface CheckSshOutcome {
  /** Set when the check did not run (no inventory): said as a notice, not a failure. */
  skipped?: string;
  report?: SshCheckReport;
  /** Inventory problems that kept hosts out of the check. */
  diagnostics: Diagnostic[];
  sources: Map<string, SourceFile>;
}

/** The image-builder SSH check: hosts from the validated inventory, host keys from known_hosts. */
export async function runCheckSsh(req: CheckSshRequest): Promise<CheckSshOutcome> {
  const repo = loadRepo(req.repoPath);
  const validation = validateRepo(repo);
  const inventoryFile = repo.files.find((f) => f.kind === 'inventory');
  const diagnostics = validation.diagnostics.filter((d) => inventoryFile && d.file === inventoryFile.source.path && d.severity === 'error');
  if (!inventoryFile || !validation.inventoryHosts) {
    return { skipped: `${repo.settings.paths.inventory} not found: no image-builders to check`, diagnostics: [], sources: validation.sources };
  }
  const hosts = validation.inventoryHosts.filter((h) => h.valid);
  const knownHosts = repo.files.find((f) => f.kind === 'known-hosts')?.source.text ?? '';
  const report = await checkImageBuilders(hosts, {
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
 * and name), read with the kubeconfig given. A cluster problem comes back as the io layer's ClusterError.
 */
export async function builderKeyFromCluster(repoPath: string, source: KubeconfigSource): Promise<string> {
  const sf = loadRepo(repoPath).settings.softwareFactory;
  return readBuilderSshKey(source, sf.namespace, sf.builderSshKeySecret);
}
