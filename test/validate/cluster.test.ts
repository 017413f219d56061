import { describe, expect, it } from 'vitest';
import { settingsFrom } from '../../src/config/settings.js';
import { poolNodeLabels, validateCluster } from '../../src/validate/cluster.js';
import { BASE } from './fixtures.js';
import { at, edit, file, one, rules, where } from './helpers.js';

const settings = settingsFrom(undefined);


function run(text: string) {
  return validateCluster(file('cluster', 'cluster.yaml', text), settings);
}

describe('a valid cluster.yaml', () => {
  it('has no diagnostics', () => {
    expect(run(BASE).diagnostics).toEqual([]);
  });

  it('gives the model: pools, labels, taints, provisioner pools, Dispatch values and the default pod template', () => {
    const { model } = run(BASE);
    expect(model.apiVersion).toBe('konvoy.mesosphere.io/v1beta2');
    expect(model.provider).toBe('aws');
    expect(model.pools.map((p) => p.name)).toEqual(['control-plane', 'worker', 'dispatch']);
    const dispatch = model.pools[2];
    expect(dispatch.pos).toEqual({ file: 'cluster.yaml', ...at(BASE, 'dispatch', 1) });
    expect(dispatch.taints).toEqual([
      { key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute', valid: true,
        pos: { file: 'cluster.yaml', ...at(BASE, 'key: konvoy.mesosphere.com/node_pool', 1) } },
    ]);
    expect(poolNodeLabels(dispatch)).toEqual({ 'konvoy.mesosphere.com/node_pool': 'dispatch' });
    expect(poolNodeLabels(model.pools[1])).toEqual({ 'konvoy.mesosphere.com/node_pool': 'worker', 'ci.example.org/workload': 'general' });
    expect(dispatch.provisioner).toMatchObject({ name: 'dispatch', count: 2, indexType: 'named', indexTypeExplicit: false,
      autoscaling: { minSize: 1, maxSize: 5 } });
    expect(model.provisionerPools.map((p) => [p.name, p.controlPlane, p.count])).toEqual([
      ['control-plane', true, 3], ['worker', false, 4], ['dispatch', false, 2]]);
    expect(model.provisionerPools[1].machine).toEqual({ type: 'm5.2xlarge', rootVolumeSize: 80 });

    const d = model.dispatch!;
    expect(d.enabled).toBe(true);
    expect(d.components.map((c) => c.name)).toEqual(['argo-cd.server', 'tekton']);
    const server = d.components[0];
    expect(server.tolerations).toHaveLength(1);
    expect(server.tolerations[0].toleration).toEqual({ key: 'konvoy.mesosphere.com/node_pool', operator: 'Equal', value: 'dispatch', effect: 'NoExecute' });
    expect(server.tolerations[0].pos).toEqual({ file: 'cluster.yaml', ...at(BASE, 'key: konvoy.mesosphere.com/node_pool', 2) });
    expect(server.tolerations[0].path).toBe('argo-cd.server.tolerations[0]');
    expect((d.values as { tekton: { configs: { defaultPodTemplate: string } } }).tekton.configs.defaultPodTemplate).toBe(d.defaultPodTemplate!.raw);
    expect(d.defaultPodTemplate!.raw).toBe(
      'nodeSelector:\n  konvoy.mesosphere.com/node_pool: dispatch\ntolerations:\n- key: konvoy.mesosphere.com/node_pool\n  operator: Equal\n  value: dispatch\n  effect: NoExecute\n',
    );
    const tpl = d.defaultPodTemplate!.template!;
    expect(tpl.nodeSelector).toEqual([{ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch',
      pos: { file: 'cluster.yaml', line: 59, column: 21 } }]);
    expect(tpl.tolerations[0].pos).toEqual({ file: 'cluster.yaml', line: 61, column: 21 });
    expect(tpl.tolerations[0].fields.operator).toEqual({ file: 'cluster.yaml', line: 62, column: 31 });
    expect(tpl.pos).toEqual({ file: 'cluster.yaml', line: 58, column: 19 });
  });

  it('accepts the older single-object form of spec.addons', () => {
    const text = edit(edit(BASE, '    - configRepository:', '    configRepository:'), '      configVersion: stable', '    configVersion: stable');
    const r = run(text.replace(/\n {6}addonsList:/, '\n    addonsList:'));
    expect(rules(r.diagnostics)).toEqual([]);
    expect(r.model.dispatch?.components.map((c) => c.name)).toEqual(['argo-cd.server', 'tekton']);
  });
});

describe('documents', () => {
  it('cluster/no-configuration: a ClusterConfiguration is required', () => {
    const text = BASE.slice(0, BASE.indexOf('---'));
    const d = one(run(text).diagnostics, 'cluster/no-configuration');
    expect([d.severity, d.line, d.column]).toEqual(['error', 1, 1]);
  });

  it('cluster/duplicate-document: a second document of a kind', () => {
    const second = BASE.slice(BASE.indexOf('---'));
    const text = BASE + second;
    const d = one(run(text).diagnostics, 'cluster/duplicate-document');
    expect(where(d)).toEqual(at(text, 'kind: ClusterConfiguration', 1));
  });

  it('cluster/value: an unknown apiVersion', () => {
    const text = edit(BASE, 'konvoy.mesosphere.io/v1beta2', 'konvoy.mesosphere.io/v1');
    const d = one(run(text).diagnostics, 'cluster/value');
    expect(where(d)).toEqual(at(text, 'konvoy.mesosphere.io/v1\n'));
  });

  it('cluster/api-version-mismatch: the two documents disagree', () => {
    const text = edit(BASE, 'konvoy.mesosphere.io/v1beta2', 'konvoy.mesosphere.io/v1beta1', 1);
    const d = one(run(text).diagnostics, 'cluster/api-version-mismatch');
    expect([d.severity, d.line, d.column]).toEqual(['warning', ...Object.values(at(text, 'konvoy.mesosphere.io/v1beta1'))]);
  });

  it('cluster/unknown-key: a misspelt spec key, with a suggestion', () => {
    const text = edit(BASE, '  nodePools:\n    - name: control-plane\n      controlPlane', '  nodepools:\n    - name: control-plane\n      controlPlane');
    const r = run(text);
    const d = one(r.diagnostics, 'cluster/unknown-key');
    expect(where(d)).toEqual(at(text, 'nodepools'));
    expect(d.hint).toBe('Did you mean `nodePools`?');
  });
});

describe('ClusterProvisioner node pools', () => {
  it('cluster/required: count is required', () => {
    const text = edit(BASE, '      count: 4\n', '');
    const d = one(run(text).diagnostics, 'cluster/required');
    expect(where(d)).toEqual(at(text, 'name: worker'));
    expect(d.message).toContain('node pool "worker"');
  });

  it('cluster/type: count must be an integer (not a quoted number, not a boolean)', () => {
    let text = edit(BASE, 'count: 4', 'count: "4"');
    let d = one(run(text).diagnostics, 'cluster/type');
    expect(where(d)).toEqual(at(text, '"4"'));
    expect(d.hint).toBe('Remove the quotes: 4');
    text = edit(BASE, 'count: 4', 'count: yes');
    d = one(run(text).diagnostics, 'cluster/type');
    expect(where(d)).toEqual(at(text, 'yes'));
  });

  it('cluster/value: count must not be negative', () => {
    const text = edit(BASE, 'count: 4', 'count: -1');
    const d = one(run(text).diagnostics, 'cluster/value');
    expect(where(d)).toEqual(at(text, '-1'));
  });

  it('cluster/type: machine fields have their types', () => {
    const text = edit(BASE, 'rootVolumeSize: 80', 'rootVolumeSize: 80GiB');
    const d = one(run(text).diagnostics, 'cluster/type');
    expect(where(d)).toEqual(at(text, '80GiB'));
  });

  it('cluster/unknown-key: an unknown machine field', () => {
    const text = edit(BASE, 'type: m5.2xlarge', 'instanceType: m5.2xlarge');
    const d = one(run(text).diagnostics, 'cluster/unknown-key');
    expect(where(d)).toEqual(at(text, 'instanceType'));
  });

  it('cluster/value: indexType is named or positional', () => {
    const text = edit(BASE, '    - name: dispatch\n      count: 2', '    - name: dispatch\n      indexType: by-name\n      count: 2');
    const d = one(run(text).diagnostics, 'cluster/value');
    expect(where(d)).toEqual(at(text, 'by-name'));
  });

  it('cluster/duplicate-pool: names are unique', () => {
    const text = edit(BASE, '    - name: dispatch\n      count: 2', '    - name: worker\n      count: 2');
    const r = run(text);
    const d = one(r.diagnostics, 'cluster/duplicate-pool');
    expect(where(d)).toEqual(at(text, 'worker', 1));
    expect(d.message).toContain(`first at line ${at(text, 'worker').line}`);
  });

  it('cluster/positional-index: written, or by the v1beta1 default', () => {
    let text = edit(BASE, '    - name: dispatch\n      count: 2', '    - name: dispatch\n      indexType: positional\n      count: 2');
    const d = one(run(text).diagnostics, 'cluster/positional-index');
    expect([d.severity, d.line, d.column]).toEqual(['warning', ...Object.values(at(text, 'positional'))]);

    text = BASE.replaceAll('v1beta2', 'v1beta1');
    const r = run(text);
    const all = r.diagnostics.filter((x) => x.rule === 'cluster/positional-index');
    expect(all.map(where)).toEqual([at(text, 'control-plane'), at(text, 'worker'), at(text, 'dispatch')]);
    expect(r.model.provisionerPools.map((p) => p.indexType)).toEqual(['positional', 'positional', 'positional']);
  });

  it('cluster/no-control-plane, cluster/multiple-control-plane', () => {
    let text = edit(BASE, '      controlPlane: true\n', '');
    let d = one(run(text).diagnostics, 'cluster/no-control-plane');
    expect(where(d)).toEqual(at(text, '- name: control-plane'));

    text = edit(BASE, '    - name: worker\n      count: 4', '    - name: worker\n      controlPlane: true\n      count: 5');
    d = one(run(text).diagnostics, 'cluster/multiple-control-plane');
    expect(where(d)).toEqual(at(text, 'true', 1));
  });

  it('cluster/even-control-plane (warning) and cluster/empty-control-plane (error)', () => {
    let text = edit(BASE, 'count: 3', 'count: 2');
    let d = one(run(text).diagnostics, 'cluster/even-control-plane');
    expect(d.severity).toBe('warning');
    expect(where(d)).toEqual(at(text, 'count: 2', 0, 7));
    text = edit(BASE, 'count: 3', 'count: 0');
    d = one(run(text).diagnostics, 'cluster/empty-control-plane');
    expect(where(d)).toEqual(at(text, 'count: 0', 0, 7));
  });

  it('cluster/multiple-bastion', () => {
    const text = edit(BASE, '    - name: dispatch\n      count: 2',
      '    - name: bastion\n      bastion: true\n      count: 0\n    - name: bastion2\n      bastion: true\n      count: 0\n    - name: dispatch\n      count: 2');
    const d = one(run(text).diagnostics, 'cluster/multiple-bastion');
    expect(where(d)).toEqual(at(text, 'bastion: true', 1, 9));
  });

  it('cluster/autoscaling-range, with the defaults taken into account', () => {
    let text = edit(BASE, 'minSize: 1', 'minSize: 8');
    let d = one(run(text).diagnostics, 'cluster/autoscaling-range');
    expect(where(d)).toEqual(at(text, 'minSize: 8', 0, 9));
    text = edit(edit(BASE, 'minSize: 1', 'minSize: 12'), '        maxSize: 5\n', '');
    d = one(run(text).diagnostics, 'cluster/autoscaling-range');
    expect(d.message).toContain('maxSize 10 (the default)');
    expect(where(d)).toEqual(at(text, 'minSize: 12', 0, 9));
  });

  it('cluster/autoscaling-not-allowed on control-plane pools', () => {
    const text = edit(BASE, '      count: 3\n', '      count: 3\n      autoscaling:\n        maxSize: 5\n');
    const d = one(run(text).diagnostics, 'cluster/autoscaling-not-allowed');
    expect(where(d)).toEqual(at(text, 'autoscaling'));
  });

  it('cluster/autoscaling-provider: only aws and azure autoscale', () => {
    const text = edit(BASE, 'provider: aws', 'provider: gcp');
    const d = one(run(text).diagnostics, 'cluster/autoscaling-provider');
    expect(where(d)).toEqual(at(text, 'autoscaling'));
  });
});

describe('every configuration pool names a provisioner pool', () => {
  it('cluster/pool-mismatch: names the pool and both places; the provisioner pool alone is fine', () => {
    const text = edit(BASE, '    - name: worker\n      labels:', '    - name: workers\n      labels:');
    const r = run(text);
    const found = r.diagnostics.filter((d) => d.rule === 'cluster/pool-mismatch');
    expect(found.map(where)).toEqual([at(text, 'workers')]);
    const provNodePools = at(text, 'nodePools:');
    expect(found[0].message).toContain('node pool "workers"');
    expect(found[0].message).toContain(`line ${provNodePools.line}, column ${provNodePools.column}`);
    expect(found[0].hint).toBe('Did you mean `worker`?');
  });
});

describe('ClusterConfiguration labels and taints (Kubernetes rules)', () => {
  it('cluster/invalid-label: a key with two slashes, a bad value', () => {
    let text = edit(BASE, 'ci.example.org/workload', 'ci.example.org/work/load');
    let d = one(run(text).diagnostics, 'cluster/invalid-label');
    expect(where(d)).toEqual(at(text, 'ci.example.org/work/load'));
    expect(d.message).toMatch(/^spec\.nodePools\[1\]\.labels\[0\]: Invalid value: "ci\.example\.org\/work\/load": a qualified name must consist/);
    text = edit(BASE, 'value: general', 'value: general purpose');
    d = one(run(text).diagnostics, 'cluster/invalid-label');
    expect(where(d)).toEqual(at(text, 'general purpose'));
  });

  it('cluster/duplicate-label and cluster/node-pool-label', () => {
    let text = edit(BASE, '          value: general\n', '          value: general\n        - key: ci.example.org/workload\n          value: other\n');
    let d = one(run(text).diagnostics, 'cluster/duplicate-label');
    expect(where(d)).toEqual(at(text, 'ci.example.org/workload', 1));
    text = edit(BASE, '          value: dispatch\n      taints', '          value: dispatchers\n      taints');
    d = one(run(text).diagnostics, 'cluster/node-pool-label');
    expect([d.severity, d.line, d.column]).toEqual(['warning', ...Object.values(at(text, 'dispatchers'))]);
  });

  it('cluster/invalid-taint: an unknown effect, with a suggestion', () => {
    const text = edit(BASE, 'effect: NoExecute', 'effect: NoExecut');
    const d = one(run(text).diagnostics, 'cluster/invalid-taint');
    expect(where(d)).toEqual(at(text, 'NoExecut'));
    expect(d.message).toBe('spec.nodePools[2].taints[0].effect: Unsupported value: "NoExecut": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"');
    expect(d.hint).toBe('Did you mean `NoExecute`?');
  });

  it('cluster/invalid-taint: the effect is required', () => {
    const text = edit(BASE, '          effect: NoExecute\n', '');
    const d = one(run(text).diagnostics, 'cluster/invalid-taint');
    expect(d.message).toBe('spec.nodePools[2].taints[0].effect: Required value');
    expect(where(d)).toEqual(at(text, 'key: konvoy.mesosphere.com/node_pool', 1));
  });

  it('cluster/invalid-taint: a bad key and a bad value', () => {
    const text = edit(edit(BASE, 'value: dispatch\n          effect', 'value: dis/patch\n          effect'), 'key: konvoy.mesosphere.com/node_pool\n          value: dis', 'key: -pool\n          value: dis', 1);
    const r = run(text);
    const found = r.diagnostics.filter((d) => d.rule === 'cluster/invalid-taint');
    expect(found.map(where)).toEqual([at(text, '-pool'), at(text, 'dis/patch')]);
  });

  it('cluster/duplicate-taint: unique by (key, effect) in a pool', () => {
    const text = edit(BASE, '          effect: NoExecute\n', '          effect: NoExecute\n        - key: konvoy.mesosphere.com/node_pool\n          value: other\n          effect: NoExecute\n');
    const d = one(run(text).diagnostics, 'cluster/duplicate-taint');
    expect(where(d)).toEqual(at(text, 'key: konvoy.mesosphere.com/node_pool', 2));
  });

  it('cluster/shared-taint: the same taint on two pools (warning)', () => {
    const text = edit(BASE, '          value: general\n', '          value: general\n      taints:\n        - key: konvoy.mesosphere.com/node_pool\n          value: dispatch\n          effect: NoExecute\n');
    const d = one(run(text).diagnostics, 'cluster/shared-taint');
    expect(d.severity).toBe('warning');
    expect(where(d)).toEqual(at(text, 'key: konvoy.mesosphere.com/node_pool', 2));
    expect(d.message).toContain('node pools "worker"');
    expect(d.message).toContain('and "dispatch"');
  });
});

describe('the Dispatch addon values (YAML in a string)', () => {
  it('yaml/syntax inside values, at its line in cluster.yaml', () => {
    const text = edit(BASE, '              server:\n', '              server: [\n');
    const r = run(text);
    const d = one(r.diagnostics, 'yaml/syntax');
    // Inside the flow sequence opened on \`server: [\`, PyYAML stops at the \`- key\` two lines below.
    expect(where(d)).toEqual({ line: 51, column: 17 });
    expect(where(d)).toEqual(at(text, '- key: konvoy.mesosphere.com/node_pool', 2));
    expect(d.message).toBe("YAML syntax error: expected a value (the node content), but found '-'");
  });

  it('cluster/invalid-toleration inside values: position of the operator', () => {
    const text = edit(BASE, 'operator: Equal', 'operator: exists');
    const d = one(run(text).diagnostics, 'cluster/invalid-toleration');
    expect(where(d)).toEqual({ line: 52, column: 29 });
    expect(where(d)).toEqual(at(text, 'exists'));
    expect(d.message).toBe('argo-cd.server.tolerations[0].operator: Unsupported value: "exists": supported values: "Equal", "Exists"');
    expect(d.hint).toBe('Did you mean `Exists`? Kubernetes compares these case-sensitively.');
  });

  it('positions inside a double-quoted values string map exactly too', () => {
    const start = BASE.indexOf('          values: |');
    const text = BASE.slice(0, start) + '          values: "argo-cd:\\n  server:\\n    tolerations:\\n    - {key: foo, operator: exists}\\n"\n';
    const d = one(run(text).diagnostics, 'cluster/invalid-toleration');
    expect(where(d)).toEqual(at(text, 'exists'));
  });

  it('cluster/unknown-key and cluster/type in a component toleration', () => {
    let text = edit(BASE, '                  effect: NoExecute\n', '                  efect: NoExecute\n');
    let d = one(run(text).diagnostics, 'cluster/unknown-key');
    expect(where(d)).toEqual(at(text, 'efect'));
    expect(d.hint).toBe('Did you mean `effect`?');
    text = edit(BASE, '                tolerations:\n                - key', '                tolerations: dispatch\n                toleration:\n                - key');
    const r = run(text);
    d = one(r.diagnostics, 'cluster/type');
    expect(where(d)).toEqual(at(text, 'tolerations: dispatch', 0, 13));
  });

  it('cluster/values-type: values must be a mapping', () => {
    const text = edit(BASE, 'values: |\n', 'values: |\n            - just\n            - a list\n          other: |\n');
    const d = one(run(text).diagnostics, 'cluster/values-type');
    expect(where(d)).toEqual(at(text, '- just'));
    expect(d.message).toContain('must be YAML for a mapping');
  });

  it('cluster/misplaced-placement: top-level tolerations in the values are ignored by the chart', () => {
    const text = edit(BASE, '            argo-cd:\n', '            tolerations: []\n            argo-cd:\n');
    const d = one(run(text).diagnostics, 'cluster/misplaced-placement');
    expect([d.severity, d.line, d.column]).toEqual(['warning', ...Object.values(at(text, 'tolerations: []'))]);
  });

  it('cluster/invalid-node-selector in a component', () => {
    const text = edit(BASE, '              server:\n', '              server:\n                nodeSelector:\n                  "bad key": x\n');
    const d = one(run(text).diagnostics, 'cluster/invalid-node-selector');
    expect(where(d)).toEqual(at(text, '"bad key"'));
  });

  it('cluster/duplicate-addon (warning)', () => {
    const text = edit(BASE, '        - name: dispatch\n          enabled: true\n', '        - name: dispatch\n          enabled: false\n        - name: dispatch\n          enabled: true\n');
    const d = one(run(text).diagnostics, 'cluster/duplicate-addon');
    expect(where(d)).toEqual(at(text, 'name: dispatch', 3, 6));
  });

  it('cluster/type: values written as a mapping instead of a string', () => {
    const text = edit(BASE, 'values: |', 'values:');
    const d = one(run(text).diagnostics, 'cluster/type');
    expect(where(d)).toEqual(at(text, 'argo-cd:'));
    expect(d.hint).toContain('`values: |`');
  });

  it('cluster/required: an addon needs enabled', () => {
    const text = edit(BASE, '          enabled: true\n', '');
    const d = one(run(text).diagnostics, 'cluster/required');
    expect(where(d)).toEqual(at(text, 'name: dispatch', 2));
  });

  it('the values of other addons are parsed too', () => {
    const text = edit(BASE, '        - name: dispatch\n', '        - name: prometheus\n          enabled: true\n          values: |\n            a: 1\n            a: 2\n        - name: dispatch\n');
    const d = one(run(text).diagnostics, 'yaml/duplicate-key');
    expect(where(d)).toEqual(at(text, 'a: 2'));
  });
});

describe('the Tekton defaultPodTemplate (YAML in a string in a string)', () => {
  it('pod-template/unknown-key inside defaultPodTemplate, with its position in cluster.yaml', () => {
    const text = edit(BASE, '                  tolerations:\n', '                  toleration:\n');
    const r = run(text);
    const d = one(r.diagnostics, 'pod-template/unknown-key');
    expect(where(d)).toEqual({ line: 60, column: 19 });
    expect(where(d)).toEqual(at(text, 'toleration:'));
    expect(d.message).toBe('`tekton.configs.defaultPodTemplate`: unknown key `toleration`');
    expect(d.hint).toBe('Did you mean `tolerations`?');
  });

  it('pod-template/invalid-toleration inside defaultPodTemplate', () => {
    const text = edit(BASE, '                    operator: Equal\n', '                    operator: Exists\n');
    const d = one(run(text).diagnostics, 'pod-template/invalid-toleration');
    expect(where(d)).toEqual({ line: 63, column: 28 });
    expect(where(d)).toEqual(at(text, 'value: dispatch', 3, 7));
    expect(d.message).toContain("value must be empty when `operator` is 'Exists'");
  });

  it('pod-template/type inside defaultPodTemplate', () => {
    const text = edit(BASE, '                  nodeSelector:\n                    konvoy.mesosphere.com/node_pool: dispatch\n', '                  nodeSelector: dispatch\n');
    const d = one(run(text).diagnostics, 'pod-template/type');
    expect(where(d)).toEqual(at(text, 'nodeSelector: dispatch', 0, 14));
  });

  it('pod-template/invalid-node-selector inside defaultPodTemplate', () => {
    const text = edit(BASE, '                    konvoy.mesosphere.com/node_pool: dispatch\n', '                    konvoy.mesosphere.com/node_pool: dis patch\n');
    const d = one(run(text).diagnostics, 'pod-template/invalid-node-selector');
    expect(where(d)).toEqual(at(text, 'dis patch'));
  });

  it('yaml/syntax inside defaultPodTemplate', () => {
    const text = edit(BASE, '                    value: dispatch\n                    effect', '                    value: "dispatch\n                    effect');
    const r = run(text);
    const d = one(r.diagnostics, 'yaml/syntax');
    expect(d.line).toBeGreaterThanOrEqual(at(text, '"dispatch').line);
    expect(d.file).toBe('cluster.yaml');
  });

  it('cluster/type: defaultPodTemplate written as a mapping instead of a string', () => {
    const text = edit(BASE, 'defaultPodTemplate: |', 'defaultPodTemplate:');
    const d = one(run(text).diagnostics, 'cluster/type');
    expect(where(d)).toEqual(at(text, 'nodeSelector:', 0));
    expect(d.hint).toContain('defaultPodTemplate: |');
  });
});
