// Re-exports of the views concern (readable renderings of session files); owned by its folder.
export * from "./attempt-log-files.ts";
export * from "./file-tail.ts";
export * from "./follow-logs.ts";
export * from "./log-line.ts";
export * from "./log-view.ts";
export * from "./render-event.ts";
export * from "./session-log-view.ts";
export * from "./worker-log-view.ts";
