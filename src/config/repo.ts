/**
 * Finding and reading the config repo's files. This is the only module that reads config files from disk;
 * everything after it works on the returned text.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { RuleId } from '../core/rules.js';
import { makeSource, makeSource as makeFreshSource, readOnce } from './source.js';
import type { SourceCache } from './source.js';
import type { SourceFile } from './source.js';
import { DEFAULT_SETTINGS, SETTINGS_FILE, settingsFrom, settingsSchema, targetProblem, ZUUL_CONF_ROOTS } from './settings.js';
import type { FileKind, Settings } from './settings.js';
import { parseYaml, toJS } from './yaml.js';
import type { ParsedYaml, YNode } from './yaml.js';
import type { CheckContext } from './schema.js';

/** Files larger than this are refused before parsing (a config repo file is kilobytes to a few megabytes). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export interface RepoFile {
  kind: FileKind;
  source: SourceFile;
}

/**
 * A file's YAML documents, with positions: parsed on first use and kept, so that each file is parsed once however
 * many checks read it. (Nodepool files are read after Nodepool's `%(NODEPOOL_*)` substitution, in their validator.)
 */
export function documentsOf(file: RepoFile): ParsedYaml {
  return yamlOf(file.source);
}

/** A source's YAML, parsed once per SourceFile. */
function yamlOf(source: SourceFile): ParsedYaml {
  return readOnce(source, 'yaml', source.text, () => parseYaml(source));
}

export interface LoadedRepo {
  /** Absolute path of the repo root on disk (never printed; diagnostics use repo-relative paths). */
  root: string;
  settings: Settings;
  settingsSource?: SourceFile;
  files: RepoFile[];
  /** Problems found while finding and reading files (missing required files, unreadable files, path escapes). */
  diagnostics: Diagnostic[];
  /** Things said once: a missing optional file is skipped. */
  notices: string[];
}

function fileDiagnostic(file: string, rule: RuleId, message: string, hint?: string): Diagnostic {
  return { rule, severity: 'error', file, line: 0, column: 0, message, ...(hint ? { hint } : {}) };
}

/** A path that names something outside the repo: absolute, or going up with `..`. */
function escapes(rel: string): boolean {
  return path.isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || rel.split(/[\\/]/).includes('..');
}

function escapeDiagnostic(rel: string): Diagnostic {
  return fileDiagnostic(rel, 'repo/path-escape', `path ${JSON.stringify(rel)} leaves the config repo`,
    'Use a path relative to the repo root, without `..`: nothing outside the repo is read.');
}

/**
 * Why the config repo at `root` may not be read for a run confined to `workspace` (the checkout): it, or a symbolic
 * link on the way to it, leads outside. `root` is taken as the run takes it (from the current directory, which is the
 * workspace on GitHub). Undefined when it is inside (or does not exist: loading says so).
 */
export function outsideWorkspace(root: string, workspace: string, name = 'config-path'): string | undefined {
  let real: string;
  let realWorkspace: string;
  try {
    real = realpathSync(path.resolve(root));
    realWorkspace = realpathSync(workspace);
  } catch {
    return undefined;
  }
  const prefix = realWorkspace.endsWith(path.sep) ? realWorkspace : realWorkspace + path.sep;
  if (real === realWorkspace || real.startsWith(prefix)) return undefined;
  return `${name} ${JSON.stringify(root)} leads outside the workspace (through a symbolic link, or as an absolute path): ` +
    'only the checked-out repository is read; point it at a directory of the checkout';
}

export type ReadResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/**
 * Read a text file of the repo, refusing anything outside the repo (`..`, absolute paths, symlinks that lead out),
 * anything too large, and anything that is not UTF-8 text.
 */
export function readRepoText(root: string, relPath: string): ReadResult {
  const shown = relPath;
  if (escapes(relPath)) return { ok: false, diagnostic: escapeDiagnostic(relPath) };
  const abs = path.join(root, relPath);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return { ok: false, diagnostic: fileDiagnostic(shown, 'repo/missing', `${shown} does not exist`) };
  }
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return {
      ok: false,
      diagnostic: fileDiagnostic(shown, 'repo/path-escape', `${shown} is a symbolic link that leads outside the config repo`,
        'Replace the link with the file itself: nothing outside the repo is read.'),
    };
  }
  const st = statSync(real);
  if (!st.isFile()) {
    return { ok: false, diagnostic: fileDiagnostic(shown, 'repo/not-a-file', `${shown} is not a regular file`) };
  }
  if (st.size > MAX_FILE_BYTES) {
    return {
      ok: false,
      diagnostic: fileDiagnostic(shown, 'repo/too-large',
        `${shown} is ${(st.size / 1048576).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1048576} MiB`,
        'A configuration file this large is almost certainly a mistake.'),
    };
  }
  return decodeText(shown, readFileSync(real));
}

/** UTF-8 text without NUL bytes, or a positioned diagnostic. */
export function decodeText(file: string, bytes: Uint8Array): ReadResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Find the first bad byte to say where it is.
    let offset = 0;
    for (let end = 1; end <= bytes.length; end++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
        offset = end;
      } catch {
        if (end - offset > 4) break;
      }
    }
    const before = Buffer.from(bytes.subarray(0, offset)).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return {
      ok: false,
      diagnostic: { rule: 'yaml/encoding', severity: 'error', file, line, column,
        message: `${file} is not valid UTF-8 (bad byte at line ${line}, column ${column})`,
        hint: 'Save the file as UTF-8.' },
    };
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const before = text.slice(0, nul);
    const line = before.split('\n').length;
    const column = nul - before.lastIndexOf('\n');
    return {
      ok: false,
      diagnostic: { rule: 'yaml/encoding', severity: 'error', file, line, column,
        message: `${file} contains a NUL byte at line ${line}, column ${column}`,
        hint: 'The file looks binary; YAML files are text.' },
    };
  }
  return { ok: true, text };
}

function exists(root: string, rel: string): 'file' | 'dir' | 'none' {
  try {
    const st = lstatSync(path.join(root, rel));
    if (st.isSymbolicLink()) {
      const t = statSync(path.join(root, rel));
      return t.isDirectory() ? 'dir' : 'file';
    }
    return st.isDirectory() ? 'dir' : 'file';
  } catch {
    return 'none';
  }
}

/** Load the config repo at `root`: settings, then every file of the layout that exists. */
export interface LoadOptions {
  /**
   * On a pull request: the text of `.pool-reconciler.yaml` on the base branch (null: it has none). The settings that
   * name cluster objects (namespaces, Secrets, the launcher and builder, Tekton's ConfigMap) are taken from it, not
   * from the pull request: a pull request must not choose which Secret is read as the builder key.
   */
  baseSettings?: string | null;
  /** The target whose view of the repo to load (its overrides of the settings); undefined: the top level. */
  target?: string;
  /** The run's sources: loads of several targets' views share each file's SourceFile, so each is parsed once. */
  sources?: SourceCache;
}

/** The settings of a `.pool-reconciler.yaml` text, without its diagnostics (the base branch's was checked there). */
export function settingsOfText(text: string | null, target?: string): Settings {
  if (text === null) return settingsFrom(undefined, target);
  const parsed = parseYaml(makeSource(SETTINGS_FILE, text));
  const doc = parsed.documents[0]?.root ?? null;
  return settingsFrom(doc && !parsed.diagnostics.some((d) => d.severity === 'error') ? toJS(doc) : undefined, target);
}

/** Where a target's `pools:` names each pool in the settings file (for the finding when cluster.yaml lacks one). */
function poolOffsets(doc: YNode, target: string): Map<string, number> {
  const out = new Map<string, number>();
  const t = doc.kind === 'map' ? doc.byKey.get('targets')?.value : undefined;
  const spec = t?.kind === 'map' ? t.byKey.get(target)?.value : undefined;
  const pools = spec?.kind === 'map' ? spec.byKey.get('pools')?.value : undefined;
  if (pools?.kind === 'seq') for (const item of pools.items) if (item.kind === 'scalar' && typeof item.value === 'string') out.set(item.value, item.offset);
  return out;
}

/** The settings that name cluster objects (namespaces, Secrets, workloads, ConfigMaps). */
const CLUSTER_NAME_SETTINGS: Array<['softwareFactory', Array<keyof Settings['softwareFactory']>] | ['dispatch', Array<keyof Settings['dispatch']>]> = [
  ['softwareFactory', ['namespace', 'providersSecret', 'builderSshKeySecret', 'launcherDeployment', 'builderStatefulSet']],
  ['dispatch', ['tektonNamespace', 'tektonConfigMap', 'namespace', 'components']],
];

/** The cluster-object settings of `base` put over `settings`; a notice for each one the pull request changes. */
function withBaseClusterNames(settings: Settings, base: Settings, notices: string[]): Settings {
  const changed: string[] = [];
  for (const [group, keys] of CLUSTER_NAME_SETTINGS) {
    const from = base[group] as unknown as Record<string, string>;
    const to = settings[group] as unknown as Record<string, string>;
    for (const k of keys) if (JSON.stringify(from[k]) !== JSON.stringify(to[k])) changed.push(`${group === 'softwareFactory' ? 'software-factory' : 'dispatch'} ${k}: ${JSON.stringify(to[k])} (base branch: ${JSON.stringify(from[k])})`);
  }
  if (changed.length) {
    notices.push(`${SETTINGS_FILE} in this pull request changes the cluster objects it names (${changed.join('; ')}); on a pull request they are taken from the base branch, so this plan uses the base branch's: the change takes effect after merge`);
  }
  return {
    ...settings,
    softwareFactory: { ...base.softwareFactory },
    dispatch: { ...settings.dispatch, tektonNamespace: base.dispatch.tektonNamespace, tektonConfigMap: base.dispatch.tektonConfigMap, namespace: base.dispatch.namespace, components: structuredClone(base.dispatch.components) },
  };
}

/**
 * Long because it resolves the settings, then every configured path with the same confinement checks, in the order
 * the diagnostics should come.
 */
export function loadRepo(root: string, options: LoadOptions = {}): LoadedRepo {
  const makeSource = options.sources ? options.sources.source.bind(options.sources) : makeFreshSource;
  const diagnostics: Diagnostic[] = [];
  const notices: string[] = [];
  let settings: Settings = settingsFrom(undefined);
  let settingsSource: SourceFile | undefined;

  if (exists(root, SETTINGS_FILE) === 'file') {
    const read = readRepoText(root, SETTINGS_FILE);
    if (!read.ok) diagnostics.push(read.diagnostic);
    else {
      settingsSource = makeSource(SETTINGS_FILE, read.text);
      const parsed = yamlOf(settingsSource);
      diagnostics.push(...parsed.diagnostics);
      const doc = parsed.documents[0]?.root ?? null;
      if (doc) {
        const cx: CheckContext<'settings'> = { source: settingsSource, diagnostics, rulePrefix: 'settings', where: [] };
        settingsSchema.check(doc, cx, [], 0);
        settings = settingsFrom(toJS(doc), options.target);
        // A run for a target the settings do not declare would plan the top level's view for that cluster: refused.
        const problem = options.target !== undefined ? targetProblem(settings, options.target, 'the target') : undefined;
        if (problem) diagnostics.push(fileDiagnostic(SETTINGS_FILE, 'settings/unknown-target', problem, 'Name one of the targets the settings declare (`pool-reconciler targets` lists them).'));
        if (settings.pools && options.target !== undefined) {
          const at = poolOffsets(doc, options.target);
          settings.pools = settings.pools.map((p) => ({ ...p, ...(at.has(p.name) ? { offset: at.get(p.name) } : {}) }));
        }
      }
    }
  }

  if (options.baseSettings !== undefined) settings = withBaseClusterNames(settings, settingsOfText(options.baseSettings, options.target), notices);

  const files: RepoFile[] = [];
  const present = new Set<FileKind>();
  const single: Array<[FileKind, keyof Settings['paths']]> = [
    ['nodepool', 'nodepool'],
    ['nodepool-builder', 'nodepoolBuilder'],
    ['inventory', 'inventory'],
    ['known-hosts', 'knownHosts'],
    ['cluster', 'cluster'],
  ];
  const said = { diagnostics, notices };
  for (const [kind, key] of single) {
    const rel = configuredPath(root, settings, key, 'file', said, 'its checks are skipped');
    if (rel === undefined) continue;
    present.add(kind);
    const read = readRepoText(root, rel);
    if (!read.ok) diagnostics.push(read.diagnostic);
    else files.push({ kind, source: makeSource(rel, read.text) });
  }

  // Directories of several files: pod templates and image-build playbooks.
  const dirs: Array<[FileKind, keyof Settings['paths']]> = [
    ['pod-template', 'podTemplates'],
    ['playbook', 'dibAnsible'],
  ];
  for (const [kind, key] of dirs) {
    const rel = configuredPath(root, settings, key, 'dir', said, kind === 'pod-template' ? 'no per-repository pod templates' : undefined);
    if (rel === undefined) continue;
    const dirCheck = readRepoDir(root, rel);
    if (!dirCheck.ok) {
      diagnostics.push(dirCheck.diagnostic);
      continue;
    }
    for (const name of dirCheck.names) {
      if (!/\.ya?ml$/.test(name)) continue;
      const fileRel = `${rel}/${name}`;
      if (kind === 'playbook' && fileRel === settings.paths.inventory) continue;
      const read = readRepoText(root, fileRel);
      if (!read.ok) diagnostics.push(read.diagnostic);
      else files.push({ kind, source: makeSource(fileRel, read.text) });
    }
  }

  files.push(...zuulFiles(root, settings, said));

  if (!present.has('nodepool') && !present.has('nodepool-builder') && !present.has('cluster')) {
    diagnostics.push(fileDiagnostic('.', 'repo/empty',
      `no configuration found: none of ${settings.paths.nodepool}, ${settings.paths.nodepoolBuilder} or ${settings.paths.cluster} exists`,
      `Point the tool at the config repo's root, or set the paths in ${SETTINGS_FILE}.`));
  }

  return { root, settings, settingsSource, files, diagnostics, notices };
}

/**
 * A configured path, when it is there (a file or anything else for `file`: reading it says what is wrong; a
 * directory for `dir`). Otherwise what is said about it (a path that leaves the repo; a missing path that
 * `.pool-reconciler.yaml` names or requires; a notice `skipped` for a default one) and undefined.
 */
function configuredPath(
  root: string,
  settings: Settings,
  key: keyof Settings['paths'],
  want: 'file' | 'dir',
  said: { diagnostics: Diagnostic[]; notices: string[] },
  skipped: string | undefined,
): string | undefined {
  const rel = settings.paths[key];
  if (escapes(rel)) {
    said.diagnostics.push(escapeDiagnostic(rel));
    return undefined;
  }
  const state = exists(root, rel);
  if (want === 'dir' ? state === 'dir' : state !== 'none') return rel;
  const shown = want === 'dir' ? `${rel}/` : rel;
  if (settings.explicit.has(key) || settings.required.has(key)) {
    said.diagnostics.push(fileDiagnostic(rel, 'repo/missing', `${shown} does not exist`,
      settings.explicit.has(key) ? `${SETTINGS_FILE} names it; create it or fix the path.` : `${SETTINGS_FILE} requires it.`));
  } else if (skipped !== undefined) said.notices.push(`${shown} not found: ${skipped}`);
  return undefined;
}

function readRepoDir(root: string, rel: string): { ok: true; names: string[] } | { ok: false; diagnostic: Diagnostic } {
  if (escapes(rel)) return { ok: false, diagnostic: escapeDiagnostic(rel) };
  const real = realpathSync(path.join(root, rel));
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return { ok: false, diagnostic: fileDiagnostic(rel, 'repo/path-escape', `${rel} is a symbolic link that leads outside the config repo`) };
  }
  return { ok: true, names: readdirSync(real).sort() };
}

/** More files than any Zuul config directory holds: the walk stops there (a hostile or mistaken tree). */
const MAX_ZUUL_FILES = 5000;

/**
 * The `.yaml` files of a Zuul config directory as Zuul's merger lists them (merger.Repo.getFiles): every file ending in
 * `.yaml` at any depth, except those under a directory holding a `.zuul.ignore` file (pruned by path prefix, as
 * Zuul does), sorted by path. Symbolic links to directories are not followed (git stores them as links).
 */
function zuulDirFiles(root: string, rel: string): string[] {
  const found: string[] = [];
  const ignored: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (found.length > MAX_ZUUL_FILES) return;
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.zuul.ignore')) ignored.push(dir);
      else if (p.endsWith('.yaml') && (e.isFile() || e.isSymbolicLink())) found.push(p);
    }
  };
  walk(rel);
  return found.filter((f) => !ignored.some((prefix) => f.startsWith(prefix))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Zuul's config files (kind `zuul`): the path `.pool-reconciler.yaml` sets, else Zuul's own lookup, the first of
 * `zuul.yaml`, `zuul.d/`, `.zuul.yaml`, `.zuul.d/` with a non-empty file. Zuul ignores the others (with a
 * configuration warning): so do we, with a warning.
 */
function zuulFiles(root: string, settings: Settings, said: { diagnostics: Diagnostic[]; notices: string[] }): RepoFile[] {
  const explicit = settings.explicit.has('zuul') || settings.required.has('zuul');
  const roots = settings.explicit.has('zuul') ? [settings.paths.zuul] : [...ZUUL_CONF_ROOTS];
  const out: RepoFile[] = [];
  let loaded: string | undefined;
  for (const rel of roots) {
    if (escapes(rel)) {
      said.diagnostics.push(escapeDiagnostic(rel));
      continue;
    }
    const state = exists(root, rel);
    if (state === 'none') continue;
    const names = state === 'dir' ? zuulDirFiles(root, rel) : [rel];
    const read: RepoFile[] = [];
    for (const name of names) {
      const r = readRepoText(root, name);
      if (!r.ok) said.diagnostics.push(r.diagnostic);
      else if (r.text !== '') read.push({ kind: 'zuul', source: makeSource(name, r.text) });
    }
    if (!read.length && !names.length) continue;
    if (loaded !== undefined) {
      said.diagnostics.push({
        rule: 'zuul/ignored-config', severity: 'warning', file: rel, line: 0, column: 0,
        message: `${rel}${state === 'dir' ? '/' : ''} is ignored: Zuul reads only one config root per branch, and ${loaded} comes first (zuul.yaml, zuul.d/, .zuul.yaml, .zuul.d/)`,
        hint: `Move its content into ${loaded}, or remove it.`,
      });
      continue;
    }
    if (read.length) loaded = `${rel}${state === 'dir' ? '/' : ''}`;
    out.push(...read);
  }
  if (loaded === undefined && explicit && !out.length && !roots.some((r) => exists(root, r) !== 'none')) {
    said.diagnostics.push(fileDiagnostic(settings.paths.zuul, 'repo/missing', `${settings.paths.zuul} does not exist`,
      settings.explicit.has('zuul') ? `${SETTINGS_FILE} names it; create it or fix the path.` : `${SETTINGS_FILE} requires it.`));
  }
  return out;
}

/** The kind of a single file given on the command line, from its path. */
export function kindFromPath(p: string, settings: Settings = DEFAULT_SETTINGS): FileKind | undefined {
  const norm = p.replace(/\\/g, '/');
  const base = norm.split('/').pop() ?? '';
  if (norm.endsWith(settings.paths.nodepoolBuilder) || base === 'nodepool-builder.yaml') return 'nodepool-builder';
  if (norm.endsWith(settings.paths.nodepool) || base === 'nodepool.yaml') return 'nodepool';
  if (base === 'inventory.yaml' || base === 'inventory.yml') return 'inventory';
  if (base === 'known_hosts') return 'known-hosts';
  if (base === 'cluster.yaml' || base === 'cluster.yml') return 'cluster';
  if (norm.includes('/pod-templates/') || norm.startsWith('pod-templates/')) return 'pod-template';
  if (norm.includes('/dib-ansible/')) return 'playbook';
  if (base === 'zuul.yaml' || base === '.zuul.yaml' || /(^|\/)\.?zuul\.d\//.test(norm)) return 'zuul';
  return undefined;
}

/** Read one file given on the command line (outside any repo checks). */
export function loadSingleFile(filePath: string, kind: FileKind, shownAs: string = filePath): { file?: RepoFile; diagnostics: Diagnostic[] } {
  let bytes: Buffer;
  try {
    const st = statSync(filePath);
    if (!st.isFile()) return { diagnostics: [fileDiagnostic(shownAs, 'repo/not-a-file', `${shownAs} is not a regular file`)] };
    if (st.size > MAX_FILE_BYTES) {
      return { diagnostics: [fileDiagnostic(shownAs, 'repo/too-large', `${shownAs} is ${(st.size / 1048576).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1048576} MiB`)] };
    }
    bytes = readFileSync(filePath);
  } catch {
    return { diagnostics: [fileDiagnostic(shownAs, 'repo/missing', `${shownAs} does not exist`)] };
  }
  const decoded = decodeText(shownAs, bytes);
  if (!decoded.ok) return { diagnostics: [decoded.diagnostic] };
  return { file: { kind, source: makeSource(shownAs, decoded.text) }, diagnostics: [] };
}

/** The settings of the repo at `root` (defaults when it has none, or they do not read: loading says why). */
export function repoSettings(root: string, target?: string): Settings {
  if (exists(root, SETTINGS_FILE) !== 'file') return settingsFrom(undefined, target);
  const read = readRepoText(root, SETTINGS_FILE);
  return settingsOfText(read.ok ? read.text : null, target);
}
