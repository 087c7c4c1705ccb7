// Filesystem errors: which ones a caller expects (ENOENT, EEXIST…), and one readable line, naming the path,
// for every other one (a full disk, a permission, a file where a folder belongs) — the reason a session is
// blocked with (cause `io-error`) or a command refused with.
import { SamocodeError } from "../errors.ts";

/** What each code means to a person, and the fix where there is a general one. */
const MEANINGS: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device; free some space there",
  EDQUOT: "the disk quota is used up; free some space or raise the quota",
  EACCES: "permission denied; make it readable and writable by the user samocode runs as",
  EPERM: "operation not permitted; check its owner and permissions",
  EROFS: "the filesystem is read-only; remount it writable or move SESSIONS elsewhere",
  EEXIST: "something else already has that name (a file where a folder belongs?); move it away",
  ENOTDIR: "a part of the path is a file, not a folder; move that file away",
  EISDIR: "it is a folder where a file belongs; move the folder away",
  ELOOP: "it is a symlink (or a loop of them); replace it with a real file or folder",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many open files in this process",
  ENFILE: "too many open files on this machine",
  EIO: "an input/output error from the disk",
  ENOTEMPTY: "the folder is not empty",
  EBUSY: "it is busy (in use, or a mount point)",
  EXDEV: "it is on another filesystem",
  ENXIO: "it is a FIFO or device with nothing on the other end",
  ENOENT: "it does not exist",
};

/** A Node error's own `code` (ENOENT, EACCES…), if it has one. */
export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

export function isErrorCode(error: unknown, ...codes: string[]): boolean {
  const code = errnoCode(error);
  return code !== undefined && codes.includes(code);
}

/**
 * For `.catch(…)`: the value when the error is one of `codes` (what the caller expects, e.g. ENOENT for "not
 * there"), and every other error rethrown as an `io` error that says what was being done.
 */
export function onlyFor<T>(codes: readonly string[], value: T, doing: string): (error: unknown) => T {
  return (error: unknown) => {
    if (isErrorCode(error, ...codes)) return value;
    throw ioError(doing, error);
  };
}

/** `doing` ("cannot write /s/_hook.json") and what the error means, as one line. */
export function ioError(doing: string, error: unknown): SamocodeError {
  return new SamocodeError("io", `${doing}: ${errorMeaning(error)}`, { cause: error });
}

/** What went wrong, in words: the meaning of its code with the code itself, else the error's message. */
export function errorMeaning(error: unknown): string {
  const code = errnoCode(error);
  const meaning = code === undefined ? undefined : MEANINGS[code];
  if (meaning !== undefined) return `${meaning} (${code})`;
  return firstLine(error instanceof Error ? error.message : String(error));
}

/**
 * The one-line reason of a filesystem failure anywhere in `error`'s cause chain: an `io` SamocodeError's
 * message, or a Node filesystem error described with its path. Undefined for anything else (a bug).
 */
export function ioFailureReason(error: unknown): string | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 8; depth++) {
    if (current instanceof SamocodeError && current.code === "io") return firstLine(current.message);
    const code = errnoCode(current);
    if (code !== undefined && MEANINGS[code] !== undefined)
      return describeNodeError(current as NodeJS.ErrnoException);
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

/** `open /s/_hook.json.tmp: no space left on the device; … (ENOSPC)`: the syscall and path Node recorded. */
function describeNodeError(error: NodeJS.ErrnoException & { dest?: unknown }): string {
  const dest = typeof error.dest === "string" ? ` → ${error.dest}` : "";
  const target = error.path === undefined ? "" : ` ${error.path}${dest}`;
  const doing = error.syscall === undefined ? `cannot use${target}` : `${error.syscall}${target}`;
  return `${doing}: ${errorMeaning(error)}`;
}

function firstLine(text: string): string {
  const line = text.split("\n").find((part) => part.trim() !== "") ?? text;
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}
