import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The differential test against upstream Nodepool runs on its own: `npm run test:oracle`.
    exclude: ['**/node_modules/**', 'test/oracle/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
