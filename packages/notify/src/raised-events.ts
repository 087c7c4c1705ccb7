// Events the supervisor raises itself, for what no single hook transition shows: a stall, a convoy's
// outcome, the fleet's daily budget. Each takes what makes its episode unique, for a stable id.
import type { Hook, SessionStateName } from "@samocode/core";
import { episodeKey, eventId, hookEventId } from "./event-id.ts";
import type { EventOfKind } from "./session-event.ts";

const stamp = (at: Date | undefined) => (at ?? new Date()).toISOString();

/** A stall of the attempt in flight: one per attempt, however often the supervisor looks. */
export function stalledEvent(input: {
  hook: Hook;
  idleMinutes: number;
  action: string;
  at?: Date;
}): EventOfKind<"stalled"> {
  const { hook } = input;
  const attempt = hook.attempt === null ? `n${hook.nextAttempt}` : `a${hook.attempt.attempt}`;
  return {
    id: eventId(hook.session, `i${hook.iteration}-${attempt}`, "stalled"),
    at: stamp(input.at),
    kind: "stalled",
    session: hook.session,
    phase: hook.phase,
    idleMinutes: input.idleMinutes,
    action: input.action,
  };
}

/** The crash-loop event of a hook the supervisor just blocked; the same id `deriveEvents` gives it. */
export function crashLoopEvent(hook: Hook, at?: Date): EventOfKind<"crash-loop"> {
  return {
    id: hookEventId(hook, "crash-loop"),
    at: stamp(at),
    kind: "crash-loop",
    session: hook.session,
    phase: hook.phase,
    reason: hook.reason ?? "crash-loop",
  };
}

export function convoyLandedEvent(input: {
  convoy: string;
  sessions: string[];
  at?: Date;
}): EventOfKind<"convoy-landed"> {
  return {
    id: eventId(`convoy/${input.convoy}`, "all", "convoy-landed"),
    at: stamp(input.at),
    kind: "convoy-landed",
    convoy: input.convoy,
    sessions: input.sessions,
  };
}

/** One per stuck member and episode: the same member stuck again later is a new event. */
export function convoyStuckEvent(input: {
  convoy: string;
  hook: Hook;
  at?: Date;
}): EventOfKind<"convoy-stuck"> {
  const { hook } = input;
  const state: SessionStateName = hook.state;
  return {
    id: eventId(`convoy/${input.convoy}`, `${hook.session}/${episodeKey(hook)}`, "convoy-stuck"),
    at: stamp(input.at),
    kind: "convoy-stuck",
    convoy: input.convoy,
    session: hook.session,
    state,
    reason: hook.reason,
  };
}

/** The fleet's daily budget (SAMOCODE_FLEET_BUDGET_USD): one pause and one resume per day and cap, so a
 * cap raised and reached again the same day is a new message. */
export function fleetBudgetEvent(input: {
  day: string;
  capUsd: number | null;
  paused: boolean;
  reason: string;
  at?: Date;
}): EventOfKind<"budget-paused" | "budget-resumed"> {
  const at = stamp(input.at);
  const episode = `${input.day}@${input.capUsd ?? "none"}`;
  return input.paused
    ? {
        id: eventId("fleet", episode, "budget-paused"),
        at,
        kind: "budget-paused",
        session: null,
        reason: input.reason,
      }
    : { id: eventId("fleet", episode, "budget-resumed"), at, kind: "budget-resumed", session: null };
}
