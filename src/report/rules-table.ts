/**
 * The README's rule table, from the rule registry: one section per area, one row per rule.
 */
import { escapeMarkdown } from '../core/markdown.js';
import { RULE_AREAS, RULES } from '../core/rules.js';

export const RULES_TABLE_START = '<!-- rules-table:start (generated: npx tsx scripts/rules-table.ts --write) -->';
export const RULES_TABLE_END = '<!-- rules-table:end -->';

export function renderRulesTable(): string {
  const out: string[] = ['| rule | severity | what it finds | what to do |', '|---|---|---|---|'];
  for (const area of Object.keys(RULE_AREAS)) {
    for (const rule of RULES.values()) {
      if (!rule.id.startsWith(`${area}/`)) continue;
      // Descriptions are our own prose with `code` spans: only the table's pipe needs escaping.
      const cell = (s: string): string => s.replace(/\|/g, '\\|');
      out.push(`| \`${escapeMarkdown(rule.id, true)}\` | ${rule.severity} | ${cell(rule.description)} | ${cell(rule.help)} |`);
    }
  }
  return out.join('\n');
}

/** `readme` with the generated table between its markers. */
export function withRulesTable(readme: string, table = renderRulesTable()): string {
  const start = readme.indexOf(RULES_TABLE_START);
  const end = readme.indexOf(RULES_TABLE_END);
  if (start < 0 || end < start) return readme;
  return `${readme.slice(0, start + RULES_TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
