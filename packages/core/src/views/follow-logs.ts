// `samocode logs -f` and the PM2 worker's stdout: a session's log as it is written, until its loop ends or
// the caller aborts. File events come from chokidar (inotify on Linux), never from polling; each event asks
// for one more read of everything new (session-log-view.ts), so lines keep their order however events come.
import { basename, dirname, resolve } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { readHook } from "../session/hook-file.ts";
import { sessionPaths } from "../session/session-paths.ts";
import { wantsLoop } from "../session/session-state.ts";
import { parseAttemptLogName } from "./attempt-log-files.ts";
import { type LogEmit, openSessionLog, type SessionLogOptions } from "./session-log-view.ts";

export type FollowOptions = SessionLogOptions & {
  signal: AbortSignal;
  /** Called once the existing lines are out and the watcher runs (tests append after this). */
  onReady?: () => void;
  /** Show only what is written from now on (the worker's stdout: PM2 keeps what it printed before). */
  fromEnd?: boolean;
  /**
   * End by itself once the session's loop has ended ("loop ended" in worker.log): at once when it had
   * ended before and nothing wants to run it, else at the next end.
   */
  untilLoopEnds?: boolean;
};

/** Resolves when the loop ended or `options.signal` aborts, after a last read; rejects on a read error. */
export async function followSessionLog(
  sessionDir: string,
  options: FollowOptions,
  emit: LogEmit,
): Promise<void> {
  const dir = resolve(sessionDir);
  const { logs, workerLog } = sessionPaths(dir);
  const log = await openSessionLog(dir, options);
  // The session folder itself is watched (one level) so a `_logs/` created after we start is seen too;
  // only the files a log is read from count (PM2's own pm2-out.log grows with every line the worker prints).
  const watcher: FSWatcher = watch(dir, {
    ignoreInitial: true,
    depth: 1,
    ignored: (path) =>
      !(
        path === dir ||
        path === logs ||
        path === workerLog ||
        (dirname(path) === logs && parseAttemptLogName(basename(path)) !== undefined)
      ),
  });
  const { promise: stopped, resolve: stop } = Promise.withResolvers<void>();
  let failure: unknown;
  let queue: Promise<void> = Promise.resolve();
  let again = false;
  let queued = false;
  let endsBefore = Number.POSITIVE_INFINITY;
  const enqueue = (work: () => Promise<void>): void => {
    queue = queue.then(work).catch((error: unknown) => {
      failure ??= error;
      stop();
    });
  };
  // Events that arrive while a read runs ask for one more read, not one each.
  const readAgain = (): void => {
    again = true;
    if (queued) return;
    queued = true;
    enqueue(async () => {
      while (again) {
        again = false;
        await log.readNew(emit);
      }
      queued = false;
      const ends = log.loopEnds();
      if (options.untilLoopEnds && ends.ended && ends.count > endsBefore) stop();
    });
  };
  options.signal.addEventListener("abort", () => stop(), { once: true });
  if (options.signal.aborted) stop();
  try {
    watcher.on("add", readAgain);
    watcher.on("change", readAgain);
    watcher.on("error", (error) => {
      failure ??= error;
      stop();
    });
    await new Promise<void>((ready) => watcher.once("ready", () => ready()));
    enqueue(async () => {
      if (options.fromEnd) await log.skipExisting();
      else await log.readNew(emit);
      const ends = log.loopEnds();
      // An ended loop counts only when nothing is about to run the session again (a resume, a restart).
      endsBefore = ends.ended && !(await loopWanted(dir)) ? ends.count - 1 : ends.count;
      if (options.untilLoopEnds && ends.ended && ends.count > endsBefore) stop();
      options.onReady?.();
    });
    await stopped;
    await queue;
  } finally {
    await watcher.close();
  }
  if (failure !== undefined) throw failure;
  // What landed between the last event and the stop, and the unfinished last lines.
  await log.readNew(emit);
  log.flush(emit);
}

async function loopWanted(dir: string): Promise<boolean> {
  const read = await readHook(dir);
  return read.ok && wantsLoop(read.hook);
}
