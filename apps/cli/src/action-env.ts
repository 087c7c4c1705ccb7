// The CLI's side of the human actions (core's human-actions.ts): who acts, how a session's PM2 worker is
// reached, and how a result becomes output or an exit code.
import { type ActionEnv, type ActionResult, HUMAN, SamocodeError } from "@samocode/core";
import { pm2LoopControl, workerLaunch } from "@samocode/supervisor";
import type { CliContext } from "./cli-context.ts";

export async function actionEnv(context: CliContext, from = HUMAN): Promise<ActionEnv> {
  const config = await context.config();
  return {
    sessionsRoot: config.paths.sessions,
    control: pm2LoopControl(await workerLaunch(config, context.env, process.execPath)),
    killGraceMs: config.runtime.killGraceMs,
    from,
    actingSession: context.env.SAMOCODE_SESSION,
    command: await context.samocode(),
  };
}

/** Prints what was done; a refusal is a usage error (exit 2), an unreadable session a session error. */
export function report(context: CliContext, result: ActionResult): void {
  if (!result.ok) throw new SamocodeError(result.kind === "refused" ? "usage" : "session", result.reason);
  context.print(result.message);
}
