import { mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { shellWord } from "../shell-word.ts";
import { installOwnedFiles, uninstallOwnedFiles } from "./owned-files.ts";
import { readOwnership, withMarker } from "./skill-marker.ts";
import { DEFAULT_SAMOCODE_COMMAND, renderSkill } from "./skill-source.ts";
import { SKILL_TARGETS, type SkillHome, type SkillTarget, skillFile } from "./skill-targets.ts";

const BOTH = SKILL_TARGETS;

/** The parent skill for each target, as `samocode install --only skill` plans it. */
function skillFiles(where: SkillHome, targets: readonly SkillTarget[], content = "") {
  return targets.map((target) => ({ target, file: skillFile(target, where), content }));
}
const installSkills = (where: SkillHome, targets: readonly SkillTarget[], content: string) =>
  installOwnedFiles(skillFiles(where, targets, content));
const uninstallSkills = (where: SkillHome, targets: readonly SkillTarget[]) =>
  uninstallOwnedFiles(skillFiles(where, targets));

async function home(): Promise<string> {
  return makeTempDir("samo-home-");
}

describe("the skill text", () => {
  it("has the YAML front matter both CLIs require, and the command filled in", async () => {
    const text = await renderSkill(shellWord("/opt/samo code/samocode"));
    expect(text.startsWith("---\nname: samocode\n")).toBe(true);
    const front = parse(text.split("\n---\n")[0]?.slice(4) ?? "") as Record<string, unknown>;
    expect(front.name).toBe("samocode");
    expect(String(front.description)).toMatch(/run samocode/);
    expect(text).toContain("The command is `'/opt/samo code/samocode'`");
    expect(text).not.toContain("{{");
    for (const command of ["spawn", "status --json", "answer", "approve", "reject", "send", "logs"]) {
      expect(text).toContain(`samocode ${command}`);
    }
  });

  it("defaults to this checkout's launcher", async () => {
    expect(await renderSkill()).toContain(`The command is \`${shellWord(DEFAULT_SAMOCODE_COMMAND)}\``);
    expect(DEFAULT_SAMOCODE_COMMAND).toMatch(/\/samocode$/);
    expect((await stat(DEFAULT_SAMOCODE_COMMAND)).isFile()).toBe(true);
  });

  it("refuses a command that would break the markdown", async () => {
    await expect(renderSkill("samo`code")).rejects.toThrow(/one line without backticks/);
    await expect(renderSkill("")).rejects.toThrow(/one line/);
  });
});

describe("the ownership marker", () => {
  it("goes right after the front matter and tells owned, edited and foreign files apart", () => {
    const content = "---\nname: x\ndescription: y\n---\n\n# Body\n";
    const marked = withMarker(content, 2);
    expect(marked.split("\n")[4]).toMatch(
      /^<!-- managed by samocode install .* sha256=[0-9a-f]{64} dirs=2 -->$/,
    );
    expect(readOwnership(marked)).toEqual({ kind: "owned", dirs: 2, content });
    expect(readOwnership(marked.replace("# Body", "# My body"))).toEqual({ kind: "edited", dirs: 2 });
    expect(readOwnership(content)).toEqual({ kind: "foreign" });
  });
});

describe("installOwnedFiles / uninstallOwnedFiles", () => {
  it("installs where Claude Code and Codex read user skills, then reports up to date without writing", async () => {
    const dir = await home();
    const first = await installSkills({ home: dir }, BOTH, "---\nname: samocode\n---\nv1\n");
    expect(first).toEqual([
      { target: "claude", file: join(dir, ".claude/skills/samocode/SKILL.md"), outcome: "installed" },
      { target: "codex", file: join(dir, ".agents/skills/samocode/SKILL.md"), outcome: "installed" },
    ]);
    const before = await stat(join(dir, ".claude/skills/samocode/SKILL.md"));
    const again = await installSkills({ home: dir }, BOTH, "---\nname: samocode\n---\nv1\n");
    expect(again.map((c) => c.outcome)).toEqual(["up-to-date", "up-to-date"]);
    const after = await stat(join(dir, ".claude/skills/samocode/SKILL.md"));
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
  });

  it("updates its own file when the text changed, keeping what it knows about the folders it created", async () => {
    const dir = await home();
    await installSkills({ home: dir }, ["codex"], "---\nname: samocode\n---\nv1\n");
    const changes = await installSkills({ home: dir }, ["codex"], "---\nname: samocode\n---\nv2\n");
    expect(changes[0]?.outcome).toBe("updated");
    const text = await readFile(join(dir, ".agents/skills/samocode/SKILL.md"), "utf8");
    expect(readOwnership(text)).toEqual({
      kind: "owned",
      dirs: 3,
      content: "---\nname: samocode\n---\nv2\n",
    });
  });

  it("follows CLAUDE_CONFIG_DIR for Claude Code", async () => {
    const dir = await home();
    const config = join(dir, "elsewhere");
    expect(skillFile("claude", { home: dir, claudeConfigDir: config })).toBe(
      join(config, "skills/samocode/SKILL.md"),
    );
    expect(skillFile("claude", { home: dir, claudeConfigDir: "" })).toBe(
      join(dir, ".claude/skills/samocode/SKILL.md"),
    );
  });

  it("never overwrites or removes a file it did not write, or one edited since", async () => {
    const dir = await home();
    const claude = join(dir, ".claude/skills/samocode/SKILL.md");
    await mkdir(join(dir, ".claude/skills/samocode"), { recursive: true });
    await writeFile(claude, "---\nname: samocode\n---\nthe user's own skill\n");
    await installSkills({ home: dir }, ["codex"], "---\nname: samocode\n---\nv1\n");
    const codex = join(dir, ".agents/skills/samocode/SKILL.md");
    await writeFile(codex, (await readFile(codex, "utf8")).replace("v1", "v1 plus my notes"));

    const install = await installSkills({ home: dir }, BOTH, "---\nname: samocode\n---\nv2\n");
    expect(install.map((c) => [c.outcome, c.reason])).toEqual([
      ["refused", expect.stringMatching(/not written by samocode/)],
      ["refused", expect.stringMatching(/edited since/)],
    ]);
    const uninstall = await uninstallSkills({ home: dir }, BOTH);
    expect(uninstall.map((c) => c.outcome)).toEqual(["refused", "refused"]);
    expect(await readFile(claude, "utf8")).toBe("---\nname: samocode\n---\nthe user's own skill\n");
    expect(await readFile(codex, "utf8")).toContain("v1 plus my notes");
  });

  it("refuses a symlink or a folder where the file should be", async () => {
    const dir = await home();
    await mkdir(join(dir, ".claude/skills/samocode"), { recursive: true });
    await writeFile(join(dir, "target.md"), "not ours");
    await symlink(join(dir, "target.md"), join(dir, ".claude/skills/samocode/SKILL.md"));
    await mkdir(join(dir, ".agents/skills/samocode/SKILL.md"), { recursive: true });
    const changes = await installSkills({ home: dir }, BOTH, "---\nname: samocode\n---\nv1\n");
    expect(changes.map((c) => c.outcome)).toEqual(["refused", "refused"]);
    expect(await readFile(join(dir, "target.md"), "utf8")).toBe("not ours");
  });

  it("uninstall removes exactly its files and the empty folders it created", async () => {
    const dir = await home();
    await mkdir(join(dir, ".claude"));
    await writeFile(join(dir, ".claude/settings.json"), "{}");
    await installSkills({ home: dir }, BOTH, "---\nname: samocode\n---\nv1\n");
    await mkdir(join(dir, ".agents/skills/someone-else"), { recursive: true });

    const removed = await uninstallSkills({ home: dir }, BOTH);
    expect(removed.map((c) => c.outcome)).toEqual(["removed", "removed"]);
    expect(await readdir(join(dir, ".claude"))).toEqual(["settings.json"]); // skills/ was ours, .claude was not
    expect(await readdir(join(dir, ".agents/skills"))).toEqual(["someone-else"]); // not empty: kept
    expect((await uninstallSkills({ home: dir }, BOTH)).map((c) => c.outcome)).toEqual([
      "not-installed",
      "not-installed",
    ]);
  });

  it("leaves a fresh home as it was after install then uninstall", async () => {
    const dir = await home();
    await installSkills({ home: dir }, BOTH, "---\nname: samocode\n---\nv1\n");
    await uninstallSkills({ home: dir }, BOTH);
    expect(await readdir(dir)).toEqual([]);
  });

  it("uninstalls many files that share the folders the first one created, leaving the home as it was", async () => {
    const dir = await home();
    const files = ["samocode", "dive", "task"].map((name) => ({
      target: "claude" as const,
      file: skillFile("claude", { home: dir }, name),
      content: `---\nname: ${name}\n---\nbody\n`,
    }));
    const installed = await installOwnedFiles(files);
    expect(installed.map((c) => c.outcome)).toEqual(["installed", "installed", "installed"]);
    expect(readOwnership(await readFile(files[0]?.file ?? "", "utf8"))).toMatchObject({ dirs: 3 });
    expect(readOwnership(await readFile(files[2]?.file ?? "", "utf8"))).toMatchObject({ dirs: 1 });
    const removed = await uninstallOwnedFiles(files);
    expect(removed.map((c) => [c.file, c.outcome])).toEqual(files.map((f) => [f.file, "removed"]));
    expect(await readdir(dir)).toEqual([]);
  });
});
