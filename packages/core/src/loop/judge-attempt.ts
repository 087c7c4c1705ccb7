// The one judge-and-decide step of an attempt that ended — run to its end by the loop, or found by crash
// recovery with its signal already written: the gates as they stand now, the verdict on the signal, a look
// at the main checkout (and, for a `continue` that stays in its phase, at whether anything changed), and
// the outcome to commit.
import { qaAnswered } from "../gates/wait-check.ts";
import { judgeSignal } from "../phases/judge-signal.ts";
import type { ProviderRunResult } from "../provider/provider-types.ts";
import { readExternalCosts, unfoldedExternalCosts } from "../session/external-cost-file.ts";
import type { Attempt, Hook } from "../session/hook-file.ts";
import type { SignalRead } from "../signals/signal-file.ts";
import { decideOutcome, type IterationOutcome } from "./iteration-outcome.ts";
import type { LoopContext } from "./loop-context.ts";
import { effectiveIterations } from "./phase-allowance.ts";

export type EndedAttempt = {
  hook: Hook;
  attempt: Attempt;
  /** Undefined when a crash hid how the run ended. */
  run: ProviderRunResult | undefined;
  read: SignalRead;
  deliveredIds: string[];
  stalledMs?: number | undefined;
  /** The look after the attempt: an escape from the worktree, and — only when `spinning` is asked —
   * whether the attempt changed any file, commit or note. */
  look: (spinning: boolean) => Promise<{ escape: string | undefined; changed?: boolean | undefined }>;
};

export async function judgeAttempt(ctx: LoopContext, ended: EndedAttempt): Promise<IterationOutcome> {
  const { hook, attempt, read } = ended;
  const gates = { qaAnswered: await qaAnswered(ctx.sessionDir), planApproved: hook.planApprovedAt !== null };
  const judgement = judgeSignal(
    {
      phase: attempt.phase,
      phaseIterations: effectiveIterations(hook),
      autoApprove: hook.autoApprove,
      gates,
    },
    read,
  );
  // Only a continue that stays in its phase can be spinning.
  const spinning =
    ctx.config.runtime.idleContinues > 0 &&
    judgement.verdict === "accepted" &&
    judgement.signal.status === "continue" &&
    judgement.phase === attempt.phase;
  const looked = await ended.look(spinning);
  const outcome = decideOutcome(
    {
      hook,
      attempt,
      run: ended.run,
      read,
      judgement,
      escape: looked.escape,
      gates,
      deliveredIds: ended.deliveredIds,
      now: ctx.now(),
      stalledMs: ended.stalledMs,
      changed: looked.changed,
    },
    ctx.config.runtime,
  );
  return { ...outcome, hook: await withExternalCosts(ctx, outcome.hook) };
}

/**
 * Runs outside the loop (an external review the agent asked for) cost the session too: their rows are
 * added to its totals in the same hook write that commits the iteration, so each is counted once.
 */
async function withExternalCosts(ctx: LoopContext, hook: Hook): Promise<Hook> {
  const costs = await readExternalCosts(ctx.sessionDir);
  for (const line of costs.skipped) ctx.logger.warn("skipped an external cost row", { line });
  const rows = unfoldedExternalCosts(costs, new Set(hook.externalCostIds));
  if (rows.length === 0) return hook;
  const tokens = { ...hook.tokens };
  for (const row of rows) {
    tokens.input += row.tokens.input;
    tokens.output += row.tokens.output;
    tokens.cacheRead += row.tokens.cacheRead;
    tokens.cacheWrite += row.tokens.cacheWrite;
  }
  return {
    ...hook,
    costUsd: hook.costUsd + rows.reduce((sum, row) => sum + (row.costUsd ?? 0), 0),
    tokens,
    externalCostIds: [...hook.externalCostIds, ...rows.map((row) => row.id)],
  };
}
