// Staging folders (`.creating-*`) that a session creation killed mid-way left behind: they hold only a
// first hook and overview, never work, and no command reads them; the supervisor removes the old ones.
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
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
    const names = await readdir(container).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(".creating-"))) {
      const path = join(container, name);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || now.getTime() - info.mtimeMs < STAGING_MAX_AGE_MS) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}
