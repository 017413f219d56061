/**
 * The adapter from a loaded and validated config repo to a DesiredInput: it reads the validators' models (node
 * pools, the Dispatch addon's default pod template, the pod-template ConfigMaps), so each file is parsed once.
 * Validation has already said what is wrong with them; a missing piece the plan needs is reported here.
 */
import type { LoadedRepo } from '../config/repo.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { ValidationResult } from '../validate/index.js';
import type { NodepoolModel } from '../validate/nodepool.js';
import type { SecretKey } from '../core/provider-secrets.js';
import type { Owner } from '../core/owner.js';
import { PARSED_NODEPOOL } from './types.js';
import type { DesiredInput, NodepoolFile, PlacementSpec } from './types.js';
import type { SelectorEntry, TolerationEntry } from '../validate/k8s-yaml.js';

/** The DesiredInput of a validated repo (from the validators' models), and problems that keep part of it from being planned. */
export function desiredInputFrom(
  repo: LoadedRepo,
  validation: Pick<ValidationResult, 'nodepool' | 'cluster' | 'podTemplates'> & Partial<Pick<ValidationResult, 'nodepoolBuilder'>>,
  extra: { commit: string; secrets: Partial<Record<SecretKey, string>>; owner?: Owner },
): { input: DesiredInput; diagnostics: Diagnostic[] } {
  const { settings } = repo;
  const diagnostics: Diagnostic[] = [];
  const input: DesiredInput = {
    settings,
    ...(extra.owner ? { owner: extra.owner } : {}),
    commit: extra.commit,
    secrets: { ...extra.secrets },
    ...nodepoolLabelsOf(validation.nodepool),
    nodepoolChanged: repo.files.some((f) => f.kind === 'nodepool' || f.kind === 'nodepool-builder'),
    nodepoolFiles: nodepoolFilesOf(repo, validation),
    nodePools: [],
    podTemplates: [],
  };
  const cluster = validation.cluster;
  if (cluster) {
    input.nodePools = cluster.pools.map((p) => ({
      name: p.name,
      labels: Object.fromEntries(p.labels.map((l) => [l.key, l.value])),
      taints: p.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })),
    }));
    const addon = cluster.dispatch;
    if (addon && addon.enabled !== false && addon.defaultPodTemplate) input.tektonDefaultPodTemplate = addon.defaultPodTemplate.raw;
    if (addon && addon.enabled !== false) {
      // The validator's reading of the values (one parse): each component's and the default template's placement.
      const def = addon.defaultPodTemplate?.template;
      input.dispatch = {
        components: addon.components.map((c) => ({ name: c.name, ...placementOf(c) })),
        ...(def ? { defaultPodTemplate: placementOf(def) } : {}),
      };
    }
  }
  for (const t of validation.podTemplates) {
    if (!t.name || t.raw === undefined) continue; // validation reports these
    if (!t.namespace) {
      const at = t.metadataPos ?? t.pos;
      diagnostics.push({
        rule: 'plan/pod-template-namespace',
        severity: 'error',
        file: t.file,
        line: at.line,
        column: at.column,
        message: `ConfigMap ${JSON.stringify(t.name)} has no metadata.namespace: the plan cannot tell where it goes`,
        hint: 'Set metadata.namespace to the namespace of the Dispatch Repository that uses this pod template (the ConfigMap must be in the same namespace).',
      });
      continue;
    }
    input.podTemplates.push({ name: t.name, namespace: t.namespace, key: t.dataKey, value: t.raw, labels: t.labels ?? {}, file: t.file, ...(t.template ? { placement: placementOf(t.template) } : {}) });
  }
  return { input, diagnostics };
}

/** The valid tolerations and the nodeSelector the validator read (a component of the values, or a pod template). */
function placementOf(t: { tolerations: TolerationEntry[]; nodeSelector: SelectorEntry[] }): PlacementSpec {
  return {
    tolerations: t.tolerations.filter((e) => e.valid).map((e) => ({ ...e.toleration })),
    nodeSelector: Object.fromEntries(t.nodeSelector.map((e) => [e.key, e.value])),
  };
}

/** The files generate-config.sh deploys for Nodepool: nodepool.yaml, nodepool-builder.yaml, the dib-ansible playbooks and inventory. */
export function nodepoolFilesOf(repo: Pick<LoadedRepo, 'files'>, validation?: Partial<Pick<ValidationResult, 'nodepool' | 'nodepoolBuilder'>>): NodepoolFile[] {
  return repo.files
    .filter((f) => f.kind === 'nodepool' || f.kind === 'nodepool-builder' || f.kind === 'playbook' || f.kind === 'inventory')
    .map((f) => {
      const file: NodepoolFile = { path: f.source.path, text: f.source.text, semantic: f.kind === 'nodepool' || f.kind === 'nodepool-builder' };
      // The validator's parse, unless %(NODEPOOL_*) substitution made it differ from the text as written.
      const model = f.kind === 'nodepool' ? validation?.nodepool : f.kind === 'nodepool-builder' ? validation?.nodepoolBuilder : undefined;
      if (model?.root && model.file === f.source.path && !f.source.text.includes('%(NODEPOOL_')) PARSED_NODEPOOL.set(file, model.root);
      return file;
    });
}

/** The top-level labels of nodepool.yaml, split: those a provider pool offers (Nodepool lists them), and the rest. */
function nodepoolLabelsOf(model: NodepoolModel | undefined): { nodepoolLabels: string[]; nodepoolUnoffered: string[] } {
  const offered = new Set(model?.poolLabels.map((l) => l.name));
  const names = [...new Set(model?.labels.map((l) => l.name))];
  return { nodepoolLabels: names.filter((n) => offered.has(n)), nodepoolUnoffered: names.filter((n) => !offered.has(n)) };
}
