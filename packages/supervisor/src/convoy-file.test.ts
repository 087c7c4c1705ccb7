import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  addToConvoy,
  convoyPath,
  createConvoyFile,
  listConvoys,
  readConvoy,
  recordAnnounced,
  validateConvoyId,
} from "./convoy-file.ts";

async function sessionsRoot(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "samo-convoy-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("convoy file", () => {
  it("is created on the first member and lists each session once", async () => {
    const root = await sessionsRoot();
    await addToConvoy(root, "release", "26-11-21-a");
    await addToConvoy(root, "release", "26-11-21-b");
    const convoy = await addToConvoy(root, "release", "26-11-21-a");
    expect(convoy).toMatchObject({ id: "release", sessions: ["26-11-21-a", "26-11-21-b"] });
    expect(JSON.parse(await readFile(convoyPath(root, "release"), "utf8"))).toEqual(convoy);
  });

  it("keeps every member when many are added at once", async () => {
    const root = await sessionsRoot();
    const ids = Array.from({ length: 20 }, (_, i) => `26-11-21-s${i}`);
    await Promise.all(ids.map((id) => addToConvoy(root, "wave", id)));
    const convoy = await readConvoy(convoyPath(root, "wave"));
    expect(convoy?.sessions.slice().sort()).toEqual(ids.slice().sort());
  });

  it("keeps fields it does not know and refuses a damaged file rather than resetting it", async () => {
    const root = await sessionsRoot();
    await mkdir(join(root, "_convoys"));
    const path = convoyPath(root, "x");
    await writeFile(
      path,
      JSON.stringify({ id: "x", createdAt: "2026-11-21T00:00:00Z", sessions: [], note: 1 }),
    );
    expect(await addToConvoy(root, "x", "s")).toMatchObject({ note: 1, sessions: ["s"] });
    await writeFile(path, "{not json");
    await expect(addToConvoy(root, "x", "t")).rejects.toThrow(/not valid JSON/);
  });

  it("names follow the session-name rules", () => {
    expect(validateConvoyId("release-1")).toEqual({ ok: true });
    expect(validateConvoyId("../x")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/convoy name/),
    });
  });
});

describe("convoy create, announcements and listing", () => {
  it("creates a convoy once and refuses the name a second time", async () => {
    const root = await sessionsRoot();
    expect(await createConvoyFile(root, "ship")).toEqual({ ok: true });
    expect(await createConvoyFile(root, "ship")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/convoy ship already exists/),
    });
    expect(await createConvoyFile(root, "Bad Name")).toMatchObject({ ok: false });
  });

  it("records each announced key once, beside the members", async () => {
    const root = await sessionsRoot();
    await addToConvoy(root, "ship", "a");
    await recordAnnounced(root, "ship", ["landed"]);
    const convoy = await recordAnnounced(root, "ship", ["landed", "stuck:a:1"]);
    expect(convoy).toMatchObject({ sessions: ["a"], announced: ["landed", "stuck:a:1"] });
  });

  it("refuses a file whose id is not its name, so a copy cannot speak for another convoy", async () => {
    const root = await sessionsRoot();
    await addToConvoy(root, "ship", "a");
    await writeFile(
      convoyPath(root, "copy"),
      JSON.stringify({ id: "ship", createdAt: "2026-11-21T00:00:00Z", sessions: ["a"] }),
    );
    await writeFile(
      convoyPath(root, "escape"),
      JSON.stringify({ id: "../../escaped", createdAt: "2026-11-21T00:00:00Z", sessions: [] }),
    );
    const listed = await listConvoys(root);
    expect(listed.map((entry) => ["error" in entry, entry.id])).toEqual([
      [true, "copy"],
      [true, "escape"],
      [false, "ship"],
    ]);
    expect(listed[0]).toMatchObject({ error: expect.stringMatching(/says it is convoy "ship", not copy/) });
  });

  it("lists every convoy by name and reports a damaged one instead of hiding it", async () => {
    const root = await sessionsRoot();
    expect(await listConvoys(root)).toEqual([]);
    await addToConvoy(root, "b", "s1");
    await addToConvoy(root, "a", "s2");
    await writeFile(convoyPath(root, "c"), "{");
    const listed = await listConvoys(root);
    expect(listed.map((entry) => entry.id)).toEqual(["a", "b", "c"]);
    expect(listed[2]).toMatchObject({ id: "c", error: expect.stringMatching(/not valid JSON/) });
  });
});
