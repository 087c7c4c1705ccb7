import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, symlink, utimes } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { readAgentEnv } from "./agent-env-file.ts";
import { createSession } from "./create-session.ts";
import { readHook } from "./hook-file.ts";
import { resolveSessionRef } from "./session-ref.ts";
import { STAGING_MAX_AGE_MS, sweepAbandonedStaging } from "./staging-sweep.ts";

const now = new Date(2026, 10, 21, 9, 5);

describe("createSession", () => {
  it("creates the dated folder with hook, overview, inbox and logs", async () => {
    const root = await makeTempDir();
    const result = await createSession({
      sessionsRoot: root,
      task: "Add OAuth login",
      dive: "token storage",
      provider: "codex",
      model: "gpt-5",
      autoApprove: true,
      worktree: "/w/26-11-21-add-oauth-login",
      agentEnv: { PATH: "/home/ada/.nvm/bin:/usr/bin" },
      now,
    });
    expect(result).toMatchObject({ ok: true, session: { id: "26-11-21-add-oauth-login" } });
    if (!result.ok) return;
    const dir = join(root, "26-11-21-add-oauth-login");
    expect(result.session.dir).toBe(dir);
    expect((await readdir(dir)).sort()).toEqual([
      "_agent_env.json",
      "_hook.json",
      "_inbox",
      "_logs",
      "_overview.md",
    ]);
    expect(await readdir(join(dir, "_inbox"))).toEqual(["delivered"]);
    expect(await readAgentEnv(dir)).toEqual({ ok: true, env: { PATH: "/home/ada/.nvm/bin:/usr/bin" } });
    expect(await readHook(dir)).toEqual({ ok: true, hook: result.hook });
    expect(result.hook).toMatchObject({
      session: "26-11-21-add-oauth-login",
      task: "Add OAuth login",
      dive: "token storage",
      provider: "codex",
      model: "gpt-5",
      autoApprove: true,
      phase: "investigation",
      state: "running",
      iteration: 0,
      nextAttempt: 1,
      epoch: 1,
      worktree: "/w/26-11-21-add-oauth-login",
      parent: null,
    });
    expect(Object.values(result.hook.phaseIterations)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const overview = await readFile(join(dir, "_overview.md"), "utf8");
    expect(overview).toContain("## Task\nAdd OAuth login\n");
    expect(overview).toContain("## Dive Topic\ntoken storage\n");
    expect(overview).toContain("Phase: investigation");
    expect(overview).toContain("Working Dir: /w/26-11-21-add-oauth-login");
  });

  it("refuses an existing session and leaves it and the root untouched", async () => {
    const root = await makeTempDir();
    const first = await createSession({
      sessionsRoot: root,
      name: "auth",
      task: "one",
      provider: "claude",
      now,
    });
    const again = await createSession({
      sessionsRoot: root,
      name: "auth",
      task: "two",
      provider: "claude",
      now,
    });
    expect(again).toMatchObject({
      ok: false,
      reason: "exists",
      message: expect.stringContaining("26-11-21-auth"),
    });
    expect(await readdir(root)).toEqual(["26-11-21-auth"]);
    if (first.ok)
      expect(await readHook(first.session.dir)).toMatchObject({ ok: true, hook: { task: "one" } });
  });

  it.each(["../x", "/", "a b", "\n", "\u0000", "x".repeat(64), "🚀", "", "-x", "../../../tmp/evil"])(
    "refuses the hostile name %j and writes nothing",
    async (name) => {
      const root = await makeTempDir();
      const result = await createSession({ sessionsRoot: root, name, task: "t", provider: "claude", now });
      expect(result).toMatchObject({
        ok: false,
        reason: "invalid-name",
        message: expect.stringContaining("invalid session name"),
      });
      expect(await readdir(root)).toEqual([]);
    },
  );

  it("refuses an empty task and a task with nothing to slug", async () => {
    const root = await makeTempDir();
    expect(await createSession({ sessionsRoot: root, task: "  ", provider: "claude" })).toMatchObject({
      ok: false,
      reason: "invalid-task",
    });
    expect(await createSession({ sessionsRoot: root, task: "!!! ???", provider: "claude" })).toMatchObject({
      ok: false,
      reason: "invalid-name",
    });
    expect(await readdir(root)).toEqual([]);
  });

  // Issue 13: `spawn --base=--no-checkout` once made a session whose loop gave git that option.
  it("refuses a base git would read as an option, creating nothing", async () => {
    const root = await makeTempDir();
    for (const baseRef of ["--no-checkout", "--upload-pack=touch /tmp/x", "", "main\nx"]) {
      const created = await createSession({ sessionsRoot: root, task: "t", provider: "claude", baseRef });
      expect(created, baseRef).toMatchObject({
        ok: false,
        reason: "invalid-base",
        message: expect.stringMatching(/^the base ".*" (starts with "-"|is empty|contains a control)/),
      });
    }
    expect(await readdir(root)).toEqual([]);
    const fine = await createSession({ sessionsRoot: root, task: "t", provider: "claude", baseRef: "v1.2" });
    expect(fine).toMatchObject({ ok: true, hook: { baseRef: "v1.2" } });
  });

  it("creates a child session under the parent's workers/ that resolves as parent/child", async () => {
    const root = await makeTempDir();
    const parent = await createSession({
      sessionsRoot: root,
      name: "auth",
      task: "lead",
      provider: "claude",
      now,
    });
    if (!parent.ok) throw new Error(parent.message);
    const child = await createSession({
      sessionsRoot: root,
      name: "api",
      task: "api part",
      provider: "claude",
      parent: parent.session,
      now,
    });
    expect(child).toMatchObject({
      ok: true,
      session: { id: "26-11-21-auth/api", dir: join(root, "26-11-21-auth", "workers", "api") },
      hook: { session: "26-11-21-auth/api", parent: "26-11-21-auth" },
    });
    expect(await resolveSessionRef(root, "auth/api")).toMatchObject({
      ok: true,
      session: { id: "26-11-21-auth/api" },
    });
  });

  it("never writes outside the sessions root, even through a symlinked parent or workers/", async () => {
    const root = await makeTempDir();
    const outside = await makeTempDir();
    const escaped = await createSession({
      sessionsRoot: root,
      name: "api",
      task: "t",
      provider: "claude",
      parent: { id: "evil", dir: outside },
    });
    expect(escaped).toMatchObject({ ok: false, reason: "outside-root" });
    const parent = await createSession({
      sessionsRoot: root,
      name: "lead",
      task: "t",
      provider: "claude",
      now,
    });
    if (!parent.ok) throw new Error(parent.message);
    await symlink(outside, join(parent.session.dir, "workers"));
    const viaLink = await createSession({
      sessionsRoot: root,
      name: "api",
      task: "t",
      provider: "claude",
      parent: parent.session,
    });
    expect(viaLink).toMatchObject({
      ok: false,
      reason: "bad-folder",
      message: expect.stringMatching(/workers is a symlink/),
    });
    expect(await readdir(outside)).toEqual([]);
  });

  it("throws for a parent whose folder is gone, which the caller should have resolved first", async () => {
    const root = await makeTempDir();
    const gone = { id: "26-11-21-gone", dir: join(root, "26-11-21-gone") };
    await expect(
      createSession({ sessionsRoot: root, name: "api", task: "t", provider: "claude", parent: gone }),
    ).rejects.toThrow("parent session 26-11-21-gone has no folder");
    expect(await readdir(root)).toEqual([]);
  });

  it("creates a missing sessions root and leaves no staging folder behind", async () => {
    const base = await makeTempDir();
    const root = join(base, "deep", "sessions");
    await mkdir(join(base, "deep"));
    const result = await createSession({
      sessionsRoot: root,
      name: "x",
      task: "t",
      provider: "scripted",
      now,
    });
    expect(result.ok).toBe(true);
    expect(await readdir(root)).toEqual(["26-11-21-x"]);
  });
});

describe("sweepAbandonedStaging", () => {
  it("removes staging folders older than the bound, at the top and under workers/, and keeps fresh ones", async () => {
    const root = await makeTempDir();
    const parent = await createSession({
      sessionsRoot: root,
      task: "lead",
      name: "lead",
      provider: "scripted",
    });
    if (!parent.ok) throw new Error(parent.message);
    const old = join(root, ".creating-a-x1");
    const oldChild = join(parent.session.dir, "workers", ".creating-b-x2");
    const fresh = join(root, ".creating-c-x3");
    for (const dir of [old, oldChild, fresh]) await mkdir(dir, { recursive: true });
    const now = new Date(Date.now() + STAGING_MAX_AGE_MS + 1_000);
    await utimes(fresh, now, now);
    expect((await sweepAbandonedStaging(root, now)).sort()).toEqual([old, oldChild].sort());
    expect(existsSync(old) || existsSync(oldChild)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(parent.session.dir)).toBe(true);
  });
});
