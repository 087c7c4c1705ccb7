// The supervisor's fleet budget check, after every reconcile pass: today's spend across every session of
// every project it serves against today's cap, written as the verdict the loops obey (`fleet-budget.json` in
// the user's state folder). Crossing
// the cap is announced once per day and cap; when the fleet may spend again (cap raised, a new day) that
// is announced, and every session the cap paused gets a resume decision for its loop to apply.
import {
  capFor,
  endOfLocalDay,
  FLEET_SUPERVISOR,
  type FleetBudget,
  fleetSpentOn,
  type Logger,
  leaveDecisionIfNone,
  listSessions,
  localDay,
  readFleetBudget,
  readFleetCap,
  readHook,
  type SpendCache,
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

export type FleetBudgetWatchOptions = {
  /** The user's state folder: the verdict and today's raise. */
  stateDir: string;
  /** SAMOCODE_FLEET_BUDGET_USD; a `samocode budget --fleet-usd` raise set today beats it. */
  configuredCapUsd: number | undefined;
  sink: EventSink;
  logger: Logger;
  onChange?: ((change: FleetBudgetChange) => void) | undefined;
};

/** `check` sums the spend of every session under the given SESSIONS folders (every project served). */
export type FleetBudgetWatch = {
  check: (now: Date, sessionsRoots: readonly string[]) => Promise<FleetBudget | undefined>;
};

/** Parsed histories are cached between checks; only a history that changed is read again. */
export function createFleetBudgetWatch(options: FleetBudgetWatchOptions): FleetBudgetWatch {
  const cache: SpendCache = new Map();
  const reported = new Set<string>();
  // A supervisor that died between lifting the cap and leaving every resume finishes the job on start.
  let first = true;
  return {
    check: async (now, sessionsRoots) => {
      const verdict = await checkOnce(options, now, cache, reported, first, sessionsRoots);
      first = false;
      return verdict;
    },
  };
}

async function checkOnce(
  options: FleetBudgetWatchOptions,
  now: Date,
  cache: SpendCache,
  reported: Set<string>,
  first: boolean,
  sessionsRoots: readonly string[],
): Promise<FleetBudget | undefined> {
  const { stateDir, logger } = options;
  const today = localDay(now);
  const previous = await readFleetBudget(stateDir);
  const raise = await readFleetCap(stateDir);
  if (!raise.ok)
    reportOnce(reported, raise.reason, () => logger.warn("fleet cap ignored", { reason: raise.reason }));
  const cap = capFor(today, options.configuredCapUsd, raise.ok ? raise.value : undefined);
  // No cap and nothing paused: an idle supervisor reads no history at all.
  if (cap === null && previous?.paused !== true) return previous;
  const spentUsd = await fleetSpentOn(sessionsRoots, today, {
    cache,
    onUnreadable: (dir, error) =>
      reportOnce(reported, dir, () =>
        logger.warn("a session's history cannot be read; its spend is not counted", {
          dir,
          error: String(error),
        }),
      ),
  });
  const verdict: FleetBudget = {
    day: today,
    until: endOfLocalDay(now).toISOString(),
    capUsd: cap,
    spentUsd,
    paused: cap !== null && spentUsd >= cap,
    checkedAt: now.toISOString(),
  };
  const wasPaused = previous?.paused === true;
  const sameEpisode = wasPaused && previous.day === today && previous.capUsd === cap;
  if (verdict.paused && !sameEpisode) await announce(options, now, verdict, true);
  if (!verdict.paused && wasPaused) await announce(options, now, verdict, false);
  if (!sameVerdict(previous, verdict)) await writeFleetBudget(stateDir, verdict);
  if (!verdict.paused && (wasPaused || first)) {
    for (const root of sessionsRoots) await resumeFleetPaused(root, logger);
  }
  return verdict;
}

async function announce(
  options: FleetBudgetWatchOptions,
  now: Date,
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
    at: now.toISOString(),
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
    if (!read.ok || read.hook.cause !== "fleet-budget") continue;
    if (await leaveDecisionIfNone(session.dir, { action: "resume", from: FLEET_SUPERVISOR }))
      logger.info("fleet budget lifted: resuming", { session: session.id });
  }
}

/** A problem that lasts is logged once per supervisor run, not on every pass. */
function reportOnce(reported: Set<string>, key: string, log: () => void): void {
  if (reported.has(key)) return;
  reported.add(key);
  log();
}

function sameVerdict(previous: FleetBudget | undefined, next: FleetBudget): boolean {
  return (
    previous !== undefined &&
    previous.day === next.day &&
    previous.until === next.until &&
    previous.capUsd === next.capUsd &&
    previous.spentUsd === next.spentUsd &&
    previous.paused === next.paused
  );
}
