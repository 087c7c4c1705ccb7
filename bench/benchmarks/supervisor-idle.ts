// The supervisor at rest: CPU and memory while the fleet it watches has settled — half its sessions done,
// half waiting at the Q&A gate with their workers alive — so its safety ticks, stall checks and file watching
// have something to look at but nothing to do.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type BenchProject, makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, measure } from "../lib/benchmark.ts";
import { type CpuReading, cpuPerSecond, readCpu } from "../lib/cpu-time.ts";
import { spawnMany, waitForState } from "../lib/fleet.ts";
import { readRss } from "../lib/rss.ts";
import { noopSession, signal } from "../lib/scripts.ts";
import { fleetProcesses, pm2DaemonPid, startSupervisor, supervisorPid } from "../lib/supervisor-app.ts";
import { sleep, waitUntil } from "../lib/wait.ts";

const DONE = 5;
const WAITING = 5;
/** The target's windows are 30 s, the supervisor's safety tick, so each holds one; 5 s ones show the bursts. */
const LONG_WINDOWS = 3;
const SHORT_PER_LONG = 6;
const WINDOWS = LONG_WINDOWS * SHORT_PER_LONG;
const WINDOW_MS = 5_000;
const SETTLE_MS = 5_000;

/**
 * Chosen by the session's phase, not by a shared cursor (`questionLoop` is sequential: sessions sharing its
 * file would take each other's runs): on to requirements, then a question and a wait for its answer.
 */
const QA_GATE = {
  phases: {
    investigation: [["init", signal({ status: "continue", phase: "requirements" })]],
    requirements: [
      [
        "init",
        { write: { path: "{session}/_qa.md", text: "### Q1: Which token format?\n**Answer:** _waiting_\n" } },
        signal({ status: "waiting", for: "qa_answers" }),
      ],
    ],
  },
};

type Window = {
  supervisorCpu: number;
  daemonCpu: number;
  rss: number;
  anon: number;
  daemonRss: number;
  workersRss: number;
};

export const supervisorIdle: Benchmark = {
  id: "supervisor-idle",
  title: "Supervisor CPU while idle, 10 settled sessions (goal < 2 % of one core = 20 ms/s)",
  target: { measure: "cpu", stat: "median", limit: 20, strict: true },
  run: async (ctx) => {
    const project = await makeBenchProject(ctx.scope, { script: noopSession(1), pm2: true });
    const home = project.pm2?.home ?? "";
    await startSupervisor(project);
    ctx.log(`${DONE} sessions to done and ${WAITING} to the Q&A gate; waiting for them to settle`);
    await settleFleet(project);
    const supervisor = await supervisorPid(home);
    const daemon = await pm2DaemonPid(home);
    const runsBefore = (await project.providerRuns()).length;
    ctx.log(`sampling the supervisor (pid ${supervisor}) for ${(WINDOWS * WINDOW_MS) / 1000} s`);
    const { windows, readings, childrenMs } = await sampleIdle(home, supervisor, daemon);
    const long = Array.from({ length: LONG_WINDOWS }, (_, k) =>
      cpuBetween(readings, k * SHORT_PER_LONG, (k + 1) * SHORT_PER_LONG),
    );
    const runsDuring = (await project.providerRuns()).length - runsBefore;
    const total = windows.map((w) => w.rss + w.daemonRss + w.workersRss);
    return {
      measures: [
        measure(
          "cpu",
          `supervisor CPU per wall second (${(SHORT_PER_LONG * WINDOW_MS) / 1000} s windows; 20 ms/s = 2 % of one core)`,
          "ms",
          long,
        ),
        measure(
          "cpu-5s",
          `  the same in ${WINDOW_MS / 1000} s windows (max: the busiest)`,
          "ms",
          windows.map((w) => w.supervisorCpu),
        ),
        measure(
          "rss",
          "supervisor RSS",
          "MB",
          windows.map((w) => w.rss),
        ),
        measure(
          "anon",
          "  of which anonymous (its own heap, stacks)",
          "MB",
          windows.map((w) => w.anon),
        ),
        measure(
          "daemon-cpu",
          "reference: PM2 daemon CPU per wall second",
          "ms",
          windows.map((w) => w.daemonCpu),
        ),
        measure(
          "daemon-rss",
          "reference: PM2 daemon RSS",
          "MB",
          windows.map((w) => w.daemonRss),
        ),
        measure("total-rss", `total: supervisor + PM2 daemon + the ${WAITING} waiting workers`, "MB", total),
      ],
      notes: [
        `Over the whole ${(WINDOWS * WINDOW_MS) / 1000} s the supervisor used ${(cpuBetween(readings, 0, WINDOWS) / 10).toFixed(2)} % of one core (utime + stime from /proc/<pid>/stat, ${childrenMs.toFixed(0)} ms more in children it waited for).`,
        `Sessions: ${DONE} done (their PM2 apps deleted) and ${WAITING} waiting for Q&A answers (workers alive), spawned under the supervisor from ecosystem.config.cjs; sampled after ${SETTLE_MS / 1000} s of settling; ${runsDuring} provider runs started meanwhile.`,
        "CPU is read every 5 s from the kernel's tick counters (10 ms ticks: a 5 s window resolves 2 ms/s, a 30 s one 0.3 ms/s); RSS from /proc/<pid>/status at the end of each 5 s window.",
      ],
    };
  },
};

/** Spawns the sessions, waits for each to settle, then for the done ones' workers to be gone. */
async function settleFleet(project: BenchProject): Promise<void> {
  const qaScript = join(project.root, "qa-script.json");
  await writeFile(qaScript, JSON.stringify(QA_GATE));
  const requests = [
    ...Array.from({ length: DONE }, (_, i) => ({
      name: `d${i + 1}`,
      args: ["--auto-approve", `done ${i + 1}`],
    })),
    ...Array.from({ length: WAITING }, (_, i) => ({
      name: `w${i + 1}`,
      args: [`waiting ${i + 1}`],
      env: { SAMOCODE_SCRIPT: qaScript },
    })),
  ];
  for (const s of await spawnMany(project, requests, 2)) {
    await waitForState(project, s, s.name.startsWith("d") ? "done" : "waiting", 120_000);
  }
  // Done sessions' workers exit and the supervisor deletes their apps; the waiting ones' workers stay.
  const home = project.pm2?.home ?? "";
  await waitUntil(
    "only the waiting sessions' workers left",
    async () => {
      const workers = (await fleetProcesses(home)).filter((p) => p.role === "worker");
      return workers.length === WAITING ? true : undefined;
    },
    60_000,
  );
  await sleep(SETTLE_MS);
}

async function sampleIdle(
  home: string,
  supervisor: number,
  daemon: number,
): Promise<{ windows: Window[]; readings: CpuReading[]; childrenMs: number }> {
  const first = { s: await readCpu(supervisor), d: await readCpu(daemon) };
  let last: { s: CpuReading; d: CpuReading } = first;
  const readings = [first.s];
  const windows: Window[] = [];
  for (let i = 0; i < WINDOWS; i++) {
    await sleep(WINDOW_MS);
    const next = { s: await readCpu(supervisor), d: await readCpu(daemon) };
    const own = await readRss(supervisor);
    const workers = (await fleetProcesses(home)).filter((p) => p.role === "worker");
    const workerRss = await Promise.all(workers.map(async (w) => (await readRss(w.pid)).rss));
    windows.push({
      supervisorCpu: cpuPerSecond(last.s, next.s),
      daemonCpu: cpuPerSecond(last.d, next.d),
      rss: own.rss,
      anon: own.anon,
      daemonRss: (await readRss(daemon)).rss,
      workersRss: workerRss.reduce((sum, rss) => sum + rss, 0),
    });
    readings.push(next.s);
    last = next;
  }
  return { windows, readings, childrenMs: last.s.cpu.childrenMs - first.s.cpu.childrenMs };
}

function cpuBetween(readings: readonly CpuReading[], from: number, to: number): number {
  const a = readings[from];
  const b = readings[to];
  if (a === undefined || b === undefined) throw new Error(`no CPU reading ${from} or ${to}`);
  return cpuPerSecond(a, b);
}
