/** desire() and diff() without a server: plain data in, a Plan out. */
import { describe, expect, it } from 'vitest';
import { desire } from '../../src/desired/desired.js';
import { SecretValue, execArgv } from '../../src/desired/types.js';
import type { DesiredState } from '../../src/desired/types.js';
import { ownershipOf } from '../../src/plan/node-pool.js';
import { emptyLiveState } from '../../src/plan/live.js';
import type { LiveState } from '../../src/plan/live.js';
import { diff } from '../../src/plan/diff.js';
import { canonicalJson, planHash } from '../../src/plan/hash.js';
import { CANARY, CLOUDS_YAML, baseInput, expectNoCanary } from '../support/plan-helpers.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../src/report/plan.js';
import { inspect } from 'node:util';

const b64 = (s: string): SecretValue => new SecretValue(Buffer.from(s).toString('base64'));

/** The live state a faithful apply of `d` leaves (secret resourceVersion "7"), with every node of each pool in place. */
function converged(d: DesiredState, nodes: Record<string, string[]> = { dispatch: ['d1', 'd2'], worker: ['w1'] }): LiveState {
  const live = emptyLiveState();
  if (d.secret) {
    live.secret = {
      namespace: d.secret.namespace, name: d.secret.name, exists: true, resourceVersion: '7',
      data: Object.fromEntries(Object.entries(d.secret.data).map(([k, v]) => [k, b64(v.reveal())])),
    };
  }
  live.workloads = d.workloads.map((w) => ({ kind: w.kind, namespace: w.namespace, name: w.name, exists: true, annotation: '7' }));
  // A pod-template ConfigMap apply created carries the managed-by label.
  live.configMaps = d.configMaps.map((c) => ({ namespace: c.namespace, name: c.name, exists: true, resourceVersion: '3', data: { ...c.data, other: 'x' }, labels: { ...c.labels, ...(c.role === 'pod-template' ? { 'app.kubernetes.io/managed-by': 'pool-reconciler' } : {}) } }));
  for (const p of d.nodePools) {
    for (const n of nodes[p.name] ?? []) {
      live.nodes.push({
        name: n, pool: p.name, resourceVersion: '1',
        labels: { 'konvoy.mesosphere.com/node_pool': p.name, 'kubernetes.io/hostname': n, ...p.labels },
        taints: [...p.taints],
        ownership: ownershipOf(p) ?? undefined,
      });
    }
  }
  return live;
}

describe('desire', () => {
  it('computes every owned object, with the settings names and namespaces', () => {
    const d = desire(baseInput());
    expect(d.secret?.namespace).toBe('sf');
    expect(d.secret?.name).toBe('nodepool-providers-secrets');
    expect(Object.keys(d.secret?.data ?? {})).toEqual(['clouds.yaml']);
    expect(d.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/nodepool-launcher', 'StatefulSet/nodepool-builder']);
    expect(d.execs.map(execArgv)).toEqual([
      ['/usr/local/bin/generate-config.sh', '0123456789abcdef0123456789abcdef01234567'],
      ['env', 'NODEPOOL_CONFIG_FILE=nodepool-builder.yaml', '/usr/local/bin/generate-config.sh', '0123456789abcdef0123456789abcdef01234567'],
    ]);
    expect(d.execs[0]).toMatchObject({ podSelector: 'run=nodepool-launcher', container: 'launcher' });
    expect(d.execs[1]).toMatchObject({ pod: 'nodepool-builder-0', container: 'nodepool-builder' });
    expect(d.configMaps.map((c) => `${c.namespace}/${c.name}`)).toEqual(['tekton-pipelines/config-defaults', 'dispatch-ci/app-pod-template']);
    expect(Object.keys(d.configMaps[0].data)).toEqual(['default-pod-template']);
    expect(d.nodePools.map((p) => p.name)).toEqual(['dispatch', 'worker']);
  });

  it('follows .pool-reconciler.yaml names', () => {
    const input = baseInput();
    input.settings.softwareFactory = { ...input.settings.softwareFactory, namespace: 'zuul', providersSecret: 'np', launcherDeployment: 'l', builderStatefulSet: 'b' };
    input.settings.dispatch = { ...input.settings.dispatch, tektonNamespace: 'dispatch', tektonConfigMap: 'defaults' };
    const d = desire(input);
    expect(d.secret).toMatchObject({ namespace: 'zuul', name: 'np' });
    expect(d.workloads.map((w) => `${w.namespace}/${w.name}`)).toEqual(['zuul/l', 'zuul/b']);
    expect(d.execs[0].podSelector).toBe('run=l');
    expect(d.execs[1].pod).toBe('b-0');
    expect(d.configMaps[0]).toMatchObject({ namespace: 'dispatch', name: 'defaults' });
  });

  it('manages only the secrets given; an empty one is not given; none given, no Secret and no rollout', () => {
    expect(Object.keys(desire(baseInput({ secrets: { 'clouds.yaml': CLOUDS_YAML, 'aws.config': '' } })).secret?.data ?? {})).toEqual(['clouds.yaml']);
    const none = desire(baseInput({ secrets: {} }));
    expect(none.secret).toBeUndefined();
    expect(none.workloads).toEqual([]);
  });

  it('plans the config refresh only with a Nodepool config', () => {
    expect(desire(baseInput({ nodepoolChanged: false })).execs).toEqual([]);
  });

  it('skips pools that declare nothing, sorts and de-duplicates taints by (key, effect)', () => {
    const d = desire(baseInput({
      nodePools: [
        { name: 'b', labels: {}, taints: [{ key: 'z', effect: 'NoSchedule' }, { key: 'a', value: '1', effect: 'NoSchedule' }, { key: 'a', value: '2', effect: 'NoSchedule' }] },
        { name: 'control-plane', labels: {}, taints: [] },
      ],
    }));
    expect(d.nodePools).toEqual([{ name: 'b', labels: {}, taints: [{ key: 'a', value: '2', effect: 'NoSchedule' }, { key: 'z', effect: 'NoSchedule' }] }]);
  });

  it('merges two files naming one ConfigMap and says so when they disagree', () => {
    const pt = baseInput().podTemplates[0];
    const d = desire(baseInput({ podTemplates: [pt, { ...pt, value: 'x', file: 'dispatch/pod-templates/zz.yaml' }] }));
    expect(d.configMaps).toHaveLength(2);
    expect(d.configMaps[1].data.template).toBe('x');
    expect(d.notes).toEqual([expect.stringContaining('is set by both dispatch/pod-templates/app.yaml and dispatch/pod-templates/zz.yaml')]);
  });

  it('never prints a secret value', () => {
    const d = desire(baseInput());
    expectNoCanary([JSON.stringify(d), inspect(d, { depth: 10 }), String(d.secret?.data['clouds.yaml'])]);
    expect(d.secret?.data['clouds.yaml']?.reveal()).toContain(CANARY);
  });
});

describe('diff', () => {
  it('an empty cluster: every object is created', () => {
    const d = desire(baseInput());
    const live = emptyLiveState();
    live.workloads = d.workloads.map((w) => ({ kind: w.kind, namespace: w.namespace, name: w.name, exists: true, annotation: '0' }));
    const plan = diff(d, live);
    expect(plan.steps.map((s) => `${s.action} ${s.id}`)).toEqual([
      'create Secret/sf/nodepool-providers-secrets',
      'rollout Deployment/sf/nodepool-launcher',
      'rollout StatefulSet/sf/nodepool-builder',
      'exec exec/launcher',
      'exec exec/builder',
      'create ConfigMap/tekton-pipelines/config-defaults',
      'create ConfigMap/dispatch-ci/app-pod-template',
    ]);
    expect(plan.pendingPools.map((p) => p.pool)).toEqual(['dispatch', 'worker']);
    expect(plan.changes).toBe(5);
  });

  it('a converged cluster: no changes (the config refresh does not count)', () => {
    const d = desire(baseInput());
    const plan = diff(d, converged(d));
    expect(plan.changes).toBe(0);
    expect(plan.counts).toEqual({ create: 0, update: 0, delete: 0, rollout: 0, exec: 2, drift: 0, unchanged: 8 });
    expect(renderPlanMarkdown(plan).split('\n')[0]).toContain('no changes');
  });

  it('one secret key changed: the key by name, a rollout of each workload', () => {
    const d = desire(baseInput());
    const live = converged(d);
    live.secret!.data['clouds.yaml'] = b64('clouds: {}\n');
    const plan = diff(d, live);
    const s = plan.steps[0];
    expect(s).toMatchObject({ action: 'update', changes: [{ path: 'data["clouds.yaml"]', op: 'change' }] });
    expect(s.changes[0]).not.toHaveProperty('before');
    expect(s.changes[0]).not.toHaveProperty('after');
    expect(plan.steps.filter((x) => x.action === 'rollout').map((x) => x.rollout)).toEqual([
      { annotation: 'nodepool-providers-secrets', from: '7', to: null, reason: 'secret-changes' },
      { annotation: 'nodepool-providers-secrets', from: '7', to: null, reason: 'secret-changes' },
    ]);
    expect(plan.changes).toBe(3);
    expectNoCanary([renderPlanJson(plan), renderPlanMarkdown(plan), renderPlanText(plan, { color: true, verbose: true }), canonicalJson(plan)]);
  });

  it('keys the Secret has but the repo did not give are neither shown nor changed', () => {
    const d = desire(baseInput());
    const live = converged(d);
    live.secret!.data['kube.config'] = b64(`token: ${CANARY}`);
    const plan = diff(d, live);
    expect(plan.changes).toBe(0);
    expect(plan.steps[0].secretKeys).toEqual({ added: [], changed: [], removed: [], unchanged: ['clouds.yaml'] });
    expect(renderPlanJson(plan)).not.toContain('kube.config');
  });

  it('one toleration changed: exactly that ConfigMap, that key', () => {
    const d = desire(baseInput());
    const live = converged(d);
    const cm = live.configMaps.find((c) => c.name === 'app-pod-template')!;
    cm.data.template = cm.data.template.replace('value: dispatch', 'value: ci');
    const plan = diff(d, live);
    expect(plan.changes).toBe(1);
    const step = plan.steps.find((s) => s.action === 'update')!;
    expect(step.changes).toEqual([{ path: 'data["template"]', op: 'change', before: cm.data.template, after: d.configMaps[1].data.template }]);
    // The ConfigMap's other key is someone else's.
    expect(renderPlanJson(plan)).not.toContain('"other"');
  });

  it('one taint changed on one node: exactly that change; foreign taints and labels are kept out', () => {
    const d = desire(baseInput());
    const live = converged(d);
    const d2 = live.nodes.find((n) => n.name === 'd2')!;
    d2.taints = [
      { key: 'konvoy.mesosphere.com/node_pool', value: 'old', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      { key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoSchedule' },
    ];
    d2.labels['topology.kubernetes.io/zone'] = 'z1';
    const plan = diff(d, live);
    expect(plan.changes).toBe(1);
    const step = plan.steps.find((s) => s.action === 'update')!;
    expect(step.id).toBe('Node/d2');
    expect(step.changes).toEqual([{
      path: 'spec.taints["konvoy.mesosphere.com/node_pool:NoExecute"]', op: 'change',
      before: 'konvoy.mesosphere.com/node_pool=old:NoExecute', after: 'konvoy.mesosphere.com/node_pool=dispatch:NoExecute',
    }]);
    expect(step.before).toEqual({
      metadata: { labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch' } },
      spec: { taints: [{ key: 'konvoy.mesosphere.com/node_pool', value: 'old', effect: 'NoExecute' }] },
    });
    const all = [renderPlanJson(plan), renderPlanMarkdown(plan), renderPlanText(plan, { verbose: true })].join('\n');
    expect(all).not.toContain('unreachable');
    expect(all).not.toContain('NoSchedule');
    expect(all).not.toContain('zone');
  });

  it('one label changed and one added', () => {
    const d = desire(baseInput());
    const live = converged(d);
    live.nodes.find((n) => n.name === 'w1')!.labels['ci.example.org/workload'] = 'gpu';
    delete live.nodes.find((n) => n.name === 'd1')!.labels['konvoy.mesosphere.com/node_pool'];
    live.nodes.find((n) => n.name === 'd1')!.pool = 'dispatch';
    const plan = diff(d, live);
    expect(plan.steps.filter((s) => s.action === 'update').map((s) => [s.id, s.summary])).toEqual([
      ['Node/d1', 'label konvoy.mesosphere.com/node_pool=dispatch added'],
      ['Node/w1', 'label ci.example.org/workload: gpu → general'],
    ]);
  });

  it('a workload behind the Secret is rolled out to the live resourceVersion', () => {
    const d = desire(baseInput());
    const live = converged(d);
    live.workloads[1].annotation = '5';
    const plan = diff(d, live);
    expect(plan.steps.filter((s) => s.action === 'rollout').map((s) => [s.id, s.rollout])).toEqual([
      ['StatefulSet/sf/nodepool-builder', { annotation: 'nodepool-providers-secrets', from: '5', to: '7', reason: 'annotation-behind' }],
    ]);
  });

  it('a missing workload blocks a Secret change, and is a note otherwise', () => {
    const d = desire(baseInput());
    const live = converged(d);
    live.workloads[0].exists = false;
    expect(diff(d, live).notes).toEqual([expect.stringContaining('Deployment sf/nodepool-launcher not found')]);
    live.secret!.data['clouds.yaml'] = b64('x');
    expect(diff(d, live).blockers).toEqual([expect.stringContaining('Deployment sf/nodepool-launcher not found')]);
  });

  it('is deterministic and the hash covers the content', () => {
    const d = desire(baseInput());
    const a = diff(d, converged(d));
    const b = diff(desire(baseInput()), converged(d));
    expect(renderPlanJson(a)).toBe(renderPlanJson(b));
    expect(a.hash).toBe(planHash(a));
    // Live details outside the owned fields (resourceVersions of nodes, foreign labels) do not move the hash.
    const noisy = converged(d);
    for (const n of noisy.nodes) {
      n.resourceVersion = '999';
      n.labels['example.com/heartbeat'] = 'now';
    }
    expect(diff(d, noisy).hash).toBe(a.hash);
  });

  it('hashes the intent, not the weather: nodes joining or leaving a pool, pods ending and notes do not move the hash (issue 22, finding 1)', () => {
    const d = desire(baseInput());
    const live = converged(d);
    live.nodes = live.nodes.map((n) => (n.pool === 'dispatch' ? { ...n, taints: [] } : n)); // the taint is new
    live.pods = [{ namespace: 'ci', name: 'job-1', node: 'd1', phase: 'Running', tolerations: [] }];
    const reviewed = diff(d, live);
    expect(reviewed.steps.find((s) => s.id === 'Node/d1')?.evictions).toHaveLength(1);
    // PodDisruptionBudgets do not protect pods from a NoExecute taint (issue 22, finding 9).
    expect(reviewed.notes).toContainEqual(expect.stringMatching(/^PodDisruptionBudgets do not hold back these evictions: a NoExecute taint/));
    // Between review and merge: the autoscaler adds d3 and removes d2, the CI pod ends, a note appears.
    const later: LiveState = { ...live, nodes: [...live.nodes] };
    later.nodes = [...later.nodes.filter((n) => n.name !== 'd2'), { ...later.nodes[0], name: 'd3', ownership: undefined, labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch' }, taints: [] }];
    later.pods = [];
    later.notes = ['something the cluster says now'];
    expect(diff(d, later).hash).toBe(reviewed.hash);
    // A change of intent moves it: the pool's taint, a label, a pod template, a secret value.
    const taint = baseInput();
    taint.nodePools[0].taints = [{ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoSchedule' }];
    expect(diff(desire(taint), live).hash).not.toBe(reviewed.hash);
    expect(diff(desire(baseInput({ secrets: { 'clouds.yaml': `${CLOUDS_YAML}# rotated\n` } })), live).hash).not.toBe(reviewed.hash);
    const tpl = baseInput();
    tpl.podTemplates[0].value += '\n  tolerationSeconds: 5';
    expect(diff(desire(tpl), live).hash).not.toBe(reviewed.hash);
  });

  it('a re-run after a partial apply has the same intent: what was written is no longer a change (issue 22, finding 2)', () => {
    const d = desire(baseInput());
    const fresh = converged(d);
    fresh.secret!.data['clouds.yaml'] = b64('old');
    const before = diff(d, fresh);
    expect(before.steps.find((s) => s.id.startsWith('Secret/'))?.action).toBe('update');
    expect(diff(d, converged(d)).hash).toBe(before.hash);
  });

  describe('a workload whose pods do not all run the current template (issue 22, findings 2 and 6)', () => {
    const rollout = (over: Partial<NonNullable<LiveState['workloads'][number]['rollout']>>): NonNullable<LiveState['workloads'][number]['rollout']> =>
      ({ converged: true, status: 'done', paused: false, strategy: 'RollingUpdate', partition: 0, replicas: 1, ...over });
    const withRollout = (kind: 'Deployment' | 'StatefulSet', over: Parameters<typeof rollout>[0], secretChanged = false): ReturnType<typeof diff> => {
      const d = desire(baseInput());
      const live = converged(d);
      if (secretChanged) live.secret!.data['clouds.yaml'] = b64('old');
      for (const w of live.workloads) w.rollout = w.kind === kind ? rollout(over) : rollout({});
      return diff(d, live);
    };

    it('an unfinished rollout is a wait, whatever the annotation says; a failed one says why', () => {
      const p = withRollout('Deployment', { converged: false, status: 'Waiting for deployment "nodepool-launcher" rollout to finish: 1 old replicas are pending termination...' });
      const step = p.steps.find((s) => s.id === 'Deployment/sf/nodepool-launcher')!;
      expect(step).toMatchObject({ action: 'rollout', rollout: { reason: 'unfinished' } });
      expect(step.summary).toMatch(/^the last rollout has not finished \(Waiting for deployment/);
      expect(p.blockers).toEqual([]);
      const failed = withRollout('Deployment', { converged: false, failed: 'deployment "nodepool-launcher" exceeded its progress deadline', status: 'x' });
      expect(failed.steps.find((s) => s.id === 'Deployment/sf/nodepool-launcher')!.summary).toMatch(/^the last rollout failed: deployment "nodepool-launcher" exceeded its progress deadline/);
      expect(withRollout('Deployment', {}).steps.find((s) => s.id === 'Deployment/sf/nodepool-launcher')!.action).toBe('unchanged');
    });

    it('a paused Deployment, an OnDelete builder and a partition are blockers before any write', () => {
      expect(withRollout('Deployment', { paused: true }, true).blockers).toEqual([expect.stringMatching(/^Deployment sf\/nodepool-launcher is paused: .*kubectl rollout resume deployment\/nodepool-launcher -n sf/)]);
      expect(withRollout('StatefulSet', { strategy: 'OnDelete' }, true).blockers).toEqual([expect.stringMatching(/^StatefulSet sf\/nodepool-builder uses updateStrategy OnDelete: .*software-factory.on-delete: delete-pods/)]);
      expect(withRollout('StatefulSet', { partition: 1 }, true).blockers).toEqual([expect.stringMatching(/^StatefulSet sf\/nodepool-builder has a rolling-update partition of 1 \(of 1 replicas\)/)]);
      // Unfinished and OnDelete on a re-run: the same blocker, never a silent "unchanged".
      expect(withRollout('StatefulSet', { strategy: 'OnDelete', converged: false, status: '0 of 1 pods run the current template' }).blockers).toHaveLength(1);
    });

    it('with on-delete: delete-pods the OnDelete builder is rolled by deleting its outdated pods', () => {
      const input = baseInput();
      input.settings.softwareFactory.onDelete = 'delete-pods';
      const d = desire(input);
      const live = converged(d);
      live.secret!.data['clouds.yaml'] = b64('old');
      for (const w of live.workloads) w.rollout = { converged: true, status: 'done', paused: false, strategy: w.kind === 'StatefulSet' ? 'OnDelete' : 'RollingUpdate', partition: 0, replicas: 1 };
      const p = diff(d, live);
      expect(p.blockers).toEqual([]);
      expect(p.steps.find((s) => s.id === 'StatefulSet/sf/nodepool-builder')!.rollout).toMatchObject({ reason: 'secret-changes', deletePods: true });
    });
  });

  it('input order does not change the plan', () => {
    const i1 = baseInput();
    const i2 = baseInput({ nodePools: [...i1.nodePools].reverse() });
    expect(diff(desire(i1), converged(desire(i1))).hash).toBe(diff(desire(i2), converged(desire(i2))).hash);
  });
});

describe('ownership from the state ConfigMap (issue 22 finding 5, issue 23 forged record)', () => {
  const TAINT = 'konvoy.mesosphere.com/node_pool:NoExecute';
  /** The state a first apply of the example pools leaves, with what the repo declared per pool. */
  const stateOf = (d: DesiredState): NonNullable<LiveState['state']> => ({
    commit: 'c', planHash: 'h', appliedAt: '', nodepool: { digest: 'x', files: {} },
    managed: { pools: d.nodePools.map((p) => p.name), configMaps: [], declared: Object.fromEntries(d.nodePools.map((p) => [p.name, { labels: Object.keys(p.labels), taints: p.taints.map((t) => `${t.key}:${t.effect}`) }])) },
  });
  const dropTaint = (): DesiredState => {
    const i = baseInput();
    i.nodePools[0].taints = [];
    return desire(i);
  };

  it('a dropped NoExecute taint is removed from a node whose record was removed or broken: rebuilt from the state, never "nothing to do"', () => {
    const first = desire(baseInput());
    for (const broken of [undefined, 'not json']) {
      const live = converged(first);
      live.state = stateOf(first);
      live.nodes[0].ownership = broken;
      const p = diff(dropTaint(), live);
      const step = p.steps.find((s) => s.id === `Node/${live.nodes[0].name}`)!;
      expect(step.action).toBe('update');
      expect(step.changes).toContainEqual(expect.objectContaining({ path: `spec.taints[${JSON.stringify(TAINT)}]`, op: 'remove' }));
      expect(p.blockers).toEqual([]);
    }
  });

  it('a broken record with no state to rebuild it from is a blocker', () => {
    const d = desire(baseInput());
    const live = converged(d);
    live.nodes[0].ownership = '{not json';
    expect(diff(d, live).blockers).toEqual([expect.stringMatching(/^node d1: its ownership record \(annotation pool-reconciler\/managed\) is not readable/)]);
  });

  it('a forged record never widens what is removed: only what the state says the repo declared, never kubernetes.io/ keys', () => {
    const d = desire(baseInput());
    const live = converged(d);
    live.state = stateOf(d);
    const n = live.nodes[0];
    n.labels['kubernetes.io/hostname'] = 'd1';
    n.labels['node-restriction.kubernetes.io/zone'] = 'a';
    n.taints = [...n.taints, { key: 'team.example.org/gpu', value: 'true', effect: 'NoSchedule' }];
    n.ownership = JSON.stringify({ labels: ['konvoy.mesosphere.com/node_pool', 'kubernetes.io/hostname', 'node-restriction.kubernetes.io/zone'], taints: [TAINT, 'team.example.org/gpu:NoSchedule'] });
    const step = diff(d, live).steps.find((s) => s.id === 'Node/d1')!;
    expect(step.changes.filter((c) => c.op === 'remove')).toEqual([]);
  });

  it("someone else's taint with the pool's key and effect but another value is a conflict: a blocker, or adopted by setting (issue 22, finding 7)", () => {
    const d = desire(baseInput());
    const live = converged(d);
    live.nodes[0].ownership = undefined;
    live.nodes[0].taints = [{ key: 'konvoy.mesosphere.com/node_pool', value: 'team-a', effect: 'NoExecute' }];
    expect(diff(d, live).blockers).toEqual([expect.stringMatching(/^node d1 \(pool "dispatch"\) has taint konvoy.mesosphere.com\/node_pool=team-a:NoExecute, which pool-reconciler did not put there/)]);
    const adopt = baseInput();
    adopt.settings.conflicts = 'adopt';
    const adopted = diff(desire(adopt), live);
    expect(adopted.blockers).toEqual([]);
    expect(adopted.notes).toContainEqual(expect.stringMatching(/: adopted \(conflicts: adopt\)$/));
    // The same value (konvoy up put it there): adopted without a word.
    live.nodes[0].taints = [{ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' }];
    expect(diff(d, live).blockers).toEqual([]);
  });
});

describe("someone else's ConfigMap under a pod template's name (issue 22, finding 7)", () => {
  it('is a conflict the plan shows, unless the setting adopts it; Tekton defaults and our own are not', () => {
    const d = desire(baseInput());
    const live = converged(d);
    live.configMaps = live.configMaps.map((c) => ({ ...c, labels: {} }));
    expect(diff(d, live).blockers).toEqual([expect.stringMatching(/^ConfigMap dispatch-ci\/app-pod-template exists and was not created by pool-reconciler .*conflicts: adopt/)]);
    live.state = { commit: 'c', planHash: 'h', appliedAt: '', nodepool: { digest: 'x', files: {} }, managed: { pools: [], configMaps: ['dispatch-ci/app-pod-template'] } };
    expect(diff(d, live).blockers).toEqual([]);
    delete live.state;
    const adopt = baseInput();
    adopt.settings.conflicts = 'adopt';
    expect(diff(desire(adopt), live).blockers).toEqual([]);
  });
});

describe('nodes without an ownership record (an earlier version, or never)', () => {
  const NOTE = /^some nodes carry no ownership record \(annotation pool-reconciler\/managed\)/;
  it('adopt what matches the repo and say once that older leftovers cannot be told apart', () => {
    const d = desire(baseInput());
    const live = converged(d);
    for (const n of live.nodes) delete n.ownership;
    live.nodes[0].taints.push({ key: 'leftover/from-v0', effect: 'NoSchedule' });
    const plan = diff(d, live);
    expect(plan.notes.filter((n) => NOTE.test(n))).toHaveLength(1);
    expect(plan.steps.filter((s) => s.object.kind === 'Node').map((s) => s.summary)).toEqual(['ownership record written', 'ownership record written', 'ownership record written']);
    expect(JSON.stringify(plan)).not.toContain('leftover/from-v0');
  });
  it('say nothing when there is nothing to adopt, or every node has its record', () => {
    const d = desire(baseInput());
    expect(diff(d, converged(d)).notes.some((n) => NOTE.test(n))).toBe(false);
    const bare = converged(d);
    for (const n of bare.nodes) {
      delete n.ownership;
      n.labels = { 'kubernetes.io/hostname': n.name };
      n.taints = [];
    }
    expect(diff(d, bare).notes.some((n) => NOTE.test(n))).toBe(false);
  });
});
