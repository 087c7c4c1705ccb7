// 50 concurrent sessions under PM2 with the supervisor: all spawned, their first provider runs held at a gate,
// then released together; each a short scripted agent run with --auto-approve through every phase to done.
// All must finish; how long that takes, and the memory of the workers and the supervisor meanwhile.
import { type BenchProject, makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, measure } from "../lib/benchmark.ts";
import { peakOverlap, type SessionState, type Spawned, sessionState, spawnMany } from "../lib/fleet.ts";
import { type FleetSample, watchFleetRss } from "../lib/fleet-rss.ts";
import { makeProviderGate } from "../lib/provider-gate.ts";
import { noopSession } from "../lib/scripts.ts";
import { nowMs } from "../lib/stats.ts";
import { startSupervisor } from "../lib/supervisor-app.ts";
import { sleep } from "../lib/wait.ts";

const SESSIONS = 50;
/** Two runs in implementation, one in every other phase: 8 provider runs per session. */
const IMPLEMENTATION_RUNS = 2;
/** `samocode spawn` commands at once: each is a Node start-up, and the workers already spawned compete. */
const SPAWN_PARALLEL = 4;
/** How long to wait for all to finish once released; the all-done measure is this cap when some never do. */
const CAP_MS = 15 * 60_000;
/** How long the spawns and the workers' first runs may take to reach the gate; it opens anyway after. */
const GATE_WAIT_MS = 10 * 60_000;
const SETTLED = new Set(["done", "blocked", "failed"]);

export const fiftySessions: Benchmark = {
  id: "fifty-sessions",
  title: "50 concurrent sessions under PM2 (scripted provider, --auto-approve): all finish",
  target: { measure: "all-done", stat: "median", limit: CAP_MS, strict: true },
  run: async (ctx) => {
    const gate = await makeProviderGate(ctx.scope);
    const project = await makeBenchProject(ctx.scope, {
      script: noopSession(IMPLEMENTATION_RUNS),
      pm2: true,
      env: gate.env,
    });
    await startSupervisor(project);
    const rss = watchFleetRss(project.pm2?.home ?? "", 1_000);
    ctx.scope.defer("stop sampling the fleet's memory", async () => {
      await rss.stop();
    });
    ctx.log(`spawning ${SESSIONS} sessions, ${SPAWN_PARALLEL} at a time; their first runs wait at a gate`);
    const firstMs = nowMs();
    const spawned = await spawnMany(project, REQUESTS, SPAWN_PARALLEL);
    const gated = await waitGated(project, firstMs + GATE_WAIT_MS);
    const readyS = ((nowMs() - firstMs) / 1000).toFixed(0);
    ctx.log(`${gated} first runs at the gate after ${readyS} s; opening it`);
    const goMs = await gate.open();
    const final = await waitSettled(project, spawned, goMs + CAP_MS, ctx.log);
    const samples = await rss.stop();
    const doneAt = spawned.flatMap((s) => {
      const state = final.get(s.dir);
      return state?.state === "done" ? [state.hookMtimeMs - goMs] : [];
    });
    const runs = await project.providerRuns();
    const later = runs.filter((r) => r.startMs > goMs);
    return {
      measures: fleetMeasures(doneAt, spawned, samples),
      notes: [
        `${doneAt.length} of ${SESSIONS} sessions finished (state done)${doneAt.length === SESSIONS ? "" : `; the others: ${describeFailures(spawned, final)}`}.`,
        `Spawned with \`samocode spawn --auto-approve\`, ${SPAWN_PARALLEL} commands at a time, under the supervisor from ecosystem.config.cjs: ${readyS} s until ${gated} first provider runs waited at the gate; at most ${Math.max(...samples.map((s) => s.workers))} workers alive at once (/proc, 1 s samples).`,
        `The gate released them together; each session then plays ${IMPLEMENTATION_RUNS + 6} scripted runs (one per phase, ${IMPLEMENTATION_RUNS} in implementation): ${runs.length} runs in all, at most ${peakOverlap(later)} of the later ones at once. SAMOCODE_MAX_CONCURRENT unset (the default: no cap).`,
        "Done time: the mtime of the hook that first said done. RSS sums count the file-backed pages every Node shares (binary, libraries) once per process, so the real footprint is nearer the anonymous total plus one Node's file pages.",
      ],
    };
  },
};

const REQUESTS = Array.from({ length: SESSIONS }, (_, i) => ({
  name: `f${String(i + 1).padStart(2, "0")}`,
  args: ["--auto-approve", `fifty sessions: ${i + 1}`],
}));

/** `doneAt`: each finished session's done time after the gate opened. */
function fleetMeasures(
  doneAt: readonly number[],
  spawned: readonly Spawned[],
  samples: readonly FleetSample[],
) {
  if (samples.length === 0) throw new Error("no memory sample was taken");
  const allDone = doneAt.length === SESSIONS ? Math.max(...doneAt) : CAP_MS;
  return [
    measure("all-done", `gate opened → all ${SESSIONS} done`, "ms", [allDone]),
    ...(doneAt.length === 0
      ? []
      : [measure("session-done", "gate opened → each session done", "ms", doneAt)]),
    measure(
      "spawn",
      "`samocode spawn` command, start to exit",
      "ms",
      spawned.map((s) => s.endMs - s.startMs),
    ),
    measure(
      "rss-total",
      "RSS of all workers + the supervisor (1 s samples; max is the peak)",
      "MB",
      samples.map((s) => s.rss),
    ),
    measure(
      "anon-total",
      "  of which anonymous (heap, stacks: not shared)",
      "MB",
      samples.map((s) => s.anon),
    ),
  ];
}

/** Waits until every session's first provider run has reached the gate, or the deadline; returns how many did. */
async function waitGated(project: BenchProject, deadlineMs: number): Promise<number> {
  for (;;) {
    const started = (await project.providerRuns()).length;
    if (started >= SESSIONS || nowMs() > deadlineMs) return started;
    await sleep(250);
  }
}

/** Polls every hook until each has settled or the deadline passes; returns the last state seen of each. */
async function waitSettled(
  project: BenchProject,
  spawned: readonly Spawned[],
  deadlineMs: number,
  log: (line: string) => void,
): Promise<Map<string, SessionState>> {
  const seen = new Map<string, SessionState>();
  let reported = 0;
  for (;;) {
    for (const s of spawned) {
      const prior = seen.get(s.dir);
      if (prior !== undefined && SETTLED.has(prior.state)) continue;
      const state = await sessionState(project, s.dir);
      if (state !== undefined) seen.set(s.dir, state);
    }
    const settled = spawned.filter((s) => SETTLED.has(seen.get(s.dir)?.state ?? "")).length;
    if (settled === spawned.length || nowMs() > deadlineMs) return seen;
    if (settled >= reported + 10) {
      reported = settled - (settled % 10);
      log(`${settled} settled`);
    }
    await sleep(250);
  }
}

function describeFailures(spawned: readonly Spawned[], final: ReadonlyMap<string, SessionState>): string {
  return spawned
    .filter((s) => final.get(s.dir)?.state !== "done")
    .map((s) => {
      const state = final.get(s.dir);
      return `${s.name} ${state?.state ?? "unread"}${state?.detail ? ` (${state.detail})` : ""}`;
    })
    .join("; ");
}
