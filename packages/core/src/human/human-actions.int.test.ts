// Issue 13, failures 4 and 5: every human action tells the truth about who holds a session and the one
// command that fixes it, a failed stop leaves things as it found them, and a folder that cannot be written
// is a refusal naming the path, never an "unexpected error".
import { readFile, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { createSession } from "../session/create-session.ts";
import { readHook } from "../session/hook-file.ts";
import { sessionPaths } from "../session/session-paths.ts";
import {
  type ActionEnv,
  answerQuestions,
  type LoopControl,
  resumeSession,
  sendToSession,
  statusLines,
  stopSession,
} from "./human-actions.ts";

const QA = "### Q1: Which database?\n**Answer:** _waiting_\n";

async function deadPid(): Promise<number> {
  const child = execa(process.execPath, ["-e", ""]);
  await child;
  if (child.pid === undefined) throw new Error("no pid");
  return child.pid;
}

/** A session in its own SESSIONS root, and a LoopControl that records what it was asked to do. */
async function fixture(runner: "pm2" | "terminal" = "terminal") {
  const root = await makeTempDir();
  const created = await createSession({
    sessionsRoot: root,
    name: "auth",
    task: "t",
    provider: "claude",
    runner,
  });
  if (!created.ok) throw new Error(created.message);
  const { session } = created;
  const calls: string[] = [];
  const control: LoopControl = {
    startWorker: async (s) => {
      calls.push(`start ${s.id}`);
      return { app: `samocode:${s.id}`, started: true };
    },
    stopWorkers: async (s) => {
      calls.push(`stop ${s.id}`);
      return false;
    },
  };
  const env: ActionEnv = { sessionsRoot: root, control, killGraceMs: 100 };
  const paths = sessionPaths(session.dir);
  const lease = (fields: Record<string, unknown>) =>
    writeFile(
      paths.lease,
      JSON.stringify({ host: hostname(), acquiredAt: "2026-01-01T00:00:00Z", owner: "worker", ...fields }),
    );
  return { root, session, env, calls, paths, lease };
}

describe("a lease naming a loop on another host", () => {
  it("is reported by resume, stop, send and status with the holder and the fix, never stolen or signalled", async () => {
    const f = await fixture("pm2");
    await f.lease({ host: "build-box-7", pid: 4242 });
    const before = await readFile(f.paths.lease, "utf8");
    const holder = `run on host build-box-7 by worker pid 4242 since 2026-01-01T00:00:00Z; if nothing runs it there any more: rm ${f.paths.lease}`;

    const resumed = await resumeSession(f.env, "auth", {});
    expect(resumed).toEqual({
      ok: false,
      kind: "refused",
      reason: `${f.session.id} is running, but ${holder}; then: samocode resume ${f.session.id}`,
    });
    const stopped = await stopSession(f.env, "auth");
    expect(stopped).toEqual({
      ok: false,
      kind: "refused",
      reason: `${f.session.id}: ${holder}; then: samocode stop ${f.session.id}`,
    });
    const sent = await sendToSession(f.env, "auth", "hello");
    expect(sent).toMatchObject({ ok: true, message: expect.stringContaining(holder) });
    expect(await statusLines(f.root)).toEqual([expect.stringContaining(` · ${holder}`)]);

    // Nothing was started or stopped under PM2, and the lease is as it was.
    expect(f.calls).toEqual([]);
    expect(await readFile(f.paths.lease, "utf8")).toBe(before);
    expect((await readHook(f.session.dir)).ok && (await readHook(f.session.dir))).toMatchObject({
      hook: { state: "running" },
    });
  });
});

describe("a lease naming a live process that is not provably the loop (pid 1)", () => {
  it("is not taken for a running loop: resume says how to check and clear it", async () => {
    const f = await fixture();
    await f.lease({ pid: 1 });
    const resumed = await resumeSession(f.env, "auth", {});
    expect(resumed).toMatchObject({ ok: false, kind: "refused" });
    if (resumed.ok) return;
    expect(resumed.reason).toContain(
      `if pid 1 is not a samocode loop (ps -p 1 -o args=): rm ${f.paths.lease}`,
    );
    expect(resumed.reason).not.toMatch(/nothing to resume/);
  });
});

describe("a running session whose loop is gone", () => {
  it("is brought back by resume instead of 'there is nothing to resume'", async () => {
    const terminal = await fixture("terminal");
    await terminal.lease({ pid: await deadPid() });
    expect(await resumeSession(terminal.env, "auth", {})).toMatchObject({
      ok: true,
      message: `${terminal.session.id} is running, but no loop ran it; no loop runs it now; go on with: samocode run ${terminal.session.id}`,
    });
    const pm2 = await fixture("pm2");
    expect(await resumeSession(pm2.env, "auth", {})).toMatchObject({
      ok: true,
      message: `${pm2.session.id} is running, but no loop ran it; started its PM2 worker samocode:${pm2.session.id} to go on`,
    });
    expect(pm2.calls).toEqual([`start ${pm2.session.id}`]);
  });
});

describe("a corrupt _hook.json with the worker dead", () => {
  it("answer says that nothing can run the session, instead of 'the agent reads them'", async () => {
    const f = await fixture();
    await writeFile(f.paths.qa, QA);
    await writeFile(f.paths.hook, "{ torn");
    const answered = await answerQuestions(f.env, "auth", [{ number: null, text: "Postgres" }]);
    expect(answered).toMatchObject({ ok: true });
    if (!answered.ok) return;
    expect(answered.message).toContain(`no loop can run it until ${f.paths.hook} is repaired or restored`);
    expect(answered.message).not.toMatch(/reads them in its next iteration/);
  });

  it("a stop that cannot mark the session stops nothing and leaves a dead loop's lease in place", async () => {
    const f = await fixture("pm2");
    await f.lease({ pid: await deadPid() });
    const stale = await readFile(f.paths.lease, "utf8");
    await writeFile(f.paths.hook, "{ torn");
    const stopped = await stopSession(f.env, "auth");
    expect(stopped).toMatchObject({ ok: false, reason: expect.stringMatching(/nothing was stopped$/) });
    // The stale lease is how the supervisor tells a killed worker from one stopped on purpose.
    expect(await readFile(f.paths.lease, "utf8")).toBe(stale);
    expect(f.calls).toEqual([]);
  });
});

describe("a session folder that cannot be written", () => {
  it("refuses a message with one line naming the path when _inbox is a file", async () => {
    const f = await fixture();
    await rm(f.paths.inbox, { recursive: true });
    await writeFile(f.paths.inbox, "not a folder");
    const sent = await sendToSession(f.env, "auth", "hello");
    expect(sent).toEqual({
      ok: false,
      kind: "refused",
      reason: `${f.session.id}: the message cannot be delivered: ${f.paths.inbox} is a regular file, not a folder; move it away (mv ${f.paths.inbox} ${f.paths.inbox}.bak) and it is made again as a folder`,
    });
  });
});
