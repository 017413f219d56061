/**
 * Tekton pod templates: the per-repository ConfigMaps of `dispatch/pod-templates/*.yaml` (the template is YAML in a
 * data key, `template` in the common setup, `default-pod-template` by default), and the shared check of a pod
 * template's body, also used for the Tekton `defaultPodTemplate` of the Dispatch addon values in `cluster.yaml`.
 *
 * A pod template holds Tekton's fields only (pkg/apis/pipeline/pod Template): nodeSelector, env, tolerations,
 * affinity, securityContext, volumes, runtimeClassName, automountServiceAccountToken, dnsPolicy, dnsConfig,
 * enableServiceLinks, priorityClassName, schedulerName, imagePullSecrets, hostAliases, hostNetwork,
 * topologySpreadConstraints. Tekton ignores anything else silently, so an unknown field is an error here.
 */
import { parseEmbeddedYaml } from '../config/embedded.js';
import type { Container } from '../config/embedded.js';
import { documentsOf } from '../config/repo.js';
import type { RepoFile } from '../config/repo.js';
import type { Settings } from '../config/settings.js';
import { toJS } from '../config/yaml.js';
import type { YMap, YNode } from '../config/yaml.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../core/k8s.js';
import {
  asMap,
  dig,
  isNull,
  kbool,
  kint,
  kint64,
  kstr,
  posOf,
  readLabelMap,
  readTolerations,
  strOf,
  tolerationSchema,
} from './k8s-yaml.js';
import type { Pos, SelectorEntry, TolerationEntry } from './k8s-yaml.js';
import { anything, dict, list, object, oneOf, report, required } from '../config/schema.js';
import type { CheckContext, Field, Path } from '../config/schema.js';
import { didYouMean } from '../core/suggest.js';

export const POD_TEMPLATE_RULE_PREFIX = 'pod-template';

/** One requirement of a node selector term (node affinity). */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

/** A pod template's body as data, with the parts the cross-checks need and where they are. */
export interface PodSpecModel {
  /** The whole template as plain data (what Tekton reads). */
  data: Record<string, unknown>;
  tolerations: TolerationEntry[];
  /** Where `tolerations:` is written (the key), when it is. */
  tolerationsPos?: Pos;
  nodeSelector: SelectorEntry[];
  /** `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms` (ORed terms of ANDed requirements). */
  requiredNodeAffinity?: NodeSelectorRequirement[][];
  /** The template's start. */
  pos: Pos;
}

export interface PodTemplateModel {
  file: string;
  /** The ConfigMap's start. */
  pos: Pos;
  name?: string;
  namespace?: string;
  /** The data key read (from settings). */
  dataKey: string;
  /** Where `metadata:` is written. */
  metadataPos?: Pos;
  /** The ConfigMap's own labels (`metadata.labels`). */
  labels?: Record<string, string>;
  /** The template text as written in the data key. */
  raw?: string;
  /** Where the data key is. */
  rawPos?: Pos;
  template?: PodSpecModel;
}

const nodeSelectorRequirement = object({
  key: required(kstr()),
  operator: required(oneOf('In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt')),
  values: list(kstr()),
});

const nodeSelectorTerm = object({
  matchExpressions: list(nodeSelectorRequirement),
  matchFields: list(nodeSelectorRequirement),
});

const affinitySchema = object({
  nodeAffinity: object({
    requiredDuringSchedulingIgnoredDuringExecution: object({ nodeSelectorTerms: required(list(nodeSelectorTerm)) }),
    preferredDuringSchedulingIgnoredDuringExecution: list(
      object({ weight: required(kint(1, 100)), preference: required(nodeSelectorTerm) }),
    ),
  }),
  podAffinity: dict(),
  podAntiAffinity: dict(),
});

const podSecurityContextSchema = object({
  runAsUser: kint64(),
  runAsGroup: kint64(),
  runAsNonRoot: kbool(),
  fsGroup: kint64(),
  fsGroupChangePolicy: oneOf('OnRootMismatch', 'Always'),
  supplementalGroups: list(kint64()),
  supplementalGroupsPolicy: oneOf('Merge', 'Strict'),
  seLinuxOptions: dict(),
  seLinuxChangePolicy: kstr(),
  seccompProfile: dict(),
  appArmorProfile: dict(),
  sysctls: list(object({ name: required(kstr()), value: required(kstr()) })),
  windowsOptions: dict(),
});

const podTemplateFields: Record<string, Field> = {
  nodeSelector: dict(null, kstr()).doc('Node labels the pods must have'),
  env: list(object({ name: required(kstr()), value: kstr(), valueFrom: dict() })),
  tolerations: list(tolerationSchema).doc('Taints the pods tolerate'),
  affinity: affinitySchema,
  securityContext: podSecurityContextSchema,
  volumes: list(object({ name: required(kstr()) }, { allowUnknown: true })),
  runtimeClassName: kstr(),
  automountServiceAccountToken: kbool(),
  dnsPolicy: oneOf('ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'),
  dnsConfig: object({
    nameservers: list(kstr()),
    searches: list(kstr()),
    options: list(object({ name: kstr(), value: kstr() })),
  }),
  enableServiceLinks: kbool(),
  priorityClassName: kstr(),
  schedulerName: kstr(),
  imagePullSecrets: list(object({ name: kstr() })),
  hostAliases: list(object({ ip: kstr(), hostnames: list(kstr()) })),
  hostNetwork: kbool(),
  topologySpreadConstraints: list(dict()),
};

const rejectedPodTemplateKeys: Record<string, string> = {
  spec: 'A pod template holds the pod fields directly (`tolerations:`, `nodeSelector:`, ...), not under `spec:`.',
  containers: 'A Tekton pod template cannot set containers; steps come from the Task.',
  metadata: 'A Tekton pod template has no metadata; labels and annotations come from the PipelineRun.',
  serviceAccountName: 'Set the service account on the PipelineRun or TaskRun, not in the pod template.',
};

/** The schema of a pod template's body (for editors; the check below reads tolerations and nodeSelector itself). */
export const podTemplateSchema = object(podTemplateFields, { rejected: rejectedPodTemplateKeys });

const podTemplateCheckSchema = object(
  { ...podTemplateFields, tolerations: anything(), nodeSelector: anything() },
  { rejected: rejectedPodTemplateKeys },
);

function readNodeAffinity(node: YNode | null | undefined): NodeSelectorRequirement[][] | undefined {
  const terms = dig(node, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
  if (!terms || terms.kind !== 'seq') return undefined;
  const out: NodeSelectorRequirement[][] = [];
  for (const term of terms.items) {
    const exprs = dig(term, 'matchExpressions');
    const reqs: NodeSelectorRequirement[] = [];
    if (exprs && exprs.kind === 'seq') {
      for (const e of exprs.items) {
        const key = strOf(dig(e, 'key'));
        const operator = strOf(dig(e, 'operator'));
        const valuesNode = dig(e, 'values');
        const values =
          valuesNode && valuesNode.kind === 'seq' ? valuesNode.items.map((v) => strOf(v) ?? '') : [];
        if (key !== undefined && operator !== undefined) reqs.push({ key, operator, values });
      }
    }
    // A term with only matchFields selects by node name; treat it as not naming a pool.
    if (reqs.length > 0) out.push(reqs);
  }
  return out;
}

/**
 * Check a pod template's body (a mapping, or empty) and read it. Rules: `<prefix>/type|unknown-key|required|value`,
 * `<prefix>/invalid-toleration`, `<prefix>/invalid-node-selector`.
 */
export function checkPodSpec(node: YNode | null, cx: CheckContext<typeof POD_TEMPLATE_RULE_PREFIX>, path: Path, fallback: number): PodSpecModel | undefined {
  const pos = posOf(cx.source, node ? node.offset : fallback);
  if (isNull(node)) return { data: {}, tolerations: [], nodeSelector: [], pos };
  if (!podTemplateCheckSchema.check(node, cx, path, fallback) && node!.kind !== 'map') return undefined;
  const map = node as YMap;
  const tolPair = map.byKey.get('tolerations');
  const tolerations = tolPair ? readTolerations(tolPair.value, cx, [...path, 'tolerations'], tolPair.key.offset) : [];
  const selPair = map.byKey.get('nodeSelector');
  const nodeSelector = selPair
    ? readLabelMap(selPair.value, cx, [...path, 'nodeSelector'], selPair.key.offset, 'invalid-node-selector')
    : [];
  const model: PodSpecModel = {
    data: (toJS(map) ?? {}) as Record<string, unknown>,
    tolerations,
    nodeSelector,
    pos,
  };
  if (tolPair) model.tolerationsPos = posOf(cx.source, tolPair.key.offset);
  const affinity = readNodeAffinity(dig(map, 'affinity'));
  if (affinity) model.requiredNodeAffinity = affinity;
  return model;
}

/** Parse and check pod-template YAML held in a string scalar (a ConfigMap data value, `defaultPodTemplate`). */
export function checkEmbeddedPodTemplate(
  scalar: YNode,
  cx: CheckContext<typeof POD_TEMPLATE_RULE_PREFIX>,
  container?: Container,
): { raw: string; template?: PodSpecModel } {
  if (scalar.kind !== 'scalar') return { raw: '' };
  const embedded = parseEmbeddedYaml(cx.source, scalar, container);
  cx.diagnostics.push(...embedded.parsed.diagnostics);
  const docs = embedded.parsed.documents;
  if (docs.length === 0 && embedded.parsed.diagnostics.some((d) => d.severity === 'error')) return { raw: embedded.text };
  if (docs.length > 1) {
    const second = docs[1].root;
    report(cx, second ? second.offset : scalar.offset, 'multiple-documents',
      'the pod template holds more than one YAML document; Tekton reads only one', 'Remove the `---` separators.');
  }
  const root = docs[0]?.root ?? null;
  if (isNull(root)) {
    report(cx, scalar.offset, 'empty-template', 'the pod template is empty: the pods get no tolerations or node selector',
      'Write the pod template (for example `tolerations:`), or remove it.', 'warning');
  }
  const template = checkPodSpec(root, cx, [], scalar.offset);
  return template ? { raw: embedded.text, template } : { raw: embedded.text };
}

const configMapSchema = object({
  apiVersion: required(oneOf('v1')),
  kind: required(oneOf('ConfigMap')),
  metadata: required(
    object(
      {
        name: required(kstr()),
        namespace: kstr(),
        labels: anything(),
        annotations: dict(null, kstr()),
      },
      { allowUnknown: true },
    ),
  ),
  data: dict(null, anything()),
  binaryData: dict(),
  immutable: kbool(),
});

/**
 * Validate one per-repository pod-template ConfigMap file.
 * Long because it reads a ConfigMap and the template inside it: two YAML levels with positions mapped through both.
 */
export function validatePodTemplate(file: RepoFile, settings: Settings): { diagnostics: Diagnostic[]; model: PodTemplateModel } {
  const source = file.source;
  const diagnostics: Diagnostic[] = [];
  const dataKey = settings.dispatch.podTemplateKey;
  const cx: CheckContext<typeof POD_TEMPLATE_RULE_PREFIX> = { source, diagnostics, rulePrefix: POD_TEMPLATE_RULE_PREFIX, where: [] };
  const model: PodTemplateModel = { file: source.path, pos: { file: source.path, line: 1, column: 1 }, dataKey };
  const parsed = documentsOf(file);
  diagnostics.push(...parsed.diagnostics);
  const docs = parsed.documents.filter((d) => d.root !== null && !isNull(d.root));
  if (docs.length === 0) {
    if (!parsed.diagnostics.some((d) => d.severity === 'error')) {
      diagnostics.push({
        rule: 'pod-template/empty',
        severity: 'error',
        file: source.path,
        line: 1,
        column: 1,
        message: `${source.path} holds no ConfigMap`,
        hint: 'Write a v1 ConfigMap whose data key holds the pod template, or remove the file.',
      });
    }
    return { diagnostics, model };
  }
  if (docs.length > 1) {
    report(cx, docs[1].root!.offset, 'multiple-documents', 'one pod-template ConfigMap per file: the other documents are not read',
      'Move each ConfigMap to its own file.');
  }
  const root = docs[0].root!;
  model.pos = posOf(source, root.offset);
  configMapSchema.check(root, cx, [], 0);
  const map = asMap(root);
  if (!map) return { diagnostics, model };
  const metadataPair = map.byKey.get('metadata');
  if (metadataPair) model.metadataPos = posOf(source, metadataPair.key.offset);

  const nameNode = dig(map, 'metadata', 'name');
  const name = strOf(nameNode);
  if (name !== undefined && nameNode) {
    model.name = name;
    for (const m of isDNS1123Subdomain(name)) {
      report(cx, nameNode.offset, 'invalid-name', `metadata.name: Invalid value: ${JSON.stringify(name)}: ${m}`);
    }
  }
  const nsNode = dig(map, 'metadata', 'namespace');
  const namespace = nsNode ? strOf(nsNode) : undefined;
  if (namespace !== undefined && nsNode && namespace !== '') {
    model.namespace = namespace;
    for (const m of isDNS1123Label(namespace)) {
      report(cx, nsNode.offset, 'invalid-namespace', `metadata.namespace: Invalid value: ${JSON.stringify(namespace)}: ${m}`,
        'It must be the namespace of the Dispatch Repository that uses this pod template.');
    }
  }
  const labelsPair = asMap(dig(map, 'metadata'))?.byKey.get('labels');
  if (labelsPair) {
    const labels = readLabelMap(labelsPair.value, cx, ['metadata', 'labels'], labelsPair.key.offset, 'invalid-label');
    model.labels = Object.fromEntries(labels.map((l) => [l.key, l.value]));
  }

  const dataPair = map.byKey.get('data');
  const data = asMap(dataPair?.value);
  let entry = data?.byKey.get(dataKey);
  const only = data?.pairs.length === 1 ? data.pairs[0] : undefined;
  if (!entry && only?.name !== undefined) {
    // One data key, not the configured one: most likely the Repositories read that key (`dispatch ci repository
    // create --pod-template-config-map-key`), so say which key to configure, and check its content as the template.
    const key = only.name;
    report(cx, only.key.offset, 'other-data-key',
      `the ConfigMap's only data key is \`${key}\`, not \`${dataKey}\` (the configured pod-template key): if its Repositories read \`${key}\`, nothing is wrong but the setting`,
      `If the Repositories' podTemplateFrom reads \`${key}\`, set \`dispatch: {pod-template-key: ${key}}\` in .pool-reconciler.yaml; if they read \`${dataKey}\`, rename this key to \`${dataKey}\`.`,
      'warning');
    entry = only;
    // The ConfigMap is applied as written: with its own key.
    model.dataKey = key;
  }
  if (!entry) {
    if (dataPair && !data && !isNull(dataPair.value)) return { diagnostics, model }; // type error already reported
    const keys = data ? data.pairs.map((p) => p.name).filter((k): k is string => k !== undefined) : [];
    const suggestion = didYouMean(dataKey, keys);
    const others = keys.length ? ` (it has ${keys.map((k) => `\`${k}\``).join(', ')})` : '';
    report(cx, dataPair ? dataPair.key.offset : map.offset, 'missing-data-key',
      `the ConfigMap has no data key \`${dataKey}\`${others}: the Repository's podTemplateFrom reads that key`,
      suggestion ??
        `Put the pod template under \`data.${dataKey}\`, or set \`dispatch: {pod-template-key: ...}\` in .pool-reconciler.yaml to the key your Repositories use.`);
    return { diagnostics, model };
  }
  model.rawPos = posOf(source, entry.key.offset);
  const value = entry.value;
  if (!(value.kind === 'scalar' && value.tag === 'str')) {
    report(cx, value.offset, 'type',
      `\`data.${dataKey}\` must be a string holding the pod template, not ${value.kind === 'map' ? 'a mapping' : value.kind === 'seq' ? 'a list' : 'a non-string value'}`,
      `ConfigMap data values are strings: write \`${dataKey}: |\` and indent the pod template under it.`);
    return { diagnostics, model };
  }
  cx.where.push(`pod template \`data.${entry.name ?? dataKey}\``);
  const checked = checkEmbeddedPodTemplate(value, cx);
  cx.where.pop();
  model.raw = checked.raw;
  if (checked.template) model.template = checked.template;
  return { diagnostics, model };
}
