import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git, makeGitRepo } from "../../../../tests/helpers/git-repo.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { describeEscape, snapshotCheckout } from "./checkout-snapshot.ts";

/** What the snapshot held before it read v2 porcelain: v1 lines, a rename's original path dropped. */
async function v1Lines(repo: string): Promise<string[]> {
  const fields = (await git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all"))
    .split("\0")
    .filter((field) => field !== "");
  const lines: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? "";
    lines.push(field);
    if (field.startsWith("R") || field.startsWith("C")) i++;
  }
  return lines.sort();
}

describe("snapshotCheckout", () => {
  it("holds the same lines as v1 porcelain: modified, staged, renamed, deleted, untracked with spaces", async () => {
    const repo = await makeGitRepo();
    await writeFile(join(repo, "a.txt"), "a\n");
    await writeFile(join(repo, "b.txt"), "b\n");
    await git(repo, "add", "a.txt", "b.txt");
    await git(repo, "commit", "-q", "-m", "two files");
    await git(repo, "mv", "a.txt", "renamed.txt");
    await writeFile(join(repo, "b.txt"), "b changed\n");
    await writeFile(join(repo, "README.md"), "staged change\n");
    await git(repo, "add", "README.md");
    await writeFile(join(repo, "README.md"), "and changed again\n");
    await mkdir(join(repo, "new dir"));
    await writeFile(join(repo, "new dir", "with space.txt"), "untracked\n");
    const snapshot = await snapshotCheckout(repo);
    expect(snapshot.status).toEqual(await v1Lines(repo));
    expect(snapshot.status).toEqual(
      [" M b.txt", "?? new dir/with space.txt", "MM README.md", "R  renamed.txt"].sort(),
    );
    expect(snapshot.branch).toBe("main");
    expect(snapshot.head).toBe(await git(repo, "rev-parse", "HEAD"));
  });

  it("has no branch on a detached HEAD and no head before the first commit", async () => {
    const repo = await makeGitRepo();
    await git(repo, "checkout", "-q", "--detach");
    expect(await snapshotCheckout(repo)).toEqual({
      head: await git(repo, "rev-parse", "HEAD"),
      branch: undefined,
      status: [],
    });
    const empty = await makeTempDir();
    await git(empty, "init", "-q", "-b", "trunk");
    expect(await snapshotCheckout(empty)).toEqual({ head: undefined, branch: "trunk", status: [] });
  });

  it("reports a rename in the main checkout by its new path, and a folder that is not a repo as a failure", async () => {
    const repo = await makeGitRepo();
    const before = await snapshotCheckout(repo);
    await git(repo, "mv", "README.md", "MOVED.md");
    expect(describeEscape(repo, before, await snapshotCheckout(repo))).toMatch(
      /working tree changed \(MOVED\.md\)/,
    );
    const notRepo = await snapshotCheckout(await makeTempDir());
    expect(notRepo.head).toBeUndefined();
    expect(notRepo.status[0]).toMatch(/^\(git status failed: .*not a git repository/);
  });
});
