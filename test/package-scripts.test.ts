/**
 * Every path a package.json script names exists: a test file that moved must not turn a script into one that runs
 * nothing (`test:soak` named test/hostile.test.ts after it moved to test/config/, and its 100 MB case never ran).
 * The test files a `vitest run` script selects must also be ones its configuration includes.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/shared.js';

const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** Files a script names that are not in the repository on purpose, with where they come from. */
const LOCAL_FILES: Record<string, string> = {
  '.env': '.env.example', // local-action's environment: each developer's copy of .env.example (.gitignore has it)
};

/** The words of a command line that name a file or a directory of the repository. */
function pathsIn(command: string): string[] {
  return command
    .split(/\s*(?:&&|\|\||;|\|)\s*/)
    .flatMap((part) => part.trim().split(/\s+/))
    .filter((word) => !/^\w+=/.test(word) && !word.startsWith('-') && !/^[a-z]+:/.test(word))
    .filter((word) => word.includes('/') || /\.(?:[cm]?[jt]s|sh|json|ya?ml|py)$/.test(word) || word in LOCAL_FILES);
}

/** What `vitest run` selects: the words after `vitest run` that are not options, and the configuration file. */
function vitestRun(command: string): { config: string; filters: string[] } | undefined {
  const m = /\bvitest run\b(.*)$/.exec(command);
  if (!m) return undefined;
  const words = m[1].trim().split(/\s+/).filter(Boolean);
  const at = words.indexOf('--config');
  const config = at >= 0 ? words[at + 1] : 'vitest.config.ts';
  const filters = words.filter((w, i) => !w.startsWith('-') && !(at >= 0 && i === at + 1));
  return { config, filters };
}

describe('package.json scripts', () => {
  it('name paths that exist', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const [name, command] of Object.entries(scripts)) {
      for (const p of pathsIn(command)) {
        checked++;
        const want = LOCAL_FILES[p] ?? p;
        if (!existsSync(path.join(REPO_ROOT, want))) missing.push(`${name}: ${want}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('select with `vitest run` only test files that their configuration includes', async () => {
    const wrong: string[] = [];
    for (const [name, command] of Object.entries(scripts)) {
      const run = vitestRun(command);
      if (!run || run.filters.length === 0) continue;
      const config = ((await import(path.join(REPO_ROOT, run.config))) as { default: { test: { include?: string[]; exclude?: string[] } } }).default.test;
      for (const filter of run.filters) {
        const target = path.join(REPO_ROOT, filter);
        // The filter itself, or a test file in it, must match an include glob and no exclude glob.
        const probe = existsSync(target) && statSync(target).isDirectory() ? `${filter}/x.test.ts` : filter;
        const included = (config.include ?? []).some((g) => path.matchesGlob(probe, g));
        const excluded = (config.exclude ?? []).some((g) => path.matchesGlob(probe, g));
        if (!existsSync(target) || !included || excluded) wrong.push(`${name}: ${filter}${existsSync(target) ? ' is not included by ' + run.config : ' does not exist'}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
