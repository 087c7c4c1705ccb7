// Re-exports of the provider concern; owned by its folder.
export * from "./provider-names.ts";
