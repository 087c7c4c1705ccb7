import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLAUDE_TEST_MODEL, claudeEnv, REAL_CLAUDE } from "../../../../tests/fake-model-api/cli-env.ts";
import { startFakeModelApi } from "../../../../tests/fake-model-api/fake-model-api.ts";
import { jsonLines, runCli as runRealCli } from "../../../../tests/fake-model-api/run-cli.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { runCli } from "../run-cli.test-support.ts";

const METHOD_SKILLS = ["dive", "task", "create-plan", "dop2", "test", "multi-review", "summary"];
const REVIEWERS = ["future-maintainer", "system-architect", "product-advocate"];

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
    expect(first.stdout).toMatch(
      /^claude: method: 18 files installed in .*\.claude\/skills, .*\.claude\/agents$/m,
    );
    expect(first.stdout).toMatch(/^codex: method: 15 files installed in .*\.agents\/skills$/m);

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

  it("--only picks a part: the method alone, then only the skill is removed", async () => {
    const home = await makeTempDir("samo-home-");
    expect((await runCli(["install", "--only", "method"], { cwd: home })).code).toBe(0);
    expect(await readdir(join(home, ".claude/skills"))).not.toContain("samocode");
    expect(await readdir(join(home, ".agents/skills"))).toEqual(expect.arrayContaining(METHOD_SKILLS));
    expect((await runCli(["install", "--only", "skill"], { cwd: home })).code).toBe(0);
    const removed = await runCli(["uninstall", "--only", "skill"], { cwd: home });
    expect(removed.stdout).toContain(`claude: removed ${join(home, CLAUDE_SKILL)}`);
    expect(await readdir(join(home, ".claude/skills"))).toEqual(expect.arrayContaining(METHOD_SKILLS));
    const bad = await runCli(["install", "--only", "everything"], { cwd: home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--only.*Allowed choices are skill, method/);
  });

  it("puts the method into a standalone claude -p run's init event; uninstall takes it out again", async () => {
    const home = await makeTempDir("mi-home-");
    expect((await runCli(["install"], { cwd: home })).code).toBe(0);
    const api = await startFakeModelApi({ turns: [], finalText: "ok" });
    try {
      const work = await makeTempDir("mi-work-");
      const args = ["-p", "hi", "--output-format", "stream-json", "--verbose", "--model", CLAUDE_TEST_MODEL];
      const run = await runRealCli(REAL_CLAUDE, [...args, "--dangerously-skip-permissions"], {
        cwd: work,
        env: await claudeEnv(api, home, { sandbox: true }),
        killAfterMs: 60_000,
      });
      expect(run.exitCode, run.stderr).toBe(0);
      const init = jsonLines(run.stdout).find((event) => event.subtype === "init");
      expect(init?.skills).toEqual(expect.arrayContaining(["samocode", ...METHOD_SKILLS]));
      expect(init?.agents).toEqual(expect.arrayContaining(REVIEWERS));
    } finally {
      await api.close();
    }
    const removed = await runCli(["uninstall"], { cwd: home });
    expect(removed.code).toBe(0);
    // Claude Code's own bookkeeping stays; every skill and agent file samocode wrote is gone.
    const claude = await readdir(join(home, ".claude"));
    expect(claude).not.toContain("skills");
    expect(claude).not.toContain("agents");
    expect(await readdir(home)).not.toContain(".agents");
  });
});
