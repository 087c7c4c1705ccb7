// Holds a waiting or paused session until it may run again: a decision, answered questions, settled
// workers, a message, or the end of a pause. Idle while it waits: file events, no busy polling.
import { projectCommand } from "../config/hint-command.ts";
import { endOfLocalDay, FLEET_SUPERVISOR, readFleetBudget } from "../fleet/fleet-budget.ts";
import { applyDecision } from "../gates/apply-decision.ts";
import { claimDecision } from "../gates/decision-file.ts";
import { checkWait, openQuestionCount } from "../gates/wait-check.ts";
import { type Hook, writeHook } from "../session/hook-file.ts";
import { withNote } from "../session/pending-notes.ts";
import { describeState, wake } from "../session/session-state.ts";
import type { LoopContext } from "./loop-context.ts";
import { grantIfSpent } from "./phase-allowance.ts";
import { watchSession } from "./session-watcher.ts";

const SAFETY_TICK_MS = 30_000;

export type WaitResult =
  | { kind: "runnable"; hook: Hook }
  | { kind: "settled"; hook: Hook }
  | { kind: "stopped"; hook: Hook };

/** Applies a pending human decision, if any; an unusable one is set aside with a log line. */
export async function takeDecision(ctx: LoopContext, hook: Hook): Promise<Hook> {
  const { read } = await claimDecision(ctx.sessionDir);
  if (read.kind === "none") return hook;
  if (read.kind === "invalid") {
    ctx.logger.warn("ignored an unreadable decision", { reason: read.reason });
    return hook;
  }
  const effect = applyDecision(hook, read.decision, ctx.now(), {
    openQuestions: await openQuestionCount(ctx.sessionDir, hook),
    command: projectCommand(ctx.config),
  });
  if (!effect.ok) {
    ctx.logger.warn("ignored a decision", { action: read.decision.action, reason: effect.reason });
    return hook;
  }
  const waived = await fleetWaiver(ctx, hook, read.decision.from);
  const next = waived === undefined ? effect.hook : { ...effect.hook, fleetBudgetWaivedUntil: waived };
  const written = await writeHook(ctx.sessionDir, grantIfSpent(next));
  ctx.logger.info("decision applied", { action: read.decision.action, from: read.decision.from });
  ctx.report(effect.summary);
  return written;
}

/**
 * A human resuming a session the fleet cap paused lets it past the cap until the end of the supervisor's
 * day; the supervisor's own resume (the cap lifted) waives nothing.
 */
async function fleetWaiver(ctx: LoopContext, hook: Hook, from: string): Promise<string | undefined> {
  if (!(hook.state === "paused" && hook.cause === "fleet-budget") || from === FLEET_SUPERVISOR)
    return undefined;
  const verdict = await readFleetBudget(ctx.config.user.state);
  return verdict?.until ?? endOfLocalDay(ctx.now()).toISOString();
}

/** One look: may the session run now? Writes the running hook when it may. */
export async function wakeIfReady(ctx: LoopContext, start: Hook): Promise<Hook> {
  const hook = await takeDecision(ctx, start);
  if (
    hook.state === "paused" &&
    hook.cause === "quota" &&
    hook.pausedUntil !== null &&
    Date.parse(hook.pausedUntil) <= ctx.now().getTime()
  ) {
    const note = `The session was paused until ${hook.pausedUntil} (a usage limit) and has resumed.`;
    return writeHook(ctx.sessionDir, withNote(wake(hook), note));
  }
  if (hook.state !== "waiting") return hook;
  const check = await checkWait(ctx.sessionDir, hook);
  if (!check.ready) return hook;
  ctx.report(`resuming: ${check.note}`);
  return writeHook(ctx.sessionDir, grantIfSpent(withNote(wake(hook), check.note)));
}

export async function waitUntilRunnable(ctx: LoopContext, start: Hook): Promise<WaitResult> {
  let hook = await wakeIfReady(ctx, start);
  if (hook.state === "running") return { kind: "runnable", hook };
  if (ctx.noWait || !isIdleState(hook)) return { kind: "settled", hook };
  ctx.report(`${hook.session} is ${describeState(hook)}; waiting`);
  const watcher = await watchSession(ctx.sessionDir, (error) =>
    ctx.logger.warn("file watching failed; checking on a slow tick instead", { error: String(error) }),
  );
  try {
    // The watcher is ready before this look, so nothing that happens from here on is missed.
    for (;;) {
      hook = await wakeIfReady(ctx, hook);
      if (hook.state === "running") return { kind: "runnable", hook };
      if (!isIdleState(hook)) return { kind: "settled", hook };
      const untilPause = hook.pausedUntil
        ? Math.max(0, Date.parse(hook.pausedUntil) - ctx.now().getTime())
        : SAFETY_TICK_MS;
      const woke = await watcher.next(Math.min(SAFETY_TICK_MS, untilPause + 10), stopSignal(ctx));
      if (woke === "aborted") return { kind: "stopped", hook };
    }
  } finally {
    await watcher.close();
  }
}

function isIdleState(hook: Hook): boolean {
  return hook.state === "waiting" || hook.state === "paused";
}

function stopSignal(ctx: LoopContext): AbortSignal {
  return ctx.stopAfterIteration ? AbortSignal.any([ctx.signal, ctx.stopAfterIteration]) : ctx.signal;
}
