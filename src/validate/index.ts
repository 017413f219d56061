/**
 * Validation of a whole config repo (or of single files): runs each file kind's validator and the checks across
 * files, and returns every diagnostic with the models later stages (desired state, SSH check) build on.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { sortDiagnostics } from '../core/diagnostic.js';
import type { LoadedRepo, RepoFile } from '../config/repo.js';
import type { Settings } from '../config/settings.js';
import { DEFAULT_SETTINGS, SETTINGS_FILE } from '../config/settings.js';
import { closestWord } from '../core/suggest.js';
import type { SourceFile } from '../config/source.js';
import { makeSource, positionOf } from '../config/source.js';
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
import { validateZuul, validateZuulLabels } from './zuul.js';
import type { ZuulModel } from './zuul.js';

export interface ValidateOptions {
  /** Environment for Nodepool's `%(NODEPOOL_*)` substitution (merged over the repo settings' `nodepool.env`). */
  env?: Record<string, string | undefined>;
  /**
   * Overrides the repo's `nodepool.flavor`: true reads Nodepool files as plain Nodepool configs, false as
   * sf-operator user files; undefined follows the setting (default software-factory).
   */
  standalone?: boolean;
  /**
   * On a pull request: the base branch's Nodepool launcher file (its text, and the ref it was read at), so that a label
   * this change removes while Zuul's nodesets still use it is named as such.
   */
  baseNodepool?: { text: string; ref: string };
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
  /** Zuul's config (nodesets, jobs), when the repo has one. */
  zuul?: ZuulModel;
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
  crossChecks(result, files, settings, options);
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
    case 'zuul':
      // Read together, across files, in crossChecks.
      break;
  }
}

/** Checks across files: Dispatch tolerations against the node pools' taints; Zuul's nodesets against Nodepool's labels. */
function crossChecks(result: ValidationResult, files: readonly RepoFile[], settings: Settings, options: ValidateOptions): void {
  if (result.cluster || result.podTemplates.length) {
    result.diagnostics.push(...checkDispatch(result.cluster ?? emptyClusterModel(), result.podTemplates));
  }
  const zuulFiles = files.filter((f) => f.kind === 'zuul');
  if (zuulFiles.length) {
    const z = validateZuul(zuulFiles);
    result.diagnostics.push(...z.diagnostics);
    result.zuul = z.model;
    // The labels are checked against a launcher file that Nodepool loads: not one with errors.
    const nodepoolOk = result.nodepool && !result.diagnostics.some((d) => d.severity === 'error' && d.file === result.nodepool!.file);
    const base = nodepoolOk && options.baseNodepool ? baseModel(options.baseNodepool, result.nodepool!.file, settings, options) : undefined;
    if (nodepoolOk) result.diagnostics.push(...validateZuulLabels(z.model, result.nodepool, base ? { base } : {}));
  }
}

/** The base branch's launcher file as a model (undefined when it does not load: no label is then said removed). */
function baseModel(base: { text: string; ref: string }, file: string, settings: Settings, options: ValidateOptions): { model: NodepoolModel; ref: string } | undefined {
  const v = validateNodepool({ kind: 'nodepool', source: makeSource(file, base.text) }, {
    softwareFactory: options.standalone === undefined ? settings.nodepool.flavor === 'software-factory' : !options.standalone,
    env: nodepoolEnv(settings, options),
  });
  return v.model.root && !v.diagnostics.some((d) => d.severity === 'error') ? { model: v.model, ref: base.ref } : undefined;
}

/**
 * A target's view of cluster.yaml: only the node pools its `pools:` names exist there (the Dispatch checks and the
 * plan see those); a name cluster.yaml does not have is an error where the settings give it.
 */
function targetPools(result: ValidationResult, repo: LoadedRepo): void {
  const only = repo.settings.pools;
  if (!only || !result.cluster) return;
  const names = new Set(result.cluster.pools.map((p) => p.name));
  for (const p of only) {
    if (names.has(p.name)) continue;
    const at = repo.settingsSource && p.offset !== undefined ? positionOf(repo.settingsSource, p.offset) : { line: 0, column: 0 };
    const close = closestWord(p.name, [...names]);
    result.diagnostics.push({
      rule: 'settings/unknown-pool', severity: 'error', file: SETTINGS_FILE, line: at.line, column: at.column,
      message: `target ${repo.settings.target ?? ''} names node pool ${JSON.stringify(p.name)}, which ${result.cluster.file} does not have${close ? ` (did you mean ${JSON.stringify(close)}?)` : ''}`,
      hint: `Name pools of spec.nodePools in ${result.cluster.file}, or remove the name from the target's pools.`,
    });
  }
  const keep = new Set(only.map((p) => p.name));
  result.cluster = { ...result.cluster, pools: result.cluster.pools.filter((p) => keep.has(p.name)) };
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
  targetPools(result, repo);
  crossChecks(result, repo.files, repo.settings, options);
  compactAllowedKeys(result.diagnostics);
  sortDiagnostics(result.diagnostics);
  return result;
}
