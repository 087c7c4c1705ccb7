// `_external_costs.jsonl`: what provider runs outside the loop (external reviews) cost a session, one row
// per run, appended by whoever ran it and read back by the loop, the only writer of `_hook.json`, which
// folds them into the session's totals.
import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { z } from "zod";
import { parseJsonBounded, parseWithSchema } from "../io/bounded-json.ts";
import { ioError } from "../io/fs-errors.ts";
import { PROVIDER_NAMES } from "../provider/provider-names.ts";
import { TokensSchema } from "./hook-file.ts";
import { readTextOrNull } from "./json-file.ts";
import { sessionPaths } from "./session-paths.ts";

const APPEND_NO_FOLLOW = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

/** review: `samocode review --with <cli>`. */
export const EXTERNAL_COST_SOURCES = ["review"] as const;
export type ExternalCostSource = (typeof EXTERNAL_COST_SOURCES)[number];

export const ExternalCostRowSchema = z.object({
  /** Unique per row: a folder that copied a row's cost into `_hook.json` remembers its id. */
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  source: z.enum(EXTERNAL_COST_SOURCES),
  provider: z.enum(PROVIDER_NAMES),
  /** Null when the CLI reports no cost (codex). */
  costUsd: z.number().nonnegative().nullable(),
  tokens: TokensSchema,
  durationMs: z.number().int().nonnegative(),
  /** The runner's outcome kind: exited, failed, timed-out or cancelled. */
  outcome: z.string().min(1),
  /** The artifact the run produced, a file name in the session folder; null when it produced none. */
  artifact: z.string().min(1).nullable(),
});
export type ExternalCostRow = z.infer<typeof ExternalCostRowSchema>;

export type NewExternalCost = Omit<ExternalCostRow, "id" | "at"> & { at?: string };

/**
 * `rows` in the order they were appended (the file is append-only, so a count of rows already folded stays
 * valid); `skipped` names each line that is not a valid row — a torn last line after a crash, a hand edit.
 */
export type ExternalCosts = { rows: ExternalCostRow[]; skipped: string[] };

/**
 * Rows are far below a page, and each is one write to a file opened for appending, so writers never
 * interleave; two writers that both find a torn end leave one blank line, which readers skip.
 */
export async function appendExternalCost(
  sessionDir: string,
  cost: NewExternalCost,
): Promise<ExternalCostRow> {
  const row = ExternalCostRowSchema.parse({
    ...cost,
    id: randomUUID(),
    at: cost.at ?? new Date().toISOString(),
  });
  const path = sessionPaths(sessionDir).externalCosts;
  // Appended in place, so never through a symlink an agent put there (it would write outside the session).
  const file = await open(path, APPEND_NO_FOLLOW).catch((error: unknown) => {
    throw ioError(`cannot append to ${path}`, error);
  });
  try {
    await file.write(`${(await endsTorn(file)) ? "\n" : ""}${JSON.stringify(row)}\n`);
    await file.datasync();
  } finally {
    await file.close();
  }
  return row;
}

/** A line left without its newline (a writer killed mid-write) must not swallow the next row. */
async function endsTorn(file: FileHandle): Promise<boolean> {
  const { size } = await file.stat();
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await file.read(last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

export async function readExternalCosts(sessionDir: string): Promise<ExternalCosts> {
  const path = sessionPaths(sessionDir).externalCosts;
  const text = await readTextOrNull(path);
  if (text === null) return { rows: [], skipped: [] };
  const rows: ExternalCostRow[] = [];
  const skipped: string[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const problem = parseRow(line, rows);
    if (problem !== undefined) skipped.push(`${path}:${index + 1}: ${problem}`);
  });
  return { rows, skipped };
}

/** The rows whose ids are not in `folded`, in file order: what the hook's totals do not include yet. */
export function unfoldedExternalCosts(costs: ExternalCosts, folded: ReadonlySet<string>): ExternalCostRow[] {
  return costs.rows.filter((row) => !folded.has(row.id));
}

function parseRow(line: string, rows: ExternalCostRow[]): string | undefined {
  const raw = parseJsonBounded(line, "the line");
  if (!raw.ok) return "not JSON";
  const parsed = parseWithSchema(ExternalCostRowSchema, raw.value);
  if (!parsed.ok) return parsed.issues.join("; ");
  rows.push(parsed.value);
  return undefined;
}
