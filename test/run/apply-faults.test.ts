/**
 * The fault matrix: each write step of apply × {500, 503, 429 with Retry-After, a reset connection, no answer in
 * time, 409}. A fault that goes away after two tries is retried and the run converges; a fault that stays makes the
 * run converge or stop with a report of what was and was not applied. Either way, a clean rerun converges and the
 * plan after it is empty. Each cell has its own API server, so the cells run concurrently.
 */
import { describe, it } from 'vitest';
import type { ExpectStatic } from 'vitest';
import { runApply } from '../../src/run/apply.js';
import type { ApplyOutcome } from '../../src/plan/outcome.js';
import { runPlan } from '../../src/run/plan.js';
import { renderApplyMarkdown } from '../../src/report/apply.js';
import type { Fault } from '../support/kube-apiserver.js';
import { expectNothingSecret, objectWrites, request, startCluster } from '../support/apply-helpers.js';
import type { Cluster } from '../support/apply-helpers.js';

interface WriteStep {
  name: string;
  /** The step id in the plan (absent for the lock, which is not a step). */
  id?: string;
  method: string;
  path: string | RegExp;
}

const STEPS: WriteStep[] = [
  { name: 'lock (Lease create)', method: 'POST', path: '/apis/coordination.k8s.io/v1/namespaces/sf/leases' },
  { name: 'Secret', id: 'Secret/sf/nodepool-providers-secrets', method: 'POST', path: '/api/v1/namespaces/sf/secrets' },
  { name: 'rollout annotation', id: 'Deployment/sf/nodepool-launcher', method: 'PATCH', path: '/apis/apps/v1/namespaces/sf/deployments/nodepool-launcher' },
  { name: 'config refresh (exec)', id: 'exec/launcher', method: 'GET', path: /^\/api\/v1\/namespaces\/sf\/pods\/nodepool-launcher-[^/]+\/exec$/ },
  { name: 'ConfigMap', id: 'ConfigMap/dispatch-ci/app-pod-template', method: 'POST', path: '/api/v1/namespaces/dispatch-ci/configmaps' },
  { name: 'Node', id: 'Node/dispatch-2', method: 'PATCH', path: '/api/v1/nodes/dispatch-2' },
];

const TIMEOUT_MS = 400;

const FAULTS: Array<{ name: string; fault: Fault }> = [
  { name: '500', fault: { status: 500 } },
  { name: '503', fault: { status: 503 } },
  { name: '429 with Retry-After', fault: { status: 429, headers: { 'Retry-After': '1' } } },
  { name: 'reset connection', fault: { reset: true } },
  { name: 'no answer in time', fault: { delayMs: TIMEOUT_MS * 2 } },
  { name: '409', fault: { status: 409 } },
];

async function withCluster(fn: (c: Cluster) => Promise<void>): Promise<void> {
  const c = await startCluster();
  try {
    await fn(c);
  } finally {
    await c.close();
  }
  if (c.server.errors.length) throw new Error(`the API server hit errors: ${c.server.errors.map(String).join('; ')}`);
}

function cellRequest(c: Cluster, timeout: boolean): Parameters<typeof runApply>[0] {
  return request(c, {
    identity: 'matrix-run',
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 20 },
    // Only the timeout cells use a short request time limit (a loaded machine must not time out the others).
    ...(timeout ? { timeoutMs: TIMEOUT_MS, execTimeoutMs: TIMEOUT_MS } : {}),
  });
}

/** What a stopped run must say: the failed step is the faulted one, those before it ran, those after did not. */
function expectReport(expect: ExpectStatic, o: ApplyOutcome, step: WriteStep): void {
  expect(o.ok).toBe(false);
  for (const e of o.errors) {
    expect(e.message).not.toMatch(/\n\s+at |ApiException|\[object Object\]/);
  }
  if (!step.id) {
    expect(o.stage).toBe('lock');
    expect(o.errors[0].message).toMatch(/^cannot take the apply lock: /);
    expect(o.steps.every((s) => s.status === 'not-run')).toBe(true);
    return;
  }
  if (o.stage === 'preflight') {
    // The dry run of the write met the fault first: refused before anything was written.
    expect(o.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(new RegExp(`^the dry run of ${step.id.replace(/\//g, '\\/')} was refused: `)));
    expect(o.steps.every((s) => s.status === 'not-run')).toBe(true);
    expect(renderApplyMarkdown(o)).toContain('nothing was written');
    return;
  }
  expect(o.stage).toBe('apply');
  const i = o.steps.findIndex((s) => s.id === step.id);
  expect(o.failedStep).toBe(i);
  expect(o.steps[i].status).toBe('failed');
  expect(o.steps.slice(0, i).every((s) => s.status === 'applied' || s.status === 'unchanged')).toBe(true);
  const kind = step.id.split('/')[0];
  for (const s of o.steps.slice(i + 1)) {
    // ConfigMaps and nodes are written a few at a time: a neighbour of the failed one may have been in flight.
    if (s.id.startsWith(`${kind}/`) && (kind === 'Node' || kind === 'ConfigMap')) continue;
    expect(s.status).toBe('not-run');
  }
  expect(o.errors[0].message).toMatch(new RegExp(`^step ${i + 1} of ${o.steps.length} \\(${step.id.replace(/\//g, '\\/')}\\) failed: `));
  expect(renderApplyMarkdown(o)).toContain(`failed at step ${i + 1} of ${o.steps.length} (${step.id})`);
}

async function expectConverges(expect: ExpectStatic, c: Cluster): Promise<void> {
  c.server.clearFaults();
  const again = await runApply(request(c, { identity: 'matrix-run' }));
  expect(again.errors).toEqual([]);
  expect(again.ok).toBe(true);
  const final = await runPlan(request(c));
  expect(final.plan?.changes).toBe(0);
  // And one more apply writes nothing.
  c.server.clearRequests();
  const third = await runApply(request(c, { identity: 'matrix-run' }));
  expect(third.writes).toBe(0);
  expect(objectWrites(c.server)).toEqual([]);
}

describe.concurrent('a fault that goes away is retried: the run converges', () => {
  for (const step of STEPS) {
    for (const f of FAULTS) {
      it(`${step.name} × ${f.name}`, async ({ expect }) => {
        await withCluster(async (c) => {
          const handle = c.server.inject({ method: step.method, path: step.path, times: 2, fault: f.fault });
          const o = await runApply(cellRequest(c, 'delayMs' in f.fault));
          expect(handle.fired).toBeGreaterThanOrEqual(1);
          expect(o.errors).toEqual([]);
          expect(o.ok).toBe(true);
          if (f.name !== '409') expect(c.lines.some((l) => l.startsWith('retry: '))).toBe(true);
          expectNothingSecret(o, c.lines);
          await expectConverges(expect, c);
        });
      });
    }
  }
});

describe.concurrent('a fault that stays: the run converges or stops with a report, and a clean rerun converges', () => {
  for (const step of STEPS) {
    for (const f of FAULTS) {
      it(`${step.name} × ${f.name}`, async ({ expect }) => {
        await withCluster(async (c) => {
          c.server.inject({ method: step.method, path: step.path, times: Infinity, fault: f.fault });
          const o = await runApply(cellRequest(c, 'delayMs' in f.fault));
          // A 409 on a create means "it exists": apply patches it instead, and that is not faulted here.
          if (!o.ok) expectReport(expect, o, step);
          else expect(f.name === '409' && step.method === 'POST').toBe(true);
          if (!o.ok && f.name !== '409' && step.id) expect(o.stage === 'preflight' ? o.errors[0].message : o.steps[o.failedStep ?? 0].message).toMatch(/gave up after 3 tries/);
          expectNothingSecret(o, c.lines);
          await expectConverges(expect, c);
        });
      });
    }
  }
});

describe.concurrent('other 4xx answers fail at once with a clear message', () => {
  it('a missing create on ConfigMaps is caught by the preflight, naming the RBAC rule to add; nothing is sent', async ({ expect }) => {
    await withCluster(async (c) => {
      const allow = c.server.forbid({ verb: 'create', resource: 'configmaps', namespace: 'dispatch-ci' });
      const o = await runApply(cellRequest(c, false));
      expect(o.ok).toBe(false);
      expect(o.stage).toBe('preflight');
      const e = o.errors.find((x) => x.message.includes('configmaps'));
      expect(e?.message).toBe('apply would be refused: the credentials may not create configmaps in namespace "dispatch-ci" (creates ConfigMap dispatch-ci/app-pod-template)');
      expect(e?.hint).toBe('Add this rule to a Role in namespace "dispatch-ci" (bound with a RoleBinding there) for the credentials in use: {apiGroups: [""], resources: ["configmaps"], verbs: ["create"]}');
      expect(objectWrites(c.server)).toEqual([]);
      expect(c.server.requestsMatching({ method: 'POST', path: '/api/v1/namespaces/dispatch-ci/configmaps' })).toEqual([]);
      allow();
      await expectConverges(expect, c);
    });
  });

  it('422 on a node write is found by the preflight\'s dry run, with the API server message, before any write (issue 22, finding 4)', async ({ expect }) => {
    await withCluster(async (c) => {
      c.server.inject({
        method: 'PATCH',
        path: '/api/v1/nodes/dispatch-1',
        times: Infinity,
        fault: { status: 422, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Node "dispatch-1" is invalid: metadata.labels: Invalid value', reason: 'Invalid', code: 422 } },
      });
      const o = await runApply(cellRequest(c, false));
      expect(o.ok).toBe(false);
      expect(o.stage).toBe('preflight');
      expect(o.errors[0].message).toBe('the dry run of Node/dispatch-1 was refused: cannot patch node "dispatch-1": the API server answered 422: Node "dispatch-1" is invalid: metadata.labels: Invalid value');
      expect(o.steps.every((s) => s.status === 'not-run')).toBe(true);
      expect(c.server.requestsMatching({}).filter((r) => r.method !== 'GET' && r.query.dryRun !== 'All' && !r.path.includes('/leases') && !r.path.endsWith('/selfsubjectaccessreviews'))).toEqual([]);
      expect(c.server.count({ method: 'PATCH', path: '/api/v1/nodes/dispatch-1' })).toBe(1);
      c.server.clearFaults();
      await expectConverges(expect, c);
    });
  });
  it('an exec answered without an exit code (as KWOK answers a failing command) fails its step with the status message', async ({ expect }) => {
    await withCluster(async (c) => {
      // The stand-in answers a handler that throws as KWOK answers a command that exits non-zero: an InternalError
      // status with no ExitCode cause (test/support/wire-suite.ts pins KWOK's answer on the real tier).
      const failing = c.server.onExec(() => {
        throw new Error('cmd wait: generate-config.sh: exit status 2');
      }, { container: 'launcher' });
      const o = await runApply(cellRequest(c, false));
      expect(o.ok).toBe(false);
      const failed = o.steps[o.failedStep ?? -1];
      expect(failed).toMatchObject({ id: 'exec/launcher', status: 'failed' });
      expect(failed.message).toMatch(/ failed \(Internal error occurred: error executing command in container: cmd wait: generate-config\.sh: exit status 2\) in pod sf\/nodepool-launcher-\S+ \(container launcher\)$/);
      failing();
      await expectConverges(expect, c);
    });
  });
});
