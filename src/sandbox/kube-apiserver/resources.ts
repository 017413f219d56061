// The resources the loopback API server serves, with the strategy details that differ between them.

import type { NameRule } from './validation.js';

export interface ResourceDef {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  /** A custom resource: no strategic merge patch, list items keep apiVersion/kind. */
  crd: boolean;
  /** Has a status subresource: writes to the main resource keep the stored status. */
  statusSubresource: boolean;
  /** When metadata.generation moves. */
  generation: 'none' | 'spec' | 'spec+annotations' | 'nonmeta';
  nameRule: NameRule;
  shortNames?: string[];
  /** Field selector labels beyond metadata.name and metadata.namespace. */
  fields?: Record<string, (o: Record<string, unknown>) => string>;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const at = (o: Record<string, unknown>, a: string, b: string): unknown => {
  const x = o[a];
  return typeof x === 'object' && x !== null ? (x as Record<string, unknown>)[b] : undefined;
};

export const RESOURCES: readonly ResourceDef[] = [
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    crd: false,
    statusSubresource: true,
    generation: 'none',
    nameRule: 'label',
    shortNames: ['ns'],
    fields: { 'status.phase': (o) => str(at(o, 'status', 'phase')) },
  },
  {
    group: '',
    version: 'v1',
    plural: 'nodes',
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    crd: false,
    statusSubresource: true,
    generation: 'none',
    nameRule: 'subdomain',
    shortNames: ['no'],
    fields: { 'spec.unschedulable': (o) => str(at(o, 'spec', 'unschedulable') ?? false) },
  },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    crd: false,
    statusSubresource: true,
    generation: 'none',
    nameRule: 'subdomain',
    shortNames: ['po'],
    fields: {
      'spec.nodeName': (o) => str(at(o, 'spec', 'nodeName')),
      'spec.restartPolicy': (o) => str(at(o, 'spec', 'restartPolicy')),
      'spec.schedulerName': (o) => str(at(o, 'spec', 'schedulerName')),
      'spec.serviceAccountName': (o) => str(at(o, 'spec', 'serviceAccountName')),
      'status.phase': (o) => str(at(o, 'status', 'phase')),
      'status.podIP': (o) => str(at(o, 'status', 'podIP')),
    },
  },
  {
    group: '',
    version: 'v1',
    plural: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    crd: false,
    statusSubresource: false,
    generation: 'none',
    nameRule: 'subdomain',
    fields: { type: (o) => str(o.type) },
  },
  {
    group: '',
    version: 'v1',
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    crd: false,
    statusSubresource: false,
    generation: 'none',
    nameRule: 'subdomain',
    shortNames: ['cm'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    crd: false,
    statusSubresource: true,
    generation: 'spec+annotations',
    nameRule: 'subdomain',
    shortNames: ['deploy'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    crd: false,
    statusSubresource: true,
    generation: 'spec',
    nameRule: 'subdomain',
    shortNames: ['sts'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    crd: false,
    statusSubresource: true,
    generation: 'spec',
    nameRule: 'subdomain',
    shortNames: ['rs'],
  },
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    plural: 'leases',
    singular: 'lease',
    kind: 'Lease',
    namespaced: true,
    crd: false,
    statusSubresource: false,
    generation: 'none',
    nameRule: 'subdomain',
  },
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    plural: 'validatingwebhookconfigurations',
    singular: 'validatingwebhookconfiguration',
    kind: 'ValidatingWebhookConfiguration',
    namespaced: false,
    crd: false,
    statusSubresource: false,
    generation: 'nonmeta',
    nameRule: 'subdomain',
  },
  {
    group: 'dispatch.d2iq.io',
    version: 'v1alpha1',
    plural: 'repositories',
    singular: 'repository',
    kind: 'Repository',
    namespaced: true,
    crd: true,
    statusSubresource: false,
    generation: 'nonmeta',
    nameRule: 'subdomain',
  },
];

export function apiVersionOf(r: ResourceDef): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export function findResource(group: string, version: string, plural: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

/** By Kind, plural or singular name, case-insensitively (for the test-side store API). */
export function resourceByName(name: string): ResourceDef | undefined {
  const n = name.toLowerCase();
  return RESOURCES.find((r) => r.kind.toLowerCase() === n || r.plural === n || r.singular === n);
}

export function resourceForObject(apiVersion: unknown, kind: unknown): ResourceDef | undefined {
  return RESOURCES.find((r) => r.kind === kind && (apiVersion === undefined || apiVersionOf(r) === apiVersion));
}

export function fieldSet(r: ResourceDef, o: Record<string, unknown>): Record<string, string> {
  const meta = (o.metadata ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = { 'metadata.name': str(meta.name), 'metadata.namespace': str(meta.namespace) };
  for (const [k, f] of Object.entries(r.fields ?? {})) out[k] = f(o);
  return out;
}

export function supportedFields(r: ResourceDef): string[] {
  return ['metadata.name', 'metadata.namespace', ...Object.keys(r.fields ?? {})];
}

export function discoveryResources(group: string, version: string): Record<string, unknown>[] {
  const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update'];
  const out: Record<string, unknown>[] = [];
  for (const r of RESOURCES.filter((x) => x.group === group && x.version === version)) {
    const e: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs };
    if (r.shortNames) e.shortNames = r.shortNames;
    out.push(e);
    if (r.plural === 'pods') {
      out.push({ name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] });
    }
  }
  return out;
}
