// `samocode budget`: the fleet's spend today — every session of every known project on this machine —
// against its daily cap, and `--fleet-usd N` to set today's cap (raising it lets the sessions the cap paused
// go on; the supervisor applies it within moments).
import {
  capFor,
  fleetSpentOn,
  listSessions,
  loadConfig,
  localDay,
  projectIdentity,
  readFleetBudget,
  readFleetCap,
  readHook,
  readProjects,
  type SamocodeConfig,
  SamocodeError,
  writeFleetCap,
} from "@samocode/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { positiveAmount } from "../number-options.ts";

interface BudgetOptions {
  fleetUsd?: number;
  json?: true;
}

export function registerBudgetCommand(program: Command, context: CliContext): void {
  program
    .command("budget")
    .description("the fleet's spend today against its daily cap (SAMOCODE_FLEET_BUDGET_USD)")
    .option(
      "--fleet-usd <amount>",
      "set today's fleet cap in US dollars (tomorrow the configured one applies again)",
      positiveAmount("--fleet-usd"),
    )
    .option("--json", "print as JSON")
    .action(async (options: BudgetOptions) => {
      const config = await context.config();
      const state = config.user.state;
      const now = new Date();
      if (options.fleetUsd !== undefined) {
        await writeFleetCap(state, { capUsd: options.fleetUsd, setAt: now.toISOString() });
        context.note(`today's fleet cap is now $${options.fleetUsd.toFixed(2)}`);
      }
      const raise = await readFleetCap(state);
      if (!raise.ok) throw new SamocodeError("config", `${raise.reason}; set it again with --fleet-usd N`);
      const verdict = await readFleetBudget(state);
      // The supervisor's verdict, while it holds, says what is enforced (its day, its configured cap).
      const live = verdict !== undefined && now.getTime() < Date.parse(verdict.until) ? verdict : undefined;
      const today = live?.day ?? localDay(now);
      const configured = config.runtime.fleetBudgetUsd;
      const cap = capFor(today, configured, raise.value);
      const projects = await knownProjects(context, config);
      const spentUsd = await fleetSpentOn(
        projects.map((project) => project.sessions),
        today,
      );
      const paused: string[] = [];
      for (const project of projects) {
        for (const session of await listSessions(project.sessions)) {
          const read = await readHook(session.dir);
          if (read.ok && read.hook.cause === "fleet-budget") paused.push(`${project.id}/${session.id}`);
        }
      }
      const view = { day: today, spentUsd, capUsd: cap, configuredCapUsd: configured ?? null, paused };
      if (options.json === true) return context.print(JSON.stringify(view, null, 2));
      context.print(`fleet ${today}: $${spentUsd.toFixed(2)} spent ${capText(cap, configured)}`);
      if (paused.length > 0) context.print(`paused by the fleet cap: ${paused.join(", ")}`);
      if (cap !== null && live === undefined)
        context.note(
          "note: no supervisor has checked the budget today, so it is not enforced; start it with: samocode supervisor start",
        );
      else if (live !== undefined && options.fleetUsd === undefined && live.capUsd !== cap)
        context.note(
          `note: the supervisor enforces ${live.capUsd === null ? "no cap" : `$${live.capUsd.toFixed(2)}`}; restart it (samocode pm2 restart samocode-supervisor --update-env) to apply a changed SAMOCODE_FLEET_BUDGET_USD`,
        );
    });
}

/** Every project on this machine's list (this one included), by id and SESSIONS folder. */
async function knownProjects(
  context: CliContext,
  config: SamocodeConfig,
): Promise<Array<{ id: string; sessions: string }>> {
  const here = await projectIdentity(config.user, config.projectFile, config.paths.mainRepo);
  const found = [{ id: here.id, sessions: config.paths.sessions }];
  for (const entry of (await readProjects(config.user)).projects) {
    if (entry.config === here.config) continue;
    const loaded = await loadConfig({ configPath: entry.config, cwd: context.cwd, env: context.env });
    if (loaded.ok) found.push({ id: entry.id, sessions: loaded.config.paths.sessions });
    else
      context.warn(
        `project ${entry.id} (${entry.config}) is left out: ${loaded.errors[0] ?? "cannot load it"}`,
      );
  }
  return found;
}

function capText(cap: number | null, configured: number | undefined): string {
  if (cap === null) return "(no cap; set SAMOCODE_FLEET_BUDGET_USD)";
  if (cap === configured) return `of $${cap.toFixed(2)}`;
  const was = configured === undefined ? "none" : `$${configured.toFixed(2)}`;
  return `of $${cap.toFixed(2)} (set for today; configured: ${was})`;
}
