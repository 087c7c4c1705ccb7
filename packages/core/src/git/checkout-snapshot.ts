// Detects an agent that committed into or dirtied the main checkout instead of its worktree.
import { relative, resolve, sep } from "node:path";
import {
  type Fingerprint,
  fingerprintHolds,
  fingerprintPaths,
  takeFingerprint,
} from "./checkout-fingerprint.ts";
import { type GitResult, runGit } from "./git-command.ts";

export type CheckoutSnapshot = { head: string | undefined; branch: string | undefined; status: string[] };

// v2 porcelain carries HEAD and the branch in its header, so one process answers; --no-ahead-behind skips
// walking history to an upstream nobody reads here; --no-optional-locks never takes (or rewrites) the
// index of a checkout a human may be using at the same moment.
const STATUS = [
  "--no-optional-locks",
  "status",
  "--porcelain=v2",
  "--branch",
  "--no-ahead-behind",
  "-z",
  "--untracked-files=all",
];

/** The last look at each checkout, and the stamps that say whether it still holds. */
type Look = { snapshot: CheckoutSnapshot; fingerprint: Fingerprint | undefined; stampable: boolean };
const looks = new Map<string, Look>();

/**
 * Status lines under `ignore` (e.g. SESSIONS or WORKTREES placed inside the repo) are left out:
 * samocode itself writes there. While nothing git status reads has changed since the last look (its
 * fingerprint holds), that look is the answer and no git process runs (issue 16: one git process is
 * about a third of the loop's own time between two attempts on a 2-core VM). A checkout stamps cannot
 * stand for (submodules, over 1,000 paths to stamp) runs git status every time, as before.
 */
export async function snapshotCheckout(
  repo: string,
  ignore: readonly string[] = [],
): Promise<CheckoutSnapshot> {
  const key = [resolve(repo), ...ignore.map((dir) => resolve(dir))].join("\0");
  const last = looks.get(key);
  if (last?.fingerprint !== undefined && fingerprintHolds(last.fingerprint)) return copy(last.snapshot);
  const skip = ignore.map((dir) => relative(resolve(repo), resolve(dir))).filter(isInside);
  const look = last?.stampable === false ? await plainLook(repo, skip) : await stampedLook(repo, skip);
  looks.set(key, look);
  return copy(look.snapshot);
}

async function plainLook(repo: string, skip: readonly string[]): Promise<Look> {
  const status = await runGit(repo, STATUS);
  return { snapshot: snapshotOf(status, skip), fingerprint: undefined, stampable: false };
}

/**
 * git status, with what the fingerprint needs beside it: the ignored folders it does not walk, the tracked
 * files, the config files read. Stamped after git answered, and only trusted when no stamp is newer than
 * the moment before git started: a change while git ran makes the next look run git again.
 */
async function stampedLook(repo: string, skip: readonly string[]): Promise<Look> {
  const startedMs = Date.now();
  const [status, tracked, config] = await Promise.all([
    runGit(repo, [...STATUS, "--ignored=matching"]),
    runGit(repo, ["ls-files", "-z", "--stage"]),
    runGit(repo, ["config", "--list", "--show-origin", "-z"]),
  ]);
  const snapshot = snapshotOf(status, skip);
  if (!status.ok || !tracked.ok || !config.ok) return { snapshot, fingerprint: undefined, stampable: true };
  const paths = fingerprintPaths({
    repo: resolve(repo),
    status: status.stdout,
    tracked: tracked.stdout,
    config: config.stdout,
    skip,
  });
  if (paths === "unsupported") return { snapshot, fingerprint: undefined, stampable: false };
  const fingerprint = paths === undefined ? undefined : takeFingerprint(paths, startedMs);
  return { snapshot, fingerprint, stampable: true };
}

function snapshotOf(status: GitResult, skip: readonly string[]): CheckoutSnapshot {
  if (!status.ok)
    return { head: undefined, branch: undefined, status: [`(git status failed: ${status.stderr})`] };
  const parsed = parseStatus(status.stdout);
  return {
    head: parsed.head,
    branch: parsed.branch,
    status: parsed.lines.filter((line) => !skip.some((dir) => pathOf(line).startsWith(`${dir}/`))).sort(),
  };
}

function copy(snapshot: CheckoutSnapshot): CheckoutSnapshot {
  return { ...snapshot, status: [...snapshot.status] };
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

type ParsedStatus = { head: string | undefined; branch: string | undefined; lines: string[] };

/**
 * Entries become v1 porcelain lines (`XY path`, `?? path`): the form snapshots were always kept in, so one
 * written by an older loop (`_logs/attempt-N.checkout.json`) still compares line for line after a crash.
 */
function parseStatus(raw: string): ParsedStatus {
  const fields = raw.split("\0").filter((field) => field !== "");
  const parsed: ParsedStatus = { head: undefined, branch: undefined, lines: [] };
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? "";
    if (field.startsWith("# branch.oid ")) parsed.head = headerValue(field, "(initial)");
    else if (field.startsWith("# branch.head ")) parsed.branch = headerValue(field, "(detached)");
    else if (field.startsWith("? ")) parsed.lines.push(`?? ${field.slice(2)}`);
    else if (field.startsWith("1 ")) parsed.lines.push(v1Line(field, 8));
    else if (field.startsWith("u ")) parsed.lines.push(v1Line(field, 10));
    else if (field.startsWith("2 ")) {
      parsed.lines.push(v1Line(field, 9));
      // A rename or copy carries its original path as the next NUL-separated field.
      i++;
    }
  }
  return parsed;
}

/** `# branch.oid <sha>` → the sha; git's placeholder (no commit yet, detached HEAD) → undefined. */
function headerValue(field: string, none: string): string | undefined {
  const value = field.slice(field.indexOf(" ", 2) + 1);
  return value === none ? undefined : value;
}

/** The XY code (`.` is v1's space) and the path, which follows `fieldsBefore` space-separated fields. */
function v1Line(field: string, fieldsBefore: number): string {
  let at = 0;
  for (let n = 0; n < fieldsBefore; n++) at = field.indexOf(" ", at) + 1;
  return `${field.slice(2, 4).replaceAll(".", " ")} ${field.slice(at)}`;
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
