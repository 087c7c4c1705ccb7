import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";
import { createUpdateMark, UPDATE_MARK_FILE } from "./update-mark.ts";

describe("the handled-update mark", () => {
  it("refuses an update at or below the last one, also after a restart", async () => {
    const dir = await makeTempDir();
    const mark = createUpdateMark(dir, "123");
    expect(await mark.claim(10)).toBe(true);
    expect(await mark.claim(10)).toBe(false);
    expect(await mark.claim(9)).toBe(false);
    expect(await createUpdateMark(dir, "123").claim(10)).toBe(false);
    expect(await createUpdateMark(dir, "123").claim(11)).toBe(true);
  });

  it("forgets the mark for another bot, and once Telegram no longer redelivers (a day)", async () => {
    const dir = await makeTempDir();
    let now = 1_000_000;
    expect(await createUpdateMark(dir, "123", () => now).claim(500)).toBe(true);
    // A new token: its ids are another sequence.
    expect(await createUpdateMark(dir, "456", () => now).claim(7)).toBe(true);
    expect(await createUpdateMark(dir, "456", () => now).claim(7)).toBe(false);
    // A week of silence: Telegram may start ids anywhere, lower ones included.
    now += 8 * 24 * 60 * 60 * 1000;
    expect(await createUpdateMark(dir, "456", () => now).claim(3)).toBe(true);
  });

  it("takes a damaged mark for none, but refuses to act when the mark cannot be read at all", async () => {
    const damaged = await makeTempDir();
    await writeFile(join(damaged, UPDATE_MARK_FILE), "{not json");
    expect(await createUpdateMark(damaged, "123").claim(1)).toBe(true);
    const folder = await makeTempDir();
    await mkdir(join(folder, UPDATE_MARK_FILE));
    const mark = createUpdateMark(folder, "123");
    await expect(mark.claim(1)).rejects.toThrow(`cannot read ${join(folder, UPDATE_MARK_FILE)}`);
  });
});
