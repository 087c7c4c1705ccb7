import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { excludeFromRepo } from "./info-exclude-file.ts";

describe("excludeFromRepo", () => {
  it("appends anchored patterns after existing content and skips paths outside the repo", async () => {
    const repo = await makeTempDir("samo-exclude-");
    await mkdir(join(repo, ".git", "info"), { recursive: true });
    await writeFile(join(repo, ".git", "info", "exclude"), "# git's template\n*.swp");
    const result = await excludeFromRepo(repo, [
      { path: join(repo, ".samocode"), folder: false },
      { path: join(repo, "state", "sessions"), folder: true },
      { path: join(repo, "..", "outside"), folder: true },
      { path: repo, folder: true },
    ]);
    expect(result).toEqual({
      kind: "updated",
      file: join(repo, ".git", "info", "exclude"),
      added: ["/.samocode", "/state/sessions/"],
    });
    expect(await readFile(join(repo, ".git", "info", "exclude"), "utf8")).toBe(
      "# git's template\n*.swp\n# added by samocode init\n/.samocode\n/state/sessions/\n",
    );
  });

  it("creates info/ when git did not, and leaves a .git file alone", async () => {
    const repo = await makeTempDir("samo-exclude-");
    await mkdir(join(repo, ".git"));
    expect(await excludeFromRepo(repo, [{ path: join(repo, ".env"), folder: false }])).toMatchObject({
      kind: "updated",
      added: ["/.env"],
    });
    const linked = await makeTempDir("samo-exclude-linked-");
    await writeFile(join(linked, ".git"), "gitdir: /elsewhere\n");
    expect(await excludeFromRepo(linked, [{ path: join(linked, ".env"), folder: false }])).toEqual({
      kind: "skipped",
      reason: `${join(linked, ".git")} is not a folder (a linked worktree or a submodule?)`,
    });
  });
});
