// Waits for a provider's main process to exit, ending its whole group on timeout or cancel.
import type { ChildProcess } from "node:child_process";
import { signalGroup } from "./process-group.ts";

export interface ChildEnding {
  /** Who ended it: the process itself, our timeout, or the caller's AbortSignal. */
  kind: "exited" | "timed-out" | "cancelled";
  exitCode: number | null;
  signal: string | null;
  /** When SIGTERM went to the group (timeout/cancel only). */
  terminatedAt?: number;
}

export interface SuperviseOptions {
  timeoutMs: number;
  killGraceMs: number;
  signal: AbortSignal | undefined;
}

/** setTimeout fires at once for delays past 2^31-1 ms. */
const MAX_TIMER_MS = 2_147_483_647;
/** Past SIGKILL, an exit that still does not come (a process stuck in the kernel) is not waited for. */
const AFTER_KILL_MS = 2_000;

/**
 * SIGTERM to the group, SIGKILL to the group after killGraceMs. Resolves on the main process's `exit`
 * event, not on its pipes closing, so a partial line or a grandchild holding stdout cannot stretch it.
 */
export function superviseChild(
  child: ChildProcess,
  pgid: number,
  options: SuperviseOptions,
): Promise<ChildEnding> {
  return new Promise((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    let reason: "timed-out" | "cancelled" | undefined;
    let terminatedAt: number | undefined;
    let settled = false;
    const finish = (exitCode: number | null, signal: string | null): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      const ending: ChildEnding = { kind: reason ?? "exited", exitCode, signal };
      resolve(terminatedAt === undefined ? ending : { ...ending, terminatedAt });
    };
    const terminate = (why: "timed-out" | "cancelled"): void => {
      if (reason !== undefined || settled) return;
      reason = why;
      terminatedAt = Date.now();
      signalGroup(pgid, "SIGTERM");
      const kill = setTimeout(() => {
        signalGroup(pgid, "SIGKILL");
        timers.push(setTimeout(() => finish(null, null), AFTER_KILL_MS));
      }, options.killGraceMs);
      timers.push(kill);
    };
    const onAbort = (): void => terminate("cancelled");
    if (child.exitCode !== null || child.signalCode !== null) return finish(child.exitCode, child.signalCode);
    child.once("exit", (code, signal) => finish(code, signal));
    timers.push(
      setTimeout(() => terminate("timed-out"), Math.min(Math.max(0, options.timeoutMs), MAX_TIMER_MS)),
    );
    if (options.signal?.aborted) terminate("cancelled");
    else options.signal?.addEventListener("abort", onAbort, { once: true });
  });
}
