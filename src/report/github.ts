/**
 * Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…::message`), for people who run the CLI in a
 * workflow step: each finding becomes an annotation on the file. Escaped the way @actions/core escapes them, so a
 * message can never end the command early or start another one. Pure.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { countBySeverity, relatedText } from '../core/diagnostic.js';
import { summaryLine } from './diagnostics.js';
import { repoPath } from './paths.js';
import { workflowCommand } from '../core/workflow-commands.js';

export interface GithubFormatOptions {
  /** The repository root (GITHUB_WORKSPACE): absolute paths under it are made relative, as GitHub expects. */
  repoRoot?: string;
}

export { escapeData, escapeProperty } from '../core/workflow-commands.js';

const COMMAND = { error: 'error', warning: 'warning', notice: 'notice' } as const;

/** One workflow command line (without the line break). */
export function githubAnnotation(d: Diagnostic, options: GithubFormatOptions = {}): string {
  const where = repoPath(d.file, options.repoRoot);
  const props: Array<[string, string]> = [['file', 'relative' in where ? where.relative : where.absolute]];
  if (d.line > 0) {
    props.push(['line', String(d.line)]);
    if (d.column > 0) props.push(['col', String(d.column)]);
  }
  props.push(['title', d.rule]);
  const message = `${d.message}${relatedText(d)}${d.hint ? `\nHint: ${d.hint}` : ''}`;
  return workflowCommand(COMMAND[d.severity], props, message);
}

/** Every diagnostic as a workflow command, then the summary line. */
export function formatGithubAnnotations(diags: readonly Diagnostic[], options: GithubFormatOptions = {}): string {
  const lines = diags.map((d) => githubAnnotation(d, options));
  const { errors, warnings } = countBySeverity(diags);
  lines.push(summaryLine(errors, warnings));
  return lines.join('\n') + '\n';
}
