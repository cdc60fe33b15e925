import { defineConfig } from 'vitest/config';

// `npm run test:stress`: the slow fault, load and soak runs (not in CI). They print figures and assert
// behaviour; one file at a time so their timings and memory readings do not disturb each other.
export default defineConfig({
  test: {
    include: ['test/stress/**/*.stress.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
