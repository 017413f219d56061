/** `pool-reconciler plan` from the command line against the loopback API server. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExampleRepo } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { startKubeApiServer } from '../support/kube-apiserver.js';
import type { KubeApiServer } from '../support/kube-apiserver.js';
import { REPO_ROOT } from '../support/shared.js';
import { CANARY, CANARY_B64, CLOUDS_YAML, KUBE_CONFIG, node, workloads } from '../support/plan-helpers.js';
import { cli } from '../support/cli.js';
import { startNodepoolWebapp } from '../support/nodepool-webapp.js';

let server: KubeApiServer;
let repo: RepoCopy;
let kubeconfig: string;


beforeEach(async () => {
  server = await startKubeApiServer({ namespaces: ['sf', 'dispatch-ci', 'tekton-pipelines'] });
  for (const w of workloads()) server.put(w);
  server.runControllers()(); // the workloads' ReplicaSet and pods
  server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-defaults', namespace: 'tekton-pipelines' }, data: { 'default-timeout-minutes': '60' } });
  for (const n of ['dispatch-1', 'dispatch-2']) server.put(node(n, 'dispatch'));
  repo = copyExampleRepo();
  kubeconfig = path.join(repo.dir, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfigYaml('sf'));
  writeFileSync(path.join(repo.dir, 'clouds.yaml'), CLOUDS_YAML);
  writeFileSync(path.join(repo.dir, 'kube.config'), KUBE_CONFIG);
});

afterEach(async () => {
  await server.close();
  repo.cleanup();
});

describe('pool-reconciler plan', () => {
  it('shows what apply would create, never a secret value, and exits 0 (2 with --exit-code)', async () => {
    const args = ['plan', '--kubeconfig', kubeconfig, '--clouds-yaml', `${repo.dir}/clouds.yaml`, '--kube-config', `${repo.dir}/kube.config`, '--commit', 'abc123', repo.dir];
    const r = await cli(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nodepool-providers-secrets');
    expect(r.stdout).toContain('generate-config.sh abc123');
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(CANARY_B64);
    }
    expect((await cli(['--help'])).stdout).toContain('plan [REPO]');
    expect((await cli([...args.slice(0, 1), '--exit-code', ...args.slice(1)])).code).toBe(2);
  });

  it('gives a stable JSON plan with a hash', async () => {
    const args = ['plan', '--kubeconfig', kubeconfig, '--commit', 'abc123', '--format', 'json', repo.dir];
    const a = await cli(args);
    const b = await cli(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout);
    expect(out.plan.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(out.validation.valid).toBe(true);
  });

  it('writes the versioned envelope of schemas/output/output.schema.json, with a plan and without, that apply --plan takes as written', async () => {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/output/output.schema.json'), 'utf8'));
    const check = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const planText = (await cli(['plan', '--kubeconfig', kubeconfig, '--commit', 'abc123', '--format', 'json', repo.dir])).stdout;
    const planned = JSON.parse(planText);
    expect(check(planned), JSON.stringify(check.errors)).toBe(true);
    expect(planned).toMatchObject({ version: 2, command: 'plan', exitCode: 0, failures: [], cluster: { context: expect.any(String), server: server.url } });
    // apply --plan takes the file as written.
    writeFileSync(path.join(repo.dir, 'plan.json'), planText);
    const applied = await cli(['apply', '--plan', path.join(repo.dir, 'plan.json'), '--kubeconfig', kubeconfig, '--commit', 'abc123', '--format', 'json', repo.dir]);
    const apply = JSON.parse(applied.stdout);
    expect(check(apply), JSON.stringify(check.errors)).toBe(true);
    expect(apply).toMatchObject({ version: 2, command: 'apply', exitCode: applied.code, plan: { hash: planned.plan.hash }, apply: { steps: expect.any(Array) } });
    repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    const failed = JSON.parse((await cli(['plan', '--kubeconfig', kubeconfig, '--commit', 'abc123', '--format', 'json', repo.dir])).stdout);
    expect(failed).toMatchObject({ command: 'plan', exitCode: 1, plan: null, failures: ['1 error in the config repo'] });
    expect(check(failed), JSON.stringify(check.errors)).toBe(true);
    const validated = JSON.parse((await cli(['validate', '--format', 'json', repo.dir])).stdout);
    expect(validated).toMatchObject({ command: 'validate', exitCode: 1, validation: { valid: false, errors: 1 } });
    expect(check(validated), JSON.stringify(check.errors)).toBe(true);
    // The schema is not a rubber stamp: a plan without its hash fails it, and so does a plan run without its plan.
    delete planned.plan.hash;
    expect(check(planned)).toBe(false);
    delete failed.plan;
    expect(check(failed)).toBe(false);
  });

  it('--nodepool-api-url: the impact section, its diskimage and launch-error items too, in the schema\'s envelope', async () => {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/output/output.schema.json'), 'utf8'));
    const check = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const webapp = await startNodepoolWebapp({
      labels: ['centos-9-stream', 'centos-9-stream-large', 'ubuntu-noble', 'pod-python', 'pod-fedora', 'centos-8-stream'],
      nodes: [
        { id: '0000000101', provider: 'vexxhost-ca-ymq-1', label: ['centos-8-stream'], state: 'ready', pool: 'main' },
        { id: '0000000102', provider: 'vexxhost-ca-ymq-1', label: ['centos-9-stream'], state: 'failed', pool: 'main' },
      ],
      requests: [{ id: '200-0000000007', state: 'requested', node_types: ['centos-9-stream'], declined_by: ['np-0-PoolWorker.vexxhost-ca-ymq-1-main-0123456789abcdef0123456789abcdef'] }],
      uploads: [{ build: '0000000031', upload: '0000000001', provider: 'vexxhost-ca-ymq-1', image: 'centos-8-stream', state: 'ready' }],
      builds: [{ image: 'centos-8-stream', build: '0000000031', state: 'ready' }],
    });
    try {
      const r = await cli(['plan', '--kubeconfig', kubeconfig, '--commit', 'abc123', '--format', 'json', '--nodepool-api-url', webapp.url, repo.dir]);
      const out = JSON.parse(r.stdout);
      expect(check(out), JSON.stringify(check.errors)).toBe(true);
      expect(out.plan.nodepoolImpact.items.map((i: { kind: string }) => i.kind)).toEqual(['label-removed', 'diskimage-removed', 'diskimage-not-uploaded', 'launch-errors']);
      expect(out.plan.nodepoolImpact.items[1].images).toEqual({ uploads: 1, byState: { ready: 1 }, builds: 1, ids: '0000000031' });
      expect(out.plan.nodepoolImpact.seen).toEqual({ nodes: 2, requests: 1, labels: 6, uploads: 1 });
      // The schema holds the new fields to their shape.
      out.plan.nodepoolImpact.items[1].images.uploads = 'one';
      expect(check(out)).toBe(false);
    } finally {
      await webapp.close();
    }
  });

  it('checks provider clouds against clouds.yaml, with the position', async () => {
    repo.edit('nodepool/nodepool.yaml', 'cloud: vexxhost', 'cloud: vexhost');
    const r = await cli(['plan', '--kubeconfig', kubeconfig, '--clouds-yaml', `${repo.dir}/clouds.yaml`, '--commit', 'x', repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/nodepool\/nodepool\.yaml:\d+:\d+: error\[/);
    expect(r.stdout).toContain('vexhost');
  });

  it('says a 403 plainly, with the RBAC rule to add, and exits 3', async () => {
    server.forbid({ resource: 'secrets' });
    const r = await cli(['plan', '--kubeconfig', kubeconfig, '--clouds-yaml', `${repo.dir}/clouds.yaml`, '--commit', 'x', repo.dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/secrets/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says an unreachable cluster plainly and exits 3', async () => {
    await server.close();
    const r = await cli(['plan', '--kubeconfig', kubeconfig, '--commit', 'x', repo.dir]);
    expect(r.code).toBe(3);
    expect(r.stderr.length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    server = await startKubeApiServer();
  });

  it('gives its findings as SARIF or workflow commands, for code scanning and annotations', async () => {
    repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    const sarif = await cli(['plan', '--kubeconfig', kubeconfig, '--commit', 'x', '--format', 'sarif', repo.dir]);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results[0]).toMatchObject({ ruleId: 'nodepool/unknown-key', level: 'error' });
    const github = await cli(['plan', '--kubeconfig', kubeconfig, '--commit', 'x', '--format', 'github', repo.dir], { GITHUB_WORKSPACE: repo.dir });
    expect(github.stdout).toMatch(/^::error file=nodepool\/nodepool\.yaml,line=\d+,col=9,title=nodepool\/unknown-key::/m);
  });
});

describe('pool-reconciler plan --base', () => {
  it('compares the Nodepool config with the base commit before a first apply, and says so', async () => {
    const git = (...a: string[]): string => execFileSync('git', ['-C', repo.dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...a], { encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', 'nodepool', 'cluster.yaml', 'dispatch', '.pool-reconciler.yaml');
    git('commit', '-q', '-m', 'base');
    repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: 40');
    const r = await cli(['plan', '--kubeconfig', kubeconfig, '--base', 'main', repo.dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Nodepool config: 1 change \(nothing deployed is recorded yet: compared with the base main \([0-9a-f]{12}\)\)/);
    expect(r.stdout).toMatch(/~ nodepool\/nodepool\.yaml:\d+ {2}provider vexxhost-ca-ymq-1, pool main: max-servers 20 → 40/);
  });
});
