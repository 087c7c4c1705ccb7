// Makes sure a session has one PM2 worker: leaves a live one alone, replaces a dead one, starts a missing one.
import {
  openSessionFolder,
  type ProjectIdentity,
  projectIdentity,
  readHook,
  type SamocodeConfig,
  SamocodeError,
  type SessionRef,
} from "@samocode/core";
import { isLive, type Pm2App } from "./pm2-app.ts";
import { type AppDefinition, isNotFound, type Pm2Connection } from "./pm2-client.ts";
import { appsOfSession, workerAppDefinition } from "./worker-app.ts";

/** What every registration needs besides the session: the project, who starts workers, with which env and Node. */
export type WorkerLaunch = {
  config: SamocodeConfig;
  project: ProjectIdentity;
  env: Readonly<Record<string, string | undefined>>;
  interpreter: string;
};

/** The launch of a project's workers, its id taken from (or added to) the user's list of projects. */
export async function workerLaunch(
  config: SamocodeConfig,
  env: Readonly<Record<string, string | undefined>>,
  interpreter: string,
): Promise<WorkerLaunch> {
  const project = await projectIdentity(config.user, config.projectFile, config.paths.mainRepo);
  return { config, project, env, interpreter };
}

export type EnsureWorkerOutcome = {
  /** running: it already had a live worker; replaced: a stopped or errored app was started afresh. */
  kind: "running" | "started" | "replaced";
  app: string;
};

export type WorkerDefinition = AppDefinition & { session: string; project: ProjectIdentity };

export async function workerDefinitionFor(
  launch: WorkerLaunch,
  session: SessionRef,
): Promise<WorkerDefinition> {
  const hook = await readHook(session.dir);
  // PM2 appends the worker's output into `_logs/`: never through a symlink an agent put in its place.
  await openSessionFolder(session.dir, "logs");
  const { config } = launch;
  const definition = workerAppDefinition({
    project: launch.project,
    sessionId: session.id,
    sessionDir: session.dir,
    worktree: hook.ok ? hook.hook.worktree : null,
    sessionsRoot: config.paths.sessions,
    killGraceMs: config.runtime.killGraceMs,
    env: launch.env,
    interpreter: launch.interpreter,
  });
  return { ...definition, session: session.id, project: launch.project };
}

/**
 * A dead app is deleted and started fresh rather than restarted, so it gets today's definition (the cwd
 * becomes the worktree once it exists) and PM2's crash counters start over. An app of that name that is
 * another session's (another project's, or an older session of the same name) is never touched.
 */
export async function ensureWorker(
  pm2: Pm2Connection,
  definition: WorkerDefinition,
): Promise<EnsureWorkerOutcome> {
  const all = await pm2.list();
  const mine = appsOfSession(all, definition.project.config, definition.session);
  const other = all.find((app) => app.name === definition.name && !mine.includes(app));
  if (mine.some(isLive)) return { kind: "running", app: definition.name };
  if (other !== undefined) throw new SamocodeError("usage", nameTaken(definition, other));
  for (const app of mine) await deleteQuietly(pm2, app.pmId);
  const { session, project, ...app } = definition;
  await pm2.start(app);
  return { kind: mine.length > 0 ? "replaced" : "started", app: definition.name };
}

function nameTaken(definition: WorkerDefinition, other: Pm2App): string {
  const owner = other.worker
    ? `session ${other.worker.session} of ${other.worker.config}`
    : "an app that is no samocode worker";
  return `the PM2 app name ${definition.name} is taken by ${owner}; finish or remove that one first (samocode pm2 ls)`;
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
