/**
 * Node writes against the stand-in: a patch that names only what changes, with the resourceVersion read as a
 * precondition (real-cluster.md §4). Fields the client's model does not know (a newer `spec` field, a newer taint
 * field) must survive; a node that has not changed since it was observed takes one request; ownership: what
 * pool-reconciler recorded as its own is removed when the repo drops it, and nothing else.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeClusterClient } from '../../../src/io/cluster/client.js';
import { observe } from '../../../src/io/cluster/observe.js';
import { applyNode, FIELD_MANAGER } from '../../../src/io/cluster/write.js';
import type { ApplyContext } from '../../../src/io/cluster/write.js';
import { desire } from '../../../src/desired/desired.js';
import type { DesiredNodePool } from '../../../src/desired/types.js';
import type { LiveNode } from '../../../src/plan/live.js';
import { NODE_OWNERSHIP_ANNOTATION, parseOwnership, poolOnNode } from '../../../src/plan/node-pool.js';
import { startKubeApiServer } from '../../support/kube-apiserver.js';
import type { KubeApiServer } from '../../support/kube-apiserver.js';
import { baseInput } from '../../support/plan-helpers.js';

const TAINT = { key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' };
const POOL: DesiredNodePool = { name: 'dispatch', labels: { 'ci.example.org/role': 'dispatch' }, taints: [TAINT] };
const FOREIGN = { key: 'someone.else/maintenance', effect: 'NoSchedule' };

describe('poolOnNode (the one computation of plan and apply)', () => {
  const pool = {
    name: 'dispatch',
    labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch', role: 'ci' },
    taints: [
      { key: 'dedicated', effect: 'NoSchedule' },
      { key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' },
    ],
  };

  it('replaces declared taints in place, appends missing ones, keeps every other taint and label; adopts without a record', () => {
    const node = {
      labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch', other: 'x' },
      taints: [
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
        { key: 'konvoy.mesosphere.com/node_pool', value: 'old', effect: 'NoExecute' },
        { key: 'konvoy.mesosphere.com/node_pool', value: 'keep', effect: 'NoSchedule' },
      ],
    };
    const r = poolOnNode(node, pool);
    expect(r.adopted).toBe(true);
    expect(r.setLabels).toEqual({ role: 'ci' });
    expect(r.removeLabels).toEqual([]);
    expect(r.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      { key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' },
      { key: 'konvoy.mesosphere.com/node_pool', value: 'keep', effect: 'NoSchedule' },
      { key: 'dedicated', effect: 'NoSchedule' },
    ]);
    expect(parseOwnership(r.ownership?.value ?? undefined)).toEqual({
      labels: ['konvoy.mesosphere.com/node_pool', 'role'],
      taints: ['dedicated:NoSchedule', 'konvoy.mesosphere.com/node_pool:NoExecute'],
    });
    const after = { labels: { ...node.labels, ...r.setLabels }, taints: r.taints, ownership: r.ownership?.value ?? undefined };
    const again = poolOnNode(after, pool);
    expect(again.changes).toEqual([]);
    expect(again.adopted).toBe(false);
  });

  it('drops a declared taint value when the pool declares none', () => {
    const r = poolOnNode({ labels: {}, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] }, { name: 'p', labels: {}, taints: [{ key: 'dedicated', effect: 'NoSchedule' }] });
    expect(r.taints).toEqual([{ key: 'dedicated', effect: 'NoSchedule' }]);
    expect(r.taintEdits).toEqual([{ index: 0, op: 'value' }]);
  });

  it('removes what its record owns and the repo dropped, never what it does not own', () => {
    const ownership = JSON.stringify({ labels: ['role'], taints: ['konvoy.mesosphere.com/node_pool:NoExecute'] });
    const node = { labels: { role: 'ci', other: 'x' }, taints: [FOREIGN, TAINT], ownership };
    const r = poolOnNode(node, { name: 'dispatch', labels: {}, taints: [] });
    expect(r.removeLabels).toEqual(['role']);
    expect(r.taints).toEqual([FOREIGN]);
    expect(r.ownership).toEqual({ value: null });
    expect(r.changes.map((c) => `${c.op} ${c.path}`)).toEqual([
      'remove metadata.labels["role"]',
      'remove spec.taints["konvoy.mesosphere.com/node_pool:NoExecute"]',
      `remove metadata.annotations["${NODE_OWNERSHIP_ANNOTATION}"]`,
    ]);
    // The same pool without a record: nothing it could tell apart is removed.
    const legacy = poolOnNode({ ...node, ownership: undefined }, { name: 'dispatch', labels: {}, taints: [] });
    expect(legacy.changes).toEqual([]);
  });
});

describe('applyNode against the stand-in', () => {
  let server: KubeApiServer;
  let ctx: ApplyContext;
  const observed = async (): Promise<LiveNode> => {
    const live = await observe(ctx.client, desire(baseInput({ secrets: {}, podTemplates: [], tektonDefaultPodTemplate: undefined })));
    const n = live.nodes.find((x) => x.name === 'n1');
    if (!n) throw new Error('n1 not observed');
    return n;
  };
  beforeEach(async () => {
    server = await startKubeApiServer({ namespaces: ['sf'] });
    server.put({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1', labels: { 'konvoy.mesosphere.com/node_pool': 'dispatch' } },
      spec: {
        providerID: 'aws:///us-west-2a/i-1',
        futureField: { keep: 'me' },
        taints: [{ ...FOREIGN, futureTaintField: 'kept' }],
      },
    });
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfigYaml());
    ctx = { client: makeClusterClient(kc, { timeoutMs: 2_000 }), kc, fieldManager: FIELD_MANAGER, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, progress: () => undefined };
  });
  afterEach(async () => {
    await server.close();
  });

  it('keeps a spec field and a taint field the client does not model; one PATCH, no read, no PUT', async () => {
    const n = await observed();
    const before = server.requests.length;
    const r = await applyNode(ctx, n, { pool: POOL });
    expect(r).toMatchObject({ status: 'applied', writes: 1 });
    const sent = server.requests.slice(before);
    expect(sent.map((x) => x.method)).toEqual(['PATCH']);
    expect(sent[0].contentType).toContain('application/json-patch+json');
    expect(JSON.parse(sent[0].body)).toContainEqual({ op: 'replace', path: '/metadata/resourceVersion', value: n.resourceVersion });
    const stored = server.get('Node', 'n1') as { spec: Record<string, unknown>; metadata: { labels: Record<string, string>; annotations: Record<string, string> } };
    expect(stored.metadata.labels['ci.example.org/role']).toBe('dispatch');
    expect(stored.spec.futureField).toEqual({ keep: 'me' });
    expect(stored.spec.providerID).toBe('aws:///us-west-2a/i-1');
    expect(stored.spec.taints).toEqual([{ ...FOREIGN, futureTaintField: 'kept' }, TAINT]);
    expect(parseOwnership(stored.metadata.annotations[NODE_OWNERSHIP_ANNOTATION])).toEqual({ labels: ['ci.example.org/role'], taints: ['konvoy.mesosphere.com/node_pool:NoExecute'] });
    // Applying again changes nothing and sends nothing.
    const n2 = await observed();
    const mark = server.requests.length;
    expect(await applyNode(ctx, n2, { pool: POOL })).toMatchObject({ status: 'unchanged', writes: 0 });
    expect(server.requests.length).toBe(mark);
  });

  it('on 409 (the node changed since observed) reads again and keeps what the other writer added', async () => {
    const n = await observed();
    const cur = server.get('Node', 'n1') as { metadata: { labels: Record<string, string> }; spec: { taints: object[] } };
    cur.metadata.labels['added.meanwhile/by'] = 'someone';
    cur.spec.taints.push({ key: 'other/x', effect: 'PreferNoSchedule' });
    server.put(cur);
    const r = await applyNode(ctx, n, { pool: POOL });
    expect(r).toMatchObject({ status: 'applied', writes: 1 });
    expect(server.count({ method: 'PATCH' })).toBe(2); // the first was refused with 409
    const stored = server.get('Node', 'n1') as { spec: { taints: object[]; futureField: unknown }; metadata: { labels: Record<string, string> } };
    expect(stored.metadata.labels['added.meanwhile/by']).toBe('someone');
    expect(stored.spec.taints).toEqual([{ ...FOREIGN, futureTaintField: 'kept' }, { key: 'other/x', effect: 'PreferNoSchedule' }, TAINT]);
    expect(stored.spec.futureField).toEqual({ keep: 'me' });
  });

  it('a node that lost a taint since it was observed (a 422 on an op by index, before the resourceVersion is compared) is a conflict: read again and redo', async () => {
    await applyNode(ctx, await observed(), { pool: POOL });
    const n = await observed(); // [foreign, pool taint]: the pool's value change is an op on /spec/taints/1
    const cur = server.get('Node', 'n1') as { spec: { taints: object[] } };
    cur.spec.taints = cur.spec.taints.slice(1); // a controller took the foreign taint away meanwhile
    server.put(cur);
    const r = await applyNode(ctx, n, { pool: { ...POOL, taints: [{ ...TAINT, value: 'dispatch-2' }] } });
    expect(r).toMatchObject({ status: 'applied', writes: 1 });
    expect(server.count({ method: 'PATCH', status: 422 })).toBe(1);
    const stored = server.get('Node', 'n1') as { spec: { taints: object[] } };
    expect(stored.spec.taints).toEqual([{ ...TAINT, value: 'dispatch-2' }]);
  });

  it('its dry run (the preflight) is one PATCH even when the node changed since observed (a status heartbeat): no 409, no read', async () => {
    const n = await observed();
    const cur = server.get('Node', 'n1') as { status?: Record<string, unknown> };
    server.put({ ...cur, status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: new Date().toISOString() }] } });
    const before = server.requests.length;
    const r = await applyNode({ ...ctx, dryRun: true }, n, { pool: POOL });
    expect(r).toMatchObject({ status: 'applied', writes: 0 });
    const sent = server.requests.slice(before);
    expect(sent.map((x) => `${x.method} ${x.status ?? ''}`)).toEqual(['PATCH 200']);
    expect(sent[0].query.dryRun).toBe('All');
    expect(JSON.parse(sent[0].body)).not.toContainEqual(expect.objectContaining({ path: '/metadata/resourceVersion' }));
    // Nothing was stored; the write itself still carries the resourceVersion as a precondition.
    expect((server.get('Node', 'n1') as { metadata: { labels: Record<string, string> } }).metadata.labels['ci.example.org/role']).toBeUndefined();
    expect(await applyNode(ctx, n, { pool: POOL })).toMatchObject({ status: 'applied', writes: 1 });
    expect(server.count({ method: 'PATCH', status: 409 })).toBe(1);
  });

  it('removes the taint it recorded as its own and keeps a foreign one, with unknown fields', async () => {
    await applyNode(ctx, await observed(), { pool: POOL });
    const r = await applyNode(ctx, await observed(), { pool: { ...POOL, taints: [] } });
    expect(r.status).toBe('applied');
    const stored = server.get('Node', 'n1') as { spec: { taints: object[] } };
    expect(stored.spec.taints).toEqual([{ ...FOREIGN, futureTaintField: 'kept' }]);
  });
});
