import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { listPending, markDelivered, newMessageId, sendMessage } from "./inbox.ts";
import { sessionPaths } from "./session-paths.ts";

async function send(dir: string, body: string, now?: Date): Promise<string> {
  const result = await sendMessage(dir, { from: "human", to: "26-11-21-auth", body }, now);
  if (!result.ok) throw new Error(result.message);
  return result.sent.id;
}

describe("message ids", () => {
  it("sort by send time, and stay unique and ordered within one millisecond", () => {
    const same = new Date("2026-11-21T10:15:02.123Z");
    const ids = [newMessageId(same), newMessageId(same), newMessageId(same)];
    expect(ids[0]).toMatch(/^20261121T101502123Z-000-[0-9a-f]{8}$/);
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort()).toEqual(ids);
    const later = newMessageId(new Date("2026-11-21T10:15:02.124Z"));
    expect(later > (ids[2] ?? "")).toBe(true);
  });
});

describe("sendMessage", () => {
  it("writes one complete JSON file per message into _inbox/", async () => {
    const dir = await makeTempDir();
    const at = new Date("2026-11-21T10:00:00.000Z");
    const result = await sendMessage(
      dir,
      { from: "26-11-21-lead", to: "26-11-21-auth", body: "use $HOME; `rm -rf`" },
      at,
    );
    expect(result).toMatchObject({
      ok: true,
      sent: { from: "26-11-21-lead", body: "use $HOME; `rm -rf`", sentAt: at.toISOString() },
    });
    if (!result.ok) return;
    const files = await readdir(sessionPaths(dir).inbox);
    expect(files).toEqual([`${result.sent.id}.json`]);
    const stored = JSON.parse(await readFile(join(sessionPaths(dir).inbox, files[0] ?? ""), "utf8"));
    expect(stored).toEqual(result.sent);
  });

  it("refuses empty or huge bodies, multi-line senders and a missing session folder", async () => {
    const dir = await makeTempDir();
    const input = { from: "human", to: "x", body: "hi" };
    expect(await sendMessage(dir, { ...input, body: " \n" })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await sendMessage(dir, { ...input, body: "x".repeat(64 * 1024 + 1) })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(await sendMessage(dir, { ...input, from: "a\nb" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("sender"),
    });
    expect(await sendMessage(dir, { ...input, to: "" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("recipient"),
    });
    expect(await sendMessage(join(dir, "nope"), input)).toMatchObject({ ok: false, reason: "no-session" });
  });
});

describe("listPending", () => {
  it("lists messages oldest first whatever order they were written in", async () => {
    const dir = await makeTempDir();
    const second = await send(dir, "second", new Date("2026-11-21T10:00:02.000Z"));
    const first = await send(dir, "first", new Date("2026-11-21T10:00:01.000Z"));
    const third = await send(dir, "third", new Date("2026-11-21T10:00:03.000Z"));
    const { messages, malformed } = await listPending(dir);
    expect(messages.map((message) => message.id)).toEqual([first, second, third]);
    expect(messages.map((message) => message.body)).toEqual(["first", "second", "third"]);
    expect(malformed).toEqual([]);
  });

  it("skips and reports malformed files, ignores temp files and delivered/, never throws", async () => {
    const dir = await makeTempDir();
    const good = await send(dir, "ok");
    const inbox = sessionPaths(dir).inbox;
    const badJson = "20261121T100000000Z-000-aaaaaaaa.json";
    const badShape = "20261121T100000000Z-001-bbbbbbbb.json";
    const wrongId = "20261121T100000000Z-002-cccccccc.json";
    await writeFile(join(inbox, badJson), "{torn");
    await writeFile(
      join(inbox, badShape),
      JSON.stringify({ id: "20261121T100000000Z-001-bbbbbbbb", body: 3 }),
    );
    await writeFile(
      join(inbox, wrongId),
      JSON.stringify({ id: good, from: "h", to: "t", body: "b", sentAt: "2026-11-21T10:00:00Z" }),
    );
    await writeFile(join(inbox, "notes.json"), "{}");
    await writeFile(join(inbox, `${good}.json.12345`), "{partial");
    await mkdir(join(inbox, "20261121T100000000Z-003-dddddddd.json"));
    const { messages, malformed } = await listPending(dir);
    expect(messages.map((message) => message.id)).toEqual([good]);
    expect(malformed.map((entry) => entry.file).sort()).toEqual(
      [badJson, badShape, wrongId, "notes.json", "20261121T100000000Z-003-dddddddd.json"].sort(),
    );
    expect(malformed.find((entry) => entry.file === wrongId)?.reason).toContain(
      "does not match the file name",
    );
  });

  it("returns nothing for a session without an inbox", async () => {
    expect(await listPending(await makeTempDir())).toEqual({ messages: [], malformed: [] });
  });
});

describe("markDelivered", () => {
  it("moves messages to delivered/, idempotently and deduplicated by id", async () => {
    const dir = await makeTempDir();
    const a = await send(dir, "a");
    const b = await send(dir, "b");
    const c = await send(dir, "c");
    expect(await markDelivered(dir, [a, b, a])).toEqual({ moved: [a, b], alreadyDelivered: [], unknown: [] });
    expect(await markDelivered(dir, [a, "../../etc/passwd", "20261121T100000000Z-000-00000000"])).toEqual({
      moved: [],
      alreadyDelivered: [a],
      unknown: ["../../etc/passwd", "20261121T100000000Z-000-00000000"],
    });
    expect((await listPending(dir)).messages.map((message) => message.id)).toEqual([c]);
    expect((await readdir(sessionPaths(dir).inboxDelivered)).sort()).toEqual([`${a}.json`, `${b}.json`]);
  });

  it("keeps a message sent after the listing pending", async () => {
    const dir = await makeTempDir();
    const listed = (await listPending(dir)).messages;
    const late = await send(dir, "sent during the iteration");
    await markDelivered(
      dir,
      listed.map((message) => message.id),
    );
    expect((await listPending(dir)).messages.map((message) => message.id)).toEqual([late]);
  });
});
