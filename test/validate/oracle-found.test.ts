/**
 * Disagreements with upstream Nodepool 11.0.0 found by the differential oracle (test/oracle/), each kept as a
 * plain unit test: the minimal config the shrinker printed, what Nodepool does with it, and where we must point.
 */
import { describe, expect, it } from 'vitest';
import { makeSource } from '../../src/config/source.js';
import { validateNodepool } from '../../src/validate/nodepool.js';

function diagnostics(text: string, env: Record<string, string> = {}) {
  return validateNodepool({ kind: 'nodepool', source: makeSource('nodepool.yaml', text) }, { softwareFactory: false, env })
    .diagnostics;
}
const errors = (text: string, env?: Record<string, string>) => diagnostics(text, env).filter((d) => d.severity === 'error');
const lines = (...ls: string[]) => ls.join('\n') + '\n';

describe('placeholders Nodepool leaves alone', () => {
  it('an unset %(NODEPOOL_X) inside a quoted string is not an error (Nodepool keeps the text), only a warning', () => {
    const text = lines('diskimages:', '  - name: x', "    username: '%(NODEPOOL_X)'");
    expect(errors(text)).toEqual([]);
    expect(diagnostics(text)).toEqual([expect.objectContaining({ rule: 'nodepool/env-unset', severity: 'warning', line: 3 })]);
  });

  it('an unset placeholder that starts a plain scalar is still an error: YAML cannot read `%`', () => {
    expect(errors(lines('webapp:', '  port: %(NODEPOOL_PORT)')).length).toBeGreaterThan(0);
  });
});

describe('%(NODEPOOL_*) substitution, as Nodepool does it', () => {
  it('replaces one variable after the other in the order of the environment, so a value may name a later variable', () => {
    const text = lines('webapp:', '  port: %(NODEPOOL_PORT)');
    // Nodepool: PORT becomes %(NODEPOOL_X), then X becomes 8005: valid.
    expect(errors(text, { NODEPOOL_PORT: '%(NODEPOOL_X)', NODEPOOL_X: '8005' })).toEqual([]);
    // The other order leaves %(NODEPOOL_X) in the text, which YAML cannot read.
    expect(errors(text, { NODEPOOL_X: '8005', NODEPOOL_PORT: '%(NODEPOOL_X)' })).toEqual([
      expect.objectContaining({ rule: 'yaml/syntax', line: 2, column: 9 }),
    ]);
  });

  it('replaces a variable whatever characters its name has', () => {
    expect(errors(lines('webapp:', '  port: %(NODEPOOL_A-B)'), { 'NODEPOOL_A-B': '8005' })).toEqual([]);
  });

  it('keeps positions after a substitution', () => {
    expect(errors(lines('labels:', '  - name: %(NODEPOOL_L)', '    min-redy: 1'), { NODEPOOL_L: 'a-much-longer-label-name' })).toEqual([
      expect.objectContaining({ rule: 'nodepool/unknown-key', line: 3, column: 5 }),
    ]);
  });
});

describe('YAML 1.1 corners', () => {
  it('a plain `<<` as a value is an error (PyYAML has no constructor for the merge tag there)', () => {
    expect(errors(lines('diskimages:', '  - name: x', '    keep-formats:', '      - <<'))).toEqual([
      expect.objectContaining({ rule: 'yaml/construct', line: 4, column: 9 }),
    ]);
    expect(errors(lines('diskimages:', '  - name: x', "    keep-formats: ['<<']"))).toEqual([]);
  });
});

describe('driver names that are JavaScript object properties', () => {
  for (const d of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
    it(`driver: ${d} is an unknown driver, not a crash`, () => {
      expect(errors(lines('providers:', '  - name: p', `    driver: ${d}`))).toEqual([
        expect.objectContaining({ rule: 'nodepool/unknown-driver', line: 3, column: 13 }),
      ]);
    });
  }
});

describe('required keys of the 11.0.0 schemas', () => {
  it('gce needs region, project and zone', () => {
    const errs = errors(lines('providers:', '  - name: x', '    driver: gce', '    pools: []'));
    expect(errs.map((e) => e.message).join('\n')).toMatch(/region.*\n.*project.*\n.*zone|region|project|zone/);
    expect(errs).toHaveLength(3);
    expect(errs.every((e) => e.rule === 'nodepool/required' && e.line === 2)).toBe(true);
  });

  it('gce rate-limit is an integer', () => {
    const base = ['providers:', '  - name: x', '    driver: gce', '    region: r', '    project: p', '    zone: z', '    pools: []'];
    expect(errors(lines(...base, '    rate-limit: 1.5'))).toEqual([expect.objectContaining({ rule: 'nodepool/type', line: 8 })]);
    expect(errors(lines(...base, '    rate-limit: 2'))).toEqual([]);
  });

  it('azure needs location, resource-group, resource-group-location and auth-path; a cloud-image needs username', () => {
    const errs = errors(lines('providers:', '  - name: x', '    driver: azure', '    pools: []'));
    expect(errs.map((e) => e.message.match(/`([a-z-]+)` is required/)?.[1]).sort()).toEqual(
      ['auth-path', 'location', 'resource-group', 'resource-group-location'],
    );
    const ci = errors(lines('providers:', '  - name: x', '    driver: azure', '    location: l', '    resource-group: g',
      '    resource-group-location: l', '    auth-path: /a', '    pools: []', '    cloud-images:', '      - name: c', '        image-id: i'));
    expect(ci).toEqual([expect.objectContaining({ rule: 'nodepool/required', line: 10, message: expect.stringContaining('username') })]);
  });

  it('ibmvpc needs vpc and region; object-storage needs endpoint and bucket-name; cloud-images need username and take connection keys', () => {
    const errs = errors(lines('providers:', '  - name: x', '    driver: ibmvpc', '    pools: []', '    object-storage:', '      instance-name: i'));
    expect(errs.map((e) => e.message.match(/`([a-z.-]+)` is required/)?.[1]).sort()).toEqual(
      ['object-storage.bucket-name', 'object-storage.endpoint', 'region', 'vpc'],
    );
    const ci = errors(lines('providers:', '  - name: x', '    driver: ibmvpc', '    vpc: v', '    region: r', '    pools: []', '    cloud-images:',
      '      - name: c', '        username: u', '        image-id: i', '        connection-type: ssh', '        connection-port: 22',
      '        python-path: /usr/bin/python3', '        shell-type: sh'));
    expect(ci).toEqual([]);
  });

  it('aws iam-instance-profile may be empty (name and arn are exclusive, neither is required)', () => {
    const base = ['labels:', '  - name: l', 'providers:', '  - name: x', '    driver: aws', '    region-name: r', '    pools:', '      - name: p',
      '        labels:', '          - name: l', '            key-name: k', '            cloud-image: c', '    cloud-images:', '      - name: c',
      '        username: u', '        image-id: i'];
    expect(errors(lines(...base.slice(0, 12), '            iam-instance-profile: {}', ...base.slice(12)))).toEqual([]);
    expect(errors(lines(...base.slice(0, 12), '            iam-instance-profile: {name: a, arn: b}', ...base.slice(12)))).toEqual([
      expect.objectContaining({ rule: 'nodepool/exclusive', line: 13 }),
    ]);
  });

  it('aws image-filters values are strings', () => {
    expect(errors(lines('providers:', '  - name: x', '    driver: aws', '    region-name: r', '    pools: []', '    cloud-images:',
      '      - name: c', '        username: u', '        image-filters:', '          - name: n', '            values: [1.5]'))).toEqual([
      expect.objectContaining({ rule: 'nodepool/type', line: 11 }),
    ]);
  });
});

describe('PyYAML collection tags', () => {
  it('!!set, !!omap and !!pairs are read (a set is no mapping; a list of pairs fits only an untyped list)', () => {
    const label = (v: string) => lines('labels:', '  - name: g', 'providers:', '  - name: x', '    driver: openshift', '    context: c',
      '    pools:', '      - name: p', '        labels:', '          - name: g', '            type: pod', `            ${v}`);
    expect(errors(label('labels: {gpu: !!set {a, b}}'))).toEqual([]);
    expect(errors(label('labels: !!set {a, b}'))).toEqual([expect.objectContaining({ rule: 'nodepool/type', line: 12 })]);
    expect(errors(label('volumes: !!omap [{a: 1}]'))).toEqual([]);
    expect(errors(label('env: !!pairs [{a: 1}]'))).toEqual([expect.objectContaining({ rule: 'nodepool/type', line: 12 })]);
    expect(errors(label('volumes: !!omap [a]'))).toEqual([expect.objectContaining({ rule: 'yaml/construct', line: 12 })]);
    // An empty list of pairs is an empty list: a typed list takes it.
    expect(errors(label('env: !!pairs []'))).toEqual([]);
  });

  it('a timestamp Python cannot build (month 13, February 30, year 0, hour 24, an offset of a day) is a YAML error', () => {
    for (const t of ['2020-13-45', '2021-02-29', '0000-01-01', '2020-01-01 24:00:00', '2020-01-01 10:00:00 +24']) {
      expect(errors(lines('diskimages:', '  - name: x', '    metadata:', `      a: ${t}`)), t).toEqual([
        expect.objectContaining({ rule: 'yaml/unknown-tag', line: 4, column: 10 }),
      ]);
    }
    for (const t of ['2020-02-29', '0020-01-01', '2020-01-01 23:59:59 -23:59']) {
      expect(errors(lines('diskimages:', '  - name: x', '    metadata:', `      a: ${t}`)), t).toEqual([]);
    }
  });

  it('a tag must be followed by a space or a line break (PyYAML scanner), even before a flow indicator', () => {
    expect(errors(lines('diskimages: [{name: !!str}]'))).toEqual([expect.objectContaining({ rule: 'yaml/syntax', line: 1, column: 26 })]);
    expect(errors(lines('diskimages: [{name: !!str x}]'))).toEqual([]);
    expect(errors(lines('diskimages:', '  - name: !!str', '    pause: true')).filter((e) => e.rule.startsWith('yaml/'))).toEqual([]);
  });

  it('an anchor defined twice in one document is an error (PyYAML: found duplicate anchor)', () => {
    expect(errors(lines('diskimages:', '  - &a {name: x}', '  - &a', '    name: y'))).toEqual([
      expect.objectContaining({ rule: 'yaml/duplicate-anchor', line: 3, column: 5 }),
    ]);
    // Defined once and used twice is fine.
    expect(errors(lines('labels:', '  - &a {name: x}', '  - *a', '  - *a'))).toEqual([]);
  });
});

describe('what the loader needs although config-validate passes it', () => {
  it('an openstack provider diskimage needs a name (config-validate crashes with KeyError)', () => {
    expect(errors(lines('providers:', '  - name: x', '    cloud: x', '    diskimages:', '      - pause: true'))).toEqual([
      expect.objectContaining({ rule: 'nodepool/required', line: 5, column: 9 }),
    ]);
  });

  it('an openstack or gce cloud-image needs a name (the loader fails with KeyError)', () => {
    expect(errors(lines('providers:', '  - name: x', '    cloud: x', '    cloud-images:', '      - image-id: i'))).toEqual([
      expect.objectContaining({ rule: 'nodepool/required', line: 5 }),
    ]);
    expect(errors(lines('providers:', '  - name: x', '    driver: gce', '    region: r', '    project: p', '    zone: z', '    pools: []',
      '    cloud-images:', '      - image-id: i'))).toEqual([expect.objectContaining({ rule: 'nodepool/required', line: 9 })]);
  });

  it('a provider diskimage that names an abstract diskimage fails to load', () => {
    const errs = errors(lines('diskimages:', '  - name: centos', '    abstract: true', 'providers:', '  - name: x', '    driver: aws',
      '    region-name: r', '    pools: []', '    diskimages:', '      - name: centos'));
    expect(errs).toEqual([expect.objectContaining({ rule: 'nodepool/abstract-diskimage', line: 10, column: 15 })]);
  });

  it('a parent cycle only among abstract diskimages loads (no image is built from it)', () => {
    expect(errors(lines('diskimages:', '  - name: a', '    abstract: true', '    parent: b', '  - name: b', '    abstract: true', '    parent: a'))).toEqual([]);
    expect(errors(lines('diskimages:', '  - name: a', '    abstract: true', '    parent: a', '  - name: c', '    parent: a')).map((e) => e.rule)).toEqual(
      ['nodepool/parent-cycle'],
    );
  });

  it('an empty parent, diskimage or cloud-image reference is no reference (Python truthiness)', () => {
    expect(errors(lines('diskimages:', '  - name: a', "    parent: ''"))).toEqual([]);
    expect(errors(lines('labels:', '  - name: l', 'providers:', '  - name: x', '    cloud: c', '    pools:', '      - name: p', '        labels:',
      '          - name: l', "            diskimage: ''", '            min-ram: 1'))).toEqual([]);
  });

  it('an aws diskimage with IMDSv2 and image import fails to load even when no label uses it', () => {
    const errs = errors(lines('diskimages:', '  - name: d', 'providers:', '  - name: x', '    driver: aws', '    region-name: r', '    pools: []',
      '    diskimages:', '      - name: d', "        imds-support: v2.0", '        import-method: image'));
    expect(errs).toEqual([expect.objectContaining({ rule: 'nodepool/aws-imdsv2-import', line: 11 })]);
  });
});

describe('metastatic backing labels, as the loader compares them', () => {
  const provider = (...labelLines: string[]) =>
    lines('labels:', '  - name: a', '  - name: b', '  - name: c', 'providers:', '  - name: m', '    driver: metastatic', '    pools:', ...labelLines);

  it('labels sharing a backing label across pools of one provider must agree', () => {
    const errs = errors(provider('      - name: p1', '        labels:', '          - name: a', '            backing-label: c',
      '      - name: p2', '        labels:', '          - name: b', '            backing-label: c', '            max-parallel-jobs: 2'));
    expect(errs).toEqual([expect.objectContaining({ rule: 'nodepool/metastatic-backing-label', line: 17 })]);
  });

  it('settings compare as Python values: true equals 1, and an explicit default equals the default', () => {
    expect(errors(provider('      - name: p1', '        labels:', '          - name: a', '            backing-label: c',
      '            max-parallel-jobs: true', '          - name: b', '            backing-label: c', '            grace-time: 60'))).toEqual([]);
  });

  it('max-age 0 means no max-age (the loader checks it only when truthy)', () => {
    expect(errors(provider('      - name: p1', '        labels:', '          - name: a', '            backing-label: c',
      '            max-age: 0', '            min-retention-time: 5'))).toEqual([]);
  });
});

describe('ibmvpc zone and subnet, as the loader reads them', () => {
  it("a pool's empty zone is no zone, even when the provider has one", () => {
    const base = ['providers:', '  - name: x', '    driver: ibmvpc', '    vpc: v', '    region: r', '    zone: z', '    subnet: s', '    pools:',
      '      - name: p', '        max-servers: 1', '        labels: []'];
    expect(errors(lines(...base))).toEqual([]);
    expect(errors(lines(...base, "        zone: ''"))).toEqual([expect.objectContaining({ rule: 'nodepool/ibmvpc-zone-subnet', line: 9 })]);
  });
});

describe('the example driver (accepted by config-validate)', () => {
  it('has the 11.0.0 schema: labels with name, cloud-image and instance-type; use-internal-ip on pools; no zone', () => {
    const base = ['labels:', '  - name: l', 'providers:', '  - name: e', '    driver: example', '    region: r', '    project: p',
      '    cloud-images: [{name: c}]', '    pools:', '      - name: p', '        use-internal-ip: true', '        labels:', '          - name: l'];
    expect(errors(lines(...base, '            cloud-image: c', '            instance-type: t'))).toEqual([]);
    expect(errors(lines(...base, '            cloud-image: c'))).toEqual([
      expect.objectContaining({ rule: 'nodepool/required', line: 13, message: expect.stringContaining('instance-type') }),
    ]);
    expect(errors(lines(...base, '            cloud-image: c', '            instance-type: t', '    zone: z'))).toEqual([
      expect.objectContaining({ rule: 'nodepool/unknown-key', line: 16 }),
    ]);
  });
});

describe('the example driver loads like the others', () => {
  const provider = (...more: string[]) => lines('labels:', '  - name: l', 'providers:', '  - name: e', '    driver: example', '    region: r',
    '    project: p', ...more, '    pools:', '      - name: p', '        labels:', '          - name: l', '            cloud-image: c',
    '            instance-type: t');
  it('a label cloud-image must exist in the provider, a cloud-image needs a name, a label must be top-level', () => {
    expect(errors(provider('    cloud-images:', '      - name: c'))).toEqual([]);
    expect(errors(provider())).toEqual([expect.objectContaining({ rule: 'nodepool/undefined-cloud-image', line: 12 })]);
    expect(errors(provider('    cloud-images:', '      - image-id: i')).map((e) => e.rule).sort()).toEqual(
      ['nodepool/required', 'nodepool/undefined-cloud-image'],
    );
    expect(errors(provider('    cloud-images:', '      - name: c').replace('  - name: l\n', '  - name: other\n'))).toEqual([
      expect.objectContaining({ rule: 'nodepool/undefined-label' }),
    ]);
  });
});

describe('the test driver (accepted by config-validate)', () => {
  it('a pool needs name and labels at load time', () => {
    const base = ['labels:', '  - name: l', 'providers:', '  - name: t', '    driver: test', '    pools:'];
    expect(errors(lines(...base, '      - name: p', '        labels: [l]'))).toEqual([]);
    expect(errors(lines(...base, '      - name: p'))).toEqual([expect.objectContaining({ rule: 'nodepool/required', line: 7 })]);
    expect(errors(lines(...base, '      - labels: [l]'))).toEqual([expect.objectContaining({ rule: 'nodepool/required', line: 7 })]);
  });
});

describe('positions as precise as Nodepool', () => {
  it('a block scalar of the wrong type is reported at its indicator, on the key line', () => {
    expect(errors(lines('build-log-retention: |2', '  5'))).toEqual([
      expect.objectContaining({ rule: 'nodepool/type', line: 1, column: 22 }),
    ]);
  });
});
