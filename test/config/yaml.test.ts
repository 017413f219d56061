import { describe, expect, it } from 'vitest';
import { makeSource, positionOf } from '../../src/config/source.js';
import { parseYaml, resolvePlain, toJS } from '../../src/config/yaml.js';
import type { YMap } from '../../src/config/yaml.js';

const load = (text: string) => {
  const r = parseYaml(makeSource('t.yaml', text));
  return { ...r, value: r.documents.length ? toJS(r.documents[0].root) : undefined };
};

describe('plain scalars resolve as PyYAML safe_load does (YAML 1.1)', () => {
  // Expected values checked against PyYAML 6.0.3.
  const table: Array<[string, unknown]> = [
    ['yes', true], ['Yes', true], ['ON', true], ['off', false], ['No', false], ['true', true], ['False', false],
    ['y', 'y'], ['n', 'n'], ['Y', 'Y'],
    ['~', null], ['null', null], ['Null', null], ['', null],
    ['010', 8], ['0x1F', 31], ['0b101', 5], ['1_000', 1000], ['1__0', 10], ['1_', 1], ['-0', 0], ['+1', 1],
    ['1:20', 80], ['190:20:30', 685230],
    ['09', '09'], ['0_8', '0_8'], ['_1', '_1'], ['0o17', '0o17'],
    ['1.5', 1.5], ['1.', 1], ['0.', 0], ['01.5', 1.5], ['1.0e+3', 1000], ['6.8523015e+5', 685230.15],
    ['1e3', '1e3'], ['1.5e3', '1.5e3'], ['+.5', '+.5'], ['.5', 0.5],
    ['.inf', Infinity], ['-.Inf', -Infinity],
    ['hello', 'hello'], ['8.8.8.8', '8.8.8.8'],
  ];
  for (const [text, want] of table) {
    it(`${JSON.stringify(text)} → ${String(want)}`, () => {
      const r = resolvePlain(text);
      expect('error' in r).toBe(false);
      expect((r as { value: unknown }).value).toEqual(want);
    });
  }

  it('reads .nan as NaN and dates as timestamps', () => {
    expect(Number.isNaN((resolvePlain('.NaN') as { value: number }).value)).toBe(true);
    const d = resolvePlain('2020-01-01') as { tag: string; value: Date };
    expect(d.tag).toBe('timestamp');
    expect(d.value.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    const t = resolvePlain('2001-12-14t21:59:43.10-05:00') as { value: Date };
    expect(t.value.toISOString()).toBe('2001-12-15T02:59:43.100Z');
  });

  it('rejects `=` as PyYAML does', () => {
    expect(resolvePlain('=')).toHaveProperty('error');
  });
});

describe('parseYaml', () => {
  it('keeps quoted and block scalars as strings and explicit tags apply', () => {
    expect(load('a: "yes"\nb: \'010\'\nc: !!str 1\nd: !!int "7"\ne: !!float 1\nf: |\n  x\n').value).toEqual({
      a: 'yes', b: '010', c: '1', d: 7, e: 1, f: 'x\n',
    });
  });

  it('gives every node a position (quoted scalars at their quote)', () => {
    const r = load('top:\n  key: "value"\n  list:\n    - 1\n');
    const root = r.documents[0].root as YMap;
    const top = root.byKey.get('top')!.value as YMap;
    const src = r.source;
    expect(positionOf(src, top.byKey.get('key')!.key.offset)).toEqual({ line: 2, column: 3 });
    expect(positionOf(src, top.byKey.get('key')!.value.offset)).toEqual({ line: 2, column: 8 });
    const list = top.byKey.get('list')!.value;
    expect(list.kind).toBe('seq');
  });

  it('merges `<<` the PyYAML way: explicit keys win, then the first merged map', () => {
    const r = load('a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n');
    expect((r.value as Record<string, unknown>).c).toEqual({ x: 3, y: 1, z: 2 });
    expect(r.diagnostics).toEqual([]);
  });

  it('keeps the last of duplicate keys and warns with both positions', () => {
    const r = load('a: 1\nb: 2\na: 3\n');
    expect(r.value).toEqual({ a: 3, b: 2 });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ rule: 'yaml/duplicate-key', severity: 'warning', line: 3, column: 1 });
    expect(r.diagnostics[0].message).toContain('first at line 1, column 1');
  });

  it('reports a syntax error with its position', () => {
    const r = load('a:\n  b: 1\n   c: 2\n');
    expect(r.documents).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ rule: 'yaml/syntax', severity: 'error', line: 3 });
  });

  it('refuses unknown tags like safe_load', () => {
    const r = load('a: !!python/name:os.system x\n');
    expect(r.diagnostics[0]).toMatchObject({ rule: 'yaml/unknown-tag', line: 1, column: 4 });
  });

  it('stops an alias bomb with a clear error, leaving nothing for a reader to expand', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const r = load(lines.join('\n') + '\n');
    expect(r.diagnostics[0]).toMatchObject({ rule: 'yaml/too-large', severity: 'error' });
    // The aliases are counted as they are met (a0 is 11 nodes, a1 111, ...): the 5,000,000th is in a6's list.
    expect(r.diagnostics[0].line).toBe(7);
    expect(r.documents).toEqual([]);
    expect(r.value).toBeUndefined();
  });

  it('stops deep nesting with a clear error', () => {
    const r = load('['.repeat(10_000) + ']'.repeat(10_000) + '\n');
    expect(r.diagnostics[0]).toMatchObject({ rule: 'yaml/too-deep', severity: 'error', line: 1 });
  });

  it('reports a recursive alias', () => {
    const r = load('a: &a\n  b: *a\n');
    expect(r.diagnostics[0]).toMatchObject({ rule: 'yaml/recursive-alias' });
  });

  it('reads several documents', () => {
    const r = load('---\na: 1\n---\nb: 2\n');
    expect(r.documents).toHaveLength(2);
    expect(r.documents[0].explicitStart).toBe(true);
  });
});
