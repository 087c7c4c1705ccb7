import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git, makeGitRepo } from "../../../../tests/helpers/git-repo.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { describeEscape, snapshotCheckout } from "./checkout-snapshot.ts";
import { isValidBranchName, resolveBase } from "./ref-check.ts";
import { currentBranch, headMovedAt } from "./repo-info.ts";
import { ensureWorktree, listWorktrees, removeWorktree, sessionBranch } from "./worktree.ts";

describe("sessionBranch", () => {
  it("prefixes samocode/ and an optional user prefix without doubled slashes", () => {
    expect(sessionBranch("auth")).toBe("samocode/auth");
    expect(sessionBranch("auth", "me/")).toBe("me/samocode/auth");
  });
});

describe("worktrees", () => {
  it("creates a worktree on a new branch from the main checkout's branch, then reuses it", async () => {
    const repo = await makeGitRepo();
    const path = join(await makeTempDir(), "26-11-21-auth");
    const first = await ensureWorktree({ mainRepo: repo, path, branch: "samocode/auth" });
    expect(first).toMatchObject({ ok: true, created: true, reusedBranch: false, base: "main" });
    expect(await currentBranch(path)).toBe("samocode/auth");
    const again = await ensureWorktree({ mainRepo: repo, path, branch: "samocode/auth" });
    expect(again).toMatchObject({ ok: true, created: false });
    expect((await listWorktrees(repo)).map((w) => w.branch)).toContain("samocode/auth");
  });

  it("reuses an existing branch with its commits", async () => {
    const repo = await makeGitRepo();
    await git(repo, "branch", "samocode/old");
    await git(repo, "commit", "-q", "--allow-empty", "-m", "on main only");
    const path = join(await makeTempDir(), "wt");
    const result = await ensureWorktree({ mainRepo: repo, path, branch: "samocode/old" });
    expect(result).toMatchObject({ ok: true, reusedBranch: true });
    expect(await git(path, "log", "--format=%s", "-1")).toBe("initial commit");
  });

  it("branches from an explicit base and refuses bad branch names and occupied paths", async () => {
    const repo = await makeGitRepo();
    await git(repo, "checkout", "-q", "-b", "feature");
    await git(repo, "commit", "-q", "--allow-empty", "-m", "feature work");
    await git(repo, "checkout", "-q", "main");
    const dir = await makeTempDir();
    const fromFeature = await ensureWorktree({
      mainRepo: repo,
      path: join(dir, "a"),
      branch: "s/a",
      base: "feature",
    });
    expect(fromFeature.ok).toBe(true);
    expect(await git(join(dir, "a"), "log", "--format=%s", "-1")).toBe("feature work");
    const bad = await ensureWorktree({ mainRepo: repo, path: join(dir, "b"), branch: "bad..name" });
    expect(bad).toMatchObject({ ok: false, reason: expect.stringContaining("not a valid git branch name") });
    await mkdir(join(dir, "c"));
    const occupied = await ensureWorktree({ mainRepo: repo, path: join(dir, "c"), branch: "s/c" });
    expect(occupied).toMatchObject({ ok: false, reason: expect.stringContaining("already exists") });
  });

  it("refuses to remove a dirty worktree unless forced, and keeps the branch unless asked", async () => {
    const repo = await makeGitRepo();
    const path = join(await makeTempDir(), "wt");
    await ensureWorktree({ mainRepo: repo, path, branch: "samocode/x" });
    await writeFile(join(path, "scratch.txt"), "work in progress\n");
    const refused = await removeWorktree(repo, path);
    expect(refused).toMatchObject({ ok: false, dirty: true });
    expect(existsSync(path)).toBe(true);
    expect(await removeWorktree(repo, path, { force: true })).toEqual({ ok: true });
    expect(existsSync(path)).toBe(false);
    expect(await git(repo, "branch", "--list", "samocode/x")).toContain("samocode/x");
  });

  it("explains a repo without commits", async () => {
    const dir = await makeTempDir();
    await git(dir, "init", "-q", "-b", "main");
    expect(await resolveBase(dir)).toMatchObject({ ok: false, cause: "no-commit" });
    const result = await ensureWorktree({ mainRepo: dir, path: join(dir, "..", "wt-x"), branch: "s/x" });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining("no commit") });
  });

  // Issue 13: this once answered "has no commit to branch from; commit something first".
  it("says a MAIN_REPO that is no git repository is not one, and how to fix it", async () => {
    const plain = await makeTempDir();
    const result = await ensureWorktree({ mainRepo: plain, path: join(plain, "wt"), branch: "s/x" });
    expect(result).toEqual({
      ok: false,
      reason: `MAIN_REPO ${plain} is not a git repository; run \`git init\` there and commit something, or set MAIN_REPO in .samocode to your checkout`,
    });
    expect(await resolveBase(plain, "main")).toMatchObject({ ok: false, cause: "not-a-repository" });
  });
});

// Issue 13: `--base=--no-checkout` reached `git worktree add` as an option and left an empty index.
describe("git argument discipline", () => {
  it("refuses a base that git would read as an option, creating nothing", async () => {
    const repo = await makeGitRepo();
    const dir = await makeTempDir();
    const marker = join(dir, "upload-pack-ran");
    for (const base of ["--no-checkout", `--upload-pack=touch ${marker}`, "-b", ""]) {
      const path = join(dir, "wt");
      const result = await ensureWorktree({ mainRepo: repo, path, branch: "samocode/b", base });
      expect(result, base).toMatchObject({ ok: false, reason: expect.stringMatching(/^the base /) });
      expect(existsSync(path), base).toBe(false);
      expect(await git(repo, "branch", "--list", "samocode/b"), base).toBe("");
    }
    expect(existsSync(marker)).toBe(false);
    expect(await resolveBase(repo, "--no-checkout")).toEqual({
      ok: false,
      cause: "bad-ref",
      reason: 'the base "--no-checkout" starts with "-", so git would read it as an option',
    });
    expect(await resolveBase(repo, "main\nx")).toMatchObject({ ok: false, cause: "bad-ref" });
  });

  it("resolves a base to its commit, and names one that does not exist", async () => {
    const repo = await makeGitRepo();
    const head = await git(repo, "rev-parse", "HEAD");
    await git(repo, "tag", "v1");
    expect(await resolveBase(repo)).toEqual({ ok: true, ref: "main", commit: head });
    expect(await resolveBase(repo, "v1")).toEqual({ ok: true, ref: "v1", commit: head });
    expect(await resolveBase(repo, "main~0")).toEqual({ ok: true, ref: "main~0", commit: head });
    expect(await resolveBase(repo, "nope")).toEqual({
      ok: false,
      cause: "unknown-ref",
      reason: `the base "nope" is not a branch, tag or commit of ${repo}`,
    });
    const path = join(await makeTempDir(), "wt");
    expect(await ensureWorktree({ mainRepo: repo, path, branch: "s/t", base: "v1" })).toMatchObject({
      ok: true,
      base: "v1",
    });
    expect(await git(path, "ls-files")).toBe("README.md");
  });

  it("takes a branch name only as written: no option, no @{-1} shorthand", async () => {
    const repo = await makeGitRepo();
    await git(repo, "checkout", "-q", "-b", "other");
    await git(repo, "checkout", "-q", "main");
    expect(await isValidBranchName(repo, "samocode/x")).toBe(true);
    for (const name of ["@{-1}", "-x", "--no-checkout", "a..b", ""]) {
      expect(await isValidBranchName(repo, name), name).toBe(false);
    }
    const path = join(await makeTempDir(), "wt");
    const result = await ensureWorktree({ mainRepo: repo, path, branch: "@{-1}" });
    expect(result).toEqual({ ok: false, reason: '"@{-1}" is not a valid git branch name' });
  });
});

describe("main checkout escape check", () => {
  it("sees nothing when only the worktree changed", async () => {
    const repo = await makeGitRepo();
    const path = join(await makeTempDir(), "wt");
    await ensureWorktree({ mainRepo: repo, path, branch: "samocode/w" });
    const before = await snapshotCheckout(repo);
    await writeFile(join(path, "feature.ts"), "export {};\n");
    await git(path, "add", "feature.ts");
    await git(path, "commit", "-q", "-m", "feature in the worktree");
    expect(describeEscape(repo, before, await snapshotCheckout(repo))).toBeUndefined();
  });

  it("reports a commit, a branch switch and a dirtied file in the main checkout", async () => {
    const repo = await makeGitRepo();
    const before = await snapshotCheckout(repo);
    await writeFile(join(repo, "oops.txt"), "written in the wrong place\n");
    expect(describeEscape(repo, before, await snapshotCheckout(repo))).toMatch(
      /working tree changed \(oops.txt\)/,
    );
    await git(repo, "add", "oops.txt");
    await git(repo, "commit", "-q", "-m", "wrong place");
    await git(repo, "checkout", "-q", "-b", "elsewhere");
    const reason = describeEscape(repo, before, await snapshotCheckout(repo));
    expect(reason).toMatch(/branch switched from main to elsewhere/);
    expect(reason).toMatch(/HEAD moved from [0-9a-f]{8} to [0-9a-f]{8}/);
  });

  it("ignores samocode's own folders inside the repo", async () => {
    const repo = await makeGitRepo();
    const before = await snapshotCheckout(repo, [join(repo, "_sessions")]);
    await mkdir(join(repo, "_sessions", "s1"), { recursive: true });
    await writeFile(join(repo, "_sessions", "s1", "_hook.json"), "{}\n");
    expect(
      describeEscape(repo, before, await snapshotCheckout(repo, [join(repo, "_sessions")])),
    ).toBeUndefined();
  });
});

describe("headMovedAt", () => {
  it("moves when a commit lands in a linked worktree, not when a file is only edited", async () => {
    const repo = await makeGitRepo();
    const path = join(await makeTempDir(), "wt");
    await ensureWorktree({ mainRepo: repo, path, branch: "samocode/head" });
    const created = await headMovedAt(path);
    expect(created).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(join(path, "a.txt"), "a\n");
    expect(await headMovedAt(path)).toBe(created);
    await git(path, "add", "a.txt");
    await git(path, "commit", "-qm", "a");
    expect(await headMovedAt(path)).toBeGreaterThan(created);
    expect(await headMovedAt(repo)).toBeGreaterThan(0);
    expect(await headMovedAt(await makeTempDir())).toBe(0);
  });
});
