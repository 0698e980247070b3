import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'runs/**', 'tmp/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Cluster tests start real processes; two cores cannot run many at once.
    maxWorkers: 2,
    // GitHub's workflow parser imports JSON without an import attribute, which
    // plain Node refuses; let vite transform it (reports/workflows.ts).
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
