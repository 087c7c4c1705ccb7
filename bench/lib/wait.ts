// Polling for a condition the benchmark waits on; the timings themselves come from timestamps, not from here.
import { setTimeout as sleep } from "node:timers/promises";

const POLL_MS = 10;

/** Resolves with the first defined value `probe` gives; throws after `timeoutMs` (a safety net). */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

export { sleep };
