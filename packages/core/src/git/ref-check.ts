// Checks every ref and branch name that a user or an agent hands samocode before git sees it, and turns
// a base into the commit git is given. Issue 13: `spawn --base=--no-checkout` reached `git worktree add`
// as an option and left the session's branch with an empty index.
import { describeGitFailure, runGit } from "./git-command.ts";
import { currentBranch, headCommit } from "./repo-info.ts";

/**
 * not-a-repository: MAIN_REPO is no git checkout; no-commit: it has nothing to branch from yet;
 * bad-ref: the value may not be given to git at all; unknown-ref: git names no commit by it.
 */
export const BASE_REF_CAUSES = ["not-a-repository", "no-commit", "bad-ref", "unknown-ref"] as const;
export type BaseRefCause = (typeof BASE_REF_CAUSES)[number];

export type BaseRef =
  /** `ref`: as the user wrote it, or the main checkout's branch (or HEAD commit); `commit`: its full sha. */
  { ok: true; ref: string; commit: string } | { ok: false; cause: BaseRefCause; reason: string };

export type BranchCheck = { ok: true } | { ok: false; reason: string };

/** Why `value` may not be handed to git as a ref, decided without git; undefined when it may. */
export function refArgumentProblem(value: string): string | undefined {
  if (value.trim() === "") return "is empty";
  if (value.startsWith("-")) return 'starts with "-", so git would read it as an option';
  // A newline or escape would also break the one-line reasons these values are quoted in.
  if ([...value].some(isControl)) return "contains a control character";
  return undefined;
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/** Undefined when `repo` is a git work tree; else one line saying what it is and how to fix it. */
export async function repositoryProblem(repo: string): Promise<string | undefined> {
  const result = await runGit(repo, ["rev-parse", "--show-toplevel"]);
  if (result.ok) return undefined;
  if (/not a git repository/i.test(result.stderr)) {
    return `MAIN_REPO ${repo} is not a git repository; run \`git init\` there and commit something, or set MAIN_REPO in .samocode to your checkout`;
  }
  // Git's own words: e.g. "detected dubious ownership", or a bare repository without a work tree.
  return `MAIN_REPO ${repo} cannot be used as a git checkout: ${describeGitFailure(result)}`;
}

/**
 * The commit a new session branch starts from: `base` when given (any branch, tag or commit expression),
 * else the main checkout's branch. Resolved with `rev-parse --verify --end-of-options <base>^{commit}`,
 * so nothing the user typed is ever parsed as an option, and the caller gives git the sha.
 */
export async function resolveBase(mainRepo: string, base?: string): Promise<BaseRef> {
  const notRepo = await repositoryProblem(mainRepo);
  if (notRepo !== undefined) return { ok: false, cause: "not-a-repository", reason: notRepo };
  if (base === undefined) {
    const head = await headCommit(mainRepo);
    if (head === undefined) {
      const reason = `MAIN_REPO ${mainRepo} has no commit to branch from; commit something first`;
      return { ok: false, cause: "no-commit", reason };
    }
    return { ok: true, ref: (await currentBranch(mainRepo)) ?? head, commit: head };
  }
  const problem = refArgumentProblem(base);
  if (problem !== undefined) {
    return { ok: false, cause: "bad-ref", reason: `the base ${JSON.stringify(base)} ${problem}` };
  }
  const args = ["rev-parse", "--verify", "--quiet", "--end-of-options", `${base}^{commit}`];
  const resolved = await runGit(mainRepo, args);
  if (!resolved.ok) {
    const reason = `the base ${JSON.stringify(base)} is not a branch, tag or commit of ${mainRepo}`;
    return { ok: false, cause: "unknown-ref", reason };
  }
  return { ok: true, ref: base, commit: resolved.stdout.trim() };
}

/** A name git accepts for a branch exactly as written (`check-ref-format --branch` expands `@{-1}`). */
export async function isValidBranchName(repo: string, branch: string): Promise<boolean> {
  if (refArgumentProblem(branch) !== undefined) return false;
  const result = await runGit(repo, ["check-ref-format", "--branch", branch]);
  return result.ok && result.stdout.trim() === branch;
}

export async function branchExists(repo: string, branch: string): Promise<boolean> {
  const result = await runGit(repo, ["show-ref", "--verify", "--quiet", "--", `refs/heads/${branch}`]);
  return result.ok;
}

/** An existing local branch with a valid name, such as a merge target; else why not, in one line. */
export async function checkBranch(repo: string, branch: string): Promise<BranchCheck> {
  if (!(await isValidBranchName(repo, branch))) {
    return { ok: false, reason: `${JSON.stringify(branch)} is not a valid git branch name` };
  }
  if (!(await branchExists(repo, branch))) {
    return { ok: false, reason: `there is no branch ${branch}` };
  }
  return { ok: true };
}
