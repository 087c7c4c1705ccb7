// Per-iteration overhead of the loop with a no-op provider: from one provider run's exit to the next one's
// start, timed by the wrapper itself — apart from what starting node and the provider costs.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, measure, medianRatio } from "../lib/benchmark.ts";
import { type ProviderRun, readProviderRuns, TARGET_ENV, TIMINGS_ENV } from "../lib/provider-timing.ts";
import { noopSession } from "../lib/scripts.ts";
import { nowMs } from "../lib/stats.ts";

const ITERATIONS = 60;
const BASELINE_RUNS = 30;

export const iterationOverhead: Benchmark = {
  id: "iteration-overhead",
  title: "Loop overhead per iteration: provider exit → next provider start (no-op provider)",
  target: { measure: "loop-gap", stat: "median", limit: 10, strict: false },
  run: async (ctx) => {
    const project = await makeBenchProject(ctx.scope, {
      script: noopSession(ITERATIONS),
      // No-op continues are what the idle-continue stall rule exists to stop (SPEC §10); off, so the
      // session runs all of them instead of blocking after SAMOCODE_IDLE_CONTINUES × SAMOCODE_MAX_STALLS.
      env: { SAMOCODE_IDLE_CONTINUES: "0" },
    });
    ctx.log(`running a session of ${ITERATIONS + 5} no-op iterations with samocode run`);
    const run = await project.cli(["run", "--task", "no-op iterations", "--name", "noop", "--auto-approve"]);
    if (run.code !== 0) throw new Error(`samocode run exited ${run.code}: ${run.stderr.slice(-2000)}`);
    const runs = await project.providerRuns();
    const gaps: number[] = [];
    const periods: number[] = [];
    for (let i = 1; i < runs.length; i++) {
      const before = runs[i - 1];
      const after = runs[i];
      if (before?.endMs == null || after === undefined) throw new Error("a provider run logged no exit");
      gaps.push(after.startMs - before.endMs);
      periods.push(after.startMs - before.startMs);
    }
    const durations = runs.map((r) => (r.endMs ?? Number.NaN) - r.startMs);
    const split = await splitGaps(project.sessions, runs);
    const floor = await spawnFloor(project.root, project.env);
    const nodeStart = await nodeStartup();
    const measures = [
      measure("loop-gap", "loop overhead: provider exit → next provider start", "ms", gaps),
      measure(
        "provider-run",
        "no-op provider run (bash wrapper + node start + scripted run)",
        "ms",
        durations,
      ),
      measure("after-exit", "  of which: provider exit → iteration applied (worker.log)", "ms", split.after),
      measure("before-start", "  of which: iteration applied → next provider start", "ms", split.before),
      measure("iteration-period", "whole iteration: provider start → next provider start", "ms", periods),
      measure("spawn-floor", "floor: node spawns the wrapper → wrapper running (no loop)", "ms", floor),
      measure("node-startup", "reference: `node -e 0` spawn → exit", "ms", nodeStart),
    ];
    const share = medianRatio(measures, "loop-gap", "iteration-period");
    const overFloor = medianRatio(measures, "loop-gap", "spawn-floor");
    return {
      measures,
      notes: [
        `The loop's own work is ${(share * 100).toFixed(0)}% of a no-op iteration and ${overFloor.toFixed(1)}× the cost of spawning the provider.`,
        `${runs.length} provider runs in one \`samocode run --auto-approve\` session; ${gaps.length} gaps.`,
        "SAMOCODE_IDLE_CONTINUES=0: with the idle-continue rule on, a session of no-op continues blocks as stalled.",
        `Session wall time ${((run.endMs - run.startMs) / 1000).toFixed(1)} s including worktree creation.`,
      ],
    };
  },
};

/**
 * Splits each gap at the loop's own "iteration applied" log line (millisecond timestamps): the work after a
 * run (signal, history, hook, checkout check) and before the next (prompt, checkout snapshot, spawn).
 */
async function splitGaps(
  sessions: string,
  runs: ProviderRun[],
): Promise<{ after: number[]; before: number[] }> {
  const [folder] = (await readdir(sessions)).filter((name) => !name.startsWith("."));
  if (folder === undefined) throw new Error(`no session folder in ${sessions}`);
  const log = await readFile(join(sessions, folder, "_logs", "worker.log"), "utf8");
  const applied = new Map<number, number>();
  for (const line of log.split("\n")) {
    if (!line.includes('"iteration applied"')) continue;
    const entry = JSON.parse(line) as { iteration: number; timestamp: string };
    applied.set(entry.iteration, Date.parse(entry.timestamp));
  }
  const after: number[] = [];
  const before: number[] = [];
  // No retries in a no-op session: run i is iteration i + 1.
  for (let i = 0; i + 1 < runs.length; i++) {
    const at = applied.get(i + 1);
    const end = runs[i]?.endMs;
    const next = runs[i + 1]?.startMs;
    if (at === undefined || end == null || next === undefined)
      throw new Error(`iteration ${i + 1} not logged`);
    after.push(at - end);
    before.push(next - at);
  }
  return { after, before };
}

/** The least a loop could take between two runs: spawning the wrapper from node, measured without the loop. */
async function spawnFloor(root: string, env: Record<string, string>): Promise<number[]> {
  const timings = join(root, "floor-timings.jsonl");
  const spawnedAt: number[] = [];
  for (let i = 0; i < BASELINE_RUNS; i++) {
    spawnedAt.push(nowMs());
    const child = spawn("claude", ["-p", "x"], {
      cwd: root,
      env: { ...env, [TIMINGS_ENV]: timings, [TARGET_ENV]: "/bin/true" },
      detached: true,
      stdio: "ignore",
    });
    await once(child, "exit");
  }
  const runs = await readProviderRuns(timings);
  return runs.map((r, i) => r.startMs - (spawnedAt[i] ?? Number.NaN));
}

async function nodeStartup(): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < BASELINE_RUNS / 3; i++) {
    const start = nowMs();
    await once(spawn(process.execPath, ["-e", "0"], { stdio: "ignore" }), "exit");
    out.push(nowMs() - start);
  }
  return out;
}
