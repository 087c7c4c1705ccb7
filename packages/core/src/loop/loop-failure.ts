// What the loop does with an error it did not expect — a full disk, a permission, a file where a folder
// belongs, or a bug: logged with its stack, and the session blocked (cause `io-error`) with one readable line
// naming the path, on top of the last state it committed; when not even that can be written, the loop ends
// with the reason and the state on disk stays the last one committed (every write is atomic), so after the
// fix `samocode resume` goes on with nothing lost or repeated.
import { errnoCode, ioFailureReason } from "../io/fs-errors.ts";
import { type Hook, readHook, writeHook } from "../session/hook-file.ts";
import { block, refusal } from "../session/session-state.ts";
import { giveUpSpaceReserve } from "../session/space-reserve.ts";
import type { LoopContext, LoopOutcome } from "./loop-context.ts";
import { reportToParent } from "./report-to-parent.ts";

const NO_SPACE = new Set(["ENOSPC", "EDQUOT"]);

export async function blockOnFailure(ctx: LoopContext, error: unknown): Promise<LoopOutcome> {
  const io = ioFailureReason(error);
  const what = io ?? `unexpected error: ${messageOf(error)} (its stack is in _logs/worker.log)`;
  const reason = `${what}; fix it, then: samocode resume ${ctx.sessionId}`;
  logFailure(ctx, "the loop cannot go on", what, error);
  if (hasCode(error, NO_SPACE)) await giveUpReserve(ctx);
  try {
    const read = await readHook(ctx.sessionDir);
    if (!read.ok) return { kind: "io-error", reason: `${reason} (and ${read.message})` };
    // A session that settled in the same iteration keeps its state; its last steps finish at the next start.
    if (refusal(read.hook, "blocked") !== undefined) return { kind: "io-error", reason };
    const hook = await writeHook(ctx.sessionDir, block(read.hook, "io-error", reason));
    ctx.report(`blocked: ${reason}`);
    return { kind: "settled", hook: await reportedToParent(ctx, hook) };
  } catch (second) {
    const why = ioFailureReason(second) ?? messageOf(second);
    logFailure(ctx, "the blocked state could not be recorded", why, second);
    return { kind: "io-error", reason: `${reason} (the blocked state could not be recorded either: ${why})` };
  }
}

/** A worker session tells its coordinator it is blocked, as on any block; failing that is only logged. */
async function reportedToParent(ctx: LoopContext, hook: Hook): Promise<Hook> {
  try {
    return await reportToParent(ctx, hook);
  } catch (error) {
    logFailure(ctx, "could not report the block to the parent session", messageOf(error), error);
    return hook;
  }
}

function logFailure(ctx: LoopContext, message: string, reason: string, error: unknown): void {
  ctx.logger.error(message, { reason, stack: error instanceof Error ? error.stack : String(error) });
}

async function giveUpReserve(ctx: LoopContext): Promise<void> {
  try {
    await giveUpSpaceReserve(ctx.sessionDir);
  } catch (error) {
    logFailure(ctx, "the space reserve could not be freed", messageOf(error), error);
  }
}

function hasCode(error: unknown, codes: ReadonlySet<string>): boolean {
  for (let current = error, depth = 0; current !== undefined && depth < 8; depth++) {
    const code = errnoCode(current);
    if (code !== undefined && codes.has(code)) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
}
