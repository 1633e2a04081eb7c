import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{libs,contracts,services}/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: more workers only contend for the same CPUs and the same PostgreSQL server.
    maxWorkers: 2,
  },
});
