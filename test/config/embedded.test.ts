import { describe, expect, it } from 'vitest';
import { embeddedMap, parseEmbeddedYaml } from '../../src/config/embedded.js';
import { makeSource, positionOf } from '../../src/config/source.js';
import type { SourceFile } from '../../src/config/source.js';
import { parseYaml } from '../../src/config/yaml.js';
import type { YNode, YScalar } from '../../src/config/yaml.js';

function nodeAt(root: YNode | null, ...keys: Array<string | number>): YNode {
  let cur = root;
  for (const k of keys) {
    if (typeof k === 'number') {
      if (!cur || cur.kind !== 'seq') throw new Error(`no [${k}]`);
      cur = cur.items[k];
    } else {
      if (!cur || cur.kind !== 'map') throw new Error(`no ${k}`);
      cur = cur.byKey.get(k)!.value;
    }
  }
  if (!cur) throw new Error('nothing there');
  return cur;
}

function scalarAt(root: YNode | null, ...keys: Array<string | number>): YScalar {
  const n = nodeAt(root, ...keys);
  if (n.kind !== 'scalar') throw new Error('not a scalar');
  return n;
}

function outer(text: string): { source: SourceFile; root: YNode | null } {
  const source = makeSource('f.yaml', text);
  const parsed = parseYaml(source);
  expect(parsed.diagnostics).toEqual([]);
  return { source, root: parsed.documents[0].root };
}

/** Position in the file of the n-th occurrence of `needle` in the inner text, through the map. */
function mapped(source: SourceFile, inner: string, map: { toOriginal(o: number): number }, needle: string): { line: number; column: number } {
  const at = inner.indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  return positionOf(source, map.toOriginal(at));
}

/** Position of `needle` in the file text itself (from `from`). */
function direct(source: SourceFile, needle: string, from = 0): { line: number; column: number } {
  const at = source.text.indexOf(needle, from);
  expect(at).toBeGreaterThanOrEqual(0);
  return positionOf(source, at);
}

describe('literal block scalars', () => {
  const text = ['a:', '  values: |', '    tekton:', '      configs:', '', '        x: 1', '  other: 2', ''].join('\n');

  it('maps each inner line to its file line, shifted by the indentation', () => {
    const { source, root } = outer(text);
    const s = scalarAt(root, 'a', 'values');
    const map = embeddedMap(s, { text: source.text });
    const inner = s.value as string;
    expect(map.exact).toBe(true);
    expect(mapped(source, inner, map, 'tekton')).toEqual({ line: 3, column: 5 });
    expect(mapped(source, inner, map, 'configs')).toEqual({ line: 4, column: 7 });
    expect(mapped(source, inner, map, 'x: 1')).toEqual({ line: 6, column: 9 });
    expect(mapped(source, inner, map, '1')).toEqual({ line: 6, column: 12 });
  });

  it('maps back the other way', () => {
    const { source, root } = outer(text);
    const s = scalarAt(root, 'a', 'values');
    const map = embeddedMap(s, { text: source.text });
    const inner = s.value as string;
    const fileOffset = source.text.indexOf('configs');
    expect(map.toInner(fileOffset)).toBe(inner.indexOf('configs'));
    // The indentation of a line maps to the start of that inner line.
    expect(map.toInner(source.lineStarts[3])).toBe(inner.indexOf('  configs'));
  });

  it('handles |-, an explicit indentation indicator and CRLF line ends', () => {
    const t = ['v: |2-', '    deeper: 1', '  x: 2', 'w: 3', ''].join('\r\n');
    const source = makeSource('f.yaml', t);
    const root = parseYaml(source).documents[0].root;
    const s = scalarAt(root, 'v');
    expect(s.value).toBe('  deeper: 1\nx: 2');
    const map = embeddedMap(s, { text: source.text });
    expect(map.exact).toBe(true);
    expect(mapped(source, s.value as string, map, 'deeper')).toEqual({ line: 1 + 1, column: 5 });
    expect(mapped(source, s.value as string, map, 'x: 2')).toEqual({ line: 3, column: 3 });
  });

  it('reports YAML errors inside the block at their file position', () => {
    const t = ['values: |', '  a: 1', '  b: [1, 2', '  c: 3', ''].join('\n');
    const { source, root } = outer(t);
    const e = parseEmbeddedYaml(source, scalarAt(root, 'values'));
    expect(e.parsed.diagnostics).toHaveLength(1);
    const d = e.parsed.diagnostics[0];
    expect(d.rule).toBe('yaml/syntax');
    expect(d.file).toBe('f.yaml');
    // PyYAML (both loaders) reads `2 c` as one plain scalar continued inside the flow list and stops at the `:`.
    expect([d.line, d.column]).toEqual([4, 4]);
  });

  it('gives duplicate-key warnings inside the block with file positions', () => {
    const t = ['values: |', '  a: 1', '  a: 2', ''].join('\n');
    const { source, root } = outer(t);
    const e = parseEmbeddedYaml(source, scalarAt(root, 'values'));
    expect(e.parsed.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([['yaml/duplicate-key', 3, 3]]);
    expect(e.parsed.diagnostics[0].message).toContain('first at line 2, column 3');
  });
});

describe('YAML inside YAML inside YAML', () => {
  it('maps the defaultPodTemplate through both levels', () => {
    const t = [
      'spec:',
      '  values: |',
      '    tekton:',
      '      configs:',
      '        defaultPodTemplate: |',
      '          tolerations:',
      '          - key: foo',
      '            operator: Exists',
      '',
    ].join('\n');
    const { source, root } = outer(t);
    const values = parseEmbeddedYaml(source, scalarAt(root, 'spec', 'values'));
    expect(values.parsed.diagnostics).toEqual([]);
    const inner = scalarAt(values.parsed.documents[0].root, 'tekton', 'configs', 'defaultPodTemplate');
    const tpl = parseEmbeddedYaml(source, inner, { text: values.text, map: values.map });
    expect(tpl.map.exact).toBe(true);
    const tplRoot = tpl.parsed.documents[0].root!;
    expect(positionOf(source, tplRoot.offset)).toEqual(direct(source, 'tolerations'));
    const tol = scalarAt(tplRoot, 'tolerations', 0, 'operator');
    expect(positionOf(source, tol.offset)).toEqual(direct(source, 'Exists'));
    expect(positionOf(source, tol.offset)).toEqual({ line: 8, column: 23 });
  });
});

describe('folded block scalars', () => {
  it('maps text exactly and folded breaks to the end of their line', () => {
    const t = ['v: >', '  first line', '  second', '', '  third', ''].join('\n');
    const { source, root } = outer(t);
    const s = scalarAt(root, 'v');
    expect(s.value).toBe('first line second\nthird\n');
    const map = embeddedMap(s, { text: source.text });
    expect(map.exact).toBe(true);
    expect(mapped(source, s.value as string, map, 'second')).toEqual({ line: 3, column: 3 });
    expect(mapped(source, s.value as string, map, 'third')).toEqual({ line: 5, column: 3 });
  });
});

describe('flow scalars', () => {
  it('maps a double-quoted string with escapes character by character', () => {
    const t = 'v: "a: 1\\nbb: \\"x\\"\\n"\n';
    const { source, root } = outer(t);
    const s = scalarAt(root, 'v');
    expect(s.value).toBe('a: 1\nbb: "x"\n');
    const map = embeddedMap(s, { text: source.text });
    expect(map.exact).toBe(true);
    expect(mapped(source, s.value as string, map, 'bb')).toEqual(direct(source, 'bb'));
    expect(mapped(source, s.value as string, map, 'x')).toEqual(direct(source, 'x\\"'));
    const e = parseEmbeddedYaml(source, s);
    const bb = scalarAt(e.parsed.documents[0].root, 'bb');
    expect(positionOf(source, bb.offset)).toEqual(direct(source, '\\"x'));
  });

  it('maps a single-quoted string with doubled quotes and line folding', () => {
    const t = ["v: 'a: it''s", '', '  b: 2'," '", ''].join('\n');
    const { source, root } = outer(t);
    const s = scalarAt(root, 'v');
    expect(s.value).toBe("a: it's\nb: 2 ");
    const map = embeddedMap(s, { text: source.text });
    expect(map.exact).toBe(true);
    expect(mapped(source, s.value as string, map, 'b: 2')).toEqual({ line: 3, column: 3 });
    expect(mapped(source, s.value as string, map, 's')).toEqual(direct(source, "s\n"));
  });

  it('maps a plain scalar', () => {
    const t = 'v: just text\n';
    const { source, root } = outer(t);
    const s = scalarAt(root, 'v');
    const map = embeddedMap(s, { text: source.text });
    expect(map.exact).toBe(true);
    expect(mapped(source, 'just text', map, 'text')).toEqual({ line: 1, column: 9 });
  });

  it('falls back to the scalar start when the text cannot be mapped exactly', () => {
    const { source, root } = outer('v: "\\u00e9t\\u00e9"\n');
    const s = scalarAt(root, 'v');
    // Fake a value the decoder cannot reproduce.
    const fake: YScalar = { ...s, value: 'something else' };
    const map = embeddedMap(fake, { text: source.text });
    expect(map.exact).toBe(false);
    expect(positionOf(source, map.toOriginal(5))).toEqual({ line: 1, column: 4 });
  });
});
