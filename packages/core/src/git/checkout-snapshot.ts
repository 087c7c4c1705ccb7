// Detects an agent that committed into or dirtied the main checkout instead of its worktree.
import { relative, resolve, sep } from "node:path";
import { runGit } from "./git-command.ts";

export type CheckoutSnapshot = { head: string | undefined; branch: string | undefined; status: string[] };

/**
 * Status lines under `ignore` (e.g. SESSIONS or WORKTREES placed inside the repo) are left out:
 * samocode itself writes there.
 */
export async function snapshotCheckout(
  repo: string,
  ignore: readonly string[] = [],
): Promise<CheckoutSnapshot> {
  const [head, branch, status] = await Promise.all([
    runGit(repo, ["rev-parse", "--verify", "--quiet", "HEAD"]),
    runGit(repo, ["symbolic-ref", "--quiet", "--short", "HEAD"]),
    runGit(repo, ["status", "--porcelain=v1", "-z", "--untracked-files=all"]),
  ]);
  const ignored = ignore.map((dir) => relative(resolve(repo), resolve(dir))).filter(isInside);
  const lines = status.ok ? parseStatus(status.stdout) : [`(git status failed: ${status.stderr})`];
  return {
    head: head.ok ? head.stdout.trim() : undefined,
    branch: branch.ok ? branch.stdout.trim() : undefined,
    status: lines.filter((line) => !ignored.some((dir) => pathOf(line).startsWith(`${dir}/`))).sort(),
  };
}

/** A human-readable reason when the checkout changed, or undefined when it is as it was. */
export function describeEscape(
  repo: string,
  before: CheckoutSnapshot,
  after: CheckoutSnapshot,
): string | undefined {
  const changes: string[] = [];
  if (before.branch !== after.branch) {
    changes.push(`branch switched from ${before.branch ?? "detached"} to ${after.branch ?? "detached"}`);
  }
  if (before.head !== after.head) {
    changes.push(`HEAD moved from ${short(before.head)} to ${short(after.head)}`);
  }
  const was = new Set(before.status);
  const added = after.status.filter((line) => !was.has(line));
  const now = new Set(after.status);
  const cleaned = before.status.filter((line) => !now.has(line));
  if (added.length > 0 || cleaned.length > 0) {
    const files = [...added, ...cleaned].map(pathOf);
    const shown = files.slice(0, 5).join(", ") + (files.length > 5 ? ` and ${files.length - 5} more` : "");
    changes.push(`working tree changed (${shown})`);
  }
  if (changes.length === 0) return undefined;
  return `the agent changed the main checkout ${repo} instead of its worktree: ${changes.join("; ")}`;
}

function parseStatus(raw: string): string[] {
  const fields = raw.split("\0").filter((field) => field !== "");
  const lines: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? "";
    lines.push(field);
    // Renames and copies carry the original path as the next NUL-separated field.
    if (field.startsWith("R") || field.startsWith("C")) i++;
  }
  return lines;
}

function pathOf(statusLine: string): string {
  return statusLine.slice(3);
}

function isInside(rel: string): boolean {
  return rel !== "" && !rel.startsWith("..") && !rel.startsWith(sep) && !rel.includes(`..${sep}`);
}

function short(sha: string | undefined): string {
  return sha ? sha.slice(0, 8) : "nothing";
}
