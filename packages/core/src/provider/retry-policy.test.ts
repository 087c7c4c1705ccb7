import { describe, expect, it } from "vitest";
import type { ProviderRunResult, ProviderRunSummary } from "./provider-types.ts";
import { backoffDelay, decideRetry, type RetryOptions } from "./retry-policy.ts";

const summary: ProviderRunSummary = {
  tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  isError: false,
  stderrTail: "",
  durationMs: 10,
  eventCount: 0,
  oversizedLines: 0,
  command: ["claude"],
  logFile: "/tmp/log.jsonl",
  notes: [],
};
const exited = (exitCode: number, extra: Partial<ProviderRunSummary> = {}): ProviderRunResult => ({
  kind: "exited",
  exitCode,
  signal: null,
  ...summary,
  ...extra,
});
const now = new Date("2026-11-21T14:00:00.000Z");
const options: RetryOptions = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  jitter: "full",
  maxRetries: 3,
  random: () => 0.5,
  now: () => now,
};

describe("backoffDelay", () => {
  it("full jitter stays within [0, base × 2^(n-1)] and the cap", () => {
    const low = { ...options, random: () => 0 };
    const high = { ...options, random: () => 0.999_999 };
    for (const retry of [1, 2, 3, 4, 5, 6, 7, 8, 20]) {
      const ceiling = Math.min(60_000, 1_000 * 2 ** (retry - 1));
      expect(backoffDelay(retry, low)).toBe(0);
      expect(backoffDelay(retry, high)).toBeLessThanOrEqual(ceiling);
      expect(backoffDelay(retry, high)).toBeGreaterThan(ceiling * 0.99);
    }
    expect(backoffDelay(3, options)).toBe(2_000);
  });

  it("decorrelated jitter stays within [base, 3 × previous] and the cap", () => {
    const decorrelated = { ...options, jitter: "decorrelated" as const };
    expect(backoffDelay(1, { ...decorrelated, random: () => 0 })).toBe(1_000);
    expect(backoffDelay(1, { ...decorrelated, random: () => 0.999_999 })).toBeLessThanOrEqual(3_000);
    expect(backoffDelay(2, { ...decorrelated, random: () => 0.999_999 }, 10_000)).toBeGreaterThan(29_000);
    expect(backoffDelay(2, { ...decorrelated, random: () => 0.999_999 }, 50_000)).toBeLessThanOrEqual(60_000);
  });
});

describe("decideRetry", () => {
  it("retries a failed exit or a timeout with backoff until the retries are used up", () => {
    expect(decideRetry(exited(1, { errorKind: "overload" }), 1, options)).toEqual({
      action: "retry",
      delayMs: 500,
      reason: "overload (exit code 1)",
    });
    expect(decideRetry({ kind: "timed-out", ...summary }, 3, options)).toMatchObject({ action: "retry" });
    expect(decideRetry({ kind: "timed-out", ...summary }, 4, options)).toEqual({
      action: "give-up",
      reason: "the attempt timed out; 3 retries used up",
    });
  });

  it("pauses until a usage limit resets instead of burning retries, even when they are used up", () => {
    const limited = exited(1, { errorKind: "rate_limit", resetAt: "2026-11-21T19:00:00.000Z" });
    expect(decideRetry(limited, 99, options)).toEqual({
      action: "pause",
      until: "2026-11-21T19:00:00.000Z",
      reason: "usage limit until 2026-11-21T19:00:00.000Z",
    });
  });

  it("clamps an implausibly far reset and retries a limit without (or with a past) reset time", () => {
    const far = exited(1, { errorKind: "rate_limit", resetAt: "2027-06-01T00:00:00.000Z" });
    expect(decideRetry(far, 1, options)).toMatchObject({
      action: "pause",
      until: "2026-11-28T14:00:00.000Z",
    });
    expect(decideRetry(exited(1, { errorKind: "rate_limit" }), 1, options)).toMatchObject({
      action: "retry",
    });
    const past = exited(1, { errorKind: "rate_limit", resetAt: "2026-11-21T13:00:00.000Z" });
    expect(decideRetry(past, 1, options)).toMatchObject({ action: "retry" });
  });

  it("gives up on auth errors, spawn failures and cancels", () => {
    expect(
      decideRetry(exited(1, { errorKind: "auth", errorMessage: "Invalid API key" }), 1, options),
    ).toEqual({
      action: "give-up",
      reason: "authentication failed: Invalid API key",
    });
    const failed: ProviderRunResult = { kind: "failed", reason: "could not start claude", ...summary };
    expect(decideRetry(failed, 1, options)).toEqual({ action: "give-up", reason: "could not start claude" });
    expect(decideRetry({ kind: "cancelled", ...summary }, 1, options)).toMatchObject({ action: "give-up" });
  });

  it("names a death by signal", () => {
    const killed: ProviderRunResult = {
      kind: "exited",
      exitCode: null,
      signal: "SIGKILL",
      ...summary,
      errorKind: "other",
    };
    expect(decideRetry(killed, 1, options)).toMatchObject({ reason: "other (signal SIGKILL)" });
  });

  // Issue 13: a scripted provider with a missing script failed as "other (exit code 2); 3 retries used
  // up", its own words ("cannot read script …") nowhere.
  it("ends every reason with the last lines of stderr", () => {
    const stderrTail =
      "scripted provider: cannot read script /p/missing.json\n  ENOENT: no such file or directory\n";
    const said = "scripted provider: cannot read script /p/missing.json / ENOENT: no such file or directory";
    const failing = exited(2, {
      errorKind: "other",
      errorMessage: "  ENOENT: no such file or directory",
      stderrTail,
    });
    expect(decideRetry(failing, 1, options)).toEqual({
      action: "retry",
      delayMs: 500,
      reason: `other (exit code 2) — stderr: ${said}`,
    });
    expect(decideRetry(failing, 4, options)).toEqual({
      action: "give-up",
      reason: `other (exit code 2); 3 retries used up — stderr: ${said}`,
    });
    const withTail = { ...summary, stderrTail };
    const cases: [ProviderRunResult, string][] = [
      [{ kind: "timed-out", ...withTail }, "the attempt timed out; 3 retries used up"],
      [{ kind: "cancelled", ...withTail }, "the attempt was cancelled"],
      [{ kind: "failed", reason: "could not start claude", ...withTail }, "could not start claude"],
      [
        exited(1, { errorKind: "rate_limit", resetAt: "2026-11-21T19:00:00.000Z", stderrTail }),
        "usage limit until 2026-11-21T19:00:00.000Z",
      ],
      [
        exited(1, { errorKind: "auth", errorMessage: "Invalid API key", stderrTail }),
        "authentication failed: Invalid API key",
      ],
    ];
    for (const [result, reason] of cases) {
      expect(decideRetry(result, 4, options).reason).toBe(`${reason} — stderr: ${said}`);
    }
  });

  it("names the provider's own stream error, and repeats nothing stderr already says", () => {
    const streamError = exited(1, {
      errorKind: "overload",
      errorMessage: 'API Error: 529\n{"type":"overloaded_error"}',
    });
    expect(decideRetry(streamError, 1, options).reason).toBe(
      'overload (exit code 1): API Error: 529 {"type":"overloaded_error"}',
    );
    const auth = exited(1, {
      errorKind: "auth",
      errorMessage: "Invalid API key",
      stderrTail: "Invalid API key\n",
    });
    expect(decideRetry(auth, 1, options).reason).toBe("authentication failed: Invalid API key");
  });

  it("keeps a reason bounded and free of credentials whatever stderr holds", () => {
    const stderrTail = `${"noise ".repeat(500)}\nfatal: key sk-ant-api03-${"z".repeat(40)} rejected\n`;
    const reason = decideRetry(exited(1, { errorKind: "other", stderrTail }), 4, options).reason;
    expect(reason).not.toContain("sk-ant-api03");
    expect(reason).toContain("fatal: key [redacted] rejected");
    expect(reason.length).toBeLessThan(400);
    expect(reason).not.toMatch(/\n/);
  });
});
