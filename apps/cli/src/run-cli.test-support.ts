// Runs the built `samocode` entry as a child process with the toolchain's node, for the CLI's integration tests.
import { execFile } from "node:child_process";
import { cliArgv } from "../../../tests/helpers/shipped-cli.ts";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A clean env: no SAMOCODE_* or provider settings leak in from the machine running the tests, and a HOME of
 * its own (the user's samocode folders live there), outside the repo the command works on.
 */
export async function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  const home = options.env?.HOME ?? (await makeTempDir("samo-home-"));
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, ...options.env };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      cliArgv(args),
      { cwd: options.cwd, env, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") {
          reject(new Error(`samocode ${args.join(" ")} did not run: ${error.message}`, { cause: error }));
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}
