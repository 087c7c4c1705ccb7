// Iterations that end `continue` without changing anything count as stalls (SPEC §10): an agent that
// keeps saying "continue" in one phase while touching nothing is noted and then blocked, while one that
// changes the worktree each time is left alone.
import { describe, expect, it } from "vitest";
import { makeProject, signal } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { recordedPrompts } from "./scripts.ts";

const IDLE = { SAMOCODE_IDLE_CONTINUES: "2", SAMOCODE_MAX_STALLS: "2" };

describe("continue without change", () => {
  it("counts N idle continues in a row as a stall, notes it, and blocks after SAMOCODE_MAX_STALLS", async () => {
    const record = `${await makeTempDir()}/record.jsonl`;
    const project = await makeProject({
      script: { runs: [["init", { say: "all good" }, signal({ status: "continue" })]] },
      env: { ...IDLE, SAMOCODE_SCRIPT_RECORD: record },
    });
    const run = await project.cli(["run", "--task", "spin", "--name", "spin", "--no-wait"]);
    expect(run.exitCode).toBe(11);
    const dir = await project.waitForSession();
    const hook = await project.hook(dir);
    expect(hook.reason).toMatch(
      /^stalled 2 times in phase investigation \(the last: 2 iterations in a row ended continue without changing a file or making a commit\)/,
    );
    expect(hook).toMatchObject({
      cause: "stalled",
      iteration: 4,
      stalls: { investigation: 2 },
      idleContinues: 0,
    });
    const prompts = await recordedPrompts(record);
    expect(prompts).toHaveLength(4);
    expect(prompts[1]).not.toMatch(/without changing a file/);
    expect(prompts[2]).toMatch(/The last 2 iterations in a row ended continue without changing a file/);
  }, 120_000);

  it("leaves an agent alone that commits every time, leaving a clean tree", async () => {
    const project = await makeProject({
      script: {
        runs: [
          [
            "init",
            // Committed each time, so the tree is clean again: only HEAD moving shows the progress.
            { append: { path: "{cwd}/notes.txt", text: "one more finding\n" } },
            { commit: { message: "one more finding from {session}" } },
            signal({ status: "continue" }),
          ],
        ],
      },
      env: IDLE,
    });
    const run = await project.cli(["run", "--task", "busy", "--name", "busy", "--no-wait"]);
    expect(run.exitCode).toBe(11);
    const hook = await project.hook(await project.waitForSession());
    // It runs until the phase's own limit, never counted as stalled.
    expect(hook).toMatchObject({
      cause: "phase-limit",
      reason: "phase iteration limit reached (20) in phase investigation",
    });
    expect(hook.stalls).toEqual({});
    expect(hook.iteration).toBe(20);
  }, 180_000);
});
