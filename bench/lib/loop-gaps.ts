// The gaps between a session's provider runs, as the timing wrapper logged them: each split at the loop's
// own "iteration applied" line (worker.log) and marked when the loop stayed in its phase.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ProviderRun } from "./provider-timing.ts";

export type LoopGap = {
  /** Previous run's exit → next run's start. */
  ms: number;
  /** Previous run's start → next run's start. */
  periodMs: number;
  /** Previous run's exit → "iteration applied" (signal, history, hook, checkout check). */
  afterExitMs: number;
  /** "iteration applied" → next run's start (prompt, hook, spawn). */
  beforeStartMs: number;
  /** Both runs in the same phase: the previous one ended `continue` without moving on. */
  samePhase: boolean;
};

/** Each run's exit → the next run's start (`runs` in start order), for a loop without a worker.log. */
export function runGaps(runs: readonly ProviderRun[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < runs.length; i++) {
    const end = runs[i - 1]?.endMs;
    const next = runs[i]?.startMs;
    if (end == null || next === undefined) throw new Error("a provider run logged no exit");
    gaps.push(next - end);
  }
  return gaps;
}

/** The gaps of the only session under `sessions`; no retries in a no-op session, so run i is iteration i + 1. */
export async function sessionGaps(sessions: string, runs: readonly ProviderRun[]): Promise<LoopGap[]> {
  const [folder] = (await readdir(sessions)).filter((name) => !name.startsWith("."));
  if (folder === undefined) throw new Error(`no session folder in ${sessions}`);
  const dir = join(sessions, folder);
  const applied = await appliedTimes(join(dir, "_logs", "worker.log"));
  const phases = await attemptPhases(join(dir, "_logs"));
  const gaps: LoopGap[] = [];
  for (let i = 0; i + 1 < runs.length; i++) {
    const [before, after] = [runs[i], runs[i + 1]];
    const at = applied.get(i + 1);
    if (before?.endMs == null || after === undefined || at === undefined) {
      throw new Error(`iteration ${i + 1} not logged`);
    }
    const phase = phases.get(i + 1);
    gaps.push({
      ms: after.startMs - before.endMs,
      periodMs: after.startMs - before.startMs,
      afterExitMs: at - before.endMs,
      beforeStartMs: after.startMs - at,
      samePhase: phase !== undefined && phase === phases.get(i + 2),
    });
  }
  return gaps;
}

/** When each iteration was applied: the logger's millisecond timestamps. */
async function appliedTimes(workerLog: string): Promise<Map<number, number>> {
  const applied = new Map<number, number>();
  for (const line of (await readFile(workerLog, "utf8")).split("\n")) {
    if (!line.includes('"iteration applied"')) continue;
    const entry = JSON.parse(line) as { iteration: number; timestamp: string };
    applied.set(entry.iteration, Date.parse(entry.timestamp));
  }
  return applied;
}

/** Each iteration's phase, from its attempt log's name (`iter-0007-implementation-a1.jsonl`). */
async function attemptPhases(logs: string): Promise<Map<number, string>> {
  const phases = new Map<number, string>();
  for (const name of await readdir(logs)) {
    const match = /^iter-(\d+)-([a-z]+)-a\d+\.jsonl$/.exec(name);
    if (match?.[1] !== undefined && match[2] !== undefined) phases.set(Number(match[1]), match[2]);
  }
  return phases;
}
