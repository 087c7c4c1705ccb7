import { describe, expect, it } from "vitest";
import { makeHook } from "./hook.test-support.ts";
import {
  BLOCK_CAUSES,
  block,
  describeState,
  enter,
  FAIL_CAUSES,
  fail,
  finish,
  PAUSE_CAUSES,
  pause,
  refusal,
  SESSION_STATES,
  type SessionState,
  type SessionStateName,
  STATE_CAUSES,
  type StateFields,
  stateFieldsProblem,
  stateOf,
  wait,
  wake,
  wantsLoop,
} from "./session-state.ts";

/** A hook in each state, entered the way the code enters it. */
const IN: Record<SessionStateName, StateFields> = {
  running: makeHook(),
  waiting: wait(makeHook(), "qa_answers", "three questions"),
  paused: pause(makeHook(), "quota", "usage limit", "2026-11-21T15:00:00.000Z"),
  blocked: block(makeHook(), "agent", "no database"),
  done: finish(makeHook()),
  failed: fail(makeHook(), "provider-failed", "overloaded; 3 retries used up"),
};

const TARGET: Record<SessionStateName, SessionState> = {
  running: { state: "running" },
  waiting: { state: "waiting", for: "plan_approval", reason: null },
  paused: { state: "paused", cause: "human", until: null, reason: "stopped by human", waiting: null },
  blocked: { state: "blocked", cause: "crash-loop", reason: "5 restarts in 60 s" },
  done: { state: "done" },
  failed: { state: "failed", cause: "provider-failed", reason: "retries used up" },
};

/** Which moves the state machine allows: from (rows) → to (columns). */
const ALLOWED: Record<SessionStateName, SessionStateName[]> = {
  running: ["running", "waiting", "paused", "blocked", "done", "failed"],
  waiting: ["running", "paused", "blocked"],
  paused: ["running", "waiting", "paused", "blocked"],
  blocked: ["running"],
  done: [],
  failed: ["running"],
};

describe("session state machine", () => {
  const moves = SESSION_STATES.flatMap((from) => SESSION_STATES.map((to) => [from, to] as const));

  it.each(moves)("%s → %s", (from, to) => {
    const hook = IN[from];
    if (ALLOWED[from].includes(to)) {
      expect(refusal(hook, to)).toBeUndefined();
      const next = enter(hook, TARGET[to]);
      expect(stateOf(next)).toEqual(TARGET[to]);
      expect(stateFieldsProblem(next)).toBeUndefined();
    } else {
      expect(refusal(hook, to)).toBe(`a ${from} session cannot become ${to}`);
      expect(() => enter(hook, TARGET[to])).toThrow(
        `illegal transition: a ${from} session cannot become ${to}`,
      );
    }
  });

  it("clears what the old state had: a woken session keeps no cause, reason, wait or pause", () => {
    for (const from of ["waiting", "paused", "blocked", "failed"] as const) {
      expect(wake(IN[from])).toMatchObject({
        state: "running",
        cause: null,
        reason: null,
        waitingFor: null,
        pausedUntil: null,
      });
    }
    expect(block(IN.paused, "crash-loop", "5 restarts")).toMatchObject({
      pausedUntil: null,
      cause: "crash-loop",
    });
  });

  it("remembers what a session a human stopped was waiting for, and only that pause does", () => {
    const stopped = pause(IN.waiting, "human", "stopped by human");
    expect(stopped).toMatchObject({ state: "paused", cause: "human", waitingFor: IN.waiting.waitingFor });
    expect(stateFieldsProblem(stopped)).toBeUndefined();
    expect(describeState(stopped)).toBe(
      `paused: stopped by human (was waiting for ${IN.waiting.waitingFor})`,
    );
    expect(wake(stopped).waitingFor).toBeNull();
    expect(pause(IN.running, "human", "stopped by human").waitingFor).toBeNull();
    expect(pause(IN.waiting, "budget", "budget reached").waitingFor).toBeNull();
    expect(stateFieldsProblem({ ...IN.paused, waitingFor: "plan_approval" })).toBe(
      "waitingFor is set but the state is paused (quota)",
    );
  });

  it("changes only the state fields", () => {
    const hook = makeHook({ iteration: 9, costUsd: 4.5 });
    const { state, cause, reason, waitingFor, pausedUntil, ...rest } = block(hook, "escape", "main moved");
    const { state: s0, cause: c0, reason: r0, waitingFor: w0, pausedUntil: p0, ...before } = hook;
    expect(rest).toEqual(before);
    expect({ state, cause, reason, waitingFor, pausedUntil }).toEqual({
      state: "blocked",
      cause: "escape",
      reason: "main moved",
      waitingFor: null,
      pausedUntil: null,
    });
  });

  it("gives a quota pause, and only a quota pause, an end time", () => {
    expect(() => pause(makeHook(), "quota", "usage limit")).toThrow("a quota pause needs an end time");
    expect(() => pause(makeHook(), "budget", "spent", "2026-11-21T15:00:00.000Z")).toThrow(
      "a budget pause takes no end time",
    );
  });

  it("keeps a loop for what works, waits, or lifts by itself — per cause", () => {
    const keeps: Record<string, boolean> = {
      running: true,
      waiting: true,
      done: false,
      "paused:quota": true,
      "paused:fleet-budget": true,
      "paused:budget": false,
      "paused:human": false,
    };
    for (const cause of BLOCK_CAUSES) keeps[`blocked:${cause}`] = false;
    for (const cause of FAIL_CAUSES) keeps[`failed:${cause}`] = false;
    const seen: Record<string, boolean> = {};
    seen.running = wantsLoop(IN.running);
    seen.waiting = wantsLoop(IN.waiting);
    seen.done = wantsLoop(IN.done);
    for (const cause of PAUSE_CAUSES) {
      const until = cause === "quota" ? "2026-11-21T15:00:00.000Z" : null;
      seen[`paused:${cause}`] = wantsLoop(pause(makeHook(), cause, "why", until));
    }
    for (const cause of BLOCK_CAUSES) seen[`blocked:${cause}`] = wantsLoop(block(makeHook(), cause, "why"));
    for (const cause of FAIL_CAUSES) seen[`failed:${cause}`] = wantsLoop(fail(makeHook(), cause, "why"));
    expect(seen).toEqual(keeps);
  });

  it("reserves the causes later work names, in one closed set", () => {
    expect(STATE_CAUSES).toEqual(
      expect.arrayContaining(["io-error", "lease-unreadable", "crash-loop", "human"]),
    );
    expect(new Set(STATE_CAUSES).size).toBe(STATE_CAUSES.length);
  });

  it("refuses stored fields that are no state at all", () => {
    const base = { ...IN.running };
    expect(stateFieldsProblem({ ...base, state: "blocked" })).toMatch(/a blocked session needs a cause/);
    expect(stateFieldsProblem({ ...base, state: "blocked", cause: "quota", reason: "x" })).toMatch(
      /needs a cause/,
    );
    expect(stateFieldsProblem({ ...base, state: "blocked", cause: "agent" })).toBe(
      "a blocked session needs a reason",
    );
    expect(stateFieldsProblem({ ...base, cause: "agent" })).toBe("a running session has no cause or reason");
    expect(stateFieldsProblem({ ...base, state: "waiting" })).toBe("a waiting session needs waitingFor");
    expect(stateFieldsProblem({ ...base, waitingFor: "workers" })).toBe(
      "waitingFor is set but the state is running",
    );
    expect(stateFieldsProblem({ ...IN.paused, pausedUntil: null })).toBe(
      "pausedUntil is set exactly for a quota pause",
    );
  });

  it("describes each state in one sentence, the same everywhere", () => {
    expect(SESSION_STATES.map((state) => describeState(IN[state]))).toEqual([
      "running",
      "waiting for qa_answers",
      "blocked: no database",
      "done",
      "failed: overloaded; 3 retries used up",
      "paused until 2026-11-21T15:00:00.000Z",
    ]);
    expect(describeState(pause(makeHook(), "budget", "budget reached: $5 of $5"))).toBe(
      "paused: budget reached: $5 of $5",
    );
  });
});
