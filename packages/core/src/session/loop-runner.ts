// Who runs a session's loop: a PM2 worker, or `samocode run` in a terminal. The loop records itself in the
// hook when it starts (`runner`); for hooks older than that field, PM2's log file in the folder tells.
// A terminal session is never handed to PM2 behind the human's back: only `samocode restart` moves it.
import { stat } from "node:fs/promises";
import type { Hook } from "./hook-file.ts";
import { isErrorCode } from "./json-file.ts";
import { sessionPaths } from "./session-paths.ts";

export type LoopRunner = NonNullable<Hook["runner"]>;

/** The runner the hook names, else "pm2" when PM2 has run the session, else "terminal". */
export async function runnerOf(
  sessionDir: string,
  hook: Pick<Hook, "runner"> | undefined,
): Promise<LoopRunner> {
  if (hook?.runner) return hook.runner;
  try {
    await stat(sessionPaths(sessionDir).pm2Out);
    return "pm2";
  } catch (error) {
    if (isErrorCode(error, "ENOENT", "ENOTDIR")) return "terminal";
    throw error;
  }
}
