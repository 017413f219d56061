/** The reviewed plan's differences from the plan now (plan/intent.ts), as the guard lists them to an operator. */
import { describe, expect, it } from 'vitest';
import { intentDifferences } from '../../src/plan/intent.js';
import type { PlanIntent } from '../../src/plan/intent.js';

const intent = (over: Partial<PlanIntent> = {}): PlanIntent => ({
  workloads: [],
  configMaps: [{ ref: 'dispatch-ci/app-pod-template', role: 'pod-template', labels: { 'app.kubernetes.io/part-of': 'ci' }, data: { template: 'sha256:aa', extra: 'sha256:bb' } }],
  deletes: [],
  pools: [{ name: 'dispatch', labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch', tier: 'slow', gone: 'x' }, taints: ['konvoy.mesosphere.com/node_pool=dispatch:NoExecute'] }],
  removedPools: [],
  nodes: 'write',
  ...over,
});

describe('intentDifferences', () => {
  it("names each label, taint and data key that differs, in words, and never a value's digest", () => {
    const reviewed = intent();
    const now = intent({
      configMaps: [{ ref: 'dispatch-ci/app-pod-template', role: 'pod-template', labels: { 'app.kubernetes.io/part-of': 'dispatch' }, data: { template: 'sha256:cc', added: 'sha256:dd' } }],
      pools: [{ name: 'dispatch', labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch', tier: 'fast', new: 'y' }, taints: ['konvoy.mesosphere.com/node_pool=dispatch:NoSchedule'] }],
    });
    expect(intentDifferences(reviewed, now)).toEqual([
      '~ ConfigMap dispatch-ci/app-pod-template: label app.kubernetes.io/part-of changed from ci to dispatch, data key template changed, data key added added, data key extra removed since the review',
      '~ pool dispatch: label tier changed from slow to fast, label new=y added, label gone=x removed, taint konvoy.mesosphere.com/node_pool=dispatch:NoSchedule added, taint konvoy.mesosphere.com/node_pool=dispatch:NoExecute removed since the review',
    ]);
    expect(intentDifferences(reviewed, now).join('\n')).not.toMatch(/sha256|[{}"]/);
  });

  it('says a pool or ConfigMap that is new, or gone, since the review', () => {
    const reviewed = intent();
    const now = intent({ configMaps: [], pools: [...intent().pools, { name: 'gpu', labels: {}, taints: [] }], deletes: ['dispatch-ci/app-pod-template'] });
    expect(intentDifferences(reviewed, now)).toEqual([
      '- ConfigMap dispatch-ci/app-pod-template: in the reviewed plan, no longer in the repo',
      '+ pool gpu: not in the reviewed plan',
      '+ delete ConfigMap: dispatch-ci/app-pod-template (not in the reviewed plan)',
    ]);
  });

  it("says the Secret's keys to remove as names", () => {
    const secret = { namespace: 'sf', name: 'nodepool-providers-secrets', keys: { 'clouds.yaml': 'sha256:aa' }, remove: [] as string[] };
    expect(intentDifferences(intent({ secret }), intent({ secret: { ...secret, remove: ['aws.config'] } }))).toEqual(['~ Secret: keys to remove: reviewed none; now aws.config']);
  });

  it('finds nothing between equal intents', () => {
    expect(intentDifferences(intent(), intent())).toEqual([]);
  });
});
