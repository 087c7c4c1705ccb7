// An attempt's output plumbing: raw stdout to the log as it arrives, lines to the parser, a bounded stderr tail.

import type { WriteStream } from "node:fs";
import type { Readable } from "node:stream";
import { settledWithin } from "./bounded-wait.ts";
import { LineSplitter } from "./line-splitter.ts";
import type { StreamParser } from "./provider-definition.ts";
import type { ProviderEvent } from "./provider-types.ts";
import type { SummaryBuilder } from "./run-summary.ts";

const STDERR_TAIL_BYTES = 8_192;

export interface AttemptOutputOptions {
  log: WriteStream;
  parser: StreamParser;
  summary: SummaryBuilder;
  onEvent: ((event: ProviderEvent) => void) | undefined;
  maxLineBytes: number;
}

export class AttemptOutput {
  readonly notes: string[] = [];
  readonly #options: AttemptOutputOptions;
  readonly #splitter: LineSplitter;
  readonly #streams: Readable[] = [];
  #stderrTail: Buffer = Buffer.alloc(0);
  #open = 0;
  #lastDataAt = Date.now();
  #logFailed = false;
  /** Set while a drain waits: called when the last pipe closes. */
  #onAllClosed: (() => void) | undefined;

  constructor(options: AttemptOutputOptions) {
    this.#options = options;
    this.#splitter = new LineSplitter((line) => this.#onLine(line), options.maxLineBytes);
    options.log.on("error", (error) => {
      this.#logFailed = true;
      this.notes.push(`log file write failed: ${error.message}`);
      for (const stream of this.#streams) stream.resume();
    });
  }

  get oversizedLines(): number {
    return this.#splitter.oversized;
  }

  get stderrTail(): string {
    return this.#stderrTail.toString("utf8");
  }

  attach(stdout: Readable, stderr: Readable): void {
    this.#track(stdout, (chunk) => this.#onStdout(stdout, chunk));
    this.#track(stderr, (chunk) => {
      const joined = Buffer.concat([this.#stderrTail, chunk]);
      this.#stderrTail =
        joined.length > STDERR_TAIL_BYTES ? Buffer.from(joined.subarray(-STDERR_TAIL_BYTES)) : joined;
    });
  }

  /**
   * Until both pipes closed, or nothing arrived for `idleMs`, or `capMs` passed: a holder never stalls us.
   * Resolved by the last pipe's `close` event; the two timers only fire when a holder keeps one open.
   */
  drain(idleMs: number, capMs: number): Promise<void> {
    if (this.#open === 0 || idleMs <= 0 || capMs <= 0) return Promise.resolve();
    const start = Date.now();
    return new Promise((resolve) => {
      let idleTimer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(idleTimer);
        clearTimeout(capTimer);
        this.#onAllClosed = undefined;
        resolve();
      };
      const capTimer = setTimeout(finish, capMs);
      // Data is not rescheduled per chunk: when the idle timer fires, it re-arms for what is left.
      const armIdle = (): void => {
        const idleLeft = Math.max(this.#lastDataAt, start) + idleMs - Date.now();
        if (idleLeft <= 0) finish();
        else idleTimer = setTimeout(armIdle, idleLeft);
      };
      this.#onAllClosed = finish;
      armIdle();
    });
  }

  /** Stops reading whatever is still open, parses a last unterminated line, flushes and closes the log. */
  async close(): Promise<void> {
    for (const stream of this.#streams) stream.destroy();
    this.#splitter.end();
    const log = this.#options.log;
    if (log.destroyed) return;
    const closed = new Promise<void>((resolve) => log.once("close", () => resolve()));
    log.end();
    await settledWithin(closed, 5_000);
  }

  #track(stream: Readable, onData: (chunk: Buffer) => void): void {
    this.#streams.push(stream);
    this.#open += 1;
    stream.on("data", (chunk: Buffer) => {
      this.#lastDataAt = Date.now();
      onData(chunk);
    });
    // Destroying a pipe mid-read reports an error; the exit code and stderr tail already tell the story.
    stream.on("error", () => undefined);
    stream.once("close", () => {
      this.#open -= 1;
      if (this.#open === 0) this.#onAllClosed?.();
    });
  }

  #onStdout(stdout: Readable, chunk: Buffer): void {
    const log = this.#options.log;
    // Backpressure: a slow disk pauses the pipe instead of queueing 50 MB in memory.
    if (!this.#logFailed && !log.write(chunk)) {
      stdout.pause();
      log.once("drain", () => stdout.resume());
    }
    this.#splitter.push(chunk);
  }

  #onLine(line: string): void {
    const { parser, summary, onEvent } = this.#options;
    let events: ProviderEvent[];
    try {
      events = parser(line);
    } catch (error) {
      // A parser bug costs one line, never the attempt.
      if (this.notes.length < 5) this.notes.push(`parser failed on a line: ${(error as Error).message}`);
      return;
    }
    for (const event of events) {
      summary.apply(event);
      if (onEvent === undefined) continue;
      try {
        onEvent(event);
      } catch (error) {
        // A throwing listener must not crash the stream handler (that would be an uncaught exception).
        if (this.notes.length < 5) this.notes.push(`onEvent threw: ${(error as Error).message}`);
      }
    }
  }
}
