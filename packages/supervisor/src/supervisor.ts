// The supervisor process: reconciles on start, on changes under SESSIONS, on PM2 process events (a
// worker exited, PM2 gave up on one) and on a slow safety tick, until its signal aborts.
import { mkdir } from "node:fs/promises";
import { basename } from "node:path";
import {
  FLEET_CAP_FILE,
  fleetCapPath,
  type Logger,
  SESSION_FILES,
  STAGING_MAX_AGE_MS,
  sessionsRootPaths,
  sweepAbandonedStaging,
} from "@samocode/core";
import { type FSWatcher, watch } from "chokidar";
import { announceConvoys, type ConvoyAnnouncement } from "./convoy-watch.ts";
import { createCrashWindow } from "./crash-window.ts";
import type { WorkerLaunch } from "./ensure-worker.ts";
import { createFleetBudgetWatch, type FleetBudgetChange } from "./fleet-budget-watch.ts";
import { createPassQueue } from "./pass-queue.ts";
import { connectPm2 } from "./pm2-client.ts";
import { reconcileOnce } from "./reconcile.ts";
import { checkStalls, type StallWatchOptions, stallCheckInterval } from "./stall-watch.ts";
import { createEventSink, type EventSink } from "./supervisor-events.ts";
import { sessionIdOfApp } from "./worker-app.ts";

export const SAFETY_TICK_MS = 30_000;

/** The files whose changes can change a plan; everything else under SESSIONS is noise to the supervisor. */
const RELEVANT_FILES = new Set<string>([
  SESSION_FILES.hook,
  SESSION_FILES.lease,
  SESSION_FILES.decision,
  FLEET_CAP_FILE,
]);
/** Provider streams churn constantly; the supervisor's own files would wake it in a loop. */
const NOISE = /\/(_logs|_inbox|_supervisor|_archive)(\/|$)|\/\.creating-/;

export type SupervisorOptions = {
  launch: WorkerLaunch;
  logger: Logger;
  signal: AbortSignal;
  /** Extra event sinks, e.g. the Telegram notifier (issue 7). */
  notifiers?: readonly EventSink[];
  /** Runs after every reconcile pass (the notifications look at each session's new state). */
  afterPass?: () => Promise<void>;
  /** A convoy outcome was announced for the first time (for notifications). */
  onConvoy?: (announcement: ConvoyAnnouncement) => void;
  /** The fleet's daily budget paused new iterations, or lifted that pause (for notifications). */
  onFleetBudget?: (change: FleetBudgetChange) => void;
  /** A stalled attempt was found and ended (for notifications). */
  onStall?: StallWatchOptions["onStall"];
  /** Receives a function that asks for a pass soon (e.g. after a Telegram action). */
  onReady?: (reconcileSoon: () => void) => void;
  tickMs?: number;
};

export async function runSupervisor(options: SupervisorOptions): Promise<void> {
  const { launch, logger, signal } = options;
  const sessionsRoot = launch.config.paths.sessions;
  const sink = createEventSink({ sessionsRoot, logger, notifiers: options.notifiers ?? [] });
  const pm2 = await connectPm2({ startDaemon: true });
  const crashes = createCrashWindow();
  const fleetBudget = createFleetBudgetWatch({
    sessionsRoot,
    configuredCapUsd: launch.config.runtime.fleetBudgetUsd,
    sink,
    logger,
    onChange: options.onFleetBudget,
  });
  let first = true;
  let sweptAt = 0;
  const unreadableConvoys = new Set<string>();
  // Each step after the reconcile is on its own: one failing (an unreadable file) never silences the rest.
  const step = async (name: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      logger.error(`${name} failed`, { error: String(error) });
    }
  };
  const passes = createPassQueue(
    async () => {
      const actions = await reconcileOnce({ pm2, launch, crashes, sink, logger, now: () => new Date() });
      // The budget first: every moment it waits, loops may start iterations past the cap.
      await step("fleet budget check", () => fleetBudget.check(new Date()));
      await step("notifications", async () => options.afterPass?.());
      await step("convoy check", () =>
        announceConvoys({
          sessionsRoot,
          sink,
          onAnnounce: options.onConvoy,
          onUnreadable: (convoy, error) => {
            if (unreadableConvoys.has(convoy)) return;
            unreadableConvoys.add(convoy);
            logger.warn("a convoy file cannot be read; fix or remove it", { convoy, error });
          },
        }),
      );
      if (Date.now() - sweptAt >= STAGING_MAX_AGE_MS) {
        sweptAt = Date.now();
        await step("staging sweep", async () => {
          for (const path of await sweepAbandonedStaging(sessionsRoot, new Date()))
            logger.info("removed an abandoned session staging folder", { path });
        });
      }
      if (first) logger.info("first reconcile pass done", { actions: actions.length });
      first = false;
    },
    (error) => logger.error("reconcile pass failed", { error: String(error) }),
  );
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stallTimer: NodeJS.Timeout | undefined;
  try {
    await mkdir(sessionsRoot, { recursive: true });
    watcher = await watchSessions(sessionsRoot, passes.requestSoon, logger);
    await pm2.onProcessEvent((event) => {
      if (sessionIdOfApp(event.name) !== undefined) passes.requestSoon();
    });
    timer = setInterval(passes.request, options.tickMs ?? SAFETY_TICK_MS);
    stallTimer = startStallWatch(launch, logger, options.onStall);
    options.onReady?.(passes.requestSoon);
    logger.info("supervisor started", { sessions: sessionsRoot, pid: process.pid });
    passes.request();
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    if (timer !== undefined) clearInterval(timer);
    if (stallTimer !== undefined) clearInterval(stallTimer);
    await watcher?.close();
    await passes.drain();
    await pm2.close();
    logger.info("supervisor stopped");
  }
}

async function watchSessions(root: string, onChange: () => void, logger: Logger): Promise<FSWatcher> {
  // The supervisor's own folder is noise except for a raised fleet cap.
  const own = sessionsRootPaths(root).supervisor;
  const ignored = (path: string) => path !== own && path !== fleetCapPath(root) && NOISE.test(path);
  const watcher = watch(root, { ignoreInitial: true, depth: 12, ignored });
  watcher.on("all", (event, path) => {
    if (event === "addDir" || event === "unlinkDir" || RELEVANT_FILES.has(basename(path))) onChange();
  });
  // Out of inotify watches and the like: the safety tick still reconciles.
  watcher.on("error", (error) => logger.warn("watching the sessions failed", { error: String(error) }));
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return watcher;
}

/** Stalls produce no file events, so they get a timer of their own; one check at a time. */
function startStallWatch(
  launch: WorkerLaunch,
  logger: Logger,
  onStall: StallWatchOptions["onStall"],
): NodeJS.Timeout {
  const { stallTimeoutMs, killGraceMs } = launch.config.runtime;
  let running = false;
  return setInterval(() => {
    if (running) return;
    running = true;
    checkStalls({
      sessionsRoot: launch.config.paths.sessions,
      stallMs: stallTimeoutMs,
      killGraceMs,
      logger,
      onStall,
    })
      .catch((error: unknown) => logger.error("stall check failed", { error: String(error) }))
      .finally(() => {
        running = false;
      });
  }, stallCheckInterval(stallTimeoutMs));
}
