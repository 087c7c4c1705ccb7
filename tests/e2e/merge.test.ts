import { describe, expect, it } from "vitest";
import { git } from "../helpers/git-repo.ts";
import { makeProject, signal } from "../helpers/samocode-project.ts";

describe("samocode merge", () => {
  it("merges done sessions in order and stops at the first conflict, leaving the target as it was", async () => {
    const project = await makeProject({
      script: {
        phases: {
          investigation: [
            [
              "init",
              { write: { path: "{cwd}/shared.txt", text: "from {session}\n" } },
              { commit: { message: "work" } },
              signal({ status: "continue", phase: "requirements" }),
            ],
          ],
          requirements: [["init", signal({ status: "continue", phase: "planning" })]],
          planning: [["init", signal({ status: "waiting", for: "plan_approval" })]],
          implementation: [["init", signal({ status: "continue", phase: "testing" })]],
          testing: [["init", signal({ status: "continue", phase: "done" })]],
          done: [["init", signal({ status: "done", summary: "ok" })]],
        },
      },
    });
    for (const name of ["one", "two"]) {
      expect(
        (await project.cli(["run", "--task", `task ${name}`, "--name", name, "--auto-approve"])).exitCode,
      ).toBe(0);
    }
    expect(
      (
        await project.cli(["run", "--task", "unfinished", "--name", "three", "--no-wait"], {
          SAMOCODE_MAX_NO_SIGNAL: "1",
        })
      ).exitCode,
    ).not.toBe(0);
    const before = await git(project.repo, "rev-parse", "HEAD");
    const merged = await project.cli(["merge", "three", "one", "two"]);
    expect(merged.exitCode).toBe(1);
    expect(merged.stderr).toMatch(/three is \w+, not done: skipped/);
    expect(merged.stdout).toMatch(/one: merged samocode\/one into main/);
    expect(merged.stderr).toMatch(
      /two: merging samocode\/two into main conflicts in shared\.txt; main is unchanged/,
    );
    const afterOne = await git(project.repo, "rev-parse", "HEAD");
    expect(afterOne).not.toBe(before);
    expect(await git(project.repo, "log", "--format=%s", "-1")).toMatch(
      /^samocode: \d\d-\d\d-\d\d-one — task one$/,
    );
    expect(await git(project.repo, "status", "--porcelain")).toBe("");
    expect(await git(project.repo, "branch", "--list", "samocode/*")).toMatch(
      /samocode\/one[\s\S]*samocode\/two/,
    );
  });
});
