// The method as prompt text, for CLIs that cannot load the plugin per run (Codex, Gemini CLI): the phase's
// skills in full, and every other skill and reviewer agent by name, description and file to read.
import type { MethodFile, MethodPlugin } from "./method-plugin.ts";

export type MethodPromptResult = { ok: true; text: string } | { ok: false; errors: string[] };

/**
 * `skills` are the phase agent's, in its order. Names are written as the plugin presents them in Claude Code
 * (`samocode:dive`), so one set of phase instructions reads the same under every CLI.
 */
export function renderMethodPrompt(plugin: MethodPlugin, skills: readonly string[]): MethodPromptResult {
  const byName = new Map(plugin.skills.map((skill) => [skill.name, skill]));
  const missing = skills.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    return {
      ok: false,
      errors: missing.map(
        (name) => `the method has no skill "${name}" (${plugin.dir}/skills/${name}/SKILL.md)`,
      ),
    };
  }
  const qualified = (file: MethodFile) => `${plugin.name}:${file.name}`;
  const parts = [
    "# The method",
    "Skills and reviewer agents are named `<plugin>:<name>` as below. This CLI does not load them by itself: " +
      "the skills of this phase follow in full; read any other one from its file when a step calls for it. " +
      "Where a skill says to start a reviewer agent as a sub-agent and you cannot, take that reviewer's " +
      "perspective yourself, following its file.",
  ];
  for (const name of skills) {
    const skill = byName.get(name);
    if (skill) parts.push(`## Skill ${qualified(skill)}\n\n${skill.body}`);
  }
  const others = plugin.skills.filter((skill) => !skills.includes(skill.name));
  const index = [
    ...others.map((skill) => `- skill ${qualified(skill)}: ${skill.description} (file: ${skill.file})`),
    ...plugin.agents.map(
      (agent) => `- reviewer agent ${qualified(agent)}: ${agent.description} (file: ${agent.file})`,
    ),
  ];
  if (index.length > 0) parts.push(`## Other skills and reviewer agents\n\n${index.join("\n")}`);
  return { ok: true, text: parts.join("\n\n") };
}
