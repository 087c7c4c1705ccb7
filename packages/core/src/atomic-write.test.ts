import { mkdir, open, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";
import { writeFileAtomically, writeJsonAtomically } from "./atomic-write.ts";

describe("writeFileAtomically", () => {
  it("replaces the file rather than rewriting it in place, and leaves no temp file", async () => {
    const dir = await makeTempDir();
    const path = join(dir, "_hook.json");
    await writeFile(path, "old\n");
    const reader = await open(path, "r");
    try {
      await writeJsonAtomically(path, { epoch: 2 });
      // A reader that opened the old file still reads all of it: the new one is a different file.
      expect(await reader.readFile("utf8")).toBe("old\n");
    } finally {
      await reader.close();
    }
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ epoch: 2 });
    expect(await readdir(dir)).toEqual(["_hook.json"]);
  });

  it("lands writes to one path in call order, so the last call wins", async () => {
    const dir = await makeTempDir();
    const path = join(dir, "state.txt");
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomically(path, `write ${i}\n`)));
    expect(await readFile(path, "utf8")).toBe("write 19\n");
    expect(await readdir(dir)).toEqual(["state.txt"]);
  });

  it("rejects when the folder is missing, and the next write to that path is not held up by it", async () => {
    const dir = await makeTempDir();
    const path = join(dir, "later", "x.json");
    await expect(writeFileAtomically(path, "{}\n")).rejects.toMatchObject({
      code: "io",
      cause: { code: "ENOENT" },
    });
    await mkdir(join(dir, "later"));
    await writeFileAtomically(path, "[]\n");
    expect(await readFile(path, "utf8")).toBe("[]\n");
    expect(await readdir(join(dir, "later"))).toEqual(["x.json"]);
  });
});
