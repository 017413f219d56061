import { defineConfig } from 'vitest/config';

// The real-cluster tier (`npm run test:cluster`): a real control plane per test file, started by the tests
// (test/cluster/support/). Files run one after the other: each starts its own etcd, kube-apiserver, controllers
// and KWOK, and a 2-core machine is busy enough with one.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    // The control plane, and the bundle built from the sources (the action runs it, as GitHub does).
    globalSetup: ['test/cluster/support/global-setup.ts', 'test/support/global-build.ts'],
    reporters: ['default', './test/cluster/support/counts-reporter.ts'],
  },
});
