/**
 * The state ConfigMap as an attacker with edit rights on ConfigMaps in the Software Factory namespace would write it
 * (issue 23), on the stand-in API server: an entry that names another namespace's ConfigMap, an entry that is not a
 * ConfigMap name at all, and a gzip bomb in `nodepool-content`. None of them makes the plan read or delete anything
 * it should not, and each is said in the plan's notes.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runApply } from '../../src/run/apply.js';
import { runPlan } from '../../src/run/plan.js';
import type { Plan } from '../../src/plan/types.js';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, OWNER_ANNOTATION, STATE_CONFIGMAP } from '../../src/plan/state.js';
import { objectWrites, request, eachCluster } from '../support/apply-helpers.js';
import type { Cluster } from '../support/apply-helpers.js';

let c: Cluster;
eachCluster((x) => (c = x));

async function plan(): Promise<Plan> {
  const o = await runPlan(request(c));
  expect(o.errors).toEqual([]);
  expect(o.stage).toBe('done');
  return o.plan!;
}

/** Applies once, then edits the state ConfigMap's data as `edit` says. */
async function appliedThenEdited(edit: (data: Record<string, string>) => void): Promise<void> {
  const o = await runApply(request(c));
  expect(o.ok).toBe(true);
  const st = c.server.get('ConfigMap', 'sf', STATE_CONFIGMAP)!;
  const data = { ...(st.data as Record<string, string>) };
  edit(data);
  c.server.put({ ...st, data });
  c.server.clearRequests();
}

const addEntry = (ref: string) => (data: Record<string, string>): void => {
  const managed = JSON.parse(data.managed) as { pools: string[]; configMaps: string[] };
  data.managed = JSON.stringify({ ...managed, configMaps: [...managed.configMaps, ref] });
};

const deletions = (p: Plan): string[] => p.steps.filter((s) => s.action === 'delete').map((s) => s.id);

describe('state entries, on the stand-in', () => {
  it("threat: a state entry naming another namespace's ConfigMap that carries the generic managed-by label is planned for deletion; holds: entries outside the namespaces this repo names are neither read nor deleted", async () => {
    c.server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other-team' } });
    c.server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'their-config', namespace: 'other-team', labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } }, data: { k: 'v' } });
    await appliedThenEdited(addEntry('other-team/their-config'));
    const p = await plan();
    expect(deletions(p)).toEqual([]);
    expect(p.notes).toContainEqual(expect.stringContaining('"other-team/their-config" is in namespace other-team, which this repo does not name'));
    expect(c.server.requests.filter((r) => r.path.includes('/namespaces/other-team'))).toEqual([]);
    await runApply(request(c));
    expect(c.server.get('ConfigMap', 'other-team', 'their-config')).toBeDefined();
  });

  it('threat: a state entry victim/.. makes the plan read the Namespace as a ConfigMap; holds: each entry is checked as a DNS-1123 namespace and name before any request, and none is built from it', async () => {
    c.server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'victim' } });
    await appliedThenEdited((data) => ['victim/..', 'dispatch-ci/..'].forEach((ref) => addEntry(ref)(data)));
    const p = await plan();
    expect(c.server.requests.filter((r) => /\/configmaps\/\.|\/namespaces\/(victim|dispatch-ci)$/.test(r.path))).toEqual([]);
    expect(deletions(p)).toEqual([]);
    expect(p.notes).toContainEqual(expect.stringContaining('"victim/.." is not a namespace/name pair'));
    expect(p.notes).toContainEqual(expect.stringContaining('"dispatch-ci/.." is not a namespace/name pair'));
  });

  it('threat: a gzip bomb in the state\'s nodepool-content (611 KB that inflate to 450 MB); holds: it is inflated only up to 16 MiB, the plan says the content is too large to read and compares by digest', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 }).toString('base64');
    await appliedThenEdited((data) => (data['nodepool-content'] = bomb));
    const p = await plan();
    expect(p.notes).toContainEqual(expect.stringMatching(/^the state ConfigMap's nodepool-content inflates to more than 16 MiB/));
    // The state is still read: nothing else changed, so nothing is planned.
    expect(p.changes).toBe(0);
    expect(p.nodepool?.refresh).toBe(false);
    c.server.clearRequests();
    const again = await runApply(request(c));
    expect(again.ok).toBe(true);
    // The apply writes the state again, and only it: the next plan reads the content as before.
    expect(objectWrites(c.server).map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /api/v1/namespaces/sf/configmaps/${STATE_CONFIGMAP}`]);
    expect((await plan()).notes.filter((n) => n.includes('nodepool-content'))).toEqual([]);
  });

  it("threat: another repository's or target's pod-template ConfigMap in a shared namespace carries the same generic managed-by label, so a state entry naming it gets it deleted; holds: the owner mark says which repository and target created a ConfigMap, and one created by another is never deleted", async () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/sf-config' };
    const o = await runApply(request(c, { env }));
    expect(o.ok).toBe(true);
    // What this repo created says so.
    const ours = c.server.get('ConfigMap', 'dispatch-ci', 'app-pod-template');
    expect(ours?.metadata?.annotations?.[OWNER_ANNOTATION]).toBe('github.com/acme/sf-config#default');
    for (const [name, owner] of [['theirs', 'github.com/other-team/ci-config#default'], ['staging-one', 'github.com/acme/sf-config#staging']]) {
      c.server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'dispatch-ci', labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE }, annotations: { [OWNER_ANNOTATION]: owner } }, data: { k: 'v' } });
    }
    const st = c.server.get('ConfigMap', 'sf', STATE_CONFIGMAP)!;
    const data = { ...(st.data as Record<string, string>) };
    addEntry('dispatch-ci/theirs')(data);
    addEntry('dispatch-ci/staging-one')(data);
    c.server.put({ ...st, data });
    const p = (await runPlan(request(c, { env }))).plan!;
    expect(deletions(p)).toEqual([]);
    expect(p.notes).toContainEqual(expect.stringContaining('ConfigMap dispatch-ci/theirs was created by github.com/other-team/ci-config (target default), not by this repository and target: it is not deleted'));
    expect(p.notes).toContainEqual(expect.stringContaining('ConfigMap dispatch-ci/staging-one was created by github.com/acme/sf-config (target staging)'));
    expect((await runApply(request(c, { env }))).ok).toBe(true);
    expect(c.server.get('ConfigMap', 'dispatch-ci', 'theirs')).toBeDefined();
    expect(c.server.get('ConfigMap', 'dispatch-ci', 'staging-one')).toBeDefined();
  });

  it("threat: one target's credentials reach another target's cluster (an environment's secret pasted into the wrong one), and its apply overwrites that cluster with its own view; holds: the state says which repository and target wrote it, and a state of another is a blocker (conflicts: adopt takes it over)", async () => {
    const staging = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/sf-config' };
    expect((await runApply(request(c, { env: staging }))).ok).toBe(true);
    expect(c.server.get('ConfigMap', 'sf', STATE_CONFIGMAP)!.data).toMatchObject({ owner: 'github.com/acme/sf-config#default' });
    const other = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'other-team/ci-config' };
    const p = (await runPlan(request(c, { env: other }))).plan!;
    expect(p.blockers).toContainEqual(expect.stringContaining(`the state ConfigMap sf/${STATE_CONFIGMAP} was written by github.com/acme/sf-config (target default); this run is github.com/other-team/ci-config (target default)`));
    c.server.clearRequests();
    const refused = await runApply(request(c, { env: other }));
    expect(refused.ok).toBe(false);
    expect(objectWrites(c.server)).toEqual([]);
  });
});
