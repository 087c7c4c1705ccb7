import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { runCli } from "../run-cli.test-support.ts";

const CLAUDE_SKILL = ".claude/skills/samocode/SKILL.md";
const CODEX_SKILL = ".agents/skills/samocode/SKILL.md";

describe("samocode install / uninstall", () => {
  it("installs both skills into HOME, is a no-op the second time, and uninstall leaves HOME as it was", async () => {
    const home = await makeTempDir("samo-home-");
    const first = await runCli(["install"], { cwd: home });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`claude: installed ${join(home, CLAUDE_SKILL)}`);
    expect(first.stdout).toContain(`codex: installed ${join(home, CODEX_SKILL)}`);
    const text = await readFile(join(home, CLAUDE_SKILL), "utf8");
    expect(text).toMatch(/^---\nname: samocode\ndescription: /);
    expect(text).toMatch(/The command is `\S+\/samocode`/);
    expect(await readFile(join(home, CODEX_SKILL), "utf8")).toBe(text);

    const second = await runCli(["install"], { cwd: home });
    expect(second.code).toBe(0);
    expect(second.stdout.trim().split("\n").at(-1)).toBe("up to date");

    const removed = await runCli(["uninstall"], { cwd: home });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`claude: removed ${join(home, CLAUDE_SKILL)}`);
    expect(await readdir(home)).toEqual([]);
  });

  it("--claude, --dir and --command pick the target, the home and how samocode is run", async () => {
    const cwd = await makeTempDir();
    const run = await runCli(["install", "--claude", "--dir", "other-home", "--command", "samocode"], {
      cwd,
    });
    expect(run.code).toBe(0);
    expect(await readdir(join(cwd, "other-home"))).toEqual([".claude"]);
    expect(await readFile(join(cwd, "other-home", CLAUDE_SKILL), "utf8")).toContain(
      "The command is `samocode`",
    );
  });

  it("follows CLAUDE_CONFIG_DIR when no --dir is given", async () => {
    const home = await makeTempDir();
    const run = await runCli(["install", "--claude"], {
      cwd: home,
      env: { CLAUDE_CONFIG_DIR: join(home, "cc") },
    });
    expect(run.code).toBe(0);
    expect(await readdir(join(home, "cc", "skills", "samocode"))).toEqual(["SKILL.md"]);
  });

  it("refuses, with exit 1, to overwrite or remove a skill file it did not write", async () => {
    const home = await makeTempDir();
    await mkdir(join(home, ".agents/skills/samocode"), { recursive: true });
    await writeFile(join(home, CODEX_SKILL), "mine\n");
    const install = await runCli(["install", "--codex"], { cwd: home });
    expect(install.code).toBe(1);
    expect(install.stderr).toMatch(/samocode: warning: codex: refused .* not written by samocode install/);
    const uninstall = await runCli(["uninstall", "--codex"], { cwd: home });
    expect(uninstall.code).toBe(1);
    expect(await readFile(join(home, CODEX_SKILL), "utf8")).toBe("mine\n");
  });
});
