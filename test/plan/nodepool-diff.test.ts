/** The Nodepool config compared by meaning: what a reviewer of a Nodepool change needs to see, at its line. */
import { describe, expect, it } from 'vitest';
import { diffNodepool, diffNodepoolFile } from '../../src/plan/nodepool-diff.js';
import { nodepoolDigest } from '../../src/plan/state.js';

const LAUNCHER = `labels:
  - name: centos-9
    min-ready: 1
  - name: fedora-40
providers:
  - name: cloud
    driver: openstack
    cloud: vexxhost
    pools:
      - name: main
        max-servers: 20
        networks: [private]
        labels:
          - name: centos-9
            diskimage: centos-9
            flavor-name: small
  - name: pods
    driver: openshiftpods
    context: ctx
    pools:
      - name: ns
        labels:
          - name: fedora-40
            image: quay.io/fedora:40
`;

const texts = (before: string, after: string): string[] => diffNodepoolFile('nodepool/nodepool.yaml', before, after).map((c) => `${c.op} ${c.line}: ${c.text}`);

describe('diffNodepoolFile', () => {
  it('names each change with its owner, its values and its line; moving an entry is no change', () => {
    const after = LAUNCHER
      .replace('max-servers: 20', 'max-servers: 40')
      .replace('networks: [private]', 'networks: [private, public]')
      .replace('flavor-name: small', 'flavor-name: large')
      .replace('image: quay.io/fedora:40', 'image: quay.io/fedora:41')
      .replace('  - name: fedora-40\nproviders:', '  - name: fedora-40\n  - name: ubuntu\n    min-ready: 0\nproviders:')
      .replace('    min-ready: 1\n', '');
    expect(texts(LAUNCHER, after)).toEqual([
      'remove 3: label centos-9: min-ready 1 removed',
      'add 4: label ubuntu added',
      'change 12: provider cloud, pool main: max-servers 20 → 40',
      'change 13: provider cloud, pool main: networks ["private"] → ["private","public"]',
      'change 17: provider cloud, pool main, label centos-9: flavor-name small → large',
      'change 25: provider pods, pool ns, label fedora-40: image quay.io/fedora:40 → quay.io/fedora:41',
    ]);
    // The two providers in the other order: nothing changed.
    const [head, rest] = LAUNCHER.split('providers:\n');
    const [cloud, pods] = rest.split('  - name: pods\n');
    expect(texts(LAUNCHER, `${head}providers:\n  - name: pods\n${pods}${cloud}`)).toEqual([]);
  });

  it('providers and pools added and removed', () => {
    const after = LAUNCHER.replace(/ {2}- name: pods[\s\S]*$/, '  - name: aws\n    driver: aws\n    region-name: us-east-1\n    pools: []\n');
    expect(texts(LAUNCHER, after)).toEqual(['add 17: provider aws added', 'remove 17: provider pods removed']);
  });

  it('diskimages and their formats (nodepool-builder.yaml)', () => {
    const before = 'diskimages:\n  - name: centos-9\n    formats: [qcow2]\n    dib-cmd: /usr/local/bin/dib-ansible centos-9.yaml\n';
    const after = 'diskimages:\n  - name: centos-9\n    formats: [qcow2, raw]\n    dib-cmd: /usr/local/bin/dib-ansible centos-9.yaml\n  - name: debian\n    dib-cmd: /usr/local/bin/dib-ansible debian.yaml\n';
    expect(diffNodepoolFile('nodepool/nodepool-builder.yaml', before, after).map((c) => c.text)).toEqual([
      'diskimage centos-9: formats ["qcow2"] → ["qcow2","raw"]',
      'diskimage debian added',
    ]);
  });

  it('an entry whose text is the same but whose alias points at a changed anchor is still compared', () => {
    const before = 'labels:\n  - &base\n    name: a\n    min-ready: 1\n  - <<: *base\n    name: b\n  - name: c\n';
    const after = before.replace('min-ready: 1', 'min-ready: 2');
    expect(diffNodepoolFile('n.yaml', before, after).map((c) => c.text)).toEqual(['label a: min-ready 1 → 2', 'label b: min-ready 1 → 2']);
  });

  it('a value that contains itself (a recursive alias, which Nodepool reads) is compared and shown without walking forever', () => {
    const before = LAUNCHER.replace('        networks: [private]\n', '        networks: [private]\n        node-attributes: &attrs {zone: a, self: *attrs}\n');
    expect(texts(before, before.replace('zone: a', 'zone: b'))).toEqual(['change 13: provider cloud, pool main: node-attributes.zone a → b']);
    expect(texts(before, before.replace('self: *attrs', 'self: *attrs, more: [*attrs]'))).toEqual([
      'add 13: provider cloud, pool main: node-attributes.more [{"zone":"a","self":"<recursive>","more":"<recursive>"}] added',
    ]);
    const networks = (v: string) => LAUNCHER.replace('networks: [private]', `networks: &n [${v}, *n]`);
    expect(texts(networks('private'), networks('public'))).toEqual([
      'change 12: provider cloud, pool main: networks ["private","<recursive>"] → ["public","<recursive>"]',
    ]);
    expect(texts(networks('private'), networks('private'))).toEqual([]);
  });

  it('a version that does not parse is said, not compared', () => {
    expect(texts(LAUNCHER, 'labels: [\n')).toEqual(['change 1: nodepool/nodepool.yaml changed (not comparable by meaning: one version does not parse)']);
  });
});

describe('diffNodepool', () => {
  it('compares playbooks and the inventory by digest, and says when the deployed content was not kept', () => {
    const deployed = [
      { path: 'nodepool/nodepool.yaml', text: LAUNCHER, semantic: true },
      { path: 'nodepool/dib-ansible/centos-9.yaml', text: '- hosts: all\n', semantic: false },
      { path: 'nodepool/dib-ansible/old.yaml', text: '- hosts: all\n', semantic: false },
    ];
    const { files } = nodepoolDigest(deployed);
    const repo = [
      { path: 'nodepool/nodepool.yaml', text: LAUNCHER.replace('max-servers: 20', 'max-servers: 21'), semantic: true },
      { path: 'nodepool/dib-ansible/centos-9.yaml', text: '- hosts: all\n  become: true\n', semantic: false },
      { path: 'nodepool/dib-ansible/new.yaml', text: '- hosts: all\n', semantic: false },
    ];
    const after = repo.map((f) => ({ ...f, digest: nodepoolDigest([f]).files[f.path] }));
    expect(diffNodepool({ content: {}, digests: files }, after).map((c) => c.text)).toEqual([
      'nodepool/nodepool.yaml changed (the deployed content was not recorded: compared by digest only)',
      'nodepool/dib-ansible/centos-9.yaml changed',
      'nodepool/dib-ansible/new.yaml added',
      'nodepool/dib-ansible/old.yaml removed',
    ]);
    expect(diffNodepool({ content: { 'nodepool/nodepool.yaml': LAUNCHER }, digests: files }, after).map((c) => c.text)[0]).toBe('provider cloud, pool main: max-servers 20 → 21');
  });
});
