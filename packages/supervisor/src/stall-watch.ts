// The supervisor's stall check: every running session's attempt is measured against its activity
// bound; a stalled one gets a `_stall.json` for its loop and its provider's process group is ended. The
// loop (which holds the hook) counts the stall and decides: run again with a note, or block.
import {
  checkStall,
  type Hook,
  type Logger,
  listSessions,
  readAttemptGroup,
  readHook,
  readStallRecord,
  type SessionRef,
  sweepGroup,
  writeStallRecord,
} from "@samocode/core";

export type StallWatchOptions = {
  sessionsRoot: string;
  stallMs: number;
  killGraceMs: number;
  logger: Logger;
  onStall?: ((session: SessionRef, hook: Hook, idleMs: number) => void) | undefined;
  now?: () => number;
};

/** How often to look: often enough that detection lands within a few seconds of the bound. */
export function stallCheckInterval(stallMs: number): number {
  // At most 4 s: a stall is then caught within the bound plus 5 s even with a slow check on a busy fleet.
  return Math.min(4_000, Math.max(250, Math.floor(stallMs / 10)));
}

export async function checkStalls(options: StallWatchOptions): Promise<number> {
  const now = (options.now ?? Date.now)();
  let found = 0;
  for (const session of await listSessions(options.sessionsRoot)) {
    const read = await readHook(session.dir);
    if (!read.ok || read.hook.state !== "running" || read.hook.attempt === null) continue;
    const hook = read.hook;
    const attempt = read.hook.attempt;
    if ((await readStallRecord(session.dir))?.attempt === attempt.attempt) continue;
    const check = await checkStall(session.dir, hook, now, options.stallMs);
    if (!check.stalled) continue;
    // Only a group confirmed to be this attempt's (same boot, same leader) is ended.
    const pgid = readAttemptGroup(session.dir, attempt.attempt);
    if (pgid === undefined) continue;
    found++;
    await writeStallRecord(session.dir, {
      attempt: attempt.attempt,
      detectedAt: new Date(now).toISOString(),
      idleMs: check.idleMs,
    });
    options.logger.warn("stalled attempt ended", {
      session: session.id,
      attempt: attempt.attempt,
      idleMs: check.idleMs,
      firstEvent: check.firstEvent,
    });
    options.onStall?.(session, hook, check.idleMs);
    await sweepGroup(pgid, options.killGraceMs, false);
  }
  return found;
}
