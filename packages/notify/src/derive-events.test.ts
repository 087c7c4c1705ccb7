import type { Hook } from "@samocode/core";
import { describe, expect, it } from "vitest";
import { CATCH_UP_MS, deriveEvents, type EventContext } from "./derive-events.ts";
import { hookFixture } from "./notify.test-support.ts";
import { crashLoopEvent } from "./raised-events.ts";

const NOW = new Date("2026-11-21T10:05:00.000Z");
const LATER = "2026-11-21T10:04:00.000Z";
const EMPTY: EventContext = { openQuestions: [], plan: null, lastSignal: null };
const running = hookFixture();

function applied(signal: Record<string, string>, accepted = true): Hook["lastApplied"] {
  const row = { iteration: 4, attempt: 4, accepted, signal };
  return { iteration: 4, attempt: 4, row, deliveredIds: [], flowLogLine: null };
}

function next(change: Partial<Hook>): Hook {
  return hookFixture({ iteration: 4, nextAttempt: 5, lastActivityAt: LATER, epoch: 9, ...change });
}

const derive = (previous: Hook | null, current: Hook, context: EventContext = EMPTY) =>
  deriveEvents({ previous, current, context, now: NOW });

describe("deriveEvents", () => {
  it("running → waiting for answers: a waiting event with the open questions", () => {
    const questions = [{ number: 2, text: "Where are tokens kept?", options: [] }];
    const waiting = next({
      state: "waiting",
      waitingFor: "qa_answers",
      lastApplied: applied({ status: "waiting", for: "qa_answers" }),
    });
    const [event, ...rest] = derive(running, waiting, { ...EMPTY, openQuestions: questions });
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      kind: "waiting",
      session: "26-11-21-auth",
      waitingFor: "qa_answers",
      questions,
      plan: null,
    });
    expect(event?.id).toMatch(/^26-11-21-auth:i4-[0-9a-f]{10}:waiting$/);
  });

  it("waiting for plan approval carries the plan; for a human action the agent's reason", () => {
    const plan = { title: "Plan: JWT", path: "/s/11-21-0901-plan-auth.md" };
    const planWait = next({ state: "waiting", waitingFor: "plan_approval", phase: "planning" });
    expect(derive(running, planWait, { ...EMPTY, plan })).toMatchObject([
      { kind: "waiting", plan, questions: [] },
    ]);
    const act = next({
      state: "waiting",
      waitingFor: "human_action",
      lastApplied: applied({ status: "WAITING", for: "human_action", reason: "rotate the key" }),
    });
    expect(derive(running, act)).toMatchObject([
      { kind: "waiting", waitingFor: "human_action", reason: "rotate the key" },
    ]);
  });

  it("waiting on child workers needs nobody: no event", () => {
    expect(derive(running, next({ state: "waiting", waitingFor: "workers" }))).toEqual([]);
  });

  it("blocked: the reason, and the agent's needs when the block is its own signal", () => {
    const signal = { status: "blocked", reason: "no DB", needs: "Environment" };
    const own = next({ state: "blocked", cause: "agent", reason: "no DB", lastApplied: applied(signal) });
    expect(derive(running, own)).toMatchObject([{ kind: "blocked", reason: "no DB", needs: "environment" }]);
    // A rejected signal blocks with its rejection; an older blocked signal must not lend its needs.
    const rejected = next({
      state: "blocked",
      cause: "signal-rejected",
      reason: "transition not allowed",
      lastApplied: applied({}, false),
    });
    expect(derive(running, rejected, { ...EMPTY, lastSignal: signal })).toMatchObject([
      { kind: "blocked", reason: "transition not allowed", needs: null },
    ]);
  });

  it("a crash-loop block is a crash-loop event, with the id the supervisor's own event gets", () => {
    const quarantined = next({
      state: "blocked",
      cause: "crash-loop",
      reason: "crash-loop: 5 restarts in 60 s",
    });
    const events = derive(running, quarantined);
    expect(events).toMatchObject([{ kind: "crash-loop", reason: "crash-loop: 5 restarts in 60 s" }]);
    expect(events[0]?.id).toBe(crashLoopEvent(quarantined).id);
  });

  it("done: summary, iterations, cost and branch; failed: the reason", () => {
    const done = next({
      state: "done",
      phase: "done",
      costUsd: 3.25,
      lastApplied: applied({ status: "done", summary: "JWT added" }),
    });
    expect(derive(running, done)).toMatchObject([
      { kind: "done", summary: "JWT added", iterations: 4, costUsd: 3.25, branch: "samocode/auth" },
    ]);
    const failed = next({ state: "failed", cause: "provider-failed", reason: "overloaded 3 times" });
    expect(derive(running, failed)).toMatchObject([{ kind: "failed", reason: "overloaded 3 times" }]);
  });

  it("quota and budget pauses, and their ends", () => {
    const quota = next({
      state: "paused",
      cause: "quota",
      reason: "usage limit",
      pausedUntil: "2026-11-21T15:00:00.000Z",
    });
    expect(derive(running, quota)).toMatchObject([
      { kind: "quota-paused", until: "2026-11-21T15:00:00.000Z" },
    ]);
    const resumed = next({ state: "running", iteration: 5, nextAttempt: 6 });
    expect(derive(quota, resumed)).toMatchObject([{ kind: "quota-resumed", session: "26-11-21-auth" }]);
    const budget = next({ state: "paused", cause: "budget", reason: "budget: $5.20 of $5.00 spent" });
    expect(derive(running, budget)).toMatchObject([
      { kind: "budget-paused", reason: "budget: $5.20 of $5.00 spent" },
    ]);
    expect(derive(budget, resumed)).toMatchObject([{ kind: "budget-resumed" }]);
    // Resumed straight into another state: both are reported.
    const doneAfter = next({ state: "done", iteration: 6, nextAttempt: 7 });
    expect(derive(quota, doneAfter).map((e) => e.kind)).toEqual(["quota-resumed", "done"]);
  });

  it("a human's stop is not news to them", () => {
    expect(derive(running, next({ state: "paused", cause: "human", reason: "stopped by human" }))).toEqual(
      [],
    );
  });

  it("a rewrite of the same state (a new epoch, costs, notes) is no event", () => {
    const waiting = next({ state: "waiting", waitingFor: "qa_answers" });
    const rewritten = { ...waiting, epoch: 12, costUsd: 9, pendingNotes: ["x"] };
    expect(derive(waiting, rewritten)).toEqual([]);
    expect(derive(running, running)).toEqual([]);
  });

  it("gives a first observation the same id as the transition, so a restart repeats nothing", () => {
    const waiting = next({ state: "waiting", waitingFor: "qa_answers" });
    expect(derive(null, waiting).map((e) => e.id)).toEqual(derive(running, waiting).map((e) => e.id));
    expect(derive(null, running)).toEqual([]);
  });

  it("a first observation of a state entered long ago reports nothing (it predates this supervisor)", () => {
    const old = new Date(NOW.getTime() - CATCH_UP_MS - 60_000).toISOString();
    expect(derive(null, next({ state: "done", lastActivityAt: old }))).toEqual([]);
    expect(derive(running, next({ state: "done", lastActivityAt: old }))).toHaveLength(1);
  });

  it("entering the same state again later is a new episode with a new id", () => {
    const first = next({ state: "waiting", waitingFor: "plan_approval", phase: "planning" });
    const again = next({
      state: "waiting",
      waitingFor: "plan_approval",
      phase: "planning",
      iteration: 6,
      nextAttempt: 7,
      lastActivityAt: "2026-11-21T10:04:30.000Z",
    });
    const [a] = derive(running, first);
    const [b] = derive(running, again);
    expect(a?.id).not.toBe(b?.id);
  });
});
