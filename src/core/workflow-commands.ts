/**
 * The workflow-command channel: `::error file=…,line=…::message` lines that the GitHub Actions runner reads from a
 * step's output. Escaped the way @actions/core escapes them (`%` → `%25`, CR → `%0D`, LF → `%0A`; in a property also
 * `:` → `%3A` and `,` → `%2C`), so a message can never end its command early or start another. Other control
 * characters (escape sequences) are written as visible escapes, as on a terminal. Pure. The one module for this channel.
 */
import { terminalText } from './terminal.js';

/** A command's message. */
export function escapeData(s: string): string {
  return terminalText(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A command's property value: as data, and `:` and `,` too. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line (without the line break): `::name k=v,k=v::message`. */
export function workflowCommand(name: string, properties: ReadonlyArray<readonly [string, string]>, message: string): string {
  const props = properties.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * A plain log line (not a command) that holds text from outside: cleaned as for a terminal, so it is one line, and
 * a `::` at its start (after white space, which the runner skips) is broken with a zero-width space, so that even a
 * value printed first on a line is not read as a command.
 */
export function logLine(s: string): string {
  return terminalText(s).replace(/^(\s*):(?=:)/, '$1:\u200b');
}

/**
 * The message of an annotation made through @actions/core (`core.error(message)`): @actions/core escapes `%`, CR and
 * LF itself, so line breaks stay (the annotation shows them); every other control character is written visibly.
 */
export function annotationText(s: string): string {
  return s
    .split(/\r\n|\n/)
    .map((l) => terminalText(l))
    .join('\n');
}
