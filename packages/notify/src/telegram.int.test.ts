// A real session (`samocode run` with the scripted provider) driven from Telegram through the fake Bot API,
// with a small relay standing in for the supervisor: derive events from hooks, notify, host the bot.
import { listSessions, readHook } from "@samocode/core";
import { describe, expect, it, onTestFinished } from "vitest";
import { fullSession } from "../../../tests/e2e/scripts.ts";
import type { FakeBotApi } from "../../../tests/fake-bot-api/fake-bot-api.ts";
import { makeProject } from "../../../tests/helpers/samocode-project.ts";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";
import { createEventWatch } from "./event-watch.ts";
import { createNotifier, type Notifier } from "./notifier.ts";
import { CHAT, eventually, fakeBotApi, projectsOn, readableLogger, TOKEN } from "./notify.test-support.ts";
import { startTelegramControl } from "./telegram-control.ts";

type Relay = { pass: () => Promise<void>; close: () => Promise<void> };

/** What the supervisor will do on every reconcile pass; a fresh one is a supervisor restart. */
async function startRelay(
  api: FakeBotApi,
  sessionsRoot: string,
  stateDir: string,
  logger: Awaited<ReturnType<typeof readableLogger>>["logger"],
): Promise<Relay> {
  const telegram = { botToken: TOKEN, chatId: CHAT, apiRoot: api.apiRoot };
  const notifier: Notifier = await createNotifier({
    telegram,
    stateDir,
    logger,
    limits: { maxDelayMs: 1000 },
  });
  const watch = createEventWatch();
  const pass = async () => {
    for (const session of await listSessions(sessionsRoot)) {
      const hook = await readHook(session.dir);
      if (hook.ok) for (const event of await watch.observe(session, hook.hook)) notifier.notify(event);
    }
  };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await pass();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    pass,
    close: async () => {
      stopped = true;
      await loop;
      await notifier.close();
    },
  };
}

describe("Telegram with a real session", () => {
  it("notifies through an outage and a restart, and drives the session by reply and button to done", async () => {
    const project = await makeProject({ script: fullSession() });
    const api = await fakeBotApi(100);
    const { logger, text } = await readableLogger();
    const stateDir = await makeTempDir();
    const control = startTelegramControl({
      token: TOKEN,
      chatId: CHAT,
      apiRoot: api.apiRoot,
      projects: projectsOn(project.sessions),
      logger,
      retryMs: 200,
      maxRetryMs: 1000,
    });
    onTestFinished(() => control.stop());
    await api.down();
    let relay = await startRelay(api, project.sessions, stateDir, logger);
    onTestFinished(() => relay.close());

    const run = project.spawnCli(["run", "--task", "Add JWT auth", "--name", "auth"]);
    const dir = await project.waitForSession();
    // Telegram is down, yet the session reaches its first gate.
    await project.waitForHook(dir, (h) => h.waitingFor === "qa_answers");
    await eventually(async () => ((await text()).includes("will retry") ? true : undefined));
    // A supervisor restart while Telegram is still down: the queued message survives it, and is not doubled.
    await relay.close();
    relay = await startRelay(api, project.sessions, stateDir, logger);
    // The outage: 30 s of Telegram down while the session waits at its gate.
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    expect(api.sent()).toEqual([]);
    await api.up();

    const questions = await eventually(() => api.sent().find((m) => m.text.startsWith("❓")), 30_000);
    expect(questions.text).toContain(
      "Q1. Which token format?\n   a) JWT\n   b) opaque\nQ2. Where are tokens kept?",
    );
    api.injectMessage({ chatId: CHAT, text: "JWT\nhttpOnly cookies", replyTo: questions.message_id });
    await project.waitForHook(dir, (h) => h.waitingFor === "plan_approval");
    const plan = await eventually(() => api.sent().find((m) => m.text.startsWith("📝")), 30_000);
    expect(plan.text.split("\n")[1]).toBe("Plan: add JWT auth");
    api.injectCallback({
      chatId: CHAT,
      messageId: plan.message_id,
      data: `approve:${plan.text.split(/[ :]/)[1]}`,
    });

    expect((await run).exitCode).toBe(0);
    const done = await eventually(() => api.sent().find((m) => m.text.startsWith("✅")), 30_000);
    expect(done.text).toMatch(/^✅ \S+-auth: done\nJWT auth added\n\d+ iterations · \$\d+\.\d\d/);

    // Another restart after the fact repeats nothing.
    await relay.close();
    relay = await startRelay(api, project.sessions, stateDir, logger);
    await relay.pass();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const notifications = api.sent().filter((m) => /^(❓|📝|✅)/u.test(m.text));
    expect(notifications.map((m) => m.text.split(" ")[0])).toEqual(["❓", "📝", "✅"]);
    const replies = api.sent().filter((m) => !/^(❓|📝|✅)/u.test(m.text));
    // Each reply names the loop that picks the change up: here the `samocode run` in the foreground.
    const loop = `its loop (samocode run, pid ${run.pid}) picks it up`;
    expect(replies.map((m) => m.text.replace(/^\S+: /, ""))).toEqual([
      `answered Q1, Q2; all questions are answered; ${loop}`,
      `plan approved; the session moves to implementation; ${loop}`,
    ]);
    expect(await text()).not.toContain(TOKEN.split(":")[1]);
  }, 120_000);
});
