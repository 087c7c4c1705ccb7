// Writes to stdout/stderr one chunk at a time, waiting until each is handed to the OS (backpressure, real flushes).
import type { Writable } from "node:stream";
import type { StreamEvent } from "./event-format.ts";

/** Resolves once the chunk left Node's buffer, so nothing piles up in memory and nothing is lost on exit. */
export function writeChunk(stream: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(chunk, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

export function eventLine(event: StreamEvent): string {
  return `${JSON.stringify(event)}\n`;
}

export async function writeEvents(stream: Writable, events: readonly StreamEvent[]): Promise<void> {
  for (const event of events) await writeChunk(stream, eventLine(event));
}

/** Writes whole event lines made by `makeLine` until at least `bytes` bytes went out. */
export async function floodLines(
  stream: Writable,
  bytes: number,
  makeLine: (n: number) => string,
): Promise<number> {
  let written = 0;
  for (let n = 0; written < bytes; n += 1) {
    const line = makeLine(n);
    await writeChunk(stream, line);
    written += Buffer.byteLength(line);
  }
  return written;
}
