// The intentionally dumb loop of one session: run an iteration, apply its signal, pause for humans,
// stop when settled. The agent decides; this code transports. Exactly one loop per session (lease).

import { projectCommand } from "../config/hint-command.ts";
import { fleetPauseReason, readFleetBudget } from "../fleet/fleet-budget.ts";
import { budgetSpent } from "../gates/apply-decision.ts";
import type { CheckoutSnapshot } from "../git/checkout-snapshot.ts";
import { ensureWorktree, sessionWorktreePlace } from "../git/worktree.ts";
import { ioFailureReason } from "../io/fs-errors.ts";
import { delay } from "../provider/bounded-wait.ts";
import { type Hook, writeHook } from "../session/hook-file.ts";
import { sessionPaths } from "../session/session-paths.ts";
import { block, isSettled, pause } from "../session/session-state.ts";
import { giveUpSpaceReserve, keepSpaceReserve } from "../session/space-reserve.ts";
import { acquireLease, describeLeaseHolder, type LeaseOutcome } from "./lease.ts";
import type { LoopContext, LoopOutcome } from "./loop-context.ts";
import { blockOnFailure } from "./loop-failure.ts";
import { recoverAttempt, recoverSession } from "./recover-session.ts";
import { reportToParent } from "./report-to-parent.ts";
import { runIteration } from "./run-iteration.ts";
import { takeDecision, waitUntilRunnable } from "./wait-until-runnable.ts";

export type { LoopOutcome } from "./loop-context.ts";

export async function runSessionLoop(ctx: LoopContext, owner: string): Promise<LoopOutcome> {
  let lease: LeaseOutcome;
  try {
    lease = await acquireLease(ctx.sessionDir, owner);
  } catch (error) {
    // Not even a lease could be written (a full disk, a read-only SESSIONS): nothing of the session changed.
    const reason = ioFailureReason(error);
    if (reason === undefined) throw error;
    return { kind: "io-error", reason: `${reason}; fix it, then: samocode resume ${ctx.sessionId}` };
  }
  if (!lease.ok) {
    const path = sessionPaths(ctx.sessionDir).lease;
    return {
      kind: "lease-held",
      reason: `${ctx.sessionId}: ${describeLeaseHolder(path, lease.holder, ctx.sessionId)}`,
    };
  }
  try {
    return await loopHoldingLease(ctx);
  } catch (error) {
    return await blockOnFailure(ctx, error);
  } finally {
    await letGo(ctx, lease.release);
  }
}

async function loopHoldingLease(ctx: LoopContext): Promise<LoopOutcome> {
  const recovered = await recoverSession(ctx);
  if (!recovered.ok) return { kind: "unreadable", reason: recovered.reason };
  await keepSpaceReserve(ctx.sessionDir);
  let hook = await ensureSessionWorktree(ctx, await recordRunner(ctx, recovered.hook));
  // The main checkout as the last attempt left it, while the loop goes straight on to the next.
  let reusable: CheckoutSnapshot | undefined;
  for (;;) {
    const carried = reusable;
    reusable = undefined;
    if (ctx.signal.aborted || ctx.stopAfterIteration?.aborted) return { kind: "stopped", hook };
    hook = await takeDecision(ctx, hook);
    if (isSettled(hook)) return { kind: "settled", hook: await reportToParent(ctx, hook) };
    if (hook.state === "waiting" || hook.state === "paused") {
      const waited = await waitUntilRunnable(ctx, hook);
      if (waited.kind !== "runnable") return waited;
      hook = waited.hook;
      continue;
    }
    // Resumed after a block that came mid-iteration (a full disk): that attempt is finished first.
    if (hook.attempt !== null) {
      hook = await recoverAttempt(ctx, hook);
      continue;
    }
    const paused = await pausedByBudget(ctx, hook);
    if (paused !== undefined) {
      ctx.report(paused.reason ?? "paused by a budget");
      hook = await writeHook(ctx.sessionDir, paused);
      continue;
    }
    const result = await runIteration(ctx, hook, carried);
    hook = result.hook;
    if (result.delayMs > 0) await delay(result.delayMs, ctx.signal);
    else reusable = result.checkout;
  }
}

/** The reserve and the lease go last; failing to let go is logged, never a reason to lose the outcome. */
async function letGo(ctx: LoopContext, release: () => Promise<void>): Promise<void> {
  for (const [what, step] of [
    ["the space reserve", () => giveUpSpaceReserve(ctx.sessionDir)],
    ["the lease", release],
  ] as const) {
    try {
      await step();
    } catch (error) {
      ctx.logger.error(`could not let go of ${what}`, { reason: ioFailureReason(error) ?? String(error) });
      ctx.report(`could not let go of ${what}: ${ioFailureReason(error) ?? String(error)}`);
    }
  }
}

async function recordRunner(ctx: LoopContext, hook: Hook): Promise<Hook> {
  return hook.runner === ctx.runner ? hook : writeHook(ctx.sessionDir, { ...hook, runner: ctx.runner });
}

/** The session's own budget, then the fleet's: either pauses the session before a new iteration. */
async function pausedByBudget(ctx: LoopContext, hook: Hook): Promise<Hook | undefined> {
  const command = projectCommand(ctx.config);
  const spent = budgetSpent(hook, command);
  if (spent !== undefined) return pause(hook, "budget", spent);
  const verdict = await readFleetBudget(ctx.config.user.state);
  const fleet = fleetPauseReason(hook, verdict, ctx.now(), command);
  return fleet === undefined ? undefined : pause(hook, "fleet-budget", fleet);
}

/** The worktree is made by the loop, not the CLI, so a session whose worktree failed can be retried. */
async function ensureSessionWorktree(ctx: LoopContext, hook: Hook): Promise<Hook> {
  if (hook.worktree !== null) return hook;
  const { paths, runtime } = ctx.config;
  const place = sessionWorktreePlace(paths.worktrees, hook.session, runtime.gitBranchPrefix);
  const made = await ensureWorktree({
    mainRepo: paths.mainRepo,
    path: place.path,
    branch: hook.branch ?? place.branch,
    base: hook.baseRef ?? undefined,
  });
  if (!made.ok) {
    ctx.report(`cannot create the worktree: ${made.reason}`);
    return writeHook(ctx.sessionDir, block(hook, "worktree", `cannot create the worktree: ${made.reason}`));
  }
  ctx.report(`worktree ${made.path} on branch ${made.branch}${made.created ? "" : " (reused)"}`);
  return writeHook(ctx.sessionDir, {
    ...hook,
    worktree: made.path,
    branch: made.branch,
    mainRepo: paths.mainRepo,
    baseRef: made.base,
  });
}
