import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { loadConfig } from "./load-config.ts";

/** root/repo (the main checkout, holding .samocode and maybe .env) and root/repo/src/deep as a cwd. */
async function project(samocode: string, dotenv?: string) {
  const root = await makeTempDir("samo-load-");
  const repo = join(root, "repo");
  const cwd = join(repo, "src", "deep");
  await mkdir(cwd, { recursive: true });
  await writeFile(join(repo, ".samocode"), samocode);
  if (dotenv !== undefined) await writeFile(join(repo, ".env"), dotenv);
  return { root, repo, cwd };
}

const GOOD = "MAIN_REPO=.\nWORKTREES=../repo-samocode/worktrees\nSESSIONS=../repo-samocode/sessions\n";

describe("loadConfig", () => {
  it("finds the project file from a subfolder and merges .env under the real environment", async () => {
    const { root, repo, cwd } = await project(
      GOOD,
      "CLAUDE_MODEL=sonnet\nCODEX_MODEL=o3\nANTHROPIC_BASE_URL=http://proxy\n",
    );
    const result = await loadConfig({ cwd, env: { CODEX_MODEL: "gpt-5", HOME: root } });
    expect(result).toMatchObject({
      ok: true,
      warnings: [],
      config: {
        projectFile: join(repo, ".samocode"),
        projectFileSource: "search",
        envFile: join(repo, ".env"),
        paths: {
          mainRepo: repo,
          worktrees: join(root, "repo-samocode", "worktrees"),
          sessions: join(root, "repo-samocode", "sessions"),
        },
        runtime: { claude: { model: "sonnet" }, codex: { model: "gpt-5" } },
        env: { CLAUDE_MODEL: "sonnet", CODEX_MODEL: "gpt-5", ANTHROPIC_BASE_URL: "http://proxy", HOME: root },
      },
    });
  });

  it("works without a .env", async () => {
    const { cwd } = await project(GOOD);
    const result = await loadConfig({ cwd, env: { HOME: cwd } });
    expect(result.ok && result.config.runtime.claude.model).toBe("opus");
  });

  it("reports problems in .samocode and in the knobs together, one line each", async () => {
    const { repo, cwd } = await project(
      "MAIN_REPO=../missing\nWORKTREES=../wt\n",
      "# knobs\nCLAUDE_TIMEOUT=10s\nSAMOCODE_MAX_RETRIES=many\n",
    );
    const result = await loadConfig({ cwd, env: { SAMOCODE_PROVIDER: "gpt", HOME: cwd } });
    expect(result).toEqual({
      ok: false,
      errors: [
        `MAIN_REPO="../missing" in ${repo}/.samocode:1: expected an existing folder (the path of your main git checkout); ${join(repo, "..", "missing")} does not exist`,
        `SESSIONS is not set in ${repo}/.samocode: expected the folder where session folders are kept`,
        'SAMOCODE_PROVIDER="gpt" in the environment: expected one of claude, codex, gemini, scripted',
        `CLAUDE_TIMEOUT="10s" in ${repo}/.env:2: expected a whole number of seconds from 1 to 2147483`,
        `SAMOCODE_MAX_RETRIES="many" in ${repo}/.env:3: expected a whole number from 0 to 100`,
      ],
    });
  });

  it("never echoes the bot token, even from a malformed line", async () => {
    const { root, repo, cwd } = await project(GOOD, "TELEGRAM_BOT_TOKEN 123:s3cr3t\nTELEGRAM_CHAT_ID=42\n");
    const env = { HOME: root };
    const malformed = await loadConfig({ cwd, env });
    expect(malformed).toEqual({
      ok: false,
      errors: [`${repo}/.env:1: expected KEY=VALUE (e.g. MAIN_REPO=~/code/app), a # comment or a blank line`],
    });
    const userConfig = join(root, ".config", "samocode", "config");
    await mkdir(join(root, ".config", "samocode"), { recursive: true });
    await writeFile(join(repo, ".env"), "");
    await writeFile(userConfig, "TELEGRAM_BOT_TOKEN=s3cr3t\nTELEGRAM_CHAT_ID=42\n");
    const bad = await loadConfig({ cwd, env });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).not.toContain("s3cr3t");
    expect(JSON.stringify(bad)).toContain(`TELEGRAM_BOT_TOKEN=<hidden> in ${userConfig}:1`);
  });

  it("takes the machine-wide settings from the user's config file, never from a project's .env", async () => {
    const { root, repo, cwd } = await project(GOOD, "SAMOCODE_MAX_CONCURRENT=9\nCLAUDE_MODEL=sonnet\n");
    const userConfig = join(root, ".config", "samocode", "config");
    await mkdir(join(root, ".config", "samocode"), { recursive: true });
    await writeFile(userConfig, "SAMOCODE_MAX_CONCURRENT=2\nCLAUDE_MODEL=opus\n");
    const loaded = await loadConfig({ cwd, env: { HOME: root } });
    expect(loaded).toMatchObject({
      ok: true,
      config: {
        runtime: { maxConcurrent: 2, claude: { model: "sonnet" } },
        user: { configFile: userConfig },
      },
      warnings: [
        `SAMOCODE_MAX_CONCURRENT in ${repo}/.env:1 is ignored: it counts across all projects; set it in ${userConfig} or the environment`,
        `CLAUDE_MODEL in ${userConfig}:2 is ignored: only the machine-wide settings live here; set it in a project's .env`,
      ],
    });
    const fromEnv = await loadConfig({ cwd, env: { HOME: root, SAMOCODE_MAX_CONCURRENT: "5" } });
    expect(fromEnv.ok && fromEnv.config.runtime.maxConcurrent).toBe(5);
  });

  it("returns the discovery error alone when no project file is found", async () => {
    const dir = await makeTempDir("samo-load-none-");
    const result = await loadConfig({ cwd: dir, env: { HOME: dir }, configPath: "nope" });
    expect(result).toEqual({
      ok: false,
      errors: [
        `--config "nope": expected a .samocode file or a folder holding one; ${join(dir, "nope")} does not exist`,
      ],
    });
  });

  it("cuts a flood of errors short", async () => {
    const garbage = Array.from({ length: 50 }, () => "\u0001\u0002 not config").join("\n");
    const { cwd } = await project(garbage);
    const result = await loadConfig({ cwd, env: { HOME: cwd } });
    if (result.ok) throw new Error("expected errors");
    expect(result.errors).toHaveLength(21);
    expect(result.errors[20]).toBe("… and 30 more problems");
  });
});
