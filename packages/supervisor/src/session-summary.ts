// The at-a-glance facts of a session, derived from its hook each time: for `samocode status` and pm2 metrics.
import type { Hook, Tokens } from "@samocode/core";

export type SessionSummary = {
  phase: Hook["phase"];
  iteration: number;
  state: Hook["state"];
  /** Why it is paused, blocked or failed (a closed set); null otherwise. */
  cause: Hook["cause"];
  /** The sentence for a person behind the cause, or the agent's reason for a wait. */
  reason: string | null;
  /** What it waits for, why it is blocked or failed, or until when it is paused; "" when running or done. */
  detail: string;
  costUsd: number;
  /** Input plus output tokens; cache reads are left out (they dwarf the rest and cost little). */
  tokens: number;
  /** Seconds since the session's last recorded activity. */
  idleSeconds: number;
  branch: string | null;
};

export function summarize(hook: Hook, now: Date): SessionSummary {
  return {
    phase: hook.phase,
    iteration: hook.iteration,
    state: hook.state,
    cause: hook.cause,
    reason: hook.reason,
    detail: detailOf(hook),
    costUsd: hook.costUsd,
    tokens: tokenTotal(hook.tokens),
    idleSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(hook.lastActivityAt)) / 1000)),
    branch: hook.branch,
  };
}

export function tokenTotal(tokens: Tokens): number {
  return tokens.input + tokens.output;
}

function detailOf(hook: Hook): string {
  switch (hook.state) {
    case "waiting":
      return `for ${hook.waitingFor ?? "something"}`;
    case "blocked":
    case "failed":
      return hook.reason ?? "";
    case "paused":
      if (hook.pausedUntil !== null) return `until ${hook.pausedUntil}`;
      return hook.reason ?? "";
    default:
      return "";
  }
}
