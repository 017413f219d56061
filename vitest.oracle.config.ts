import { defineConfig } from 'vitest/config';

// `npm run test:oracle`: our Nodepool validator against upstream Nodepool (test/oracle/), apart from `npm test`.
export default defineConfig({
  test: {
    include: ['test/oracle/**/*.test.ts'],
    testTimeout: 3_600_000,
    pool: 'forks',
  },
});
