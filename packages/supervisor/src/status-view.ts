// `samocode status`: one row per session (children included), derived from the folders and PM2's list each
// time it is asked. Never starts a PM2 daemon: without one, the PM2 column says so.
import { listSessions, readHook, type SessionRef } from "@samocode/core";
import { isLive, type Pm2App } from "./pm2-app.ts";
import { withRunningPm2 } from "./pm2-client.ts";
import { type SessionSummary, summarize } from "./session-summary.ts";
import { appsOfSession } from "./worker-app.ts";

export type StatusRow = SessionSummary & {
  session: string;
  /** The worker's PM2 status; "none" without a PM2 app, "no daemon" when PM2 is not running. */
  pm2: string;
  restarts: number | null;
};

/** A session whose hook cannot be read still gets a row; its state says so and its detail says why. */
export type StatusView = { daemon: boolean; rows: Array<StatusRow | UnreadableRow> };
export type UnreadableRow = { session: string; state: "unreadable"; detail: string; pm2: string };

/** `project`: the `.samocode` whose sessions these are; only PM2 apps attributed to it are shown. */
export async function collectStatus(
  project: { sessionsRoot: string; config: string },
  options: { now: Date; only?: SessionRef | undefined },
): Promise<StatusView> {
  const { sessionsRoot } = project;
  const all = await listSessions(sessionsRoot);
  const { only } = options;
  const sessions =
    only === undefined ? all : all.filter((s) => s.id === only.id || s.id.startsWith(`${only.id}/`));
  const apps = await withRunningPm2(async (pm2) => (pm2 === undefined ? undefined : await pm2.list()));
  const rows = await Promise.all(
    sessions.map(async ({ id, dir }) => {
      const pm2 = pm2Column(apps === undefined ? undefined : appsOfSession(apps, project.config, id));
      const read = await readHook(dir);
      if (!read.ok)
        return { session: id, state: "unreadable" as const, detail: read.message, pm2: pm2.status };
      return { session: id, ...summarize(read.hook, options.now), pm2: pm2.status, restarts: pm2.restarts };
    }),
  );
  return { daemon: apps !== undefined, rows };
}

function pm2Column(apps: Pm2App[] | undefined): { status: string; restarts: number | null } {
  if (apps === undefined) return { status: "no daemon", restarts: null };
  const mine = [...apps].sort((a, b) => b.pmId - a.pmId);
  const shown = mine.find(isLive) ?? mine[0];
  if (shown === undefined) return { status: "none", restarts: null };
  const extra = mine.length > 1 ? ` (${mine.length} apps)` : "";
  return { status: `${shown.status}${extra}`, restarts: shown.restarts };
}
