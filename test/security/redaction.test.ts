/**
 * The two leaks the canary test found, reduced to their smallest reproductions, and their fixes:
 *
 * 1. A bare credential (a clouds.yaml's password, a kube.config's token, an aws.config's keys) echoed alone, as
 *    generate-config.sh's stderr does, was not redacted: the redactor knew whole secrets and whole lines only
 *    (`password: X`, never `X`). It now knows the values of credential keys too (src/core/redact.ts).
 * 2. A Status message of the API server that echoes the request's Authorization header reached the error message
 *    (the command line has no redactor for plan, and the action's knew the kubeconfig's lines, not its token alone).
 *    The cluster client now takes the kubeconfig's credentials out of what the server says (src/io/cluster/client.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { credentialValues, maskSecrets, REDACTED, Redactor } from '../../src/core/redact.js';
import { ClusterError, loadKubeConfig, makeClusterClient, read, translateError } from '../../src/io/cluster/client.js';
import { startKubeApiServer } from '../support/kube-apiserver.js';
import type { KubeApiServer } from '../support/kube-apiserver.js';
import { AWS_CONFIG, canaryKubeconfig, CLOUDS_YAML, CLOUDS_YAML_UNPARSABLE, KUBE_CONFIG, MARKS } from '../support/canaries.js';

describe('credential values inside a secret', () => {
  it('are found in YAML (block and flow), JSON, INI and key=value text, quoted or not', () => {
    expect(credentialValues(CLOUDS_YAML)).toEqual([MARKS.cloudsPassword]);
    expect(credentialValues(KUBE_CONFIG)).toEqual([MARKS.kubeConfigToken]);
    expect(credentialValues(AWS_CONFIG)).toEqual([MARKS.awsKeyId, MARKS.awsSecret]);
    expect(credentialValues(canaryKubeconfig('http://127.0.0.1:1'))).toEqual([MARKS.kubeconfigBearer]);
    expect(credentialValues('users:\n- name: u\n  user:\n    client-key-data: LS0tLS1CRUdJTiBSU0E=\n    password: "p4ss\\"word"\n')).toEqual(['LS0tLS1CRUdJTiBSU0E=', 'p4ss"word']);
    expect(credentialValues('{"auth": {"application_credential_secret":"s3cr3t-value"}}')).toEqual(['s3cr3t-value']);
    expect(credentialValues('OS_PASSWORD=hunter2222\nexport API_KEY=abcdef123')).toEqual(['hunter2222', 'abcdef123']);
  });

  it('are found in a secret that does not parse', () => {
    expect(credentialValues(CLOUDS_YAML_UNPARSABLE)).toContain(MARKS.cloudsPassword);
  });

  it('leave names, paths, URLs and short values alone', () => {
    expect(credentialValues('auth_url: https://auth.example/v3\nusername: nodepool\nkey-name: nodepool\ntoken-file: /var/run/token\npassword: abc\n')).toEqual([]);
  });
});

describe('leak 1: a bare credential echoed alone (generate-config.sh stderr)', () => {
  const stderr = `keystone: password ${MARKS.cloudsPassword} rejected; token ${MARKS.kubeConfigToken}; ${MARKS.awsKeyId}:${MARKS.awsSecret}`;

  it('is redacted, and so is its base64', () => {
    const r = new Redactor([CLOUDS_YAML, KUBE_CONFIG, AWS_CONFIG]);
    const out = r.redact(stderr);
    for (const v of [MARKS.cloudsPassword, MARKS.kubeConfigToken, MARKS.awsKeyId, MARKS.awsSecret]) expect(out).not.toContain(v);
    expect(out).toBe(`keystone: password ${REDACTED} rejected; token ${REDACTED}; ${REDACTED}:${REDACTED}`);
    expect(r.redact(Buffer.from(`x${MARKS.cloudsPassword}y`).toString('base64'))).toContain(REDACTED);
  });

  it('is registered as a mask with the runner too', () => {
    const masks: string[] = [];
    maskSecrets([CLOUDS_YAML], (s) => masks.push(s));
    expect(masks).toContain(MARKS.cloudsPassword);
  });

  it('does not make the redactor eat public words of a secret', () => {
    const r = new Redactor([CLOUDS_YAML]);
    expect(r.redact('cloud vexxhost, region ca-ymq-1, user cnry-nodepool-user')).toBe('cloud vexxhost, region ca-ymq-1, user cnry-nodepool-user');
  });
});

describe('leak 2: an API server message that echoes the bearer token', () => {
  let server: KubeApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('threat: an API server Status message that echoes the request, bearer token included; holds: the client redacts what the server says before it becomes an error', async () => {
    server = await startKubeApiServer({ token: MARKS.kubeconfigBearer, namespaces: ['sf'] });
    server.inject({
      path: '/api/v1/namespaces/sf/secrets/s',
      times: Infinity,
      fault: { status: 403, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: `token ${MARKS.kubeconfigBearer} may not get secrets` } },
    });
    const client = makeClusterClient(loadKubeConfig({ yaml: canaryKubeconfig(server.url) }), { retries: 0 });
    const err = await read(client, { verb: 'get', resource: 'secrets', group: '', namespace: 'sf', name: 's' }, () => client.core.readNamespacedSecret({ name: 's', namespace: 'sf' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as ClusterError).message).toContain(`the API server says: token ${REDACTED} may not get secrets`);
    expect((err as ClusterError).message).not.toContain(MARKS.kubeconfigBearer);
  });

  it('translateError applies the redaction it is given to the server message', () => {
    const kc = loadKubeConfig({ yaml: 'clusters: [{name: c, cluster: {server: "https://k.example"}}]\nusers: [{name: u, user: {username: admin, password: "pw-123456789"}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n' });
    const client = makeClusterClient(kc);
    expect(client.redact?.('basic admin:pw-123456789')).toBe(`basic admin:${REDACTED}`);
    const plain = translateError(new Error('boom pw-123456789'), { verb: 'list', resource: 'nodes', group: '' }, client.server, client.redact);
    expect(plain.message).toBe(`cannot list nodes: boom ${REDACTED}`);
  });
});

describe('the redactor leaves structure alone', () => {
  it('does not mangle ordinary words that are bare keys of a secret', async () => {
    const { Redactor } = await import('../../src/core/redact.js');
    const kubeconfig = 'clusters:\n- cluster:\n    server: https://k8s.example:6443\n  name: prod\nusers:\n- name: ci\n  user:\n    token: tok-9f2c-canary-abcdef\n';
    const r = new Redactor([kubeconfig]);
    expect(r.redact('the builder key could not be read from the cluster: forbidden')).toBe('the builder key could not be read from the cluster: forbidden');
    expect(r.redact('users: none')).toBe('users: none');
    expect(r.redact('token tok-9f2c-canary-abcdef leaked')).toBe('token *** leaked');
    expect(r.redact('server: https://k8s.example:6443')).toBe('***');
  });
});
