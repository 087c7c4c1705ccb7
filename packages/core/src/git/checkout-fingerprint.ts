// Whether a checkout can have changed since git last looked, from file stamps alone: everything `git status`
// reads — HEAD, its ref, the index, config and ignore files, every tracked file, every folder it walks.
import { type Dirent, readdirSync, readFileSync, type Stats, statSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { errnoCode } from "../io/fs-errors.ts";

/** Past this many stamps, reading them costs about what one `git status` does: no fingerprint is kept. */
const MAX_STAMPS = 1_000;
/**
 * A stamp this close to when the look began cannot be told from a later change: two writes within one tick
 * of a coarse file-system clock (up to 2 s on some file systems) get the same time. git's "racy git" rule
 * (Documentation/technical/racy-git.txt), with a wider margin, since we have no index of our own to compare to.
 */
const RACY_MS = 2_000;

/** The files and folders whose stamps stood for the checkout, and those stamps. */
export type Fingerprint = { paths: string[]; stamps: string[] };

export type FingerprintSources = {
  /** The checkout's top level (a folder holding `.git`). */
  repo: string;
  /** `git status --porcelain=v2 -z --untracked-files=all --ignored=matching`: its `! dir/` entries are the
   * ignored folders git does not walk. */
  status: string;
  /** `git ls-files -z --stage`. */
  tracked: string;
  /** `git config --list --show-origin -z`: which config files git read, and the ignore/attribute files they name. */
  config: string;
  /** Folders (relative to the top level) whose changes the snapshot leaves out. */
  skip: readonly string[];
};

/**
 * What to stamp, or "unsupported" for a checkout stamps cannot stand for (not a top level, submodules — their
 * state lives in their own repositories — or more paths than git is slow to read), or undefined when the
 * checkout changed under the walk (the next look tries again).
 */
export function fingerprintPaths(sources: FingerprintSources): string[] | "unsupported" | undefined {
  const dirs = gitDirs(sources.repo);
  if (dirs === undefined) return "unsupported";
  const tracked = trackedPaths(sources.tracked);
  if (tracked === "unsupported" || tracked.length > MAX_STAMPS) return "unsupported";
  const walked = walk(sources.repo, ignoredDirs(sources.status), sources.skip, MAX_STAMPS - tracked.length);
  if (walked === undefined || walked === "unsupported") return walked;
  return [
    ...gitFiles(dirs),
    ...configFiles(sources.repo, sources.config),
    ...walked,
    ...tracked.map((path) => join(sources.repo, path)),
  ];
}

/** The stamps of `paths` now; undefined when one is too recent to be trusted (see RACY_MS). */
export function takeFingerprint(paths: string[], lookStartedMs: number): Fingerprint | undefined {
  const stamps: string[] = [];
  for (const path of paths) {
    const stats = statOf(path);
    if (typeof stats !== "string" && Math.max(stats.mtimeMs, stats.ctimeMs) >= lookStartedMs - RACY_MS) {
      return undefined;
    }
    stamps.push(stampOf(stats));
  }
  return { paths, stamps };
}

/** True while every stamp is as it was: nothing git status reads has been written, created or removed. */
export function fingerprintHolds(fingerprint: Fingerprint): boolean {
  return fingerprint.paths.every((path, i) => stampOf(statOf(path)) === fingerprint.stamps[i]);
}

/** ctime changes with every write, chmod, rename or link of the inode, even when mtime is set back. */
function stampOf(stats: Stats | string): string {
  if (typeof stats === "string") return stats;
  return `${stats.ino}:${stats.mode}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** A path that is missing (or whose parent became a file) stamps as its error code. */
function statOf(path: string): Stats | string {
  try {
    return statSync(path);
  } catch (error) {
    return `-${(error as NodeJS.ErrnoException).code ?? "error"}`;
  }
}

/** `pointer` is the `.git` file of a linked worktree; a `.git` folder's own stamp moves with every file git
 * creates in it (FETCH_HEAD, locks), so it is left out: what status reads in it is stamped one by one. */
type GitDirs = { pointer: string | undefined; gitDir: string; commonDir: string };

/** `.git` as a folder, or a linked worktree's `gitdir:` file with the common folder it names. */
function gitDirs(repo: string): GitDirs | undefined {
  const dotGit = join(repo, ".git");
  const stats = statSync(dotGit, { throwIfNoEntry: false });
  if (stats === undefined) return undefined;
  let gitDir = dotGit;
  if (stats.isFile()) {
    const target = /^gitdir:\s*(.+)$/m.exec(readText(dotGit) ?? "")?.[1]?.trim();
    if (target === undefined) return undefined;
    gitDir = resolve(repo, target);
  } else if (!stats.isDirectory()) return undefined;
  const common = readText(join(gitDir, "commondir"))?.trim();
  const pointer = stats.isFile() ? dotGit : undefined;
  return { pointer, gitDir, commonDir: common ? resolve(gitDir, common) : gitDir };
}

/** HEAD, the ref it names (loose, packed or reftable), the index, config and the repository's own excludes. */
function gitFiles({ pointer, gitDir, commonDir }: GitDirs): string[] {
  const head = join(gitDir, "HEAD");
  const ref = /^ref:\s*(refs\/\S+)$/m.exec(readText(head) ?? "")?.[1];
  return [
    ...(pointer === undefined ? [] : [pointer]),
    head,
    join(gitDir, "index"),
    join(gitDir, "commondir"),
    join(gitDir, "config.worktree"),
    join(gitDir, "info", "sparse-checkout"),
    ...(ref === undefined ? [] : [join(commonDir, ref)]),
    join(commonDir, "packed-refs"),
    join(commonDir, "reftable", "tables.list"),
    join(commonDir, "config"),
    join(commonDir, "info", "exclude"),
    join(commonDir, "info", "attributes"),
  ];
}

/** Every config file git read (includes too) and the usual places one could appear, with the ignore and
 * attribute files config names or git reads by default. */
function configFiles(repo: string, config: string): string[] {
  const home = homedir();
  const xdg = process.env.XDG_CONFIG_HOME || join(home, ".config");
  const files = new Set([
    join(home, ".gitconfig"),
    join(xdg, "git", "config"),
    join(xdg, "git", "ignore"),
    join(xdg, "git", "attributes"),
    "/etc/gitconfig",
    "/etc/gitattributes",
  ]);
  for (const name of ["GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM"]) {
    const path = process.env[name];
    if (path) files.add(resolve(repo, path));
  }
  // `-z --show-origin`: origin NUL key LF value NUL, repeated; a key without a value has no LF.
  const fields = config.split("\0");
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const origin = fields[i] ?? "";
    if (origin.startsWith("file:")) files.add(resolve(repo, origin.slice(5)));
    const [key = "", value] = (fields[i + 1] ?? "").split("\n", 2);
    const named = key.toLowerCase() === "core.excludesfile" || key.toLowerCase() === "core.attributesfile";
    if (named && value) files.add(expandHome(repo, value));
  }
  return [...files];
}

function expandHome(repo: string, path: string): string {
  if (path === "~" || path.startsWith("~/")) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(repo, path);
}

/** Paths in the index; "unsupported" when one is a submodule (a gitlink, mode 160000). */
function trackedPaths(lsFiles: string): string[] | "unsupported" {
  const paths = new Set<string>();
  for (const entry of lsFiles.split("\0")) {
    if (entry === "") continue;
    if (entry.startsWith("160000 ")) return "unsupported";
    paths.add(entry.slice(entry.indexOf("\t") + 1));
  }
  return [...paths];
}

/** `! dir/` entries of `--ignored=matching`: folders an ignore pattern matches, which git never walks. */
function ignoredDirs(status: string): Set<string> {
  const dirs = new Set<string>();
  for (const field of status.split("\0")) {
    if (field.startsWith("! ") && field.endsWith("/")) dirs.add(field.slice(2, -1));
  }
  return dirs;
}

/**
 * The folders git walks for untracked files — the top level and every folder below it that is not ignored,
 * not skipped and not a nested repository — with the `.gitignore` and `.gitattributes` files in them. A
 * folder's stamp changes when an entry in it is created, removed or renamed; a file's when it is written.
 */
function walk(
  repo: string,
  ignored: ReadonlySet<string>,
  skip: readonly string[],
  budget: number,
): string[] | "unsupported" | undefined {
  const found: string[] = [];
  const pending = [""];
  for (let rel = pending.pop(); rel !== undefined; rel = pending.pop()) {
    const dir = join(repo, rel);
    found.push(dir);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // Removed under us, or unreadable: no fingerprint this time; git status answers.
      if (errnoCode(error) !== undefined) return undefined;
      throw error;
    }
    // Below the top level a `.git` makes a nested repository: git lists the folder and never looks inside.
    if (rel !== "" && entries.some((entry) => entry.name === ".git")) continue;
    for (const entry of entries) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.name === ".gitignore" || entry.name === ".gitattributes") found.push(join(repo, path));
      else if (entry.isDirectory() && entry.name !== ".git" && !ignored.has(path) && !isSkipped(path, skip))
        pending.push(path);
    }
    if (found.length > budget) return "unsupported";
  }
  return found;
}

function isSkipped(path: string, skip: readonly string[]): boolean {
  return skip.some((dir) => path === dir || path.startsWith(`${dir}/`));
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    // Missing or unreadable (ENOENT, EACCES, EISDIR…): no fingerprint from it; git status answers.
    if (errnoCode(error) !== undefined) return undefined;
    throw error;
  }
}
