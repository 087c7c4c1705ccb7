// The fleet's daily budget (SAMOCODE_FLEET_BUDGET_USD, SPEC §10): what the fleet spent today, from every
// session's history, and the verdict the supervisor leaves in `SESSIONS/_supervisor/fleet-budget.json`
// for the loops, which pause before a new iteration while it says so. A human raises today's cap with
// `samocode budget --fleet-usd N` (`fleet-cap.json`, today only), or resumes one session past it.
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import type { Hook } from "../session/hook-file.ts";
import { listSessions } from "../session/session-ref.ts";
import { type HistoryRow, readHistory } from "../session/signal-history.ts";

/** The supervisor's own folder under SESSIONS (its log, events, outbox and these files). */
export const FLEET_DIR = "_supervisor";
export const FLEET_BUDGET_FILE = "fleet-budget.json";
export const FLEET_CAP_FILE = "fleet-cap.json";
/** Every fleet pause's `blockedReason` starts with this, so a resume can tell it from the others. */
export const FLEET_PAUSE_PREFIX = "fleet budget reached";
/** The `from` of the decisions the supervisor leaves when the fleet may spend again. */
export const FLEET_SUPERVISOR = "supervisor (fleet budget)";

const day = z.string().regex(/^\d{4}-\d\d-\d\d$/);

export const FleetBudgetSchema = z.object({
  /** The local calendar day the verdict is for; a verdict of another day means nothing. */
  day,
  capUsd: z.number().positive().nullable(),
  spentUsd: z.number().nonnegative(),
  paused: z.boolean(),
  checkedAt: z.string(),
});
export type FleetBudget = z.infer<typeof FleetBudgetSchema>;

export const FleetCapSchema = z.object({ day, capUsd: z.number().positive(), setAt: z.string() });
export type FleetCap = z.infer<typeof FleetCapSchema>;

/** The calendar day in the machine's time zone, as a human running the fleet counts days. */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Spent on `today`: every history row of that local day that reports a cost. */
export function spentOn(rows: readonly Pick<HistoryRow, "at" | "costUsd">[], today: string): number {
  let total = 0;
  for (const row of rows)
    if (row.costUsd !== null && localDay(new Date(row.at)) === today) total += row.costUsd;
  return total;
}

/** What every session under SESSIONS (children included) spent on `today`. */
export async function fleetSpentOn(sessionsRoot: string, today: string): Promise<number> {
  let total = 0;
  for (const session of await listSessions(sessionsRoot))
    total += spentOn((await readHistory(session.dir)).rows, today);
  // Sums of many small floats; the cap comparison should not hinge on the 15th digit.
  return Math.round(total * 1e6) / 1e6;
}

/** Today's cap: a raise for today beats the configured one; neither means no cap. */
export function capFor(
  today: string,
  configured: number | undefined,
  raise: FleetCap | undefined,
): number | null {
  if (raise !== undefined && raise.day === today) return raise.capUsd;
  return configured ?? null;
}

/** Why this session must not start another iteration now, or undefined. */
export function fleetPauseReason(
  hook: Hook,
  verdict: FleetBudget | undefined,
  now: Date,
): string | undefined {
  const today = localDay(now);
  if (verdict === undefined || !verdict.paused || verdict.day !== today || verdict.capUsd === null)
    return undefined;
  if (hook.fleetBudgetWaivedOn === today) return undefined;
  return `${FLEET_PAUSE_PREFIX}: $${verdict.spentUsd.toFixed(2)} of $${verdict.capUsd.toFixed(2)} spent today across all sessions; raise it with samocode budget --fleet-usd N, or samocode resume ${hook.session} to let this one go on today`;
}

export function isFleetPause(hook: Hook): boolean {
  return hook.state === "paused" && (hook.blockedReason ?? "").startsWith(FLEET_PAUSE_PREFIX);
}

export function fleetBudgetPath(sessionsRoot: string): string {
  return join(sessionsRoot, FLEET_DIR, FLEET_BUDGET_FILE);
}

export function fleetCapPath(sessionsRoot: string): string {
  return join(sessionsRoot, FLEET_DIR, FLEET_CAP_FILE);
}

export async function readFleetBudget(sessionsRoot: string): Promise<FleetBudget | undefined> {
  return readOptional(fleetBudgetPath(sessionsRoot), FleetBudgetSchema);
}

export async function writeFleetBudget(sessionsRoot: string, verdict: FleetBudget): Promise<void> {
  await mkdir(dirname(fleetBudgetPath(sessionsRoot)), { recursive: true });
  await writeJsonAtomically(fleetBudgetPath(sessionsRoot), verdict);
}

export async function readFleetCap(sessionsRoot: string): Promise<FleetCap | undefined> {
  return readOptional(fleetCapPath(sessionsRoot), FleetCapSchema);
}

export async function writeFleetCap(sessionsRoot: string, cap: FleetCap): Promise<void> {
  await mkdir(dirname(fleetCapPath(sessionsRoot)), { recursive: true });
  await writeJsonAtomically(fleetCapPath(sessionsRoot), cap);
}

/** Missing or damaged reads as absent: a broken budget file must never stop the fleet or crash a loop. */
async function readOptional<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
