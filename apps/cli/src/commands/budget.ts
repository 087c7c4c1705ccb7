// `samocode budget`: the fleet's spend today against its daily cap, and `--fleet-usd N` to set today's
// cap (raising it lets the sessions the cap paused go on; the supervisor applies it within moments).
import {
  capFor,
  fleetSpentOn,
  isFleetPause,
  listSessions,
  localDay,
  readFleetBudget,
  readFleetCap,
  readHook,
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
      const today = localDay(now);
      if (options.fleetUsd !== undefined) {
        await writeFleetCap(root, { day: today, capUsd: options.fleetUsd, setAt: now.toISOString() });
        context.note(`today's fleet cap is now $${options.fleetUsd.toFixed(2)}`);
      }
      const configured = config.runtime.fleetBudgetUsd;
      const cap = capFor(today, configured, await readFleetCap(root));
      const spentUsd = await fleetSpentOn(root, today);
      const paused: string[] = [];
      for (const session of await listSessions(root)) {
        const read = await readHook(session.dir);
        if (read.ok && isFleetPause(read.hook)) paused.push(session.id);
      }
      const verdict = await readFleetBudget(root);
      const view = { day: today, spentUsd, capUsd: cap, configuredCapUsd: configured ?? null, paused };
      if (options.json === true) return context.print(JSON.stringify(view, null, 2));
      const capText =
        cap === null
          ? "no cap (set SAMOCODE_FLEET_BUDGET_USD)"
          : `of $${cap.toFixed(2)}${cap !== configured ? ` (set for today; configured: ${configured === undefined ? "none" : `$${configured.toFixed(2)}`})` : ""}`;
      context.print(`fleet ${today}: $${spentUsd.toFixed(2)} spent ${capText}`);
      if (paused.length > 0) context.print(`paused by the fleet cap: ${paused.join(", ")}`);
      if (cap !== null && verdict?.day !== today)
        context.note(
          "note: no supervisor has checked the budget today; start it with: pm2 start ecosystem.config.cjs",
        );
    });
}
