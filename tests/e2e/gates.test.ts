import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, signal } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { fullSession, recordedPrompts } from "./scripts.ts";

describe("human gates", () => {
  it("runs a whole session without a human under --auto-approve", async () => {
    const project = await makeProject({ script: fullSession() });
    const run = await project.cli([
      "run",
      "--task",
      "Add JWT auth",
      "--name",
      "auth",
      "--auto-approve",
      "--json",
    ]);
    expect(run.exitCode).toBe(0);
    const hook = JSON.parse(run.stdout);
    expect(hook).toMatchObject({ state: "done", phase: "done", autoApprove: true });
    expect(hook.planApprovedAt).not.toBeNull();
    const dir = await project.waitForSession();
    const history = await project.history(dir);
    expect(history.map((r) => `${r.fromPhase}>${r.toPhase}`)).toEqual([
      "investigation>requirements",
      "requirements>requirements",
      "requirements>planning",
      "planning>implementation",
      "implementation>testing",
      "testing>quality",
      "quality>done",
      "done>done",
    ]);
  });

  it("delivers a rejected plan's feedback to the next prompt and keeps the session in planning", async () => {
    const record = join(await makeTempDir(), "record.jsonl");
    const project = await makeProject({ script: fullSession(), env: { SAMOCODE_SCRIPT_RECORD: record } });
    const run = project.spawnCli(["run", "--task", "Add JWT auth", "--name", "auth"]);
    const dir = await project.waitForSession();
    await project.waitForHook(dir, (h) => h.waitingFor === "qa_answers");
    expect((await project.cli(["answer", "auth", "JWT", "cookies"])).exitCode).toBe(0);
    await project.waitForHook(dir, (h) => h.waitingFor === "plan_approval");

    const refused = await project.cli(["reject", "auth"]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/--feedback/);
    const rejected = await project.cli([
      "reject",
      "auth",
      "--feedback",
      "Use refresh tokens & rotate them <weekly>",
    ]);
    expect(rejected.exitCode).toBe(0);
    const again = await project.waitForHook(
      dir,
      (h) => h.waitingFor === "plan_approval" && h.iteration === 5,
    );
    expect(again.phase).toBe("planning");
    const prompts = await recordedPrompts(record);
    expect(prompts.at(-1)).toContain("Use refresh tokens & rotate them <weekly>");
    expect(prompts.at(-2)).not.toContain("refresh tokens");

    expect((await project.cli(["approve", "auth"])).exitCode).toBe(0);
    expect((await run).exitCode).toBe(0);
    const history = await project.history(dir);
    expect(history.filter((r) => r.fromPhase === "planning")).toHaveLength(2);
  });

  it("resumes by itself when a human answers by editing _qa.md", async () => {
    const project = await makeProject({ script: fullSession() });
    const run = project.spawnCli(["run", "--task", "Add JWT auth", "--name", "auth"]);
    const dir = await project.waitForSession();
    await project.waitForHook(dir, (h) => h.waitingFor === "qa_answers");
    const qa = join(dir, "_qa.md");
    const text = await readFile(qa, "utf8");
    await writeFile(qa, text.replace("**Answer:** _waiting_", "**Answer:** JWT"));
    await new Promise((r) => setTimeout(r, 300));
    expect((await project.hook(dir)).waitingFor).toBe("qa_answers");
    await writeFile(
      qa,
      (await readFile(qa, "utf8")).replace("**Answer:** _waiting_", "**Answer:** a cookie"),
    );
    await project.waitForHook(dir, (h) => h.waitingFor === "plan_approval");
    run.kill("SIGTERM");
    expect((await run).exitCode).toBe(130);
    expect((await project.hook(dir)).state).toBe("waiting");
  });

  it("refuses to approve a session that is not waiting for approval", async () => {
    const project = await makeProject({
      script: { runs: [["init", signal({ status: "blocked", reason: "need a key", needs: "environment" })]] },
    });
    const run = await project.cli(["run", "--task", "x", "--name", "x"]);
    expect(run.exitCode).toBe(11);
    const approve = await project.cli(["approve", "x"]);
    expect(approve.exitCode).toBe(2);
    expect(approve.stderr).toMatch(/not waiting for plan approval \(blocked: need a key/);
  });

  it("resumes a blocked session with samocode resume and a message for the agent", async () => {
    const record = join(await makeTempDir(), "record.jsonl");
    const project = await makeProject({
      script: {
        runs: [
          ["init", signal({ status: "blocked", reason: "need a key", needs: "environment" })],
          ["init", signal({ status: "continue", phase: "requirements" })],
          ["init", signal({ status: "blocked", reason: "stop here", needs: "human_decision" })],
        ],
      },
      env: { SAMOCODE_SCRIPT_RECORD: record },
    });
    expect((await project.cli(["run", "--task", "x", "--name", "x"])).exitCode).toBe(11);
    expect((await project.cli(["resume", "x", "--message", "key is in .env now"])).exitCode).toBe(0);
    const second = await project.cli(["run", "x"]);
    expect(second.exitCode).toBe(11);
    expect(second.stdout).toMatch(/stop here/);
    expect((await recordedPrompts(record))[1]).toContain("key is in .env now");
  });
});
