// What a human's decision does to a session's hook: pure, so the CLI can preview and the loop applies.
import type { Hook } from "../session/hook-file.ts";
import { withNote } from "../session/pending-notes.ts";
import { describeState, wake } from "../session/session-state.ts";
import type { Decision } from "./decision-file.ts";

export type DecisionEffect = { ok: true; hook: Hook; summary: string } | { ok: false; reason: string };

export function applyDecision(hook: Hook, decision: Decision, now: Date): DecisionEffect {
  switch (decision.action) {
    case "approve":
      return approve(hook, decision, now);
    case "reject":
      return reject(hook, decision);
    case "resume":
      return resume(hook, decision);
  }
}

/** Why a decision cannot apply to this hook, for the CLI to refuse before writing anything. */
export function decisionRefusal(
  hook: Hook,
  action: Decision["action"],
  extra: Pick<Decision, "budgetUsd" | "budgetTokens"> = {},
): string | undefined {
  const effect = applyDecision(hook, { action, from: "check", at: "", ...extra }, new Date(0));
  return effect.ok ? undefined : effect.reason;
}

/** Why the session may not start another iteration on its own budget, or undefined. */
export function budgetSpent(hook: Hook): string | undefined {
  if (hook.budgetUsd !== null && hook.costUsd >= hook.budgetUsd) {
    return `budget reached: $${hook.costUsd.toFixed(2)} of $${hook.budgetUsd.toFixed(2)} spent; raise it with samocode resume ${hook.session} --budget-usd N`;
  }
  const tokens = hook.tokens.input + hook.tokens.output + hook.tokens.cacheRead + hook.tokens.cacheWrite;
  if (hook.budgetTokens !== null && tokens >= hook.budgetTokens) {
    return `budget reached: ${tokens} of ${hook.budgetTokens} tokens used; raise it with samocode resume ${hook.session} --budget-tokens N`;
  }
  return undefined;
}

function approve(hook: Hook, decision: Decision, now: Date): DecisionEffect {
  if (!(hook.state === "waiting" && hook.waitingFor === "plan_approval")) {
    return { ok: false, reason: `${hook.session} is not waiting for plan approval (${describeState(hook)})` };
  }
  const feedback = decision.feedback ? ` Notes from ${decision.from}: ${decision.feedback}` : "";
  return {
    ok: true,
    summary: `plan approved by ${decision.from}`,
    hook: withNote(
      { ...wake(hook), phase: "implementation", planApprovedAt: now.toISOString() },
      `The plan was approved by ${decision.from}; implement it.${feedback}`,
    ),
  };
}

function reject(hook: Hook, decision: Decision): DecisionEffect {
  if (!(hook.state === "waiting" && hook.waitingFor === "plan_approval")) {
    return { ok: false, reason: `${hook.session} is not waiting for plan approval (${describeState(hook)})` };
  }
  const feedback = decision.feedback?.trim() ? decision.feedback.trim() : "(no feedback given)";
  return {
    ok: true,
    summary: `plan rejected by ${decision.from}`,
    hook: withNote(
      wake(hook),
      `The plan was rejected by ${decision.from}. Revise it to address this feedback, then ask for approval again: ${feedback}`,
    ),
  };
}

function resume(hook: Hook, decision: Decision): DecisionEffect {
  if (hook.state === "running" || hook.state === "done") {
    return { ok: false, reason: `${hook.session} is ${hook.state}; there is nothing to resume` };
  }
  const budgets = {
    budgetUsd: decision.budgetUsd ?? hook.budgetUsd,
    budgetTokens: decision.budgetTokens ?? hook.budgetTokens,
  };
  const stillSpent = budgetSpent({ ...hook, ...budgets });
  if (stillSpent !== undefined) return { ok: false, reason: `${hook.session}: ${stillSpent}` };
  const was = describeState(hook);
  const feedback = decision.feedback ? ` They said: ${decision.feedback}` : "";
  return {
    ok: true,
    summary: `resumed by ${decision.from} (was ${was})`,
    hook: withNote(
      { ...wake(hook), ...budgets, noSignalCount: 0, failedAttempts: 0 },
      `${decision.from} resumed the session, which was ${was}.${feedback}`,
    ),
  };
}
