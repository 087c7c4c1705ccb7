// `samocode spawn`: create the session folder and register its worker with PM2, without waiting for it.
// The worktree is the worker's first step (the loop makes it), so a failed checkout can simply be retried.
import { createSession, type Hook, type ProviderName, type SessionRef } from "@samocode/core";
import { addToConvoy, validateConvoyId } from "./convoy-file.ts";
import { ensureWorker, type WorkerLaunch, workerDefinitionFor } from "./ensure-worker.ts";
import { isLive } from "./pm2-app.ts";
import { withPm2 } from "./pm2-client.ts";
import { SUPERVISOR_APP } from "./worker-app.ts";

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
  /** `supervised`: the supervisor app runs, so a worker killed by a signal is brought back. */
  { ok: true; app: string; supervised: boolean } | { ok: false; reason: string; cause: unknown };

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
  if (request.convoy !== undefined)
    await addToConvoy(config.paths.sessions, request.convoy, created.session.id);
  const worker = await registerWorker(request.launch, created.session);
  return { ok: true, session: created.session, hook: created.hook, worker };
}

/** Starts the PM2 daemon when none runs; a failure is reported with PM2's own words, not thrown. */
export async function registerWorker(launch: WorkerLaunch, session: SessionRef): Promise<WorkerRegistration> {
  try {
    const definition = await workerDefinitionFor(launch, session);
    return await withPm2(async (pm2) => {
      const outcome = await ensureWorker(pm2, definition);
      const supervised = (await pm2.describe(SUPERVISOR_APP)).some(isLive);
      return { ok: true, app: outcome.app, supervised };
    });
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error), cause: error };
  }
}
