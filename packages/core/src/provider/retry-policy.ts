// What to do after a failed attempt: retry after a jittered backoff, pause until a usage limit resets, or give up.
import { messageExcerpt, stderrExcerpt } from "./error-excerpt.ts";
import type { ProviderRunResult, ProviderRunSummary } from "./provider-types.ts";

export const BACKOFF_JITTERS = ["full", "decorrelated"] as const;
/** full: uniform in [0, capped exponential]; decorrelated: uniform in [base, 3 × previous delay], capped. */
export type BackoffJitter = (typeof BACKOFF_JITTERS)[number];

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: BackoffJitter;
  /** In [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
}

/** Delay before retry number `retry` (1 for the first retry). */
export function backoffDelay(retry: number, options: BackoffOptions, previousDelayMs?: number): number {
  const random = options.random ?? Math.random;
  const base = Math.max(0, options.baseDelayMs);
  const cap = Math.max(base, options.maxDelayMs);
  if (options.jitter === "decorrelated") {
    const upper = Math.min(cap, Math.max(base, (previousDelayMs ?? base) * 3));
    return Math.round(base + random() * (upper - base));
  }
  const exponential = Math.min(cap, base * 2 ** Math.max(0, retry - 1));
  return Math.round(random() * exponential);
}

export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (SAMOCODE_MAX_RETRIES). */
  maxRetries: number;
  previousDelayMs?: number;
  now?: () => Date;
  /** A reset time further away than this is distrusted and clamped (default 7 days). */
  maxPauseMs?: number;
}

export type RetryDecision =
  | { action: "retry"; delayMs: number; reason: string }
  /** Does not use up a retry: the loop sleeps until `until`, then tries again. */
  | { action: "pause"; until: string; reason: string }
  | { action: "give-up"; reason: string };

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * Pure: decides from an attempt the loop has already judged failed (no valid signal). `attempt` is the
 * 1-based number of that attempt. Auth errors, spawn failures and cancels are not retried.
 */
export function decideRetry(
  result: ProviderRunResult,
  attempt: number,
  options: RetryOptions,
): RetryDecision {
  const decision = decide(result, attempt, options);
  return { ...decision, reason: withStderr(decision.reason, result) };
}

function decide(result: ProviderRunResult, attempt: number, options: RetryOptions): RetryDecision {
  const now = (options.now ?? (() => new Date()))();
  if (result.kind === "cancelled") return { action: "give-up", reason: "the attempt was cancelled" };
  if (result.kind === "failed") return { action: "give-up", reason: result.reason };
  if (result.errorKind === "auth") {
    return {
      action: "give-up",
      reason: `authentication failed: ${messageExcerpt(result.errorMessage) ?? "check credentials"}`,
    };
  }
  if (result.errorKind === "rate_limit" && result.resetAt !== undefined) {
    const resetAt = Date.parse(result.resetAt);
    if (resetAt > now.getTime()) {
      const until = new Date(Math.min(resetAt, now.getTime() + (options.maxPauseMs ?? WEEK_MS)));
      return { action: "pause", until: until.toISOString(), reason: `usage limit until ${result.resetAt}` };
    }
  }
  const why = describe(result);
  if (attempt > options.maxRetries) {
    const retries = `${options.maxRetries} ${options.maxRetries === 1 ? "retry" : "retries"}`;
    return { action: "give-up", reason: `${why}; ${retries} used up` };
  }
  const delayMs = backoffDelay(attempt, options, options.previousDelayMs);
  return { action: "retry", delayMs, reason: why };
}

/** The error kind and exit, then the provider's own message from its stream when it gave one. */
function describe(result: Exclude<ProviderRunResult, { kind: "failed" } | { kind: "cancelled" }>): string {
  if (result.kind === "timed-out") return "the attempt timed out";
  const exit = result.exitCode === null ? `signal ${result.signal}` : `exit code ${result.exitCode}`;
  const head = result.errorKind === undefined ? exit : `${result.errorKind} (${exit})`;
  const message = messageExcerpt(result.errorMessage);
  // Without a stream error the summary takes its message from stderr, whose excerpt follows anyway.
  if (message === undefined || result.stderrTail.includes(result.errorMessage ?? "")) return head;
  return `${head}: ${message}`;
}

/** Every reason ends with the last lines the provider wrote to stderr: often the only word on what failed. */
function withStderr(reason: string, result: ProviderRunSummary): string {
  const stderr = stderrExcerpt(result.stderrTail);
  if (stderr === undefined || reason.includes(stderr)) return reason;
  return `${reason} — stderr: ${stderr}`;
}
