#!/usr/bin/env node
// Entry of the PM2 worker for one session: runs its loop. A settled session (done, blocked, failed, paused)
// settles the worker's own PM2 app and exits with EXIT_CODES.workerSettled; 3 when another loop holds the
// session; both are the app's stop codes. 2 is a config or usage error, 0 a stop by signal, and anything
// else a crash — all of which PM2 restarts. Under PM2 it also publishes metrics and actions for `pm2 monit`,
// and its stdout carries the session's readable log for `pm2 logs`.
//
// Imports come through the narrow entry points (`@samocode/core/loop`, `@samocode/supervisor/pm2-env`), never
// the packages' main surfaces: an idle worker is resident per waiting session, and every module loaded stays
// in its memory (docs/benchmarks.md).
import { parseArgs } from "node:util";
import {
  EXIT_CODES,
  followSessionLog,
  loadConfig,
  readHook,
  resolveSessionRef,
  startSessionLoop,
} from "@samocode/core/loop";
import { scrubPm2Keys } from "@samocode/supervisor/pm2-env";
import type { WorkerProbes } from "./worker-probes.ts";

const CRASH = 1;

async function main(): Promise<number> {
  const supervised = underPm2();
  // Read before PM2's keys are scrubbed from the env: the id of this worker's own app.
  const ownApp = supervised ? Number(process.env.pm_id) : undefined;
  // Before the config copies the env: providers (and agents calling `samocode spawn`) must not inherit them.
  scrubPm2Keys(process.env);
  const { values } = parseArgs({
    options: { config: { type: "string" }, session: { type: "string" } },
    strict: true,
  });
  const loaded = await loadConfig({ configPath: values.config, cwd: process.cwd(), env: process.env });
  if (!loaded.ok) return fail(loaded.errors);
  if (values.session === undefined) return fail(["--session <name or folder> is required"]);
  const ref = await resolveSessionRef(loaded.config.paths.sessions, values.session);
  if (!ref.ok) return fail([ref.reason]);
  const sessionDir = ref.session.dir;
  const stopAfterIteration = new AbortController();
  // Loaded only under PM2: importing @pm2/io installs its default hooks at once.
  const probes: WorkerProbes | undefined = supervised
    ? (await import("./worker-probes.ts")).publishWorkerProbes(
        { id: ref.session.id, dir: sessionDir, sessionsRoot: loaded.config.paths.sessions },
        () => requestStop(sessionDir, stopAfterIteration),
      )
    : undefined;
  const echo = await echoLog(sessionDir);
  try {
    const outcome = await startSessionLoop({
      config: loaded.config,
      sessionDir,
      owner: "worker",
      runner: "pm2",
      noWait: false,
      report,
      stopAfterIteration: stopAfterIteration.signal,
    });
    // The loop's last lines are out before PM2 may end this process (settling its app does).
    await echo.stop();
    if (outcome.kind === "lease-held") {
      process.stderr.write(`samocode worker: ${outcome.reason}\n`);
      await settle(ownApp, "stop");
      return EXIT_CODES.leaseHeld;
    }
    if (outcome.kind === "unreadable") return fail([outcome.reason]);
    if (outcome.kind === "io-error") {
      // Not a stop code: PM2 restarts the worker with its backoff, which goes on by itself once the disk
      // has room again; the hook is as the last committed write left it.
      process.stderr.write(`samocode worker: ${outcome.reason}\n`);
      return CRASH;
    }
    if (outcome.kind === "stopped" && !stopAfterIteration.signal.aborted) {
      // A signal: PM2 stopping it (it knows), or a kill from outside, after which PM2 starts it again.
      report(`${outcome.hook.session}: stopped`);
      return 0;
    }
    if (outcome.kind === "stopped") {
      // Asked through PM2 to stop: paused like `samocode stop`, or the supervisor would start it again.
      // Loaded only here: the human actions are not part of an idle worker's memory.
      const { markStopped, STOPPED_BY_HUMAN } = await import("@samocode/core/human");
      const marked = await markStopped(sessionDir, "worker", `${STOPPED_BY_HUMAN} (pm2 action)`);
      if (!marked.ok) report(`could not mark the session stopped: ${marked.reason}`);
    }
    const { hook } = outcome;
    report(`${hook.session}: ${outcome.kind === "stopped" ? "stopped" : hook.state}`);
    // A paused session keeps its app (stopped) for `pm2 ls`; a finished one's app is no longer needed.
    await settle(ownApp, hook.state === "paused" || hook.state === "waiting" ? "stop" : "delete");
    return EXIT_CODES.workerSettled;
  } finally {
    await echo.stop();
    probes?.close();
  }
}

/**
 * Leaves the app settled in PM2's list (see @samocode/supervisor/settle-worker); when PM2 does it, this process
 * ends here. Without PM2 (or when it cannot be reached) the settled exit code does the job.
 */
async function settle(ownApp: number | undefined, how: "stop" | "delete"): Promise<void> {
  if (ownApp === undefined || !Number.isInteger(ownApp)) return;
  try {
    const { settleOwnApp } = await import("@samocode/supervisor/settle-worker");
    await settleOwnApp(ownApp, how);
  } catch (error) {
    report(
      `could not ${how} this worker's PM2 app: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * One line per agent action and worker event on stdout — the lines `samocode logs` shows — so `pm2 logs`
 * and the log pane of `pm2 monit` show progress (issue 14: they were empty). From the end: PM2 keeps what
 * an earlier run of the worker printed. Started before the loop, so its first lines are not missed.
 */
async function echoLog(sessionDir: string): Promise<{ stop: () => Promise<void> }> {
  const abort = new AbortController();
  const ready = Promise.withResolvers<void>();
  const following = followSessionLog(
    sessionDir,
    { signal: abort.signal, fromEnd: true, onReady: () => ready.resolve() },
    (line) => process.stdout.write(`${line.text}\n`),
  ).catch((error: unknown) => report(`the log echo on stdout stopped: ${String(error)}`));
  await Promise.race([ready.promise, following]);
  return {
    stop: async () => {
      abort.abort();
      await following;
    },
  };
}

/**
 * The loop checks `stopAfterIteration` between iterations; a session idling at a gate or in a pause has none
 * in flight, so it is stopped at once, the way a SIGTERM stops it.
 */
function requestStop(sessionDir: string, stopAfterIteration: AbortController): string {
  stopAfterIteration.abort();
  readHook(sessionDir).then(
    (read) => {
      if (read.ok && (read.hook.state === "waiting" || read.hook.state === "paused")) {
        process.kill(process.pid, "SIGTERM");
      }
    },
    (error: unknown) => report(`stop request: cannot read the hook: ${String(error)}`),
  );
  return "the worker stops once the iteration in flight is applied";
}

/** PM2 forks its apps with an IPC channel; `samocode run`-style direct starts have none. */
function underPm2(): boolean {
  return typeof process.send === "function" && process.env.pm_id !== undefined;
}

function report(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

function fail(lines: string[]): number {
  for (const line of lines) process.stderr.write(`samocode worker: ${line}\n`);
  return EXIT_CODES.usage;
}

// Explicit exits: PM2's IPC channel would keep the process alive, and a rejected top-level promise inside
// PM2's loader is only logged, which would leave a hung "online" worker instead of a crash PM2 restarts.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `samocode worker crashed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(CRASH);
  },
);
