// Runs reconcile passes one at a time: requests that arrive during a pass fold into one more pass after
// it, and bursts of file events are debounced, so a busy fleet costs a pass per burst, not per event.

export type PassQueue = {
  /** Run a pass now, or once more after the one running. */
  request: () => void;
  /** Run a pass after a short quiet spell (for file and process events, which come in bursts). */
  requestSoon: () => void;
  /** Stops taking requests and resolves when the pass in flight (if any) is done. */
  drain: () => Promise<void>;
};

export function createPassQueue(
  pass: () => Promise<void>,
  onError: (error: unknown) => void,
  debounceMs = 250,
): PassQueue {
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let soon: NodeJS.Timeout | undefined;
  const run = (): void => {
    if (closed) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = pass()
      .catch(onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return {
    request: run,
    requestSoon: () => {
      if (soon !== undefined) clearTimeout(soon);
      soon = setTimeout(() => {
        soon = undefined;
        run();
      }, debounceMs);
    },
    drain: async () => {
      closed = true;
      if (soon !== undefined) clearTimeout(soon);
      while (running !== undefined) await running;
    },
  };
}
