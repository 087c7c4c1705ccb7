import { describe, expect, it } from "vitest";
import { SummaryBuilder } from "./run-summary.ts";

const exit = (exitCode: number | null, stderrTail = "", signal: string | null = null) => ({
  exitCode,
  signal,
  stderrTail,
});

describe("SummaryBuilder", () => {
  it("keeps the first conversation id, the latest usage and the result's facts", () => {
    const summary = new SummaryBuilder();
    summary.apply({ type: "session", conversationId: "c1" });
    summary.apply({ type: "session", conversationId: "c2" });
    summary.apply({ type: "usage", tokens: { input: 1, output: 2, cacheRead: 3, cacheWrite: 4 } });
    summary.apply({ type: "text", text: "hi" });
    summary.apply({ type: "result", isError: false, text: "done", costUsd: 0.5, turns: 2 });
    expect(summary.finish(exit(0))).toEqual({
      conversationId: "c1",
      tokens: { input: 1, output: 2, cacheRead: 3, cacheWrite: 4 },
      finalText: "done",
      costUsd: 0.5,
      turns: 2,
      isError: false,
      eventCount: 5,
    });
  });

  it("takes a rejected limit's reset time when the final error does not repeat it", () => {
    const summary = new SummaryBuilder();
    summary.apply({ type: "rate-limit", resetAt: "2026-11-21T19:00:00.000Z" });
    summary.apply({
      type: "result",
      isError: true,
      errorKind: "rate_limit",
      errorMessage: "You've hit your limit",
    });
    expect(summary.finish(exit(1))).toMatchObject({
      isError: true,
      errorKind: "rate_limit",
      resetAt: "2026-11-21T19:00:00.000Z",
    });
  });

  it("gives a non-zero exit without a stream error a kind: exit code, telling notice, stderr, else other", () => {
    const gemini = new SummaryBuilder();
    expect(
      gemini.finish({ ...exit(53), errorKindForExit: (code) => (code === 53 ? "max_turns" : undefined) }),
    ).toMatchObject({ isError: false, errorKind: "max_turns" });

    const notice = new SummaryBuilder();
    notice.apply({ type: "error", message: "Reconnecting... 1/5", fatal: false, errorKind: "other" });
    notice.apply({
      type: "error",
      message: "usage limit",
      fatal: false,
      errorKind: "rate_limit",
      resetAt: "x",
    });
    expect(notice.finish(exit(1))).toMatchObject({
      errorKind: "rate_limit",
      errorMessage: "usage limit",
      resetAt: "x",
    });

    const stderr = new SummaryBuilder();
    expect(stderr.finish(exit(1, "starting\nError: 401 Unauthorized\n"))).toMatchObject({
      errorKind: "auth",
      errorMessage: "Error: 401 Unauthorized",
    });
    expect(new SummaryBuilder().finish(exit(3, "boom\n"))).toMatchObject({
      errorKind: "other",
      errorMessage: "boom",
    });
    expect(new SummaryBuilder().finish(exit(null, "", "SIGKILL"))).toMatchObject({ errorKind: "other" });
  });

  it("leaves a clean exit, a timeout and a cancel without an invented error", () => {
    expect(new SummaryBuilder().finish(exit(0, "some warning"))).not.toHaveProperty("errorKind");
    expect(new SummaryBuilder().finish(exit(null))).not.toHaveProperty("errorKind");
  });

  it("clears an earlier turn's error when a later result succeeds", () => {
    const summary = new SummaryBuilder();
    summary.apply({ type: "result", isError: true, errorKind: "overload", errorMessage: "529" });
    summary.apply({ type: "result", isError: false, text: "recovered" });
    expect(summary.finish(exit(0))).toMatchObject({ isError: false, finalText: "recovered" });
    expect(summary.finish(exit(0))).not.toHaveProperty("errorKind");
  });
});
