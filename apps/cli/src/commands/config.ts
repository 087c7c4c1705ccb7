// `samocode config`: shows the configuration in use (which files, the paths, every runtime knob), secrets hidden.
import { type ConfigView, configView } from "@samocode/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";

interface ConfigOptions {
  json?: true;
}

const FOUND_BY: Record<ConfigView["projectFileSource"], string> = {
  flag: "given by --config",
  env: "given by SAMOCODE_CONFIG",
  search: "found walking up from the current folder",
  worktree: "the project of the session worktree you are in",
};

export function registerConfigCommand(program: Command, context: CliContext): void {
  program
    .command("config")
    .description("show the configuration in use and where it came from (secrets hidden)")
    .option("--json", "print it as JSON")
    .action(async (options: ConfigOptions) => {
      const view = configView(await context.config());
      if (options.json === true) {
        context.print(JSON.stringify(view, null, 2));
        return;
      }
      const rows: [string, string][] = [
        ["config file", `${view.projectFile} (${FOUND_BY[view.projectFileSource]})`],
        ["env file", view.envFile],
        ...flatten("paths", view.paths),
        ...flatten("runtime", view.runtime),
      ];
      const width = Math.max(...rows.map(([name]) => name.length));
      for (const [name, value] of rows) context.print(`${name.padEnd(width)}  ${value}`);
    });
}

/** Dotted names for nested values; durations keep their `Ms` suffix so the unit is never a guess. */
function flatten(prefix: string, value: unknown): [string, string][] {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, inner]) => flatten(`${prefix}.${key}`, inner));
  }
  return [[prefix, value === undefined ? "(not set)" : String(value)]];
}
