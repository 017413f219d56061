/**
 * One rule registry: every rule id a diagnostic can carry is in `src/core/rules.ts`, with a title, a description
 * and what to do. Checked two ways: the source (every literal rule id, and every rule name the schema language
 * and the validators report under their prefix), and the validators run over the example repo and Nodepool's
 * conformance corpus.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { loadRepo } from '../../src/config/repo.js';
import { makeSource } from '../../src/config/source.js';
import { RULE_AREAS, RULES } from '../../src/core/rules.js';
import { validateRepo } from '../../src/validate/index.js';
import { validateNodepool } from '../../src/validate/nodepool.js';
import { copyExampleRepo } from '../support/example-repo.js';
import { requireShared } from '../support/shared.js';

const SRC = resolve(import.meta.dirname, '../../src');

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [{ file: path.slice(SRC.length + 1), text: readFileSync(path, 'utf8') }] : [];
  });
}

/** The shared checkers report under the prefix of whoever calls them. */
const SHARED_CHECKERS: Record<string, string[]> = {
  'config/schema.ts': ['settings', 'nodepool', 'cluster', 'pod-template', 'inventory'],
  'validate/k8s-yaml.ts': ['cluster', 'pod-template'],
  'validate/nodepool-schema.ts': ['nodepool'],
};

describe('the rule registry', () => {
  const files = sources(SRC).filter((f) => !f.file.startsWith('sandbox/'));
  const paths = new Set<string>(Object.values(DEFAULT_SETTINGS.paths as unknown as Record<string, string>));

  it('has a title, a description and help for every rule, under a known area', () => {
    for (const rule of RULES.values()) {
      expect(Object.keys(RULE_AREAS), rule.id).toContain(rule.id.slice(0, rule.id.indexOf('/')));
      expect(rule.title.length, rule.id).toBeGreaterThan(2);
      expect(rule.description.length, rule.id).toBeGreaterThan(10);
      expect(rule.help.length, rule.id).toBeGreaterThan(5);
    }
  });

  it('registers every rule id written out in the source', () => {
    const areas = Object.keys(RULE_AREAS).join('|');
    const literal = new RegExp(`['\`]((?:${areas})/[a-z0-9-]+)['\`]`, 'g');
    const missing: string[] = [];
    for (const { file, text } of files) {
      for (const m of text.matchAll(literal)) {
        if (!paths.has(m[1]) && !RULES.has(m[1])) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('registers every rule the schema language and the validators report under their prefix', () => {
    const prefixConstants = new Map<string, string>();
    for (const { text } of files) for (const m of text.matchAll(/export const (\w+_RULE_PREFIX) = '([a-z-]+)'/g)) prefixConstants.set(m[1], m[2]);
    const missing: string[] = [];
    for (const { file, text } of files) {
      const names = [...text.matchAll(/report\(\s*cx,[^;]*?'([a-z0-9-]+)'\s*,/g)].map((m) => m[1]);
      if (names.length === 0) continue;
      let prefixes: string[];
      if (SHARED_CHECKERS[file]) prefixes = SHARED_CHECKERS[file];
      else {
        prefixes = [...text.matchAll(/rulePrefix: (?:'([a-z-]+)'|(\w+))/g)].map((m) => m[1] ?? prefixConstants.get(m[2]) ?? m[2]);
        expect(prefixes.length, `${file} reports with no rulePrefix the test can read`).toBeGreaterThan(0);
      }
      // A shared checker reports under each of its callers' prefixes; a validator under one of its own.
      const shared = Boolean(SHARED_CHECKERS[file]);
      for (const name of new Set(names)) {
        const ids = [...new Set(prefixes)].map((p) => `${p}/${name}`);
        const unregistered = ids.filter((id) => !RULES.has(id));
        if (shared ? unregistered.length > 0 : unregistered.length === ids.length) missing.push(`${file}: ${unregistered.join(' or ')}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('registers every rule the validators report on the example repo and on Nodepool’s conformance corpus', () => {
    const seen = new Set<string>();
    const copy = copyExampleRepo();
    try {
      for (const d of validateRepo(loadRepo(copy.dir)).diagnostics) seen.add(d.rule);
    } finally {
      copy.cleanup();
    }
    const shared = requireShared('the Nodepool conformance corpus');
    if (shared) {
      const dir = join(shared, 'conformance', 'nodepool', 'configs');
      for (const name of readdirSync(dir)) {
        const text = readFileSync(join(dir, name), 'utf8');
        const file = { kind: 'nodepool' as const, source: makeSource(name, text) };
        for (const softwareFactory of [false, true]) {
          for (const d of validateNodepool(file, { softwareFactory, env: {} }).diagnostics) seen.add(d.rule);
        }
      }
      expect(seen.size).toBeGreaterThan(10);
    }
    expect([...seen].filter((id) => !RULES.has(id))).toEqual([]);
  });
});
