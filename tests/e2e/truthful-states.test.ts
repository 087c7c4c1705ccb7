// Issue 14: after a Ctrl-C of `run` or a killed worker, `status` showed `running` (or waiting) with nothing
// running it, forever; and `resume` at the plan gate spent a paid iteration instead of returning to the
// gate. Now a session whose state wants a loop that no live loop holds says so, with the command that gives
// it one, and a resume at a gate leaves the session at that gate.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createSession } from "@samocode/core";
import { describe, expect, it } from "vitest";
import { waitFor } from "../helpers/pm2-home.ts";
import { makeProject } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { fullSession } from "./scripts.ts";

type Row = { session: string; loop: string | null; detail: string; state: string };

describe("states that tell the truth", () => {
  it("resume at the plan gate costs no iteration; a dead loop shows as none, with the command that goes on", async () => {
    const project = await makeProject({ script: fullSession() });
    const run = project.spawnCli(["run", "--task", "Add JWT auth", "--name", "auth"]);
    const dir = await project.waitForSession();
    const id = dir.split("/").at(-1) ?? "";
    const decisionTaken = () =>
      waitFor(async () => (existsSync(join(dir, "_decision.json")) ? undefined : true));
    await project.waitForHook(dir, (h) => h.waitingFor === "qa_answers");
    expect((await project.cli(["answer", "auth", "JWT", "cookie"])).exitCode).toBe(0);
    const atGate = await project.waitForHook(dir, (h) => h.waitingFor === "plan_approval");

    const resumed = await project.cli(["resume", "auth"]);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toContain(
      `${id}: it waits at the plan_approval gate, where resume leaves it without an iteration; see samocode show ${id}, then samocode approve ${id}`,
    );
    await decisionTaken();
    expect(await project.hook(dir)).toMatchObject({ state: "waiting", waitingFor: "plan_approval" });

    // The loop dies without a word (SIGKILL): its lease is left behind, its state still says waiting.
    run.kill("SIGKILL");
    await run;
    const rows = (await statusRows(project)).filter((row) => row.session === id);
    expect(rows).toEqual([
      expect.objectContaining({ loop: "missing", detail: `for plan_approval; no loop — samocode run ${id}` }),
    ]);
    const again = await project.cli(["resume", "auth"]);
    expect(again.stdout).toMatch(new RegExp(`no loop runs it now; go on with: samocode run ${id}$`));

    // Going on as told: the loop takes the resume at the gate, and only the approval moves it.
    const second = project.spawnCli(["run", id]);
    await decisionTaken();
    expect((await project.cli(["approve", "auth"])).exitCode).toBe(0);
    expect((await second).exitCode).toBe(0);
    const history = await project.history(dir);
    expect(history.filter((row) => row.fromPhase === "planning").map((row) => row.iteration)).toEqual([
      atGate.iteration,
    ]);
  });

  it("a PM2 session without a live worker says: no loop — samocode restart <s>", async () => {
    const project = await makeProject({ script: { runs: [] } });
    const created = await createSession({
      sessionsRoot: project.sessions,
      task: "t",
      name: "orphan",
      provider: "claude",
      runner: "pm2",
    });
    if (!created.ok) throw new Error(created.message);
    const noDaemon = { PM2_HOME: join(await makeTempDir("pm2-none-"), "h") };
    const rows = await statusRows(project, noDaemon);
    expect(rows).toEqual([
      expect.objectContaining({
        session: created.session.id,
        state: "running",
        loop: "missing",
        detail: `no loop — samocode restart ${created.session.id}`,
      }),
    ]);

    // A lease nobody can read: nobody can tell whether a loop runs it, so status says how to free it and
    // restart refuses rather than start a worker that would exit 3 (issue 13, failure 1).
    const lease = join(created.session.dir, "_lease.json");
    await writeFile(lease, "\u0000garbage{");
    const [row] = await statusRows(project, noDaemon);
    expect(row).toMatchObject({ loop: "unknown" });
    expect(row?.detail).toContain(`rm ${lease}`);
    const restart = await project.cli(["restart", "orphan"], noDaemon);
    expect(restart.exitCode).toBe(2);
    expect(restart.stderr).toContain(`${created.session.id} is not restarted:`);
    expect(restart.stderr).toContain(`rm ${lease}`);
    expect(existsSync(join(noDaemon.PM2_HOME, "rpc.sock"))).toBe(false);
  });
});

async function statusRows(
  project: Awaited<ReturnType<typeof makeProject>>,
  env: Record<string, string> = {},
): Promise<Row[]> {
  const status = await project.cli(["status", "--json"], env);
  expect(status.exitCode, status.stderr).toBe(0);
  return (JSON.parse(status.stdout) as { rows: Row[] }).rows;
}
