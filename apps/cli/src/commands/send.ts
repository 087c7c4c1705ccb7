// `samocode send` and `samocode inbox`: messages into a session's next prompt, and what is pending.
import { listPending, sendToSession } from "@samocode/core";
import type { Command } from "commander";
import { actionEnv, report } from "../action-env.ts";
import type { CliContext } from "../cli-context.ts";
import { resolveSessionArg } from "../session-arg.ts";

export function registerMessageCommands(program: Command, context: CliContext): void {
  program
    .command("send")
    .description("send a message into a session's next prompt (works while it runs or waits)")
    .argument("<session>", "the receiving session (name or folder)")
    .argument("<text...>", "the message")
    .option("--from <sender>", "who sends it (a session id, or your name)", "human")
    .action(async (ref: string, words: string[], options: { from: string }) =>
      report(context, await sendToSession(await actionEnv(context, options.from), ref, words.join(" "))),
    );
  program
    .command("inbox")
    .description("list the messages a session has not received yet")
    .argument("<session>", "the session (name or folder)")
    .option("--json", "print them as JSON")
    .action(async (ref: string, options: { json?: true }) => {
      const session = await resolveSessionArg(context, ref);
      const pending = await listPending(session.dir);
      for (const bad of pending.malformed) context.warn(`${bad.file}: ${bad.reason}`);
      if (options.json === true) return context.print(JSON.stringify(pending.messages, null, 2));
      if (pending.messages.length === 0) return context.print(`${session.id}: no pending messages`);
      for (const m of pending.messages) context.print(`${m.id}  from ${m.from}: ${m.body}`);
    });
}
