// `samocode logs -f`: what is there, then every line appended to `_logs/` as it lands, until aborted.
// File events come from chokidar (inotify on Linux), never from polling; reads are queued so lines keep order.
import { dirname, resolve } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { sessionPaths } from "../session/session-paths.ts";
import { type LogEmit, openSessionLog, type SessionLogOptions } from "./session-log-view.ts";

export type FollowOptions = SessionLogOptions & {
  signal: AbortSignal;
  /** Called once the existing lines are out and the watcher runs (tests append after this). */
  onReady?: () => void;
};

/** Resolves when `options.signal` aborts, after the reads already queued are done; rejects on a read error. */
export async function followSessionLog(
  sessionDir: string,
  options: FollowOptions,
  emit: LogEmit,
): Promise<void> {
  const dir = resolve(sessionDir);
  const logs = sessionPaths(dir).logs;
  const log = await openSessionLog(dir, options);
  // The session folder itself is watched (one level) so a `_logs/` created after we start is seen too.
  const watcher: FSWatcher = watch(dir, {
    ignoreInitial: true,
    depth: 1,
    ignored: (path) => !(path === dir || path === logs || dirname(path) === logs),
  });
  const { promise: stopped, resolve: stop } = Promise.withResolvers<void>();
  let failure: unknown;
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>): void => {
    queue = queue.then(work).catch((error: unknown) => {
      failure ??= error;
      stop();
    });
  };
  options.signal.addEventListener("abort", () => stop(), { once: true });
  if (options.signal.aborted) stop();
  try {
    watcher.on("add", (path) => enqueue(() => log.readAppended(path, emit)));
    watcher.on("change", (path) => enqueue(() => log.readAppended(path, emit)));
    watcher.on("error", (error) => {
      failure ??= error;
      stop();
    });
    await new Promise<void>((ready) => watcher.once("ready", () => ready()));
    enqueue(async () => {
      await log.readExisting(emit);
      options.onReady?.();
    });
    await stopped;
    await queue;
  } finally {
    await watcher.close();
  }
  if (failure !== undefined) throw failure;
}
