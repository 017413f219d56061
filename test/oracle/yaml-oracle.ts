/**
 * Nodepool's two YAML loaders (scripts/yaml_oracle.py in the oracle venv) against our reader: one document (a whole
 * YAML stream) in, both loaders' verdicts and values out, and the comparison with ours.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSource } from '../../src/config/source.js';
import { parseYaml } from '../../src/config/yaml.js';
import type { Loader } from '../../src/config/yaml.js';
import { canon, sameCanon } from './yaml-canon.js';
import type { Canon } from './yaml-canon.js';
import { JsonLinesChild } from './json-lines-child.js';

/** The PyYAML scripts/nodepool-oracle-venv.sh pins (what `pip install nodepool==11.0.0` resolved). */
export const PYYAML_VERSION = '6.0.4';

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = process.env.POOL_RECONCILER_CACHE ?? path.join(homedir(), '.cache', 'pool-reconciler');

/** PyYAML's own test data (tests/legacy_tests/data of its sdist), unpacked by the venv script; undefined if absent. */
export function pyyamlDataDir(): string | undefined {
  const dir = path.join(cache, `pyyaml-tests-${PYYAML_VERSION}`);
  return existsSync(path.join(dir, '.complete')) ? dir : undefined;
}

export interface LoaderResult {
  ok: boolean;
  value?: Canon[];
  error?: string;
  line?: number | null;
  column?: number | null;
  /** The error's context mark, where it has one (the simple key of "could not find expected ':'", a string's quote). */
  context_line?: number;
  context_column?: number;
}

export interface LoadersAnswer {
  pure: LoaderResult;
  c: LoaderResult;
}

export class YamlOracle {
  private readonly child: JsonLinesChild<LoadersAnswer, { pyyaml: string; libyaml: string }>;
  readonly ready: Promise<{ pyyaml: string; libyaml: string }>;

  constructor(python: string) {
    this.child = new JsonLinesChild(python, path.join(here, '..', '..', 'scripts', 'yaml_oracle.py'), 'YAML', (error): LoadersAnswer => {
      const failed: LoaderResult = { ok: false, error };
      return { pure: failed, c: failed };
    });
    this.ready = this.child.ready;
  }

  judge(text: string): Promise<LoadersAnswer> {
    return this.child.request({ text });
  }

  close(): void {
    this.child.close();
  }
}

export interface YamlCase {
  name: string;
  text: string;
}

/**
 * The documents of PyYAML's test data that are YAML input to a loader: `*.data` (the loader tests' inputs),
 * `*.canonical`, `*.loader-error` and `*.single-loader-error`. Files that are not UTF-8 (the encoding tests) are left
 * out: Nodepool opens its files as UTF-8 text, so they never reach the YAML layer. Returns them and the count left out.
 */
export function pyyamlCorpus(dir: string): { cases: YamlCase[]; notUtf8: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const cases: YamlCase[] = [];
  let notUtf8 = 0;
  for (const name of readdirSync(dir).sort()) {
    if (!/\.(data|canonical|loader-error|single-loader-error)$/.test(name)) continue;
    const bytes = readFileSync(path.join(dir, name));
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      notUtf8++;
      continue;
    }
    // Python's text mode (how Nodepool opens files) reads a UTF-8 BOM as U+FEFF, as TextDecoder drops it: keep it.
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) text = '\uFEFF' + text;
    cases.push({ name, text });
  }
  return { cases, notUtf8 };
}

export interface Comparison {
  agree: boolean;
  /** What differs, in words (empty when they agree). */
  why: string;
  /** Both refuse alike but our error is on another line than the loaders' (in words; `agree` stays true). */
  otherLine?: string;
  /** `differ`: both loaders accept but load different values (the launcher would run another config than validated). */
  expected: 'accept' | 'differ' | Loader;
  ours: 'accept' | Loader;
}

/**
 * Compare our reader with both loaders on one text. Agreement: both loaders load the same value and we load it too;
 * or they load different values and we refuse; or a loader refuses and we refuse, naming the loader(s) that refuse,
 * on the line of its error (its problem mark or its context mark: PyYAML names both, e.g. where a simple key starts
 * and where its `:` was expected).
 */
export function compare(text: string, answer: LoadersAnswer): Comparison {
  const parsed = parseYaml(makeSource('case.yaml', text), { recursive: true });
  const refused = parsed.diagnostics.some((d) => d.severity === 'error');
  const ours: 'accept' | Loader = refused ? (parsed.refusedBy ?? 'both') : 'accept';
  const { pure, c } = answer;
  const expected: Comparison['expected'] = pure.ok && c.ok
    ? (sameCanon(pure.value, c.value) ? 'accept' : 'differ')
    : !pure.ok && !c.ok ? 'both' : !pure.ok ? 'config-validate' : 'launcher';
  if (expected === 'differ') {
    // Nothing to load the same way as both: we must refuse, saying why.
    if (refused) return { agree: true, why: '', expected, ours };
    return { agree: false, why: `pure PyYAML and libyaml load different values and we accept:\n  pure    ${JSON.stringify(pure.value)}\n  libyaml ${JSON.stringify(c.value)}`, expected, ours };
  }
  if (expected === 'accept') {
    if (refused) {
      const d = parsed.diagnostics.find((x) => x.severity === 'error')!;
      return { agree: false, why: `both loaders accept; we refuse at ${d.line}:${d.column}: ${d.message}`, expected, ours };
    }
    const value = parsed.documents.map((doc) => canon(doc.root));
    if (!sameCanon(value, pure.value)) {
      return { agree: false, why: `values differ:\n  ours   ${JSON.stringify(value)}\n  PyYAML ${JSON.stringify(pure.value)}`, expected, ours };
    }
    return { agree: true, why: '', expected, ours };
  }
  const theirs = [!pure.ok ? `pure PyYAML: ${pure.error} (${pure.line}:${pure.column})` : '', !c.ok ? `libyaml: ${c.error} (${c.line}:${c.column})` : '']
    .filter(Boolean).join('; ');
  if (!refused) return { agree: false, why: `we accept; ${theirs}`, expected, ours };
  const d = parsed.diagnostics.find((x) => x.severity === 'error')!;
  if (ours !== expected) {
    return { agree: false, why: `we name ${ours} as refusing, it is ${expected}: ours ${d.line}:${d.column} ${d.message}; ${theirs}`, expected, ours };
  }
  // A loader's error without a place (a Python exception of the constructor) leaves the line open.
  const refusing = [pure, c].filter((r) => !r.ok);
  const lines = refusing.flatMap((r) => [r.line, r.context_line]);
  if (refusing.every((r) => typeof r.line === 'number') && !lines.includes(d.line)) {
    return { agree: true, why: '', otherLine: `we refuse on line ${d.line} (${d.column}: ${d.message}); the loaders on another: ${theirs}`, expected, ours };
  }
  return { agree: true, why: '', expected, ours };
}
