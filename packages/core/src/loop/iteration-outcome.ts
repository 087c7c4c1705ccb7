// Pure: what one finished provider attempt does to the session — the next hook (its state entered through
// the state machine), the history row, the Flow Log line, a handoff to save, and how long to wait before
// the next attempt. Every way an attempt can end is decided here: an accepted or rejected signal, an escape
// from the worktree, a stall, a failed run, no signal at all, and `continue`s that change nothing.
import type { GateResults, Judgement } from "../phases/judge-signal.ts";
import { countIteration, limitReached, limitReachedReason } from "../phases/phase-iterations.ts";
import type { ProviderRunResult, TokenUsage } from "../provider/provider-types.ts";
import { decideRetry } from "../provider/retry-policy.ts";
import type { Attempt, Hook } from "../session/hook-file.ts";
import { replaceNotes, withNote } from "../session/pending-notes.ts";
import { type BlockCause, block, enter, fail, pause } from "../session/session-state.ts";
import type { HistoryRow } from "../session/signal-history.ts";
import type { SignalRead } from "../signals/signal-file.ts";
import { idleText } from "./idle-text.ts";
import { effectiveIterations, withAllowance } from "./phase-allowance.ts";

export type OutcomeSettings = {
  maxNoSignal: number;
  maxRetries: number;
  retryDelayMs: number;
  maxStalls: number;
  /** `continue` iterations in a row, in one phase, that change nothing before they count as a stall;
   * 0 never counts them. */
  idleContinues: number;
};

/** What the attempt produced; `run` is undefined when a crash hid it (recovery applies a found signal). */
export type AttemptFacts = {
  hook: Hook;
  attempt: Attempt;
  run: ProviderRunResult | undefined;
  read: SignalRead;
  judgement: Judgement;
  /** Set when the agent changed the main checkout: overrides any signal. */
  escape: string | undefined;
  gates: GateResults;
  deliveredIds: string[];
  now: Date;
  /** Set when the supervisor ended this attempt for lack of activity. */
  stalledMs?: number | undefined;
  /** False when the attempt changed no file in the worktree or the session's notes and made no commit;
   * undefined when nobody looked (only a `continue` that stays in its phase is looked at). */
  changed?: boolean | undefined;
};

export type IterationOutcome = {
  hook: Hook;
  row: HistoryRow;
  flowLogLine: string | null;
  handoff: { reason: string; state: Record<string, unknown> } | null;
  deliveredIds: string[];
  delayMs: number;
  /** For the worker log: something a human may want to know (a non-zero exit with a valid signal…). */
  warnings: string[];
};

/** What every outcome starts from: the hook with the attempt settled, and the history row begun. */
type Base = { hook: Hook; row: HistoryRow };

export function decideOutcome(facts: AttemptFacts, settings: OutcomeSettings): IterationOutcome {
  const base = settle(facts);
  if (facts.escape !== undefined) {
    return blocked(facts, base, "escape", facts.escape, `rejected: ${facts.escape}`, facts.deliveredIds);
  }
  const { judgement } = facts;
  if (judgement.verdict === "accepted") return idleCheck(facts, accepted(facts, base, judgement), settings);
  if (judgement.verdict === "rejected") {
    const reason = `signal rejected: ${judgement.reason}`;
    return blocked(facts, base, "signal-rejected", reason, judgement.reason, facts.deliveredIds);
  }
  if (facts.stalledMs !== undefined) return stalled(facts, base, facts.stalledMs, settings);
  if (facts.run && runFailed(facts.run)) return failedRun(facts, base, facts.run, settings);
  return noSignal(facts, base, settings);
}

/** Fields every outcome shares: the attempt is over, its cost and tokens are added, a row is started. */
function settle(facts: AttemptFacts): Base {
  const { hook, attempt, run, read, now } = facts;
  const tokens = run?.tokens;
  const hookAfter: Hook = {
    ...hook,
    attempt: null,
    lastActivityAt: now.toISOString(),
    costUsd: hook.costUsd + (run?.costUsd ?? 0),
    tokens: tokens ? addUsage(hook.tokens, tokens) : hook.tokens,
    conversationId: run?.conversationId ?? hook.conversationId,
    resumeConversationId: null,
  };
  const row: HistoryRow = {
    at: now.toISOString(),
    iteration: attempt.iteration,
    attempt: attempt.attempt,
    fromPhase: attempt.phase,
    toPhase: attempt.phase,
    signal: "parsed" in read ? (read.parsed as HistoryRow["signal"]) : "raw" in read ? read.raw : null,
    accepted: false,
    rejection: null,
    exitCode: run?.kind === "exited" ? run.exitCode : null,
    durationMs: run?.durationMs ?? Math.max(0, now.getTime() - Date.parse(attempt.startedAt)),
    costUsd: run?.costUsd ?? null,
    tokens: tokens ?? null,
  };
  return { hook: hookAfter, row };
}

function accepted(facts: AttemptFacts, base: Base, judgement: Extract<Judgement, { verdict: "accepted" }>) {
  const { attempt, now, run } = facts;
  const movedPastPlan = attempt.phase === "planning" && judgement.phase === "implementation";
  const hook = replaceNotes(
    enter(
      {
        ...base.hook,
        phase: judgement.phase,
        phaseIterations: withAllowance(judgement.phaseIterations, base.hook),
        iteration: attempt.iteration,
        noSignalCount: 0,
        failedAttempts: 0,
        planApprovedAt:
          movedPastPlan && base.hook.planApprovedAt === null ? now.toISOString() : base.hook.planApprovedAt,
      },
      judgement.next,
    ),
    judgement.notes,
  );
  const warnings =
    run?.kind === "exited" && run.exitCode !== 0
      ? [`accepted a valid signal although the provider exited ${run.exitCode}`]
      : [];
  const next = judgement.next;
  const what =
    judgement.summary ??
    (next.state === "blocked" ? next.reason : null) ??
    judgement.handoff?.reason ??
    (next.state === "waiting" ? next.for : null);
  const move = judgement.phase === attempt.phase ? attempt.phase : `${attempt.phase} → ${judgement.phase}`;
  return {
    hook,
    row: { ...base.row, toPhase: judgement.phase, accepted: true },
    flowLogLine: clip(`#${attempt.iteration} ${move}: ${judgement.signal.status}${what ? ` — ${what}` : ""}`),
    handoff: judgement.handoff,
    deliveredIds: facts.deliveredIds,
    delayMs: 0,
    warnings,
  };
}

/** The agent's signal was refused or it escaped its worktree: blocked; it did see its messages. */
function blocked(
  facts: AttemptFacts,
  base: Base,
  cause: BlockCause,
  reason: string,
  rejection: string,
  deliveredIds: string[],
): IterationOutcome {
  return {
    hook: block({ ...base.hook, noSignalCount: 0 }, cause, reason),
    row: { ...base.row, rejection },
    flowLogLine: clip(`${tag(facts)} ${facts.attempt.phase}: blocked — ${reason}`),
    handoff: null,
    deliveredIds,
    delayMs: 0,
    warnings: [],
  };
}

/** Attempts without an accepted signal, one too many: blocked, with the inbox messages still pending. */
function gaveUp(facts: AttemptFacts, hook: Hook, row: HistoryRow, cause: BlockCause, reason: string) {
  return again(block(hook, cause, reason), row, `${tag(facts)} blocked — ${reason}`);
}

/** The loop goes on with the same step: no handoff, no message delivered. */
function again(hook: Hook, row: HistoryRow, flowLogLine: string | null, delayMs = 0): IterationOutcome {
  return {
    hook,
    row,
    flowLogLine: flowLogLine === null ? null : clip(flowLogLine),
    handoff: null,
    deliveredIds: [],
    delayMs,
    warnings: [],
  };
}

function runFailed(run: ProviderRunResult): boolean {
  if (run.kind !== "exited") return true;
  return run.exitCode !== 0 || run.isError;
}

function failedRun(facts: AttemptFacts, base: Base, run: ProviderRunResult, settings: OutcomeSettings) {
  if (run.kind === "exited" && run.errorKind === "max_turns") return maxTurnsHandoff(facts, base, run);
  const failures = facts.hook.failedAttempts + 1;
  const decision = decideRetry(run, failures, {
    maxRetries: settings.maxRetries,
    baseDelayMs: settings.retryDelayMs,
    maxDelayMs: settings.retryDelayMs * 32,
    jitter: "full",
    now: () => facts.now,
  });
  const row = { ...base.row, rejection: `no signal: ${decision.reason}` };
  if (decision.action === "pause") {
    const hook = pause(base.hook, "quota", decision.reason, decision.until);
    return again(hook, row, `${tag(facts)} paused until ${decision.until}: ${decision.reason}`);
  }
  if (decision.action === "retry") {
    const note = `The previous attempt failed (${decision.reason}) before writing a signal; carry on from the files.`;
    const hook = withNote({ ...base.hook, failedAttempts: failures }, note);
    return again(hook, row, null, decision.delayMs);
  }
  const counted = { ...base.hook, failedAttempts: failures };
  const unusable = run.errorKind === "auth" || run.kind === "failed";
  const hook = unusable
    ? block(counted, "provider-unusable", decision.reason)
    : fail(counted, "provider-failed", decision.reason);
  return again(hook, row, `${tag(facts)} ${hook.state}: ${decision.reason}`);
}

/** A run cut off by its turn limit hands off to a fresh context instead of failing; it counts as an
 * iteration so a provider that always hits the limit still meets the phase limit. */
function maxTurnsHandoff(facts: AttemptFacts, base: Base, run: ProviderRunResult): IterationOutcome {
  const { attempt } = facts;
  const reason = "the provider reached its max-turns limit";
  const counted = withNote(
    {
      ...base.hook,
      phaseIterations: countIteration(attempt.phase, facts.hook.phaseIterations),
      iteration: attempt.iteration,
      failedAttempts: 0,
      noSignalCount: 0,
    },
    "The previous context ended at its max-turns limit; this is a fresh context.",
  );
  const overLimit = limitReached(
    attempt.phase,
    countIteration(attempt.phase, effectiveIterations(facts.hook)),
  );
  return {
    hook: overLimit ? block(counted, "phase-limit", limitReachedReason(attempt.phase)) : counted,
    row: { ...base.row, accepted: true, signal: { status: "handoff", reason, synthetic: true } },
    flowLogLine: clip(`#${attempt.iteration} ${attempt.phase}: handoff — ${reason}`),
    handoff: {
      reason,
      state: { lastText: run.finalText ?? null, note: "Continue the same step from the files." },
    },
    deliveredIds: facts.deliveredIds,
    delayMs: 0,
    warnings: [],
  };
}

function noSignal(facts: AttemptFacts, base: Base, settings: OutcomeSettings): IterationOutcome {
  const count = facts.hook.noSignalCount + 1;
  const kind = facts.read.kind === "empty" ? "an empty _signal.json" : "no _signal.json";
  const row = { ...base.row, rejection: `no signal (${kind})` };
  if (count >= settings.maxNoSignal) {
    const reason = `${count} runs in a row ended without a signal (${kind})`;
    return gaveUp(facts, { ...base.hook, noSignalCount: count }, row, "no-signal", reason);
  }
  const note = `The previous attempt ended with ${kind}. Finish the step and write _signal.json as your last action.`;
  return again(withNote({ ...base.hook, noSignalCount: count }, note), row, null);
}

/** The same step runs again (resuming its conversation) with a note; too many stalls in a phase block. */
function stalled(
  facts: AttemptFacts,
  base: Base,
  idleMs: number,
  settings: OutcomeSettings,
): IterationOutcome {
  const phase = facts.attempt.phase;
  const count = (facts.hook.stalls[phase] ?? 0) + 1;
  const row = { ...base.row, rejection: `stalled: no activity for ${Math.round(idleMs / 1000)} s` };
  const counted = { ...base.hook, stalls: { ...facts.hook.stalls, [phase]: count } };
  if (count >= settings.maxStalls) {
    const reason = `stalled ${count} times in phase ${phase} (the last after ${idleText(idleMs)} without activity)`;
    return gaveUp(facts, counted, row, "stalled", reason);
  }
  const note = `The previous attempt stalled: no output, file change or commit for ${idleText(idleMs)}, so it was stopped. Carry on from the files in smaller steps, and write _signal.json when the step is done.`;
  const hook = withNote(
    { ...counted, resumeConversationId: facts.run?.conversationId ?? facts.hook.conversationId },
    note,
  );
  return again(
    hook,
    row,
    `${tag(facts)} stalled — stopped after ${Math.round(idleMs / 1000)} s without activity`,
  );
}

/**
 * A `continue` that stays in its phase and changes nothing is spinning; N of them in a row count as one
 * stall (a note, and blocked after SAMOCODE_MAX_STALLS in the phase), like an attempt gone silent.
 */
function idleCheck(
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
  const counted = {
    ...outcome.hook,
    stalls: { ...facts.hook.stalls, [phase]: stallCount },
    idleContinues: 0,
  };
  const what = `${count} iterations in a row ended continue without changing a file or making a commit`;
  const flowLogLine = clip(`${outcome.flowLogLine ?? tag(facts)} — stalled: ${what}`);
  if (stallCount >= settings.maxStalls) {
    const reason = `stalled ${stallCount} times in phase ${phase} (the last: ${what})`;
    return { ...outcome, hook: block(counted, "stalled", reason), flowLogLine };
  }
  const note = `The last ${what}. Make concrete progress in the worktree (edit, test, commit), move to the next phase, or write a blocked signal saying what you need.`;
  return { ...outcome, hook: withNote(counted, note), flowLogLine };
}

/** Lines of attempts that were not accepted name the attempt too, so each line is unique. */
function tag(facts: AttemptFacts): string {
  return `#${facts.attempt.iteration} (attempt ${facts.attempt.attempt})`;
}

export function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 240 ? `${line.slice(0, 237)}…` : line;
}

function addUsage(a: Hook["tokens"], b: TokenUsage): Hook["tokens"] {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}
