// Re-exports of the config concern; owned by its folder.
export * from "./config-error-line.ts";
export * from "./config-view.ts";
export * from "./expand-path.ts";
export * from "./find-project-file.ts";
export * from "./info-exclude-file.ts";
export * from "./init-paths.ts";
export * from "./init-project-file.ts";
export * from "./key-value-file.ts";
export * from "./load-config.ts";
export * from "./project-file.ts";
export * from "./runtime-config.ts";
export * from "./runtime-env.ts";
export * from "./runtime-env-schema.ts";
