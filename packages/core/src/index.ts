export * from "./atomic-write.ts";
export * from "./errors.ts";
export * from "./exit-codes.ts";
export * from "./phases.ts";
export * from "./zod-issues.ts";
