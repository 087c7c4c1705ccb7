// What a crashed worker leaves for its successor about the attempt in flight: the provider's process
// group — written synchronously at spawn, since the hook records it only asynchronously — with the
// boot id and the leader's start time, so a group id reused after a reboot or by another program is
// never swept; and the main checkout as it was before the attempt, for the escape check.
import { readFileSync } from "node:fs";
import { writeFileAtomicallySync } from "../atomic-write.ts";
import type { CheckoutSnapshot } from "../git/checkout-snapshot.ts";
import { checkoutSnapshotPath, sessionPaths } from "../session/session-paths.ts";
import { processStartTicks } from "./process-identity.ts";

const BOOT_ID = "/proc/sys/kernel/random/boot_id";

type GroupRecord = { attempt: number; pgid: number; startTicks: string | null; bootId: string | null };

export function writeAttemptGroup(sessionDir: string, attempt: number, pgid: number): void {
  const record: GroupRecord = {
    attempt,
    pgid,
    startTicks: processStartTicks(pgid) ?? null,
    bootId: bootId(),
  };
  writeFileAtomicallySync(sessionPaths(sessionDir).attemptGroup, `${JSON.stringify(record)}\n`);
}

/**
 * The attempt's group, if it may still be ours: same attempt, same boot, and a leader that is either
 * gone (its group members may live on) or still the very process we started.
 */
export function readAttemptGroup(sessionDir: string, attempt: number): number | undefined {
  let record: GroupRecord;
  try {
    record = JSON.parse(readFileSync(sessionPaths(sessionDir).attemptGroup, "utf8")) as GroupRecord;
  } catch {
    return undefined;
  }
  if (record.attempt !== attempt || !Number.isInteger(record.pgid) || record.pgid <= 1) return undefined;
  if (record.bootId === null || record.bootId !== bootId()) return undefined;
  const leaderNow = processStartTicks(record.pgid);
  if (leaderNow !== undefined && record.startTicks !== null && leaderNow !== record.startTicks)
    return undefined;
  return record.pgid;
}

export function writeCheckoutSnapshot(sessionDir: string, attempt: number, snapshot: CheckoutSnapshot): void {
  writeFileAtomicallySync(checkoutSnapshotPath(sessionDir, attempt), `${JSON.stringify(snapshot)}\n`);
}

export function readCheckoutSnapshot(sessionDir: string, attempt: number): CheckoutSnapshot | undefined {
  try {
    const value = JSON.parse(
      readFileSync(checkoutSnapshotPath(sessionDir, attempt), "utf8"),
    ) as CheckoutSnapshot;
    return Array.isArray(value.status) ? value : undefined;
  } catch {
    return undefined;
  }
}

function bootId(): string | null {
  try {
    return readFileSync(BOOT_ID, "utf8").trim();
  } catch {
    return null;
  }
}
