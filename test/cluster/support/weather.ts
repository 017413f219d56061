/**
 * Weather for the real-cluster tier (issue 22): the fixture's nodes and pods stand still, a real cluster does not.
 * What moves here, each as a real cluster moves it, on the real control plane:
 *
 * - nodes that join a pool and leave it, as an autoscaler does: a new KWOK node with the pool's label only (none of
 *   the labels and taints the config repo gives the pool), a node deleted;
 * - CI pods that start and finish on the dispatch pool's nodes;
 * - a workload's new pods that never become ready: a mutating admission webhook labels the new pods of an armed
 *   workload with NEVER_READY_LABEL, and KWOK's stages run such a pod without ever making it Ready (a readiness probe
 *   that never passes);
 * - a validating admission webhook that denies every node write of the tool's ServiceAccount (a policy engine);
 * - the Nodepool workloads' other shapes: a builder StatefulSet `OnDelete` or partitioned, two launcher replicas, a
 *   paused launcher Deployment; a PodDisruptionBudget over the CI pods;
 * - an sf-operator-style deploy: the launcher's and builder's pod templates rendered by sf-operator's rules from the
 *   providers Secret as it is now (one read-only subPath mount per non-empty key, the annotation = the Secret's
 *   resourceVersion), written only when an image, a pod-template annotation (or the builder's grace period) differs,
 *   and then as a whole template, as sf-operator's ensureDeployment / ensureStatefulset do;
 * - the CLI as a child process (`apply` on the tier's kubeconfig), to be stopped by a signal mid-run.
 *
 * And what the tests observe it with: the pods of the Software Factory namespace on a watch (which template each pod
 * ran at each moment), the API server's audit log (the tool's stored writes, its pod execs), a snapshot of what apply
 * writes.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { AdmissionregistrationV1Api, CoreV1Api, KubeConfig, PatchStrategy, PolicyV1Api, setHeaderOptions, Watch } from '@kubernetes/client-node';
import type { V1Deployment, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { REPO_ROOT } from '../../support/shared.js';
import { KWOK_NODE_ANNOTATION } from './control-plane.js';
import { NODE_POOL_LABEL, PROVIDERS_VOLUME, SF_OPERATOR_MOUNTS, sfOperatorPodTemplate, TOOL_SA, waitUntil } from './fixture.js';
import { NEVER_READY_LABEL } from './kwok.js';
import type { TierHandle } from './tier.js';
import { TIER_TARGET } from './requests.js';

export { NEVER_READY_LABEL };

const merge = (): ReturnType<typeof setHeaderOptions> => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const LAUNCHER = 'nodepool-launcher';
export const BUILDER = 'nodepool-builder';
export const SECRET = 'nodepool-providers-secrets';
export const TOOL_USER = `system:serviceaccount:${TOOL_SA.namespace}:${TOOL_SA.name}`;

// ---------------------------------------------------------------------------------------------------------------
// Nodes that join and leave a pool

/**
 * A node joins `pool` as an autoscaler (or `konvoy up` scaling the pool) makes it: labelled with the pool's name
 * only, none of the labels and taints the config repo gives the pool; `taints` are someone else's. Resolves once the
 * node is Ready.
 */
export async function joinNode(t: TierHandle, pool: string, name: string, taints: Array<{ key: string; value?: string; effect: string }> = []): Promise<void> {
  const { core } = t.cluster;
  await core.createNode({
    body: {
      metadata: {
        name,
        annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        labels: { [NODE_POOL_LABEL]: pool, 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
      },
      spec: taints.length ? { taints } : {},
    },
  });
  // Ready, and settled as the other nodes are: the node lifecycle controller has taken its not-ready taint away and
  // the beta labels are there (a snapshot taken earlier would see the controllers' own writes as the tool's).
  await waitUntil(`node ${name} Ready and settled`, async () => {
    const n = await core.readNode({ name });
    return !!n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
      && !(n.spec?.taints ?? []).some((x) => x.key === 'node.kubernetes.io/not-ready')
      && n.metadata?.labels?.['beta.kubernetes.io/arch'] !== undefined;
  }, 60_000);
}

/** A node leaves its pool (scaled down): deleted. */
export async function leaveNode(t: TierHandle, name: string): Promise<void> {
  const { core } = t.cluster;
  await core.deleteNode({ name });
  await waitUntil(`node ${name} gone`, async () => {
    try {
      await core.readNode({ name });
      return false;
    } catch {
      return true;
    }
  }, 30_000);
}

// ---------------------------------------------------------------------------------------------------------------
// CI pods

/** The namespace of the CI pods (the first pod-template namespace: the Dispatch repository's). */
export const ciNamespace = (t: TierHandle): string => t.cluster.namespaces.podTemplates[0] ?? 'dispatch-ci';

/** A CI pod starts on `node` (tolerating the dispatch pool's taint or not); resolves once it runs. */
export async function startCiPod(t: TierHandle, node: string, name: string, tolerant: boolean): Promise<void> {
  const { core } = t.cluster;
  const namespace = ciNamespace(t);
  await core.createNamespacedPod({
    namespace,
    body: {
      metadata: { name, labels: { app: 'ci', tolerant: String(tolerant) } },
      spec: {
        nodeName: node,
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'step', image: 'registry.example.org/ci/step:1' }],
        ...(tolerant ? { tolerations: [{ key: NODE_POOL_LABEL, operator: 'Equal', value: 'dispatch', effect: 'NoExecute' }] } : {}),
      },
    },
  });
  await waitUntil(`CI pod ${name} running`, async () => (await core.readNamespacedPod({ name, namespace })).status?.phase === 'Running', 60_000);
}

/** A CI pod finishes (its run is over and the pod is cleaned up). */
export async function finishCiPod(t: TierHandle, name: string): Promise<void> {
  const { core } = t.cluster;
  const namespace = ciNamespace(t);
  await core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
  await waitUntil(`CI pod ${name} gone`, async () => {
    try {
      await core.readNamespacedPod({ name, namespace });
      return false;
    } catch {
      return true;
    }
  }, 30_000);
}

/** A PodDisruptionBudget over the CI pods (`app=ci`); returns its removal. */
export async function ciPodDisruptionBudget(t: TierHandle, name = 'ci-pods'): Promise<() => Promise<void>> {
  const policy = t.cluster.admin.makeApiClient(PolicyV1Api);
  const namespace = ciNamespace(t);
  await policy.createNamespacedPodDisruptionBudget({ namespace, body: { metadata: { name }, spec: { minAvailable: '100%', selector: { matchLabels: { app: 'ci' } } } } });
  return async () => {
    await policy.deleteNamespacedPodDisruptionBudget({ name, namespace }).catch(() => undefined);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The Nodepool workloads' shapes

export async function patchLauncher(t: TierHandle, body: object): Promise<void> {
  await t.cluster.apps.patchNamespacedDeployment({ name: LAUNCHER, namespace: t.cluster.namespaces.sf, body }, merge());
}

export async function patchBuilder(t: TierHandle, body: object): Promise<void> {
  await t.cluster.apps.patchNamespacedStatefulSet({ name: BUILDER, namespace: t.cluster.namespaces.sf, body }, merge());
}

/** The shapes the fixture seeds: one launcher replica, not paused, a generous progress deadline; the builder RollingUpdate, partition 0. */
export async function plainShapes(t: TierHandle): Promise<void> {
  await patchLauncher(t, { spec: { replicas: 1, paused: false, progressDeadlineSeconds: 600 } });
  await patchBuilder(t, { spec: { replicas: 1, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } } });
}

/**
 * What keeps the launcher and builder from being settled ('' when settled): every pod on its workload's current
 * template and ready, no old or terminating pod left, the controllers caught up (kubectl's rules and more).
 */
export async function unsettled(t: TierHandle): Promise<string> {
  const { apps, core, namespaces } = t.cluster;
  const d = await apps.readNamespacedDeployment({ name: LAUNCHER, namespace: namespaces.sf });
  const s = await apps.readNamespacedStatefulSet({ name: BUILDER, namespace: namespaces.sf });
  if (d.spec?.paused) return 'the launcher is paused';
  const want = d.spec?.replicas ?? 1;
  const ds = d.status ?? {};
  if ((d.metadata?.generation ?? 0) > (ds.observedGeneration ?? 0)) return 'the launcher\'s generation is not observed yet';
  if ((ds.updatedReplicas ?? 0) !== want || (ds.replicas ?? 0) !== want || (ds.availableReplicas ?? 0) !== want) {
    return `launcher: ${ds.updatedReplicas ?? 0} updated, ${ds.replicas ?? 0} replicas, ${ds.availableReplicas ?? 0} available of ${want}`;
  }
  const ss: NonNullable<V1StatefulSet['status']> = s.status ?? { replicas: 0 };
  if ((s.metadata?.generation ?? 0) > (ss.observedGeneration ?? 0)) return 'the builder\'s generation is not observed yet';
  if ((ss.readyReplicas ?? 0) !== (s.spec?.replicas ?? 1)) return `builder: ${ss.readyReplicas ?? 0} ready of ${s.spec?.replicas ?? 1}`;
  if (ss.currentRevision !== ss.updateRevision) return `builder: current revision ${ss.currentRevision ?? ''}, update revision ${ss.updateRevision ?? ''}`;
  const pods = (await core.listNamespacedPod({ namespace: namespaces.sf, labelSelector: 'app=sf' })).items;
  const bad = pods.filter((p) => p.metadata?.deletionTimestamp || !onCurrentTemplate(p, d, s) || !ready(p));
  return bad.length ? `pods not settled: ${bad.map((p) => `${p.metadata?.name ?? ''} (${p.metadata?.deletionTimestamp ? 'terminating' : !onCurrentTemplate(p, d, s) ? 'old template' : 'not ready'})`).join(', ')}` : '';
}

export async function waitSettled(t: TierHandle, timeoutMs = 90_000): Promise<void> {
  let why = '';
  try {
    await waitUntil('the launcher and builder rolled out, every pod on its current template and ready', async () => (why = await unsettled(t)) === '', timeoutMs);
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}: ${why}`, { cause: err });
  }
}

export const ready = (p: V1Pod): boolean => !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** The template annotation the pods of a workload's current template carry (pods copy the template's annotations). */
export function templateAnnotation(w: V1Deployment | V1StatefulSet): string | undefined {
  return w.spec?.template?.metadata?.annotations?.[SECRET];
}

/** Whether a pod of the launcher or builder runs the current template: its annotation and provider-key mounts are the template's. */
export function onCurrentTemplate(p: V1Pod, launcher: V1Deployment, builder: V1StatefulSet): boolean {
  const w = p.metadata?.labels?.run === LAUNCHER ? launcher : builder;
  const container = p.metadata?.labels?.run === LAUNCHER ? 'launcher' : 'nodepool-builder';
  // The provider-key mounts only: the API server adds the ServiceAccount token's mount to every pod.
  const mounts = (spec: V1Pod['spec']): string =>
    JSON.stringify(((spec?.containers ?? []).find((c) => c.name === container)?.volumeMounts ?? []).filter((m) => m.name === PROVIDERS_VOLUME));
  return p.metadata?.annotations?.[SECRET] === templateAnnotation(w) && mounts(p.spec) === mounts(w.spec?.template?.spec);
}

// ---------------------------------------------------------------------------------------------------------------
// Admission webhooks: new pods that never become ready, node writes denied

export interface Review {
  kind: string;
  operation: string;
  name: string;
  namespace: string;
  dryRun: boolean;
  user: string;
  allowed: boolean;
}

export interface Webhooks {
  /** Every admission review the webhooks answered, oldest first. */
  reviews: Review[];
  /** New pods of these workloads (`run` label) get NEVER_READY_LABEL (empty: none). Resolves once the API server applies it. */
  neverReady(runs: string[]): Promise<void>;
  /** Deny (or allow again) every node write of the tool's ServiceAccount. Resolves once the API server applies it. */
  denyNodeWrites(on: boolean): Promise<void>;
  close(): Promise<void>;
}

const MUTATING = 'weather-never-ready';
const VALIDATING = 'weather-deny-node-writes';

/**
 * One loopback HTTPS server (the harness's serving certificate for 127.0.0.1) answering two webhooks: a mutating one
 * on pod creation in the Software Factory namespace, and a validating one on node updates. Each is registered while
 * it is armed, and the API server's informer is waited for with a dry run.
 */
export async function startWebhooks(t: TierHandle): Promise<Webhooks> {
  const { cp, core, namespaces, admin } = t.cluster;
  const admission = admin.makeApiClient(AdmissionregistrationV1Api);
  const reviews: Review[] = [];
  let runs = new Set<string>();
  let denyNodes = false;
  const server = https.createServer({ cert: cp.pki.cert, key: cp.pki.key }, (req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const review = JSON.parse(body) as {
        request: {
          uid: string; kind?: { kind?: string }; operation?: string; name?: string; namespace?: string; dryRun?: boolean;
          userInfo?: { username?: string }; object?: { metadata?: { labels?: Record<string, string>; generateName?: string } };
        };
      };
      const r = review.request;
      const kind = r.kind?.kind ?? '';
      const user = r.userInfo?.username ?? '';
      let response: Record<string, unknown> = { uid: r.uid, allowed: true };
      // The API server adds `?timeout=5s` to the URL.
      const hook = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
      if (hook === '/pods' && runs.has(r.object?.metadata?.labels?.run ?? '')) {
        const patch = r.object?.metadata?.labels
          ? [{ op: 'add', path: `/metadata/labels/${NEVER_READY_LABEL.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: 'true' }]
          : [{ op: 'add', path: '/metadata/labels', value: { [NEVER_READY_LABEL]: 'true' } }];
        response = { uid: r.uid, allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') };
      } else if (hook === '/nodes' && denyNodes && user === TOOL_USER) {
        response = { uid: r.uid, allowed: false, status: { code: 403, message: 'nodes are changed by the platform team only (policy weather-deny-node-writes)' } };
      }
      reviews.push({ kind, operation: r.operation ?? '', name: r.name ?? r.object?.metadata?.generateName ?? '', namespace: r.namespace ?? '', dryRun: r.dryRun === true, user, allowed: response.allowed === true });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const clientConfig = (p: string): { url: string; caBundle: string } => ({ url: `https://127.0.0.1:${port}${p}`, caBundle: Buffer.from(cp.pki.caPem).toString('base64') });

  const tool = new KubeConfig();
  tool.loadFromString(t.cluster.toolKubeconfig);
  const toolCore = tool.makeApiClient(CoreV1Api);

  /** A dry-run create of a pod of the workload: whether the API server's mutating webhook labels it now. */
  const podLabelled = async (run: string): Promise<boolean> => {
    const p = await core.createNamespacedPod({
      namespace: namespaces.sf,
      dryRun: 'All',
      body: { metadata: { generateName: 'weather-probe-', labels: { app: 'sf-probe', run } }, spec: { containers: [{ name: 'probe', image: 'registry.example.org/probe:1' }] } },
    });
    return p.metadata?.labels?.[NEVER_READY_LABEL] === 'true';
  };
  /** A dry-run label of a node as the tool: whether the API server's validating webhook denies it now. */
  const nodeDenied = async (): Promise<boolean> => {
    const name = (await core.listNode({ labelSelector: 'type=kwok' })).items[0]?.metadata?.name ?? '';
    try {
      await toolCore.patchNode({ name, dryRun: 'All', body: { metadata: { labels: { 'weather.pool-reconciler.test/probe': 'x' } } } }, merge());
      return false;
    } catch (err) {
      return /denied the request/.test(String((err as { body?: unknown }).body ?? err));
    }
  };

  const hooks: Webhooks = {
    reviews,
    async neverReady(list) {
      const had = runs.size > 0;
      runs = new Set(list);
      if (list.length && !had) {
        await admission.createMutatingWebhookConfiguration({
          body: {
            metadata: { name: MUTATING },
            webhooks: [{
              name: 'never-ready.weather.pool-reconciler.test',
              clientConfig: clientConfig('/pods'),
              rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'], scope: 'Namespaced' }],
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespaces.sf } },
              failurePolicy: 'Fail',
              sideEffects: 'None',
              admissionReviewVersions: ['v1'],
              timeoutSeconds: 5,
            }],
          },
        });
      } else if (!list.length && had) {
        await admission.deleteMutatingWebhookConfiguration({ name: MUTATING }).catch(() => undefined);
      }
      for (const run of [LAUNCHER, BUILDER]) {
        const want = runs.has(run);
        await waitUntil(`the never-ready webhook ${want ? 'applied to' : 'gone from'} new ${run} pods`, async () => (await podLabelled(run)) === want, 30_000);
      }
    },
    async denyNodeWrites(on) {
      if (on === denyNodes) return;
      denyNodes = on;
      if (on) {
        await admission.createValidatingWebhookConfiguration({
          body: {
            metadata: { name: VALIDATING },
            webhooks: [{
              name: 'deny-node-writes.weather.pool-reconciler.test',
              clientConfig: clientConfig('/nodes'),
              rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['nodes'], scope: 'Cluster' }],
              failurePolicy: 'Fail',
              sideEffects: 'None',
              admissionReviewVersions: ['v1'],
              timeoutSeconds: 5,
            }],
          },
        });
      } else {
        await admission.deleteValidatingWebhookConfiguration({ name: VALIDATING }).catch(() => undefined);
      }
      await waitUntil(`the node-denying webhook ${on ? 'applied' : 'gone'}`, async () => (await nodeDenied()) === on, 30_000);
    },
    async close() {
      await admission.deleteMutatingWebhookConfiguration({ name: MUTATING }).catch(() => undefined);
      await admission.deleteValidatingWebhookConfiguration({ name: VALIDATING }).catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return hooks;
}

/** Deletes the launcher's and builder's pods that carry NEVER_READY_LABEL (their controllers make plain ones again). */
export async function deleteNeverReadyPods(t: TierHandle): Promise<void> {
  const { core, namespaces } = t.cluster;
  const pods = (await core.listNamespacedPod({ namespace: namespaces.sf, labelSelector: NEVER_READY_LABEL })).items;
  for (const p of pods) await core.deleteNamespacedPod({ name: p.metadata?.name ?? '', namespace: namespaces.sf, gracePeriodSeconds: 0 }).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// sf-operator's deploy

export interface SfOperatorDeploy {
  /** Per workload: whether it was updated, and sf-operator's reasons. */
  launcher: { changed: boolean; reasons: string[] };
  builder: { changed: boolean; reasons: string[] };
}

/**
 * What `sf-operator deploy` does to the launcher and builder (controllers/nodepool.go, utils.go; reference §3): render
 * each pod template from the providers Secret as it is now (a read-only subPath mount per non-empty key, the
 * annotation = the Secret's resourceVersion, "0" without the Secret), then update the workload only when a container
 * image differs, the pod-template annotations differ (as maps), or, for the StatefulSet, the termination grace period
 * differs; an update replaces the whole pod template with the rendered one. Mounts and volumes alone are never
 * compared.
 */
export async function sfOperatorDeploy(t: TierHandle): Promise<SfOperatorDeploy> {
  const { core, apps, namespaces } = t.cluster;
  const ns = namespaces.sf;
  let keys: string[] = [];
  let rv = '0';
  try {
    const s = await core.readNamespacedSecret({ name: SECRET, namespace: ns });
    rv = s.metadata?.resourceVersion ?? '0';
    keys = Object.keys(SF_OPERATOR_MOUNTS).filter((k) => (s.data?.[k] ?? '').length > 0);
  } catch {
    // no Secret: no mount, annotation "0"
  }
  const render = (name: string, container: string): ReturnType<typeof sfOperatorPodTemplate> =>
    sfOperatorPodTemplate({ name, container, secretName: SECRET, keys, annotation: rv });
  const images = (cs: Array<{ image?: string }> | undefined): string[] => (cs ?? []).map((c) => c.image ?? '');
  const imagesDiffer = (want: string[], have: string[]): boolean => want.some((img, i) => have[i] !== img);
  const sameMap = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean =>
    JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

  const out: SfOperatorDeploy = { launcher: { changed: false, reasons: [] }, builder: { changed: false, reasons: [] } };

  const d = await apps.readNamespacedDeployment({ name: LAUNCHER, namespace: ns });
  const dt = render(LAUNCHER, 'launcher');
  if (imagesDiffer(images(dt.spec?.containers), images(d.spec?.template?.spec?.containers))) out.launcher.reasons.push('some images changed');
  if (!sameMap(d.spec?.template?.metadata?.annotations, dt.metadata?.annotations)) out.launcher.reasons.push('pod-template annotations changed');
  if (out.launcher.reasons.length) {
    await apps.replaceNamespacedDeployment({ name: LAUNCHER, namespace: ns, body: { ...d, spec: { ...(d.spec as NonNullable<V1Deployment['spec']>), template: dt } } });
    out.launcher.changed = true;
  }

  const s = await apps.readNamespacedStatefulSet({ name: BUILDER, namespace: ns });
  const st = render(BUILDER, 'nodepool-builder');
  if (imagesDiffer(images(st.spec?.containers), images(s.spec?.template?.spec?.containers))) out.builder.reasons.push('some images changed');
  if (!sameMap(s.spec?.template?.metadata?.annotations, st.metadata?.annotations)) out.builder.reasons.push('pod-template annotations changed');
  if ((s.spec?.template?.spec?.terminationGracePeriodSeconds ?? 30) !== (st.spec?.terminationGracePeriodSeconds ?? 30)) out.builder.reasons.push('terminationGracePeriodSeconds changed');
  if (out.builder.reasons.length) {
    await apps.replaceNamespacedStatefulSet({ name: BUILDER, namespace: ns, body: { ...s, spec: { ...(s.spec as NonNullable<V1StatefulSet['spec']>), template: st } } });
    out.builder.changed = true;
  }
  return out;
}

/** The provider-key mounts of a workload's container, as `key → path (ro)`. */
export function providerMounts(w: V1Deployment | V1StatefulSet, container: string): string[] {
  const c = (w.spec?.template?.spec?.containers ?? []).find((x) => x.name === container);
  return (c?.volumeMounts ?? []).filter((m) => m.name === PROVIDERS_VOLUME).map((m) => `${m.subPath ?? ''} → ${m.mountPath}${m.readOnly ? ' (ro)' : ''}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Pods on a watch

export interface PodSeen {
  uid: string;
  name: string;
  /** The pod's providers-secret annotation (its template's). */
  annotation?: string;
  /** When it was first and last seen existing (ms); `gone` once deleted. */
  firstSeen: number;
  gone?: number;
}

export interface PodTracker {
  pods: Map<string, PodSeen>;
  /** The pod named `name` that existed at `time`. */
  at(name: string, time: number): PodSeen | undefined;
  stop(): void;
}

/** Watches the Software Factory namespace's pods: which pod (and which template) existed when. */
export async function trackPods(t: TierHandle): Promise<PodTracker> {
  const pods = new Map<string, PodSeen>();
  const ns = t.cluster.namespaces.sf;
  for (const p of (await t.cluster.core.listNamespacedPod({ namespace: ns })).items) {
    const uid = p.metadata?.uid ?? '';
    pods.set(uid, { uid, name: p.metadata?.name ?? '', ...(p.metadata?.annotations?.[SECRET] !== undefined ? { annotation: p.metadata.annotations[SECRET] } : {}), firstSeen: 0 });
  }
  const w = new Watch(t.cluster.admin);
  let stopped = false;
  let req: AbortController | undefined;
  const open = async (): Promise<void> => {
    req = await w.watch(`/api/v1/namespaces/${ns}/pods`, {}, (type: string, p: V1Pod) => {
      const uid = p.metadata?.uid ?? '';
      const now = Date.now();
      const seen = pods.get(uid) ?? { uid, name: p.metadata?.name ?? '', firstSeen: now };
      if (p.metadata?.annotations?.[SECRET] !== undefined) seen.annotation = p.metadata.annotations[SECRET];
      if (type === 'DELETED') seen.gone = now;
      pods.set(uid, seen);
    }, () => {
      if (!stopped) void open();
    });
  };
  await open();
  return {
    pods,
    at(name, time) {
      const candidates = [...pods.values()].filter((p) => p.name === name && p.firstSeen <= time + 50 && (p.gone === undefined || p.gone >= time - 50));
      return candidates.sort((a, b) => b.firstSeen - a.firstSeen)[0];
    },
    stop() {
      stopped = true;
      req?.abort();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The audit log: what the tool did

export interface AuditEvent {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  requestReceivedTimestamp: string;
  user: { username: string };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
}

function auditLines(t: TierHandle): string[] {
  const log = t.cluster.cp.auditLog;
  if (!log) throw new Error('no audit log (external cluster)');
  return readFileSync(log, 'utf8').split('\n').filter((l) => l);
}

/** A mark in the audit log: `since(mark)` gives the tool's requests after it. */
export function auditMark(t: TierHandle): number {
  return auditLines(t).length;
}

/** The requests of the tool's ServiceAccount (or `user`) since `mark`, one event each (the last stage). */
export function toolRequests(t: TierHandle, mark: number, user = TOOL_USER): AuditEvent[] {
  const byId = new Map<string, AuditEvent>();
  for (const l of auditLines(t).slice(mark)) {
    const e = JSON.parse(l) as AuditEvent;
    if (e.user.username === user) byId.set(e.auditID, e);
  }
  return [...byId.values()];
}

/** The writes that were stored: not dry runs, not the lock's Lease, not access reviews. */
export function storedWrites(events: AuditEvent[]): string[] {
  return events
    .filter((e) => ['create', 'update', 'patch', 'delete'].includes(e.verb) && e.objectRef?.subresource !== 'exec')
    .filter((e) => !['leases', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews'].includes(e.objectRef?.resource ?? ''))
    .filter((e) => !/[?&]dryRun=All/.test(e.requestURI))
    .filter((e) => (e.responseStatus?.code ?? 0) < 400)
    .map((e) => `${e.verb} ${e.objectRef?.resource ?? ''} ${e.objectRef?.namespace ?? ''}/${e.objectRef?.name ?? ''}`);
}

/** The tool's execs into pods: the pod, the container, when. */
export function podExecs(events: AuditEvent[]): Array<{ pod: string; container: string; time: number }> {
  return events
    .filter((e) => e.objectRef?.resource === 'pods' && e.objectRef.subresource === 'exec')
    .map((e) => ({
      pod: e.objectRef?.name ?? '',
      container: new URL(e.requestURI, 'https://x').searchParams.get('container') ?? '',
      time: Date.parse(e.requestReceivedTimestamp),
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// What apply writes

/** The resourceVersions and generations apply would change: equal before and after means nothing was written. */
export async function snapshot(t: TierHandle): Promise<Record<string, string>> {
  const { core, apps, namespaces } = t.cluster;
  const d = await apps.readNamespacedDeployment({ name: LAUNCHER, namespace: namespaces.sf });
  const s = await apps.readNamespacedStatefulSet({ name: BUILDER, namespace: namespaces.sf });
  const secret = await core.readNamespacedSecret({ name: SECRET, namespace: namespaces.sf });
  const cms = [
    ...(await core.listNamespacedConfigMap({ namespace: namespaces.tekton })).items,
    ...(await core.listNamespacedConfigMap({ namespace: namespaces.sf })).items,
    ...(await core.listNamespacedConfigMap({ namespace: ciNamespace(t) })).items,
  ].filter((c) => c.metadata?.name !== 'kube-root-ca.crt');
  const nodes = (await core.listNode({ labelSelector: 'type=kwok' })).items;
  return {
    deployment: `${d.metadata?.generation}`,
    statefulset: `${s.metadata?.generation}`,
    secret: secret.metadata?.resourceVersion ?? '',
    ...Object.fromEntries(cms.map((c) => [`configmap ${c.metadata?.namespace}/${c.metadata?.name}`, c.metadata?.resourceVersion ?? ''])),
    ...Object.fromEntries(nodes.map((n) => [`node ${n.metadata?.name}`, JSON.stringify([n.metadata?.labels, n.spec?.taints ?? [], n.metadata?.annotations?.['pool-reconciler/managed'] ?? null])])),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The CLI as a child process

export interface CliChild {
  child: ChildProcess;
  /** stdout and stderr interleaved so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Files written for it (kubeconfig, secrets, plan); removed by cleanup(). */
  dir: string;
  cleanup(): void;
}

/** Files for the CLI: the tier's kubeconfig, the secrets (`--clouds-yaml` ...), the reviewed plan; the arguments naming them. */
export function cliFiles(t: TierHandle, secrets: Record<string, string>, plan?: string): { dir: string; args: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-weather-cli-'));
  const kc = path.join(dir, 'kubeconfig');
  writeFileSync(kc, t.cluster.toolKubeconfig, { mode: 0o600 });
  const args = ['--kubeconfig', kc];
  const options: Record<string, string> = { 'clouds.yaml': '--clouds-yaml', 'kube.config': '--kube-config', 'aws.config': '--aws-config' };
  for (const [k, v] of Object.entries(secrets)) {
    const f = path.join(dir, k);
    writeFileSync(f, v, { mode: 0o600 });
    args.push(options[k] ?? `--${k}`, f);
  }
  if (plan !== undefined) {
    const f = path.join(dir, 'plan.json');
    writeFileSync(f, plan);
    args.push('--plan', f);
  }
  return { dir, args };
}

/** `pool-reconciler <args>` from the sources (Node with tsx's loader), as its own process, as a terminal or a CI job runs it. */
export function spawnCli(args: string[], dir: string): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/entry/cli-main.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', POOL_RECONCILER_TARGET: TIER_TARGET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  return { child, output: () => out, exited, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A process's exit as a shell reports it: its code, or 128 + the signal's number when a signal ended it. */
export function shellStatus(e: { code: number | null; signal: NodeJS.Signals | null }): number {
  if (e.code !== null) return e.code;
  const n = e.signal ? os.constants.signals[e.signal] : 0;
  return 128 + n;
}

/** Waits for the child to exit, at most `ms`; SIGKILLs it after that (so that a test never leaves it running). */
export async function exitWithin(c: CliChild, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number } | undefined> {
  const r = await Promise.race([c.exited, sleep(ms).then(() => undefined)]);
  if (r === undefined) {
    c.child.kill('SIGKILL');
    await c.exited;
  }
  return r;
}
