// `samocode restart` and the worker half of `samocode resume`: give a session a (fresh) PM2 worker.
import {
  describeLeaseHolder,
  type Hook,
  inspectLease,
  readHook,
  type SessionRef,
  sessionPaths,
} from "@samocode/core";
import { ensureWorker, type WorkerLaunch, workerDefinitionFor } from "./ensure-worker.ts";
import { isLive } from "./pm2-app.ts";
import { withPm2 } from "./pm2-client.ts";
import { ensureSupervisor } from "./supervisor-app.ts";
import { appsOfSession } from "./worker-app.ts";

export type RestartResult =
  | { ok: true; outcome: "restarted" | "started"; app: string; hook: Hook }
  | { ok: false; reason: string };

/** Restarts a live worker (PM2 stops it cleanly first) or starts one; refuses when that would do nothing. */
/** `command`: how the refusal names samocode (config/hint-command.ts `samocodeCommand`). */
export async function restartSession(
  launch: WorkerLaunch,
  session: SessionRef,
  command = "samocode",
): Promise<RestartResult> {
  const read = await readHook(session.dir);
  if (!read.ok) return { ok: false, reason: `${session.id}: ${read.message}` };
  const hook = read.hook;
  if (hook.state === "done" || hook.state === "failed") {
    return { ok: false, reason: `${session.id} is ${hook.state}; there is nothing to restart` };
  }
  if (hook.state === "blocked") {
    return {
      ok: false,
      reason: `${session.id} is blocked (${hook.reason ?? "no reason recorded"}); after fixing it: ${command} resume ${session.id}`,
    };
  }
  const lease = await inspectLease(session.dir);
  // Only this host's PM2 worker is ours to restart; any other holder would keep a new worker at exit 3.
  if (lease.state === "held") {
    const { holder } = lease;
    const ours = holder.kind === "loop" && holder.where === "here" && holder.lease.owner === "worker";
    if (!ours) {
      const said = describeLeaseHolder(sessionPaths(session.dir).lease, holder, session.id);
      return { ok: false, reason: `${session.id} is not restarted: ${said}` };
    }
  }
  const definition = await workerDefinitionFor(launch, session);
  return withPm2(async (pm2) => {
    const apps = appsOfSession(await pm2.list(), launch.project.config, session.id);
    const first = apps.find(isLive);
    if (first !== undefined) {
      await pm2.restart(first.pmId);
      return { ok: true, outcome: "restarted", app: first.name, hook };
    }
    await ensureWorker(pm2, definition);
    await ensureSupervisor(pm2, launch.env);
    return { ok: true, outcome: "started", app: definition.name, hook };
  });
}
