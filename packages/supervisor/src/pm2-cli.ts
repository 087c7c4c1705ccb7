// The PM2 command line samocode ships with (this package's `pm2` dependency): `samocode pm2 …` runs it, so a
// user never drives samocode's daemon with a second PM2 of another version — PM2 compares its own version
// with the daemon's and says "In-memory PM2 is out-of-date, do: pm2 update", which replaces the daemon.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { constants } from "node:os";
import { dirname, join } from "node:path";

const PM2_PACKAGE = createRequire(import.meta.url).resolve("pm2/package.json");

/** The bundled `bin/pm2`, run with this process's Node (the pinned one). */
export const BUNDLED_PM2_BIN = join(dirname(PM2_PACKAGE), "bin", "pm2");

export function bundledPm2Version(): string {
  return (JSON.parse(readFileSync(PM2_PACKAGE, "utf8")) as { version: string }).version;
}

/**
 * Runs the bundled PM2 CLI with `args` in the foreground, the terminal handed over (`pm2 monit`, `pm2 logs`),
 * and resolves with its exit code; Ctrl-C reaches it through the shared process group.
 */
export function runPm2Cli(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLED_PM2_BIN, ...args], { stdio: "inherit" });
    // The child gets the terminal's SIGINT itself; this process only waits for it to end.
    const ignore = () => undefined;
    process.on("SIGINT", ignore);
    child.once("error", (error) => {
      process.off("SIGINT", ignore);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      process.off("SIGINT", ignore);
      // A shell's convention for a death by signal: 128 + its number.
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
