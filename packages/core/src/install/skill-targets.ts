// Where each agent CLI reads a user's skills and sub-agents, as verified against the installed CLIs
// (docs/parent-session.md).
import { join } from "node:path";

/** claude: Claude Code; codex: OpenAI Codex. */
export const SKILL_TARGETS = ["claude", "codex"] as const;
export type SkillTarget = (typeof SKILL_TARGETS)[number];

/** The parent-session skill's name (skills/samocode/SKILL.md). */
export const SKILL_NAME = "samocode";

export type SkillHome = {
  home: string;
  /** Claude Code reads `$CLAUDE_CONFIG_DIR/skills` instead of `~/.claude/skills` when it is set. */
  claudeConfigDir?: string | undefined;
};

/**
 * Claude Code 2.1: `<config dir>/skills/<name>/SKILL.md` (config dir `~/.claude` unless CLAUDE_CONFIG_DIR).
 * Codex 0.17x: `~/.agents/skills` (its documented user scope, read whatever CODEX_HOME is) besides the
 * older `$CODEX_HOME/skills`; the first one stays right when a user moves CODEX_HOME.
 */
export function skillFile(target: SkillTarget, where: SkillHome, name: string = SKILL_NAME): string {
  const root =
    target === "claude" ? join(claudeConfigDir(where), "skills") : join(where.home, ".agents", "skills");
  return join(root, name, "SKILL.md");
}

/** Claude Code's user sub-agents: `<config dir>/agents/<name>.md`. Codex has no such folder. */
export function claudeAgentFile(where: SkillHome, name: string): string {
  return join(claudeConfigDir(where), "agents", `${name}.md`);
}

function claudeConfigDir(where: SkillHome): string {
  return nonEmpty(where.claudeConfigDir) ?? join(where.home, ".claude");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
