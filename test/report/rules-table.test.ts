/** The README's rule table is the rule registry, rendered. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/core/rules.js';
import { renderRulesTable, RULES_TABLE_END, RULES_TABLE_START, withRulesTable } from '../../src/report/rules-table.js';
import { REPO_ROOT } from '../support/shared.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

describe("the README's rule table", () => {
  it('sits once between its markers and equals the table generated from the registry', () => {
    expect(readme.split(RULES_TABLE_START)).toHaveLength(2);
    expect(readme.split(RULES_TABLE_END)).toHaveLength(2);
    expect(withRulesTable(readme)).toBe(readme);
  });

  it('has a row for every rule of the registry', () => {
    const rows = renderRulesTable().split('\n').slice(2);
    expect(rows).toHaveLength(RULES.size);
    for (const id of RULES.keys()) expect(rows.some((r) => r.startsWith(`| \`${id}\` |`)), id).toBe(true);
  });
});
