import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own servers on random loopback ports; files run in parallel
    // processes, tests inside a file run one after another.
    pool: 'forks',
  },
});
