import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git } from "../helpers/git-repo.ts";
import { makeProject } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

describe("samocode doctor", () => {
  it("passes a sound setup and names what is missing, with a fix for each", async () => {
    const project = await makeProject({ script: { runs: [] } });
    const env = {
      SAMOCODE_PROVIDER: "scripted",
      PM2_HOME: join(await makeTempDir("pm2-"), "h"),
      PATH: "/usr/bin:/bin",
    };
    const sound = await project.cli(["doctor", "--json"], env);
    expect(sound.exitCode).toBe(0);
    const checks = JSON.parse(sound.stdout) as {
      name: string;
      level: string;
      detail: string;
      fix?: string;
    }[];
    const byName = (name: string) => checks.find((c) => c.name === name);
    expect(byName("config")).toMatchObject({ level: "ok" });
    expect(byName("main repo")).toMatchObject({ level: "ok", detail: project.repo });
    expect(byName("scripted")).toMatchObject({ level: "ok" });
    expect(byName("claude")).toMatchObject({ level: "skip", detail: expect.stringContaining("not found") });
    expect(byName("pm2")).toMatchObject({
      level: "warn",
      fix: expect.stringContaining("samocode spawn starts it"),
    });

    expect(byName("git user")).toMatchObject({ level: "ok" });
    expect(byName("pm2 cli")).toMatchObject({
      level: "ok",
      detail: expect.stringMatching(/^no other pm2 on PATH/),
    });

    // A global pm2 of another version (npm i -g pm2@5) would say "In-memory PM2 is out-of-date" and replace
    // samocode's daemon on `pm2 update`: doctor warns, reading its version without running it.
    const other = await makeTempDir("pm2-global-");
    await mkdir(join(other, "pm2", "bin"), { recursive: true });
    await mkdir(join(other, "bin"));
    await writeFile(join(other, "pm2", "package.json"), JSON.stringify({ name: "pm2", version: "5.4.3" }));
    await writeFile(join(other, "pm2", "bin", "pm2"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    await symlink(join(other, "pm2", "bin", "pm2"), join(other, "bin", "pm2"));
    const withGlobal = await project.cli(["doctor"], { ...env, PATH: `${join(other, "bin")}:/usr/bin:/bin` });
    expect(withGlobal.stdout).toMatch(
      /! pm2 cli\s+\S+\/bin\/pm2 is PM2 5\.4\.3, samocode's is 7\.\d+\.\d+: .*\n {2}→ use samocode pm2 … \(e\.g\. samocode pm2 monit\), or npm i -g pm2@7/,
    );

    const chosenMissing = await project.cli(["doctor"], { ...env, SAMOCODE_PROVIDER: "codex" });
    expect(chosenMissing.exitCode).toBe(1);
    expect(chosenMissing.stdout).toMatch(
      /✗ codex\s+codex was not found on PATH\n {2}→ npm i -g @openai\/codex/,
    );
  });

  it("fails on a repository without commits and on a bad config", async () => {
    const project = await makeProject({ script: { runs: [] } });
    const empty = await makeTempDir();
    await git(empty, "init", "-q", "-b", "main");
    await writeFile(join(project.root, ".samocode"), `MAIN_REPO=${empty}\nWORKTREES=wt\nSESSIONS=s\n`);
    const noCommit = await project.cli(["doctor"], { SAMOCODE_PROVIDER: "scripted" });
    expect(noCommit.exitCode).toBe(1);
    expect(noCommit.stdout).toMatch(/✗ main repo\s+.* has no commit yet/);
    const bad = await project.cli(["doctor"], { CLAUDE_TIMEOUT: "10s" });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/✗ config\s+CLAUDE_TIMEOUT="10s"/);
  });
});
