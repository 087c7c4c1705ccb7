import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git, makeGitRepo } from "../../../../tests/helpers/git-repo.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { mergeBranch } from "./merge.ts";
import { ensureWorktree } from "./worktree.ts";

async function sessionBranch(repo: string, branch: string, file: string, text: string): Promise<void> {
  const path = join(await makeTempDir(), "wt");
  await ensureWorktree({ mainRepo: repo, path, branch });
  await writeFile(join(path, file), text);
  await git(path, "add", file);
  await git(path, "commit", "-q", "-m", `${branch}: ${file}`);
}

const request = (repo: string, branch: string, into = "main", squash = false) => ({
  mainRepo: repo,
  branch,
  into,
  squash,
  message: `samocode: ${branch}`,
});

describe("mergeBranch", () => {
  it("merges into the main checkout's branch with a merge commit, keeping the session branch", async () => {
    const repo = await makeGitRepo();
    await sessionBranch(repo, "samocode/a", "a.txt", "a\n");
    const outcome = await mergeBranch(request(repo, "samocode/a"));
    expect(outcome).toMatchObject({ kind: "merged", where: "main checkout" });
    expect(await git(repo, "log", "--format=%s", "-1")).toBe("samocode: samocode/a");
    expect(await git(repo, "show", "HEAD:a.txt")).toBe("a");
    expect(await git(repo, "branch", "--list", "samocode/a")).toContain("samocode/a");
    expect(await mergeBranch(request(repo, "samocode/a"))).toEqual({ kind: "up-to-date" });
  });

  it("merges into another branch in a temporary worktree without touching the main checkout", async () => {
    const repo = await makeGitRepo();
    await git(repo, "branch", "release");
    await sessionBranch(repo, "samocode/b", "b.txt", "b\n");
    await writeFile(join(repo, "human-work.txt"), "uncommitted, in progress\n");
    const outcome = await mergeBranch(request(repo, "samocode/b", "release", true));
    expect(outcome).toMatchObject({ kind: "merged", where: "temporary worktree" });
    expect(await git(repo, "log", "--format=%s %P", "-1", "release")).toMatch(
      /^samocode: samocode\/b [0-9a-f]{40}$/,
    );
    expect(await git(repo, "status", "--porcelain")).toBe("?? human-work.txt");
    expect(await git(repo, "log", "--format=%s", "-1")).toBe("initial commit");
    expect(await git(repo, "worktree", "list")).not.toContain("samocode-merge-");
  });

  it("stops at a conflict with the files listed and the target exactly as before", async () => {
    const repo = await makeGitRepo();
    await sessionBranch(repo, "samocode/one", "shared.txt", "one\n");
    await sessionBranch(repo, "samocode/two", "shared.txt", "two\n");
    expect((await mergeBranch(request(repo, "samocode/one"))).kind).toBe("merged");
    const before = await git(repo, "rev-parse", "HEAD");
    for (const squash of [false, true]) {
      const outcome = await mergeBranch(request(repo, "samocode/two", "main", squash));
      expect(outcome).toEqual({ kind: "conflict", files: ["shared.txt"] });
      expect(await git(repo, "rev-parse", "HEAD")).toBe(before);
      expect(await git(repo, "status", "--porcelain")).toBe("");
    }
    expect(await git(repo, "show", "samocode/two:shared.txt")).toBe("two");
  });

  it("refuses a dirty main checkout and unknown branches", async () => {
    const repo = await makeGitRepo();
    await sessionBranch(repo, "samocode/c", "c.txt", "c\n");
    await writeFile(join(repo, "README.md"), "edited\n");
    expect(await mergeBranch(request(repo, "samocode/c"))).toMatchObject({
      kind: "refused",
      reason: expect.stringContaining("uncommitted changes"),
    });
    expect(await mergeBranch(request(repo, "samocode/none"))).toMatchObject({
      kind: "refused",
      reason: "there is no branch samocode/none",
    });
  });

  // Issue 13: branch names reach git only after a check, and as full ref names where git resolves them.
  it("refuses a target or branch that git would read as an option, even when such a ref exists", async () => {
    const repo = await makeGitRepo();
    await sessionBranch(repo, "samocode/d", "d.txt", "d\n");
    await git(repo, "update-ref", "refs/heads/-q", "HEAD");
    const before = await git(repo, "rev-parse", "HEAD");
    for (const [branch, into] of [
      ["samocode/d", "-q"],
      ["samocode/d", "--upload-pack=x"],
      ["-q", "main"],
    ] as const) {
      expect(await mergeBranch(request(repo, branch, into))).toEqual({
        kind: "refused",
        reason: `${JSON.stringify(branch === "-q" ? branch : into)} is not a valid git branch name`,
      });
    }
    expect(await git(repo, "rev-parse", "HEAD")).toBe(before);
  });

  it("merges the branch, not a tag of the same name", async () => {
    const repo = await makeGitRepo();
    await git(repo, "tag", "samocode/e");
    await sessionBranch(repo, "samocode/e", "e.txt", "e\n");
    expect(await mergeBranch(request(repo, "samocode/e"))).toMatchObject({ kind: "merged" });
    expect(await git(repo, "show", "HEAD:e.txt")).toBe("e");
  });
});
