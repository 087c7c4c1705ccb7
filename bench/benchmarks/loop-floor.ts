// The loop's gap beside its floor (issue 16): samocode's provider exit → next provider start over same-phase
// continues, with the idle check off and on, against a minimal Node loop driving the same provider.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliNodeFlags, makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, type Measure, measure, medianOf } from "../lib/benchmark.ts";
import type { Scope } from "../lib/cleanup.ts";
import { type LoopGap, runGaps, sessionGaps } from "../lib/loop-gaps.ts";
import { installTimingWrappers, readProviderRuns, TIMINGS_ENV } from "../lib/provider-timing.ts";
import { noopSession, signal } from "../lib/scripts.ts";

/** Rounds of floor, idle check off, idle check on: interleaved, so a busy minute hits all three. */
const ROUNDS = 3;
/** Implementation runs per session: all but the last are same-phase continues. */
const ITERATIONS = 21;
const FLOOR_LOOP = fileURLToPath(new URL("../lib/floor-loop.ts", import.meta.url));
/** The ratio goals of issue 16: median ≤ 1.5× the floor, p90 ≤ 1.5× the median. */
const RATIO_GOAL = 1.5;

export const loopFloor: Benchmark = {
  id: "loop-floor",
  title: "Loop gap beside a minimal Node loop: provider exit → next provider start, same-phase continues",
  target: { measure: "loop-gap", stat: "median", limit: RATIO_GOAL, strict: false, relativeTo: "floor-gap" },
  run: async (ctx) => {
    const floor: number[] = [];
    const off: LoopGap[] = [];
    const on: LoopGap[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      ctx.log(`round ${round} of ${ROUNDS}: the floor loop, then samocode with the idle check off and on`);
      floor.push(...(await floorGaps(ctx.scope)));
      off.push(...(await samocodeGaps(ctx.scope, "0")));
      // The highest SAMOCODE_IDLE_CONTINUES: the check runs after every continue but never trips here.
      on.push(...(await samocodeGaps(ctx.scope, "100")));
    }
    const measures: Measure[] = [
      gapMeasure("loop-gap", "samocode, idle check off (SAMOCODE_IDLE_CONTINUES=0)", off, (g) => g.ms),
      gapMeasure("after-exit", "  of which: provider exit → iteration applied", off, (g) => g.afterExitMs),
      gapMeasure("before-start", "  of which: iteration applied → next start", off, (g) => g.beforeStartMs),
      gapMeasure("loop-gap-idle", "samocode, idle check on (SAMOCODE_IDLE_CONTINUES=100)", on, (g) => g.ms),
      gapMeasure(
        "after-exit-idle",
        "  of which: provider exit → iteration applied",
        on,
        (g) => g.afterExitMs,
      ),
      measure(
        "floor-gap",
        "floor: minimal Node loop (spawn, parse the signal, one atomic write)",
        "ms",
        floor,
      ),
    ];
    return { measures, notes: notes(measures, off) };
  },
};

function gapMeasure(id: string, label: string, gaps: LoopGap[], pick: (gap: LoopGap) => number): Measure {
  return measure(id, label, "ms", gaps.map(pick));
}

function notes(measures: readonly Measure[], off: readonly LoopGap[]): string[] {
  const subject = measures.find((m) => m.id === "loop-gap")?.summary;
  const floor = medianOf(measures, "floor-gap");
  const idleCost = medianOf(measures, "loop-gap-idle") - medianOf(measures, "loop-gap");
  const spread = subject === undefined ? Number.NaN : subject.p90 / subject.median;
  const verdict = (ratio: number) => (ratio <= RATIO_GOAL ? "met" : "missed");
  const ratio = medianOf(measures, "loop-gap") / floor;
  return [
    `Median ${ratio.toFixed(2)}× the floor (goal ≤ ${RATIO_GOAL}×: ${verdict(ratio)}); p90 ${spread.toFixed(2)}× the median (goal ≤ ${RATIO_GOAL}×, no bimodality: ${verdict(spread)}).`,
    `The idle check costs ${idleCost.toFixed(1)} ms of median gap (idle check on − off); samocode is ${(medianOf(measures, "loop-gap") - floor).toFixed(1)} ms above the floor with it off.`,
    `${ROUNDS} interleaved rounds; each samocode session is ${ITERATIONS + 5} no-op runs under \`samocode run --auto-approve\`, of which ${off.length / ROUNDS} gaps per session follow a continue in the same phase (the only ones counted).`,
    "The floor loop runs with the CLI's node flags and spawns the same timing wrapper and scripted provider, so both gaps are the wrapper's exit → the next wrapper's start.",
  ];
}

async function samocodeGaps(scope: Scope, idleContinues: string): Promise<LoopGap[]> {
  const project = await makeBenchProject(scope, {
    script: noopSession(ITERATIONS),
    env: { SAMOCODE_IDLE_CONTINUES: idleContinues },
  });
  const run = await project.cli(["run", "--task", "no-op iterations", "--name", "noop", "--auto-approve"]);
  if (run.code !== 0) throw new Error(`samocode run exited ${run.code}: ${run.stderr.slice(-2000)}`);
  const gaps = await sessionGaps(project.sessions, await project.providerRuns());
  return gaps.filter((gap) => gap.samePhase);
}

/** One floor loop of as many runs as a session has in implementation, in its own process. */
async function floorGaps(scope: Scope): Promise<number[]> {
  const root = await mkdtemp(join(tmpdir(), "samo-bench-floor-"));
  scope.defer(`remove ${root}`, () => rm(root, { recursive: true, force: true }));
  const bin = join(root, "bin");
  const dir = join(root, "session");
  await mkdir(bin);
  await mkdir(dir);
  await installTimingWrappers(bin);
  const script = join(root, "script.json");
  // A `runs` script repeats its last run: every invocation writes a continue signal.
  await writeFile(script, JSON.stringify({ runs: [["init", signal({ status: "continue" })]] }));
  const timings = join(root, "provider-timings.jsonl");
  const child = spawn(process.execPath, [...cliNodeFlags(), FLOOR_LOOP, dir, String(ITERATIONS)], {
    cwd: dir,
    env: {
      PATH: [bin, dirname(process.execPath), process.env.PATH ?? ""].join(delimiter),
      HOME: root,
      LANG: "C.UTF-8",
      SAMOCODE_SCRIPT: script,
      SAMOCODE_SESSION_DIR: dir,
      [TIMINGS_ENV]: timings,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the floor loop exited ${code}: ${stderr.slice(-2000)}`);
  return runGaps(await readProviderRuns(timings));
}
