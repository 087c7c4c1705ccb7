// A session's mailbox: one JSON file per message in `_inbox/`, moved to `_inbox/delivered/` once the
// iteration that carried it into a prompt has been applied (at least once, deduplicated by id).
import { randomBytes } from "node:crypto";
import { lstat, readdir, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import { ioError, ioFailureReason, isErrorCode, onlyFor } from "../io/fs-errors.ts";
import { readJsonFile } from "./json-file.ts";
import { openSessionFolder } from "./session-folders.ts";
import { sessionPaths } from "./session-paths.ts";

// `<UTC yyyymmddThhmmssmmmZ>-<per-process sequence>-<random>`: sorts by send time as a string.
const MESSAGE_ID = /^\d{8}T\d{9}Z-\d{3,}-[0-9a-f]{8}$/;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_FILE_BYTES = 1024 * 1024;

export const InboxMessageSchema = z.object({
  id: z.string().regex(MESSAGE_ID),
  /** A session id, or "human" for the CLI and Telegram. */
  from: z.string().min(1),
  to: z.string().min(1),
  body: z.string().min(1),
  sentAt: z.iso.datetime({ offset: true }),
});
export type InboxMessage = z.infer<typeof InboxMessageSchema>;

export type SendMessageResult =
  | { ok: true; sent: InboxMessage }
  | { ok: false; reason: "no-session" | "invalid" | "io"; message: string };
export type PendingMessages = { messages: InboxMessage[]; malformed: { file: string; reason: string }[] };
export type DeliveryResult = { moved: string[]; alreadyDelivered: string[]; unknown: string[] };

let lastStamp = "";
let sequence = 0;

export function newMessageId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, "");
  sequence = stamp === lastStamp ? sequence + 1 : 0;
  lastStamp = stamp;
  return `${stamp}-${String(sequence).padStart(3, "0")}-${randomBytes(4).toString("hex")}`;
}

export async function sendMessage(
  sessionDir: string,
  input: { from: string; to: string; body: string },
  now: Date = new Date(),
): Promise<SendMessageResult> {
  const invalid = (message: string): SendMessageResult => ({ ok: false, reason: "invalid", message });
  if (input.body.trim() === "") return invalid("the message is empty");
  if (Buffer.byteLength(input.body) > MAX_BODY_BYTES) return invalid("the message is over 64 KiB");
  for (const [field, value] of [
    ["sender", input.from],
    ["recipient", input.to],
  ] as const) {
    if (value.trim() === "" || /[\r\n]/.test(value))
      return invalid(`the ${field} must be one non-empty line`);
  }
  const info = await stat(sessionDir).catch(
    onlyFor(["ENOENT", "ENOTDIR"], null, `cannot look at ${sessionDir}`),
  );
  if (info === null || !info.isDirectory()) {
    return { ok: false, reason: "no-session", message: `no session folder at ${sessionDir}` };
  }
  const sent: InboxMessage = { id: newMessageId(now), ...input, sentAt: now.toISOString() };
  try {
    const inbox = await openSessionFolder(sessionDir, "inbox");
    await writeJsonAtomically(join(inbox, `${sent.id}.json`), sent);
  } catch (error) {
    const reason = ioFailureReason(error);
    if (reason === undefined) throw error;
    return { ok: false, reason: "io", message: `the message cannot be delivered: ${reason}` };
  }
  return { ok: true, sent };
}

/** Pending messages oldest first; unreadable files are reported and left in place, never thrown. */
export async function listPending(sessionDir: string): Promise<PendingMessages> {
  const inbox = sessionPaths(sessionDir).inbox;
  // Read through no symlink: an `_inbox` that is one is refused (and reported by the loop's folder check).
  const info = await lstat(inbox).catch(onlyFor(["ENOENT"], null, `cannot look at ${inbox}`));
  if (info === null || !info.isDirectory()) return { messages: [], malformed: [] };
  const names = await readdir(inbox).catch(onlyFor(["ENOENT"], [] as string[], `cannot list ${inbox}`));
  const result: PendingMessages = { messages: [], malformed: [] };
  // Other names are `delivered/` and atomic-write's temp files (`<id>.json.<pid>.<n>.tmp`) mid-write.
  for (const file of names.filter((name) => name.endsWith(".json"))) {
    const read = await readMessage(join(inbox, file), file);
    if (read === null) continue; // delivered by someone else since the listing
    if (read.ok) result.messages.push(read.message);
    else result.malformed.push({ file, reason: read.reason });
  }
  result.messages.sort((a, b) => a.id.localeCompare(b.id));
  return result;
}

type MessageRead = { ok: true; message: InboxMessage } | { ok: false; reason: string } | null;

/** Null when the file is gone since the listing. */
async function readMessage(path: string, file: string): Promise<MessageRead> {
  const bad = (reason: string): MessageRead => ({ ok: false, reason });
  const id = file.slice(0, -".json".length);
  if (!MESSAGE_ID.test(id)) return bad("the file name is not a message id");
  const read = await readJsonFile(path, InboxMessageSchema, { maxBytes: MAX_FILE_BYTES, label: file });
  if (!read.ok) return read.reason === "missing" ? null : bad(read.message);
  if (read.value.id !== id) return bad(`its id ${read.value.id} does not match the file name`);
  return { ok: true, message: read.value };
}

/** Moves the given messages to `delivered/`; repeating it, or repeating an id, changes nothing. */
export async function markDelivered(sessionDir: string, ids: readonly string[]): Promise<DeliveryResult> {
  const paths = sessionPaths(sessionDir);
  const result: DeliveryResult = { moved: [], alreadyDelivered: [], unknown: [] };
  await openSessionFolder(sessionDir, "inboxDelivered");
  for (const id of new Set(ids)) {
    if (!MESSAGE_ID.test(id)) {
      result.unknown.push(id);
      continue;
    }
    const target = join(paths.inboxDelivered, `${id}.json`);
    try {
      await rename(join(paths.inbox, `${id}.json`), target);
      result.moved.push(id);
    } catch (error) {
      // A folder in the way (EISDIR, ENOTEMPTY) or a full disk is the session's problem, reported with the path.
      if (!isErrorCode(error, "ENOENT")) throw ioError(`cannot move message ${id} to ${target}`, error);
      const delivered = await lstat(target).then(
        () => true,
        onlyFor(["ENOENT"], false, `cannot look at ${target}`),
      );
      (delivered ? result.alreadyDelivered : result.unknown).push(id);
    }
  }
  return result;
}
