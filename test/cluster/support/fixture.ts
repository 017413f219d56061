/**
 * A real control plane seeded like a Software Factory + Konvoy/Dispatch cluster before its first config-update
 * (reference/real-cluster.md §3), and the tool's least-privilege credentials:
 *
 * - namespace `sf` with sf-operator's Nodepool workloads: Deployment `nodepool-launcher` (container `launcher`) and
 *   StatefulSet `nodepool-builder` (container `nodepool-builder`), labels `app=sf`, `run=<name>`, the provider keys
 *   of Secret `nodepool-providers-secrets` mounted one `subPath` each (the keys it held at deploy time), and the
 *   pod-template annotation `nodepool-providers-secrets` = the Secret's resourceVersion;
 * - Tekton's namespace and its `config-defaults` ConfigMap; the pod-template namespaces;
 * - KWOK nodes for each Konvoy pool of the repo's cluster.yaml, labelled `konvoy.mesosphere.com/node_pool=<pool>`
 *   (the control plane's with its own NoSchedule taint), with CI pods running on the dispatch pool's nodes (one that
 *   tolerates the pool's taint and one that does not, per node);
 * - `/usr/local/bin/generate-config.sh` in the Nodepool containers: KWOK's ClusterExec runs it on this machine,
 *   inside a private mount namespace where /usr/local/bin is a directory of the fixture, so the tool's exec runs the
 *   very path it names. The script records its arguments and environment and "generates" the launcher's
 *   /etc/nodepool/nodepool.yaml from the config repo; a loopback Nodepool API lists the labels of that file;
 * - or, with `realNodepool`, upstream Nodepool (support/nodepool.ts: ZooKeeper and nodepool-launcher, processes of
 *   this machine, and nodepool-builder when asked): generate-config.sh then writes sf-operator's base config and
 *   the repo's file into the file the real launcher (builder) reads, and the Nodepool API is the real launcher's
 *   webapp;
 * - a ServiceAccount `pool-reconciler` granted exactly the README's permissions table, and a kubeconfig with a
 *   token from TokenRequest and the CA.
 *
 * One deliberate difference from sf-operator: the Nodepool workloads carry a nodeSelector for the worker pool, so
 * that the NoExecute taint the example repo puts on the dispatch pool cannot evict them in the middle of a test
 * (eviction is tested on the CI pods placed there on purpose).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { AppsV1Api, CoordinationV1Api, CoreV1Api, KubeConfig, PatchStrategy, RbacAuthorizationV1Api, setHeaderOptions } from '@kubernetes/client-node';
import type { V1Deployment, V1Pod, V1PodTemplateSpec, V1StatefulSet } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { loadRepo } from '../../../src/config/repo.js';
import { validateRepo } from '../../../src/validate/index.js';
import { dispatchSeedForRepo } from '../../../src/sandbox/dispatch-seed.js';
import { KWOK_NODE_ANNOTATION, kubeconfigYaml, startControlPlane } from './control-plane.js';
import type { ControlPlane } from './control-plane.js';
import { kwokConfigYaml } from './kwok.js';
import { startRealNodepool } from './nodepool.js';
import type { RealNodepool } from './nodepool.js';
import { rbacObjects, tierPermissions } from './permissions.js';
import type { Namespaces, Permission, RbacObject } from './permissions.js';
import type { TestSshd } from '../../support/sshd.js';

export const NODE_POOL_LABEL = 'konvoy.mesosphere.com/node_pool';
export const GENERATE_CONFIG = '/usr/local/bin/generate-config.sh';
export const TOOL_SA = { name: 'pool-reconciler', namespace: 'sf' };

/** What the old provider keys held when sf-operator deployed (the tool's apply changes them). */
export const OLD_SECRETS: Record<string, string> = {
  'clouds.yaml': 'clouds:\n  old:\n    auth: {auth_url: "https://old.example.org/v3"}\n',
  'kube.config': 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n',
};
/** Where sf-operator mounts each provider key (one read-only subPath each, volume `nodepool-providers-secrets`), in its order. */
export const SF_OPERATOR_MOUNTS: Record<string, string> = {
  'clouds.yaml': '/var/lib/nodepool/.config/openstack/clouds.yaml',
  'kube.config': '/var/lib/nodepool/.kube/config',
  'aws.config': '/var/lib/nodepool/.aws/config',
};
export const PROVIDERS_VOLUME = 'nodepool-providers-secrets';

/**
 * The launcher's or builder's pod template as sf-operator renders it (reference/real-cluster.md §3): labels
 * `app=sf, run=<name>`, one read-only subPath mount per provider key given (the Secret's non-empty keys at deploy
 * time, in sf-operator's order), and the pod-template annotation `nodepool-providers-secrets` = the Secret's
 * resourceVersion ("0" without one). The seed and the weather's sf-operator-style deploy both render with it.
 */
export function sfOperatorPodTemplate(o: { name: string; container: string; secretName: string; keys: string[]; annotation: string }): V1PodTemplateSpec {
  const labels = { app: 'sf', run: o.name };
  const keys = Object.keys(SF_OPERATOR_MOUNTS).filter((k) => o.keys.includes(k));
  return {
    metadata: { labels, annotations: { 'nodepool-providers-secrets': o.annotation } },
    spec: {
      nodeSelector: { [NODE_POOL_LABEL]: 'worker' },
      terminationGracePeriodSeconds: 1,
      containers: [{
        name: o.container,
        image: `quay.io/software-factory/${o.name}:11.0.0-1`,
        // sf-operator's environment for generate-config.sh: the deployment has a config repo.
        env: [
          { name: 'CONFIG_REPO_SET', value: 'TRUE' },
          { name: 'CONFIG_REPO_BASE_URL', value: 'https://gerrit.example.org' },
          { name: 'CONFIG_REPO_NAME', value: 'config' },
        ],
        volumeMounts: keys.map((k) => ({ name: PROVIDERS_VOLUME, mountPath: SF_OPERATOR_MOUNTS[k], subPath: k, readOnly: true })),
      }],
      volumes: keys.length ? [{ name: PROVIDERS_VOLUME, secret: { secretName: o.secretName } }] : [],
    },
  };
}

export interface ExecRecord {
  container: string;
  args: string[];
  nodepoolConfigFile: string;
  cwd: string;
}

export interface RealCluster {
  cp: ControlPlane;
  namespaces: Namespaces;
  admin: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  coord: CoordinationV1Api;
  /** The tool's kubeconfig: the ServiceAccount's token and the CA, namespace sf. */
  toolKubeconfig: string;
  /** A kubeconfig for another ServiceAccount granted `perms` instead (created on first use). */
  kubeconfigWith(name: string, perms: Permission[]): Promise<string>;
  /** Every run of generate-config.sh, oldest first. */
  execs(): ExecRecord[];
  /** Make generate-config.sh exit with `code` (0: succeed again). */
  failExec(code: number, stderr?: string): void;
  /** Make generate-config.sh take `seconds` in `container` after recording its call (0: no delay). */
  slowExec(container: string, seconds: number): void;
  /** The config repo generate-config.sh reads (a test's copy). */
  setConfigRepo(dir: string): void;
  /**
   * `http://127.0.0.1:<port>/nodepool/api`, listing the labels of the launcher's generated nodepool.yaml; with
   * `realNodepool`, the real launcher's webapp.
   */
  nodepoolApiUrl: string;
  /** With `realNodepool`: upstream Nodepool, whose launcher reads what generate-config.sh writes. */
  nodepool?: RealNodepool;
  /** The names of the seeded nodes per pool. */
  nodesByPool: Map<string, string[]>;
  seeded: string[];
  stop(): Promise<void>;
}

export interface FixtureOptions {
  repoPath: string;
  /** The target of a repo with `targets:` the cluster stands for (its namespaces and pools); default: the top level. */
  target?: string;
  say?: (line: string) => void;
  keep?: boolean;
  /** Nodes per pool (default: the pool's count, at most 3). */
  nodesPerPool?: (pool: string, count: number) => number;
  /** CI pods on each dispatch node (default true). */
  ciPods?: boolean;
  /**
   * The Dispatch components' Deployments as the chart renders them, and TaskRun pods (src/sandbox/dispatch-seed.ts):
   * the components named in `withoutTolerations` without the repo's tolerations, the pod-template namespaces in
   * `ciOffPool` with a newer TaskRun off their pool. The scheduler places the components' pods.
   */
  dispatch?: { withoutTolerations?: string[]; ciOffPool?: string[] };
  /** Delay before a pod becomes Ready (default 500 ms). */
  podReadyDelayMs?: number;
  /** More namespaces whose pods' containers run exec'd commands on this machine (in a scratch directory). */
  execNamespaces?: string[];
  /** Seed the providers Secret (default true); without it the workloads mount no key and the annotation is "0". */
  providersSecret?: boolean;
  /**
   * Run upstream Nodepool (ZooKeeper and nodepool-launcher) instead of the label-list stand-in: `nodepoolYaml` gives
   * the repo's nodepool/nodepool.yaml (written into the repo, and deployed as the launcher's first config) for the
   * sshd its static nodes are.
   */
  realNodepool?: { nodepoolYaml: (sshd: TestSshd) => string; builderYaml?: () => string };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function script(file: string, text: string): void {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/** Whether this machine can give KWOK's exec a private /usr/local/bin (an unprivileged mount namespace). */
export function canUnshare(): boolean {
  try {
    execFileSync('unshare', ['--user', '--map-root-user', '--mount', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function startRealCluster(options: FixtureOptions): Promise<RealCluster> {
  const say = options.say ?? ((): void => undefined);
  const repo = loadRepo(options.repoPath, options.target !== undefined ? { target: options.target } : {});
  const validation = validateRepo(repo);
  const settings = repo.settings;
  const sf = settings.softwareFactory;
  const podTemplateNs = [...new Set(validation.podTemplates.map((t) => t.namespace).filter((n): n is string => !!n))];
  const namespaces: Namespaces = { sf: sf.namespace, tekton: settings.dispatch.tektonNamespace, dispatch: settings.dispatch.namespace, podTemplates: podTemplateNs };

  // The Nodepool containers' world: /usr/local/bin/generate-config.sh, the record, the generated config.
  const world = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-pods-'));
  const usrLocalBin = path.join(world, 'usr-local-bin');
  const state = path.join(world, 'state');
  for (const d of [usrLocalBin, state, path.join(world, 'launcher', 'etc', 'nodepool'), path.join(world, 'nodepool-builder', 'etc', 'nodepool')]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(state, 'config-repo'), options.repoPath);
  // sf-operator's generate-config.sh regenerates /etc/nodepool/nodepool.yaml from the config repo at <ref>; this one
  // records how it was called, then copies the repo's file (NODEPOOL_CONFIG_FILE, default nodepool.yaml) from the
  // repo's working tree. With a real Nodepool it writes, as sf-operator's script does, the base config
  // ($STATE/nodepool-base.yaml) and then the repo's file at <ref> (read with git when the repo is a git repository:
  // sf-operator's script resets its clone to <ref>, and a ref it cannot find fails it) into the file the launcher
  // (builder) reads, renamed into place: Nodepool re-reads it on its own.
  script(path.join(usrLocalBin, 'generate-config.sh'), `#!/bin/sh
# Test double of sf-operator's generate-config.sh, run by KWOK's exec in a simulated Nodepool container.
set -eu
printf '%s\\t%s\\t%s' "$CONTAINER" "\${NODEPOOL_CONFIG_FILE:-}" "$(pwd)" >> "$STATE/execs"
for a in "$@"; do printf '\\t%s' "$a" >> "$STATE/execs"; done
printf '\\n' >> "$STATE/execs"
if [ -f "$STATE/slow-$CONTAINER" ]; then sleep "$(cat "$STATE/slow-$CONTAINER")"; fi
if [ -f "$STATE/fail" ]; then
  cat "$STATE/fail-stderr" >&2 2>/dev/null || true
  exit "$(cat "$STATE/fail")"
fi
repo="$(cat "$STATE/config-repo")"
file="\${NODEPOOL_CONFIG_FILE:-nodepool.yaml}"
dest="$POD_ROOT/etc/nodepool/nodepool.yaml"
if [ -f "$STATE/nodepool-base.yaml" ] && [ -d "$repo/.git" ] && [ -n "\${1:-}" ]; then
  git -C "$repo" show "$1:nodepool/$file" > "$dest.repo"
else
  cp "$repo/nodepool/$file" "$dest.repo"
fi
if [ -f "$STATE/nodepool-base.yaml" ]; then
  cat "$STATE/nodepool-base.yaml" "$dest.repo" > "$dest.new"
  mv "$dest.new" "$dest"
else
  mv "$dest.repo" "$dest"
fi
rm -f "$dest.repo"
echo "generated /etc/nodepool/nodepool.yaml from $file at \${1:-HEAD}"
`);
  // KWOK runs in a private mount namespace where /usr/local/bin is the fixture's directory.
  const wrapper = path.join(world, 'kwok-in-mount-ns.sh');
  script(wrapper, `#!/bin/sh
# Runs KWOK with the simulated containers' /usr/local/bin bind-mounted over the machine's (in its own namespace).
set -e
mount --bind "$POD_USR_LOCAL_BIN" /usr/local/bin
exec "$@"
`);

  const cp = await startControlPlane({
    kwokConfig: kwokConfigYaml({
      execNamespaces: [sf.namespace, ...(options.execNamespaces ?? [])],
      podReadyDelayMs: options.podReadyDelayMs ?? 500,
      containers: [
        ...['launcher', 'nodepool-builder'].map((c) => ({
          name: c,
          workDir: path.join(world, c),
          env: { CONTAINER: c, POD_ROOT: path.join(world, c), STATE: state, HOME: '/var/lib/nodepool', CONFIG_REPO_SET: 'TRUE' },
        })),
        { name: '', workDir: state, env: { CONTAINER: 'other' } },
      ],
    }),
    kwokEnv: { POD_USR_LOCAL_BIN: usrLocalBin },
    kwokWrapper: ['unshare', '--user', '--map-root-user', '--mount', wrapper],
    ...(options.keep ? { keep: true } : {}),
    say,
  });
  say(`control plane: Kubernetes ${cp.version.gitVersion} at ${cp.url}${cp.external ? ' (external)' : ''}`);

  const admin = new KubeConfig();
  admin.loadFromString(cp.adminKubeconfig);
  const core = admin.makeApiClient(CoreV1Api);
  const apps = admin.makeApiClient(AppsV1Api);
  const coord = admin.makeApiClient(CoordinationV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const seeded: string[] = [];
  const nodesByPool = new Map<string, string[]>();
  let api: http.Server | undefined;
  let nodepool: RealNodepool | undefined;

  try {
    if (options.realNodepool) {
      const make = options.realNodepool.nodepoolYaml;
      const makeBuilder = options.realNodepool.builderYaml;
      nodepool = await startRealNodepool({
        ...(makeBuilder ? {
          builder: {
            configFile: path.join(world, 'nodepool-builder', 'etc', 'nodepool', 'nodepool.yaml'),
            repoConfig: () => {
              const text = makeBuilder();
              writeFileSync(path.join(options.repoPath, 'nodepool', 'nodepool-builder.yaml'), text);
              return text;
            },
          },
        } : {}),
        dir: path.join(world, 'nodepool'),
        configFile: path.join(world, 'launcher', 'etc', 'nodepool', 'nodepool.yaml'),
        repoConfig: (sshd) => {
          const text = make(sshd);
          writeFileSync(path.join(options.repoPath, 'nodepool', 'nodepool.yaml'), text);
          return text;
        },
        say,
      });
      writeFileSync(path.join(state, 'nodepool-base.yaml'), nodepool.baseConfig);
      seeded.push(`upstream Nodepool: ZooKeeper (TLS)${makeBuilder ? ', nodepool-builder' : ''} and nodepool-launcher with its webapp at ${nodepool.apiUrl}; static nodes on the sshd at 127.0.0.1:${nodepool.sshd.port}`);
    }
    // Namespaces.
    const allNs = [...new Set([namespaces.sf, namespaces.tekton, namespaces.dispatch, ...namespaces.podTemplates])];
    for (const name of allNs) await core.createNamespace({ body: { metadata: { name } } });
    seeded.push(`namespaces: ${allNs.join(', ')}`);

    // On an external cluster (kind), its own nodes must not take the workloads: KWOK's nodes only.
    if (cp.external) {
      for (const n of (await core.listNode()).items) {
        if (n.metadata?.annotations?.[KWOK_NODE_ANNOTATION] !== 'fake') {
          await core.patchNode({ name: n.metadata?.name ?? '', body: { spec: { unschedulable: true } } }, mergePatch());
        }
      }
    }

    // Nodes of each Konvoy pool, as `konvoy up` left them.
    for (const pool of validation.cluster?.provisionerPools ?? []) {
      const want = typeof pool.count === 'number' ? pool.count : 1;
      const count = options.nodesPerPool ? options.nodesPerPool(pool.name, want) : Math.max(1, Math.min(3, want));
      const names: string[] = [];
      for (let i = 1; i <= count; i++) {
        const name = `${pool.name}-${i}`;
        names.push(name);
        await core.createNode({
          body: {
            metadata: {
              name,
              annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
              labels: { [NODE_POOL_LABEL]: pool.name, 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
            },
            spec: pool.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
          },
        });
      }
      nodesByPool.set(pool.name, names);
      seeded.push(`${count} KWOK node(s) of pool ${pool.name}${pool.controlPlane ? ' (control plane, with its own NoSchedule taint)' : ''}`);
    }
    await waitUntil('every node Ready', async () => {
      const nodes = (await core.listNode({ labelSelector: 'type=kwok' })).items;
      return nodes.length > 0 && nodes.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    }, 60_000);

    // The providers Secret as it was when sf-operator deployed, and the workloads mounting its keys.
    const withSecret = options.providersSecret !== false;
    const secret = withSecret
      ? await core.createNamespacedSecret({ namespace: namespaces.sf, body: { metadata: { name: sf.providersSecret }, type: 'Opaque', stringData: { ...OLD_SECRETS } } })
      : undefined;
    const rv = secret?.metadata?.resourceVersion ?? '0';
    const keys = withSecret ? Object.keys(OLD_SECRETS) : [];
    const pod = (name: string, container: string): V1PodTemplateSpec =>
      sfOperatorPodTemplate({ name, container, secretName: sf.providersSecret, keys, annotation: rv });
    await apps.createNamespacedDeployment({
      namespace: namespaces.sf,
      body: {
        metadata: { name: sf.launcherDeployment, labels: { app: 'sf', run: sf.launcherDeployment } },
        spec: { replicas: 1, selector: { matchLabels: { app: 'sf', run: sf.launcherDeployment } }, template: pod(sf.launcherDeployment, 'launcher') },
      },
    });
    await apps.createNamespacedStatefulSet({
      namespace: namespaces.sf,
      body: {
        metadata: { name: sf.builderStatefulSet, labels: { app: 'sf', run: sf.builderStatefulSet } },
        spec: { replicas: 1, serviceName: sf.builderStatefulSet, selector: { matchLabels: { app: 'sf', run: sf.builderStatefulSet } }, template: pod(sf.builderStatefulSet, 'nodepool-builder') },
      },
    });
    seeded.push(`${withSecret ? `Secret ${namespaces.sf}/${sf.providersSecret} (${keys.join(', ')})` : 'no providers Secret yet'}; Deployment ${sf.launcherDeployment} and StatefulSet ${sf.builderStatefulSet} mounting those keys one subPath each, annotation nodepool-providers-secrets=${rv}`);

    // Tekton's defaults, as Tekton installs them.
    await core.createNamespacedConfigMap({
      namespace: namespaces.tekton,
      body: {
        metadata: { name: settings.dispatch.tektonConfigMap, labels: { 'app.kubernetes.io/instance': 'default', 'app.kubernetes.io/part-of': 'tekton-pipelines' } },
        data: { _example: '# This block is not actually functional configuration,\n# but serves to illustrate the available configuration\n# options.\ndefault-timeout-minutes: "60"\n' },
      },
    });
    seeded.push(`ConfigMap ${namespaces.tekton}/${settings.dispatch.tektonConfigMap} (Tekton's, no pod template yet)`);

    // CI pods on the dispatch pool's nodes: one tolerating the pool's taint, one not.
    if (options.ciPods !== false && namespaces.podTemplates[0]) {
      for (const node of nodesByPool.get('dispatch') ?? []) {
        for (const tolerant of [true, false]) {
          await core.createNamespacedPod({
            namespace: namespaces.podTemplates[0],
            body: {
              metadata: { name: `ci-${tolerant ? 'tolerant' : 'plain'}-${node}`, labels: { app: 'ci', tolerant: String(tolerant) } },
              spec: {
                nodeName: node,
                terminationGracePeriodSeconds: 1,
                containers: [{ name: 'step', image: 'registry.example.org/ci/step:1' }],
                ...(tolerant ? { tolerations: [{ key: NODE_POOL_LABEL, operator: 'Equal', value: 'dispatch', effect: 'NoExecute' }] } : {}),
              },
            },
          });
        }
      }
      seeded.push(`CI pods in ${namespaces.podTemplates[0]} on each dispatch node (one tolerating the dispatch taint, one not)`);
    }

    // The Dispatch components and TaskRun pods (the sandbox's seed, src/sandbox/dispatch-seed.ts).
    if (options.dispatch) {
      const nodes = Object.fromEntries([...nodesByPool].filter(([pool]) => !(validation.cluster?.provisionerPools ?? []).find((p) => p.name === pool)?.controlPlane));
      const seed = dispatchSeedForRepo(repo, validation, { nodes, ...options.dispatch });
      for (const o of seed?.objects ?? []) {
        const { metadata, ...rest } = o;
        const body = { ...rest, metadata: { name: metadata.name, ...(metadata.labels ? { labels: metadata.labels } : {}) } };
        const namespace = metadata.namespace ?? 'default';
        if (o.kind === 'Deployment') await apps.createNamespacedDeployment({ namespace, body: body as V1Deployment });
        else if (o.kind === 'StatefulSet') await apps.createNamespacedStatefulSet({ namespace, body: body as V1StatefulSet });
        else if (o.kind === 'Pod') await core.createNamespacedPod({ namespace, body: { ...(body as V1Pod), status: undefined, spec: { ...(body as V1Pod).spec!, terminationGracePeriodSeconds: 1 } } });
        // The second TaskRun is the newer one (creationTimestamp has a resolution of one second).
        if (o.kind === 'Pod' && metadata.name.endsWith('-build-1-pod')) await sleep(1100);
      }
      seeded.push(...(seed?.lines ?? []).map((l) => `Dispatch: ${l}`));
    }

    // Everything running.
    await waitUntil('the Nodepool workloads and CI pods running', async () => {
      const d = await apps.readNamespacedDeployment({ name: sf.launcherDeployment, namespace: namespaces.sf });
      const s = await apps.readNamespacedStatefulSet({ name: sf.builderStatefulSet, namespace: namespaces.sf });
      const ci = namespaces.podTemplates[0] ? (await core.listNamespacedPod({ namespace: namespaces.podTemplates[0] })).items : [];
      return (d.status?.availableReplicas ?? 0) === 1 && (s.status?.readyReplicas ?? 0) === 1 && ci.every((p: V1Pod) => p.status?.phase === 'Running');
    }, 90_000);

    // The tool's ServiceAccount with exactly the README's permissions.
    const saFor = async (name: string, perms: Permission[]): Promise<string> => {
      await core.createNamespacedServiceAccount({ namespace: TOOL_SA.namespace, body: { metadata: { name } } });
      for (const o of rbacObjects(perms, namespaces, { name, namespace: TOOL_SA.namespace })) await createRbac(rbac, o);
      const tr = await core.createNamespacedServiceAccountToken({ name, namespace: TOOL_SA.namespace, body: { spec: { expirationSeconds: 24 * 3600 } } });
      const token = tr.status?.token ?? '';
      if (!token) throw new Error('TokenRequest returned no token');
      return kubeconfigYaml(cp.url, cp.caPem, { token }, namespaces.sf);
    };
    const toolKubeconfig = await saFor(TOOL_SA.name, tierPermissions());
    seeded.push(`ServiceAccount ${TOOL_SA.namespace}/${TOOL_SA.name} granted the README's permissions table (a token from TokenRequest)`);
    const others = new Map<string, string>();

    // The Nodepool API of the launcher (or the real launcher's webapp): as upstream's label-list (nodepool/status.py),
    // the labels the pools of its generated nodepool.yaml offer (a pool's labels, a static node's), never a
    // top-level label that no pool offers.
    const launcherConfig = path.join(world, 'launcher', 'etc', 'nodepool', 'nodepool.yaml');
    api = nodepool ? undefined : http.createServer((req, res) => {
      if (req.url !== '/nodepool/api/label-list') {
        res.writeHead(404).end('not found');
        return;
      }
      const labels = new Set<string>();
      if (existsSync(launcherConfig)) {
        type Pool = { labels?: Array<{ name?: string }>; nodes?: Array<{ labels?: string | string[] }> };
        const doc = load(readFileSync(launcherConfig, 'utf8')) as { providers?: Array<{ pools?: Pool[] }> } | null;
        for (const pool of (doc?.providers ?? []).flatMap((p) => p.pools ?? [])) {
          for (const l of pool.labels ?? []) if (l.name) labels.add(l.name);
          // A static node's labels: a list, or one string of names (split on blanks, as the static driver does).
          for (const n of pool.nodes ?? []) for (const l of typeof n.labels === 'string' ? n.labels.split(/\s+/).filter(Boolean) : n.labels ?? []) labels.add(l);
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify([...labels].map((label) => ({ label }))));
    });
    let nodepoolApiUrl: string;
    if (api) {
      await new Promise<void>((r) => api?.listen(0, '127.0.0.1', r));
      const addr = api.address();
      nodepoolApiUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/nodepool/api`;
    } else {
      nodepoolApiUrl = nodepool!.apiUrl;
    }
    seeded.push(`${GENERATE_CONFIG} in the Nodepool containers (through KWOK's exec); the Nodepool API at ${nodepoolApiUrl}`);

    const server = api;
    return {
      cp,
      namespaces,
      admin,
      core,
      apps,
      coord,
      toolKubeconfig,
      async kubeconfigWith(name, perms) {
        const have = others.get(name);
        if (have) return have;
        const kc = await saFor(name, perms);
        others.set(name, kc);
        return kc;
      },
      execs() {
        const f = path.join(state, 'execs');
        if (!existsSync(f)) return [];
        return readFileSync(f, 'utf8').split('\n').filter((l) => l).map((l) => {
          const [container, nodepoolConfigFile, cwd, ...args] = l.split('\t');
          return { container, nodepoolConfigFile, cwd, args };
        });
      },
      failExec(code, stderr = '') {
        if (code === 0) {
          rmSync(path.join(state, 'fail'), { force: true });
          return;
        }
        writeFileSync(path.join(state, 'fail-stderr'), stderr);
        writeFileSync(path.join(state, 'fail'), String(code));
      },
      slowExec(container, seconds) {
        const f = path.join(state, `slow-${container}`);
        if (seconds > 0) writeFileSync(f, String(seconds));
        else rmSync(f, { force: true });
      },
      setConfigRepo(dir) {
        writeFileSync(path.join(state, 'config-repo'), dir);
      },
      nodepoolApiUrl,
      ...(nodepool ? { nodepool } : {}),
      nodesByPool,
      seeded,
      async stop() {
        if (server) await new Promise<void>((r) => server.close(() => r()));
        await nodepool?.stop();
        await cp.stop();
        if (!options.keep) rmSync(world, { recursive: true, force: true });
      },
    };
  } catch (err) {
    const detail = `${cp.logs(30)}${nodepool ? `\n${nodepool.logs()}` : ''}`;
    api?.close();
    await nodepool?.stop();
    await cp.stop();
    rmSync(world, { recursive: true, force: true });
    throw new Error(`seeding the control plane failed: ${err instanceof Error ? err.message : String(err)}\n${detail}`, { cause: err });
  }
}

const mergePatch = (): ReturnType<typeof setHeaderOptions> => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

async function createRbac(rbac: RbacAuthorizationV1Api, o: RbacObject): Promise<void> {
  const body = o as never;
  if (o.kind === 'Role') await rbac.createNamespacedRole({ namespace: o.metadata.namespace ?? '', body });
  else if (o.kind === 'RoleBinding') await rbac.createNamespacedRoleBinding({ namespace: o.metadata.namespace ?? '', body });
  else if (o.kind === 'ClusterRole') await rbac.createClusterRole({ body });
  else await rbac.createClusterRoleBinding({ body });
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, pollMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not so after ${Math.round(timeoutMs / 1000)} s${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}`);
    await sleep(pollMs);
  }
}
