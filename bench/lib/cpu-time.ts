// CPU time a process has used, from /proc/<pid>/stat, and the CPU per second of wall time between two readings.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { nowMs } from "./stats.ts";

/** Kernel clock ticks per second, the unit of the times in /proc/<pid>/stat (100 on most Linux builds). */
const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

export type CpuTime = {
  /** utime + stime of the process itself, in ms. */
  ownMs: number;
  /** cutime + cstime: children it has waited for, in ms. */
  childrenMs: number;
};

export async function readCpuTime(pid: number): Promise<CpuTime> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces and parentheses; the fields after its last ")" do not.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14–17 of proc(5) (utime stime cutime cstime) are 11–14 after the name and the state.
  const tick = (index: number) => (Number(fields[index]) * 1000) / TICKS_PER_SECOND;
  return { ownMs: tick(11) + tick(12), childrenMs: tick(13) + tick(14) };
}

/** CPU ms per wall second between two readings of one process: 20 ms/s is 2 % of one core. */
export function cpuPerSecond(before: CpuReading, after: CpuReading): number {
  return ((after.cpu.ownMs - before.cpu.ownMs) * 1000) / (after.atMs - before.atMs);
}

export type CpuReading = { atMs: number; cpu: CpuTime };

export async function readCpu(pid: number): Promise<CpuReading> {
  return { atMs: nowMs(), cpu: await readCpuTime(pid) };
}
