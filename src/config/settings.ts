/**
 * `.pool-reconciler.yaml` at the config repo's root: where the files are and what the cluster objects are called.
 * Every setting has a default, so the file is optional.
 */
import { bool, dict, match, object, str, list, oneOf } from './schema.js';
import { DISPATCH_COMPONENT_KEYS, DISPATCH_RELEASE_NAMESPACE, parseWorkloadRef } from './dispatch-workloads.js';
import type { DispatchComponentKey, DispatchWorkloadRef } from './dispatch-workloads.js';

export type FileKind = 'nodepool' | 'nodepool-builder' | 'cluster' | 'pod-template' | 'inventory' | 'known-hosts' | 'playbook' | 'zuul';

export const FILE_KINDS: readonly FileKind[] = [
  'nodepool',
  'nodepool-builder',
  'cluster',
  'pod-template',
  'inventory',
  'known-hosts',
  'playbook',
  'zuul',
];

export interface Settings {
  paths: {
    nodepool: string;
    nodepoolBuilder: string;
    dibAnsible: string;
    inventory: string;
    knownHosts: string;
    cluster: string;
    podTemplates: string;
    /**
     * Zuul's config (a file, or a directory of `.yaml` files). Unless set, Zuul's own lookup: the first of
     * `zuul.yaml`, `zuul.d/`, `.zuul.yaml`, `.zuul.d/` that exists (ZUUL_CONF_ROOTS).
     */
    zuul: string;
  };
  /** Paths the repo's settings named explicitly: missing ones are errors, not notices. */
  explicit: Set<keyof Settings['paths']>;
  /** Kinds that must be present (`required:` in the settings file). */
  required: Set<keyof Settings['paths']>;
  softwareFactory: {
    namespace: string;
    providersSecret: string;
    builderSshKeySecret: string;
    launcherDeployment: string;
    builderStatefulSet: string;
    /**
     * Keys of the providers Secret to remove (only those pool-reconciler wrote: its annotation on the Secret lists
     * them). Never inferred from an empty input: an unset GitHub secret leaves its key alone.
     */
    removeProviderKeys: string[];
    /**
     * A provider key new to the Secret: `mount` (default) writes its subPath mount into the launcher's and builder's
     * template with the annotation, as sf-operator renders it; `sf-operator-deploy` leaves the annotation alone and
     * says that `sf-operator deploy` must run (it renders the mount and restarts).
     */
    newProviderKeys: 'mount' | 'sf-operator-deploy';
    /** A Nodepool StatefulSet with `updateStrategy: OnDelete`: `refuse` (default) before any write, or `delete-pods` (replace them as `kubectl delete pod` would). */
    onDelete: 'refuse' | 'delete-pods';
  };
  dispatch: {
    /** Namespace of Tekton's `config-defaults` ConfigMap. */
    tektonNamespace: string;
    tektonConfigMap: string;
    /** Name of the Dispatch addon in `cluster.yaml`'s addonsList. */
    addonName: string;
    /** Data key of per-repository pod-template ConfigMaps. */
    podTemplateKey: string;
    /** The Dispatch addon's release namespace (its components' workloads, config/dispatch-workloads.ts). */
    namespace: string;
    /** Per values key: another namespace or other workloads than the chart's (config/dispatch-workloads.ts). */
    components: Partial<Record<DispatchComponentKey, { namespace?: string; workloads?: DispatchWorkloadRef[] }>>;
  };
  nodepool: {
    /** `%(NODEPOOL_*)` substitutions applied before parsing, as the Nodepool daemons would see their environment. */
    env: Record<string, string>;
    /**
     * How Nodepool is deployed: `software-factory` (sf-operator appends the repo's files to its base config, and
     * the Software Factory rules apply) or `standalone` (plain Nodepool files).
     */
    flavor: NodepoolFlavor;
  };
  /** `write` (default): apply writes the pools' labels and taints; `report-only`: node differences are reported as drift, never written (Konvoy's `konvoy up` owns them). */
  nodes: 'write' | 'report-only';
  /**
   * Someone else's taint with the key and effect of a pool's taint but another value, or a ConfigMap of the repo's
   * name that pool-reconciler did not create: `refuse` (default: a conflict the plan shows, apply refuses) or `adopt`.
   */
  conflicts: 'refuse' | 'adopt';
  /**
   * The repo's targets (`targets:`), in the order the settings give them: the order of promotion (the first is
   * applied first; a target whose apply failed stops the ones after it). Empty: the repo has one cluster.
   */
  targets: TargetSpec[];
  /** The target this view of the settings is for (its overrides applied); undefined for the repo's top level. */
  target?: string;
  /**
   * The node pools of cluster.yaml that exist on this target (the target's `pools:`); undefined: all of them.
   * Each with where the settings name it, for the finding when cluster.yaml has no such pool.
   */
  pools?: Array<{ name: string; offset?: number }>;
}

/** A cluster the repo feeds: what differs there is in its overrides; its credentials are only named, never given. */
export interface TargetSpec {
  name: string;
  /** The GitHub environment whose secrets (KUBECONFIG, the provider secrets) reach this cluster. */
  environment?: string;
  /** The kubeconfig context of this cluster (the CLI's default for --context). */
  context?: string;
  /** The node pools of cluster.yaml that exist there; undefined: all. */
  pools?: string[];
}

/** The one target of a repo without `targets:` (how `targets` lists it, and the owner mark names it). */
export const DEFAULT_TARGET = 'default';

/** Target names: a DNS-1123 label (they name artifacts, comment sections, GitHub statuses and the lock). */
export const TARGET_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export type NodepoolFlavor = 'software-factory' | 'standalone';
export const NODEPOOL_FLAVORS: readonly NodepoolFlavor[] = ['software-factory', 'standalone'];

export const DEFAULT_SETTINGS: Settings = {
  paths: {
    nodepool: 'nodepool/nodepool.yaml',
    nodepoolBuilder: 'nodepool/nodepool-builder.yaml',
    dibAnsible: 'nodepool/dib-ansible',
    inventory: 'nodepool/dib-ansible/inventory.yaml',
    knownHosts: 'nodepool/dib-ansible/known_hosts',
    cluster: 'cluster.yaml',
    podTemplates: 'dispatch/pod-templates',
    zuul: 'zuul.d',
  },
  explicit: new Set(),
  required: new Set(),
  softwareFactory: {
    namespace: 'sf',
    providersSecret: 'nodepool-providers-secrets',
    builderSshKeySecret: 'nodepool-builder-ssh-key',
    launcherDeployment: 'nodepool-launcher',
    builderStatefulSet: 'nodepool-builder',
    removeProviderKeys: [],
    newProviderKeys: 'mount',
    onDelete: 'refuse',
  },
  dispatch: {
    tektonNamespace: 'tekton-pipelines',
    tektonConfigMap: 'config-defaults',
    addonName: 'dispatch',
    podTemplateKey: 'default-pod-template',
    namespace: DISPATCH_RELEASE_NAMESPACE,
    components: {},
  },
  nodepool: { env: {}, flavor: 'software-factory' },
  nodes: 'write',
  conflicts: 'refuse',
  targets: [],
};

export const SETTINGS_FILE = '.pool-reconciler.yaml';

const PATH_KEYS: Record<string, keyof Settings['paths']> = {
  nodepool: 'nodepool',
  'nodepool-builder': 'nodepoolBuilder',
  'dib-ansible': 'dibAnsible',
  inventory: 'inventory',
  'known-hosts': 'knownHosts',
  cluster: 'cluster',
  'pod-templates': 'podTemplates',
  zuul: 'zuul',
};

/** Where Zuul looks for a project's config, in its order (zuul.configloader.ZUUL_CONF_ROOT): the first found is read. */
export const ZUUL_CONF_ROOTS = ['zuul.yaml', 'zuul.d', '.zuul.yaml', '.zuul.d'] as const;

const k8sName = str();

/** The settings a target may override: the same keys, with the same meaning, as at the top level. */
const overridable = {
  paths: object(
    Object.fromEntries(Object.keys(PATH_KEYS).map((k) => [k, str().doc(k === 'zuul'
      ? "Path of Zuul's config (a file, or a directory of .yaml files), relative to the repo root; default: Zuul's own lookup (the first of zuul.yaml, zuul.d/, .zuul.yaml, .zuul.d/)"
      : `Path of ${k}, relative to the repo root`)])),
  ),
  'software-factory': object({
    namespace: k8sName.doc('Namespace of the Software Factory deployment (default sf)'),
    'providers-secret': k8sName,
    'builder-ssh-key-secret': k8sName,
    'launcher-deployment': k8sName,
    'builder-statefulset': k8sName,
    'remove-provider-keys': list(oneOf('clouds.yaml', 'kube.config', 'aws.config')).doc('Keys of the providers Secret to remove, among those pool-reconciler wrote (an empty input never removes a key)'),
    'new-provider-keys': oneOf('mount', 'sf-operator-deploy').doc("A provider key new to the Secret: mount (default) writes its subPath mount into the launcher's and builder's pod template as sf-operator renders it; sf-operator-deploy leaves the template alone and requires `sf-operator deploy`"),
    'on-delete': oneOf('refuse', 'delete-pods').doc('A Nodepool StatefulSet with updateStrategy OnDelete: refuse (default) before any write, or delete-pods (delete its outdated pods so they restart with the new template, as `kubectl delete pod` would)'),
  }),
  dispatch: object({
    'tekton-namespace': k8sName.doc("Namespace of Tekton's config-defaults ConfigMap (default tekton-pipelines)"),
    'tekton-configmap': k8sName,
    'addon-name': str(),
    'pod-template-key': str().doc('Data key of per-repository pod-template ConfigMaps (default default-pod-template)'),
    namespace: k8sName.doc("The Dispatch addon's namespace, where its components run (default dispatch)"),
    components: object(Object.fromEntries(DISPATCH_COMPONENT_KEYS.map((k) => [k, object({
      namespace: k8sName.doc(`Namespace of the workloads that carry \`${k}\`'s tolerations`),
      workloads: list(match(/^(Deployment|StatefulSet)\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'Deployment/<name> or StatefulSet/<name>'))
        .doc(`The workloads whose pod template carries \`${k}\`'s tolerations and nodeSelector, as Kind/name`),
    })]))).doc("Where each Dispatch values key's tolerations end up, when the cluster differs from the chart (plan and drift read these workloads)"),
  }),
  nodepool: object({
    env: dict(str(), str()).doc('NODEPOOL_* variables substituted for %(NAME) before Nodepool files are parsed'),
    flavor: oneOf(...NODEPOOL_FLAVORS).doc(
      'How Nodepool is deployed: software-factory (default; sf-operator appends the files to its base config and the Software Factory rules apply) or standalone (plain Nodepool config files). The --standalone flag and the standalone action input override it.',
    ),
  }),
  conflicts: oneOf('refuse', 'adopt').doc("Someone else's taint with a pool taint's key and effect but another value, or an existing ConfigMap of a pod template's name that pool-reconciler did not create: refuse (default; a conflict in the plan, apply refuses) or adopt"),
  nodes: oneOf('write', 'report-only').doc("write (default): apply writes the node pools' labels and taints; report-only: node differences are only reported (drift), for clusters where `konvoy up` alone writes them"),
};

export const settingsSchema = object({
  ...overridable,
  required: list(oneOf(...Object.keys(PATH_KEYS))).doc('Files that must exist; a missing one is an error'),
  'fail-on-warnings': bool(),
  targets: dict(
    match(TARGET_NAME, 'a target name: lower-case letters, digits and -, at most 63 characters'),
    object({
      ...overridable,
      environment: str().doc("The GitHub environment whose secrets (kubeconfig, provider secrets) reach this target's cluster; the matrix's `environment`"),
      context: str().doc("The kubeconfig context of this target's cluster (the CLI's --context when not given)"),
      pools: list(str()).doc('The node pools of cluster.yaml that exist on this target (default: all)'),
    }),
  ).doc('Clusters fed by this repo, in the order of promotion (the first is applied first): each overrides the keys above for its cluster, and names its credentials (a GitHub environment, a kubeconfig context), never gives them'),
});

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `over` put over `base`: mappings merge key by key, anything else (lists included) replaces. */
function overlay(base: Doc, over: Doc): Doc {
  const out: Doc = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isDoc(v) && isDoc(base[k]) ? overlay(base[k] as Doc, v) : v;
  return out;
}

/** The targets a settings document declares, in its order. */
export function targetsOf(doc: unknown): TargetSpec[] {
  const t = isDoc(doc) ? doc.targets : undefined;
  if (!isDoc(t)) return [];
  return Object.entries(t).filter(([name]) => TARGET_NAME.test(name)).map(([name, v]) => {
    const o = isDoc(v) ? v : {};
    return {
      name,
      ...(typeof o.environment === 'string' && o.environment ? { environment: o.environment } : {}),
      ...(typeof o.context === 'string' && o.context ? { context: o.context } : {}),
      ...(Array.isArray(o.pools) ? { pools: o.pools.filter((p): p is string => typeof p === 'string') } : {}),
    };
  });
}

/** Why `target` cannot be used with these settings (a sentence), or undefined. A repo without targets takes any name. */
export function targetProblem(settings: Pick<Settings, 'targets'>, target: string | undefined, option = '--target'): string | undefined {
  if (!settings.targets.length) return undefined;
  const names = settings.targets.map((t) => t.name);
  if (target === undefined) return `${SETTINGS_FILE} declares targets (${names.join(', ')}): give ${option} with one of them`;
  if (!names.includes(target)) return `${SETTINGS_FILE} declares no target ${JSON.stringify(target)}; its targets are ${names.join(', ')}`;
  return undefined;
}

/**
 * Build settings from the parsed (and schema-checked) settings document; with `target`, that target's view: its
 * overrides put over the top level (a name the document does not declare gives the top level, targetProblem says so).
 */
export function settingsFrom(doc: unknown, target?: string): Settings {
  const targets = targetsOf(doc);
  const spec = target !== undefined ? targets.find((t) => t.name === target) : undefined;
  const over = spec && isDoc(doc) && isDoc(doc.targets) ? (doc.targets as Doc)[spec.name] : undefined;
  const s = settingsOfDoc(isDoc(over) && isDoc(doc) ? overlay(doc, over) : doc);
  s.targets = targets;
  if (spec) {
    s.target = spec.name;
    if (spec.pools) s.pools = spec.pools.map((name) => ({ name }));
  }
  return s;
}

function settingsOfDoc(doc: unknown): Settings {
  const s: Settings = structuredClone({ ...DEFAULT_SETTINGS, explicit: undefined, required: undefined }) as unknown as Settings;
  s.explicit = new Set();
  s.required = new Set();
  if (!doc || typeof doc !== 'object') return s;
  const d = doc as Record<string, Record<string, unknown> | undefined>;
  const paths = d.paths ?? {};
  for (const [k, field] of Object.entries(PATH_KEYS)) {
    const v = paths[k];
    if (typeof v === 'string') {
      s.paths[field] = v.replace(/\\/g, '/').replace(/\/+$/, '');
      s.explicit.add(field);
    }
  }
  const req = (doc as { required?: unknown }).required;
  if (Array.isArray(req)) for (const k of req) if (typeof k === 'string' && Object.hasOwn(PATH_KEYS, k)) s.required.add(PATH_KEYS[k]);
  const pick = <T extends object>(target: T, from: Record<string, unknown> | undefined, keys: Record<string, keyof T>) => {
    for (const [k, field] of Object.entries(keys)) {
      const v = from?.[k];
      if (typeof v === 'string' && v) (target as Record<string, string>)[field as string] = v;
    }
  };
  pick(s.softwareFactory, d['software-factory'], {
    namespace: 'namespace',
    'providers-secret': 'providersSecret',
    'builder-ssh-key-secret': 'builderSshKeySecret',
    'launcher-deployment': 'launcherDeployment',
    'builder-statefulset': 'builderStatefulSet',
  });
  const remove = (d['software-factory'] as { 'remove-provider-keys'?: unknown } | undefined)?.['remove-provider-keys'];
  if (Array.isArray(remove)) s.softwareFactory.removeProviderKeys = remove.filter((k): k is string => typeof k === 'string');
  pick(s.dispatch, d.dispatch, {
    'tekton-namespace': 'tektonNamespace',
    'tekton-configmap': 'tektonConfigMap',
    'addon-name': 'addonName',
    'pod-template-key': 'podTemplateKey',
  });
  const dispatchDoc = d.dispatch as { namespace?: unknown; components?: unknown } | undefined;
  if (typeof dispatchDoc?.namespace === 'string' && dispatchDoc.namespace) s.dispatch.namespace = dispatchDoc.namespace;
  const comps = dispatchDoc?.components;
  if (comps && typeof comps === 'object') {
    for (const key of DISPATCH_COMPONENT_KEYS) {
      const c = (comps as Record<string, unknown>)[key] as { namespace?: unknown; workloads?: unknown } | undefined;
      if (!c || typeof c !== 'object') continue;
      const o: { namespace?: string; workloads?: DispatchWorkloadRef[] } = {};
      if (typeof c.namespace === 'string' && c.namespace) o.namespace = c.namespace;
      if (Array.isArray(c.workloads)) o.workloads = c.workloads.map((w) => (typeof w === 'string' ? parseWorkloadRef(w) : undefined)).filter((w): w is DispatchWorkloadRef => w !== undefined);
      s.dispatch.components[key] = o;
    }
  }
  const sfDoc = d['software-factory'] as { 'new-provider-keys'?: unknown; 'on-delete'?: unknown } | undefined;
  if (sfDoc?.['new-provider-keys'] === 'mount' || sfDoc?.['new-provider-keys'] === 'sf-operator-deploy') s.softwareFactory.newProviderKeys = sfDoc['new-provider-keys'];
  if (sfDoc?.['on-delete'] === 'refuse' || sfDoc?.['on-delete'] === 'delete-pods') s.softwareFactory.onDelete = sfDoc['on-delete'];
  const conflicts = (doc as { conflicts?: unknown }).conflicts;
  if (conflicts === 'refuse' || conflicts === 'adopt') s.conflicts = conflicts;
  const nodes = (doc as { nodes?: unknown }).nodes;
  if (nodes === 'report-only' || nodes === 'write') s.nodes = nodes;
  const flavor = (d.nodepool as { flavor?: unknown } | undefined)?.flavor;
  if (typeof flavor === 'string' && (NODEPOOL_FLAVORS as readonly string[]).includes(flavor)) s.nodepool.flavor = flavor as NodepoolFlavor;
  const env = (d.nodepool as { env?: unknown } | undefined)?.env;
  if (env && typeof env === 'object') {
    for (const [k, v] of Object.entries(env)) if (typeof v === 'string') s.nodepool.env[k] = v;
  }
  return s;
}
