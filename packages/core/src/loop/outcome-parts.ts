// Pieces every iteration outcome is built from: the Flow Log line's shape, the notes kept for the next
// prompt, and the plain "run again" and "blocked" outcomes.
import type { Hook } from "../session/hook-file.ts";
import type { HistoryRow } from "../session/signal-history.ts";
import type { AttemptFacts, IterationOutcome } from "./iteration-outcome.ts";

export const MAX_NOTES = 6;

/** What every outcome starts from: the hook with the attempt settled, and the history row begun. */
export type Base = { hook: Hook; row: HistoryRow };

/** An attempt that produced no accepted signal blocks the session; its inbox messages stay pending. */
export function blockedWithout(
  facts: AttemptFacts,
  hook: Hook,
  row: HistoryRow,
  reason: string,
): IterationOutcome {
  return runAgain(
    { ...hook, state: "blocked", blockedReason: reason },
    row,
    `${tag(facts)} blocked — ${reason}`,
  );
}

/** An outcome with no handoff, no delivered message and no wait: the loop simply goes on (or stops). */
export function runAgain(hook: Hook, row: HistoryRow, flowLogLine: string | null): IterationOutcome {
  return {
    hook,
    row,
    flowLogLine: flowLogLine === null ? null : clip(flowLogLine),
    handoff: null,
    deliveredIds: [],
    delayMs: 0,
    warnings: [],
  };
}

/** Lines of attempts that were not accepted name the attempt too, so each line is unique. */
export function tag(facts: AttemptFacts): string {
  return `#${facts.attempt.iteration} (attempt ${facts.attempt.attempt})`;
}

export function notes(hook: Hook, note: string): string[] {
  return [...hook.pendingNotes.filter((n) => n !== note), note].slice(-MAX_NOTES);
}

export function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 240 ? `${line.slice(0, 237)}…` : line;
}
