/**
 * Validation of a whole config repo (or of single files): runs each file kind's validator and the checks across
 * files, and returns every diagnostic with the models later stages (desired state, SSH check) build on.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { sortDiagnostics } from '../core/diagnostic.js';
import type { LoadedRepo, RepoFile } from '../config/repo.js';
import type { Settings } from '../config/settings.js';
import { DEFAULT_SETTINGS } from '../config/settings.js';
import type { SourceFile } from '../config/source.js';
import { validateNodepool } from './nodepool.js';
import type { NodepoolModel } from './nodepool.js';
import { emptyClusterModel, validateCluster } from './cluster.js';
import type { ClusterModel } from './cluster.js';
import { validatePodTemplate } from './pod-template.js';
import type { PodTemplateModel } from './pod-template.js';
import { checkDispatch } from './dispatch.js';
import { validateInventory } from './inventory.js';
import type { InventoryHost } from './inventory.js';
import { documentsOf } from '../config/repo.js';
import { compactAllowedKeys } from '../config/schema.js';

export interface ValidateOptions {
  /** Environment for Nodepool's `%(NODEPOOL_*)` substitution (merged over the repo settings' `nodepool.env`). */
  env?: Record<string, string | undefined>;
  /**
   * Overrides the repo's `nodepool.flavor`: true reads Nodepool files as plain Nodepool configs, false as
   * sf-operator user files; undefined follows the setting (default software-factory).
   */
  standalone?: boolean;
}

export interface ValidationResult {
  diagnostics: Diagnostic[];
  notices: string[];
  /** Every file read, by repo-relative path, so reports can quote source lines. */
  sources: Map<string, SourceFile>;
  nodepool?: NodepoolModel;
  nodepoolBuilder?: NodepoolModel;
  cluster?: ClusterModel;
  podTemplates: PodTemplateModel[];
  /** Image-builders from the inventory (the SSH check's input); undefined when there is no inventory. */
  inventoryHosts?: InventoryHost[];
}

function nodepoolEnv(settings: Settings, options: ValidateOptions): Record<string, string | undefined> {
  return { ...settings.nodepool.env, ...options.env };
}

/** Validate one file on its own (the CLI's `validate FILE`). */
export function validateFiles(files: RepoFile[], options: ValidateOptions = {}, settings: Settings = DEFAULT_SETTINGS): ValidationResult {
  const result: ValidationResult = { diagnostics: [], notices: [], sources: new Map(), podTemplates: [] };
  for (const file of files) {
    result.sources.set(file.source.path, file.source);
    validateOne(file, files, settings, options, result);
  }
  crossChecks(result);
  compactAllowedKeys(result.diagnostics);
  sortDiagnostics(result.diagnostics);
  return result;
}

function validateOne(
  file: RepoFile,
  all: RepoFile[],
  settings: Settings,
  options: ValidateOptions,
  result: ValidationResult,
): void {
  switch (file.kind) {
    case 'nodepool':
    case 'nodepool-builder': {
      const dibDir = settings.paths.dibAnsible;
      const playbooks = all
        .filter((f) => f.kind === 'playbook' && f.source.path.startsWith(dibDir + '/'))
        .map((f) => f.source.path.slice(dibDir.length + 1));
      const inventory = all.find((f) => f.kind === 'inventory')?.source.path;
      const v = validateNodepool(file, {
        softwareFactory: options.standalone === undefined ? settings.nodepool.flavor === 'software-factory' : !options.standalone,
        env: nodepoolEnv(settings, options),
        // Without the repo around it (a single file), the dib-ansible checks cannot see the playbooks.
        dibAnsible: all.length > 1 || file.kind !== 'nodepool-builder' ? { dir: dibDir, playbooks, inventory } : undefined,
      });
      result.diagnostics.push(...v.diagnostics);
      if (file.kind === 'nodepool') result.nodepool = v.model;
      else result.nodepoolBuilder = v.model;
      break;
    }
    case 'cluster': {
      const v = validateCluster(file, settings);
      result.diagnostics.push(...v.diagnostics);
      result.cluster = v.model;
      break;
    }
    case 'pod-template': {
      const v = validatePodTemplate(file, settings);
      result.diagnostics.push(...v.diagnostics);
      result.podTemplates.push(v.model);
      break;
    }
    case 'inventory': {
      const playbooks = all.filter((f) => f.kind === 'playbook');
      const knownHosts = all.find((f) => f.kind === 'known-hosts');
      const v = validateInventory(file, playbooks, knownHosts);
      result.diagnostics.push(...v.diagnostics);
      result.inventoryHosts = v.hosts;
      break;
    }
    case 'playbook':
      // Playbooks are read by the inventory check (their `hosts:`); alone, they are checked as YAML.
      if (!all.some((f) => f.kind === 'inventory')) result.diagnostics.push(...documentsOf(file).diagnostics);
      break;
    case 'known-hosts':
      // Checked with the inventory it pins.
      break;
  }
}

/** Checks across files: Dispatch tolerations against the node pools' taints. */
function crossChecks(result: ValidationResult): void {
  if (result.cluster || result.podTemplates.length) {
    result.diagnostics.push(...checkDispatch(result.cluster ?? emptyClusterModel(), result.podTemplates));
  }
}

/** Validate a loaded config repo. */
export function validateRepo(repo: LoadedRepo, options: ValidateOptions = {}): ValidationResult {
  const result: ValidationResult = {
    diagnostics: [...repo.diagnostics],
    notices: [...repo.notices],
    sources: new Map(),
    podTemplates: [],
  };
  if (repo.settingsSource) result.sources.set(repo.settingsSource.path, repo.settingsSource);
  for (const file of repo.files) {
    result.sources.set(file.source.path, file.source);
    validateOne(file, repo.files, repo.settings, options, result);
  }
  crossChecks(result);
  compactAllowedKeys(result.diagnostics);
  sortDiagnostics(result.diagnostics);
  return result;
}
