// The human actions' way to a session's PM2 worker (core's LoopControl): start it when a change needs a
// loop and none runs, stop it for `samocode stop`. Starting may start the PM2 daemon; stopping never does.
import type { LoopControl, SessionRef } from "@samocode/core";
import { ensureWorker, stopQuietly, type WorkerLaunch, workerDefinitionFor } from "./ensure-worker.ts";
import { isLive } from "./pm2-app.ts";
import { withPm2, withRunningPm2 } from "./pm2-client.ts";
import { ensureSupervisor } from "./supervisor-app.ts";
import { appsOfSession } from "./worker-app.ts";

export function pm2LoopControl(launch: WorkerLaunch): LoopControl {
  return {
    startWorker: async (session: SessionRef) => {
      const definition = await workerDefinitionFor(launch, session);
      const outcome = await withPm2(async (pm2) => {
        const started = await ensureWorker(pm2, definition);
        await ensureSupervisor(pm2, launch.env);
        return started;
      });
      return { app: outcome.app, started: outcome.kind !== "running" };
    },
    stopWorkers: (session: SessionRef) =>
      withRunningPm2(async (pm2) => {
        if (pm2 === undefined) return false;
        const apps = appsOfSession(await pm2.list(), launch.project.config, session.id);
        const live = apps.filter(isLive);
        for (const app of live) await stopQuietly(pm2, app.pmId);
        return live.length > 0;
      }),
  };
}
