/**
 * Issue 22 on the real control plane: apply on a living cluster. Nodes join and leave the dispatch pool between the
 * pull request's plan and the merge's apply, CI pods start and finish, a launcher's new pod never becomes ready and
 * the job is re-run, the builder is `OnDelete` or partitioned, the launcher has two replicas or is paused, a policy
 * webhook denies node writes, someone removes an ownership record or sets a same-key taint, a PodDisruptionBudget
 * covers the CI pods, the deploy job is cancelled (SIGTERM, SIGINT) or killed (SIGKILL) mid-rollout, and
 * `sf-operator deploy` runs after an apply (test/cluster/support/weather.ts).
 *
 * Each test is one finding of the issue and says what must hold; the assertions are on the cluster (objects, pods,
 * the Lease, the API server's audit log of the tool's requests), on `ok`, the stage, the exit code and the step
 * statuses, not on wording. Tests run in order on one cluster; each starts from a converged cluster (`converge`).
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../src/report/plan.js';
import { runApply } from '../../src/run/apply.js';
import type { ApplyRequest } from '../../src/run/apply.js';
import type { ApplyOutcome } from '../../src/plan/outcome.js';
import { runPlan } from '../../src/run/plan.js';
import type { Plan } from '../../src/plan/types.js';
import { CANARY, SECRETS } from '../support/plan-helpers.js';
import { NODE_POOL_LABEL, waitUntil } from './support/fixture.js';
import { applyRequest, COMMIT, planRequest } from './support/requests.js';
import { skipReason, useRealCluster } from './support/tier.js';
import type { TierHandle } from './support/tier.js';
import {
  auditMark, BUILDER, ciPodDisruptionBudget, cliFiles, deleteNeverReadyPods, exitWithin, finishCiPod, joinNode, LAUNCHER, leaveNode,
  NEVER_READY_LABEL, onCurrentTemplate, patchBuilder, patchLauncher, plainShapes, podExecs, providerMounts, ready, sfOperatorDeploy,
  shellStatus, snapshot, spawnCli, startCiPod, startWebhooks, storedWrites, templateAnnotation, toolRequests, trackPods, waitSettled,
} from './support/weather.js';
import type { PodTracker, Webhooks } from './support/weather.js';

const DISPATCH_TAINT = '      taints:\n        - key: konvoy.mesosphere.com/node_pool\n          value: dispatch\n          effect: NoExecute\n';
const WORKER_POOL = '    - name: worker\n      labels:\n        - key: ci.example.org/workload\n          value: general\n';
const WORKER_TAINT = '      taints:\n        - key: ci.example.org/maintenance\n          value: "true"\n          effect: NoSchedule\n';
const AWS_CONFIG = '[default]\nregion = eu-west-1\n';
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Taint = { key: string; value?: string; effect: string };
const isDispatchTaint = (x: Taint): boolean => x.key === NODE_POOL_LABEL && x.effect === 'NoExecute';

describe.skipIf(skipReason())('issue 22: apply on a living cluster', () => {
  const tier = useRealCluster();
  const lines: string[] = [];
  let hooks: Webhooks;
  const originals: Record<string, string> = {};
  /** The provider secrets the cluster was last converged with; each rotation changes clouds.yaml's password. */
  let secrets: Record<string, string> = { ...SECRETS };
  let rotation = 0;
  const rotate = (): Record<string, string> => ({ ...secrets, 'clouds.yaml': SECRETS['clouds.yaml'].replace(CANARY, `${CANARY}-weather-${++rotation}`) });

  beforeAll(async () => {
    if (skipReason()) return;
    const t = tier.get();
    hooks = await startWebhooks(t);
    for (const f of ['cluster.yaml', 'nodepool/nodepool.yaml']) originals[f] = t.repo.read(f);
  });
  afterAll(async () => {
    await hooks?.close();
  });

  const restoreRepo = (t: TierHandle): void => {
    for (const [f, text] of Object.entries(originals)) t.repo.write(f, text);
  };
  const apply = (t: TierHandle, over: Partial<ApplyRequest> = {}): Promise<ApplyOutcome> => runApply(applyRequest(t, lines, { secrets, ...over }));
  const say = (o: ApplyOutcome): void => {
    if (!o.ok) console.log(lines.slice(-25).join('\n'));
  };

  /** No weather left: the webhooks disarmed, the workloads in the fixture's shapes and rolled out, the repo's config applied. */
  const converge = async (t: TierHandle): Promise<void> => {
    restoreRepo(t);
    await hooks.neverReady([]);
    await hooks.denyNodeWrites(false);
    await plainShapes(t);
    await deleteNeverReadyPods(t);
    await waitSettled(t);
    const o = await apply(t, { skipPlanCheck: true });
    say(o);
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    await waitSettled(t);
  };

  const taintsOf = async (t: TierHandle, node: string): Promise<Taint[]> =>
    ((await t.cluster.core.readNode({ name: node })).spec?.taints ?? []).map((x) => ({ key: x.key, ...(x.value ? { value: x.value } : {}), effect: x.effect }));
  const launcherAndBuilder = async (t: TierHandle) => {
    const { apps, namespaces } = t.cluster;
    return {
      d: await apps.readNamespacedDeployment({ name: LAUNCHER, namespace: namespaces.sf }),
      s: await apps.readNamespacedStatefulSet({ name: BUILDER, namespace: namespaces.sf }),
    };
  };
  /** Pods of the launcher and builder that do not run their workload's current template (still running, not terminating). */
  const oldTemplatePods = async (t: TierHandle): Promise<string[]> => {
    const { d, s } = await launcherAndBuilder(t);
    const pods = (await t.cluster.core.listNamespacedPod({ namespace: t.cluster.namespaces.sf, labelSelector: 'app=sf' })).items;
    return pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running' && !onCurrentTemplate(p, d, s)).map((p) => p.metadata?.name ?? '');
  };
  /** The tool's execs since `mark` into a pod that did not run its workload's current template at that moment. */
  const execsIntoOldTemplate = async (t: TierHandle, tracker: PodTracker, mark: number): Promise<string[]> => {
    const { d, s } = await launcherAndBuilder(t);
    return podExecs(toolRequests(t, mark)).filter((e) => {
      const seen = tracker.at(e.pod, e.time);
      const w = e.pod.startsWith(`${BUILDER}-`) ? s : d;
      return seen?.annotation !== templateAnnotation(w);
    }).map((e) => `${e.container} in pod ${e.pod} (annotation ${tracker.at(e.pod, e.time)?.annotation ?? '?'})`);
  };
  const stateRv = async (t: TierHandle): Promise<string> =>
    (await t.cluster.core.readNamespacedConfigMap({ name: 'pool-reconciler-state', namespace: t.cluster.namespaces.sf }).catch(() => undefined))?.metadata?.resourceVersion ?? 'absent';

  // ---- finding 9 ----------------------------------------------------------------------------------------------

  it('(i) a new NoExecute taint over pods a PodDisruptionBudget covers: the plan notes that PDBs do not hold the eviction back', async () => {
    const t = tier.get();
    const removePdb = await ciPodDisruptionBudget(t);
    try {
      const p = await runPlan(planRequest(t));
      expect.soft(p.errors).toEqual([]);
      const evicted = (p.plan?.steps ?? []).flatMap((s) => s.evictions ?? []).map((e) => e.name);
      // The weather is there: the dispatch pool's new NoExecute taint evicts the CI pods the PDB covers.
      expect(evicted).toContain('ci-plain-dispatch-1');
      const notes = p.plan?.notes ?? [];
      expect.soft(notes.filter((n) => /PodDisruptionBudget/.test(n) && /NoExecute/.test(n)).length).toBeGreaterThan(0);
    } finally {
      await removePdb();
    }
  });

  // ---- finding 1 ----------------------------------------------------------------------------------------------

  it('(a) a node joins and one leaves the dispatch pool, CI pods end and start between plan and apply: the reviewed plan applies, and the new node gets the pool\'s taint; a change of intent is still refused', async () => {
    const t = tier.get();
    const planned = await runPlan(planRequest(t));
    expect(planned.errors).toEqual([]);
    const reviewed = renderPlanJson(planned.plan as Plan);
    expect((planned.plan?.steps ?? []).map((s) => s.id)).toContain('Node/dispatch-3');

    // Between the pull request's plan and the merge's apply: the autoscaler adds dispatch-4 and removes dispatch-3,
    // a CI run on dispatch-1 ends, another starts on dispatch-2.
    await joinNode(t, 'dispatch', 'dispatch-4');
    await leaveNode(t, 'dispatch-3');
    await finishCiPod(t, 'ci-plain-dispatch-1');
    await startCiPod(t, 'dispatch-2', 'ci-plain-late-dispatch-2', false);

    const o = await apply(t, { reviewedPlan: reviewed });
    say(o);
    expect.soft(o.errors).toEqual([]);
    expect.soft(o.ok).toBe(true);
    for (const node of ['dispatch-1', 'dispatch-2', 'dispatch-4']) {
      expect.soft((await taintsOf(t, node)).filter(isDispatchTaint)).toEqual([{ key: NODE_POOL_LABEL, value: 'dispatch', effect: 'NoExecute' }]);
      expect.soft((await t.cluster.core.readNode({ name: node })).metadata?.labels?.[NODE_POOL_LABEL]).toBe('dispatch');
    }
    const after = await runPlan(planRequest(t));
    expect.soft(after.plan?.changes).toBe(0);

    // A change of intent after the review (the worker pool gains a taint): refused, nothing written.
    const reviewed2 = renderPlanJson(after.plan as Plan);
    t.repo.edit('cluster.yaml', WORKER_POOL, WORKER_POOL + WORKER_TAINT);
    try {
      const before = await snapshot(t);
      const mark = auditMark(t);
      const refused = await apply(t, { reviewedPlan: reviewed2 });
      expect.soft(refused.ok).toBe(false);
      expect.soft(refused.stage).toBe('guard');
      expect.soft(refused.steps.every((s) => s.status === 'not-run' || s.status === 'unchanged')).toBe(true);
      expect.soft(storedWrites(toolRequests(t, mark))).toEqual([]);
      expect.soft(await snapshot(t)).toEqual(before);
    } finally {
      restoreRepo(t);
    }
  });

  // ---- finding 5 ----------------------------------------------------------------------------------------------

  it('(f) a node whose ownership record was removed or broken, then the repo drops the NoExecute taint: the taint is removed, never "nothing to do"', async () => {
    const t = tier.get();
    await converge(t);
    const { core } = t.cluster;
    for (const n of ['dispatch-1', 'dispatch-2']) expect((await taintsOf(t, n)).filter(isDispatchTaint)).toHaveLength(1);
    // Someone's `kubectl annotate ... pool-reconciler/managed-`, and a hand edit that broke the record.
    await core.patchNode({ name: 'dispatch-1', body: { metadata: { annotations: { 'pool-reconciler/managed': null } } } }, merge);
    await core.patchNode({ name: 'dispatch-2', body: { metadata: { annotations: { 'pool-reconciler/managed': '{"labels": ["konvoy.mesosphere.com/node_pool"], "taints": [' } } } }, merge);
    t.repo.edit('cluster.yaml', DISPATCH_TAINT, '');
    try {
      const p = await runPlan(planRequest(t));
      const steps = new Map((p.plan?.steps ?? []).map((s) => [s.id, s]));
      // Either the record is rebuilt from the state ConfigMap (the taint's removal is planned), or the plan stops on
      // a blocker; never an unchanged node and nothing to do.
      if ((p.plan?.blockers ?? []).length === 0) {
        for (const n of ['dispatch-1', 'dispatch-2']) {
          expect.soft(steps.get(`Node/${n}`)?.changes.some((c) => c.op === 'remove' && c.path.startsWith('spec.taints'))).toBe(true);
        }
      }
      const o = await apply(t, { skipPlanCheck: true });
      say(o);
      expect.soft(o.errors).toEqual([]);
      expect.soft(o.ok).toBe(true);
      for (const n of ['dispatch-1', 'dispatch-2', 'dispatch-4']) expect.soft((await taintsOf(t, n)).filter(isDispatchTaint)).toEqual([]);
      expect.soft((await runPlan(planRequest(t))).plan?.changes).toBe(0);
    } finally {
      restoreRepo(t);
    }
  });

  // ---- finding 7 ----------------------------------------------------------------------------------------------

  it('(h) someone else\'s taint with the same key and effect and another value on a pool node: the plan shows the conflict, apply refuses and writes nothing', async () => {
    const t = tier.get();
    await converge(t);
    await joinNode(t, 'dispatch', 'dispatch-5', [{ key: NODE_POOL_LABEL, value: 'reserved', effect: 'NoExecute' }]);
    try {
      const p = await runPlan(planRequest(t));
      const said = JSON.stringify([p.plan?.blockers ?? [], p.plan?.notes ?? [], p.errors]);
      expect.soft(said).toContain('dispatch-5');
      const before = await snapshot(t);
      const mark = auditMark(t);
      const o = await apply(t, { skipPlanCheck: true });
      expect.soft(o.ok).toBe(false);
      expect.soft(storedWrites(toolRequests(t, mark))).toEqual([]);
      expect.soft(await snapshot(t)).toEqual(before);
      expect.soft((await taintsOf(t, 'dispatch-5')).filter(isDispatchTaint)).toEqual([{ key: NODE_POOL_LABEL, value: 'reserved', effect: 'NoExecute' }]);
    } finally {
      await leaveNode(t, 'dispatch-5');
    }
  });

  // ---- finding 4 ----------------------------------------------------------------------------------------------

  it('(e) node writes denied by an admission webhook: apply stops in the preflight, nothing written', async () => {
    const t = tier.get();
    await converge(t);
    const next = rotate();
    t.repo.edit('cluster.yaml', WORKER_POOL, WORKER_POOL + WORKER_TAINT);
    await hooks.denyNodeWrites(true);
    try {
      const before = await snapshot(t);
      const execs = t.cluster.execs().length;
      const mark = auditMark(t);
      const seen = hooks.reviews.length;
      const o = await apply(t, { skipPlanCheck: true, secrets: next });
      say(o);
      expect.soft(o.ok).toBe(false);
      expect.soft(o.stage).toBe('preflight');
      expect.soft(o.steps.every((s) => s.status === 'not-run' || s.status === 'unchanged')).toBe(true);
      expect.soft(storedWrites(toolRequests(t, mark))).toEqual([]);
      expect.soft(await snapshot(t)).toEqual(before);
      expect.soft(t.cluster.execs()).toHaveLength(execs);
      // The webhook was asked by the tool's dry run of the node writes.
      expect.soft(hooks.reviews.slice(seen).some((r) => r.kind === 'Node' && r.dryRun && !r.allowed)).toBe(true);
    } finally {
      await hooks.denyNodeWrites(false);
      restoreRepo(t);
    }
  });

  // ---- finding 6 ----------------------------------------------------------------------------------------------

  it('(g) two launcher replicas: generate-config.sh runs in every ready launcher pod of the current template', async () => {
    const t = tier.get();
    await converge(t);
    await patchLauncher(t, { spec: { replicas: 2 } });
    await waitSettled(t);
    t.repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: 21');
    try {
      const mark = auditMark(t);
      const o = await apply(t, { skipPlanCheck: true });
      say(o);
      expect.soft(o.errors).toEqual([]);
      expect.soft(o.ok).toBe(true);
      const { d, s } = await launcherAndBuilder(t);
      const current = (await t.cluster.core.listNamespacedPod({ namespace: t.cluster.namespaces.sf, labelSelector: `run=${LAUNCHER}` })).items
        .filter((p) => !p.metadata?.deletionTimestamp && ready(p) && onCurrentTemplate(p, d, s))
        .map((p) => p.metadata?.name ?? '')
        .sort();
      expect(current).toHaveLength(2);
      const into = [...new Set(podExecs(toolRequests(t, mark)).filter((e) => e.container === 'launcher').map((e) => e.pod))].sort();
      expect.soft(into).toEqual(current);
    } finally {
      restoreRepo(t);
      await patchLauncher(t, { spec: { replicas: 1 } });
    }
  });

  it('(g) a paused launcher Deployment and a Secret change: the plan has a blocker, apply writes nothing', async () => {
    const t = tier.get();
    await converge(t);
    await patchLauncher(t, { spec: { paused: true } });
    try {
      const next = rotate();
      const p = await runPlan(planRequest(t, { secrets: next }));
      expect.soft(p.plan?.blockers.length).toBeGreaterThan(0);
      const before = await snapshot(t);
      const mark = auditMark(t);
      const o = await apply(t, { skipPlanCheck: true, secrets: next, rolloutTimeoutMs: 20_000 });
      expect.soft(o.ok).toBe(false);
      expect.soft(storedWrites(toolRequests(t, mark))).toEqual([]);
      expect.soft(await snapshot(t)).toEqual(before);
    } finally {
      await patchLauncher(t, { spec: { paused: false } });
    }
  });

  it('(g) a builder with partition >= replicas: refused before any write, with the reason', async () => {
    const t = tier.get();
    await converge(t);
    await patchBuilder(t, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } } });
    try {
      const next = rotate();
      const before = await snapshot(t);
      const mark = auditMark(t);
      const o = await apply(t, { skipPlanCheck: true, secrets: next, rolloutTimeoutMs: 20_000 });
      expect.soft(o.ok).toBe(false);
      expect.soft(o.errors.map((e) => e.message).join('\n')).toMatch(/partition/i);
      expect.soft(storedWrites(toolRequests(t, mark))).toEqual([]);
      expect.soft(await snapshot(t)).toEqual(before);
    } finally {
      await plainShapes(t);
    }
  });

  // ---- finding 2 ----------------------------------------------------------------------------------------------

  it('(b) a re-run after a failed launcher rollout (its new pod never ready) does not report success while the old pod runs', async () => {
    const t = tier.get();
    await converge(t);
    await patchLauncher(t, { spec: { progressDeadlineSeconds: 8 } });
    await waitUntil('the progress deadline observed', async () => {
      const { d } = await launcherAndBuilder(t);
      return d.status?.observedGeneration === d.metadata?.generation;
    }, 30_000);
    await hooks.neverReady([LAUNCHER]);
    const tracker = await trackPods(t);
    try {
      const next = rotate();
      const planned = await runPlan(planRequest(t, { secrets: next }));
      expect(planned.errors).toEqual([]);
      const reviewed = renderPlanJson(planned.plan as Plan);
      const first = await apply(t, { reviewedPlan: reviewed, secrets: next, rolloutTimeoutMs: 60_000 });
      expect(first.ok).toBe(false);
      // The weather holds: the launcher's old pod still runs the old template, its new one is not ready.
      expect((await oldTemplatePods(t)).filter((n) => n.startsWith(LAUNCHER))).toHaveLength(1);
      const state = await stateRv(t);

      // "Re-run failed jobs", without and with the reviewed plan.
      const mark = auditMark(t);
      const rerun = await apply(t, { skipPlanCheck: true, secrets: next, rolloutTimeoutMs: 20_000 });
      say(rerun);
      expect.soft(rerun.ok).toBe(false);
      const rerunReviewed = await apply(t, { reviewedPlan: reviewed, secrets: next, rolloutTimeoutMs: 20_000 });
      say(rerunReviewed);
      // The intent is the reviewed one: not refused as a changed plan, but failed on the unfinished rollout.
      expect.soft(rerunReviewed.stage).not.toBe('guard');
      expect.soft(rerunReviewed.ok).toBe(false);
      expect.soft((await oldTemplatePods(t)).filter((n) => n.startsWith(LAUNCHER))).toHaveLength(1);
      expect.soft(await execsIntoOldTemplate(t, tracker, mark)).toEqual([]);
      expect.soft(await stateRv(t)).toBe(state);
    } finally {
      tracker.stop();
      await hooks.neverReady([]);
      await deleteNeverReadyPods(t);
    }
  }, 300_000);

  it('(b) a re-run after a failed rollout of an OnDelete builder never execs in the old pod nor records the state as deployed', async () => {
    const t = tier.get();
    await converge(t);
    await patchBuilder(t, { spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } } });
    const tracker = await trackPods(t);
    t.repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: 22');
    try {
      const next = rotate();
      // The plan may stop on a blocker here (the builder restarts only when its pod is deleted): then there is no
      // reviewed plan to re-run, only the plain re-run.
      const planned = await runPlan(planRequest(t, { secrets: next }));
      expect(planned.stage).toBe('done');
      const reviewed = planned.plan ? renderPlanJson(planned.plan) : undefined;
      const first = await apply(t, { ...(reviewed ? { reviewedPlan: reviewed } : { skipPlanCheck: true }), secrets: next, rolloutTimeoutMs: 30_000 });
      expect(first.ok).toBe(false);
      const state = await stateRv(t);

      const mark = auditMark(t);
      const rerun = await apply(t, { skipPlanCheck: true, secrets: next, rolloutTimeoutMs: 20_000 });
      say(rerun);
      expect.soft(rerun.ok).toBe(false);
      if (reviewed) {
        const rerunReviewed = await apply(t, { reviewedPlan: reviewed, secrets: next, rolloutTimeoutMs: 20_000 });
        say(rerunReviewed);
        expect.soft(rerunReviewed.stage).not.toBe('guard');
        expect.soft(rerunReviewed.ok).toBe(false);
      }
      expect.soft(await execsIntoOldTemplate(t, tracker, mark)).toEqual([]);
      expect.soft(await stateRv(t)).toBe(state);
    } finally {
      tracker.stop();
      restoreRepo(t);
      await plainShapes(t);
    }
  }, 300_000);

  // ---- finding 8 ----------------------------------------------------------------------------------------------

  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`(d) ${signal} during a rollout wait: exits ${code} within seconds, says what was applied and what was not, releases the Lease; the next apply does not wait`, async () => {
      const t = tier.get();
      await converge(t);
      await hooks.neverReady([LAUNCHER]);
      const next = rotate();
      const files = cliFiles(t, next);
      const cli = spawnCli(['apply', ...files.args, '--commit', COMMIT, '--skip-plan-check', '--rollout-timeout', '300', t.repo.dir], files.dir);
      try {
        await midRollout(t);
        await sleep(1_000);
        const said = cli.output().length;
        const signalled = Date.now();
        cli.child.kill(signal);
        const e = await exitWithin(cli, 30_000);
        expect(e).toBeDefined();
        const after = cli.output().slice(said);
        console.log(`${signal}: exited ${e ? `${e.code ?? e.signal} after ${e.at - signalled} ms` : 'not within 30 s'}; said after the signal:\n${after}`);
        expect.soft(shellStatus(e ?? { code: null, signal: 'SIGKILL' })).toBe(code);
        expect.soft((e?.at ?? Infinity) - signalled).toBeLessThan(10_000);
        // What was applied (the Secret) and what was written but not awaited (the launcher that never becomes
        // ready). Only the Secret changed: the ConfigMaps and nodes had nothing to do, so they are unchanged, never
        // "not run".
        expect.soft(after).toContain('  applied: Secret/sf/nodepool-providers-secrets');
        expect.soft(after).toMatch(/^ {2}written, not awaited: [^\n]*Deployment\/sf\/nodepool-launcher/m);
        expect.soft(after).toMatch(new RegExp(`^Apply interrupted by ${signal}: \\d steps? applied, \\d written but not awaited, 0 not run \\(\\d writes?\\); the lock was released$`, 'm'));
        expect.soft(after).not.toMatch(/not run: |· not run/);
        const lease = await t.cluster.coord.readNamespacedLease({ name: 'pool-reconciler', namespace: t.cluster.namespaces.sf });
        expect.soft(lease.spec?.holderIdentity ?? '').toBe('');
      } finally {
        if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
        await cli.exited;
        cli.cleanup();
        await hooks.neverReady([]);
        await deleteNeverReadyPods(t);
      }
      const o = await apply(t, { skipPlanCheck: true, secrets: next });
      say(o);
      expect.soft(o.lock?.waitedMs).toBe(0);
      expect.soft(o.errors).toEqual([]);
      expect.soft(o.ok).toBe(true);
      secrets = next;
    }, 300_000);
  }

  it('(d) SIGKILL mid-rollout: the next apply of the reviewed plan takes over once the Lease has expired, and converges', async () => {
    const t = tier.get();
    await converge(t);
    await hooks.neverReady([LAUNCHER]);
    const next = rotate();
    const planned = await runPlan(planRequest(t, { secrets: next }));
    expect(planned.errors).toEqual([]);
    const reviewed = renderPlanJson(planned.plan as Plan);
    const files = cliFiles(t, next, reviewed);
    const cli = spawnCli(['apply', ...files.args, '--commit', COMMIT, '--rollout-timeout', '300', t.repo.dir], files.dir);
    const killed: { holder: string; duration: number; renewedAt: number; at: number } = { holder: '', duration: 0, renewedAt: 0, at: 0 };
    try {
      await midRollout(t);
      const lease = await t.cluster.coord.readNamespacedLease({ name: 'pool-reconciler', namespace: t.cluster.namespaces.sf });
      killed.holder = lease.spec?.holderIdentity ?? '';
      killed.duration = lease.spec?.leaseDurationSeconds ?? 0;
      expect(killed.holder).not.toBe('');
      cli.child.kill('SIGKILL');
      // Its last renewal (read after the kill: a renewal between a read and the kill would be missed).
      const last = await t.cluster.coord.readNamespacedLease({ name: 'pool-reconciler', namespace: t.cluster.namespaces.sf });
      killed.renewedAt = new Date(last.spec?.renewTime as unknown as string).getTime();
      await cli.exited;
      killed.at = Date.now();
    } finally {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
      await cli.exited;
      cli.cleanup();
      await hooks.neverReady([]);
      await deleteNeverReadyPods(t);
    }
    const started = Date.now();
    const o = await apply(t, { reviewedPlan: reviewed, secrets: next, lockWaitMs: 240_000, lock: { pollMs: 500 } });
    say(o);
    console.log(`SIGKILL: the Lease (held by ${JSON.stringify(killed.holder)}, ${killed.duration} s) was taken over ${o.lock?.waitedMs ?? '?'} ms into the next apply, ${Date.now() - killed.at} ms after the kill`);
    expect.soft(o.lock?.tookOverFrom).toBe(killed.holder);
    expect.soft(o.lock?.waitedMs).toBeGreaterThan(0);
    // Not before the Lease expired: the take-over came at least the lease duration after the last renewal (the
    // lock's wait began after `started`; one second for the MicroTime's rounding and the clocks' reading).
    expect.soft(started + (o.lock?.waitedMs ?? 0)).toBeGreaterThanOrEqual(killed.renewedAt + killed.duration * 1000 - 1_000);
    expect.soft(o.errors).toEqual([]);
    expect.soft(o.ok).toBe(true);
    secrets = next;
    await waitSettled(t);
    expect.soft(await oldTemplatePods(t)).toEqual([]);
  }, 400_000);

  // ---- finding 3 ----------------------------------------------------------------------------------------------

  it('(c) a first aws.config reaches Nodepool in one apply, and a following sf-operator deploy changes nothing', async () => {
    const t = tier.get();
    await converge(t);
    // What pool-reconciler leaves is what sf-operator renders: its deploy on the converged cluster changes nothing.
    expect(await sfOperatorDeploy(t)).toEqual({ launcher: { changed: false, reasons: [] }, builder: { changed: false, reasons: [] } });

    const next = { ...secrets, 'aws.config': AWS_CONFIG };
    const o = await apply(t, { skipPlanCheck: true, secrets: next });
    say(o);
    expect.soft(o.errors).toEqual([]);
    expect.soft(o.ok).toBe(true);
    secrets = next;
    const aws = 'aws.config → /var/lib/nodepool/.aws/config (ro)';
    const { d, s } = await launcherAndBuilder(t);
    expect.soft(providerMounts(d, 'launcher')).toContain(aws);
    expect.soft(providerMounts(s, 'nodepool-builder')).toContain(aws);
    // The pods were rolled: every pod runs the template with the mount.
    await waitSettled(t);
    const pods = (await t.cluster.core.listNamespacedPod({ namespace: t.cluster.namespaces.sf, labelSelector: 'app=sf' })).items.filter((p) => !p.metadata?.deletionTimestamp);
    expect.soft(pods.length).toBeGreaterThanOrEqual(2);
    for (const p of pods) {
      const mounts = (p.spec?.containers ?? []).flatMap((c) => (c.volumeMounts ?? []).map((m) => m.subPath ?? ''));
      expect.soft(mounts).toContain('aws.config');
    }

    const generations = [d.metadata?.generation, s.metadata?.generation];
    const deploy = await sfOperatorDeploy(t);
    expect.soft(deploy).toEqual({ launcher: { changed: false, reasons: [] }, builder: { changed: false, reasons: [] } });
    const again = await launcherAndBuilder(t);
    expect.soft([again.d.metadata?.generation, again.s.metadata?.generation]).toEqual(generations);
  });
});

/** The CLI is inside its rollout wait: the Lease held, and the launcher's new pod (never ready) exists. */
async function midRollout(t: TierHandle): Promise<void> {
  const { core, coord, namespaces } = t.cluster;
  await waitUntil('the CLI holding the Lease and waiting for the launcher rollout', async () => {
    const lease = await coord.readNamespacedLease({ name: 'pool-reconciler', namespace: namespaces.sf });
    if (!lease.spec?.holderIdentity) return false;
    const stuck = (await core.listNamespacedPod({ namespace: namespaces.sf, labelSelector: NEVER_READY_LABEL })).items;
    return stuck.some((p) => p.metadata?.labels?.run === LAUNCHER && p.status?.phase === 'Running');
  }, 120_000, 250);
}
