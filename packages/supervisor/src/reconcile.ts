// One reconcile pass over one project: read its folders, plan against its PM2 apps, and carry the plan out.
// Idempotent and safe
// beside the CLI: workers are acted on by PM2 id (a name may meanwhile mean a newer app), a start
// re-checks PM2 first, and the hook is written only while holding the session's lease.
import { acquireLease, block, type Logger, projectCommand, refusal, updateHook } from "@samocode/core";
import type { CrashWindow } from "./crash-window.ts";
import {
  deleteQuietly,
  ensureWorker,
  stopQuietly,
  type WorkerLaunch,
  workerDefinitionFor,
} from "./ensure-worker.ts";
import type { Pm2App } from "./pm2-app.ts";
import type { Pm2Connection } from "./pm2-client.ts";
import { planReconcile, type ReconcileAction } from "./reconcile-plan.ts";
import { snapshotSessions } from "./session-snapshot.ts";
import type { EventSink } from "./supervisor-events.ts";
import { workerLogFiles } from "./worker-app.ts";

export type ReconcileDeps = {
  pm2: Pm2Connection;
  /** The project: its config, identity and how its workers are started. */
  launch: WorkerLaunch;
  /** PM2's list as the pass saw it, only the apps attributed to this project. */
  apps: readonly Pm2App[];
  crashes: CrashWindow;
  sink: EventSink;
  logger: Logger;
  now: () => Date;
};

/** Runs one pass; an action that fails is logged and the rest still run. Returns what was planned. */
export async function reconcileOnce(deps: ReconcileDeps): Promise<ReconcileAction[]> {
  const sessions = await snapshotSessions(deps.launch.config.paths.sessions);
  const now = deps.now().getTime();
  const actions = planReconcile({
    sessions,
    apps: deps.apps,
    crashLoop: (name) => deps.crashes.crashLoop(name, now),
  });
  for (const action of actions) {
    try {
      await apply(deps, action);
    } catch (error) {
      deps.logger.error("reconcile action failed", { action: describeAction(action), error: String(error) });
    }
  }
  return actions;
}

async function apply(deps: ReconcileDeps, action: ReconcileAction): Promise<void> {
  deps.logger.info("reconcile", { action: describeAction(action), why: action.why });
  switch (action.kind) {
    case "start": {
      const definition = await workerDefinitionFor(deps.launch, action.session);
      await ensureWorker(deps.pm2, definition);
      return;
    }
    case "revive":
      deps.crashes.noteRestart(action.app.name, deps.now().getTime());
      return deps.pm2.restart(action.app.pmId);
    case "delete":
      return deleteQuietly(deps.pm2, action.app.pmId);
    case "quarantine":
      return quarantine(deps, action);
  }
}

/** Stops the crash-looping worker, then blocks the session so nothing starts it again until a human acts. */
async function quarantine(deps: ReconcileDeps, action: Extract<ReconcileAction, { kind: "quarantine" }>) {
  for (const app of action.apps) await stopQuietly(deps.pm2, app.pmId);
  const { session } = action;
  for (const app of action.apps) deps.crashes.forget(app.name);
  let blocked = false;
  const lease = await acquireLease(session.dir, "supervisor");
  if (lease.ok) {
    try {
      const reason = `${action.why} (see ${workerLogFiles(session.dir).err}); fix it, then ${projectCommand(deps.launch.config)} resume ${session.id}`;
      // The hook may have settled since the plan was made; a settled session is not quarantined.
      const updated = await updateHook(session.dir, (hook) =>
        refusal(hook, "blocked") === undefined ? block(hook, "crash-loop", reason) : hook,
      );
      blocked = updated.ok && updated.hook.cause === "crash-loop";
    } finally {
      await lease.release();
    }
  }
  const outcome = blocked
    ? "blocked the session"
    : "could not block the session (its hook is unreadable or held)";
  await deps.sink.emit({
    kind: "crash-loop",
    session: session.id,
    at: deps.now().toISOString(),
    message: `${session.id}: crash loop — ${action.why}; stopped its worker and ${outcome}`,
  });
}

function describeAction(action: ReconcileAction): string {
  return action.kind === "delete"
    ? `delete ${action.app.name} (id ${action.app.pmId})`
    : `${action.kind} ${action.session.id}`;
}
