// Re-exports of the signals concern; owned by its folder.
export * from "./signal-file.ts";
export * from "./signal-json-schema.ts";
export * from "./signal-schema.ts";
