/**
 * Issue 14: the plan with the state ConfigMap and the Nodepool diff, on the 5 MB generated Nodepool config (the
 * example repo with bench/nodepool.ts's generated nodepool.yaml), against the loopback API server in this process.
 *
 * - "no state" is today's plan: validation of the 5 MB config, reading the cluster, the diff (plus one GET of the
 *   state ConfigMap that is not there);
 * - "state, no Nodepool change" after an apply recorded the state: the digests match, nothing is parsed again;
 * - "state, one Nodepool change": `max-servers` of one pool changed, so the deployed content (gzip in the state
 *   ConfigMap) and the repo's are compared by meaning.
 * No provider secrets are given (the generated providers name clouds no clouds.yaml holds).
 * Target: plan time and requests with the state and the diff within 2x of today's plan.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runApply } from '../src/run/apply.js';
import { runPlan } from '../src/run/plan.js';
import { request, startCluster } from '../test/support/apply-helpers.js';
import type { Figure } from './figures.js';
import { median } from './figures.js';
import { generateNodepoolConfig } from './nodepool.js';

const RUNS = 3;

export async function benchReconcile(): Promise<Figure[]> {
  const c = await startCluster();
  const figures: Figure[] = [];
  try {
    const big = generateNodepoolConfig(5 * 1024 * 1024);
    const file = path.join(c.repo.dir, 'nodepool', 'nodepool.yaml');
    writeFileSync(file, big);
    writeFileSync(path.join(c.repo.dir, '.pool-reconciler.yaml'), `${c.repo.read('.pool-reconciler.yaml')}nodepool:\n  flavor: standalone\n`);
    const measure = async (): Promise<{ ms: number; requests: number; changes: number; nodepoolChanges: number }> => {
      const runs: Array<{ ms: number; requests: number; changes: number; nodepoolChanges: number }> = [];
      for (let i = 0; i <= RUNS; i++) {
        const t0 = performance.now();
        const o = await runPlan(request(c, { secrets: {} }));
        if (!o.plan) throw new Error(`bench: no plan (${o.stage}): ${JSON.stringify(o.errors)} ${JSON.stringify(o.validation.diagnostics.filter((d) => d.severity === 'error').slice(0, 3))}`);
        const ms = performance.now() - t0;
        if (i > 0) runs.push({ ms, requests: o.requests, changes: o.plan.changes, nodepoolChanges: o.plan.nodepool?.changes.length ?? 0 });
      }
      return { ms: median(runs.map((r) => r.ms)), requests: runs[0].requests, changes: runs[0].changes, nodepoolChanges: runs[0].nodepoolChanges };
    };
    const today = await measure();
    const applied = await runApply(request(c, { secrets: {} }));
    if (!applied.ok) throw new Error(`bench: the apply failed: ${JSON.stringify(applied.errors)}`);
    const same = await measure();
    if (same.changes !== 0) throw new Error(`bench: a converged cluster planned ${same.changes} changes`);
    writeFileSync(file, big.replace(/max-servers: (\d+)/, (_m, n: string) => `max-servers: ${Number(n) + 20}`));
    const changed = await measure();
    if (changed.nodepoolChanges !== 1) throw new Error(`bench: expected 1 Nodepool change, got ${changed.nodepoolChanges}`);
    const mb = (big.length / 1048576).toFixed(1);
    figures.push({ name: `plan time, ${mb} MB nodepool.yaml, no state (today's plan)`, value: today.ms, unit: 'ms' });
    figures.push({ name: `plan time, ${mb} MB, state, no Nodepool change`, value: same.ms, unit: 'ms' });
    figures.push({ name: `plan time, ${mb} MB, state, one Nodepool change (semantic diff)`, value: changed.ms, unit: 'ms' });
    figures.push({ name: 'plan time with state and diff / today (target <= 2)', value: changed.ms / today.ms, unit: 'x' });
    figures.push({ name: 'API requests, no state (today)', value: today.requests, unit: 'requests' });
    figures.push({ name: 'API requests, state and diff', value: changed.requests, unit: 'requests' });
    figures.push({ name: 'API requests with state and diff / today (target <= 2)', value: changed.requests / today.requests, unit: 'x' });
  } finally {
    await c.close();
  }
  return figures;
}
