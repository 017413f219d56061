/**
 * The placement section, pure: which pools a placement targets, a component's template and pods against the repo,
 * CI pods against their template; the table of Dispatch workloads and its settings.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DISPATCH_COMPONENT_KEYS, DISPATCH_WORKLOADS, componentWorkloads } from '../../src/config/dispatch-workloads.js';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { loadRepo } from '../../src/config/repo.js';
import { DISPATCH_COMPONENTS } from '../../src/validate/cluster.js';
import { targetPools } from '../../src/desired/placement.js';
import type { DesiredState } from '../../src/desired/types.js';
import { placementReport } from '../../src/plan/placement.js';
import { emptyLiveState } from '../../src/plan/live.js';
import type { LiveState } from '../../src/plan/live.js';

const TAINT = { key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' };
const TOL = { key: 'konvoy.mesosphere.com/node_pool', operator: 'Equal', value: 'dispatch', effect: 'NoExecute' };
const POOLS: Array<{ name: string; labels: Record<string, string>; taints: Array<{ key: string; value?: string; effect: string }> }> = [
  { name: 'dispatch', labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch' }, taints: [TAINT] },
  { name: 'worker', labels: { 'ci.example.org/workload': 'general' }, taints: [] },
];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-placement-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function desired(over: Partial<NonNullable<DesiredState['placement']>> = {}): DesiredState {
  return {
    settings: { softwareFactory: DEFAULT_SETTINGS.softwareFactory, dispatch: DEFAULT_SETTINGS.dispatch, nodes: 'write', conflicts: 'refuse' },
    nodepoolFiles: [], commit: 'c', workloads: [], execs: [], configMaps: [], verify: { nodepoolLabels: [], unoffered: [] }, notes: [],
    nodePools: POOLS,
    placement: {
      components: [{ key: 'argo-cd.server', namespace: 'dispatch', workloads: [{ kind: 'Deployment', name: 'argocd-server' }], tolerations: [TOL], nodeSelector: {}, pools: ['dispatch'], declared: true }],
      ci: [{ source: { kind: 'repository', namespace: 'ci', configMap: 'app' }, tolerations: [TOL], nodeSelector: { 'konvoy.mesosphere.com/node_pool': 'dispatch' }, pools: ['dispatch'] }],
      ...over,
    },
  };
}

function live(workload: Partial<NonNullable<LiveState['placement']>['workloads'][number]>, ciPods?: NonNullable<LiveState['placement']>['ciPods']): LiveState {
  const l = emptyLiveState();
  l.nodes = [
    { name: 'dispatch-1', pool: 'dispatch', labels: {}, taints: [] },
    { name: 'worker-1', pool: 'worker', labels: {}, taints: [] },
  ];
  l.placement = {
    workloads: [{ kind: 'Deployment', namespace: 'dispatch', name: 'argocd-server', exists: true, tolerations: [TOL], nodeSelector: {}, pods: [{ name: 's-1', node: 'dispatch-1' }], ...workload }],
    notes: [],
    ...(ciPods ? { ciPods } : {}),
  };
  return l;
}

describe('the table of Dispatch workloads', () => {
  it('has a row for each values key the validator reads, and the settings override namespaces and names', () => {
    expect([...DISPATCH_COMPONENT_KEYS]).toEqual(DISPATCH_COMPONENTS.map((c) => c.join('.')));
    expect(Object.keys(DISPATCH_WORKLOADS)).toEqual([...DISPATCH_COMPONENT_KEYS]);
    expect(componentWorkloads('tekton', DEFAULT_SETTINGS.dispatch)).toEqual({ namespace: 'tekton-pipelines', workloads: DISPATCH_WORKLOADS.tekton.workloads });
    expect(componentWorkloads('argo-cd.server', { ...DEFAULT_SETTINGS.dispatch, namespace: 'd2', components: { 'argo-cd.server': { workloads: [{ kind: 'StatefulSet', name: 'x' }] } } }))
      .toEqual({ namespace: 'd2', workloads: [{ kind: 'StatefulSet', name: 'x' }] });
  });

  it('.pool-reconciler.yaml: components by values key, a misspelt key or a bad workload is an error', () => {
    const dir = mkdtempSync(path.join(tmp, 'repo-'));
    writeFileSync(path.join(dir, '.pool-reconciler.yaml'), 'dispatch:\n  namespace: ci-system\n  components:\n    argo-cd.reposerver:\n      namespace: argocd\n    tekton:\n      workloads: [Deployment/tekton-pipelines-controller, pod/x]\n');
    const r = loadRepo(dir);
    const messages = r.diagnostics.map((d) => `${d.line}: ${d.message} ${d.hint ?? ''}`).join('\n');
    expect(messages).toMatch(/unknown key .*argo-cd\.reposerver.*argo-cd\.repoServer/s);
    expect(messages).toMatch(/"pod\/x" must be Deployment\/<name> or StatefulSet\/<name>/);
    expect(r.settings.dispatch.namespace).toBe('ci-system');
    expect(r.settings.dispatch.components.tekton).toEqual({ workloads: [{ kind: 'Deployment', name: 'tekton-pipelines-controller' }] });
  });

  it('on a pull request, the Dispatch namespace and components come from the base branch', () => {
    const dir = mkdtempSync(path.join(tmp, 'repo-'));
    writeFileSync(path.join(dir, '.pool-reconciler.yaml'), 'dispatch:\n  namespace: elsewhere\n');
    const r = loadRepo(dir, { baseSettings: null });
    expect(r.settings.dispatch.namespace).toBe('dispatch');
    expect(r.notices.join('\n')).toContain('dispatch namespace: "elsewhere" (base branch: "dispatch")');
  });
});

describe('targetPools', () => {
  it('a pool is targeted when selected, or when one of its hard taints is tolerated, and all of them are', () => {
    expect(targetPools({ tolerations: [TOL], nodeSelector: {} }, POOLS)).toEqual(['dispatch']);
    expect(targetPools({ tolerations: [], nodeSelector: {} }, POOLS)).toEqual([]);
    expect(targetPools({ tolerations: [], nodeSelector: { 'ci.example.org/workload': 'general' } }, POOLS)).toEqual(['worker']);
    // Selected but its taint not tolerated: its pods never run there, so it targets nothing.
    expect(targetPools({ tolerations: [], nodeSelector: { 'konvoy.mesosphere.com/node_pool': 'dispatch' } }, POOLS)).toEqual([]);
    expect(targetPools({ tolerations: [{ key: 'konvoy.mesosphere.com/node_pool', operator: 'Exists' }], nodeSelector: {} }, POOLS)).toEqual(['dispatch']);
  });
});

describe('placementReport', () => {
  it('a component as the repo asks is ok, and says where its pods run', () => {
    const p = placementReport(desired(), live({}))!;
    expect(p.components[0].status).toBe('ok');
    expect(p.components[0].message).toContain('its 1 pod runs on dispatch');
    expect(p.differences).toBe(0);
  });

  it('a missing toleration, another tolerationSeconds, an extra one and a nodeSelector not asked for all differ; taints Kubernetes sets do not', () => {
    const p = placementReport(desired(), live({
      tolerations: [{ ...TOL, tolerationSeconds: 30 }, { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { key: 'gpu', operator: 'Exists' }],
      nodeSelector: { 'kubernetes.io/os': 'linux', tier: 'ci' },
    }))!;
    const c = p.components[0];
    expect(c.status).toBe('differs');
    expect(c.missing).toEqual(['konvoy.mesosphere.com/node_pool=dispatch:NoExecute']);
    expect(c.extra).toEqual(['konvoy.mesosphere.com/node_pool=dispatch:NoExecute for 30 s', 'gpu Exists (any effect)']);
    expect(c.nodeSelector).toEqual({ missing: [], extra: ['tier=ci'] });
    expect(c.message).toContain('needs `konvoy up`');
  });

  it('a component that only tolerates may run on an untainted pool; on a tainted pool it does not tolerate it is off', () => {
    const elsewhere = placementReport(desired(), live({ pods: [{ name: 's-1', node: 'worker-1' }] }))!;
    expect(elsewhere.components[0].status).toBe('ok');
    expect(elsewhere.components[0].message).toContain('nothing selects it');
    const bare = desired({ components: [{ key: 'argo-cd.server', namespace: 'dispatch', workloads: [{ kind: 'Deployment', name: 'argocd-server' }], tolerations: [], nodeSelector: {}, pools: [], declared: false }] });
    const off = placementReport(bare, live({ tolerations: [], pods: [{ name: 's-1', node: 'dispatch-1' }] }))!;
    expect(off.components[0].status).toBe('differs');
    expect(off.components[0].podsOff).toEqual(['s-1 on node dispatch-1 of pool dispatch, whose taint konvoy.mesosphere.com/node_pool=dispatch:NoExecute it does not tolerate']);
  });

  it('a workload that does not exist is said, with the setting that names it, and is no difference', () => {
    const p = placementReport(desired(), live({ exists: false, tolerations: [], pods: [] }))!;
    expect(p.components[0].status).toBe('missing');
    expect(p.differences).toBe(0);
  });

  it('CI pods: the newest TaskRuns of a namespace against its template; off the selected pool or without the tolerations differs', () => {
    const pod = (name: string, taskRun: string, created: string, node: string, tolerations: object[]) => ({ namespace: 'ci', name, taskRun, created, node, tolerations });
    const pods = [
      pod('old-pod', 'old', '2026-01-01T00:00:00Z', 'worker-1', []),
      pod('a-pod', 'a', '2026-01-02T00:00:00Z', 'dispatch-1', [TOL]),
      pod('b-pod', 'b', '2026-01-03T00:00:00Z', 'dispatch-1', [TOL]),
      pod('c-pod', 'c', '2026-01-04T00:00:00Z', 'dispatch-1', [TOL]),
      { namespace: 'elsewhere', name: 'x', taskRun: 'x', node: 'worker-1', tolerations: [] },
    ];
    const ok = placementReport(desired(), live({}, pods))!;
    // The oldest of four TaskRuns is not among the recent ones; a namespace no template applies to is not checked.
    expect(ok.ci).toEqual([{ namespace: 'ci', template: 'pod template ConfigMap ci/app', pools: ['dispatch'], taskRuns: ['c', 'b', 'a'], pods: 3, status: 'ok', problems: [] }]);
    const bad = placementReport(desired(), live({}, [...pods, pod('d-pod', 'd', '2026-01-05T00:00:00Z', 'worker-1', [TOL])]))!;
    expect(bad.ci?.[0].status).toBe('differs');
    expect(bad.ci?.[0].problems).toEqual(['pod d-pod (TaskRun d) ran on node worker-1 (pool worker)']);
    expect(bad.differences).toBe(1);
  });

  it("a taint someone put on a pool's nodes that what selects the pool does not tolerate is said once, with the command that removes it; the pool's own, tolerated and Kubernetes' taints are not", () => {
    const GPU = { key: 'team.example.org/gpu', value: 'yes', effect: 'NoSchedule' };
    const l = live({});
    l.nodes = [
      { name: 'dispatch-1', pool: 'dispatch', labels: {}, taints: [TAINT, GPU, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'soft', effect: 'PreferNoSchedule' }] },
      { name: 'dispatch-2', pool: 'dispatch', labels: {}, taints: [TAINT, { key: 'konvoy.mesosphere.com/node_pool', value: 'other', effect: 'NoSchedule' }, { key: 'tolerated', value: 'x', effect: 'NoExecute' }, GPU, { key: 'drain', effect: 'NoExecute' }] },
      { name: 'worker-1', pool: 'worker', labels: {}, taints: [GPU] },
    ];
    const d = desired({
      ci: [{ source: { kind: 'default' }, tolerations: [TOL, { key: 'tolerated', operator: 'Exists', effect: 'NoExecute' }], nodeSelector: { 'konvoy.mesosphere.com/node_pool': 'dispatch' }, pools: ['dispatch'] }],
    });
    const r = placementReport(d, l)!;
    expect(r.notes).toEqual([
      'nodes dispatch-1, dispatch-2 of pool dispatch have the taint team.example.org/gpu=yes:NoSchedule, which the repo does not declare and which the Tekton default pod template does not tolerate: those pods are not scheduled on them (`kubectl taint nodes dispatch-1 dispatch-2 team.example.org/gpu=yes:NoSchedule-` removes it; or declare it for the pool and tolerate it)',
      'node dispatch-2 of pool dispatch has the taint konvoy.mesosphere.com/node_pool=other:NoSchedule, which the repo does not declare and which the Tekton default pod template does not tolerate: those pods are not scheduled on it (`kubectl taint nodes dispatch-2 konvoy.mesosphere.com/node_pool=other:NoSchedule-` removes it; or declare it for the pool and tolerate it)',
      'node dispatch-2 of pool dispatch has the taint drain:NoExecute, which the repo does not declare and which the Tekton default pod template does not tolerate: those pods are evicted from it and not scheduled on it (`kubectl taint nodes dispatch-2 drain:NoExecute-` removes it; or declare it for the pool and tolerate it)',
    ]);
    // A pool nothing selects by nodeSelector (worker): its pods may run elsewhere, nothing to say.
    expect(r.notes.join('\n')).not.toContain('worker-1');
  });
});
