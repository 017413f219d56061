/** The adapter from a loaded, validated config repo to a DesiredInput. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/config/repo.js';
import { validateRepo } from '../../src/validate/index.js';
import { desiredInputFrom } from '../../src/desired/from-validation.js';
import { copyExampleRepo, lineContaining } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';

let repo: RepoCopy;
beforeEach(() => {
  repo = copyExampleRepo();
});
afterEach(() => repo.cleanup());

function adapt() {
  const loaded = loadRepo(repo.dir);
  return desiredInputFrom(loaded, validateRepo(loaded), { commit: 'c0ffee', secrets: { 'clouds.yaml': 'x' } });
}

describe('desiredInputFrom', () => {
  it('reads the example repo', () => {
    const { input, diagnostics } = adapt();
    expect(diagnostics).toEqual([]);
    expect(input.commit).toBe('c0ffee');
    expect(input.nodepoolChanged).toBe(true);
    expect(input.nodepoolLabels.length).toBeGreaterThan(0);
    expect(input.nodePools).toEqual([
      { name: 'control-plane', labels: {}, taints: [] },
      { name: 'worker', labels: { 'ci.example.org/workload': 'general' }, taints: [] },
      {
        name: 'dispatch',
        labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch' },
        taints: [{ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' }],
      },
    ]);
    expect(input.tektonDefaultPodTemplate).toMatch(/^nodeSelector:\n {2}konvoy.mesosphere.com\/node_pool: dispatch\ntolerations:\n/);
    expect(input.podTemplates.map((p) => [p.file, p.namespace, p.name, p.key, p.labels])).toEqual([
      ['dispatch/pod-templates/app.yaml', 'dispatch-ci', 'app-pod-template', 'template', {}],
      ['dispatch/pod-templates/docs.yaml', 'dispatch-ci', 'docs-pod-template', 'template', { 'app.kubernetes.io/part-of': 'dispatch-ci' }],
    ]);
    expect(input.podTemplates[1].value).toMatch(/^tolerations:\n- effect: NoExecute\n/);
  });

  it('a disabled Dispatch addon has no Tekton default; no Nodepool files, no config refresh', () => {
    repo.edit('cluster.yaml', '        - name: dispatch\n          enabled: true', '        - name: dispatch\n          enabled: false');
    repo.remove('nodepool/nodepool.yaml');
    repo.remove('nodepool/nodepool-builder.yaml');
    const { input } = adapt();
    expect(input.tektonDefaultPodTemplate).toBeUndefined();
    expect(input.nodepoolChanged).toBe(false);
  });

  it('a pod template without a namespace is a positioned error', () => {
    repo.edit('dispatch/pod-templates/app.yaml', '  namespace: dispatch-ci\n', '');
    const { input, diagnostics } = adapt();
    expect(input.podTemplates.map((p) => p.name)).toEqual(['docs-pod-template']);
    expect(diagnostics).toEqual([{
      rule: 'plan/pod-template-namespace', severity: 'error', file: 'dispatch/pod-templates/app.yaml',
      line: lineContaining(repo.read('dispatch/pod-templates/app.yaml'), 'metadata:'), column: 1,
      message: 'ConfigMap "app-pod-template" has no metadata.namespace: the plan cannot tell where it goes',
      hint: expect.stringContaining('Dispatch Repository'),
    }]);
  });
});
