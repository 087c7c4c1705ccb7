// Stalls: an attempt with no activity — no provider event, no file written in the session or the
// worktree, no commit — for SAMOCODE_STALL_MINUTES (a shorter grace before its first event). The
// supervisor finds them, records `_stall.json` and ends the attempt's process group; the loop then
// counts the stall, re-runs the attempt with a note, and blocks after SAMOCODE_MAX_STALLS in a phase.
import { readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import { runGit } from "../git/git-command.ts";
import type { Hook } from "../session/hook-file.ts";
import { sessionPaths } from "../session/session-paths.ts";

export const STALL_FILE = "_stall.json";

export const StallRecordSchema = z.object({
  attempt: z.number().int().positive(),
  detectedAt: z.string(),
  idleMs: z.number().nonnegative(),
});
export type StallRecord = z.infer<typeof StallRecordSchema>;

export async function writeStallRecord(sessionDir: string, record: StallRecord): Promise<void> {
  await writeJsonAtomically(join(sessionDir, STALL_FILE), record);
}

export async function readStallRecord(sessionDir: string): Promise<StallRecord | undefined> {
  try {
    const parsed = StallRecordSchema.safeParse(
      JSON.parse(await readFile(join(sessionDir, STALL_FILE), "utf8")),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function clearStallRecord(sessionDir: string): Promise<void> {
  await rm(join(sessionDir, STALL_FILE), { force: true });
}

export type StallCheck = { stalled: false } | { stalled: true; idleMs: number; firstEvent: boolean };

/** Whether the attempt in flight has been idle past its bound; `now` in ms. */
export async function checkStall(
  sessionDir: string,
  hook: Hook,
  now: number,
  stallMs: number,
): Promise<StallCheck> {
  const attempt = hook.attempt;
  if (hook.state !== "running" || attempt === null) return { stalled: false };
  const log = await stat(attempt.logFile).catch(() => undefined);
  const firstEvent = log === undefined || log.size === 0;
  // Before the first event the provider may still be starting, but one that never answers should not
  // cost the whole bound either.
  const bound = firstEvent ? Math.max(stallMs / 3, Math.min(stallMs, 60_000)) : stallMs;
  const last = Math.max(
    Date.parse(hook.lastActivityAt) || 0,
    Date.parse(attempt.startedAt) || 0,
    log?.mtimeMs ?? 0,
    await newestSessionWrite(sessionDir),
    hook.worktree ? await newestWorktreeChange(hook.worktree) : 0,
  );
  const idleMs = now - last;
  return idleMs > bound ? { stalled: true, idleMs, firstEvent } : { stalled: false };
}

async function newestSessionWrite(sessionDir: string): Promise<number> {
  const paths = sessionPaths(sessionDir);
  const times = await Promise.all(
    [paths.overview, paths.signal, paths.qa].map((p) =>
      stat(p).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    ),
  );
  return Math.max(0, ...times);
}

/** The last commit, and the newest of the files git reports as changed (bounded, for big trees). */
async function newestWorktreeChange(worktree: string): Promise<number> {
  const [commit, status] = await Promise.all([
    runGit(worktree, ["log", "-1", "--format=%ct"]),
    runGit(worktree, ["status", "--porcelain", "-z", "--untracked-files=all"]),
  ]);
  const committed = commit.ok ? Number(commit.stdout.trim()) * 1000 || 0 : 0;
  const files = status.ok
    ? status.stdout
        .split("\0")
        .filter((f) => f.length > 3)
        .slice(0, 200)
    : [];
  const times = await Promise.all(
    files.map((f) =>
      stat(join(worktree, f.slice(3))).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    ),
  );
  return Math.max(committed, 0, ...times);
}
