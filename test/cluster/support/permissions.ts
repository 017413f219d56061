/**
 * The permissions the README documents (its `permissions` table, Troubleshooting), as RBAC Roles and ClusterRoles
 * for the tool's ServiceAccount: the tier grants exactly that, so a rule the README lacks fails a test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/shared.js';

export type Scope = 'sf' | 'tekton' | 'dispatch' | 'pod-templates' | 'cluster';

export interface Permission {
  scope: Scope;
  apiGroup: string;
  resource: string;
  verbs: string[];
  names: string[];
}

const SCOPES: Record<string, Scope> = {
  'software factory namespace': 'sf',
  'tekton namespace': 'tekton',
  'dispatch namespace': 'dispatch',
  'each pod-template namespace': 'pod-templates',
  cluster: 'cluster',
};

const unquote = (cell: string): string[] =>
  [...cell.matchAll(/`([^`]*)`/g)].map((m) => m[1]).map((v) => (v === '""' ? '' : v));

/** The README's permissions table. */
export function readmePermissions(readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')): Permission[] {
  const start = readme.indexOf('<!-- permissions:start -->');
  const end = readme.indexOf('<!-- permissions:end -->');
  if (start < 0 || end < start) throw new Error('README.md has no permissions table (<!-- permissions:start --> ... <!-- permissions:end -->)');
  const rows = readme
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|') && !l.startsWith('|---'))
    .slice(1)
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  return rows.map((r) => {
    const scope = SCOPES[r[0].toLowerCase()];
    if (!scope) throw new Error(`README permissions table: unknown scope ${JSON.stringify(r[0])}`);
    return { scope, apiGroup: unquote(r[1])[0] ?? '', resource: unquote(r[2])[0] ?? '', verbs: unquote(r[3]), names: unquote(r[4]) };
  });
}

export interface Namespaces {
  sf: string;
  tekton: string;
  /** The Dispatch addon's namespace (`dispatch.namespace`): its components' workloads. */
  dispatch: string;
  podTemplates: string[];
}

export interface RbacObject {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';
  metadata: { name: string; namespace?: string };
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }>;
  roleRef?: { apiGroup: 'rbac.authorization.k8s.io'; kind: 'Role' | 'ClusterRole'; name: string };
  subjects?: Array<{ kind: 'ServiceAccount'; name: string; namespace: string }>;
}

/** Roles (one per namespace), a ClusterRole, and their bindings to the ServiceAccount `sa` (in `saNamespace`). */
export function rbacObjects(perms: Permission[], ns: Namespaces, sa: { name: string; namespace: string }, roleName = sa.name): RbacObject[] {
  const byNs = new Map<string, Permission[]>();
  const cluster: Permission[] = [];
  for (const p of perms) {
    const targets = p.scope === 'sf' ? [ns.sf] : p.scope === 'tekton' ? [ns.tekton] : p.scope === 'dispatch' ? [ns.dispatch] : p.scope === 'pod-templates' ? ns.podTemplates : [];
    if (p.scope === 'cluster') cluster.push(p);
    for (const t of new Set(targets)) byNs.set(t, [...(byNs.get(t) ?? []), p]);
  }
  const rule = (p: Permission): NonNullable<RbacObject['rules']>[number] => ({
    apiGroups: [p.apiGroup],
    resources: [p.resource],
    verbs: [...p.verbs],
    ...(p.names.length ? { resourceNames: [...p.names] } : {}),
  });
  const subject = [{ kind: 'ServiceAccount' as const, name: sa.name, namespace: sa.namespace }];
  const out: RbacObject[] = [];
  for (const [namespace, ps] of byNs) {
    out.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: roleName, namespace }, rules: ps.map(rule) });
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: roleName, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
      subjects: subject,
    });
  }
  if (cluster.length) {
    out.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: roleName }, rules: cluster.map(rule) });
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: roleName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: subject,
    });
  }
  return out;
}

/**
 * WebSocket exec is authorized as `get` on `pods/exec` (and from v1.35 as both `get` and `create`). The README once
 * granted only `create` (found by this tier, fixed by issue 13); should the table lose `get` again, the tier still
 * adds it for its other tests, and `permissions.test.ts` shows the README alone failing.
 */
export const ISSUE_13_EXEC_GET: Permission = { scope: 'sf', apiGroup: '', resource: 'pods/exec', verbs: ['get'], names: [] };

/** The README's permissions, plus the rules of known defects not fixed yet (each named above). */
export function tierPermissions(): Permission[] {
  const readme = readmePermissions();
  const has = (p: Permission): boolean => readme.some((r) => r.scope === p.scope && r.apiGroup === p.apiGroup && r.resource === p.resource && p.verbs.every((v) => r.verbs.includes(v)));
  return has(ISSUE_13_EXEC_GET) ? readme : [...readme, ISSUE_13_EXEC_GET];
}
