// What a change of a session's `_hook.json` means for a human: pure, so the supervisor derives the
// events of a transition from two hooks and the session's files instead of tracking what it sent.
import { BLOCKED_NEEDS, type BlockedNeed, type Hook } from "@samocode/core";
import { episodeKey, hookEventId } from "./event-id.ts";
import {
  HUMAN_WAITS,
  type HumanWait,
  type PlanRef,
  type Question,
  type SessionEvent,
  type SessionEventKind,
} from "./session-event.ts";

export type EventContext = {
  /** The questions of `_qa.md` still waiting for an answer (empty when it is missing or malformed). */
  openQuestions: Question[];
  /** The newest plan artifact of the session. */
  plan: PlanRef | null;
  /** The raw signal of the newest accepted history row, for a block's `needs`, a wait's `reason` and
   * the done summary; it is trusted only when it matches the hook's state. */
  lastSignal: unknown;
};

export type DeriveInput = {
  /** The hook as last observed; null on the first observation (e.g. after a supervisor restart). */
  previous: Hook | null;
  current: Hook;
  context: EventContext;
  now: Date;
};

/** A first observation reports the state the session is in only when it was entered this recently:
 * a state older than that was reported by an earlier run, or predates Telegram being set up. */
export const CATCH_UP_MS = 24 * 60 * 60 * 1000;

export function deriveEvents(input: DeriveInput): SessionEvent[] {
  const { previous, current, now } = input;
  if (previous !== null && episodeKey(previous) === episodeKey(current)) return [];
  const at = now.toISOString();
  const events: SessionEvent[] = [];
  if (previous !== null && current.state !== "paused") {
    if (isBudgetPause(previous))
      events.push({
        id: hookEventId(previous, "budget-resumed"),
        at,
        kind: "budget-resumed",
        session: current.session,
      });
    if (isQuotaPause(previous))
      events.push({
        id: hookEventId(previous, "quota-resumed"),
        at,
        kind: "quota-resumed",
        session: current.session,
      });
  }
  const fresh = now.getTime() - Date.parse(current.lastActivityAt) <= CATCH_UP_MS;
  const entered = stateEvent(current, input.context, at);
  if (entered !== null && (previous !== null || fresh)) events.push(entered);
  return events;
}

/** Paused by its own budget (the fleet's daily budget is announced by the supervisor, once for all). */
function isBudgetPause(hook: Hook): boolean {
  return hook.state === "paused" && hook.cause === "budget";
}

function isQuotaPause(hook: Hook): boolean {
  return hook.state === "paused" && hook.cause === "quota";
}

function stateEvent(hook: Hook, context: EventContext, at: string): SessionEvent | null {
  const signal = signalFields(lastSignal(hook, context));
  switch (hook.state) {
    case "waiting":
      return isHumanWait(hook.waitingFor) ? waitingEvent(hook, context, at) : null;
    case "blocked":
      return blockedEvent(hook, signal, at);
    case "done": {
      const summary = signal.status === "done" ? signal.summary : null;
      const facts = { summary, iterations: hook.iteration, costUsd: hook.costUsd, branch: hook.branch };
      return { ...common(hook, "done", at), kind: "done", ...facts };
    }
    case "failed": {
      const reason = hook.reason ?? "no reason recorded";
      return { ...common(hook, "failed", at), kind: "failed", phase: hook.phase, reason };
    }
    case "paused":
      return pausedEvent(hook, at);
    case "running":
      return null;
  }
}

function common(hook: Hook, kind: SessionEventKind, at: string) {
  return { id: hookEventId(hook, kind), at, session: hook.session };
}

function blockedEvent(hook: Hook, signal: SignalFields, at: string): SessionEvent {
  const reason = hook.reason ?? "no reason recorded";
  if (hook.cause === "crash-loop") {
    return { ...common(hook, "crash-loop", at), kind: "crash-loop", phase: hook.phase, reason };
  }
  const needs =
    hook.cause === "agent" && signal.status === "blocked" && signal.reason === reason ? signal.needs : null;
  return { ...common(hook, "blocked", at), kind: "blocked", phase: hook.phase, reason, needs };
}

function waitingEvent(hook: Hook, context: EventContext, at: string): SessionEvent {
  const waitingFor = hook.waitingFor as HumanWait;
  const signal = signalFields(lastSignal(hook, context));
  return {
    id: hookEventId(hook, "waiting"),
    at,
    kind: "waiting",
    session: hook.session,
    phase: hook.phase,
    waitingFor,
    questions: waitingFor === "qa_answers" ? context.openQuestions : [],
    plan: waitingFor === "plan_approval" ? context.plan : null,
    reason: signal.status === "waiting" ? signal.reason : null,
  };
}

function pausedEvent(hook: Hook, at: string): SessionEvent | null {
  if (isQuotaPause(hook) && hook.pausedUntil !== null) {
    const reason = hook.reason;
    const id = hookEventId(hook, "quota-paused");
    return { id, at, kind: "quota-paused", session: hook.session, until: hook.pausedUntil, reason };
  }
  if (isBudgetPause(hook)) {
    const reason = hook.reason ?? "budget reached";
    return {
      id: hookEventId(hook, "budget-paused"),
      at,
      kind: "budget-paused",
      session: hook.session,
      reason,
    };
  }
  // Stopped by a human: they know. The fleet's daily budget: the supervisor announces it once for all.
  return null;
}

function isHumanWait(value: string | null): value is HumanWait {
  return (HUMAN_WAITS as readonly (string | null)[]).includes(value);
}

// The hook carries the row of the iteration it committed before the history has it (commit-iteration.ts),
// so a supervisor that looks between the two writes still sees this iteration's signal.
function lastSignal(hook: Hook, context: EventContext): unknown {
  const row = asRecord(hook.lastApplied?.row);
  return row.accepted === true ? row.signal : context.lastSignal;
}

function asRecord(raw: unknown): Record<string, unknown> {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw)
    ? (raw as Record<string, unknown>)
    : {};
}

type SignalFields = {
  status: string | null;
  reason: string | null;
  summary: string | null;
  needs: BlockedNeed | null;
};

// The history keeps the signal as the agent wrote it (any case, extra fields), so only the fields an
// event shows are picked, each checked for its type.
function signalFields(raw: unknown): SignalFields {
  const record = asRecord(raw);
  const text = (key: string): string | null =>
    typeof record[key] === "string" ? (record[key] as string) : null;
  const needs = text("needs")?.toLowerCase() ?? null;
  return {
    status: text("status")?.toLowerCase() ?? null,
    reason: text("reason"),
    summary: text("summary"),
    needs: BLOCKED_NEEDS.find((value) => value === needs) ?? null,
  };
}
