// What the supervisor needs to know about every session, read fresh from the folders on each pass.
import { stat } from "node:fs/promises";
import {
  type Hook,
  type Lease,
  listSessions,
  readHook,
  readLeaseHolder,
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
  /** Its loop is PM2's worker (a session last run with `samocode run` is left to its terminal). */
  supervised: boolean;
};

export async function snapshotSessions(sessionsRoot: string): Promise<SessionSnapshot[]> {
  const sessions = await listSessions(sessionsRoot);
  return Promise.all(
    sessions.map(async ({ id, dir }): Promise<SessionSnapshot> => {
      const [hook, leaseHolder] = await Promise.all([readHook(dir), readLeaseHolder(dir)]);
      const supervised = (await runnerOf(dir, hook.ok ? hook.hook : undefined)) === "pm2";
      // After the holder check: a file seen now either was stale then or belongs to a loop that just began.
      const leaseFile =
        leaseHolder === undefined &&
        (await stat(sessionPaths(dir).lease).then(
          () => true,
          () => false,
        ));
      return {
        id,
        dir,
        hook: hook.ok ? { ok: true, hook: hook.hook } : { ok: false, message: hook.message },
        leaseHolder,
        staleLease: leaseFile && leaseHolder === undefined,
        supervised,
      };
    }),
  );
}
