// SIGKILL of a PM2 worker mid-iteration → the next provider attempt started: with the supervisor running, as
// in production, and with PM2 alone (SAMOCODE_SUPERVISOR=manual, no supervisor) — a death by signal is not
// one of the worker's stop codes, so PM2 itself restarts it (after its first restart delay).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type BenchProject, makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, measure } from "../lib/benchmark.ts";
import { ECOSYSTEM } from "../lib/pm2-home.ts";
import { sleeper } from "../lib/scripts.ts";
import { nowMs } from "../lib/stats.ts";
import { supervisorLog } from "../lib/supervisor-app.ts";
import { sleep, waitUntil } from "../lib/wait.ts";
import { loopStarts, workerPid } from "../lib/worker-process.ts";

const KILLS = 10;
// Long enough that the attempt is well under way (its group recorded) when the worker dies.
const IN_FLIGHT_MS = 500;

export const workerSigkill = sigkill("supervisor");
export const workerSigkillPm2Alone = sigkill("pm2-alone");

function sigkill(mode: "supervisor" | "pm2-alone"): Benchmark {
  const alone = mode === "pm2-alone";
  return {
    id: alone ? "worker-sigkill-pm2-alone" : "worker-sigkill",
    title: `SIGKILL of a PM2 worker mid-iteration → next provider attempt started (${alone ? "PM2 alone, no supervisor" : "with the supervisor"})`,
    target: { measure: "kill-to-start", stat: "median", limit: 1000, strict: true },
    run: async (ctx) => {
      const project = await makeBenchProject(ctx.scope, {
        script: sleeper(),
        pm2: true,
        env: alone ? { SAMOCODE_SUPERVISOR: "manual" } : {},
      });
      if (!alone) await startSupervisor(project);
      const total: number[] = [];
      const toLoop: number[] = [];
      const loopToStart: number[] = [];
      ctx.log(`${KILLS} sessions, each SIGKILLed once mid-attempt`);
      for (let i = 0; i < KILLS; i++) {
        const name = `k${i}`;
        const before = (await project.providerRuns()).length;
        const spawned = await project.cli(["spawn", "--name", name, "--json", `sigkill ${i}`]);
        if (spawned.code !== 0) throw new Error(`samocode spawn exited ${spawned.code}: ${spawned.stderr}`);
        const dir = join(project.sessions, (JSON.parse(spawned.stdout) as { session: string }).session);
        await waitUntil("the first provider run", async () => (await project.providerRuns())[before]);
        await sleep(IN_FLIGHT_MS);
        const victim = await workerPid(dir);
        const killedAt = nowMs();
        process.kill(victim, "SIGKILL");
        const next = await waitUntil("the provider run after the kill", async () => {
          return (await project.providerRuns())[before + 1];
        });
        const restarted = (await loopStarts(dir)).find((start) => start.pid !== victim);
        if (restarted === undefined) throw new Error(`no new loop logged in ${dir}`);
        total.push(next.startMs - killedAt);
        toLoop.push(restarted.atMs - killedAt);
        loopToStart.push(next.startMs - restarted.atMs);
        const stopped = await project.cli(["stop", name]);
        if (stopped.code !== 0)
          throw new Error(`samocode stop ${name} exited ${stopped.code}: ${stopped.stderr}`);
      }
      return {
        measures: [
          measure("kill-to-start", "SIGKILL of the worker → next provider start", "ms", total),
          measure(
            "kill-to-loop",
            "  of which: SIGKILL → new worker's loop started (worker.log)",
            "ms",
            toLoop,
          ),
          measure(
            "loop-to-start",
            "  of which: loop started → provider start (recovery, sweep, spawn)",
            "ms",
            loopToStart,
          ),
        ],
        notes: [
          alone
            ? "No supervisor on the daemon: only PM2's restart policy brings the worker back."
            : "The supervisor runs (ecosystem.config.cjs); PM2's restart policy brings the worker back either way.",
          `${KILLS} sessions spawned one after another, each killed once ${IN_FLIGHT_MS} ms into its first attempt, then stopped.`,
          "One kill per session: repeated kills of one worker meet PM2's growing restart backoff and the crash-loop guard.",
          "worker.log timestamps have millisecond resolution.",
        ],
      };
    },
  };
}

/** `pm2 start ecosystem.config.cjs` from the project, as a user would; waits for its first reconcile pass. */
async function startSupervisor(project: BenchProject): Promise<void> {
  if (project.pm2 === undefined) throw new Error("the project has no PM2");
  await project.pm2.pm2(["start", ECOSYSTEM], { cwd: project.root, env: project.env });
  const log = supervisorLog(project);
  await waitUntil("the supervisor's first reconcile pass", async () => {
    const text = await readFile(log, "utf8").catch(() => "");
    return text.includes("first reconcile pass done") ? true : undefined;
  });
}
