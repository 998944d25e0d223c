import { defineConfig } from 'vitest/config';

// Unit tests: jsdom, no browser. Real-browser tests have their own config in test/e2e/.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/tooling/**/*.test.ts'],
    environment: 'jsdom',
    testTimeout: 60_000,
  },
});
