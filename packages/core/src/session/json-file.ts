// Reading a JSON state file against its schema as a result value: missing, invalid (with issues) or ok.
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { SamocodeError } from "../errors.ts";
import { formatIssues } from "../zod-issues.ts";

export type JsonFileResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: "missing"; message: string }
  | { ok: false; reason: "invalid"; message: string; issues: string[] };

export async function readJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
): Promise<JsonFileResult<z.infer<S>>> {
  const text = await readTextOrNull(path);
  if (text === null) return { ok: false, reason: "missing", message: `${path} does not exist` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: "invalid", message: `${path} is not valid JSON: ${detail}`, issues: [] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = formatIssues(parsed.error);
  return { ok: false, reason: "invalid", message: `${path} is invalid: ${issues.join("; ")}`, issues };
}

/** The file's text, or null when it does not exist; other failures are boundaries and throw. */
export async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return null;
    throw new SamocodeError("io", `cannot read ${path}`, { cause: error });
  }
}

export function isErrorCode(error: unknown, ...codes: string[]): boolean {
  return (
    error instanceof Error && "code" in error && typeof error.code === "string" && codes.includes(error.code)
  );
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
