/** A temporary copy of the bundled example config repo, for tests that break one file on purpose. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './shared.js';

export const EXAMPLE_REPO = path.join(REPO_ROOT, 'examples', 'config-repo');

export interface RepoCopy {
  dir: string;
  read(rel: string): string;
  write(rel: string, text: string): void;
  /** Replace the first occurrence of `from` in a file (failing loudly when it is not there). */
  edit(rel: string, from: string, to: string): void;
  remove(rel: string): void;
  cleanup(): void;
}

export function copyExampleRepo(): RepoCopy {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-example-'));
  cpSync(EXAMPLE_REPO, dir, { recursive: true });
  return {
    dir,
    read: (rel) => readFileSync(path.join(dir, rel), 'utf8'),
    write: (rel, text) => writeFileSync(path.join(dir, rel), text),
    edit(rel, from, to) {
      const text = readFileSync(path.join(dir, rel), 'utf8');
      if (!text.includes(from)) throw new Error(`${rel} does not contain ${JSON.stringify(from)}`);
      writeFileSync(path.join(dir, rel), text.replace(from, to));
    },
    remove: (rel) => rmSync(path.join(dir, rel), { force: true }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** 1-based line of the first line of `text` containing `needle`. */
export function lineContaining(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${JSON.stringify(needle)}`);
  return i + 1;
}
