import { describe, expect, it } from 'vitest';
import { makeSource } from '../../src/config/source.js';
import { validateNodepool } from '../../src/validate/nodepool.js';
import { collapseIds, impactLines, nodepoolImpact } from '../../src/plan/nodepool-impact.js';
import type { ApiNode, NodepoolSnapshot } from '../../src/plan/nodepool-impact.js';

const CONFIG = `labels:
  - name: small
    min-ready: 2
  - name: big
    min-ready: 5
providers:
  - name: cloud
    cloud: c
    pools:
      - name: main
        max-servers: 3
        labels:
          - name: small
            cloud-image: img
            flavor-name: f
          - name: big
            cloud-image: img
            flavor-name: f
    cloud-images:
      - name: img
`;

function model(text = CONFIG) {
  const v = validateNodepool({ kind: 'nodepool', source: makeSource('nodepool/nodepool.yaml', text) }, { softwareFactory: true });
  expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { root: v.model.root, source: makeSource('nodepool/nodepool.yaml', text) };
}

const node = (id: number, label: string, state: string, provider = 'cloud', pool = 'main'): ApiNode =>
  ({ id: String(id).padStart(10, '0'), provider, label: [label], state, pool });

function snapshot(over: Partial<NodepoolSnapshot>): NodepoolSnapshot {
  return { source: 'https://sf.example.com/nodepool/api', nodes: [], requests: [], labels: ['small', 'big'], ...over };
}

describe("the plan's Nodepool impact, from Nodepool's API", () => {
  it('a removed label: its nodes by state, collapsed ids, and the open requests for it', () => {
    const { root, source } = model();
    const im = nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({
      labels: ['small', 'big', 'gone'],
      nodes: [node(1, 'gone', 'ready'), node(2, 'gone', 'ready'), node(3, 'gone', 'in-use'), node(7, 'gone', 'building'), node(9, 'small', 'ready')],
      requests: [{ id: '200-0000000001', state: 'requested', node_types: ['gone'] }, { id: '200-0000000002', state: 'fulfilled', node_types: ['gone'] }],
    }), impactLines(source, root));
    const item = im.items.find((i) => i.kind === 'label-removed')!;
    expect(item.nodes).toEqual({ total: 4, byState: { building: 1, ready: 2, 'in-use': 1 }, ids: '0000000001-0000000003, 0000000007' });
    expect(item.requests).toEqual({ total: 1, ids: '200-0000000001' });
    expect(item.text).toContain('label "gone" is removed from every pool: its 4 nodes (1 building, 2 ready, 1 in-use)');
    expect(item.text).toContain('1 open node request for it end in NODE_FAILURE');
    expect(im.seen).toEqual({ nodes: 5, requests: 2, labels: 3 });
  });

  it('max-servers below the nodes a pool holds now, positioned at max-servers', () => {
    const { root, source } = model();
    const im = nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({
      nodes: [node(1, 'small', 'in-use'), node(2, 'small', 'in-use'), node(3, 'big', 'ready'), node(4, 'big', 'building'), node(5, 'big', 'deleting')],
    }), impactLines(source, root));
    const item = im.items.find((i) => i.kind === 'max-servers')!;
    expect(item).toMatchObject({ file: 'nodepool/nodepool.yaml', line: 11 });
    expect(item.text).toBe('provider "cloud", pool "main": max-servers 3 is below the 4 nodes it holds now (1 building, 1 ready, 2 in-use): it launches nothing until 1 of them are gone');
  });

  it('a removed provider or pool strands its nodes; min-ready beyond max-servers is said at min-ready', () => {
    const { root, source } = model();
    const im = nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({
      nodes: [node(1, 'small', 'ready', 'old-cloud', 'p'), node(2, 'small', 'ready', 'cloud', 'retired')],
    }), impactLines(source, root));
    expect(im.items.map((i) => [i.kind, i.nodes?.ids])).toEqual([
      ['pool-removed', '0000000002'],
      ['provider-removed', '0000000001'],
      ['min-ready', undefined],
    ]);
    expect(im.items[2]).toMatchObject({ line: 5, text: expect.stringContaining('label "big": min-ready 5 is more than the pools offering it may launch (max-servers 3 in all)') });
  });

  it('nothing to say when the change touches nothing Nodepool holds', () => {
    const { root } = model();
    expect(nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({ nodes: [node(1, 'small', 'ready')] })).items.filter((i) => i.kind !== 'min-ready')).toEqual([]);
  });

  it('collapses ids into runs, and bounds how many are shown', () => {
    expect(collapseIds(['0000000003', '0000000001', '0000000002', '0000000010'])).toBe('0000000001-0000000003, 0000000010');
    expect(collapseIds(Array.from({ length: 30 }, (_, i) => String(i * 2)), 3)).toBe('0, 2, 4 and 27 more');
  });
});
