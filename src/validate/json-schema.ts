/**
 * The JSON Schemas of every file kind of a config repo, for editors (YAML language server: completion, hovers,
 * checks while typing) and for anyone who wants to check the files with a JSON Schema validator. They are built from
 * the same schema objects the validators use, so they cannot drift; `pool-reconciler schema` writes them and the
 * committed copies under `schemas/` are checked against this output by a test.
 *
 * A JSON Schema cannot say everything the validators check (cross-references, Kubernetes name rules, the pod
 * template inside a string): a file that passes its schema can still have findings; a file that fails it has.
 */
import { DRIVERS, nodepoolSchema } from './nodepool-schema.js';
import { clusterJSONSchema, KONVOY_API_VERSIONS } from './cluster.js';
import { podTemplateSchema } from './pod-template.js';
import { settingsSchema } from '../config/settings.js';
import type { JSONSchema } from '../config/schema.js';

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
export const SCHEMA_BASE_URI = 'https://pool-reconciler.dev/schemas/';

/** The schema files, in the order they are listed; `file` is the name under `schemas/`. */
export const SCHEMA_FILES = [
  'nodepool.schema.json',
  'nodepool-builder.schema.json',
  'cluster.schema.json',
  'pod-template.schema.json',
  'pod-template-spec.schema.json',
  'pool-reconciler.schema.json',
] as const;

export type SchemaFile = (typeof SCHEMA_FILES)[number];

function header(file: SchemaFile, title: string, description: string): JSONSchema {
  return { $schema: SCHEMA_DIALECT, $id: SCHEMA_BASE_URI + file, title, description };
}

/** Put the header first and keep the schema's own keys after it (a stable order). */
function withHeader(file: SchemaFile, title: string, description: string, body: JSONSchema): JSONSchema {
  const out: JSONSchema = header(file, title, description);
  for (const [k, v] of Object.entries(body)) if (!(k in out)) out[k] = v;
  return out;
}

function objectAt(s: unknown, ...keys: Array<string | number>): JSONSchema {
  let cur: unknown = s;
  for (const k of keys) {
    if (!cur || typeof cur !== 'object') throw new Error(`schema generation: no ${keys.join('.')}`);
    cur = (cur as Record<string, unknown>)[k];
  }
  if (!cur || typeof cur !== 'object' || Array.isArray(cur)) throw new Error(`schema generation: no ${keys.join('.')}`);
  return cur as JSONSchema;
}

// ---- Nodepool ----

const NODEPOOL_TOP_LEVEL_DOCS: Record<string, string> = {
  webapp: "The launcher's web app (with nodepool.flavor software-factory, the default, sf-operator sets it and the repository file must not; standalone Nodepool sets it here)",
  'elements-dir': 'Directory of diskimage-builder elements',
  'images-dir': 'Where the builder keeps images (with nodepool.flavor software-factory, the default, sf-operator sets it and the repository file must not; standalone Nodepool sets it here)',
  'build-log-dir': 'Where the builder writes build logs (with nodepool.flavor software-factory, the default, sf-operator sets it and the repository file must not; standalone Nodepool sets it here)',
  'build-log-retention': 'Number of build logs kept per image',
  'zookeeper-servers': 'ZooKeeper hosts (with nodepool.flavor software-factory, the default, sf-operator sets them and the repository file must not; standalone Nodepool sets them here)',
  'zookeeper-tls': 'ZooKeeper TLS files (with nodepool.flavor software-factory, the default, sf-operator sets them and the repository file must not; standalone Nodepool sets them here)',
  'zookeeper-timeout': 'ZooKeeper session timeout in seconds (a float: write 10.0)',
  providers: 'Clouds and clusters Nodepool launches nodes in; `driver:` selects the keys allowed (default openstack)',
  labels: 'Every label any pool provides must be listed here',
  diskimages: 'Images the builder builds (in Software Factory: `dib-cmd: /usr/local/bin/dib-ansible <playbook>.yaml`)',
  'max-hold-age': 'Maximum seconds a held node is kept',
  'tenant-resource-limits': 'Per-tenant quota (max-cores, max-ram, max-servers)',
};

/**
 * A provider, dispatched to its driver's keys the way Nodepool's loader does: any provider whose name starts with
 * "fake" uses the fake (OpenStack) driver whatever `driver:` says; otherwise `driver:` (default openstack).
 */
function providerJSONSchema(): { provider: JSONSchema; defs: Record<string, JSONSchema> } {
  const defs: Record<string, JSONSchema> = {};
  const drivers = Object.keys(DRIVERS).filter((d) => d !== 'fake');
  for (const d of drivers) defs[`provider-${d}`] = DRIVERS[d].toJSONSchema();
  const ref = (d: string) => ({ $ref: `#/$defs/provider-${d === 'fake' ? 'openstack' : d}` });
  const byDriver: JSONSchema[] = [
    // No `driver:`, or openstack or fake: the OpenStack schema.
    { if: { properties: { driver: { enum: ['openstack', 'fake'] } } }, then: ref('openstack') },
    ...drivers
      .filter((d) => d !== 'openstack')
      .map((d) => ({ if: { properties: { driver: { const: d } }, required: ['driver'] }, then: ref(d) })),
  ];
  const provider: JSONSchema = {
    description: 'A provider; `driver:` (default openstack) selects the keys allowed',
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string' }, driver: { type: 'string' } },
    if: { properties: { name: { type: 'string', pattern: '^fake' } }, required: ['name'] },
    then: ref('fake'),
    else: {
      properties: { driver: { enum: Object.keys(DRIVERS) } },
      allOf: byDriver,
    },
  };
  return { provider, defs };
}

function nodepoolJSONSchema(file: SchemaFile, title: string, description: string): JSONSchema {
  const body = nodepoolSchema.toJSONSchema();
  const properties = objectAt(body, 'properties');
  for (const [k, v] of Object.entries(properties)) {
    const doc = NODEPOOL_TOP_LEVEL_DOCS[k];
    if (doc && !(v as JSONSchema).description) properties[k] = { description: doc, ...(v as JSONSchema) };
  }
  const { provider, defs } = providerJSONSchema();
  const providers = objectAt(properties, 'providers');
  properties.providers = { ...providers, items: provider };
  return withHeader(file, title, description, { ...body, $defs: defs });
}

// ---- cluster.yaml ----

function clusterDocumentJSONSchema(): JSONSchema {
  const generated = clusterJSONSchema() as { oneOf?: unknown[] };
  const [provisioner, configuration] = generated.oneOf ?? [];
  const provisionerSpec = objectAt(provisioner, 'properties', 'spec');
  const configurationSpec = objectAt(configuration, 'properties', 'spec');
  const document = objectAt(provisioner);
  const properties = { ...objectAt(document, 'properties') };
  properties.apiVersion = { description: 'Konvoy API version', enum: [...KONVOY_API_VERSIONS] };
  properties.kind = {
    description: 'ClusterProvisioner (the machines) or ClusterConfiguration (Kubernetes, node pools, addons)',
    enum: ['ClusterProvisioner', 'ClusterConfiguration'],
  };
  properties.spec = { type: 'object' };
  const onKind = (kind: string, spec: string): JSONSchema => ({
    if: { properties: { kind: { const: kind } }, required: ['kind'] },
    then: { properties: { spec: { $ref: `#/$defs/${spec}` } } },
  });
  return {
    type: 'object',
    required: document.required,
    properties,
    additionalProperties: false,
    allOf: [onKind('ClusterProvisioner', 'provisionerSpec'), onKind('ClusterConfiguration', 'configurationSpec')],
    $defs: { provisionerSpec, configurationSpec },
  };
}

// ---- pod templates ----

const DNS1123_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const DNS1123_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

function podTemplateSpecJSONSchema(): JSONSchema {
  return {
    ...podTemplateSchema.toJSONSchema(),
    // An empty template is allowed (with a warning from `validate`).
    type: ['object', 'null'],
  };
}

function configMapJSONSchema(): JSONSchema {
  return {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata'],
    properties: {
      apiVersion: { const: 'v1' },
      kind: { const: 'ConfigMap' },
      metadata: {
        type: 'object',
        required: ['name'],
        properties: {
          name: {
            description: 'The name the Repository\'s podTemplateFrom names (a DNS-1123 subdomain)',
            type: 'string',
            maxLength: 253,
            pattern: DNS1123_SUBDOMAIN,
          },
          namespace: {
            description: 'The namespace of the Dispatch Repository that uses this pod template',
            type: ['string', 'null'],
            maxLength: 63,
            anyOf: [{ type: 'null' }, { const: '' }, { pattern: DNS1123_LABEL }],
          },
          labels: { type: ['object', 'null'], additionalProperties: { type: ['string', 'null'] } },
          annotations: { type: ['object', 'null'], additionalProperties: { type: ['string', 'null'] } },
        },
      },
      data: {
        description:
          'The pod template is the value of one key (`default-pod-template`, or `dispatch.pod-template-key` of .pool-reconciler.yaml), as a YAML string: `key: |`',
        type: ['object', 'null'],
        additionalProperties: {
          type: 'string',
          contentMediaType: 'application/yaml',
          contentSchema: { $ref: '#/$defs/podTemplateSpec' },
        },
      },
      binaryData: { type: ['object', 'null'], additionalProperties: { type: 'string', contentEncoding: 'base64' } },
      immutable: { type: ['boolean', 'null'] },
    },
    additionalProperties: false,
    $defs: { podTemplateSpec: podTemplateSpecJSONSchema() },
  };
}

/** Every schema, keyed by its file name under `schemas/`. Pure and deterministic. */
export function generateSchemas(): Record<SchemaFile, JSONSchema> {
  return {
    'nodepool.schema.json': nodepoolJSONSchema(
      'nodepool.schema.json',
      'Nodepool launcher configuration (nodepool/nodepool.yaml)',
      'Labels, providers and pools of Zuul Nodepool, key for key as `nodepool config-validate` checks them. In a Software Factory user file, webapp, zookeeper-*, images-dir and build-log-dir are set by sf-operator.',
    ),
    'nodepool-builder.schema.json': nodepoolJSONSchema(
      'nodepool-builder.schema.json',
      'Nodepool builder configuration (nodepool/nodepool-builder.yaml)',
      'Diskimages and the providers they are uploaded to; the builder reads the same schema as the launcher.',
    ),
    'cluster.schema.json': withHeader(
      'cluster.schema.json',
      'Konvoy cluster.yaml document',
      'One document of cluster.yaml: a ClusterProvisioner (machine pools) or a ClusterConfiguration (node pools with labels and taints, addons). Editors apply it to each document of the file.',
      clusterDocumentJSONSchema(),
    ),
    'pod-template.schema.json': withHeader(
      'pod-template.schema.json',
      'Dispatch pod-template ConfigMap (dispatch/pod-templates/*.yaml)',
      'A v1 ConfigMap whose data key holds the pod template (tolerations, nodeSelector, ...) of one Dispatch repository, as a YAML string.',
      configMapJSONSchema(),
    ),
    'pod-template-spec.schema.json': withHeader(
      'pod-template-spec.schema.json',
      'Tekton pod template',
      'The pod template itself: the YAML inside a pod-template ConfigMap data key, or tekton.configs.defaultPodTemplate of the Dispatch addon values.',
      podTemplateSpecJSONSchema(),
    ),
    'pool-reconciler.schema.json': withHeader(
      'pool-reconciler.schema.json',
      'pool-reconciler settings (.pool-reconciler.yaml)',
      'Optional settings at the config repo root: paths of the files, required files, namespaces and object names. Every key has a default.',
      settingsSchema.toJSONSchema(),
    ),
  };
}

/** The text of a schema file as committed: two-space JSON and a final newline. */
export function schemaText(schema: object): string {
  return JSON.stringify(schema, null, 2) + '\n';
}
