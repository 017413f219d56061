/** `npm run bench`: every benchmark, measured in one run, printed as tables of figures and ratios. */
import { benchNodepool } from './nodepool.js';
import { benchSsh } from './ssh.js';
import { benchCluster } from './cluster.js';
import { benchHostile } from './hostile.js';
import { benchPlan } from './plan.js';
import { benchApply } from './apply.js';
import { benchRealCluster } from './real-cluster.js';
import { benchReconcile } from './reconcile.js';
import { benchBundle } from './bundle.js';
import { benchLimit } from './limit.js';
import type { Figure } from './figures.js';
import { formatTable } from './figures.js';

const sections: Array<[string, () => Promise<Figure[]>]> = [
  ['Nodepool validation (issue 2)', benchNodepool],
  ['Konvoy/Dispatch validation (issue 3)', benchCluster],
  ['Plan (issue 4)', benchPlan],
  ['Apply (issue 5)', benchApply],
  ['Reconcile: state ConfigMap and Nodepool diff (issue 14)', benchReconcile],
  ['Image-builder SSH check (issue 6)', benchSsh],
  ['Hostile input (issues 9, 16)', benchHostile],
  ['Real cluster beside the sandbox (issue 12)', benchRealCluster],
  ['Bundle and start-up (issue 17)', benchBundle],
  ['Closer to the limit (issue 29) and churn (issue 22), beside kubectl and the API server', benchLimit],
];

const only = process.argv[2];
console.log(`# pool-reconciler benchmarks (Node ${process.versions.node}, ${new Date().toISOString()})\n`);
for (const [name, fn] of sections) {
  if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
  console.log(formatTable(name, await fn()));
}
