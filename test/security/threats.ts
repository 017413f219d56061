/**
 * The README's threat table, made from the tests' own names so that it cannot drift: a test that shows a defence is
 * named `threat: <what an attacker tries>; holds: <what stops it>`, and each such test is one row (threat, what
 * holds, the file of the test). Renaming, adding or removing such a test changes the table, and
 * `readme-table.test.ts` fails until the README is regenerated (`npx tsx scripts/security-table.ts --write`).
 *
 * The names are read from the test files' source: the first argument of `it(…)`, `test(…)` (and their `.skip`,
 * `.skipIf(…)`, `.each`-free forms), a string literal. A `threat:` name that is not a plain literal (a template with
 * `${…}`) cannot be read here and is an error, not a silent gap.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Threat {
  threat: string;
  holds: string;
  /** The test file, relative to the repository root, with `/`. */
  file: string;
  /** The test's full name. */
  name: string;
}

export const THREAT_TABLE_START = '<!-- threat-table:start -->';
export const THREAT_TABLE_END = '<!-- threat-table:end -->';

const PREFIX = 'threat: ';
const SEPARATOR = '; holds: ';

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

/** The string literal starting at `text[at]` (a quote or a backtick): its value and where it ends. */
function readLiteral(text: string, at: number, where: string): { value: string; end: number } {
  const quote = text[at];
  let value = '';
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const n = text[++i];
      value += n === 'n' ? '\n' : n === 't' ? '\t' : n;
      continue;
    }
    if (quote === '`' && c === '$' && text[i + 1] === '{') throw new Error(`${where}: a test name with \${…} cannot be read for the threat table; write it as a plain string`);
    if (c === quote) return { value, end: i + 1 };
    value += c;
  }
  throw new Error(`${where}: an unterminated string`);
}

/** Every `threat: …; holds: …` test of the files under `root/test`, in file order. */
export function collectThreats(root: string): Threat[] {
  const out: Threat[] = [];
  const call = /\b(?:it|test)(?:\.(?:skip|only|concurrent|fails)|\.(?:skipIf|runIf)\([^)]*\))?\(\s*(['"`])/g;
  for (const abs of testFiles(path.join(root, 'test'))) {
    const file = path.relative(root, abs).split(path.sep).join('/');
    const text = readFileSync(abs, 'utf8');
    for (const m of text.matchAll(call)) {
      const start = m.index + m[0].length - 1;
      const line = text.slice(0, start).split('\n').length;
      if (!text.startsWith(PREFIX, start + 1)) continue;
      const { value } = readLiteral(text, start, `${file}:${line}`);
      const sep = value.indexOf(SEPARATOR);
      if (sep < 0) throw new Error(`${file}:${line}: the test name "${value}" has no "${SEPARATOR.trim()}" part`);
      out.push({ threat: value.slice(PREFIX.length, sep).trim(), holds: value.slice(sep + SEPARATOR.length).trim(), file, name: value });
    }
  }
  return out;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The README's threat table. */
export function renderThreatTable(threats: readonly Threat[]): string {
  return [
    `_Generated from the names of the tests that show each defence (\`threat: …; holds: …\`), by \`npx tsx scripts/security-table.ts --write\`; ${threats.length} threats._`,
    '',
    '| threat | what holds against it | shown by |',
    '|---|---|---|',
    ...threats.map((t) => `| ${cell(capital(t.threat))} | ${cell(capital(t.holds))} | \`${t.file}\` |`),
  ].join('\n');
}

/** The README text with the threat table between its markers replaced (the markers must be there). */
export function withThreatTable(readme: string, table: string): string {
  const start = readme.indexOf(THREAT_TABLE_START);
  const end = readme.indexOf(THREAT_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${THREAT_TABLE_START} … ${THREAT_TABLE_END} block`);
  return `${readme.slice(0, start + THREAT_TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
