import { appendFile, readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { sessionPaths } from "./session-paths.ts";
import { appendHistoryRow, type HistoryRow, hasHistoryRow, readHistory } from "./signal-history.ts";

function row(iteration: number, overrides: Partial<HistoryRow> = {}): HistoryRow {
  return {
    at: "2026-11-21T10:00:00.000Z",
    iteration,
    attempt: iteration,
    fromPhase: "investigation",
    toPhase: "requirements",
    signal: { status: "continue", phase: "requirements", extra: { kept: true } },
    accepted: true,
    rejection: null,
    exitCode: 0,
    durationMs: 1234,
    costUsd: 0.5,
    tokens: { input: 1, output: 2, cacheRead: 3, cacheWrite: 4 },
    ...overrides,
  };
}

describe("signal history", () => {
  it("appends one JSON line per row and reads them back in order", async () => {
    const dir = await makeTempDir();
    expect(await readHistory(dir)).toEqual({ rows: [], malformed: [] });
    const rejected = row(2, {
      toPhase: "investigation",
      signal: "{not json",
      accepted: false,
      rejection: "invalid JSON",
      exitCode: null,
      costUsd: null,
      tokens: null,
    });
    await appendHistoryRow(dir, row(1));
    await appendHistoryRow(dir, rejected);
    await appendHistoryRow(dir, row(3, { signal: null }));
    const text = await readFile(sessionPaths(dir).signalHistory, "utf8");
    expect(text.split("\n")).toHaveLength(4);
    expect(text.endsWith("\n")).toBe(true);
    expect(JSON.parse(text.split("\n")[1] ?? "")).toEqual(rejected);
    expect(await readHistory(dir)).toEqual({
      rows: [row(1), rejected, row(3, { signal: null })],
      malformed: [],
    });
  });

  it("skips and reports a torn trailing line, and the next append does not glue onto it", async () => {
    const dir = await makeTempDir();
    await appendHistoryRow(dir, row(1));
    const torn = JSON.stringify(row(2)).slice(0, 40);
    await appendFile(sessionPaths(dir).signalHistory, torn);
    expect(await readHistory(dir)).toEqual({
      rows: [row(1)],
      malformed: [{ line: 2, reason: "not valid JSON" }],
    });
    await appendHistoryRow(dir, row(3));
    expect(await readHistory(dir)).toEqual({
      rows: [row(1), row(3)],
      malformed: [{ line: 2, reason: "not valid JSON" }],
    });
  });

  it("reports a line of valid JSON with the wrong shape with its issues", async () => {
    const dir = await makeTempDir();
    await writeFile(sessionPaths(dir).signalHistory, `${JSON.stringify({ ...row(1), accepted: "yes" })}\n\n`);
    const result = await readHistory(dir);
    expect(result.rows).toEqual([]);
    expect(result.malformed).toEqual([{ line: 1, reason: expect.stringContaining("accepted:") }]);
  });

  it("finds a row by iteration and attempt, not one that is torn or of the wrong shape", async () => {
    const dir = await makeTempDir();
    expect(await hasHistoryRow(dir, 1, 1)).toBe(false);
    await appendHistoryRow(dir, row(1));
    await appendHistoryRow(dir, row(2, { attempt: 5 }));
    const path = sessionPaths(dir).signalHistory;
    await appendFile(path, `${JSON.stringify({ iteration: 3, attempt: 3 })}\n{"iteration":4,"att`);
    expect(await hasHistoryRow(dir, 1, 1)).toBe(true);
    expect(await hasHistoryRow(dir, 2, 5)).toBe(true);
    expect(await hasHistoryRow(dir, 2, 2)).toBe(false);
    expect(await hasHistoryRow(dir, 3, 3)).toBe(false);
    expect(await hasHistoryRow(dir, 4, 4)).toBe(false);
  });

  it("loses no row when appends race within one process", async () => {
    const dir = await makeTempDir();
    await Promise.all(Array.from({ length: 25 }, (_, index) => appendHistoryRow(dir, row(index + 1))));
    const { rows } = await readHistory(dir);
    expect(rows.map((entry) => entry.iteration).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, index) => index + 1),
    );
  });

  it("refuses to record an invalid row, which can only be a bug", async () => {
    const dir = await makeTempDir();
    await expect(appendHistoryRow(dir, row(0, { attempt: 0 }))).rejects.toThrow(
      /invalid history row: attempt/,
    );
  });
});
