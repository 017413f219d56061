/**
 * Generated YAML for the YAML-layer oracle: realistic Nodepool configs with the constructs where our reader and
 * Nodepool's two loaders have differed, one class per case (and a mixed class combining several), and a quarter of
 * `soup`: fragments of YAML syntax strung together at random.
 */
import type { Rng } from './prng.js';

export interface YamlGenCase {
  /** The class of construct the case exercises (the allow-list may name one). */
  cls: string;
  text: string;
}

const BASES: readonly string[] = [
  [
    'labels:',
    '  - name: centos-9-stream',
    '    min-ready: 2',
    '  - name: ubuntu-noble',
    '    min-ready: 0',
    'providers:',
    '  - name: cloud-a',
    '    driver: openstack',
    '    cloud: vexxhost',
    '    rate: 0.5',
    '    boot-timeout: 300',
    '    diskimages:',
    '      - name: centos-9-stream',
    '        config-drive: true',
    '    pools:',
    '      - name: main',
    '        max-servers: 10',
    '        networks: [public, private]',
    '        labels:',
    '          - name: centos-9-stream',
    '            flavor-name: m1.large',
    '            key-name: zuul',
    '            userdata: |',
    '              #cloud-config',
    '              packages: [git]',
    '',
  ].join('\n'),
  [
    'diskimages:',
    '  - name: centos-9-stream',
    '    elements:',
    '      - centos-minimal',
    '      - zuul-worker',
    '    env-vars:',
    '      DIB_CHECKSUM: "1"',
    "      TMPDIR: '/opt/dib_tmp'",
    '    release: 9-stream',
    '    rebuild-age: 86400',
    'labels: [{name: centos-9-stream, min-ready: 1}]',
    '',
  ].join('\n'),
  [
    '# k8s pool',
    'providers:',
    '  - name: k8s',
    '    driver: kubernetes',
    '    context: sf',
    '    pools:',
    '      - name: main',
    '        labels:',
    '          - name: pod-python',
    '            type: pod',
    '            image: quay.io/python:3.12   # the image',
    '            cpu: 2',
    '            memory: 2048',
    '            env:',
    '              - {name: FOO, value: "bar baz"}',
    '',
  ].join('\n'),
];

const SCALARS = ['plain', '"double"', "'single'", '10', '0.5', 'yes', '~', '2024-01-02', '"a b"', '[x, y]', '{k: v}'];

function lines(text: string): string[] {
  return text.split('\n');
}

/** A line index holding `key: value` (a mapping pair with a scalar value), or undefined. */
function pairLine(ls: string[], rng: Rng): number | undefined {
  const idx = ls.map((l, i) => (/^\s*(- )?[\w-]+: \S/.test(l) ? i : -1)).filter((i) => i >= 0);
  return idx.length ? rng.pick(idx) : undefined;
}

type Mutation = (ls: string[], rng: Rng) => void;

const tabs: Mutation = (ls, rng) => {
  const i = pairLine(ls, rng) ?? 0;
  switch (rng.int(7)) {
    case 0:
      ls[i] += rng.pick(['\t', ' \t', '\t\t', '\t ']);
      break;
    case 1:
      ls[i] += rng.pick(['\t# note', ' \t# note', '\t #x']);
      break;
    case 2:
      ls[i] = ls[i].replace(': ', rng.pick([':\t', ': \t', ':\t ']));
      break;
    case 3:
      ls.splice(i + 1, 0, rng.pick(['\t', ' \t', '  \t  ', '\t# c']));
      break;
    case 4:
      ls[i] = ls[i].replace(/(\S)$/, `$1\t${rng.pick(['x', '# c', ''])}`);
      break;
    case 5:
      ls[i] = ls[i].replace(/^(\s*)/, `$1${rng.pick(['\t', ''])}`);
      break;
    default:
      ls.push(`tabbed: [a,\tb]${rng.pick(['', '\t'])}`);
  }
};

const merge: Mutation = (ls, rng) => {
  const keys = ['x', 'y', 'cpu', 'memory', 'min-ready', 'é', '1', 'yes', '"x"', '""'];
  const a = Array.from({ length: 1 + rng.int(3) }, () => `${rng.pick(keys)}: ${rng.int(9)}`);
  const b = Array.from({ length: 1 + rng.int(3) }, () => `${rng.pick(keys)}: ${rng.int(9) + 10}`);
  ls.unshift(`defaults-a: &a {${a.join(', ')}}`, `defaults-b: &b {${b.join(', ')}}`);
  if (rng.chance(0.3)) ls.unshift(`defaults-c: &c {<<: *a, ${rng.pick(keys)}: 99}`);
  const mergeKey = rng.pick(['<<', '<<', '<<', '!!merge <<', "'<<'", '! <<']);
  const value = rng.pick(['[*a, *b]', '[*b, *a]', '*a', '[*a, *a]', '[]', '[*a]', '*b', '[*c, *b]', '[*a, x]', 'x', '{z: 1}']);
  const own = rng.chance(0.5) ? `, ${rng.pick(keys)}: 42` : '';
  ls.push(`merged: {${mergeKey}: ${value}${own}}`);
  if (rng.chance(0.3)) ls.push('merged-block:', `  ${mergeKey}: ${value}`, `  ${rng.pick(keys)}: 7`);
};

const continued: Mutation = (ls, rng) => {
  const indent = rng.pick(['', ' ', '  ', '    ']);
  switch (rng.int(5)) {
    case 0:
      ls.push(`key: "first${rng.pick([' ', ''])}`, `${indent}second"`);
      break;
    case 1:
      ls.push(`key: 'first`, `${indent}second'`);
      break;
    case 2:
      ls.push('key: [a,', `${indent}b]`);
      break;
    case 3:
      ls.push('key: {a: 1,', `${indent}b: 2}`);
      break;
    default:
      ls.push('outer:', `  key: "first`, `${indent}second"`, 'next: 1');
  }
};

const commentAfter: Mutation = (ls, rng) => {
  ls.push(rng.pick(['a: "v"# c', "a: 'v'# c", 'a: [x]# c', 'a: {k: v}# c', 'a: "v" # c', 'a: v# c', 'a: [x, y]#c']));
};

const anchorChars: Mutation = (ls, rng) => {
  const ch = rng.pick(['.', '/', ':', 'é', '-', '_', '[', '{', '!', '*', ',', '0', '\u00e9t\u00e9', 'x', '@']);
  const name = `an${ch}chor`;
  ls.push(`anchored: &${name} ${rng.pick(SCALARS)}`);
  if (rng.chance(0.6)) ls.push(`alias: *${name}`);
};

const controlChars: Mutation = (ls, rng) => {
  const ch = rng.pick(['\x7f', '\x80', '\x9f', '\ufffe', '\uffff', '\x85', '\x0b', '\x1b', '\u00a0', '\x01', '\u2028', '\u200b', '\ud83d\ude00']);
  const where = rng.int(5);
  if (where === 0) ls.push(`# comment ${ch} here`);
  else if (where === 1) ls.push(`k: "a${ch}b"`);
  else if (where === 2) ls.push(`k: 'a${ch}b'`);
  else if (where === 3) ls.push(`k: a${ch}b`);
  else ls.push('k: |', `  a${ch}b`);
};

const blockTab: Mutation = (ls, rng) => {
  const header = rng.pick(['|', '>', '|-', '>+', '|2', '>1']);
  const first = rng.pick(['\tx', ' \tx', '  \tx', '\t', '  x\t', '   \ty']);
  ls.push(`block: ${header}`, first, rng.pick(['  more', '\tmore', '  \tmore', '']), 'after: 1');
};

const lineBreaks: Mutation = (ls, rng) => {
  const br = rng.pick(['\x85', '\u2028', '\u2029', '\r', '\r\n']);
  const i = pairLine(ls, rng) ?? 0;
  ls[i] = ls[i] + br + rng.pick(['extra: 1', '  more', '# c', '']);
};

const tags: Mutation = (ls, rng) => {
  const tag = rng.pick(['!!float', '!!int', '!!bool', '!!str', '!!null', '!!binary', '!', '!!timestamp', '!<tag:yaml.org,2002:str>', '!local', '!!merge', '!!set', '!!omap', '!!seq', '!!map']);
  const value = rng.pick(['"1e3"', 'tRUE', '10', "'10'", '" 7"', '1_000', '0x1F', '0o17', '017', '1:20', '1.5', '.NaN', '-.inf', '"abc"', '"YWJj"', 'aGVsbG8=', '2001-12-14', '"2001-12-14 21:59:43.10 -5"', '', '[a]', '{a: 1}', '{a, b}', '[{a: 1}, {b: 2}]', 'nan', 'infinity', '+1', '-', '"=', '=']);
  ls.push(`tagged: ${tag} ${value}`);
};

const longKeys: Mutation = (ls, rng) => {
  const n = rng.pick([1000, 1020, 1023, 1024, 1025, 1030]);
  const q = rng.pick(['', '"', "'"]);
  ls.push(`${q}${'k'.repeat(n)}${q}: 1`);
};

const directives: Mutation = (ls, rng) => {
  const d = rng.pick(['%YAML 1.0', '%YAML 1.1', '%YAML 1.2', '%YAML 1.3', '%YAML 2.0', '%FOO bar', '%TAG !e! tag:example.com,2000:', '%YAML 1.1 # c', '%YAML 1.1\t# c']);
  ls.unshift(d, '---');
};

const escapes: Mutation = (ls, rng) => {
  ls.push(`esc: "${rng.pick(['\\ud800', '\\udfff', '\\U0001F600', '\\x41', '\\u00e9', '\\N\\_\\L\\P', '\\z', '\\U00110000', '\\/', '\\e\\0'])}"`);
};

const blockEof: Mutation = (ls, rng) => {
  while (ls.length && ls[ls.length - 1] === '') ls.pop();
  ls.push(`last: ${rng.pick(['|', '>', '|-', '|+', '>-', '>+'])}`, '  line one', rng.pick(['  line two', '', '  ']));
  ls.push('\u0000END'); // marker: the text ends without a final line break
};

const bigInts: Mutation = (ls, rng) => {
  ls.push(`big: ${rng.pick(['9007199254740993', '-9007199254740993', '123456789012345678901234567890', '0x1FFFFFFFFFFFFFFFF', '0b' + '1'.repeat(70), '07777777777777777777777', '1_000_000_000_000_000_001', '190:20:30:40:50:60:70:80'])}`);
};

const nesting: Mutation = (ls, rng) => {
  // Pure PyYAML runs out of Python's recursion limit near 490 levels (the exact depth depends on what is read at the
  // deepest point; the oracle child runs it as deep as config-validate does), libyaml stops at 1000 block and flow
  // levels (an indentless list is no level for it). The depths around each boundary, and far from them.
  const shape = rng.int(3);
  if (shape === 0) {
    const depth = rng.pick([50, 300, 487, 488, 489, 490, 491, 700, 998, 999, 1000, 1001, 3000]);
    ls.push(`deep: ${'['.repeat(depth)}${']'.repeat(depth)}`);
  } else if (shape === 1) {
    const depth = rng.pick([50, 300, 486, 487, 488, 489, 490, 700, 998, 999, 1000, 1001, 1100]);
    ls.push('deep:');
    for (let i = 1; i < depth; i++) ls.push(`${'  '.repeat(i)}k:`);
    ls.push(`${'  '.repeat(depth)}${rng.pick(['v', '"v"', '|\n' + '  '.repeat(depth + 1) + 'x', '[1]', '', '*top'])}`);
    if (ls[ls.length - 1].endsWith('*top')) ls.unshift('top: &top 1');
  } else {
    // Indentless lists: a mapping and a list per indentation level.
    const levels = rng.pick([100, 241, 242, 243, 244, 245, 997, 998, 999, 1000]);
    ls.push('deep:');
    for (let i = 0; i < levels; i++) ls.push(`${'  '.repeat(i)}- k:`);
    ls.push(`${'  '.repeat(levels)}- v`);
  }
};

const recursive: Mutation = (ls, rng) => {
  ls.push(rng.pick(['rec: &r [*r]', 'rec: &r {self: *r}', 'rec: &r\n  - *r', 'rec: &m {a: 1, b: {<<: *m}}', 'rec: &m {<<: *m, a: 1}',
    'rec: &p !!pairs [{a: *p}]', 'rec: &s [1, *s]\nalso: *s', 'rec: &m {a: [*m], <<: [{x: 1}]}', 'rec: &m {*m : 1}', 'rec: &o !!omap [*o]',
    'rec:\n  - &a [*a, &b [*a, *b]]', 'rec: &m\n  a: 1\n  b:\n    <<: *m\n    c: 2']));
};

export const YAML_CLASSES: Readonly<Record<string, Mutation>> = {
  tabs,
  merge,
  continued,
  'comment-after': commentAfter,
  'anchor-chars': anchorChars,
  'control-chars': controlChars,
  'block-tab': blockTab,
  'line-breaks': lineBreaks,
  tags,
  'long-keys': longKeys,
  directives,
  escapes,
  'block-eof': blockEof,
  'big-ints': bigInts,
  nesting,
  recursive,
};

const MIXABLE = Object.keys(YAML_CLASSES).filter((c) => c !== 'recursive' && c !== 'nesting');

/** Fragments of YAML syntax, strung together at random: the scanner's and parser's corners beyond configs. */
const SOUP = [
  'a', 'b', 'key', ':', ': ', ' ', '  ', '\n', '\n  ', '\n    ', '- ', '-', '[', ']', '{', '}', ', ', ',', '? ', '?',
  '&x ', '*x', '&y ', '*y', '!!str ', '! ', '!x ', '"', "'", '"q"', "'q'", '# c', '#', '| ', '|\n', '>-\n', '\t',
  '---\n', '...\n', '%YAML 1.1\n', '<<: ', '=', '1', '0x1', '~', '\\', '\r\n', '\u2028', '\x85', 'é', '"\\n"', '%',
  '@', '`', '!!int ', '!!map ', '!!seq ', '!!binary ', '!!set ', '\uFEFF', 'k', 'v', '\n\t', '"a b"', "'x''y'", '"\\t"',
  '|-', '|+', '>2', '|1', ' #', '!<tag:yaml.org,2002:str>', '%TAG !e! tag:e,2000:\n---', '!e!x ', '--- ', '<<: *a',
  '.5', 'y', 'no', '2001-01-01', '0o7', '\r', '\u2029', '\u00a0', 'a:b', 'a#b', 'http://x', '\n- ', '\n  - ',
  'k: |\n  x\n',
];

/** One generated case: a base config with one class's construct (or, for `mixed`, two to four of them). */
export function generateYamlCase(rng: Rng): YamlGenCase {
  if (rng.chance(0.25)) {
    let text = '';
    const n = 3 + rng.int(30);
    for (let k = 0; k < n; k++) text += rng.pick(SOUP);
    return { cls: 'soup', text };
  }
  const ls = lines(rng.pick(BASES));
  const names = Object.keys(YAML_CLASSES);
  let cls: string;
  if (rng.chance(0.2)) {
    cls = 'mixed';
    const n = 2 + rng.int(3);
    for (let k = 0; k < n; k++) YAML_CLASSES[rng.pick(MIXABLE)](ls, rng);
  } else {
    cls = rng.pick(names);
    YAML_CLASSES[cls](ls, rng);
  }
  let text = ls.join('\n');
  const eof = text.indexOf('\n\u0000END');
  if (eof >= 0) text = text.slice(0, eof) + text.slice(eof + '\n\u0000END'.length).replace(/\n\u0000END/g, '');
  else if (!text.endsWith('\n')) text += '\n';
  return { cls, text };
}
