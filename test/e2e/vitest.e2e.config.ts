import { defineConfig } from 'vitest/config';

// Real-browser tests (npm run test:e2e, which builds dist/ first). One browser per test file,
// files one after another: two browsers at once on a 2-core machine make timings noisy.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
