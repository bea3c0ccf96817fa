import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30000,
    // Most test files spend their time waiting for a spawned `hefboom` process, so more files than
    // cores run well side by side (vitest's default, cores − 1, is one file at a time on 2 cores).
    maxWorkers: Math.max(2, availableParallelism() + 1),
  },
});
