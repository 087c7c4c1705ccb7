// Staging folders (`.creating-*`) that a session creation killed mid-way left behind: they hold only a
// first hook and overview, never work, and no command reads them; the supervisor removes the old ones.
import { lstat, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { onlyFor } from "../io/fs-errors.ts";
import { sessionPaths } from "./session-paths.ts";
import { listSessions } from "./session-ref.ts";

/** Staging folders younger than this may belong to a `spawn` still running. */
export const STAGING_MAX_AGE_MS = 10 * 60_000;

/**
 * Removes the staging folders of creations that never finished (a `samocode run --task` or `spawn` killed
 * mid-way): they hold only a first hook and overview, never work, and no command reads them. Returns what
 * was removed.
 */
export async function sweepAbandonedStaging(sessionsRoot: string, now: Date): Promise<string[]> {
  const containers = [
    sessionsRoot,
    ...(await listSessions(sessionsRoot)).map((s) => sessionPaths(s.dir).workers),
  ];
  const removed: string[] = [];
  for (const container of containers) {
    // No `workers/` (most sessions) has nothing to sweep; other failures are the supervisor's to report.
    const names = await readdir(container).catch(
      onlyFor(["ENOENT", "ENOTDIR"], [] as string[], `cannot list ${container}`),
    );
    for (const name of names.filter((n) => n.startsWith(".creating-"))) {
      const path = join(container, name);
      // Gone meanwhile: a creation finished (renamed it into place) or another sweep removed it.
      const info = await lstat(path).catch(onlyFor(["ENOENT"], undefined, `cannot look at ${path}`));
      if (info === undefined || now.getTime() - info.mtimeMs < STAGING_MAX_AGE_MS) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}
