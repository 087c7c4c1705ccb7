// An isolated PM2 for a benchmark: a short PM2_HOME under /tmp (unix socket paths are length-limited) whose
// daemon is killed, and whose folder is removed, when the scope closes.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Scope, signalProcess } from "./cleanup.ts";

export const ECOSYSTEM = fileURLToPath(new URL("../../ecosystem.config.cjs", import.meta.url));
const PM2_BIN = fileURLToPath(new URL("../../packages/supervisor/node_modules/pm2/bin/pm2", import.meta.url));
const run = promisify(execFile);

export type Pm2Home = {
  home: string;
  /** Runs the pm2 CLI against this home (the same Node as the benchmark), optionally as a project would. */
  pm2: (args: string[], options?: { cwd?: string; env?: Record<string, string> }) => Promise<string>;
};

export async function makePm2Home(scope: Scope): Promise<Pm2Home> {
  const home = await mkdtemp("/tmp/pm2-bench-");
  scope.defer(`remove ${home}`, () => rm(home, { recursive: true, force: true }));
  const env = {
    ...process.env,
    PM2_HOME: home,
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
  };
  const pm2: Pm2Home["pm2"] = async (args, options = {}) => {
    const spawnEnv = { ...env, ...options.env, PM2_HOME: home };
    const cwd = options.cwd ?? home;
    return (await run(process.execPath, [PM2_BIN, ...args], { env: spawnEnv, cwd, timeout: 60_000 })).stdout;
  };
  scope.defer(`pm2 kill (${home})`, async () => {
    await pm2(["kill"]);
    await killCarriers(home);
  });
  return { home, pm2 };
}

/**
 * SIGKILLs whatever outlived the daemon and still carries this PM2_HOME in its environment (workers, their
 * providers): only processes this benchmark started can carry it.
 */
async function killCarriers(home: string): Promise<void> {
  const marker = `PM2_HOME=${home}\0`;
  for (const entry of await readdir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const environ = await readFile(`/proc/${pid}/environ`, "latin1").catch(() => "");
    if (environ.includes(marker)) signalProcess(pid, "SIGKILL");
  }
}
