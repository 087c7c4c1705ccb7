// Runs one session's loop in this process, as `samocode run` and the PM2 worker both do: a log file,
// SIGINT/SIGTERM turned into a clean stop, and the outcome returned for the caller's exit code.
import { lstat, unlink } from "node:fs/promises";
import type { SamocodeConfig } from "../config/load-config.ts";
import { EXIT_CODES } from "../exit-codes.ts";
import { ioFailureReason, onlyFor } from "../io/fs-errors.ts";
import { createLogger } from "../log/logger.ts";
import { settledWithin } from "../provider/bounded-wait.ts";
import type { LoopRunner } from "../session/loop-runner.ts";
import { openSessionFolder } from "../session/session-folders.ts";
import { sessionPaths } from "../session/session-paths.ts";
import { sessionIdOf } from "../session/session-ref.ts";
import type { LoopContext } from "./loop-context.ts";
import { type LoopOutcome, runSessionLoop } from "./session-loop.ts";

const LOG_FLUSH_MS = 5_000;

export type StartLoopOptions = {
  config: SamocodeConfig;
  sessionDir: string;
  owner: string;
  runner: LoopRunner;
  noWait: boolean;
  report: (line: string) => void;
  stopAfterIteration?: AbortSignal;
};

export async function startSessionLoop(options: StartLoopOptions): Promise<LoopOutcome> {
  const { config, sessionDir } = options;
  // A `_logs` that is a symlink or a file gets no log written through it: the loop blocks on it instead.
  const logs = await openSessionFolder(sessionDir, "logs").then(
    () => "ok" as const,
    (error: unknown) => {
      const reason = ioFailureReason(error);
      if (reason === undefined) throw error;
      options.report(`not writing worker.log: ${reason}`);
      return "refused" as const;
    },
  );
  if (logs === "ok") await dropLinkedLog(sessionPaths(sessionDir).workerLog);
  const logger = createLogger({
    file: logs === "ok" ? sessionPaths(sessionDir).workerLog : undefined,
    level: config.runtime.logLevel,
    secrets: secretValues(config.env),
  });
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info("stop requested", { signal });
    options.report(`${signal}: stopping after cleaning up the current attempt`);
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const ctx: LoopContext = {
    sessionDir,
    sessionId: sessionIdOf(config.paths.sessions, sessionDir),
    config,
    runner: options.runner,
    logger,
    signal: stop.signal,
    noWait: options.noWait,
    stopAfterIteration: options.stopAfterIteration,
    now: () => new Date(),
    report: options.report,
  };
  try {
    logger.info("loop started", { owner: options.owner, pid: process.pid });
    const outcome = await runSessionLoop(ctx, options.owner);
    logger.info("loop ended", {
      outcome: outcome.kind,
      state: "hook" in outcome ? outcome.hook.state : undefined,
    });
    return outcome;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    // Bounded: a log whose file failed (a full disk) may never report that it finished.
    const finished = new Promise<void>((resolve) => logger.on("finish", () => resolve()));
    logger.end();
    await settledWithin(finished, LOG_FLUSH_MS);
  }
}

/** `samocode run`'s exit code for an outcome (SPEC §11). */
export function runExitCode(outcome: LoopOutcome): number {
  switch (outcome.kind) {
    case "lease-held":
      return EXIT_CODES.leaseHeld;
    case "unreadable":
      return EXIT_CODES.usage;
    case "io-error":
      // Blocked in all but the record: the session needs a human before it goes on.
      return EXIT_CODES.blocked;
    case "stopped":
      // Not 0: a script must not read a stopped session as a finished one.
      return EXIT_CODES.stopped;
    case "settled":
      switch (outcome.hook.state) {
        case "done":
          return EXIT_CODES.done;
        case "blocked":
          return EXIT_CODES.blocked;
        case "failed":
          return EXIT_CODES.failed;
        default:
          return EXIT_CODES.waiting;
      }
  }
}

/**
 * `worker.log` is appended to (winston opens it with "a"): a symlink an agent put in its place is removed —
 * its target left alone — so the log is never written through it. Anything else odd there (a folder, a
 * FIFO) only fails the log, which the logger reports once.
 */
async function dropLinkedLog(path: string): Promise<void> {
  const info = await lstat(path).catch(onlyFor(["ENOENT"], undefined, `cannot look at ${path}`));
  if (info?.isSymbolicLink() === true) {
    await unlink(path).catch(onlyFor(["ENOENT"], undefined, `cannot remove the symlink ${path}`));
  }
}

function secretValues(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env)
    .filter(([key, value]) => /TOKEN|SECRET|PASSWORD|API_KEY|AUTH/i.test(key) && value.length >= 8)
    .map(([, value]) => value);
}
