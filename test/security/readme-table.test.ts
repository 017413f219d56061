/**
 * The README's security tables are generated, so that they cannot drift: the threat table from the names of the
 * tests that show each defence, the "What was tried, and what held" table from the canary test's matrix.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { renderSecurityTable, SECURITY_CASES, TABLE_END, TABLE_START, withSecurityTable } from './matrix.js';
import { collectThreats, renderThreatTable, THREAT_TABLE_END, THREAT_TABLE_START, withThreatTable } from './threats.js';

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

describe("the README's threat table", () => {
  const threats = collectThreats(REPO_ROOT);

  it('sits once, between its markers, in the security model section, before the canary table', () => {
    expect(readme.split(THREAT_TABLE_START)).toHaveLength(2);
    expect(readme.split(THREAT_TABLE_END)).toHaveLength(2);
    const section = readme.indexOf('### Security model');
    expect(readme.indexOf(THREAT_TABLE_START)).toBeGreaterThan(section);
    expect(readme.indexOf(THREAT_TABLE_END)).toBeLessThan(readme.indexOf(TABLE_START));
  });

  it("equals the table generated from the tests' names (npx tsx scripts/security-table.ts --write)", () => {
    expect(withThreatTable(readme, renderThreatTable(threats))).toBe(readme);
  });

  it('has a row for each threat test, each naming the threat, what holds, and a test file that has that test', () => {
    expect(threats.length).toBeGreaterThanOrEqual(10);
    for (const t of threats) {
      expect(t.threat.length, t.name).toBeGreaterThan(10);
      expect(t.holds.length, t.name).toBeGreaterThan(10);
      expect(readFileSync(path.join(REPO_ROOT, t.file), 'utf8')).toContain('threat: ');
    }
    expect(new Set(threats.map((t) => t.name)).size).toBe(threats.length);
    const rows = renderThreatTable(threats).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| threat '));
    expect(rows).toHaveLength(threats.length);
  });

  it('reads names with escaped quotes, and refuses a threat name it cannot read', () => {
    const t = threats.find((x) => x.file === 'test/security/output-injection.test.ts' && x.holds.includes("channel's"));
    expect(t?.holds).toContain("the Markdown channel's escaping");
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-threats-'));
    try {
      mkdirSync(path.join(dir, 'test'));
      // Written in pieces, so that this file itself holds no such call.
      const call = (name: string): string => ['it', `(${name}, () => {});\n`].join('');
      writeFileSync(path.join(dir, 'test', 'a.test.ts'), call('`threat: ${what}; holds: something`'));
      expect(() => collectThreats(dir)).toThrow(/test\/a\.test\.ts:1: a test name with \$\{…\} cannot be read/);
      writeFileSync(path.join(dir, 'test', 'a.test.ts'), call("'threat: no separator'"));
      expect(() => collectThreats(dir)).toThrow(/has no "; holds:" part/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
