// `samocode stop`: stop a session's worker (or its `samocode run`) and leave it paused until `samocode resume`.
import { stopSession } from "@samocode/core";
import type { Command } from "commander";
import { actionEnv, report } from "../action-env.ts";
import type { CliContext } from "../cli-context.ts";

export function registerStopCommand(program: Command, context: CliContext): void {
  program
    .command("stop")
    .description("stop a session: its provider run is cancelled, its state kept; samocode resume goes on")
    .argument("<session>", "the session (name or folder)")
    .action(async (ref: string) => report(context, await stopSession(await actionEnv(context), ref)));
}
