// Re-exports of prompt building: workflow.md, agents/*.md and the iteration's news.
export * from "./agent-files.ts";
export * from "./assets.ts";
export * from "./build-prompt.ts";
export * from "./template.ts";
