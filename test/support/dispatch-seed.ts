/**
 * The Dispatch components' workloads and CI pods on the stand-in (src/sandbox/dispatch-seed.ts, the sandbox demo's
 * seed): for the repo at `repoDir`, some components without the repo's tolerations, some CI namespaces off their pool.
 */
import { loadRepo } from '../../src/config/repo.js';
import { validateRepo } from '../../src/validate/index.js';
import { dispatchSeedForRepo } from '../../src/sandbox/dispatch-seed.js';
import type { DispatchSeed, DispatchSeedOptions } from '../../src/sandbox/dispatch-seed.js';
import type { KubeApiServer, KubeObject } from './kube-apiserver.js';

export function seedDispatch(server: KubeApiServer, repoDir: string, options: Omit<DispatchSeedOptions, 'nodes' | 'pods'> & { nodes?: Record<string, string[]> } = {}): DispatchSeed {
  const repo = loadRepo(repoDir);
  const seed = dispatchSeedForRepo(repo, validateRepo(repo), { ...options, pods: true });
  if (!seed) throw new Error(`${repoDir} has neither a Dispatch addon nor pod templates`);
  for (const ns of seed.namespaces) if (!server.get('Namespace', undefined, ns)) server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  for (const o of seed.objects) server.put(o as unknown as KubeObject);
  return seed;
}
