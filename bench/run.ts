// `pnpm bench [names…]`: runs the benchmarks (all, or the ones named), prints a table and writes
// bench/results/latest.{json,md}. Exits non-zero only when a benchmark could not run; targets are reported.
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { answerResume } from "./benchmarks/answer-resume.ts";
import { cliHelp, cliVersion } from "./benchmarks/cli-startup.ts";
import { fiftySessions } from "./benchmarks/fifty-sessions.ts";
import { idleRssRun, idleRssWorker } from "./benchmarks/idle-rss.ts";
import { iterationOverhead } from "./benchmarks/iteration-overhead.ts";
import { loopFloor } from "./benchmarks/loop-floor.ts";
import { stallLatency } from "./benchmarks/stall-latency.ts";
import { statusFifty } from "./benchmarks/status-fifty.ts";
import { supervisorIdle } from "./benchmarks/supervisor-idle.ts";
import { workerSigkill, workerSigkillPm2Alone } from "./benchmarks/worker-sigkill.ts";
import { type Benchmark, type BenchResult, judge } from "./lib/benchmark.ts";
import { makeScope, type Scope } from "./lib/cleanup.ts";
import { describeMachine } from "./lib/machine.ts";
import { summaryTable, writeResults } from "./lib/report.ts";

const BENCHMARKS: readonly Benchmark[] = [
  iterationOverhead,
  loopFloor,
  answerResume,
  idleRssRun,
  idleRssWorker,
  cliVersion,
  cliHelp,
  statusFifty,
  workerSigkill,
  workerSigkillPm2Alone,
  stallLatency,
  fiftySessions,
  supervisorIdle,
];

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULTS = fileURLToPath(new URL("./results", import.meta.url));

// Ctrl-C still removes the temp dirs, processes and PM2 daemon of the benchmark in progress.
let active: Scope | undefined;
let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  process.stderr.write("bench: interrupted; cleaning up\n");
  void (active?.close() ?? Promise.resolve()).finally(() => process.exit(130));
});

async function runOne(benchmark: Benchmark): Promise<BenchResult> {
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`[${benchmark.id}] ${line}\n`);
  const scope = makeScope();
  active = scope;
  const base = { id: benchmark.id, title: benchmark.title, target: benchmark.target };
  try {
    // Other work on the machine shows up in every number; say how busy it was.
    const load = `load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores when it started.`;
    log(`started (${load})`);
    const { measures, notes } = await benchmark.run({ scope, log });
    const { met, ratio } = judge(benchmark.target, measures);
    const failures = await scope.close();
    const cleanupNotes = failures.map((failure) => `cleanup failed: ${failure}`);
    const seconds = (performance.now() - started) / 1000;
    return {
      ...base,
      status: met ? "met" : "missed",
      ratio,
      measures,
      notes: [...notes, load, ...cleanupNotes],
      seconds,
    };
  } catch (error) {
    const failures = await scope.close();
    const reason = [error instanceof Error ? error.message : String(error), ...failures].join("; ");
    log(`could not run: ${reason}`);
    return { ...base, status: "failed", reason, seconds: (performance.now() - started) / 1000 };
  }
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { list: { type: "boolean" } },
  });
  if (values.list === true) {
    for (const b of BENCHMARKS) process.stdout.write(`${b.id}\t${b.title}\n`);
    return 0;
  }
  const unknown = positionals.filter((name) => !BENCHMARKS.some((b) => b.id === name));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown benchmark(s) ${unknown.join(", ")}; see --list\n`);
    return 2;
  }
  const chosen = positionals.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => positionals.includes(b.id));
  const machine = describeMachine(ROOT);
  const results: BenchResult[] = [];
  for (const benchmark of chosen) {
    results.push(await runOne(benchmark));
    // Results of a cut-short run would replace good ones; the handler exits once cleanup is done.
    if (interrupted) return new Promise<number>(() => undefined);
  }
  process.stdout.write(`\n${summaryTable(results)}\n\n`);
  for (const file of await writeResults(RESULTS, machine, results)) process.stdout.write(`wrote ${file}\n`);
  return results.some((r) => r.status === "failed") ? 1 : 0;
}

process.exitCode = await main();
