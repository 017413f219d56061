/** The shared wire suite (test/support/wire-suite.ts) against a real kube-apiserver; the stand-in runs it in `npm test`. */
import { ApiextensionsV1Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { beforeAll, describe } from 'vitest';
import { describeWire } from '../support/wire-suite.js';
import type { WireTarget } from '../support/wire-suite.js';
import { kubeconfigYaml } from './support/control-plane.js';
import { waitUntil } from './support/fixture.js';
import { skipReason, useRealCluster } from './support/tier.js';

const NS = 'wire';

describe.skipIf(skipReason())('wire behaviour of a real kube-apiserver', () => {
  const tier = useRealCluster({ ciPods: false, execNamespaces: [NS] });
  let target: WireTarget;

  beforeAll(async () => {
    const { cluster } = tier.get();
    const { cp, admin } = cluster;
    const core = admin.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
    await waitUntil('the default ServiceAccount of the namespace', async () => !!(await core.readNamespacedServiceAccount({ name: 'default', namespace: NS })), 30_000);
    let restricted: { kubeconfig: string; user: string } | undefined;
    let pod: string | undefined;
    let crd = false;
    target = {
      name: 'real',
      kubeconfig: cp.adminKubeconfig.replace(/namespace: \S+/, `namespace: ${NS}`),
      ns: NS,
      badTokenKubeconfig: kubeconfigYaml(cp.url, cp.caPem, { token: 'wrong' }, NS),
      async restricted() {
        if (restricted) return restricted;
        const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
        await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'wire-restricted' } } });
        await rbac.createNamespacedRole({ namespace: NS, body: { metadata: { name: 'wire-restricted' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }] } });
        await rbac.createNamespacedRoleBinding({ namespace: NS, body: { metadata: { name: 'wire-restricted' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'wire-restricted' }, subjects: [{ kind: 'ServiceAccount', name: 'wire-restricted', namespace: NS }] } });
        const tr = await core.createNamespacedServiceAccountToken({ name: 'wire-restricted', namespace: NS, body: { spec: { expirationSeconds: 3600 } } });
        restricted = { kubeconfig: kubeconfigYaml(cp.url, cp.caPem, { token: tr.status?.token ?? '' }, NS), user: `system:serviceaccount:${NS}:wire-restricted` };
        return restricted;
      },
      async execPod() {
        if (pod) return pod;
        const node = cluster.nodesByPool.get('worker')?.[0] ?? '';
        await core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'wire-exec' }, spec: { nodeName: node, containers: [{ name: 'main', image: 'registry.example.org/wire:1' }] } } });
        await waitUntil('pod wire-exec Running', async () => (await core.readNamespacedPod({ name: 'wire-exec', namespace: NS })).status?.phase === 'Running', 60_000);
        pod = 'wire-exec';
        return pod;
      },
      async repositories() {
        if (crd) return;
        const ext = admin.makeApiClient(ApiextensionsV1Api);
        await ext.createCustomResourceDefinition({ body: {
          metadata: { name: 'repositories.dispatch.d2iq.io' },
          spec: {
            group: 'dispatch.d2iq.io',
            scope: 'Namespaced',
            names: { plural: 'repositories', singular: 'repository', kind: 'Repository', listKind: 'RepositoryList' },
            versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } } }],
          },
        } });
        await waitUntil('the Repository CRD established', async () => (await ext.readCustomResourceDefinition({ name: 'repositories.dispatch.d2iq.io' })).status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false, 30_000);
        // Discovery of the new group takes a moment more.
        await waitUntil('repositories served', async () => { await admin.makeApiClient(CoreV1Api).getAPIResources(); return true; }, 5_000);
        crd = true;
      },
      tls: cp.pki,
      deliberate: {
        'exec-exit-code': 'KWOK (not a kubelet) answers a command that exits non-zero with a 500 InternalError status that has no exit-code field (the ExitCode cause apply reads); a kubelet, and the stand-in, send NonZeroExitCode with it',
      },
    };
  });

  describeWire(() => target);
});
