// Prints the README's two security tables: the threats, made from the names of the tests that show each defence
// (test/security/threats.ts), and "What was tried, and what held", made from the canary test's matrix
// (test/security/matrix.ts); with --write, puts them into README.md between their markers.
// Run: npx tsx scripts/security-table.ts [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSecurityTable, withSecurityTable } from '../test/security/matrix.js';
import { collectThreats, renderThreatTable, withThreatTable } from '../test/security/threats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const threats = renderThreatTable(collectThreats(root));
const table = renderSecurityTable();
if (process.argv.includes('--write')) {
  const readme = new URL('../README.md', import.meta.url);
  const before = readFileSync(readme, 'utf8');
  const after = withSecurityTable(withThreatTable(before, threats), table);
  if (after !== before) writeFileSync(readme, after);
  console.log(after === before ? 'README.md: the security tables are up to date' : 'README.md: security tables written');
} else {
  console.log(`${threats}\n\n${table}`);
}
