// A throwaway samocode project for end-to-end tests: a real git repo, a .samocode and .env, the scripted
// provider on PATH as `claude`, and helpers to run the real CLI and read session state.
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type HistoryRow, type Hook, HookSchema, readHistory, userDirs } from "@samocode/core";
import { execa } from "execa";
import { withFakeProviders } from "../fake-provider/fake-provider.ts";
import { makeGitRepo } from "./git-repo.ts";
import { cliArgv } from "./shipped-cli.ts";
import { makeTempDir, whenDone } from "./temp-dir.ts";

type Background = Promise<{ exitCode?: number | undefined; stdout: string; stderr: string }> & {
  kill: (signal?: NodeJS.Signals) => boolean;
  pid?: number | undefined;
};

export type Project = {
  root: string;
  repo: string;
  sessions: string;
  worktrees: string;
  env: Record<string, string>;
  /** The user's samocode state folder for this project's HOME: the supervisor's log, the fleet's files. */
  stateDir: string;
  /** Runs `samocode …` to the end. */
  cli: (
    args: string[],
    extraEnv?: Record<string, string>,
  ) => Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** Starts `samocode …` and leaves it running; it is killed when the test ends. */
  spawnCli: (args: string[]) => Background;
  sessionDir: (folder: string) => string;
  hook: (sessionDir: string) => Promise<Hook>;
  history: (sessionDir: string) => Promise<HistoryRow[]>;
  /** The folder of the only session, once it exists. */
  waitForSession: (timeoutMs?: number) => Promise<string>;
  /**
   * Waits until the session is done/blocked/failed AND its loop has let go of it: the hook is the commit
   * point and the history row is written just after, so only then is the history complete.
   */
  waitForSettled: (sessionDir: string, timeoutMs?: number) => Promise<Hook>;
  /** Polls the hook until `predicate` holds (a safety net, not a timing assertion). */
  waitForHook: (sessionDir: string, predicate: (hook: Hook) => boolean, timeoutMs?: number) => Promise<Hook>;
};

export async function makeProject(options: {
  script: unknown;
  env?: Record<string, string>;
  /** The start of the repo folder's name, which the project's id is made from (e.g. "api-"). */
  repoPrefix?: string;
}): Promise<Project> {
  const root = await makeTempDir("samo-proj-");
  const repo = await makeGitRepo(options.repoPrefix);
  const sessions = join(root, "sessions");
  const worktrees = join(root, "worktrees");
  await writeFile(
    join(root, ".samocode"),
    `MAIN_REPO=${repo}\nWORKTREES=${worktrees}\nSESSIONS=${sessions}\n`,
  );
  const scriptPath = join(root, "script.json");
  await writeFile(scriptPath, JSON.stringify(options.script, null, 2));
  const env: Record<string, string> = {
    ...(withFakeProviders({ PATH: process.env.PATH }) as Record<string, string>),
    HOME: root,
    SAMOCODE_CONFIG: join(root, ".samocode"),
    SAMOCODE_PROVIDER: "claude",
    SAMOCODE_SCRIPT: scriptPath,
    CLAUDE_TIMEOUT: "60",
    SAMOCODE_RETRY_DELAY: "0",
    SAMOCODE_KILL_GRACE: "1",
    ...options.env,
  };
  const running: Background[] = [];
  // A project shared by a file's tests (made in beforeAll) only ever runs commands to their end.
  whenDone(
    async () => {
      for (const child of running) child.kill("SIGKILL");
      await Promise.allSettled(running);
    },
    () => undefined,
  );
  const project: Project = {
    root,
    repo,
    sessions,
    worktrees,
    env,
    stateDir: userDirs(env).state,
    cli: async (args, extraEnv) => {
      const result = await execa(process.execPath, cliArgv(args), {
        cwd: root,
        env: { ...env, ...extraEnv },
        extendEnv: false,
        reject: false,
        stdin: "ignore",
        timeout: 120_000,
      });
      return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
    },
    spawnCli: (args) => {
      const child = execa(process.execPath, cliArgv(args), {
        cwd: root,
        env,
        extendEnv: false,
        reject: false,
        stdin: "ignore",
      });
      running.push(child);
      return child;
    },
    sessionDir: (folder) => join(sessions, folder),
    hook: async (dir) => HookSchema.parse(JSON.parse(await readFile(join(dir, "_hook.json"), "utf8"))),
    history: async (dir) => (await readHistory(dir)).rows,
    waitForSession: async (timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const folders = (await readdir(sessions).catch(() => [] as string[])).filter(
          (f) => !f.startsWith("."),
        );
        if (folders[0] !== undefined) return join(sessions, folders[0]);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no session appeared in ${sessions}`);
    },
    waitForSettled: async (dir, timeoutMs = 60_000) => {
      const settled = new Set(["done", "blocked", "failed"]);
      await project.waitForHook(
        dir,
        (h) => settled.has(h.state) && !existsSync(join(dir, "_lease.json")),
        timeoutMs,
      );
      return project.hook(dir);
    },
    waitForHook: async (dir, predicate, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      let last: Hook | undefined;
      while (Date.now() < deadline) {
        try {
          last = await project.hook(dir);
          if (predicate(last)) return last;
        } catch {
          // Not created yet.
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(
        `hook of ${dir} never matched; last state: ${last ? `${last.phase}/${last.state}/${last.waitingFor}` : "none"}`,
      );
    },
  };
  return project;
}

/** One scripted agent step that writes its signal. */
export const signal = (json: Record<string, unknown>) => ({
  write: { path: "{session}/_signal.json", json },
});
