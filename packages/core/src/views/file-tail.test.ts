import { appendFile, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { createFileTail } from "./file-tail.ts";

async function read(tail: ReturnType<typeof createFileTail>): Promise<string[]> {
  const lines: string[] = [];
  await tail.readNew((l) => lines.push(l));
  return lines;
}

describe("createFileTail", () => {
  it("returns only what was appended since the last read, holding an unfinished line back", async () => {
    const path = join(await makeTempDir(), "a.jsonl");
    await writeFile(path, "one\ntwo\nthr");
    const tail = createFileTail(path);
    expect(await read(tail)).toEqual(["one", "two"]);
    expect(await read(tail)).toEqual([]);
    await appendFile(path, "ee\r\nfour");
    expect(await read(tail)).toEqual(["three"]);
    expect(tail.flush()).toBe("four");
    expect(tail.flush()).toBeUndefined();
  });

  it("keeps a multi-byte character split across reads intact", async () => {
    const path = join(await makeTempDir(), "a.jsonl");
    const bytes = Buffer.from("héllo\n", "utf8");
    await writeFile(path, bytes.subarray(0, 2));
    const tail = createFileTail(path);
    expect(await read(tail)).toEqual([]);
    await appendFile(path, bytes.subarray(2));
    expect(await read(tail)).toEqual(["héllo"]);
  });

  it("reads a file larger than one chunk completely", async () => {
    const path = join(await makeTempDir(), "big.jsonl");
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"n":${i},"pad":"${"x".repeat(40)}"}`);
    await writeFile(path, `${lines.join("\n")}\n`);
    const got = await read(createFileTail(path));
    expect(got.length).toBe(20_000);
    expect(got[19_999]).toBe(lines[19_999]);
  });

  it("reads a missing file as empty and starts over when the file shrinks", async () => {
    const path = join(await makeTempDir(), "later.jsonl");
    const tail = createFileTail(path);
    expect(await read(tail)).toEqual([]);
    await writeFile(path, "first\nsecond\n");
    expect(await read(tail)).toEqual(["first", "second"]);
    await truncate(path, 0);
    await writeFile(path, "new\n");
    expect(await read(tail)).toEqual(["new"]);
  });
});
