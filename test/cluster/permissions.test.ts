/**
 * The README's permissions table against a real API server's RBAC: the tool, run as a ServiceAccount granted exactly
 * that table, applies a first config-update on a cluster that has no providers Secret yet; the API server's audit log
 * shows every request it made was allowed, and that every verb the table grants was used (or is named below with the
 * reason it was not). WebSocket exec's verbs are checked on their own (reference/real-cluster.md §2).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runApply } from '../../src/run/apply.js';
import { placementAfterApply } from '../../src/run/placement.js';
import { CANARY, SECRETS } from '../support/plan-helpers.js';
import { readmePermissions, tierPermissions } from './support/permissions.js';
import type { Permission, Scope } from './support/permissions.js';
import { applyRequest } from './support/requests.js';
import { skipReason, useRealCluster } from './support/tier.js';
import type { TierHandle } from './support/tier.js';

interface AuditEvent {
  stage: string;
  verb: string;
  user: { username: string };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string; apiGroup?: string };
  responseStatus?: { code?: number };
}

/** Verbs of the table the example repo's first config-update does not use, and why they are still documented. */
const NOT_EXERCISED: Record<string, string> = {
  'tekton configmaps list': 'used when pod templates live in the Tekton namespace too (one LIST per namespace with several wanted ConfigMaps)',
  'tekton configmaps create': "used when Tekton's config-defaults does not exist yet",
  'pod-templates configmaps get': 'used when a namespace holds one wanted ConfigMap only (one GET instead of a LIST)',
  'cluster nodes get': 'used to read a node again when its patch got a 409 (it changed since it was observed)',
  'pod-templates configmaps delete': 'used when the repo drops a pod-template ConfigMap pool-reconciler created (test/cluster/reconcile.test.ts)',
  'sf configmaps patch': 'used to update the state ConfigMap when a later apply deploys another commit (test/cluster/reconcile.test.ts)',
  'sf pods/exec create': 'checked by the API server in addition to get from v1.35 (kubernetes PR 134577); the audit log records only the request\'s own verb (get for a WebSocket)',
};

let nodepoolChanges = 0;
/** A Nodepool change (the launcher's `rate`), so that the next apply runs the config refresh (exec). */
function changeNodepool(t: TierHandle): void {
  const text = t.repo.read('nodepool/nodepool.yaml');
  const next = text.replace(/^( {4}rate: )[\d.]+$/m, `$1${(0.5 + ++nodepoolChanges / 100).toFixed(2)}`);
  if (next === text) throw new Error('nodepool/nodepool.yaml has no `rate:` line to change');
  t.repo.write('nodepool/nodepool.yaml', next);
}

describe.skipIf(skipReason())('the README\'s permissions on a real API server', () => {
  const tier = useRealCluster({ providersSecret: false, ciPods: false });
  const lines: string[] = [];
  let events: AuditEvent[] = [];

  it('apply succeeds on a cluster without the providers Secret, as a ServiceAccount granted the README\'s table', async () => {
    const t = tier.get();
    // The workloads were deployed before the Secret existed: they mount none of its keys (sf-operator mounts the keys
    // present at deploy time), so the tool asks for an explicit go-ahead.
    const o = await runApply(applyRequest(t, lines, { skipPlanCheck: true, allowUnmountedSecretKeys: true }));
    if (!o.ok) console.log(lines.join('\n'));
    expect(o.errors).toEqual([]);
    expect(o.ok).toBe(true);
    expect(o.steps.find((s) => s.id === 'Secret/sf/nodepool-providers-secrets')).toMatchObject({ action: 'create', status: 'applied' });
    // What the apply command reads after a successful apply (src/entry/cli.ts, src/run/action.ts): where the Dispatch
    // components and CI pods run; apply itself does not read them.
    const after = await placementAfterApply(applyRequest(t, lines, { skipPlanCheck: true }), o);
    expect(after.error).toBeUndefined();
  });

  it('a second config-update changes the Secret and a pod template (patches of existing objects)', async () => {
    const t = tier.get();
    t.repo.edit('dispatch/pod-templates/docs.yaml', 'priorityClassName: ci-low', 'priorityClassName: ci-high');
    const o = await runApply(applyRequest(t, lines, { skipPlanCheck: true, allowUnmountedSecretKeys: true, secrets: { ...SECRETS, 'clouds.yaml': SECRETS['clouds.yaml'].replace(CANARY, `${CANARY}-rotated-2`) } }));
    expect(o.errors).toEqual([]);
    expect(o.validation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The Nodepool files did not change since the first apply: no config refresh.
    expect(o.steps.filter((s) => s.status === 'applied').map((s) => s.id)).toEqual([
      'Secret/sf/nodepool-providers-secrets',
      'Deployment/sf/nodepool-launcher',
      'StatefulSet/sf/nodepool-builder',
      'ConfigMap/dispatch-ci/docs-pod-template',
    ]);
    const audit = t.cluster.cp.auditLog;
    if (!audit) return;
    events = readFileSync(audit, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l) as AuditEvent)
      .filter((e) => e.stage === 'ResponseComplete' && e.user.username === 'system:serviceaccount:sf:pool-reconciler');
    expect(events.length).toBeGreaterThan(20);
  });

  it('the API server allowed every request the tool made', (ctx) => {
    if (!tier.get().cluster.cp.auditLog) ctx.skip(true, 'no audit log on an external cluster');
    const denied = events.filter((e) => e.responseStatus?.code === 403).map((e) => `${e.verb} ${e.objectRef?.resource}/${e.objectRef?.subresource ?? ''} ${e.objectRef?.namespace ?? ''}`);
    expect(denied).toEqual([]);
  });

  it('every verb the README grants was used by the tool, or is named here with the reason it was not', (ctx) => {
    if (!tier.get().cluster.cp.auditLog) ctx.skip(true, 'no audit log on an external cluster');
    const ns = tier.get().cluster.namespaces;
    const scopeOf = (namespace: string | undefined): Scope | undefined =>
      !namespace ? 'cluster' : namespace === ns.sf ? 'sf' : namespace === ns.tekton ? 'tekton' : namespace === ns.dispatch ? 'dispatch' : ns.podTemplates.includes(namespace) ? 'pod-templates' : undefined;
    const used = new Set(events.filter((e) => e.objectRef?.resource).map((e) => {
      const r = e.objectRef ?? {};
      return `${scopeOf(r.namespace)} ${r.resource}${r.subresource ? `/${r.subresource}` : ''} ${e.verb}`;
    }));
    const unused: string[] = [];
    for (const p of readmePermissions()) {
      for (const v of p.verbs) {
        const key = `${p.scope} ${p.resource} ${v}`;
        if (!used.has(key) && !NOT_EXERCISED[key]) unused.push(key);
      }
    }
    expect(unused).toEqual([]);
  });

  // Found by this tier: the README granted only `create` on pods/exec, and client-node's exec is a WebSocket (an HTTP
  // GET) that the API server authorizes as `get` (from v1.35 as `get` and `create`): every exec was refused. Fixed by
  // issue 13 (README table and the tool's RBAC hint).
  it('the README\'s table alone lets apply run generate-config.sh', async () => {
    const t = tier.get();
    changeNodepool(t);
    const kc = await t.cluster.kubeconfigWith('readme-only', readmePermissions());
    const o = await runApply(applyRequest(t, lines, { skipPlanCheck: true, allowUnmountedSecretKeys: true, kubeconfig: kc }));
    expect(o.errors).toEqual([]);
  });

  it('exec needs get on pods/exec, and from v1.35 create as well', async () => {
    const t = tier.get();
    const without = (verb: string): Permission[] => tierPermissions().map((p) => (p.resource === 'pods/exec' ? { ...p, verbs: p.verbs.filter((v) => v !== verb) } : p)).filter((p) => p.verbs.length);
    const tryWith = async (name: string, perms: Permission[]): Promise<string> => {
      changeNodepool(t); // the config refresh runs only when the Nodepool files changed since the last apply
      const o = await runApply(applyRequest(t, lines, { skipPlanCheck: true, allowUnmountedSecretKeys: true, kubeconfig: await t.cluster.kubeconfigWith(name, perms) }));
      return o.ok ? 'ok' : (o.errors[0]?.message ?? 'failed');
    };
    expect(await tryWith('exec-get-and-create', tierPermissions())).toBe('ok');
    // Refused by the preflight (SelfSubjectAccessReview) or, failing that, by the API server at the exec.
    const refused = (verb: string): RegExp => new RegExp(`may not ${verb} pods/exec|forbidden to exec in pod`);
    expect(await tryWith('exec-create-only', without('get'))).toMatch(refused('get'));
    const minor = Number(t.cluster.cp.version.minor.replace(/\D/g, ''));
    const getOnly = await tryWith('exec-get-only', without('create'));
    if (minor >= 35) expect(getOnly).toMatch(refused('create'));
    else expect(getOnly).toBe('ok');
  });
});
