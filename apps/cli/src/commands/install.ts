// `samocode install` / `samocode uninstall`: everything samocode offers a user — the `samocode` command on
// their PATH, the parent-session skill that lets their own Claude Code or Codex drive it, and the method's
// skills and reviewer agents.
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import {
  binDirFor,
  type CommandChange,
  findExecutable,
  INSTALL_PARTS,
  type InstallPart,
  installCommand,
  installOwnedFiles,
  isOnPath,
  type PlannedFile,
  planInstall,
  SKILL_TARGETS,
  type SkillChange,
  type SkillHome,
  type SkillTarget,
  uninstallCommand,
  uninstallOwnedFiles,
  userPath,
} from "@samocode/core";
import { type Command, InvalidArgumentError } from "commander";
import type { CliContext } from "../cli-context.ts";

type TargetOptions = { claude?: true; codex?: true; dir?: string; only?: InstallPart[]; binDir?: string };
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
      .option(
        "--only <parts>",
        "only these parts, comma-separated: command (samocode on your PATH), skill (the skill that lets " +
          "your agent drive samocode), method (the method's skills and reviewer agents, for work by hand); " +
          "default: everything",
        parseParts,
      )
      .option(
        "--bin-dir <dir>",
        "where the samocode command goes (default: $XDG_BIN_HOME, else ~/.local/bin)",
      )
      .option(
        "--dir <home>",
        "a home folder other than yours (CLAUDE_CONFIG_DIR and XDG_* are then ignored)",
      );
  targets(
    program
      .command("install")
      .description(
        "put samocode on your PATH and give your own Claude Code and Codex the samocode skill and the method",
      ),
  )
    .option("--command <cmd>", "how the samocode skill runs samocode (default: this checkout's launcher)")
    .action(async (options: InstallOptions) => {
      const chosen = choice(context, options);
      const command = chosen.parts.includes("command") ? await installCommand(chosen.binDir) : undefined;
      if (command !== undefined) await reportCommand(context, command, chosen.binDir);
      const planned = await planInstall({ ...chosen, command: options.command });
      const changes = await installOwnedFiles(planned);
      report(context, planned, changes);
      const all: { outcome: SkillChange["outcome"] }[] = [...(command ? [command] : []), ...changes];
      if (all.every((c) => c.outcome === "up-to-date")) context.print("up to date");
      else if (all.some((c) => c.outcome === "installed" || c.outcome === "updated")) {
        context.print(nextStep(chosen.parts));
      }
    });
  targets(
    program
      .command("uninstall")
      .description(
        "remove what samocode install made (the command on PATH, skills, method), and nothing else",
      ),
  ).action(async (options: TargetOptions) => {
    const chosen = choice(context, options);
    if (chosen.parts.includes("command")) await reportCommand(context, await uninstallCommand(chosen.binDir));
    const planned = await planInstall(chosen);
    report(context, planned, await uninstallOwnedFiles(planned));
  });
}

function parseParts(value: string): InstallPart[] {
  const parts = value.split(",").map((part) => part.trim());
  const unknown = parts.filter((part) => !INSTALL_PARTS.some((known) => known === part));
  if (unknown.length > 0 || parts.length === 0) {
    throw new InvalidArgumentError(`Allowed parts are ${INSTALL_PARTS.join(", ")} (comma-separated).`);
  }
  return INSTALL_PARTS.filter((part) => parts.includes(part));
}

/** One line for the link; on install, whether a shell will find it (the folder on PATH, nothing before it). */
async function reportCommand(context: CliContext, change: CommandChange, binDir?: string): Promise<void> {
  if (change.outcome === "refused") {
    context.warn(`command: refused ${change.file}: ${change.reason ?? "left alone"}`);
    process.exitCode = 1;
    return;
  }
  const arrow =
    change.outcome === "removed" || change.outcome === "not-installed" ? "" : ` → ${change.target}`;
  context.print(`command: ${SAID[change.outcome]} ${change.file}${arrow}`);
  if (binDir === undefined) return;
  const path = userPath(context.env);
  if (!isOnPath(binDir, context.env.PATH)) {
    context.note(
      `note: ${binDir} is not on your PATH; add it in your shell's startup file (~/.bashrc, ~/.zshrc), then open a new shell:\n  export PATH="${binDir}:$PATH"`,
    );
    return;
  }
  const first = await findExecutable("samocode", { PATH: path }, context.cwd);
  if (first !== undefined && resolve(first) !== resolve(change.file)) {
    context.note(`note: ${first} comes before ${change.file} on your PATH, so a shell runs that one`);
  }
}

function choice(context: CliContext, options: TargetOptions) {
  const picked = SKILL_TARGETS.filter((target) => options[target] === true);
  const targets: SkillTarget[] = picked.length === 0 ? [...SKILL_TARGETS] : picked;
  const parts: InstallPart[] = options.only ?? [...INSTALL_PARTS];
  const home = where(context, options);
  const env = options.dir === undefined ? context.env : {};
  const binDir = binDirFor(env, home.home, options.binDir, context.cwd);
  return { parts, targets, where: home, binDir };
}

function where(context: CliContext, options: TargetOptions): SkillHome {
  if (options.dir !== undefined) return { home: resolve(context.cwd, options.dir) };
  return { home: context.env.HOME || homedir(), claudeConfigDir: context.env.CLAUDE_CONFIG_DIR };
}

function nextStep(chosen: readonly InstallPart[]): string {
  const parts = new Set(chosen);
  const steps: string[] = [];
  if (parts.has("command")) steps.push('in your repo: samocode init, then samocode spawn "<task>"');
  const agent = ["start a new Claude Code or Codex session"];
  if (parts.has("skill")) agent.push('say "run samocode on <your task>" to hand it a task');
  if (parts.has("method"))
    agent.push("use the method by hand: /dive, /task, /create-plan, /dop2, /multi-review …");
  if (agent.length > 1) steps.push(`${agent[0]}; ${agent.slice(1).join("; or ")}`);
  return `next: ${steps.join("; and ")}`;
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
