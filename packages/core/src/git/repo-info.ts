// Questions about a repository's state: its top level, current branch, HEAD, and whether refs exist.
import { runGit } from "./git-command.ts";

export async function topLevel(dir: string): Promise<string | undefined> {
  const result = await runGit(dir, ["rev-parse", "--show-toplevel"]);
  return result.ok ? result.stdout.trim() : undefined;
}

/** The checked-out branch, or undefined when HEAD is detached. */
export async function currentBranch(repo: string): Promise<string | undefined> {
  const result = await runGit(repo, ["symbolic-ref", "--quiet", "--short", "HEAD"]);
  return result.ok ? result.stdout.trim() : undefined;
}

export async function headCommit(repo: string): Promise<string | undefined> {
  const result = await runGit(repo, ["rev-parse", "--verify", "--quiet", "HEAD"]);
  return result.ok ? result.stdout.trim() : undefined;
}

export async function branchExists(repo: string, branch: string): Promise<boolean> {
  const result = await runGit(repo, ["show-ref", "--verify", "--quiet", `refs/heads/${branch}`]);
  return result.ok;
}

export async function isValidBranchName(repo: string, branch: string): Promise<boolean> {
  const result = await runGit(repo, ["check-ref-format", "--branch", branch]);
  return result.ok;
}

/** Default base for new sessions: the main checkout's branch, else its HEAD commit; none before a commit. */
export async function defaultBase(repo: string): Promise<string | undefined> {
  const head = await headCommit(repo);
  if (head === undefined) return undefined;
  return (await currentBranch(repo)) ?? head;
}
