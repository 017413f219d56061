// Prints the README's rule table from the rule registry (src/core/rules.ts); with --write, puts it into README.md
// between the rules-table markers. Run: npx tsx scripts/rules-table.ts [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { renderRulesTable, withRulesTable } from '../src/report/rules-table.js';

const table = renderRulesTable();
if (process.argv.includes('--write')) {
  const readme = new URL('../README.md', import.meta.url);
  const before = readFileSync(readme, 'utf8');
  const after = withRulesTable(before, table);
  if (after !== before) writeFileSync(readme, after);
  console.log(after === before ? 'README.md: the rule table is up to date' : 'README.md: rule table written');
} else {
  console.log(table);
}
