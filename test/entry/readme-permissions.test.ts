/**
 * The README's permissions table is what the real-cluster tier grants the tool (test/cluster/support/permissions.ts):
 * it must keep parsing, so that a README edit cannot silently break the tier's RBAC.
 */
import { describe, expect, it } from 'vitest';
import { rbacObjects, readmePermissions } from '../cluster/support/permissions.js';

describe('the README permissions table', () => {
  it('parses into rules for the Software Factory, Tekton, Dispatch and pod-template namespaces and the cluster', () => {
    const perms = readmePermissions();
    expect(new Set(perms.map((p) => p.scope))).toEqual(new Set(['sf', 'tekton', 'dispatch', 'pod-templates', 'cluster']));
    for (const p of perms) {
      expect(p.resource).toMatch(/^[a-z]+(\/[a-z]+)?$/);
      expect(p.verbs.length).toBeGreaterThan(0);
      for (const v of p.verbs) expect(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']).toContain(v);
      // resourceNames cannot restrict list or the create of a new object.
      if (p.names.length) expect(p.verbs.filter((v) => v === 'list' || (v === 'create' && !p.resource.includes('/')))).toEqual([]);
    }
    const objects = rbacObjects(perms, { sf: 'sf', tekton: 'tekton-pipelines', dispatch: 'dispatch', podTemplates: ['dispatch-ci'] }, { name: 'pool-reconciler', namespace: 'sf' });
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}`)).toEqual([
      'Role sf', 'RoleBinding sf', 'Role tekton-pipelines', 'RoleBinding tekton-pipelines', 'Role dispatch-ci', 'RoleBinding dispatch-ci', 'Role dispatch', 'RoleBinding dispatch', 'ClusterRole ', 'ClusterRoleBinding ',
    ]);
    // The Dispatch components' workloads are read, never written.
    expect(perms.filter((p) => p.scope === 'dispatch').map((p) => `${p.apiGroup}/${p.resource} ${p.verbs.join(',')}`)).toEqual(['apps/deployments list']);
  });

  it('refuses a README without the table', () => {
    expect(() => readmePermissions('# no table here\n')).toThrow(/no permissions table/);
  });
});
