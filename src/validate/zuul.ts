/**
 * Zuul's config in the config repo (`zuul.yaml`, `zuul.d/`, `.zuul.yaml`, `.zuul.d/`), read as Zuul reads it, and
 * checked against Nodepool's labels.
 *
 * Reading follows zuul.configloader (Zuul 14): its loader is libyaml's CSafeLoader with constructors for
 * `!encrypted/pkcs1-oaep`, `!override` and `!inherit`, and it refuses a mapping key written twice (compared as
 * written, `<<` aside). A file is one document holding a list of one-key mappings (`- job: {…}`) of the types
 * model.UnparsedConfig knows; the first item that is not stops the file, the items before it are kept. A nodeset is
 * checked with NodeSetParser's schema and its loader's checks (no node or group named localhost, no node or group
 * twice, groups name nodes of the nodeset); of a job, its `name` and `nodeset` (a nodeset's name, or an inline
 * nodeset checked as an anonymous one). Jobs of project and project-template pipelines may set a nodeset too.
 *
 * Then, against Nodepool (validateZuulLabels): every label a nodeset or job asks for must be offered by a provider
 * pool (or a Zuul `label` of zuul-launcher); a label this change removes from Nodepool while nodesets still use it
 * names the jobs; a label offered that no nodeset uses is a notice; a nodeset a job names that no nodeset of the repo
 * defines is a warning. Pure.
 */
import type { Diagnostic, RelatedLocation } from '../core/diagnostic.js';
import { closestWord, didYouMean } from '../core/suggest.js';
import type { RepoFile } from '../config/repo.js';
import { positionOf, readOnce } from '../config/source.js';
import type { SourceFile } from '../config/source.js';
import { parseYaml, resolvePlain } from '../config/yaml.js';
import type { ParsedYaml, YMap, YNode, YPair, YScalar } from '../config/yaml.js';
import { list, object, required, str, union } from '../config/schema.js';
import type { CheckContext, Schema } from '../config/schema.js';
import type { NodepoolModel, PoolLabel } from './nodepool.js';

/** The local tags Zuul's loader constructs (zuul.lib.yamlutil.EncryptedLoader). */
export const ZUUL_LOCAL_TAGS: ReadonlySet<string> = new Set(['!encrypted/pkcs1-oaep', '!override', '!inherit']);

/** model.UnparsedConfig's item types. */
export const ZUUL_ITEM_TYPES: ReadonlySet<string> = new Set([
  'project', 'job', 'project-template', 'pipeline', 'nodeset', 'secret', 'semaphore', 'queue', 'pragma', 'image', 'flavor',
  'label', 'section', 'provider',
]);

/** A label a nodeset or job asks for, where. */
export interface LabelUse {
  label: string;
  file: string;
  line: number;
  column: number;
}

export interface ZuulNodeset {
  name: string;
  file: string;
  line: number;
  column: number;
  /** The labels its nodes ask for (of its inline alternatives too). */
  labels: LabelUse[];
  /** Alternatives given by name. */
  alternatives: Array<{ name: string; file: string; line: number; column: number }>;
}

export interface ZuulJob {
  /** The job's name; for a job of a project pipeline, `<project> <pipeline>: <job>`. */
  name: string;
  file: string;
  line: number;
  column: number;
  /** A nodeset named (its position), or an inline nodeset (what it asks for), or none. */
  nodeset?: { ref: string; line: number; column: number } | { inline: ZuulNodeset };
}

/** What one file holds, as Zuul loads it: the valid nodesets and jobs in order (the differential test compares these). */
export interface ZuulFileModel {
  file: string;
  /** False when Zuul refuses the whole file (YAML, a duplicate key, not a list, several documents). */
  loaded: boolean;
  nodesets: Array<{ valid: boolean; nodeset?: ZuulNodeset }>;
  jobs: Array<{ valid: boolean; job?: ZuulJob }>;
  /** Jobs set in project and project-template pipelines with a nodeset. */
  variants: ZuulJob[];
  /** zuul-launcher `label` items: labels Zuul itself offers. */
  zuulLabels: LabelUse[];
}

export interface ZuulModel {
  files: ZuulFileModel[];
}

type Push = (offset: number, rule: Diagnostic['rule'], message: string, hint?: string) => void;

// ---------------------------------------------------------------------------------------------------------------
// NodeSetParser.getSchema

const toList = (s: Schema): Schema => union([list(s), s], { pick: (n) => (n?.kind === 'seq' ? 0 : 1) });
const node = object({ name: required(toList(str())), label: required(str()) });
const group = object({ name: required(str()), nodes: required(toList(str())) });
const realFields = { nodes: required(toList(node)), groups: toList(group) };
const realNodeset = object(realFields);
const altFields = { alternatives: required(list(union([realNodeset, str()], { pick: (n) => (n?.kind === 'map' ? 0 : 1) }))) };
const pickNodeset = (n: YNode | null): number => (n?.kind === 'map' && n.byKey.has('alternatives') ? 1 : 0);
const nodesetSchemas = {
  named: union([object({ name: required(str()), ...realFields }), object({ name: required(str()), ...altFields })], { pick: pickNodeset }),
  anonymous: union([object(realFields), object(altFields)], { pick: pickNodeset }),
};

// ---------------------------------------------------------------------------------------------------------------
// Reading

const isStr = (n: YNode | undefined | null): n is YScalar => n?.kind === 'scalar' && n.tag === 'str' && n.localTag === undefined;
const strOf = (n: YNode | undefined | null): string | undefined => (isStr(n) ? (n.value as string) : undefined);
/** A Python dict: a mapping that is neither a `!!set` nor one of Zuul's tagged objects. */
const isDict = (n: YNode | undefined | null): n is YMap => n?.kind === 'map' && n.pyType === undefined && n.localTag === undefined;
/** zuul.configloader.as_list: a falsy value is no items, a list its items, anything else one item. */
function asList(n: YNode | undefined | null): YNode[] {
  if (!n) return [];
  if (n.kind === 'seq') return n.items;
  if (n.kind === 'map') return n.pairs.length ? [n] : [];
  if (n.value === null || n.value === false || n.value === 0 || n.value === '') return [];
  return [n];
}

/** The first node of the subtree with one of Zuul's tags: a value no schema of a nodeset accepts. */
function taggedIn(n: YNode, seen = new Set<YNode>()): YNode | undefined {
  if (seen.has(n)) return undefined;
  seen.add(n);
  if (n.localTag !== undefined) return n;
  if (n.kind === 'seq') for (const i of n.items) { const t = taggedIn(i, seen); if (t) return t; }
  if (n.kind === 'map') for (const p of n.pairs) { const t = taggedIn(p.key, seen) ?? taggedIn(p.value, seen); if (t) return t; }
  return undefined;
}

interface Reader {
  source: SourceFile;
  push: Push;
  diagnostics: Diagnostic[];
}

const posOf = (r: Reader, offset: number): { line: number; column: number } => positionOf(r.source, offset);

/** NodeSetParser.fromYaml: the schema, then loadNodeset / loadAlternatives. Undefined when Zuul refuses it. */
function readNodeset(r: Reader, conf: YMap, anonymous: boolean): ZuulNodeset | undefined {
  const tagged = taggedIn(conf);
  if (tagged) {
    r.push(tagged.offset, 'zuul/type', `a nodeset cannot hold a \`${tagged.localTag}\` value`, 'Remove the tag: a nodeset is plain strings, lists and mappings.');
    return undefined;
  }
  const cx: CheckContext<'zuul'> = { source: r.source, diagnostics: r.diagnostics, rulePrefix: 'zuul', where: [] };
  if (!(anonymous ? nodesetSchemas.anonymous : nodesetSchemas.named).check(conf, cx, [], conf.offset)) return undefined;
  const name = strOf(conf.byKey.get('name')?.value) ?? '';
  const at = posOf(r, conf.offset);
  const ns: ZuulNodeset = { name, file: r.source.path, ...at, labels: [], alternatives: [] };
  const alternatives = conf.byKey.get('alternatives')?.value;
  if (alternatives?.kind === 'seq') {
    for (const alt of alternatives.items) {
      if (isStr(alt)) ns.alternatives.push({ name: alt.value as string, file: r.source.path, ...posOf(r, alt.offset) });
      else if (isDict(alt) && !loadNodes(r, alt, ns, anonymous ? 'the nodeset' : `the nodeset "${name}"`)) return undefined;
    }
    return ns;
  }
  return loadNodes(r, conf, ns, anonymous ? 'the nodeset' : `the nodeset "${name}"`) ? ns : undefined;
}

/** loadNodeset's checks on nodes and groups; the labels asked for go into `ns`. */
function loadNodes(r: Reader, conf: YMap, ns: ZuulNodeset, what: string): boolean {
  const nodeNames = new Set<string>();
  for (const n of asList(conf.byKey.get('nodes')?.value)) {
    if (!isDict(n)) continue;
    const nameNode = n.byKey.get('name')!.value;
    const names = asList(nameNode).map((x) => String((x as YScalar).value));
    if (names.includes('localhost')) {
      r.push(nameNode.offset, 'zuul/localhost', `${what}: a node named localhost`, 'Zuul refuses nodes named `localhost`: rename it.');
      return false;
    }
    for (const nn of names) {
      if (nodeNames.has(nn)) {
        r.push(nameNode.offset, 'zuul/duplicate-node', `${what}: the node name "${nn}" is used twice`, 'Give each node its own name.');
        return false;
      }
    }
    const label = n.byKey.get('label')!.value as YScalar;
    ns.labels.push({ label: label.value as string, file: r.source.path, ...posOf(r, label.offset) });
    for (const nn of names) nodeNames.add(nn);
  }
  const groupNames = new Set<string>();
  for (const g of asList(conf.byKey.get('groups')?.value)) {
    if (!isDict(g)) continue;
    const gname = g.byKey.get('name')!.value as YScalar;
    const gn = gname.value as string;
    if (gn.includes('localhost')) {
      r.push(gname.offset, 'zuul/localhost', `${what}: the group "${gn}" has localhost in its name`, 'Zuul refuses a group whose name contains `localhost`: rename it.');
      return false;
    }
    for (const member of asList(g.byKey.get('nodes')!.value)) {
      const m = String((member as YScalar).value);
      if (!nodeNames.has(m)) {
        r.push(member.offset, 'zuul/group-node', `${what}: the group "${gn}" names the node "${m}", which the nodeset does not have`,
          nodeNames.size ? `The nodes are: ${[...nodeNames].join(', ')}.` : 'Add the node to `nodes:`.');
        return false;
      }
    }
    if (groupNames.has(gn)) {
      r.push(gname.offset, 'zuul/duplicate-group', `${what}: the group "${gn}" is defined twice`, 'Merge the two groups.');
      return false;
    }
    groupNames.add(gn);
  }
  return true;
}

/** A job's `name` and `nodeset` as JobParser reads them (`nodeset: vs.Any(dict, str)`; a dict is an anonymous nodeset). */
function readJob(r: Reader, conf: YMap, name: string | undefined, nameOffset: number): ZuulJob | undefined {
  if (name === undefined) {
    const n = conf.byKey.get('name');
    if (!n) {
      r.push(conf.offset, 'zuul/required', 'the job has no `name`', 'Add `name:`.');
      return undefined;
    }
    if (!isStr(n.value)) {
      r.push(n.value.offset, 'zuul/type', '`name` must be a string', 'Quote the value to make it a string.');
      return undefined;
    }
    name = n.value.value as string;
    nameOffset = n.value.offset;
  }
  const job: ZuulJob = { name, file: r.source.path, ...posOf(r, nameOffset) };
  const pair = conf.byKey.get('nodeset');
  if (!pair) return job;
  const v = pair.value;
  if (isStr(v)) job.nodeset = { ref: v.value as string, ...posOf(r, v.offset) };
  else if (isDict(v)) {
    const inline = readNodeset(r, v, true);
    if (!inline) return undefined;
    inline.name = '';
    job.nodeset = { inline };
  } else {
    r.push(v.offset, 'zuul/type', `job "${name}": \`nodeset\` must be a nodeset's name or a nodeset (a mapping with \`nodes\`)`,
      v.localTag ? `Remove \`${v.localTag}\`: Zuul's job schema takes only a string or a mapping here.` : 'Write the nodeset\'s name, or `nodes:` with the nodes.');
    return undefined;
  }
  return job;
}

/** The jobs of a project's or project-template's pipelines that set a nodeset (job variants). */
function readVariants(r: Reader, kind: string, conf: YMap): ZuulJob[] {
  const out: ZuulJob[] = [];
  const owner = strOf(conf.byKey.get('name')?.value) ?? kind;
  for (const p of conf.pairs) {
    if (!isDict(p.value)) continue;
    const jobs = p.value.byKey.get('jobs')?.value;
    for (const item of asList(jobs)) {
      if (!isDict(item) || item.pairs.length !== 1) continue;
      const [only] = item.pairs;
      const attrs = only.value;
      if (only.name === undefined || !isDict(attrs) || !attrs.byKey.has('nodeset')) continue;
      // Zuul refuses the project's config when the nodeset is not one: said, positioned.
      const job = readJob(r, attrs, `${owner} ${p.name ?? '?'}: ${only.name}`, only.key.offset);
      if (job) out.push(job);
    }
  }
  return out;
}

/** ZuulSafeLoader's reading of a file, and the keys written twice in one mapping (which it refuses). */
function readZuulYaml(source: SourceFile): { parsed: ParsedYaml; duplicates: Array<{ second: YNode; first: YNode }> } {
  const duplicates: Array<{ second: YNode; first: YNode }> = [];
  const parsed = parseYaml(source, {
    libyaml: true,
    // ZuulSafeLoader builds a value that contains itself (`&r [*r]`), as PyYAML does; the walks here keep a `seen`.
    recursive: true,
    localTags: ZUUL_LOCAL_TAGS,
    onMapping: (pairs: readonly YPair[]) => {
      // ZuulSafeLoader.construct_mapping: a key written twice (compared as written, `<<` skipped) refuses the file.
      const seen = new Map<string, YNode>();
      for (const p of pairs) {
        if (p.key.kind !== 'scalar' || p.key.text === '<<') continue;
        const first = seen.get(p.key.text);
        if (first) duplicates.push({ second: p.key, first });
        else seen.set(p.key.text, p.key);
      }
    },
  });
  return { parsed, duplicates };
}

/**
 * The file's YAML as ZuulSafeLoader loads it: libyaml, Zuul's tags, a key written twice refused, one document.
 * Undefined (with the diagnostics said) when Zuul refuses the file.
 */
function loadZuulYaml(source: SourceFile, diagnostics: Diagnostic[], push: Push): { root: YNode | null } | undefined {
  const { parsed, duplicates } = readOnce(source, 'zuul-yaml', source.text, () => readZuulYaml(source));
  const refused = new Set(duplicates.map((x) => { const p = positionOf(source, x.second.offset); return `${p.line}:${p.column}`; }));
  // A duplicate Zuul refuses is said once, as Zuul's error.
  for (const d of parsed.diagnostics) if (!(d.rule === 'yaml/duplicate-key' && refused.has(`${d.line}:${d.column}`))) diagnostics.push(d);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
  for (const { second, first } of duplicates) {
    const p = positionOf(source, first.offset);
    diagnostics.push({
      rule: 'zuul/duplicate-key', severity: 'error', file: source.path, ...positionOf(source, second.offset),
      message: `the key "${(second as YScalar).text}" is written twice in one mapping: Zuul refuses the whole file`,
      hint: 'Remove one of the two keys.',
      related: [{ file: source.path, line: p.line, column: p.column, message: 'the first one' }],
    });
  }
  if (duplicates.length) return undefined;
  const tagged = parsed.documents.length === 1 && parsed.documents[0].root ? refusedTag(parsed.documents[0].root) : undefined;
  if (tagged) {
    push(tagged.node.offset, 'zuul/type', tagged.message, tagged.hint);
    return undefined;
  }
  if (parsed.documents.length > 1) {
    push(0, 'zuul/config-item', `${source.path} holds ${parsed.documents.length} YAML documents: Zuul reads a file as one document and refuses it`, 'Remove the `---` separators: one list of items per file.');
    return undefined;
  }
  return { root: parsed.documents[0]?.root ?? null };
}

/**
 * CPython's `base64.b64decode` (not strict) of an ASCII text: characters outside the alphabet are skipped, and the
 * data must end on a whole quantum or on its padding.
 */
function pythonBase64Decodes(text: string): boolean {
  let quad = 0;
  let pads = 0;
  for (const c of text) {
    if (c === '=') {
      if (quad >= 2 && quad + ++pads >= 4) return true;
      continue;
    }
    if (!/[A-Za-z0-9+/]/.test(c)) continue;
    pads = 0;
    quad = (quad + 1) % 4;
  }
  return quad === 0;
}

/**
 * The first of Zuul's tagged values its constructor fails on, which refuses the whole file: `!encrypted/pkcs1-oaep`
 * whose text (or a chunk of whose list) is not base64 that Python decodes; `!override`/`!inherit` on a scalar that is
 * not a string once resolved as a plain scalar.
 */
function refusedTag(root: YNode): { node: YNode; message: string; hint: string } | undefined {
  const seen = new Set<YNode>();
  const walk = (n: YNode): { node: YNode; message: string; hint: string } | undefined => {
    if (seen.has(n)) return undefined;
    seen.add(n);
    if (n.localTag === '!encrypted/pkcs1-oaep') {
      const chunks = n.kind === 'seq' ? n.items : [n];
      for (const c of chunks) {
        if (c.kind !== 'scalar' || (c !== n && c.localTag !== undefined) || !/^[\x00-\x7f]*$/.test(c.text) || !pythonBase64Decodes(c.text)) {
          return { node: c, message: 'an `!encrypted/pkcs1-oaep` value that is not base64 text (or a list of base64 texts): Zuul refuses the whole file',
            hint: 'Paste the output of `zuul-client encrypt` (or tools/encrypt_secret.py) as it is.' };
        }
      }
      return undefined;
    }
    if ((n.localTag === '!override' || n.localTag === '!inherit') && n.kind === 'scalar') {
      const r = resolvePlain(n.text);
      if (!('tag' in r) || r.tag !== 'str') {
        return { node: n, message: `\`${n.localTag}\` on a value that is not a string (${n.text === '' ? 'empty' : n.text}): Zuul refuses the whole file`,
          hint: `Use \`${n.localTag}\` on a list, a mapping or a string.` };
      }
    }
    if (n.kind === 'seq') for (const i of n.items) { const t = walk(i); if (t) return t; }
    if (n.kind === 'map') for (const p of n.pairs) { const t = walk(p.key) ?? walk(p.value); if (t) return t; }
    return undefined;
  };
  return walk(root);
}

/**
 * UnparsedConfig.extend's check of one item: its type and its mapping, or why Zuul stops reading the file there (it
 * keeps the items before).
 */
function itemOf(item: YNode): { type: string; conf: YMap } | { stop: string; hint: string } {
  if (!isDict(item)) {
    return { stop: `an item of a Zuul config file must be a mapping of one key (\`- job: {…}\`), not ${item.kind === 'seq' ? 'a list' : 'a scalar'}; Zuul ignores it and the rest of the file`, hint: 'Write `- <type>:` with a mapping under it.' };
  }
  if (item.pairs.length !== 1) {
    return { stop: `an item has ${item.pairs.length} keys (${item.pairs.map((p) => p.name ?? '?').join(', ')}): Zuul takes one per item, and ignores it and the rest of the file`,
      hint: 'Start a new item (`- `) for each type, and indent the attributes under it.' };
  }
  const [pair] = item.pairs;
  const type = pair.name;
  if (!isDict(pair.value)) return { stop: `\`${type ?? '?'}\` must be a mapping; Zuul ignores it and the rest of the file`, hint: 'Indent the attributes under the type.' };
  if (type === undefined || !ZUUL_ITEM_TYPES.has(type)) {
    const guess = type !== undefined ? didYouMean(type, [...ZUUL_ITEM_TYPES]) : undefined;
    return { stop: `unknown item type \`${type ?? '?'}\`; Zuul ignores it and the rest of the file`, hint: guess ?? `Use one of: ${[...ZUUL_ITEM_TYPES].join(', ')}.` };
  }
  return { type, conf: pair.value };
}

/**
 * One Zuul config file, read as Zuul's loader reads it. Diagnostics are positioned; the model holds the items Zuul
 * keeps.
 */
export function readZuulFile(file: RepoFile): { diagnostics: Diagnostic[]; model: ZuulFileModel } {
  const source = file.source;
  const diagnostics: Diagnostic[] = [];
  const model: ZuulFileModel = { file: source.path, loaded: false, nodesets: [], jobs: [], variants: [], zuulLabels: [] };
  const push: Push = (offset, rule, message, hint) => {
    const p = positionOf(source, offset);
    diagnostics.push({ rule, severity: 'error', file: source.path, line: p.line, column: p.column, message, ...(hint ? { hint } : {}) });
  };
  const loaded = loadZuulYaml(source, diagnostics, push);
  if (!loaded) return { diagnostics, model };
  const root = loaded.root;
  model.loaded = true;
  if (root === null || (root.kind === 'scalar' && root.tag === 'null' && root.localTag === undefined)) return { diagnostics, model };
  if (root.kind !== 'seq' || root.pyType) {
    model.loaded = false;
    push(root.offset, 'zuul/config-item', 'a Zuul config file must be a list of items (`- job: {…}`)', 'Start each item with `- `.');
    return { diagnostics, model };
  }
  const r: Reader = { source, push, diagnostics };
  for (const item of root.items) {
    const it = itemOf(item);
    if ('stop' in it) {
      model.loaded = false;
      push(item.offset, 'zuul/config-item', it.stop, it.hint);
      break;
    }
    const { type, conf } = it;
    if (type === 'nodeset') {
      const ns = readNodeset(r, conf, false);
      model.nodesets.push(ns ? { valid: true, nodeset: ns } : { valid: false });
    } else if (type === 'job') {
      const job = readJob(r, conf, undefined, conf.offset);
      model.jobs.push(job ? { valid: true, job } : { valid: false });
    } else if (type === 'project' || type === 'project-template') {
      model.variants.push(...readVariants(r, type, conf));
    } else if (type === 'label') {
      const n = conf.byKey.get('name')?.value;
      if (isStr(n)) model.zuulLabels.push({ label: n.value as string, file: source.path, ...positionOf(source, n.offset) });
    }
  }
  return { diagnostics, model };
}

/** Every Zuul file of the repo, and the checks across them (a nodeset defined twice). */
export function validateZuul(files: readonly RepoFile[]): { diagnostics: Diagnostic[]; model: ZuulModel } {
  const diagnostics: Diagnostic[] = [];
  const model: ZuulModel = { files: [] };
  const defined = new Map<string, ZuulNodeset>();
  for (const f of files) {
    const r = readZuulFile(f);
    diagnostics.push(...r.diagnostics);
    model.files.push(r.model);
    for (const { nodeset } of r.model.nodesets) {
      if (!nodeset) continue;
      const first = defined.get(nodeset.name);
      if (first) {
        diagnostics.push({
          rule: 'zuul/duplicate-nodeset', severity: 'error', file: nodeset.file, line: nodeset.line, column: nodeset.column,
          message: `the nodeset "${nodeset.name}" is already defined: Zuul refuses this one`,
          hint: 'Rename or remove one of the two.',
          related: [{ file: first.file, line: first.line, column: first.column, message: 'the first definition' }],
        });
      } else defined.set(nodeset.name, nodeset);
    }
  }
  return { diagnostics, model };
}

// ---------------------------------------------------------------------------------------------------------------
// Against Nodepool

export interface ZuulLabelOptions {
  /** The base branch's Nodepool launcher config (on a pull request): a label it offers that the repo's does not is removed by the change. */
  base?: { model: NodepoolModel; ref: string };
}

/** Nodesets and jobs, with what each asks for. */
function index(model: ZuulModel) {
  const nodesets = new Map<string, ZuulNodeset>();
  const jobs: ZuulJob[] = [];
  const zuulLabels = new Set<string>();
  for (const f of model.files) {
    for (const { nodeset } of f.nodesets) if (nodeset && !nodesets.has(nodeset.name)) nodesets.set(nodeset.name, nodeset);
    for (const { job } of f.jobs) if (job) jobs.push(job);
    jobs.push(...f.variants);
    for (const l of f.zuulLabels) zuulLabels.add(l.label);
  }
  return { nodesets, jobs, zuulLabels };
}

/** A nodeset a job (or a nodeset's alternatives) names that the repo does not define: a warning each. */
function unknownNodesets(nodesets: Map<string, ZuulNodeset>, jobs: ZuulJob[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refs: Array<{ name: string; file: string; line: number; column: number; by: string }> = [];
  for (const j of jobs) if (j.nodeset && 'ref' in j.nodeset) refs.push({ name: j.nodeset.ref, file: j.file, line: j.nodeset.line, column: j.nodeset.column, by: `job "${j.name}"` });
  for (const ns of nodesets.values()) for (const a of ns.alternatives) refs.push({ ...a, by: `nodeset "${ns.name}"` });
  for (const j of jobs) if (j.nodeset && 'inline' in j.nodeset) for (const a of j.nodeset.inline.alternatives) refs.push({ ...a, by: `job "${j.name}"` });
  for (const ref of refs) {
    if (nodesets.has(ref.name)) continue;
    out.push({
      rule: 'zuul/unknown-nodeset', severity: 'warning', file: ref.file, line: ref.line, column: ref.column,
      message: `${ref.by} names the nodeset "${ref.name}", which no nodeset of this repository defines`,
      hint: didYouMean(ref.name, [...nodesets.keys()]) ?? 'Fine if another project of the tenant defines it; otherwise define it, or fix the name.',
    });
  }

  return out;
}

/** Who asks for each label: each use, and the jobs it reaches (by the nodeset's name, or inline). */
function labelUses(nodesets: Map<string, ZuulNodeset>, jobs: ZuulJob[]): Array<{ use: LabelUse; owner: string; jobs: string[] }> {
  const uses: Array<{ use: LabelUse; owner: string; jobs: string[] }> = [];
  const jobsOfNodeset = new Map<string, Set<string>>();
  for (const j of jobs) {
    if (!j.nodeset) continue;
    const ns = 'ref' in j.nodeset ? nodesets.get(j.nodeset.ref) : j.nodeset.inline;
    if (!ns) continue;
    if ('ref' in j.nodeset) {
      const set = jobsOfNodeset.get(ns.name) ?? new Set();
      set.add(j.name);
      jobsOfNodeset.set(ns.name, set);
    }
  }
  // Alternatives by name: the jobs of a nodeset reach the nodesets it names too.
  for (const ns of nodesets.values()) {
    for (const a of ns.alternatives) {
      const users = jobsOfNodeset.get(ns.name);
      if (!users) continue;
      const set = jobsOfNodeset.get(a.name) ?? new Set();
      for (const u of users) set.add(u);
      jobsOfNodeset.set(a.name, set);
    }
  }
  for (const ns of nodesets.values()) {
    for (const use of ns.labels) uses.push({ use, owner: `nodeset "${ns.name}"`, jobs: [...(jobsOfNodeset.get(ns.name) ?? [])].sort() });
  }
  for (const j of jobs) {
    if (j.nodeset && 'inline' in j.nodeset) for (const use of j.nodeset.inline.labels) uses.push({ use, owner: `job "${j.name}"`, jobs: [j.name] });
  }

  return uses;
}

const list3 = (names: string[]): string => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`);

/**
 * The checks of Zuul's config against Nodepool's labels. `nodepool`: the repo's launcher config (undefined: the repo
 * has none, and nothing is said about labels).
 */
export function validateZuulLabels(model: ZuulModel, nodepool: NodepoolModel | undefined, options: ZuulLabelOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { nodesets, jobs, zuulLabels } = index(model);
  out.push(...unknownNodesets(nodesets, jobs));
  if (!nodepool?.root) return out;

  const uses = labelUses(nodesets, jobs);
  const offered = new Map<string, PoolLabel>();
  for (const l of nodepool.poolLabels) if (!offered.has(l.name)) offered.set(l.name, l);
  const baseOffered = new Map<string, PoolLabel>();
  for (const l of options.base?.model.poolLabels ?? []) if (!baseOffered.has(l.name)) baseOffered.set(l.name, l);
  const offeredNames = [...offered.keys()];

  for (const { use, owner, jobs: users } of uses) {
    if (offered.has(use.label) || zuulLabels.has(use.label)) continue;
    const removed = baseOffered.get(use.label);
    const jobsText = users.length ? `${users.length === 1 ? 'job' : 'jobs'} ${list3(users)}` : 'no job of this repository (jobs of other projects may use it)';
    if (removed && options.base) {
      out.push({
        rule: 'zuul/removed-label', severity: 'error', file: use.file, line: use.line, column: use.column,
        message: `${owner} asks for the label "${use.label}", which this change removes from Nodepool: ${users.length ? `${jobsText} would end in NODE_FAILURE after merge` : `it is used by ${jobsText}`}`,
        hint: 'Keep the label in a pool until no nodeset uses it, or move the nodesets to another label in this change.',
        related: [{ file: options.base.model.file, line: removed.line, column: removed.column, message: `on the base branch (${options.base.ref}), provider "${removed.provider}", pool "${removed.pool}" offers "${use.label}"` }],
      });
      continue;
    }
    const near = closestWord(use.label, offeredNames);
    const closest = near !== undefined ? offered.get(near) : undefined;
    const related: RelatedLocation[] = closest
      ? [{ file: nodepool.file, line: closest.line, column: closest.column, message: `no pool offers "${use.label}"; provider "${closest.provider}", pool "${closest.pool}" offers "${closest.name}"` }]
      : [{ file: nodepool.file, line: 0, column: 0, message: `no pool offers "${use.label}" (the pools offer ${offeredNames.length ? list3(offeredNames.slice().sort()) : 'no label'})` }];
    out.push({
      rule: 'zuul/unknown-label', severity: 'error', file: use.file, line: use.line, column: use.column,
      message: `${owner} asks for the label "${use.label}", which no Nodepool provider pool offers: ${users.length ? `${jobsText} would end in NODE_FAILURE` : 'its builds would end in NODE_FAILURE'}`,
      hint: near !== undefined ? `Did you mean \`${near}\`?` : `Offer "${use.label}" in a pool of ${nodepool.file} (and its top-level \`labels:\`), or ask for a label a pool offers.`,
      related,
    });
  }

  // Labels offered that nothing here asks for: a notice, once per label, where the first pool offers it.
  if (model.files.some((f) => f.loaded)) {
    const asked = new Set(uses.map((u) => u.use.label));
    for (const [name, l] of offered) {
      if (asked.has(name)) continue;
      out.push({
        rule: 'zuul/unused-label', severity: 'notice', file: nodepool.file, line: l.line, column: l.column,
        message: `the label "${name}" (provider "${l.provider}", pool "${l.pool}") is asked for by no nodeset or job of this repository`,
        hint: 'Other projects of the tenant may use it; if none does, remove it from the pools.',
      });
    }
  }
  return out;
}
