import { appendFile, mkdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { createSession } from "../session/create-session.ts";
import type { LogLine } from "./log-line.ts";
import { openSessionLog, type SessionLogOptions } from "./session-log-view.ts";

const T0 = Date.parse("2026-11-21T09:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);

const codexAttempt = (text: string) =>
  [
    JSON.stringify({ type: "thread.started", thread_id: `t-${text}` }),
    JSON.stringify({ type: "item.completed", item: { id: "i0", type: "agent_message", text } }),
    JSON.stringify({ type: "turn.completed", usage: { input_tokens: 10, output_tokens: 2 } }),
    "",
  ].join("\n");

const workerLine = (seconds: number, message: string, fields: Record<string, unknown> = {}) =>
  JSON.stringify({ level: "info", message, ...fields, timestamp: at(seconds).toISOString() });

/** A codex session with two attempts ending at +10 s and +20 s, and worker events around them. */
async function sessionWithLogs(): Promise<string> {
  const created = await createSession({ sessionsRoot: await makeTempDir(), task: "t", provider: "codex" });
  if (!created.ok) throw new Error(created.message);
  const logs = join(created.session.dir, "_logs");
  await mkdir(logs, { recursive: true });
  const first = join(logs, "iter-0001-investigation-a1.jsonl");
  const second = join(logs, "iter-0002-requirements-a2.jsonl");
  await writeFile(first, codexAttempt("first attempt"));
  await writeFile(second, `${codexAttempt("second attempt")}{"type":"item.comp`);
  await utimes(first, at(10), at(10));
  await utimes(second, at(20), at(20));
  const worker = [
    workerLine(0, "loop started"),
    workerLine(11, "iteration applied", { iteration: 1, attempt: 1 }),
    "not json at all",
    workerLine(21, "iteration applied", { iteration: 2, attempt: 2 }),
    workerLine(22, "loop ended"),
  ];
  await writeFile(join(logs, "worker.log"), `${worker.join("\n")}\n`);
  return created.session.dir;
}

async function readAll(dir: string, options: SessionLogOptions = {}): Promise<LogLine[]> {
  const out: LogLine[] = [];
  const log = await openSessionLog(dir, options);
  await log.readNew((l) => out.push(l));
  log.flush((l) => out.push(l));
  return out;
}

const strip = (lines: LogLine[]) => lines.map((l) => l.text.replace(/^◆ \d\d:\d\d:\d\d /, "◆ "));

describe("openSessionLog", () => {
  it("shows attempts in order with the hook's provider, worker events placed between them by time", async () => {
    const lines = await readAll(await sessionWithLogs());
    expect(strip(lines)).toEqual([
      "◆ loop started",
      "── iteration 1 · investigation · attempt 1 ──",
      "conversation t-first attempt",
      "first attempt",
      "✓ result · 1 turn · tokens 10 in / 2 out",
      "◆ iteration applied · iteration=1 attempt=1",
      "not json at all",
      "── iteration 2 · requirements · attempt 2 ──",
      "conversation t-second attempt",
      "second attempt",
      "✓ result · 1 turn · tokens 10 in / 2 out",
      "◆ iteration applied · iteration=2 attempt=2",
      "◆ loop ended",
      '{"type":"item.comp',
    ]);
    expect(lines.at(-1)?.tone).toBe("raw");
  });

  it("narrows to one iteration: its attempts and the worker events that name it", async () => {
    const lines = strip(await readAll(await sessionWithLogs(), { iteration: 1 }));
    expect(lines).toEqual([
      "── iteration 1 · investigation · attempt 1 ──",
      "conversation t-first attempt",
      "first attempt",
      "✓ result · 1 turn · tokens 10 in / 2 out",
      "◆ iteration applied · iteration=1 attempt=1",
    ]);
  });

  it("prints the raw provider lines only with --raw", async () => {
    const lines = await readAll(await sessionWithLogs(), { raw: true });
    expect(lines.every((l) => l.tone === "raw")).toBe(true);
    expect(lines.map((l) => l.text)).toEqual([
      ...codexAttempt("first attempt").trimEnd().split("\n"),
      ...codexAttempt("second attempt").trimEnd().split("\n"),
      '{"type":"item.comp',
    ]);
  });

  it("guesses the format when the hook is unreadable", async () => {
    const dir = await sessionWithLogs();
    await writeFile(join(dir, "_hook.json"), "{ torn");
    expect(strip(await readAll(dir))).toContain("first attempt");
  });

  it("reads what was appended since: the newest attempt's tail, a new attempt, worker events, not other files", async () => {
    const dir = await sessionWithLogs();
    const log = await openSessionLog(dir);
    await log.readNew(() => {});
    expect(log.loopEnds()).toEqual({ count: 1, ended: true });
    const out: LogLine[] = [];
    const second = join(dir, "_logs", "iter-0002-requirements-a2.jsonl");
    await writeFile(
      second,
      `${codexAttempt("second attempt")}{"type":"item.completed","item":{"id":"x","type":"agent_message","text":"late"}}\n`,
    );
    const third = join(dir, "_logs", "iter-0003-requirements-a3.jsonl");
    await writeFile(third, codexAttempt("third"));
    await utimes(second, at(25), at(25));
    await utimes(third, at(26), at(26));
    await writeFile(join(dir, "_logs", "notes.txt"), "not a log\n");
    await appendFile(join(dir, "_logs", "worker.log"), `${workerLine(30, "loop started")}\n`);
    await log.readNew((l) => out.push(l));
    expect(strip(out)).toEqual([
      "late",
      "── iteration 3 · requirements · attempt 3 ──",
      "conversation t-third",
      "third",
      "✓ result · 1 turn · tokens 10 in / 2 out",
      "◆ loop started",
    ]);
    expect(log.loopEnds()).toEqual({ count: 1, ended: false });
  });

  it("puts an iteration's applied line after that attempt's last lines, even when written in the same millisecond", async () => {
    const dir = await sessionWithLogs();
    const log = await openSessionLog(dir);
    await log.readNew(() => {});
    const third = join(dir, "_logs", "iter-0003-requirements-a3.jsonl");
    await writeFile(third, codexAttempt("third"));
    // The worker's timestamp is whole milliseconds, the file's mtime finer: the entry can read as older.
    const mtime = new Date(T0 + 40_000.6);
    await utimes(third, mtime, mtime);
    await appendFile(
      join(dir, "_logs", "worker.log"),
      `${workerLine(40, "iteration applied", { iteration: 3, attempt: 3 })}\n`,
    );
    const out: LogLine[] = [];
    await log.readNew((l) => out.push(l));
    expect(strip(out).at(-1)).toBe("◆ iteration applied · iteration=3 attempt=3");
    expect(strip(out)[0]).toBe("── iteration 3 · requirements · attempt 3 ──");
  });

  it("shows nothing, without failing, for a session that has no logs yet", async () => {
    const created = await createSession({ sessionsRoot: await makeTempDir(), task: "t", provider: "claude" });
    if (!created.ok) throw new Error(created.message);
    expect(await readAll(created.session.dir)).toEqual([]);
  });
});
