// Where each agent CLI reads a user's skills, as verified against the installed CLIs (docs/parent-session.md).
import { join } from "node:path";

/** claude: Claude Code; codex: OpenAI Codex. */
export const SKILL_TARGETS = ["claude", "codex"] as const;
export type SkillTarget = (typeof SKILL_TARGETS)[number];

export const SKILL_NAME = "samocode";

export type SkillHome = {
  home: string;
  /** Claude Code reads `$CLAUDE_CONFIG_DIR/skills` instead of `~/.claude/skills` when it is set. */
  claudeConfigDir?: string | undefined;
};

/**
 * Claude Code 2.1: `<config dir>/skills/<name>/SKILL.md` (config dir `~/.claude` unless CLAUDE_CONFIG_DIR).
 * Codex 0.169: `~/.agents/skills` (its documented user scope, read whatever CODEX_HOME is) besides the
 * older `$CODEX_HOME/skills`; the first one stays right when a user moves CODEX_HOME.
 */
export function skillFile(target: SkillTarget, where: SkillHome): string {
  const root =
    target === "claude"
      ? join(nonEmpty(where.claudeConfigDir) ?? join(where.home, ".claude"), "skills")
      : join(where.home, ".agents", "skills");
  return join(root, SKILL_NAME, "SKILL.md");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
