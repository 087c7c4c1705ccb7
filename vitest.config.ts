// Vitest: fast unit tests in parallel; tests that spawn processes, git or PM2 one file at a time.
import { defineConfig } from "vitest/config";

const INTEGRATION = ["**/*.int.test.ts", "tests/e2e/**/*.test.ts"];
const IGNORED = ["**/node_modules/**", "tools/**"];

export default defineConfig({
  test: {
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest.json" },
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "apps/**/*.test.ts",
            "packages/**/*.test.ts",
            "tests/**/*.test.ts",
            "scripts/**/*.test.ts",
          ],
          exclude: [...IGNORED, ...INTEGRATION],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: INTEGRATION,
          exclude: IGNORED,
          environment: "node",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
