// Reading a file that an agent or a human can write, whatever is at its path: a value for any bytes, size or
// file type — never a throw, never a hang on a FIFO, never more than the limit read, and (unless asked) never
// through a symlink, so nothing outside the session folder is read in its name.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { lstat, open, stat } from "node:fs/promises";
import { errnoCode, errorMeaning } from "./fs-errors.ts";

export type BoundedRead =
  | { kind: "missing" }
  /** Not a regular file, a symlink, over the limit, or unreadable: `reason` says which, naming `label`. */
  | { kind: "refused"; reason: string }
  | { kind: "ok"; bytes: Buffer };

export type BoundedReadOptions = {
  maxBytes: number;
  /** How reasons name the file: its name in the session folder, or its path. */
  label: string;
  /** Config files (`.samocode`, `.env`) may be symlinks into a dotfiles repository; session files may not. */
  followSymlinks?: boolean;
};

export async function readBoundedFile(path: string, options: BoundedReadOptions): Promise<BoundedRead> {
  const { label, followSymlinks = false } = options;
  let stats: Stats;
  try {
    stats = followSymlinks ? await stat(path) : await lstat(path);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return { kind: "missing" };
    return { kind: "refused", reason: `${label} cannot be inspected: ${errorMeaning(error)}` };
  }
  const refusal = refuse(stats, options);
  if (refusal !== undefined) return { kind: "refused", reason: refusal };
  return readCapped(path, options);
}

/**
 * The same verdicts, synchronously, for the few records read where no await may come between (the loop's
 * own files in `_logs/`, which an agent can still replace). Never follows a symlink.
 */
export function readBoundedFileSync(
  path: string,
  options: Omit<BoundedReadOptions, "followSymlinks">,
): BoundedRead {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const stats = fstatSync(fd);
    const refusal = refuse(stats, options);
    if (refusal !== undefined) return { kind: "refused", reason: refusal };
    const buffer = Buffer.alloc(Math.min(options.maxBytes, stats.size) + 1);
    let length = 0;
    for (let got = -1; got !== 0 && length < buffer.length; length += got) {
      got = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > options.maxBytes)
      return { kind: "refused", reason: tooBig(options.label, length, options.maxBytes) };
    return { kind: "ok", bytes: buffer.subarray(0, length) };
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return { kind: "missing" };
    if (errnoCode(error) === undefined) throw error;
    return { kind: "refused", reason: `${options.label} cannot be read: ${errorMeaning(error)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** UTF-8 text, or why not; a leading byte order mark is dropped when `dropBom` (JSON and KEY=VALUE files). */
export function decodeUtf8(
  bytes: Uint8Array,
  label: string,
  dropBom: boolean,
): { ok: true; text: string } | { ok: false; reason: string; lossy: string } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return { ok: true, text: dropBom ? text.replace(/^\uFEFF/, "") : text };
  } catch (error) {
    // The fatal decoder's one failure: bytes that are not UTF-8.
    if (!(error instanceof TypeError)) throw error;
    const lossy = new TextDecoder("utf-8").decode(bytes);
    return { ok: false, reason: `${label} is not UTF-8 text (binary?)`, lossy };
  }
}

export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function refuse(stats: Stats, options: BoundedReadOptions): string | undefined {
  const { label, maxBytes } = options;
  if (stats.isSymbolicLink()) return `${label} is a symlink; write a regular file`;
  if (!stats.isFile()) return `${label} is not a regular file (${fileKind(stats)})`;
  if (stats.size > maxBytes) return tooBig(label, stats.size, maxBytes);
  return undefined;
}

// Opens without blocking on a FIFO (and without following a link, unless asked), then re-checks the opened
// file: the path may have been swapped since the first look. Reads at most one byte past the limit.
async function readCapped(path: string, options: BoundedReadOptions): Promise<BoundedRead> {
  const { label, maxBytes, followSymlinks = false } = options;
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (followSymlinks ? 0 : constants.O_NOFOLLOW);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, flags);
    const opened = await handle.stat();
    const refusal = refuse(opened, options);
    if (refusal !== undefined) return { kind: "refused", reason: refusal };
    // Sized by the file, grown if it grows while read, never past one byte over the limit.
    let buffer = Buffer.alloc(Math.min(maxBytes, opened.size) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const grown = Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return { kind: "refused", reason: tooBig(label, length, maxBytes) };
    }
    return { kind: "ok", bytes: buffer.subarray(0, length) };
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return { kind: "missing" };
    return { kind: "refused", reason: `${label} cannot be read: ${errorMeaning(error)}` };
  } finally {
    await closeQuietly(handle);
  }
}

/** Closing a read-only descriptor cannot lose data; what was read stands either way. */
async function closeQuietly(handle: Awaited<ReturnType<typeof open>> | undefined): Promise<void> {
  try {
    await handle?.close();
  } catch (error) {
    if (errnoCode(error) === undefined) throw error;
  }
}

function tooBig(label: string, size: number, maxBytes: number): string {
  return `${label} is ${size} bytes; the limit is ${maxBytes} (${sizeText(maxBytes)})`;
}

export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isSymbolicLink()) return "a symlink";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isFile()) return "a regular file";
  return "an unknown kind of file";
}
