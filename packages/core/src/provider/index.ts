// Re-exports of the provider concern; owned by its folder.
export * from "./bounded-wait.ts";
export * from "./child-env.ts";
export * from "./claude-provider.ts";
export * from "./codex-provider.ts";
export * from "./error-kind.ts";
export * from "./gemini-provider.ts";
export * from "./line-splitter.ts";
export * from "./process-group.ts";
export * from "./provider-definition.ts";
export * from "./provider-names.ts";
export * from "./provider-types.ts";
export * from "./provider-version.ts";
export * from "./providers.ts";
export * from "./reset-time.ts";
export * from "./retry-policy.ts";
export * from "./run-provider.ts";
export * from "./scripted-provider.ts";
