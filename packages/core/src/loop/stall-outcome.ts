// Stall outcomes: an attempt the supervisor stopped for lack of activity runs again with a note, and
// `continue` iterations that change nothing count as a stall too; too many stalls in a phase block.
import type { Hook } from "../session/hook-file.ts";
import type { AttemptFacts, IterationOutcome, OutcomeSettings } from "./iteration-outcome.ts";
import { type Base, blockedWithout, clip, notes, runAgain, tag } from "./outcome-parts.ts";

/** The same step runs again (resuming its conversation) with a note; too many stalls in a phase block. */
export function stalled(
  facts: AttemptFacts,
  base: Base,
  idleMs: number,
  settings: OutcomeSettings,
): IterationOutcome {
  const phase = facts.attempt.phase;
  const count = (facts.hook.stalls[phase] ?? 0) + 1;
  const minutes = Math.max(1, Math.round(idleMs / 60_000));
  const row = { ...base.row, rejection: `stalled: no activity for ${Math.round(idleMs / 1000)} s` };
  const stalls = { ...facts.hook.stalls, [phase]: count };
  if (count >= settings.maxStalls) {
    const reason = `stalled ${count} times in phase ${phase} (the last after about ${minutes} min without activity)`;
    return blockedWithout(facts, { ...base.hook, stalls, waitingFor: null }, row, reason);
  }
  const note = `The previous attempt stalled: no output, file change or commit for about ${minutes} min, so it was stopped. Carry on from the files in smaller steps, and write _signal.json when the step is done.`;
  const hook: Hook = {
    ...base.hook,
    stalls,
    resumeConversationId: facts.run?.conversationId ?? facts.hook.conversationId,
    pendingNotes: notes(base.hook, note),
  };
  const line = `${tag(facts)} stalled — stopped after ${Math.round(idleMs / 1000)} s without activity`;
  return runAgain(hook, row, line);
}

/**
 * A `continue` that stays in its phase and changes nothing is spinning; N of them in a row count as one
 * stall (a note, and blocked after SAMOCODE_MAX_STALLS in the phase), like an attempt gone silent.
 */
export function idleCheck(
  facts: AttemptFacts,
  outcome: IterationOutcome,
  settings: OutcomeSettings,
): IterationOutcome {
  const idle =
    facts.changed === false && outcome.hook.state === "running" && outcome.hook.phase === facts.attempt.phase;
  const count = idle ? facts.hook.idleContinues + 1 : 0;
  if (settings.idleContinues === 0 || count < settings.idleContinues)
    return { ...outcome, hook: { ...outcome.hook, idleContinues: count } };
  const phase = facts.attempt.phase;
  const stallCount = (facts.hook.stalls[phase] ?? 0) + 1;
  const stalls = { ...facts.hook.stalls, [phase]: stallCount };
  const what = `${count} iterations in a row ended continue without changing a file or making a commit`;
  const line = clip(`${outcome.flowLogLine ?? tag(facts)} — stalled: ${what}`);
  if (stallCount >= settings.maxStalls) {
    const reason = `stalled ${stallCount} times in phase ${phase} (the last: ${what})`;
    return {
      ...outcome,
      hook: { ...outcome.hook, stalls, idleContinues: 0, state: "blocked", blockedReason: reason },
      flowLogLine: line,
    };
  }
  const note = `The last ${what}. Make concrete progress in the worktree (edit, test, commit), move to the next phase, or write a blocked signal saying what you need.`;
  return {
    ...outcome,
    hook: { ...outcome.hook, stalls, idleContinues: 0, pendingNotes: notes(outcome.hook, note) },
    flowLogLine: line,
  };
}
