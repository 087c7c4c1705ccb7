// `samocode run`: create a session (or continue one) and run its loop in the foreground, without PM2.
import {
  createSession,
  type Hook,
  PROVIDER_NAMES,
  type ProviderName,
  preflight,
  runExitCode,
  SamocodeError,
  startSessionLoop,
  validateSessionName,
} from "@samocode/core";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.ts";
import { positiveAmount, positiveWhole } from "../number-options.ts";
import { resolveSessionArg } from "../session-arg.ts";

interface RunOptions {
  task?: string;
  name?: string;
  dive?: string;
  provider?: ProviderName;
  model?: string;
  base?: string;
  autoApprove?: true;
  parent?: string;
  budgetUsd?: number;
  budgetTokens?: number;
  wait: boolean;
  json?: true;
}

export function registerRunCommand(program: Command, context: CliContext): void {
  program
    .command("run")
    .description("run one session in the foreground until it is done, blocked or waits (no PM2)")
    .argument("[session]", "an existing session to continue (name or folder)")
    .option("--task <text>", "the task of a new session")
    .option("--name <name>", "the new session's name (default: made from the task)")
    .option("--dive <topic>", "a topic the investigation phase looks into first")
    .addOption(new Option("--provider <name>", "the agent CLI to drive").choices(PROVIDER_NAMES))
    .option("--model <model>", "the model for the provider")
    .option("--base <ref>", "the branch or commit the new session's branch starts from")
    .option("--auto-approve", "skip the Q&A and plan gates: a fully autonomous run")
    .option("--parent <session>", "start the new session as a worker of this coordinator session")
    .option(
      "--budget-usd <amount>",
      "pause once the session has spent this many US dollars",
      positiveAmount("--budget-usd"),
    )
    .option(
      "--budget-tokens <count>",
      "pause once the session has used this many tokens",
      positiveWhole("--budget-tokens"),
    )
    .option("--no-wait", "exit with code 10 when the session waits on a human, instead of idling")
    .option("--json", "print the final _hook.json state as JSON")
    .addHelpText(
      "after",
      "\nExit codes: 0 done, 2 usage/config error, 3 session already running, 10 waiting, 11 blocked, 12 failed.",
    )
    .action(async (session: string | undefined, options: RunOptions) => {
      const config = await context.config();
      const sessionDir =
        session === undefined
          ? await newSession(context, options)
          : await existing(context, session, options);
      const outcome = await startSessionLoop({
        config,
        sessionDir,
        owner: "samocode run",
        runner: "terminal",
        noWait: !options.wait,
        report: (line) => context.note(line),
      });
      if (outcome.kind === "lease-held" || outcome.kind === "unreadable") {
        throw new SamocodeError(outcome.kind === "lease-held" ? "lease-held" : "session", outcome.reason);
      }
      if (outcome.kind === "io-error") {
        context.note(`samocode: ${outcome.reason}`);
        process.exitCode = runExitCode(outcome);
        return;
      }
      const hook = outcome.hook;
      if (options.json === true) context.print(JSON.stringify(hook, null, 2));
      else context.print(`${hook.session}: ${hook.state}${detail(hook)}`);
      process.exitCode = runExitCode(outcome);
    });
}

async function newSession(context: CliContext, options: RunOptions): Promise<string> {
  if (options.task === undefined || options.task.trim() === "") {
    throw new SamocodeError("usage", "give --task for a new session, or the name of a session to continue");
  }
  const config = await context.config();
  const parent = options.parent === undefined ? null : await resolveSessionArg(context, options.parent);
  const named = options.name === undefined ? undefined : validateSessionName(options.name);
  if (named !== undefined && !named.ok) throw new SamocodeError("usage", named.reason);
  const provider = options.provider ?? config.runtime.provider;
  const checked = await preflight({ config, provider, base: options.base });
  if (!checked.ok) throw new SamocodeError("usage", checked.reason);
  const created = await createSession({
    sessionsRoot: config.paths.sessions,
    task: options.task,
    name: options.name,
    dive: options.dive,
    provider,
    model: options.model,
    autoApprove: options.autoApprove === true,
    parent,
    baseRef: options.base,
    budgetUsd: options.budgetUsd,
    budgetTokens: options.budgetTokens,
    runner: "terminal",
  });
  if (!created.ok) throw new SamocodeError("usage", created.message);
  context.note(`session ${created.session.id} created in ${created.session.dir}`);
  const s = await context.samocode();
  context.note(
    `  from another shell: ${s} show ${created.session.id}  (at a gate: its questions, then its plan)`,
  );
  return created.session.dir;
}

async function existing(context: CliContext, ref: string, options: RunOptions): Promise<string> {
  const given = (
    [
      "task",
      "name",
      "dive",
      "provider",
      "model",
      "base",
      "autoApprove",
      "parent",
      "budgetUsd",
      "budgetTokens",
    ] as const
  ).filter((k) => options[k] !== undefined);
  if (given.length > 0) {
    const flags = given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(", ");
    throw new SamocodeError(
      "usage",
      `${flags} only apply to a new session; ${ref} keeps the settings it was created with`,
    );
  }
  return (await resolveSessionArg(context, ref)).dir;
}

function detail(hook: Pick<Hook, "state" | "waitingFor" | "reason">): string {
  if (hook.state === "waiting" && hook.waitingFor) return ` (for ${hook.waitingFor})`;
  if ((hook.state === "blocked" || hook.state === "failed") && hook.reason) return ` — ${hook.reason}`;
  return "";
}
