// `samocode restart`: restart a session's PM2 worker, or give it one (also moves a `samocode run` session
// under PM2).
import { SamocodeError } from "@samocode/core";
import { restartSession, workerLaunch } from "@samocode/supervisor";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { resolveSessionArg } from "../session-arg.ts";

export function registerRestartCommand(program: Command, context: CliContext): void {
  program
    .command("restart")
    .description("restart a session's PM2 worker (starting one if it has none)")
    .argument("<session>", "the session (name or folder)")
    .action(async (ref: string) => {
      const config = await context.config();
      const session = await resolveSessionArg(context, ref);
      const restarted = await restartSession(
        await workerLaunch(config, context.env, process.execPath),
        session,
        await context.samocode(),
      );
      if (!restarted.ok) throw new SamocodeError("usage", restarted.reason);
      context.print(`${session.id}: worker ${restarted.app} ${restarted.outcome}`);
      const { hook } = restarted;
      if (hook.state === "paused" && hook.cause !== "quota") {
        const s = await context.samocode();
        context.print(`it stays paused (${hook.reason ?? hook.cause}) until: ${s} resume ${session.id}`);
      }
    });
}
