/**
 * One rule registry: every rule id a diagnostic can carry is in `src/core/rules.ts`, with a title, a description
 * and what to do. A diagnostic's rule is a `RuleId`, the type of the registry's keys, so the type check refuses an
 * unregistered id (the @ts-expect-error lines below stop compiling if it ever accepts one); the validators run over
 * the example repo and Nodepool's conformance corpus check the ids they report at run time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/config/repo.js';
import { makeSource } from '../../src/config/source.js';
import { isRuleId, RULE_AREAS, RULES, ruleId } from '../../src/core/rules.js';
import type { RuleId, RuleName } from '../../src/core/rules.js';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { validateRepo } from '../../src/validate/index.js';
import { validateNodepool } from '../../src/validate/nodepool.js';
import { copyExampleRepo } from '../support/example-repo.js';
import { requireShared } from '../support/shared.js';

describe('the rule registry', () => {
  it('has a title, a description and help for every rule, under a known area', () => {
    for (const rule of RULES.values()) {
      expect(Object.keys(RULE_AREAS), rule.id).toContain(rule.id.slice(0, rule.id.indexOf('/')));
      expect(rule.title.length, rule.id).toBeGreaterThan(2);
      expect(rule.description.length, rule.id).toBeGreaterThan(10);
      expect(rule.help.length, rule.id).toBeGreaterThan(5);
    }
  });

  it('types a rule id from the registry: an unregistered id, or a name its area does not have, does not compile', () => {
    const diagnostic = (rule: RuleId): Diagnostic => ({ rule, severity: 'error', file: 'f', line: 1, column: 1, message: 'm' });
    // @ts-expect-error -- not a registered id
    diagnostic('nodepool/no-such-rule');
    expect(diagnostic('nodepool/undefined-label').rule).toBe('nodepool/undefined-label');
    // A name checked for its area, and for every area of a shared check:
    expect(ruleId('pod-template', 'invalid-toleration')).toBe('pod-template/invalid-toleration');
    // @ts-expect-error -- registered under cluster, not under nodepool
    ruleId('nodepool', 'pool-mismatch');
    const shared = (name: RuleName<'cluster' | 'pod-template'>) => [ruleId('cluster', name), ruleId('pod-template', name)];
    expect(shared('invalid-node-selector')).toEqual(['cluster/invalid-node-selector', 'pod-template/invalid-node-selector']);
    // @ts-expect-error -- registered under cluster only
    shared('pool-mismatch');
    for (const id of RULES.keys()) expect(isRuleId(id)).toBe(true);
    expect(isRuleId('nodepool/no-such-rule')).toBe(false);
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
    expect([...seen].filter((id) => !isRuleId(id))).toEqual([]);
  });
});
