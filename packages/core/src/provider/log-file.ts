// Opens an attempt's raw log exclusively: an existing log is evidence and is never overwritten.
import type { WriteStream } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { dirname, extname } from "node:path";
import { isErrorCode } from "../io/fs-errors.ts";

export interface OpenedLog {
  path: string;
  stream: WriteStream;
}

/** `iter-0003-plan-a1.jsonl` taken → `iter-0003-plan-a1.2.jsonl`, `.3`, ... (a crash can replay an attempt). */
export async function openAttemptLog(path: string): Promise<OpenedLog> {
  await mkdir(dirname(path), { recursive: true });
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? path : numbered(path, n);
    try {
      const handle = await open(candidate, "wx");
      return { path: candidate, stream: handle.createWriteStream() };
    } catch (error) {
      // "wx" never opens an existing name — a log, or a symlink an agent put there — so it takes the next.
      if (!isErrorCode(error, "EEXIST") || n >= 999) throw error;
    }
  }
}

function numbered(path: string, n: number): string {
  const extension = extname(path);
  return `${path.slice(0, path.length - extension.length)}.${n}${extension}`;
}
