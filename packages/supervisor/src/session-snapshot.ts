// What the supervisor needs to know about every session, read fresh from the folders on each pass.
import {
  describeLeaseHolder,
  type Hook,
  inspectLease,
  type Lease,
  listSessions,
  readHook,
  runnerOf,
  sessionPaths,
} from "@samocode/core";

export type SessionSnapshot = {
  id: string;
  dir: string;
  /** The hook, or why it cannot be read (a missing or damaged `_hook.json`). */
  hook: { ok: true; hook: Hook } | { ok: false; message: string };
  /** A live loop holding the session: a PM2 worker or a `samocode run` in a terminal. */
  leaseHolder: Lease | undefined;
  /** A lease file whose process is gone: the last loop died without cleaning up (SIGKILL, OOM, power cut). */
  staleLease: boolean;
  /**
   * Why no worker can take the session here although no live loop of this host holds it: its lease names a
   * loop on another host, or cannot be read (one line with the fix). A worker started now would exit 3.
   */
  leaseElsewhere: string | undefined;
  /** Its loop is PM2's worker (a session last run with `samocode run` is left to its terminal). */
  supervised: boolean;
};

export async function snapshotSessions(sessionsRoot: string): Promise<SessionSnapshot[]> {
  const sessions = await listSessions(sessionsRoot);
  return Promise.all(
    sessions.map(async ({ id, dir }): Promise<SessionSnapshot> => {
      const [hook, lease] = await Promise.all([readHook(dir), inspectLease(dir)]);
      const supervised = (await runnerOf(dir, hook.ok ? hook.hook : undefined)) === "pm2";
      const holder = lease.state === "held" ? lease.holder : undefined;
      const here = holder?.kind === "loop" && holder.where === "here" ? holder.lease : undefined;
      return {
        id,
        dir,
        hook: hook.ok ? { ok: true, hook: hook.hook } : { ok: false, message: hook.message },
        leaseHolder: here,
        staleLease: lease.state === "stale",
        leaseElsewhere:
          holder === undefined || here !== undefined
            ? undefined
            : describeLeaseHolder(sessionPaths(dir).lease, holder, id),
        supervised,
      };
    }),
  );
}
