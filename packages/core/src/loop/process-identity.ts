// Tells whether a pid still names the same process, so a reused pid never keeps a dead lease alive, and
// which boot of this host this is, so nothing recorded before a reboot is taken for a live process.
import { readFileSync } from "node:fs";
import { errnoCode } from "../io/fs-errors.ts";

const BOOT_ID = "/proc/sys/kernel/random/boot_id";

/** Start time in clock ticks since boot from /proc (Linux); undefined elsewhere or when gone. */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces and parentheses; fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch (error) {
    // Gone (ENOENT, ESRCH), or no /proc at all (not Linux): no start time to compare.
    if (errnoCode(error) !== undefined) return undefined;
    throw error;
  }
}

/** This boot of this host (Linux); undefined where the kernel does not say. */
export function bootId(): string | undefined {
  try {
    return readFileSync(BOOT_ID, "utf8").trim() || undefined;
  } catch (error) {
    if (errnoCode(error) !== undefined) return undefined;
    throw error;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user; ESRCH: there is no such process.
    if (errnoCode(error) === "EPERM") return true;
    if (errnoCode(error) === "ESRCH") return false;
    throw error;
  }
}

export function isSameProcess(pid: number, startTicks: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  if (startTicks === undefined) return true;
  const now = processStartTicks(pid);
  return now === undefined || now === startTicks;
}
