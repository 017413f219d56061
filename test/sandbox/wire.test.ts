/** The shared wire suite (wire-suite.ts) against the stand-in; test/cluster/wire.test.ts runs it against a real server. */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePki } from '../cluster/support/control-plane.js';
import { startKubeApiServer } from '../support/kube-apiserver.js';
import type { KubeApiServer } from '../support/kube-apiserver.js';
import { describeWire } from '../support/wire-suite.js';
import type { WireTarget } from '../support/wire-suite.js';

let server: KubeApiServer;
let target: WireTarget;

beforeAll(async () => {
  server = await startKubeApiServer({
    namespaces: ['wire'],
    users: { 'restricted-token': 'restricted-user' },
    forbidden: [{ user: 'restricted-user', resource: 'secrets', verb: 'list' }],
  });
  // Exec'd commands really run here, as KWOK runs them for the real server.
  server.onExec((_pod, _container, command, _env, stdin) => {
    const r = spawnSync(command[0], command.slice(1), { input: stdin, encoding: 'utf8' });
    return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', exitCode: r.status ?? 1 };
  });
  let pod: string | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-wire-pki-'));
  const pki = makePki(dir, {});
  const tls = { caPem: pki.caPem, cert: readFileSync(pki.servingCrt, 'utf8'), key: readFileSync(pki.servingKey, 'utf8') };
  rmSync(dir, { recursive: true, force: true });
  target = {
    tls,
    name: 'sandbox',
    kubeconfig: server.kubeconfigYaml('wire'),
    ns: 'wire',
    badTokenKubeconfig: server.kubeconfigYaml('wire', { token: 'wrong' }),
    restricted: async () => ({ kubeconfig: server.kubeconfigYaml('wire', { token: 'restricted-token' }), user: 'restricted-user' }),
    execPod: async () => {
      if (!pod) {
        pod = 'wire-exec';
        server.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, namespace: 'wire' }, spec: { containers: [{ name: 'main', image: 'x' }] }, status: { phase: 'Running' } });
      }
      return pod;
    },
    repositories: async () => undefined,
    deliberate: {
      'managed-fields-map-entry':
        "the stand-in's managedFields of a non-apply write omit the `.` entry of a map the write created (it does not know which fields are maps); nothing in the tool reads it",
    },
  };
});

afterAll(async () => {
  await server.close();
});

describe('wire behaviour of the stand-in', () => {
  describeWire(() => target);
});
