import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The real-cluster tier and the differential test against upstream Nodepool run on their own:
    // `npm run test:cluster` (vitest.cluster.config.ts) and `npm run test:oracle` (vitest.oracle.config.ts).
    exclude: [...configDefaults.exclude, 'test/cluster/**', 'test/oracle/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The bundle built from the sources, once per run: the action, canary and bundle tests run it (not dist/).
    globalSetup: ['test/support/global-build.ts'],
    // After vitest's summary: which SSH server the SSH tests ran against, and what was skipped without ../shared.
    reporters: ['default', './test/support/run-summary-reporter.ts'],
  },
});
