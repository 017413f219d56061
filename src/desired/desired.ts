/**
 * Documents and secret inputs → the desired cluster state (ARCHITECTURE.md "What apply changes"). Pure.
 */
import {
  GENERATE_CONFIG,
  PROVIDERS_SECRET_ANNOTATION,
  SecretValue,
  TEKTON_DEFAULT_POD_TEMPLATE_KEY,
} from './types.js';
import type {
  DesiredConfigMap,
  DesiredExec,
  DesiredInput,
  DesiredNodePool,
  DesiredSecret,
  DesiredState,
  DesiredWorkload,
  Taint,
} from './types.js';
import { SECRET_KEYS } from '../core/provider-secrets.js';
import { desiredPlacement } from './placement.js';
import type { SecretKey } from '../core/provider-secrets.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareTaints(a: Taint, b: Taint): number {
  return cmp(a.key, b.key) || cmp(a.effect, b.effect);
}

/** A record with its keys in sorted order (so that every rendering and hash is independent of input order). */
export function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(r).sort(cmp)) out[k] = r[k];
  return out;
}

/** Long because it builds each desired object from the documents in one place, in the order apply writes them. */
export function desire(input: DesiredInput): DesiredState {
  const { settings } = input;
  const sf = settings.softwareFactory;
  const notes: string[] = [];

  // 1. The providers Secret: only the keys given (an empty value is "not given").
  let secret: DesiredSecret | undefined;
  const data: Partial<Record<SecretKey, SecretValue>> = {};
  for (const k of SECRET_KEYS) {
    const v = input.secrets[k];
    if (typeof v === 'string' && v !== '') data[k] = new SecretValue(v);
  }
  const remove: SecretKey[] = [];
  for (const k of SECRET_KEYS) {
    if (!(sf.removeProviderKeys ?? []).includes(k)) continue;
    if (data[k]) notes.push(`provider key ${k} is both given and listed in software-factory.remove-provider-keys: it is written, not removed; drop it from one of the two`);
    else remove.push(k);
  }
  if (Object.keys(data).length > 0 || remove.length > 0) secret = { namespace: sf.namespace, name: sf.providersSecret, data, remove };
  const workloads: DesiredWorkload[] = secret
    ? [
        { kind: 'Deployment', namespace: sf.namespace, name: sf.launcherDeployment, annotation: PROVIDERS_SECRET_ANNOTATION },
        { kind: 'StatefulSet', namespace: sf.namespace, name: sf.builderStatefulSet, annotation: PROVIDERS_SECRET_ANNOTATION },
      ]
    : [];

  // 2. The Nodepool config refresh, as sf-operator's config-update job runs it.
  const execs: DesiredExec[] = input.nodepoolChanged
    ? [
        {
          component: 'launcher',
          namespace: sf.namespace,
          podSelector: `run=${sf.launcherDeployment}`,
          container: 'launcher',
          command: [GENERATE_CONFIG, input.commit],
          env: {},
        },
        {
          component: 'builder',
          namespace: sf.namespace,
          pod: `${sf.builderStatefulSet}-0`,
          container: 'nodepool-builder',
          command: [GENERATE_CONFIG, input.commit],
          env: { NODEPOOL_CONFIG_FILE: 'nodepool-builder.yaml' },
        },
      ]
    : [];

  // 3 and 4. ConfigMaps: Tekton's config-defaults, then each per-repository pod template. Two files naming the same
  // ConfigMap are merged (a key both set: the later file, in path order, wins, and the plan says so).
  const byRef = new Map<string, DesiredConfigMap>();
  const addConfigMap = (cm: DesiredConfigMap): void => {
    const ref = `${cm.namespace}/${cm.name}`;
    const prev = byRef.get(ref);
    if (!prev) {
      byRef.set(ref, cm);
      return;
    }
    for (const [k, v] of Object.entries(cm.data)) {
      if (k in prev.data && prev.data[k] !== v) {
        notes.push(`ConfigMap ${ref}: key \`${k}\` is set by both ${describeFiles(prev.files)} and ${describeFiles(cm.files)}; the latter is planned`);
      }
      prev.data[k] = v;
    }
    for (const [k, v] of Object.entries(cm.labels)) prev.labels[k] = v;
    prev.files.push(...cm.files);
  };
  if (input.tektonDefaultPodTemplate !== undefined) {
    addConfigMap({
      namespace: settings.dispatch.tektonNamespace,
      name: settings.dispatch.tektonConfigMap,
      role: 'tekton-defaults',
      data: { [TEKTON_DEFAULT_POD_TEMPLATE_KEY]: input.tektonDefaultPodTemplate },
      labels: {},
      files: [settings.paths.cluster],
    });
  }
  const podTemplates = [...input.podTemplates].sort((a, b) => cmp(a.file ?? '', b.file ?? ''));
  for (const pt of podTemplates) {
    addConfigMap({
      namespace: pt.namespace,
      name: pt.name,
      role: 'pod-template',
      data: { [pt.key]: pt.value },
      labels: { ...(pt.labels ?? {}) },
      files: pt.file ? [pt.file] : [],
    });
  }
  const configMaps = [...byRef.values()]
    .map((cm) => ({ ...cm, data: sortedRecord(cm.data), labels: sortedRecord(cm.labels), files: [...new Set(cm.files)].sort(cmp) }))
    .sort((a, b) => (a.role === b.role ? 0 : a.role === 'tekton-defaults' ? -1 : 1) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));

  // 5. Node pools: the declared labels, and the declared taints unique by (key, effect) (the last one wins, as the
  // validator reports duplicates). A pool that declares nothing owns nothing on its nodes and is not read.
  const pools = new Map<string, DesiredNodePool>();
  for (const p of input.nodePools) {
    const prev = pools.get(p.name);
    const labels = { ...(prev?.labels ?? {}), ...p.labels };
    const taints = new Map<string, Taint>((prev?.taints ?? []).map((t) => [`${t.key}\u0000${t.effect}`, t]));
    for (const t of p.taints) {
      taints.set(`${t.key}\u0000${t.effect}`, { key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect });
    }
    pools.set(p.name, { name: p.name, labels, taints: [...taints.values()] });
  }
  const nodePools = [...pools.values()]
    .filter((p) => Object.keys(p.labels).length > 0 || p.taints.length > 0)
    .map((p) => ({ name: p.name, labels: sortedRecord(p.labels), taints: [...p.taints].sort(compareTaints) }))
    .sort((a, b) => cmp(a.name, b.name));

  // 6. Where the Dispatch components and CI pods should run: compared with the cluster, never written.
  const placement = desiredPlacement(input, settings);

  return {
    settings: { softwareFactory: { ...sf }, dispatch: { ...settings.dispatch }, nodes: settings.nodes ?? 'write', conflicts: settings.conflicts ?? 'refuse', ...(settings.target !== undefined ? { target: settings.target } : {}) },
    ...(input.owner ? { owner: { ...input.owner } } : {}),
    nodepoolFiles: [...(input.nodepoolFiles ?? [])].sort((a, b) => cmp(a.path, b.path)),
    commit: input.commit,
    secret,
    workloads,
    execs,
    configMaps,
    nodePools,
    verify: { nodepoolLabels: [...input.nodepoolLabels], unoffered: [...(input.nodepoolUnoffered ?? [])] },
    notes,
    ...(placement ? { placement } : {}),
  };
}

function describeFiles(files: string[]): string {
  return files.length ? files.join(', ') : 'an input';
}
