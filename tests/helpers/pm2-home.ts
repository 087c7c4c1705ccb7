// An isolated PM2 for integration tests: a short PM2_HOME under /tmp (unix socket paths are length-limited),
// the real pm2 CLI against it, and a teardown that leaves no daemon, worker or provider behind.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

export const PM2_BIN = fileURLToPath(
  new URL("../../packages/supervisor/node_modules/pm2/bin/pm2", import.meta.url),
);
export const ECOSYSTEM = fileURLToPath(new URL("../../ecosystem.config.cjs", import.meta.url));

export type Pm2Entry = {
  name: string;
  pid: number;
  pm_id: number;
  pm2_env: {
    status: string;
    restart_time: number;
    exit_code?: number;
    pm_cwd?: string;
    /** A samocode worker's `--session <id> --config <path>`. */
    args?: string[];
    namespace?: string;
    axm_monitor?: Record<string, { value: unknown }>;
  };
};

export type Pm2Home = {
  home: string;
  /** Runs the pm2 CLI against this home, with `env` (PATH and the like) as its whole environment. */
  pm2: (
    args: string[],
    options: { env: Record<string, string>; cwd: string },
  ) => Promise<{ exitCode: number; stdout: string; stderr: string }>;
  jlist: (env: Record<string, string>) => Promise<Pm2Entry[]>;
  /** Deletes every app and kills whatever outlived its worker; the daemon keeps running. */
  reset: (env: Record<string, string>) => Promise<void>;
  /** Kills the daemon and every process carrying this PM2_HOME, and removes the folder. */
  destroy: () => Promise<void>;
};

export async function makePm2Home(): Promise<Pm2Home> {
  const home = await mkdtemp("/tmp/pm2-");
  const pm2: Pm2Home["pm2"] = async (args, options) => {
    const result = await execa(process.execPath, [PM2_BIN, ...args], {
      cwd: options.cwd,
      env: { ...options.env, PM2_HOME: home },
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      timeout: 60_000,
    });
    return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
  };
  return {
    home,
    pm2,
    jlist: async (env) => {
      const { stdout } = await pm2(["jlist"], { env, cwd: home });
      const line = stdout.split("\n").find((text) => text.startsWith("["));
      return line === undefined ? [] : (JSON.parse(line) as Pm2Entry[]);
    },
    reset: async (env) => {
      await pm2(["delete", "all"], { env, cwd: home });
      await killCarriers(home, await daemonPid(home));
    },
    destroy: async () => {
      await pm2(["kill"], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, cwd: "/" });
      await killCarriers(home, undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}

async function daemonPid(home: string): Promise<number | undefined> {
  const text = await readFile(`${home}/pm2.pid`, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) ? pid : undefined;
}

/** SIGKILLs every process whose environment names this PM2_HOME (workers, providers, CLIs), except `keep`. */
async function killCarriers(home: string, keep: number | undefined): Promise<void> {
  const marker = `PM2_HOME=${home}\0`;
  for (const entry of await readdir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || pid === keep) continue;
    const environ = await readFile(`/proc/${pid}/environ`, "latin1").catch(() => "");
    if (!environ.includes(marker)) continue;
    try {
      process.kill(pid, "SIGKILL");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }
}

/** Polls `probe` until it returns a value (a safety net with a generous timeout, not a timing assertion). */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether any process of the group is still running; zombies (dead, waiting to be reaped) do not count. */
export async function groupRunning(pgid: number): Promise<boolean> {
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // Fields after the parenthesised command: state, ppid, pgrp, …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z" && state !== "X") return true;
  }
  return false;
}
