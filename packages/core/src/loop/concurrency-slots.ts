// SAMOCODE_MAX_CONCURRENT provider runs at once across every session of every project, first come first
// served. Each waiting run holds a ticket (ordered by time); the oldest tickets take the free slots,
// each slot a lease (pid + start time, stale when its process is gone). Only a running provider holds
// a slot, so sessions waiting on a human never block the fleet.
import { watch } from "node:fs";
import { mkdir, readdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { onlyFor } from "../io/fs-errors.ts";
import { readJsonFile } from "../session/json-file.ts";
import { acquireLease } from "./lease.ts";
import { isSameProcess, processStartTicks } from "./process-identity.ts";

const SAFETY_TICK_MS = 1_000;

const TicketSchema = z.object({ pid: z.number().int().positive(), startTicks: z.string().optional() });

export type Slot = { release: () => Promise<void>; waitedMs: number };

/** `dir`: the user's slots folder (config/user-dirs.ts), shared by every project on the machine. */
export async function acquireSlot(
  dir: string,
  max: number,
  owner: string,
  signal: AbortSignal,
): Promise<Slot | undefined> {
  const queue = join(dir, "queue");
  await mkdir(queue, { recursive: true });
  const started = Date.now();
  // Wall-clock milliseconds order tickets across processes (hrtime is per process).
  const ticket = join(
    queue,
    `${String(Date.now()).padStart(15, "0")}-${String(process.pid).padStart(8, "0")}.json`,
  );
  await writeFile(
    ticket,
    JSON.stringify({ pid: process.pid, startTicks: processStartTicks(process.pid), owner }),
  );
  const changes = watchDir(dir);
  try {
    for (;;) {
      if (signal.aborted) return undefined;
      const ahead = await ticketsAhead(queue, ticket);
      for (let i = 0; ahead < max && i < max; i++) {
        const slotDir = join(dir, `slot-${i}`);
        await mkdir(slotDir, { recursive: true });
        const lease = await acquireLease(slotDir, owner);
        if (lease.ok) return { release: lease.release, waitedMs: Date.now() - started };
      }
      await changes.next(SAFETY_TICK_MS, signal);
    }
  } finally {
    changes.close();
    await unlink(ticket).catch(onlyFor(["ENOENT"], undefined, `cannot remove the ticket ${ticket}`));
  }
}

/** Live tickets older than ours; tickets of processes that are gone are removed on the way. */
async function ticketsAhead(queue: string, mine: string): Promise<number> {
  const names = (await readdir(queue)).filter((n) => n.endsWith(".json")).sort();
  let ahead = 0;
  for (const name of names) {
    const path = join(queue, name);
    if (path === mine) break;
    // A ticket whose process is gone, or that is not a ticket (removed meanwhile, garbage), stops counting.
    const read = await readJsonFile(path, TicketSchema, { maxBytes: 4096 });
    const holder = read.ok ? read.value : undefined;
    if (holder === undefined || !isSameProcess(holder.pid, holder.startTicks)) {
      await unlink(path).catch(onlyFor(["ENOENT"], undefined, `cannot remove the ticket ${path}`));
      continue;
    }
    ahead++;
  }
  return ahead;
}

function watchDir(dir: string) {
  let wake: (() => void) | undefined;
  let dirty = false;
  // fs.watch is enough here: only this folder's direct changes matter, and the tick covers misses.
  const watcher = watch(dir, { recursive: true }, () => {
    dirty = true;
    wake?.();
  });
  // A watcher that fails only stops early wake-ups: the safety tick still looks every second.
  watcher.on("error", () => {
    dirty = true;
    wake?.();
  });
  return {
    next: (ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        if (dirty || signal.aborted) {
          dirty = false;
          return resolve();
        }
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          wake = undefined;
          dirty = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener("abort", done, { once: true });
        wake = done;
      }),
    close: () => watcher.close(),
  };
}
