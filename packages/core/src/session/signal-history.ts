// `_signal_history.jsonl`: one row per processed iteration, appended by the worker, read by anyone.
// An append rewrites the whole file atomically (temp + rename) instead of appending in place: a crash
// mid-append then leaves the old file, never a torn last line, and no later append can glue a row onto
// a torn fragment. The cost is O(rows) per append, and rows are bounded by the phase iteration limits
// plus retries (a few hundred small lines), so it stays negligible. The reader still skips and reports
// lines it cannot parse (a hand edit, a copy from elsewhere) rather than failing.
import { z } from "zod";
import { writeFileAtomically } from "../atomic-write.ts";
import { MAX_JSON_DEPTH, parseJsonBounded, parseWithSchema } from "../io/bounded-json.ts";
import { PHASES } from "../phases/phase-names.ts";
import { TokensSchema } from "./hook-file.ts";
import { readTextOrNull, requireValid } from "./json-file.ts";
import { serializeWrites } from "./serial-writes.ts";
import { sessionPaths } from "./session-paths.ts";

export const HistoryRowSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  iteration: z.number().int().nonnegative(),
  attempt: z.number().int().positive(),
  fromPhase: z.enum(PHASES),
  /** Equals fromPhase for a rejected signal and for every status that does not move. */
  toPhase: z.enum(PHASES),
  /** The signal as the agent wrote it: parsed JSON (unknown fields kept), the raw text when it was not
   * JSON, or null when there was none. */
  signal: z.json(),
  accepted: z.boolean(),
  rejection: z.string().nullable(),
  /** Null when the provider was killed (timeout, stall) and left no exit code. */
  exitCode: z.number().int().nullable(),
  durationMs: z.number().nonnegative(),
  /** Null when the provider reports no cost (codex). */
  costUsd: z.number().nonnegative().nullable(),
  tokens: TokensSchema.nullable(),
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

export type HistoryReadResult = {
  rows: HistoryRow[];
  /** 1-based line numbers of lines that were skipped, with why. */
  malformed: { line: number; reason: string }[];
};

export async function appendHistoryRow(sessionDir: string, row: HistoryRow): Promise<void> {
  const valid = requireValid(HistoryRowSchema, row, "history row");
  const path = sessionPaths(sessionDir).signalHistory;
  await serializeWrites(path, async () => {
    const existing = (await readTextOrNull(path)) ?? "";
    const base = existing === "" || existing.endsWith("\n") ? existing : `${existing}\n`;
    await writeFileAtomically(path, `${base}${JSON.stringify(valid)}\n`);
  });
}

/**
 * Whether the history holds a valid row of this iteration and attempt. The loop asks after every commit,
 * so it does not validate every row: rows are appended in order, and it looks from the end.
 */
export async function hasHistoryRow(
  sessionDir: string,
  iteration: number,
  attempt: number,
): Promise<boolean> {
  const text = (await readTextOrNull(sessionPaths(sessionDir).signalHistory)) ?? "";
  const lines = text.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const row = parseLine(lines[i] ?? "");
    if (row?.iteration === iteration && row.attempt === attempt) {
      if (parseWithSchema(HistoryRowSchema, row).ok) return true;
    }
  }
  return false;
}

function parseLine(line: string): { iteration?: unknown; attempt?: unknown } | undefined {
  if (line.trim() === "") return undefined;
  const json = parseJsonBounded(line, "the line");
  return json.ok && typeof json.value === "object" && json.value !== null ? json.value : undefined;
}

export async function readHistory(sessionDir: string): Promise<HistoryReadResult> {
  const text = (await readTextOrNull(sessionPaths(sessionDir).signalHistory)) ?? "";
  const result: HistoryReadResult = { rows: [], malformed: [] };
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const number = index + 1;
    // The reason is recorded; a bad line (a hand edit, garbage, a structure too deep) is data, not an error.
    const json = parseJsonBounded(line, "the line");
    if (!json.ok) {
      const reason =
        json.problem === "syntax" ? "not valid JSON" : `nests deeper than ${MAX_JSON_DEPTH} levels`;
      result.malformed.push({ line: number, reason });
      return;
    }
    const parsed = parseWithSchema(HistoryRowSchema, json.value);
    if (parsed.ok) result.rows.push(parsed.value);
    else result.malformed.push({ line: number, reason: parsed.issues.join("; ") });
  });
  return result;
}
