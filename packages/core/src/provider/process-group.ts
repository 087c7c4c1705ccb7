// Signals and liveness of a provider's process group: the CLI, its tools and whatever they left running.
import { readdir, readFile } from "node:fs/promises";
import { errnoCode } from "../io/fs-errors.ts";
import { delay } from "./bounded-wait.ts";

/** False when nothing in the group could be signalled (already gone, or not ours). */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ESRCH" || code === "EPERM") return false;
    throw error;
  }
}

/**
 * Members that still run. A zombie counts as gone: in containers PID 1 often never reaps orphans, so a
 * killed grandchild can stay a zombie forever and `kill(-pgid, 0)` would keep reporting the group alive.
 */
export async function liveGroupMembers(pgid: number): Promise<number[]> {
  // An empty group (the usual case after an attempt) answers ESRCH at once: no /proc scan, which reads
  // every process on the machine. Zombies still answer, so a non-empty answer needs the scan.
  if (!signalGroup(pgid, 0)) return [];
  if (process.platform !== "linux") return [pgid];
  let entries: string[];
  try {
    entries = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
  } catch (error) {
    if (errnoCode(error) === undefined) throw error;
    // No readable /proc (an odd container): signal 0 is the next best answer, zombies included.
    return signalGroup(pgid, 0) ? [pgid] : [];
  }
  const members: number[] = [];
  // In batches: thousands of concurrent reads could run out of file descriptors.
  for (let start = 0; start < entries.length; start += 64) {
    const batch = entries.slice(start, start + 64);
    const live = await Promise.all(batch.map((pid) => isLiveMember(pid, pgid)));
    batch.forEach((pid, i) => {
      if (live[i]) members.push(Number(pid));
    });
  }
  return members;
}

const GONE_CODES = new Set(["ENOENT", "ESRCH", "EACCES", "EPERM"]);

async function isLiveMember(pid: string, pgid: number): Promise<boolean> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, "utf8");
  } catch (error) {
    // Gone since readdir, or another user's process (never one of ours); anything else: assume alive.
    return !GONE_CODES.has((error as NodeJS.ErrnoException).code ?? "");
  }
  // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")".
  const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(pgrp) === pgid && state !== "Z" && state !== "X";
}

/** The first look is immediate; polls only while a member is left, every 1, 2, 4 … up to 50 ms. */
export async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  // No exit event exists for a process that is not our child (a grandchild, a daemon the agent left):
  // a member that is about to go costs a few ms, one that stays at most one look every 50 ms.
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    if ((await liveGroupMembers(pgid)).length === 0) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await delay(Math.min(pause, left));
  }
}

/**
 * Ends every remaining member: SIGTERM (unless already sent), up to `graceMs` to go, then SIGKILL.
 * Run after every attempt, so an agent's stray background process never outlives the attempt.
 */
export async function sweepGroup(pgid: number, graceMs: number, termSent: boolean): Promise<void> {
  if ((await liveGroupMembers(pgid)).length === 0) return;
  if (!termSent) signalGroup(pgid, "SIGTERM");
  if (await waitGroupGone(pgid, graceMs)) return;
  signalGroup(pgid, "SIGKILL");
  await waitGroupGone(pgid, 1_000);
}
