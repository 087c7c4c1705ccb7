// Re-exports of the session concern; owned by its folder.
export * from "./create-session.ts";
export * from "./external-cost-file.ts";
export * from "./handoff-file.ts";
export * from "./hook-file.ts";
export * from "./inbox.ts";
export * from "./loop-runner.ts";
export * from "./overview-file.ts";
export * from "./pending-notes.ts";
export * from "./qa-file.ts";
export * from "./session-name.ts";
export * from "./session-paths.ts";
export * from "./session-ref.ts";
export * from "./session-state.ts";
export * from "./signal-history.ts";
export * from "./staging-sweep.ts";
