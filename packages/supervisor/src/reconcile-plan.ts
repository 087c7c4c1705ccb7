// What one reconcile pass should do for one project, decided from its session folders and the PM2 apps
// attributed to it alone (pure, so every rule is tested without a daemon): start missing workers, revive
// killed ones, delete dead apps, and quarantine crash loops.
import { EXIT_CODES, isSettled, wantsLoop } from "@samocode/core";
import { isLive, type Pm2App } from "./pm2-app.ts";
import type { SessionSnapshot } from "./session-snapshot.ts";
import { MAX_UNSTABLE_RESTARTS } from "./worker-app.ts";

export type ReconcileAction =
  /** No usable app: register a fresh one. */
  | { kind: "start"; session: SessionSnapshot; why: string }
  /** Restart this stopped app (PM2 keeps its id and counts the restart). */
  | { kind: "revive"; session: SessionSnapshot; app: Pm2App; why: string }
  | { kind: "delete"; app: Pm2App; why: string }
  | { kind: "quarantine"; session: SessionSnapshot; apps: Pm2App[]; why: string };

export type ReconcileInput = {
  sessions: readonly SessionSnapshot[];
  /** The project's worker apps: attributed to it by their `--config` (worker-app.ts), nobody else's. */
  apps: readonly Pm2App[];
  /** Why the worker app of this name is crash-looping by the supervisor's own count, if it is. */
  crashLoop: (appName: string) => string | undefined;
};

export function planReconcile(input: ReconcileInput): ReconcileAction[] {
  const bySession = new Map<string, Pm2App[]>();
  for (const app of input.apps) {
    if (app.worker === undefined) continue;
    bySession.set(app.worker.session, [...(bySession.get(app.worker.session) ?? []), app]);
  }
  const actions: ReconcileAction[] = [];
  for (const session of input.sessions) {
    const apps = (bySession.get(session.id) ?? []).sort((a, b) => b.pmId - a.pmId);
    const looping = apps.map((app) => input.crashLoop(app.name)).find((why) => why !== undefined);
    actions.push(...planSession(session, apps, looping));
    bySession.delete(session.id);
  }
  for (const orphans of bySession.values()) {
    actions.push(...deleteDead(orphans, "its session folder is gone"));
  }
  return actions;
}

/** `apps` newest first. */
function planSession(
  session: SessionSnapshot,
  apps: Pm2App[],
  looping: string | undefined,
): ReconcileAction[] {
  const errored = apps.find((app) => app.status === "errored");
  const crash = errored ? `PM2 gave up after ${MAX_UNSTABLE_RESTARTS} crashes right after starting` : looping;
  if (!session.hook.ok) {
    // Only while something is still crashing, so a quarantine is reported once.
    const active = errored !== undefined || apps.some(isLive);
    return crash !== undefined && active ? [{ kind: "quarantine", session, apps, why: crash }] : [];
  }
  const hook = session.hook.hook;
  if (isSettled(hook)) {
    return deleteDead(apps, `the session is ${hook.state}`);
  }
  const live = apps.filter(isLive);
  const extras = live.length > 0 ? deleteDead(apps, "a duplicate of the session's live worker") : [];
  // Paused by a human or its own budget: its app stays, stopped, for `pm2 ls`.
  if (!wantsLoop(hook)) return extras;
  if (crash !== undefined) return [{ kind: "quarantine", session, apps, why: crash }];
  if (live.length > 0 || session.leaseHolder !== undefined || !session.supervised) return extras;
  // Another host's loop, or a lease nobody can read: a worker here would only exit 3 (status says why).
  if (session.leaseElsewhere !== undefined) return extras;
  const [latest] = apps;
  if (latest === undefined) return [{ kind: "start", session, why: "it should run and has no worker" }];
  if (latest.exitCode === EXIT_CODES.leaseHeld) {
    return [{ kind: "start", session, why: "its worker lost the lease to a loop that has ended since" }];
  }
  // PM2 reports a death by signal as exit code 0, a stop code, so it does not restart a killed worker; the
  // lease the dead loop could not release tells it apart from a worker stopped on purpose (left alone).
  if (session.staleLease) {
    return [{ kind: "revive", session, app: latest, why: "its worker died without cleaning up (killed?)" }];
  }
  return [];
}

function deleteDead(apps: Pm2App[], why: string): ReconcileAction[] {
  return apps.filter((app) => !isLive(app)).map((app) => ({ kind: "delete", app, why }));
}
