import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { readProjectFile } from "./project-file.ts";

/** A folder with repo/ and the .samocode text given, in a project/ subfolder so relative paths are visible. */
async function projectWith(text: string) {
  const root = await makeTempDir("samo-project-");
  await mkdir(join(root, "repo"));
  await mkdir(join(root, "project"));
  const file = join(root, "project", ".samocode");
  await writeFile(file, text);
  return { root, file };
}

describe("readProjectFile", () => {
  it("resolves relative paths against the file's folder, not the cwd, and expands ~", async () => {
    const { root, file } = await projectWith(
      '# paths\nMAIN_REPO=../repo\n\nWORKTREES = ~/wt   # home\nSESSIONS="../state/sessions"\n',
    );
    expect(await readProjectFile(file, join(root, "home"))).toEqual({
      ok: true,
      paths: {
        mainRepo: join(root, "repo"),
        worktrees: join(root, "home", "wt"),
        sessions: join(root, "state", "sessions"),
      },
    });
  });

  it("accepts absolute paths and missing WORKTREES/SESSIONS folders (created when first needed)", async () => {
    const { root, file } = await projectWith("");
    await writeFile(file, `MAIN_REPO=${root}/repo\nWORKTREES=${root}/x/wt\nSESSIONS=${root}/x/s\n`);
    expect(await readProjectFile(file, "/h")).toMatchObject({
      ok: true,
      paths: { worktrees: join(root, "x", "wt") },
    });
  });

  it("names every missing key at once", async () => {
    const { file } = await projectWith("WORKTREES=../wt\n");
    expect(await readProjectFile(file, "/h")).toEqual({
      ok: false,
      errors: [
        `MAIN_REPO is not set in ${file}: expected the path of your main git checkout`,
        `SESSIONS is not set in ${file}: expected the folder where session folders are kept`,
      ],
    });
  });

  it("refuses a MAIN_REPO that does not exist and a WORKTREES that is a file", async () => {
    const { root, file } = await projectWith("MAIN_REPO=../nope\nWORKTREES=../wt-file\nSESSIONS=../s\n");
    await writeFile(join(root, "wt-file"), "");
    expect(await readProjectFile(file, "/h")).toEqual({
      ok: false,
      errors: [
        `MAIN_REPO="../nope" in ${file}:1: expected an existing folder (the path of your main git checkout); ${join(root, "nope")} does not exist`,
        `WORKTREES="../wt-file" in ${file}:2: expected a folder (the folder where session worktrees are created); ${join(root, "wt-file")} is not a folder`,
      ],
    });
  });

  it("refuses an unknown key with the nearest known one, and points runtime keys to .env", async () => {
    const { file } = await projectWith(
      "MAIN_REPO=../repo\nWORKTREES=../wt\nSESSIONS=../s\nSESIONS=x\nCLAUDE_MODEL=opus\nZZZ=1\n",
    );
    expect(await readProjectFile(file, "/h")).toEqual({
      ok: false,
      errors: [
        `SESIONS in ${file}:4 is not a known key: did you mean SESSIONS? expected one of MAIN_REPO, WORKTREES, SESSIONS`,
        `CLAUDE_MODEL in ${file}:5 is a runtime setting: expected it in the .env beside this file, or in the environment`,
        `ZZZ in ${file}:6 is not a known key: expected one of MAIN_REPO, WORKTREES, SESSIONS`,
      ],
    });
  });

  it("refuses ~user and worktrees or sessions in the main checkout's own folder", async () => {
    const bad = await projectWith("MAIN_REPO=../repo\nWORKTREES=~bob/wt\nSESSIONS=../s\n");
    expect(await readProjectFile(bad.file, "/h")).toEqual({
      ok: false,
      errors: [
        `WORKTREES="~bob/wt" in ${bad.file}:2: expected a path; only ~ and ~/… are expanded (~user is not supported)`,
      ],
    });
    const same = await projectWith("MAIN_REPO=../repo\nWORKTREES=../repo/\nSESSIONS=../s\n");
    expect(await readProjectFile(same.file, "/h")).toEqual({
      ok: false,
      errors: [
        `WORKTREES="../repo/" in ${same.file}:2: expected a folder other than MAIN_REPO (${join(same.root, "repo")})`,
      ],
    });
  });

  it("reports malformed lines by file and line before judging any key", async () => {
    const { file } = await projectWith("MAIN_REPO ../repo\nWORKTREES=../wt\n");
    expect(await readProjectFile(file, "/h")).toEqual({
      ok: false,
      errors: [`${file}:1: expected KEY=VALUE (e.g. MAIN_REPO=~/code/app), a # comment or a blank line`],
    });
  });
});
