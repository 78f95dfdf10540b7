import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/sdk/**/*.test.ts", "tests/property/**/*.test.ts", "tests/runtimes/**/*.test.ts", "tests/examples/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Statistical tests allocate tens of MB; run files in parallel processes but keep them few (2 cores).
    maxWorkers: 2,
  },
});
