/**
 * Escaping of config-derived text for Markdown: a value from the repo must not be able to forge a hidden
 * comment header, open HTML, break a table or start a code fence.
 */
export function escapeMarkdown(text: string, inCode = false): string {
  if (inCode) {
    // Inside inline code only the backtick and the table pipe matter; newlines would end the table row.
    return text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  }
  return text
    .replace(/([\\`*_[\]#~|])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, '<br>');
}
