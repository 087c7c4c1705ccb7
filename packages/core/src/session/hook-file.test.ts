import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { createSession } from "./create-session.ts";
import { type Hook, readHook, updateHook, writeHook } from "./hook-file.ts";
import { sessionPaths } from "./session-paths.ts";

async function freshSession(): Promise<{ dir: string; hook: Hook }> {
  const root = await makeTempDir();
  const created = await createSession({ sessionsRoot: root, task: "Fix the login bug", provider: "claude" });
  if (!created.ok) throw new Error(created.message);
  return { dir: created.session.dir, hook: created.hook };
}

describe("hook file", () => {
  it("round-trips every field, camelCase on disk", async () => {
    const { dir, hook } = await freshSession();
    const changed: Hook = {
      ...hook,
      phase: "planning",
      iteration: 4,
      phaseIterations: { ...hook.phaseIterations, investigation: 2, requirements: 1, planning: 1 },
      state: "waiting",
      waitingFor: "plan_approval",
      attempt: {
        iteration: 5,
        attempt: 7,
        phase: "planning",
        startedAt: "2026-11-21T10:00:00.000Z",
        pid: 4242,
        pgid: 4242,
        logFile: "iter-0005-planning-a7.jsonl",
      },
      nextAttempt: 8,
      conversationId: "conv-1",
      costUsd: 1.25,
      tokens: { input: 10, output: 20, cacheRead: 30, cacheWrite: 40 },
      reason: "the plan is ready",
    };
    const written = await writeHook(dir, changed);
    expect(await readHook(dir)).toEqual({ ok: true, hook: written });
    expect(written).toEqual({ ...changed, epoch: hook.epoch + 1 });
    const raw = JSON.parse(await readFile(sessionPaths(dir).hook, "utf8"));
    expect(Object.keys(raw)).toContain("phaseIterations");
    expect(Object.keys(raw)).toContain("noSignalCount");
  });

  it("bumps the epoch on every write, even when the caller holds a stale copy", async () => {
    const { dir, hook } = await freshSession();
    expect(hook.epoch).toBe(1);
    const second = await writeHook(dir, hook);
    const third = await writeHook(dir, hook);
    expect([second.epoch, third.epoch]).toEqual([2, 3]);
    const read = await readHook(dir);
    expect(read.ok && read.hook.epoch).toBe(3);
  });

  it("keeps the epoch above a stored hook that is invalid, and starts over after one that is not JSON", async () => {
    const { dir, hook } = await freshSession();
    const path = sessionPaths(dir).hook;
    await writeFile(path, JSON.stringify({ epoch: 40, state: "no such state" }));
    expect((await writeHook(dir, hook)).epoch).toBe(41);
    await writeFile(path, "{ torn");
    expect((await writeHook(dir, hook)).epoch).toBe(hook.epoch + 1);
  });

  it("updateHook applies concurrent changes one after another, losing none", async () => {
    const { dir } = await freshSession();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        updateHook(dir, (hook) => ({ ...hook, noSignalCount: hook.noSignalCount + 1 })),
      ),
    );
    const read = await readHook(dir);
    expect(read).toMatchObject({ ok: true, hook: { noSignalCount: 20, epoch: 21 } });
  });

  it("reports a missing, non-JSON or wrongly shaped hook as a value, and updateHook writes nothing then", async () => {
    const dir = await makeTempDir();
    expect(await readHook(dir)).toMatchObject({ ok: false, reason: "missing" });
    expect(await updateHook(dir, (hook) => hook)).toMatchObject({ ok: false, reason: "missing" });
    await writeFile(sessionPaths(dir).hook, "");
    expect(await readHook(dir)).toMatchObject({
      ok: false,
      reason: "invalid",
      message: expect.stringContaining("not valid JSON"),
    });
    await writeFile(sessionPaths(dir).hook, JSON.stringify({ session: "x", state: "sleeping" }));
    const result = await readHook(dir);
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    if (!result.ok && result.reason === "invalid") {
      expect(result.issues).toContain(
        'state: Invalid option: expected one of "running"|"waiting"|"blocked"|"done"|"failed"|"paused"',
      );
      expect(result.issues.some((issue) => issue.startsWith("phaseIterations"))).toBe(true);
    }
    expect(await updateHook(dir, (hook) => hook)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await readFile(sessionPaths(dir).hook, "utf8")).toBe(
      JSON.stringify({ session: "x", state: "sleeping" }),
    );
  });

  it("refuses to write an invalid hook, which can only be a bug", async () => {
    const { dir, hook } = await freshSession();
    await expect(writeHook(dir, { ...hook, iteration: -1 })).rejects.toThrow(/invalid hook: iteration/);
    expect(await readHook(dir)).toEqual({ ok: true, hook });
  });
});

describe("hooks written before the state machine (version 1)", () => {
  it.each([
    [
      "blocked",
      "crash-loop: PM2 gave up after 5 crashes (see _logs/pm2-err.log); fix it",
      null,
      "crash-loop",
    ],
    ["blocked", 'signal rejected: status "done" is accepted only in phase done', null, "signal-rejected"],
    ["blocked", "2 runs in a row ended without a signal (no _signal.json)", null, "no-signal"],
    [
      "blocked",
      "stalled 3 times in phase implementation (the last after about 15 min without activity)",
      null,
      "stalled",
    ],
    ["blocked", "phase iteration limit reached (20) in phase testing", null, "phase-limit"],
    [
      "blocked",
      "the agent changed the main checkout /repo instead of its worktree: HEAD moved",
      null,
      "escape",
    ],
    ["blocked", "cannot create the worktree: git said no", null, "worktree"],
    ["blocked", "prompt files are broken: agents/planning.md is missing", null, "prompt-broken"],
    ["blocked", "authentication failed: invalid key", null, "provider-unusable"],
    ["blocked", "the tests need a database", null, "agent"],
    ["failed", "overloaded (exit code 1); 3 retries used up", null, "provider-failed"],
    ["paused", null, "2026-11-21T15:00:00.000Z", "quota"],
    [
      "paused",
      "budget reached: $5.20 of $5.00 spent; raise it with samocode resume x --budget-usd N",
      null,
      "budget",
    ],
    ["paused", "fleet budget reached: $9.00 of $8.00 spent today across all sessions", null, "fleet-budget"],
    ["paused", "stopped by human (pm2 action)", null, "human"],
  ])("%s with %j reads as cause %s", async (state, text, until, cause) => {
    const { dir, hook } = await freshSession();
    const old = {
      ...Object.fromEntries(
        Object.entries(hook).filter(([key]) => !["version", "cause", "reason", "runner"].includes(key)),
      ),
      state,
      blockedReason: text,
      pausedUntil: until,
    };
    await writeFile(sessionPaths(dir).hook, JSON.stringify(old));
    const read = await readHook(dir);
    expect(read).toMatchObject({
      ok: true,
      hook: {
        version: 2,
        state,
        cause,
        reason: text ?? "no reason recorded",
        pausedUntil: until,
        runner: null,
      },
    });
    // The next write stores version 2 without `blockedReason`.
    if (!read.ok) return;
    await writeHook(dir, read.hook);
    const raw = JSON.parse(await readFile(sessionPaths(dir).hook, "utf8"));
    expect(raw).toMatchObject({ version: 2, cause });
    expect(raw).not.toHaveProperty("blockedReason");
  });

  it("keeps a running or waiting version-1 hook as it was, with no cause", async () => {
    const { dir, hook } = await freshSession();
    const { version, cause, reason, ...rest } = hook;
    await writeFile(
      sessionPaths(dir).hook,
      JSON.stringify({ ...rest, state: "waiting", waitingFor: "qa_answers", blockedReason: null }),
    );
    expect(await readHook(dir)).toMatchObject({
      ok: true,
      hook: { version: 2, state: "waiting", waitingFor: "qa_answers", cause: null, reason: null },
    });
    expect([version, cause, reason]).toEqual([2, null, null]);
  });
});
