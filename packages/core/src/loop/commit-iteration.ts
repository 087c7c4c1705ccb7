// Applies an iteration's outcome exactly once. The hook write is the commit point and carries the rest
// of the work (`lastApplied`); the history row is written last, so its presence means "all done" and
// a worker that crashed in between finishes the same work on restart instead of redoing the iteration.

import { clearHandoff, writeHandoff } from "../session/handoff-file.ts";
import { type Hook, writeHook } from "../session/hook-file.ts";
import { markDelivered } from "../session/inbox.ts";
import { readTextOrNull } from "../session/json-file.ts";
import { appendFlowLog, setOverviewPhase } from "../session/overview-file.ts";
import { sessionPaths } from "../session/session-paths.ts";
import { appendHistoryRow, HistoryRowSchema, hasHistoryRow } from "../session/signal-history.ts";
import { removeSignal } from "../signals/signal-file.ts";
import type { IterationOutcome } from "./iteration-outcome.ts";

export async function commitIteration(sessionDir: string, outcome: IterationOutcome): Promise<Hook> {
  // Saved before the commit point: a crash before it re-judges the same signal and writes it again.
  if (outcome.handoff) await writeHandoff(sessionDir, outcome.handoff);
  const committed = await writeHook(sessionDir, {
    ...outcome.hook,
    lastApplied: {
      iteration: outcome.row.iteration,
      attempt: outcome.row.attempt,
      row: outcome.row,
      deliveredIds: outcome.deliveredIds,
      flowLogLine: outcome.flowLogLine,
    },
  });
  await finishIteration(sessionDir, committed, false);
  return committed;
}

/**
 * Idempotent: every step checks or tolerates having been done already. `afterCrash` skips a Flow Log
 * line the overview already holds (written before the crash); in the normal path every line is new.
 */
export async function finishIteration(sessionDir: string, hook: Hook, afterCrash: boolean): Promise<void> {
  const applied = hook.lastApplied;
  if (applied === null) return;
  if (await hasHistoryRow(sessionDir, applied.iteration, applied.attempt)) return;
  const row = HistoryRowSchema.parse(applied.row);
  await setOverviewPhase(sessionDir, hook.phase);
  if (applied.flowLogLine !== null && !(afterCrash && (await overviewHas(sessionDir, applied.flowLogLine)))) {
    await appendFlowLog(sessionDir, applied.flowLogLine);
  }
  if (applied.deliveredIds.length > 0) await markDelivered(sessionDir, applied.deliveredIds);
  // A handoff state was consumed by this iteration unless the iteration asked for a new one.
  if (row.accepted && !isHandoff(row.signal)) await clearHandoff(sessionDir);
  await removeSignal(sessionDir);
  await appendHistoryRow(sessionDir, row);
}

async function overviewHas(sessionDir: string, line: string): Promise<boolean> {
  // No overview (an agent removed it) holds no line; one that cannot be read is the loop's io error.
  const text = (await readTextOrNull(sessionPaths(sessionDir).overview)) ?? "";
  return text.includes(line);
}

function isHandoff(signal: unknown): boolean {
  return (
    typeof signal === "object" &&
    signal !== null &&
    "status" in signal &&
    typeof signal.status === "string" &&
    signal.status.toLowerCase() === "handoff"
  );
}
