// Everything one session's loop needs, gathered once when it starts.

import { readdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { SamocodeConfig } from "../config/load-config.ts";
import { onlyFor } from "../io/fs-errors.ts";
import type { Logger } from "../log/logger.ts";
import type { Role } from "../prompt/build-prompt.ts";
import type { Hook } from "../session/hook-file.ts";
import type { LoopRunner } from "../session/loop-runner.ts";
import { SESSION_FILES, sessionPaths } from "../session/session-paths.ts";

export type LoopContext = {
  sessionDir: string;
  /** The session's id (`26-11-21-auth`, `lead/api`), for the commands a reason names. */
  sessionId: string;
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
  const path = sessionPaths(sessionDir).workers;
  // No `workers/` yet is a solo session; anything else wrong with it is an error to report, not "no workers".
  const workers = await readdir(path).catch(onlyFor(["ENOENT"], [] as string[], `cannot list ${path}`));
  return workers.length > 0 ? "coordinator" : "solo";
}

export type LoopOutcome =
  /** done, blocked or failed; or waiting/paused when the loop was told not to wait. */
  | { kind: "settled"; hook: Hook }
  /** A stop request ended the loop; the state is persisted and a later start goes on from it. */
  | { kind: "stopped"; hook: Hook }
  /** Another loop holds the session, or its lease cannot be read: `reason` names the holder and the fix. */
  | { kind: "lease-held"; reason: string }
  | { kind: "unreadable"; reason: string }
  /** A write failed and not even the blocked state could be recorded: the loop ended with the reason, and
   * the session is as its last committed write left it. */
  | { kind: "io-error"; reason: string };
