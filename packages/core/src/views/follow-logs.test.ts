import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { createSession } from "../session/create-session.ts";
import { updateHook } from "../session/hook-file.ts";
import { finish } from "../session/session-state.ts";
import { followSessionLog } from "./follow-logs.ts";
import type { LogLine } from "./log-line.ts";

const text = (value: string) =>
  `${JSON.stringify({ type: "assistant", message: { id: value, content: [{ type: "text", text: value }] } })}\n`;

/** Follows until the test aborts; `until` waits (with a safety net only) for a line to be shown. */
function follow(dir: string) {
  const lines: LogLine[] = [];
  const abort = new AbortController();
  let ready!: () => void;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const done = followSessionLog(dir, { signal: abort.signal, onReady: ready }, (l) => lines.push(l));
  const until = async (wanted: string): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (!lines.some((l) => l.text === wanted)) {
      if (Date.now() > deadline)
        throw new Error(`never shown: ${wanted}\n${lines.map((l) => l.text).join("\n")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { lines, started, done, until, stop: () => abort.abort() };
}

describe("followSessionLog", () => {
  it("shows what exists, then lines appended after start: same attempt, a new attempt, the worker", async () => {
    const created = await createSession({
      sessionsRoot: await makeTempDir(),
      task: "t",
      provider: "scripted",
    });
    if (!created.ok) throw new Error(created.message);
    const logs = join(created.session.dir, "_logs");
    const first = join(logs, "iter-0001-investigation-a1.jsonl");
    await writeFile(first, text("before start"));
    const f = follow(created.session.dir);
    try {
      await f.started;
      expect(f.lines.map((l) => l.text)).toEqual([
        "── iteration 1 · investigation · attempt 1 ──",
        "before start",
      ]);
      const tail = text("appended later");
      await appendFile(first, tail.slice(0, 20));
      await appendFile(first, tail.slice(20));
      await f.until("appended later");
      await writeFile(join(logs, "iter-0002-investigation-a2.jsonl"), text("new attempt"));
      await f.until("new attempt");
      const event = { level: "info", message: "stop requested", signal: "SIGTERM" };
      await appendFile(join(logs, "worker.log"), `${JSON.stringify(event)}\n`);
      await f.until("◆ stop requested · signal=SIGTERM");
      expect(f.lines.map((l) => l.text)).toEqual([
        "── iteration 1 · investigation · attempt 1 ──",
        "before start",
        "appended later",
        "── iteration 2 · investigation · attempt 2 ──",
        "new attempt",
        "◆ stop requested · signal=SIGTERM",
      ]);
    } finally {
      f.stop();
      await f.done;
    }
  });

  it("picks up a _logs folder created after it started", async () => {
    const dir = await makeTempDir();
    const f = follow(dir);
    try {
      await f.started;
      expect(f.lines).toEqual([]);
      await mkdir(join(dir, "_logs"));
      await writeFile(join(dir, "_logs", "iter-0001-planning-a1.jsonl"), text("first words"));
      await f.until("first words");
    } finally {
      f.stop();
      await f.done;
    }
  });

  it("ends by itself when the loop ends, after the loop's last lines; at once for a finished session", async () => {
    const created = await createSession({
      sessionsRoot: await makeTempDir(),
      task: "t",
      provider: "scripted",
    });
    if (!created.ok) throw new Error(created.message);
    const { dir } = created.session;
    const worker = join(dir, "_logs", "worker.log");
    const loopEvent = (message: string, at = Date.now()) =>
      `${JSON.stringify({ level: "info", message, timestamp: new Date(at).toISOString() })}\n`;
    await writeFile(worker, loopEvent("loop started", Date.now() - 1_000));
    const lines: LogLine[] = [];
    const never = new AbortController();
    let ready!: () => void;
    const started = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const following = followSessionLog(
      dir,
      { signal: never.signal, untilLoopEnds: true, onReady: ready },
      (l) => lines.push(l),
    );
    await started;
    await appendFile(join(dir, "_logs", "iter-0001-investigation-a1.jsonl"), text("last words"));
    await appendFile(worker, loopEvent("loop ended", Date.now() + 1_000));
    await following;
    const clockless = (shown: LogLine[]) => shown.map((l) => l.text.replace(/^◆ \d\d:\d\d:\d\d /, "◆ "));
    expect(clockless(lines)).toEqual([
      "◆ loop started",
      "── iteration 1 · investigation · attempt 1 ──",
      "last words",
      "◆ loop ended",
    ]);
    await updateHook(dir, (hook) => finish(hook));
    const again: LogLine[] = [];
    await followSessionLog(dir, { signal: never.signal, untilLoopEnds: true }, (l) => again.push(l));
    expect(clockless(again)).toEqual(clockless(lines));
  });

  it("from the end: only what is written after it started (the PM2 worker's stdout)", async () => {
    const dir = await makeTempDir();
    await mkdir(join(dir, "_logs"));
    const attempt = join(dir, "_logs", "iter-0001-planning-a1.jsonl");
    await writeFile(attempt, text("old"));
    const lines: LogLine[] = [];
    const abort = new AbortController();
    let ready!: () => void;
    const started = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const done = followSessionLog(dir, { signal: abort.signal, fromEnd: true, onReady: ready }, (l) =>
      lines.push(l),
    );
    await started;
    await appendFile(attempt, text("new"));
    await writeFile(join(dir, "_logs", "pm2-out.log"), "the worker's own output\n");
    abort.abort();
    await done;
    expect(lines.map((l) => l.text)).toEqual(["new"]);
  });

  it("returns at once when already aborted", async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(followSessionLog(await makeTempDir(), { signal: abort.signal }, () => {})).resolves.toBe(
      undefined,
    );
  });
});
