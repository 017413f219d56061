/** Shared pieces of the plan tests: secrets with a canary, the cluster objects of the example repo, a stand-in apply. */
import type { KubeApiServer, KubeObject } from './kube-apiserver.js';
import { CLOUDS_YAML, KUBE_CONFIG, MARKS, canaries, expectNoCanary as expectNoCanaryIn } from './canaries.js';
import { settingsFrom } from '../../src/config/settings.js';
import type { DesiredInput, DesiredState } from '../../src/desired/types.js';
import { NODE_OWNERSHIP_ANNOTATION, ownershipOf } from '../../src/plan/node-pool.js';
import { encodeState, MANAGED_BY_LABEL, MANAGED_BY_VALUE, nodepoolDigest, STATE_CONFIGMAP } from '../../src/plan/state.js';

/**
 * The plan and apply tests' secrets are the canary kit's (test/support/canaries.ts): clouds.yaml and kube.config,
 * with CANARY the clouds.yaml password.
 */
export { CLOUDS_YAML, KUBE_CONFIG };
export const CANARY = MARKS.cloudsPassword;
export const CANARY_B64 = Buffer.from(CANARY).toString('base64');

export const SECRETS = { 'clouds.yaml': CLOUDS_YAML, 'kube.config': KUBE_CONFIG } as const;

/** Throws when any form of the two secrets (the canary kit's needles) appears in any of the texts. */
export function expectNoCanary(texts: string[]): void {
  expectNoCanaryIn(texts, canaries({ only: ['clouds-yaml', 'kube-config'] }));
}

export function baseInput(over: Partial<DesiredInput> = {}): DesiredInput {
  return {
    settings: settingsFrom(undefined),
    commit: '0123456789abcdef0123456789abcdef01234567',
    secrets: { 'clouds.yaml': CLOUDS_YAML },
    nodepoolLabels: ['centos-9'],
    nodepoolChanged: true,
    nodePools: [
      {
        name: 'dispatch',
        labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch' },
        taints: [{ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' }],
      },
      { name: 'worker', labels: { 'ci.example.org/workload': 'general' }, taints: [] },
    ],
    tektonDefaultPodTemplate: 'tolerations:\n- key: konvoy.mesosphere.com/node_pool\n  operator: Equal\n  value: dispatch\n  effect: NoExecute\n',
    podTemplates: [
      {
        name: 'app-pod-template',
        namespace: 'dispatch-ci',
        key: 'template',
        value: 'tolerations:\n- effect: NoExecute\n  key: konvoy.mesosphere.com/node_pool\n  value: dispatch\n  operator: Equal',
        file: 'dispatch/pod-templates/app.yaml',
      },
    ],
    ...over,
  };
}

export function node(name: string, pool: string, extra: { labels?: Record<string, string>; taints?: object[] } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'konvoy.mesosphere.com/node_pool': pool, 'kubernetes.io/hostname': name, ...(extra.labels ?? {}) } },
    spec: { ...(extra.taints ? { taints: extra.taints } : {}) },
  };
}

/** The Software Factory workloads as sf-operator leaves them (annotation "0": no Secret yet). */
/**
 * sf-operator's launcher Deployment and builder StatefulSet: labels `app=sf, run=<name>`, containers `launcher` and
 * `nodepool-builder`, and one subPath mount per key of the providers Secret that existed at deploy time (`mounted`).
 */
export function workloads(ns = 'sf', annotation = '0', mounted: string[] = ['clouds.yaml', 'kube.config']): KubeObject[] {
  const paths: Record<string, string> = {
    'clouds.yaml': '/var/lib/nodepool/.config/openstack/clouds.yaml',
    'kube.config': '/var/lib/nodepool/.kube/config',
    'aws.config': '/var/lib/nodepool/.aws/config',
  };
  const template = (name: string, container: string) => ({
    metadata: { labels: { app: 'sf', run: name }, annotations: { 'nodepool-providers-secrets': annotation } },
    spec: {
      containers: [{
        name: container,
        image: 'quay.io/software-factory/nodepool:11',
        env: [{ name: 'CONFIG_REPO_SET', value: 'TRUE' }],
        volumeMounts: mounted.map((k) => ({ name: 'nodepool-providers-secrets', mountPath: paths[k] ?? `/var/lib/nodepool/${k}`, subPath: k, readOnly: true })),
      }],
      volumes: [{ name: 'nodepool-providers-secrets', secret: { secretName: 'nodepool-providers-secrets' } }],
    },
  });
  const sel = (name: string) => ({ matchLabels: { app: 'sf', run: name } });
  return [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nodepool-launcher', namespace: ns, labels: { app: 'sf', run: 'nodepool-launcher' } }, spec: { replicas: 1, selector: sel('nodepool-launcher'), template: template('nodepool-launcher', 'launcher') } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'nodepool-builder', namespace: ns, labels: { app: 'sf', run: 'nodepool-builder' } }, spec: { replicas: 1, serviceName: 'nodepool-builder', selector: sel('nodepool-builder'), template: template('nodepool-builder', 'nodepool-builder') } },
  ];
}

/** A stand-in for apply (not under test here): writes the desired state straight into the server's store, with the state ConfigMap and the ownership records apply writes. */
export function putDesired(server: KubeApiServer, desired: DesiredState): void {
  let secretRv: string | undefined;
  if (desired.secret) {
    const s = desired.secret;
    const old = server.get('Secret', s.namespace, s.name);
    const data: Record<string, string> = { ...((old?.data as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(s.data)) if (v) data[k] = Buffer.from(v.reveal()).toString('base64');
    secretRv = server.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: s.name, namespace: s.namespace }, type: 'Opaque', data }).metadata?.resourceVersion;
  }
  for (const w of desired.workloads) {
    const cur = server.get(w.kind, w.namespace, w.name);
    if (!cur || !secretRv) continue;
    const spec = cur.spec as { template: { metadata: { annotations: Record<string, string> } } };
    spec.template.metadata.annotations[w.annotation] = secretRv;
    server.put(cur);
  }
  for (const cm of desired.configMaps) {
    const cur = server.get('ConfigMap', cm.namespace, cm.name) ?? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cm.name, namespace: cm.namespace } };
    cur.data = { ...((cur.data as Record<string, string> | undefined) ?? {}), ...cm.data };
    const created: Record<string, string> = cm.role === 'pod-template' && !server.get('ConfigMap', cm.namespace, cm.name) ? { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } : {};
    cur.metadata = { ...cur.metadata, labels: { ...(cur.metadata?.labels ?? {}), ...cm.labels, ...created } };
    server.put(cur);
  }
  // The state ConfigMap, as apply records it.
  const np = nodepoolDigest(desired.nodepoolFiles);
  const ownedCms = desired.configMaps.filter((cm) => cm.role === 'pod-template').map((cm) => `${cm.namespace}/${cm.name}`);
  const { data } = encodeState({
    commit: desired.commit,
    planHash: 'sha256:' + '0'.repeat(64),
    appliedAt: '2026-01-01T00:00:00.000Z',
    nodepool: { digest: np.digest, files: np.files, content: Object.fromEntries(desired.nodepoolFiles.filter((f) => f.semantic).map((f) => [f.path, f.text])) },
    managed: { pools: desired.nodePools.map((p) => p.name), configMaps: ownedCms },
  });
  const sf = desired.settings.softwareFactory.namespace;
  server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: STATE_CONFIGMAP, namespace: sf, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } }, data });
  for (const pool of desired.nodePools) {
    for (const n of server.list('Node')) {
      if (n.metadata?.labels?.['konvoy.mesosphere.com/node_pool'] !== pool.name) continue;
      n.metadata.labels = { ...n.metadata.labels, ...pool.labels };
      const spec = (n.spec ?? {}) as { taints?: Array<{ key: string; value?: string; effect: string }> };
      const kept = (spec.taints ?? []).filter((t) => !pool.taints.some((p) => p.key === t.key && p.effect === t.effect));
      spec.taints = [...kept, ...pool.taints];
      n.spec = spec;
      const own = ownershipOf(pool);
      if (own !== null) n.metadata.annotations = { ...(n.metadata.annotations ?? {}), [NODE_OWNERSHIP_ANNOTATION]: own };
      server.put(n);
    }
  }
}
