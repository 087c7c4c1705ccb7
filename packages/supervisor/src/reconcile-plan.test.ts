import {
  BLOCK_CAUSES,
  block,
  FAIL_CAUSES,
  fail,
  finish,
  type Hook,
  PAUSE_CAUSES,
  pause,
  wait,
} from "@samocode/core";
import { describe, expect, it } from "vitest";
import { makeApp, makeHook, makeSnapshot } from "./fixtures.test-support.ts";
import { planReconcile, type ReconcileAction } from "./reconcile-plan.ts";

const noLoops = () => undefined;

/** `kind target` per action, for compact expectations. */
function summary(actions: ReconcileAction[]): string[] {
  return actions.map((action) =>
    action.kind === "delete" ? `delete ${action.app.pmId}` : `${action.kind} ${action.session.id}`,
  );
}

/** A hook in every state and cause the supervisor can meet, entered through the state machine. */
function everyStateAndCause(): [string, Hook][] {
  const base = makeHook();
  return [
    ["running", base],
    ["waiting", wait(base, "qa_answers")],
    ["done", finish(base)],
    ...PAUSE_CAUSES.map((cause): [string, Hook] => [
      `paused:${cause}`,
      pause(base, cause, "why", cause === "quota" ? "2026-11-21T13:00:00.000Z" : null),
    ]),
    ...BLOCK_CAUSES.map((cause): [string, Hook] => [`blocked:${cause}`, block(base, cause, "why")]),
    ...FAIL_CAUSES.map((cause): [string, Hook] => [`failed:${cause}`, fail(base, cause, "why")]),
  ];
}

describe("planReconcile: what each state and cause gets", () => {
  /** Kept: a missing worker is started. Left: its stopped app stays for `pm2 ls`. Dropped: its dead app is deleted. */
  const EXPECTED: Record<string, "kept" | "left" | "dropped"> = {
    running: "kept",
    waiting: "kept",
    done: "dropped",
    "paused:quota": "kept",
    "paused:fleet-budget": "kept",
    "paused:budget": "left",
    "paused:human": "left",
    ...Object.fromEntries(BLOCK_CAUSES.map((cause) => [`blocked:${cause}`, "dropped"])),
    ...Object.fromEntries(FAIL_CAUSES.map((cause) => [`failed:${cause}`, "dropped"])),
  };

  it.each(everyStateAndCause())("%s", (name, hook) => {
    const session = makeSnapshot({ hook });
    const missing = summary(planReconcile({ sessions: [session], apps: [], crashLoop: noLoops }));
    const stopped = makeApp({ status: "stopped", exitCode: 0 });
    const withStopped = summary(planReconcile({ sessions: [session], apps: [stopped], crashLoop: noLoops }));
    const verdict = missing.length > 0 ? "kept" : withStopped.length > 0 ? "dropped" : "left";
    expect(verdict).toBe(EXPECTED[name]);
    if (verdict === "kept") expect(missing).toEqual(["start 26-11-21-auth"]);
    if (verdict === "dropped") expect(withStopped).toEqual(["delete 1"]);
  });
});

describe("planReconcile", () => {
  it("starts a worker for a supervised session that should run and has neither app nor loop", () => {
    for (const hook of [
      { state: "running" as const },
      { state: "waiting" as const, waitingFor: "qa_answers" as const },
      {
        state: "paused" as const,
        cause: "quota" as const,
        reason: "usage limit",
        pausedUntil: "2026-11-21T13:00:00.000Z",
      },
    ]) {
      const actions = planReconcile({ sessions: [makeSnapshot({ hook })], apps: [], crashLoop: noLoops });
      expect(summary(actions)).toEqual(["start 26-11-21-auth"]);
    }
  });

  it("leaves alone a session with a live worker, a live loop in a terminal, or no PM2 history", () => {
    const withLive = planReconcile({ sessions: [makeSnapshot()], apps: [makeApp()], crashLoop: noLoops });
    const restarting = planReconcile({
      sessions: [makeSnapshot()],
      apps: [makeApp({ status: "waiting restart", exitCode: 1 })],
      crashLoop: noLoops,
    });
    const held = makeSnapshot({
      leaseHolder: { pid: 1, host: "h", acquiredAt: "x", owner: "samocode run" },
    });
    const foreground = planReconcile({ sessions: [held], apps: [], crashLoop: noLoops });
    const unsupervised = planReconcile({
      sessions: [makeSnapshot({ supervised: false })],
      apps: [],
      crashLoop: noLoops,
    });
    expect([withLive, restarting, foreground, unsupervised]).toEqual([[], [], [], []]);
  });

  it("does not run a session paused by a human or a budget (no end time), and keeps its stopped app", () => {
    const session = makeSnapshot({ hook: { state: "paused", cause: "human", reason: "stopped by human" } });
    const stopped = makeApp({ status: "stopped", exitCode: 0 });
    expect(planReconcile({ sessions: [session], apps: [stopped], crashLoop: noLoops })).toEqual([]);
    expect(planReconcile({ sessions: [session], apps: [], crashLoop: noLoops })).toEqual([]);
  });

  it("keeps a session the fleet cap paused supervised, so its loop is there when the cap lifts", () => {
    const session = makeSnapshot({
      hook: {
        state: "paused",
        cause: "fleet-budget",
        reason: "fleet budget reached: $5.00 of $5.00 spent today",
      },
    });
    expect(planReconcile({ sessions: [session], apps: [], crashLoop: noLoops })).toEqual([
      { kind: "start", session, why: "it should run and has no worker" },
    ]);
  });

  it("leaves a worker stopped on purpose (clean exit, lease released) but revives one killed by a signal", () => {
    const app = makeApp({ pmId: 3, status: "stopped", exitCode: 0 });
    const byHand = planReconcile({ sessions: [makeSnapshot()], apps: [app], crashLoop: noLoops });
    const killed = planReconcile({
      sessions: [makeSnapshot({ staleLease: true })],
      apps: [app],
      crashLoop: noLoops,
    });
    expect(byHand).toEqual([]);
    expect(killed).toMatchObject([{ kind: "revive", app: { pmId: 3 } }]);
  });

  it("starts no worker for a session another host runs or whose lease nobody can read: it would exit 3", () => {
    const elsewhere = makeSnapshot({
      leaseElsewhere:
        "run on host build-2 by worker pid 7 since x; if nothing runs it there any more: rm /s/_lease.json",
    });
    for (const apps of [[], [makeApp({ status: "stopped", exitCode: 3 })]]) {
      expect(planReconcile({ sessions: [elsewhere], apps, crashLoop: noLoops })).toEqual([]);
    }
  });

  it("starts afresh a worker that lost the lease (exit 3) to a loop that has ended since", () => {
    const app = makeApp({ status: "stopped", exitCode: 3 });
    const actions = planReconcile({ sessions: [makeSnapshot()], apps: [app], crashLoop: noLoops });
    expect(summary(actions)).toEqual(["start 26-11-21-auth"]);
  });

  it("deletes the dead apps of settled sessions and of sessions whose folder is gone, never a live one", () => {
    const settled = [
      { state: "done" as const },
      { state: "blocked" as const, cause: "agent" as const, reason: "needs a key" },
      { state: "failed" as const, cause: "provider-failed" as const, reason: "overloaded" },
    ];
    const sessions = settled.map((hook, index) => makeSnapshot({ id: `26-11-2${index}-s${index}`, hook }));
    const apps = [
      makeApp({ session: "26-11-20-s0", pmId: 1, status: "stopped", exitCode: 0 }),
      makeApp({ session: "26-11-21-s1", pmId: 2, status: "errored" }),
      makeApp({ session: "26-11-22-s2", pmId: 3, status: "online" }),
      makeApp({ session: "26-11-23-gone", pmId: 4, status: "stopped" }),
      makeApp({ session: "26-11-23-gone-live", pmId: 5, status: "online" }),
    ];
    const actions = planReconcile({ sessions, apps, crashLoop: noLoops });
    expect(summary(actions).sort()).toEqual(["delete 1", "delete 2", "delete 4"]);
  });

  it("deletes dead duplicates once a live worker exists", () => {
    const apps = [makeApp({ pmId: 7 }), makeApp({ pmId: 8, status: "stopped", exitCode: 3 })];
    const actions = planReconcile({ sessions: [makeSnapshot()], apps, crashLoop: noLoops });
    expect(summary(actions)).toEqual(["delete 8"]);
  });

  it("ignores apps that are no samocode worker, whatever their names", () => {
    const apps = [
      makeApp({ pmId: 1, namespace: "default", status: "stopped", worker: undefined }),
      makeApp({ pmId: 2, name: "samocode-supervisor", status: "stopped", worker: undefined }),
      makeApp({ pmId: 3, name: "auth@api", status: "stopped", worker: undefined }),
    ];
    expect(planReconcile({ sessions: [], apps, crashLoop: noLoops })).toEqual([]);
  });

  it("quarantines a session whose worker PM2 gave up on, or that restarts too often", () => {
    const errored = planReconcile({
      sessions: [makeSnapshot()],
      apps: [makeApp({ status: "errored", exitCode: 2 })],
      crashLoop: noLoops,
    });
    const looping = planReconcile({
      sessions: [makeSnapshot({ staleLease: true })],
      apps: [makeApp({ status: "stopped", exitCode: 0 })],
      crashLoop: (name) => `${name} restarted 5 times`,
    });
    expect(errored).toMatchObject([{ kind: "quarantine", why: expect.stringMatching(/gave up/) }]);
    expect(looping).toMatchObject([{ kind: "quarantine", why: "auth@api restarted 5 times" }]);
  });

  it("quarantines an unreadable session only while something still crashes", () => {
    const session = makeSnapshot({ hook: "unreadable" });
    const crashing = planReconcile({
      sessions: [session],
      apps: [makeApp({ status: "errored" })],
      crashLoop: noLoops,
    });
    const stoppedSince = planReconcile({
      sessions: [session],
      apps: [makeApp({ status: "stopped" })],
      crashLoop: () => "restarted 5 times",
    });
    const quiet = planReconcile({ sessions: [session], apps: [], crashLoop: noLoops });
    expect(summary(crashing)).toEqual(["quarantine 26-11-21-auth"]);
    expect([stoppedSince, quiet]).toEqual([[], []]);
  });

  it("finds a child session's worker by its encoded name", () => {
    const child = makeSnapshot({ id: "26-11-21-lead/api" });
    const apps = [makeApp({ session: "26-11-21-lead/api", status: "online" })];
    expect(planReconcile({ sessions: [child], apps, crashLoop: noLoops })).toEqual([]);
    expect(summary(planReconcile({ sessions: [child], apps: [], crashLoop: noLoops }))).toEqual([
      "start 26-11-21-lead/api",
    ]);
  });
});
