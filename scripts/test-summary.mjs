// Prints vitest's JSON report as one plain "N passed, N failed" line, so a run that executed no test shows.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "reports/vitest.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`test-summary: no readable report at ${file} (${error.code ?? error.message})`);
  console.log("0 passed, 0 failed");
  process.exit(0);
}
const passed = report.numPassedTests ?? 0;
// A file that failed to load has no failed test of its own but must still count as a failure.
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed"),
).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
