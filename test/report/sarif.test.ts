/**
 * SARIF output, checked against the SARIF 2.1.0 JSON Schema as Microsoft's SARIF SDK ships it (in
 * @microsoft/jest-sarif: the 2.1.0-rtm.5 schema, which differs from the OASIS standard's only in descriptions),
 * and against what GitHub code scanning reads.
 */
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { RULES } from '../../src/core/rules.js';
import { FINGERPRINT_KEY, SARIF_SCHEMA_URI, toSarif } from '../../src/report/sarif.js';
import { main } from '../../src/entry/cli.js';
import { copyExampleRepo } from '../support/example-repo.js';

const SARIF_SCHEMA_MODULE = '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

function loadSarifSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  try {
    return require(SARIF_SCHEMA_MODULE) as Record<string, unknown>;
  } catch {
    throw new Error(`cannot load ${SARIF_SCHEMA_MODULE}: the SARIF 2.1.0 schema comes from the devDependency @microsoft/jest-sarif (npm ci)`);
  }
}

/**
 * The schema is draft-04; ajv 8 reads it as draft-07 once its draft-04 `$schema` and `id` are dropped (it uses no
 * draft-04-only keyword). Its `language` pattern is not a valid Unicode-mode regexp, hence `unicodeRegExp: false`.
 * Formats get small checks of their own (ajv 8 ships none).
 */
function sarifValidator(): ValidateFunction {
  const { $schema: _s, id: _id, ...schema } = loadSarifSchema();
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    unicodeRegExp: false,
    formats: {
      uri: (s: string) => URL.canParse(s),
      'uri-reference': (s: string) => /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*$/.test(s),
      'date-time': (s: string) => !Number.isNaN(Date.parse(s)),
    },
  });
  return ajv.compile(schema);
}

const validate = sarifValidator();

function expectValidSarif(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? [], 'SARIF schema errors').toEqual([]);
  expect(ok).toBe(true);
}

const d = (over: Partial<Diagnostic>): Diagnostic => ({
  rule: 'nodepool/unknown-key',
  severity: 'error',
  file: 'nodepool/nodepool.yaml',
  line: 37,
  column: 9,
  message: 'provider "cloud1", pool "main": unknown key `max-server`',
  hint: 'Did you mean `max-servers`?',
  ...over,
});

type Log = {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; semanticVersion?: string; informationUri?: string; rules: Array<Record<string, unknown>> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn?: number } } }>;
      partialFingerprints: Record<string, string>;
    }>;
  }>;
};

const sample: Diagnostic[] = [
  d({}),
  d({ rule: 'nodepool/undefined-label', line: 12, column: 7, message: 'label "pod" is not in the top-level labels', hint: undefined }),
  d({ rule: 'yaml/duplicate-key', severity: 'warning', file: 'cluster.yaml', line: 3, column: 1, message: 'duplicate key `kind`', hint: undefined }),
  d({ rule: 'repo/missing', severity: 'notice', file: 'dispatch/pod-templates', line: 0, column: 0, message: 'no pod templates', hint: undefined }),
  d({ rule: 'nodepool/unknown-key', severity: 'warning', file: 'nodepool/nodepool builder #1.yaml', line: 2, column: 0 }),
];

describe('toSarif', () => {
  it('produces a SARIF 2.1.0 log that passes the SARIF schema', () => {
    expectValidSarif(toSarif(sample, { toolVersion: '0.1.0', informationUri: 'https://github.com/your-org/pool-reconciler' }));
    expectValidSarif(toSarif([], { toolVersion: '0.1.0' }));
  });

  it('the schema check is real: broken logs fail it', () => {
    const log = toSarif(sample, { toolVersion: '0.1.0' }) as unknown as Log;
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    const bad = structuredClone(log);
    (bad.runs[0].results[0] as { level: string }).level = 'fatal';
    expect(validate(bad)).toBe(false);
    const noColumn = structuredClone(log);
    noColumn.runs[0].results[0].locations[0].physicalLocation.region!.startColumn = 0;
    expect(validate(noColumn)).toBe(false);
  });

  it('has one run of pool-reconciler with one rule per rule id and a level per rule', () => {
    const log = toSarif(sample, { toolVersion: '0.1.0' }) as unknown as Log;
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'pool-reconciler', version: '0.1.0', semanticVersion: '0.1.0' });
    expect(driver.rules.map((r) => r.id)).toEqual(['nodepool/undefined-label', 'nodepool/unknown-key', 'repo/missing', 'yaml/duplicate-key']);
    expect(driver.rules[1]).toEqual({
      id: 'nodepool/unknown-key',
      shortDescription: { text: 'Unknown key' },
      fullDescription: { text: RULES.get('nodepool/unknown-key')!.description },
      help: { text: RULES.get('nodepool/unknown-key')!.help },
      defaultConfiguration: { level: 'error' }, // the most severe use of the rule
      properties: { tags: ['nodepool'] },
    });
    expect(driver.rules[2].defaultConfiguration).toEqual({ level: 'note' });
    for (const r of log.runs[0].results) expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('maps severities, joins message and hint, and places results by repo-relative URI', () => {
    const [first, second, third, fourth, fifth] = (toSarif(sample, { toolVersion: '0.1.0' }) as unknown as Log).runs[0].results;
    expect(first).toMatchObject({
      ruleId: 'nodepool/unknown-key',
      level: 'error',
      message: { text: 'provider "cloud1", pool "main": unknown key `max-server`\nHint: Did you mean `max-servers`?' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'nodepool/nodepool.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 37, startColumn: 9 } } }],
    });
    expect(second.message.text).toBe('label "pod" is not in the top-level labels');
    expect(third.level).toBe('warning');
    expect(fourth.level).toBe('note');
    // A finding about the whole file has no region.
    expect(fourth.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'dispatch/pod-templates', uriBaseId: '%SRCROOT%' } });
    // A line without a column; a path with characters a URI must escape.
    expect(fifth.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'nodepool/nodepool%20builder%20%231.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2 },
    });
  });

  it('makes paths relative to repoRoot, with forward slashes; files outside it get file: URIs', () => {
    const uri = (file: string, repoRoot?: string) =>
      (toSarif([d({ file })], { toolVersion: '1', repoRoot }) as unknown as Log).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(uri('/home/ci/work/repo/nodepool/nodepool.yaml', '/home/ci/work/repo')).toEqual({ uri: 'nodepool/nodepool.yaml', uriBaseId: '%SRCROOT%' });
    expect(uri('/home/ci/work/repo/nodepool/nodepool.yaml', '/home/ci/work/repo/')).toEqual({ uri: 'nodepool/nodepool.yaml', uriBaseId: '%SRCROOT%' });
    expect(uri('config\\nodepool\\nodepool.yaml')).toEqual({ uri: 'config/nodepool/nodepool.yaml', uriBaseId: '%SRCROOT%' });
    expect(uri('./cluster.yaml', '/repo')).toEqual({ uri: 'cluster.yaml', uriBaseId: '%SRCROOT%' });
    expect(uri('C:\\a\\repo\\cluster.yaml', 'c:\\a\\repo')).toEqual({ uri: 'cluster.yaml', uriBaseId: '%SRCROOT%' });
    expect(uri('/home/ci/work/repository2/cluster.yaml', '/home/ci/work/repo')).toEqual({ uri: 'file:///home/ci/work/repository2/cluster.yaml' });
    expect(uri('C:\\other\\cluster.yaml', '/repo')).toEqual({ uri: 'file:///C:/other/cluster.yaml' });
    expectValidSarif(toSarif([d({ file: '/tmp/x y/cluster.yaml' }), d({ file: 'C:\\other\\cluster.yaml' })], { toolVersion: '1', repoRoot: '/repo' }));
  });

  it('gives stable fingerprints: the same finding on another line keeps its fingerprint; twins differ', () => {
    const fp = (diags: Diagnostic[]) =>
      (toSarif(diags, { toolVersion: '0.1.0' }) as unknown as Log).runs[0].results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    const [a] = fp([d({})]);
    expect(a).toMatch(/^[0-9a-f]{32}:1$/);
    expect(fp([d({ line: 40, column: 3 })])).toEqual([a]);
    expect(fp([d({ message: 'other' })])[0]).not.toBe(a);
    expect(fp([d({ file: 'other.yaml' })])[0]).not.toBe(a);
    expect(fp([d({ rule: 'nodepool/type' })])[0]).not.toBe(a);
    // Positions quoted in the message do not count.
    const m = (where: string) => fp([d({ message: `label "x" is also defined at ${where}` })])[0];
    expect(m('line 3, column 5')).toBe(m('line 9, column 1'));
    expect(m('cluster.yaml:3:5')).toBe(m('cluster.yaml:8:1'));
    const twins = fp([d({ line: 1 }), d({ line: 2 })]);
    expect(twins[0]).toBe(a);
    expect(twins[1]).toBe(a.replace(/:1$/, ':2'));
  });

  it('is deterministic', () => {
    const opts = { toolVersion: '0.1.0', repoRoot: '/repo' };
    expect(JSON.stringify(toSarif(sample, opts))).toBe(JSON.stringify(toSarif(sample, opts)));
  });

  it('takes rule descriptions and help pages when given', () => {
    const log = toSarif([d({})], {
      toolVersion: '0.1.0-dev+abc',
      ruleDescriptions: { 'nodepool/unknown-key': 'A key Nodepool does not know' },
      ruleHelpUri: (id) => `https://example.org/rules/${id}`,
    }) as unknown as Log;
    expect(log.runs[0].tool.driver.semanticVersion).toBe('0.1.0-dev+abc');
    expect(log.runs[0].tool.driver.rules[0]).toMatchObject({
      shortDescription: { text: 'A key Nodepool does not know' },
      helpUri: 'https://example.org/rules/nodepool/unknown-key',
    });
    expectValidSarif(log);
    const odd = toSarif([d({})], { toolVersion: 'main' }) as unknown as Log;
    expect(odd.runs[0].tool.driver.semanticVersion).toBeUndefined();
  });

  it('describes each rule from the rule registry: title, description and what to do', () => {
    const log = toSarif([d({}), d({ rule: 'yaml/duplicate-key', severity: 'warning' })], { toolVersion: '0.1.0' }) as unknown as Log;
    const rules = log.runs[0].tool.driver.rules as unknown as Array<Record<string, { text: string }>>;
    expect(rules.map((r) => r.shortDescription.text)).toEqual(['Unknown key', 'Duplicate key']);
    expect(rules[1].fullDescription.text).toMatch(/PyYAML keeps the last value/);
    expect(rules[1].help.text).toMatch(/Remove one of the two keys/);
    expectValidSarif(log);
  });
});

describe('pool-reconciler validate --format sarif', () => {
  it('writes a log that passes the SARIF schema', async () => {
    const copy = copyExampleRepo();
    try {
      copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
      copy.write('cluster.yaml', copy.read('cluster.yaml').replace('kind: ClusterProvisioner\n', 'kind: ClusterProvisioner\nkind: ClusterProvisioner\n'));
      copy.remove('dispatch/pod-templates/app.yaml');
      copy.write('dispatch/pod-templates/app.yaml', '');
      let stdout = '';
      const code = await main(['validate', '--format', 'sarif', copy.dir], {
        stdout: (s) => (stdout += s),
        stderr: () => {},
        isTTY: false,
        env: { GITHUB_WORKSPACE: copy.dir },
      });
      expect(code).toBe(1);
      const log = JSON.parse(stdout) as Log;
      expect(log.runs[0].results.map((r) => r.ruleId).sort()).toEqual(['nodepool/unknown-key', 'pod-template/empty', 'yaml/duplicate-key']);
      expectValidSarif(log);
    } finally {
      copy.cleanup();
    }
  });
});
