/**
 * Konvoy `cluster.yaml`: the `ClusterProvisioner` (machine pools) and `ClusterConfiguration` (node labels and
 * taints, addons) documents, and the Dispatch addon's `values` (a YAML string whose positions map back to the file)
 * with the component tolerations and the Tekton `defaultPodTemplate` (YAML inside that string).
 *
 * Returns diagnostics and a model with positions: the pools' labels and taints, the provisioner pools, the
 * Dispatch values as data and the default pod template, for the Dispatch cross-checks and the desired state.
 */
import { DISPATCH_COMPONENT_KEYS } from '../config/dispatch-workloads.js';
import type { EmbeddedMap } from '../config/embedded.js';
import { parseEmbeddedYaml } from '../config/embedded.js';
import { documentsOf } from '../config/repo.js';
import type { RepoFile } from '../config/repo.js';
import type { Settings } from '../config/settings.js';
import { KeyIndex, toJS } from '../config/yaml.js';
import type { YMap, YNode, YScalar } from '../config/yaml.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { duplicateTaints, NODE_POOL_LABEL, taintToString, validateLabel, validateTaint } from '../core/k8s.js';
import type { FieldError, Taint } from '../core/k8s.js';
import {
  asMap,
  dig,
  formatPos,
  isNull,
  kbool,
  kint,
  kint64,
  kstr,
  nullable,
  posOf,
  readLabelMap,
  readTolerations,
  strOf,
} from './k8s-yaml.js';
import type { Pos, SelectorEntry, TolerationEntry } from './k8s-yaml.js';
import { checkEmbeddedPodTemplate, POD_TEMPLATE_RULE_PREFIX } from './pod-template.js';
import type { PodSpecModel } from './pod-template.js';
import { anything, dict, list, object, oneOf, report, required, union } from '../config/schema.js';
import type { CheckContext } from '../config/schema.js';
import type { RuleName } from '../core/rules.js';
import { didYouMean } from '../core/suggest.js';

export const CLUSTER_RULE_PREFIX = 'cluster';
type ClusterCheck = CheckContext<typeof CLUSTER_RULE_PREFIX>;
export const KONVOY_API_VERSIONS = ['konvoy.mesosphere.io/v1beta1', 'konvoy.mesosphere.io/v1beta2'] as const;
/** Providers whose pools can autoscale. */
export const AUTOSCALING_PROVIDERS = ['aws', 'azure'];
export const AUTOSCALING_DEFAULTS = { minSize: 1, maxSize: 10 };

/** Value paths of the Dispatch chart's components that take `tolerations` (and `nodeSelector`): config/dispatch-workloads.ts's keys. */
export const DISPATCH_COMPONENTS: ReadonlyArray<readonly string[]> = DISPATCH_COMPONENT_KEYS.map((k) => k.split('.'));

export interface PoolLabel {
  key: string;
  value: string;
  /** The list item. */
  pos: Pos;
  valid: boolean;
}

export interface PoolTaint extends Taint {
  key: string;
  value: string;
  effect: string;
  /** The list item. */
  pos: Pos;
  /** Passed the Kubernetes rules (a taint that did not is not used by the cross-checks). */
  valid: boolean;
}

/** A `ClusterProvisioner.spec.nodePools[]` entry. */
export interface ProvisionerPool {
  name: string;
  /** The `name:` value. */
  pos: Pos;
  /** Position in the list (what `positional` indexing uses). */
  index: number;
  indexType: 'named' | 'positional';
  /** Whether `indexType` was written (otherwise the apiVersion's default). */
  indexTypeExplicit: boolean;
  controlPlane: boolean;
  bastion: boolean;
  count?: number;
  machine?: Record<string, unknown>;
  autoscaling?: { minSize: number; maxSize: number };
}

/** A `ClusterConfiguration.spec.nodePools[]` entry: what the nodes of the pool carry. */
export interface ClusterPool {
  name: string;
  /** The `name:` value. */
  pos: Pos;
  labels: PoolLabel[];
  taints: PoolTaint[];
  /** The matching provisioner pool, when the file has a ClusterProvisioner. */
  provisioner?: ProvisionerPool;
}

/** One Dispatch component's placement from the addon values (`argo-cd.controller`, `tekton`, ...). */
export interface DispatchComponent {
  /** Dotted value path: `dispatch`, `argo-cd.controller`, ... */
  name: string;
  pos: Pos;
  tolerations: TolerationEntry[];
  /** Where `tolerations:` is written, when it is. */
  tolerationsPos?: Pos;
  nodeSelector: SelectorEntry[];
}

export interface DefaultPodTemplate {
  /** The YAML text of `tekton.configs.defaultPodTemplate`, as Tekton's `config-defaults` will hold it. */
  raw: string;
  /** The `defaultPodTemplate` value. */
  pos: Pos;
  template?: PodSpecModel;
}

export interface DispatchAddon {
  name: string;
  enabled: boolean;
  /** The addon's `name:` value. */
  pos: Pos;
  /** The values as plain data (undefined when absent or unparsable). */
  values?: Record<string, unknown>;
  valuesRaw?: string;
  components: DispatchComponent[];
  defaultPodTemplate?: DefaultPodTemplate;
}

export interface ClusterModel {
  file: string;
  apiVersion?: string;
  /** `ClusterProvisioner.spec.provider` (default `aws`); undefined without a ClusterProvisioner. */
  provider?: string;
  hasProvisioner: boolean;
  hasConfiguration: boolean;
  provisionerPools: ProvisionerPool[];
  /** The node pools of `ClusterConfiguration.spec.nodePools`, in file order. */
  pools: ClusterPool[];
  dispatch?: DispatchAddon;
}

/** The model of a repo without cluster.yaml (for `checkDispatch` on pod templates alone). */
export function emptyClusterModel(file = 'cluster.yaml'): ClusterModel {
  return { file, hasProvisioner: false, hasConfiguration: false, provisionerPools: [], pools: [] };
}

/** The labels Konvoy puts on a pool's nodes: its declared labels and `konvoy.mesosphere.com/node_pool=<pool>`. */
export function poolNodeLabels(pool: Pick<ClusterPool, 'name' | 'labels'>): Record<string, string> {
  // No prototype: a label key such as `__proto__` or `constructor` is a plain key here.
  const out = Object.create(null) as Record<string, string>;
  out[NODE_POOL_LABEL] = pool.name;
  for (const l of pool.labels) if (l.valid) out[l.key] = l.value;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas

const metadataSchema = object(
  { name: kstr(), namespace: kstr(), creationTimestamp: anything(), labels: dict(), annotations: dict() },
  { allowUnknown: true },
);

const documentSchema = object({
  apiVersion: required(oneOf(...KONVOY_API_VERSIONS)),
  kind: required(oneOf('ClusterProvisioner', 'ClusterConfiguration')),
  metadata: required(metadataSchema),
  spec: anything(),
});

const poolContext = (what: string) => (map: YMap) => {
  const name = strOf(map.byKey.get('name')?.value);
  return name ? `${what} "${name}"` : undefined;
};

const machineSchema = object({
  type: kstr().doc('Instance type (aws m5.2xlarge, azure Standard_D8s_v3, ...)'),
  imageID: kstr(),
  imageName: kstr(),
  rootVolumeSize: kint64(0).doc('GiB (default 80)'),
  rootVolumeType: kstr(),
  rootVolumeIOPS: kint(0),
  imagefsVolumeEnabled: kbool(),
  imagefsVolumeSize: kint64(0).doc('GiB (default 160)'),
  imagefsVolumeType: kstr(),
  imagefsVolumeDevice: kstr(),
  aws: dict(),
  azure: dict(),
  gcp: dict(),
  vsphere: dict(),
});

const machinePoolSchema = object(
  {
    name: required(kstr().doc('Unique name of the node pool')),
    indexType: oneOf('named', 'positional').doc('named (v1beta2 default) or positional (deprecated, v1beta1 default)'),
    controlPlane: kbool(),
    bastion: kbool(),
    count: required(kint(0).doc('Number of machines')),
    machine: nullable(machineSchema),
    autoscaling: nullable(object({ minSize: kint(0), maxSize: kint(0) })),
  },
  { context: poolContext('provisioner node pool') },
);

const provisionerSpecSchema = object({
  provider: oneOf('aws', 'azure', 'gcp', 'vsphere', 'docker', 'none'),
  aws: dict(),
  azure: dict(),
  gcp: dict(),
  vsphere: dict(),
  docker: dict(),
  nodePools: nullable(list(machinePoolSchema)),
  sshCredentials: object({ user: kstr(), publicKeyFile: kstr(), privateKeyFile: kstr() }),
  version: kstr(),
});

const nodeLabelSchema = object({ key: required(kstr()), value: kstr() });
const nodeTaintSchema = object({ key: required(kstr()), value: kstr(), effect: kstr() });

const nodePoolSchema = object(
  {
    name: required(kstr()),
    labels: nullable(list(nodeLabelSchema)),
    taints: nullable(list(nodeTaintSchema)),
    gpu: dict(),
    operatingSystem: object({ assumeDistribution: oneOf('CentOS', 'RedHat', 'Ubuntu', 'Debian') }),
  },
  { context: poolContext('node pool') },
);

const addonConfigSchema = object(
  {
    name: required(kstr()),
    enabled: required(kbool()),
    values: kstr('Konvoy takes the values as a YAML string: write `values: |` and indent the values under it.').doc(
      'Helm values as a YAML string (`values: |`)',
    ),
  },
  { context: poolContext('addon') },
);

const addonsSchema = object({
  configRepository: kstr(),
  configVersion: kstr(),
  addonRepository: object({ image: kstr() }),
  helmRepository: object({ image: kstr() }),
  addonsList: nullable(list(addonConfigSchema)),
});

const configurationSpecSchema = object({
  kubernetes: dict(),
  autoProvisioning: dict(),
  containerNetworking: dict(),
  containerRuntime: dict(),
  imageRegistries: list(dict()),
  osPackages: dict(),
  ntp: dict(),
  nodePools: nullable(list(nodePoolSchema)),
  addons: nullable(union([list(addonsSchema), addonsSchema], { pick: (n) => (n?.kind === 'map' ? 1 : 0) })),
  version: kstr(),
  loggingOptions: dict(),
});

/** JSON Schema of one cluster.yaml document (for editors). */
export function clusterJSONSchema(): Record<string, unknown> {
  return {
    oneOf: [
      { ...documentSchema.toJSONSchema(), properties: { ...(documentSchema.toJSONSchema().properties as object), spec: provisionerSpecSchema.toJSONSchema() } },
      { ...documentSchema.toJSONSchema(), properties: { ...(documentSchema.toJSONSchema().properties as object), spec: configurationSpecSchema.toJSONSchema() } },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------

interface Doc {
  root: YMap;
  kind: 'ClusterProvisioner' | 'ClusterConfiguration';
  apiVersion?: string;
  spec?: YMap;
}

function seqItems(node: YNode | null | undefined): YNode[] {
  return node && node.kind === 'seq' ? node.items : [];
}

function boolOf(node: YNode | null | undefined): boolean {
  return !!node && node.kind === 'scalar' && node.tag === 'bool' && node.value === true;
}

function intOf(node: YNode | null | undefined): number | undefined {
  return node && node.kind === 'scalar' && node.tag === 'int' ? (node.value as number) : undefined;
}

function offsetAt(cx: ClusterCheck, pos: Pos): number {
  return cx.source.lineStarts[pos.line - 1] + pos.column - 1;
}

function offsetOfPart(item: YMap, part: string): number {
  const p = item.byKey.get(part);
  if (!p) return item.offset;
  return isNull(p.value) ? p.key.offset : p.value.offset;
}

function reportK8s(cx: ClusterCheck, errs: FieldError[], rule: RuleName<typeof CLUSTER_RULE_PREFIX>, item: YMap): void {
  for (const e of errs) {
    let hint: string | undefined;
    if (e.type === 'Unsupported value' && typeof e.badValue === 'string') {
      hint = didYouMean(e.badValue, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
    } else if (e.type === 'Required value' && e.part === 'effect') {
      hint = 'Add `effect: NoSchedule`, `PreferNoSchedule` or `NoExecute`.';
    }
    report(cx, offsetOfPart(item, e.part || 'key'), rule, e.message, hint);
  }
}

/** Validate `cluster.yaml`. */
export function validateCluster(file: RepoFile, settings: Settings): { diagnostics: Diagnostic[]; model: ClusterModel } {
  const source = file.source;
  const diagnostics: Diagnostic[] = [];
  const cx: ClusterCheck = { source, diagnostics, rulePrefix: CLUSTER_RULE_PREFIX, where: [] };
  const model: ClusterModel = {
    file: source.path,
    hasProvisioner: false,
    hasConfiguration: false,
    provisionerPools: [],
    pools: [],
  };
  const parsed = documentsOf(file);
  diagnostics.push(...parsed.diagnostics);
  if (parsed.documents.length === 0 && parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics, model };

  // Documents.
  let provisioner: Doc | undefined;
  let configuration: Doc | undefined;
  for (const d of parsed.documents) {
    const root = d.root;
    if (isNull(root)) continue;
    if (root!.kind !== 'map') {
      report(cx, root!.offset, 'type', 'each document of cluster.yaml must be a mapping (`kind: ClusterConfiguration`, ...)');
      continue;
    }
    documentSchema.check(root, cx, [], root!.offset);
    const kind = strOf(root!.byKey.get('kind')?.value);
    if (kind !== 'ClusterProvisioner' && kind !== 'ClusterConfiguration') continue;
    const apiVersion = strOf(root!.byKey.get('apiVersion')?.value);
    const doc: Doc = { root: root!, kind };
    if (apiVersion && (KONVOY_API_VERSIONS as readonly string[]).includes(apiVersion)) doc.apiVersion = apiVersion;
    const spec = root!.byKey.get('spec')?.value;
    if (spec && !isNull(spec)) {
      if (spec.kind !== 'map') report(cx, spec.offset, 'type', `\`spec\` of the ${kind} must be a mapping`);
      else doc.spec = spec;
    }
    const previous = kind === 'ClusterProvisioner' ? provisioner : configuration;
    if (previous) {
      const at = posOf(source, previous.root.offset);
      report(cx, root!.offset, 'duplicate-document', `a second ${kind} document (the first is at line ${at.line}): Konvoy reads one`,
        'Merge the two documents into one.');
      continue;
    }
    if (kind === 'ClusterProvisioner') provisioner = doc;
    else configuration = doc;
  }
  model.hasProvisioner = provisioner !== undefined;
  model.hasConfiguration = configuration !== undefined;
  if (!configuration) {
    diagnostics.push({
      rule: 'cluster/no-configuration',
      severity: 'error',
      file: source.path,
      line: 1,
      column: 1,
      message: 'cluster.yaml has no `kind: ClusterConfiguration` document; Konvoy requires one',
      hint: /^\s*apiVersion:\s*["']?cluster\.x-k8s\.io\//m.test(source.text)
        ? 'This looks like a DKP 2.x Cluster API manifest (cluster.x-k8s.io): pool-reconciler reads the Konvoy 1.x cluster.yaml (`konvoy up`) with ClusterProvisioner and ClusterConfiguration documents. Point `paths.cluster` in .pool-reconciler.yaml at that file, or move this manifest elsewhere.'
        : 'Add a document with `kind: ClusterConfiguration`, `apiVersion: konvoy.mesosphere.io/v1beta2`, `metadata` and `spec`.',
    });
  }
  if (provisioner?.apiVersion && configuration?.apiVersion && provisioner.apiVersion !== configuration.apiVersion) {
    report(cx, configuration.root.byKey.get('apiVersion')!.value.offset, 'api-version-mismatch',
      `the ClusterConfiguration is ${configuration.apiVersion} but the ClusterProvisioner is ${provisioner.apiVersion}`,
      'Use the same apiVersion in both documents.', 'warning');
  }
  model.apiVersion = configuration?.apiVersion ?? provisioner?.apiVersion;

  if (provisioner?.spec) readProvisioner(provisioner, cx, model);
  if (configuration?.spec) readConfiguration(configuration, cx, model, settings);
  if (provisioner?.spec && configuration?.spec) matchPools(provisioner, cx, model);
  checkSharedTaints(cx, model);
  return { diagnostics, model };
}

/**
 * The named pools of a `spec.nodePools` list (items without a name are the schema's to report), each name once: a
 * pool whose name came before is reported, with where the first is, and skipped.
 */
function eachNamedPool(
  poolsNode: YNode | undefined,
  cx: ClusterCheck,
  kind: 'ClusterProvisioner' | 'ClusterConfiguration',
  hint: string,
  visit: (item: YMap, name: string, nameNode: YNode, pos: Pos, index: number) => void,
): void {
  const seen = new Map<string, Pos>();
  seqItems(poolsNode).forEach((item, index) => {
    if (item.kind !== 'map') return;
    const nameNode = item.byKey.get('name')?.value;
    const name = strOf(nameNode);
    if (!name || !nameNode) return;
    const first = seen.get(name);
    if (first) {
      report(cx, nameNode.offset, 'duplicate-pool',
        `node pool "${name}" is defined twice in ${kind}.spec.nodePools (first at ${formatPos(first, cx.source.path)})`, hint);
      return;
    }
    const pos = posOf(cx.source, nameNode.offset);
    seen.set(name, pos);
    visit(item, name, nameNode, pos, index);
  });
}

/**
 * Long because it checks the ClusterProvisioner's pools in one pass whose counters (control planes, bastions, names)
 * several rules share.
 */
function readProvisioner(doc: Doc, cx: ClusterCheck, model: ClusterModel): void {
  const spec = doc.spec!;
  provisionerSpecSchema.check(spec, cx, ['spec'], spec.offset);
  const providerNode = spec.byKey.get('provider')?.value;
  const provider = strOf(providerNode) || 'aws';
  model.provider = provider;
  if (provider === 'vsphere' && doc.apiVersion === 'konvoy.mesosphere.io/v1beta1' && providerNode) {
    report(cx, providerNode.offset, 'value', 'provider `vsphere` needs apiVersion konvoy.mesosphere.io/v1beta2',
      'Change apiVersion to konvoy.mesosphere.io/v1beta2.');
  }
  const v1beta1 = doc.apiVersion === 'konvoy.mesosphere.io/v1beta1';
  const poolsNode = spec.byKey.get('nodePools')?.value;
  let controlPlane: ProvisionerPool | undefined;
  let bastion: ProvisionerPool | undefined;
  eachNamedPool(poolsNode, cx, 'ClusterProvisioner', 'Node pool names must be unique; rename or remove one.', (item, name, nameNode, pos, index) => {
    const indexNode = item.byKey.get('indexType')?.value;
    const indexText = strOf(indexNode);
    const explicit = indexText === 'named' || indexText === 'positional';
    const pool: ProvisionerPool = {
      name,
      pos,
      index,
      indexType: explicit ? (indexText as 'named' | 'positional') : v1beta1 ? 'positional' : 'named',
      indexTypeExplicit: explicit,
      controlPlane: boolOf(item.byKey.get('controlPlane')?.value),
      bastion: boolOf(item.byKey.get('bastion')?.value),
    };
    const count = intOf(item.byKey.get('count')?.value);
    if (count !== undefined) pool.count = count;
    const machine = asMap(item.byKey.get('machine')?.value);
    if (machine) pool.machine = toJS(machine) as Record<string, unknown>;

    if (pool.indexType === 'positional') {
      report(cx, indexNode && explicit ? indexNode.offset : nameNode.offset, 'positional-index',
        explicit
          ? `node pool "${name}" uses indexType positional, which is deprecated: removing a pool shifts the pools after it and Konvoy recreates their machines`
          : `node pool "${name}" has no indexType and apiVersion v1beta1 defaults to positional, which is deprecated: removing a pool shifts the pools after it`,
        'Set `indexType: named` (the v1beta2 default).', 'warning');
    }
    if (pool.controlPlane) {
      if (controlPlane) {
        report(cx, item.byKey.get('controlPlane')!.value.offset, 'multiple-control-plane',
          `node pool "${name}" is a second control-plane pool (the first is "${controlPlane.name}" at ${formatPos(controlPlane.pos, cx.source.path)}); Konvoy allows one`,
          'Keep `controlPlane: true` on one pool only.');
      } else controlPlane = pool;
      if (count === 0) {
        report(cx, item.byKey.get('count')!.value.offset, 'empty-control-plane',
          `control-plane pool "${name}" has count 0: the cluster has no control plane`, 'Use 3 (highly available) or 1.');
      } else if (count !== undefined && count % 2 === 0) {
        report(cx, item.byKey.get('count')!.value.offset, 'even-control-plane',
          `control-plane pool "${name}" has an even count (${count}): etcd needs a majority, so ${count} nodes tolerate no more failures than ${count - 1}`,
          `Use an odd count: ${count - 1} or ${count + 1} (3 is highly available).`, 'warning');
      }
    }
    if (pool.bastion) {
      if (bastion) {
        report(cx, item.byKey.get('bastion')!.value.offset, 'multiple-bastion',
          `node pool "${name}" is a second bastion pool (the first is "${bastion.name}" at ${formatPos(bastion.pos, cx.source.path)}); Konvoy allows one`,
          'Keep `bastion: true` on one pool only.');
      } else bastion = pool;
    }
    const autoscalingPair = item.byKey.get('autoscaling');
    const autoscaling = asMap(autoscalingPair?.value);
    if (autoscalingPair && autoscaling) {
      const minNode = autoscaling.byKey.get('minSize')?.value;
      const maxNode = autoscaling.byKey.get('maxSize')?.value;
      const minSize = intOf(minNode) ?? AUTOSCALING_DEFAULTS.minSize;
      const maxSize = intOf(maxNode) ?? AUTOSCALING_DEFAULTS.maxSize;
      pool.autoscaling = { minSize, maxSize };
      if (minSize > maxSize) {
        report(cx, (minNode ?? maxNode ?? autoscaling).offset, 'autoscaling-range',
          `node pool "${name}": autoscaling minSize ${minSize}${minNode ? '' : ' (the default)'} is greater than maxSize ${maxSize}${maxNode ? '' : ' (the default)'}`,
          'Make minSize <= maxSize.');
      }
      if (pool.controlPlane || pool.bastion) {
        report(cx, autoscalingPair.key.offset, 'autoscaling-not-allowed',
          `node pool "${name}" is a ${pool.controlPlane ? 'control-plane' : 'bastion'} pool: Konvoy does not autoscale those`,
          'Remove `autoscaling` from this pool.');
      }
      if (!AUTOSCALING_PROVIDERS.includes(provider)) {
        report(cx, autoscalingPair.key.offset, 'autoscaling-provider',
          `node pool "${name}": autoscaling is supported only with the aws and azure providers, not ${provider}`,
          'Remove `autoscaling`, or set `count` to the size you need.');
      }
    }
    model.provisionerPools.push(pool);
  });
  if (poolsNode && poolsNode.kind === 'seq' && poolsNode.items.length > 0 && !controlPlane) {
    report(cx, poolsNode.offset, 'no-control-plane', 'ClusterProvisioner.spec.nodePools has no control-plane pool; Konvoy requires one',
      'Add a pool with `controlPlane: true` (count 3 for high availability).');
  }
}

function readConfiguration(doc: Doc, cx: ClusterCheck, model: ClusterModel, settings: Settings): void {
  const spec = doc.spec!;
  configurationSpecSchema.check(spec, cx, ['spec'], spec.offset);
  const poolsNode = spec.byKey.get('nodePools')?.value;
  eachNamedPool(poolsNode, cx, 'ClusterConfiguration', 'Merge the two entries: Konvoy applies one set of labels and taints per pool.', (item, name, _nameNode, pos, index) => {
    const pool: ClusterPool = { name, pos, labels: [], taints: [] };
    const base = `spec.nodePools[${index}]`;

    // Labels.
    const labelKeys = new Map<string, Pos>();
    seqItems(item.byKey.get('labels')?.value).forEach((l, i) => {
      if (l.kind !== 'map') return;
      const keyPair = l.byKey.get('key');
      const key = strOf(keyPair?.value);
      const value = strOf(l.byKey.get('value')?.value);
      if (!keyPair || key === undefined || value === undefined) return;
      const errs = validateLabel(key, value, `${base}.labels[${i}]`);
      reportK8s(cx, errs, 'invalid-label', l);
      const entry: PoolLabel = { key, value, pos: posOf(cx.source, l.offset), valid: errs.length === 0 };
      const dup = labelKeys.get(key);
      if (dup) {
        report(cx, keyPair.value.offset, 'duplicate-label',
          `node pool "${name}": label \`${key}\` is set twice (first at ${formatPos(dup, cx.source.path)}); a node has one value per key`,
          'Remove one of the two.');
        entry.valid = false;
      } else labelKeys.set(key, entry.pos);
      if (key === NODE_POOL_LABEL && value !== name) {
        report(cx, offsetOfPart(l, 'value'), 'node-pool-label',
          `node pool "${name}": label \`${NODE_POOL_LABEL}\` is "${value}", but Konvoy labels every node of the pool with the pool's name`,
          `Set it to "${name}", or remove it (Konvoy adds it).`, 'warning');
      }
      pool.labels.push(entry);
    });

    // Taints.
    const taints: Array<{ taint: PoolTaint; item: YMap }> = [];
    seqItems(item.byKey.get('taints')?.value).forEach((t, i) => {
      if (t.kind !== 'map') return;
      const key = strOf(t.byKey.get('key')?.value);
      const value = strOf(t.byKey.get('value')?.value);
      const effect = strOf(t.byKey.get('effect')?.value);
      if (!t.byKey.has('key') || key === undefined || value === undefined || effect === undefined) return;
      const taint: PoolTaint = { key, value, effect, pos: posOf(cx.source, t.offset), valid: true };
      const errs = validateTaint(taint, `${base}.taints[${i}]`);
      reportK8s(cx, errs, 'invalid-taint', t);
      taint.valid = errs.length === 0;
      taints.push({ taint, item: t });
    });
    const dups = duplicateTaints(taints.map((t) => t.taint));
    for (const d of dups) {
      const { taint, item: t } = taints[d.index];
      const first = taints[d.first].taint;
      report(cx, t.offset, 'duplicate-taint',
        `node pool "${name}": taint ${taintToString(taint)} repeats key \`${taint.key}\` with effect ${taint.effect} (first at ${formatPos(first.pos, cx.source.path)}): taints must be unique by key and effect pair`,
        'Keep one taint per key and effect.');
      taint.valid = false;
    }
    pool.taints = taints.map((t) => t.taint);
    model.pools.push(pool);
  });

  readAddons(spec, cx, model, settings);
}

function matchPools(provisioner: Doc, cx: ClusterCheck, model: ClusterModel): void {
  const provList = provisioner.spec!.byKey.get('nodePools');
  if (!provList || provList.value.kind !== 'seq') return;
  const byName = new Map(model.pools.map((p) => [p.name, p]));
  const provByName = new Map(model.provisionerPools.map((p) => [p.name, p]));
  const provWhere = posOf(cx.source, provList.key.offset);
  // Konvoy's rule is one way (real-cluster.md section 7): each ClusterConfiguration pool must name a provisioner
  // pool; provisioner pools need not be repeated (its own samples list control-plane and bastion only there).
  for (const p of model.provisionerPools) {
    const conf = byName.get(p.name);
    if (conf) conf.provisioner = p;
  }
  for (const c of model.pools) {
    if (provByName.has(c.name)) continue;
    report(cx, offsetAt(cx, c.pos), 'pool-mismatch',
      `node pool "${c.name}" is in ClusterConfiguration.spec.nodePools (${formatPos(c.pos, cx.source.path)}) but not in ClusterProvisioner.spec.nodePools (${formatPos(provWhere, cx.source.path)}): Konvoy refuses the file`,
      didYouMean(c.name, [...provByName.keys()]) ??
        `A ClusterConfiguration pool sets labels and taints on a pool the ClusterProvisioner creates: use the name of one of ClusterProvisioner.spec.nodePools (${[...provByName.keys()].map((n) => `\`${n}\``).join(', ') || 'none yet'}), or add this pool there with its \`count\` and \`machine\`.`);
  }
}

function checkSharedTaints(cx: ClusterCheck, model: ClusterModel): void {
  const seen = new Map<string, { pool: ClusterPool; taint: PoolTaint }>();
  for (const pool of model.pools) {
    for (const taint of pool.taints) {
      if (!taint.valid) continue;
      const id = `${taint.key}\u0000${taint.value}\u0000${taint.effect}`;
      const first = seen.get(id);
      if (!first) {
        seen.set(id, { pool, taint });
        continue;
      }
      if (first.pool === pool) continue;
      report(cx, offsetAt(cx, taint.pos), 'shared-taint',
        `node pools "${first.pool.name}" (${formatPos(first.taint.pos, cx.source.path)}) and "${pool.name}" have the same taint ${taintToString(taint)}: a toleration meant for one pool also admits pods to the other`,
        `Make the taint unique to its pool, e.g. \`${NODE_POOL_LABEL}=${pool.name}:${taint.effect}\`.`, 'warning');
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Addons and the Dispatch values

function readAddons(spec: YMap, cx: ClusterCheck, model: ClusterModel, settings: Settings): void {
  const addonsNode = spec.byKey.get('addons')?.value;
  if (!addonsNode || isNull(addonsNode)) return;
  const groups: YNode[] = addonsNode.kind === 'map' ? [addonsNode] : addonsNode.kind === 'seq' ? addonsNode.items : [];
  const addonName = settings.dispatch.addonName;
  for (const group of groups) {
    for (const addon of seqItems(dig(group, 'addonsList'))) {
      if (addon.kind !== 'map') continue;
      const nameNode = addon.byKey.get('name')?.value;
      const name = strOf(nameNode);
      const valuesNode = addon.byKey.get('values')?.value;
      const isDispatch = name === addonName && !!nameNode;
      let values: { root: YMap; text: string; map: EmbeddedMap } | undefined;
      if (valuesNode && valuesNode.kind === 'scalar' && valuesNode.tag === 'str') {
        values = parseValues(valuesNode, cx, name ?? '?');
      }
      if (!isDispatch) continue;
      if (model.dispatch) {
        report(cx, nameNode!.offset, 'duplicate-addon',
          `addon "${name}" is listed twice (first at ${formatPos(model.dispatch.pos, cx.source.path)}); only the first is checked`,
          'Keep one entry per addon.', 'warning');
        continue;
      }
      const enabledNode = addon.byKey.get('enabled')?.value;
      const dispatch: DispatchAddon = {
        name: name!,
        enabled: boolOf(enabledNode),
        pos: posOf(cx.source, nameNode!.offset),
        components: [],
      };
      model.dispatch = dispatch;
      if (!values) continue;
      dispatch.valuesRaw = values.text;
      dispatch.values = (toJS(values.root) ?? {}) as Record<string, unknown>;
      readDispatchValues(values, cx, dispatch);
    }
  }
}

function parseValues(scalar: YScalar, cx: ClusterCheck, addon: string): { root: YMap; text: string; map: EmbeddedMap } | undefined {
  const embedded = parseEmbeddedYaml(cx.source, scalar);
  cx.diagnostics.push(...embedded.parsed.diagnostics);
  const docs = embedded.parsed.documents;
  if (docs.length === 0) {
    if (embedded.parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
    return { root: emptyMap(scalar.offset), text: embedded.text, map: embedded.map };
  }
  if (docs.length > 1) {
    const second = docs.find((d, i) => i > 0 && d.root)?.root;
    report(cx, second ? second.offset : scalar.offset, 'values-type',
      `the values of addon "${addon}" hold more than one YAML document; Helm reads one`, 'Remove the `---` separators.');
  }
  const root = docs[0].root;
  if (isNull(root)) return { root: emptyMap(scalar.offset), text: embedded.text, map: embedded.map };
  if (root!.kind !== 'map') {
    report(cx, root!.offset, 'values-type', `the values of addon "${addon}" must be YAML for a mapping of Helm values, not ${root!.kind === 'seq' ? 'a list' : 'a single value'}`,
      'Write the values as `key: value` lines under `values: |`.');
    return undefined;
  }
  return { root: root!, text: embedded.text, map: embedded.map };
}

function emptyMap(offset: number): YMap {
  return { kind: 'map', offset, size: 1, pairs: [], byKey: new KeyIndex([]) };
}

function readDispatchValues(values: { root: YMap; text: string; map: EmbeddedMap }, cx: ClusterCheck, dispatch: DispatchAddon): void {
  const root = values.root;
  for (const misplaced of ['tolerations', 'nodeSelector']) {
    const p = root.byKey.get(misplaced);
    if (p) {
      report(cx, p.key.offset, 'misplaced-placement',
        `addon "${dispatch.name}": a top-level \`${misplaced}\` in the values is ignored; the chart reads it per component`,
        `Put it under ${DISPATCH_COMPONENTS.map((c) => `\`${c.join('.')}.${misplaced}\``).join(', ')}.`, 'warning');
    }
  }
  for (const path of DISPATCH_COMPONENTS) {
    const node = dig(root, ...path);
    if (!node || isNull(node)) continue;
    const name = path.join('.');
    if (node.kind !== 'map') {
      report(cx, node.offset, 'type', `\`${name}\` in the values of addon "${dispatch.name}" must be a mapping`);
      continue;
    }
    const component: DispatchComponent = { name, pos: posOf(cx.source, node.offset), tolerations: [], nodeSelector: [] };
    const tol = node.byKey.get('tolerations');
    if (tol) {
      component.tolerations = readTolerations(tol.value, cx, [...path, 'tolerations'], tol.key.offset);
      component.tolerationsPos = posOf(cx.source, tol.key.offset);
    }
    const sel = node.byKey.get('nodeSelector');
    if (sel) component.nodeSelector = readLabelMap(sel.value, cx, [...path, 'nodeSelector'], sel.key.offset, 'invalid-node-selector');
    dispatch.components.push(component);
  }
  // The Tekton default pod template: YAML in a string in the values.
  const pair = asMap(dig(root, 'tekton', 'configs'))?.byKey.get('defaultPodTemplate');
  if (!pair || isNull(pair.value)) return;
  const value = pair.value;
  if (!(value.kind === 'scalar' && value.tag === 'str')) {
    report(cx, value.offset, 'type',
      `\`tekton.configs.defaultPodTemplate\` must be a string holding the pod template, not ${value.kind === 'map' ? 'a mapping' : value.kind === 'seq' ? 'a list' : 'a non-string value'}`,
      'Write `defaultPodTemplate: |` and indent the pod template under it: the chart copies the string into config-defaults.');
    return;
  }
  const pcx: CheckContext<typeof POD_TEMPLATE_RULE_PREFIX> = {
    source: cx.source,
    diagnostics: cx.diagnostics,
    rulePrefix: POD_TEMPLATE_RULE_PREFIX,
    where: ['`tekton.configs.defaultPodTemplate`'],
  };
  const checked = checkEmbeddedPodTemplate(value, pcx, { text: values.text, map: values.map });
  dispatch.defaultPodTemplate = { raw: checked.raw, pos: posOf(cx.source, value.offset) };
  if (checked.template) dispatch.defaultPodTemplate.template = checked.template;
}

