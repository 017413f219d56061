import { defineConfig } from 'vitest/config';

// `npm run test:oracle`: our Nodepool validator against upstream Nodepool, our YAML reader against Nodepool's two
// YAML loaders, and our reading of zuul.d files against upstream Zuul's loader (test/oracle/), apart from `npm test`.
// The files run one after the other (each keeps its oracle processes busy).
export default defineConfig({
  test: {
    include: ['test/oracle/**/*.test.ts'],
    testTimeout: 3_600_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
