// Makes sure a session has one PM2 worker: leaves a live one alone, replaces a dead one, starts a missing one.
import { readHook, type SamocodeConfig, type SessionRef } from "@samocode/core";
import { isLive } from "./pm2-app.ts";
import { type AppDefinition, isNotFound, type Pm2Connection } from "./pm2-client.ts";
import { workerAppDefinition } from "./worker-app.ts";

/** What every registration needs besides the session: who starts workers, with which env and Node. */
export type WorkerLaunch = {
  config: SamocodeConfig;
  env: Readonly<Record<string, string | undefined>>;
  interpreter: string;
};

export type EnsureWorkerOutcome = {
  /** running: it already had a live worker; replaced: a stopped or errored app was started afresh. */
  kind: "running" | "started" | "replaced";
  app: string;
};

export async function workerDefinitionFor(launch: WorkerLaunch, session: SessionRef): Promise<AppDefinition> {
  const hook = await readHook(session.dir);
  const { config } = launch;
  return workerAppDefinition({
    sessionId: session.id,
    sessionDir: session.dir,
    worktree: hook.ok ? hook.hook.worktree : null,
    sessionsRoot: config.paths.sessions,
    projectFile: config.projectFile,
    killGraceMs: config.runtime.killGraceMs,
    env: launch.env,
    interpreter: launch.interpreter,
  });
}

/**
 * A dead app is deleted and started fresh rather than restarted, so it gets today's definition (the cwd
 * becomes the worktree once it exists) and PM2's crash counters start over.
 */
export async function ensureWorker(
  pm2: Pm2Connection,
  definition: AppDefinition,
): Promise<EnsureWorkerOutcome> {
  const apps = await pm2.describe(definition.name);
  if (apps.some(isLive)) return { kind: "running", app: definition.name };
  for (const app of apps) await deleteQuietly(pm2, app.pmId);
  await pm2.start(definition);
  return { kind: apps.length > 0 ? "replaced" : "started", app: definition.name };
}

/** Deletes by PM2 id (a name could meanwhile mean a newer app); an app already gone is fine. */
export async function deleteQuietly(pm2: Pm2Connection, pmId: number): Promise<void> {
  try {
    await pm2.delete(pmId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

export async function stopQuietly(pm2: Pm2Connection, pmId: number): Promise<void> {
  try {
    await pm2.stop(pmId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
