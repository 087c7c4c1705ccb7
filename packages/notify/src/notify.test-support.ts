// Shared by the notify tests: a hook in any state, a real session folder, a logger whose lines can be read
// back, and a fake Bot API that is closed when the test ends.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type ActionEnv,
  createLogger,
  createSession,
  type Hook,
  type Logger,
  type LoopControl,
  type SessionRef,
  writeHook,
} from "@samocode/core";
import { onTestFinished } from "vitest";
import { type FakeBotApi, startFakeBotApi } from "../../../tests/fake-bot-api/fake-bot-api.ts";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";
import { makeHook } from "../../core/src/session/hook.test-support.ts";
import { oneProject } from "./session-routing.ts";

/** Shaped like a real token, so the logger's own bot-token pattern would catch it too. */
export const TOKEN = "123456789:AAHtestTokenSecretValue_abcdefghij";
export const CHAT = "5550001";
export const STRANGER = "6660002";

/** A valid hook (the schema fills what later issues add), changed by `overrides`. */
export function hookFixture(overrides: Partial<Hook> = {}): Hook {
  const at = "2026-11-21T10:00:00.000Z";
  const base = makeHook({
    task: "Add JWT auth",
    createdAt: at,
    phase: "requirements",
    lastActivityAt: at,
    costUsd: 1.5,
    tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    worktree: null,
    mainRepo: null,
    baseRef: null,
  });
  // Not parsed again: a test may hand in a value the schema would refuse.
  return { ...base, ...overrides };
}

export type ReadableLogger = { logger: Logger; file: string; text: () => Promise<string> };

export async function readableLogger(): Promise<ReadableLogger> {
  const file = join(await makeTempDir("samo-log-"), "notify.log");
  const logger = createLogger({ file, level: "debug" });
  onTestFinished(() => {
    logger.close();
  });
  // winston's file transport writes asynchronously; a short settle lets the last lines land.
  const text = async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return readFile(file, "utf8").catch(() => "");
  };
  return { logger, file, text };
}

export async function fakeBotApi(pollHoldMs = 200): Promise<FakeBotApi> {
  const api = await startFakeBotApi({ token: TOKEN, pollHoldMs });
  onTestFinished(() => api.close());
  return api;
}

/** A real session folder (core's createSession) put into the given state, as its worker would. */
export async function sessionIn(
  sessionsRoot: string,
  name: string,
  change: Partial<Hook>,
  qa?: string,
): Promise<{ session: SessionRef; hook: Hook }> {
  const created = await createSession({ sessionsRoot, task: `task ${name}`, name, provider: "claude" });
  if (!created.ok) throw new Error(created.message);
  const { session } = created;
  if (qa !== undefined) await writeFile(join(session.dir, "_qa.md"), qa);
  const hook = await writeHook(session.dir, { ...created.hook, ...change });
  return { session, hook };
}

/** Polls until `check` returns a value (a safety net, not a timing assertion). */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition never held");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const QA =
  "# Questions\n\n### Q1: Which token format?\n- a) JWT\n- b) opaque\n**Answer:** _waiting_\n\n" +
  "### Q2: Where are tokens kept?\n**Answer:** _waiting_\n";

/**
 * The human actions on `root`, with PM2 played by a stand-in: it records the workers it is asked to stop
 * (`stoppedWorkers`) and has none to start. A unit test runs no PM2 daemon; the e2e tests use the real one.
 */
export function actionsOn(
  root: string,
  pm2: Partial<LoopControl> = {},
): ActionEnv & { stoppedWorkers: string[] } {
  const stoppedWorkers: string[] = [];
  return {
    sessionsRoot: root,
    killGraceMs: 1_000,
    stoppedWorkers,
    control: {
      startWorker: async () => {
        throw new Error("no PM2 in this test");
      },
      stopWorkers: async (session) => {
        stoppedWorkers.push(session.id);
        return false;
      },
      ...pm2,
    },
  };
}

/** `actionsOn` as the bot takes it: one served project. */
export function projectsOn(root: string, pm2: Partial<LoopControl> = {}) {
  return oneProject(actionsOn(root, pm2), "p");
}
