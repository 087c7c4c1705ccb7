// Re-exports of the scripted provider: its script schema, run selection and how to spawn it (main.ts is the program).
export { SCRIPT_FORMATS, type ScriptFormat } from "./invocation.ts";
export * from "./run-selection.ts";
export * from "./script-file.ts";
export * from "./script-schema.ts";
export * from "./scripted-program.ts";
