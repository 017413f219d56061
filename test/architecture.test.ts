/**
 * The folders of src/ are the stages of the flow. A stage imports only stages to its left; the shell (io/), the
 * runs, the sandbox and the entry points sit on top. A new import against that order fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** Left to right: each may import itself and those before it. */
const STAGES = ['core', 'config', 'validate', 'desired', 'plan', 'report', 'io', 'run', 'sandbox', 'entry'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function stageOf(file: string): string {
  return relative(SRC, file).split(sep)[0] ?? '';
}

describe('src/ layout', () => {
  const files = sourceFiles(SRC);

  it('has no loose files at the top of src/, only the stage folders', () => {
    const top = readdirSync(SRC);
    expect(top.filter((name) => !(STAGES as readonly string[]).includes(name))).toEqual([]);
  });

  it('imports only from stages to the left (or its own)', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = stageOf(file);
      const rank = STAGES.indexOf(from as (typeof STAGES)[number]);
      const imports = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles;
      for (const { fileName } of imports) {
        if (!fileName.startsWith('.')) continue;
        const to = stageOf(resolve(dirname(file), fileName));
        const toRank = STAGES.indexOf(to as (typeof STAGES)[number]);
        if (toRank > rank) wrong.push(`${relative(SRC, file)} imports ${fileName} (${from} → ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
