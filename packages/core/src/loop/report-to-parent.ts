// A worker session's final outcome goes to its coordinator's inbox: the done summary or the reason it
// stopped. Delivered at least once; `reportedOutcome` keeps a restarted loop from repeating it.
import { dirname } from "node:path";
import { type Hook, writeHook } from "../session/hook-file.ts";
import { sendMessage } from "../session/inbox.ts";
import { isSettled } from "../session/session-state.ts";
import { readHistory } from "../session/signal-history.ts";
import type { LoopContext } from "./loop-context.ts";

export async function reportToParent(ctx: LoopContext, hook: Hook): Promise<Hook> {
  if (hook.parent === null || !isSettled(hook)) return hook;
  const key = `${hook.state}:${hook.iteration}:${hook.reason ?? ""}`;
  if (hook.reportedOutcome === key) return hook;
  const parentDir = dirname(dirname(ctx.sessionDir));
  const sent = await sendMessage(parentDir, {
    from: hook.session,
    to: hook.parent,
    body: await outcomeText(ctx, hook),
  });
  if (!sent.ok) {
    ctx.logger.warn("could not report to the parent session", { parent: hook.parent, reason: sent.message });
    return hook;
  }
  ctx.report(`reported ${hook.state} to ${hook.parent}`);
  return writeHook(ctx.sessionDir, { ...hook, reportedOutcome: key });
}

async function outcomeText(ctx: LoopContext, hook: Hook): Promise<string> {
  const where = hook.branch ? ` Branch: ${hook.branch}.` : "";
  if (hook.state === "done") {
    const rows = (await readHistory(ctx.sessionDir)).rows;
    const signal = rows.at(-1)?.signal;
    const summary =
      signal !== null &&
      typeof signal === "object" &&
      "summary" in signal &&
      typeof signal.summary === "string"
        ? signal.summary
        : "(no summary)";
    return `Worker ${hook.session} is done after ${hook.iteration} iterations: ${summary}${where}`;
  }
  return `Worker ${hook.session} is ${hook.state}: ${hook.reason ?? "no reason recorded"}.${where}`;
}
