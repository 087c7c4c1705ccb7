// What a crashed worker leaves for its successor about the attempt in flight: the provider's process
// group — written synchronously at spawn, since the hook records it only asynchronously — with the
// boot id and the leader's start time, so a group id reused after a reboot or by another program is
// never swept; and the main checkout as it was before the attempt, for the escape check.
import { z } from "zod";
import { writeFileAtomicallySync } from "../atomic-write.ts";
import type { CheckoutSnapshot } from "../git/checkout-snapshot.ts";
import { readBoundedFileSync } from "../io/bounded-file.ts";
import { parseJsonBounded, parseWithSchema } from "../io/bounded-json.ts";
import { checkoutSnapshotPath, sessionPaths } from "../session/session-paths.ts";
import { bootId, processStartTicks } from "./process-identity.ts";

const GroupRecordSchema = z.object({
  attempt: z.number(),
  pgid: z.number(),
  startTicks: z.string().nullable(),
  bootId: z.string().nullable(),
});
type GroupRecord = z.infer<typeof GroupRecordSchema>;
/** Only its shape is checked here; the escape check reads the rest (git/checkout-snapshot.ts). */
const SnapshotShapeSchema = z.looseObject({ status: z.array(z.unknown()) });
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export function writeAttemptGroup(sessionDir: string, attempt: number, pgid: number): void {
  const record: GroupRecord = {
    attempt,
    pgid,
    startTicks: processStartTicks(pgid) ?? null,
    bootId: bootId() ?? null,
  };
  writeFileAtomicallySync(sessionPaths(sessionDir).attemptGroup, `${JSON.stringify(record)}\n`);
}

/**
 * The attempt's group, if it may still be ours: same attempt, same boot, and a leader that is either
 * gone (its group members may live on) or still the very process we started.
 */
export function readAttemptGroup(sessionDir: string, attempt: number): number | undefined {
  const record = readRecord(sessionPaths(sessionDir).attemptGroup, GroupRecordSchema);
  if (record === undefined) return undefined;
  if (record.attempt !== attempt || !Number.isInteger(record.pgid) || record.pgid <= 1) return undefined;
  if (record.bootId === null || record.bootId !== (bootId() ?? null)) return undefined;
  const leaderNow = processStartTicks(record.pgid);
  if (leaderNow !== undefined && record.startTicks !== null && leaderNow !== record.startTicks)
    return undefined;
  return record.pgid;
}

export function writeCheckoutSnapshot(sessionDir: string, attempt: number, snapshot: CheckoutSnapshot): void {
  writeFileAtomicallySync(checkoutSnapshotPath(sessionDir, attempt), `${JSON.stringify(snapshot)}\n`);
}

export function readCheckoutSnapshot(sessionDir: string, attempt: number): CheckoutSnapshot | undefined {
  const value = readRecord(checkoutSnapshotPath(sessionDir, attempt), SnapshotShapeSchema);
  return value === undefined ? undefined : (value as CheckoutSnapshot);
}

/**
 * A record the loop wrote, or undefined for anything else at the path — missing, replaced by an agent with a
 * folder, FIFO, symlink or garbage: a crashed attempt's extras are then simply not used.
 */
function readRecord<S extends z.ZodType>(path: string, schema: S): z.infer<S> | undefined {
  const read = readBoundedFileSync(path, { maxBytes: MAX_RECORD_BYTES, label: path });
  if (read.kind !== "ok") return undefined;
  const json = parseJsonBounded(read.bytes.toString("utf8"), path);
  if (!json.ok) return undefined;
  const parsed = parseWithSchema(schema, json.value);
  return parsed.ok ? parsed.value : undefined;
}
