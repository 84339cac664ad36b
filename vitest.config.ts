import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores on CI: run files in forks so tfjs backends stay isolated per file.
    pool: 'forks',
    env: { KGE_QUIET: '1' },
  },
});
