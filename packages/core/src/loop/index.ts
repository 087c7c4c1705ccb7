// Entry point `@samocode/core/loop`: what a process needs to run one session's loop — the config, the
// session, its hook, the loop and its exit codes, and the log it echoes to its stdout. Only these modules,
// so an idle PM2 worker stays small.
export { loadConfig } from "../config/load-config.ts";
export { EXIT_CODES } from "../exit-codes.ts";
export { readHook } from "../session/hook-file.ts";
export { resolveSessionRef } from "../session/session-ref.ts";
export { followSessionLog } from "../views/follow-logs.ts";
export { runExitCode, startSessionLoop } from "./start-loop.ts";
