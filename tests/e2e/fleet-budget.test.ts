// The fleet's daily budget under a real PM2 daemon and the supervisor: two sessions spend until the fleet
// reaches SAMOCODE_FLEET_BUDGET_USD and both pause; `samocode resume` lets one go on past the cap today,
// and raising today's cap with `samocode budget --fleet-usd` lets the other finish. Each change is
// announced once.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ECOSYSTEM, makePm2Home, type Pm2Home } from "../helpers/pm2-home.ts";
import { makeProject, signal } from "../helpers/samocode-project.ts";

let pm2: Pm2Home;
beforeAll(async () => {
  pm2 = await makePm2Home();
});
afterAll(async () => {
  await pm2?.destroy();
});

const work = { sleep: 1000 };
const cost = { result: { costUsd: 0.25, inputTokens: 100, outputTokens: 10 } };
/**
 * Six iterations of $0.25 each: $1.50 per session. Each takes a second, like a (very fast) real agent: the
 * supervisor's verdict follows a hook change within one pass, and iterations already running finish.
 */
const SPENDER = {
  phases: {
    investigation: [["init", work, signal({ status: "continue", phase: "requirements" }), cost]],
    requirements: [["init", work, signal({ status: "continue", phase: "planning" }), cost]],
    planning: [["init", work, signal({ status: "waiting", for: "plan_approval" }), cost]],
    implementation: [["init", work, signal({ status: "continue", phase: "testing" }), cost]],
    testing: [["init", work, signal({ status: "continue", phase: "done" }), cost]],
    done: [["init", work, signal({ status: "done", summary: "spent" }), cost]],
  },
};

describe("the fleet budget", () => {
  it("pauses every session at the daily cap; a resume or a raised cap lets them go on", async () => {
    const project = await makeProject({
      script: SPENDER,
      env: { PM2_HOME: pm2.home, SAMOCODE_FLEET_BUDGET_USD: "1" },
    });
    const started = await pm2.pm2(["start", ECOSYSTEM], { env: project.env, cwd: project.root });
    expect(started.exitCode, started.stderr).toBe(0);
    for (const name of ["a", "b"])
      expect((await project.cli(["spawn", `spend ${name}`, "--name", name, "--auto-approve"])).exitCode).toBe(
        0,
      );
    const dirs = await sessionDirs(project);

    const paused = await Promise.all(
      dirs.map((dir) => project.waitForHook(dir, (h) => h.state === "paused" && h.cause === "fleet-budget")),
    );
    const status = JSON.parse((await project.cli(["status", "--json"])).stdout);
    expect(status.rows.map((row: { cause: string }) => row.cause)).toEqual(["fleet-budget", "fleet-budget"]);
    const spentAtPause = paused.reduce((sum, hook) => sum + hook.costUsd, 0);
    expect(spentAtPause).toBeGreaterThanOrEqual(1);
    // Iterations that started before the supervisor's verdict finish; none start after it.
    expect(spentAtPause).toBeLessThan(3);
    await new Promise((r) => setTimeout(r, 1_000));
    const still = await Promise.all(dirs.map((dir) => project.hook(dir)));
    expect(still.map((h) => h.state)).toEqual(["paused", "paused"]);
    expect(still.reduce((sum, hook) => sum + hook.costUsd, 0)).toBeCloseTo(spentAtPause);
    const shown = JSON.parse((await project.cli(["budget", "--json"])).stdout);
    expect(shown).toMatchObject({ capUsd: 1, configuredCapUsd: 1 });
    expect(shown.spentUsd).toBeCloseTo(spentAtPause);
    expect(shown.paused).toHaveLength(2);

    // A human lets one session past the cap for today; the other stays paused.
    expect((await project.cli(["resume", "a"])).exitCode).toBe(0);
    const [first, second] = dirs as [string, string];
    expect((await project.waitForSettled(first, 60_000)).state).toBe("done");
    expect((await project.hook(second)).state).toBe("paused");

    const raised = await project.cli(["budget", "--fleet-usd", "10"]);
    expect(raised.exitCode, raised.stderr).toBe(0);
    expect(raised.stdout).toMatch(/of \$10\.00 \(set for today; configured: \$1\.00\)/);
    const done = await project.waitForSettled(second, 60_000);
    expect(done).toMatchObject({ state: "done" });
    expect(done.costUsd).toBeCloseTo(1.5);

    const events = (await readFile(join(project.stateDir, "events.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { kind: string }).kind)
      .filter((kind) => kind.startsWith("fleet-budget"));
    expect(events).toEqual(["fleet-budget-paused", "fleet-budget-resumed"]);
  }, 180_000);
});

async function sessionDirs(project: Awaited<ReturnType<typeof makeProject>>): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const folders = (await readdir(project.sessions)).filter((f) => /^\d\d-\d\d-\d\d-[ab]$/.test(f)).sort();
    if (folders.length === 2) return folders.map((f) => join(project.sessions, f));
    if (Date.now() > deadline) throw new Error(`sessions not found: ${folders.join(", ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
