/**
 * Validation of a whole config repo (or of single files): runs each file kind's validator and the checks across
 * files, and returns every diagnostic with the models later stages (desired state, SSH check) build on.
 */
import type { Diagnostic } from '../diagnostics.js';
import { sortDiagnostics } from '../diagnostics.js';
import type { LoadedRepo, RepoFile } from '../config/repo.js';
import type { Settings } from '../config/settings.js';
import { DEFAULT_SETTINGS } from '../config/settings.js';
import type { SourceFile } from '../config/source.js';
import { validateNodepool } from './nodepool.js';
import type { NodepoolModel } from './nodepool.js';

export interface ValidateOptions {
  /** Environment for Nodepool's `%(NODEPOOL_*)` substitution (merged over the repo settings' `nodepool.env`). */
  env?: Record<string, string | undefined>;
  /** Validate Nodepool files as plain Nodepool configs rather than sf-operator user files. */
  standalone?: boolean;
}

export interface ValidationResult {
  diagnostics: Diagnostic[];
  notices: string[];
  /** Every file read, by repo-relative path, so reports can quote source lines. */
  sources: Map<string, SourceFile>;
  nodepool?: NodepoolModel;
  nodepoolBuilder?: NodepoolModel;
}

function nodepoolEnv(settings: Settings, options: ValidateOptions): Record<string, string | undefined> {
  return { ...settings.nodepool.env, ...options.env };
}

/** Validate one file on its own (the CLI's `validate FILE`). */
export function validateFiles(files: RepoFile[], options: ValidateOptions = {}, settings: Settings = DEFAULT_SETTINGS): ValidationResult {
  const result: ValidationResult = { diagnostics: [], notices: [], sources: new Map() };
  for (const file of files) {
    result.sources.set(file.source.path, file.source);
    validateOne(file, files, settings, options, result);
  }
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
        softwareFactory: !options.standalone,
        env: nodepoolEnv(settings, options),
        // Without the repo around it (a single file), the dib-ansible checks cannot see the playbooks.
        dibAnsible: all.length > 1 || file.kind !== 'nodepool-builder' ? { dir: dibDir, playbooks, inventory } : undefined,
      });
      result.diagnostics.push(...v.diagnostics);
      if (file.kind === 'nodepool') result.nodepool = v.model;
      else result.nodepoolBuilder = v.model;
      break;
    }
    default:
      // Other kinds are validated by their own modules as they land.
      break;
  }
}

/** Validate a loaded config repo. */
export function validateRepo(repo: LoadedRepo, options: ValidateOptions = {}): ValidationResult {
  const result: ValidationResult = {
    diagnostics: [...repo.diagnostics],
    notices: [...repo.notices],
    sources: new Map(),
  };
  if (repo.settingsSource) result.sources.set(repo.settingsSource.path, repo.settingsSource);
  for (const file of repo.files) {
    result.sources.set(file.source.path, file.source);
    validateOne(file, repo.files, repo.settings, options, result);
  }
  sortDiagnostics(result.diagnostics);
  return result;
}
