// One loop per session: a lease file (pid + process start time) taken atomically, stale once its
// process is gone.
import { readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { z } from "zod";
import { createFileExclusively } from "../atomic-write.ts";
import { delay } from "../provider/bounded-wait.ts";
import { SESSION_FILES, sessionPaths } from "../session/session-paths.ts";
import { isSameProcess, processStartTicks } from "./process-identity.ts";

export const LEASE_FILE = SESSION_FILES.lease;
const ROUNDS = 200;

export const LeaseSchema = z.object({
  pid: z.number().int().positive(),
  startTicks: z.string().optional(),
  host: z.string(),
  acquiredAt: z.string(),
  owner: z.string(),
});
export type Lease = z.infer<typeof LeaseSchema>;

export type LeaseOutcome =
  | { ok: true; release: () => Promise<void>; tookOverStale: boolean }
  | { ok: false; holder: Lease; reason: string };

/** `owner` names what holds it ("worker", "samocode run") for the message a second loop prints. */
export async function acquireLease(sessionDir: string, owner: string): Promise<LeaseOutcome> {
  const path = sessionPaths(sessionDir).lease;
  const mine: Lease = {
    pid: process.pid,
    ...(processStartTicks(process.pid) !== undefined ? { startTicks: processStartTicks(process.pid) } : {}),
    host: hostname(),
    acquiredAt: new Date().toISOString(),
    owner,
  };
  const text = `${JSON.stringify(mine)}\n`;
  let tookOverStale = false;
  for (let round = 0; round < ROUNDS; round++) {
    if (await createFileExclusively(path, text)) {
      return { ok: true, tookOverStale, release: () => releaseLease(path, text) };
    }
    const holder = await readLease(path);
    if (holder === "missing") continue;
    if (holder !== "unreadable" && isLive(holder)) {
      return {
        ok: false,
        holder,
        reason:
          `session is already run by ${holder.owner} (pid ${holder.pid} on ${holder.host}, since ${holder.acquiredAt})` +
          (holder.host === hostname() ? "" : `; if nothing runs it there any more, delete ${path}`),
      };
    }
    if (await retireStale(path, text)) tookOverStale = true;
  }
  throw new Error(`could not settle the lease at ${path} after ${ROUNDS} rounds`);
}

function isLive(lease: Lease): boolean {
  // A lease from another host cannot be checked from here; treat it as live rather than steal it.
  if (lease.host !== hostname()) return true;
  return isSameProcess(lease.pid, lease.startTicks);
}

async function readLease(path: string): Promise<Lease | "missing" | "unreadable"> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  try {
    const parsed = LeaseSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : "unreadable";
  } catch {
    return "unreadable";
  }
}

/**
 * Removes a stale lease under a takeover mutex and re-checks staleness there, so a live lease is never
 * removed and two takers cannot both win. The mutex names its owner like the lease does: a taker killed
 * inside the critical section leaves a mutex that the next one recognises as dead at once.
 */
async function retireStale(path: string, mine: string): Promise<boolean> {
  const mutex = `${path}.takeover`;
  if (!(await createFileExclusively(mutex, mine))) {
    const owner = await readLease(mutex);
    if (owner === "unreadable" || (owner !== "missing" && !isLive(owner)))
      await unlink(mutex).catch(() => undefined);
    await delay(10 + Math.random() * 30);
    return false;
  }
  try {
    const holder = await readLease(path);
    if (holder === "missing" || (holder !== "unreadable" && isLive(holder))) return false;
    await unlink(path).catch(() => undefined);
    return true;
  } finally {
    await unlink(mutex).catch(() => undefined);
  }
}

async function releaseLease(path: string, text: string): Promise<void> {
  const current = await readFile(path, "utf8").catch(() => undefined);
  // Only remove our own lease: after a takeover the file may belong to another process.
  if (current === text) await unlink(path).catch(() => undefined);
}

export async function readLeaseHolder(sessionDir: string): Promise<Lease | undefined> {
  const holder = await readLease(sessionPaths(sessionDir).lease);
  return typeof holder === "string" ? undefined : isLive(holder) ? holder : undefined;
}
