import { describe, expect, it } from "vitest";
import { makeHook, NOW } from "./fixtures.test-support.ts";
import { summarize } from "./session-summary.ts";

describe("summarize", () => {
  it("derives the row values from the hook", () => {
    expect(summarize(makeHook(), NOW)).toEqual({
      phase: "planning",
      iteration: 3,
      state: "running",
      cause: null,
      reason: null,
      detail: "",
      costUsd: 1.25,
      tokens: 1200,
      idleSeconds: 30,
      branch: "samocode/auth",
    });
  });

  it("says what a session waits for, why it is blocked, failed or paused", () => {
    const detail = (hook: Parameters<typeof makeHook>[0]) => summarize(makeHook(hook), NOW).detail;
    expect(detail({ state: "waiting", waitingFor: "plan_approval" })).toBe("for plan_approval");
    expect(detail({ state: "blocked", cause: "crash-loop", reason: "x" })).toBe("x");
    expect(detail({ state: "failed", cause: "provider-failed", reason: "retries exhausted" })).toBe(
      "retries exhausted",
    );
    expect(
      detail({
        state: "paused",
        cause: "quota",
        reason: "usage limit",
        pausedUntil: "2026-11-21T13:00:00.000Z",
      }),
    ).toBe("until 2026-11-21T13:00:00.000Z");
    expect(detail({ state: "paused", cause: "human", reason: "stopped by human" })).toBe("stopped by human");
  });

  it("never reports a negative idle time (clock skew)", () => {
    expect(summarize(makeHook({ lastActivityAt: "2026-11-21T12:05:00.000Z" }), NOW).idleSeconds).toBe(0);
  });
});
