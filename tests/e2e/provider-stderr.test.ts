// Issue 13: a provider that fails before writing anything (here the scripted provider with a missing
// script) must leave its own words — the last lines of its stderr — in the session's reason, in every
// history row, in worker.log and in `samocode logs`, not only "other (exit code 2); 3 retries used up".
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject } from "../helpers/samocode-project.ts";

describe("a provider's own error", () => {
  it("reaches the failure reason, the history, worker.log and samocode logs", async () => {
    const project = await makeProject({ script: { runs: [] } });
    const missing = join(project.root, "no-such-script.json");
    const run = await project.cli(["run", "--task", "x", "--name", "x"], {
      SAMOCODE_SCRIPT: missing,
      SAMOCODE_MAX_RETRIES: "1",
    });
    expect(run.exitCode).toBe(12);
    const said = `cannot read script ${missing}`;
    const dir = await project.waitForSession();
    const hook = await project.hook(dir);
    expect(hook).toMatchObject({ state: "failed", cause: "provider-failed" });
    expect(hook.reason).toMatch(/^other \(exit code 2\); 1 retry used up — stderr: /);
    expect(hook.reason).toContain(said);
    expect(hook.reason).toContain("ENOENT");
    const rows = await project.history(dir);
    expect(rows.map((row) => row.attempt)).toEqual([1, 2]);
    for (const row of rows) expect(row.rejection).toContain(said);
    expect(await readFile(join(dir, "_logs", "worker.log"), "utf8")).toContain(said);
    const logs = await project.cli(["logs", "x"]);
    expect(logs.exitCode).toBe(0);
    const applied = logs.stdout.split("\n").filter((line) => line.includes("iteration applied"));
    expect(applied).toHaveLength(2);
    for (const line of applied) expect(line).toContain(said);
  });
});
