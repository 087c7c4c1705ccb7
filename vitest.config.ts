// Vitest: fast unit tests in parallel; tests that spawn processes, git or PM2 one file at a time.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const INTEGRATION = ["**/*.int.test.ts", "tests/e2e/**/*.test.ts"];
const IGNORED = ["**/node_modules/**", "tools/**", "**/dist/**"];

// The processes tests start (CLI, PM2 worker, supervisor) run the packages' built JS: `pnpm build` runs
// before any test (the same
// `tsc -b tsconfig.build.json`), so no test runs a stale dist/. Incremental: ~50 ms when nothing changed.
const tsc = join(import.meta.dirname, "node_modules/typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], {
  cwd: import.meta.dirname,
  stdio: "inherit",
});

// In-process imports of @samocode/* resolve to the TypeScript sources (the packages' "source" export),
// then Vite's default server conditions.
const conditions = ["source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest.json" },
    projects: [
      {
        extends: true,
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
        extends: true,
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
