// `samocode stop`: end whatever loop runs a session (its PM2 worker, or a `samocode run`), then mark it
// paused "stopped by human" so neither the supervisor nor a restart policy brings it back on its own.
import { hostname } from "node:os";
import {
  acquireLease,
  type Hook,
  isFleetPause,
  readHook,
  readLeaseHolder,
  type SessionRef,
  updateHook,
} from "@samocode/core";
import { stopQuietly } from "./ensure-worker.ts";
import { isLive } from "./pm2-app.ts";
import { withRunningPm2 } from "./pm2-client.ts";
import { workerAppName } from "./worker-app.ts";

export const STOPPED_BY_HUMAN = "stopped by human";
const POLL_MS = 100;

export type StopResult =
  | { ok: true; hook: Hook; stoppedWorker: boolean; stoppedRun: boolean; marked: boolean }
  | { ok: false; reason: string };

export async function stopSession(
  session: SessionRef,
  options: { killGraceMs: number },
): Promise<StopResult> {
  // PM2 stops with SIGINT, which the loop handles like SIGTERM: it cancels the provider's whole process
  // group, persists, and exits 0; PM2 waits up to the app's kill_timeout for that.
  const stoppedWorker = await withRunningPm2(async (pm2) => {
    const live = (await pm2?.describe(workerAppName(session.id)))?.filter(isLive) ?? [];
    for (const app of live) if (pm2 !== undefined) await stopQuietly(pm2, app.pmId);
    return live.length > 0;
  });
  const holder = await readLeaseHolder(session.dir);
  let stoppedRun = false;
  if (holder !== undefined) {
    if (holder.host !== hostname()) return { ok: false, reason: `${session.id} is run on ${holder.host}` };
    process.kill(holder.pid, "SIGTERM");
    stoppedRun = true;
    if (!(await leaseReleased(session.dir, options.killGraceMs + 10_000))) {
      return { ok: false, reason: `${holder.owner} (pid ${holder.pid}) did not stop; try again or kill it` };
    }
  }
  const marked = await markStopped(session.dir, "samocode stop", STOPPED_BY_HUMAN);
  if (!marked.ok) return marked;
  return { ok: true, hook: marked.hook, stoppedWorker, stoppedRun, marked: marked.changed };
}

export type MarkResult = { ok: true; hook: Hook; changed: boolean } | { ok: false; reason: string };

/**
 * Holding the lease (only a lease holder may write `_hook.json`), pauses a session that would otherwise
 * run again: running, waiting, or paused until a time. Settled and already-paused sessions stay as they are.
 */
export async function markStopped(sessionDir: string, owner: string, reason: string): Promise<MarkResult> {
  const lease = await acquireLease(sessionDir, owner);
  if (!lease.ok) return { ok: false, reason: lease.reason };
  try {
    const current = await readHook(sessionDir);
    if (!current.ok) return { ok: false, reason: current.message };
    if (!wouldRun(current.hook)) return { ok: true, hook: current.hook, changed: false };
    const updated = await updateHook(sessionDir, (hook) => ({
      ...hook,
      state: "paused",
      pausedUntil: null,
      waitingFor: null,
      blockedReason: reason,
    }));
    if (!updated.ok) return { ok: false, reason: updated.message };
    return { ok: true, hook: updated.hook, changed: true };
  } finally {
    await lease.release();
  }
}

/** The states the supervisor keeps a worker for. */
export function wouldRun(hook: Hook): boolean {
  return (
    hook.state === "running" ||
    hook.state === "waiting" ||
    (hook.state === "paused" && hook.pausedUntil !== null) ||
    // The fleet cap lifts by itself (a raise, a new day): its loop must be there to take the resume.
    isFleetPause(hook)
  );
}

async function leaseReleased(sessionDir: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await readLeaseHolder(sessionDir)) === undefined) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}
