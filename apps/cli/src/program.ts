// Builds the `samocode` command tree: global options here, each command in its own file under commands/.
//
// Adding a command: create `commands/<name>.ts` exporting
//
//   export function register<Name>Command(program: Command, context: CliContext): void {
//     program.command("<name>").description("…").option(…).action(async (options) => { … });
//   }
//
// and add it to COMMANDS below, in the order `--help` lists them. Actions stay thin: parse input, call a
// package, print with `context.print`. Get the config with `await context.config()` (never loadConfig
// directly) so `--config`, discovery and config errors behave the same in every command. Expected
// failures throw `SamocodeError` (code `usage`/`config` → exit 2, `lease-held` → 3, others → 1); a command
// that ends in a non-error outcome with its own code (waiting 10, blocked 11, failed 12) sets
// `process.exitCode = EXIT_CODES.<name>`. Settings made on `program` before registration (exitOverride,
// output, help after errors) are inherited by every subcommand, so keep them above the loop.
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { type CliContext, type CliIo, createCliContext } from "./cli-context.ts";
import { registerAnswerCommand } from "./commands/answer.ts";
import { registerBudgetCommand } from "./commands/budget.ts";
import { registerConfigCommand } from "./commands/config.ts";
import { registerConvoyCommands } from "./commands/convoy.ts";
import { registerDecisionCommands } from "./commands/decide.ts";
import { registerDiffCommand } from "./commands/diff.ts";
import { registerDoctorCommand } from "./commands/doctor.ts";
import { registerInitCommand } from "./commands/init.ts";
import { registerInstallCommands } from "./commands/install.ts";
import { registerLogsCommand } from "./commands/logs.ts";
import { registerMergeCommand } from "./commands/merge.ts";
import { registerPm2Command } from "./commands/pm2.ts";
import { registerRestartCommand } from "./commands/restart.ts";
import { registerReviewCommand } from "./commands/review.ts";
import { registerRmCommand } from "./commands/rm.ts";
import { registerRunCommand } from "./commands/run.ts";
import { registerMessageCommands } from "./commands/send.ts";
import { registerShowCommand } from "./commands/show.ts";
import { registerSpawnCommand } from "./commands/spawn.ts";
import { registerStatusCommand } from "./commands/status.ts";
import { registerStopCommand } from "./commands/stop.ts";
import { registerSupervisorCommand } from "./commands/supervisor.ts";

type RegisterCommand = (program: Command, context: CliContext) => void;

const COMMANDS: readonly RegisterCommand[] = [
  registerInitCommand,
  registerRunCommand,
  registerSpawnCommand,
  registerStatusCommand,
  registerShowCommand,
  registerDiffCommand,
  registerAnswerCommand,
  registerDecisionCommands,
  registerMessageCommands,
  registerStopCommand,
  registerRestartCommand,
  registerRmCommand,
  registerMergeCommand,
  registerBudgetCommand,
  registerConvoyCommands,
  registerSupervisorCommand,
  registerLogsCommand,
  registerReviewCommand,
  registerConfigCommand,
  registerDoctorCommand,
  registerInstallCommands,
  registerPm2Command,
];

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}

export function createProgram(io: CliIo = processIo()): Command {
  const program = new Command("samocode")
    .description("Walk-away AI coding sessions: Claude Code or Codex in a loop, phase by phase.")
    .version(pkg.version, "-V, --version")
    .option(
      "--config <path>",
      "the .samocode to use (default: SAMOCODE_CONFIG, else found walking up from the cwd)",
    )
    .showHelpAfterError("(run samocode --help for usage)")
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Same prefix as every other samocode error line.
      outputError: (text, write) => write(`samocode: ${text.replace(/^error: /, "")}`),
    })
    .exitOverride();
  const context = createCliContext(io, () => program.opts<{ config?: string }>().config);
  for (const register of COMMANDS) register(program, context);
  return program;
}
