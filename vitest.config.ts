import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // bin/dossier.js runs dist/: rebuilt first when the sources are newer
    globalSetup: ['test/support/build-dist.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // the embedding model and native addons are heavy: a few forks, not one per core-thread
    pool: 'forks',
    maxWorkers: 2,
  },
});
