// Runs the built `samocode` entry as a child process with the toolchain's node, for the CLI's integration tests.
import { execFile } from "node:child_process";
import { cliArgv } from "../../../tests/helpers/shipped-cli.ts";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A clean env: no SAMOCODE_* or provider settings leak in from the machine running the tests. HOME is the
 * folder the command runs in unless the test names one (a repo's test gives one outside the repo, since the
 * user's samocode folders are written there).
 */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: options.cwd, ...options.env };
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
