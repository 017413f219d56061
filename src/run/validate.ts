/**
 * One run of one mode, wiring config reading, validation and reporting. The CLI and the action only turn their
 * inputs into a RunRequest and the result into their outputs.
 */
import { statSync } from 'node:fs';
import type { Diagnostic } from '../core/diagnostic.js';
import { countBySeverity, sortDiagnostics, underRepo } from '../core/diagnostic.js';
import { kindFromPath, loadRepo, loadSingleFile } from '../config/repo.js';
import type { RepoFile } from '../config/repo.js';
import type { FileKind } from '../config/settings.js';
import type { SourceFile } from '../config/source.js';
import { validateFiles, validateRepo } from '../validate/index.js';
import type { ValidationResult } from '../validate/index.js';
import { checkValidationSecrets } from '../validate/secrets.js';
import type { SecretInputs } from '../core/provider-secrets.js';

export interface ValidateRequest {
  /** Config repo directories or single files; paths as the user wrote them. */
  paths: string[];
  /** Kind of single files, when their path does not tell. */
  kind?: FileKind;
  /** Environment (for NODEPOOL_* substitution). */
  env?: Record<string, string | undefined>;
  standalone?: boolean;
  /** Provider secrets, when given: providers' clouds and contexts are checked against them. */
  secrets?: SecretInputs;
}

export interface ValidateOutcome {
  diagnostics: Diagnostic[];
  notices: string[];
  sources: Map<string, SourceFile>;
  errors: number;
  warnings: number;
  /** The files read, as shown in findings (prefixed by the directory given), sorted. */
  files: string[];
  /** Per repo directory given, its validation (for later stages). */
  repos: Array<{ path: string; result: ValidationResult }>;
}

export class UsageError extends Error {}

const prefixed = underRepo;

/** Validate every path; directory results have their file paths prefixed by the directory as given. */
export function runValidate(req: ValidateRequest): ValidateOutcome {
  const diagnostics: Diagnostic[] = [];
  const notices: string[] = [];
  const sources = new Map<string, SourceFile>();
  const repos: ValidateOutcome['repos'] = [];
  const singles: RepoFile[] = [];
  const paths = req.paths.length ? req.paths : ['.'];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      diagnostics.push({ rule: 'repo/not-found', severity: 'error', file: p, line: 0, column: 0, message: `${p} does not exist`, hint: 'Give the config repo\'s directory (the one holding nodepool/ or cluster.yaml), or files in it.' });
      continue;
    }
    if (isDir) {
      const repo = loadRepo(p);
      const result = validateRepo(repo, { env: req.env, standalone: req.standalone });
      if (req.secrets) result.diagnostics.push(...checkValidationSecrets(result, req.secrets));
      repos.push({ path: p, result });
      for (const d of result.diagnostics) diagnostics.push({ ...d, file: prefixed(p, d.file) });
      for (const n of result.notices) notices.push(p === '.' ? n : `${p}: ${n}`);
      for (const [k, v] of result.sources) sources.set(prefixed(p, k), v);
      continue;
    }
    const kind = req.kind ?? kindFromPath(p);
    if (!kind) {
      throw new UsageError(
        `cannot tell what kind of file ${p} is: give --kind (nodepool, nodepool-builder, cluster, pod-template, inventory)`,
      );
    }
    const loaded = loadSingleFile(p, kind, p.replace(/\\/g, '/'));
    diagnostics.push(...loaded.diagnostics);
    if (loaded.file) singles.push(loaded.file);
  }
  if (singles.length) {
    const result = validateFiles(singles, { env: req.env, standalone: req.standalone });
    diagnostics.push(...result.diagnostics);
    for (const [k, v] of result.sources) sources.set(k, v);
  }
  sortDiagnostics(diagnostics);
  const { errors, warnings } = countBySeverity(diagnostics);
  return { diagnostics, notices, sources, errors, warnings, repos, files: [...sources.keys()].sort() };
}
