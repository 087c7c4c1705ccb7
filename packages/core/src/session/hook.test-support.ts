// A complete, valid hook for unit tests of every package (imported by relative path; never exported): a
// session running in planning; override what a test is about.
import { PHASES } from "../phases/phase-names.ts";
import { type Hook, HookSchema } from "./hook-file.ts";

export function makeHook(overrides: Partial<Hook> = {}): Hook {
  return HookSchema.parse({
    version: 2,
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
    cause: null,
    reason: null,
    waitingFor: null,
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
