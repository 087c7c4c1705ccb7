// Test data for the supervision package: hooks, session snapshots and PM2 apps as plain values.
import { type Hook, HookSchema, PHASES } from "@samocode/core";
import type { Pm2App } from "./pm2-app.ts";
import type { SessionSnapshot } from "./session-snapshot.ts";
import { workerAppName } from "./worker-app.ts";

export const NOW = new Date("2026-11-21T12:00:00.000Z");

export function makeHook(overrides: Partial<Hook> = {}): Hook {
  return HookSchema.parse({
    session: "26-11-21-auth",
    task: "add auth",
    dive: null,
    provider: "claude",
    model: null,
    autoApprove: false,
    createdAt: "2026-11-21T11:00:00.000Z",
    phase: "planning",
    iteration: 3,
    phaseIterations: Object.fromEntries(PHASES.map((phase) => [phase, 0])),
    state: "running",
    waitingFor: null,
    blockedReason: null,
    pausedUntil: null,
    attempt: null,
    nextAttempt: 4,
    conversationId: null,
    noSignalCount: 0,
    lastActivityAt: "2026-11-21T11:59:30.000Z",
    costUsd: 1.25,
    tokens: { input: 1000, output: 200, cacheRead: 50_000, cacheWrite: 10 },
    epoch: 7,
    worktree: "/wt/26-11-21-auth",
    branch: "samocode/auth",
    mainRepo: "/repo",
    baseRef: "main",
    parent: null,
    ...overrides,
  });
}

export function makeSnapshot(
  overrides: Partial<Omit<SessionSnapshot, "hook">> & { hook?: Partial<Hook> | "unreadable" } = {},
): SessionSnapshot {
  const { hook, ...rest } = overrides;
  const id = rest.id ?? "26-11-21-auth";
  return {
    id,
    dir: `/sessions/${id}`,
    hook:
      hook === "unreadable"
        ? { ok: false, message: "_hook.json is not valid JSON" }
        : { ok: true, hook: makeHook({ session: id, ...hook }) },
    leaseHolder: undefined,
    staleLease: false,
    supervised: true,
    ...rest,
  };
}

export function makeApp(overrides: Partial<Pm2App> & { session?: string } = {}): Pm2App {
  const { session, ...rest } = overrides;
  return {
    name: workerAppName(session ?? "26-11-21-auth"),
    pmId: 1,
    namespace: "samocode",
    pid: 4242,
    status: "online",
    restarts: 0,
    exitCode: undefined,
    startedAt: NOW.getTime(),
    memoryBytes: undefined,
    metrics: {},
    ...rest,
  };
}
