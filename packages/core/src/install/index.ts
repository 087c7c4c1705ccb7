// Re-exports of the install concern (the parent-session skill for Claude Code and Codex); owned by its folder.
export * from "./install-skills.ts";
export * from "./skill-marker.ts";
export * from "./skill-source.ts";
export * from "./skill-targets.ts";
