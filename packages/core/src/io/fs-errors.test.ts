import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { SamocodeError } from "../errors.ts";
import { errorMeaning, ioError, ioFailureReason, onlyFor } from "./fs-errors.ts";

const nodeError = (code: string, syscall: string, path: string) =>
  Object.assign(new Error(`${code}: something, ${syscall} '${path}'`), { code, syscall, path });

describe("filesystem errors as one line naming the path", () => {
  it.each([
    ["ENOSPC", /no space left on the device; free some space there \(ENOSPC\)/],
    ["EACCES", /permission denied.*\(EACCES\)/],
    ["EEXIST", /something else already has that name.*\(EEXIST\)/],
    ["ENOTDIR", /a part of the path is a file, not a folder.*\(ENOTDIR\)/],
    ["EISDIR", /it is a folder where a file belongs.*\(EISDIR\)/],
    ["ELOOP", /it is a symlink.*\(ELOOP\)/],
    ["EROFS", /the filesystem is read-only.*\(EROFS\)/],
    ["EDQUOT", /disk quota.*\(EDQUOT\)/],
  ])("%s", (code, meaning) => {
    const error = nodeError(code, "open", "/s/_hook.json.1.tmp");
    const reason = ioFailureReason(error);
    expect(reason).toMatch(/^open \/s\/_hook\.json\.1\.tmp: /);
    expect(reason).toMatch(meaning);
    expect(reason).not.toContain("\n");
  });

  it("finds the reason through an io error's cause chain, and nothing in a bug", () => {
    const wrapped = ioError("cannot write /s/_hook.json", nodeError("ENOSPC", "write", "/s/_hook.json"));
    expect(ioFailureReason(wrapped)).toBe(
      "cannot write /s/_hook.json: no space left on the device; free some space there (ENOSPC)",
    );
    expect(ioFailureReason(new SamocodeError("internal", "x", { cause: wrapped }))).toBe(wrapped.message);
    expect(ioFailureReason(new TypeError("undefined is not a function"))).toBeUndefined();
    expect(errorMeaning(new Error("first\nsecond"))).toBe("first");
  });

  it("onlyFor returns the value for what the caller expects and rethrows the rest with context", async () => {
    const dir = await makeTempDir();
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(join(dir, "none")).catch(onlyFor(["ENOENT"], "absent", "cannot read it"))).toBe(
      "absent",
    );
    await mkdir(join(dir, "folder"));
    await writeFile(join(dir, "file"), "x");
    await expect(
      readFile(join(dir, "folder")).catch(onlyFor(["ENOENT"], "absent", "cannot read it")),
    ).rejects.toMatchObject({
      code: "io",
      message: expect.stringMatching(/^cannot read it: it is a folder where a file belongs.*EISDIR/),
    });
  });
});
