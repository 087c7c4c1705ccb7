// `samocode approve | reject | resume`: leave a human decision for the session's loop to apply (through
// core's human actions, like Telegram); the reply says which loop applies it.
import { decidePlan, resumeSession } from "@samocode/core";
import type { Command } from "commander";
import { actionEnv, report } from "../action-env.ts";
import type { CliContext } from "../cli-context.ts";
import { positiveAmount, positiveWhole } from "../number-options.ts";

interface DecideOptions {
  feedback?: string;
  message?: string;
  budgetUsd?: number;
  budgetTokens?: number;
}

export function registerDecisionCommands(program: Command, context: CliContext): void {
  program
    .command("approve")
    .description("approve the plan of a session waiting at the plan gate")
    .argument("<session>", "the session (name or folder)")
    .option("--feedback <text>", "notes for the implementation")
    .action(async (ref: string, options: DecideOptions) =>
      report(context, await decidePlan(await actionEnv(context), ref, "approve", options.feedback)),
    );
  program
    .command("reject")
    .description("reject the plan; the feedback reaches the agent's next prompt")
    .argument("<session>", "the session (name or folder)")
    .requiredOption("--feedback <text>", "what must change in the plan")
    .action(async (ref: string, options: DecideOptions) =>
      report(context, await decidePlan(await actionEnv(context), ref, "reject", options.feedback)),
    );
  program
    .command("resume")
    .description("let a blocked, paused or waiting session go on (after you fixed what it needed)")
    .argument("<session>", "the session (name or folder)")
    .option("--message <text>", "what you did or decided, for the agent")
    .option("--budget-usd <n>", "raise the session's budget in US dollars", positiveAmount("--budget-usd"))
    .option("--budget-tokens <n>", "raise the session's token budget", positiveWhole("--budget-tokens"))
    .action(async (ref: string, options: DecideOptions) =>
      report(
        context,
        await resumeSession(await actionEnv(context), ref, {
          message: options.message,
          budgetUsd: options.budgetUsd,
          budgetTokens: options.budgetTokens,
        }),
      ),
    );
}
