// `samocode merge`: merges finished sessions' branches into a target branch, one at a time; the first
// conflict stops with its files listed and the target left as it was before that merge.
import { currentBranch, mergeBranch, readHook, SamocodeError } from "@samocode/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { resolveSessionArg } from "../session-arg.ts";

interface MergeOptions {
  into?: string;
  squash?: true;
}

export function registerMergeCommand(program: Command, context: CliContext): void {
  program
    .command("merge")
    .description(
      "merge finished sessions' branches into a branch (default: the main checkout's), one at a time",
    )
    .argument("<sessions...>", "the sessions to merge, in order")
    .option("--into <branch>", "the target branch")
    .option("--squash", "one commit per session instead of a merge commit")
    .action(async (refs: string[], options: MergeOptions) => {
      const config = await context.config();
      const mainRepo = config.paths.mainRepo;
      const into = options.into ?? (await currentBranch(mainRepo));
      if (into === undefined)
        throw new SamocodeError("usage", `${mainRepo} has no branch checked out; give --into <branch>`);
      for (const ref of refs) {
        const session = await resolveSessionArg(context, ref);
        const read = await readHook(session.dir);
        if (!read.ok) throw new SamocodeError("session", `${session.id}: ${read.message}`);
        const hook = read.hook;
        if (hook.state !== "done" || hook.branch === null) {
          context.warn(`${session.id} is ${hook.state}, not done: skipped`);
          continue;
        }
        const outcome = await mergeBranch({
          mainRepo,
          branch: hook.branch,
          into,
          squash: options.squash === true,
          message: `samocode: ${session.id} — ${hook.task.split("\n")[0]?.slice(0, 72) ?? ""}`,
        });
        switch (outcome.kind) {
          case "merged":
            context.print(
              `${session.id}: merged ${hook.branch} into ${into} (${outcome.commit.slice(0, 8)}, in the ${outcome.where})`,
            );
            break;
          case "up-to-date":
            context.print(`${session.id}: ${into} already contains ${hook.branch}`);
            break;
          case "conflict":
            throw new SamocodeError(
              "git",
              `${session.id}: merging ${hook.branch} into ${into} conflicts in ${outcome.files.join(", ")}; ${into} is unchanged, both branches are intact`,
            );
          case "refused":
            throw new SamocodeError("git", `${session.id}: ${outcome.reason}`);
        }
      }
    });
}
