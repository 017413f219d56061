/** Diagnostics rendered for people and programs: compiler-style text, JSON, and a Markdown table. */
import type { Diagnostic } from '../core/diagnostic.js';
import { countBySeverity } from '../core/diagnostic.js';
import { lineText } from '../config/source.js';
import type { SourceFile } from '../config/source.js';
import { escapeMarkdown } from '../core/markdown.js';
import { ANSI, terminalText } from '../core/terminal.js';

export interface TextStyle {
  color: boolean;
}


function paint(style: TextStyle, code: keyof typeof ANSI, s: string): string {
  return style.color ? ANSI[code] + s + ANSI.reset : s;
}

/**
 * `file:line:column: error[rule] message`, then the source line with a caret under the column, then the hint.
 */
export function formatDiagnosticText(d: Diagnostic, sources: Map<string, SourceFile>, style: TextStyle = { color: false }): string {
  const where = terminalText(d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file);
  const sev = paint(style, d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'cyan', `${d.severity}[${terminalText(d.rule)}]`);
  const lines = [`${paint(style, 'bold', where)}: ${sev} ${terminalText(d.message)}`];
  const src = sources.get(d.file);
  if (src && d.line > 0) {
    const text = terminalText(lineText(src, d.line).replace(/\t/g, ' '));
    if (text.length <= 300) {
      const gutter = String(d.line).padStart(5) + ' | ';
      lines.push(paint(style, 'dim', gutter) + text);
      lines.push(' '.repeat(gutter.length + Math.max(0, d.column - 1)) + paint(style, 'red', '^'));
    }
  }
  for (const r of d.related ?? []) {
    lines.push(`      ${paint(style, 'cyan', 'note:')} ${terminalText(`${r.line > 0 ? `${r.file}:${r.line}:${r.column}` : r.file}: ${r.message}`)}`);
  }
  if (d.hint) lines.push(`      ${paint(style, 'cyan', 'hint:')} ${terminalText(d.hint)}`);
  return lines.join('\n');
}

export function formatDiagnosticsText(
  diags: readonly Diagnostic[],
  sources: Map<string, SourceFile>,
  style: TextStyle = { color: false },
): string {
  const parts = diags.map((d) => formatDiagnosticText(d, sources, style));
  const { errors, warnings } = countBySeverity(diags);
  parts.push(summaryLine(errors, warnings));
  return parts.join('\n\n') + '\n';
}

export function summaryLine(errors: number, warnings: number): string {
  if (errors === 0 && warnings === 0) return 'valid: no errors, no warnings';
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${errors ? 'invalid' : 'valid'}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** A Markdown table of every diagnostic (for the job summary and the PR comment). */
export function diagnosticsMarkdownTable(diags: readonly Diagnostic[], fileUrl?: (file: string, line: number) => string | undefined): string {
  if (diags.length === 0) return '_No findings._\n';
  const rows = diags.map((d) => {
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
    const icon = d.severity === 'error' ? '❌ error' : d.severity === 'warning' ? '⚠️ warning' : 'ℹ️ notice';
    const url = fileUrl?.(d.file, Math.max(1, d.line));
    const shown = `\`${escapeMarkdown(where, true)}\``;
    const cell = url && /^https?:\/\/[^\s()<>"'`[\]|\\]+$/.test(url) ? `[${shown}](${url})` : shown;
    const related = (d.related ?? []).map((r) => `<br>${escapeMarkdown(`${r.line > 0 ? `${r.file}:${r.line}:${r.column}` : r.file}: ${r.message}`)}`).join('');
    return `| ${icon} | ${cell} | \`${escapeMarkdown(d.rule, true)}\` | ${escapeMarkdown(d.message)}${related}${d.hint ? `<br>_${escapeMarkdown(d.hint)}_` : ''} |`;
  });
  return ['| severity | where | rule | message |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}
