import { describe, expect, it } from 'vitest';
import { makeSource } from '../../src/config/source.js';
import type { FileKind } from '../../src/config/settings.js';
import { substituteNodepoolEnv, validateNodepool } from '../../src/validate/nodepool.js';
import type { NodepoolOptions } from '../../src/validate/nodepool.js';

function check(text: string, options: NodepoolOptions = {}, kind: FileKind = 'nodepool') {
  const diags = validateNodepool({ kind, source: makeSource('nodepool/nodepool.yaml', text) }, options).diagnostics;
  return diags.map((d) => ({ rule: d.rule, line: d.line, column: d.column, severity: d.severity, message: d.message, hint: d.hint }));
}

const errorsOf = (text: string, options?: NodepoolOptions, kind?: FileKind) =>
  check(text, options, kind).filter((d) => d.severity === 'error');

describe('environment substitution', () => {
  it('replaces only NODEPOOL_ variables and maps positions back', () => {
    const r = substituteNodepoolEnv('a: %(NODEPOOL_X)\nb: %(HOME)\n', { NODEPOOL_X: 'long-value-here', HOME: '/root' });
    expect(r.text).toBe('a: long-value-here\nb: %(HOME)\n');
    expect(r.unset).toEqual([]);
  });

  it('points at the placeholder when a NODEPOOL_ variable is unset', () => {
    const errs = errorsOf('webapp:\n  port: %(NODEPOOL_PORT)\n', { softwareFactory: false });
    // Nodepool keeps the text, and YAML cannot read a plain scalar starting with `%`: an error, which says why.
    expect(errs.map((e) => e.rule).sort()).toEqual(['nodepool/env-unset', 'yaml/syntax']);
    expect(errs.every((e) => e.line === 2 && e.column === 9)).toBe(true);
  });

  it('keeps positions after a substitution that changes the line length', () => {
    const errs = errorsOf('labels:\n  - name: %(NODEPOOL_LABEL)\n    min-redy: 1\n', { env: { NODEPOOL_LABEL: 'x' } });
    expect(errs).toEqual([
      expect.objectContaining({ rule: 'nodepool/unknown-key', line: 3, column: 5, hint: 'Did you mean `min-ready`?' }),
    ]);
  });
});

describe('Nodepool type rules', () => {
  it('accepts a boolean for an int and rejects an int for a float', () => {
    expect(errorsOf('labels:\n  - name: a\n    min-ready: true\n')).toEqual([]);
    expect(errorsOf('zookeeper-timeout: 10\n', { softwareFactory: false })).toEqual([
      expect.objectContaining({ rule: 'nodepool/type', line: 1, column: 20 }),
    ]);
    expect(errorsOf('zookeeper-timeout: 10.0\n', { softwareFactory: false })).toEqual([]);
  });

  it('uses the fake driver for a provider named fake*, whatever driver says', () => {
    const errs = errorsOf('providers:\n  - name: fake-static\n    driver: static\n    pools:\n      - name: p\n        nodes: []\n');
    expect(errs.map((e) => e.rule)).toContain('nodepool/required'); // fake (openstack) needs `cloud`
    expect(errs.some((e) => e.hint?.includes('whatever `driver: static` says'))).toBe(true);
  });

  it('a provider named fake* has driver "fake" whatever its `driver` holds, null or a number included (the oracle, seed 1796615700)', () => {
    // Nodepool's get_provider_config sets driver to 'fake' before the schema sees it.
    for (const value of ['null', '7', '[a]']) {
      const errs = errorsOf(`labels:\n  - name: l\nproviders:\n  - name: fakeprovider\n    driver: ${value}\n    cloud: c\n    pools:\n      - name: p\n        labels:\n          - name: l\n            diskimage: d\n            min-ram: 1\ndiskimages:\n  - name: d\n`);
      expect(errs.filter((e) => e.message.includes('driver'))).toEqual([]);
    }
  });

  it('reports every error at once, with provider and pool names', () => {
    const errs = errorsOf(
      [
        'labels:',
        '  - name: a',
        'providers:',
        '  - name: k8s',
        '    driver: kubernetes',
        '    pools:',
        '      - name: main',
        '        labels:',
        '          - name: a',
        '            type: pod',
        '            gpu: 1',
        '  - name: os',
        '    cloud: c',
        '    pools:',
        '      - name: p',
        '        max-server: 2',
        '',
      ].join('\n'),
    );
    expect(errs).toEqual([
      expect.objectContaining({ rule: 'nodepool/type', line: 11, message: expect.stringContaining('provider "k8s", pool "main", label "a"') }),
      expect.objectContaining({ rule: 'nodepool/unknown-key', line: 16, hint: 'Did you mean `max-servers`?' }),
    ]);
  });

  it('rejects an unknown driver at the driver value', () => {
    expect(errorsOf('providers:\n  - name: x\n    driver: vsphere\n')).toEqual([
      expect.objectContaining({ rule: 'nodepool/unknown-driver', line: 3, column: 13 }),
    ]);
  });

  it('explains keys Nodepool documents but rejects', () => {
    const errs = errorsOf('providers:\n  - name: o\n    driver: openshift\n    context: c\n    max-servers: 3\n    pools: []\n');
    expect(errs[0]).toMatchObject({ rule: 'nodepool/unknown-key', line: 5 });
    expect(errs[0].hint).toContain('max-projects');
  });
});

describe('a recursive alias (a value that contains itself), which both of Nodepool\'s loaders read', () => {
  // Each verdict is upstream Nodepool 11.0.0's (config-validate and loadConfig, test/oracle/nodepool_oracle.py).
  const pool = (extra: string) => ['labels:', '  - name: l1', 'providers:', '  - name: cloud-a', '    driver: openstack', '    cloud: c',
    '    cloud-images:', '      - name: img', '    pools:', '      - name: main', '        max-servers: 2', extra,
    '        labels:', '          - name: l1', '            cloud-image: img', '            flavor-name: f', ''].join('\n');
  const opts = { softwareFactory: false };

  it('in a free-form setting (node-attributes): valid, as upstream says', () => {
    expect(errorsOf(pool('        node-attributes: &n {a: *n}'), opts)).toEqual([]);
    expect(errorsOf(pool('        node-attributes: {a: &n [1, *n]}'), opts)).toEqual([]);
  });

  it('where a typed value is expected: the type error upstream gives, at its line', () => {
    expect(errorsOf(pool('        networks: &n [*n]'), opts)).toEqual([expect.objectContaining({ rule: 'nodepool/type', line: 12 })]);
    expect(errorsOf('labels:\n  - &m\n    name: l1\n    min-ready: *m\nproviders: []\n', opts))
      .toEqual([expect.objectContaining({ rule: 'nodepool/type', line: 2 })]);
    expect(errorsOf('labels: []\nproviders: []\ndiskimages:\n  - name: d\n    env-vars: &e {A: *e}\n', opts))
      .toEqual([expect.objectContaining({ rule: 'nodepool/type', line: 5 })]);
    expect(errorsOf('&r\nlabels: []\nproviders: []\nx: *r\n', opts)).toEqual([expect.objectContaining({ rule: 'nodepool/unknown-key', line: 4 })]);
  });
});

describe('load-time failures are errors too', () => {
  it('a diskimage parent cycle', () => {
    const errs = errorsOf('diskimages:\n  - name: a\n    parent: b\n  - name: b\n    parent: a\n');
    expect(errs.map((e) => e.rule)).toEqual(['nodepool/parent-cycle', 'nodepool/parent-cycle']);
  });

  it('an undefined cloud-image', () => {
    const errs = errorsOf(
      'labels:\n  - name: l\nproviders:\n  - name: p\n    cloud: c\n    pools:\n      - name: m\n        labels:\n          - name: l\n            cloud-image: nope\n            min-ram: 1\n',
    );
    expect(errs).toEqual([expect.objectContaining({ rule: 'nodepool/undefined-cloud-image', line: 10, column: 26 })]);
  });

  it('azure pools without max-servers', () => {
    const errs = errorsOf(
      'labels:\n  - name: l\nproviders:\n  - name: az\n    driver: azure\n    location: westeurope\n    resource-group: rg\n    resource-group-location: westeurope\n    auth-path: /etc/azure.json\n    pools:\n      - name: m\n        labels:\n          - name: l\n            hardware-profile: {vm-size: Standard_B1ls}\n',
    );
    expect(errs).toEqual([expect.objectContaining({ rule: 'nodepool/max-servers-required', line: 11 })]);
  });
});

describe('Software Factory user files', () => {
  it('rejects a leading document marker', () => {
    expect(errorsOf('---\nlabels: []\n')).toEqual([expect.objectContaining({ rule: 'nodepool/sf-document-start', line: 1, column: 1 })]);
    expect(errorsOf('---\nlabels: []\n', { softwareFactory: false })).toEqual([]);
  });

  it('rejects a second document', () => {
    expect(errorsOf('labels: []\n---\nproviders: []\n')).toEqual([
      expect.objectContaining({ rule: 'nodepool/sf-multiple-documents', line: 2, column: 1 }),
    ]);
  });

  it('rejects keys of the base config, saying why', () => {
    const errs = errorsOf('labels: []\nwebapp:\n  port: 8005\nimages-dir: /tmp\n');
    expect(errs.map((e) => [e.rule, e.line])).toEqual([
      ['nodepool/sf-base-key', 2],
      ['nodepool/sf-base-key', 4],
    ]);
    expect(errs[0].hint).toContain("sf-operator's base config");
  });

  it('checks dib-ansible playbooks, the inventory and formats', () => {
    const builder = 'diskimages:\n  - name: img\n    dib-cmd: /usr/local/bin/dib-ansible missing.yaml\n    formats: [raw, vhd]\n';
    const errs = errorsOf(builder, { dibAnsible: { dir: 'nodepool/dib-ansible', playbooks: ['centos.yaml'] } }, 'nodepool-builder');
    expect(errs.map((e) => [e.rule, e.line])).toEqual([
      ['nodepool/dib-playbook', 3],
      ['nodepool/dib-inventory', 3],
      ['nodepool/dib-format', 4],
    ]);
    const escape = errorsOf(
      'diskimages:\n  - name: img\n    dib-cmd: /usr/local/bin/dib-ansible ../../etc/passwd\n',
      { dibAnsible: { dir: 'nodepool/dib-ansible', playbooks: [], inventory: 'nodepool/dib-ansible/inventory.yaml' } },
      'nodepool-builder',
    );
    expect(escape.map((e) => e.rule)).toEqual(['nodepool/dib-playbook-path']);
  });

  it('says an empty file is rejected', () => {
    expect(errorsOf('# nothing\n')).toEqual([expect.objectContaining({ rule: 'nodepool/type' })]);
  });
});

describe('the field a finding is about', () => {
  it('is the whole path from the top of the file, through named providers and pools', () => {
    const text = [
      'labels:', '  - name: l', 'providers:', '  - name: p', '    driver: openstack', '    cloud: c', '    pools:',
      '      - name: main', '        max-server: 2', '        labels:', '          - name: l', '            flavor-name: x',
      '            cloud-image: i', '    cloud-images:', '      - name: i', '        image-id: x',
    ].join('\n');
    const { diagnostics } = validateNodepool({ kind: 'nodepool', source: makeSource('nodepool.yaml', text) }, { softwareFactory: false, env: {} });
    const unknown = diagnostics.find((d) => d.rule === 'nodepool/unknown-key');
    expect(unknown).toMatchObject({ line: 9, column: 9, field: 'providers[0].pools[0].max-server' });
    expect(unknown!.message).toContain('pool "main"');
  });
});
