// Counts each worker's restarts over a sliding window: PM2's own (its restart counter going up) and the
// supervisor's (a worker killed by a signal, which PM2 does not restart). PM2 itself only gives up on
// crashes within min_uptime × max_restarts of an app's start; a worker that keeps dying later in its life
// is caught here. Kept in memory: after a supervisor restart the count starts over.

export const CRASH_LOOP_RESTARTS = 5;
export const CRASH_LOOP_WINDOW_MS = 10 * 60_000;

export type CrashWindow = {
  /** Records PM2's restart counters as seen now (by app name and PM2 id). */
  observe: (apps: ReadonlyArray<{ name: string; pmId: number; restarts: number }>, now: number) => void;
  /** Records a restart the supervisor did itself. */
  noteRestart: (name: string, now: number) => void;
  /** Why the app counts as crash-looping, or undefined. */
  crashLoop: (name: string, now: number) => string | undefined;
  /** Starts the count over (after a quarantine, so a resumed session is judged afresh). */
  forget: (name: string) => void;
};

export function createCrashWindow(
  limits: { restarts: number; windowMs: number } = {
    restarts: CRASH_LOOP_RESTARTS,
    windowMs: CRASH_LOOP_WINDOW_MS,
  },
): CrashWindow {
  const counters = new Map<number, number>();
  const restartsAt = new Map<string, number[]>();
  const note = (name: string, now: number, times: number) => {
    const recent = (restartsAt.get(name) ?? []).filter((at) => at > now - limits.windowMs);
    for (let i = 0; i < times; i++) recent.push(now);
    restartsAt.set(name, recent);
  };
  return {
    observe: (apps, now) => {
      const present = new Set(apps.map((app) => app.pmId));
      for (const id of counters.keys()) if (!present.has(id)) counters.delete(id);
      for (const app of apps) {
        const before = counters.get(app.pmId);
        // The first sight of an app only sets the baseline; a counter that went down was reset by PM2.
        if (before !== undefined && app.restarts > before) note(app.name, now, app.restarts - before);
        counters.set(app.pmId, app.restarts);
      }
    },
    noteRestart: (name, now) => note(name, now, 1),
    crashLoop: (name, now) => {
      const recent = (restartsAt.get(name) ?? []).filter((at) => at > now - limits.windowMs);
      if (recent.length < limits.restarts) return undefined;
      const minutes = Math.round(limits.windowMs / 60_000);
      return `${name} restarted ${recent.length} times within ${minutes} minutes`;
    },
    forget: (name) => restartsAt.delete(name),
  };
}
