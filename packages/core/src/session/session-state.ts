// A session's state machine: the states, why a session is in one — `cause`, a closed value code branches
// on, and `reason`, the sentence for a person — and the named transitions, the only code that makes a new
// state. `_hook.json` keeps it flat (state, cause, reason, waitingFor, pausedUntil); `stateOf` reads it back
// as one discriminated value.
import { SamocodeError } from "../errors.ts";
import type { WaitingFor } from "../signals/signal-schema.ts";

export const SESSION_STATES = [
  /** The loop goes on: at creation, after an accepted continue or handoff, a gate passed, a pause ended. */
  "running",
  /** An accepted `waiting` signal: on answers, the plan decision, a human, or the session's workers. */
  "waiting",
  /** Stopped until a human acts: the agent asked, or the worker or supervisor could not go on. */
  "blocked",
  /** An accepted `done` signal in phase done. */
  "done",
  /** The provider kept failing: its retries are used up. */
  "failed",
  /** Not to start another iteration until its cause lifts (a time, a budget, a human's resume). */
  "paused",
] as const;
export type SessionStateName = (typeof SESSION_STATES)[number];

export const PAUSE_CAUSES = [
  /** worker: a usage or rate limit with a reset time; resumes by itself at `pausedUntil`. */
  "quota",
  /** worker: the session's own budget is spent; `samocode resume --budget-usd|--budget-tokens N`. */
  "budget",
  /** worker, on the supervisor's verdict: the fleet's daily budget; lifts by itself (a raise, a new day). */
  "fleet-budget",
  /** CLI, Telegram or the PM2 action: stopped by a human; nothing restarts it until `samocode resume`. */
  "human",
] as const;
export type PauseCause = (typeof PAUSE_CAUSES)[number];

export const BLOCK_CAUSES = [
  /** worker: the agent's own `blocked` signal. */
  "agent",
  /** worker: an invalid signal (bad JSON, shape, status, move, or a gate not passed). */
  "signal-rejected",
  /** worker: SAMOCODE_MAX_NO_SIGNAL runs in a row without a signal. */
  "no-signal",
  /** worker: SAMOCODE_MAX_STALLS stalls in one phase (silent attempts or idle continues). */
  "stalled",
  /** worker: the agent changed the main checkout instead of its worktree. */
  "escape",
  /** worker: the phase's iteration limit is reached. */
  "phase-limit",
  /** supervisor: the worker kept crashing; it was stopped and the session quarantined. */
  "crash-loop",
  /** worker: the provider cannot run at all (authentication, a missing binary). */
  "provider-unusable",
  /** worker: the session's git worktree cannot be made. */
  "worktree",
  /** worker: the workflow or an agent file is broken, so no prompt can be built. */
  "prompt-broken",
  /** worker: a file of the session cannot be read or written (full disk, permissions, a bad folder). */
  "io-error",
  /** worker or CLI: the session's `_lease.json` cannot be read, so nobody may know who runs it. */
  "lease-unreadable",
] as const;
export type BlockCause = (typeof BLOCK_CAUSES)[number];

export const FAIL_CAUSES = [
  /** worker: provider attempts failed until SAMOCODE_MAX_RETRIES were used up. */
  "provider-failed",
] as const;
export type FailCause = (typeof FAIL_CAUSES)[number];

export const STATE_CAUSES = [...PAUSE_CAUSES, ...BLOCK_CAUSES, ...FAIL_CAUSES] as const;
export type StateCause = (typeof STATE_CAUSES)[number];

/** The state as the hook stores it. */
export type StateFields = {
  state: SessionStateName;
  cause: StateCause | null;
  reason: string | null;
  waitingFor: WaitingFor | null;
  pausedUntil: string | null;
};

/** The state as one value: each state with exactly the facts it has. */
export type SessionState =
  | { state: "running" }
  | { state: "waiting"; for: WaitingFor; reason: string | null }
  | {
      state: "paused";
      cause: PauseCause;
      until: string | null;
      reason: string;
      /** What a session stopped by a human was waiting for: a resume returns it there, not to a paid rerun. */
      waiting: WaitingFor | null;
    }
  | { state: "blocked"; cause: BlockCause; reason: string }
  | { state: "done" }
  | { state: "failed"; cause: FailCause; reason: string };

/** Which states each state may be entered from. Staying running is an iteration that goes on. */
const ENTERED_FROM: Record<SessionStateName, readonly SessionStateName[]> = {
  running: ["running", "waiting", "paused", "blocked", "failed"],
  waiting: ["running", "paused"],
  paused: ["running", "waiting", "paused"],
  blocked: ["running", "waiting", "paused"],
  done: ["running"],
  failed: ["running"],
};

/** Why a session in `from` cannot enter `to`, or undefined when it can. */
export function refusal(from: Pick<StateFields, "state">, to: SessionStateName): string | undefined {
  return ENTERED_FROM[to].includes(from.state) ? undefined : `a ${from.state} session cannot become ${to}`;
}

export function stateOf(fields: StateFields): SessionState {
  const reason = fields.reason ?? "no reason recorded";
  switch (fields.state) {
    case "running":
    case "done":
      return { state: fields.state };
    case "waiting":
      return { state: "waiting", for: fields.waitingFor ?? "human_action", reason: fields.reason };
    case "paused":
      return {
        state: "paused",
        cause: pauseCause(fields),
        until: fields.pausedUntil,
        reason,
        waiting: fields.cause === "human" ? fields.waitingFor : null,
      };
    case "blocked":
      return { state: "blocked", cause: isOneOf(BLOCK_CAUSES, fields.cause) ?? "agent", reason };
    case "failed":
      return { state: "failed", cause: isOneOf(FAIL_CAUSES, fields.cause) ?? "provider-failed", reason };
  }
}

/** Moves a hook into `next`; the only code that writes the state fields. Refused moves are bugs. */
export function enter<H extends StateFields>(hook: H, next: SessionState): H {
  const refused = refusal(hook, next.state);
  if (refused !== undefined) throw new SamocodeError("internal", `illegal transition: ${refused}`);
  return { ...hook, ...fieldsOf(next) };
}

/** The loop goes on: a gate passed, a pause ended, a human resumed, an accepted continue. */
export function wake<H extends StateFields>(hook: H): H {
  return enter(hook, { state: "running" });
}

/** An accepted `waiting` signal; `reason` is the agent's, if it gave one. */
export function wait<H extends StateFields>(
  hook: H,
  waitingFor: WaitingFor,
  reason: string | null = null,
): H {
  return enter(hook, waitingState(waitingFor, reason));
}

/**
 * A quota pause carries the time it ends; every other pause waits for a budget or a human. A human who
 * stops a waiting session pauses it where it waits, so a later resume goes back to that wait.
 */
export function pause<H extends StateFields>(
  hook: H,
  cause: PauseCause,
  reason: string,
  until: string | null = null,
): H {
  if ((cause === "quota") !== (until !== null))
    throw new SamocodeError(
      "internal",
      `a ${cause} pause ${until === null ? "needs an end time" : "takes no end time"}`,
    );
  const waiting = cause === "human" && hook.state === "waiting" ? hook.waitingFor : null;
  return enter(hook, { state: "paused", cause, until, reason, waiting });
}

export function block<H extends StateFields>(hook: H, cause: BlockCause, reason: string): H {
  return enter(hook, blockedState(cause, reason));
}

export function finish<H extends StateFields>(hook: H): H {
  return enter(hook, { state: "done" });
}

export function fail<H extends StateFields>(hook: H, cause: FailCause, reason: string): H {
  return enter(hook, { state: "failed", cause, reason });
}

/** Every session starts running: the worker makes the worktree and the first prompt at once. */
export const INITIAL_STATE: StateFields = {
  state: "running",
  cause: null,
  reason: null,
  waitingFor: null,
  pausedUntil: null,
};

/** The states an accepted signal can lead to, as values for `enter` (the judge decides, the loop enters). */
export const RUNNING: SessionState = { state: "running" };
export const DONE: SessionState = { state: "done" };

export function waitingState(waitingFor: WaitingFor, reason: string | null): SessionState {
  return { state: "waiting", for: waitingFor, reason };
}

export function blockedState(cause: BlockCause, reason: string): SessionState {
  return { state: "blocked", cause, reason };
}

/**
 * Whether the session should have a loop running: it works, waits on someone, or is paused by something
 * that lifts by itself (a quota's end time, the fleet cap lifting). The supervisor keeps a worker for these.
 */
export function wantsLoop(fields: Pick<StateFields, "state" | "cause">): boolean {
  if (fields.state === "running" || fields.state === "waiting") return true;
  return fields.state === "paused" && (fields.cause === "quota" || fields.cause === "fleet-budget");
}

/** Settled: nothing happens until a human acts (or never again, when done). */
export function isSettled(fields: Pick<StateFields, "state">): boolean {
  return fields.state === "done" || fields.state === "blocked" || fields.state === "failed";
}

/** One sentence of where the session stands, the same in the CLI, Telegram and the logs. */
export function describeState(fields: StateFields): string {
  const state = stateOf(fields);
  switch (state.state) {
    case "running":
    case "done":
      return state.state;
    case "waiting":
      return `waiting for ${state.for}`;
    case "paused":
      if (state.cause === "quota") return `paused until ${state.until ?? "?"}`;
      return `paused: ${state.reason}${state.waiting === null ? "" : ` (was waiting for ${state.waiting})`}`;
    case "blocked":
    case "failed":
      return `${state.state}: ${state.reason}`;
  }
}

function fieldsOf(next: SessionState): StateFields {
  const none = { cause: null, reason: null, waitingFor: null, pausedUntil: null };
  switch (next.state) {
    case "running":
    case "done":
      return { state: next.state, ...none };
    case "waiting":
      return { state: "waiting", ...none, waitingFor: next.for, reason: next.reason };
    case "paused":
      return {
        state: "paused",
        ...none,
        cause: next.cause,
        reason: next.reason,
        pausedUntil: next.until,
        waitingFor: next.waiting,
      };
    case "blocked":
    case "failed":
      return { state: next.state, ...none, cause: next.cause, reason: next.reason };
  }
}

/** Which combinations of the stored fields are a state at all (the hook schema refuses the rest). */
export function stateFieldsProblem(fields: StateFields): string | undefined {
  const { state, cause, reason, waitingFor, pausedUntil } = fields;
  const keepsWait = state === "waiting" || (state === "paused" && cause === "human");
  if (!keepsWait && waitingFor !== null)
    return `waitingFor is set but the state is ${state}${state === "paused" ? ` (${cause})` : ""}`;
  if (state !== "paused" && pausedUntil !== null) return `pausedUntil is set but the state is ${state}`;
  switch (state) {
    case "running":
    case "done":
      return cause !== null || reason !== null ? `a ${state} session has no cause or reason` : undefined;
    case "waiting":
      if (waitingFor === null) return "a waiting session needs waitingFor";
      return cause !== null ? "a waiting session has no cause" : undefined;
    case "paused":
      if (isOneOf(PAUSE_CAUSES, cause) === undefined)
        return `a paused session needs a cause of ${PAUSE_CAUSES.join(", ")}`;
      if ((cause === "quota") !== (pausedUntil !== null))
        return "pausedUntil is set exactly for a quota pause";
      return reason === null ? "a paused session needs a reason" : undefined;
    case "blocked":
      if (isOneOf(BLOCK_CAUSES, cause) === undefined)
        return `a blocked session needs a cause of ${BLOCK_CAUSES.join(", ")}`;
      return reason === null ? "a blocked session needs a reason" : undefined;
    case "failed":
      if (isOneOf(FAIL_CAUSES, cause) === undefined)
        return `a failed session needs a cause of ${FAIL_CAUSES.join(", ")}`;
      return reason === null ? "a failed session needs a reason" : undefined;
  }
}

function pauseCause(fields: StateFields): PauseCause {
  return isOneOf(PAUSE_CAUSES, fields.cause) ?? (fields.pausedUntil !== null ? "quota" : "human");
}

function isOneOf<T extends string>(set: readonly T[], value: string | null): T | undefined {
  return set.find((member) => member === value);
}
