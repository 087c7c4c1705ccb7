// Runs read-modify-write steps on one file one after another within this process.
// Across processes the session lease keeps a single writer; inside one, async callers (event stream,
// loop, watchers) could otherwise interleave a read and a write and lose an update.

const tails = new Map<string, Promise<void>>();

export async function serializeWrites<T>(key: string, step: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(step);
  // Only the order is chained: a failed step reaches its own caller below, the next step still runs.
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
