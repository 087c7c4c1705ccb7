// `samocode review --with <cli>`: another agent CLI reviews a session's branch; its findings become an artifact.
import { EXIT_CODES, REVIEWERS, type Reviewer, runExternalReview } from "@samocode/core";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.ts";
import { positiveWhole } from "../number-options.ts";
import { resolveSessionArg } from "../session-arg.ts";

type ReviewOptions = { with: Reviewer; base?: string; timeout?: number };

export function registerReviewCommand(program: Command, context: CliContext): void {
  program
    .command("review")
    .description(
      "have another agent CLI review a session's branch headless; its findings become a quality-review artifact",
    )
    .argument("<session>", "the session (name or folder)")
    .addOption(new Option("--with <cli>", "the reviewer").choices(REVIEWERS).makeOptionMandatory())
    .option("--base <ref>", "review the branch against this ref (default: the session's base)")
    .option(
      "--timeout <seconds>",
      "give up after this long (default: the CLI's *_TIMEOUT)",
      positiveWhole("--timeout"),
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 the review artifact was written (its path is printed), 4 that CLI is not installed,\n" +
        "1 it ran but left no review (error, timeout), 2 a usage error.",
    )
    .action(async (ref: string, options: ReviewOptions) => {
      const config = await context.config();
      const session = await resolveSessionArg(context, ref);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        const outcome = await runExternalReview({
          config,
          sessionDir: session.dir,
          reviewer: options.with,
          base: options.base,
          timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1_000,
          signal: stop.signal,
          onStart: () => context.note(`${options.with} is reviewing ${session.id}…`),
        });
        if (outcome.kind === "reviewed") {
          context.print(`${session.dir}/${outcome.artifact}`);
        } else if (outcome.kind === "not-installed") {
          context.warn(outcome.reason);
          process.exitCode = EXIT_CODES.notInstalled;
        } else {
          context.warn(outcome.reason);
          process.exitCode = 1;
        }
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}
