// What `samocode install` puts where: the parts samocode offers a user's own agent sessions, as owned files.

import { SamocodeError } from "../errors.ts";
import { loadMethodPlugin } from "../method/method-plugin.ts";
import { ASSETS } from "../prompt/assets.ts";
import type { OwnedFile } from "./owned-files.ts";
import { renderSkill } from "./skill-source.ts";
import { claudeAgentFile, type SkillHome, type SkillTarget, skillFile } from "./skill-targets.ts";

/**
 * command: `samocode` on the user's PATH (a symlink to the launcher, command-link.ts);
 * skill: the parent-session skill (skills/samocode) that drives samocode through its CLI;
 * method: the plugin's skills (and, for Claude Code, its reviewer agents) for work done by hand.
 * Bare install/uninstall take all of them.
 */
export const INSTALL_PARTS = ["command", "skill", "method"] as const;
export type InstallPart = (typeof INSTALL_PARTS)[number];
/** The parts made of owned files (the command is a symlink). */
type FilePart = Exclude<InstallPart, "command">;

export type InstallPlanInput = {
  parts: readonly InstallPart[];
  targets: readonly SkillTarget[];
  where: SkillHome;
  /** How the parent skill runs samocode (see skill-source.ts); only the `skill` part uses it. */
  command?: string | undefined;
  pluginDir?: string;
};

export type PlannedFile = OwnedFile & { part: FilePart };

/** The owned files, in install order: parts as listed, then targets, then the plugin's own (sorted) order. */
export async function planInstall(input: InstallPlanInput): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  const fileParts: readonly FilePart[] = ["skill", "method"];
  for (const part of fileParts.filter((p) => input.parts.includes(p))) {
    const files = part === "skill" ? await skillFiles(input) : await methodFiles(input);
    planned.push(...files.map((file) => ({ ...file, part })));
  }
  return planned;
}

async function skillFiles(input: InstallPlanInput): Promise<OwnedFile[]> {
  const content = await renderSkill(input.command);
  return input.targets.map((target) => ({ target, file: skillFile(target, input.where), content }));
}

async function methodFiles(input: InstallPlanInput): Promise<OwnedFile[]> {
  const loaded = await loadMethodPlugin(input.pluginDir ?? ASSETS.pluginDir);
  if (!loaded.ok)
    throw new SamocodeError("internal", `the method plugin is broken:\n${loaded.errors.join("\n")}`);
  const { skills, agents } = loaded.plugin;
  return input.targets.flatMap((target) => [
    ...skills.map((skill) => ({
      target,
      file: skillFile(target, input.where, skill.name),
      content: skill.text,
    })),
    ...(target === "claude"
      ? agents.map((agent) => ({
          target,
          file: claudeAgentFile(input.where, agent.name),
          content: agent.text,
        }))
      : []),
  ]);
}
