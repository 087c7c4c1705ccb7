import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { clearHandoff, readHandoff, writeHandoff } from "./handoff-file.ts";
import { sessionPaths } from "./session-paths.ts";

describe("handoff file", () => {
  it("writes, reads back and clears the handoff", async () => {
    const dir = await makeTempDir();
    expect(await readHandoff(dir)).toMatchObject({ ok: false, reason: "missing" });
    const at = new Date("2026-11-21T10:00:00.000Z");
    const state = { done: ["a", "b"], next: { step: 3, note: null } };
    const written = await writeHandoff(dir, { reason: "context full", state }, at);
    expect(written).toEqual({ at: "2026-11-21T10:00:00.000Z", reason: "context full", state });
    expect(await readHandoff(dir)).toEqual({ ok: true, handoff: written });
    await clearHandoff(dir);
    await clearHandoff(dir);
    expect(await readHandoff(dir)).toMatchObject({ ok: false, reason: "missing" });
  });

  it("reports a damaged file with readable issues instead of throwing", async () => {
    const dir = await makeTempDir();
    await writeFile(sessionPaths(dir).handoff, "{not json");
    expect(await readHandoff(dir)).toMatchObject({ ok: false, reason: "invalid", issues: [] });
    await writeFile(sessionPaths(dir).handoff, JSON.stringify({ at: "yesterday", reason: 1, state: [] }));
    const result = await readHandoff(dir);
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    if (!result.ok && result.reason === "invalid") {
      expect(result.issues.map((issue) => issue.split(":")[0])).toEqual(["at", "reason", "state"]);
    }
  });

  it("refuses to persist a state that is not JSON, which would be a bug upstream", async () => {
    const dir = await makeTempDir();
    await expect(writeHandoff(dir, { reason: "x", state: { f: () => 1 } })).rejects.toThrow(
      /invalid handoff/,
    );
  });
});
