// A little disk space a running loop keeps in its session's `_logs/`, given up when a write fails for lack of
// space: on a full disk even the hook saying "blocked: no space left" needs fresh blocks (a temp file is
// written before the rename frees the old one), so without a reserve the reason could not be recorded.
import { lstat, open, unlink } from "node:fs/promises";
import { errnoCode, ioError, onlyFor } from "../io/fs-errors.ts";
import { openSessionFolder } from "./session-folders.ts";
import { sessionPaths } from "./session-paths.ts";

/** Room for a hook write or two (hooks are a few KiB) and a last log line. */
export const RESERVE_BYTES = 64 * 1024;

/** Makes sure the reserve is there and whole; a disk too full for it is an `io` error like any other write. */
export async function keepSpaceReserve(sessionDir: string): Promise<void> {
  await openSessionFolder(sessionDir, "logs");
  const path = sessionPaths(sessionDir).spaceReserve;
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // O_NOFOLLOW via the `_logs` check above is not enough for the file itself: "w" on a symlink would
    // write through it, so whatever is there is removed first.
    await unlink(path).catch(onlyFor(["ENOENT"], undefined, `cannot replace ${path}`));
    file = await open(path, "wx");
    await file.write(Buffer.alloc(RESERVE_BYTES));
    await file.sync();
  } catch (error) {
    if (errnoCode(error) === undefined) throw error;
    throw ioError(`cannot keep ${RESERVE_BYTES / 1024} KiB in reserve at ${path}`, error);
  } finally {
    await file?.close();
  }
}

/** Frees the reserve; true when there was one to free. Never through a `_logs` that is no longer a real
 * folder (an agent may have swapped in a symlink since the reserve was made). */
export async function giveUpSpaceReserve(sessionDir: string): Promise<boolean> {
  const { logs, spaceReserve: path } = sessionPaths(sessionDir);
  const folder = await lstat(logs).catch(onlyFor(["ENOENT", "ENOTDIR"], undefined, `cannot look at ${logs}`));
  if (folder?.isDirectory() !== true) return false;
  return unlink(path).then(
    () => true,
    onlyFor(["ENOENT", "ENOTDIR"], false, `cannot free the space reserve ${path}`),
  );
}
