import { appendFile, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import {
  appendExternalCost,
  type NewExternalCost,
  readExternalCosts,
  unfoldedExternalCosts,
} from "./external-cost-file.ts";
import { sessionPaths } from "./session-paths.ts";

const review = (over: Partial<NewExternalCost> = {}): NewExternalCost => ({
  source: "review",
  provider: "codex",
  costUsd: null,
  tokens: { input: 100, output: 10, cacheRead: 0, cacheWrite: 0 },
  durationMs: 1_500,
  outcome: "exited",
  artifact: "11-21-0905-quality-review-external-codex.md",
  ...over,
});

describe("_external_costs.jsonl", () => {
  it("reads nothing from a session without the file", async () => {
    expect(await readExternalCosts(await makeTempDir())).toEqual({ rows: [], skipped: [] });
  });

  it("never appends through a symlink an agent put in its place", async () => {
    const dir = await makeTempDir();
    const outside = join(await makeTempDir(), "elsewhere.jsonl");
    await writeFile(outside, "");
    await symlink(outside, sessionPaths(dir).externalCosts);
    await expect(appendExternalCost(dir, review())).rejects.toMatchObject({
      code: "io",
      message: expect.stringMatching(/^cannot append to .*_external_costs\.jsonl: it is a symlink/),
    });
    expect(await readFile(outside, "utf8")).toBe("");
  });

  it("appends one JSON line per run and reads the rows back in order, each with its own id", async () => {
    const dir = await makeTempDir();
    const first = await appendExternalCost(dir, review());
    const second = await appendExternalCost(
      dir,
      review({ provider: "claude", costUsd: 0.25, artifact: null }),
    );
    expect(first.id).not.toBe(second.id);
    expect((await readFile(sessionPaths(dir).externalCosts, "utf8")).split("\n")).toHaveLength(3);
    expect(await readExternalCosts(dir)).toEqual({ rows: [first, second], skipped: [] });
  });

  it("keeps every row when runs append at the same time", async () => {
    const dir = await makeTempDir();
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendExternalCost(dir, review({ durationMs: i }))),
    );
    const { rows, skipped } = await readExternalCosts(dir);
    expect(skipped).toEqual([]);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(appended.map((row) => row.id)));
  });

  it("skips a torn or foreign line with its line number, and starts the next row on a line of its own", async () => {
    const dir = await makeTempDir();
    const good = await appendExternalCost(dir, review());
    await appendFile(sessionPaths(dir).externalCosts, '{"id": "not-a-uuid"}\n{"id": "3b1');
    const later = await appendExternalCost(dir, review());
    const costs = await readExternalCosts(dir);
    expect(costs.rows).toEqual([good, later]);
    expect(costs.skipped).toEqual([
      expect.stringMatching(/_external_costs\.jsonl:2: id: /),
      expect.stringMatching(/_external_costs\.jsonl:3: not JSON/),
    ]);
  });

  it("refuses a row that breaks the schema before anything is written", async () => {
    const dir = await makeTempDir();
    await expect(appendExternalCost(dir, review({ costUsd: -1 }))).rejects.toThrow();
    expect(await readExternalCosts(dir)).toEqual({ rows: [], skipped: [] });
  });

  it("says which rows the hook's totals do not include yet", async () => {
    const dir = await makeTempDir();
    const a = await appendExternalCost(dir, review());
    const b = await appendExternalCost(dir, review());
    expect(unfoldedExternalCosts(await readExternalCosts(dir), new Set([a.id]))).toEqual([b]);
  });
});
