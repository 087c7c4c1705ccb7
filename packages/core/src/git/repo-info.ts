// Questions about a repository's state: its top level, current branch, HEAD and when HEAD last moved.
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { onlyFor } from "../io/fs-errors.ts";
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

/**
 * When HEAD last moved in this checkout (a commit, reset, checkout), in ms, from the mtime of its HEAD
 * reflog — no process, and precise where a commit's own date has whole seconds (and can be set by its
 * author). A linked worktree keeps its reflog under the main repository's `.git/worktrees/<name>/`.
 * 0 when there is no reflog.
 */
export async function headMovedAt(checkout: string): Promise<number> {
  const dotGit = join(checkout, ".git");
  let gitDir = dotGit;
  const info = await stat(dotGit).catch(
    onlyFor(["ENOENT", "ENOTDIR"], undefined, `cannot look at ${dotGit}`),
  );
  if (info?.isFile()) {
    const text = await readFile(dotGit, "utf8").catch(onlyFor(["ENOENT"], "", `cannot read ${dotGit}`));
    const pointer = /^gitdir:\s*(.+)$/m.exec(text);
    if (pointer?.[1] === undefined) return 0;
    const target = pointer[1].trim();
    gitDir = isAbsolute(target) ? target : resolve(checkout, target);
  }
  const head = join(gitDir, "logs", "HEAD");
  // No reflog yet (a fresh repository, or reflogs turned off) is "never moved".
  const reflog = await stat(head).catch(onlyFor(["ENOENT", "ENOTDIR"], undefined, `cannot look at ${head}`));
  return reflog?.mtimeMs ?? 0;
}

/**
 * Undefined when git can name an author and a committer in `repo` (user.name and user.email resolvable, from
 * its config, the global one or GIT_* variables), the way `git commit` would; else git's first fatal line.
 * Issue 14: "Author identity unknown" surfaced only minutes later, as a failure of the agent's first commit.
 */
export async function identityProblem(repo: string): Promise<string | undefined> {
  for (const who of ["GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"]) {
    const result = await runGit(repo, ["var", who]);
    if (result.ok) continue;
    const fatal = result.stderr.split("\n").find((line) => line.startsWith("fatal:"));
    return (fatal ?? result.stderr.trim().split("\n")[0] ?? "no identity").replace(/^fatal:\s*/, "");
  }
  return undefined;
}

/**
 * The main checkout a linked worktree belongs to (the folder of the shared `.git`), or undefined when `dir`
 * is in no git checkout or the repository is bare.
 */
export async function mainCheckoutOf(dir: string): Promise<string | undefined> {
  const result = await runGit(dir, ["rev-parse", "--path-format=absolute", "--git-common-dir"]);
  if (!result.ok) return undefined;
  const common = result.stdout.trim();
  return basename(common) === ".git" ? dirname(common) : undefined;
}
