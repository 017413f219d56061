/** The README documents every action input and output exactly as action.yml declares them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const action = load(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml;
const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** Rows of the Markdown table that follows a heading. */
function tableAfter(heading: string): string[][] {
  const at = readme.indexOf(heading);
  expect(at, `README has no "${heading}"`).toBeGreaterThan(-1);
  const lines = readme.slice(at).split('\n').slice(1);
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

const unquote = (s: string) => s.replace(/^`|`$/g, '');

describe('README', () => {
  it('runs on node24 from dist/index.js', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('lists every input of action.yml with its default, and nothing else', () => {
    const rows = tableAfter('### Inputs');
    expect(rows.map((r) => unquote(r[0]))).toEqual(Object.keys(action.inputs));
    for (const [name, def, description] of rows) {
      const input = action.inputs[unquote(name)];
      expect(unquote(def), name).toBe(input.default ?? '');
      expect(description.length, name).toBeGreaterThan(10);
    }
  });

  it('lists every output of action.yml', () => {
    const rows = tableAfter('### Outputs');
    expect(rows.map((r) => unquote(r[0]))).toEqual(Object.keys(action.outputs));
  });

  it('gives the two commands a newcomer types', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('\nnpm test\n');
  });

  it('names inputs in kebab-case', () => {
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});
