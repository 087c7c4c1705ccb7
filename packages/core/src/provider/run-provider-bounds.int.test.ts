import { stat } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runProvider } from "./run-provider.ts";
import { groupGone, readText, scriptedAttempt } from "./test-fixtures/scripted-attempt.ts";

// Upper bounds are safety nets for noisy machines; what they guard is "does not wait for the holder".
const SLACK_MS = 5_000;

describe("runProvider bounds: time", () => {
  it("times out after a partial line without a newline, ending the whole group", async () => {
    const attempt = await scriptedAttempt(["init", { partial: '{"type":"assistant","mess' }, "hang"], {
      timeoutMs: 1_500,
      killGraceMs: 1_000,
    });
    const result = await runProvider(attempt.request);
    expect(result.kind).toBe("timed-out");
    expect(result.durationMs).toBeGreaterThanOrEqual(1_500);
    expect(result.durationMs).toBeLessThan(1_500 + 1_000 + SLACK_MS);
    expect(result.conversationId).toBeDefined();
    // The cut line is still reported and logged, not silently lost.
    expect(attempt.events.at(-1)).toEqual({ type: "noise", text: '{"type":"assistant","mess' });
    expect(await readText(result.logFile)).toMatch(/"mess$/);
    expect(await groupGone(result.pgid)).toBe(true);
  });

  it("times out although a grandchild holds stdout/stderr open, and leaves no process of the group", async () => {
    const attempt = await scriptedAttempt(["init", { grandchild: { seconds: 120 } }, "hang"], {
      timeoutMs: 1_000,
      killGraceMs: 1_000,
    });
    const started = Date.now();
    const result = await runProvider(attempt.request);
    expect(result.kind).toBe("timed-out");
    expect(Date.now() - started).toBeLessThan(1_000 + 1_000 + SLACK_MS);
    expect(await groupGone(result.pgid)).toBe(true);
  });

  it("after a normal exit, kills a stray grandchild still holding the pipes instead of waiting for it", async () => {
    const attempt = await scriptedAttempt(
      ["init", { grandchild: { seconds: 120 } }, { result: { text: "ok" } }],
      {
        killGraceMs: 1_000,
      },
    );
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({ kind: "exited", exitCode: 0, finalText: "ok" });
    expect(result.durationMs).toBeLessThan(1_000 + SLACK_MS);
    expect(await groupGone(result.pgid)).toBe(true);
  });

  it("escalates to SIGKILL after the grace when SIGTERM is ignored", async () => {
    const attempt = await scriptedAttempt(["init", "ignore-sigterm", "hang"], {
      timeoutMs: 1_000,
      killGraceMs: 1_500,
    });
    const result = await runProvider(attempt.request);
    expect(result.kind).toBe("timed-out");
    // Still running after SIGTERM: only the SIGKILL at timeout + grace ended it.
    expect(result.durationMs).toBeGreaterThanOrEqual(1_000 + 1_500);
    expect(result.durationMs).toBeLessThan(1_000 + 1_500 + SLACK_MS);
    expect(await groupGone(result.pgid)).toBe(true);
  });

  it("cancels through the AbortSignal and ends the group", async () => {
    const controller = new AbortController();
    const attempt = await scriptedAttempt(
      [{ init: { id: "c-cancel" } }, { grandchild: { seconds: 120 } }, "hang"],
      {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === "session") controller.abort();
        },
      },
    );
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({ kind: "cancelled", conversationId: "c-cancel" });
    expect(await groupGone(result.pgid)).toBe(true);
  });

  it("does not start at all when already cancelled", async () => {
    const attempt = await scriptedAttempt(["init", { result: { text: "never" } }]);
    const result = await runProvider({ ...attempt.request, signal: AbortSignal.abort() });
    expect(result.kind).toBe("cancelled");
    expect(result.pid).toBeUndefined();
    expect(await attempt.records().catch(() => [])).toEqual([]);
  });
});

describe("runProvider bounds: memory", () => {
  it("streams 50 MB of output to the log without memory growing with it", async () => {
    const bytes = 50 * 1024 * 1024;
    let events = 0;
    let peak = 0;
    const attempt = await scriptedAttempt(["init", { flood: { bytes } }, { result: { text: "flooded" } }], {
      onEvent: () => {
        events += 1;
        if (events % 500 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({ kind: "exited", exitCode: 0, finalText: "flooded", oversizedLines: 0 });
    expect(events).toBeGreaterThan(1_000);
    expect((await stat(result.logFile)).size).toBeGreaterThanOrEqual(bytes);
    expect(peak - before).toBeLessThan(25 * 1024 * 1024);
  });

  it("skips and counts lines over the line cap, still reading the lines after them", async () => {
    const attempt = await scriptedAttempt(
      ["init", { flood: { bytes: 200_000 } }, { result: { text: "after" } }],
      {
        maxLineBytes: 1_000,
      },
    );
    const result = await runProvider(attempt.request);
    expect(result.oversizedLines).toBeGreaterThan(0);
    expect(result).toMatchObject({ kind: "exited", finalText: "after" });
  });
});
