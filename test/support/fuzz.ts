/**
 * Mutation fuzzing of configs, shared by the fuzz test (test/fuzz/fuzz.test.ts: no crash, every error inside its
 * file) and the benchmark (bench/hostile.ts: how long a mutant takes).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RepoFile } from '../../src/config/repo.js';
import { kindFromPath } from '../../src/config/repo.js';
import { makeSource } from '../../src/config/source.js';
import type { SourceFile } from '../../src/config/source.js';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { validateFiles } from '../../src/validate/index.js';
import type { ValidationResult } from '../../src/validate/index.js';
import { EXAMPLE_REPO } from './example-repo.js';

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS = ['~', 'yes', '010', '1.5', '"str"', "'x'", '[]', '{}', '- a', '*nope', '&anchor', '!!int x', '%(NODEPOOL_X)', '<<: 1', '-1', '1e3', '2020-01-01', ''];
/** Names that are properties of every JavaScript object: as keys, driver names, labels and values they must never crash. */
const JS_PROPERTY_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'prototype', '__defineGetter__'];
const CONTROL = ['\t', '\u0001', '\u007f', '\u2028', '\ufeff', '\r', '\u0000'];

export function mutate(text: string, random: () => number): string {
  const lines = text.split('\n');
  const pick = (n: number) => Math.floor(random() * n);
  const i = pick(lines.length);
  switch (pick(10)) {
    case 0: // delete a line
      lines.splice(i, 1);
      break;
    case 1: // duplicate a line (duplicate keys, repeated items)
      lines.splice(i, 0, lines[i]);
      break;
    case 2: {
      // retype a value
      const m = /^(\s*(?:- )?[^:#]+:)(.*)$/.exec(lines[i]);
      if (m) lines[i] = `${m[1]} ${SCALARS[pick(SCALARS.length)]}`;
      else lines[i] = lines[i].replace(/- .*/, `- ${SCALARS[pick(SCALARS.length)]}`);
      break;
    }
    case 3: // swap a scalar for a list or mapping
      lines[i] = lines[i].replace(/: (\S.*)$/, random() < 0.5 ? ': [$1]' : ': {k: $1}');
      break;
    case 4: // cut the text at a random point
      return text.slice(0, pick(text.length + 1));
    case 5: {
      // insert a tab or a control character
      const at = pick(lines[i].length + 1);
      lines[i] = lines[i].slice(0, at) + CONTROL[pick(CONTROL.length)] + lines[i].slice(at);
      break;
    }
    case 6: // change the indentation
      lines[i] = random() < 0.5 ? ' ' + lines[i] : lines[i].replace(/^ {1,3}/, '');
      break;
    case 7: // rename a key
      lines[i] = lines[i].replace(/^(\s*(?:- )?)([A-Za-z_-]+):/, (_, pre, key: string) => `${pre}${key.slice(0, -1)}x:`);
      break;
    case 8: // a JavaScript object property name as a key
      lines[i] = lines[i].replace(/^(\s*(?:- )?)([A-Za-z_./-]+):/, (_, pre) => `${pre}${JS_PROPERTY_NAMES[pick(JS_PROPERTY_NAMES.length)]}:`);
      break;
    case 9: {
      // ... or as a value: a driver, a label, a pool or pod-template name, a taint key
      const name = JS_PROPERTY_NAMES[pick(JS_PROPERTY_NAMES.length)];
      if (/:\s*\S/.test(lines[i])) lines[i] = lines[i].replace(/:\s*\S.*$/, `: ${name}`);
      else lines[i] = lines[i].replace(/^(\s*)- \S.*$/, `$1- ${name}`);
      break;
    }
  }
  return lines.join('\n');
}

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, r)).isDirectory()) out.push(...walk(dir, r));
    else out.push(r);
  }
  return out;
}

export interface Seed {
  name: string;
  kind: RepoFile['kind'];
  text: string;
}

/** The seeds: every file of the example repo, and Nodepool's conformance configs when `shared` is given. */
export function fuzzSeeds(shared: string | undefined): Seed[] {
  const seeds: Seed[] = [];
  for (const rel of walk(EXAMPLE_REPO)) {
    const kind = rel === '.pool-reconciler.yaml' ? undefined : kindFromPath(rel);
    if (kind) seeds.push({ name: rel, kind, text: readFileSync(path.join(EXAMPLE_REPO, rel), 'utf8') });
  }
  if (shared) {
    const dir = path.join(shared, 'conformance', 'nodepool', 'configs');
    for (const f of readdirSync(dir).sort()) seeds.push({ name: f, kind: 'nodepool', text: readFileSync(path.join(dir, f), 'utf8') });
  }
  return seeds;
}

/** The n-th mutant: its seed, mutated one to three times. */
export function nextMutant(seeds: Seed[], n: number, random: () => number): { seed: Seed; source: SourceFile } {
  const seed = seeds[n % seeds.length];
  let text = seed.text;
  const rounds = 1 + Math.floor(random() * 3);
  for (let r = 0; r < rounds; r++) text = mutate(text, random);
  return { seed, source: makeSource(seed.name, text) };
}

/** Validate a mutant as the CLI validates one file. */
export function validateMutant(seed: Seed, source: SourceFile): ValidationResult {
  return validateFiles([{ kind: seed.kind, source }], { standalone: seed.name.endsWith('.yaml') && !seed.name.includes('/') }, DEFAULT_SETTINGS);
}
