// Re-exports of the phases concern; owned by its folder.
export * from "./judge-signal.ts";
export * from "./phase-iterations.ts";
export * from "./phase-names.ts";
export * from "./phase-registry.ts";
