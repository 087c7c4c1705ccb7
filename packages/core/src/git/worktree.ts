// Creates, finds and removes a session's git worktree on its own branch.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describeGitFailure, runGit } from "./git-command.ts";
import { branchExists, isValidBranchName, resolveBase } from "./ref-check.ts";

export type WorktreeRequest = {
  mainRepo: string;
  /** WORKTREES/<session-folder> */
  path: string;
  branch: string;
  /** Ref to branch from when the branch does not exist yet; default: the main checkout's branch. */
  base?: string | undefined;
};

export type WorktreeOutcome =
  | { ok: true; path: string; branch: string; base: string; created: boolean; reusedBranch: boolean }
  | { ok: false; reason: string };

/** `[prefix/]samocode/<name>` */
export function sessionBranch(name: string, prefix?: string): string {
  const trimmed = prefix?.replace(/^\/+|\/+$/g, "");
  return trimmed ? `${trimmed}/samocode/${name}` : `samocode/${name}`;
}

/**
 * Where a session's worktree goes and the branch it gets, before the loop makes them: WORKTREES/<folder>
 * (a child's id with `-` for `/`) on `[prefix/]samocode/<name without the date>`.
 */
export function sessionWorktreePlace(
  worktreesRoot: string,
  sessionId: string,
  prefix?: string,
): { path: string; branch: string } {
  const folder = sessionId.split("/").join("-");
  return {
    path: join(worktreesRoot, folder),
    branch: sessionBranch(folder.replace(/^\d\d-\d\d-\d\d-/, ""), prefix),
  };
}

export async function ensureWorktree(request: WorktreeRequest): Promise<WorktreeOutcome> {
  const path = resolve(request.path);
  const { mainRepo, branch } = request;
  if (!(await isValidBranchName(mainRepo, branch))) {
    return { ok: false, reason: `${JSON.stringify(branch)} is not a valid git branch name` };
  }
  const existing = (await listWorktrees(mainRepo)).find((w) => w.path === path);
  if (existing) {
    if (existing.branch !== branch) {
      return {
        ok: false,
        reason: `${path} is already a worktree on ${existing.branch ?? "a detached HEAD"}, not ${branch}`,
      };
    }
    return { ok: true, path, branch, base: branch, created: false, reusedBranch: true };
  }
  if (existsSync(path)) {
    return { ok: false, reason: `${path} already exists and is not a worktree of ${mainRepo}` };
  }
  if (await branchExists(mainRepo, branch)) {
    const added = await runGit(mainRepo, ["worktree", "add", "--end-of-options", path, branch]);
    if (!added.ok) return { ok: false, reason: describeGitFailure(added) };
    return { ok: true, path, branch, base: branch, created: true, reusedBranch: true };
  }
  const base = await resolveBase(mainRepo, request.base);
  if (!base.ok) return { ok: false, reason: base.reason };
  // The resolved sha, never the user's text, goes to git: nothing after --end-of-options is an option.
  const args = ["worktree", "add", "-b", branch, "--end-of-options", path, base.commit];
  const added = await runGit(mainRepo, args);
  if (!added.ok) return { ok: false, reason: describeGitFailure(added) };
  return { ok: true, path, branch, base: base.ref, created: true, reusedBranch: false };
}

export type WorktreeEntry = { path: string; head: string | undefined; branch: string | undefined };

export async function listWorktrees(mainRepo: string): Promise<WorktreeEntry[]> {
  const result = await runGit(mainRepo, ["worktree", "list", "--porcelain", "-z"]);
  if (!result.ok) return [];
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | undefined;
  for (const field of result.stdout.split("\0")) {
    if (field.startsWith("worktree ")) {
      current = { path: resolve(field.slice("worktree ".length)), head: undefined, branch: undefined };
      entries.push(current);
    } else if (current && field.startsWith("HEAD ")) {
      current.head = field.slice(5);
    } else if (current && field.startsWith("branch ")) {
      current.branch = field.slice(7).replace(/^refs\/heads\//, "");
    }
  }
  return entries;
}

export type RemoveOutcome = { ok: true } | { ok: false; reason: string; dirty?: boolean };

/** Refuses a dirty worktree unless forced; the branch is kept unless deleteBranch. */
export async function removeWorktree(
  mainRepo: string,
  path: string,
  options: { force?: boolean; deleteBranch?: string } = {},
): Promise<RemoveOutcome> {
  if (!options.force) {
    const status = await runGit(path, ["status", "--porcelain"]);
    if (status.ok && status.stdout.trim() !== "") {
      return { ok: false, dirty: true, reason: `${path} has uncommitted changes; use --force to remove it` };
    }
  }
  const args = [
    "worktree",
    "remove",
    ...(options.force ? ["--force"] : []),
    "--end-of-options",
    resolve(path),
  ];
  const removed = await runGit(mainRepo, args);
  if (!removed.ok) return { ok: false, reason: describeGitFailure(removed) };
  if (options.deleteBranch) {
    const deleted = await runGit(mainRepo, ["branch", "-D", "--end-of-options", options.deleteBranch]);
    if (!deleted.ok) return { ok: false, reason: describeGitFailure(deleted) };
  }
  return { ok: true };
}
