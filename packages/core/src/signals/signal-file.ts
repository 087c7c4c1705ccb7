// The only code that touches `<sessionDir>/_signal.json`: reading it safely and removing a stale one.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { decodeUtf8, readBoundedFile } from "../io/bounded-file.ts";
import { parseJsonBounded, parseWithSchema } from "../io/bounded-json.ts";
import { ioError } from "../io/fs-errors.ts";
import { SESSION_FILES } from "../session/session-paths.ts";
import { type Signal, SignalSchema } from "./signal-schema.ts";

export const SIGNAL_FILE = SESSION_FILES.signal;
export const MAX_SIGNAL_BYTES = 1024 * 1024;
/** A signal is kept whole in the hook and history rows, a few levels further down: it stays well inside
 * the depth every state file is read with (io/bounded-json.ts). */
export const MAX_SIGNAL_DEPTH = 32;

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
  const read = await readBoundedFile(signalPath(sessionDir), {
    maxBytes: MAX_SIGNAL_BYTES,
    label: SIGNAL_FILE,
  });
  if (read.kind === "missing") return { kind: "missing" };
  if (read.kind === "refused") return { kind: "refused", reason: read.reason };
  return parseSignal(read.bytes);
}

// Exported for the tests and for callers holding bytes already; same verdicts as readSignal.
export function parseSignal(bytes: Uint8Array): SignalRead {
  const decoded = decodeUtf8(bytes, SIGNAL_FILE, true);
  if (!decoded.ok) return { kind: "invalid-json", reason: decoded.reason, raw: decoded.lossy };
  const raw = decoded.text;
  if (raw.trim() === "") return { kind: "empty", raw };
  const json = parseJsonBounded(raw, SIGNAL_FILE, MAX_SIGNAL_DEPTH);
  if (!json.ok) return { kind: "invalid-json", reason: json.reason, raw };
  const parsed = json.value;
  if (isEmptyObject(parsed)) return { kind: "empty", raw };
  const result = parseWithSchema(SignalSchema, parsed);
  if (result.ok) return { kind: "ok", signal: result.value, raw, parsed };
  const issues = result.issues;
  const reason = `${SIGNAL_FILE} does not match the signal schema: ${issues.join("; ")}`;
  return { kind: "invalid", reason, issues, raw, parsed };
}

// Idempotent; removes a symlink itself (never its target) and whatever else occupies the path.
export async function removeSignal(sessionDir: string): Promise<void> {
  const path = signalPath(sessionDir);
  try {
    await rm(path, { force: true, recursive: true });
  } catch (error) {
    throw ioError(`cannot remove ${path}`, error);
  }
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}
