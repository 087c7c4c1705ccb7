// One iteration: build the prompt, run the provider once, judge what it left, commit the outcome.
import { join } from "node:path";
import { type CheckoutSnapshot, describeEscape, snapshotCheckout } from "../git/checkout-snapshot.ts";
import { limitReached, limitReachedReason } from "../phases/phase-iterations.ts";
import { buildPrompt } from "../prompt/build-prompt.ts";
import { agentBaseEnv } from "../provider/agent-env.ts";
import type { ProviderEvent, ProviderRunResult } from "../provider/provider-types.ts";
import { runProvider } from "../provider/run-provider.ts";
import { readHandoff } from "../session/handoff-file.ts";
import { type Hook, readHook, updateHook, writeHook } from "../session/hook-file.ts";
import { listPending } from "../session/inbox.ts";
import { openSessionFolder, sessionFoldersProblem } from "../session/session-folders.ts";
import { attemptLogName, sessionPaths } from "../session/session-paths.ts";
import { type BlockCause, block } from "../session/session-state.ts";
import { readSignal, removeSignal } from "../signals/signal-file.ts";
import { writeAttemptGroup, writeCheckoutSnapshot } from "./attempt-group.ts";
import { commitIteration } from "./commit-iteration.ts";
import { acquireSlot, type Slot } from "./concurrency-slots.ts";
import { judgeAttempt } from "./judge-attempt.ts";
import { type LoopContext, roleOf } from "./loop-context.ts";
import { effectiveIterations } from "./phase-allowance.ts";
import { providerRequest } from "./provider-request.ts";
import { attemptChanged, clearStallRecord, readStallRecord } from "./stall.ts";

export type IterationResult = {
  hook: Hook;
  delayMs: number;
  /** The main checkout as the attempt left it: the next attempt's starting point when the loop goes
   * straight on, instead of looking again a few milliseconds later. */
  checkout?: CheckoutSnapshot | undefined;
};

const ACTIVITY_WRITE_MS = 5_000;
/** Taking a free slot costs a few ms of lock files; longer means the session waited its turn. */
const QUEUED_MS = 100;

export async function runIteration(
  ctx: LoopContext,
  start: Hook,
  previousCheckout?: CheckoutSnapshot,
): Promise<IterationResult> {
  const { sessionDir } = ctx;
  if (limitReached(start.phase, effectiveIterations(start))) {
    return {
      hook: await blockNow(sessionDir, start, "phase-limit", limitReachedReason(start.phase)),
      delayMs: 0,
    };
  }
  // Checked before the provider runs, so a bad folder costs no provider run (its writers check again).
  const folders = await sessionFoldersProblem(sessionDir);
  if (folders !== undefined) {
    const reason = `${folders}; then: samocode resume ${ctx.sessionId}`;
    return { hook: await blockNow(sessionDir, start, "io-error", reason), delayMs: 0 };
  }
  await openSessionFolder(sessionDir, "logs");
  const worktree = start.worktree ?? sessionDir;
  const inbox = await listPending(sessionDir);
  const handoff = await readHandoff(sessionDir);
  const iteration = start.iteration + 1;
  const attemptNo = start.nextAttempt;
  const built = await buildPrompt({
    session: start.session,
    sessionDir,
    worktree,
    branch: start.branch ?? "(none)",
    mainRepo: start.mainRepo ?? ctx.config.paths.mainRepo,
    parent: start.parent ?? undefined,
    role: await roleOf(sessionDir),
    phase: start.phase,
    iteration,
    attempt: attemptNo,
    inbox: inbox.messages,
    handoff: handoff.ok ? handoff.handoff : undefined,
    notes: start.pendingNotes,
    now: ctx.now(),
  });
  if (!built.ok)
    return {
      hook: await blockNow(
        sessionDir,
        start,
        "prompt-broken",
        `prompt files are broken: ${built.errors.join("; ")}`,
      ),
      delayMs: 0,
    };
  const slot = await takeSlot(ctx, start.session);
  if (slot === "stopped") return { hook: start, delayMs: 0 };
  try {
    await removeSignal(sessionDir);
    const mainRepo = start.mainRepo ?? ctx.config.paths.mainRepo;
    const own = [ctx.config.paths.sessions, ctx.config.paths.worktrees];
    // Taken once the slot is ours: a human working in the main checkout while we queued is not the agent.
    // Straight after the previous attempt (no queue, no wait) its final look is still current.
    const queued = slot !== undefined && slot.waitedMs > QUEUED_MS;
    const before =
      previousCheckout !== undefined && !queued ? previousCheckout : await snapshotCheckout(mainRepo, own);
    writeCheckoutSnapshot(sessionDir, attemptNo, before);
    return await attemptWithSlot(ctx, start, {
      iteration,
      attemptNo,
      built: built.built,
      inbox: inbox.messages,
      mainRepo,
      own,
      before,
      worktree,
    });
  } finally {
    await slot?.release();
  }
}

type Prepared = {
  iteration: number;
  attemptNo: number;
  built: Parameters<typeof providerRequest>[2];
  inbox: { id: string }[];
  mainRepo: string;
  own: string[];
  before: Awaited<ReturnType<typeof snapshotCheckout>>;
  worktree: string;
};

/** With SAMOCODE_MAX_CONCURRENT set, wait for one of the fleet's provider slots. */
async function takeSlot(ctx: LoopContext, session: string): Promise<Slot | undefined | "stopped"> {
  const max = ctx.config.runtime.maxConcurrent;
  if (max === undefined) return undefined;
  const slot = await acquireSlot(ctx.config.user.slots, max, session, ctx.signal);
  if (slot === undefined) return "stopped";
  if (slot.waitedMs > 1_000) ctx.logger.info("waited for a provider slot", { waitedMs: slot.waitedMs, max });
  return slot;
}

async function attemptWithSlot(ctx: LoopContext, start: Hook, p: Prepared): Promise<IterationResult> {
  const { sessionDir } = ctx;
  const { iteration, attemptNo, inbox, mainRepo, own, before, worktree } = p;
  const logFile = join(sessionPaths(sessionDir).logs, attemptLogName(iteration, start.phase, attemptNo));
  const attempt = {
    iteration,
    attempt: attemptNo,
    phase: start.phase,
    startedAt: ctx.now().toISOString(),
    pid: null,
    pgid: null,
    logFile,
  };
  const inFlight = await writeHook(sessionDir, {
    ...start,
    attempt,
    nextAttempt: attemptNo + 1,
    conversationId: start.resumeConversationId,
  });
  ctx.report(`iteration ${iteration} (${start.phase}, attempt ${attemptNo}) started`);
  await clearStallRecord(sessionDir);
  const run = await runTracked(ctx, inFlight, p.built, logFile, worktree);
  const stall = await readStallRecord(sessionDir);
  const after = await readHook(sessionDir);
  const hook = after.ok ? after.hook : inFlight;
  // Stopped mid-attempt: the attempt stays recorded, so the next start applies a signal it already wrote
  // or runs it again (recoverSession), instead of throwing its work away.
  if (run.kind === "cancelled") return { hook, delayMs: 0 };
  let checkout: CheckoutSnapshot | undefined;
  const outcome = await judgeAttempt(ctx, {
    hook,
    attempt: hook.attempt ?? attempt,
    run,
    read: await readSignal(sessionDir),
    deliveredIds: inbox.map((m) => m.id),
    stalledMs: stall?.attempt === attemptNo ? stall.idleMs : undefined,
    // The idle look runs beside the escape check.
    look: async (spinning) => {
      const [after, changed] = await Promise.all([
        snapshotCheckout(mainRepo, own),
        spinning ? attemptChanged(worktree, sessionDir, Date.parse(attempt.startedAt)) : undefined,
      ]);
      checkout = after;
      return { escape: describeEscape(mainRepo, before, after), changed };
    },
  });
  for (const warning of outcome.warnings) ctx.logger.warn(warning, { iteration, attempt: attemptNo });
  const committed = await commitIteration(sessionDir, outcome);
  if (stall !== undefined) await clearStallRecord(sessionDir);
  ctx.logger.info("iteration applied", {
    iteration,
    attempt: attemptNo,
    run: run.kind,
    exitCode: outcome.row.exitCode,
    accepted: outcome.row.accepted,
    rejection: outcome.row.rejection,
    state: committed.state,
    phase: committed.phase,
  });
  ctx.report(
    `iteration ${iteration} → ${committed.phase}, ${committed.state}${outcome.row.rejection ? ` (${outcome.row.rejection})` : ""}`,
  );
  return { hook: committed, delayMs: outcome.delayMs, checkout };
}

/** Runs the provider while keeping the hook's attempt (pid, conversation) and activity time current. */
async function runTracked(
  ctx: LoopContext,
  hook: Hook,
  built: Parameters<typeof providerRequest>[2],
  logFile: string,
  cwd: string,
): Promise<ProviderRunResult> {
  const { sessionDir } = ctx;
  let lastWrite = 0;
  const writes: Promise<unknown>[] = [];
  const touch = (change: (h: Hook) => Hook) =>
    writes.push(
      updateHook(sessionDir, change).catch((error: unknown) =>
        ctx.logger.warn("hook update failed", { error: String(error) }),
      ),
    );
  const onEvent = (event: ProviderEvent) => {
    if (event.type === "session") touch((h) => ({ ...h, conversationId: event.conversationId }));
    const now = Date.now();
    if (now - lastWrite >= ACTIVITY_WRITE_MS) {
      lastWrite = now;
      const at = ctx.now().toISOString();
      touch((h) => ({ ...h, lastActivityAt: at }));
    }
  };
  const onSpawn = ({ pid, pgid }: { pid: number; pgid: number }) => {
    // Synchronous, so a worker killed right after the spawn still leaves the group findable.
    writeAttemptGroup(sessionDir, hook.attempt?.attempt ?? 0, pgid);
    touch((h) => (h.attempt ? { ...h, attempt: { ...h.attempt, pid, pgid } } : h));
  };
  const request = providerRequest(ctx.config, hook, built, {
    env: await agentBaseEnv(ctx.config, sessionDir),
    logFile,
    signal: ctx.signal,
    onEvent,
    onSpawn,
    sessionDir,
    cwd,
  });
  const result = await runProvider(request);
  await Promise.all(writes);
  return result;
}

async function blockNow(sessionDir: string, hook: Hook, cause: BlockCause, reason: string): Promise<Hook> {
  return writeHook(sessionDir, block(hook, cause, reason));
}
