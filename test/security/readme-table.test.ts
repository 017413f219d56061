/** The README's "What was tried, and what held" table is the canary test's matrix, rendered. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { renderSecurityTable, SECURITY_CASES, TABLE_END, TABLE_START, withSecurityTable } from './matrix.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

describe("the README's security table", () => {
  it('sits once, between its markers, in the security model section', () => {
    expect(readme.split(TABLE_START)).toHaveLength(2);
    expect(readme.split(TABLE_END)).toHaveLength(2);
    const section = readme.indexOf('### Security model');
    expect(section).toBeGreaterThan(-1);
    expect(readme.indexOf(TABLE_START)).toBeGreaterThan(section);
    expect(readme.indexOf('\n## ', section)).toBeGreaterThan(readme.indexOf(TABLE_END));
  });

  it('equals the table generated from the matrix (npx tsx scripts/security-table.ts --write)', () => {
    expect(withSecurityTable(readme)).toBe(readme);
    const block = readme.slice(readme.indexOf(TABLE_START) + TABLE_START.length, readme.indexOf(TABLE_END)).trim();
    expect(block).toBe(renderSecurityTable());
  });

  it('has one row per case, each saying held', () => {
    const rows = renderSecurityTable().split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| run '));
    expect(rows).toHaveLength(SECURITY_CASES.length);
    for (const r of rows) expect(r.endsWith('| held |')).toBe(true);
  });
});
