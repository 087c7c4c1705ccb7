// Runs git for the adapter and keeps the raw command, stdout and stderr for error messages.
import { execa } from "execa";

export type GitResult =
  | { ok: true; stdout: string; command: string }
  | { ok: false; exitCode: number | undefined; stdout: string; stderr: string; command: string };

export async function runGit(cwd: string, args: readonly string[]): Promise<GitResult> {
  const command = `git ${args.join(" ")}`;
  const result = await execa("git", args, {
    cwd,
    reject: false,
    stdin: "ignore",
    // A user's pager, editor or prompt must never hang a worker.
    env: { GIT_TERMINAL_PROMPT: "0", GIT_EDITOR: "true", GIT_PAGER: "cat", LC_ALL: "C" },
  });
  if (result.exitCode === 0 && !result.failed) {
    return { ok: true, stdout: result.stdout, command };
  }
  return {
    ok: false,
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr || (result.message ?? ""),
    command,
  };
}

/** One line for a human: the command, then git's own words. */
export function describeGitFailure(result: Extract<GitResult, { ok: false }>): string {
  const said = (result.stderr || result.stdout).trim().split("\n").slice(-3).join(" / ");
  return `\`${result.command}\` failed (exit ${result.exitCode ?? "?"}): ${said || "no output"}`;
}
