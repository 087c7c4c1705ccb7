// Builds the `samocode` command tree; each command lives in its own file under commands/.
import { readFileSync } from "node:fs";
import { Command } from "commander";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

export function createProgram(): Command {
  const program = new Command("samocode")
    .description("Walk-away AI coding sessions: Claude Code or Codex in a loop, phase by phase.")
    .version(pkg.version, "-V, --version")
    .option("--config <path>", "the .samocode file to use (default: found by walking up from the cwd)")
    .showHelpAfterError()
    .exitOverride();
  return program;
}
