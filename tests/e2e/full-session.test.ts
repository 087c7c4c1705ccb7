import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git } from "../helpers/git-repo.ts";
import { makeProject } from "../helpers/samocode-project.ts";
import { fullSession } from "./scripts.ts";

describe("a whole session in the foreground", () => {
  it("walks investigation → done with both gates answered through the CLI", async () => {
    const project = await makeProject({ script: fullSession() });
    const run = project.spawnCli(["run", "--task", "Add JWT auth", "--name", "auth"]);
    const dir = await project.waitForSession();
    await project.waitForHook(dir, (h) => h.state === "waiting" && h.waitingFor === "qa_answers");

    const answered = await project.cli(["answer", "auth", "JWT", "--answer", "2=httpOnly cookie"]);
    expect(answered.stdout).toContain("all questions are answered");
    await project.waitForHook(dir, (h) => h.state === "waiting" && h.waitingFor === "plan_approval");
    expect(await readFile(join(dir, "_qa.md"), "utf8")).toMatch(
      /\*\*Answer:\*\* JWT[\s\S]*\*\*Answer:\*\* httpOnly cookie/,
    );

    const approved = await project.cli(["approve", "auth"]);
    expect(approved.exitCode).toBe(0);
    const result = await run;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/auth: done/);

    const hook = await project.hook(dir);
    expect(hook).toMatchObject({ state: "done", phase: "done", iteration: 8, attempt: null, costUsd: 0.75 });
    expect(hook.planApprovedAt).not.toBeNull();
    const history = await project.history(dir);
    expect(history.map((r) => `${r.fromPhase}>${r.toPhase}`)).toEqual([
      "investigation>requirements",
      "requirements>requirements",
      "requirements>planning",
      "planning>planning",
      "implementation>testing",
      "testing>quality",
      "quality>done",
      "done>done",
    ]);
    expect(history.every((r) => r.accepted)).toBe(true);
    const overview = await readFile(join(dir, "_overview.md"), "utf8");
    expect(overview).toMatch(/Phase: done/);
    expect(overview).toMatch(/#1 investigation → requirements: continue — dived/);
    expect(await git(hook.worktree ?? "", "log", "--format=%s", "-1")).toBe("add auth");
    expect(await git(project.repo, "log", "--format=%s", "-1")).toBe("initial commit");
    const logs = await readdir(join(dir, "_logs"));
    expect(logs.filter((f) => f.startsWith("iter-")).sort()).toContain("iter-0001-investigation-a1.jsonl");
  });
});
