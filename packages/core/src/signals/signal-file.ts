// The only code that touches `<sessionDir>/_signal.json`: reading it safely and removing a stale one.
import { constants, type Stats } from "node:fs";
import { lstat, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { SamocodeError } from "../errors.ts";
import { SESSION_FILES } from "../session/session-paths.ts";
import { formatIssues } from "../zod-issues.ts";
import { type Signal, SignalSchema } from "./signal-schema.ts";

export const SIGNAL_FILE = SESSION_FILES.signal;
export const MAX_SIGNAL_BYTES = 1024 * 1024;

// What the worker found after a run. `missing` and `empty` are "no signal" (retried by the loop);
// `refused`, `invalid-json` and `invalid` are rejections with a reason; `raw`/`parsed` go to history.
export type SignalRead =
  | { kind: "missing" }
  | { kind: "empty"; raw: string }
  | { kind: "refused"; reason: string }
  | { kind: "invalid-json"; reason: string; raw: string }
  | { kind: "invalid"; reason: string; issues: string[]; raw: string; parsed: unknown }
  | { kind: "ok"; signal: Signal; raw: string; parsed: unknown };

export function signalPath(sessionDir: string): string {
  return join(sessionDir, SIGNAL_FILE);
}

// Never throws: whatever an agent (or anything else) left at the path becomes a value.
export async function readSignal(sessionDir: string): Promise<SignalRead> {
  const path = signalPath(sessionDir);
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return { kind: "missing" };
    return { kind: "refused", reason: `${SIGNAL_FILE} cannot be inspected: ${errorText(error)}` };
  }
  const refusal = refuse(stats);
  if (refusal !== null) return { kind: "refused", reason: refusal };
  const bytes = await readCapped(path);
  if (typeof bytes === "string") return { kind: "refused", reason: bytes };
  return parseSignal(bytes);
}

// Exported for the tests and for callers holding bytes already; same verdicts as readSignal.
export function parseSignal(bytes: Uint8Array): SignalRead {
  let raw: string;
  try {
    raw = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    const lossy = new TextDecoder("utf-8").decode(bytes);
    return { kind: "invalid-json", reason: `${SIGNAL_FILE} is not UTF-8 text (binary?)`, raw: lossy };
  }
  if (raw.trim() === "") return { kind: "empty", raw };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return { kind: "invalid-json", reason: `${SIGNAL_FILE} is not valid JSON: ${errorText(error)}`, raw };
  }
  if (isEmptyObject(parsed)) return { kind: "empty", raw };
  const result = SignalSchema.safeParse(parsed);
  if (result.success) return { kind: "ok", signal: result.data, raw, parsed };
  const issues = formatIssues(result.error);
  const reason = `${SIGNAL_FILE} does not match the signal schema: ${issues.join("; ")}`;
  return { kind: "invalid", reason, issues, raw, parsed };
}

// Idempotent; removes a symlink itself (never its target) and whatever else occupies the path.
export async function removeSignal(sessionDir: string): Promise<void> {
  const path = signalPath(sessionDir);
  try {
    await rm(path, { force: true, recursive: true });
  } catch (error) {
    throw new SamocodeError("io", `cannot remove ${path}: ${errorText(error)}`, { cause: error });
  }
}

function refuse(stats: Stats): string | null {
  if (stats.isSymbolicLink()) return `${SIGNAL_FILE} is a symlink; write a regular file`;
  if (!stats.isFile()) return `${SIGNAL_FILE} is not a regular file (${fileKind(stats)})`;
  if (stats.size > MAX_SIGNAL_BYTES) return tooBig(stats.size);
  return null;
}

// Opens without following links and without blocking on a FIFO, then re-checks the opened file:
// the path may have been swapped since lstat. Reads at most one byte past the limit.
async function readCapped(path: string): Promise<Uint8Array | string> {
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, flags);
    const refusal = refuse(await handle.stat());
    if (refusal !== null) return refusal;
    const buffer = Buffer.alloc(MAX_SIGNAL_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_SIGNAL_BYTES) return tooBig(length);
    }
    return buffer.subarray(0, length);
  } catch (error) {
    return `${SIGNAL_FILE} cannot be read: ${errorText(error)}`;
  } finally {
    // Closing a read-only descriptor cannot lose data; the verdict above stands either way.
    await handle?.close().catch(() => undefined);
  }
}

function tooBig(size: number): string {
  return `${SIGNAL_FILE} is ${size} bytes; the limit is ${MAX_SIGNAL_BYTES} (1 MiB)`;
}

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "an unknown kind of file";
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
