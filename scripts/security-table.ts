// Prints the README's "What was tried, and what held" table from the canary test's matrix
// (test/security/matrix.ts); with --write, puts it into README.md between the security-table markers.
// Run: npx tsx scripts/security-table.ts [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { renderSecurityTable, withSecurityTable } from '../test/security/matrix.js';

const table = renderSecurityTable();
if (process.argv.includes('--write')) {
  const readme = new URL('../README.md', import.meta.url);
  const before = readFileSync(readme, 'utf8');
  const after = withSecurityTable(before, table);
  if (after !== before) writeFileSync(readme, after);
  console.log(after === before ? 'README.md: the security table is up to date' : 'README.md: security table written');
} else {
  console.log(table);
}
