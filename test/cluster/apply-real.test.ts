/**
 * Issue 13's "done when" on the real control plane (kube-apiserver, kube-controller-manager, kube-scheduler, KWOK):
 *
 * - a Role with only `create` on `pods/exec` is caught by the preflight before any write;
 * - a write denied by an admission webhook (a small HTTPS webhook this file starts and registers with the real API
 *   server, standing in for Tekton's) is refused by the dry run, with nothing written;
 * - a first `aws.config` is reported as needing `sf-operator deploy` (the pod templates mount keys by subPath);
 * - a launcher whose new pod never becomes ready (no node admits it) fails the apply with kubectl's message at the
 *   Deployment's progress deadline, long before the rollout timeout;
 * - a builder rollout is awaited until the old pod is replaced by a ready new one.
 *
 * The tests share one cluster and run in order: the first three change nothing, the fourth leaves the launcher
 * rolled out and the builder not, which the fifth then rolls.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { AdmissionregistrationV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/run/apply.js';
import { runPlan } from '../../src/run/plan.js';
import { CANARY, SECRETS } from '../support/plan-helpers.js';
import { NODE_POOL_LABEL, waitUntil } from './support/fixture.js';
import { tierPermissions } from './support/permissions.js';
import { applyRequest, planRequest } from './support/requests.js';
import { skipReason, useRealCluster } from './support/tier.js';
import type { TierHandle } from './support/tier.js';

const mergePatch = (): ReturnType<typeof setHeaderOptions> => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

interface AuditEvent {
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string };
  objectRef?: { resource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
}

/** The writes a ServiceAccount made that were stored: not dry runs, not the lock's Lease, not access reviews. */
function storedWrites(t: TierHandle, sa: string): string[] {
  const log = t.cluster.cp.auditLog;
  if (!log) throw new Error('no audit log (external cluster)');
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as AuditEvent)
    .filter((e) => e.stage === 'ResponseComplete' && e.user.username === `system:serviceaccount:sf:${sa}`)
    .filter((e) => ['create', 'update', 'patch', 'delete'].includes(e.verb))
    .filter((e) => !['leases', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews'].includes(e.objectRef?.resource ?? ''))
    .filter((e) => !/[?&]dryRun=All/.test(e.requestURI))
    .map((e) => `${e.verb} ${e.objectRef?.resource ?? ''} ${e.objectRef?.namespace ?? ''}/${e.objectRef?.name ?? ''} -> ${e.responseStatus?.code ?? ''}`);
}

/** The resourceVersions and generations apply would change: equal before and after means nothing was written. */
async function snapshot(t: TierHandle): Promise<Record<string, string>> {
  const { core, apps, namespaces } = t.cluster;
  const d = await apps.readNamespacedDeployment({ name: 'nodepool-launcher', namespace: namespaces.sf });
  const s = await apps.readNamespacedStatefulSet({ name: 'nodepool-builder', namespace: namespaces.sf });
  const secret = await core.readNamespacedSecret({ name: 'nodepool-providers-secrets', namespace: namespaces.sf });
  const cm = await core.readNamespacedConfigMap({ name: 'config-defaults', namespace: namespaces.tekton });
  const nodes = (await core.listNode({ labelSelector: 'type=kwok' })).items;
  return {
    deployment: `${d.metadata?.generation}`,
    statefulset: `${s.metadata?.generation}`,
    secret: secret.metadata?.resourceVersion ?? '',
    'config-defaults': cm.metadata?.resourceVersion ?? '',
    ...Object.fromEntries(nodes.map((n) => [`node ${n.metadata?.name}`, JSON.stringify([n.metadata?.labels, n.spec?.taints ?? []])])),
  };
}

describe.skipIf(skipReason())('apply on a real cluster: rollouts, exec permissions, new keys, the preflight and dry run', () => {
  const tier = useRealCluster({ ciPods: false, podReadyDelayMs: 1_500 });
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('a Role with only `create` on pods/exec is caught by the preflight before any write', async () => {
    const t = tier.get();
    const perms = tierPermissions().map((p) => (p.resource === 'pods/exec' ? { ...p, verbs: ['create'] } : p));
    expect(perms.filter((p) => p.resource === 'pods/exec')).toEqual([{ scope: 'sf', apiGroup: '', resource: 'pods/exec', verbs: ['create'], names: [] }]);
    const kubeconfig = await t.cluster.kubeconfigWith('exec-create-only', perms);
    const before = await snapshot(t);
    const lines: string[] = [];
    const o = await runApply(applyRequest(t, lines, { kubeconfig, skipPlanCheck: true }));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('preflight');
    const e = o.errors.find((x) => x.message.includes('pods/exec'));
    expect(e?.message).toBe('apply would be refused: the credentials may not get pods/exec in namespace "sf" (the Nodepool config refresh opens the exec over a WebSocket, which the API server authorizes as get)');
    expect(e?.hint).toContain('{apiGroups: [""], resources: ["pods/exec"], verbs: ["get"]}');
    expect(o.steps.every((s) => s.status === 'not-run' || s.status === 'unchanged')).toBe(true);
    expect(t.cluster.execs()).toEqual([]);
    expect(storedWrites(t, 'exec-create-only')).toEqual([]);
    expect(await snapshot(t)).toEqual(before);
  });

  it('a write an admission webhook denies is refused by the dry run, with nothing written', async () => {
    const t = tier.get();
    const { namespaces } = t.cluster;
    const hook = await startWebhook(namespaces.tekton);
    cleanups.push(() => hook.close());
    const admission = t.cluster.admin.makeApiClient(AdmissionregistrationV1Api);
    await admission.createValidatingWebhookConfiguration({
      body: {
        metadata: { name: 'tekton-config-defaults-stand-in' },
        webhooks: [{
          name: 'config.webhook.pipeline.tekton.dev',
          clientConfig: { url: `https://127.0.0.1:${hook.port}/validate`, caBundle: Buffer.from(hook.caPem).toString('base64') },
          rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'], scope: 'Namespaced' }],
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespaces.tekton } },
          failurePolicy: 'Fail',
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
          timeoutSeconds: 5,
        }],
      },
    });
    const removeHook = async (): Promise<void> => {
      await admission.deleteValidatingWebhookConfiguration({ name: 'tekton-config-defaults-stand-in' }).catch(() => undefined);
    };
    cleanups.push(removeHook);
    // The API server picks the configuration up from its informer: wait until an admin dry run is denied.
    await waitUntil('the webhook registered with the API server', async () => {
      try {
        await t.cluster.core.patchNamespacedConfigMap(
          { name: 'config-defaults', namespace: namespaces.tekton, body: { data: { 'default-pod-template': 'probe' } }, dryRun: 'All' }, mergePatch());
        return false;
      } catch (err) {
        return /denied the request/.test(String((err as { body?: unknown }).body ?? err));
      }
    }, 30_000);
    const seenBefore = hook.reviews.length;

    const before = await snapshot(t);
    const lines: string[] = [];
    const o = await runApply(applyRequest(t, lines, { skipPlanCheck: true }));
    expect(o.ok).toBe(false);
    expect(o.stage).toBe('preflight');
    expect(o.errors.map((e) => e.message)).toContain(
      `the dry run of ConfigMap/${namespaces.tekton}/config-defaults was refused: cannot patch configmap "config-defaults" in namespace "${namespaces.tekton}": the API server answered 400: admission webhook "config.webhook.pipeline.tekton.dev" denied the request: validation failed: invalid value: default-pod-template`);
    // The webhook was asked by the tool's dry run (and only that), and nothing was stored.
    const asked = hook.reviews.slice(seenBefore);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((r) => r.dryRun && r.user === 'system:serviceaccount:sf:pool-reconciler' && r.name === 'config-defaults')).toBe(true);
    expect(storedWrites(t, 'pool-reconciler')).toEqual([]);
    expect(await snapshot(t)).toEqual(before);
    expect(t.cluster.execs()).toEqual([]);

    await removeHook();
    await waitUntil('the webhook gone from the API server', async () => {
      await t.cluster.core.patchNamespacedConfigMap(
        { name: 'config-defaults', namespace: namespaces.tekton, body: { data: { 'default-pod-template': 'probe' } }, dryRun: 'All' }, mergePatch());
      return true;
    }, 30_000);
  });

  it('a first aws.config is planned with its subPath mount, as sf-operator renders it', async () => {
    const t = tier.get();
    const plan = await runPlan(planRequest(t, { secrets: { ...SECRETS, 'aws.config': '[default]\nregion = eu-west-1\n' } }));
    expect(plan.errors).toEqual([]);
    expect(plan.plan?.notes).toContain('`aws.config` is new and no container of Deployment sf/nodepool-launcher or StatefulSet sf/nodepool-builder mounts it: apply adds its read-only subPath mount (/var/lib/nodepool/.aws/config, volume nodepool-providers-secrets) in the same template write as the annotation, exactly as sf-operator renders it, so its next `sf-operator deploy` changes nothing');
    expect(plan.plan?.steps.find((s) => s.id === 'Deployment/sf/nodepool-launcher')?.rollout?.mountKeys).toEqual(['aws.config']);
    // The keys mounted at deploy time are not reported.
    expect((plan.plan?.notes ?? []).filter((n) => /`(clouds\.yaml|kube\.config)` is new/.test(n))).toEqual([]);
  });

  it('a launcher whose new pod never becomes ready fails the apply with kubectl\'s message at the progress deadline', async () => {
    const t = tier.get();
    const { apps, core, namespaces } = t.cluster;
    const deadlineS = 8;
    await apps.patchNamespacedDeployment({ name: 'nodepool-launcher', namespace: namespaces.sf, body: { spec: { progressDeadlineSeconds: deadlineS } } }, mergePatch());
    await waitUntil('the new progress deadline observed', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'nodepool-launcher', namespace: namespaces.sf });
      return d.status?.observedGeneration === d.metadata?.generation && (d.status?.availableReplicas ?? 0) === 1;
    }, 30_000);
    // No node admits the new pod: the worker pool (the only one the Nodepool workloads select) is cordoned.
    const workers = (await core.listNode({ labelSelector: `${NODE_POOL_LABEL}=worker` })).items.map((n) => n.metadata?.name ?? '');
    expect(workers.length).toBeGreaterThan(0);
    const cordon = async (unschedulable: boolean): Promise<void> => {
      for (const name of workers) await core.patchNode({ name, body: { spec: { unschedulable } } }, mergePatch());
    };
    await cordon(true);
    cleanups.push(() => cordon(false));

    const lines: string[] = [];
    const t0 = Date.now();
    let o: Awaited<ReturnType<typeof runApply>>;
    try {
      o = await runApply(applyRequest(t, lines, { skipPlanCheck: true, rolloutTimeoutMs: 120_000 }));
    } finally {
      // Let the pods schedule again whatever happened: the rollouts then complete by themselves.
      await cordon(false);
    }
    const took = Date.now() - t0;
    if (o.ok) console.log(lines.join('\n'));
    expect(o.ok).toBe(false);
    const step = o.steps.find((s) => s.id === 'Deployment/sf/nodepool-launcher');
    expect(step?.status).toBe('failed');
    expect(step?.message).toContain('deployment "nodepool-launcher" exceeded its progress deadline');
    expect(o.errors.map((e) => e.message).join('\n')).toContain('exceeded its progress deadline');
    // Failed at the deadline (the message above is the deadline's, not the 120 s rollout timeout's), not before it.
    expect(took).toBeGreaterThanOrEqual(deadlineS * 1000);
    expect(lines.some((l) => l.includes('Waiting for deployment "nodepool-launcher" rollout to finish'))).toBe(true);
    // The builder, awaited together with the launcher, did not finish either; no exec ran.
    expect(o.steps.find((s) => s.id === 'StatefulSet/sf/nodepool-builder')).toMatchObject({
      status: 'failed',
      message: 'StatefulSet sf/nodepool-builder was not awaited further (Deployment sf/nodepool-launcher failed its rollout): Waiting for 1 pods to be ready...',
    });
    expect(step?.message).toMatch(/^Deployment sf\/nodepool-launcher failed its rollout: deployment "nodepool-launcher" exceeded its progress deadline \(ReplicaSet "nodepool-launcher-[0-9a-z]+" has timed out progressing\.\)$/);
    expect(o.steps.find((s) => s.id === 'exec/launcher')?.status).toBe('not-run');
    expect(t.cluster.execs()).toEqual([]);
    const d = await apps.readNamespacedDeployment({ name: 'nodepool-launcher', namespace: namespaces.sf });
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('ProgressDeadlineExceeded');

    await waitUntil('the launcher and builder rolled out once the nodes admit their pods', async () => {
      const x = await apps.readNamespacedDeployment({ name: 'nodepool-launcher', namespace: namespaces.sf });
      const b = await apps.readNamespacedStatefulSet({ name: 'nodepool-builder', namespace: namespaces.sf });
      return (x.status?.updatedReplicas ?? 0) === 1 && (x.status?.availableReplicas ?? 0) === 1 && (x.status?.replicas ?? 0) === 1 &&
        (b.status?.readyReplicas ?? 0) === 1 && b.status?.currentRevision === b.status?.updateRevision;
    }, 60_000);
  });

  it('a builder rollout is awaited until the old pod is replaced by a ready new one', async () => {
    const t = tier.get();
    const { apps, core, namespaces } = t.cluster;
    const old = await core.readNamespacedPod({ name: 'nodepool-builder-0', namespace: namespaces.sf });
    const oldUid = old.metadata?.uid;
    expect(oldUid).toBeTruthy();
    // Watch the builder pod: the uid of the pod at each event, so the replacement's moment is known.
    const readyAt = new Map<string, number>();
    const goneAt = new Map<string, number>();
    let stopped = false;
    const watching = (async (): Promise<void> => {
      while (!stopped) {
        const list = await core.listNamespacedPod({ namespace: namespaces.sf, labelSelector: 'run=nodepool-builder' }).catch(() => undefined);
        const now = Date.now();
        const uids = new Set((list?.items ?? []).map((p) => p.metadata?.uid ?? ''));
        for (const p of list?.items ?? []) {
          const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && !p.metadata?.deletionTimestamp;
          if (ready && !readyAt.has(p.metadata?.uid ?? '')) readyAt.set(p.metadata?.uid ?? '', now);
        }
        if (list && !uids.has(oldUid ?? '') && !goneAt.has(oldUid ?? '')) goneAt.set(oldUid ?? '', now);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    // A changed clouds.yaml: the Secret's new resourceVersion rolls the launcher and the builder again.
    const secrets = { ...SECRETS, 'clouds.yaml': SECRETS['clouds.yaml'].replace(CANARY, `${CANARY}-rotated-2`) };
    expect(secrets['clouds.yaml']).not.toBe(SECRETS['clouds.yaml']);
    // The moment apply reported the builder's step done (its progress line), polling the StatefulSet every 5 ms so
    // that a rule that accepts the controller's short-lived state (new generation observed, the old pod still ready
    // and counted as current) has its chance to end the wait early. (On this controller that state lasts
    // milliseconds: the pre-fix rule passed this test too; the stand-in, which holds that state, proves the rule.)
    const lines: string[] = [];
    let builderDoneAt: number | undefined;
    const o = await runApply(applyRequest(t, lines, {
      skipPlanCheck: true,
      secrets,
      pollMs: 5,
      onProgress: (l) => {
        lines.push(l);
        if (builderDoneAt === undefined && /^\[\d+\/\d+\] \S+ StatefulSet\/sf\/nodepool-builder/.test(l)) builderDoneAt = Date.now();
      },
    }));
    stopped = true;
    await watching;
    if (!o.ok) console.log(lines.join('\n'));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(o.steps.find((s) => s.id === 'StatefulSet/sf/nodepool-builder')?.status).toBe('applied');
    // The old pod went away and a new one (another uid) became ready, both before the builder's step was done.
    const now = await core.readNamespacedPod({ name: 'nodepool-builder-0', namespace: namespaces.sf });
    expect(now.metadata?.uid).not.toBe(oldUid);
    expect(builderDoneAt).toBeDefined();
    // (The test's own watch delivers its events a little after the server's writes; on a loaded machine up to about
    // a second: the order is what is checked, the stand-in checks the rule itself.)
    expect(goneAt.get(oldUid ?? '')).toBeLessThanOrEqual(builderDoneAt! + 1000);
    // When the new pod became ready, as the server recorded it (its Ready condition's lastTransitionTime, in whole
    // seconds, so never later than the moment itself): the test's own sampling may miss it before apply returns.
    const readySince = now.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime as unknown;
    const readyMs = readySince instanceof Date ? readySince.getTime() : Date.parse(String(readySince));
    expect(readyAt.get(now.metadata?.uid ?? '') ?? readyMs).toBeLessThanOrEqual(builderDoneAt! + 1000);
    const s = await apps.readNamespacedStatefulSet({ name: 'nodepool-builder', namespace: namespaces.sf });
    expect(s.status?.currentRevision).toBe(s.status?.updateRevision);
    expect(s.status?.readyReplicas).toBe(1);
    expect(t.cluster.execs().map((e) => e.container)).toEqual(['launcher', 'nodepool-builder']);
  });

  it('waits for rollouts on a watch: one watch per workload instead of a GET every poll', async () => {
    const t = tier.get();
    const log = t.cluster.cp.auditLog ?? '';
    const skip = readFileSync(log, 'utf8').split('\n').filter((l) => l).length;
    const secrets = { ...SECRETS, 'clouds.yaml': SECRETS['clouds.yaml'].replace(CANARY, `${CANARY}-rotated-3`) };
    const lines: string[] = [];
    const o = await runApply(applyRequest(t, lines, { skipPlanCheck: true, secrets, pollMs: 100 }));
    if (!o.ok) console.log(lines.join('\n'));
    expect(o.errors).toEqual([]);
    expect(o.steps.filter((s) => s.id.startsWith('Deployment/') || s.id.startsWith('StatefulSet/')).map((s) => s.status)).toEqual(['applied', 'applied']);
    const events = readFileSync(log, 'utf8').split('\n').filter((l) => l).slice(skip).map((l) => JSON.parse(l) as AuditEvent)
      .filter((e) => e.stage === 'ResponseComplete' && e.user.username === 'system:serviceaccount:sf:pool-reconciler')
      .filter((e) => ['deployments', 'statefulsets'].includes(e.objectRef?.resource ?? ''));
    const count = (verb: string): number => events.filter((e) => e.verb === verb).length;
    console.log(`rollout requests of the tool: ${count('get')} GET, ${count('watch')} WATCH, ${count('patch')} PATCH (dry runs included) for an apply of ${o.durationMs} ms`);
    // Each workload: the plan's read, the patch's read, one read when the wait starts and one once the watch is
    // connected (8 GETs in all), and one watch (reopened at most once). Polling every 100 ms instead made 40 GETs here.
    expect(count('watch')).toBeGreaterThanOrEqual(2);
    expect(count('watch')).toBeLessThanOrEqual(4);
    expect(count('get')).toBeLessThanOrEqual(8);
    expect(lines.filter((l) => l.includes('the watch of'))).toEqual([]);
  });
});

interface Review {
  name: string;
  namespace: string;
  dryRun: boolean;
  user: string;
}

/** An HTTPS validating webhook that denies `config-defaults` in `namespace` when it gains `default-pod-template`. */
async function startWebhook(namespace: string): Promise<{ port: number; caPem: string; reviews: Review[]; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-webhook-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const caPem = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  const key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const reviews: Review[] = [];
  const server = https.createServer({ cert: caPem, key }, (req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const review = JSON.parse(body) as {
        request: { uid: string; name?: string; namespace?: string; dryRun?: boolean; userInfo?: { username?: string }; object?: { data?: Record<string, string> } };
      };
      const r = review.request;
      reviews.push({ name: r.name ?? '', namespace: r.namespace ?? '', dryRun: r.dryRun === true, user: r.userInfo?.username ?? '' });
      const deny = r.namespace === namespace && r.name === 'config-defaults' && r.object?.data?.['default-pod-template'] !== undefined;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: deny
          ? { uid: r.uid, allowed: false, status: { code: 400, message: 'validation failed: invalid value: default-pod-template' } }
          : { uid: r.uid, allowed: true },
      }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    caPem,
    reviews,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
