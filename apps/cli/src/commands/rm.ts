// `samocode rm`: remove a session — its workers, its worktree (kept when dirty unless --force; the branch is
// kept unless --delete-branch) — and archive its folder under SESSIONS/_archive/.
import { SamocodeError } from "@samocode/core";
import { removeSession, workerLaunch } from "@samocode/supervisor";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { resolveSessionArg } from "../session-arg.ts";

interface RmOptions {
  force?: true;
  deleteBranch?: true;
}

export function registerRmCommand(program: Command, context: CliContext): void {
  program
    .command("rm")
    .description("remove a session (and its child sessions): workers, worktree, and archive the folder")
    .argument("<session>", "the session (name or folder)")
    .option("--force", "remove worktrees with uncommitted changes too")
    .option("--delete-branch", "delete the session's branch as well")
    .action(async (ref: string, options: RmOptions) => {
      const config = await context.config();
      const session = await resolveSessionArg(context, ref);
      const removed = await removeSession(
        await workerLaunch(config, context.env, process.execPath),
        session,
        {
          force: options.force === true,
          deleteBranch: options.deleteBranch === true,
        },
      );
      if (!removed.ok) throw new SamocodeError("usage", removed.reason);
      for (const worktree of removed.worktrees) context.print(`removed worktree ${worktree}`);
      context.print(`${session.id}: archived to ${removed.archivedTo}`);
    });
}
