import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, createSession, type Hook, readHook, writeHook } from "@samocode/core";
import { describe, expect, it, onTestFinished } from "vitest";
import { addToConvoy, convoyPath, readConvoy } from "./convoy-file.ts";
import { announceConvoys, type ConvoyAnnouncement } from "./convoy-watch.ts";
import { createEventSink, supervisorDir } from "./supervisor-events.ts";

async function fleet(names: string[]) {
  const root = await mkdtemp(join(tmpdir(), "samo-convoy-watch-"));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  const dirs = new Map<string, string>();
  for (const name of names) {
    const made = await createSession({
      sessionsRoot: root,
      task: `task ${name}`,
      name,
      provider: "scripted",
    });
    if (!made.ok) throw new Error(made.message);
    dirs.set(name, made.session.dir);
    await addToConvoy(root, "ship", made.session.id);
  }
  const announced: ConvoyAnnouncement[] = [];
  const logger = createLogger({ file: join(root, "test.log") });
  /** One supervisor pass; a fresh sink each time, as after a restart. */
  const pass = () =>
    announceConvoys({
      sessionsRoot: root,
      sink: createEventSink({ dir: supervisorDir(root), logger }),
      onAnnounce: (a) => announced.push(a),
    });
  const set = async (name: string, change: Partial<Hook>) => {
    const dir = dirs.get(name) ?? "";
    const read = await readHook(dir);
    if (!read.ok) throw new Error(read.message);
    await writeHook(dir, { ...read.hook, ...change });
  };
  const rows = async () =>
    (await readFile(join(root, "_supervisor", "events.jsonl"), "utf8").catch(() => ""))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { kind: string; session: string | null; convoy: string });
  return { root, pass, set, announced, rows };
}

describe("convoy announcements", () => {
  it("announces a stuck member once per episode and the landing once, however many passes look", async () => {
    const f = await fleet(["a", "b"]);
    await f.pass();
    expect(f.announced).toEqual([]);

    await f.set("a", { state: "blocked", cause: "agent", reason: "needs a key" });
    await f.pass();
    await f.pass();
    expect(f.announced.map((a) => a.kind)).toEqual(["stuck"]);

    // Resumed, then blocked again later: a new episode, so a new announcement.
    await f.set("a", { state: "blocked", cause: "agent", reason: "needs a key", nextAttempt: 9 });
    await f.pass();
    expect(f.announced.map((a) => a.kind)).toEqual(["stuck", "stuck"]);

    await f.set("a", { state: "done", cause: null, reason: null });
    await f.set("b", { state: "done" });
    await f.pass();
    await f.pass();
    expect(f.announced.map((a) => a.kind)).toEqual(["stuck", "stuck", "landed"]);
    const landed = f.announced[2];
    expect(landed?.kind === "landed" && landed.sessions.length).toBe(2);
    expect((await f.rows()).map((r) => r.kind)).toEqual(["convoy-stuck", "convoy-stuck", "convoy-landed"]);
    const convoy = await readConvoy(convoyPath(f.root, "ship"));
    expect(convoy?.announced).toHaveLength(3);
  });
});
