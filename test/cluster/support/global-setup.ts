/**
 * Once per `npm run test:cluster`: find the control plane (built by scripts/build-control-plane.sh, or an external
 * cluster from POOL_RECONCILER_KUBECONFIG) and say which Kubernetes the tier runs against. Under CI=true a control
 * plane that is missing fails the run; otherwise every file skips with a notice.
 */
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import path from 'node:path';
import { findBinaries, findKwok } from './control-plane.js';
import { canUnshare } from './fixture.js';

export default function setup(project: TestProject): void {
  const problems: string[] = [];
  let version = '';
  if (process.env.POOL_RECONCILER_KUBECONFIG) {
    if (!findKwok()) problems.push('kwok is missing (set POOL_RECONCILER_KWOK or run scripts/build-control-plane.sh)');
    version = 'external cluster';
  } else {
    const bin = findBinaries();
    if (!bin) {
      problems.push('the control-plane binaries are missing: run scripts/build-control-plane.sh (about 10 minutes on 2 cores the first time)');
    } else {
      version = execFileSync(path.join(bin, 'kube-apiserver'), ['--version'], { encoding: 'utf8' }).trim().replace(/^Kubernetes\s+/, '');
      console.log(`real-cluster tier: kube-apiserver ${version}, etcd, kube-controller-manager, kube-scheduler and kwok from ${bin.replace(process.env.HOME ?? '\u0000', '~')}`);
    }
  }
  if (!canUnshare()) problems.push('`unshare --user --map-root-user --mount` is not allowed here (KWOK exec needs a private /usr/local/bin)');
  if (problems.length) {
    const msg = `real-cluster tier: cannot run: ${problems.join('; ')}`;
    if (process.env.CI === 'true') throw new Error(msg);
    console.warn(`NOTICE: ${msg}. Skipping the tier (under CI=true this fails).`);
    project.provide('clusterSkip', msg);
    return;
  }
  process.env.POOL_RECONCILER_CLUSTER_VERSION = version;
  project.provide('clusterSkip', '');
}

declare module 'vitest' {
  export interface ProvidedContext {
    clusterSkip: string;
  }
}
