// Reads the lines appended to a file since the last read, keeping an unfinished last line for later.
import { open, stat } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { SamocodeError } from "../errors.ts";
import { isErrorCode } from "../session/json-file.ts";

export type FileTail = {
  path: string;
  /** Calls `onLine` for every complete line written since the last call; a missing file reads as empty. */
  readNew: (onLine: (line: string) => void) => Promise<void>;
  /** The unfinished last line, if any (a provider killed mid-line): shown once nothing more will come. */
  flush: () => string | undefined;
  /** Moves past everything written so far without reading it (a follower that starts from the end). */
  skip: () => Promise<void>;
};

const CHUNK_BYTES = 256 * 1024;
/** A "line" that never ends (a flood without newlines) is cut here rather than held in memory forever. */
const MAX_PENDING_CHARS = 4 * 1024 * 1024;

export function createFileTail(path: string): FileTail {
  let offset = 0;
  let pending = "";
  let decoder = new StringDecoder("utf8");
  const readNew = async (onLine: (line: string) => void): Promise<void> => {
    const handle = await open(path, "r").catch((error: unknown) => {
      if (isErrorCode(error, "ENOENT")) return undefined;
      throw new SamocodeError("io", `cannot read ${path}`, { cause: error });
    });
    if (handle === undefined) return;
    try {
      const { size } = await handle.stat();
      if (size < offset) {
        // Truncated or replaced: start over rather than read from a position past its end.
        offset = 0;
        pending = "";
        decoder = new StringDecoder("utf8");
      }
      const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, size - offset)));
      while (offset < size) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - offset), offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        pending = emitLines(pending + decoder.write(buffer.subarray(0, bytesRead)), onLine);
      }
    } finally {
      await handle.close();
    }
  };
  const flush = (): string | undefined => {
    const rest = pending + decoder.end();
    pending = "";
    decoder = new StringDecoder("utf8");
    return rest === "" ? undefined : rest;
  };
  const skip = async (): Promise<void> => {
    const size = await stat(path).then(
      (info) => info.size,
      (error: unknown) => {
        if (isErrorCode(error, "ENOENT")) return 0;
        throw new SamocodeError("io", `cannot stat ${path}`, { cause: error });
      },
    );
    offset = size;
    pending = "";
    decoder = new StringDecoder("utf8");
  };
  return { path, readNew, flush, skip };
}

function emitLines(text: string, onLine: (line: string) => void): string {
  let start = 0;
  for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
    onLine(text.slice(start, end).replace(/\r$/, ""));
    start = end + 1;
  }
  const rest = text.slice(start);
  if (rest.length <= MAX_PENDING_CHARS) return rest;
  onLine(rest);
  return "";
}
