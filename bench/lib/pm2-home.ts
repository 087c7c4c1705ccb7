// An isolated PM2 for a benchmark: a short PM2_HOME under /tmp (unix socket paths are length-limited) whose
// daemon is killed, and whose folder is removed, when the scope closes.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Scope } from "./cleanup.ts";

const PM2_BIN = fileURLToPath(new URL("../../packages/supervisor/node_modules/pm2/bin/pm2", import.meta.url));
const run = promisify(execFile);

export type Pm2Home = {
  home: string;
  /** Runs the pm2 CLI against this home (the same Node as the benchmark). */
  pm2: (args: string[]) => Promise<string>;
};

export async function makePm2Home(scope: Scope): Promise<Pm2Home> {
  const home = await mkdtemp("/tmp/pm2-bench-");
  scope.defer(`remove ${home}`, () => rm(home, { recursive: true, force: true }));
  const env = {
    ...process.env,
    PM2_HOME: home,
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
  };
  const pm2 = async (args: string[]) =>
    (await run(process.execPath, [PM2_BIN, ...args], { env, timeout: 60_000 })).stdout;
  scope.defer(`pm2 kill (${home})`, async () => {
    await pm2(["kill"]);
  });
  return { home, pm2 };
}
