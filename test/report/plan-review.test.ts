/**
 * A plan a reviewer can act on: node changes grouped by pool with the node list collapsed, who and what in the
 * title, the Nodepool changes with links to their lines, the pods new taints evict, and what happens next.
 */
import { describe, expect, it } from 'vitest';
import { desire } from '../../src/desired/desired.js';
import { diff } from '../../src/plan/diff.js';
import { emptyLiveState } from '../../src/plan/live.js';
import type { LiveState } from '../../src/plan/live.js';
import { nodepoolDigest } from '../../src/plan/state.js';
import { renderPlanMarkdown, renderPlanText } from '../../src/report/plan.js';
import { baseInput } from '../support/plan-helpers.js';

const NODEPOOL = 'labels:\n  - name: centos-9\nproviders:\n  - name: cloud\n    driver: openstack\n    pools:\n      - name: main\n        max-servers: 20\n';

function reviewPlan(): ReturnType<typeof diff> {
  const input = baseInput({ nodepoolFiles: [{ path: 'nodepool/nodepool.yaml', text: NODEPOOL.replace('max-servers: 20', 'max-servers: 40'), semantic: true }] });
  const d = desire(input);
  const live: LiveState = emptyLiveState();
  live.workloads = d.workloads.map((w) => ({ kind: w.kind, namespace: w.namespace, name: w.name, exists: true, annotation: '0' }));
  for (const n of ['d1', 'd2', 'd3']) live.nodes.push({ name: n, pool: 'dispatch', labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch' }, taints: [] });
  live.pods = [
    { namespace: 'apps', name: 'web-1', node: 'd2', owner: { kind: 'ReplicaSet', name: 'web' }, tolerations: [] },
    { namespace: 'ci', name: 'build', node: 'd2', tolerations: [{ key: 'konvoy.mesosphere.com/node_pool', operator: 'Exists' }] },
  ];
  const np = nodepoolDigest([{ path: 'nodepool/nodepool.yaml', text: NODEPOOL, semantic: true }]);
  live.state = {
    commit: 'c0ffee0000000000000000000000000000000000', planHash: 'sha256:x', appliedAt: '2026-11-01T10:00:00Z',
    nodepool: { digest: np.digest, files: np.files, content: { 'nodepool/nodepool.yaml': NODEPOOL } },
    managed: { pools: ['dispatch', 'worker'], configMaps: [] },
  };
  return diff(d, live);
}

const CONTEXT = {
  mode: 'plan',
  target: 'prod',
  commit: 'abcdef0123456789abcdef0123456789abcdef01',
  commitUrl: 'https://github.com/acme/ci/commit/abcdef0123456789abcdef0123456789abcdef01',
  runUrl: 'https://github.com/acme/ci/actions/runs/42',
  fileUrl: (file: string, line: number) => `https://github.com/acme/ci/blob/abcdef0123456789abcdef0123456789abcdef01/${file}#L${line}`,
};

describe('the plan a reviewer reads', () => {
  it('groups the nodes of a pool that change the same way, with the node list collapsed', () => {
    const plan = reviewPlan();
    const md = renderPlanMarkdown(plan, { context: CONTEXT });
    // d2 changes like d1 and d3; its evictions are listed below, not as a separate row.
    expect(md).toContain('| pool `dispatch`, 3 nodes | update | taint konvoy.mesosphere.com/node\\_pool=dispatch:NoExecute added; ownership record written |');
    expect(md.match(/\| pool `dispatch`/g)).toHaveLength(1);
    expect(md).toContain('<details><summary>pool dispatch, 3 nodes: update</summary>\n\nNodes: `d1`, `d2`, `d3`.');
    const text = renderPlanText(plan);
    expect(text).toContain('pool dispatch, 3 nodes (d1, d2, d3)  taint konvoy.mesosphere.com/node_pool=dispatch:NoExecute added');
  });

  it('puts who and what in the title: mode, target, the head commit and the run, linked', () => {
    const md = renderPlanMarkdown(reviewPlan(), { context: CONTEXT });
    expect(md.split('\n')[0]).toBe(
      '### Plan · plan · prod · [`abcdef012345`](https://github.com/acme/ci/commit/abcdef0123456789abcdef0123456789abcdef01) · [run](https://github.com/acme/ci/actions/runs/42): 3 to create, 3 to update, 2 rollouts, Nodepool config changed',
    );
  });

  it('shows the Nodepool change at its line, linked at the head commit, against the deployed commit', () => {
    const md = renderPlanMarkdown(reviewPlan(), { context: CONTEXT });
    expect(md).toContain('**Nodepool config: 1 change (compared with the deployed commit c0ffee000000 (applied 2026-11-01T10:00:00Z)); apply runs the config refresh (generate-config.sh) in the launcher and the builder.**');
    expect(md).toContain('- ✏️ [`nodepool/nodepool.yaml:8`](https://github.com/acme/ci/blob/abcdef0123456789abcdef0123456789abcdef01/nodepool/nodepool.yaml#L8) provider cloud, pool main: max-servers 20 → 40');
  });

  it('names the pods a new NoExecute taint evicts, with their owner', () => {
    const md = renderPlanMarkdown(reviewPlan(), { context: CONTEXT });
    expect(md).toContain('**Pods affected by new taints:**\n- pool dispatch, 3 nodes: evicts 1 pod at once (a new NoExecute taint they do not tolerate): apps/web-1 (ReplicaSet web) on d2');
  });

  it('writes out what happens next', () => {
    const plan = reviewPlan();
    expect(renderPlanMarkdown(plan, { context: CONTEXT })).toContain(
      `**What happens next:** Merge to apply this plan; the apply will refuse (and write nothing) if the change it would apply is not this one (${plan.hash.slice(0, 19)}…); nodes joining or leaving a pool meanwhile get the pool's labels and taints.`,
    );
    expect(renderPlanMarkdown(plan, { context: { ...CONTEXT, mode: 'drift' } })).toContain('The cluster differs from the default branch');
  });

  it('never links a URL that could break out of the link', () => {
    const md = renderPlanMarkdown(reviewPlan(), { context: { ...CONTEXT, runUrl: 'javascript:alert(1)', fileUrl: () => 'https://x/a)b' } });
    expect(md).not.toContain('javascript:');
    expect(md).not.toContain('](https://x/a)b)');
    expect(md).toContain('`nodepool/nodepool.yaml:8`');
  });
});
