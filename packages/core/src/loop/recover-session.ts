// Crash recovery when a loop starts: finish a half-applied iteration, end a provider group left behind,
// and either apply the signal the interrupted attempt wrote or mark the attempt for a re-run.
import { describeEscape, snapshotCheckout } from "../git/checkout-snapshot.ts";
import { sweepGroup } from "../provider/process-group.ts";
import { type Hook, readHook, writeHook } from "../session/hook-file.ts";
import { withNote } from "../session/pending-notes.ts";
import { block } from "../session/session-state.ts";
import { readSignal } from "../signals/signal-file.ts";
import { readAttemptGroup, readCheckoutSnapshot } from "./attempt-group.ts";
import { commitIteration, finishIteration } from "./commit-iteration.ts";
import { judgeAttempt } from "./judge-attempt.ts";
import type { LoopContext } from "./loop-context.ts";

export type Recovery = { ok: true; hook: Hook } | { ok: false; reason: string };

export async function recoverSession(ctx: LoopContext): Promise<Recovery> {
  const { sessionDir } = ctx;
  const read = await readHook(sessionDir);
  if (!read.ok) return { ok: false, reason: read.message };
  const hook = read.hook;
  await finishIteration(sessionDir, hook, true);
  const attempt = hook.attempt;
  if (attempt === null) return { ok: true, hook };
  // The hook's pgid alone is not trusted: the synchronous record confirms it is still the same group.
  const pgid = readAttemptGroup(sessionDir, attempt.attempt);
  if (pgid !== undefined) await sweepGroup(pgid, ctx.config.runtime.killGraceMs, false);
  // Blocked mid-iteration (a full disk): the attempt waits for the human's resume (the loop's recoverAttempt).
  if (hook.state !== "running") return { ok: true, hook };
  return { ok: true, hook: await recoverAttempt(ctx, hook) };
}

/** An attempt recorded in flight: apply the signal it wrote, or mark it for a re-run. */
export async function recoverAttempt(ctx: LoopContext, hook: Hook): Promise<Hook> {
  const { sessionDir } = ctx;
  const attempt = hook.attempt;
  if (attempt === null) return hook;
  const signal = await readSignal(sessionDir);
  if (signal.kind === "missing" || signal.kind === "empty") {
    const escaped = await escapeSince(ctx, hook, attempt.attempt);
    if (escaped !== undefined) {
      return writeHook(sessionDir, block({ ...hook, attempt: null }, "escape", escaped));
    }
    ctx.logger.warn("attempt interrupted; it will run again", {
      iteration: attempt.iteration,
      attempt: attempt.attempt,
    });
    ctx.report(
      `attempt ${attempt.attempt} of iteration ${attempt.iteration} was interrupted; running it again`,
    );
    return interrupted(sessionDir, hook);
  }
  // The agent finished its step before the crash: apply that signal exactly as if the run had ended.
  const outcome = await judgeAttempt(ctx, {
    hook,
    attempt,
    run: undefined,
    read: signal,
    deliveredIds: [],
    look: async () => ({ escape: await escapeSince(ctx, hook, attempt.attempt) }),
  });
  const committed = await commitIteration(sessionDir, outcome);
  ctx.logger.info("applied the signal of an interrupted attempt", {
    iteration: attempt.iteration,
    attempt: attempt.attempt,
    state: committed.state,
  });
  return committed;
}

/** A stop request or a crash cut the attempt short: the next start re-runs it, resuming its conversation. */
export async function interrupted(sessionDir: string, hook: Hook): Promise<Hook> {
  const note = `The previous attempt${hook.attempt ? ` (${hook.attempt.attempt})` : ""} was interrupted before it finished; check what it left in the worktree and carry on.`;
  return writeHook(
    sessionDir,
    withNote({ ...hook, attempt: null, resumeConversationId: hook.conversationId }, note),
  );
}

/** The escape check of an attempt the crash interrupted, against the snapshot taken before it ran. */
async function escapeSince(ctx: LoopContext, hook: Hook, attempt: number): Promise<string | undefined> {
  const before = readCheckoutSnapshot(ctx.sessionDir, attempt);
  if (before === undefined) return undefined;
  const mainRepo = hook.mainRepo ?? ctx.config.paths.mainRepo;
  const now = await snapshotCheckout(mainRepo, [ctx.config.paths.sessions, ctx.config.paths.worktrees]);
  return describeEscape(mainRepo, before, now);
}
