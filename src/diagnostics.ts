/** The one diagnostic shape used everywhere: validators, the CLI, annotations, the PR comment. */
export type Severity = 'error' | 'warning' | 'notice';

export interface Diagnostic {
  /** Stable rule id, e.g. `nodepool/unknown-key`. */
  rule: string;
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
