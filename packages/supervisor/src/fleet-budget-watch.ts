// The supervisor's fleet budget check, after every reconcile pass: today's spend across every session
// against today's cap, written as the verdict the loops obey (`_supervisor/fleet-budget.json`). Crossing
// the cap is announced once per day and cap; when the fleet may spend again (cap raised, a new day) that
// is announced, and every session the cap paused gets a resume decision for its loop to apply.
import {
  capFor,
  FLEET_SUPERVISOR,
  type FleetBudget,
  fleetSpentOn,
  isFleetPause,
  type Logger,
  leaveDecision,
  listSessions,
  localDay,
  readDecision,
  readFleetBudget,
  readFleetCap,
  readHook,
  writeFleetBudget,
} from "@samocode/core";
import type { EventSink } from "./supervisor-events.ts";

export type FleetBudgetChange = {
  paused: boolean;
  day: string;
  capUsd: number | null;
  spentUsd: number;
  message: string;
};

export async function checkFleetBudget(options: {
  sessionsRoot: string;
  /** SAMOCODE_FLEET_BUDGET_USD; a `samocode budget --fleet-usd` raise for today beats it. */
  configuredCapUsd: number | undefined;
  sink: EventSink;
  logger: Logger;
  now: Date;
  onChange?: ((change: FleetBudgetChange) => void) | undefined;
}): Promise<FleetBudget | undefined> {
  const { sessionsRoot, now } = options;
  const today = localDay(now);
  const previous = await readFleetBudget(sessionsRoot);
  const cap = capFor(today, options.configuredCapUsd, await readFleetCap(sessionsRoot));
  // No cap and nothing paused: an idle supervisor reads no history at all.
  if (cap === null && previous?.paused !== true) return previous;
  const spentUsd = await fleetSpentOn(sessionsRoot, today);
  const verdict: FleetBudget = {
    day: today,
    capUsd: cap,
    spentUsd,
    paused: cap !== null && spentUsd >= cap,
    checkedAt: now.toISOString(),
  };
  const wasPaused = previous?.paused === true;
  const sameEpisode = wasPaused && previous.day === today && previous.capUsd === cap;
  if (verdict.paused && !sameEpisode) await announce(options, verdict, true);
  if (!verdict.paused && wasPaused) await announce(options, verdict, false);
  if (!sameDecision(previous, verdict)) await writeFleetBudget(sessionsRoot, verdict);
  if (!verdict.paused) await resumeFleetPaused(sessionsRoot, options.logger);
  return verdict;
}

async function announce(
  options: Parameters<typeof checkFleetBudget>[0],
  verdict: FleetBudget,
  paused: boolean,
): Promise<void> {
  const spent = `$${verdict.spentUsd.toFixed(2)}`;
  const cap = verdict.capUsd === null ? "no cap" : `$${verdict.capUsd.toFixed(2)}`;
  const message = paused
    ? `fleet budget reached: ${spent} of ${cap} spent today; new iterations pause until it is raised (samocode budget --fleet-usd N) or tomorrow`
    : `fleet budget lifted: ${spent} spent today, cap ${cap}; paused sessions go on`;
  await options.sink.emit({
    kind: paused ? "fleet-budget-paused" : "fleet-budget-resumed",
    session: null,
    at: options.now.toISOString(),
    message,
  });
  options.onChange?.({
    paused,
    day: verdict.day,
    capUsd: verdict.capUsd,
    spentUsd: verdict.spentUsd,
    message,
  });
}

/** Leaves each session the cap paused a resume, unless a human's decision already waits there. */
async function resumeFleetPaused(sessionsRoot: string, logger: Logger): Promise<void> {
  for (const session of await listSessions(sessionsRoot)) {
    const read = await readHook(session.dir);
    if (!read.ok || !isFleetPause(read.hook)) continue;
    if ((await readDecision(session.dir)).kind !== "none") continue;
    await leaveDecision(session.dir, { action: "resume", from: FLEET_SUPERVISOR });
    logger.info("fleet budget lifted: resuming", { session: session.id });
  }
}

function sameDecision(previous: FleetBudget | undefined, next: FleetBudget): boolean {
  return (
    previous !== undefined &&
    previous.day === next.day &&
    previous.capUsd === next.capUsd &&
    previous.spentUsd === next.spentUsd &&
    previous.paused === next.paused
  );
}
