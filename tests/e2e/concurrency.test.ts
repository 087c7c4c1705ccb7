import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, signal } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

describe("SAMOCODE_MAX_CONCURRENT", () => {
  it("never runs more providers at once than the cap, and every session finishes", async () => {
    const meter = join(await makeTempDir(), "meter.log");
    const run = [
      "init",
      { append: { path: meter, text: "+\n" } },
      { sleep: 1000 },
      { append: { path: meter, text: "-\n" } },
      signal({ status: "blocked", reason: "measured", needs: "human_decision" }),
    ];
    const project = await makeProject({ script: { runs: [run] }, env: { SAMOCODE_MAX_CONCURRENT: "2" } });
    const names = ["a", "b", "c", "d", "e"];
    const runs = names.map((name) => project.spawnCli(["run", "--task", `task ${name}`, "--name", name]));
    const results = await Promise.all(runs);
    expect(results.map((r) => r.exitCode)).toEqual([11, 11, 11, 11, 11]);
    let running = 0;
    let peak = 0;
    for (const mark of (await readFile(meter, "utf8")).trim().split("\n")) {
      running += mark === "+" ? 1 : -1;
      peak = Math.max(peak, running);
    }
    expect(running).toBe(0);
    expect(peak).toBe(2);
  });
});
