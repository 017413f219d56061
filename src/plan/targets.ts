/**
 * What a target's cluster gets from the repo, as one digest: the target's resolved settings (the cluster objects it
 * names, its Nodepool env and flavor, `nodes`, `conflicts`) and what the plan would want there (the Nodepool files,
 * its node pools' labels and taints, the pod-template ConfigMaps, Tekton's default pod template, the Dispatch
 * placement). Two commits whose digests are equal for a target plan nothing different there: `targets --changed-since`
 * leaves that target out of the matrix. Pure.
 */
import { createHash } from 'node:crypto';
import type { LoadedRepo } from '../config/repo.js';
import type { ValidationResult } from '../validate/index.js';
import { desiredInputFrom } from '../desired/from-validation.js';

export function targetViewDigest(repo: LoadedRepo, validation: ValidationResult): string {
  const { input } = desiredInputFrom(repo, validation, { commit: '', secrets: {} });
  const s = repo.settings;
  const view = {
    settings: { softwareFactory: s.softwareFactory, dispatch: s.dispatch, nodepool: s.nodepool, nodes: s.nodes, conflicts: s.conflicts },
    nodepool: (input.nodepoolFiles ?? []).map((f) => [f.path, f.text]).sort(),
    nodePools: input.nodePools,
    podTemplates: input.podTemplates.map(({ name, namespace, key, value, labels }) => ({ name, namespace, key, value, labels })),
    tekton: input.tektonDefaultPodTemplate ?? null,
    dispatch: input.dispatch ?? null,
  };
  return `sha256:${createHash('sha256').update(JSON.stringify(view)).digest('hex')}`;
}
