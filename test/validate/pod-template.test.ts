import { describe, expect, it } from 'vitest';
import { settingsFrom } from '../../src/config/settings.js';
import { podTemplateSchema, validatePodTemplate } from '../../src/validate/pod-template.js';
import { at, edit, file, one, where } from './helpers.js';

const settings = settingsFrom({ dispatch: { 'pod-template-key': 'template' } });

const BASE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: repo-tolerations
  namespace: dispatch-ci
data:
  template: |-
    nodeSelector:
      konvoy.mesosphere.com/node_pool: dispatch
    tolerations:
    - effect: NoExecute
      key: konvoy.mesosphere.com/node_pool
      value: dispatch
      operator: Equal
    securityContext:
      runAsUser: 1000
`;

function run(text: string, s = settings) {
  return validatePodTemplate(file('pod-template', 'dispatch/pod-templates/repo.yaml', text), s);
}

describe('a valid pod-template ConfigMap', () => {
  it('has no diagnostics and gives the model', () => {
    const { diagnostics, model } = run(BASE);
    expect(diagnostics).toEqual([]);
    expect(model).toMatchObject({ file: 'dispatch/pod-templates/repo.yaml', name: 'repo-tolerations', namespace: 'dispatch-ci', dataKey: 'template' });
    expect(model.raw).toBe(
      'nodeSelector:\n  konvoy.mesosphere.com/node_pool: dispatch\ntolerations:\n- effect: NoExecute\n  key: konvoy.mesosphere.com/node_pool\n  value: dispatch\n  operator: Equal\nsecurityContext:\n  runAsUser: 1000',
    );
    const t = model.template!;
    expect(t.data).toEqual({
      nodeSelector: { 'konvoy.mesosphere.com/node_pool': 'dispatch' },
      tolerations: [{ effect: 'NoExecute', key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', operator: 'Equal' }],
      securityContext: { runAsUser: 1000 },
    });
    expect(t.pos).toEqual({ file: 'dispatch/pod-templates/repo.yaml', line: 8, column: 5 });
    expect(t.tolerationsPos).toEqual({ file: 'dispatch/pod-templates/repo.yaml', line: 10, column: 5 });
    expect(t.tolerations[0].pos).toEqual({ file: 'dispatch/pod-templates/repo.yaml', line: 11, column: 7 });
    expect(t.nodeSelector).toEqual([{ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', pos: { file: 'dispatch/pod-templates/repo.yaml', line: 9, column: 7 } }]);
  });

  it('reads the node affinity terms', () => {
    const text = edit(BASE, '    securityContext:', [
      '    affinity:',
      '      nodeAffinity:',
      '        requiredDuringSchedulingIgnoredDuringExecution:',
      '          nodeSelectorTerms:',
      '          - matchExpressions:',
      '            - key: konvoy.mesosphere.com/node_pool',
      '              operator: In',
      '              values: [dispatch]',
      '    securityContext:',
    ].join('\n'));
    const { diagnostics, model } = run(text);
    expect(diagnostics).toEqual([]);
    expect(model.template!.requiredNodeAffinity).toEqual([[{ key: 'konvoy.mesosphere.com/node_pool', operator: 'In', values: ['dispatch'] }]]);
  });

  it('describes itself as JSON Schema', () => {
    const s = podTemplateSchema.toJSONSchema() as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(s.properties)).toContain('tolerations');
    expect(s.additionalProperties).toBe(false);
  });
});

describe('the ConfigMap', () => {
  it('pod-template/value: kind must be ConfigMap, apiVersion v1', () => {
    const text = edit(BASE, 'kind: ConfigMap', 'kind: Secret');
    const d = one(run(text).diagnostics, 'pod-template/value');
    expect(where(d)).toEqual(at(text, 'Secret'));
  });

  it('pod-template/required: metadata.name', () => {
    const text = edit(BASE, '  name: repo-tolerations\n', '');
    const d = one(run(text).diagnostics, 'pod-template/required');
    expect(where(d)).toEqual(at(text, 'namespace'));
  });

  it('pod-template/invalid-name and pod-template/invalid-namespace', () => {
    let text = edit(BASE, 'name: repo-tolerations', 'name: Repo_Tolerations');
    let d = one(run(text).diagnostics, 'pod-template/invalid-name');
    expect(where(d)).toEqual(at(text, 'Repo_Tolerations'));
    text = edit(BASE, 'namespace: dispatch-ci', 'namespace: dispatch.ci');
    d = one(run(text).diagnostics, 'pod-template/invalid-namespace');
    expect(where(d)).toEqual(at(text, 'dispatch.ci'));
  });

  it('pod-template/other-data-key: the only data key is not the configured one: a warning naming the key to configure', () => {
    const text = edit(BASE, '  template: |-', '  templates: |-');
    const d = one(run(text).diagnostics, 'pod-template/other-data-key');
    expect(d.severity).toBe('warning');
    expect(where(d)).toEqual(at(text, 'templates:'));
    expect(d.message).toContain('only data key is `templates`');
    expect(d.hint).toContain('pod-template-key: templates');
    expect(run(text).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    // With the default key (default-pod-template), the example's `template` key: a warning too, and its content is
    // still checked as the pod template.
    const r = run(BASE, settingsFrom(undefined));
    expect(r.diagnostics.map((x) => [x.rule, x.severity])).toEqual([['pod-template/other-data-key', 'warning']]);
    expect(r.diagnostics[0].hint).toContain('pod-template-key: template');
    expect(r.model.template).toBeDefined();
    expect(r.model.dataKey).toBe('template'); // applied as written, under its own key
    const broken = run(edit(BASE, 'effect: NoExecute', 'effect: NoRun'), settingsFrom(undefined));
    expect(broken.diagnostics.some((x) => x.severity === 'error')).toBe(true);
  });

  it('pod-template/missing-data-key: several data keys and none is the configured one is an error', () => {
    const text = edit(BASE, '  template: |-', '  other: x\n  templates: |-');
    const d = one(run(text).diagnostics, 'pod-template/missing-data-key');
    expect(d.severity).toBe('error');
    expect(where(d)).toEqual(at(text, '\ndata:', 0, 1));
    expect(d.hint).toBe('Did you mean `templates`?');
    expect(d.message).toContain('no data key `template` (it has `other`, `templates`)');
  });

  it('pod-template/type: the data value must be a string', () => {
    const text = edit(BASE, '  template: |-\n', '  template:\n');
    const d = one(run(text).diagnostics, 'pod-template/type');
    expect(where(d)).toEqual(at(text, 'nodeSelector'));
    expect(d.hint).toContain('template: |');
  });

  it('pod-template/multiple-documents and pod-template/empty', () => {
    const text = BASE + '---\n' + BASE;
    const d = one(run(text).diagnostics, 'pod-template/multiple-documents');
    expect(where(d)).toEqual(at(text, 'apiVersion', 1));
    const e = one(run('# nothing\n').diagnostics, 'pod-template/empty');
    expect([e.line, e.column]).toEqual([1, 1]);
  });

  it('pod-template/invalid-label on metadata.labels', () => {
    const text = edit(BASE, '  namespace: dispatch-ci\n', '  namespace: dispatch-ci\n  labels:\n    app: "-x"\n');
    const d = one(run(text).diagnostics, 'pod-template/invalid-label');
    expect(where(d)).toEqual(at(text, '"-x"'));
  });
});

describe('the pod template inside the data key', () => {
  it('pod-template/unknown-key: Tekton fields only, at the position in the file', () => {
    const text = edit(BASE, '    securityContext:', '    tolerationz: []\n    securityContext:');
    const d = one(run(text).diagnostics, 'pod-template/unknown-key');
    expect(where(d)).toEqual({ line: 15, column: 5 });
    expect(d.message).toBe('pod template `data.template`: unknown key `tolerationz`');
    expect(d.hint).toBe('Did you mean `tolerations`?');
  });

  it('pod-template/unknown-key: spec and containers are explained', () => {
    const text = edit(BASE, '    securityContext:', '    containers: []\n    securityContext:');
    const d = one(run(text).diagnostics, 'pod-template/unknown-key');
    expect(d.hint).toContain('cannot set containers');
  });

  it('pod-template/invalid-toleration: effect, operator, empty key, tolerationSeconds', () => {
    let text = edit(BASE, 'effect: NoExecute', 'effect: NoExecut');
    let d = one(run(text).diagnostics, 'pod-template/invalid-toleration');
    expect(where(d)).toEqual({ line: 11, column: 15 });
    expect(d.message).toBe('pod template `data.template`: tolerations[0].effect: Unsupported value: "NoExecut": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"');

    text = edit(BASE, '      key: konvoy.mesosphere.com/node_pool\n', '');
    d = one(run(text).diagnostics, 'pod-template/invalid-toleration');
    expect(where(d)).toEqual(at(text, 'Equal'));
    expect(d.message).toContain('operator must be Exists when `key` is empty');
    expect(d.hint).toBe('Set a `key`, or write `operator: Exists` to tolerate every taint.');

    text = edit(BASE, 'operator: Equal', 'operator: Exists');
    d = one(run(text).diagnostics, 'pod-template/invalid-toleration');
    expect(d.message).toContain("value must be empty when `operator` is 'Exists'");
    expect(d.hint).toBe('Remove `value`, or use `operator: Equal`.');

    text = edit(BASE, '      operator: Equal\n', '      operator: Equal\n      tolerationSeconds: 30\n');
    text = edit(text, 'effect: NoExecute', 'effect: NoSchedule');
    d = one(run(text).diagnostics, 'pod-template/invalid-toleration');
    expect(where(d)).toEqual(at(text, 'NoSchedule'));
    expect(d.message).toContain("effect must be 'NoExecute' when `tolerationSeconds` is set");
    expect(d.hint).toBe('Remove `tolerationSeconds`, or set `effect: NoExecute`.');
  });

  it('pod-template/type: tolerationSeconds is an integer, value a string', () => {
    let text = edit(BASE, '      operator: Equal\n', '      operator: Equal\n      tolerationSeconds: "30"\n');
    let d = one(run(text).diagnostics, 'pod-template/type');
    expect(where(d)).toEqual(at(text, '"30"'));
    text = edit(BASE, 'value: dispatch', 'value: 3');
    d = one(run(text).diagnostics, 'pod-template/type');
    expect(where(d)).toEqual(at(text, 'value: 3', 0, 7));
    expect(d.hint).toBe('Quote the value to make it a string.');
  });

  it('pod-template/value: dnsPolicy and other enumerations', () => {
    const text = edit(BASE, '    securityContext:', '    dnsPolicy: ClusterFirstWithHostNetwork\n    securityContext:');
    const d = one(run(text).diagnostics, 'pod-template/value');
    expect(where(d)).toEqual(at(text, 'ClusterFirstWithHostNetwork'));
  });

  it('pod-template/invalid-node-selector', () => {
    const text = edit(BASE, 'konvoy.mesosphere.com/node_pool: dispatch', 'konvoy.mesosphere.com/node_pool: dis/patch');
    const d = one(run(text).diagnostics, 'pod-template/invalid-node-selector');
    expect(where(d)).toEqual(at(text, 'dis/patch'));
  });

  it('yaml/syntax inside the data key, at its line in the file', () => {
    const text = edit(BASE, '      value: dispatch\n', '      value: [dispatch\n');
    const d = one(run(text).diagnostics, 'yaml/syntax');
    expect(d.file).toBe('dispatch/pod-templates/repo.yaml');
    expect(d.line).toBe(at(text, 'operator: Equal').line);
  });

  it('pod-template/empty-template (warning)', () => {
    const text = BASE.slice(0, BASE.indexOf('    nodeSelector'));
    const d = one(run(text).diagnostics, 'pod-template/empty-template');
    expect(d.severity).toBe('warning');
  });
});
