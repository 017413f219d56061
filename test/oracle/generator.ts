/**
 * A generator of Nodepool configs for the differential oracle: valid configs per driver, built by walking the
 * structure of Nodepool's schema (every key of every driver), with names drawn from shared pools so that the
 * cross-references (top-level labels, diskimages and their parents and `abstract`, provider diskimages and
 * cloud-images, metastatic backing labels) line up; then mutations (missing and extra keys, wrong types, every
 * YAML 1.1 scalar form, tags, merges and anchors, unicode, duplicates, `%(NODEPOOL_*)` placeholders, broken
 * references, JavaScript property names).
 *
 * A config is a tree of raw YAML pieces (scalars are kept as the text written), rendered to text; the shrinker
 * works on the tree. Whether a case is valid is not predicted here: upstream Nodepool decides.
 */
import { DRIVERS, diskimageSchema, nodepoolSchema } from '../../src/validate/nodepool-schema.js';
import type { Schema } from '../../src/config/schema.js';
import type { Rng } from './prng.js';

// ---- the tree ---------------------------------------------------------------------------------------------------

/** A scalar as written (plain, quoted or tagged), on one line. */
export interface GScalar {
  k: 's';
  t: string;
}
/** A block scalar (`|` or `>` with its chomping indicator) and its lines. */
export interface GBlock {
  k: 'b';
  head: string;
  lines: string[];
}
export interface GMap {
  k: 'm';
  e: Array<[string, GNode]>;
  flow?: boolean;
  anchor?: string;
  tag?: string;
}
export interface GSeq {
  k: 'q';
  i: GNode[];
  flow?: boolean;
  anchor?: string;
  tag?: string;
}
export interface GAlias {
  k: 'a';
  name: string;
}
export type GNode = GScalar | GBlock | GMap | GSeq | GAlias;

export interface Case {
  tree: GMap;
  env: Record<string, string>;
  /** `nodepool` (launcher) or `nodepool-builder`. */
  kind: 'nodepool' | 'nodepool-builder';
  /** What was done to the valid config, for the report. */
  notes: string[];
  /** Drivers of the providers. */
  drivers: string[];
}

const S = (t: string): GScalar => ({ k: 's', t });

// ---- rendering --------------------------------------------------------------------------------------------------

function props(n: GMap | GSeq): string {
  return [n.anchor ? `&${n.anchor}` : '', n.tag ?? ''].filter(Boolean).join(' ');
}

function flow(n: GNode): string {
  switch (n.k) {
    case 's':
      return n.t;
    case 'a':
      return `*${n.name}`;
    case 'b':
      return JSON.stringify(n.lines.join('\n'));
    case 'm': {
      const p = props(n);
      return `${p ? p + ' ' : ''}{${n.e.map(([k, v]) => `${k}: ${flow(v)}`).join(', ')}}`;
    }
    case 'q': {
      const p = props(n);
      return `${p ? p + ' ' : ''}[${n.i.map(flow).join(', ')}]`;
    }
  }
}

/** A value after `key:` or `- `: inline text, or a newline and a block at `indent`. */
function value(n: GNode, indent: number): string {
  switch (n.k) {
    case 's':
      return ' ' + n.t + '\n';
    case 'a':
      return ` *${n.name}\n`;
    case 'b':
      return ` ${n.head}\n${n.lines.map((l) => (l ? ' '.repeat(indent) + l : '')).join('\n')}\n`;
    case 'm':
    case 'q': {
      const p = props(n);
      const empty = n.k === 'm' ? n.e.length === 0 : n.i.length === 0;
      if (n.flow || empty) return ` ${flow(n)}\n`;
      return `${p ? ' ' + p : ''}\n${block(n, indent)}`;
    }
  }
}

function block(n: GMap | GSeq, indent: number): string {
  const pad = ' '.repeat(indent);
  if (n.k === 'm') return n.e.map(([k, v]) => `${pad}${k}:${value(v, indent + 2)}`).join('');
  return n.i.map((v) => `${pad}-${value(v, indent + 2)}`).join('');
}

export function render(c: Case): string {
  return block(c.tree, 0);
}

// ---- names and scalar forms -------------------------------------------------------------------------------------

const LABELS = ['small', 'large', 'debian-stretch', 'ubuntu', 'gpu-node'];
const DISKIMAGES = ['trusty', 'fedora', 'base-image', 'centos'];
const CLOUD_IMAGES = ['cirros', 'bionic', 'win2019'];
const POOLS = ['main', 'pool-b', 'zone_a'];
const PROVIDERS = ['cloud1', 'cloud-two', 'k8s', 'static-hosts', 'fake-provider'];

const STRINGS = [
  'abc',
  "'quoted'",
  '"double"',
  'with space',
  'ünïcødé',
  '"\\u00e9t\\u00e9"',
  'été',
  '日本語',
  '🚀',
  "'it''s'",
  '"a\\tb"',
  '/usr/local/bin/dib-ansible build.yaml',
  'x=1',
  'a # not a comment?',
  "'%(NODEPOOL_X)'",
  'http://example.com:8080/a',
];

/** Every YAML 1.1 scalar corner we know of, as PyYAML resolves them, to throw at any field. */
export const SCALAR_FORMS = [
  // booleans (and the words YAML 1.1 does not take as booleans)
  'true', 'false', 'True', 'FALSE', 'yes', 'No', 'ON', 'off', 'y', 'n', 'Y', 'N', 'yEs',
  // integers
  '0', '7', '-3', '+5', '010', '08', '0o17', '0x1F', '0X1f', '0b101', '1_000', '1__0', '_1', '1:30', '190:20:30', '-1:00',
  '0_7', '00', '9223372036854775808', '12345678901234567890123',
  // floats
  '1.0', '1.', '.5', '+.5', '-0.0', '1e3', '1.0e3', '1.0e+3', '1.0E-2', '1_0.5', '1:30.5', '.inf', '-.Inf', '+.INF',
  '.nan', '.NaN', 'nan', 'inf', '1.2.3', '0.1_',
  // null
  '~', 'null', 'Null', 'NULL', '',
  // timestamps
  '2020-01-01', '2020-1-1', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-12-14', '2020-13-45',
  // strings that look like something else
  "'5'", '"5"', "'true'", '"null"', '"1.5"', "''", '""', '=', '<<', '-', '?x', 'a:b', '0.5', '"0.5"', 'fast',
  // tags
  '!!str 5', '!!int "7"', '!!float 1', '!!bool yes', '!!null ""', '!!binary aGVsbG8=', '!!timestamp 2020-01-01',
  '!!str', '!!int 0x1F', '!!float "1"', '!custom x', '!!python/none ""',
  // unicode
  'é', '"\\u2028"', '"\\x41"', '"\\U0001F680"', 'ǅ',
];

export const JS_PROPERTY_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf'];

/** Keys Nodepool removed in v3 and keys of other drivers, offered as extra keys. */
const EXTRA_KEYS = [
  'cron', 'hostname-format', 'api-timeout', 'image', 'images', 'max-concurrency', 'networks', 'cloud', 'context',
  'region-name', 'ssh-port', 'shell-type', 'use-internal-ip', 'host-key-checking', 'max-servers', 'max-projects',
  'max-pods', 'rate', 'default-label-extra_resources', 'nodepool-id', 'zookeeper-servers', 'webapp', 'labels',
  'nothandled', 'Name', 'NAME', 'name ', 'priority', 'node-attributes', 'abstract', 'subnet', 'zone', ...JS_PROPERTY_NAMES,
];

// ---- schema walk ------------------------------------------------------------------------------------------------

/**
 * What a schema tree looks like to the generator: ours (its classes are not exported; their fields are public), or
 * upstream's as scripts/nodepool_schema.py reads it out of Nodepool's voluptuous schemas (the same shape).
 */
export interface AnySchemaShape {
  kind?: string;
  values?: ReadonlyArray<string | null>;
  pattern?: RegExp;
  item?: Schema | null;
  key?: Schema | null;
  value?: Schema | null;
  fields?: Record<string, { schema: Schema | AnySchemaShape; required?: boolean }>;
  options?: {
    exclusive?: string[][];
    atLeastOne?: string[][];
    extra?: { key: Schema | AnySchemaShape; value: Schema | AnySchemaShape };
    pick?: unknown;
  };
  branches?: Schema[];
}

/** Where the generator takes the keys and types from: our schema, or upstream Nodepool's. */
export interface SchemaSource {
  name: 'ours' | 'upstream';
  top: Record<string, { schema: Schema | AnySchemaShape }>;
  diskimage: Schema | AnySchemaShape;
  drivers: Record<string, Schema | AnySchemaShape>;
}

export const OUR_SCHEMA: SchemaSource = {
  name: 'ours',
  top: (nodepoolSchema as unknown as AnySchemaShape).fields!,
  diskimage: diskimageSchema,
  drivers: DRIVERS,
};

/** scripts/nodepool_schema.py's output. */
export interface UpstreamSchemaJson {
  top: UpstreamShape;
  drivers: Record<string, UpstreamShape>;
}
interface UpstreamShape {
  kind?: string;
  values?: Array<string | number | boolean | null>;
  fields?: Record<string, { schema: UpstreamShape; required: boolean }>;
  extra?: UpstreamShape | null;
  item?: UpstreamShape | null;
  key?: UpstreamShape | null;
  value?: UpstreamShape | null;
  branches?: UpstreamShape[];
}

/**
 * Upstream's schema as a generator source. Voluptuous does not say which keys exclude each other or which one of a
 * group a label needs (Nodepool's loader checks those): that much is borrowed from our schema where it has the same
 * object, so that most generated configs are valid upstream and a false rejection of ours shows.
 */
export function upstreamSchemaSource(json: UpstreamSchemaJson): SchemaSource {
  const convert = (up: UpstreamShape, ours: AnySchemaShape | undefined): AnySchemaShape => {
    if (up.kind !== undefined) return { kind: up.kind };
    if (up.values) return { values: up.values.map((x) => (x === null ? null : String(x))) };
    if (up.branches) return { branches: up.branches.map((b) => convert(b, undefined) as unknown as Schema) };
    if (up.fields) {
      const fields: Record<string, { schema: AnySchemaShape; required?: boolean }> = {};
      for (const [k, f] of Object.entries(up.fields)) {
        fields[k] = { schema: convert(f.schema, ours?.fields?.[k] ? sh(ours.fields[k].schema) : undefined), required: f.required };
      }
      const options: AnySchemaShape['options'] = {
        exclusive: ours?.options?.exclusive?.filter((g) => g.every((k) => k in fields)),
        atLeastOne: ours?.options?.atLeastOne?.filter((g) => g.every((k) => k in fields)),
        ...(up.extra ? { extra: { key: { kind: 'str' }, value: convert(up.extra, undefined) } } : {}),
      };
      return { fields, options };
    }
    if ('item' in up) return { item: up.item ? (convert(up.item, ours?.item ? sh(ours.item) : undefined) as unknown as Schema) : null };
    if ('key' in up) {
      return {
        key: up.key ? (convert(up.key, undefined) as unknown as Schema) : null,
        value: up.value ? (convert(up.value, ours?.value ? sh(ours.value) : undefined) as unknown as Schema) : null,
      };
    }
    return { kind: 'any' };
  };
  const top = convert(json.top, sh(nodepoolSchema));
  const diskimage = sh(top.fields!.diskimages.schema).item!;
  const drivers: Record<string, AnySchemaShape> = {};
  for (const [d, schema] of Object.entries(json.drivers)) drivers[d] = convert(schema, DRIVERS[d] ? sh(DRIVERS[d]) : undefined);
  return { name: 'upstream', top: top.fields!, diskimage, drivers };
}

interface GenContext {
  rng: Rng;
  depth: number;
  labels: string[];
  diskimages: string[];
  cloudImages: string[];
  /** The provider diskimages of the provider being generated. */
  providerDiskimages: string[];
  driver: string;
}

function intForm(rng: Rng): string {
  return rng.chance(0.8) ? String(rng.int(20)) : rng.pick(['0x10', '010', '1_0', '0b11', '1:00', '+4', 'true']);
}

function scalarFor(kind: string, path: string[], cx: GenContext): GScalar {
  const { rng } = cx;
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (kind === 'str') {
    if (last === 'name' && parent === 'labels') return S(rng.pick(cx.labels));
    if (last === 'name' && parent === 'diskimages') return S(rng.pick(cx.diskimages));
    if (last === 'name' && parent === 'cloud-images') return S(rng.pick(CLOUD_IMAGES));
    if (last === 'name' && parent === 'pools') return S(rng.pick(POOLS.filter((p) => cx.driver !== 'ibmvpc' || !p.startsWith('_'))));
    if (last === 'name' && parent === 'nodes') return S(rng.pick(['host1.example.com', 'host2', '192.0.2.10']));
    if (last === 'diskimage') {
      return S(rng.pick(cx.providerDiskimages.length && ['aws', 'azure', 'ibmvpc'].includes(cx.driver) ? cx.providerDiskimages : cx.diskimages));
    }
    if (last === 'parent') return S(rng.pick(cx.diskimages));
    if (last === 'cloud-image') return S(rng.pick(cx.cloudImages.length ? cx.cloudImages : CLOUD_IMAGES));
    if (last === 'backing-label') return S(rng.pick(cx.labels));
    if (last === 'labels' || parent === 'labels') return S(rng.pick(cx.labels));
    return S(rng.chance(0.7) ? rng.pick(['abc', 'value-1', 'us-east-1', 'ssh', 'm5.large']) : rng.pick(STRINGS));
  }
  switch (kind) {
    case 'int':
      return S(intForm(rng));
    case 'float':
      return S(rng.pick(['1.0', '10.0', '0.5', '2.5']));
    case 'bool':
      return S(rng.pick(['true', 'false', 'yes', 'no', 'True', 'off']));
    case 'coerce-float':
      return S(rng.pick(['1.0', '0.5', '2', "'0.25'", '"3"', 'true']));
    case 'number':
      return S(rng.pick(['1', '0.5', '2.0', '3']));
    default:
      return S('x');
  }
}

function sh(s: Schema | AnySchemaShape): AnySchemaShape {
  return s as unknown as AnySchemaShape;
}

function gen(schema: Schema | AnySchemaShape, path: string[], cx: GenContext): GNode {
  const s = sh(schema);
  const rng = cx.rng;
  if (s.kind !== undefined) return scalarFor(s.kind, path, cx);
  if (s.values) {
    const v = rng.pick(s.values);
    return S(v === null ? rng.pick(['null', '~', '']) : v);
  }
  if (s.pattern) return S(rng.pick(['main', 'pool-b', 'a_b']));
  if (s.branches) {
    const i = rng.int(s.branches.length);
    return gen(s.branches[i], path, cx);
  }
  if (s.fields) return genObject(s, path, cx);
  if ('item' in s) {
    if (path[path.length - 1] === 'labels' && path.includes('nodes')) {
      // static node labels: a list or a whitespace-separated string
      return rng.chance(0.3) ? S(rng.pick(cx.labels)) : { k: 'q', i: [S(rng.pick(cx.labels))] };
    }
    const n = cx.depth > 6 ? 0 : path[path.length - 1] === 'providers' ? 1 + rng.int(2) : rng.int(3);
    const items: GNode[] = [];
    for (let i = 0; i < n; i++) {
      items.push(s.item ? gen(s.item, path, { ...cx, depth: cx.depth + 1 }) : anyValue(rng));
    }
    return { k: 'q', i: items, flow: rng.chance(0.05) };
  }
  if ('key' in s) {
    const n = rng.int(3);
    const e: Array<[string, GNode]> = [];
    for (let i = 0; i < n; i++) {
      const key = rng.pick(['a', 'zuul', 'team', 'gpu', 'nvidia.com/gpu', 'KEY_1', 'ünï']);
      e.push([key, s.value ? gen(s.value, [...path, key], cx) : anyValue(rng)]);
    }
    return { k: 'm', e, flow: rng.chance(0.1) };
  }
  return anyValue(rng);
}

function anyValue(rng: Rng): GNode {
  const r = rng.int(4);
  if (r === 0) return { k: 'm', e: [['a', S('1')]] };
  if (r === 1) return { k: 'q', i: [S('x')] };
  return S(rng.pick(['abc', '1', 'true', '1.5']));
}

function genObject(s: AnySchemaShape, path: string[], cx: GenContext): GMap {
  const rng = cx.rng;
  const fields = s.fields!;
  const names = Object.keys(fields);
  const chosen = new Set(names.filter((k) => fields[k].required));
  for (const k of names) if (!chosen.has(k) && rng.chance(cx.depth > 4 ? 0.12 : 0.25)) chosen.add(k);
  for (const group of s.options?.exclusive ?? []) {
    const present = group.filter((k) => chosen.has(k));
    for (const k of present.slice(1)) chosen.delete(k);
  }
  for (const group of s.options?.atLeastOne ?? []) {
    if (!group.some((k) => chosen.has(k))) {
      // keep exclusivity: pick one member not excluded by an already chosen one
      const blocked = new Set((s.options?.exclusive ?? []).filter((g) => g.some((k) => chosen.has(k))).flat());
      const free = group.filter((k) => !blocked.has(k));
      chosen.add(rng.pick(free.length ? free : group));
    }
  }
  // `name` first, as people write it.
  const order = names.filter((k) => chosen.has(k)).sort((a, b) => (a === 'name' ? -1 : b === 'name' ? 1 : 0));
  const e: Array<[string, GNode]> = [];
  for (const k of order) e.push([k, gen(fields[k].schema, [...path, k], { ...cx, depth: cx.depth + 1 })]);
  if (s.options?.extra && rng.chance(0.3)) e.push(['max-volumes', S(intForm(rng))]);
  return { k: 'm', e };
}

// ---- a whole config ---------------------------------------------------------------------------------------------

export const GENERATED_DRIVERS = [
  'openstack', 'aws', 'azure', 'gce', 'ibmvpc', 'kubernetes', 'openshift', 'openshiftpods', 'static', 'metastatic',
  // Nodepool's own test drivers: config-validate accepts them too.
  'example', 'test',
] as const;

function scalarText(n: GNode | undefined): string | undefined {
  return n?.k === 's' ? n.t : undefined;
}

function entry(m: GMap, key: string): GNode | undefined {
  return m.e.find(([k]) => k === key)?.[1];
}

/** A valid-looking config with one to three providers, its keys and types from `source`. */
export function generateConfig(rng: Rng, source: SchemaSource = OUR_SCHEMA): Case {
  const labels = LABELS.filter(() => rng.chance(0.6));
  if (!labels.length) labels.push(rng.pick(LABELS));
  const diskimages = DISKIMAGES.filter(() => rng.chance(0.5));
  const cx: GenContext = { rng, depth: 0, labels, diskimages, cloudImages: [], providerDiskimages: [], driver: '' };
  const tree: GMap = { k: 'm', e: [] };
  const drivers: string[] = [];

  // Top-level settings of the schema, a few at a time.
  const top = source.top;
  for (const k of ['webapp', 'elements-dir', 'images-dir', 'build-log-dir', 'build-log-retention', 'zookeeper-servers',
    'zookeeper-tls', 'zookeeper-timeout', 'max-hold-age', 'tenant-resource-limits']) {
    if (rng.chance(0.12)) tree.e.push([k, gen(top[k].schema, [k], cx)]);
  }
  if (rng.chance(0.9)) {
    tree.e.push(['labels', {
      k: 'q',
      i: labels.map((l) => {
        const m: GMap = { k: 'm', e: [['name', S(l)]] };
        if (rng.chance(0.4)) m.e.push(['min-ready', S(intForm(rng))]);
        if (rng.chance(0.1)) m.e.push(['max-ready-age', S(intForm(rng))]);
        return m;
      }),
    }]);
  }
  if (diskimages.length) {
    const items: GMap[] = [];
    diskimages.forEach((d, i) => {
      const m = genObject(sh(source.diskimage), ['diskimages'], { ...cx, depth: 2 });
      m.e = m.e.filter(([k]) => k !== 'name' && k !== 'parent' && k !== 'abstract');
      m.e.unshift(['name', S(d)]);
      // Parents point back (a forest); an abstract image is only a parent.
      if (i > 0 && rng.chance(0.35)) m.e.push(['parent', S(diskimages[rng.int(i)])]);
      if (rng.chance(0.2)) m.e.push(['abstract', S(rng.pick(['true', 'false', 'yes']))]);
      items.push(m);
    });
    tree.e.push(['diskimages', { k: 'q', i: items }]);
  }

  const providers: GMap[] = [];
  const n = 1 + (rng.chance(0.25) ? 1 : 0);
  for (let i = 0; i < n; i++) {
    const driver = rng.pick(GENERATED_DRIVERS);
    drivers.push(driver);
    const pcx: GenContext = {
      ...cx,
      depth: 1,
      driver,
      cloudImages: CLOUD_IMAGES.filter(() => rng.chance(0.5)),
      providerDiskimages: diskimages.filter(() => rng.chance(0.7)),
    };
    const p = genObject(sh(source.drivers[driver]), ['providers'], pcx);
    p.e = p.e.filter(([k]) => k !== 'name' && k !== 'driver');
    const nm = PROVIDERS.filter((x) => !x.startsWith('fake'))[i % 4] + (i ? `-${i}` : '');
    p.e.unshift(['name', S(nm)]);
    if (driver !== 'openstack' || rng.chance(0.5)) p.e.splice(1, 0, ['driver', S(driver)]);
    // The provider's own image lists, named after what its labels use.
    setImages(p, driver, rng);
    providers.push(p);
  }
  tree.e.push(['providers', { k: 'q', i: providers }]);
  if (rng.chance(0.1)) shuffle(tree.e, rng);
  return { tree, env: {}, kind: rng.chance(0.7) ? 'nodepool' : 'nodepool-builder', notes: [`keys from ${source.name} schema`], drivers };
}

function shuffle<T>(xs: T[], rng: Rng): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}

/** Make the provider's `cloud-images` and `diskimages` define what its labels refer to (most of the time). */
function setImages(p: GMap, driver: string, rng: Rng): void {
  const usedCloud = new Set<string>();
  const usedDisk = new Set<string>();
  walk(p, [], (node, path) => {
    const last = path[path.length - 1];
    if (node.k === 's' && last === 'cloud-image') usedCloud.add(node.t);
    if (node.k === 's' && last === 'diskimage') usedDisk.add(node.t);
  });
  const ci = entry(p, 'cloud-images');
  if (ci?.k === 'q' && rng.chance(0.9)) {
    const have = new Set(ci.i.map((x) => (x.k === 'm' ? scalarText(entry(x, 'name')) : undefined)));
    const tpl = ci.i.find((x): x is GMap => x.k === 'm');
    for (const c of usedCloud) {
      if (!have.has(c) && tpl) ci.i.push({ ...tpl, e: tpl.e.map(([k, v]) => [k, k === 'name' ? S(c) : v] as [string, GNode]) });
    }
  }
  if (['openstack', 'aws', 'azure', 'ibmvpc'].includes(driver) && rng.chance(0.9)) {
    const di = entry(p, 'diskimages');
    if (di?.k === 'q') {
      const have = new Set(di.i.map((x) => (x.k === 'm' ? scalarText(entry(x, 'name')) : undefined)));
      const tpl = di.i.find((x): x is GMap => x.k === 'm');
      for (const d of usedDisk) {
        if (!have.has(d) && tpl) di.i.push({ ...tpl, e: tpl.e.map(([k, v]) => [k, k === 'name' ? S(d) : v] as [string, GNode]) });
      }
    }
  }
}

// ---- walking and editing the tree -------------------------------------------------------------------------------

type Visit = (node: GNode, path: string[], parent: GMap | GSeq | undefined, index: number) => void;

export function walk(node: GNode, path: string[], fn: Visit, parent?: GMap | GSeq, index = 0): void {
  fn(node, path, parent, index);
  if (node.k === 'm') node.e.forEach(([k, v], i) => walk(v, [...path, k], fn, node, i));
  if (node.k === 'q') node.i.forEach((v, i) => walk(v, path, fn, node, i));
}

interface Slot {
  node: GNode;
  path: string[];
  parent: GMap | GSeq | undefined;
  index: number;
}

function slots(tree: GMap): Slot[] {
  const out: Slot[] = [];
  walk(tree, [], (node, path, parent, index) => out.push({ node, path, parent, index }));
  return out;
}

function replace(s: Slot, n: GNode): void {
  if (!s.parent) return;
  if (s.parent.k === 'm') s.parent.e[s.index] = [s.parent.e[s.index][0], n];
  else s.parent.i[s.index] = n;
}

export function clone<T>(x: T): T {
  return structuredClone(x);
}

let anchorCount = 0;

/** One random mutation; returns what it did. */
function mutate(c: Case, rng: Rng): string {
  const all = slots(c.tree);
  const maps = all.filter((s): s is Slot & { node: GMap } => s.node.k === 'm');
  const scalars = all.filter((s) => s.node.k === 's' && s.parent);
  const op = rng.int(19);
  switch (op) {
    case 0:
    case 1: {
      // remove a key
      const m = rng.pick(maps).node;
      if (!m.e.length) return 'noop';
      const i = rng.int(m.e.length);
      const k = m.e[i][0];
      m.e.splice(i, 1);
      return `remove ${k}`;
    }
    case 2: {
      // an extra key
      const m = rng.pick(maps).node;
      const k = rng.pick(EXTRA_KEYS);
      m.e.push([k.includes(' ') ? JSON.stringify(k) : k, rng.chance(0.5) ? S(rng.pick(['abc', '1', 'true'])) : anyValue(rng)]);
      return `extra key ${k}`;
    }
    case 3:
    case 4:
    case 5: {
      // any YAML 1.1 scalar form in place of a scalar
      if (!scalars.length) return 'noop';
      const s = rng.pick(scalars);
      const t = rng.pick(SCALAR_FORMS);
      replace(s, S(t));
      return `scalar ${s.path.join('.')} = ${t}`;
    }
    case 6: {
      // a collection for a scalar or the other way round
      const s = rng.pick(all.filter((x) => x.parent));
      if (!s) return 'noop';
      const n: GNode = s.node.k === 's' ? (rng.chance(0.5) ? { k: 'q', i: [s.node] } : { k: 'm', e: [['a', s.node]] }) : S(rng.pick(['x', '', '1', 'null']));
      replace(s, n);
      return `retype ${s.path.join('.')}`;
    }
    case 7: {
      // duplicate key (PyYAML: last wins)
      const m = rng.pick(maps).node;
      if (!m.e.length) return 'noop';
      const [k, v] = rng.pick(m.e);
      const dup: GNode = rng.chance(0.5) ? clone(v) : S(rng.pick(['abc', '1', 'true', '']));
      m.e.splice(rng.int(m.e.length + 1), 0, [k, dup]);
      return `duplicate key ${k}`;
    }
    case 8: {
      // anchor and merge: a later mapping merges an earlier one
      if (maps.length < 3) return 'noop';
      const i = 1 + rng.int(maps.length - 1);
      const j = 1 + rng.int(maps.length - 1);
      const [a, b] = i < j ? [maps[i], maps[j]] : [maps[j], maps[i]];
      if (a === b || contains(a.node, b.node) || contains(b.node, a.node)) return 'noop';
      const name = a.node.anchor ?? `a${++anchorCount}`;
      a.node.anchor = name;
      if (a.node.flow) a.node.flow = false;
      if (rng.chance(0.5)) {
        // replace b's content by the merge, keeping a few of b's keys as overrides
        b.node.e = [['<<', { k: 'a', name }], ...b.node.e.filter(() => rng.chance(0.3))];
      } else b.node.e.unshift(['<<', rng.chance(0.8) ? { k: 'a', name } : { k: 'q', i: [{ k: 'a', name }], flow: true }]);
      return `merge <<: *${name} into ${b.path.join('.')}`;
    }
    case 9: {
      // alias: reuse an earlier node as a value
      if (maps.length < 3) return 'noop';
      const a = rng.pick(maps.slice(1));
      const later = all.filter((s) => s.parent && s.node.k === 's' && !contains(a.node, s.node));
      if (!later.length) return 'noop';
      const s = rng.pick(later);
      // only after the anchor in document order
      if (all.indexOf(s) < all.indexOf(a)) return 'noop';
      a.node.anchor = a.node.anchor ?? `a${++anchorCount}`;
      a.node.flow = false;
      replace(s, { k: 'a', name: a.node.anchor });
      return `alias *${a.node.anchor} at ${s.path.join('.')}`;
    }
    case 10: {
      // driver names, including JavaScript property names
      const providers = maps.filter((m) => m.path.length === 1 && m.path[0] === 'providers');
      if (!providers.length) return 'noop';
      const p = rng.pick(providers).node;
      const d = rng.pick([...GENERATED_DRIVERS, 'fake', 'test', 'example', 'Openstack', 'k8s', ...JS_PROPERTY_NAMES, '', '1', 'null']);
      const i = p.e.findIndex(([k]) => k === 'driver');
      if (i >= 0) p.e[i] = ['driver', S(d)];
      else p.e.push(['driver', S(d)]);
      return `driver ${d}`;
    }
    case 11: {
      // a provider named fake*: Nodepool uses its fake (OpenStack) driver whatever `driver:` says
      const providers = maps.filter((m) => m.path.length === 1 && m.path[0] === 'providers');
      if (!providers.length) return 'noop';
      const p = rng.pick(providers).node;
      const i = p.e.findIndex(([k]) => k === 'name');
      const nm = rng.pick(['fake-cloud', 'fake', 'fakeprovider', 'Fake-x']);
      if (i >= 0) p.e[i] = ['name', S(nm)];
      return `provider name ${nm}`;
    }
    case 12: {
      // flow or block style
      const cols = all.filter((s) => (s.node.k === 'm' || s.node.k === 'q') && s.parent);
      if (!cols.length) return 'noop';
      const s = rng.pick(cols);
      const n = s.node as GMap | GSeq;
      n.flow = !n.flow;
      return `flow ${s.path.join('.')}`;
    }
    case 13: {
      // %(NODEPOOL_*) placeholders, set in the environment or not
      if (!scalars.length) return 'noop';
      const s = rng.pick(scalars);
      const name = rng.pick(['NODEPOOL_PORT', 'NODEPOOL_X', 'NODEPOOL_', 'OTHER_VAR', 'nodepool_low']);
      const form = rng.pick([`%(${name})`, `"%(${name})"`, `'%(${name})'`, `pre-%(${name})-post`, `"a%(${name})"`]);
      replace(s, S(form));
      if (rng.chance(0.6)) {
        c.env[name] = rng.pick(['8005', 'abc', 'x y', "'q'", '{a: 1}', '', '%(NODEPOOL_X)', '1.5', 'yes', '"', '[1, 2]', 'é']);
      }
      if (rng.chance(0.25)) {
        // A value naming another variable: Nodepool replaces one variable after the other, in environment order.
        const value = rng.pick(['8005', 'abc', '%(NODEPOOL_PORT)']);
        // Object keys keep their first insertion's place: delete both to set the order.
        delete c.env[name];
        delete c.env.NODEPOOL_CHAIN;
        if (rng.chance(0.5)) {
          c.env[name] = '%(NODEPOOL_CHAIN)';
          c.env.NODEPOOL_CHAIN = value;
        } else {
          c.env.NODEPOOL_CHAIN = value;
          c.env[name] = '%(NODEPOOL_CHAIN)';
        }
      }
      return `placeholder ${form} env=${JSON.stringify(c.env)}`;
    }
    case 14: {
      // unicode keys and values
      if (!scalars.length) return 'noop';
      const s = rng.pick(scalars);
      replace(s, S(rng.pick(['ünïcødé', '"\\u00e9"', '日本', '🚀', 'Ω', '"\\u0000"', '"\\ufeff"', 'a\u00a0b'])));
      return `unicode at ${s.path.join('.')}`;
    }
    case 15: {
      // break or bend a cross-reference
      const refs = all.filter((s) => s.node.k === 's' && ['name', 'diskimage', 'cloud-image', 'parent', 'backing-label', 'labels'].includes(s.path[s.path.length - 1] ?? ''));
      if (!refs.length) return 'noop';
      const s = rng.pick(refs);
      const v = rng.pick([...LABELS, ...DISKIMAGES, ...CLOUD_IMAGES, 'missing', 'Small']);
      replace(s, S(v));
      return `reference ${s.path.join('.')} = ${v}`;
    }
    case 16: {
      // duplicate a list item (duplicate diskimages, labels, providers, pools)
      const seqs = all.filter((s): s is Slot & { node: GSeq } => s.node.k === 'q' && s.node.i.length > 0);
      if (!seqs.length) return 'noop';
      const q = rng.pick(seqs).node;
      q.i.push(clone(rng.pick(q.i)));
      stripAnchors(q.i[q.i.length - 1]);
      return 'duplicate item';
    }
    case 17: {
      // block scalars
      if (!scalars.length) return 'noop';
      const s = rng.pick(scalars);
      const head = rng.pick(['|', '>', '|-', '>+', '|2']);
      replace(s, { k: 'b', head, lines: rng.pick([['abc'], ['line1', 'line2'], ['5'], ['']]) });
      return `block scalar ${head} at ${s.path.join('.')}`;
    }
    default: {
      // non-string keys, tags on collections
      const m = rng.pick(maps);
      if (rng.chance(0.5)) {
        const k = rng.pick(['1', 'true', 'null', '~', '1.5', '? [a, b]', '"name"', "'name'", '!!str name', '2020-01-01']);
        m.node.e.push([k, S('x')]);
        return `key ${k}`;
      }
      const cols = all.filter((s) => (s.node.k === 'm' || s.node.k === 'q') && s.parent);
      if (!cols.length) return 'noop';
      const s = rng.pick(cols);
      const n = s.node as GMap | GSeq;
      n.tag = n.k === 'm' ? rng.pick(['!!map', '!!set', '!!omap']) : rng.pick(['!!seq', '!!omap', '!!pairs', '!!set']);
      return `tag ${n.tag} at ${s.path.join('.')}`;
    }
  }
}

function stripAnchors(n: GNode): void {
  walk(n, [], (x) => {
    if (x.k === 'm' || x.k === 'q') delete x.anchor;
  });
}

function contains(outer: GNode, inner: GNode): boolean {
  let found = false;
  walk(outer, [], (x) => {
    if (x === inner) found = true;
  });
  return found;
}

/** A case: a valid-looking config, then (most of the time) one to three mutations. */
export function generateCase(rng: Rng, source: SchemaSource = OUR_SCHEMA): Case {
  const c = generateConfig(rng, source);
  const r = rng.next();
  const count = r < 0.3 ? 0 : r < 0.75 ? 1 : r < 0.92 ? 2 : 3;
  for (let i = 0; i < count; i++) c.notes.push(mutate(c, rng));
  return c;
}

// ---- shrinking --------------------------------------------------------------------------------------------------

/** Smaller versions of a case, simplest first: drop a key or item, empty or simplify a value, drop env. */
export function* shrinkCandidates(c: Case): Generator<Case> {
  const all = slots(c.tree);
  // drop whole subtrees first, biggest first
  const bySize = all
    .map((s, i) => ({ s, i, size: size(s.node) }))
    .sort((a, b) => b.size - a.size);
  for (const { i } of bySize) {
    const copy = clone(c);
    const s = slots(copy.tree)[i];
    if (!s.parent) continue;
    if (s.parent.k === 'm') s.parent.e.splice(s.index, 1);
    else s.parent.i.splice(s.index, 1);
    yield copy;
  }
  for (const [i, s] of all.entries()) {
    if (!s.parent) continue;
    if (s.node.k === 'm' || s.node.k === 'q') {
      const copy = clone(c);
      const t = slots(copy.tree)[i];
      const n = t.node as GMap | GSeq;
      if (n.flow || n.tag || n.anchor) {
        // plain block style and no tag, keeping the anchor only if an alias needs it
        const simpler = clone(n);
        simpler.flow = false;
        delete simpler.tag;
        if (simpler.anchor && !render(copy).includes(`*${simpler.anchor}`)) delete simpler.anchor;
        if (JSON.stringify(simpler) !== JSON.stringify(n)) {
          replace(t, simpler);
          yield copy;
        }
      }
    } else if (s.node.k === 's' && s.node.t !== 'x') {
      const copy = clone(c);
      replace(slots(copy.tree)[i], S('x'));
      yield copy;
    }
  }
  for (const k of Object.keys(c.env)) {
    const copy = clone(c);
    delete copy.env[k];
    yield copy;
  }
}

function size(n: GNode): number {
  let count = 0;
  walk(n, [], () => count++);
  return count;
}
