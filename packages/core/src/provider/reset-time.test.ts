import { describe, expect, it } from "vitest";
import { classifyError } from "./error-kind.ts";
import { parseResetTime } from "./reset-time.ts";

const now = new Date("2026-11-21T14:00:00.000Z");
const iso = (message: string, at = now) => parseResetTime(message, at)?.toISOString();

describe("parseResetTime", () => {
  it("reads claude's `|<unix seconds>` suffix (and milliseconds)", () => {
    expect(iso("Claude AI usage limit reached|1767225600")).toBe("2026-01-01T00:00:00.000Z");
    expect(iso("Claude AI usage limit reached|1767225600000")).toBe("2026-01-01T00:00:00.000Z");
  });

  it("reads relative waits in words, compact units and compounds", () => {
    expect(iso("You've hit your usage limit. Try again in 90 seconds.")).toBe("2026-11-21T14:01:30.000Z");
    expect(iso("try again in 5 minutes")).toBe("2026-11-21T14:05:00.000Z");
    expect(iso("Try again in 2 hours 5 minutes.")).toBe("2026-11-21T16:05:00.000Z");
    expect(iso("Try again in 1 day, 2 hours and 30 minutes")).toBe("2026-11-22T16:30:00.000Z");
    expect(iso("Rate limit reached. Please try again in 1m30s.")).toBe("2026-11-21T14:01:30.000Z");
    expect(iso("Please try again in 1.5s")).toBe("2026-11-21T14:00:01.500Z");
    expect(iso("Please try again in 250ms")).toBe("2026-11-21T14:00:00.250Z");
    expect(
      iso("You have exhausted your capacity on this model. Your quota will reset after 18h52m29s."),
    ).toBe("2026-11-22T08:52:29.000Z");
  });

  it("reads ISO timestamps", () => {
    expect(iso("limit resets at 2026-11-22T03:00:00Z")).toBe("2026-11-22T03:00:00.000Z");
  });

  it("reads claude's `resets <time> (<zone>)`, rolling a passed time over to the next day", () => {
    expect(iso("You've hit your limit · resets 3pm (UTC)")).toBe("2026-11-21T15:00:00.000Z");
    expect(iso("5-hour limit reached ∙ resets 11:30am (UTC)")).toBe("2026-11-22T11:30:00.000Z");
    // 14:00 UTC is 15:00 in Berlin (CET), so 4pm Berlin is 15:00 UTC today.
    expect(iso("You've hit your session limit · resets 4pm (Europe/Berlin)")).toBe(
      "2026-11-21T15:00:00.000Z",
    );
    expect(iso("Your limit will reset at 8am (America/New_York)")).toBe("2026-11-22T13:00:00.000Z");
  });

  it("reads codex's `try again at <time>` and `at <date> <time>` in the local zone", () => {
    const local = new Date(now);
    local.setHours(23, 15, 0, 0);
    if (local.getTime() < now.getTime()) local.setDate(local.getDate() + 1);
    expect(iso("You've hit your usage limit. Try again at 11:15 PM.")).toBe(local.toISOString());
    expect(iso("or try again at Nov 22nd, 2026 3:15 PM.")).toBe(new Date(2026, 10, 22, 15, 15).toISOString());
  });

  it("finds nothing in messages without a time", () => {
    expect(parseResetTime("You've hit your usage limit. Try again later.", now)).toBeUndefined();
    expect(parseResetTime("resets every 5 hours", now)).toBeUndefined();
    expect(parseResetTime("stream error: 529 Overloaded", now)).toBeUndefined();
  });
});

describe("classifyError", () => {
  it("sorts the providers' messages into kinds", () => {
    expect(classifyError("Claude AI usage limit reached|1767225600", undefined, now)).toEqual({
      kind: "rate_limit",
      resetAt: "2026-01-01T00:00:00.000Z",
    });
    expect(classifyError("You've hit your usage limit. Try again later.").kind).toBe("rate_limit");
    expect(classifyError("429 Too Many Requests").kind).toBe("rate_limit");
    expect(classifyError("API Error: 529 overloaded_error").kind).toBe("overload");
    expect(classifyError("stream error: 529 Overloaded").kind).toBe("overload");
    expect(classifyError("Invalid API key · Please run /login").kind).toBe("auth");
    expect(classifyError("401 Unauthorized").kind).toBe("auth");
    expect(classifyError("Reached maximum number of turns").kind).toBe("max_turns");
    expect(classifyError("Reached max session turns for this session.").kind).toBe("max_turns");
    expect(classifyError("You have exhausted your capacity on this model.").kind).toBe("rate_limit");
    expect(classifyError("[API Error: API key not valid. Please pass a valid API key.]").kind).toBe("auth");
    expect(classifyError("stream error: 500 Internal Server Error").kind).toBe("other");
  });

  it("lets an HTTP status decide over the wording", () => {
    expect(classifyError("API Error", 429).kind).toBe("rate_limit");
    expect(classifyError("API Error", 401).kind).toBe("auth");
    expect(classifyError("API Error", 529).kind).toBe("overload");
  });
});

describe("classifyError on the real CLIs' words (tests/fixtures/provider-streams)", () => {
  it("reads codex's capacity and high-demand messages as overload", () => {
    expect(classifyError("Selected model is at capacity. Please try a different model.").kind).toBe(
      "overload",
    );
    expect(
      classifyError("We’re currently experiencing high demand, which may cause temporary errors.").kind,
    ).toBe("overload");
  });
});
