/** The sandbox and `apply` from the command line: the README's first command, and the reviewed-plan guard. */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { EXAMPLE_REPO } from '../support/example-repo.js';
import { REPO_ROOT } from '../support/shared.js';
import { cli } from '../support/cli.js';

/** Asynchronous: the sandbox answers from this process, so a synchronous child would wait for it forever. */
const execFileAsync = promisify(execFile);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-sandbox-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


const secrets = ['--clouds-yaml', path.join(REPO_ROOT, 'examples/sandbox/clouds.yaml'), '--kube-config', path.join(REPO_ROOT, 'examples/sandbox/kube.config')];

describe('pool-reconciler sandbox --demo', () => {
  it('plans, applies, and plans again with nothing left to do, plainly labelled a sandbox', async () => {
    const r = await cli(['sandbox', '--demo', ...secrets, EXAMPLE_REPO]);
    expect(r.stdout).toContain('SANDBOX: a local stand-in for a Kubernetes API server, not a real cluster');
    expect(r.stdout).toContain('== 1. plan');
    expect(r.stdout).toMatch(/Apply done: \d+ steps applied/);
    expect(r.stdout).toContain('The sandbox matches the config repo.');
    // The Dispatch seed: the argo-cd repo server as before `konvoy up` ran with this cluster.yaml, shown, not written.
    expect(r.stdout).toContain('Dispatch: argo-cd.repoServer: Deployment dispatch/argocd-repo-server WITHOUT the repo\'s tolerations');
    expect(r.stdout).toContain('needs `konvoy up`: argo-cd.repoServer (Deployment dispatch/argocd-repo-server): its pod template lacks konvoy.mesosphere.com/node_pool=dispatch:NoExecute');
    expect(r.stdout).not.toContain('needs `konvoy up`: argo-cd.server');
    expect(r.stdout).not.toContain('not-a-real-password');
    expect(r.code).toBe(0);
  });
});

describe('pool-reconciler apply', () => {
  it('applies only the reviewed plan, refuses a plan that changed since, and converges', async () => {
    const sandbox = await startSandbox(EXAMPLE_REPO);
    try {
      const kubeconfig = path.join(tmp, 'kubeconfig');
      writeFileSync(kubeconfig, sandbox.kubeconfig);
      const base = ['--kubeconfig', kubeconfig, ...secrets, '--commit', 'abc123'];
      expect((await cli(['apply', ...base, EXAMPLE_REPO])).code).toBe(4); // neither --plan nor --skip-plan-check

      const planned = await cli(['plan', ...base, '--format', 'json', EXAMPLE_REPO]);
      const planFile = path.join(tmp, 'plan.json');
      writeFileSync(planFile, JSON.stringify(JSON.parse(planned.stdout).plan));

      // The change is not the one reviewed (another clouds.yaml than at review): refused, nothing written.
      const rotated = path.join(tmp, 'clouds-rotated.yaml');
      writeFileSync(rotated, readFileSync(secrets[1], 'utf8').replace('not-a-real-password', 'rotated-not-a-real-password'));
      sandbox.server.clearRequests();
      const refused = await cli(['apply', '--kubeconfig', kubeconfig, '--clouds-yaml', rotated, secrets[2], secrets[3], '--commit', 'abc123', '--plan', planFile, EXAMPLE_REPO]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/plan changed since it was reviewed/i);
      expect(refused.stdout).toContain('the value of clouds.yaml is not the one reviewed');
      // Nothing but the lock's Lease was written.
      expect(sandbox.server.requestsMatching({}).filter((q) => q.method !== 'GET' && !q.path.includes('/leases'))).toEqual([]);

      // The cluster moves after the review (a node joins the worker pool): the reviewed plan still applies, and the
      // new node gets the pool's label.
      sandbox.server.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-9', labels: { 'konvoy.mesosphere.com/node_pool': 'worker' } }, spec: {} });
      const reviewedApply = await cli(['apply', ...base, '--plan', planFile, EXAMPLE_REPO]);
      expect(reviewedApply.code, reviewedApply.stdout + reviewedApply.stderr).toBe(0);
      expect(reviewedApply.stdout).toContain('node worker-9 joined pool "worker" since the plan was reviewed');
      expect(Object.keys(sandbox.server.get('Node', 'worker-9')?.metadata?.labels ?? {})).toContain('ci.example.org/workload');
      // Once after the apply: the Dispatch components and the recent CI pods, as notes (not a failure).
      expect(reviewedApply.stdout).toContain('placement: needs `konvoy up`: argo-cd.repoServer');
      expect(reviewedApply.stdout).toContain('placement: CI pods of the repository in namespace dispatch-ci');

      const applied = await cli(['apply', ...base, '--skip-plan-check', EXAMPLE_REPO]);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      const again = await cli(['plan', ...base, '--exit-code', EXAMPLE_REPO]);
      expect(again.code).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});

describe('plan --format json > p.json && apply --plan p.json', () => {
  it('applies the file plan writes, as written, on the sandbox', async () => {
    const sandbox = await startSandbox(EXAMPLE_REPO);
    try {
      const kubeconfig = path.join(tmp, 'kubeconfig-file');
      writeFileSync(kubeconfig, sandbox.kubeconfig);
      const base = ['--kubeconfig', kubeconfig, ...secrets, '--commit', 'abc123'];
      const planned = await cli(['plan', ...base, '--format', 'json', EXAMPLE_REPO]);
      expect(planned.code).toBe(0);
      const planFile = path.join(tmp, 'p.json');
      writeFileSync(planFile, planned.stdout);
      const applied = await cli(['apply', ...base, '--plan', planFile, EXAMPLE_REPO]);
      expect(applied.stderr + applied.stdout).not.toMatch(/not a pool-reconciler plan/);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect((await cli(['plan', ...base, '--exit-code', EXAMPLE_REPO])).code).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('refuses a plan file whose run made no plan, saying why', async () => {
    const sandbox = await startSandbox(EXAMPLE_REPO);
    try {
      const planFile = path.join(tmp, 'empty-plan.json');
      writeFileSync(planFile, JSON.stringify({ version: 1, validation: { valid: false, errors: 1, warnings: 0, diagnostics: [] }, errors: [], plan: null }));
      const kubeconfig = path.join(tmp, 'kubeconfig-empty');
      writeFileSync(kubeconfig, sandbox.kubeconfig);
      const r = await cli(['apply', '--kubeconfig', kubeconfig, ...secrets, '--commit', 'abc123', '--plan', planFile, EXAMPLE_REPO]);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/holds no plan/);
    } finally {
      await sandbox.close();
    }
  });
});

describe('the sandbox speaks HTTPS with a bearer token, like a real API server', () => {
  const hasKubectl = spawnSync('bash', ['-c', 'command -v kubectl']).status === 0;
  if (!hasKubectl && process.env.CI === 'true') throw new Error('kubectl is missing: under CI=true this test needs it (apt-get install kubernetes-client)');

  it('writes a kubeconfig with its CA and token, and refuses a request without the token', async () => {
    const sandbox = await startSandbox(EXAMPLE_REPO);
    try {
      expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.kubeconfig).toMatch(/certificate-authority-data: [A-Za-z0-9+/=]{200,}/);
      expect(sandbox.kubeconfig).not.toContain('insecure-skip-tls-verify');
      const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(sandbox.kubeconfig)![1], 'base64').toString();
      const status = await new Promise<number | undefined>((resolve, reject) => {
        https.get(`${sandbox.url}/api/v1/nodes`, { ca }, (res) => resolve(res.statusCode)).on('error', reject);
      });
      expect(status).toBe(401);
    } finally {
      await sandbox.close();
    }
  });

  it.runIf(hasKubectl)('kubectl --kubeconfig … get nodes --show-labels lists its nodes, with what apply wrote', async () => {
    const sandbox = await startSandbox(EXAMPLE_REPO);
    try {
      const kubeconfig = path.join(tmp, 'kubectl-kubeconfig');
      writeFileSync(kubeconfig, sandbox.kubeconfig);
      const before = await execFileAsync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes', '--show-labels']);
      expect(before.stdout).toMatch(/^worker-1 .*konvoy\.mesosphere\.com\/node_pool=worker/m);
      expect(before.stdout).not.toContain('ci.example.org/workload=general');
      expect((await cli(['apply', '--kubeconfig', kubeconfig, ...secrets, '--skip-plan-check', '--commit', 'example', EXAMPLE_REPO])).code).toBe(0);
      const after = await execFileAsync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes', '--show-labels']);
      expect(after.stdout).toMatch(/^worker-1 .*ci\.example\.org\/workload=general/m);
    } finally {
      await sandbox.close();
    }
  });
});
