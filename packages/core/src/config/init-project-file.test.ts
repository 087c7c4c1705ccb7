import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { initProjectFile } from "./init-project-file.ts";
import { loadConfig } from "./load-config.ts";

/** root/app with an empty .git folder: init only looks for it, it never runs git. */
async function checkout() {
  const root = await makeTempDir("samo-init-");
  const repo = join(root, "app");
  await mkdir(join(repo, ".git"), { recursive: true });
  return { root, repo };
}

const isFolder = async (path: string) => (await stat(path)).isDirectory();

describe("initProjectFile", () => {
  it("writes relative defaults beside the repo, creates the folders and excludes its own files", async () => {
    const { root, repo } = await checkout();
    const result = await initProjectFile({ cwd: repo, env: {}, force: false });
    expect(result).toEqual({
      ok: true,
      report: {
        file: join(repo, ".samocode"),
        entries: [
          { key: "MAIN_REPO", written: ".", path: repo },
          {
            key: "WORKTREES",
            written: "../app-samocode/worktrees",
            path: join(root, "app-samocode", "worktrees"),
          },
          {
            key: "SESSIONS",
            written: "../app-samocode/sessions",
            path: join(root, "app-samocode", "sessions"),
          },
        ],
        createdFolders: [join(root, "app-samocode", "worktrees"), join(root, "app-samocode", "sessions")],
        exclude: {
          kind: "updated",
          file: join(repo, ".git", "info", "exclude"),
          added: ["/.samocode", "/.env"],
        },
        notes: [],
      },
    });
    const text = await readFile(join(repo, ".samocode"), "utf8");
    expect(text.split("\n").filter((line) => !line.startsWith("#"))).toEqual([
      "MAIN_REPO=.",
      "WORKTREES=../app-samocode/worktrees",
      "SESSIONS=../app-samocode/sessions",
      "",
    ]);
    expect(await isFolder(join(root, "app-samocode", "worktrees"))).toBe(true);
    expect(await isFolder(join(root, "app-samocode", "sessions"))).toBe(true);
  });

  it("refuses to overwrite an existing .samocode unless forced, and adds no exclude line twice", async () => {
    const { repo } = await checkout();
    await initProjectFile({ cwd: repo, env: {}, force: false });
    await writeFile(join(repo, ".samocode"), "# mine\n");
    expect(await initProjectFile({ cwd: repo, env: {}, force: false })).toEqual({
      ok: false,
      error: `${join(repo, ".samocode")} already exists: pass --force to overwrite it`,
    });
    expect(await readFile(join(repo, ".samocode"), "utf8")).toBe("# mine\n");
    const forced = await initProjectFile({ cwd: repo, env: {}, force: true });
    expect(forced).toMatchObject({
      ok: true,
      report: { createdFolders: [], exclude: { kind: "unchanged" } },
    });
    expect(await readFile(join(repo, ".samocode"), "utf8")).toContain("MAIN_REPO=.");
  });

  it("writes what loadConfig reads back, even for paths with spaces and #", async () => {
    const { root, repo } = await checkout();
    const result = await initProjectFile({
      cwd: repo,
      env: { HOME: root },
      worktrees: " odd #1/wt",
      sessions: "~/state/sessions",
      force: false,
    });
    expect(result.ok).toBe(true);
    const text = await readFile(join(repo, ".samocode"), "utf8");
    expect(text).toContain('WORKTREES=" odd #1/wt"\nSESSIONS=~/state/sessions\n');
    const loaded = await loadConfig({ cwd: repo, env: { HOME: root } });
    expect(loaded).toMatchObject({
      ok: true,
      config: {
        paths: {
          mainRepo: repo,
          worktrees: join(repo, " odd #1", "wt"),
          sessions: join(root, "state", "sessions"),
        },
      },
    });
    // Folders inside the repo are kept out of git's view too.
    expect(result.ok && result.report.exclude).toMatchObject({
      added: ["/.samocode", "/.env", "/ odd #1/wt/"],
    });
  });

  it("takes --main-repo and the other paths relative to the cwd, and writes them relative to the file", async () => {
    const { root, repo } = await checkout();
    const absolute = join(root, "elsewhere", "s");
    const result = await initProjectFile({
      cwd: root,
      env: {},
      target: "app",
      mainRepo: "app",
      sessions: absolute,
      force: false,
    });
    expect(result).toMatchObject({
      ok: true,
      report: {
        file: join(repo, ".samocode"),
        entries: [
          { key: "MAIN_REPO", written: "." },
          { key: "WORKTREES", written: "../app-samocode/worktrees" },
          { key: "SESSIONS", written: absolute, path: absolute },
        ],
      },
    });
  });

  it("refuses bad flags with one line each", async () => {
    const { root, repo } = await checkout();
    await writeFile(join(root, "a-file"), "");
    const run = (extra: object) => initProjectFile({ cwd: repo, env: {}, force: false, ...extra });
    expect(await run({ mainRepo: "../nope" })).toEqual({
      ok: false,
      error: `--main-repo "../nope": expected an existing folder; ${join(root, "nope")} is not one`,
    });
    expect(await run({ worktrees: "." })).toEqual({
      ok: false,
      error: `--worktrees ".": expected a folder other than MAIN_REPO (${repo})`,
    });
    expect(await run({ worktrees: "../w", sessions: "../w/" })).toEqual({
      ok: false,
      error: `--sessions "../w/": expected a folder other than WORKTREES (${join(root, "w")})`,
    });
    expect(await run({ sessions: "../a-file" })).toEqual({
      ok: false,
      error: `--sessions "../a-file": expected a folder; ${join(root, "a-file")} is not one`,
    });
    expect(await run({ target: "../typo" })).toEqual({
      ok: false,
      error: '--config "../typo": expected a folder or a path ending in /.samocode',
    });
    expect(await run({ target: "../no/such/.samocode" })).toEqual({
      ok: false,
      error: `cannot write ${join(root, "no", "such", ".samocode")}: the folder ${join(root, "no", "such")} does not exist`,
    });
  });

  it("notes a MAIN_REPO that is not a checkout's top level, but still writes", async () => {
    const { repo } = await checkout();
    const sub = join(repo, "pkg");
    await mkdir(sub);
    expect(await initProjectFile({ cwd: sub, env: {}, force: false })).toMatchObject({
      ok: true,
      report: {
        notes: [`MAIN_REPO ${sub} is inside the git checkout ${repo} but is not its top level`],
        exclude: { kind: "skipped", reason: `${sub} has no .git` },
      },
    });
  });

  it("refuses a MAIN_REPO that is in no git repository, and writes nothing", async () => {
    const plain = await makeTempDir("samo-init-plain-");
    expect(await initProjectFile({ cwd: plain, env: {}, force: false })).toEqual({
      ok: false,
      error: `${plain} is not in a git repository: run samocode init in your repo's root (git init and commit there first for a new project), or pass --main-repo PATH`,
    });
    expect(await readdir(plain)).toEqual([]);
    expect(existsSync(`${plain}-samocode`)).toBe(false);
  });
});
