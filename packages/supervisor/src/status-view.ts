// `samocode status`: one row per session (children included), derived from the folders and PM2's list each
// time it is asked. Never starts a PM2 daemon: without one, the PM2 column says so. A session whose state
// wants a loop but that no live loop holds says so, with the command that gives it one (issue 14: after a
// Ctrl-C of `run` or a killed worker, it showed `running` forever).
import {
  describeLeaseHolder,
  type Hook,
  inspectLease,
  listSessions,
  newestPlanFile,
  readHook,
  runnerOf,
  type SessionRef,
  sessionPaths,
  wantsLoop,
} from "@samocode/core";
import { isLive, type Pm2App } from "./pm2-app.ts";
import { withRunningPm2 } from "./pm2-client.ts";
import { type SessionSummary, summarize } from "./session-summary.ts";
import { appsOfSession } from "./worker-app.ts";

export type StatusRow = SessionSummary &
  Pick<Hook, "waitingFor"> & {
    session: string;
    /** The session folder, its worktree (null until its loop made it) and its newest plan artifact. */
    dir: string;
    worktree: string | null;
    plan: string | null;
    /** The worker's PM2 status; "none" without a PM2 app, "no daemon" when PM2 is not running. */
    pm2: string;
    restarts: number | null;
    /**
     * live: a loop holds the session (or its PM2 worker is coming up); missing: its state wants a loop and
     * none runs it — `detail` then names the command; unknown: its lease cannot be read — `detail` says how
     * to free it; null: it needs none (done, blocked, failed, paused). A loop on another host is live, and
     * `detail` names the host.
     */
    loop: "live" | "missing" | "unknown" | null;
  };

/** A session whose hook cannot be read still gets a row; its state says so and its detail says why. */
export type StatusView = { daemon: boolean; rows: Array<StatusRow | UnreadableRow> };
export type UnreadableRow = {
  session: string;
  dir: string;
  state: "unreadable";
  detail: string;
  pm2: string;
};

/** `project`: the `.samocode` whose sessions these are; only PM2 apps attributed to it are shown. */
export type StatusProject = { sessionsRoot: string; config: string };

export type StatusOptions = {
  now: Date;
  only?: SessionRef | undefined;
  /** How the "no loop" hint names samocode (`samocode`, or with `--config <path>`); default `samocode`. */
  command?: string | undefined;
};

export async function collectStatus(project: StatusProject, options: StatusOptions): Promise<StatusView> {
  const all = await listSessions(project.sessionsRoot);
  const { only } = options;
  const sessions =
    only === undefined ? all : all.filter((s) => s.id === only.id || s.id.startsWith(`${only.id}/`));
  const apps = await withRunningPm2(async (pm2) => (pm2 === undefined ? undefined : await pm2.list()));
  const rows = await Promise.all(
    sessions.map(async ({ id, dir }) => {
      const pm2 = pm2Column(apps === undefined ? undefined : appsOfSession(apps, project.config, id));
      const read = await readHook(dir);
      if (!read.ok)
        return { session: id, dir, state: "unreadable" as const, detail: read.message, pm2: pm2.status };
      const summary = summarize(read.hook, options.now);
      const { waitingFor } = read.hook;
      const { loop, lease } = await loopOf(dir, read.hook, pm2.live);
      const detail =
        loop === "missing"
          ? await withNoLoop(summary.detail, dir, read.hook, options.command)
          : joined(summary.detail, lease);
      return {
        session: id,
        dir,
        worktree: read.hook.worktree,
        waitingFor,
        plan: await newestPlanFile(dir),
        ...summary,
        detail,
        pm2: pm2.status,
        restarts: pm2.restarts,
        loop,
      };
    }),
  );
  return { daemon: apps !== undefined, rows };
}

/** `lease`: what to say of a holder that is not this host's loop (another host's, or an unreadable lease). */
async function loopOf(
  dir: string,
  hook: Hook,
  pm2Live: boolean,
): Promise<{ loop: StatusRow["loop"]; lease?: string }> {
  if (!wantsLoop(hook)) return { loop: null };
  const verdict = await inspectLease(dir);
  if (verdict.state === "held") {
    const { holder } = verdict;
    if (holder.kind === "loop" && holder.where === "here") return { loop: "live" };
    const lease = describeLeaseHolder(sessionPaths(dir).lease, holder, hook.session);
    return { loop: holder.kind === "unreadable" ? "unknown" : "live", lease };
  }
  return { loop: pm2Live ? "live" : "missing" };
}

function joined(detail: string, more: string | undefined): string {
  if (more === undefined) return detail;
  return detail === "" ? more : `${detail}; ${more}`;
}

/** `samocode restart <s>` gives a PM2 session its worker back; a terminal session goes on with `run`. */
async function withNoLoop(detail: string, dir: string, hook: Hook, command = "samocode"): Promise<string> {
  const verb = (await runnerOf(dir, hook)) === "terminal" ? "run" : "restart";
  const hint = `no loop — ${command} ${verb} ${hook.session}`;
  return detail === "" ? hint : `${detail}; ${hint}`;
}

function pm2Column(apps: Pm2App[] | undefined): { status: string; restarts: number | null; live: boolean } {
  if (apps === undefined) return { status: "no daemon", restarts: null, live: false };
  const mine = [...apps].sort((a, b) => b.pmId - a.pmId);
  const shown = mine.find(isLive) ?? mine[0];
  if (shown === undefined) return { status: "none", restarts: null, live: false };
  const extra = mine.length > 1 ? ` (${mine.length} apps)` : "";
  return { status: `${shown.status}${extra}`, restarts: shown.restarts, live: isLive(shown) };
}
