import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, signal } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { recordedArgv, recordedPrompts } from "./scripts.ts";

describe("handoff", () => {
  it("saves the state, starts a fresh conversation with it, and clears it once used", async () => {
    const record = join(await makeTempDir(), "record.jsonl");
    const project = await makeProject({
      script: {
        runs: [
          [
            "init",
            signal({ status: "handoff", reason: "context_full", state: { step: 3, todo: ["tests"] } }),
          ],
          ["init", signal({ status: "continue", phase: "requirements" })],
          ["init", signal({ status: "blocked", reason: "stop", needs: "human_decision" })],
        ],
      },
      env: { SAMOCODE_SCRIPT_RECORD: record },
    });
    expect((await project.cli(["run", "--task", "x", "--name", "x"])).exitCode).toBe(11);
    const prompts = await recordedPrompts(record);
    expect(prompts[1]).toMatch(/Handoff from the previous context\nReason: context_full/);
    expect(prompts[1]).toContain('"todo": [');
    expect(prompts[2]).not.toContain("Handoff from the previous context");
    for (const argv of await recordedArgv(record)) expect(argv).not.toContain("--resume");
    const dir = await project.waitForSession();
    expect(existsSync(join(dir, "_handoff.json"))).toBe(false);
    const rows = await project.history(dir);
    expect(rows[0]).toMatchObject({ accepted: true, fromPhase: "investigation", toPhase: "investigation" });
  });

  it("treats a run that hit its max-turns limit as a handoff, not a failure", async () => {
    const record = join(await makeTempDir(), "record.jsonl");
    const project = await makeProject({
      script: {
        runs: [
          ["init", { say: "halfway there" }, { error: { kind: "max_turns" } }, { exit: 1 }],
          ["init", signal({ status: "blocked", reason: "stop", needs: "human_decision" })],
        ],
      },
      env: { SAMOCODE_SCRIPT_RECORD: record, SAMOCODE_MAX_RETRIES: "0" },
    });
    expect((await project.cli(["run", "--task", "x", "--name", "x"])).exitCode).toBe(11);
    const dir = await project.waitForSession();
    const rows = await project.history(dir);
    expect(rows[0]).toMatchObject({ accepted: true, signal: { status: "handoff", synthetic: true } });
    expect((await recordedPrompts(record))[1]).toMatch(/max-turns limit/);
    expect(await project.hook(dir)).toMatchObject({ cause: "agent", reason: "stop" });
  });
});

describe("inbox", () => {
  it("puts pending messages into the next prompt and marks them delivered after that iteration", async () => {
    const record = join(await makeTempDir(), "record.jsonl");
    const project = await makeProject({
      script: {
        runs: [
          ["init", { sleep: 1500 }, signal({ status: "continue" })],
          ["init", signal({ status: "continue" })],
          ["init", signal({ status: "blocked", reason: "stop", needs: "human_decision" })],
        ],
      },
      env: { SAMOCODE_SCRIPT_RECORD: record },
    });
    const run = project.spawnCli(["run", "--task", "x", "--name", "x"]);
    const dir = await project.waitForSession();
    await project.waitForHook(dir, (h) => h.attempt?.iteration === 1 && h.attempt.pid !== null);
    // Sent while iteration 1 runs: it must not be lost, and must reach iteration 2.
    const sent = await project.cli(["send", "x", "Prefer", "JWT", "--from", "lead"]);
    expect(sent.stdout).toMatch(/^sent \S+ to /);
    expect((await run).exitCode).toBe(11);
    const prompts = await recordedPrompts(record);
    expect(prompts[0]).not.toContain("Prefer JWT");
    expect(prompts[1]).toMatch(/## Inbox\n### From lead .*\nPrefer JWT/);
    expect(prompts[2]).not.toContain("Prefer JWT");
    expect(await readdir(join(dir, "_inbox", "delivered"))).toHaveLength(1);
    expect((await project.cli(["inbox", "x"])).stdout).toMatch(/no pending messages/);
  });

  it("rejects a message to a session that does not exist", async () => {
    const project = await makeProject({ script: { runs: [] } });
    const sent = await project.cli(["send", "nobody", "hi"]);
    expect(sent.exitCode).toBe(2);
    expect(sent.stderr).toMatch(/nobody/);
  });
});

describe("usage limits", () => {
  it("pauses until the reset time instead of burning retries, then resumes by itself", async () => {
    const project = await makeProject({
      script: {
        runs: [
          ["init", { error: { kind: "rate_limit", resetInSeconds: 2 } }, { exit: 1 }],
          ["init", signal({ status: "blocked", reason: "after the pause", needs: "human_decision" })],
        ],
      },
      env: { SAMOCODE_MAX_RETRIES: "0" },
    });
    const run = project.spawnCli(["run", "--task", "x", "--name", "x"]);
    const dir = await project.waitForSession();
    const paused = await project.waitForHook(dir, (h) => h.state === "paused");
    expect(paused.pausedUntil).not.toBeNull();
    const result = await run;
    expect(result.exitCode).toBe(11);
    const hook = await project.hook(dir);
    expect(hook.reason).toBe("after the pause");
    expect(Date.parse(hook.lastActivityAt)).toBeGreaterThanOrEqual(Date.parse(paused.pausedUntil ?? ""));
    const log = await readFile(join(dir, "_overview.md"), "utf8");
    expect(log).toMatch(/paused until/);
  });
});
