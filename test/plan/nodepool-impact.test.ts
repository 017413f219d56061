import { describe, expect, it } from 'vitest';
import { makeSource } from '../../src/config/source.js';
import { validateNodepool } from '../../src/validate/nodepool.js';
import { collapseIds, impactLines, nodepoolImpact } from '../../src/plan/nodepool-impact.js';
import type { ApiNode, ApiUpload, NodepoolSnapshot } from '../../src/plan/nodepool-impact.js';
import { desire } from '../../src/desired/desired.js';
import { emptyLiveState } from '../../src/plan/live.js';
import { diff } from '../../src/plan/diff.js';
import { baseInput } from '../support/plan-helpers.js';

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

const LAUNCHER = `labels:
  - name: c9
  - name: c9-large
  - name: noble
providers:
  - name: cloud
    driver: openstack
    cloud: vexx
    diskimages:
      - name: centos-9
      - name: centos-10
    cloud-images:
      - name: noble-img
    pools:
      - name: main
        max-servers: 10
        labels:
          - name: c9
            diskimage: centos-9
            flavor-name: f
          - name: c9-large
            diskimage: centos-10
            flavor-name: f
          - name: noble
            cloud-image: noble-img
            flavor-name: f
diskimages:
  - name: centos-9
  - name: centos-10
`;

const BUILDER = `diskimages:
  - name: centos-10
    elements: [centos]
providers:
  - name: cloud
    driver: openstack
    cloud: vexx
    diskimages:
      - name: centos-10
`;

function builderModel(text: string) {
  const v = validateNodepool({ kind: 'nodepool-builder', source: makeSource('nodepool/nodepool-builder.yaml', text) }, { softwareFactory: false });
  return { file: 'nodepool/nodepool-builder.yaml', root: v.model.root };
}

const upload = (build: number, image: string, state = 'ready', provider = 'cloud', n = 1): ApiUpload =>
  ({ build: String(build).padStart(10, '0'), upload: String(n).padStart(10, '0'), provider, image, state });

describe("the plan's Nodepool impact: diskimages, from image-list and dib-image-list", () => {
  it('a diskimage the builder drops while a label boots from it: its builds and uploads deleted, the label named', () => {
    const { root } = model(LAUNCHER);
    const im = nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({
      labels: ['c9', 'c9-large', 'noble'],
      uploads: [upload(3, 'centos-9'), upload(4, 'centos-9'), upload(5, 'centos-9', 'uploading'), upload(6, 'centos-9', 'deleting'), upload(1, 'centos-10')],
      builds: [{ id: '0000000003', image: 'centos-9', state: 'ready' }, { id: '0000000004', image: 'centos-9', state: 'ready' }, { id: '0000000005', image: 'centos-9', state: 'ready' }, { id: '0000000001', image: 'centos-10', state: 'ready' }],
    }), undefined, { builder: builderModel(BUILDER) });
    expect(im.items.map((i) => i.kind)).toEqual(['diskimage-removed']);
    const [item] = im.items;
    expect(item.images).toEqual({ uploads: 3, byState: { uploading: 1, ready: 2 }, builds: 3, ids: '0000000003-0000000005' });
    expect(item.text).toBe('diskimage "centos-9" is removed from the builder\'s config (nodepool/nodepool-builder.yaml): Nodepool\'s builder deletes its 3 builds and 3 uploads (in "cloud": 1 uploading, 2 ready); labels still boot from it: "c9" (provider "cloud", pool "main"): once its uploads are gone, Nodepool declines their node requests ("images are not available") and the jobs asking for them end in NODE_FAILURE');
    expect(im.seen).toMatchObject({ uploads: 5 });
  });

  it('a diskimage dropped from one provider of the builder loses its uploads there only', () => {
    const { root } = model(LAUNCHER);
    const builder = BUILDER.replace('  - name: centos-10\n    elements', '  - name: centos-9\n    elements: [centos]\n  - name: centos-10\n    elements');
    const im = nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({
      labels: ['c9', 'c9-large', 'noble'],
      uploads: [upload(3, 'centos-9'), upload(1, 'centos-10')],
    }), undefined, { builder: builderModel(builder) });
    expect(im.items.map((i) => [i.kind, i.images?.ids])).toEqual([['diskimage-removed', '0000000003']]);
    expect(im.items[0].text).toMatch(/^diskimage "centos-9" is removed from provider "cloud" in the builder's config \(nodepool\/nodepool-builder.yaml\): the builder deletes its 1 upload there \(1 ready\); labels still boot from it: "c9"/);
  });

  it('a label whose diskimage has no ready upload: named, and when the only uploads there are of a removed image, said', () => {
    const { root } = model(LAUNCHER.replace('diskimage: centos-9', 'diskimage: centos-10'));
    const builder = builderModel(BUILDER.replace('  - name: centos-10\n    elements', '  - name: centos-10\n    elements'));
    const im = nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({
      labels: ['c9', 'c9-large', 'noble'],
      uploads: [upload(3, 'centos-9'), upload(7, 'centos-10', 'uploading')],
    }), undefined, { builder });
    expect(im.items.map((i) => i.kind)).toEqual(['diskimage-removed', 'diskimage-not-uploaded']);
    expect(im.items[0].text).not.toContain('labels still boot from it');
    expect(im.items[1].text).toBe('provider "cloud": labels "c9" (pool "main"), "c9-large" (pool "main") boot from diskimage "centos-10", of which Nodepool lists no ready upload in "cloud"; the only images uploaded there are builds of "centos-9", which this change removes: until the builder builds and uploads it, Nodepool declines their node requests ("images are not available")');
    // Without image-list (an older snapshot), nothing is said of images.
    expect(nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({ labels: ['c9', 'c9-large', 'noble'] })).items).toEqual([]);
  });
});

describe("the plan's Nodepool impact: a provider's launch errors, from node-list and request-list", () => {
  const worker = (provider: string, pool: string): string => `nodepool-launcher-5d8-PoolWorker.${provider}-${pool}-0123456789abcdef0123456789abcdef`;

  it('failed nodes and requests declined by a pool that offers their labels; the clouds.yaml given or not', () => {
    const { root } = model(LAUNCHER);
    const snap = snapshot({
      labels: ['c9', 'c9-large', 'noble'],
      nodes: [node(11, 'c9', 'failed'), node(12, 'c9', 'ready'), node(13, 'noble', 'failed')],
      requests: [
        { id: '200-0000000004', state: 'requested', node_types: ['c9'], declined_by: [worker('cloud', 'main')] },
        // Declined by a pool that does not offer the label: a matter of course, not an error.
        { id: '200-0000000005', state: 'requested', node_types: ['other'], declined_by: [worker('cloud', 'main')] },
        { id: '200-0000000006', state: 'fulfilled', node_types: ['c9'], declined_by: [worker('cloud', 'main')] },
      ],
    });
    const im = nodepoolImpact('nodepool/nodepool.yaml', root, snap, undefined, { secrets: { clouds: false, kube: false } });
    expect(im.items.map((i) => i.kind)).toEqual(['launch-errors']);
    expect(im.items[0]).toMatchObject({ nodes: { total: 2, byState: { failed: 2 }, ids: '0000000011, 0000000013' }, requests: { total: 1, ids: '200-0000000004' } });
    expect(im.items[0].text).toBe('provider "cloud": Nodepool shows launch errors: 2 failed nodes (launches that failed after their retries); 1 node request declined by its pools although they offer the labels asked for (a launch that failed, images not available, or beyond the provider\'s quota); this run was given no clouds.yaml: whether the providers Secret has cloud "vexx" was not checked');
    const given = nodepoolImpact('nodepool/nodepool.yaml', root, snap, undefined, { secrets: { clouds: true, kube: false } });
    expect(given.items[0].text).toContain('its cloud "vexx" is in the clouds.yaml given to this run: the cloud is not reachable from the launcher, or the launcher runs with an older copy of the providers Secret');
  });

  it('nothing when no node failed and no pool declined what it offers', () => {
    const { root } = model(LAUNCHER);
    expect(nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({
      labels: ['c9', 'c9-large', 'noble'],
      nodes: [node(12, 'c9', 'ready'), node(14, 'c9', 'aborted')],
      requests: [{ id: '200-0000000005', state: 'requested', node_types: ['c9'], declined_by: ['garbage'] }],
    })).items).toEqual([]);
  });
});

describe("the plan's Nodepool impact: static nodes, as Nodepool's static driver treats them", () => {
  const STATIC = (labels: string, second = true) => `labels:
  - name: static-new
providers:
  - name: metal
    driver: static
    pools:
      - name: main
        nodes:
          - name: host-a.example.org
            labels: [${labels}]
            connection-port: 2222
${second ? `          - name: host-b.example.org
            labels: [${labels}]
` : ''}`;
  const staticNode = (id: number, label: string, state: string, hostname: string, port = 22): ApiNode =>
    ({ ...node(id, label, state, 'metal', 'main'), hostname, username: 'zuul', connection_port: port });

  it('a removed label whose static nodes stay in the config: relabelled in place, not stranded', () => {
    const { root } = model(STATIC('static-new'));
    const im = nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({
      labels: ['static-old'],
      nodes: [staticNode(0, 'static-old', 'ready', 'host-a.example.org', 2222), staticNode(1, 'static-old', 'ready', 'host-b.example.org')],
    }));
    expect(im.items).toHaveLength(1);
    expect(im.items[0].nodes).toMatchObject({ total: 2, byState: { ready: 2 } });
    expect(im.items[0].text).toBe('label "static-old" is removed from every pool: its 2 nodes (2 ready): 2 static nodes stay registered with their new labels (the static driver updates them in place)');
  });

  it('a static node gone from the config is deregistered, whatever its label', () => {
    const { root } = model(STATIC('static-new', false));
    const im = nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({
      labels: ['static-old'],
      nodes: [staticNode(0, 'static-old', 'ready', 'host-a.example.org', 2222), staticNode(1, 'static-old', 'in-use', 'host-b.example.org')],
    }));
    expect(im.items[0].text).toBe('label "static-old" is removed from every pool: its 2 nodes (1 ready, 1 in-use): 1 static node stays registered with its new labels (the static driver updates it in place); 1 static node is no longer in the config: Nodepool deregisters it (a ready one at once, an in-use one when its job ends)');
  });
});

describe('the pools now (drift adds them to the label comparison)', () => {
  it("each pool of the repo and each pool holding nodes, with its nodes by state and the repo's max-servers", async () => {
    const { root, source } = model();
    const im = nodepoolImpact('nodepool/nodepool.yaml', root, snapshot({
      nodes: [node(1, 'small', 'ready'), node(2, 'small', 'in-use'), node(3, 'big', 'in-use'), node(4, 'small', 'deleted'), node(8, 'old', 'ready', 'legacy', 'p1')],
    }), impactLines(source, root));
    expect(im.pools).toEqual([
      { provider: 'cloud', pool: 'main', maxServers: 3, inRepo: true, nodes: { total: 3, byState: { ready: 1, 'in-use': 2 }, ids: '0000000001-0000000003' } },
      { provider: 'legacy', pool: 'p1', inRepo: false, nodes: { total: 1, byState: { ready: 1 }, ids: '0000000008' } },
    ]);
    const { renderPlanText, renderPlanMarkdown } = await import('../../src/report/plan.js');
    const plan = { ...diff(desire(baseInput()), emptyLiveState()), nodepoolImpact: im };
    const text = renderPlanText(plan);
    expect(text).toContain('The pools now:');
    expect(text).toContain('provider "cloud", pool "main": 3 nodes (1 ready, 2 in-use) of max-servers 3');
    expect(text).toContain('provider "legacy", pool "p1": 1 node (1 ready) (not in the repo)');
    expect(renderPlanMarkdown(plan)).toContain('<summary>The pools now (2)</summary>');
  });
});
