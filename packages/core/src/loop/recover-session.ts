// Crash recovery when a loop starts: finish a half-applied iteration, end a provider group left behind,
// and either apply the signal the interrupted attempt wrote or mark the attempt for a re-run.
import { qaAnswered } from "../gates/wait-check.ts";
import { describeEscape, snapshotCheckout } from "../git/checkout-snapshot.ts";
import { judgeSignal } from "../phases/judge-signal.ts";
import { sweepGroup } from "../provider/process-group.ts";
import { type Hook, readHook, writeHook } from "../session/hook-file.ts";
import { readSignal } from "../signals/signal-file.ts";
import { readAttemptGroup, readCheckoutSnapshot } from "./attempt-group.ts";
import { commitIteration, finishIteration } from "./commit-iteration.ts";
import { decideOutcome } from "./iteration-outcome.ts";
import type { LoopContext } from "./loop-context.ts";
import { effectiveIterations } from "./phase-allowance.ts";
import { interrupted } from "./run-iteration.ts";

export type Recovery = { ok: true; hook: Hook } | { ok: false; reason: string };

export async function recoverSession(ctx: LoopContext): Promise<Recovery> {
  const { sessionDir } = ctx;
  const read = await readHook(sessionDir);
  if (!read.ok) return { ok: false, reason: read.message };
  let hook = read.hook;
  await finishIteration(sessionDir, hook, true);
  const attempt = hook.attempt;
  if (attempt === null) return { ok: true, hook };
  // The hook's pgid alone is not trusted: the synchronous record confirms it is still the same group.
  const pgid = readAttemptGroup(sessionDir, attempt.attempt);
  if (pgid !== undefined) await sweepGroup(pgid, ctx.config.runtime.killGraceMs, false);
  const signal = await readSignal(sessionDir);
  if (signal.kind === "missing" || signal.kind === "empty") {
    const escaped = await escapeSince(ctx, hook, attempt.attempt);
    if (escaped !== undefined) {
      const blocked = {
        ...hook,
        attempt: null,
        state: "blocked" as const,
        waitingFor: null,
        blockedReason: escaped,
      };
      return { ok: true, hook: await writeHook(sessionDir, blocked) };
    }
    ctx.logger.warn("attempt interrupted; it will run again", {
      iteration: attempt.iteration,
      attempt: attempt.attempt,
    });
    ctx.report(
      `attempt ${attempt.attempt} of iteration ${attempt.iteration} was interrupted; running it again`,
    );
    return { ok: true, hook: await interrupted(sessionDir, hook) };
  }
  // The agent finished its step before the crash: apply that signal exactly as if the run had ended.
  const gates = { qaAnswered: await qaAnswered(sessionDir), planApproved: hook.planApprovedAt !== null };
  const judgement = judgeSignal(
    {
      phase: attempt.phase,
      phaseIterations: effectiveIterations(hook),
      autoApprove: hook.autoApprove,
      gates,
    },
    signal,
  );
  const outcome = decideOutcome(
    {
      hook,
      attempt,
      run: undefined,
      read: signal,
      judgement,
      escape: await escapeSince(ctx, hook, attempt.attempt),
      gates,
      deliveredIds: [],
      now: ctx.now(),
    },
    ctx.config.runtime,
  );
  hook = await commitIteration(sessionDir, outcome);
  ctx.logger.info("applied the signal of an interrupted attempt", {
    iteration: attempt.iteration,
    attempt: attempt.attempt,
    state: hook.state,
  });
  return { ok: true, hook };
}

/** The escape check of an attempt the crash interrupted, against the snapshot taken before it ran. */
async function escapeSince(ctx: LoopContext, hook: Hook, attempt: number): Promise<string | undefined> {
  const before = readCheckoutSnapshot(ctx.sessionDir, attempt);
  if (before === undefined) return undefined;
  const mainRepo = hook.mainRepo ?? ctx.config.paths.mainRepo;
  const now = await snapshotCheckout(mainRepo, [ctx.config.paths.sessions, ctx.config.paths.worktrees]);
  return describeEscape(mainRepo, before, now);
}
