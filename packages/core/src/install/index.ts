// Re-exports of the install concern (the parent-session skill and the method for Claude Code and Codex);
// owned by its folder.
export * from "./install-plan.ts";
export * from "./owned-files.ts";
export * from "./skill-marker.ts";
export * from "./skill-source.ts";
export * from "./skill-targets.ts";
