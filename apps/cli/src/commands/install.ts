// `samocode install` / `samocode uninstall`: the skill that lets a parent Claude Code or Codex session drive samocode.
import { homedir } from "node:os";
import { resolve } from "node:path";
import {
  installSkills,
  renderSkill,
  SKILL_TARGETS,
  type SkillChange,
  type SkillHome,
  type SkillTarget,
  uninstallSkills,
} from "@samocode/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";

type TargetOptions = { claude?: true; codex?: true; dir?: string };
type InstallOptions = TargetOptions & { command?: string };

const SAID: Record<SkillChange["outcome"], string> = {
  installed: "installed",
  updated: "updated",
  "up-to-date": "up to date",
  removed: "removed",
  "not-installed": "not installed",
  refused: "refused",
};

export function registerInstallCommands(program: Command, context: CliContext): void {
  const targets = (command: Command) =>
    command
      .option("--claude", "only Claude Code's skill (default: Claude Code and Codex)")
      .option("--codex", "only Codex's skill")
      .option("--dir <home>", "a home folder other than yours (CLAUDE_CONFIG_DIR is then ignored)");
  targets(
    program
      .command("install")
      .description("install the samocode skill so a Claude Code or Codex session can drive samocode for you"),
  )
    .option("--command <cmd>", "how the skill runs samocode (default: this checkout's launcher)")
    .action(async (options: InstallOptions) => {
      const content = await renderSkill(options.command);
      const changes = await installSkills(where(context, options), chosen(options), content);
      report(context, changes);
      if (changes.every((c) => c.outcome === "up-to-date")) context.print("up to date");
      else if (changes.some((c) => c.outcome === "installed" || c.outcome === "updated")) {
        context.print('start a new Claude Code or Codex session and say: "run samocode on <your task>"');
      }
    });
  targets(
    program
      .command("uninstall")
      .description("remove the skill files samocode install wrote, and nothing else"),
  ).action(async (options: TargetOptions) => {
    report(context, await uninstallSkills(where(context, options), chosen(options)));
  });
}

function chosen(options: TargetOptions): SkillTarget[] {
  const picked = SKILL_TARGETS.filter((target) => options[target] === true);
  return picked.length === 0 ? [...SKILL_TARGETS] : picked;
}

function where(context: CliContext, options: TargetOptions): SkillHome {
  if (options.dir !== undefined) return { home: resolve(context.cwd, options.dir) };
  return { home: context.env.HOME || homedir(), claudeConfigDir: context.env.CLAUDE_CONFIG_DIR };
}

/** One line per target; a refusal is a warning and makes the exit code 1, with the file left as it was. */
function report(context: CliContext, changes: readonly SkillChange[]): void {
  for (const change of changes) {
    const line = `${change.target}: ${SAID[change.outcome]} ${change.file}`;
    if (change.outcome === "refused") context.warn(`${line}: ${change.reason ?? "left alone"}`);
    else context.print(line);
  }
  if (changes.some((c) => c.outcome === "refused")) process.exitCode = 1;
}
