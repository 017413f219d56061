/**
 * Findings as the data Zuul's `zuul_return` takes to leave comments on the change (Gerrit, GitHub, GitLab):
 *
 *     {"zuul": {"file_comments": {"nodepool/nodepool.yaml": [{"line": 35, "message": "…", "level": "error"}]},
 *               "warnings": ["…"]}}
 *
 * Zuul's job-content documentation ("Leaving file comments"): `file_comments` maps a path relative to the project
 * to a list of comments, each with `line`, `message`, an optional `level` (info, warning or error) and an optional
 * `range` (start_line, start_character, end_line, end_character): not written, as a finding has no end and Gerrit
 * (0-based) and GitHub (1-based) read its characters apart, so the text names the column. A finding about a whole
 * file (line 0), or about a secret input rather than a file, cannot be a line comment: it becomes one of
 * `zuul.warnings`, which Zuul appends to its comment on the change. Zuul posts both as Markdown (GitHub, GitLab):
 * every message and warning goes through the Markdown channel's escaping (src/core/markdown.ts), so that a value
 * from the repo (a backtick in a YAML key) cannot close a code span and bring in a mention, a link, an image or HTML.
 * Pure.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { isInputPseudoFile, relatedText } from '../core/diagnostic.js';
import { escapeMarkdownLines } from '../core/markdown.js';
import { repoPath } from './paths.js';

export interface ZuulFileComment {
  line: number;
  message: string;
  level: 'info' | 'warning' | 'error';
}

export interface ZuulReturn {
  zuul: {
    file_comments: Record<string, ZuulFileComment[]>;
    warnings?: string[];
  };
}

export interface ZuulOptions {
  /** The config repo's root (absolute): file comments name paths relative to it, as Zuul expects. */
  repoRoot: string;
  /** More lines for `zuul.warnings` (a cluster problem, the plan's headline). */
  warnings?: string[];
}

const LEVEL = { error: 'error', warning: 'warning', notice: 'info' } as const;

/** A finding's text; `column`: say the column (a line comment sits on its line, but no code review shows the column). */
function text(d: Diagnostic, column: boolean): string {
  return `${d.severity}[${d.rule}] ${column && d.column > 0 ? `at column ${d.column}: ` : ''}${d.message}${relatedText(d)}${d.hint ? `\nHint: ${d.hint}` : ''}`;
}

/** The Markdown Zuul posts: escaped, line by line. */
const md = (s: string): string => escapeMarkdownLines(s);

export function toZuulReturn(diags: readonly Diagnostic[], options: ZuulOptions): ZuulReturn {
  // A Map, not an object: a file may be called __proto__.
  const comments = new Map<string, ZuulFileComment[]>();
  const warnings: string[] = [];
  for (const d of diags) {
    if (isInputPseudoFile(d.file)) {
      warnings.push(md(`${d.file.slice('input:'.length)}${d.line > 0 ? ` line ${d.line}${d.column > 0 ? `, column ${d.column}` : ''}` : ''}: ${text(d, false)}`));
      continue;
    }
    const where = repoPath(d.file, options.repoRoot);
    const file = 'relative' in where ? where.relative : where.absolute;
    if (d.line <= 0 || !('relative' in where)) {
      warnings.push(md(`${file}${d.line > 0 ? `:${d.line}:${d.column}` : ''}: ${text(d, false)}`));
      continue;
    }
    const list = comments.get(file) ?? [];
    list.push({ line: d.line, message: md(text(d, true)), level: LEVEL[d.severity] });
    comments.set(file, list);
  }
  warnings.push(...(options.warnings ?? []).map(md));
  return { zuul: { file_comments: Object.fromEntries(comments), ...(warnings.length ? { warnings } : {}) } };
}

export function formatZuulReturn(diags: readonly Diagnostic[], options: ZuulOptions): string {
  return JSON.stringify(toZuulReturn(diags, options), null, 2) + '\n';
}
