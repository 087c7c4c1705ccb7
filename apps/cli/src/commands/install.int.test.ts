import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLAUDE_TEST_MODEL, claudeEnv, REAL_CLAUDE } from "../../../../tests/fake-model-api/cli-env.ts";
import { startFakeModelApi } from "../../../../tests/fake-model-api/fake-model-api.ts";
import { jsonLines, runCli as runRealCli } from "../../../../tests/fake-model-api/run-cli.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { runCli } from "../run-cli.test-support.ts";

const LAUNCHER = fileURLToPath(new URL("../../../../samocode", import.meta.url));
const METHOD_SKILLS = ["dive", "task", "create-plan", "dop2", "test", "multi-review", "summary"];
const REVIEWERS = ["future-maintainer", "system-architect", "product-advocate"];

const CLAUDE_SKILL = ".claude/skills/samocode/SKILL.md";
const CODEX_SKILL = ".agents/skills/samocode/SKILL.md";

// Each run gets `HOME: home`: the test's temp folder is the user's home (runCli would make another).
describe("samocode install / uninstall", () => {
  it("installs the command and both skills into HOME, is a no-op the second time, and uninstall takes them out", async () => {
    const home = await makeTempDir("samo-home-");
    const first = await runCli(["install"], { cwd: home, env: { HOME: home } });
    expect(first.code).toBe(0);
    const link = join(home, ".local/bin/samocode");
    expect(first.stdout).toContain(`command: installed ${link} → ${LAUNCHER}`);
    expect(await readlink(link)).toBe(LAUNCHER);
    expect(first.stderr).toContain(`note: ${join(home, ".local/bin")} is not on your PATH`);
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

    const second = await runCli(["install"], { cwd: home, env: { HOME: home } });
    expect(second.code).toBe(0);
    expect(second.stdout.trim().split("\n").at(-1)).toBe("up to date");

    const removed = await runCli(["uninstall"], { cwd: home, env: { HOME: home } });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`claude: removed ${join(home, CLAUDE_SKILL)}`);
    expect(removed.stdout).toContain(`command: removed ${link}`);
    // The user's bin folder stays (shared with other tools), empty.
    expect(await readdir(home)).toEqual([".local"]);
    expect(await readdir(join(home, ".local/bin"))).toEqual([]);
  });

  it("puts the command in --bin-dir or $XDG_BIN_HOME, says nothing when that is on PATH, and never replaces a file it did not make", async () => {
    const home = await makeTempDir("samo-home-");
    const xdg = join(home, "xdg-bin");
    const onPath = { XDG_BIN_HOME: xdg, PATH: `${xdg}:/usr/bin:/bin` };
    const run = await runCli(["install", "--only", "command"], { cwd: home, env: { HOME: home, ...onPath } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `command: installed ${join(xdg, "samocode")} → ${LAUNCHER}\nnext: in your repo: samocode init, then samocode spawn "<task>"\n`,
    );
    expect(run.stderr).toBe("");
    // A link made this way runs samocode from any folder, with another Node first on PATH.
    const version = await promisify(execFile)(join(xdg, "samocode"), ["--version"], {
      cwd: "/",
      env: { PATH: "/usr/bin:/bin" },
    });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);

    const mine = join(home, "my-bin");
    await mkdir(mine);
    await writeFile(join(mine, "samocode"), "#!/bin/sh\necho mine\n");
    const refused = await runCli(["install", "--only", "command", "--bin-dir", "my-bin"], {
      cwd: home,
      env: { HOME: home },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `command: refused ${join(mine, "samocode")}: is not a symlink to a samocode launcher`,
    );
    expect(
      (
        await runCli(["uninstall", "--only", "command", "--bin-dir", mine], {
          cwd: home,
          env: { HOME: home },
        })
      ).code,
    ).toBe(1);
    expect(await readFile(join(mine, "samocode"), "utf8")).toBe("#!/bin/sh\necho mine\n");
    expect(
      (await runCli(["uninstall", "--only", "command,skill"], { cwd: home, env: { HOME: home, ...onPath } }))
        .stdout,
    ).toContain(`command: removed ${join(xdg, "samocode")}`);
  });

  it("--claude, --dir and --command pick the target, the home and how samocode is run", async () => {
    const cwd = await makeTempDir();
    const run = await runCli(["install", "--claude", "--dir", "other-home", "--command", "samocode"], {
      cwd,
    });
    expect(run.code).toBe(0);
    // --claude narrows the skills; the command goes to that home's own bin folder.
    expect((await readdir(join(cwd, "other-home"))).sort()).toEqual([".claude", ".local"]);
    expect(await readdir(join(cwd, "other-home", ".local", "bin"))).toEqual(["samocode"]);
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
    const install = await runCli(["install", "--codex"], { cwd: home, env: { HOME: home } });
    expect(install.code).toBe(1);
    expect(install.stderr).toMatch(/samocode: warning: codex: refused .* not written by samocode install/);
    const uninstall = await runCli(["uninstall", "--codex"], { cwd: home, env: { HOME: home } });
    expect(uninstall.code).toBe(1);
    expect(await readFile(join(home, CODEX_SKILL), "utf8")).toBe("mine\n");
  });

  it("--only picks a part: the method alone, then only the skill is removed", async () => {
    const home = await makeTempDir("samo-home-");
    expect((await runCli(["install", "--only", "method"], { cwd: home, env: { HOME: home } })).code).toBe(0);
    expect(await readdir(join(home, ".claude/skills"))).not.toContain("samocode");
    expect(await readdir(join(home, ".agents/skills"))).toEqual(expect.arrayContaining(METHOD_SKILLS));
    expect((await runCli(["install", "--only", "skill"], { cwd: home, env: { HOME: home } })).code).toBe(0);
    const removed = await runCli(["uninstall", "--only", "skill"], { cwd: home, env: { HOME: home } });
    expect(removed.stdout).not.toContain("command:");
    expect(removed.stdout).toContain(`claude: removed ${join(home, CLAUDE_SKILL)}`);
    expect(await readdir(join(home, ".claude/skills"))).toEqual(expect.arrayContaining(METHOD_SKILLS));
    const bad = await runCli(["install", "--only", "everything"], { cwd: home, env: { HOME: home } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--only.*Allowed parts are command, skill, method \(comma-separated\)/);
  });

  it("puts the method into a standalone claude -p run's init event; uninstall takes it out again", async () => {
    const home = await makeTempDir("mi-home-");
    expect((await runCli(["install"], { cwd: home, env: { HOME: home } })).code).toBe(0);
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
    const removed = await runCli(["uninstall"], { cwd: home, env: { HOME: home } });
    expect(removed.code).toBe(0);
    // Claude Code's own bookkeeping stays; every skill and agent file samocode wrote is gone.
    const claude = await readdir(join(home, ".claude"));
    expect(claude).not.toContain("skills");
    expect(claude).not.toContain("agents");
    expect(await readdir(home)).not.toContain(".agents");
  });
});
