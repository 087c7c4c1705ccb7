// `samocode stop`: stop a session's worker (or its `samocode run`) and leave it paused until `samocode resume`.
import { SamocodeError } from "@samocode/core";
import { stopSession } from "@samocode/supervisor";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { resolveSessionArg } from "../session-arg.ts";

export function registerStopCommand(program: Command, context: CliContext): void {
  program
    .command("stop")
    .description("stop a session: its provider run is cancelled, its state kept; samocode resume goes on")
    .argument("<session>", "the session (name or folder)")
    .action(async (ref: string) => {
      const config = await context.config();
      const session = await resolveSessionArg(context, ref);
      const stopped = await stopSession(session, { killGraceMs: config.runtime.killGraceMs });
      if (!stopped.ok) throw new SamocodeError("session", stopped.reason);
      const what = [
        stopped.stoppedWorker ? "its PM2 worker stopped" : undefined,
        stopped.stoppedRun ? "its loop stopped" : undefined,
      ].filter((part) => part !== undefined);
      const done = what.length > 0 ? what.join(", ") : "nothing was running it";
      if (stopped.marked) {
        context.print(`${session.id}: ${done}; paused until: samocode resume ${session.id}`);
      } else {
        context.print(`${session.id}: ${done}; it is ${stopped.hook.state}`);
      }
    });
}
