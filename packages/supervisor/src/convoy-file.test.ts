import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { addToConvoy, convoyPath, readConvoy, validateConvoyId } from "./convoy-file.ts";

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
