/** The tier's closing line: `N passed, N failed, N skipped`, and the Kubernetes version it ran against. */
import type { Reporter, TestModule } from 'vitest/node';

export default class CountsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let defects = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed' && t.options.fails) defects++;
        if (s === 'passed') passed++;
        else if (s === 'failed') failed++;
        else skipped++;
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    }
    const version = process.env.POOL_RECONCILER_CLUSTER_VERSION;
    const known = defects ? ` (${defects} of them show a known product defect, marked it.fails)` : '';
    console.log(`\nreal-cluster tier${version ? ` (Kubernetes ${version})` : ''}: ${passed} passed${known}, ${failed} failed, ${skipped} skipped`);
  }
}
