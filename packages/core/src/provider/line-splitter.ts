// Splits a byte stream into lines with a hard cap per line, so one monstrous line cannot grow memory unbounded.

const NEWLINE = 0x0a;

/** A line over `maxLineBytes` is dropped whole (up to its newline) and counted in `oversized`. */
export class LineSplitter {
  readonly #onLine: (line: string) => void;
  readonly #maxLineBytes: number;
  #parts: Buffer[] = [];
  #size = 0;
  #skipping = false;
  #oversized = 0;

  constructor(onLine: (line: string) => void, maxLineBytes: number) {
    this.#onLine = onLine;
    this.#maxLineBytes = maxLineBytes;
  }

  get oversized(): number {
    return this.#oversized;
  }

  /** Bytes held for the line in progress; never more than maxLineBytes. */
  get pendingBytes(): number {
    return this.#size;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline !== -1 && this.#size === 0 && !this.#skipping) {
        // The common case: a whole line inside one chunk, decoded without copying.
        if (newline - start > this.#maxLineBytes) this.#oversized += 1;
        else this.#deliver(chunk.toString("utf8", start, newline));
      } else {
        this.#append(chunk.subarray(start, newline === -1 ? chunk.length : newline));
        if (newline !== -1) this.#finishLine();
      }
      if (newline === -1) return;
      start = newline + 1;
    }
  }

  /** Emits a last line that had no newline (a stream cut mid-line still shows what it said). */
  end(): void {
    if (this.#size > 0 && !this.#skipping) this.#finishLine();
    this.#reset();
  }

  #append(part: Buffer): void {
    if (this.#skipping || part.length === 0) return;
    if (this.#size + part.length > this.#maxLineBytes) {
      this.#oversized += 1;
      this.#skipping = true;
      this.#parts = [];
      this.#size = 0;
      return;
    }
    // Copy: a subarray would pin the whole (possibly large) chunk until the line ends.
    this.#parts.push(Buffer.from(part));
    this.#size += part.length;
  }

  #finishLine(): void {
    const skipped = this.#skipping;
    const line = skipped ? "" : Buffer.concat(this.#parts, this.#size).toString("utf8");
    this.#reset();
    if (!skipped) this.#deliver(line);
  }

  #deliver(line: string): void {
    this.#onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
  }

  #reset(): void {
    this.#parts = [];
    this.#size = 0;
    this.#skipping = false;
  }
}
