import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/config/repo.js';
import { validateCluster } from '../../src/validate/cluster.js';
import { checkDispatch } from '../../src/validate/dispatch.js';
import { validateInventory } from '../../src/validate/inventory.js';
import { validatePodTemplate } from '../../src/validate/pod-template.js';

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'config-repo');

describe('examples/config-repo: the Konvoy, Dispatch and image-builder parts', () => {
  const repo = loadRepo(EXAMPLE);
  const byKind = (k: string) => repo.files.filter((f) => f.kind === k);

  it('is found by the loader, with the pod-template key set to `template`', () => {
    expect(repo.diagnostics).toEqual([]);
    expect(repo.settings.dispatch.podTemplateKey).toBe('template');
    expect(byKind('cluster')).toHaveLength(1);
    expect(byKind('pod-template').map((f) => f.source.path)).toEqual(['dispatch/pod-templates/app.yaml', 'dispatch/pod-templates/docs.yaml']);
    expect(byKind('inventory')).toHaveLength(1);
    expect(byKind('known-hosts')).toHaveLength(1);
    expect(byKind('playbook').map((f) => f.source.path)).toContain('nodepool/dib-ansible/centos-9.yaml');
  });

  it('validates clean', () => {
    const cluster = validateCluster(byKind('cluster')[0], repo.settings);
    const templates = byKind('pod-template').map((f) => validatePodTemplate(f, repo.settings));
    const inventory = validateInventory(byKind('inventory')[0], byKind('playbook'), byKind('known-hosts')[0]);
    const all = [
      ...cluster.diagnostics,
      ...templates.flatMap((t) => t.diagnostics),
      ...checkDispatch(cluster.model, templates.map((t) => t.model)),
      ...inventory.diagnostics,
    ];
    expect(all).toEqual([]);
  });

  it('has what the example is meant to show', () => {
    const cluster = validateCluster(byKind('cluster')[0], repo.settings).model;
    expect(cluster.apiVersion).toBe('konvoy.mesosphere.io/v1beta2');
    expect(cluster.provider).toBe('aws');
    const dispatch = cluster.pools.find((p) => p.name === 'dispatch')!;
    expect(dispatch.taints.map((t) => `${t.key}=${t.value}:${t.effect}`)).toEqual(['konvoy.mesosphere.com/node_pool=dispatch:NoExecute']);
    expect(dispatch.labels.map((l) => `${l.key}=${l.value}`)).toEqual(['konvoy.mesosphere.com/node_pool=dispatch']);
    expect(cluster.provisionerPools.filter((p) => p.controlPlane).map((p) => p.count)).toEqual([3]);
    expect(cluster.dispatch?.components.map((c) => c.name)).toEqual([
      'dispatch', 'argo-cd.controller', 'argo-cd.server', 'argo-cd.repoServer', 'tekton-dashboard', 'tekton',
    ]);
    expect(cluster.dispatch?.defaultPodTemplate?.template?.tolerations).toHaveLength(1);

    const inventory = validateInventory(byKind('inventory')[0], byKind('playbook'), byKind('known-hosts')[0]);
    expect(inventory.hosts.map((h) => [h.name, h.user, h.port ?? 22])).toEqual([
      ['image-builder-01', 'nodepool', 22],
      ['image-builder-02', 'nodepool', 2222],
    ]);
  });
});
