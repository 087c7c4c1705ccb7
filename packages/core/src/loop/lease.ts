// One loop per session: a lease file naming the process that holds it — pid, start time, host and boot —
// taken atomically. One reader judges it, and its only answers are free, held, or stale with the proof:
// a lease that cannot be read counts as held (issue 13: a garbage lease let a second loop run beside a live
// one), and one from another host is never taken over from here, only reported with the fix.
import { unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { z } from "zod";
import { createFileExclusively } from "../atomic-write.ts";
import { decodeUtf8, readBoundedFile } from "../io/bounded-file.ts";
import { parseJsonBounded, parseWithSchema } from "../io/bounded-json.ts";
import { onlyFor } from "../io/fs-errors.ts";
import { delay } from "../provider/bounded-wait.ts";
import { SESSION_FILES, sessionPaths } from "../session/session-paths.ts";
import { bootId, isAlive, processStartTicks } from "./process-identity.ts";

export const LEASE_FILE = SESSION_FILES.lease;
const ROUNDS = 200;
/** A lease is a line of JSON; anything bigger is not one. */
const MAX_LEASE_BYTES = 4096;

export const LeaseSchema = z.object({
  pid: z.number().int().positive(),
  /** The process's start time (clock ticks since boot, Linux), so a reused pid is not taken for it. */
  startTicks: z.string().optional(),
  host: z.string(),
  /** The host's boot id when the lease was taken: a lease from an earlier boot is stale. Absent off Linux
   * and in leases older than this field. */
  bootId: z.string().optional(),
  acquiredAt: z.string(),
  owner: z.string(),
});
export type Lease = z.infer<typeof LeaseSchema>;

/** Who holds a session: a loop (here or on another host), or nobody can tell, because the file is unreadable. */
export type LeaseHolder =
  /** `verified`: the pid still names the very process that took the lease (its start time matches). */
  | { kind: "loop"; lease: Lease; where: "here"; verified: boolean }
  | { kind: "loop"; lease: Lease; where: "elsewhere" }
  | { kind: "unreadable"; problem: string };

export type LeaseVerdict =
  | { state: "free" }
  | { state: "held"; holder: LeaseHolder }
  /** Its process is gone, its pid names another process now, or the host has rebooted since: `proof` says which. */
  | { state: "stale"; lease: Lease; proof: string };

/** The machine as the lease sees it; tests stand in other hosts, boots and processes. */
export type LeaseMachine = {
  host: string;
  bootId: string | undefined;
  self: { pid: number; startTicks: string | undefined };
  processState(pid: number, startTicks: string | undefined): "same" | "gone" | "reused";
};

export function thisMachine(): LeaseMachine {
  return {
    host: hostname(),
    bootId: bootId(),
    self: { pid: process.pid, startTicks: processStartTicks(process.pid) },
    processState: (pid, startTicks) => {
      if (!isAlive(pid)) return "gone";
      const now = startTicks === undefined ? undefined : processStartTicks(pid);
      return now === undefined || now === startTicks ? "same" : "reused";
    },
  };
}

export type LeaseOutcome =
  | {
      ok: true;
      release: () => Promise<void>;
      /** The stale lease this one replaced, with its proof; a caller that ends up doing nothing can put it
       * back with `releaseAndRestore`, so a dead loop's trace is not wiped by a command that failed. */
      tookOver: { lease: Lease; proof: string } | undefined;
      releaseAndRestore: () => Promise<void>;
    }
  | { ok: false; holder: LeaseHolder; reason: string };

/** `owner` names what holds it ("worker", "samocode run") for the message a second loop prints. */
export async function acquireLease(
  sessionDir: string,
  owner: string,
  machine: LeaseMachine = thisMachine(),
): Promise<LeaseOutcome> {
  const path = sessionPaths(sessionDir).lease;
  const text = `${JSON.stringify(leaseOf(machine, owner))}\n`;
  let tookOver: { lease: Lease; proof: string } | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    if (await createFileExclusively(path, text)) {
      const release = () => releaseLease(path, text);
      const releaseAndRestore = async () => {
        await release();
        if (tookOver !== undefined) await createFileExclusively(path, `${JSON.stringify(tookOver.lease)}\n`);
      };
      return { ok: true, tookOver, release, releaseAndRestore };
    }
    const verdict = await judgeLeaseFile(path, machine);
    if (verdict.state === "free") continue;
    if (verdict.state === "held") {
      return { ok: false, holder: verdict.holder, reason: describeLeaseHolder(path, verdict.holder) };
    }
    if (await retireStale(path, text, machine)) tookOver = { lease: verdict.lease, proof: verdict.proof };
  }
  throw new Error(`could not settle the lease at ${path} after ${ROUNDS} rounds`);
}

/** The session's lease, judged: free, held (by whom), or stale (and why). */
export async function inspectLease(sessionDir: string, machine = thisMachine()): Promise<LeaseVerdict> {
  return judgeLeaseFile(sessionPaths(sessionDir).lease, machine);
}

/**
 * One line for a person: who holds the session and the exact command that frees it. `session` names it in
 * the commands (`samocode stop <session>`).
 */
export function describeLeaseHolder(path: string, holder: LeaseHolder, session?: string): string {
  if (holder.kind === "unreadable") {
    return `${holder.problem}, so nobody can tell which loop runs the session; if no samocode loop runs it (check pm2 ls and ps), remove it: rm ${path}`;
  }
  const { lease } = holder;
  const who = `${lease.owner} pid ${lease.pid}`;
  if (holder.where === "elsewhere") {
    return `run on host ${lease.host} by ${who} since ${lease.acquiredAt}; if nothing runs it there any more: rm ${path}`;
  }
  if (holder.verified) {
    const stop = session === undefined ? "samocode stop" : `samocode stop ${session}`;
    return `already run by ${who} on this host since ${lease.acquiredAt}; to stop it: ${stop}`;
  }
  return `${path} names ${who} on this host (since ${lease.acquiredAt}), which is alive, but the lease has no start time to show it is the same process; if pid ${lease.pid} is not a samocode loop (ps -p ${lease.pid} -o args=): rm ${path}`;
}

/** The live loop holding the session (here or on another host), or undefined when the lease is free or
 * stale — or unreadable, which this older view cannot say: new code asks `inspectLease`. */
export async function readLeaseHolder(sessionDir: string): Promise<Lease | undefined> {
  const verdict = await inspectLease(sessionDir);
  return verdict.state === "held" && verdict.holder.kind === "loop" ? verdict.holder.lease : undefined;
}

function leaseOf(machine: LeaseMachine, owner: string): Lease {
  const { pid, startTicks } = machine.self;
  return {
    pid,
    ...(startTicks === undefined ? {} : { startTicks }),
    host: machine.host,
    ...(machine.bootId === undefined ? {} : { bootId: machine.bootId }),
    acquiredAt: new Date().toISOString(),
    owner,
  };
}

type LeaseFile =
  | { kind: "missing" }
  | { kind: "unreadable"; problem: string }
  | { kind: "ok"; lease: Lease; text: string };

/** Any bytes, size or file type at the path become a value; only a lease that parses names a holder. */
async function readLeaseFile(path: string): Promise<LeaseFile> {
  const label = path;
  const read = await readBoundedFile(path, { maxBytes: MAX_LEASE_BYTES, label });
  if (read.kind === "missing") return read;
  if (read.kind === "refused") return { kind: "unreadable", problem: read.reason };
  const decoded = decodeUtf8(read.bytes, label, true);
  if (!decoded.ok) return { kind: "unreadable", problem: decoded.reason };
  const json = parseJsonBounded(decoded.text, label, 4);
  if (!json.ok) return { kind: "unreadable", problem: json.reason };
  const parsed = parseWithSchema(LeaseSchema, json.value);
  if (!parsed.ok)
    return { kind: "unreadable", problem: `${label} is not a lease (${parsed.issues.join("; ")})` };
  return { kind: "ok", lease: parsed.value, text: decoded.text };
}

async function judgeLeaseFile(path: string, machine: LeaseMachine): Promise<LeaseVerdict> {
  const file = await readLeaseFile(path);
  if (file.kind === "missing") return { state: "free" };
  if (file.kind === "unreadable") return { state: "held", holder: file };
  return judgeLease(file.lease, machine);
}

export function judgeLease(lease: Lease, machine: LeaseMachine): LeaseVerdict {
  // Another host's processes cannot be seen from here: its lease holds until a human says otherwise.
  if (lease.host !== machine.host)
    return { state: "held", holder: { kind: "loop", lease, where: "elsewhere" } };
  if (lease.bootId !== undefined && machine.bootId !== undefined && lease.bootId !== machine.bootId) {
    return {
      state: "stale",
      lease,
      proof: `this host has rebooted since (boot ${lease.bootId}, now ${machine.bootId})`,
    };
  }
  switch (machine.processState(lease.pid, lease.startTicks)) {
    case "gone":
      return { state: "stale", lease, proof: `pid ${lease.pid} is gone` };
    case "reused":
      return {
        state: "stale",
        lease,
        proof: `pid ${lease.pid} is another process now (a different start time)`,
      };
    case "same":
      return {
        state: "held",
        holder: { kind: "loop", lease, where: "here", verified: lease.startTicks !== undefined },
      };
  }
}

/**
 * Removes a stale lease under a takeover mutex and re-judges it there, so a live lease is never removed and
 * two takers cannot both win. The mutex names its owner like the lease does: a taker killed inside the
 * critical section leaves a mutex the next one recognises as dead at once. Only takers write the mutex (and
 * always whole), so one that cannot be read is a leftover, not a holder.
 */
async function retireStale(path: string, mine: string, machine: LeaseMachine): Promise<boolean> {
  const mutex = `${path}.takeover`;
  if (!(await createFileExclusively(mutex, mine))) {
    const owner = await judgeLeaseFile(mutex, machine);
    if (owner.state === "stale" || (owner.state === "held" && owner.holder.kind === "unreadable")) {
      await unlink(mutex).catch(onlyFor(["ENOENT"], undefined, `cannot remove the leftover ${mutex}`));
    }
    await delay(10 + Math.random() * 30);
    return false;
  }
  try {
    if ((await judgeLeaseFile(path, machine)).state !== "stale") return false;
    await unlink(path).catch(onlyFor(["ENOENT"], undefined, `cannot remove the stale lease ${path}`));
    return true;
  } finally {
    await unlink(mutex).catch(onlyFor(["ENOENT"], undefined, `cannot remove ${mutex}`));
  }
}

async function releaseLease(path: string, text: string): Promise<void> {
  const current = await readLeaseFile(path);
  // Only our own lease goes: after a takeover (or a hand edit) the file is not ours to remove.
  if (current.kind === "ok" && current.text === text) {
    await unlink(path).catch(onlyFor(["ENOENT"], undefined, `cannot release the lease ${path}`));
  }
}
