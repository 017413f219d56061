/** The Nodepool providers checked against clouds.yaml and kube.config, without ever quoting the secrets. */
import { describe, expect, it } from 'vitest';
import type { NodepoolProvider } from '../../src/validate/nodepool.js';
import { checkProviderSecrets, checkValidationSecrets } from '../../src/validate/secrets.js';
import { loadRepo } from '../../src/config/repo.js';
import { validateRepo } from '../../src/validate/index.js';
import { EXAMPLE_REPO } from '../support/example-repo.js';
import { CANARY, CLOUDS_YAML, KUBE_CONFIG, expectNoCanary } from '../support/plan-helpers.js';

function provider(p: Partial<NodepoolProvider> & { name: string; driver: string }): NodepoolProvider {
  return { line: 10, column: 5, positions: {}, ...p };
}

const openstack = provider({
  name: 'vexx', driver: 'openstack', cloud: 'vexxhost', regionName: 'ca-ymq-1',
  positions: { cloud: { line: 11, column: 12 }, 'region-name': { line: 12, column: 18 } },
});
const pods = provider({ name: 'pods', driver: 'openshiftpods', context: 'openshiftpods', positions: { context: { line: 20, column: 14 } } });

describe('checkProviderSecrets', () => {
  it('passes when clouds, regions and contexts exist', () => {
    expect(checkProviderSecrets([openstack, pods], { 'clouds.yaml': CLOUDS_YAML, 'kube.config': KUBE_CONFIG })).toEqual([]);
  });

  it('checks nothing for a secret not given', () => {
    expect(checkProviderSecrets([openstack, pods], {})).toEqual([]);
    expect(checkProviderSecrets([openstack, pods], { 'clouds.yaml': '  ' })).toEqual([]);
  });

  it('names a missing cloud at the provider\'s `cloud:`, with a suggestion', () => {
    const d = checkProviderSecrets([{ ...openstack, cloud: 'vexhost' }], { 'clouds.yaml': CLOUDS_YAML }, 'nodepool/nodepool.yaml');
    expect(d).toEqual([{
      rule: 'secrets/unknown-cloud', severity: 'error', file: 'nodepool/nodepool.yaml', line: 11, column: 12,
      message: 'provider "vexx": cloud "vexhost" is not in the clouds.yaml secret (1 cloud there)',
      hint: 'Did you mean `vexxhost`?',
    }]);
  });

  it('checks the region only where clouds.yaml lists regions', () => {
    const d = checkProviderSecrets([{ ...openstack, regionName: 'ams1' }], { 'clouds.yaml': CLOUDS_YAML });
    expect(d.map((x) => [x.rule, x.line, x.column, x.message])).toEqual([
      ['secrets/unknown-region', 12, 18, 'provider "vexx": region "ams1" is not a region of cloud "vexxhost" in the clouds.yaml secret (it lists 2)'],
    ]);
    expect(checkProviderSecrets([{ ...openstack, regionName: 'ams1' }], { 'clouds.yaml': 'clouds:\n  vexxhost:\n    auth: {}\n' })).toEqual([]);
    expect(checkProviderSecrets([{ ...openstack, regionName: 'ams1' }], { 'clouds.yaml': 'clouds:\n  vexxhost:\n    region_name: sjc1\n' })).toHaveLength(1);
    expect(checkProviderSecrets([openstack], { 'clouds.yaml': 'clouds:\n  vexxhost:\n    regions:\n      - name: ca-ymq-1\n        values: {}\n' })).toEqual([]);
  });

  it('names a missing context for kubernetes, openshift and openshiftpods providers', () => {
    const ps = ['kubernetes', 'openshift', 'openshiftpods'].map((driver) => provider({ name: driver, driver, context: 'other', positions: { context: { line: 3, column: 4 } } }));
    const d = checkProviderSecrets(ps, { 'kube.config': KUBE_CONFIG });
    expect(d.map((x) => [x.rule, x.message])).toEqual(ps.map((p) => ['secrets/unknown-context', `provider "${p.name}": context "other" is not in the kube.config secret (1 context there)`]));
    // A provider without a context (in-cluster) is not checked.
    expect(checkProviderSecrets([provider({ name: 'k', driver: 'kubernetes' })], { 'kube.config': KUBE_CONFIG })).toEqual([]);
  });

  it('a secret that does not parse: the input and the line, never the content', () => {
    const bad = `clouds:\n  vexxhost:\n    auth: {password: "${CANARY}\n`;
    const d = checkProviderSecrets([openstack], { 'clouds.yaml': bad });
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ rule: 'secrets/syntax', file: 'input:clouds-yaml', severity: 'error' });
    expect(d[0].message).toMatch(/^the clouds.yaml secret \(input:clouds-yaml\) does not parse: a YAML syntax error at line \d+, column \d+$/);
    expectNoCanary([JSON.stringify(d)]);
    // An alias error would quote the alias name in the parser's message: not here.
    const alias = checkProviderSecrets([pods], { 'kube.config': `contexts:\n  - *${CANARY}\n` });
    expect(alias[0].message).toMatch(/an undefined alias at line 2, column \d+$/);
    expectNoCanary([JSON.stringify(alias)]);
    // A tag that cannot be read quotes the value in the parser's message: not here.
    const tag = checkProviderSecrets([pods], { 'kube.config': `contexts: !!int ${CANARY}\n` });
    expect(tag[0].rule).toBe('secrets/syntax');
    expectNoCanary([JSON.stringify(tag)]);
  });

  it('a secret of the wrong shape says what shape it needs', () => {
    expect(checkProviderSecrets([openstack], { 'clouds.yaml': `- ${CANARY}\n` }).map((d) => d.rule)).toEqual(['secrets/not-a-mapping']);
    expect(checkProviderSecrets([openstack], { 'clouds.yaml': `password: ${CANARY}\n` }).map((d) => d.rule)).toEqual(['secrets/no-clouds']);
    expect(checkProviderSecrets([pods], { 'kube.config': `users: [{name: u, user: {token: ${CANARY}}}]\n` }).map((d) => d.rule)).toEqual(['secrets/no-contexts']);
  });

  it('aws.config is INI, not YAML: it is not parsed', () => {
    expect(checkProviderSecrets([openstack], { 'aws.config': '[default]\nregion = us-east-1\n' })).toEqual([]);
  });
});

describe('checkValidationSecrets', () => {
  it('checks both Nodepool files of the example repo, each with its own path', () => {
    const result = validateRepo(loadRepo(EXAMPLE_REPO));
    expect(checkValidationSecrets(result, { 'clouds.yaml': CLOUDS_YAML, 'kube.config': KUBE_CONFIG })).toEqual([]);
    const d = checkValidationSecrets(result, { 'clouds.yaml': CLOUDS_YAML.replace('vexxhost:', 'other:'), 'kube.config': KUBE_CONFIG.replace('{name: openshiftpods,', '{name: k8s,') });
    expect(d.map((x) => `${x.file}:${x.line} ${x.rule}`).sort()).toEqual([
      'nodepool/nodepool-builder.yaml:18 secrets/unknown-cloud',
      'nodepool/nodepool.yaml:19 secrets/unknown-cloud',
      'nodepool/nodepool.yaml:56 secrets/unknown-context',
    ]);
  });
});
