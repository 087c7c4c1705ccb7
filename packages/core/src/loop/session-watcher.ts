// Wakes a waiting loop when anything in its session folder changes (answers, decisions, messages,
// workers' hooks), without polling; a slow safety tick covers events a file system fails to deliver.
import { type FSWatcher, watch } from "chokidar";

export type SessionWatcher = {
  /** Resolves on the next change, after `timeoutMs`, or when `signal` aborts. */
  next: (timeoutMs: number, signal: AbortSignal) => Promise<"changed" | "timeout" | "aborted">;
  close: () => Promise<void>;
};

export async function watchSession(
  sessionDir: string,
  onError: (error: unknown) => void,
): Promise<SessionWatcher> {
  let changed = false;
  let wake: (() => void) | undefined;
  const watcher: FSWatcher = watch(sessionDir, {
    ignoreInitial: true,
    depth: 3,
    // Provider logs churn while nothing a human does is in them.
    ignored: (path) => path.includes("/_logs/"),
  });
  watcher.on("all", () => {
    changed = true;
    wake?.();
  });
  // Out of inotify watches (ENOSPC) and the like: keep waiting on the safety tick instead of crashing.
  watcher.on("error", (error) => onError(error));
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    next: (timeoutMs, signal) =>
      new Promise((resolve) => {
        if (signal.aborted) return resolve("aborted");
        if (changed) {
          changed = false;
          return resolve("changed");
        }
        const finish = (result: "changed" | "timeout" | "aborted") => {
          clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          wake = undefined;
          changed = false;
          resolve(result);
        };
        const onAbort = () => finish("aborted");
        const timer = setTimeout(() => finish("timeout"), timeoutMs);
        signal.addEventListener("abort", onAbort, { once: true });
        wake = () => finish("changed");
      }),
    close: () => watcher.close(),
  };
}
