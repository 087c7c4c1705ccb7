// Crash recovery when a loop starts: finish a half-applied iteration, end a provider group left behind,
// and either apply the signal the interrupted attempt wrote or mark the attempt for a re-run.
import { qaAnswered } from "../gates/wait-check.ts";
import { judgeSignal } from "../phases/judge-signal.ts";
import { sweepGroup } from "../provider/process-group.ts";
import { type Hook, readHook } from "../session/hook-file.ts";
import { readSignal } from "../signals/signal-file.ts";
import { readAttemptGroup } from "./attempt-group.ts";
import { commitIteration, finishIteration } from "./commit-iteration.ts";
import { decideOutcome } from "./iteration-outcome.ts";
import type { LoopContext } from "./loop-context.ts";
import { interrupted } from "./run-iteration.ts";

export type Recovery = { ok: true; hook: Hook } | { ok: false; reason: string };

export async function recoverSession(ctx: LoopContext): Promise<Recovery> {
  const { sessionDir } = ctx;
  const read = await readHook(sessionDir);
  if (!read.ok) return { ok: false, reason: read.message };
  let hook = read.hook;
  await finishIteration(sessionDir, hook);
  const attempt = hook.attempt;
  if (attempt === null) return { ok: true, hook };
  const pgid = attempt.pgid ?? readAttemptGroup(sessionDir, attempt.attempt);
  if (pgid !== undefined) await sweepGroup(pgid, ctx.config.runtime.killGraceMs, false);
  const signal = await readSignal(sessionDir);
  if (signal.kind === "missing" || signal.kind === "empty") {
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
    { phase: attempt.phase, phaseIterations: hook.phaseIterations, autoApprove: hook.autoApprove, gates },
    signal,
  );
  const outcome = decideOutcome(
    {
      hook,
      attempt,
      run: undefined,
      read: signal,
      judgement,
      escape: undefined,
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
