import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { git, makeGitRepo } from "../../../../tests/helpers/git-repo.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { runCli } from "../run-cli.test-support.ts";

/** A git repo, and the sibling folder init's defaults create, removed after the test even when it fails. */
async function repoWithSibling(): Promise<{ repo: string; beside: string }> {
  const repo = await makeGitRepo("samo-init-repo-");
  const beside = join(dirname(repo), `${basename(repo)}-samocode`);
  onTestFinished(async () => {
    await rm(beside, { recursive: true, force: true });
  });
  return { repo, beside };
}

describe("samocode init", () => {
  it("writes .samocode with defaults outside the repo, creates them, and git sees nothing new", async () => {
    const { repo, beside } = await repoWithSibling();
    const run = await runCli(["init"], { cwd: repo, env: { HOME: beside } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`Wrote ${join(repo, ".samocode")}:`);
    expect(run.stdout).toContain("samocode run --task");
    const text = await readFile(join(repo, ".samocode"), "utf8");
    const name = basename(repo);
    expect(text).toContain(
      `MAIN_REPO=.\nWORKTREES=../${name}-samocode/worktrees\nSESSIONS=../${name}-samocode/sessions\n`,
    );
    expect((await stat(join(beside, "worktrees"))).isDirectory()).toBe(true);
    expect((await stat(join(beside, "sessions"))).isDirectory()).toBe(true);
    await writeFile(join(repo, ".env"), "CLAUDE_MODEL=sonnet\n");
    expect(await git(repo, "status", "--porcelain")).toBe("");
    const shown = await runCli(["config", "--json"], { cwd: repo, env: { HOME: beside } });
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      paths: { mainRepo: repo, worktrees: join(beside, "worktrees"), sessions: join(beside, "sessions") },
      runtime: { claude: { model: "sonnet" } },
    });
  });

  it("refuses a second init with exit 2 and one line, and --force overwrites", async () => {
    const { repo } = await repoWithSibling();
    expect((await runCli(["init"], { cwd: repo })).code).toBe(0);
    await writeFile(join(repo, ".samocode"), "# edited by hand\n");
    const again = await runCli(["init"], { cwd: repo });
    expect(again).toEqual({
      code: 2,
      stdout: "",
      stderr: `samocode: ${join(repo, ".samocode")} already exists: pass --force to overwrite it\n`,
    });
    expect(await readFile(join(repo, ".samocode"), "utf8")).toBe("# edited by hand\n");
    const forced = await runCli(["init", "--force"], { cwd: repo });
    expect(forced.code).toBe(0);
    expect(await readFile(join(repo, ".samocode"), "utf8")).toContain("MAIN_REPO=.");
  });

  it("takes --worktrees and --sessions and honours the global --config as the place to write", async () => {
    const { repo } = await repoWithSibling();
    const elsewhere = await makeTempDir("samo-init-elsewhere-");
    const run = await runCli(
      [
        "--config",
        elsewhere,
        "init",
        "--main-repo",
        repo,
        "--worktrees",
        join(elsewhere, "wt"),
        "--sessions",
        "s",
      ],
      { cwd: repo },
    );
    expect(run.code).toBe(0);
    const text = await readFile(join(elsewhere, ".samocode"), "utf8");
    expect(text).toContain(`MAIN_REPO=${repo}\nWORKTREES=${join(elsewhere, "wt")}\n`);
    const loaded = await runCli(["--config", join(elsewhere, ".samocode"), "config", "--json"], {
      cwd: elsewhere,
    });
    expect(JSON.parse(loaded.stdout)).toMatchObject({
      projectFileSource: "flag",
      paths: { mainRepo: repo, worktrees: join(elsewhere, "wt"), sessions: join(repo, "s") },
    });
  });

  it("a bad --config path is exit 2 with one clear line", async () => {
    const { repo } = await repoWithSibling();
    const missing = join(repo, "nowhere", ".samocode");
    const init = await runCli(["--config", missing, "init"], { cwd: repo });
    expect(init).toEqual({
      code: 2,
      stdout: "",
      stderr: `samocode: cannot write ${missing}: the folder ${dirname(missing)} does not exist\n`,
    });
    const config = await runCli(["config", "--config", missing], { cwd: repo });
    expect(config).toEqual({
      code: 2,
      stdout: "",
      stderr: `samocode: --config ${JSON.stringify(missing)}: expected a .samocode file or a folder holding one; ${missing} does not exist\n`,
    });
  });
});
