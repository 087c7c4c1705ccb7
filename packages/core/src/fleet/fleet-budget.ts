// The fleet's daily budget (SAMOCODE_FLEET_BUDGET_USD, SPEC §10): what the fleet — every session of every
// project on this machine — spent today, from each session's history (archived ones included), and the
// verdict the supervisor leaves in the user's state folder (`fleet-budget.json`) for the loops, which pause
// before a new iteration while it says so. Only the supervisor decides what "today" is (its time zone): the verdict says until when it holds, so
// a loop or CLI in another zone never disagrees about the day. A human raises today's cap with
// `samocode budget --fleet-usd N` (`fleet-cap.json`), or resumes one session past it.
import { mkdir, readdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import { onlyFor } from "../io/fs-errors.ts";
import type { Hook } from "../session/hook-file.ts";
import { readJsonFile } from "../session/json-file.ts";
import { sessionPaths, sessionsRootPaths } from "../session/session-paths.ts";
import { listSessions } from "../session/session-ref.ts";
import { type HistoryRow, readHistory } from "../session/signal-history.ts";

export const FLEET_BUDGET_FILE = "fleet-budget.json";
export const FLEET_CAP_FILE = "fleet-cap.json";
/** The `from` of the decisions the supervisor leaves when the fleet may spend again. */
export const FLEET_SUPERVISOR = "supervisor (fleet budget)";

const timestamp = z.iso.datetime({ offset: true });
/** The supervisor's small records; anything bigger is not one. */
const MAX_FLEET_FILE_BYTES = 64 * 1024;

export const FleetBudgetSchema = z.object({
  /** The supervisor's local calendar day the verdict is for, for people. */
  day: z.string().regex(/^\d{4}-\d\d-\d\d$/),
  /** The end of that day: past it the verdict means nothing, whoever reads it and in whichever zone. */
  until: timestamp,
  capUsd: z.number().positive().nullable(),
  spentUsd: z.number().nonnegative(),
  paused: z.boolean(),
  checkedAt: timestamp,
});
export type FleetBudget = z.infer<typeof FleetBudgetSchema>;

/** A cap for the day it was set on (the supervisor's day of `setAt`). */
export const FleetCapSchema = z.object({ capUsd: z.number().positive(), setAt: timestamp });
export type FleetCap = z.infer<typeof FleetCapSchema>;

/** The calendar day in this process's time zone, as a human running the fleet counts days. */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** The next local midnight after `at`. */
export function endOfLocalDay(at: Date): Date {
  return new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1);
}

/** Spent on `today`: every history row of that local day that reports a cost. */
export function spentOn(rows: readonly Pick<HistoryRow, "at" | "costUsd">[], today: string): number {
  let total = 0;
  for (const row of rows)
    if (row.costUsd !== null && localDay(new Date(row.at)) === today) total += row.costUsd;
  return total;
}

/** Today's cap: a raise set today beats the configured one; neither means no cap. */
export function capFor(
  today: string,
  configured: number | undefined,
  raise: FleetCap | undefined,
): number | null {
  if (raise !== undefined && localDay(new Date(raise.setAt)) === today) return raise.capUsd;
  return configured ?? null;
}

/** Why this session must not start another iteration now, or undefined. */
export function fleetPauseReason(
  hook: Hook,
  verdict: FleetBudget | undefined,
  now: Date,
  command = "samocode",
): string | undefined {
  if (verdict === undefined || !verdict.paused || verdict.capUsd === null) return undefined;
  if (now.getTime() >= Date.parse(verdict.until)) return undefined;
  const waived = hook.fleetBudgetWaivedUntil;
  if (waived !== null && now.getTime() < Date.parse(waived)) return undefined;
  return `fleet budget reached: $${verdict.spentUsd.toFixed(2)} of $${verdict.capUsd.toFixed(2)} spent today across all sessions; raise it with ${command} budget --fleet-usd N, or ${command} resume ${hook.session} to let this one go on today`;
}

/** One session's spend on one day, valid while its history file keeps this size and mtime. */
export type SpendCache = Map<string, { size: number; mtimeMs: number; day: string; usd: number }>;

/**
 * What every session under SESSIONS spent on `today` — children and archived sessions included. A history
 * that cannot be read is reported through `onUnreadable` and counted as nothing, so one broken file never
 * stops the check. With a cache, only histories that changed since the last look are parsed again.
 */
export async function fleetSpentOn(
  sessionsRoots: readonly string[],
  today: string,
  options: { cache?: SpendCache; onUnreadable?: (dir: string, error: unknown) => void } = {},
): Promise<number> {
  const dirs: string[] = [];
  for (const root of sessionsRoots) {
    dirs.push(...(await listSessions(root)).map((session) => session.dir));
    dirs.push(...(await archivedSessionDirs(sessionsRootPaths(root).archive)));
  }
  let total = 0;
  for (const dir of dirs) {
    try {
      total += await sessionSpentOn(dir, today, options.cache);
    } catch (error) {
      options.onUnreadable?.(dir, error);
    }
  }
  // Sums of many small floats; the cap comparison should not hinge on the 15th digit.
  return Math.round(total * 1e6) / 1e6;
}

async function sessionSpentOn(dir: string, today: string, cache: SpendCache | undefined): Promise<number> {
  const path = sessionPaths(dir).signalHistory;
  const info = await stat(path).catch(onlyFor(["ENOENT"], undefined, `cannot look at ${path}`));
  if (info === undefined) return 0;
  const known = cache?.get(path);
  if (known && known.size === info.size && known.mtimeMs === info.mtimeMs && known.day === today)
    return known.usd;
  const usd = spentOn((await readHistory(dir)).rows, today);
  cache?.set(path, { size: info.size, mtimeMs: info.mtimeMs, day: today, usd });
  return usd;
}

/** Archived folders keep their children under workers/, as they were. */
async function archivedSessionDirs(dir: string): Promise<string[]> {
  // No archive (nothing removed yet) or no `workers/` in an archived session: nothing to count.
  const entries = await readdir(dir, { withFileTypes: true }).catch(
    onlyFor(["ENOENT", "ENOTDIR"], [], `cannot list ${dir}`),
  );
  const found: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const session = join(dir, entry.name);
    found.push(session, ...(await archivedSessionDirs(sessionPaths(session).workers)));
  }
  return found;
}

/** `stateDir`: the user's state folder (config/user-dirs.ts); the verdict counts for every project. */
export function fleetBudgetPath(stateDir: string): string {
  return join(stateDir, FLEET_BUDGET_FILE);
}

export function fleetCapPath(stateDir: string): string {
  return join(stateDir, FLEET_CAP_FILE);
}

export type FleetFileRead<T> = { ok: true; value: T | undefined } | { ok: false; reason: string };

/** The verdict, if any. A damaged one reads as none for the loop (it must never stop a session). */
export async function readFleetBudget(stateDir: string): Promise<FleetBudget | undefined> {
  const read = await readFleetFile(fleetBudgetPath(stateDir), FleetBudgetSchema);
  return read.ok ? read.value : undefined;
}

export async function writeFleetBudget(stateDir: string, verdict: FleetBudget): Promise<void> {
  await mkdir(dirname(fleetBudgetPath(stateDir)), { recursive: true });
  await writeJsonAtomically(fleetBudgetPath(stateDir), verdict);
}

/** Today's raise, if any; a damaged file is reported, so the supervisor can say why a raise is ignored. */
export async function readFleetCap(stateDir: string): Promise<FleetFileRead<FleetCap>> {
  return readFleetFile(fleetCapPath(stateDir), FleetCapSchema);
}

export async function writeFleetCap(stateDir: string, cap: FleetCap): Promise<void> {
  await mkdir(dirname(fleetCapPath(stateDir)), { recursive: true });
  await writeJsonAtomically(fleetCapPath(stateDir), cap);
}

async function readFleetFile<T>(path: string, schema: z.ZodType<T>): Promise<FleetFileRead<T>> {
  const read = await readJsonFile(path, schema, { maxBytes: MAX_FLEET_FILE_BYTES });
  if (read.ok) return { ok: true, value: read.value };
  return read.reason === "missing" ? { ok: true, value: undefined } : { ok: false, reason: read.message };
}
