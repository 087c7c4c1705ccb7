// The supervisor process: one per PM2 daemon, serving every project with sessions there. It reconciles each
// project from its own folders on start, on changes under any project's SESSIONS, on PM2 process events (a
// worker exited, PM2 gave up on one) and on a slow safety tick, until its signal aborts. An app it cannot
// attribute to a project it serves is never touched.
import { mkdir } from "node:fs/promises";
import { basename } from "node:path";
import {
  FLEET_CAP_FILE,
  type Logger,
  type MachineConfig,
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
import { appsOfProject, createServedProjects } from "./served-projects.ts";
import { checkStalls, type StallWatchOptions, stallCheckInterval } from "./stall-watch.ts";
import { createEventSink, type EventSink } from "./supervisor-events.ts";
import { SUPERVISOR_APP } from "./worker-app.ts";

export const SAFETY_TICK_MS = 30_000;

/** The files whose changes can change a plan; everything else under SESSIONS is noise to the supervisor. */
const RELEVANT_FILES = new Set<string>([SESSION_FILES.hook, SESSION_FILES.lease, SESSION_FILES.decision]);
/** Provider streams churn constantly; the supervisor's own files would wake it in a loop. */
const NOISE = /\/(_logs|_inbox|_supervisor|_archive)(\/|$)|\/\.creating-/;

export type SupervisorOptions = {
  /** The machine-wide settings and the user's folders (the list of projects, the shared state). */
  machine: MachineConfig;
  /** The environment projects are loaded with and workers the supervisor starts get. */
  env: Readonly<Record<string, string | undefined>>;
  interpreter: string;
  logger: Logger;
  signal: AbortSignal;
  /** Extra event sinks, e.g. the Telegram notifier (issue 7). */
  notifiers?: readonly EventSink[];
  /** Runs after every pass with the projects served (the notifications look at each session's new state). */
  afterPass?: (projects: readonly WorkerLaunch[]) => Promise<void>;
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
  const { machine, logger, signal } = options;
  const projects = createServedProjects(options);
  const pm2 = await connectPm2({ startDaemon: true });
  const crashes = createCrashWindow();
  const fleetSink = createEventSink({ dir: machine.user.state, logger, notifiers: options.notifiers ?? [] });
  const fleetBudget = createFleetBudgetWatch({
    stateDir: machine.user.state,
    configuredCapUsd: machine.fleetBudgetUsd,
    sink: fleetSink,
    logger,
    onChange: options.onFleetBudget,
  });
  let served: WorkerLaunch[] = [];
  let first = true;
  let idleSaid = false;
  let sweptAt = 0;
  const unreadableConvoys = new Set<string>();
  const watchers = createWatchers(logger, () => passes.requestSoon());
  // Each step is on its own: one failing (an unreadable file, one broken project) never silences the rest.
  const step = async (name: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      logger.error(`${name} failed`, {
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  };
  const passes = createPassQueue(
    async () => {
      const apps = await pm2.list();
      const now = new Date();
      crashes.observe(apps, now.getTime());
      served = await projects.discover(apps);
      if (served.length === 0 && !idleSaid) {
        logger.info("no project known yet: nothing to supervise until a samocode spawn in a project");
      }
      idleSaid = served.length === 0;
      let actions = 0;
      for (const launch of served) {
        const sink = createEventSink({
          dir: sessionsRootPaths(launch.config.paths.sessions).supervisor,
          logger,
          notifiers: options.notifiers ?? [],
        });
        await step(`reconcile of ${launch.project.id}`, async () => {
          const mine = await appsOfProject(apps, launch.project.config);
          actions += (
            await reconcileOnce({ pm2, launch, apps: mine, crashes, sink, logger, now: () => new Date() })
          ).length;
        });
      }
      const roots = served.map((launch) => launch.config.paths.sessions);
      // The budget first: every moment it waits, loops may start iterations past the cap.
      await step("fleet budget check", () => fleetBudget.check(new Date(), roots));
      await step("notifications", async () => options.afterPass?.(served));
      for (const launch of served) {
        const sessionsRoot = launch.config.paths.sessions;
        const sink = createEventSink({
          dir: sessionsRootPaths(sessionsRoot).supervisor,
          logger,
          notifiers: options.notifiers ?? [],
        });
        await step(`convoy check of ${launch.project.id}`, () =>
          announceConvoys({
            sessionsRoot,
            sink,
            onAnnounce: options.onConvoy,
            onUnreadable: (convoy, error) => {
              const key = `${sessionsRoot}/${convoy}`;
              if (unreadableConvoys.has(key)) return;
              unreadableConvoys.add(key);
              logger.warn("a convoy file cannot be read; fix or remove it", { convoy, error });
            },
          }),
        );
      }
      if (Date.now() - sweptAt >= STAGING_MAX_AGE_MS) {
        sweptAt = Date.now();
        for (const root of roots) {
          await step("staging sweep", async () => {
            for (const path of await sweepAbandonedStaging(root, new Date()))
              logger.info("removed an abandoned session staging folder", { path });
          });
        }
      }
      await step("watching", () => watchers.sync([...roots, machine.user.state]));
      if (first)
        logger.info("first reconcile pass done", { actions, projects: served.map((p) => p.project.id) });
      first = false;
    },
    (error) => logger.error("reconcile pass failed", { error: String(error) }),
  );
  let timer: NodeJS.Timeout | undefined;
  let stallTimer: NodeJS.Timeout | undefined;
  try {
    await mkdir(machine.user.state, { recursive: true });
    // A worker exited or came back, in any project (other apps' events cost one cheap pass).
    await pm2.onProcessEvent((event) => {
      if (event.name !== SUPERVISOR_APP) passes.requestSoon();
    });
    timer = setInterval(passes.request, options.tickMs ?? SAFETY_TICK_MS);
    stallTimer = startStallWatch(() => served, logger, options.onStall);
    options.onReady?.(passes.requestSoon);
    logger.info("supervisor started", { pid: process.pid, projects: machine.user.projectsFile });
    passes.request();
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    if (timer !== undefined) clearInterval(timer);
    if (stallTimer !== undefined) clearInterval(stallTimer);
    await watchers.close();
    await passes.drain();
    await pm2.close();
    logger.info("supervisor stopped");
  }
}

type Watchers = { sync: (roots: readonly string[]) => Promise<void>; close: () => Promise<void> };

/** One file watcher per SESSIONS folder served (and the user's state folder, for a raised fleet cap). */
function createWatchers(logger: Logger, onChange: () => void): Watchers {
  const open = new Map<string, FSWatcher>();
  return {
    sync: async (roots) => {
      const wanted = new Set(roots);
      for (const [root, watcher] of open) {
        if (wanted.has(root)) continue;
        open.delete(root);
        await watcher.close();
      }
      for (const root of wanted) {
        if (open.has(root)) continue;
        await mkdir(root, { recursive: true });
        open.set(root, await watchFolder(root, onChange, logger));
      }
    },
    close: async () => {
      for (const watcher of open.values()) await watcher.close();
      open.clear();
    },
  };
}

async function watchFolder(root: string, onChange: () => void, logger: Logger): Promise<FSWatcher> {
  const ignored = (path: string) => path !== root && NOISE.test(path.slice(root.length) || "/");
  const watcher = watch(root, { ignoreInitial: true, depth: 12, ignored });
  watcher.on("all", (event, path) => {
    const name = basename(path);
    if (event === "addDir" || event === "unlinkDir" || RELEVANT_FILES.has(name) || name === FLEET_CAP_FILE)
      onChange();
  });
  // Out of inotify watches and the like: the safety tick still reconciles.
  watcher.on("error", (error) => logger.warn("watching failed", { root, error: String(error) }));
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return watcher;
}

/** Stalls produce no file events, so they get a timer of their own; one check at a time, every project. */
function startStallWatch(
  served: () => readonly WorkerLaunch[],
  logger: Logger,
  onStall: StallWatchOptions["onStall"],
): NodeJS.Timeout {
  let running = false;
  let lastCheck = new Map<string, number>();
  return setInterval(() => {
    if (running) return;
    running = true;
    const now = Date.now();
    const checks = served().flatMap((launch) => {
      const { stallTimeoutMs, killGraceMs } = launch.config.runtime;
      const root = launch.config.paths.sessions;
      if (now - (lastCheck.get(root) ?? 0) < stallCheckInterval(stallTimeoutMs)) return [];
      lastCheck = new Map(lastCheck).set(root, now);
      return [checkStalls({ sessionsRoot: root, stallMs: stallTimeoutMs, killGraceMs, logger, onStall })];
    });
    Promise.all(checks)
      .catch((error: unknown) => logger.error("stall check failed", { error: String(error) }))
      .finally(() => {
        running = false;
      });
  }, STALL_TICK_MS);
}

/** The stall timer's own beat: each project is checked as often as its bound needs (stallCheckInterval). */
const STALL_TICK_MS = 250;
