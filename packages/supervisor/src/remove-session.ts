// `samocode rm`: stop and delete a session's workers (its children's too), remove their worktrees through
// core's git adapter, and archive the folder under SESSIONS/_archive/. Everything that can refuse is
// checked before anything is changed.
import { existsSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { join } from "node:path";
import {
  describeLeaseHolder,
  type Hook,
  inspectLease,
  listSessions,
  readHook,
  removeWorktree,
  type SessionRef,
  sessionPaths,
  sessionsRootPaths,
  snapshotCheckout,
} from "@samocode/core";
import { deleteQuietly, stopQuietly, type WorkerLaunch } from "./ensure-worker.ts";
import { isLive } from "./pm2-app.ts";
import { withRunningPm2 } from "./pm2-client.ts";
import { appsOfSession } from "./worker-app.ts";

export type RemoveOptions = { force: boolean; deleteBranch: boolean };

export type RemoveResult =
  | { ok: true; archivedTo: string; worktrees: string[]; sessions: string[] }
  | { ok: false; reason: string };

type Member = SessionRef & { hook: Hook | undefined };

export async function removeSession(
  launch: Pick<WorkerLaunch, "config" | "project">,
  session: SessionRef,
  options: RemoveOptions,
): Promise<RemoveResult> {
  const { config } = launch;
  const members = await membersOf(config.paths.sessions, session);
  const refusal = await refuse(members, options);
  if (refusal !== undefined) return { ok: false, reason: refusal };
  await withRunningPm2(async (pm2) => {
    if (pm2 === undefined) return;
    const apps = await pm2.list();
    for (const member of members) {
      for (const app of appsOfSession(apps, launch.project.config, member.id)) {
        if (isLive(app)) await stopQuietly(pm2, app.pmId);
        await deleteQuietly(pm2, app.pmId);
      }
    }
  });
  const held = await firstHeld(members);
  if (held !== undefined) return { ok: false, reason: `${held} is still run by a loop; stop it first` };
  const removed: string[] = [];
  for (const { hook } of members) {
    const worktree = hook?.worktree ?? null;
    if (hook === undefined || worktree === null || !existsSync(worktree)) continue;
    const branch = options.deleteBranch && hook.branch !== null ? hook.branch : undefined;
    const mainRepo = hook.mainRepo ?? config.paths.mainRepo;
    const outcome = await removeWorktree(mainRepo, worktree, {
      force: options.force,
      ...(branch === undefined ? {} : { deleteBranch: branch }),
    });
    if (!outcome.ok) {
      const done = removed.length > 0 ? ` (already removed: ${removed.join(", ")})` : "";
      return { ok: false, reason: `${outcome.reason}${done}; the session folder was kept` };
    }
    removed.push(worktree);
  }
  const archivedTo = await archive(config.paths.sessions, session);
  return { ok: true, archivedTo, worktrees: removed, sessions: members.map((m) => m.id) };
}

/** The session and every child session under it. */
async function membersOf(sessionsRoot: string, session: SessionRef): Promise<Member[]> {
  const tree = (await listSessions(sessionsRoot)).filter(
    (s) => s.id === session.id || s.id.startsWith(`${session.id}/`),
  );
  const refs = tree.length > 0 ? tree : [session];
  return Promise.all(
    refs.map(async (ref) => {
      const read = await readHook(ref.dir);
      return { ...ref, hook: read.ok ? read.hook : undefined };
    }),
  );
}

async function refuse(members: Member[], options: RemoveOptions): Promise<string | undefined> {
  for (const member of members) {
    const lease = await inspectLease(member.dir);
    // A PM2 worker of this host is stopped below; a loop in someone's terminal, on another host, or behind a
    // lease nobody can read is not ours to end.
    if (lease.state === "held") {
      const { holder } = lease;
      const ours = holder.kind === "loop" && holder.where === "here" && holder.lease.owner === "worker";
      if (!ours)
        return `${member.id}: ${describeLeaseHolder(sessionPaths(member.dir).lease, holder, member.id)}`;
    }
    const worktree = member.hook?.worktree ?? null;
    if (options.force || worktree === null || !existsSync(worktree)) continue;
    const { status } = await snapshotCheckout(worktree);
    if (status.length > 0) {
      return `${worktree} (${member.id}) has uncommitted changes (${status.slice(0, 3).join(", ")}); commit them or use --force`;
    }
  }
  return undefined;
}

async function firstHeld(members: Member[]): Promise<string | undefined> {
  for (const member of members) if ((await inspectLease(member.dir)).state === "held") return member.id;
  return undefined;
}

/** `_archive/<id with / as __>`, with a numeric suffix when that name is taken. */
async function archive(sessionsRoot: string, session: SessionRef): Promise<string> {
  const dir = sessionsRootPaths(sessionsRoot).archive;
  await mkdir(dir, { recursive: true });
  const base = session.id.split("/").join("__");
  for (let n = 1; ; n++) {
    const target = join(dir, n === 1 ? base : `${base}-${n}`);
    if (existsSync(target)) continue;
    await rename(session.dir, target);
    return target;
  }
}
