// Stalls: an attempt with no activity — no provider event, no file written in the session or the
// worktree, no commit — for SAMOCODE_STALL_MINUTES (a shorter grace before its first event). The
// supervisor finds them, records `_stall.json` and ends the attempt's process group; the loop then
// counts the stall, re-runs the attempt with a note, and blocks after SAMOCODE_MAX_STALLS in a phase.
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import { runGit } from "../git/git-command.ts";
import { headMovedAt } from "../git/repo-info.ts";
import { onlyFor } from "../io/fs-errors.ts";
import type { Hook } from "../session/hook-file.ts";
import { readJsonFile } from "../session/json-file.ts";
import { SESSION_FILES, sessionPaths } from "../session/session-paths.ts";

export const STALL_FILE = SESSION_FILES.stall;

export const StallRecordSchema = z.object({
  attempt: z.number().int().positive(),
  detectedAt: z.string(),
  idleMs: z.number().nonnegative(),
});
export type StallRecord = z.infer<typeof StallRecordSchema>;

export async function writeStallRecord(sessionDir: string, record: StallRecord): Promise<void> {
  await writeJsonAtomically(sessionPaths(sessionDir).stall, record);
}

/** The supervisor's record; anything else at the path (an agent's garbage, a folder) is no record. */
export async function readStallRecord(sessionDir: string): Promise<StallRecord | undefined> {
  const read = await readJsonFile(sessionPaths(sessionDir).stall, StallRecordSchema, { maxBytes: 64 * 1024 });
  return read.ok ? read.value : undefined;
}

export async function clearStallRecord(sessionDir: string): Promise<void> {
  await rm(sessionPaths(sessionDir).stall, { force: true });
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
  // No log yet: the provider has not written its first event.
  const log = await stat(attempt.logFile).catch(
    onlyFor(["ENOENT"], undefined, `cannot look at ${attempt.logFile}`),
  );
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
      stat(p).then((s) => s.mtimeMs, onlyFor(["ENOENT", "ELOOP"], 0, `cannot look at ${p}`)),
    ),
  );
  return Math.max(0, ...times);
}

/** Files in the session folder that are the loop's or a human's, not the agent's work. */
const NOT_AGENT_WORK = new Set<string>([
  SESSION_FILES.hook,
  SESSION_FILES.signal,
  SESSION_FILES.signalHistory,
  SESSION_FILES.lease,
  SESSION_FILES.decision,
  SESSION_FILES.stall,
]);

/**
 * Whether an attempt that started at `startedMs` changed anything: a commit or a changed file in the
 * worktree, a note the agent wrote in the session folder (overview, Q&A, dives, plans), or a worker it
 * spawned. When the worktree cannot tell (no HEAD reflog, a deletion or rename, too many changes to look
 * at), the answer is yes: an agent at work must never be taken for an idle one.
 */
export async function attemptChanged(
  worktree: string,
  sessionDir: string,
  startedMs: number,
): Promise<boolean> {
  const [inWorktree, notes] = await Promise.all([
    worktreeChangedSince(worktree, startedMs),
    newestAgentNote(sessionDir),
  ]);
  return inWorktree || notes >= startedMs;
}

const MAX_LOOKED_AT = 200;

async function worktreeChangedSince(worktree: string, startedMs: number): Promise<boolean> {
  const [moved, status] = await Promise.all([
    headMovedAt(worktree),
    runGit(worktree, ["status", "--porcelain", "-z", "--untracked-files=all"]),
  ]);
  if (moved === 0 || moved >= startedMs || !status.ok) return true;
  const entries = status.stdout.split("\0").filter((entry) => entry.length > 3);
  // A deleted file has no mtime and a renamed one keeps its old one.
  if (entries.length > MAX_LOOKED_AT || entries.some((entry) => /[DR]/.test(entry.slice(0, 2)))) return true;
  const times = await Promise.all(
    entries.map((entry) =>
      // Gone or unreadable since git listed it: changed, for all this look can tell.
      stat(join(worktree, entry.slice(3))).then(
        (s) => s.mtimeMs,
        onlyFor(
          ["ENOENT", "ENOTDIR", "ELOOP", "EACCES"],
          Number.POSITIVE_INFINITY,
          "cannot look at a changed file",
        ),
      ),
    ),
  );
  return times.some((time) => time >= startedMs);
}

async function newestAgentNote(sessionDir: string): Promise<number> {
  const entries = await readdir(sessionDir, { withFileTypes: true }).catch(
    onlyFor(["ENOENT"], [], `cannot list ${sessionDir}`),
  );
  const times = await Promise.all(
    entries
      .filter(
        (entry) =>
          (entry.isFile() && !NOT_AGENT_WORK.has(entry.name) && !entry.name.startsWith(".")) ||
          // A coordinator spawning a worker adds a folder here.
          (entry.isDirectory() && entry.name === SESSION_FILES.workers),
      )
      .map((entry) =>
        // Removed since the listing: it changed nothing that is still there.
        stat(join(sessionDir, entry.name)).then(
          (s) => s.mtimeMs,
          onlyFor(["ENOENT"], 0, `cannot look at ${join(sessionDir, entry.name)}`),
        ),
      ),
  );
  return Math.max(0, ...times);
}

/** When HEAD last moved, and the newest of the files git reports as changed (bounded, for big trees):
 * activity for the stall bound, where an unknown time must not count as "just now". */
async function newestWorktreeChange(worktree: string): Promise<number> {
  const [committed, status] = await Promise.all([
    headMovedAt(worktree),
    runGit(worktree, ["status", "--porcelain", "-z", "--untracked-files=all"]),
  ]);
  const files = status.ok
    ? status.stdout
        .split("\0")
        .filter((f) => f.length > 3)
        .slice(0, 200)
    : [];
  const times = await Promise.all(
    files.map((f) =>
      // A deleted file has no time of its own; a dangling link or a path through a file, neither.
      stat(join(worktree, f.slice(3))).then(
        (s) => s.mtimeMs,
        onlyFor(["ENOENT", "ENOTDIR", "ELOOP"], 0, `cannot look at ${join(worktree, f.slice(3))}`),
      ),
    ),
  );
  return Math.max(committed, 0, ...times);
}
