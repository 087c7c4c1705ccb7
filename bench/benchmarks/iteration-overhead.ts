// Per-iteration overhead of the loop with a no-op provider: from one provider run's exit to the next one's
// start, timed by the wrapper itself — apart from what starting node and the provider costs.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, measure, medianRatio } from "../lib/benchmark.ts";
import { sessionGaps } from "../lib/loop-gaps.ts";
import { readProviderRuns, TARGET_ENV, TIMINGS_ENV } from "../lib/provider-timing.ts";
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
    const gaps = await sessionGaps(project.sessions, runs);
    const durations = runs.map((r) => (r.endMs ?? Number.NaN) - r.startMs);
    const floor = await spawnFloor(project.root, project.env);
    const nodeStart = await nodeStartup();
    const measures = [
      measure(
        "loop-gap",
        "loop overhead: provider exit → next provider start",
        "ms",
        gaps.map((g) => g.ms),
      ),
      measure(
        "provider-run",
        "no-op provider run (bash wrapper + node start + scripted run)",
        "ms",
        durations,
      ),
      measure(
        "after-exit",
        "  of which: provider exit → iteration applied (worker.log)",
        "ms",
        gaps.map((g) => g.afterExitMs),
      ),
      measure(
        "before-start",
        "  of which: iteration applied → next provider start",
        "ms",
        gaps.map((g) => g.beforeStartMs),
      ),
      measure(
        "iteration-period",
        "whole iteration: provider start → next provider start",
        "ms",
        gaps.map((g) => g.periodMs),
      ),
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
