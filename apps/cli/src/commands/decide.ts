// `samocode approve | reject | resume`: leave a human decision for the session's loop to apply, and give a
// PM2 session its worker back when none runs to apply it.
import {
  type DecisionAction,
  decisionRefusal,
  leaveDecision,
  readHook,
  readLeaseHolder,
  SamocodeError,
} from "@samocode/core";
import { wakeSupervisedWorker } from "@samocode/supervisor";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { positiveAmount, positiveWhole } from "../number-options.ts";
import { resolveSessionArg } from "../session-arg.ts";

interface DecideOptions {
  feedback?: string;
  message?: string;
  budgetUsd?: number;
  budgetTokens?: number;
}

type Budgets = { budgetUsd?: number; budgetTokens?: number };

const DONE: Record<DecisionAction, string> = {
  approve: "plan approved; the session moves to implementation",
  reject: "plan rejected; the session revises it with your feedback",
  resume: "the session goes on",
};

export function registerDecisionCommands(program: Command, context: CliContext): void {
  program
    .command("approve")
    .description("approve the plan of a session waiting at the plan gate")
    .argument("<session>", "the session (name or folder)")
    .option("--feedback <text>", "notes for the implementation")
    .action((ref: string, options: DecideOptions) => decide(context, ref, "approve", options.feedback));
  program
    .command("reject")
    .description("reject the plan; the feedback reaches the agent's next prompt")
    .argument("<session>", "the session (name or folder)")
    .requiredOption("--feedback <text>", "what must change in the plan")
    .action((ref: string, options: DecideOptions) => decide(context, ref, "reject", options.feedback));
  program
    .command("resume")
    .description("let a blocked, paused or waiting session go on (after you fixed what it needed)")
    .argument("<session>", "the session (name or folder)")
    .option("--message <text>", "what you did or decided, for the agent")
    .option("--budget-usd <n>", "raise the session's budget in US dollars", positiveAmount("--budget-usd"))
    .option("--budget-tokens <n>", "raise the session's token budget", positiveWhole("--budget-tokens"))
    .action((ref: string, options: DecideOptions) =>
      decide(context, ref, "resume", options.message, {
        ...(options.budgetUsd === undefined ? {} : { budgetUsd: options.budgetUsd }),
        ...(options.budgetTokens === undefined ? {} : { budgetTokens: options.budgetTokens }),
      }),
    );
}

async function decide(
  context: CliContext,
  ref: string,
  action: DecisionAction,
  feedback: string | undefined,
  budgets: Budgets = {},
) {
  const session = await resolveSessionArg(context, ref);
  // An agent has this CLI on its PATH; it must not pass its own plan gate.
  if (action !== "resume" && context.env.SAMOCODE_SESSION === session.id) {
    throw new SamocodeError("usage", `${session.id} cannot ${action} its own plan; a human decides that`);
  }
  const hook = await readHook(session.dir);
  if (!hook.ok) throw new SamocodeError("session", `${session.id}: ${hook.message}`);
  const refusal = decisionRefusal(hook.hook, action, budgets);
  if (refusal) throw new SamocodeError("usage", refusal);
  await leaveDecision(session.dir, { action, from: "human", ...(feedback ? { feedback } : {}), ...budgets });
  context.print(`${session.id}: ${DONE[action]}`);
  if ((await readLeaseHolder(session.dir)) !== undefined) return;
  // A PM2 session whose worker has exited (blocked, stopped, or gone with the daemon) gets it back to apply
  // the decision; a `samocode run` session is left to its terminal.
  const config = await context.config();
  const launch = { config, env: context.env, interpreter: process.execPath };
  const worker = await wakeSupervisedWorker(launch, session);
  if (worker === undefined) {
    context.print(`no loop is running for it now; start one with: samocode run ${session.id}`);
  } else if (worker.kind === "running") {
    context.print(`its PM2 worker ${worker.app} applies it`);
  } else context.print(`started its PM2 worker ${worker.app} to apply it`);
}
