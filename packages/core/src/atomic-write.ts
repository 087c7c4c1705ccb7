// Every state file is written through here: temp file in the same folder, fsync, rename (or, to create a
// file only where none exists, a hard link, which fails on an existing name).
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { link, rename, unlink, writeFile } from "node:fs/promises";
import { errorMeaning, ioError, isErrorCode, onlyFor } from "./io/fs-errors.ts";

/** Per path, this process's writes land in the order they were asked for (the last call wins). */
const pending = new Map<string, Promise<void>>();
let tempCount = 0;

/**
 * A reader sees the old contents or the new, never a torn file, and the new contents are on disk (fsync)
 * before the name points at them. Plain fs calls: the loop writes state files several times an iteration.
 */
export async function writeFileAtomically(path: string, data: string): Promise<void> {
  const write = (pending.get(path) ?? Promise.resolve()).then(() => replace(path, data));
  // Only the order is chained: a failed write reaches its own caller below, the next write still runs.
  const settled = write.then(
    () => undefined,
    () => undefined,
  );
  pending.set(path, settled);
  try {
    await write;
  } finally {
    if (pending.get(path) === settled) pending.delete(path);
  }
}

export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}

async function replace(path: string, data: string): Promise<void> {
  // Never named like a state file (`.json`, `.md`, `.jsonl`), so a folder listing cannot mistake it for one.
  const temp = `${path}.${process.pid}.${++tempCount}.tmp`;
  try {
    await writeFile(temp, data, { encoding: "utf8", flag: "wx", flush: true });
    await rename(temp, path);
  } catch (error) {
    await removeAfterFailure(temp, error);
    // A failed write(2) carries no path (ENOSPC mid-write): the reason must name the file.
    throw ioError(`cannot write ${path}`, error);
  }
}

/**
 * Creates `path` with `data` unless something already has that name (then false): a complete, fsynced temp
 * file is hard-linked into place, so the file is never seen half-written and of two writers exactly one
 * wins. For leases and for decisions that must never replace someone else's.
 */
export async function createFileExclusively(path: string, data: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${++tempCount}.tmp`;
  try {
    await writeFile(temp, data, { encoding: "utf8", flag: "wx", flush: true });
  } catch (error) {
    await removeAfterFailure(temp, error);
    throw ioError(`cannot write ${path}`, error);
  }
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (isErrorCode(error, "EEXIST")) return false;
    throw ioError(`cannot create ${path}`, error);
  } finally {
    await unlink(temp).catch(onlyFor(["ENOENT"], undefined, `cannot remove the temp file ${temp}`));
  }
}

/**
 * Removes a temp file a failed write may have left (a full disk leaves a partial one). Its absence is
 * expected; a failure to remove it is reported with the failure that came first, which stays the cause.
 */
async function removeAfterFailure(temp: string, first: unknown): Promise<void> {
  try {
    await unlink(temp);
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return;
    throw ioError(`${errorMeaning(first)}; and the temp file ${temp} could not be removed`, error);
  }
}

/**
 * The same guarantee, synchronously: for the few records that must be on disk before the next line runs
 * (the process group of a provider just spawned, which a crash a moment later must still find).
 */
export function writeFileAtomicallySync(path: string, data: string): void {
  const temp = `${path}.${process.pid}.${++tempCount}.tmp`;
  try {
    writeFileSync(temp, data, { encoding: "utf8", flag: "wx", flush: true });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw ioError(`cannot write ${path}`, error);
  }
}
