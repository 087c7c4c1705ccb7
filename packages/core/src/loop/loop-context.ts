// Everything one session's loop needs, gathered once when it starts.

import { readdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { SamocodeConfig } from "../config/load-config.ts";
import type { Logger } from "../log/logger.ts";
import type { Role } from "../prompt/build-prompt.ts";
import type { LoopRunner } from "../session/loop-runner.ts";
import { SESSION_FILES, sessionPaths } from "../session/session-paths.ts";

export type LoopContext = {
  sessionDir: string;
  config: SamocodeConfig;
  /** What runs this loop; recorded in the hook so a human's action later reaches the right one. */
  runner: LoopRunner;
  logger: Logger;
  /** Stop request (SIGINT/SIGTERM): the attempt in flight is cancelled and the state persisted. */
  signal: AbortSignal;
  /** Ends the loop after the iteration in flight is applied (a gentler stop than `signal`). */
  stopAfterIteration?: AbortSignal | undefined;
  /** Exit instead of idling when the session waits on a human. */
  noWait: boolean;
  now: () => Date;
  /** A human-readable line per step, for `samocode run` in a terminal. */
  report: (line: string) => void;
};

/** worker: under `<parent>/workers/`; coordinator: has worker sessions of its own; else solo. */
export async function roleOf(sessionDir: string): Promise<Role> {
  if (basename(dirname(sessionDir)) === SESSION_FILES.workers) return "worker";
  const workers = await readdir(sessionPaths(sessionDir).workers).catch(() => [] as string[]);
  return workers.length > 0 ? "coordinator" : "solo";
}
