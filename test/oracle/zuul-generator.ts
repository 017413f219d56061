/**
 * Generated zuul.d files for the Zuul oracle (zuul.oracle.test.ts): lists of nodesets, jobs, secrets, projects and
 * other items, mostly as Software Factory config repos write them, each with a few mutations aimed at what Zuul's
 * loader and NodeSetParser decide: node names and labels of every YAML type, localhost, names used twice, groups of
 * unknown nodes, alternatives, inline nodesets, keys written twice (as written: `1` and `"1"`), Zuul's tags
 * (`!encrypted/pkcs1-oaep`, `!override`, `!inherit`), items that stop the file, several documents, flow and block
 * styles, anchors, merge keys and recursive aliases.
 */
import type { Rng } from './prng.js';

/** A YAML node to write: a scalar written as given, or a collection (block or flow), with an optional tag. */
export type Y =
  | { t: 'raw'; s: string }
  | { t: 'seq'; items: Y[]; flow?: boolean; tag?: string; anchor?: string }
  | { t: 'map'; pairs: Array<[Y, Y]>; flow?: boolean; tag?: string; anchor?: string };

const raw = (s: string): Y => ({ t: 'raw', s });
const seq = (items: Y[], flow = false): Y => ({ t: 'seq', items, flow });
const map = (pairs: Array<[string | Y, Y]>, flow = false): Y => ({ t: 'map', pairs: pairs.map(([k, v]) => [typeof k === 'string' ? raw(k) : k, v]), flow });

function flowText(y: Y): string {
  const tag = y.t !== 'raw' && y.tag ? `${y.tag} ` : '';
  const anchor = y.t !== 'raw' && y.anchor ? `&${y.anchor} ` : '';
  if (y.t === 'raw') return y.s;
  if (y.t === 'seq') return `${anchor}${tag}[${y.items.map(flowText).join(', ')}]`;
  return `${anchor}${tag}{${y.pairs.map(([k, v]) => `${flowText(k)}: ${flowText(v)}`).join(', ')}}`;
}

const isBlock = (y: Y): boolean => y.t !== 'raw' && !y.flow && !y.tag && (y.t === 'seq' ? y.items.length > 0 : y.pairs.length > 0);

/** Block style, at `indent` spaces; the first line is written where the caller left the cursor. */
function blockText(y: Y, indent: number): string {
  if (!isBlock(y)) return flowText(y);
  const pad = ' '.repeat(indent);
  const anchor = y.t !== 'raw' && y.anchor ? `&${y.anchor}\n${pad}` : '';
  if (y.t === 'seq') return anchor + y.items.map((it) => `- ${blockText(it, indent + 2)}`).join(`\n${pad}`);
  if (y.t === 'map') {
    return anchor + y.pairs.map(([k, v]) => {
      const key = flowText(k);
      if (!isBlock(v)) return `${key}: ${flowText(v)}`;
      // A list under a key may sit at the key's indentation (as SF repos often write it) or deeper.
      const inner = v.t === 'seq' && indent % 4 === 0 ? indent : indent + 2;
      return `${key}:\n${' '.repeat(inner)}${blockText(v, inner)}`;
    }).join(`\n${pad}`);
  }
  return '';
}

export function renderZuul(doc: Y): string {
  return `${blockText(doc, 0)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------

const WORDS = ['centos-9-stream', 'ubuntu-noble', 'fedora-41', 'pod-python', 'controller', 'compute', 'primary', 'node', 'container', 'rhel-9'];
/** Scalars of every kind PyYAML resolves, quoted and not: as node names, labels, nodeset and job names. */
const ODD = ['yes', 'no', 'on', 'null', '~', '', '123', '0x1f', '1.5', '1:20', '2024-01-01', '"yes"', "'123'", '"quoted"', "'single'", '!!str 42', '!!binary aGk=', '"localhost"', 'localhost', '.inf', '"a b"', '|\n  block', '>-\n  folded'];

/** A node of a nodeset: `{name, label}` (name a string or a list), sometimes broken. */
function node(rng: Rng, names: string[]): Y {
  const name = rng.chance(0.85) ? (rng.chance(0.3) ? seq([raw(names.pop() ?? 'n'), raw(`${rng.pick(WORDS)}-x`)], true) : raw(names.pop() ?? 'n')) : rng.chance(0.5) ? raw(rng.pick(['localhost', 'controller', ''])) : raw(rng.pick(ODD));
  const pairs: Array<[string | Y, Y]> = [];
  if (!rng.chance(0.04)) pairs.push(['name', name]);
  if (!rng.chance(0.04)) pairs.push(['label', rng.chance(0.85) ? raw(rng.pick(WORDS)) : rng.chance(0.3) ? seq([raw('a')], true) : raw(rng.pick(ODD))]);
  if (rng.chance(0.03)) pairs.push(['description', raw('extra')]);
  if (rng.chance(0.02)) pairs.push(['label', raw('twice')]);
  if (rng.chance(0.3)) pairs.reverse();
  return map(pairs, rng.chance(0.4));
}

function nodes(rng: Rng, n: number): { value: Y; names: string[] } {
  const pool = ['controller', 'compute1', 'compute2', 'primary', 'secondary', 'node'].slice(0, 6);
  const names: string[] = [];
  for (let i = 0; i < n; i++) names.push(rng.chance(0.9) ? pool[i % pool.length] : rng.pick(pool));
  const given = [...names];
  const items = names.map(() => node(rng, given));
  const value = items.length === 1 && rng.chance(0.2) ? items[0] : seq(items, rng.chance(0.2));
  return { value, names };
}

function groups(rng: Rng, names: string[]): Y {
  const gs: Y[] = [];
  for (let i = 0; i < 1 + rng.int(2); i++) {
    const gname = rng.chance(0.9) ? rng.pick(['computes', 'peers', 'switch', 'subnodes']) : rng.pick(['localhost', 'my-localhost', 'LOCALHOST', '123']);
    const members = rng.chance(0.85) ? names.slice(0, 1 + rng.int(Math.max(1, names.length))) : ['ghost'];
    const nodesValue = members.length === 1 && rng.chance(0.5) ? raw(members[0] || 'x') : seq(members.map((m) => raw(m || 'x')), true);
    const pairs: Array<[string | Y, Y]> = [['name', raw(gname)], ['nodes', nodesValue]];
    if (rng.chance(0.03)) pairs.pop();
    gs.push(map(pairs, rng.chance(0.3)));
  }
  return gs.length === 1 && rng.chance(0.2) ? gs[0] : seq(gs);
}

/** A nodeset's body: nodes (and groups), or alternatives; anonymous ones have no name. */
function nodesetBody(rng: Rng, name: string | undefined): Y {
  const pairs: Array<[string | Y, Y]> = [];
  if (name !== undefined && !rng.chance(0.04)) pairs.push(['name', raw(rng.chance(0.95) ? name : rng.pick(ODD))]);
  if (rng.chance(0.12)) {
    const alts: Y[] = [];
    for (let i = 0; i < 1 + rng.int(3); i++) {
      alts.push(rng.chance(0.5) ? raw(rng.pick(['small', 'large', 'fallback', 'missing'])) : map([['nodes', nodes(rng, 1 + rng.int(2)).value]], rng.chance(0.5)));
    }
    pairs.push(['alternatives', rng.chance(0.05) ? raw('small') : seq(alts)]);
    if (rng.chance(0.05)) pairs.push(['nodes', seq([])]);
  } else {
    const n = nodes(rng, rng.chance(0.1) ? 0 : 1 + rng.int(3));
    if (!rng.chance(0.03)) pairs.push(['nodes', rng.chance(0.03) ? raw(rng.pick(['null', '[]', '{}'])) : n.value]);
    if (rng.chance(0.3)) pairs.push(['groups', groups(rng, n.names)]);
  }
  if (rng.chance(0.03)) pairs.push([rng.pick(['description', 'foo', 'node']), raw('x')]);
  if (rng.chance(0.02)) pairs.push(['name', raw('again')]);
  return map(pairs, rng.chance(0.15));
}

function jobBody(rng: Rng, name: string, nodesetNames: string[]): Y {
  const pairs: Array<[string | Y, Y]> = [];
  if (!rng.chance(0.04)) pairs.push(['name', raw(rng.chance(0.95) ? name : rng.pick(ODD))]);
  if (rng.chance(0.5)) pairs.push(['parent', raw(rng.pick(['base', 'null', 'tox']))]);
  if (rng.chance(0.3)) pairs.push(['description', raw('"A job."')]);
  if (rng.chance(0.8)) {
    const r = rng.next();
    let v: Y;
    if (r < 0.45) v = raw(rng.chance(0.9) && nodesetNames.length ? rng.pick(nodesetNames) : rng.pick(WORDS));
    else if (r < 0.85) v = nodesetBody(rng, undefined);
    else if (r < 0.9) v = { ...(nodesetBody(rng, undefined) as Y & { t: 'map' }), flow: true, tag: rng.pick(['!override', '!inherit']) };
    else v = raw(rng.pick(['null', '[a]', '3', '!override small', '!inherit', '""']));
    pairs.push(['nodeset', v]);
  }
  if (rng.chance(0.2)) pairs.push(['vars', map([[raw(rng.pick(['1', 'a', '"a"'])), raw('x')], [raw(rng.pick(['"1"', 'b', "'a'"])), raw('y')]])]);
  if (rng.chance(0.15)) pairs.push(['secrets', seq([raw('site-secret')], true)]);
  if (rng.chance(0.2)) pairs.reverse();
  return map(pairs, rng.chance(0.1));
}

/** Base64 texts as Python decodes them or not (padding, a stray character, a quantum cut short). */
const CHUNKS = ['AAAABBBB', 'AAAABB==', 'AAAABBB=', 'AAAAB', 'AAAABBBBC', 'AA AA', 'AAAA\\nBBBB', 'AA=A', '"AAAA"', 'A=AAA'];

const SECRET = (rng: Rng): Y => {
  const chunk = () => raw(rng.chance(0.7) ? 'AAAABBBB' : rng.pick(CHUNKS));
  const value: Y = rng.chance(0.5) ? { t: 'seq', items: [chunk(), chunk()], tag: '!encrypted/pkcs1-oaep' } : { t: 'raw', s: `!encrypted/pkcs1-oaep ${(chunk() as { s: string }).s}` };
  return map([['name', raw('site-secret')], ['data', map([['password', value], ['user', raw('zuul')]])]]);
};

function item(rng: Rng, nodesetNames: string[], jobNames: string[]): Y {
  const r = rng.next();
  if (r < 0.38) {
    const name = rng.pick(['small', 'large', 'fallback', 'multinode', 'centos-9-stream', 'pod']);
    nodesetNames.push(name);
    return map([['nodeset', nodesetBody(rng, name)]]);
  }
  if (r < 0.78) {
    const name = rng.pick(['base', 'tox-py312', 'linters', 'integration', 'build-image', 'deploy']);
    jobNames.push(name);
    return map([['job', jobBody(rng, name, nodesetNames)]]);
  }
  if (r < 0.84) return map([['secret', SECRET(rng)]]);
  if (r < 0.9) {
    return map([['project', map([['check', map([['jobs', seq([raw(jobNames[0] ?? 'noop'), map([[raw('linters'), map([['nodeset', raw('small')]])]])])]])]])]]);
  }
  if (r < 0.93) return map([['semaphore', map([['name', raw('one'), ], ['max', raw('1')]])]]);
  // What stops the file: an unknown type, two keys, a value that is not a mapping, a scalar item.
  const bad = rng.int(5);
  if (bad === 0) return map([[rng.pick(['jobs', 'node-set', 'Job', 'template']), map([['name', raw('x')]])]]);
  if (bad === 1) return map([['job', map([['name', raw('x')]])], ['nodeset', map([['name', raw('y')], ['nodes', seq([])]])]]);
  if (bad === 2) return map([['job', raw(rng.pick(['x', 'null', '[a]']))]]);
  if (bad === 3) return map([['pragma', map([['implied-branches', seq([raw('main')], true)]])]]);
  return raw(rng.pick(['just-a-string', 'null', '[a, b]']));
}

export interface ZuulCase {
  text: string;
  /** What was done to the file, for the report of a disagreement. */
  notes: string[];
}

/** One generated zuul.d file. */
export function generateZuulCase(rng: Rng): ZuulCase {
  const notes: string[] = [];
  const nodesetNames: string[] = [];
  const jobNames: string[] = [];
  const items: Y[] = [];
  for (let i = 0, n = 1 + rng.int(6); i < n; i++) items.push(item(rng, nodesetNames, jobNames));
  let text = renderZuul(seq(items));
  // File-level mutations, on the text.
  const r = rng.next();
  if (r < 0.03) {
    text = `${text}---\n${renderZuul(seq([map([['job', map([['name', raw('second')]])]])]))}`;
    notes.push('two documents');
  } else if (r < 0.05) {
    text = `job:\n  name: not-a-list\n`;
    notes.push('not a list');
  } else if (r < 0.07) {
    text = '# only a comment\n';
    notes.push('empty');
  } else if (r < 0.1) {
    // Anchors and merge keys, as repos use them for shared node lists.
    text = `- nodeset:\n    name: anchored\n    nodes: &shared\n      - name: controller\n        label: centos-9-stream\n- nodeset:\n    name: reused\n    nodes: *shared\n- job:\n    name: merged\n    nodeset:\n      <<: {nodes: *shared}\n${rng.chance(0.5) ? '      nodes: []\n' : ''}${text}`;
    notes.push('anchors and merge keys');
  } else if (r < 0.115) {
    // Recursive aliases (a value that contains itself): ZuulSafeLoader builds them; the schemas then judge them.
    const recursive = rng.pick([
      '- job: &self\n    name: self-vars\n    vars: {me: *self}\n',
      '- job:\n    name: list-vars\n    vars:\n      r: &r [*r]\n',
      '- nodeset:\n    name: self-nodes\n    nodes: &n [*n]\n',
      '- nodeset:\n    name: self-node\n    nodes:\n      - &m {name: a, label: l, extra: *m}\n',
      '- nodeset:\n    name: self-alternatives\n    alternatives: &a [*a]\n',
      '- job:\n    name: self-nodeset\n    nodeset: &s {nodes: [{name: a, label: l}], again: *s}\n',
    ]);
    text = rng.chance(0.5) ? `${recursive}${text}` : `${text}${recursive}`;
    notes.push('a recursive alias');
  } else if (r < 0.13) {
    const at = text.indexOf(':');
    if (at > 0) text = `${text.slice(0, at)}: [unclosed${text.slice(at + 1)}`;
    notes.push('broken YAML');
  }
  return { text, notes };
}
