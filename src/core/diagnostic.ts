/** The one diagnostic shape used everywhere: validators, the CLI, annotations, the PR comment. */
import type { RuleId } from './rules.js';

export type Severity = 'error' | 'warning' | 'notice';

export interface Diagnostic {
  /** Stable rule id, e.g. `nodepool/unknown-key`. */
  rule: RuleId;
  severity: Severity;
  /** Path relative to the config repo root (or as given on the command line). */
  file: string;
  /** 1-based; 0 when the finding is about the file as a whole. */
  line: number;
  /** 1-based; 0 when the finding is about the file as a whole. */
  column: number;
  message: string;
  /** What to do about it. */
  hint?: string;
  /** The field the finding is about, as a path into the document (`providers[0].pools[1].max-servers`), when known. */
  field?: string;
  /**
   * Other places the finding is about (SARIF's relatedLocations): where a label a job asks for would be defined, the
   * other half of a cross-file finding. Each names its file, position and what is there.
   */
  related?: RelatedLocation[];
  /** The targets whose view of the repo has this finding, when not every target's (a repo with `targets:`). */
  targets?: string[];
}

/** A second position of a finding: `nodepool/nodepool.yaml:12:5`, and what is there. */
export interface RelatedLocation {
  file: string;
  /** 1-based; 0 for the file as a whole. */
  line: number;
  column: number;
  message: string;
}

export function countBySeverity(diags: readonly Diagnostic[]): { errors: number; warnings: number; notices: number } {
  let errors = 0;
  let warnings = 0;
  let notices = 0;
  for (const d of diags) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else notices++;
  }
  return { errors, warnings, notices };
}

/** Order by file, then position, then rule, so output is deterministic. */
export function sortDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  return diags.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** Diagnostics about a secret input name it as `input:<name>`: not a file of the repo. */
export function isInputPseudoFile(file: string): boolean {
  return file.startsWith('input:');
}

/** The related locations in words, one line each (`\nSee nodepool/nodepool.yaml:12:5: …`), or '' when there are none. */
export function relatedText(d: Diagnostic): string {
  return (d.related ?? []).map((r) => `\nSee ${r.line > 0 ? `${r.file}:${r.line}:${r.column}` : r.file}: ${r.message}`).join('');
}

/** The diagnostic with its file, and its related locations' files, mapped by `to` (repo-relative → as shown). */
export function relocated(d: Diagnostic, to: (file: string) => string): Diagnostic {
  return { ...d, file: to(d.file), ...(d.related ? { related: d.related.map((r) => ({ ...r, file: to(r.file) })) } : {}) };
}

/** A diagnostic's file as seen from where the repo is (`examples/repo` + `nodepool/nodepool.yaml`); inputs stay as they are. */
export function underRepo(repoPath: string, file: string): string {
  if (repoPath === '.' || repoPath === '' || isInputPseudoFile(file)) return file;
  return `${repoPath.replace(/\\/g, '/').replace(/\/+$/, '')}/${file}`;
}
