// Re-exports of the human gates: decisions, their effects, and wait checks.
export * from "./apply-decision.ts";
export * from "./decision-file.ts";
export * from "./wait-check.ts";
