import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { listSessions, resolveSessionRef } from "./session-ref.ts";

async function folders(root: string, ...paths: string[]): Promise<void> {
  for (const path of paths) await mkdir(join(root, path), { recursive: true });
}

async function resolvedId(root: string, ref: string): Promise<string> {
  const result = await resolveSessionRef(root, ref);
  if (!result.ok) throw new Error(result.reason);
  return result.session.id;
}

describe("resolveSessionRef", () => {
  it("finds a session by name or by folder name", async () => {
    const root = await makeTempDir();
    await folders(root, "26-11-21-auth", "26-11-21-my-auth");
    const result = await resolveSessionRef(root, "auth");
    expect(result).toEqual({ ok: true, session: { id: "26-11-21-auth", dir: join(root, "26-11-21-auth") } });
    expect(await resolvedId(root, "26-11-21-auth")).toBe("26-11-21-auth");
    expect(await resolvedId(root, "my-auth")).toBe("26-11-21-my-auth");
  });

  it("picks the newest by date prefix when a name matches several folders", async () => {
    const root = await makeTempDir();
    await folders(root, "26-11-25-auth", "25-12-31-auth", "26-02-01-auth");
    expect(await resolvedId(root, "auth")).toBe("26-11-25-auth");
    expect(await resolvedId(root, "25-12-31-auth")).toBe("25-12-31-auth");
  });

  it("resolves children as parent/child, with names or folder names at each level", async () => {
    const root = await makeTempDir();
    await folders(root, "26-11-21-auth/workers/api/workers/db", "26-11-21-auth/workers/ui");
    expect(await resolvedId(root, "auth/api")).toBe("26-11-21-auth/api");
    expect(await resolvedId(root, "26-11-21-auth/api/db")).toBe("26-11-21-auth/api/db");
    const missing = await resolveSessionRef(root, "auth/nope");
    expect(missing).toEqual({
      ok: false,
      reason: 'session 26-11-21-auth has no child session matching "nope"',
    });
  });

  it("resolves a bare child name when exactly one child has it, and reports ambiguity otherwise", async () => {
    const root = await makeTempDir();
    await folders(
      root,
      "26-11-21-auth/workers/api",
      "26-11-22-billing/workers/api",
      "26-11-22-billing/workers/ui",
    );
    expect(await resolvedId(root, "ui")).toBe("26-11-22-billing/ui");
    const ambiguous = await resolveSessionRef(root, "api");
    expect(ambiguous.ok).toBe(false);
    if (!ambiguous.ok) {
      expect(ambiguous.reason).toContain("matches several child sessions");
      expect(ambiguous.reason).toContain("26-11-21-auth/api, 26-11-22-billing/api");
    }
  });

  it("prefers a top-level session over a child with the same name", async () => {
    const root = await makeTempDir();
    await folders(root, "26-11-21-auth/workers/api", "26-11-20-api");
    expect(await resolvedId(root, "api")).toBe("26-11-20-api");
  });

  it("returns a clear error when nothing matches or the root does not exist", async () => {
    const root = await makeTempDir();
    await folders(root, "26-11-21-auth");
    expect(await resolveSessionRef(root, "billing")).toEqual({
      ok: false,
      reason: `no session matches "billing" in ${root}`,
    });
    const gone = join(root, "nope");
    expect(await resolveSessionRef(gone, "auth")).toMatchObject({ ok: false });
  });

  it.each(["", "../x", "/", "a//b", "auth/", "Auth", "a b", "x\u0000", "-x", "_convoys"])(
    "refuses the hostile reference %j without touching the disk",
    async (ref) => {
      const result = await resolveSessionRef("/nonexistent-root", ref);
      expect(result).toMatchObject({
        ok: false,
        reason: expect.stringContaining("invalid session reference"),
      });
    },
  );

  it("ignores files, symlinks and non-session folders", async () => {
    const root = await makeTempDir();
    const outside = await makeTempDir();
    await folders(root, "_convoys", "auth", "26-11-21-real");
    await writeFile(join(root, "26-11-21-file"), "x");
    await symlink(outside, join(root, "26-11-22-real"));
    expect(await resolvedId(root, "real")).toBe("26-11-21-real");
    expect((await resolveSessionRef(root, "file")).ok).toBe(false);
    expect((await resolveSessionRef(root, "auth")).ok).toBe(false);
  });
});

describe("listSessions", () => {
  it("lists every session, children after their parent", async () => {
    const root = await makeTempDir();
    await folders(root, "26-11-22-b", "26-11-21-a/workers/x/workers/y", "26-11-21-a/workers/w", "_convoys");
    const ids = (await listSessions(root)).map((session) => session.id);
    expect(ids).toEqual(["26-11-21-a", "26-11-21-a/w", "26-11-21-a/x", "26-11-21-a/x/y", "26-11-22-b"]);
  });
});
