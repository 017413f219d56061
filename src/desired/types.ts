/**
 * The desired cluster state: what the reconciler owns, computed from the config repo and the secret inputs.
 * Plain data, built by a pure function (`desire` in desired.ts). Secret values are wrapped in `SecretValue`, which
 * prints and serialises as `<redacted>`, so a desired state can be logged or JSON-encoded without leaking them.
 */
import { inspect } from 'node:util';
import type { Settings } from '../config/settings.js';
import type { Owner } from '../core/owner.js';
import type { SecretKey } from '../core/provider-secrets.js';
import type { YNode } from '../config/yaml.js';
import type { DispatchWorkloadRef } from '../config/dispatch-workloads.js';
import type { Toleration } from '../core/k8s.js';

/** A file of the Nodepool config (`semantic`: nodepool.yaml or nodepool-builder.yaml, compared by meaning). */
export interface NodepoolFile {
  path: string;
  text: string;
  semantic: boolean;
}

/**
 * The validator's parse of a Nodepool file (offsets in its text), kept beside the plain data rather than in it (a
 * desired state stays small JSON), so that the Nodepool diff does not parse a large file a second time.
 */
export const PARSED_NODEPOOL = new WeakMap<NodepoolFile, YNode>();

/** The pod-template annotation sf-operator sets to the providers Secret's resourceVersion. */
export const PROVIDERS_SECRET_ANNOTATION = 'nodepool-providers-secrets';
/** The data key Tekton reads from `config-defaults`. */
export const TEKTON_DEFAULT_POD_TEMPLATE_KEY = 'default-pod-template';
export const GENERATE_CONFIG = '/usr/local/bin/generate-config.sh';

/** A secret string that never prints: `String()`, JSON and `util.inspect` all give `<redacted>`. */
export class SecretValue {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The value itself: only for comparing and for writing to the cluster. */
  reveal(): string {
    return this.#value;
  }
  equals(other: SecretValue): boolean {
    return this.#value === other.#value;
  }
  toString(): string {
    return '<redacted>';
  }
  toJSON(): string {
    return '<redacted>';
  }
  [inspect.custom](): string {
    return '<redacted>';
  }
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** What the lead's adapter (or `desiredInputFrom`) hands to `desire`. */
export interface DesiredInput {
  settings: Settings;
  /** Who writes (the repository and target): marks the pod-template ConfigMaps it creates and the state. */
  owner?: Owner;
  /** The config repo commit for `generate-config.sh`. */
  commit: string;
  /** Only the keys given; an empty string counts as not given (an unset GitHub secret expands to ""). */
  secrets: Partial<Record<SecretKey, string>>;
  /**
   * Labels of nodepool/nodepool.yaml that a provider pool offers: what Nodepool's label-list shows once the launcher
   * has the config (it lists its registered pools' labels, never a top-level one no pool offers).
   */
  nodepoolLabels: string[];
  /** Top-level labels of nodepool/nodepool.yaml that no provider pool offers: Nodepool never lists them. */
  nodepoolUnoffered?: string[];
  /** Whether Nodepool files exist: the config-refresh exec steps are planned only then. */
  nodepoolChanged: boolean;
  /** The Nodepool files (nodepool.yaml, nodepool-builder.yaml, the dib-ansible playbooks and inventory), for the Nodepool diff and the state. */
  nodepoolFiles?: NodepoolFile[];
  nodePools: Array<{ name: string; labels: Record<string, string>; taints: Taint[] }>;
  /** Raw YAML string from the Dispatch addon values (`tekton.configs.defaultPodTemplate`). */
  tektonDefaultPodTemplate?: string;
  podTemplates: Array<{
    name: string;
    namespace: string;
    key: string;
    value: string;
    labels?: Record<string, string>;
    /** The repo file it comes from (shown in the plan). */
    file?: string;
    /** The template's placement as the validator read it (absent: not parsed; CI pods are then not checked against it). */
    placement?: PlacementSpec;
  }>;
  /**
   * The Dispatch addon's components and its default pod template's placement, as the validator of cluster.yaml read
   * them (absent: no enabled Dispatch addon). Compared with the cluster, never written.
   */
  dispatch?: {
    components: Array<{ name: string } & PlacementSpec>;
    defaultPodTemplate?: PlacementSpec;
  };
}

/** Where a pod template asks its pods to run: its valid tolerations and its nodeSelector. */
export interface PlacementSpec {
  tolerations: Toleration[];
  nodeSelector: Record<string, string>;
}

/** A Dispatch component: what the repo's values ask for, where it runs (config/dispatch-workloads.ts) and the pools it targets. */
export interface DesiredComponent extends PlacementSpec {
  /** The values key: `argo-cd.repoServer`, ... */
  key: string;
  namespace: string;
  workloads: DispatchWorkloadRef[];
  /** Pools whose every NoSchedule/NoExecute taint it tolerates and whose labels it selects, that it targets (by selector or a tolerated taint). */
  pools: string[];
  /** Whether the values mention the key at all (else the chart's defaults apply: no tolerations). */
  declared: boolean;
}

/** The pod template a repository's CI pods get: a per-repository one, or Tekton's default. */
export interface DesiredCiTemplate extends PlacementSpec {
  /** `default` (config-defaults) or the per-repository ConfigMap. */
  source: { kind: 'default' } | { kind: 'repository'; namespace: string; configMap: string; file?: string };
  pools: string[];
}

/** What plan and drift compare with the cluster's Dispatch workloads and CI pods (plan/placement.ts); never written, never hashed. */
export interface DesiredPlacement {
  components: DesiredComponent[];
  ci: DesiredCiTemplate[];
}

export interface DesiredSecret {
  namespace: string;
  name: string;
  /** Managed keys given, in SECRET_KEYS order. */
  data: Partial<Record<SecretKey, SecretValue>>;
  /** Keys to remove (the setting `software-factory.remove-provider-keys`), when pool-reconciler wrote them. */
  remove: SecretKey[];
}

/** The Secret annotation listing the keys pool-reconciler wrote (comma-separated, sorted). */
export const MANAGED_KEYS_ANNOTATION = 'pool-reconciler/managed-keys';

/** A workload whose pod-template annotation follows the providers Secret's resourceVersion. */
export interface DesiredWorkload {
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
  annotation: string;
}

/** A `generate-config.sh <commit>` run in a Nodepool pod (the config refresh). */
export interface DesiredExec {
  component: 'launcher' | 'builder';
  namespace: string;
  /** A pod name (the builder), or ... */
  pod?: string;
  /** ... a label selector whose first running pod is used (the launcher). */
  podSelector?: string;
  container: string;
  /** The command without the environment: `[GENERATE_CONFIG, commit]`. */
  command: string[];
  /** Variables set for the command (sent as a leading `env NAME=value`). */
  env: Record<string, string>;
}

export interface DesiredConfigMap {
  namespace: string;
  name: string;
  role: 'tekton-defaults' | 'pod-template';
  /** Owned data keys only. */
  data: Record<string, string>;
  /** Owned labels only. */
  labels: Record<string, string>;
  /** Repo files it comes from. */
  files: string[];
}

export interface DesiredNodePool {
  name: string;
  /** Owned label keys and their values. */
  labels: Record<string, string>;
  /** Owned taints, unique by (key, effect), sorted. */
  taints: Taint[];
}

export interface DesiredState {
  settings: Pick<Settings, 'softwareFactory' | 'dispatch' | 'nodes' | 'conflicts' | 'target'>;
  /** Who writes (DesiredInput.owner). */
  owner?: Owner;
  /** The Nodepool files of the repo (empty: none). */
  nodepoolFiles: NodepoolFile[];
  commit: string;
  secret?: DesiredSecret;
  /** Present with the Secret: the workloads to roll out when it changes. */
  workloads: DesiredWorkload[];
  execs: DesiredExec[];
  /** Sorted: the Tekton defaults first, then by namespace and name. */
  configMaps: DesiredConfigMap[];
  /** Pools that declare at least one label or taint, sorted by name. */
  nodePools: DesiredNodePool[];
  /** What apply verifies afterwards. */
  verify: { nodepoolLabels: string[]; unoffered: string[] };
  /** Things the plan should say (merged duplicates, ...). */
  notes: string[];
  /** The Dispatch components' and CI pods' placement (absent: the repo has neither a Dispatch addon nor pod templates). */
  placement?: DesiredPlacement;
}

/** `env NAME=value ... command...`: the argv sent through the exec API for a DesiredExec or an exec step. */
export function execArgv(e: { command: string[]; env: Record<string, string> }): string[] {
  const vars = Object.keys(e.env).sort().map((k) => `${k}=${e.env[k]}`);
  return vars.length ? ['env', ...vars, ...e.command] : [...e.command];
}

/** The Nodepool container of a workload, where sf-operator mounts the provider keys (the config refresh's container). */
export function nodepoolContainer(desired: Pick<DesiredState, 'execs'>, kind: 'Deployment' | 'StatefulSet'): string {
  const component = kind === 'Deployment' ? 'launcher' : 'builder';
  return desired.execs.find((e) => e.component === component)?.container ?? (kind === 'Deployment' ? 'launcher' : 'nodepool-builder');
}
