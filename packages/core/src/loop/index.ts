// Re-exports of the session loop.
export * from "./attempt-group.ts";
export * from "./commit-iteration.ts";
export * from "./iteration-outcome.ts";
export * from "./lease.ts";
export * from "./loop-context.ts";
export * from "./process-identity.ts";
export * from "./recover-session.ts";
export * from "./session-loop.ts";
export * from "./stall.ts";
export * from "./start-loop.ts";
export * from "./wait-until-runnable.ts";
