import { describe, expect, it } from 'vitest';
import { settingsFrom } from '../../src/config/settings.js';
import { validateCluster } from '../../src/validate/cluster.js';
import { checkDispatch } from '../../src/validate/dispatch.js';
import { validatePodTemplate } from '../../src/validate/pod-template.js';
import { BASE } from './fixtures.js';
import { at, edit, file, one, where } from './helpers.js';

const settings = settingsFrom({ dispatch: { 'pod-template-key': 'template' } });

function template(name: string, body: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: dispatch-ci
data:
  template: |
${body
  .split('\n')
  .map((l) => (l ? `    ${l}` : l))
  .join('\n')}`;
}

const GOOD_TEMPLATE = template('app', `tolerations:
- key: konvoy.mesosphere.com/node_pool
  operator: Equal
  value: dispatch
  effect: NoExecute
`);

function run(clusterText: string, templates: Array<[string, string]> = []) {
  const cluster = validateCluster(file('cluster', 'cluster.yaml', clusterText), settings);
  expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const pts = templates.map(([path, text]) => {
    const r = validatePodTemplate(file('pod-template', path, text), settings);
    expect(r.diagnostics).toEqual([]);
    return r.model;
  });
  return checkDispatch(cluster.model, pts);
}

/** BASE with a second, NoSchedule taint on the dispatch pool. */
const TWO_TAINTS = edit(BASE, '          effect: NoExecute\n', '          effect: NoExecute\n        - key: ci.example.org/dedicated\n          value: builds\n          effect: NoSchedule\n');

describe('a consistent setup', () => {
  it('has no diagnostics', () => {
    expect(run(BASE, [['dispatch/pod-templates/app.yaml', GOOD_TEMPLATE]])).toEqual([]);
  });

  it('a PreferNoSchedule taint needs no toleration', () => {
    const text = edit(BASE, '          effect: NoExecute\n', '          effect: NoExecute\n        - key: ci.example.org/prefer\n          value: x\n          effect: PreferNoSchedule\n');
    expect(run(text, [['dispatch/pod-templates/app.yaml', GOOD_TEMPLATE]])).toEqual([]);
  });
});

describe('dispatch/untolerated-taint', () => {
  it('the default pod template selects the pool by nodeSelector without tolerating its taint', () => {
    const text = edit(BASE, [
      '                  tolerations:',
      '                  - key: konvoy.mesosphere.com/node_pool',
      '                    operator: Equal',
      '                    value: dispatch',
      '                    effect: NoExecute',
      '',
    ].join('\n'), '');
    const d = one(run(text), 'dispatch/untolerated-taint');
    expect(d.severity).toBe('error');
    expect(d.file).toBe('cluster.yaml');
    expect(where(d)).toEqual({ line: 59, column: 21 });
    expect(where(d)).toEqual(at(text, 'konvoy.mesosphere.com/node_pool: dispatch'));
    expect(d.message).toContain('the Tekton default pod template');
    expect(d.message).toContain('targets node pool "dispatch" by nodeSelector konvoy.mesosphere.com/node_pool=dispatch');
    expect(d.message).toContain(`konvoy.mesosphere.com/node_pool=dispatch:NoExecute (cluster.yaml:${at(text, 'key: konvoy.mesosphere.com/node_pool', 1).line}:`);
    expect(d.message).toContain('evicted');
  });

  it('a repository template tolerates one taint of the pool but not the other', () => {
    const ds = run(TWO_TAINTS.replace(/ {18}tolerations:[\s\S]*effect: NoExecute\n$/, (m) => `${m}                  - key: ci.example.org/dedicated\n                    operator: Exists\n`),
      [['dispatch/pod-templates/app.yaml', GOOD_TEMPLATE]]);
    // The argo-cd.server component tolerates only the first taint too (a warning, see below).
    const d = one(ds.filter((x) => x.file !== 'cluster.yaml'), 'dispatch/untolerated-taint');
    expect(d.file).toBe('dispatch/pod-templates/app.yaml');
    expect(where(d)).toEqual(at(GOOD_TEMPLATE, 'tolerations'));
    expect(d.message).toContain('pod template "app" targets node pool "dispatch" by tolerating konvoy.mesosphere.com/node_pool=dispatch:NoExecute');
    expect(d.message).toContain('ci.example.org/dedicated=builds:NoSchedule');
    expect(d.message).toContain('never scheduled');
    expect(d.hint).toContain('{key: ci.example.org/dedicated, operator: Equal, value: builds, effect: NoSchedule}');
  });

  it('a Dispatch component that only tolerates part of the taints: a warning', () => {
    const ds = run(TWO_TAINTS.replace(/ {18}tolerations:[\s\S]*effect: NoExecute\n$/, (m) => `${m}                  - key: ci.example.org/dedicated\n                    operator: Exists\n`));
    const d = one(ds, 'dispatch/untolerated-taint');
    expect(d.severity).toBe('warning');
    expect(where(d)).toEqual(at(TWO_TAINTS, 'tolerations:'));
    expect(d.message).toContain('Dispatch component `argo-cd.server`');
  });

  it('a pod template selecting the pool by required node affinity', () => {
    const tpl = template('affine', `affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions:
        - key: konvoy.mesosphere.com/node_pool
          operator: In
          values: [dispatch]
`);
    const d = one(run(BASE, [['dispatch/pod-templates/affine.yaml', tpl]]), 'dispatch/untolerated-taint');
    expect(d.message).toContain('by its required node affinity');
    expect(where(d)).toEqual(at(tpl, 'affinity'));
  });

  it('is not checked for a disabled Dispatch addon', () => {
    const text = edit(edit(BASE, '          enabled: true\n', '          enabled: false\n'), '                  tolerations:\n', '                  tolerationz:\n');
    const cluster = validateCluster(file('cluster', 'cluster.yaml', text), settings);
    expect(checkDispatch(cluster.model, [])).toEqual([]);
  });
});

describe('dispatch/unused-toleration', () => {
  it('names the closest taint: node-pool vs node_pool', () => {
    const tpl = GOOD_TEMPLATE.replace('key: konvoy.mesosphere.com/node_pool', 'key: konvoy.mesosphere.com/node-pool');
    const d = one(run(BASE, [['dispatch/pod-templates/app.yaml', tpl]]), 'dispatch/unused-toleration');
    expect(d.severity).toBe('warning');
    expect(where(d)).toEqual(at(tpl, 'key: konvoy'));
    expect(d.message).toContain('`konvoy.mesosphere.com/node-pool` vs the pool\'s `konvoy.mesosphere.com/node_pool`');
    expect(d.message).toContain('closest is konvoy.mesosphere.com/node_pool=dispatch:NoExecute of pool "dispatch"');
  });

  it('in the Dispatch values: a value that differs, at its position in cluster.yaml', () => {
    const text = edit(BASE, '                  value: dispatch\n', '                  value: dispatcher\n');
    const d = one(run(text), 'dispatch/unused-toleration');
    expect(where(d)).toEqual(at(text, '- key: konvoy.mesosphere.com/node_pool', 2, 2));
    expect(d.message).toContain('value "dispatcher" vs the pool\'s "dispatch"');
    expect(d.message).toContain('Dispatch component `argo-cd.server`');
  });

  it('in the default pod template: another effect', () => {
    const text = edit(BASE, '                    effect: NoExecute\n', '                    effect: NoSchedule\n');
    const ds = run(text);
    const d = one(ds, 'dispatch/unused-toleration');
    expect(where(d)).toEqual({ line: 61, column: 21 });
    expect(d.message).toContain('effect NoSchedule vs the pool\'s NoExecute');
    // It then no longer tolerates the pool it selects.
    expect(one(ds, 'dispatch/untolerated-taint').severity).toBe('error');
  });

  it('tolerations of system taints and wildcard tolerations are not flagged', () => {
    const tpl = template('sys', `tolerations:
- key: node.kubernetes.io/not-ready
  operator: Exists
  effect: NoExecute
  tolerationSeconds: 300
- operator: Exists
  effect: NoSchedule
`);
    expect(run(BASE, [['dispatch/pod-templates/sys.yaml', tpl]])).toEqual([]);
  });
});

describe('dispatch/unmatched-node-selector', () => {
  it('a nodeSelector that no pool satisfies', () => {
    const tpl = GOOD_TEMPLATE.replace('tolerations:', 'nodeSelector:\n      konvoy.mesosphere.com/node_pool: dispatcher\n    tolerations:');
    const d = one(run(BASE, [['dispatch/pod-templates/app.yaml', tpl]]), 'dispatch/unmatched-node-selector');
    expect(d.severity).toBe('error');
    expect(where(d)).toEqual(at(tpl, 'konvoy.mesosphere.com/node_pool: dispatcher'));
    expect(d.hint).toBe('Did you mean `konvoy.mesosphere.com/node_pool: dispatch`?');
  });

  it('a selector on a label cluster.yaml does not declare is not judged', () => {
    const tpl = GOOD_TEMPLATE.replace('tolerations:', 'nodeSelector:\n      kubernetes.io/os: linux\n    tolerations:');
    expect(run(BASE, [['dispatch/pod-templates/app.yaml', tpl]])).toEqual([]);
  });
});

describe('dispatch/duplicate-pod-template', () => {
  it('two ConfigMaps with one name in one namespace', () => {
    const ds = run(BASE, [
      ['dispatch/pod-templates/a.yaml', GOOD_TEMPLATE],
      ['dispatch/pod-templates/b.yaml', GOOD_TEMPLATE],
    ]);
    const d = one(ds, 'dispatch/duplicate-pod-template');
    expect([d.file, d.line, d.column]).toEqual(['dispatch/pod-templates/b.yaml', 1, 1]);
    expect(d.message).toContain('dispatch/pod-templates/a.yaml');
  });
});
