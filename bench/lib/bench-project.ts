// A throwaway samocode project for a benchmark: a real git repo, a .samocode, a script for the scripted
// provider behind the timing wrapper, and the real CLI run as a process — all removed when the scope closes.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Scope, signalProcess } from "./cleanup.ts";
import { makePm2Home, type Pm2Home } from "./pm2-home.ts";
import { installTimingWrappers, type ProviderRun, readProviderRuns, TIMINGS_ENV } from "./provider-timing.ts";
import { nowMs } from "./stats.ts";
import { waitUntil } from "./wait.ts";

/** The built CLI (`pnpm bench` builds first). */
export const CLI = fileURLToPath(new URL("../../apps/cli/dist/main.js", import.meta.url));

/** The node flags of the CLI's shebang (the worker runs with the same). */
export function cliNodeFlags(): string[] {
  const shebang = readFileSync(CLI, "utf8").split("\n", 1)[0] ?? "";
  return /-S node (.*)$/.exec(shebang)?.[1]?.split(" ") ?? [];
}

/** `node` arguments that run `samocode …` as its bin and `./samocode` do: with the flags of its shebang. */
export function cliArgv(args: readonly string[]): string[] {
  return [...cliNodeFlags(), CLI, ...args];
}

export type CliResult = {
  code: number | null;
  stdout: string;
  stderr: string;
  startMs: number;
  endMs: number;
};
export type RunningCli = { child: ChildProcess; pid: number; exited: Promise<CliResult> };

export type BenchProject = {
  root: string;
  sessions: string;
  env: Record<string, string>;
  /** Runs `samocode …` to its end. */
  cli: (args: string[]) => Promise<CliResult>;
  /** Starts `samocode …` and leaves it running; it is stopped when the scope closes. */
  startCli: (args: string[]) => RunningCli;
  providerRuns: () => Promise<ProviderRun[]>;
  /** The isolated PM2 of this project, when asked for (its PM2_HOME is in `env`). */
  pm2: Pm2Home | undefined;
  /** Polls a session's hook until `predicate` holds. */
  waitForHook: (
    sessionDir: string,
    what: string,
    predicate: (hook: Record<string, unknown>) => boolean,
  ) => Promise<void>;
  /** The folder of the only top-level session, once it exists. */
  waitForSession: () => Promise<string>;
  /** The parsed `_hook.json` of a session folder, or undefined while it cannot be read. */
  hook: (sessionDir: string) => Promise<Record<string, unknown> | undefined>;
};

export async function makeBenchProject(
  scope: Scope,
  options: { script: unknown; env?: Record<string, string>; pm2?: boolean },
): Promise<BenchProject> {
  const root = await mkdtemp(join(tmpdir(), "samo-bench-"));
  scope.defer(`remove ${root}`, () => rm(root, { recursive: true, force: true }));
  const repo = join(root, "repo");
  await makeGitRepo(repo);
  const bin = join(root, "bin");
  await mkdir(bin);
  await installTimingWrappers(bin);
  const timings = join(root, "provider-timings.jsonl");
  scope.defer("stop leftover provider runs", () => killLeftoverProviders(timings, bin));
  const sessions = join(root, "sessions");
  // After the project's own undo steps, so the daemon and its workers are gone before the folders go.
  const pm2 = options.pm2 === true ? await makePm2Home(scope) : undefined;
  await writeFile(
    join(root, ".samocode"),
    `MAIN_REPO=${repo}\nWORKTREES=${root}/worktrees\nSESSIONS=${sessions}\n`,
  );
  await writeFile(join(root, "script.json"), JSON.stringify(options.script, null, 2));
  const env: Record<string, string> = {
    PATH: [bin, dirname(process.execPath), process.env.PATH ?? ""].join(delimiter),
    HOME: root,
    LANG: "C.UTF-8",
    SAMOCODE_CONFIG: join(root, ".samocode"),
    SAMOCODE_PROVIDER: "claude",
    SAMOCODE_SCRIPT: join(root, "script.json"),
    [TIMINGS_ENV]: timings,
    ...(pm2 === undefined ? {} : { PM2_HOME: pm2.home }),
    ...options.env,
  };
  const startCli = (args: string[]): RunningCli => {
    const child = spawn(process.execPath, cliArgv(args), {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = collect(child, nowMs());
    scope.defer(`stop samocode ${args[0] ?? ""}`, () => stopChild(child, exited));
    if (child.pid === undefined) throw new Error(`could not start samocode ${args.join(" ")}`);
    return { child, pid: child.pid, exited };
  };
  const hook = async (sessionDir: string) => {
    const text = await readFile(join(sessionDir, "_hook.json"), "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return undefined; // Written atomically, but a read may race the rename on some file systems.
    }
  };
  return {
    root,
    sessions,
    env,
    pm2,
    cli: (args) => {
      const child = spawn(process.execPath, cliArgv(args), {
        cwd: root,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      return collect(child, nowMs());
    },
    startCli,
    providerRuns: () => readProviderRuns(timings),
    waitForSession: () =>
      waitUntil(`a session in ${sessions}`, async () => {
        const names = await readdir(sessions).catch(() => [] as string[]);
        const folder = names.find((name) => !name.startsWith("."));
        return folder === undefined ? undefined : join(sessions, folder);
      }),
    hook,
    waitForHook: async (sessionDir, what, predicate) => {
      await waitUntil(what, async () => {
        const read = await hook(sessionDir);
        return read !== undefined && predicate(read) ? true : undefined;
      });
    },
  };
}

async function makeGitRepo(dir: string): Promise<void> {
  await mkdir(dir);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("config", "user.name", "samocode bench");
  git("config", "user.email", "bench@samocode.invalid");
  git("config", "gc.auto", "0");
  git("config", "commit.gpgsign", "false");
  await writeFile(join(dir, "README.md"), "# bench repo\n");
  git("add", "README.md");
  git("commit", "-q", "-m", "initial commit");
}

async function collect(child: ChildProcess, startMs: number): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr, startMs, endMs: nowMs() };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Provider groups whose wrapper never logged an exit and whose process is still our wrapper. */
async function killLeftoverProviders(timings: string, bin: string): Promise<void> {
  for (const run of await readProviderRuns(timings)) {
    if (run.endMs !== null) continue;
    const cmdline = await readFile(`/proc/${run.pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(bin)) signalProcess(-run.pid, "SIGKILL") || signalProcess(run.pid, "SIGKILL");
  }
}
