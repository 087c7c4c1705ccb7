// Adds samocode's own files to a repo's `.git/info/exclude` by editing that file directly; git itself is never run.
import { mkdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { writeFileAtomically } from "../atomic-write.ts";
import { entryKind } from "./find-project-file.ts";

export type ExcludeResult =
  | { kind: "updated"; file: string; added: string[] }
  | { kind: "unchanged"; file: string }
  /** Why nothing was written, for the user to act on. */
  | { kind: "skipped"; reason: string };

/** Paths outside `repo` are ignored: exclude patterns only apply inside the repo. Folders get a trailing `/`. */
export async function excludeFromRepo(
  repo: string,
  entries: readonly { path: string; folder: boolean }[],
): Promise<ExcludeResult> {
  const dotGit = join(repo, ".git");
  const kind = await entryKind(dotGit);
  if (kind === "missing") return { kind: "skipped", reason: `${repo} has no .git` };
  if (kind !== "directory") {
    // A .git file points to a linked worktree's or submodule's git dir; following it is the git adapter's job.
    return { kind: "skipped", reason: `${dotGit} is not a folder (a linked worktree or a submodule?)` };
  }
  const file = join(dotGit, "info", "exclude");
  const patterns = entries.flatMap(({ path, folder }) => {
    const rel = relative(repo, path);
    if (rel === "" || rel.startsWith("..") || rel.startsWith(sep)) return [];
    return [`/${rel.split(sep).join("/")}${folder ? "/" : ""}`];
  });
  const existing = await readIfPresent(file);
  const present = new Set(existing.split(/\r?\n/).map((line) => line.trim()));
  const added = patterns.filter((pattern) => !present.has(pattern));
  if (added.length === 0) return { kind: "unchanged", file };
  const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
  await mkdir(join(dotGit, "info"), { recursive: true });
  await writeFileAtomically(file, `${existing}${separator}# added by samocode init\n${added.join("\n")}\n`);
  return { kind: "updated", file, added };
}

async function readIfPresent(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return "";
    throw error;
  }
}
