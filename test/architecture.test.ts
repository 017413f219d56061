/**
 * The folders of src/ are the stages of the flow. A stage imports only stages to its left; the shell (io/), the
 * runs, the sandbox and the entry points sit on top. A new import against that order fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** A function longer than this says why beside it (`Long because …` in the comment before it). */
const LONG_FUNCTION_LINES = 80;

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

  it('has no function over ~80 lines without a reason written beside it', () => {
    const unexplained: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        const named =
          (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.body ? node
          : ts.isVariableStatement(node) && node.declarationList.declarations.some((d) => d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) ? node
          : undefined;
        if (named) {
          const from = sf.getLineAndCharacterOfPosition(named.getStart()).line;
          const to = sf.getLineAndCharacterOfPosition(named.getEnd()).line;
          const comments = (ts.getLeadingCommentRanges(text, named.getFullStart()) ?? []).map((r) => text.slice(r.pos, r.end)).join('\n');
          if (to - from > LONG_FUNCTION_LINES && !/Long because/.test(comments)) unexplained.push(`${relative(SRC, file)}:${from + 1} (${to - from} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(unexplained).toEqual([]);
  });
});

