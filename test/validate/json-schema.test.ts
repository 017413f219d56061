/**
 * The JSON Schemas under schemas/ are what `pool-reconciler schema` writes, compile with a real 2020-12 validator,
 * accept every file of the example repo, and reject broken documents the validators reject too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { generateSchemas, SCHEMA_BASE_URI, SCHEMA_DIALECT, SCHEMA_FILES, schemaText } from '../../src/validate/json-schema.js';
import type { SchemaFile } from '../../src/validate/json-schema.js';
import { makeSource } from '../../src/config/source.js';
import { parseYaml, toJS } from '../../src/config/yaml.js';
import { REPO_ROOT } from '../support/shared.js';
import { EXAMPLE_REPO } from '../support/example-repo.js';

const SCHEMAS_DIR = path.join(REPO_ROOT, 'schemas');

/** YAML read as the validators read it (YAML 1.1, like Nodepool's PyYAML), one value per document. */
function yamlDocs(text: string, name = 'test.yaml'): unknown[] {
  const parsed = parseYaml(makeSource(name, text));
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.documents.map((d) => toJS(d.root));
}

function yamlDoc(text: string): unknown {
  const docs = yamlDocs(text);
  expect(docs).toHaveLength(1);
  return docs[0];
}

function exampleDocs(rel: string): unknown[] {
  return yamlDocs(readFileSync(path.join(EXAMPLE_REPO, rel), 'utf8'), rel);
}

const generated = generateSchemas();
// Strict, except for `required` naming keys defined elsewhere (legal JSON Schema, used by "not both" rules).
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
const validators = new Map<SchemaFile, ValidateFunction>();
for (const file of SCHEMA_FILES) validators.set(file, ajv.compile(generated[file]));

function check(file: SchemaFile, doc: unknown): { ok: boolean; errors: string } {
  const v = validators.get(file)!;
  const ok = v(doc) as boolean;
  return { ok, errors: ajv.errorsText(v.errors) };
}

function expectValid(file: SchemaFile, doc: unknown): void {
  const r = check(file, doc);
  expect(r.errors, `${file} should accept ${JSON.stringify(doc)}`).toBe('No errors');
  expect(r.ok).toBe(true);
}

function expectInvalid(file: SchemaFile, doc: unknown, mentions?: RegExp): void {
  const r = check(file, doc);
  expect(r.ok, `${file} should reject ${JSON.stringify(doc)}`).toBe(false);
  if (mentions) expect(r.errors).toMatch(mentions);
}

describe('committed schemas', () => {
  it('schemas/ holds exactly the generated files, byte for byte', () => {
    const committed = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(committed).toEqual([...SCHEMA_FILES].sort());
    for (const file of SCHEMA_FILES) {
      const text = readFileSync(path.join(SCHEMAS_DIR, file), 'utf8');
      expect(text, `schemas/${file} differs from the generated one: run \`pool-reconciler schema\``).toBe(
        schemaText(generated[file]),
      );
    }
  });

  it('generation is deterministic', () => {
    const again = generateSchemas();
    for (const file of SCHEMA_FILES) expect(schemaText(again[file])).toBe(schemaText(generated[file]));
  });

  it('every schema is a titled draft 2020-12 schema with its own $id', () => {
    for (const file of SCHEMA_FILES) {
      const s = generated[file] as Record<string, unknown>;
      expect(Object.keys(s).slice(0, 4)).toEqual(['$schema', '$id', 'title', 'description']);
      expect(s.$schema).toBe(SCHEMA_DIALECT);
      expect(s.$id).toBe(SCHEMA_BASE_URI + file);
      expect(typeof s.title).toBe('string');
      expect(ajv.validateSchema(s)).toBe(true);
    }
  });

  it('the launcher and builder files share Nodepool\'s top-level schema', () => {
    const strip = (s: object) => {
      const { $id: _id, title: _title, description: _description, ...rest } = s as Record<string, unknown>;
      return rest;
    };
    expect(strip(generated['nodepool-builder.schema.json'])).toEqual(strip(generated['nodepool.schema.json']));
  });
});

describe('the example repo passes its schemas', () => {
  it('nodepool.yaml and nodepool-builder.yaml', () => {
    expectValid('nodepool.schema.json', exampleDocs('nodepool/nodepool.yaml')[0]);
    expectValid('nodepool-builder.schema.json', exampleDocs('nodepool/nodepool-builder.yaml')[0]);
  });

  it('each cluster.yaml document, and the Dispatch default pod template inside it', () => {
    const docs = exampleDocs('cluster.yaml');
    expect(docs.map((d) => (d as { kind: string }).kind)).toEqual(['ClusterProvisioner', 'ClusterConfiguration']);
    for (const d of docs) expectValid('cluster.schema.json', d);
    const configuration = docs[1] as { spec: { addons: Array<{ addonsList: Array<{ name: string; values?: string }> }> } };
    const dispatch = configuration.spec.addons.flatMap((a) => a.addonsList).find((a) => a.name === 'dispatch')!;
    const values = yamlDoc(dispatch.values!) as { tekton: { configs: { defaultPodTemplate: string } } };
    expectValid('pod-template-spec.schema.json', yamlDoc(values.tekton.configs.defaultPodTemplate));
  });

  it('each pod-template ConfigMap, and the pod template in its data', () => {
    const files = readdirSync(path.join(EXAMPLE_REPO, 'dispatch', 'pod-templates'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const [cm] = exampleDocs(`dispatch/pod-templates/${f}`) as Array<{ data: Record<string, string> }>;
      expectValid('pod-template.schema.json', cm);
      for (const template of Object.values(cm.data)) expectValid('pod-template-spec.schema.json', yamlDoc(template));
    }
  });

  it('.pool-reconciler.yaml', () => {
    expectValid('pool-reconciler.schema.json', exampleDocs('.pool-reconciler.yaml')[0]);
  });
});

describe('broken documents fail their schemas', () => {
  const np = 'nodepool.schema.json';

  it('Nodepool: unknown keys, wrong types, Nodepool\'s int quirk', () => {
    expectInvalid(np, yamlDoc('labels:\n  - name: a\n    min-redy: 1\n'), /additional properties/);
    expectInvalid(np, yamlDoc('labels:\n  - name: a\n    min-ready: "1"\n'), /must be integer,boolean/);
    expectValid(np, yamlDoc('labels:\n  - name: a\n    min-ready: yes\n')); // an int field takes a boolean
    // A float field rejects a string; JSON has one number type, so `10` for `10.0` is left to `validate`.
    expectInvalid(np, yamlDoc('zookeeper-timeout: "10.0"\n'), /must be number/);
    expectValid(np, yamlDoc('zookeeper-timeout: 10.0\n'));
    expectInvalid(np, yamlDoc('labels: a\n'), /must be array/);
  });

  it('Nodepool providers: the keys of their driver, unknown drivers, the "fake" name rule', () => {
    const k8s = 'providers:\n  - name: k8s\n    driver: kubernetes\n    context: ctx\n    pools:\n      - name: main\n        labels:\n          - name: pod\n            type: pod\n            image: busybox\n';
    expectValid(np, yamlDoc(k8s));
    // `cloud` is an OpenStack key: not allowed on a kubernetes provider.
    expectInvalid(np, yamlDoc(k8s.replace('context: ctx', 'context: ctx\n    cloud: mycloud')), /additional properties/);
    expectInvalid(np, yamlDoc(k8s.replace('kubernetes', 'kubernets')), /must be equal to one of the allowed values/);
    // Without `driver:` (or with `driver: openstack`) a provider is an OpenStack one.
    expectValid(np, yamlDoc('providers:\n  - name: cloud1\n    cloud: mycloud\n'));
    expectValid(np, yamlDoc('providers:\n  - name: cloud1\n    driver: openstack\n    cloud: mycloud\n'));
    expectInvalid(np, yamlDoc('providers:\n  - name: cloud1\n    driver: openstack\n    context: ctx\n'), /additional properties/);
    // Nodepool uses its fake (OpenStack) driver for any provider named fake*, whatever `driver:` says.
    expectValid(np, yamlDoc('providers:\n  - name: fake-k8s\n    driver: kubernetes\n    cloud: mycloud\n'));
    expectInvalid(np, yamlDoc('providers:\n  - name: fake-k8s\n    driver: kubernetes\n    context: ctx\n'), /additional properties/);
    expectInvalid(np, yamlDoc('providers:\n  - driver: kubernetes\n    context: ctx\n'), /must have required property 'name'/);
  });

  it('the builder file: diskimages', () => {
    const b = 'nodepool-builder.schema.json';
    expectValid(b, yamlDoc('diskimages:\n  - name: centos\n    dib-cmd: /usr/local/bin/dib-ansible centos.yaml\n    release: 9\n'));
    expectInvalid(b, yamlDoc('diskimages:\n  - dib-cmd: x\n'), /required property 'name'/);
    expectInvalid(b, yamlDoc('diskimages:\n  - name: centos\n    formats: raw\n'), /must be array/);
    expectInvalid(b, yamlDoc('diskimages:\n  - name: centos\n    shell-type: bash\n'), /additional properties/);
  });

  it('cluster.yaml: the spec of each kind, and the kind itself', () => {
    const c = 'cluster.schema.json';
    const head = (kind: string) => `kind: ${kind}\napiVersion: konvoy.mesosphere.io/v1beta2\nmetadata:\n  name: ci\n`;
    // A spec both kinds accept is valid for either (no oneOf ambiguity).
    expectValid(c, yamlDoc(head('ClusterProvisioner') + 'spec:\n  version: v1.8.4\n'));
    expectValid(c, yamlDoc(head('ClusterConfiguration') + 'spec:\n  version: v1.8.4\n'));
    // Provisioner node pools need a count; configuration node pools have taints, not a machine.
    expectInvalid(c, yamlDoc(head('ClusterProvisioner') + 'spec:\n  nodePools:\n    - name: worker\n'), /required property 'count'/);
    expectValid(c, yamlDoc(head('ClusterConfiguration') + 'spec:\n  nodePools:\n    - name: worker\n      taints:\n        - key: a\n          value: b\n          effect: NoSchedule\n'));
    expectInvalid(c, yamlDoc(head('ClusterConfiguration') + 'spec:\n  nodePools:\n    - name: worker\n      count: 3\n'), /additional properties/);
    expectInvalid(c, yamlDoc(head('ClusterProvisioner') + 'spec:\n  kubernetes: {}\n'), /additional properties/);
    expectInvalid(c, yamlDoc(head('ClusterConfiguration') + 'spec:\n  nodePools:\n    - name: w\n      labels:\n        - value: x\n'), /required property 'key'/);
    expectInvalid(c, yamlDoc(head('Cluster') + 'spec: {}\n'), /allowed values/);
    expectInvalid(c, yamlDoc('kind: ClusterProvisioner\napiVersion: konvoy.mesosphere.io/v1beta2\n'), /required property 'metadata'/);
    expectInvalid(c, yamlDoc(head('ClusterProvisioner') + 'spec:\n  nodePools:\n    - name: w\n      count: "3"\n'), /must be integer,null/);
  });

  it('pod-template ConfigMaps and pod templates', () => {
    const cm = 'pod-template.schema.json';
    const spec = 'pod-template-spec.schema.json';
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-pod-template\n  namespace: dispatch-ci\n';
    expectValid(cm, yamlDoc(head + 'data:\n  template: |\n    tolerations: []\n'));
    expectInvalid(cm, yamlDoc(head + 'data:\n  template:\n    tolerations: []\n'), /must be string/);
    expectInvalid(cm, yamlDoc(head.replace('v1', 'v2') + 'data: {}\n'), /must be equal to constant/);
    expectInvalid(cm, yamlDoc(head.replace('kind: ConfigMap', 'kind: Secret') + 'data: {}\n'), /must be equal to constant/);
    expectInvalid(cm, yamlDoc(head.replace('app-pod-template', 'App_Template') + 'data: {}\n'), /must match pattern/);
    expectInvalid(cm, yamlDoc('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n'), /required property 'name'/);
    expectInvalid(cm, yamlDoc(head + 'spec: {}\n'), /additional properties/);

    expectValid(spec, yamlDoc('nodeSelector:\n  pool: ci\ntolerations:\n- key: a\n  operator: Exists\n'));
    expectValid(spec, null); // an empty template (validate warns)
    expectInvalid(spec, yamlDoc('spec:\n  tolerations: []\n'), /additional properties/);
    expectInvalid(spec, yamlDoc('containers: []\n'), /additional properties/);
    expectInvalid(spec, yamlDoc('tolerations:\n  key: a\n'), /must be array/);
    expectInvalid(spec, yamlDoc('tolerations:\n- key: a\n  tolerationSeconds: "60"\n'), /must be integer,null/);
  });

  it('.pool-reconciler.yaml', () => {
    const s = 'pool-reconciler.schema.json';
    expectValid(s, yamlDoc('paths:\n  cluster: konvoy/cluster.yaml\nrequired: [nodepool, cluster]\nsoftware-factory:\n  namespace: sf-prod\n'));
    expectInvalid(s, yamlDoc('paths:\n  clusters: konvoy/cluster.yaml\n'), /additional properties/);
    expectInvalid(s, yamlDoc('required: [nodepools]\n'), /allowed values/);
    expectInvalid(s, yamlDoc('nodepool:\n  env:\n    NODEPOOL_X: 1\n'), /must be string/);
  });

  it('each shared settings field keeps its own description', () => {
    const props = (generated['pool-reconciler.schema.json'] as { properties: Record<string, { properties: Record<string, { description?: string }> }> }).properties;
    expect(props['software-factory'].properties.namespace.description).toMatch(/Software Factory/);
    expect(props.dispatch.properties['tekton-namespace'].description).toMatch(/Tekton/);
  });
});
