// Issue 14: a missing provider, a broken script, a repo git cannot commit in, an unwritable folder — each
// surfaced minutes after `spawn` exited 0, as a failed session. Now `spawn`, `run` and `convoy create` refuse
// before anything exists (no session folder, worktree, branch, convoy file or PM2 daemon): one line with
// its fix, exit 2. And `init` outside a git repository is an error.
import { existsSync } from "node:fs";
import { chmod, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FAKE_PROVIDER_BIN } from "../../../../tests/fake-provider/fake-provider.ts";
import { git, makeGitRepo } from "../../../../tests/helpers/git-repo.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { runCli } from "../run-cli.test-support.ts";

type Project = { cwd: string; repo: string; env: Record<string, string> };

async function project(options: { repo?: string; lines?: string } = {}): Promise<Project> {
  const cwd = await makeTempDir("samo-pre-");
  const repo = options.repo ?? (await makeGitRepo());
  const lines = options.lines ?? `WORKTREES=${cwd}/wt\nSESSIONS=${cwd}/sessions\n`;
  await writeFile(join(cwd, ".samocode"), `MAIN_REPO=${repo}\n${lines}`);
  // The fake `claude` on PATH; PM2_HOME points at a folder that must stay absent (no daemon is started).
  const env = { PATH: `${FAKE_PROVIDER_BIN}:/usr/bin:/bin`, PM2_HOME: join(cwd, "pm2") };
  return { cwd, repo, env };
}

async function expectNothingCreated({ cwd, repo }: Project): Promise<void> {
  expect(await readdir(join(cwd, "sessions")).catch(() => [])).toEqual([]);
  expect(existsSync(join(cwd, "wt"))).toBe(false);
  expect(existsSync(join(cwd, "pm2"))).toBe(false);
  expect(await git(repo, "branch", "--list", "samocode/*")).toBe("");
}

const COMMANDS = [
  ["spawn", "a task", "--name", "t"],
  ["run", "--task", "a task", "--name", "t"],
  ["convoy", "create", "c", "--task", "a task"],
] as const;

/** The creating commands refuse with exactly `line` (exit 2) and leave nothing behind. */
async function expectRefused(
  p: Project,
  line: string,
  env: Record<string, string> = {},
  commands: readonly (readonly string[])[] = COMMANDS,
): Promise<void> {
  for (const args of commands) {
    const run = await runCli(args, { cwd: p.cwd, env: { ...p.env, ...env } });
    expect(run.stderr, args.join(" ")).toBe(`samocode: ${line}\n`);
    expect(run.code, args.join(" ")).toBe(2);
  }
  await expectNothingCreated(p);
}

describe("preflight: checked before a session exists", () => {
  it("refuses a provider CLI that is not on the PATH, or does not answer --version", async () => {
    const p = await project();
    const envFile = join(p.cwd, ".env");
    await expectRefused(
      p,
      `the claude CLI (no-such-claude) is not on your PATH; install it (npm i -g @anthropic-ai/claude-code) or set CLAUDE_PATH in ${envFile}`,
      { CLAUDE_PATH: "no-such-claude" },
    );
    const broken = join(p.cwd, "broken-codex");
    await writeFile(broken, "#!/bin/sh\necho 'codex: cannot load its config' >&2\nexit 1\n");
    await chmod(broken, 0o755);
    const run = await runCli(["spawn", "a task", "--provider", "codex"], {
      cwd: p.cwd,
      env: { ...p.env, CODEX_PATH: broken },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `samocode: \`${broken} --version\` failed: codex: cannot load its config; fix that install of codex, or set CODEX_PATH in ${envFile}\n`,
    );
    await expectNothingCreated(p);
  });

  it("refuses the scripted provider without a script, with a missing one, or one that does not parse", async () => {
    const p = await project();
    const fix = `set SAMOCODE_SCRIPT in ${join(p.cwd, ".env")} to a script file (see examples/demo-script.yaml)`;
    const scripted = { SAMOCODE_PROVIDER: "scripted" };
    const none = await runCli(COMMANDS[0], { cwd: p.cwd, env: { ...p.env, ...scripted } });
    expect(none.stderr).toBe(`samocode: the scripted provider has no script; ${fix}\n`);
    expect(none.code).toBe(2);
    const missing = join(p.cwd, "nowhere.yaml");
    const gone = await runCli(COMMANDS[1], {
      cwd: p.cwd,
      env: { ...p.env, ...scripted, SAMOCODE_SCRIPT: missing },
    });
    expect(gone.stderr).toMatch(
      new RegExp(`^samocode: cannot read script ${missing}: ENOENT.*; fix it, or ${escapeRegExp(fix)}\\n$`),
    );
    const bad = join(p.cwd, "bad.json");
    await writeFile(bad, JSON.stringify({ runs: [[{ dance: true }]] }));
    const unparsed = await runCli(COMMANDS[2], {
      cwd: p.cwd,
      env: { ...p.env, ...scripted, SAMOCODE_SCRIPT: bad },
    });
    expect(unparsed.stderr).toMatch(/^samocode: \S+bad\.json is not a valid script: .*unknown step "dance"/);
    expect([gone.code, unparsed.code]).toEqual([2, 2]);
    await expectNothingCreated(p);
  });

  it("refuses a repo git cannot commit in (no user.name / user.email), with the commands that fix it", async () => {
    const repo = await makeTempDir("samo-pre-noid-");
    await git(repo, "init", "-q", "-b", "main");
    await git(repo, "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-q", "--allow-empty", "-m", "c");
    // Git may guess an identity from the host name; this repo asks it not to.
    await git(repo, "config", "user.useConfigOnly", "true");
    const p = await project({ repo });
    const env = { GIT_CONFIG_NOSYSTEM: "1" };
    const fix = `git -C ${repo} config user.name "Your Name" && git -C ${repo} config user.email you@example.com (or --global)`;
    const run = await runCli(COMMANDS[0], { cwd: p.cwd, env: { ...p.env, ...env } });
    expect(run.stderr).toMatch(
      new RegExp(
        `^samocode: git cannot commit in MAIN_REPO ${repo}: .+; set an identity: ${escapeRegExp(fix)}\\n$`,
      ),
    );
    expect(run.code).toBe(2);
    await expectNothingCreated(p);
  });

  it("refuses WORKTREES or SESSIONS that cannot be made", async () => {
    const cwd = await makeTempDir("samo-pre-files-");
    await writeFile(join(cwd, "a-file"), "");
    const blocked = `${cwd}/a-file/wt`;
    const p = await project({ lines: `WORKTREES=${blocked}\nSESSIONS=${cwd}/s\n` });
    await expectRefused(
      p,
      `WORKTREES ${blocked} cannot be created: ${cwd}/a-file is not a folder; fix it, or point WORKTREES in .samocode at a folder you can write`,
      {},
      [COMMANDS[1]],
    );
    expect(existsSync(join(cwd, "s"))).toBe(false);
  });

  it("init outside a git repository is an error, and writes nothing", async () => {
    const plain = await makeTempDir("samo-pre-plain-");
    const run = await runCli(["init"], { cwd: plain });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `samocode: ${plain} is not in a git repository: run samocode init in your repo's root (git init and commit there first for a new project), or pass --main-repo PATH\n`,
    });
    expect(await readdir(plain)).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
