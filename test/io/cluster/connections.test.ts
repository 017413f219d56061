/**
 * Connections per run (issue 29): every API request of a plan or an apply (reads, access reviews, dry runs, writes,
 * the Lease, the rollout watch) goes over one kept-alive connection, HTTP/2 where the server offers it (as
 * kube-apiserver does); exec's WebSocket is its own. Counted at a TLS front's listener, never timed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../../src/run/apply.js';
import { runPlan } from '../../../src/run/plan.js';
import { request, startCluster } from '../../support/apply-helpers.js';
import type { Cluster } from '../../support/apply-helpers.js';
import { startCountingFront } from '../../support/counting-front.js';
import type { CountingFront } from '../../support/counting-front.js';

let c: Cluster;
let front: CountingFront;
beforeEach(async () => {
  c = await startCluster();
  front = await startCountingFront(c.server.url);
});
afterEach(async () => {
  await front.close();
  await c.close();
});

const reset = (): void => {
  front.connections.h2 = 0;
  front.connections['http/1.1'] = 0;
  front.requests = 0;
};

describe('connections to the API server per run', () => {
  it('a plan: one HTTP/2 connection for all its requests (reads and the preflight)', async () => {
    const req = request(c, { kubeconfig: front.kubeconfig(c.server.kubeconfigYaml('default')) });
    const plan = await runPlan(req);
    expect(plan.errors).toEqual([]);
    expect(plan.requests).toBeGreaterThan(5);
    expect(front.requests).toBe(plan.requests);
    expect(front.connections).toEqual({ h2: 1, 'http/1.1': 0 });
  });

  it('an apply (lock, dry runs, writes, rollout wait): one HTTP/2 connection, plus one WebSocket per exec; a re-run the same', async () => {
    const req = request(c, { kubeconfig: front.kubeconfig(c.server.kubeconfigYaml('default')) });
    const first = await runApply(req);
    expect(first.errors).toEqual([]);
    expect(first.ok).toBe(true);
    expect(c.execs.length).toBeGreaterThan(0);
    expect(front.requests).toBeGreaterThan(20);
    expect(front.connections).toEqual({ h2: 1, 'http/1.1': c.execs.length });

    reset();
    const second = await runApply(req);
    expect(second.ok).toBe(true);
    expect(front.requests).toBeGreaterThan(5);
    expect(front.connections).toEqual({ h2: 1, 'http/1.1': 0 });
  });
});
