/**
 * `npm run cluster -- --kubeconfig FILE [REPO]`: the real-cluster tier's control plane for a person. Starts etcd,
 * kube-apiserver, kube-controller-manager, kube-scheduler and KWOK (built by scripts/build-control-plane.sh), seeds
 * them like a Software Factory + Konvoy/Dispatch cluster for REPO (default: the example config repo), writes the
 * least-privilege kubeconfig the tests use (the README's permissions) to FILE, and runs until Ctrl-C.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLE_REPO } from '../support/example-repo.js';
import { repoSettings } from '../../src/config/repo.js';
import { findBinaries } from './support/control-plane.js';
import { canUnshare, startRealCluster } from './support/fixture.js';
import { tryCommands } from '../../src/entry/try-commands.js';

const USAGE = `Usage: npm run cluster -- --kubeconfig FILE [REPO]

Starts a real Kubernetes control plane (etcd, kube-apiserver with TLS and RBAC, kube-controller-manager,
kube-scheduler) with KWOK nodes, seeded like a Software Factory + Konvoy/Dispatch cluster before its first
config-update for the config repo REPO (default: examples/config-repo), and writes to FILE a kubeconfig for the
tool's least-privilege ServiceAccount (the README's permissions table). Runs until Ctrl-C.

  --kubeconfig FILE   where to write the ServiceAccount's kubeconfig (required)
  --keep              keep the temporary directory (logs, admin kubeconfig) after stopping
  -h, --help          show this help

The binaries come from scripts/build-control-plane.sh (about 10 minutes on 2 cores the first time, then cached).`;

function fail(message: string): never {
  console.error(`npm run cluster: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let kubeconfig: string | undefined;
  let repo: string | undefined;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      console.log(USAGE);
      return;
    }
    if (a === '--kubeconfig') kubeconfig = argv[++i] ?? fail('--kubeconfig needs a FILE');
    else if (a.startsWith('--kubeconfig=')) kubeconfig = a.slice('--kubeconfig='.length);
    else if (a === '--keep') keep = true;
    else if (a.startsWith('-')) fail(`unknown option ${a}`);
    else if (repo === undefined) repo = a;
    else fail(`unexpected argument ${a}`);
  }
  if (!kubeconfig) fail('--kubeconfig FILE is required');
  if (!process.env.POOL_RECONCILER_KUBECONFIG && !findBinaries()) {
    fail('the control-plane binaries are missing: run `bash scripts/build-control-plane.sh` first (about 10 minutes on 2 cores the first time)');
  }
  if (!canUnshare()) fail('`unshare --user --map-root-user --mount` is not allowed here: KWOK exec needs a private /usr/local/bin');
  const repoPath = path.resolve(repo ?? EXAMPLE_REPO);
  const t0 = Date.now();
  // A repo with targets: the cluster stands for the first (as the sandbox does), and the commands name it.
  const target = repoSettings(repoPath).targets[0]?.name;
  const cluster = await startRealCluster({ repoPath, keep, say: (l) => console.log(l), ...(target !== undefined ? { target } : {}) });
  writeFileSync(kubeconfig, cluster.toolKubeconfig, { mode: 0o600 });
  chmodSync(kubeconfig, 0o600);
  const shown = path.relative(process.cwd(), repoPath) || '.';
  console.log(`
REAL CLUSTER: Kubernetes ${cluster.cp.version.gitVersion} at ${cluster.cp.url}, started and seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s
${cluster.seeded.map((l) => `  - ${l}`).join('\n')}

The tool's kubeconfig (ServiceAccount sf/pool-reconciler, the README's permissions): ${kubeconfig}
An admin kubeconfig (system:masters), for looking around: ${cluster.cp.adminKubeconfigFile}
Logs of every component: ${path.join(cluster.cp.dir, 'logs')}

Try, in another terminal:
${tryCommands({
  invocation: 'npx pool-reconciler',
  kubeconfig,
  repo: shown,
  ...(target !== undefined ? { target } : {}),
  options: ['--clouds-yaml', 'examples/sandbox/clouds.yaml'],
  applyOptions: ['--nodepool-api-url', cluster.nodepoolApiUrl],
}).map((c) => `  ${c}`).join('\n')}

Running until Ctrl-C.`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the control plane...');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await new Promise(() => undefined);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`npm run cluster: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
