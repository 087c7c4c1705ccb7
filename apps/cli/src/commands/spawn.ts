// `samocode spawn`: create a session and hand it to a PM2 worker; returns at once with how to follow it.
import {
  PROVIDER_NAMES,
  type ProviderName,
  preflight,
  SamocodeError,
  sessionWorktreePlace,
  validateSessionName,
} from "@samocode/core";
import { spawnSession, validateConvoyId, workerLaunch } from "@samocode/supervisor";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.ts";
import { positiveAmount, positiveWhole } from "../number-options.ts";
import { resolveSessionArg } from "../session-arg.ts";

interface SpawnOptions {
  name?: string;
  dive?: string;
  provider?: ProviderName;
  model?: string;
  base?: string;
  autoApprove?: true;
  parent?: string;
  convoy?: string;
  budgetUsd?: number;
  budgetTokens?: number;
  json?: true;
}

export function registerSpawnCommand(program: Command, context: CliContext): void {
  program
    .command("spawn")
    .description("start a session in the background as a PM2 worker (starts the PM2 daemon if needed)")
    .argument("<task...>", "what the agent should do")
    .option("--name <name>", "the session's name (default: made from the task)")
    .option("--dive <topic>", "a topic the investigation phase looks into first")
    .addOption(new Option("--provider <name>", "the agent CLI to drive").choices(PROVIDER_NAMES))
    .option("--model <model>", "the model for the provider")
    .option("--base <ref>", "the branch or commit the session's branch starts from")
    .option("--auto-approve", "skip the Q&A and plan gates: a fully autonomous run")
    .option("--parent <session>", "run it as a worker session of this one (under its workers/)")
    .option("--convoy <name>", "add it to a convoy (SESSIONS/_convoys/<name>.json)")
    .option(
      "--budget-usd <amount>",
      "stop spending past this many US dollars",
      positiveAmount("--budget-usd"),
    )
    .option(
      "--budget-tokens <count>",
      "stop spending past this many tokens",
      positiveWhole("--budget-tokens"),
    )
    .option("--json", "print the session as JSON")
    .action(async (words: string[], options: SpawnOptions) => {
      const config = await context.config();
      const parent =
        options.parent === undefined ? undefined : await resolveSessionArg(context, options.parent);
      // What was typed first, then the machine: a bad flag is the answer even on a machine that lacks a CLI.
      checkNames(options);
      // Checked before anything exists: the worker would find out only when it makes the worktree.
      const checked = await preflight({
        config,
        provider: options.provider ?? config.runtime.provider,
        base: options.base,
      });
      if (!checked.ok) throw new SamocodeError("usage", checked.reason);
      const spawned = await spawnSession({
        launch: await workerLaunch(config, context.env, process.execPath),
        task: words.join(" "),
        name: options.name,
        dive: options.dive,
        provider: options.provider,
        model: options.model,
        base: options.base,
        autoApprove: options.autoApprove === true,
        parent,
        convoy: options.convoy,
        budgetUsd: options.budgetUsd,
        budgetTokens: options.budgetTokens,
      });
      if (!spawned.ok) throw new SamocodeError("usage", spawned.reason);
      const { session, worker } = spawned;
      const command = await context.samocode();
      const place = sessionWorktreePlace(config.paths.worktrees, session.id, config.runtime.gitBranchPrefix);
      if (options.json === true) {
        const app = worker.ok ? worker.app : null;
        const json = {
          session: session.id,
          dir: session.dir,
          worktree: place.path,
          branch: place.branch,
          app,
        };
        context.print(JSON.stringify(json, null, 2));
      } else {
        context.print(`${session.id}: spawned${worker.ok ? ` as PM2 worker ${worker.app}` : ""}`);
        for (const line of followHints(session.id, session.dir, place, command)) context.print(line);
      }
      if (worker.ok && worker.supervisor === "started")
        context.note("started the samocode supervisor (samocode supervisor status)");
      if (worker.ok && worker.supervisor === "manual") {
        context.note(
          "note: SAMOCODE_SUPERVISOR=manual: start the supervisor yourself (samocode supervisor start) so stalls, crash loops, budgets and Telegram are watched",
        );
      }
      if (!worker.ok) {
        throw new SamocodeError(
          "io",
          `${session.id} was created but PM2 did not take its worker: ${worker.reason}\nretry with: ${command} restart ${session.id}`,
          { cause: worker.cause },
        );
      }
    });
}

function checkNames(options: SpawnOptions): void {
  const named = options.name === undefined ? undefined : validateSessionName(options.name);
  if (named !== undefined && !named.ok) throw new SamocodeError("usage", named.reason);
  const convoy = options.convoy === undefined ? undefined : validateConvoyId(options.convoy);
  if (convoy !== undefined && !convoy.ok) throw new SamocodeError("usage", convoy.reason);
}

/** Where the session lives and what to type next; every command works as printed from this folder. */
function followHints(id: string, dir: string, place: { path: string; branch: string }, s: string): string[] {
  return [
    `  folder:    ${dir}`,
    `  worktree:  ${place.path} on branch ${place.branch} (its worker makes it)`,
    `  watch:     ${s} status ${id}    ${s} logs ${id} -f    ${s} pm2 monit`,
    `  at a gate: ${s} show ${id}    ${s} answer ${id} <answers…>    ${s} approve ${id}`,
    `  changes:   ${s} diff ${id}`,
    `  stop:      ${s} stop ${id}`,
  ];
}
