/**
 * A Plan: the ordered steps that bring the cluster to the desired state, each with a field-level diff of only the
 * fields the reconciler owns. Plain JSON data; secret values never enter it (a Secret step names keys only).
 */
import type { PlanIntent } from './intent.js';
import type { NodepoolImpact } from './nodepool-impact.js';
import type { PlanPlacement } from './placement.js';

/**
 * `delete`: an object pool-reconciler created and the repo no longer has (a pod-template ConfigMap).
 * `drift`: a difference on the nodes that is only reported (setting `nodes: report-only`): apply does not write it.
 */
export type StepAction = 'create' | 'update' | 'delete' | 'unchanged' | 'exec' | 'rollout' | 'drift';
export const STEP_ACTIONS: readonly StepAction[] = ['create', 'update', 'delete', 'rollout', 'exec', 'drift', 'unchanged'];

export type ObjectKind = 'Secret' | 'ConfigMap' | 'Node' | 'Deployment' | 'StatefulSet' | 'Pod';

export interface ObjectRef {
  kind: ObjectKind;
  /** Absent for Nodes. */
  namespace?: string;
  /** The object's name; for a Pod chosen by a selector, the selector as `-l <selector>`. */
  name: string;
  /** A Pod chosen by label selector (the launcher): its first running pod is used. */
  selector?: string;
}

/** One owned field that changes. Paths look like `data["template"]`, `metadata.labels["k"]`, `spec.taints["k:NoSchedule"]`. */
export interface FieldChange {
  path: string;
  op: 'add' | 'change' | 'remove';
  /** The value before (absent for `add`, and always absent for a Secret key). */
  before?: string;
  /** The value after (absent for `remove`, and always absent for a Secret key). */
  after?: string;
}

export interface SecretKeyChanges {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/**
 * What a step is, and so which executor applies it (io/cluster/steps/: a table keyed by kind, which TypeScript
 * refuses without an entry for every kind) and which renderer names it (report/plan.ts).
 */
export type StepKind = 'secret' | 'workload' | 'exec' | 'configmap' | 'node';
export const STEP_KINDS: readonly StepKind[] = ['secret', 'workload', 'exec', 'configmap', 'node'];

/** The kind of step an object gets. */
export function stepKindOf(o: Pick<ObjectRef, 'kind'>): StepKind {
  switch (o.kind) {
    case 'Secret':
      return 'secret';
    case 'Deployment':
    case 'StatefulSet':
      return 'workload';
    case 'Pod':
      return 'exec';
    case 'ConfigMap':
      return 'configmap';
    case 'Node':
      return 'node';
  }
}

/** The one builder of step ids: `Kind/namespace/name`, `Node/name`, or `exec/<component>` for the config refresh. */
export function stepId(ref: { kind: ObjectKind; namespace?: string; name: string } | { exec: string }): string {
  if ('exec' in ref) return `exec/${ref.exec}`;
  return ref.namespace !== undefined && ref.kind !== 'Node' ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** What every step has. */
interface StepBase {
  /** stepId(): `Kind/namespace/name`, `Node/name`, or `exec/<component>`: unique in a plan. */
  id: string;
  kind: StepKind;
  action: StepAction;
  object: ObjectRef;
  /** One line: what changes (plain text; renderers escape it). */
  summary: string;
  /** Owned fields that change (empty for `unchanged` and `exec`). */
  changes: FieldChange[];
  /**
   * The owned fields before and after, as YAML-able data, for the diff rendering (absent for exec; `before` absent
   * for create). A Secret's values are replaced by markers.
   */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** Repo files the desired object comes from. */
  files?: string[];
}

/** The pod-template write of a rollout, or the wait for an unfinished one. */
export interface RolloutChange {
  annotation: string;
  /** The annotation's live value, and the Secret's resourceVersion it is set to (null: the new one, known after apply). */
  from: string | null;
  to: string | null;
  /** `unfinished`: no write, a wait for the last rollout (a re-run after a failed or interrupted one); `mount`: only new keys' mounts. */
  reason: 'secret-changes' | 'annotation-behind' | 'mount' | 'unfinished';
  /** Provider keys whose subPath mounts the template write adds (sf-operator's rendering). */
  mountKeys?: string[];
  /** OnDelete with `software-factory.on-delete: delete-pods`: apply deletes the outdated pods. */
  deletePods?: boolean;
}

/** The fields of each kind of step. */
interface SecretFields {
  /** The managed keys by what happens to them. */
  secretKeys: SecretKeyChanges;
  /**
   * Keys this step writes that a workload's containers do not mount, left for `sf-operator deploy` (the setting
   * `software-factory.new-provider-keys: sf-operator-deploy`).
   */
  unmountedKeys?: Array<{ key: string; workloads: string[]; message: string }>;
}
interface WorkloadFields {
  /** Absent when the workload is unchanged. */
  rollout?: RolloutChange;
}
interface ExecFields {
  /** What runs, and where. */
  exec: { component: string; container: string; command: string[]; env: Record<string, string> };
}
interface NodeFields {
  pool: string;
  /** Taints with a declared key and effect but another value that are not pool-reconciler's. */
  conflicts?: string[];
  /** The ownership record is unreadable and no state says what the repo declared (a blocker). */
  unreadableRecord?: boolean;
  /** Pods a new `NoExecute` taint evicts at once, and how many running pods a new `NoSchedule` one would no longer admit. */
  evictions?: Eviction[];
  notAdmitted?: number;
}
type KindFields = SecretFields & WorkloadFields & ExecFields & NodeFields;
/** A kind's own fields, and none of the other kinds' (readable on the union, always undefined there). */
type Variant<K extends StepKind, F> = StepBase & { kind: K } & F & { [P in Exclude<keyof KindFields, keyof F>]?: never };

export type SecretStep = Variant<'secret', SecretFields>;
export type WorkloadStep = Variant<'workload', WorkloadFields>;
export type ExecStep = Variant<'exec', ExecFields>;
export type ConfigMapStep = Variant<'configmap', object>;
export type NodeStep = Variant<'node', NodeFields>;

/** One step of a plan: a union of one variant per kind (StepKind), each with its own fields. */
export type PlanStep = SecretStep | WorkloadStep | ExecStep | ConfigMapStep | NodeStep;

/** A pod that a new `NoExecute` taint evicts (at once, or after its toleration's seconds). */
export interface Eviction {
  namespace: string;
  name: string;
  /** The pod's controller (`ReplicaSet web-7d9f`), when it has one. */
  owner?: { kind: string; name: string };
  /** `key=value:NoExecute`. */
  taint: string;
  /** Set when a toleration delays the eviction. */
  afterSeconds?: number;
}

/** The Nodepool config: the repo's files compared with what is deployed (or a baseline). */
export interface PlanNodepool {
  /** What the repo's files were compared with. */
  baseline:
    | { kind: 'deployed'; commit: string; appliedAt?: string }
    | { kind: 'base'; ref: string; commit?: string }
    | { kind: 'none'; reason: string };
  /** sha256 over the repo's Nodepool files. */
  digest: string;
  /** What the state ConfigMap records as deployed; null when nothing is recorded. */
  deployedDigest: string | null;
  /** Whether the config refresh (generate-config.sh) is needed: the files changed since the deployed commit, or what is deployed is unknown. */
  refresh: boolean;
  /** What changes for Nodepool, against the baseline (not part of the plan hash: the baseline differs between a pull request and the apply). */
  changes: Array<{ file: string; line: number; op: 'add' | 'remove' | 'change'; text: string }>;
}

export const PLAN_FORMAT = 'pool-reconciler/plan/v2';

export interface Plan {
  format: typeof PLAN_FORMAT;
  /**
   * Changes: steps that change the cluster (create, update, delete, rollout), plus one when the Nodepool config
   * needs its refresh (exec steps are that refresh and do not count on their own; drift steps are not written).
   */
  changes: number;
  counts: Record<StepAction, number>;
  steps: PlanStep[];
  /** Node pools without a node in the cluster yet (provisioned by `konvoy up`). */
  pendingPools: Array<{ pool: string; message: string }>;
  /** What will make apply fail: a missing namespace, a workload to roll out that does not exist. */
  blockers: string[];
  notes: string[];
  /** Absent when the repo has no Nodepool files. */
  nodepool?: PlanNodepool;
  /**
   * With Nodepool's API (`nodepool-api-url`): what the change does to the running Nodepool (nodes of removed labels,
   * pools and providers, open requests, max-servers below the nodes held). Report material: not part of the intent,
   * so not of the hash (what runs changes by the minute).
   */
  nodepoolImpact?: NodepoolImpact;
  /**
   * Whether the Dispatch components' and CI pods' tolerations took effect (plan/placement.ts): what `konvoy up` or
   * Tekton must still do; nothing of it is written, and it is not part of the intent or the hash.
   */
  placement?: PlanPlacement;
  /** What the change means (plan/intent.ts): the only part the hash covers. */
  intent: PlanIntent;
  /** `sha256:<hex>` of the canonical JSON of the format and the intent. */
  hash: string;
}
