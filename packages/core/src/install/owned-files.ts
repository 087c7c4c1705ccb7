// `samocode install` / `uninstall`: writes and removes only the files samocode owns (see skill-marker.ts).
import { lstat, mkdir, readFile, rmdir, unlink } from "node:fs/promises";
import { dirname, relative, sep } from "node:path";
import { writeFileAtomically } from "../atomic-write.ts";
import { SamocodeError } from "../errors.ts";
import { isErrorCode } from "../session/json-file.ts";
import { readOwnership, withMarker } from "./skill-marker.ts";
import type { SkillTarget } from "./skill-targets.ts";

export type SkillOutcome = "installed" | "updated" | "up-to-date" | "removed" | "not-installed" | "refused";

/** One file install writes: for which CLI, where, and what it holds (without the ownership marker). */
export type OwnedFile = { target: SkillTarget; file: string; content: string };

/** One line of the report per file; `reason` says why a file was refused (left exactly as it was). */
export type SkillChange = { target: SkillTarget; file: string; outcome: SkillOutcome; reason?: string };

type Existing = { kind: "missing" } | { kind: "not-a-file" } | { kind: "file"; text: string };

const FOREIGN = "was not written by samocode install; left alone";
const EDITED = "was edited since samocode installed it; left alone (remove it by hand, or undo the edit)";

export async function installOwnedFiles(files: readonly OwnedFile[]): Promise<SkillChange[]> {
  const changes: SkillChange[] = [];
  for (const { target, file, content } of files) {
    changes.push({ target, file, ...(await installOne(file, content)) });
  }
  return changes;
}

/**
 * In reverse install order: the first file installed created the shared folders (and counts them), so it
 * goes last, when the folders it created may be empty again. The report keeps the given order.
 */
export async function uninstallOwnedFiles(
  files: readonly Pick<OwnedFile, "target" | "file">[],
): Promise<SkillChange[]> {
  const changes: SkillChange[] = [];
  for (const { target, file } of [...files].reverse()) {
    changes.unshift({ target, file, ...(await uninstallOne(file)) });
  }
  return changes;
}

type Result = { outcome: SkillOutcome; reason?: string };

async function installOne(file: string, content: string): Promise<Result> {
  const existing = await inspect(file);
  if (existing.kind === "not-a-file")
    return refused("is not a regular file (a folder or a symlink); left alone");
  if (existing.kind === "missing") {
    const dir = dirname(file);
    const created = await mkdir(dir, { recursive: true });
    await writeFileAtomically(file, withMarker(content, created === undefined ? 0 : levels(created, dir)));
    return { outcome: "installed" };
  }
  const owner = readOwnership(existing.text);
  if (owner.kind === "foreign") return refused(FOREIGN);
  if (owner.kind === "edited") return refused(EDITED);
  if (owner.content === content) return { outcome: "up-to-date" };
  await writeFileAtomically(file, withMarker(content, owner.dirs));
  return { outcome: "updated" };
}

async function uninstallOne(file: string): Promise<Result> {
  const existing = await inspect(file);
  if (existing.kind === "missing") return { outcome: "not-installed" };
  if (existing.kind === "not-a-file")
    return refused("is not a regular file (a folder or a symlink); left alone");
  const owner = readOwnership(existing.text);
  if (owner.kind === "foreign") return refused(FOREIGN);
  if (owner.kind === "edited") return refused(EDITED);
  await unlink(file);
  await removeEmptyFolders(dirname(file), owner.dirs);
  return { outcome: "removed" };
}

/** The folders install created, innermost first, each only while it is empty. */
async function removeEmptyFolders(dir: string, count: number): Promise<void> {
  let current = dir;
  for (let i = 0; i < count; i += 1) {
    try {
      await rmdir(current);
    } catch (error) {
      if (isErrorCode(error, "ENOTEMPTY", "EEXIST", "ENOENT")) return; // someone else's files live there now
      throw new SamocodeError("io", `cannot remove the folder ${current}`, { cause: error });
    }
    current = dirname(current);
  }
}

async function inspect(file: string): Promise<Existing> {
  try {
    const stats = await lstat(file);
    if (!stats.isFile()) return { kind: "not-a-file" };
    return { kind: "file", text: await readFile(file, "utf8") };
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return { kind: "missing" };
    if (isErrorCode(error, "ENOTDIR")) return { kind: "not-a-file" };
    throw new SamocodeError("io", `cannot read ${file}`, { cause: error });
  }
}

/** `mkdir -p` returns the first folder it created; count it and those below it down to `dir`. */
function levels(firstCreated: string, dir: string): number {
  const below = relative(firstCreated, dir);
  return below === "" ? 1 : below.split(sep).length + 1;
}

function refused(reason: string): Result {
  return { outcome: "refused", reason };
}
