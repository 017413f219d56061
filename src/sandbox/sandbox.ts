/**
 * A sandbox cluster to try the tool on: the loopback Kubernetes API stand-in the tests use, seeded with what a
 * Software Factory + Konvoy/Dispatch cluster has before a first config-update (sf-operator's Nodepool launcher and
 * builder, Tekton's config-defaults, the Konvoy node pools' nodes). It is not a real cluster and says so.
 */
import { loadRepo } from '../config/repo.js';
import { NODE_POOL_LABEL } from '../core/k8s.js';
import { validateRepo } from '../validate/index.js';
import { dispatchSeedForRepo } from './dispatch-seed.js';
import { randomBytes } from 'node:crypto';
import { startKubeApiServer } from './kube-apiserver.js';
import { makeSandboxTls } from './tls.js';
import type { KubeApiServer, KubeObject } from './kube-apiserver.js';

export interface Sandbox {
  server: KubeApiServer;
  url: string;
  /** A kubeconfig for the sandbox (namespace: the Software Factory one): its CA and its bearer token. */
  kubeconfig: string;
  /** What was seeded, one line each. */
  seeded: string[];
  close(): Promise<void>;
}

export const SANDBOX_BANNER = 'SANDBOX: a local stand-in for a Kubernetes API server, not a real cluster';


export interface SandboxOptions {
  /** The bearer token the sandbox accepts (default: a new random one). */
  token?: string;
  /** The target of a repo with `targets:` to stand for (its namespaces and pools). */
  target?: string;
}

/**
 * The Dispatch components and CI pods (sandbox/dispatch-seed.ts): the argo-cd repo server as before `konvoy up` ran
 * with this cluster.yaml, and the first pod-template namespace's newest TaskRun off its pool.
 */
function dispatchDemoSeed(repo: ReturnType<typeof loadRepo>, validation: ReturnType<typeof validateRepo>): ReturnType<typeof dispatchSeedForRepo> {
  const ciNs = validation.podTemplates.find((t) => t.namespace)?.namespace;
  return dispatchSeedForRepo(repo, validation, { pods: true, withoutTolerations: ['argo-cd.repoServer'], ciOffPool: ciNs ? [ciNs] : [] });
}

/** Start a sandbox seeded for the config repo at `repoPath` (its namespaces, node pools and Nodepool workloads). */
export async function startSandbox(repoPath: string, options: SandboxOptions = {}): Promise<Sandbox> {
  const repo = loadRepo(repoPath, options.target !== undefined ? { target: options.target } : {});
  const validation = validateRepo(repo);
  const settings = repo.settings;
  const sf = settings.softwareFactory;
  const namespaces = new Set<string>([sf.namespace, settings.dispatch.tektonNamespace]);
  for (const t of validation.podTemplates) if (t.namespace) namespaces.add(t.namespace);
  const seed = dispatchDemoSeed(repo, validation);
  for (const ns of seed?.namespaces ?? []) namespaces.add(ns);

  // Like a real API server: HTTPS with a CA of its own, and a bearer token (kubectl sends no token over plain HTTP).
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = await startKubeApiServer({ namespaces: [...namespaces], token, tls: makeSandboxTls() });
  const seeded: string[] = [`namespaces: ${[...namespaces].join(', ')}`];
  const put = (obj: KubeObject) => server.put(obj);

  // sf-operator's Nodepool workloads, deployed when the providers Secret held every key: one subPath
  // mount per key (the annotation is the Secret's resourceVersion then; no Secret is seeded, so the first plan
  // creates it). The stand-in controllers create their ReplicaSet and pods, and roll them out as the real ones do.
  const mounts = [
    { name: 'nodepool-providers-secrets', subPath: 'clouds.yaml', mountPath: '/var/lib/nodepool/.config/openstack/clouds.yaml', readOnly: true },
    { name: 'nodepool-providers-secrets', subPath: 'kube.config', mountPath: '/var/lib/nodepool/.kube/config', readOnly: true },
    { name: 'nodepool-providers-secrets', subPath: 'aws.config', mountPath: '/var/lib/nodepool/.aws/config', readOnly: true },
  ];
  const template = (container: string, labels: Record<string, string>) => ({
    metadata: { labels, annotations: { 'nodepool-providers-secrets': '0' } },
    spec: {
      containers: [{ name: container, image: `quay.io/software-factory/${container}:sandbox`, env: [{ name: 'CONFIG_REPO_SET', value: 'TRUE' }], volumeMounts: mounts }],
      volumes: [{ name: 'nodepool-providers-secrets', secret: { secretName: 'nodepool-providers-secrets' } }],
    },
  });
  const launcherLabels = { app: 'sf', run: sf.launcherDeployment };
  put({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: sf.launcherDeployment, namespace: sf.namespace, labels: launcherLabels },
    spec: { replicas: 1, selector: { matchLabels: launcherLabels }, template: template('launcher', launcherLabels) } });
  const builderLabels = { app: 'sf', run: sf.builderStatefulSet };
  put({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: sf.builderStatefulSet, namespace: sf.namespace, labels: builderLabels },
    spec: { replicas: 1, serviceName: sf.builderStatefulSet, selector: { matchLabels: builderLabels }, template: template('nodepool-builder', builderLabels) } });
  server.runControllers({ stepMs: 300 });
  seeded.push(`Deployment ${sf.namespace}/${sf.launcherDeployment} and StatefulSet ${sf.namespace}/${sf.builderStatefulSet} (mounting clouds.yaml, kube.config and aws.config), with their pods`);

  // Tekton's defaults as the Dispatch chart leaves them: another key the reconciler must keep.
  put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: settings.dispatch.tektonConfigMap, namespace: settings.dispatch.tektonNamespace },
    data: { 'default-timeout-minutes': '60' } });
  seeded.push(`ConfigMap ${settings.dispatch.tektonNamespace}/${settings.dispatch.tektonConfigMap} (Tekton's defaults, no pod template yet)`);

  // Nodes of each Konvoy pool, as `konvoy up` provisions them: labelled with their pool, not yet with the config's
  // labels and taints. The control plane carries its own taint, which is not the reconciler's to touch.
  const pools = validation.cluster?.provisionerPools ?? [];
  for (const pool of pools) {
    const count = Math.max(1, Math.min(3, typeof pool.count === 'number' ? pool.count : 1));
    for (let i = 1; i <= count; i++) {
      const name = `${pool.name}-${i}`;
      put({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { [NODE_POOL_LABEL]: pool.name, 'kubernetes.io/hostname': name } },
        spec: pool.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {} });
    }
    seeded.push(`${count} node(s) of pool ${pool.name}${pool.controlPlane ? ' (control plane, with its own taint)' : ''}`);
  }

  if (seed) {
    for (const o of seed.objects) put(o as unknown as KubeObject);
    seeded.push(...seed.lines.map((l) => `Dispatch: ${l}`));
  }

  // The Nodepool pods answer the config refresh as sf-operator's generate-config.sh would.
  server.onExec((pod, _container, command, env) => {
    const script = command.find((c) => c.endsWith('generate-config.sh'));
    if (!script) return { stderr: `sandbox: ${command[0] ?? 'command'}: not found\n`, exitCode: 127 };
    const ref = command[command.indexOf(script) + 1] ?? 'origin/master';
    const file = env.NODEPOOL_CONFIG_FILE ?? 'nodepool.yaml';
    return { stdout: `sandbox: ${pod.metadata?.name}: /etc/nodepool/nodepool.yaml generated from ${file} at ${ref}\n`, exitCode: 0 };
  });
  seeded.push('exec of generate-config.sh in the Nodepool pods; rollouts that go through the controllers\' steps, 0.3 s each');

  return {
    server,
    url: server.url,
    kubeconfig: server.kubeconfigYaml(sf.namespace),
    seeded,
    close: () => server.close(),
  };
}
