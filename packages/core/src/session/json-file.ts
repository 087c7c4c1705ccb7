// Reading a JSON state file against its schema as a result value: missing, invalid (with issues) or ok —
// for any bytes, size, nesting or file type at the path (io/bounded-file.ts, io/bounded-json.ts).
import type { z } from "zod";
import { SamocodeError } from "../errors.ts";
import { decodeUtf8, readBoundedFile } from "../io/bounded-file.ts";
import { parseJsonBounded, parseWithSchema } from "../io/bounded-json.ts";
import { formatIssues } from "../zod-issues.ts";

export { isErrorCode } from "../io/fs-errors.ts";

/** State files are small; a hook carries at most a 1 MiB signal in `lastApplied`. */
const MAX_JSON_BYTES = 8 * 1024 * 1024;
/** Text files the worker rewrites (overview, history) may grow; past this they are not ours any more. */
const MAX_TEXT_BYTES = 64 * 1024 * 1024;

export type JsonFileResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: "missing"; message: string }
  | { ok: false; reason: "invalid"; message: string; issues: string[] };

/** Never throws for what is at the path: a symlink, a FIFO, a folder, binary, huge or deep JSON are `invalid`. */
export async function readJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
  options: { maxBytes?: number; label?: string } = {},
): Promise<JsonFileResult<z.infer<S>>> {
  const label = options.label ?? path;
  const invalid = (message: string, issues: string[] = []) =>
    ({ ok: false, reason: "invalid", message, issues }) as const;
  const read = await readBoundedFile(path, { maxBytes: options.maxBytes ?? MAX_JSON_BYTES, label });
  if (read.kind === "missing") return { ok: false, reason: "missing", message: `${path} does not exist` };
  if (read.kind === "refused") return invalid(read.reason);
  const decoded = decodeUtf8(read.bytes, label, true);
  if (!decoded.ok) return invalid(decoded.reason);
  const json = parseJsonBounded(decoded.text, label);
  if (!json.ok) return invalid(json.reason);
  const parsed = parseWithSchema(schema, json.value);
  if (parsed.ok) return { ok: true, value: parsed.value };
  return invalid(`${label} is invalid: ${parsed.issues.join("; ")}`, parsed.issues);
}

/**
 * The file's text, or null when it does not exist. A symlink is followed (the writers replace it, never
 * write through it); a FIFO, folder or device, a file over 64 MiB and an unreadable one are `io` errors.
 */
export async function readTextOrNull(path: string): Promise<string | null> {
  const read = await readBoundedFile(path, { maxBytes: MAX_TEXT_BYTES, label: path, followSymlinks: true });
  if (read.kind === "missing") return null;
  if (read.kind === "refused") throw new SamocodeError("io", read.reason);
  // Like readFile(…, "utf8"): a byte order mark stays, so a file rewritten from this text keeps it.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(read.bytes);
}

/** Validates a value the worker is about to persist; an invalid one is a bug, not user input. */
export function requireValid<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new SamocodeError(
    "internal",
    `refusing to write an invalid ${what}: ${formatIssues(parsed.error).join("; ")}`,
  );
}
