/**
 * The live state: what `observe` read of the objects the reconciler owns. Plain data (tests build it by hand for
 * the pure diff). Only owned objects are kept, and of the providers Secret only the managed keys, wrapped so that
 * their values never print.
 */
import type { SecretKey } from '../core/provider-secrets.js';
import type { SecretValue, Taint } from '../desired/types.js';
import type { DeployedState, NodepoolFile } from './state.js';

export interface LiveSecret {
  namespace: string;
  name: string;
  exists: boolean;
  resourceVersion?: string;
  /** Managed keys present, with their values as the API returns them (base64). */
  data: Partial<Record<SecretKey, SecretValue>>;
  /** The keys pool-reconciler wrote (its annotation on the Secret); undefined when the annotation is absent. */
  managedKeys?: string[];
}

export interface LiveWorkload {
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
  exists: boolean;
  /** `spec.template.metadata.annotations[<annotation>]`, when set. */
  annotation?: string;
  /**
   * Keys of the providers Secret its containers see: `all` when a container mounts the whole Secret volume (every
   * key, updated in place), else the subPath mounts' keys. Absent when not read.
   */
  secretKeysMounted?: string[] | 'all';
  /** Whether every pod runs the current template (absent: not read). */
  rollout?: WorkloadConvergence;
}

/** What a workload's controller says of its pods against the current template (io/cluster/rollout.ts `convergence`). */
export interface WorkloadConvergence {
  /** Every pod runs the current template and is ready. */
  converged: boolean;
  /** What is awaited, in the controller's (kubectl's) words. */
  status: string;
  /** The rollout failed and waiting cannot help (a Deployment past its progress deadline). */
  failed?: string;
  /** A paused Deployment: its controller does not roll out a new template until it is resumed. */
  paused: boolean;
  /** `RollingUpdate`, `Recreate` or `OnDelete` (pods replaced only when deleted). */
  strategy: string;
  /** A StatefulSet's rolling-update partition: pods below that ordinal keep the old template. */
  partition: number;
  replicas: number;
}

export interface LiveConfigMap {
  namespace: string;
  name: string;
  exists: boolean;
  resourceVersion?: string;
  data: Record<string, string>;
  labels: Record<string, string>;
  /** Its `pool-reconciler/owner` annotation: which repository and target created it (core/owner.ts). */
  owner?: string;
}

export interface LiveNode {
  name: string;
  /** The node's `konvoy.mesosphere.com/node_pool` label. */
  pool: string;
  resourceVersion?: string;
  labels: Record<string, string>;
  /** In the node's order. */
  taints: Taint[];
  /** The ownership annotation (`pool-reconciler/managed`), as written. */
  ownership?: string;
  /** Whether the node has any annotation (a JSON patch adds the map when it has none). */
  hasAnnotations?: boolean;
}

/** A pod on a node that may get a new taint: what the eviction preview needs. */
export interface LivePod {
  namespace: string;
  name: string;
  node: string;
  phase?: string;
  owner?: { kind: string; name: string };
  tolerations: Array<{ key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }>;
}

export interface LiveState {
  secret?: LiveSecret;
  workloads: LiveWorkload[];
  configMaps: LiveConfigMap[];
  /** Nodes of the desired pools, sorted by name. */
  nodes: LiveNode[];
  /** Namespaces the desired objects live in that do not exist. */
  missingNamespaces: string[];
  /** Things the plan should say (a namespace that could not be checked, ...). */
  notes: string[];
  /** The state ConfigMap: what the last apply deployed and owns (absent: none yet, or not readable: `stateProblem`). */
  state?: DeployedState;
  stateProblem?: string;
  /** Whether the state ConfigMap exists (readable or not). */
  stateExists?: boolean;
  /** ConfigMaps the state records as created by pool-reconciler that the repo no longer has (found in the cluster). */
  recordedConfigMaps?: LiveConfigMap[];
  /** Pods on nodes that get a new NoExecute or NoSchedule taint (undefined: not read). */
  pods?: LivePod[];
  /** The baseline of the Nodepool diff when no state is recorded: the pull request's base branch, read from git. */
  base?: { ref: string; commit?: string; files: NodepoolFile[] };
  /** Why the base could not be read. */
  baseProblem?: string;
  /** The Dispatch components' workloads and pods, and the CI pods, as read (absent: not read). */
  placement?: LivePlacement;
}

/** A toleration as a pod spec carries it. */
export interface LiveToleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** A Deployment or StatefulSet of a Dispatch component: its pod template's placement and its pods. */
export interface LivePlacedWorkload {
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
  exists: boolean;
  tolerations: LiveToleration[];
  nodeSelector: Record<string, string>;
  /** Its pods (those its selector matches in the namespace), with their nodes. */
  pods: Array<{ name: string; node?: string; phase?: string }>;
}

/** A pod of a Tekton TaskRun (label `tekton.dev/taskRun`). */
export interface LiveCiPod {
  namespace: string;
  name: string;
  taskRun: string;
  node?: string;
  phase?: string;
  /** metadata.creationTimestamp (ISO). */
  created?: string;
  tolerations: LiveToleration[];
}

export interface LivePlacement {
  workloads: LivePlacedWorkload[];
  /** TaskRun pods (absent: not asked for, drift and after apply only). */
  ciPods?: LiveCiPod[];
  /** What could not be read, one sentence each. */
  notes: string[];
}

export function emptyLiveState(): LiveState {
  return { workloads: [], configMaps: [], nodes: [], missingNamespaces: [], notes: [] };
}
