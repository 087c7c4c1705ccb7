// Re-exports of the environment checks.
export * from "./checks.ts";
