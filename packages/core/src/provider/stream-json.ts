// Defensive readers for the providers' JSON lines: a changed field shape degrades to "absent", never a crash.

export type JsonObject = Record<string, unknown>;

/** The line as a JSON object, or undefined for non-JSON / non-object lines. */
export function parseJsonObject(line: string): JsonObject | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isObject(value) ? value : undefined;
  } catch (error) {
    // Not JSON after all (a banner or a cut line); the caller reports it as noise.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function obj(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const TARGET_KEYS = [
  "file_path",
  "path",
  "absolute_path",
  "notebook_path",
  "dir_path",
  "command",
  "pattern",
  "url",
];

/** What a tool call acts on: a file path or a command, whichever the input names first. */
export function toolTarget(input: unknown): string | undefined {
  const fields = obj(input);
  if (fields === undefined) return undefined;
  for (const key of TARGET_KEYS) {
    const value = str(fields[key]);
    if (value !== undefined && value !== "") return truncate(value, 500);
  }
  return undefined;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[${text.length - max} more chars]`;
}

/** Events carry at most this much tool output / noise; the raw log keeps everything. */
export const EVENT_TEXT_LIMIT = 2_000;
