// A session's loop process seen from outside: who holds its lease, and when each loop started (worker.log).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { commandLine } from "./rss.ts";

/** The loop holding the session's lease, checked to be the PM2 worker entry and not some other process. */
export async function workerPid(sessionDir: string): Promise<number> {
  const lease = JSON.parse(await readFile(join(sessionDir, "_lease.json"), "utf8")) as {
    pid: number;
    owner: string;
  };
  const cmd = await commandLine(lease.pid);
  if (lease.owner !== "worker" || !cmd.includes("apps/worker/dist/main.js")) {
    throw new Error(`the lease holder pid ${lease.pid} (${lease.owner}) is not a worker: ${cmd}`);
  }
  return lease.pid;
}

/** Every "loop started" line of the session's worker.log: which pid, at what time (ms since the epoch). */
export async function loopStarts(sessionDir: string): Promise<{ pid: number; atMs: number }[]> {
  const log = await readFile(join(sessionDir, "_logs", "worker.log"), "utf8").catch(() => "");
  return log
    .split("\n")
    .filter((line) => line.includes('"loop started"'))
    .map((line) => JSON.parse(line) as { pid: number; timestamp: string })
    .map((entry) => ({ pid: entry.pid, atMs: Date.parse(entry.timestamp) }));
}
