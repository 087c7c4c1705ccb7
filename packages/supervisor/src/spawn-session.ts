// `samocode spawn`: create the session folder and register its worker with PM2, without waiting for it.
// The worktree is the worker's first step (the loop makes it), so a failed checkout can simply be retried.
import { rm } from "node:fs/promises";
import {
  createSession,
  describeState,
  type Hook,
  isSamocodeError,
  listSessions,
  type ProviderName,
  readHook,
  type SessionRef,
} from "@samocode/core";
import { addToConvoy, validateConvoyId } from "./convoy-file.ts";
import { ensureWorker, type WorkerLaunch, workerDefinitionFor } from "./ensure-worker.ts";
import { withPm2 } from "./pm2-client.ts";
import { ensureSupervisor, type SupervisorOutcome } from "./supervisor-app.ts";
import { workerAppName } from "./worker-app.ts";

export type SpawnRequest = {
  launch: WorkerLaunch;
  task: string;
  name?: string | undefined;
  dive?: string | undefined;
  provider?: ProviderName | undefined;
  model?: string | undefined;
  /** The ref the session's branch starts from (default: the main checkout's branch). */
  base?: string | undefined;
  autoApprove?: boolean | undefined;
  parent?: SessionRef | undefined;
  convoy?: string | undefined;
  budgetUsd?: number | undefined;
  budgetTokens?: number | undefined;
};

export type WorkerRegistration =
  /** `supervisor`: whether it already ran, was started now, or is left to the user (SAMOCODE_SUPERVISOR). */
  { ok: true; app: string; supervisor: SupervisorOutcome } | { ok: false; reason: string; cause: unknown };

export type SpawnResult =
  /** The session exists; `worker` says whether PM2 took it (if not, `samocode restart` retries). */
  { ok: true; session: SessionRef; hook: Hook; worker: WorkerRegistration } | { ok: false; reason: string };

export async function spawnSession(request: SpawnRequest): Promise<SpawnResult> {
  const { config } = request.launch;
  if (request.convoy !== undefined) {
    const valid = validateConvoyId(request.convoy);
    if (!valid.ok) return valid;
  }
  const created = await createSession({
    sessionsRoot: config.paths.sessions,
    task: request.task,
    name: request.name,
    dive: request.dive,
    provider: request.provider ?? config.runtime.provider,
    model: request.model,
    autoApprove: request.autoApprove,
    parent: request.parent,
    baseRef: request.base,
    budgetUsd: request.budgetUsd,
    budgetTokens: request.budgetTokens,
    runner: "pm2",
  });
  if (!created.ok) return { ok: false, reason: created.message };
  const clash = await sameNameUnfinished(request.launch, created.session);
  if (clash !== undefined) {
    await rm(created.session.dir, { recursive: true, force: true });
    return { ok: false, reason: clash };
  }
  if (request.convoy !== undefined)
    await addToConvoy(config.paths.sessions, request.convoy, created.session.id);
  const worker = await registerWorker(request.launch, created.session);
  return { ok: true, session: created.session, hook: created.hook, worker };
}

/**
 * A worker's app name leaves the date out (`auth@api`), so a second unfinished session of the same name in a
 * project would share it: refused, naming the one there. A done session's name is free again.
 */
async function sameNameUnfinished(launch: WorkerLaunch, created: SessionRef): Promise<string | undefined> {
  const name = workerAppName(launch.project.id, created.id);
  for (const other of await listSessions(launch.config.paths.sessions)) {
    if (other.id === created.id || workerAppName(launch.project.id, other.id) !== name) continue;
    const read = await readHook(other.dir);
    if (read.ok && read.hook.state === "done") continue;
    const state = read.ok ? describeState(read.hook) : "unreadable";
    return `session ${other.id} of this project is ${state} and has the PM2 name ${name}; finish it (samocode resume or rm ${other.id}) or pick another --name`;
  }
  return undefined;
}

/** Starts the PM2 daemon when none runs; a failure is reported with PM2's own words, not thrown. */
export async function registerWorker(launch: WorkerLaunch, session: SessionRef): Promise<WorkerRegistration> {
  try {
    const definition = await workerDefinitionFor(launch, session);
    return await withPm2(async (pm2) => {
      const outcome = await ensureWorker(pm2, definition);
      const supervisor = await ensureSupervisor(pm2, launch.env);
      return { ok: true, app: outcome.app, supervisor };
    });
  } catch (error) {
    // PM2's and the filesystem's failures (SamocodeError, always with their words); a bug still throws.
    if (!isSamocodeError(error)) throw error;
    return { ok: false, reason: error.message, cause: error };
  }
}
