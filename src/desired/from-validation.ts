/**
 * The adapter from a loaded and validated config repo to a DesiredInput. It reads the documents as plain data
 * (`toJS`) rather than the validators' models, so it does not depend on their shapes; validation has already said
 * what is wrong with them, so anything malformed here is skipped (and a missing piece the plan needs is reported).
 */
import { makeSource, positionOf } from '../config/source.js';
import type { LoadedRepo, RepoFile } from '../config/repo.js';
import { parseYaml, toJS } from '../config/yaml.js';
import type { YMap } from '../config/yaml.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ValidationResult } from '../validate/index.js';
import type { DesiredInput, SecretKey, Taint } from './types.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

function documents(file: RepoFile): Array<{ data: unknown; root: YMap | undefined }> {
  const parsed = parseYaml(file.source);
  return parsed.documents
    .filter((d) => d.root !== null)
    .map((d) => ({ data: toJS(d.root), root: d.root?.kind === 'map' ? d.root : undefined }));
}

/** `[{key, value}]` (Konvoy) or a `{key: value}` mapping. */
function labelRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const l of v) {
      if (isRecord(l) && typeof l.key === 'string') out[l.key] = str(l.value) ?? '';
    }
  } else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      const s = str(x);
      if (s !== undefined) out[k] = s;
    }
  }
  return out;
}

function taintList(v: unknown): Taint[] {
  if (!Array.isArray(v)) return [];
  const out: Taint[] = [];
  for (const t of v) {
    if (!isRecord(t) || typeof t.key !== 'string' || typeof t.effect !== 'string') continue;
    const value = str(t.value);
    out.push({ key: t.key, ...(value ? { value } : {}), effect: t.effect });
  }
  return out;
}

interface ClusterData {
  nodePools: DesiredInput['nodePools'];
  tektonDefaultPodTemplate?: string;
}

function fromCluster(file: RepoFile, addonName: string): ClusterData {
  const out: ClusterData = { nodePools: [] };
  for (const { data } of documents(file)) {
    if (!isRecord(data) || data.kind !== 'ClusterConfiguration' || !isRecord(data.spec)) continue;
    const spec = data.spec;
    if (Array.isArray(spec.nodePools)) {
      for (const p of spec.nodePools) {
        if (!isRecord(p) || typeof p.name !== 'string') continue;
        out.nodePools.push({ name: p.name, labels: labelRecord(p.labels), taints: taintList(p.taints) });
      }
    }
    // `addons` is a list of addon repositories (older docs: a single object), each with an `addonsList`.
    const repos = Array.isArray(spec.addons) ? spec.addons : isRecord(spec.addons) ? [spec.addons] : [];
    for (const r of repos) {
      if (!isRecord(r) || !Array.isArray(r.addonsList)) continue;
      for (const a of r.addonsList) {
        if (!isRecord(a) || a.name !== addonName || a.enabled === false || typeof a.values !== 'string') continue;
        const values = parseYaml(makeSource(file.source.path, a.values)).documents[0]?.root ?? null;
        const v = toJS(values);
        const tpl = isRecord(v) && isRecord(v.tekton) && isRecord(v.tekton.configs) ? v.tekton.configs.defaultPodTemplate : undefined;
        if (typeof tpl === 'string') out.tektonDefaultPodTemplate = tpl;
      }
    }
  }
  return out;
}

/** The DesiredInput of a validated repo, and problems that keep part of it from being planned. */
export function desiredInputFrom(
  repo: LoadedRepo,
  validation: Pick<ValidationResult, 'nodepool'>,
  extra: { commit: string; secrets: Partial<Record<SecretKey, string>> },
): { input: DesiredInput; diagnostics: Diagnostic[] } {
  const { settings } = repo;
  const diagnostics: Diagnostic[] = [];
  const input: DesiredInput = {
    settings,
    commit: extra.commit,
    secrets: { ...extra.secrets },
    nodepoolLabels: validation.nodepool?.labels.map((l) => l.name) ?? [],
    nodepoolChanged: repo.files.some((f) => f.kind === 'nodepool' || f.kind === 'nodepool-builder'),
    nodePools: [],
    podTemplates: [],
  };
  const cluster = repo.files.find((f) => f.kind === 'cluster');
  if (cluster) {
    const c = fromCluster(cluster, settings.dispatch.addonName);
    input.nodePools = c.nodePools;
    if (c.tektonDefaultPodTemplate !== undefined) input.tektonDefaultPodTemplate = c.tektonDefaultPodTemplate;
  }
  const key = settings.dispatch.podTemplateKey;
  for (const file of repo.files.filter((f) => f.kind === 'pod-template')) {
    const doc = documents(file)[0];
    if (!doc || !isRecord(doc.data)) continue;
    const meta = isRecord(doc.data.metadata) ? doc.data.metadata : {};
    const data = isRecord(doc.data.data) ? doc.data.data : {};
    const name = str(meta.name);
    const value = data[key];
    if (!name || typeof value !== 'string') continue; // validation reports these
    const namespace = str(meta.namespace);
    if (!namespace) {
      const node = doc.root?.byKey.get('metadata')?.key ?? doc.root;
      const pos = node ? positionOf(file.source, node.offset) : { line: 0, column: 0 };
      diagnostics.push({
        rule: 'plan/pod-template-namespace',
        severity: 'error',
        file: file.source.path,
        line: pos.line,
        column: pos.column,
        message: `ConfigMap ${JSON.stringify(name)} has no metadata.namespace: the plan cannot tell where it goes`,
        hint: 'Set metadata.namespace to the namespace of the Dispatch Repository that uses this pod template (the ConfigMap must be in the same namespace).',
      });
      continue;
    }
    input.podTemplates.push({ name, namespace, key, value, labels: labelRecord(meta.labels), file: file.source.path });
  }
  return { input, diagnostics };
}
