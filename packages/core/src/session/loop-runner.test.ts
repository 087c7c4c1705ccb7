import { mkdir, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { runnerOf } from "./loop-runner.ts";
import { sessionPaths } from "./session-paths.ts";

describe("runnerOf", () => {
  it("is what the hook records, whatever else the folder holds", async () => {
    const dir = await makeTempDir();
    await mkdir(sessionPaths(dir).logs);
    await writeFile(sessionPaths(dir).pm2Out, "");
    expect(await runnerOf(dir, { runner: "terminal" })).toBe("terminal");
    expect(await runnerOf(dir, { runner: "pm2" })).toBe("pm2");
  });

  it("falls back, for hooks older than the field, to whether PM2 has written the worker's log", async () => {
    const dir = await makeTempDir();
    expect(await runnerOf(dir, { runner: null })).toBe("terminal");
    expect(await runnerOf(dir, undefined)).toBe("terminal");
    await mkdir(sessionPaths(dir).logs);
    await writeFile(sessionPaths(dir).pm2Out, "");
    expect(await runnerOf(dir, { runner: null })).toBe("pm2");
  });
});
