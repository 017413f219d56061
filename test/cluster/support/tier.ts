/**
 * What each file of the tier does first: skip (with the global setup's notice) when the control plane cannot run
 * here and CI is not set, else start a seeded real cluster for the file, and stop it after. A failure to start
 * prints the components' logs.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { copyExampleRepo } from '../../support/example-repo.js';
import type { RepoCopy } from '../../support/example-repo.js';
import { startRealCluster } from './fixture.js';
import type { FixtureOptions, RealCluster } from './fixture.js';

/** Empty when the tier can run; else why not (the files skip). */
export const skipReason = (): string => inject('clusterSkip');

export interface TierHandle {
  cluster: RealCluster;
  repo: RepoCopy;
}

/** Starts a seeded cluster for the file (beforeAll) and stops it (afterAll). Read the handle inside tests. */
export function useRealCluster(options: Omit<FixtureOptions, 'repoPath'> = {}): { get(): TierHandle } {
  let handle: TierHandle | undefined;
  beforeAll(async () => {
    if (skipReason()) return;
    const repo = copyExampleRepo();
    const t0 = Date.now();
    try {
      const cluster = await startRealCluster({ repoPath: repo.dir, ...options });
      console.log(`real cluster: Kubernetes ${cluster.cp.version.gitVersion}, started and seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      handle = { cluster, repo };
    } catch (err) {
      repo.cleanup();
      throw err;
    }
  });
  afterAll(async () => {
    if (!handle) return;
    await handle.cluster.stop();
    handle.repo.cleanup();
  });
  return {
    get(): TierHandle {
      if (!handle) throw new Error('the real cluster did not start');
      return handle;
    },
  };
}

/** The resourceVersion of the providers Secret: unchanged means apply wrote nothing there. */
export async function providersSecretVersion(t: TierHandle): Promise<string | undefined> {
  return (await t.cluster.core.readNamespacedSecret({ name: 'nodepool-providers-secrets', namespace: 'sf' })).metadata?.resourceVersion;
}
