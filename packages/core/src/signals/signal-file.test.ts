import { execFileSync } from "node:child_process";
import { lstat, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { MAX_SIGNAL_BYTES, readSignal, removeSignal, SIGNAL_FILE, signalPath } from "./signal-file.ts";

async function sessionWith(content: string | Uint8Array): Promise<string> {
  const dir = await makeTempDir("samo-signal-");
  await writeFile(join(dir, SIGNAL_FILE), content);
  return dir;
}

describe("readSignal", () => {
  it("names the file inside the session folder", () => {
    expect(signalPath("/s/26-01-01-x")).toBe(`/s/26-01-01-x/${SIGNAL_FILE}`);
  });

  it("missing: no file, and no session folder at all", async () => {
    const dir = await makeTempDir("samo-signal-");
    expect(await readSignal(dir)).toEqual({ kind: "missing" });
    expect(await readSignal(join(dir, "nope"))).toEqual({ kind: "missing" });
  });

  it.each([
    ["zero bytes", ""],
    ["whitespace", " \n\t\r\n"],
    ["an empty object", "{}"],
    ["an empty object with whitespace", "\n { } \n"],
  ])("empty: %s", async (_name, content) => {
    expect(await readSignal(await sessionWith(content))).toEqual({ kind: "empty", raw: content });
  });

  it("ok: keeps the signal, the raw text and the parsed object (with extra fields, original case)", async () => {
    const raw = '{"status":"CONTINUE","phase":"Testing","note":"Kept"}';
    const read = await readSignal(await sessionWith(raw));
    expect(read).toEqual({
      kind: "ok",
      signal: { status: "continue", phase: "testing", note: "Kept" },
      raw,
      parsed: { status: "CONTINUE", phase: "Testing", note: "Kept" },
    });
  });

  it("ok: tolerates a UTF-8 byte-order mark", async () => {
    const read = await readSignal(await sessionWith('\uFEFF{"status":"done","summary":"s"}'));
    expect(read.kind).toBe("ok");
  });

  it.each([
    ["truncated JSON", '{"status":"continue"', /is not valid JSON/],
    ["trailing comma", '{"status":"continue",}', /is not valid JSON/],
    ["plain words", "continue please", /is not valid JSON/],
  ])("invalid-json: %s", async (_name, content, reason) => {
    const read = await readSignal(await sessionWith(content));
    expect(read).toMatchObject({ kind: "invalid-json", raw: content });
    if (read.kind === "invalid-json") expect(read.reason).toMatch(reason);
  });

  it("invalid-json: binary bytes", async () => {
    const read = await readSignal(await sessionWith(new Uint8Array([0xff, 0xfe, 0x00, 0x9c, 0x7b, 0x80])));
    expect(read.kind).toBe("invalid-json");
    if (read.kind === "invalid-json") expect(read.reason).toMatch(/not UTF-8/);
  });

  it("invalid-json: NUL bytes in valid UTF-8", async () => {
    expect((await readSignal(await sessionWith("\u0000\u0000{}"))).kind).toBe("invalid-json");
  });

  it("invalid: wrong types give readable path: message issues", async () => {
    const raw = '{"status":"blocked","reason":42,"needs":"snacks"}';
    const read = await readSignal(await sessionWith(raw));
    expect(read.kind).toBe("invalid");
    if (read.kind !== "invalid") return;
    expect(read.issues).toHaveLength(2);
    expect(read.issues[0]).toMatch(/^reason: .*string/);
    expect(read.issues[1]).toMatch(/^needs: .*human_decision/);
    expect(read.reason).toBe(`${SIGNAL_FILE} does not match the signal schema: ${read.issues.join("; ")}`);
    expect(read.parsed).toEqual({ status: "blocked", reason: 42, needs: "snacks" });
    expect(read.raw).toBe(raw);
  });

  it("invalid: a JSON array, string or null", async () => {
    for (const raw of ["[]", '"continue"', "null", "3"]) {
      expect((await readSignal(await sessionWith(raw))).kind, raw).toBe("invalid");
    }
  });

  it("refused: one byte over 1 MiB, without reading it as JSON", async () => {
    const padded = `{"status":"continue","pad":"${"x".repeat(MAX_SIGNAL_BYTES)}"}`.slice(
      0,
      MAX_SIGNAL_BYTES + 1,
    );
    const read = await readSignal(await sessionWith(padded));
    expect(read).toEqual({
      kind: "refused",
      reason: `${SIGNAL_FILE} is ${MAX_SIGNAL_BYTES + 1} bytes; the limit is ${MAX_SIGNAL_BYTES} (1 MiB)`,
    });
  });

  it("ok: exactly 1 MiB is still read", async () => {
    const head = '{"status":"continue","pad":"';
    const body = `${head}${"x".repeat(MAX_SIGNAL_BYTES - head.length - 2)}"}`;
    expect(Buffer.byteLength(body)).toBe(MAX_SIGNAL_BYTES);
    expect((await readSignal(await sessionWith(body))).kind).toBe("ok");
  });

  it("refused: a directory named _signal.json", async () => {
    const dir = await makeTempDir("samo-signal-");
    await mkdir(signalPath(dir));
    expect(await readSignal(dir)).toEqual({
      kind: "refused",
      reason: `${SIGNAL_FILE} is not a regular file (a directory)`,
    });
  });

  it("refused: a symlink, even to a valid signal", async () => {
    const dir = await makeTempDir("samo-signal-");
    const target = join(dir, "elsewhere.json");
    await writeFile(target, '{"status":"continue"}');
    await symlink(target, signalPath(dir));
    expect(await readSignal(dir)).toEqual({
      kind: "refused",
      reason: `${SIGNAL_FILE} is a symlink; write a regular file`,
    });
  });

  it("refused: a FIFO, without blocking on it", async () => {
    const dir = await makeTempDir("samo-signal-");
    execFileSync("mkfifo", [signalPath(dir)]);
    expect(await readSignal(dir)).toEqual({
      kind: "refused",
      reason: `${SIGNAL_FILE} is not a regular file (a FIFO)`,
    });
  });

  it("refused: a session path that is a file, not a folder", async () => {
    const dir = await makeTempDir("samo-signal-");
    const file = join(dir, "not-a-folder");
    await writeFile(file, "x");
    const read = await readSignal(file);
    expect(read.kind).toBe("refused");
    if (read.kind === "refused") expect(read.reason).toMatch(/cannot be inspected: .*ENOTDIR/);
  });
});

describe("removeSignal", () => {
  it("removes the file and is idempotent", async () => {
    const dir = await sessionWith('{"status":"continue"}');
    await removeSignal(dir);
    await removeSignal(dir);
    expect(await readSignal(dir)).toEqual({ kind: "missing" });
  });

  it("removes a symlink itself and never its target", async () => {
    const dir = await makeTempDir("samo-signal-");
    const target = join(dir, "precious.json");
    await writeFile(target, "keep me");
    await symlink(target, signalPath(dir));
    await removeSignal(dir);
    await expect(lstat(signalPath(dir))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readFile(target, "utf8")).toBe("keep me");
  });

  it("removes a dangling symlink, a directory and a FIFO squatting on the path", async () => {
    const dir = await makeTempDir("samo-signal-");
    await symlink(join(dir, "gone"), signalPath(dir));
    await removeSignal(dir);
    await mkdir(join(signalPath(dir), "inner"), { recursive: true });
    await removeSignal(dir);
    execFileSync("mkfifo", [signalPath(dir)]);
    await removeSignal(dir);
    expect(await readSignal(dir)).toEqual({ kind: "missing" });
    expect((await stat(dir)).isDirectory()).toBe(true);
  });
});
