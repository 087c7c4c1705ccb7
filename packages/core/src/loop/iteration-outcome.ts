// Pure: what one finished provider attempt does to the session — the next hook, the history row, the
// Flow Log line, a handoff to save, and how long to wait before the next attempt.
import type { GateResults, Judgement } from "../phases/judge-signal.ts";
import { countIteration, limitReached, limitReachedReason } from "../phases/phase-iterations.ts";
import type { ProviderRunResult, TokenUsage } from "../provider/provider-types.ts";
import { decideRetry } from "../provider/retry-policy.ts";
import type { Attempt, Hook } from "../session/hook-file.ts";
import type { HistoryRow } from "../session/signal-history.ts";
import type { SignalRead } from "../signals/signal-file.ts";
import { type Base, blockedWithout, clip, MAX_NOTES, notes, runAgain, tag } from "./outcome-parts.ts";
import { effectiveIterations, withAllowance } from "./phase-allowance.ts";
import { idleCheck, stalled } from "./stall-outcome.ts";

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

export function decideOutcome(facts: AttemptFacts, settings: OutcomeSettings): IterationOutcome {
  const base = settle(facts);
  if (facts.escape !== undefined) return blockedBy(facts, base, facts.escape, `rejected: ${facts.escape}`);
  const { judgement } = facts;
  if (judgement.verdict === "accepted") return idleCheck(facts, accepted(facts, base, judgement), settings);
  if (judgement.verdict === "rejected") {
    return blockedBy(facts, base, `signal rejected: ${judgement.reason}`, judgement.reason);
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
  const hook: Hook = {
    ...base.hook,
    phase: judgement.phase,
    state: judgement.state,
    waitingFor: judgement.waitingFor,
    blockedReason: judgement.blockedReason,
    phaseIterations: withAllowance(judgement.phaseIterations, base.hook),
    iteration: attempt.iteration,
    noSignalCount: 0,
    failedAttempts: 0,
    pendingNotes: judgement.notes.slice(-MAX_NOTES),
    planApprovedAt:
      movedPastPlan && base.hook.planApprovedAt === null ? now.toISOString() : base.hook.planApprovedAt,
  };
  const warnings =
    run?.kind === "exited" && run.exitCode !== 0
      ? [`accepted a valid signal although the provider exited ${run.exitCode}`]
      : [];
  const what =
    judgement.summary ?? judgement.blockedReason ?? judgement.handoff?.reason ?? judgement.waitingFor;
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

function blockedBy(facts: AttemptFacts, base: Base, reason: string, rejection: string): IterationOutcome {
  return {
    hook: { ...base.hook, state: "blocked", waitingFor: null, blockedReason: reason, noSignalCount: 0 },
    row: { ...base.row, rejection },
    flowLogLine: clip(`${tag(facts)} ${facts.attempt.phase}: blocked — ${reason}`),
    handoff: null,
    deliveredIds: facts.deliveredIds,
    delayMs: 0,
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
  const keep = { handoff: null, deliveredIds: [], warnings: [] };
  if (decision.action === "pause") {
    const hook: Hook = {
      ...base.hook,
      state: "paused",
      pausedUntil: decision.until,
      resumeConversationId: null,
    };
    return {
      ...keep,
      hook,
      row,
      flowLogLine: clip(`${tag(facts)} paused until ${decision.until}: ${decision.reason}`),
      delayMs: 0,
    };
  }
  if (decision.action === "retry") {
    const note = `The previous attempt failed (${decision.reason}) before writing a signal; carry on from the files.`;
    const hook: Hook = { ...base.hook, failedAttempts: failures, pendingNotes: notes(base.hook, note) };
    return { ...keep, hook, row, flowLogLine: null, delayMs: decision.delayMs };
  }
  const auth = run.errorKind === "auth" || run.kind === "failed";
  const hook: Hook = {
    ...base.hook,
    state: auth ? "blocked" : "failed",
    blockedReason: decision.reason,
    failedAttempts: failures,
  };
  return {
    ...keep,
    hook,
    row,
    flowLogLine: clip(`${tag(facts)} ${hook.state}: ${decision.reason}`),
    delayMs: 0,
  };
}

/** A run cut off by its turn limit hands off to a fresh context instead of failing; it counts as an
 * iteration so a provider that always hits the limit still meets the phase limit. */
function maxTurnsHandoff(facts: AttemptFacts, base: Base, run: ProviderRunResult): IterationOutcome {
  const { attempt } = facts;
  const phaseIterations = countIteration(attempt.phase, facts.hook.phaseIterations);
  const effective = countIteration(attempt.phase, effectiveIterations(facts.hook));
  const reason = "the provider reached its max-turns limit";
  const state = { lastText: run.finalText ?? null, note: "Continue the same step from the files." };
  const overLimit = limitReached(attempt.phase, effective);
  const hook: Hook = {
    ...base.hook,
    phaseIterations,
    iteration: attempt.iteration,
    failedAttempts: 0,
    noSignalCount: 0,
    state: overLimit ? "blocked" : "running",
    blockedReason: overLimit ? limitReachedReason(attempt.phase) : null,
    pendingNotes: notes(
      base.hook,
      "The previous context ended at its max-turns limit; this is a fresh context.",
    ),
  };
  return {
    hook,
    row: { ...base.row, accepted: true, signal: { status: "handoff", reason, synthetic: true } },
    flowLogLine: clip(`#${attempt.iteration} ${attempt.phase}: handoff — ${reason}`),
    handoff: { reason, state },
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
    return blockedWithout(facts, { ...base.hook, noSignalCount: count }, row, reason);
  }
  const note = `The previous attempt ended with ${kind}. Finish the step and write _signal.json as your last action.`;
  return runAgain({ ...base.hook, noSignalCount: count, pendingNotes: notes(base.hook, note) }, row, null);
}

function addUsage(a: Hook["tokens"], b: TokenUsage): Hook["tokens"] {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}
