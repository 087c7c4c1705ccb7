import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { AttemptOutput } from "./attempt-output.ts";
import { SummaryBuilder } from "./run-summary.ts";

const IDLE_MS = 500;
const CAP_MS = 2_000;

/** An attempt's output with two in-memory pipes; `drained` turns true once `drain` has resolved. */
async function pipes() {
  const logFile = join(await makeTempDir("samo-output-"), "attempt.jsonl");
  const lines: string[] = [];
  const output = new AttemptOutput({
    log: createWriteStream(logFile),
    parser: (line) => {
      lines.push(line);
      return [];
    },
    summary: new SummaryBuilder(),
    onEvent: undefined,
    maxLineBytes: 1_000,
  });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  output.attach(stdout, stderr);
  const state = { drained: false };
  const drain = () => {
    const done = output.drain(IDLE_MS, CAP_MS).then(() => {
      state.drained = true;
    });
    return done;
  };
  return { output, stdout, stderr, lines, logFile, state, drain };
}

/** Lets pending I/O callbacks and microtasks run; setImmediate is left real below. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("AttemptOutput.drain", () => {
  beforeEach(() => {
    // Only the clocks the drain could wait on are fake: a drain that needs one never resolves here.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves when both pipes close, with no timer advanced and none left behind", async () => {
    const { output, stdout, stderr, lines, logFile, state, drain } = await pipes();
    const startedAt = Date.now();
    stdout.write('{"type":"result"}\n{"type":"assis');
    const drained = drain();
    await settle();
    expect(state.drained).toBe(false);
    stdout.end();
    stderr.end("a last word");
    await settle();
    expect(state.drained).toBe(true);
    await drained;
    expect(Date.now()).toBe(startedAt);
    expect(vi.getTimerCount()).toBe(0);
    // The cut last line is still parsed and logged once the output closes.
    vi.useRealTimers();
    await output.close();
    expect(lines).toEqual(['{"type":"result"}', '{"type":"assis']);
    expect(await readFile(logFile, "utf8")).toBe('{"type":"result"}\n{"type":"assis');
    expect(output.stderrTail).toBe("a last word");
  });

  it("resolves at once when both pipes closed before it was asked", async () => {
    const { stdout, stderr, state, drain } = await pipes();
    stdout.end();
    stderr.end();
    await settle();
    await drain();
    expect(state.drained).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives up on a pipe held open (a grandchild) after the idle bound, counted from its last data", async () => {
    const { stdout, stderr, state, drain } = await pipes();
    stdout.end();
    const drained = drain();
    await vi.advanceTimersByTimeAsync(300);
    stderr.write("still here");
    await vi.advanceTimersByTimeAsync(IDLE_MS - 1);
    expect(state.drained).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await drained;
    expect(state.drained).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    stderr.destroy();
  });

  it("gives up at the cap on a pipe that never goes quiet", async () => {
    const { stdout, stderr, state, drain } = await pipes();
    stderr.end();
    const drained = drain();
    for (let elapsed = 0; elapsed < CAP_MS - 100; elapsed += 100) {
      stdout.write("chatter\n");
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(state.drained).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    await drained;
    expect(state.drained).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    stdout.destroy();
  });
});
