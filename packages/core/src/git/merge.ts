// Merges a session branch into a target branch without ever disturbing the human's checkout: in the
// main checkout only when the target is the branch it has out (and it is clean), otherwise in a
// temporary worktree. A conflict is aborted, so the target stays exactly as it was. Both names come from
// a user (--into) or a session's hook, so they are checked first and reach git only as full ref names or
// after --end-of-options.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeGitFailure, runGit } from "./git-command.ts";
import { checkBranch } from "./ref-check.ts";
import { currentBranch, headCommit } from "./repo-info.ts";

export type MergeRequest = {
  mainRepo: string;
  branch: string;
  into: string;
  squash: boolean;
  message: string;
};

export type MergeOutcome =
  | { kind: "merged"; commit: string; where: "main checkout" | "temporary worktree" }
  | { kind: "up-to-date" }
  | { kind: "conflict"; files: string[] }
  | { kind: "refused"; reason: string };

export async function mergeBranch(request: MergeRequest): Promise<MergeOutcome> {
  const { mainRepo, branch, into } = request;
  for (const name of [branch, into]) {
    const checked = await checkBranch(mainRepo, name);
    if (!checked.ok) return { kind: "refused", reason: checked.reason };
  }
  // Full names: a tag called like the branch would otherwise win git's ref lookup.
  const ancestor = await runGit(mainRepo, [
    "merge-base",
    "--is-ancestor",
    "--end-of-options",
    `refs/heads/${branch}`,
    `refs/heads/${into}`,
  ]);
  if (ancestor.ok) return { kind: "up-to-date" };
  if ((await currentBranch(mainRepo)) === into) {
    const status = await runGit(mainRepo, ["status", "--porcelain", "--untracked-files=no"]);
    if (!status.ok || status.stdout.trim() !== "") {
      return {
        kind: "refused",
        reason: `${mainRepo} has uncommitted changes on ${into}; commit or stash them first`,
      };
    }
    return mergeIn(mainRepo, request, "main checkout");
  }
  const dir = await mkdtemp(join(tmpdir(), "samocode-merge-"));
  const path = join(dir, "target");
  // The short name, so the temporary worktree has the branch checked out rather than a detached HEAD.
  const added = await runGit(mainRepo, ["worktree", "add", "--quiet", "--end-of-options", path, into]);
  if (!added.ok) {
    await rm(dir, { recursive: true, force: true });
    return { kind: "refused", reason: describeGitFailure(added) };
  }
  try {
    return await mergeIn(path, request, "temporary worktree");
  } finally {
    await runGit(mainRepo, ["worktree", "remove", "--force", "--end-of-options", path]);
    await rm(dir, { recursive: true, force: true });
  }
}

async function mergeIn(
  cwd: string,
  request: MergeRequest,
  where: "main checkout" | "temporary worktree",
): Promise<MergeOutcome> {
  const args = request.squash
    ? ["merge", "--squash", "--end-of-options", `refs/heads/${request.branch}`]
    : [
        "merge",
        "--no-ff",
        "--no-edit",
        "-m",
        request.message,
        "--end-of-options",
        `refs/heads/${request.branch}`,
      ];
  const merged = await runGit(cwd, args);
  if (!merged.ok) {
    const conflicted = await runGit(cwd, ["diff", "--name-only", "--diff-filter=U"]);
    // --abort needs MERGE_HEAD, which a squash merge never writes; reset --merge undoes either kind.
    await runGit(cwd, ["merge", "--abort"]);
    await runGit(cwd, ["reset", "--merge"]);
    const files = conflicted.ok ? conflicted.stdout.split("\n").filter((f) => f !== "") : [];
    if (files.length > 0) return { kind: "conflict", files };
    return { kind: "refused", reason: describeGitFailure(merged) };
  }
  if (request.squash) {
    const committed = await runGit(cwd, ["commit", "--quiet", "-m", request.message]);
    if (!committed.ok) {
      await runGit(cwd, ["reset", "--merge"]);
      return { kind: "refused", reason: describeGitFailure(committed) };
    }
  }
  return { kind: "merged", commit: (await headCommit(cwd)) ?? "", where };
}
