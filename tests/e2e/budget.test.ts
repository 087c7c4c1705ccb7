import { describe, expect, it } from "vitest";
import { makeProject, signal } from "../helpers/samocode-project.ts";

const step = (cost: number) => [
  "init",
  { append: { path: "{cwd}/notes.txt", text: "a finding\n" } },
  signal({ status: "continue" }),
  { result: { costUsd: cost, inputTokens: 100, outputTokens: 10 } },
];

describe("session budgets", () => {
  it("pauses once the budget is spent, refuses a resume that does not raise it, and goes on when raised", async () => {
    const project = await makeProject({ script: { runs: [step(0.4)] } });
    const first = await project.cli(["run", "--task", "x", "--name", "x", "--budget-usd", "1", "--no-wait"]);
    expect(first.exitCode).toBe(10);
    const dir = await project.waitForSession();
    const paused = await project.hook(dir);
    expect(paused).toMatchObject({ state: "paused", pausedUntil: null, iteration: 3 });
    expect(paused.costUsd).toBeCloseTo(1.2);
    expect(paused).toMatchObject({ state: "paused", cause: "budget" });
    expect(paused.reason).toMatch(/budget reached: \$1\.20 of \$1\.00 spent/);
    const status = JSON.parse((await project.cli(["status", "--json"])).stdout);
    expect(status.rows).toMatchObject([{ state: "paused", cause: "budget", reason: paused.reason }]);

    const same = await project.cli(["resume", "x"]);
    expect(same.exitCode).toBe(2);
    expect(same.stderr).toMatch(/budget reached/);
    const bad = await project.cli(["resume", "x", "--budget-usd", "lots"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--budget-usd takes an amount above 0/);

    expect((await project.cli(["resume", "x", "--budget-usd", "2"])).exitCode).toBe(0);
    expect((await project.cli(["run", "x", "--no-wait"])).exitCode).toBe(10);
    const again = await project.hook(dir);
    expect(again).toMatchObject({ state: "paused", budgetUsd: 2, iteration: 5 });
  });

  it("does not let a session approve its own plan", async () => {
    const project = await makeProject({
      script: {
        phases: {
          investigation: [["init", signal({ status: "continue", phase: "requirements" })]],
          requirements: [["init", signal({ status: "continue", phase: "planning" })]],
          planning: [["init", signal({ status: "waiting", for: "plan_approval" })]],
        },
      },
    });
    expect((await project.cli(["run", "--task", "x", "--name", "x", "--no-wait"])).exitCode).toBe(10);
    const id = (await project.hook(await project.waitForSession())).session;
    const self = await project.cli(["approve", "x"], { SAMOCODE_SESSION: id });
    expect(self.exitCode).toBe(2);
    expect(self.stderr).toMatch(/cannot approve its own plan/);
    expect((await project.cli(["approve", "x"])).exitCode).toBe(0);
  });
});
