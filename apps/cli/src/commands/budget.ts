// `samocode budget`: the fleet's spend today against its daily cap, and `--fleet-usd N` to set today's
// cap (raising it lets the sessions the cap paused go on; the supervisor applies it within moments).
import {
  capFor,
  fleetSpentOn,
  listSessions,
  localDay,
  readFleetBudget,
  readFleetCap,
  readHook,
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
      const root = config.paths.sessions;
      const now = new Date();
      if (options.fleetUsd !== undefined) {
        await writeFleetCap(root, { capUsd: options.fleetUsd, setAt: now.toISOString() });
        context.note(`today's fleet cap is now $${options.fleetUsd.toFixed(2)}`);
      }
      const raise = await readFleetCap(root);
      if (!raise.ok) throw new SamocodeError("config", `${raise.reason}; set it again with --fleet-usd N`);
      const verdict = await readFleetBudget(root);
      // The supervisor's verdict, while it holds, says what is enforced (its day, its configured cap).
      const live = verdict !== undefined && now.getTime() < Date.parse(verdict.until) ? verdict : undefined;
      const today = live?.day ?? localDay(now);
      const configured = config.runtime.fleetBudgetUsd;
      const cap = capFor(today, configured, raise.value);
      const spentUsd = await fleetSpentOn(root, today);
      const paused: string[] = [];
      for (const session of await listSessions(root)) {
        const read = await readHook(session.dir);
        if (read.ok && read.hook.cause === "fleet-budget") paused.push(session.id);
      }
      const view = { day: today, spentUsd, capUsd: cap, configuredCapUsd: configured ?? null, paused };
      if (options.json === true) return context.print(JSON.stringify(view, null, 2));
      context.print(`fleet ${today}: $${spentUsd.toFixed(2)} spent ${capText(cap, configured)}`);
      if (paused.length > 0) context.print(`paused by the fleet cap: ${paused.join(", ")}`);
      if (cap !== null && live === undefined)
        context.note(
          "note: no supervisor has checked the budget today, so it is not enforced; start it with: pm2 start ecosystem.config.cjs",
        );
      else if (live !== undefined && options.fleetUsd === undefined && live.capUsd !== cap)
        context.note(
          `note: the supervisor enforces ${live.capUsd === null ? "no cap" : `$${live.capUsd.toFixed(2)}`}; restart it (pm2 restart samocode-supervisor --update-env) to apply a changed SAMOCODE_FLEET_BUDGET_USD`,
        );
    });
}

function capText(cap: number | null, configured: number | undefined): string {
  if (cap === null) return "(no cap; set SAMOCODE_FLEET_BUDGET_USD)";
  if (cap === configured) return `of $${cap.toFixed(2)}`;
  const was = configured === undefined ? "none" : `$${configured.toFixed(2)}`;
  return `of $${cap.toFixed(2)} (set for today; configured: ${was})`;
}
