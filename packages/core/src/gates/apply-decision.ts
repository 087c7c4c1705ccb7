// What a human's decision does to a session's hook: pure, so the CLI can preview and the loop applies.
import type { Hook } from "../session/hook-file.ts";
import { withNote } from "../session/pending-notes.ts";
import { describeState, enter, waitingState, wake } from "../session/session-state.ts";
import type { Decision } from "./decision-file.ts";

/** `gate`: a resume that left the session waiting at the gate it stands at (no iteration is spent). */
export type DecisionEffect =
  | { ok: true; hook: Hook; summary: string; gate?: GateWait }
  | { ok: false; reason: string };

/** The human gates: a resume there returns to the gate instead of running the phase again. */
export type GateWait = "qa_answers" | "plan_approval";

/** What the files say beside the hook (gates/wait-check.ts `decisionFacts`); the defaults assume nothing. */
export type DecisionFacts = {
  /** Questions of `_qa.md` still without an answer. */
  openQuestions?: number;
  /** How a reason names samocode (config/hint-command.ts); default `samocode`. */
  command?: string;
};

export function applyDecision(
  hook: Hook,
  decision: Decision,
  now: Date,
  facts: DecisionFacts = {},
): DecisionEffect {
  switch (decision.action) {
    case "approve":
      return approve(hook, decision, now);
    case "reject":
      return reject(hook, decision);
    case "resume":
      return resume(hook, decision, facts);
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
export function budgetSpent(hook: Hook, command = "samocode"): string | undefined {
  if (hook.budgetUsd !== null && hook.costUsd >= hook.budgetUsd) {
    return `budget reached: $${hook.costUsd.toFixed(2)} of $${hook.budgetUsd.toFixed(2)} spent; raise it with ${command} resume ${hook.session} --budget-usd N`;
  }
  const tokens = hook.tokens.input + hook.tokens.output + hook.tokens.cacheRead + hook.tokens.cacheWrite;
  if (hook.budgetTokens !== null && tokens >= hook.budgetTokens) {
    return `budget reached: ${tokens} of ${hook.budgetTokens} tokens used; raise it with ${command} resume ${hook.session} --budget-tokens N`;
  }
  return undefined;
}

/**
 * The gate a waiting session stands at: the plan gate, or the Q&A gate while a question is open. A
 * session a human stopped there still stands at it (its hook keeps `waitingFor` while paused).
 */
export function gateOf(hook: Hook, facts: DecisionFacts): GateWait | undefined {
  const stoppedThere = hook.state === "paused" && hook.cause === "human";
  if (hook.state !== "waiting" && !stoppedThere) return undefined;
  if (hook.waitingFor === "plan_approval") return "plan_approval";
  if (hook.waitingFor === "qa_answers" && (facts.openQuestions ?? 0) > 0) return "qa_answers";
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

/**
 * Wakes a blocked, paused or waiting session. At a human gate it stays waiting there: running the phase
 * again would spend a paid iteration to ask the same (issue 14); budgets and a message still apply.
 */
function resume(hook: Hook, decision: Decision, facts: DecisionFacts): DecisionEffect {
  if (hook.state === "running" || hook.state === "done") {
    return { ok: false, reason: `${hook.session} is ${hook.state}; there is nothing to resume` };
  }
  const budgets = {
    budgetUsd: decision.budgetUsd ?? hook.budgetUsd,
    budgetTokens: decision.budgetTokens ?? hook.budgetTokens,
  };
  const stillSpent = budgetSpent({ ...hook, ...budgets }, facts.command);
  if (stillSpent !== undefined) return { ok: false, reason: `${hook.session}: ${stillSpent}` };
  const was = describeState(hook);
  const feedback = decision.feedback ? ` They said: ${decision.feedback}` : "";
  const gate = gateOf(hook, facts);
  if (gate !== undefined) {
    const atGate = hook.state === "waiting" ? hook : enter(hook, waitingState(gate, null));
    const kept = { ...atGate, ...budgets, noSignalCount: 0, failedAttempts: 0 };
    return {
      ok: true,
      gate,
      summary: `resumed by ${decision.from} at the ${gate} gate; it waits there`,
      hook:
        feedback === ""
          ? kept
          : withNote(kept, `${decision.from} wrote while you waited for ${gate}:${feedback}`),
    };
  }
  return {
    ok: true,
    summary: `resumed by ${decision.from} (was ${was})`,
    hook: withNote(
      { ...wake(hook), ...budgets, noSignalCount: 0, failedAttempts: 0 },
      `${decision.from} resumed the session, which was ${was}.${feedback}`,
    ),
  };
}
