/**
 * Validation of Nodepool launcher and builder configs: Nodepool's own `config-validate` (schema and cross-references),
 * the failures its config loader hits at runtime although config-validate passes them, and the Software Factory
 * rules for a user file that sf-operator appends to its base config. All errors at once, each positioned.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { RuleId } from '../core/rules.js';
import { offsetMapFor, positionOf, positionsInOrder, readOnce } from '../config/source.js';
import type { Replacement, SourceFile } from '../config/source.js';
import type { RepoFile } from '../config/repo.js';
import { parseYaml } from '../config/yaml.js';
import type { YMap, YNode, YScalar } from '../config/yaml.js';
import { nodepoolSchema, providerDriver } from './nodepool-schema.js';
import { compactAllowedKeys } from '../config/schema.js';
import type { CheckContext } from '../config/schema.js';

export interface NodepoolOptions {
  /** The file is sf-operator's user file, appended after its base config (default true). */
  softwareFactory?: boolean;
  /** Environment for `%(NODEPOOL_*)` substitution; only names starting with NODEPOOL_ are used. */
  env?: Record<string, string | undefined>;
  /** The repo's dib-ansible directory (for builder `dib-cmd` checks) and the files in it. */
  dibAnsible?: { dir: string; playbooks: readonly string[]; inventory?: string };
}

export interface NodepoolLabel {
  name: string;
  line: number;
  column: number;
}

export interface NodepoolProvider {
  name: string;
  driver: string;
  /** openstack: `cloud` and `region-name`; kubernetes, openshift, openshiftpods: `context`. */
  cloud?: string;
  regionName?: string;
  context?: string;
  line: number;
  column: number;
  /** Positions of the `cloud`/`region-name`/`context` values, for secret cross-checks. */
  positions: Partial<Record<'cloud' | 'region-name' | 'context', { line: number; column: number }>>;
}

/** A label a provider's pool offers (a static node's labels, a pool's `labels[].name`), where it is written. */
export interface PoolLabel {
  name: string;
  provider: string;
  /** The pool's name, or `#n` for an unnamed one. */
  pool: string;
  line: number;
  column: number;
}

export interface NodepoolModel {
  file: string;
  labels: NodepoolLabel[];
  /** The labels the providers' pools offer: what a node request can be served with. */
  poolLabels: PoolLabel[];
  providers: NodepoolProvider[];
  diskimages: string[];
  /** The parsed document (null when it did not parse); `toJS` gives it as plain data. */
  root: YMap | null;
}

export interface NodepoolValidation {
  diagnostics: Diagnostic[];
  model: NodepoolModel;
}

const PLACEHOLDER = /%\((NODEPOOL_[A-Za-z0-9_]*)\)/g;

/** A piece of the text during substitution: original text, or a value that replaced `%(NAME)` at [start, end). */
interface Piece {
  text: string;
  start: number;
  end: number;
  substituted: boolean;
}

/**
 * Nodepool's substitute_env_vars: for each environment variable whose name starts with NODEPOOL_, in the order of
 * the environment, every `%(NAME)` in the text so far is replaced by its value (`str.replace`, one variable after
 * the other: a value may itself name a later variable). Anything else stays as written.
 */
export function substituteNodepoolEnv(
  text: string,
  env: Record<string, string | undefined>,
): { text: string; replacements: Replacement[]; unset: Array<{ name: string; offset: number }> } {
  let exact = text;
  let pieces: Piece[] = [{ text, start: 0, end: text.length, substituted: false }];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('NODEPOOL_') || value === undefined) continue;
    const needle = `%(${name})`;
    if (!exact.includes(needle)) continue;
    exact = exact.split(needle).join(value);
    const next: Piece[] = [];
    for (const p of pieces) {
      if (!p.text.includes(needle)) next.push(p);
      else if (p.substituted) next.push({ ...p, text: p.text.split(needle).join(value) });
      else {
        let last = 0;
        for (let i = p.text.indexOf(needle); i >= 0; i = p.text.indexOf(needle, last)) {
          if (i > last) next.push({ text: p.text.slice(last, i), start: p.start + last, end: p.start + i, substituted: false });
          next.push({ text: value, start: p.start + i, end: p.start + i + needle.length, substituted: true });
          last = i + needle.length;
        }
        if (last < p.text.length) next.push({ text: p.text.slice(last), start: p.start + last, end: p.end, substituted: false });
      }
    }
    pieces = next;
  }
  // Positions map back through the pieces; a placeholder that only appears across pieces (pathological) gets the
  // exact text and no position mapping.
  const mapped = pieces.map((p) => p.text).join('') === exact;
  const replacements: Replacement[] = mapped
    ? pieces.filter((p) => p.substituted).map((p) => ({ start: p.start, end: p.end, length: p.text.length }))
    : [];
  const unset: Array<{ name: string; offset: number }> = [];
  for (const p of pieces) {
    if (p.substituted) continue;
    for (const m of p.text.matchAll(PLACEHOLDER)) unset.push({ name: m[1], offset: p.start + m.index });
  }
  return { text: exact, replacements, unset };
}

/** Keys of sf-operator's base config: a user file must not set them (the merged file would have them twice). */
const SF_BASE_KEYS: Record<string, string> = {
  webapp: "sf-operator's base config sets `webapp` (port 8006, used by the readiness probe and the gateway)",
  'zookeeper-servers': "sf-operator's base config sets `zookeeper-servers` to the deployment's own ZooKeeper",
  'zookeeper-tls': "sf-operator's base config sets `zookeeper-tls` to the deployment's client certificates",
  'images-dir': "sf-operator's base config sets `images-dir` to /var/lib/nodepool/dib",
  'build-log-dir': "sf-operator's base config sets `build-log-dir` to /var/lib/nodepool/builds/logs",
};

const DIB_ANSIBLE = '/usr/local/bin/dib-ansible';

/** Said by every Software Factory rule: why it applies, and how a plain Nodepool deployment turns it off. */
export const SF_FLAVOR_NOTE =
  'This is a Software Factory rule: it applies because `nodepool.flavor` is `software-factory` (the default) in .pool-reconciler.yaml. For a plain Nodepool deployment, set `nodepool.flavor: standalone` there (or pass --standalone, or the `standalone` action input).';
const sfHint = (hint: string): string => `${hint} ${SF_FLAVOR_NOTE}`;

export function validateNodepool(file: RepoFile, options: NodepoolOptions = {}): NodepoolValidation {
  const source = file.source;
  const sf = options.softwareFactory ?? true;
  const diagnostics: Diagnostic[] = [];
  const model: NodepoolModel = { file: source.path, labels: [], poolLabels: [], providers: [], diskimages: [], root: null };
  const pos = (offset: number) => positionOf(source, offset);
  const push = (offset: number, rule: RuleId, message: string, hint?: string, severity: Diagnostic['severity'] = 'error') => {
    const p = pos(offset);
    diagnostics.push({ rule, severity, file: source.path, line: p.line, column: p.column, message, ...(hint ? { hint } : {}) });
  };

  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter(([k]) => k.startsWith('NODEPOOL_')));
  const sub = substituteNodepoolEnv(source.text, env);
  for (const u of sub.unset) {
    // Nodepool leaves an unset placeholder as written: inside a quoted string that is valid text (a warning);
    // where it starts a plain scalar, YAML itself rejects the `%` (the parser reports that error).
    push(u.offset, 'nodepool/env-unset', `%(${u.name}) is not substituted: the environment variable ${u.name} is not set`,
      `Nodepool replaces %(${u.name}) with the value of ${u.name} from its environment before parsing, and keeps the text as written when it is unset; set it (the CLI and action read NODEPOOL_* variables, or \`nodepool.env\` in .pool-reconciler.yaml).`,
      'warning');
  }
  // Both of Nodepool's loaders read a recursive alias (a value that contains itself); the checks here walk with that
  // in mind (and the plan's diff too).
  // Once per source and text: the offset map is a function of the substituted text.
  const parsed = readOnce(source, 'nodepool-yaml', sub.text, () => parseYaml(source, { text: sub.text, offsetMap: offsetMapFor(sub.replacements), recursive: true }));
  // An unset placeholder where the YAML error is: that placeholder is the reason, so it is an error too.
  for (const d of diagnostics) {
    if (d.rule === 'nodepool/env-unset' && parsed.diagnostics.some((e) => e.severity === 'error' && e.line === d.line && e.column === d.column)) {
      d.severity = 'error';
    }
  }
  diagnostics.push(...parsed.diagnostics);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics, model };

  const docs = parsed.documents;
  if (docs.length > 1) {
    const second = findDocumentMarker(source, docs[0].explicitStart ? 1 : 0);
    push(second, sf ? 'nodepool/sf-multiple-documents' : 'nodepool/multiple-documents',
      `${source.path} holds ${docs.length} YAML documents; Nodepool reads exactly one`,
      sf ? sfHint('sf-operator appends this file to its base config: a second document breaks the merged file. Remove the `---` separators.') : 'Remove the `---` separators.');
    return { diagnostics, model };
  }
  if (sf && docs[0]?.explicitStart) {
    push(findDocumentMarker(source, 0), 'nodepool/sf-document-start', 'the file starts with a `---` document marker',
      sfHint("sf-operator appends this file after its base config, which starts its own document: this `---` starts a second document and the merged file no longer loads. Remove it."));
  }
  const root = docs[0]?.root ?? null;
  if (!root || root.kind !== 'map') {
    push(root?.offset ?? 0, 'nodepool/type',
      root ? `the top level of ${source.path} must be a mapping, not ${root.kind === 'seq' ? 'a list' : 'a scalar'}` : `${source.path} is empty`,
      root ? 'Start with `labels:`, `providers:` or `diskimages:`.' : 'Nodepool (and sf-operator\'s config-check) reject an empty file: add `labels: []`, or delete the file.');
    return { diagnostics, model };
  }

  const cx: CheckContext<'nodepool'> = { source, diagnostics, rulePrefix: 'nodepool', where: [] };
  nodepoolSchema.check(root, cx, [], 0);

  if (sf) {
    for (const p of root.pairs) {
      const why = p.name !== undefined && Object.hasOwn(SF_BASE_KEYS, p.name) ? SF_BASE_KEYS[p.name] : undefined;
      if (why) push(p.key.offset, 'nodepool/sf-base-key', `\`${p.name}\` must not be set in a Software Factory config repo`,
        sfHint(`${why}; the repo's file is appended to it, so this would silently override it: in a Software Factory config repo, delete this key. A plain Nodepool deployment needs it: keep it and set \`nodepool.flavor: standalone\`.`));
    }
  }

  crossReferences(root, push, model, positionsInOrder(source));
  if (sf && file.kind === 'nodepool-builder') {
    // dib-ansible is Software Factory's image builder: its rules say so too.
    dibAnsibleChecks(root, (o, r, m, h, sev) => push(o, r, m, h ? sfHint(h) : SF_FLAVOR_NOTE, sev), options.dibAnsible);
  }
  model.root = root;
  compactAllowedKeys(diagnostics);
  return { diagnostics, model };
}

/** Offset of the n-th `---` document marker line (0-based), or 0. */
function findDocumentMarker(source: SourceFile, n: number): number {
  let count = 0;
  for (const m of source.text.matchAll(/^---(?=\s|$)/gm)) {
    if (count++ === n) return m.index;
  }
  return 0;
}

type Push = (offset: number, rule: RuleId, message: string, hint?: string, severity?: Diagnostic['severity']) => void;

const seqItems = (n: YNode | undefined): YNode[] => (n?.kind === 'seq' ? n.items : []);
const get = (m: YMap, key: string): YNode | undefined => m.byKey.get(key)?.value;
const strOf = (n: YNode | undefined): string | undefined =>
  n?.kind === 'scalar' && n.tag !== 'null' && typeof n.value !== 'object' ? String(n.value) : undefined;
/** The mappings of a list, by a plain loop: `filter` with a callback is a larger thing for the optimizing compiler to copy into each caller. */
const maps = (n: YNode | undefined): YMap[] => {
  const items = seqItems(n);
  const out: YMap[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.kind === 'map') out.push(item);
  }
  return out;
};
/** A reference as Nodepool tests it (`if label.get('diskimage'):`): an empty string is no reference. */
const refOf = (n: YNode | undefined): string | undefined => {
  const v = strOf(n);
  return v === '' ? undefined : v;
};
/** Python truthiness of a scalar (what `if x:` sees); bools count as 0 and 1. */
const truthy = (n: YNode | undefined): boolean => {
  if (n?.kind !== 'scalar') return n !== undefined && (n.kind === 'map' ? n.pairs.length > 0 : n.items.length > 0);
  const v = n.value;
  return v !== null && v !== false && v !== 0 && v !== '';
};
const isAbstract = (d: YMap): boolean => truthy(get(d, 'abstract'));
/** A setting as Python compares it (True == 1); null for null; the schema rejects anything else. */
const pyNumber = (n: YNode | undefined, dflt: number | null): number | null | string => {
  if (n === undefined) return dflt;
  if (n.kind !== 'scalar') return `${n.kind}@${n.offset}`;
  if (n.value === null || typeof n.value === 'number') return n.value as number | null;
  if (typeof n.value === 'boolean') return n.value ? 1 : 0;
  return `s:${String(n.value)}`;
};

type At = (offset: number) => { line: number; column: number };

/**
 * Long because Nodepool's cross-references (labels, diskimages, parents, providers) are checked in the order its
 * loader checks them.
 */
function crossReferences(root: YMap, push: Push, model: NodepoolModel, at: At): void {
  const topLabels = topLevelLabels(root, push, model, at);

  // Top-level diskimages: duplicates, parents, cycles.
  const diskimages = new Map<string, YMap>();
  const firstSeen = new Map<string, YNode>();
  for (const d of maps(get(root, 'diskimages'))) {
    const nameNode = get(d, 'name');
    const name = strOf(nameNode);
    if (name === undefined) continue;
    const first = firstSeen.get(name);
    if (first) {
      const a = at(first.offset);
      push(nameNode!.offset, 'nodepool/duplicate-diskimage', `diskimage "${name}" is already defined at line ${a.line}`,
        'Diskimage names must be unique; rename or remove one.');
    } else firstSeen.set(name, nameNode!);
    diskimages.set(name, d);
  }
  model.diskimages = [...diskimages.keys()];
  // config-validate checks each entry's parent (`if diskimage.get('parent')`: an empty parent is none).
  for (const d of maps(get(root, 'diskimages'))) {
    const name = strOf(get(d, 'name'));
    const parentNode = get(d, 'parent');
    const parent = refOf(parentNode);
    if (name !== undefined && parent !== undefined && !diskimages.has(parent)) {
      push(parentNode!.offset, 'nodepool/missing-parent', `diskimage "${name}" has a parent "${parent}" that is not defined`,
        hintFor(parent, [...diskimages.keys()], 'Define the parent diskimage, or fix the name.'));
    }
  }
  // The loader builds each non-abstract image by walking its parents: a cycle on that walk recurses forever.
  // A cycle that no non-abstract image walks into is never followed (the image is never built).
  const walked = new Set<string>();
  for (const [name, d] of diskimages) {
    if (isAbstract(d)) continue;
    for (let cur = refOf(get(d, 'parent')); cur !== undefined && diskimages.has(cur) && !walked.has(cur); ) {
      walked.add(cur);
      cur = refOf(get(diskimages.get(cur)!, 'parent'));
    }
    walked.add(name);
  }
  for (const [name, d] of diskimages) {
    if (!walked.has(name)) continue;
    // Follow parents; a loop back to `name` is a cycle.
    const seen = new Set<string>([name]);
    let cur = refOf(get(d, 'parent'));
    while (cur !== undefined && diskimages.has(cur)) {
      if (seen.has(cur)) {
        if (cur === name) {
          const parentNode = get(d, 'parent')!;
          push(parentNode.offset, 'nodepool/parent-cycle',
            seen.size === 1
              ? `diskimage "${name}" is its own parent`
              : `diskimage "${name}" is part of a parent cycle: ${[...seen, cur].join(' → ')}`,
            'Nodepool\'s loader recurses forever on a parent cycle (config-validate does not notice). Break the cycle.');
        }
        break;
      }
      seen.add(cur);
      cur = refOf(get(diskimages.get(cur)!, 'parent'));
    }
  }

  // Zookeeper servers need a host at load time.
  for (const z of maps(get(root, 'zookeeper-servers'))) {
    if (!z.byKey.has('host')) {
      push(z.offset, 'nodepool/zookeeper-host', 'a zookeeper server has no `host`',
        'config-validate accepts this, but Nodepool fails to start (KeyError: \'host\'). Add `host:`.');
    }
  }

  const providers = maps(get(root, 'providers'));
  for (let i = 0; i < providers.length; i++) checkProvider(providers[i], topLabels, diskimages, push, model, at);
}

/**
 * The top-level labels' names, each in the model. A function of its own: a large file's labels loop long enough to be
 * compiled while they run (on-stack replacement), and this compiles the loop alone, not all of crossReferences.
 */
function topLevelLabels(root: YMap, push: Push, model: NodepoolModel, at: At): Set<string> {
  const topLabels = new Set<string>();
  // Loops by index over a large file's labels: before it is compiled, a for-of makes an iterator and a result per step.
  // The list's items themselves, its mappings only (not a copy of the list of them: a large file's labels are many).
  const labels = seqItems(get(root, 'labels'));
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l.kind !== 'map') continue;
    const name = strOf(get(l, 'name'));
    if (name === undefined) {
      push(l.offset, 'nodepool/label-name-required', 'a top-level label has no `name`',
        'Nodepool\'s config-validate crashes on this (KeyError: \'name\'). Add `name:`.');
      continue;
    }
    topLabels.add(name);
    const p = at(l.offset);
    model.labels.push({ name, line: p.line, column: p.column });
  }
  return topLabels;
}

function hintFor(word: string, candidates: string[], fallback: string): string {
  const close = candidates.find((c) => c.toLowerCase() === word.toLowerCase() || levenshteinSmall(c, word));
  return close ? `Did you mean \`${close}\`?` : fallback;
}

function levenshteinSmall(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  let diff = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) diff++;
  return diff <= 2;
}

/** The drivers whose labels' `cloud-image` names one of the provider's `cloud-images`. */
const CLOUD_IMAGE_DRIVERS: ReadonlySet<string> = new Set(['openstack', 'fake', 'aws', 'azure', 'gce', 'ibmvpc', 'example']);

/**
 * Long because it mirrors Nodepool's loader checks of one provider in the order the loader runs them, per driver.
 * Its loops and its pools' are by index: a for-of puts its body in a try block (to close the iterator), more for the
 * optimizing compiler, which compiles these during a large file's first validate.
 */
function checkProvider(
  provider: YMap,
  topLabels: Set<string>,
  diskimages: Map<string, YMap>,
  push: Push,
  model: NodepoolModel,
  at: At,
): void {
  const name = strOf(get(provider, 'name'));
  if (name === undefined) return; // the schema reported it
  const { driver } = providerDriver(provider);
  const where = `provider "${name}"`;
  const p = at(provider.offset);
  const cloud = get(provider, 'cloud');
  const regionName = get(provider, 'region-name');
  const context = get(provider, 'context');
  const positions: NodepoolProvider['positions'] = {};
  if (cloud) positions.cloud = at(cloud.offset);
  if (regionName) positions['region-name'] = at(regionName.offset);
  if (context) positions.context = at(context.offset);
  model.providers.push({
    name,
    driver,
    cloud: strOf(cloud),
    regionName: strOf(regionName),
    context: strOf(context),
    line: p.line,
    column: p.column,
    positions,
  });

  const providerDiskimages = new Map<string, YMap>();
  const ownDiskimages = maps(get(provider, 'diskimages'));
  for (let i = 0; i < ownDiskimages.length; i++) {
    const dn = strOf(get(ownDiskimages[i], 'name'));
    if (dn !== undefined) providerDiskimages.set(dn, ownDiskimages[i]);
  }
  const cloudImages = new Set<string>();
  const ownCloudImages = maps(get(provider, 'cloud-images'));
  for (let i = 0; i < ownCloudImages.length; i++) {
    const cn = strOf(get(ownCloudImages[i], 'name'));
    if (cn !== undefined) cloudImages.add(cn);
  }

  // A provider's diskimages must be top-level diskimages: config-validate (openstack) or the loader (fake, aws,
  // azure, ibmvpc), which looks them up among the images it builds, so not an abstract one.
  if (driver === 'openstack' || driver === 'fake' || driver === 'aws' || driver === 'azure' || driver === 'ibmvpc') {
    for (let i = 0; i < ownDiskimages.length; i++) {
      const d = ownDiskimages[i];
      const nameNode = get(d, 'name');
      const dn = strOf(nameNode);
      if (dn !== undefined && !diskimages.has(dn)) {
        push(nameNode!.offset, 'nodepool/undefined-diskimage',
          `${where}: diskimage "${dn}" is not defined in the top-level \`diskimages\` list`,
          hintFor(dn, [...diskimages.keys()], `Add \`- name: ${dn}\` to \`diskimages:\` in this file: the launcher only reads its own file.`));
      } else if (dn !== undefined && isAbstract(diskimages.get(dn)!)) {
        push(nameNode!.offset, 'nodepool/abstract-diskimage', `${where}: diskimage "${dn}" is abstract`,
          `An abstract diskimage is only a parent for others and is never built, so Nodepool fails to load this provider (KeyError: '${dn}'). Name a diskimage that has "${dn}" as its \`parent\`, or remove \`abstract: true\`.`);
      }
      if (driver === 'aws') awsDiskimageChecks(d, push);
    }
  }

  const pools = maps(get(provider, 'pools'));
  const scope: ProviderScope = { name, driver, where, topLabels, diskimages, providerDiskimages, cloudImages, push, model, at };
  for (let i = 0; i < pools.length; i++) checkPool(scope, provider, pools, pools[i]);
  if (driver === 'metastatic') metastaticChecks(pools, where, push);
}

/** What the checks of a provider's pools share: the provider, and what its pools' labels are checked against. */
interface ProviderScope {
  name: string;
  driver: string;
  where: string;
  topLabels: Set<string>;
  diskimages: Map<string, YMap>;
  providerDiskimages: Map<string, YMap>;
  cloudImages: Set<string>;
  push: Push;
  model: NodepoolModel;
  at: At;
}

/**
 * One pool of a provider (one of `pools`), in the loader's order. Apart from
 * checkProvider, as is checkOffer: the optimizing compiler compiles each function with the small ones it calls
 * copied in, and one function for all of it was the costliest compilation of a validate (about 50 ms, done twice).
 */
function checkPool(scope: ProviderScope, provider: YMap, pools: readonly YMap[], pool: YMap): void {
  const { driver, where, push } = scope;
  const poolName = strOf(get(pool, 'name'));
  // An unnamed pool by its place (an alias's pool twice: its first place).
  const poolId = poolName ?? `#${pools.indexOf(pool) + 1}`;
  const poolWhere = `${where}, pool ${poolName !== undefined ? `"${poolName}"` : poolId}`;
  if (poolName === undefined && !pool.byKey.has('name') && (driver === 'openstack' || driver === 'fake' || driver === 'static')) {
    push(pool.offset, 'nodepool/pool-name-required', `${poolWhere}: the pool has no \`name\``,
      'config-validate accepts this, but Nodepool fails to load the config (KeyError: \'name\'). Add `name:`.');
  }
  if ((driver === 'azure' || driver === 'ibmvpc') && !pool.byKey.has('max-servers')) {
    push(pool.offset, 'nodepool/max-servers-required', `${poolWhere}: \`max-servers\` is required for the ${driver} driver`,
      'config-validate accepts this, but Nodepool fails to load the config (KeyError: \'max-servers\'). Add `max-servers:`.');
  }
  if (driver === 'ibmvpc') {
    for (const k of ['zone', 'subnet']) {
      // The loader reads `pool.get(k, provider's k)` and needs it truthy: a pool's empty value hides the provider's.
      if (!truthy(pool.byKey.has(k) ? get(pool, k) : get(provider, k))) {
        push(pool.offset, 'nodepool/ibmvpc-zone-subnet', `${poolWhere}: \`${k}\` is set (non-empty) neither on the pool nor on the provider`,
          `Nodepool's ibmvpc driver needs a ${k} to launch servers; set \`${k}:\` on the pool or the provider.`);
      }
    }
  }

  // The labels the pool offers, each checked where it is written (no list of them made first: an object per label).
  if (driver === 'static') {
    const nodes = maps(get(pool, 'nodes'));
    for (let i = 0; i < nodes.length; i++) {
      const labels = get(nodes[i], 'labels');
      if (labels?.kind === 'scalar' && typeof labels.value === 'string') {
        for (const l of labels.value.split(/\s+/).filter(Boolean)) checkOffer(scope, pool, poolId, poolWhere, l, labels, undefined);
      } else checkOfferedItems(scope, pool, poolId, poolWhere, seqItems(labels));
    }
  } else if (driver === 'test') {
    checkOfferedItems(scope, pool, poolId, poolWhere, seqItems(get(pool, 'labels')));
  } else {
    const labels = maps(get(pool, 'labels'));
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i];
      const nameNode = get(l, 'name');
      const ln = strOf(nameNode);
      if (ln !== undefined) checkOffer(scope, pool, poolId, poolWhere, ln, nameNode!, l);
    }
  }
}

/** The labels a list names (a static node's `labels`, a test pool's), as the pool's offers: its strings. */
function checkOfferedItems(scope: ProviderScope, pool: YMap, poolId: string, poolWhere: string, items: readonly YNode[]): void {
  for (let i = 0; i < items.length; i++) {
    const l = strOf(items[i]);
    if (l !== undefined) checkOffer(scope, pool, poolId, poolWhere, l, items[i], undefined);
  }
}

/** A pool label's place in words, for a message: made when there is one to say, not for each label checked. */
function labelWhereOf(poolWhere: string, label: string): string {
  return `${poolWhere}, label "${label}"`;
}

/**
 * A label a pool offers (`name`, written at `node`; `l`: the pool's label mapping, if it is one): in the model, in the
 * top-level labels, and (a label mapping) its images.
 */
function checkOffer(scope: ProviderScope, pool: YMap, poolId: string, poolWhere: string, name: string, node: YNode, l: YMap | undefined): void {
  const { driver, diskimages, push } = scope;
  const q = scope.at(node.offset);
  scope.model.poolLabels.push({ name, provider: scope.name, pool: poolId, line: q.line, column: q.column });
  if (!scope.topLabels.has(name)) {
    push(node.offset, 'nodepool/undefined-label', `${poolWhere}: label "${name}" is not in the top-level \`labels\` list`,
      hintFor(name, [...scope.topLabels], `Add \`- name: ${name}\` to \`labels:\`${driver === 'openstack' ? '' : ' (config-validate checks this only for openstack providers, but the launcher fails to load the config without it)'}.`));
  }
  if (!l) return;
  const diNode = get(l, 'diskimage');
  const di = refOf(diNode);
  if (di !== undefined) {
    if ((driver === 'openstack' || driver === 'fake') && !diskimages.has(di)) {
      push(diNode!.offset, 'nodepool/undefined-diskimage', `${labelWhereOf(poolWhere, name)}: diskimage "${di}" is not defined in the top-level \`diskimages\` list`,
        hintFor(di, [...diskimages.keys()], `Add \`- name: ${di}\` to \`diskimages:\`.`));
    } else if ((driver === 'openstack' || driver === 'fake') && isAbstract(diskimages.get(di)!)) {
      push(diNode!.offset, 'nodepool/abstract-diskimage', `${labelWhereOf(poolWhere, name)}: diskimage "${di}" is abstract`,
        `An abstract diskimage is only a parent for others and is never built, so Nodepool fails to load this label (KeyError: '${di}'). Name a diskimage that has "${di}" as its \`parent\`, or remove \`abstract: true\`.`);
    }
    if ((driver === 'aws' || driver === 'azure' || driver === 'ibmvpc') && !scope.providerDiskimages.has(di)) {
      push(diNode!.offset, 'nodepool/undefined-diskimage', `${labelWhereOf(poolWhere, name)}: diskimage "${di}" is not in the provider's \`diskimages\``,
        hintFor(di, [...scope.providerDiskimages.keys()], `Add \`- name: ${di}\` to this provider's \`diskimages:\`.`));
    }
  }
  const ciNode = get(l, 'cloud-image');
  const ci = refOf(ciNode);
  if (ci !== undefined && CLOUD_IMAGE_DRIVERS.has(driver) && !scope.cloudImages.has(ci)) {
    push(ciNode!.offset, 'nodepool/undefined-cloud-image', `${labelWhereOf(poolWhere, name)}: cloud-image "${ci}" does not exist in the provider's \`cloud-images\``,
      hintFor(ci, [...scope.cloudImages], `Add \`- name: ${ci}\` to this provider's \`cloud-images:\`; config-validate does not check this, but the launcher fails to load.`));
  }
  if (driver === 'aws') awsLabelChecks(l, pool, labelWhereOf(poolWhere, name), push);
}

/** aws provider diskimage: what AwsProviderDiskImage rejects when the loader reads it (used by a label or not). */
function awsDiskimageChecks(d: YMap, push: Push): void {
  const imds = get(d, 'imds-support');
  const method = get(d, 'import-method');
  if (strOf(imds) === 'v2.0' && strOf(method) === 'image') {
    push(method!.offset, 'nodepool/aws-imdsv2-import', `diskimage "${strOf(get(d, 'name')) ?? '?'}": IMDSv2 requires the \`snapshot\` or \`ebs-direct\` import method`,
      'config-validate accepts this, but the launcher and builder fail to load it ("IMDSv2 requires \'snapshot\' or \'ebs-direct\' import method"). Use `import-method: snapshot`.');
  }
}

function awsLabelChecks(label: YMap, pool: YMap, where: string, push: Push): void {
  const dh = get(label, 'dedicated-host');
  if (truthy(dh)) {
    const spot = get(label, 'use-spot');
    if (truthy(spot)) {
      push(spot!.offset, 'nodepool/aws-dedicated-host', `${where}: \`dedicated-host\` cannot be combined with \`use-spot\``,
        'Nodepool rejects this at load time. Remove one of them.');
    }
    if (!truthy(get(pool, 'availability-zone'))) {
      push(dh!.offset, 'nodepool/aws-dedicated-host', `${where}: \`dedicated-host\` needs the pool's \`availability-zone\``,
        'Nodepool rejects this at load time. Set `availability-zone:` on the pool.');
    }
  }
}

/**
 * metastatic, as MetastaticProviderConfig.load checks it: across all pools of the provider, labels that share a
 * backing label must have equal backing settings (compared as Python values: `true == 1`, defaults filled in);
 * and `max-age`, when set and non-zero, must not be below `min-retention-time`.
 */
function metastaticChecks(pools: YMap[], where: string, push: Push): void {
  const keys: Array<[string, number | null]> = [['max-parallel-jobs', 1], ['grace-time', 60], ['min-retention-time', 0], ['max-age', null]];
  const byBacking = new Map<string, { label: string; pool: string; settings: Array<number | null | string> }>();
  for (const pool of pools) {
    const poolName = strOf(get(pool, 'name')) ?? '?';
    for (const l of maps(get(pool, 'labels'))) {
      const name = strOf(get(l, 'name')) ?? '?';
      const labelWhere = `${where}, pool "${poolName}", label "${name}"`;
      const settings = keys.map(([k, d]) => pyNumber(get(l, k), d));
      const [, , minRet, maxAge] = settings;
      if (typeof maxAge === 'number' && maxAge !== 0 && typeof minRet === 'number' && maxAge < minRet) {
        push(get(l, 'max-age')!.offset, 'nodepool/metastatic-max-age',
          `${labelWhere}: \`max-age\` (${maxAge}) is less than \`min-retention-time\` (${minRet})`,
          'Nodepool rejects this at load time. Raise `max-age` or lower `min-retention-time`.');
      }
      const backing = strOf(get(l, 'backing-label'));
      if (backing === undefined) continue;
      const first = byBacking.get(backing);
      if (first) {
        const differing = keys.map(([k]) => k).filter((_, i) => first.settings[i] !== settings[i]);
        if (differing.length) {
          const at = get(l, differing.find((k) => l.byKey.has(k)) ?? 'backing-label') ?? l;
          push(at.offset, 'nodepool/metastatic-backing-label',
            `${labelWhere}: backing label "${backing}" is also used by label "${first.label}" (pool "${first.pool}") with different ${differing.map((k) => `\`${k}\``).join(', ')}`,
            'Nodepool requires every label sharing a backing label to have identical settings ("Multiple label definitions for the same backing label must be identical").');
          continue;
        }
      }
      byBacking.set(backing, { label: name, pool: poolName, settings });
    }
  }
}

/** Software Factory builder: diskimages built with dib-ansible need their playbook and the inventory in the repo. */
function dibAnsibleChecks(root: YMap, push: Push, dib: NodepoolOptions['dibAnsible']): void {
  for (const d of maps(get(root, 'diskimages'))) {
    const name = strOf(get(d, 'name')) ?? '?';
    const cmdNode = get(d, 'dib-cmd') as YScalar | undefined;
    const cmd = strOf(cmdNode);
    if (cmd === undefined) continue;
    const parts = cmd.trim().split(/\s+/);
    if (parts[0] !== DIB_ANSIBLE) continue;
    const where = `diskimage "${name}"`;
    const playbook = parts[1];
    if (!playbook) {
      push(cmdNode!.offset, 'nodepool/dib-playbook', `${where}: \`dib-cmd\` names no playbook`,
        `Write \`dib-cmd: ${DIB_ANSIBLE} <playbook>.yaml\` with a playbook from nodepool/dib-ansible/.`);
    } else if (playbook.startsWith('/') || playbook.split('/').includes('..')) {
      push(cmdNode!.offset, 'nodepool/dib-playbook-path', `${where}: playbook path ${JSON.stringify(playbook)} leaves the config repo's dib-ansible directory`,
        'Name a playbook in nodepool/dib-ansible/ by its file name.');
    } else if (dib && !dib.playbooks.includes(playbook)) {
      push(cmdNode!.offset, 'nodepool/dib-playbook', `${where}: playbook ${dib.dir}/${playbook} does not exist`,
        hintFor(playbook, [...dib.playbooks], `dib-ansible runs the playbook from ${dib.dir}/ in the config repo; add it there.`));
    }
    if (dib && !dib.inventory) {
      push(cmdNode!.offset, 'nodepool/dib-inventory', `${where}: ${dib.dir}/inventory.yaml does not exist`,
        'dib-ansible exits with an error when the inventory of image-builders is missing; add it.');
    }
    for (const f of seqItems(get(d, 'formats'))) {
      const v = strOf(f);
      if (v !== undefined && v !== 'raw' && v !== 'qcow2') {
        push(f.offset, 'nodepool/dib-format', `${where}: format "${v}" is not supported by dib-ansible`,
          'sf-operator\'s dib-ansible builds only `raw` and `qcow2` images.');
      }
    }
  }
}

