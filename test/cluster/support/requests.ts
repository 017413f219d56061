/** Plan and apply requests for the real cluster: the tool's least-privilege kubeconfig, timings for a real server. */
import type { ApplyRequest } from '../../../src/run/apply.js';
import type { PlanRequest } from '../../../src/run/plan.js';
import { SECRETS } from '../../support/plan-helpers.js';
import type { TierHandle } from './tier.js';

export const COMMIT = '7c3d9e1f2a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d';

/**
 * The tier's cluster stands for the example repo's `production` target (every pool of cluster.yaml, as the cluster
 * is seeded): the runs here and the CLI processes (POOL_RECONCILER_TARGET, spawnCli) plan and apply that target.
 */
export const TIER_TARGET = 'production';

export function planRequest(t: TierHandle, over: Partial<PlanRequest> = {}): PlanRequest {
  return {
    repoPath: t.repo.dir,
    target: TIER_TARGET,
    kubeconfig: t.cluster.toolKubeconfig,
    secrets: { ...SECRETS },
    commit: COMMIT,
    env: {},
    timeoutMs: 15_000,
    ...over,
  };
}

export function applyRequest(t: TierHandle, lines: string[], over: Partial<ApplyRequest> = {}): ApplyRequest {
  return {
    ...planRequest(t),
    rolloutTimeoutMs: 120_000,
    pollMs: 200,
    progressIntervalMs: 5_000,
    execTimeoutMs: 60_000,
    retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 2_000, maxRetryAfterMs: 2_000 },
    lock: { pollMs: 200 },
    lockWaitMs: 120_000,
    verify: { nodepoolApiUrl: t.cluster.nodepoolApiUrl, timeoutMs: 30_000, pollMs: 250 },
    onProgress: (l) => lines.push(l),
    ...over,
  };
}
