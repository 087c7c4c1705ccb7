// `samocode install` / `samocode uninstall`: what samocode offers a user's own Claude Code and Codex sessions —
// the parent-session skill that drives samocode, and the method's skills and reviewer agents.
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import {
  INSTALL_PARTS,
  type InstallPart,
  installOwnedFiles,
  type PlannedFile,
  planInstall,
  SKILL_TARGETS,
  type SkillChange,
  type SkillHome,
  type SkillTarget,
  uninstallOwnedFiles,
} from "@samocode/core";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.ts";

type TargetOptions = { claude?: true; codex?: true; dir?: string; only?: InstallPart };
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
      .option("--claude", "only Claude Code (default: Claude Code and Codex)")
      .option("--codex", "only Codex")
      .addOption(
        new Option(
          "--only <part>",
          "only one part: skill (the skill that lets your agent drive samocode) or method (the method's " +
            "skills and reviewer agents, for work by hand); default: everything",
        ).choices(INSTALL_PARTS),
      )
      .option("--dir <home>", "a home folder other than yours (CLAUDE_CONFIG_DIR is then ignored)");
  targets(
    program
      .command("install")
      .description(
        "install what samocode offers your own Claude Code and Codex sessions: the samocode skill and the method",
      ),
  )
    .option("--command <cmd>", "how the samocode skill runs samocode (default: this checkout's launcher)")
    .action(async (options: InstallOptions) => {
      const planned = await planInstall({ ...choice(context, options), command: options.command });
      const changes = await installOwnedFiles(planned);
      report(context, planned, changes);
      if (changes.every((c) => c.outcome === "up-to-date")) context.print("up to date");
      else if (changes.some((c) => c.outcome === "installed" || c.outcome === "updated")) {
        context.print(nextStep(planned));
      }
    });
  targets(
    program.command("uninstall").description("remove the files samocode install wrote, and nothing else"),
  ).action(async (options: TargetOptions) => {
    const planned = await planInstall(choice(context, options));
    report(context, planned, await uninstallOwnedFiles(planned));
  });
}

function choice(context: CliContext, options: TargetOptions) {
  const picked = SKILL_TARGETS.filter((target) => options[target] === true);
  const targets: SkillTarget[] = picked.length === 0 ? [...SKILL_TARGETS] : picked;
  const parts: InstallPart[] = options.only === undefined ? [...INSTALL_PARTS] : [options.only];
  return { parts, targets, where: where(context, options) };
}

function where(context: CliContext, options: TargetOptions): SkillHome {
  if (options.dir !== undefined) return { home: resolve(context.cwd, options.dir) };
  return { home: context.env.HOME || homedir(), claudeConfigDir: context.env.CLAUDE_CONFIG_DIR };
}

function nextStep(planned: readonly PlannedFile[]): string {
  const parts = new Set(planned.map((file) => file.part));
  const lines = ["start a new Claude Code or Codex session"];
  if (parts.has("skill")) lines.push('say "run samocode on <your task>" to hand it a task');
  if (parts.has("method"))
    lines.push("use the method by hand: /dive, /task, /create-plan, /dop2, /multi-review …");
  return `${lines[0]}; ${lines.slice(1).join("; or ")}`;
}

/**
 * The parent skill keeps one line per file; the method's many files are one line per CLI and outcome,
 * naming their folders. A refusal is a warning per file and makes the exit code 1, the file left as it was.
 */
function report(context: CliContext, planned: readonly PlannedFile[], changes: readonly SkillChange[]): void {
  const groups = new Map<string, { target: SkillTarget; outcome: SkillChange["outcome"]; files: string[] }>();
  changes.forEach((change, index) => {
    const part = planned[index]?.part ?? "skill";
    if (change.outcome === "refused") {
      context.warn(`${change.target}: refused ${change.file}: ${change.reason ?? "left alone"}`);
      return;
    }
    if (part === "skill") {
      context.print(`${change.target}: ${SAID[change.outcome]} ${change.file}`);
      return;
    }
    const key = `${change.target} ${change.outcome}`;
    const group = groups.get(key) ?? { target: change.target, outcome: change.outcome, files: [] };
    group.files.push(change.file);
    groups.set(key, group);
  });
  for (const { target, outcome, files } of groups.values()) {
    const folders = [...new Set(files.map((file) => folderOf(file)))].join(", ");
    context.print(`${target}: method: ${files.length} files ${SAID[outcome]} in ${folders}`);
  }
  if (changes.some((c) => c.outcome === "refused")) process.exitCode = 1;
}

/** `…/skills/dive/SKILL.md` is shown as `…/skills`, `…/agents/x.md` as `…/agents`. */
function folderOf(file: string): string {
  return file.endsWith("/SKILL.md") ? dirname(dirname(file)) : dirname(file);
}
