// Prints the README's input and output tables from action.yml (the README test checks they agree).
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';

const action = load(readFileSync(new URL('../action.yml', import.meta.url), 'utf8'));
const cell = (s) => String(s).replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
const inputs = Object.entries(action.inputs).map(([k, v]) => `| \`${k}\` | ${v.default === '' ? '' : `\`${cell(v.default)}\``} | ${cell(v.description)} |`);
const outputs = Object.entries(action.outputs).map(([k, v]) => `| \`${k}\` | ${cell(v.description)} |`);
console.log(inputs.join('\n'));
console.log('---');
console.log(outputs.join('\n'));
