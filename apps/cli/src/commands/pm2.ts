// `samocode pm2 …`: the PM2 samocode ships with, for `pm2 monit`, `pm2 logs`, `pm2 ls` on samocode's daemon
// from any folder, whatever other PM2 (or none) is on the PATH.
import { runPm2Cli } from "@samocode/supervisor";
import type { Command } from "commander";

export function registerPm2Command(program: Command): void {
  program
    .command("pm2")
    .description("run samocode's own PM2 (e.g. samocode pm2 monit, samocode pm2 logs, samocode pm2 ls)")
    .argument("[args...]", "PM2's arguments, as for the pm2 command")
    // Everything after `pm2` is PM2's, its options and --help included.
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    // main.ts hands `samocode pm2 …` to PM2 before commander parses; this runs for `--config C pm2 …`.
    .action(async (args: string[]) => {
      process.exitCode = await runPm2Cli(args);
    });
}
