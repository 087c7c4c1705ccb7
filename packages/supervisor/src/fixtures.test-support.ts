// Test data for the supervision package: hooks, session snapshots and PM2 apps as plain values.
import type { Hook } from "@samocode/core";
import { makeHook as coreMakeHook } from "../../core/src/session/hook.test-support.ts";
import type { Pm2App } from "./pm2-app.ts";
import type { SessionSnapshot } from "./session-snapshot.ts";
import { workerAppName } from "./worker-app.ts";

export const NOW = new Date("2026-11-21T12:00:00.000Z");

/** The shared hook fixture, under the name these tests use. */
export const makeHook = (overrides: Partial<Hook> = {}): Hook => coreMakeHook(overrides);

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
    leaseElsewhere: undefined,
    supervised: true,
    ...rest,
  };
}

/** The project the fixtures' apps belong to. */
export const PROJECT = { id: "api", config: "/projects/api/.samocode" };

export function makeApp(overrides: Partial<Pm2App> & { session?: string } = {}): Pm2App {
  const { session = "26-11-21-auth", ...rest } = overrides;
  return {
    name: workerAppName(PROJECT.id, session),
    worker: { session, config: PROJECT.config },
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
