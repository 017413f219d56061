/**
 * The Markdown channel (pull-request comments, job summaries): config-derived text must not be able to forge a
 * hidden comment header, open HTML, break a table, start or close a code fence, mention a user or a team
 * (`@user`, `@org/team`: notifications), or become a link (bare URLs, `www.` names and e-mail addresses, which GitHub
 * links by itself). Pure. The one module for this channel: every other renderer imports from here.
 */

/** Zero-width space: splits what GitHub would link or mention, invisible to the reader. */
const ZWSP = '\u200b';

/** Control characters and bidirectional overrides, as on a terminal: none has a place in a comment. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Breaks mentions (`@name`, `@org/team`), e-mail autolinks, `scheme://` and `www.` autolinks with a zero-width space. */
export function neutralizeLinks(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`)
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, `$1${ZWSP}:`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}

/** Text for Markdown prose or a table cell. `inCode`: for inside single backticks (see also markdownCode). */
export function escapeMarkdown(text: string, inCode = false): string {
  const t = text.replace(CONTROL, ' ');
  if (inCode) {
    // Inside inline code only the backtick and the table pipe matter; newlines would end the table row.
    return t.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
  }
  return neutralizeLinks(
    t
      .replace(/([\\`*_[\]#~|])/g, '\\$1')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;'),
  ).replace(/\r?\n|\r/g, '<br>');
}

/**
 * Prose that the tool wrote with code spans of its own (`sf-operator deploy`): each backtick pair is a code span
 * (its text escaped as escapeMarkdown does inside code), the rest escaped as prose. A value from the repo with a
 * backtick in it can shift the pairs, never make markup: each part is escaped for where it stands. An odd number of
 * backticks leaves the whole as prose.
 */
export function escapeMarkdownProse(text: string): string {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return escapeMarkdown(text);
  return parts.map((p, i) => (i % 2 === 0 ? escapeMarkdown(p) : p ? `\`${escapeMarkdown(p, true)}\`` : '')).join('');
}

/**
 * Text of several lines for Markdown prose (a review comment Zuul posts, say): each line as escapeMarkdown escapes
 * it, the lines kept as lines rather than folded into `<br>`.
 */
export function escapeMarkdownLines(text: string): string {
  return text.split(/\r\n|\r|\n/).map((l) => escapeMarkdown(l)).join('\n');
}

/** Inline code that survives any backticks inside and stays in one table cell. */
export function markdownCode(text: string): string {
  const t = text.replace(CONTROL, ' ').replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');
  const runs = t.match(/`+/g) ?? [];
  const f = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${f}${pad}${t}${pad}${f}`;
}

/** Text for HTML contexts (`<summary>`), where Markdown is not read: entities for `& < > "`, newlines folded. */
export function escapeHtml(text: string): string {
  return neutralizeLinks(
    text
      .replace(CONTROL, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;'),
  ).replace(/\r?\n|\r/g, ' ');
}

/** A fenced code block that its text cannot close: the fence is longer than the longest backtick run inside. */
export function codeBlock(text: string, language = ''): string {
  const t = text.replace(CONTROL, ' ');
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const lang = language.replace(/[^A-Za-z0-9_+-]/g, '');
  return `${fence}${lang}\n${t.replace(/\n$/, '')}\n${fence}`;
}
