// Issue 13: `spawn --base=--no-checkout` reached `git worktree add` as an option, and a MAIN_REPO that is no
// git repository was reported as one without commits. `spawn`, `run` and `convoy create` refuse both with
// exit 2 and one line, before a session folder, a worktree, a convoy file or a PM2 daemon exists; `merge`
// checks its target branch before any merge.
import { existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createSession } from "@samocode/core";
import { describe, expect, it } from "vitest";
import { git, makeGitRepo } from "../../../../tests/helpers/git-repo.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { runCli } from "../run-cli.test-support.ts";

type Project = { cwd: string; repo: string; env: Record<string, string> };

async function project(repo?: string): Promise<Project> {
  const cwd = await makeTempDir("samo-base-");
  const main = repo ?? (await makeGitRepo());
  await writeFile(
    join(cwd, ".samocode"),
    `MAIN_REPO=${main}\nWORKTREES=${cwd}/wt\nSESSIONS=${cwd}/sessions\n`,
  );
  // A spawn that is refused may not start a daemon: PM2_HOME points at a folder that must stay absent.
  return { cwd, repo: main, env: { PM2_HOME: join(cwd, "pm2") } };
}

/** Nothing was made: no session folder, no convoy file, no worktree, no branch, no PM2 daemon. */
async function expectNothingCreated({ cwd, repo }: Project): Promise<void> {
  const sessions = await readdir(join(cwd, "sessions")).catch(() => []);
  expect(sessions.filter((name) => name !== "_convoys")).toEqual([]);
  expect(await readdir(join(cwd, "sessions", "_convoys")).catch(() => [])).toEqual([]);
  expect(existsSync(join(cwd, "wt"))).toBe(false);
  expect(existsSync(join(cwd, "pm2"))).toBe(false);
  if (existsSync(join(repo, ".git"))) {
    expect(await git(repo, "branch", "--list", "samocode/*")).toBe("");
    expect(await git(repo, "worktree", "list", "--porcelain")).not.toContain(`${cwd}/wt`);
  }
}

describe("the base ref and the repo, checked before a session exists", () => {
  it("refuses a --base that git would read as an option, with exit 2 and one line", async () => {
    const p = await project();
    const marker = join(p.cwd, "upload-pack-ran");
    const upload = `--upload-pack=touch ${marker}`;
    const option =
      /^samocode: the base "--no-checkout" starts with "-", so git would read it as an option\n$/;
    const cases = [
      [["spawn", "t", "--name", "b", "--base=--no-checkout"], option],
      [
        ["spawn", "t", "--name", "b", "--base", upload],
        /^samocode: the base "--upload-pack=.*" starts with "-"/,
      ],
      [["run", "--task", "t", "--name", "b", "--base=--no-checkout"], option],
      [["convoy", "create", "c", "--task", "a", "--task", "b", "--base=--no-checkout"], option],
    ] as const;
    for (const [args, message] of cases) {
      const run = await runCli(args, { cwd: p.cwd, env: p.env });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toMatch(message);
    }
    expect(existsSync(marker)).toBe(false);
    await expectNothingCreated(p);
  });

  it("refuses a --base that names no commit", async () => {
    const p = await project();
    for (const args of [
      ["spawn", "t", "--base", "no-such-branch"],
      ["run", "--task", "t", "--base", "no-such-branch"],
      ["convoy", "create", "c", "--task", "a", "--base", "no-such-branch"],
    ]) {
      const run = await runCli(args, { cwd: p.cwd, env: p.env });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toBe(
        `samocode: the base "no-such-branch" is not a branch, tag or commit of ${p.repo}\n`,
      );
    }
    await expectNothingCreated(p);
  });

  it("says a MAIN_REPO that is no git repository is not one, and how to fix it", async () => {
    const plain = await makeTempDir("samo-plain-");
    const p = await project(plain);
    for (const args of [
      ["spawn", "t"],
      ["run", "--task", "t"],
      ["convoy", "create", "c", "--task", "a"],
    ]) {
      const run = await runCli(args, { cwd: p.cwd, env: p.env });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toBe(
        `samocode: MAIN_REPO ${plain} is not a git repository; run \`git init\` there and commit something, or set MAIN_REPO in .samocode to your checkout\n`,
      );
    }
    await expectNothingCreated(p);
  });

  it("refuses a MAIN_REPO without commits, and --base on a session that already exists", async () => {
    const empty = await makeTempDir("samo-empty-");
    await git(empty, "init", "-q", "-b", "main");
    const p = await project(empty);
    const run = await runCli(["run", "--task", "t"], { cwd: p.cwd, env: p.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `samocode: MAIN_REPO ${empty} has no commit to branch from; commit something first\n`,
    );
    await expectNothingCreated(p);
    const again = await runCli(["run", "someone", "--base", "main"], { cwd: p.cwd, env: p.env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--base only apply to a new session/);
  });
});

describe("merge --into, checked before any merge", () => {
  it("refuses a target git would read as an option, or one that does not exist, with exit 2", async () => {
    const p = await project();
    await git(p.repo, "update-ref", "refs/heads/-q", "HEAD");
    const created = await createSession({
      sessionsRoot: join(p.cwd, "sessions"),
      task: "t",
      name: "m",
      provider: "claude",
    });
    if (!created.ok) throw new Error(created.message);
    const before = await git(p.repo, "rev-parse", "HEAD");
    for (const [into, reason] of [
      ["--upload-pack=x", '"--upload-pack=x" is not a valid git branch name'],
      ["-q", '"-q" is not a valid git branch name'],
      ["nowhere", "there is no branch nowhere"],
    ] as const) {
      const run = await runCli(["merge", "m", `--into=${into}`], { cwd: p.cwd, env: p.env });
      expect(run.code, into).toBe(2);
      // Today's answer for a session that is not done is a warning and exit 0; the target comes first.
      expect(run.stderr).toBe(`samocode: --into: ${reason}\n`);
    }
    expect(await git(p.repo, "rev-parse", "HEAD")).toBe(before);
  });
});
