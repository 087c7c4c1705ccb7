// The process group of the attempt in flight, written synchronously the moment the provider starts:
// the hook records it too, but asynchronously, and a worker killed in between must not orphan it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const FILE = "_logs/attempt.pgid";

export function writeAttemptGroup(sessionDir: string, attempt: number, pgid: number): void {
  writeFileSync(join(sessionDir, FILE), `${attempt} ${pgid}\n`);
}

/** Only the given attempt's group: an older one's pgid may since belong to an unrelated process. */
export function readAttemptGroup(sessionDir: string, attempt: number): number | undefined {
  try {
    const [forAttempt, pgid] = readFileSync(join(sessionDir, FILE), "utf8").trim().split(" ").map(Number);
    return forAttempt === attempt && pgid !== undefined && Number.isInteger(pgid) && pgid > 1
      ? pgid
      : undefined;
  } catch {
    return undefined;
  }
}
