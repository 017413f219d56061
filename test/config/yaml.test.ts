import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineText, makeSource, positionOf, positionsInOrder } from '../../src/config/source.js';
import { exactInteger, parseYaml, resolvePlain, toJS } from '../../src/config/yaml.js';
import type { YMap, YScalar } from '../../src/config/yaml.js';
import { validateNodepool } from '../../src/validate/nodepool.js';
import { canon } from '../oracle/yaml-canon.js';

const refusalOf = (text: string) => parseYaml(makeSource('t.yaml', text)).diagnostics.find((d) => d.severity === 'error');
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

  it('reads a recursive alias as both loaders do: a value that contains itself', () => {
    // PyYAML 6.0.4 and libyaml 0.2.6 both load each of these; the values are theirs, in the oracle's canonical form.
    const value = (text: string) => {
      const r = parseYaml(makeSource('t.yaml', text), { recursive: true });
      expect(r.diagnostics).toEqual([]);
      return r.documents.map((d) => canon(d.root));
    };
    const rec = { recursive: true };
    expect(value('&r [*r]')).toEqual([{ seq: [rec] }]);
    expect(value('a: &a\n  b: *a\n')).toEqual([{ map: [[{ str: 'a' }, { map: [[{ str: 'b' }, rec]] }]] }]);
    expect(value('a: &s [1, *s]\nb: *s\n')).toEqual([{ map: [[{ str: 'a' }, { seq: [{ int: '1' }, rec] }], [{ str: 'b' }, { seq: [{ int: '1' }, rec] }]] }]);
    expect(value('- &a [*a, &b [*a, *b]]')).toEqual([{ seq: [{ seq: [rec, { seq: [rec, rec] }] }] }]);
    expect(value('&p !!pairs [{a: *p}]')).toEqual([{ pairs: [[{ str: 'a' }, rec]] }]);
    // A merge of a mapping that contains the merging one is flattened once the outer one is complete (PyYAML
    // flattens at construction); a mapping merging itself adds nothing to its own keys.
    expect(value('&m {a: 1, b: {<<: *m}}')).toEqual([{ map: [[{ str: 'a' }, { int: '1' }], [{ str: 'b' }, { map: [[{ str: 'a' }, { int: '1' }], [{ str: 'b' }, rec]] }]] }]);
    expect(value('&m {<<: *m}')).toEqual([{ map: [] }]);
    expect(value('&m {a: *m, <<: {b: 1}}')).toEqual([{ map: [[{ str: 'b' }, { int: '1' }], [{ str: 'a' }, rec]] }]);
    // Many recursive aliases add one node each, not the collection's size again.
    expect(value(`&r [${Array(60).fill('*r').join(', ')}]`)[0]).toMatchObject({ seq: Array(60).fill(rec) });
    // A collection as a key, itself included, is unhashable for both.
    expect(parseYaml(makeSource('t.yaml', '&m {*m : 1}'), { recursive: true }).diagnostics[0]).toMatchObject({ rule: 'yaml/construct', line: 1 });
    // toJS keeps the cycle (no endless walk).
    const js = toJS(parseYaml(makeSource('t.yaml', '&r [*r]'), { recursive: true }).documents[0].root) as unknown[];
    expect(js[0]).toBe(js);
  });

  it('refuses a recursive alias for the files whose readers refuse it (all but Nodepool\'s)', () => {
    expect(refusalOf('a: &a\n  b: *a\n')).toMatchObject({ rule: 'yaml/recursive-alias', line: 2, column: 6 });
  });

  it('reads several documents', () => {
    const r = load('---\na: 1\n---\nb: 2\n');
    expect(r.documents).toHaveLength(2);
    expect(r.documents[0].explicitStart).toBe(true);
  });
});

/**
 * Nodepool reads each file with two loaders: pure-Python PyYAML (`config-validate`) and libyaml (the launcher).
 * Every expectation below is what PyYAML 6.0.4 and libyaml 0.2.6 (the oracle venv) give; `npm run test:oracle`
 * checks these classes against them on generated variations.
 */
describe('YAML exactly as both of Nodepool\'s loaders read it', () => {
  const refusal = (text: string) => {
    const r = parseYaml(makeSource('t.yaml', text));
    const d = r.diagnostics.find((x) => x.severity === 'error');
    return { refusedBy: r.refusedBy, d };
  };

  describe('tabs outside scalars: config-validate refuses, the launcher reads them', () => {
    const cases: Array<[string, string, number, number]> = [
      ['a trailing tab after a value', 'a: b\t\nc: d\n', 1, 5],
      ['a tab before a comment', 'a: b\t# c\n', 1, 5],
      ['a tab as the separator after `:`', 'a:\tb\n', 1, 3],
      ['a tab after a tag', 'a: !!str\tx\n', 1, 9],
      ['a tab after a block scalar header', 'a: |\t\n  x\n', 1, 5],
      ['a tab inside a plain scalar', 'a: b\tc\n', 1, 5],
    ];
    for (const [what, text, line, column] of cases) {
      it(what, () => {
        const { refusedBy, d } = refusal(text);
        expect(refusedBy).toBe('config-validate');
        expect(d).toMatchObject({ rule: 'yaml/syntax', line, column });
        expect(d!.message).toContain('config-validate');
      });
    }

    it('a line holding only a tab: both refuse', () => {
      const { refusedBy, d } = refusal('a: b\n\t\nc: d\n');
      expect(refusedBy).toBe('both');
      expect(d).toMatchObject({ rule: 'yaml/syntax', line: 2, column: 1 });
      expect(d!.message).not.toContain('config-validate');
    });

    it('a valid launcher config with a trailing tab is an error naming config-validate', () => {
      const text = readFileSync(new URL('../../examples/config-repo/nodepool/nodepool.yaml', import.meta.url), 'utf8');
      const clean = validateNodepool({ kind: 'nodepool', source: makeSource('nodepool.yaml', text) }, { softwareFactory: false, env: {} });
      expect(clean.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const tabbed = text.replace('    rate: 0.5\n', '    rate: 0.5\t\n');
      expect(tabbed).not.toBe(text);
      const r = validateNodepool({ kind: 'nodepool', source: makeSource('nodepool.yaml', tabbed) }, { softwareFactory: false, env: {} });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      expect(errors).toHaveLength(1);
      const line = tabbed.split('\n').findIndex((l) => l === '    rate: 0.5\t') + 1;
      expect(errors[0]).toMatchObject({ rule: 'yaml/syntax', line, column: 14 });
      expect(errors[0].message).toContain('`nodepool config-validate` fails');
    });
  });

  it('merge lists with a shared key: PyYAML 6.0.4 keeps the later source for most keys, the first for one-character keys', () => {
    const r = load('a: &a {xx: 1, yy: 1, y: 1}\nb: &b {yy: 2, zz: 2, y: 2}\nc:\n  <<: [*a, *b]\n');
    expect((r.value as Record<string, unknown>).c).toEqual({ xx: 1, yy: 2, y: 1, zz: 2 });
  });

  it('`!!merge <<` merges and `<<: []` merges nothing', () => {
    expect(load('a: &a {x: 1}\nb: {!!merge <<: *a}\n').value).toEqual({ a: { x: 1 }, b: { x: 1 } });
    expect(load('a: {<<: []}\n').value).toEqual({ a: {} });
  });

  it('quoted strings and flow collections continued at or below the key\'s indentation', () => {
    expect(load('key:\n  sub: "abc\n def"\n').value).toEqual({ key: { sub: 'abc def' } });
    expect(load('key: "abc\ndef"\n').value).toEqual({ key: 'abc def' });
    expect(load('key: [a,\nb]\n').value).toEqual({ key: ['a', 'b'] });
  });

  it('a comment right after a closing quote or bracket', () => {
    expect(load('a: "v"# c\nb: [x]# d\n').value).toEqual({ a: 'v', b: ['x'] });
  });

  it('anchor names: letters, digits, `-` and `_` only', () => {
    expect(refusal('a: &x.y 1\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/syntax', line: 1, column: 6 } });
    expect(refusal('a: &é 1\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/syntax', line: 1, column: 5 } });
    expect(refusal('a: &x/y 1\n').refusedBy).toBe('both');
    // `&x:y 1` is the anchor `x` on the plain scalar `:y 1`.
    expect(load('a: &x:y 1\n').value).toEqual({ a: ':y 1' });
  });

  it('control characters anywhere (DEL, C1, U+FFFE) are refused by both', () => {
    for (const text of ['a: 1 # \x7f\n', 'a: "\x80"\n', 'a: "\ufffe"\n', "a: '\x1b'\n"]) {
      expect(refusal(text)).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/syntax', line: 1 } });
    }
    expect(load('a: "\x85x\u00a0"\n').value).toEqual({ a: ' x\u00a0' });
  });

  it('a tab at the start of a block scalar\'s first line: the launcher refuses, config-validate reads it', () => {
    for (const text of ['a: |\n \tx\n', 'a: |\n  \tx\n']) {
      const { refusedBy, d } = refusal(text);
      expect(refusedBy).toBe('launcher');
      expect(d).toMatchObject({ rule: 'yaml/syntax', line: 2 });
      expect(d!.message).toContain('launcher');
    }
  });

  it('NEL, LS and PS break lines', () => {
    expect(load('a: b\u2028c: d\n').value).toEqual({ a: 'b', c: 'd' });
    expect(load('a: b\x85c: d\n').value).toEqual({ a: 'b', c: 'd' });
    expect(load('a: b\u2029c: d\n').value).toEqual({ a: 'b', c: 'd' });
  });

  it('line numbers count every line break PyYAML counts: \\r\\n, \\r, \\n, NEL, LS and PS (its marks, and libyaml\'s)', () => {
    // The line and column both loaders give for `mapping values are not allowed here` in each text: 3:4.
    for (const br of ['\n', '\r\n', '\r', '\x85', '\u2028', '\u2029']) {
      const text = `a: b${br}c: d${br}  e: f${br}`;
      expect(refusal(text).d, JSON.stringify(br)).toMatchObject({ rule: 'yaml/syntax', line: 3, column: 4 });
    }
    const mixed = makeSource('t.yaml', 'a\r\nb\rc\nd\x85e\u2028f\u2029g');
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((ch) => positionOf(mixed, mixed.text.indexOf(ch)))).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((line) => ({ line, column: 1 })));
    expect([1, 2, 3, 4, 5, 6, 7].map((line) => lineText(mixed, line))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('positions asked in document order (positionsInOrder) are positionOf\'s, in any order and at any distance', () => {
    const text = Array.from({ length: 300 }, (_, i) => `${'x'.repeat(i % 7)}\n${i % 5 === 0 ? '\n' : ''}`).join('') + 'end';
    const src = makeSource('t.yaml', text);
    const at = positionsInOrder(src);
    // Forward by small steps, jumps ahead, back, the last line, the start.
    const offsets = [0, 1, 2, 3, 5, 8, 13, 40, 41, 200, 1200, 1199, 7, text.length - 1, text.length, 0, 600, 601, 603];
    for (let o = 0; o <= text.length; o += 3) offsets.push(o);
    for (const o of offsets) expect(at(o), String(o)).toEqual(positionOf(src, o));
  });

  it('the first error is the one PyYAML meets first: composition as the text is read, construction at its document\'s end', () => {
    // Where both loaders place their error (PyYAML 6.0.4 and libyaml 0.2.6 agree on each).
    expect(refusal('a: *nope\nb: c\t\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/undefined-alias', line: 1, column: 4 } });
    expect(refusal('a: &x 1\nb: &x 2\nc: [\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/duplicate-anchor', line: 2, column: 4 } });
    expect(refusal('a: !!bad x\n--- [\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/unknown-tag', line: 1, column: 4 } });
    expect(refusal('a: {<<: 1}\n---\nb: c\t\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/merge', line: 1 } });
    expect(refusal('a: !!bad x\nb: [\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/syntax', line: 3, column: 1 } });
    // A composition error after a construction error in the same document: the composition error (soak seed 424242).
    expect(refusal('a: !!bad x\nb: *nope\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/undefined-alias', line: 2, column: 4 } });
    // An empty value tagged `!` (the loaders load different values, neither errs) and a syntax error after it.
    expect(refusal('a: !\nb: [\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/syntax', line: 3, column: 1 } });
    expect(refusal('a: !\nb: c\n')).toMatchObject({ refusedBy: 'both', d: { line: 1, column: 4 } });
    // ... and a syntax error of a later document (soak seed 2050031617, case 4224).
    expect(refusal('! &y\n  }\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/syntax', line: 2, column: 3 } });
  });

  it('construction errors in the order SafeConstructor meets them: a level of the tree at a time, merges first', () => {
    // PyYAML constructs a collection's children when its turn comes (state generators): every value of a level
    // before any of the next; a mapping flattens its merges before it reads its pairs. Positions from PyYAML 6.0.4 and
    // libyaml 0.2.6, which agree on each (CI's rotating seed 1796626130, case 1679, was the first).
    const at = (text: string) => {
      const { d } = refusal(text);
      return d && `${d.line}:${d.column}`;
    };
    expect(at('a: &a {k: 1}\nm: {<<: [*a, x]}\nt: !!merge "1e3"\n')).toBe('3:4');
    expect(at('a: {b: !!bad 1}\nc: !!bad2 2\n')).toBe('2:4');
    expect(at('a: [[!!bad 1]]\nb: [!!bad2 2]\n')).toBe('2:5');
    expect(at('a: &x {k: {z: !!bad 1}}\nb: {c: {d: {<<: *x}}}\n')).toBe('1:15');
    expect(at('a: !!seq {k: 1}\nb: !!bad 2\n')).toBe('2:4');
    expect(at('a: !!str {k: 1}\nb: !!bad 2\n')).toBe('1:4');
    expect(at('a: {[1]: 2}\nb: !!bad 2\n')).toBe('2:4');
    expect(at('a: !!omap [1]\nb: !!bad 2\n')).toBe('2:4');
    expect(at('a: {k: !!bad 1, k: 2}\nb: !!bad2 3\n')).toBe('2:4');
    expect(at('? !!bad [1]\n: 2\n')).toBe('1:3');
    expect(at('a: {<<: {b: !!bad 1}}\nc: !!bad2 1\n')).toBe('2:4');
    expect(at('a: {<<: [{b: {<<: 3}}, 4]}\n')).toBe('1:24');
    // A collection's tag on a scalar: its constructor refuses when the scalar's turn comes (soak seed 596902189).
    expect(at('a: !!seq x\nb: {<<: 1}\n')).toBe('1:4');
    expect(at('a: !!seq x\nb: !!bad 1\n')).toBe('2:4');
    expect(at('a: [!!map x]\nb: [!!bad 1]\n')).toBe('2:5');
    expect(at('a: [!!seq x, [!!bad y]]\n')).toBe('1:5');
    expect(refusal('a: !!omap x\n').d?.message).toBe('expected a sequence, but found scalar');
    expect(refusal('a: {<<: [{b: 1}, 4]}\n').d?.message).toMatch(/expected a mapping for merging, but found/);
  });

  it('tag spellings as SafeConstructor reads them', () => {
    expect(load('a: !!float "1e3"\nb: !!bool tRUE\nc: ! 10\nd: ! \'10\'\ne: !!int " 7"\n').value).toEqual({ a: 1000, b: true, c: 10, d: 10, e: 7 });
    expect(refusal('a: !!binary "abc"\n')).toMatchObject({ refusedBy: 'both', d: { line: 1, column: 4 } });
  });

  it('%YAML 1.3 and unknown directives: the launcher refuses, config-validate reads them', () => {
    expect(refusal('%YAML 1.3\n---\na: 1\n').refusedBy).toBe('launcher');
    expect(refusal('%FOO bar\n---\na: 1\n').refusedBy).toBe('launcher');
    expect(load('%YAML 1.1\n---\na: 1\n').value).toEqual({ a: 1 });
  });

  it('a lone surrogate escape: the launcher refuses', () => {
    expect(refusal('a: "\\ud800"\n').refusedBy).toBe('launcher');
  });

  it('`:` before a flow indicator inside a flow collection: the launcher refuses', () => {
    expect(refusal('a: [b:]\n').refusedBy).toBe('launcher');
  });

  it('a comment right after a block scalar\'s indicator (`|#`): libyaml reads it, config-validate refuses', () => {
    expect(refusal('a: |# c\n  x\n')).toMatchObject({ refusedBy: 'config-validate', d: { line: 1, column: 5 } });
  });

  it('a tab in a plain scalar\'s later line: both refuse it where indentation is expected, libyaml reads it after', () => {
    expect(refusal('k: a\n  \n\tb\n').refusedBy).toBe('both');
    expect(refusal('k: a\n  \n  \tb\n').refusedBy).toBe('config-validate');
  });

  it('`?` inside a plain scalar in a flow collection: libyaml reads it, config-validate refuses', () => {
    expect(refusal('{a|\n?}\n')).toMatchObject({ refusedBy: 'config-validate', d: { line: 2, column: 1 } });
    expect(refusal('[a?b]\n').refusedBy).toBe('config-validate');
  });

  it('keys longer than 1024 characters are not simple keys', () => {
    expect(load('k'.repeat(1024) + ': 1\n').value).toEqual({ ['k'.repeat(1024)]: 1 });
    expect(refusal('k'.repeat(1030) + ': 1\n')).toMatchObject({ refusedBy: 'both', d: { line: 1, column: 1031 } });
  });

  it('a block scalar at the end of a file without a final newline keeps no line break', () => {
    expect(load('a: |\n  x').value).toEqual({ a: 'x' });
  });

  it('integers past 2^53 keep every digit', () => {
    const r = load('a: 123456789012345678901234567890\nb: 0x1FFFFFFFFFFFFFFFF\n');
    const root = r.documents[0].root as YMap;
    expect(exactInteger(root.byKey.get('a')!.value as YScalar)).toBe(123456789012345678901234567890n);
    expect(exactInteger(root.byKey.get('b')!.value as YScalar)).toBe(0x1ffffffffffffffffn);
  });

  it('a byte-order mark at the start of a later line: libyaml skips it, pure PyYAML reads it as text', () => {
    expect(refusal('a: 1\n\uFEFF# c\n')).toMatchObject({ refusedBy: 'config-validate', d: { line: 2, column: 1 } });
    expect(refusal('a: 1\n\uFEFFb: 2\n')).toMatchObject({ refusedBy: 'launcher', d: { line: 2, column: 1 } });
    // Both read this one, differently (a string, no document): refused.
    expect(refusal('# x\n\uFEFF# c\n').refusedBy).toBe('launcher');
    expect(load('\uFEFFa: 1\n').value).toEqual({ a: 1 });
  });
  it('a Python dict keeps the first key object and the last value', () => {
    const r = parseYaml(makeSource('t.yaml', 'a: {yes: 1, 1: 2}\n'));
    const a = (r.documents[0].root as YMap).byKey.get('a')!.value as YMap;
    expect(a.pairs).toHaveLength(1);
    expect(a.pairs[0].key).toMatchObject({ tag: 'bool', value: true });
    expect(a.pairs[0].value).toMatchObject({ tag: 'int', value: 2 });
  });

  it('a merge reads the merged mapping as written, duplicates included (a shared one-character key keeps the first)', () => {
    expect(load('a: &a {"": 5, "": 7, xy: 1, xy: 2}\nb: {<<: *a}\n').value).toEqual({ a: { '': 7, xy: 2 }, b: { '': 5, xy: 2 } });
  });

  it('an empty value tagged `!`: the loaders read null and an empty string, so it is refused', () => {
    expect(refusal('a: !\nb: 1\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/syntax', line: 1, column: 4 } });
    // After a tab only libyaml reads past, libyaml reads it (an empty string): config-validate's refusal alone.
    expect(refusal('! \t\t')).toMatchObject({ refusedBy: 'config-validate', d: { line: 1, column: 3 } });
    // ... unless libyaml refuses the text anyway (before or after it): then the launcher's refusal is the verdict
    // (soak seed 360564306, case 7551).
    expect(refusal('block: |\n \tx\n  more\nafter: 1\ntagged: ! \n')).toMatchObject({ refusedBy: 'launcher', d: { line: 2, column: 2 } });
    expect(refusal('tagged: ! \nblock: |\n \tx\n  more\n')).toMatchObject({ refusedBy: 'launcher', d: { line: 3, column: 2 } });
  });

  it('a tab after a %YAML version is config-validate\'s refusal alone', () => {
    expect(refusal('%YAML 1.1\t# c\n---\na: 1\n').refusedBy).toBe('config-validate');
  });

  it('who refuses counts composition: a tab libyaml skips after an undefined alias is refused by both', () => {
    expect(refusal('a: *nope\nb: c\t\n').refusedBy).toBe('both');
  });
  it('nesting: read as deep as each loader reads it, refused past pure PyYAML\'s limit (config-validate) and libyaml\'s (both)', () => {
    // Boundaries measured with the loaders (PyYAML 6.0.4 as deep in the stack as config-validate runs it, libyaml 0.2.6).
    const r = (s: string, n: number) => s.repeat(n);
    const flow = (n: number) => `deep: ${r('[', n)}${r(']', n)}\n`;
    const block = (n: number, leaf: string) => ['deep:', ...Array.from({ length: n - 1 }, (_, i) => `${r('  ', i + 1)}k:`), `${r('  ', n)}${leaf}`].join('\n') + '\n';
    const indentless = (n: number) => 'deep:\n' + Array.from({ length: n }, (_, i) => `${r('  ', i)}- k:\n`).join('') + `${r('  ', n)}- v\n`;
    const inLabel = (n: number, leaf: string) => 'labels:\n  - name: x\n    x:\n' + Array.from({ length: n - 1 }, (_, i) => `      ${r('  ', i)}k:\n`).join('') + `      ${r('  ', n - 1)}k: ${leaf}\n`;
    const cases: Array<[string, (n: number) => string, number, number]> = [
      // [what, text of n levels, the most pure PyYAML reads, the most libyaml reads]
      ['an empty flow list in a mapping', flow, 489, 999],
      ['block mappings ending in a plain value', (n) => block(n, 'v'), 488, 999],
      ['block mappings ending in a block scalar', (n) => block(n, `|\n${r('  ', n + 1)}x`), 487, 999],
      ['block mappings ending in a flow list on a line of its own', (n) => block(n, '[1]'), 488, 999],
      ['block mappings ending in a flow list on its key\'s line', (n) => block(n - 1, '').replace(/\n$/, 'k: [1]\n'), 487, 999],
      ['a quoted value in a label (config-validate\'s own limit: 485)', (n) => inLabel(n, '"v"'), 485, 996],
      ['indentless lists (no level for libyaml)', indentless, 243, 998],
    ];
    for (const [what, text, pure, lib] of cases) {
      expect(refusal(text(pure)).d, what).toBeUndefined();
      expect(refusal(text(pure + 1)), what).toMatchObject({ refusedBy: 'config-validate', d: { rule: 'yaml/too-deep' } });
      expect(refusal(text(lib)).refusedBy, what).toBe('config-validate');
      expect(refusal(text(lib + 1)), what).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/too-deep' } });
    }
    expect(refusal('a: ' + r('[', 1200) + r(']', 1200) + '\n')).toMatchObject({ refusedBy: 'both', d: { rule: 'yaml/too-deep', line: 1 } });
  });
});
