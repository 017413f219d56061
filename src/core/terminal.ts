/**
 * The terminal channel: text from the config repo, the cluster or a remote host, written to a terminal or a log.
 * Control characters (C0 but the tab, DEL, C1), and so every escape sequence, and the bidirectional-override
 * characters that reorder what a reader sees, are written as visible escapes (`\n`, `\x1b`, `\u202e`). A value so
 * cleaned is one line: it cannot start a line of its own, so it cannot start a workflow command (`::error::`) in a
 * GitHub Actions log either. Pure. The one module for this channel.
 */

const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\x1b' };

function visible(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text fit for a terminal or a log: every control character written as a visible escape. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Multi-line text for a terminal: the line breaks kept, every line cleaned as by terminalText. */
export function terminalLines(text: string): string {
  return text
    .split(/\r\n|\n/)
    .map((l) => terminalText(l))
    .join('\n');
}

/** The colours our own terminal output uses (SGR sequences): the only escape sequences that reach a terminal. */
export const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
} as const;
