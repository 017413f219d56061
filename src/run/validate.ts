/**
 * One run of one mode, wiring config reading, validation and reporting. The CLI and the action only turn their
 * inputs into a RunRequest and the result into their outputs.
 */
import { statSync } from 'node:fs';
import type { Diagnostic } from '../core/diagnostic.js';
import { countBySeverity, sortDiagnostics, relocated, underRepo } from '../core/diagnostic.js';
import { kindFromPath, loadRepo, loadSingleFile } from '../config/repo.js';
import type { LoadedRepo, RepoFile } from '../config/repo.js';
import type { FileKind, Settings } from '../config/settings.js';
import { GitError, nodepoolFilesAt } from '../io/git.js';
import { SourceCache } from '../config/source.js';
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
  /**
   * A git ref (a pull request's base): the Nodepool launcher file there is compared with the repo's, so that a label
   * this change removes while Zuul's nodesets use it is named. Read with git from each directory given.
   */
  base?: string;
  /** The base's launcher file already read (the action reads it with the base's settings): its text, or null when it has none. */
  baseNodepool?: { text: string | null; ref: string };
  /** One target's view of the repo; undefined: every target's (a repo with `targets:`), or the repo's only one. */
  target?: string;
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

/** The launcher file at `ref` (null when git cannot read it there). */
function baseLauncherFile(dir: string, ref: string, settings: Settings): string | null {
  try {
    return nodepoolFilesAt(dir, ref, settings).files.find((f) => f.path === settings.paths.nodepool)?.text ?? null;
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}

const prefixed = underRepo;

/** One view of a repo directory validated (with the base's launcher file, and the secrets when given). */
function validateView(p: string, repo: LoadedRepo, req: ValidateRequest): ValidationResult {
  const baseNodepool = req.baseNodepool ?? (req.base !== undefined ? { text: baseLauncherFile(p, req.base, repo.settings), ref: req.base } : undefined);
  const result = validateRepo(repo, {
    env: req.env,
    standalone: req.standalone,
    ...(baseNodepool?.text != null ? { baseNodepool: { text: baseNodepool.text, ref: baseNodepool.ref } } : {}),
  });
  if (req.base !== undefined && req.baseNodepool === undefined && baseNodepool?.text == null) {
    result.notices.push(`the base ${JSON.stringify(req.base)} has no ${repo.settings.paths.nodepool} that git can read: no label is said removed by this change`);
  }
  if (req.secrets) result.diagnostics.push(...checkValidationSecrets(result, req.secrets));
  return result;
}

/**
 * Every target's validation as one: a finding every target has is said once, as it is; one only some targets have
 * names them (`targets`, and `[staging]` before its message, so that every channel shows it).
 */
export function mergeTargetViews(views: Array<{ target: string; result: ValidationResult }>): ValidationResult {
  const all = views.length;
  const byKey = new Map<string, { d: Diagnostic; targets: string[] }>();
  const notices = new Map<string, string[]>();
  const sources = new Map<string, SourceFile>();
  for (const { target, result } of views) {
    for (const d of result.diagnostics) {
      const key = JSON.stringify([d.file, d.line, d.column, d.rule, d.severity, d.message]);
      const seen = byKey.get(key);
      if (seen) { if (!seen.targets.includes(target)) seen.targets.push(target); } else byKey.set(key, { d, targets: [target] });
    }
    for (const n of result.notices) notices.set(n, [...(notices.get(n) ?? []), target]);
    for (const [k, v] of result.sources) if (!sources.has(k)) sources.set(k, v);
  }
  const tag = (targets: string[]): string => `[${targets.join(', ')}] `;
  const diagnostics = [...byKey.values()].map(({ d, targets }) => (targets.length === all ? d : { ...d, targets, message: tag(targets) + d.message }));
  sortDiagnostics(diagnostics);
  return {
    ...views[0].result,
    diagnostics,
    notices: [...notices].map(([n, targets]) => (targets.length === all ? n : tag(targets) + n)),
    sources,
  };
}

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
      // One SourceFile per file for every view, so that each file is parsed once.
      const shared = new SourceCache();
      const top = loadRepo(p, { sources: shared, ...(req.target !== undefined ? { target: req.target } : {}) });
      // A repo with targets: every target's view is checked (the files each reads, with its overrides).
      const views = req.target === undefined && top.settings.targets.length
        ? top.settings.targets.map((t) => ({ target: t.name, result: validateView(p, loadRepo(p, { target: t.name, sources: shared }), req) }))
        : [{ target: undefined, result: validateView(p, top, req) }];
      const result = views.length === 1 ? views[0].result : mergeTargetViews(views as Array<{ target: string; result: ValidationResult }>);
      repos.push({ path: p, result });
      for (const d of result.diagnostics) diagnostics.push(relocated(d, (f) => prefixed(p, f)));
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
