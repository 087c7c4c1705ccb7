// `samocode diff`: the session's branch against its base, through git (and the user's pager on a terminal).
import { SamocodeError, showBranchDiff } from "@samocode/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { resolveSessionArg } from "../session-arg.ts";
import { readSessionHook } from "../session-hook.ts";

export function registerDiffCommand(program: Command, context: CliContext): void {
  program
    .command("diff")
    .description("the session's branch against its base: what its commits changed (git diff base...branch)")
    .argument("<session>", "the session (name or folder)")
    .option("--stat", "only the files changed and how much")
    .action(async (ref: string, options: { stat?: true }) => {
      const config = await context.config();
      const session = await resolveSessionArg(context, ref);
      const hook = await readSessionHook(session);
      if (hook.branch === null || hook.baseRef === null) {
        const hint = `${await context.samocode()} show ${session.id}`;
        return context.print(`${session.id} has no branch yet: its loop makes it first (see ${hint})`);
      }
      const shown = await showBranchDiff({
        repo: hook.mainRepo ?? config.paths.mainRepo,
        base: hook.baseRef,
        branch: hook.branch,
        stat: options.stat === true,
      });
      if (!shown.ok) throw new SamocodeError("session", `${session.id}: ${shown.reason}`);
      process.exitCode = shown.exitCode;
    });
}
