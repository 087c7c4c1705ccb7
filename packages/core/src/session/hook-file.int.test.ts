// A reader loops over `_hook.json` while another process rewrites it thousands of times.
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it, onTestFinished } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { createSession } from "./create-session.ts";
import { readHook } from "./hook-file.ts";

const WRITER = fileURLToPath(new URL("./fixtures/hook-writer.ts", import.meta.url));
const WRITES = 3000;

describe("hook file under concurrent rewrites", () => {
  it("never shows a reader an empty, torn or invalid file", async () => {
    const root = await makeTempDir();
    const created = await createSession({
      sessionsRoot: root,
      name: "torn",
      task: "t",
      provider: "scripted",
    });
    if (!created.ok) throw new Error(created.message);
    const dir = created.session.dir;
    const writer = execa(process.execPath, [WRITER, dir, String(WRITES)]);
    onTestFinished(() => {
      writer.kill("SIGKILL");
    });
    let finished = false;
    const outcome = writer.finally(() => {
      finished = true;
    });
    const failures: string[] = [];
    const epochs = new Set<number>();
    let reads = 0;
    let lastEpoch = 0;
    while (!finished) {
      const read = await readHook(dir);
      reads++;
      if (!read.ok) {
        failures.push(read.message);
        continue;
      }
      if (read.hook.epoch < lastEpoch)
        failures.push(`epoch went back from ${lastEpoch} to ${read.hook.epoch}`);
      lastEpoch = read.hook.epoch;
      epochs.add(read.hook.epoch);
    }
    const { stdout } = await outcome;
    expect(stdout).toBe(`wrote ${WRITES} epoch ${WRITES + 1}`);
    expect(failures).toEqual([]);
    // The reader really overlapped the writer: it saw many different versions.
    expect(reads).toBeGreaterThan(100);
    expect(epochs.size).toBeGreaterThan(50);
    const final = await readHook(dir);
    expect(final).toMatchObject({ ok: true, hook: { epoch: WRITES + 1, noSignalCount: WRITES - 1 } });
  });
});
