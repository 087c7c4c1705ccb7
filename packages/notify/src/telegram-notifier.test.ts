import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";
import { SAMPLES, TRICKY } from "./event-samples.test-support.ts";
import { createNotifier } from "./notifier.ts";
import { CHAT, eventually, fakeBotApi, readableLogger, TOKEN } from "./notify.test-support.ts";
import { OUTBOX_FILE } from "./outbox-store.ts";
import type { SessionEvent } from "./session-event.ts";
import { createTelegramNotifier, type TelegramNotifier } from "./telegram-notifier.ts";

const FAST = { baseDelayMs: 50, maxDelayMs: 200 };

async function open(
  api: { apiRoot: string },
  stateDir: string,
  logger: Awaited<ReturnType<typeof readableLogger>>["logger"],
  limits = {},
) {
  const notifier = await createTelegramNotifier({
    token: TOKEN,
    chatId: CHAT,
    apiRoot: api.apiRoot,
    stateDir,
    logger,
    limits: { ...FAST, ...limits },
  });
  return notifier;
}

function blocked(id: string, reason = "stuck"): SessionEvent {
  return {
    id,
    at: "2026-11-21T10:00:00.000Z",
    kind: "blocked",
    session: "26-11-21-auth",
    phase: "testing",
    reason,
    needs: null,
  };
}

function lines(log: string): Record<string, unknown>[] {
  return log
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function settle(notifier: TelegramNotifier): Promise<void> {
  await notifier.idle();
  await notifier.close();
}

describe("the Telegram notifier", () => {
  it("sends one message per event, each exactly as a reader must see it, plan buttons included", async () => {
    const api = await fakeBotApi();
    const { logger } = await readableLogger();
    const notifier = await open(api, await makeTempDir(), logger);
    for (const sample of SAMPLES) notifier.notify(sample.event);
    await settle(notifier);
    const sent = api.sent();
    expect(sent.map((m) => m.text)).toEqual(SAMPLES.map((s) => s.text));
    expect(sent.every((m) => m.chatId === CHAT && m.parseMode === "HTML")).toBe(true);
    const plan = sent.find((m) => m.text.startsWith("📝"));
    expect(plan?.replyMarkup).toEqual({
      inline_keyboard: [
        [
          { text: "Approve", callback_data: "approve:26-11-21-auth" },
          { text: "Reject", callback_data: "reject:26-11-21-auth" },
        ],
      ],
    });
  });

  it("delivers a reason with <, >, &, backticks, * and _ intact", async () => {
    const api = await fakeBotApi();
    const { logger } = await readableLogger();
    const notifier = await open(api, await makeTempDir(), logger);
    notifier.notify(blocked("tricky", TRICKY));
    await settle(notifier);
    expect(api.sent()[0]?.text.split("\n")[1]).toBe(TRICKY);
  });

  it("waits out a 429 for its retry_after, then sends once", async () => {
    const api = await fakeBotApi();
    const { logger, text } = await readableLogger();
    api.failNext("sendMessage", {
      status: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
    });
    const notifier = await open(api, await makeTempDir(), logger);
    notifier.notify(blocked("rate-limited"));
    await settle(notifier);
    const calls = api.callsOf("sendMessage");
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    const [first, second] = calls;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(api.sent()).toHaveLength(1);
    expect(lines(await text())).toContainEqual(
      expect.objectContaining({
        message: "telegram: send failed, will retry",
        failure: "rate-limited",
        retryInMs: 1000,
      }),
    );
  });

  it("never blocks notify while Telegram is down, then delivers everything once, in order", async () => {
    const api = await fakeBotApi();
    const { logger, text } = await readableLogger();
    const notifier = await open(api, await makeTempDir(), logger);
    await api.down();
    for (let i = 1; i <= 5; i++) expect(notifier.notify(blocked(`down-${i}`, `reason ${i}`))).toBeUndefined();
    notifier.notify(blocked("down-1", "a duplicate id"));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(api.sent()).toEqual([]);
    await api.up();
    await settle(notifier);
    expect(api.sent().map((m) => m.text.split("\n")[1])).toEqual([
      "reason 1",
      "reason 2",
      "reason 3",
      "reason 4",
      "reason 5",
    ]);
    const log = await text();
    expect(log).toContain("will retry");
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(TOKEN.split(":")[1]);
  });

  it("keeps undelivered messages across a restart and never sends a delivered one again", async () => {
    const api = await fakeBotApi();
    const { logger } = await readableLogger();
    const stateDir = await makeTempDir();
    await api.down();
    const first = await open(api, stateDir, logger);
    first.notify(blocked("r-1"));
    first.notify(blocked("r-2"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first.close();
    const saved = JSON.parse(await readFile(join(stateDir, OUTBOX_FILE), "utf8"));
    expect(saved.pending.map((p: { id: string }) => p.id)).toEqual(["r-1", "r-2"]);

    await api.up();
    const second = await open(api, stateDir, logger);
    second.notify(blocked("r-2"));
    second.notify(blocked("r-3"));
    await settle(second);
    const third = await open(api, stateDir, logger);
    for (const id of ["r-1", "r-2", "r-3"]) third.notify(blocked(id));
    await settle(third);
    expect(api.callsOf("sendMessage").filter((c) => c.status === 200)).toHaveLength(3);
  });

  it("counts a message that was on its way when the process died as sent (at most once)", async () => {
    const api = await fakeBotApi();
    const { logger, text } = await readableLogger();
    const stateDir = await makeTempDir();
    const pending = (id: string) => ({
      id,
      kind: "blocked",
      session: "s",
      html: id,
      buttons: [],
      queuedAt: new Date().toISOString(),
      tries: 0,
    });
    const state = {
      version: 1,
      sent: [],
      pending: [pending("maybe-sent"), pending("next")],
      inFlight: "maybe-sent",
    };
    await writeFile(join(stateDir, OUTBOX_FILE), JSON.stringify(state));
    const notifier = await open(api, stateDir, logger);
    await settle(notifier);
    expect(api.sent().map((m) => m.text)).toEqual(["next"]);
    expect(await text()).toContain("not sending it again");
  });

  it("drops a message Telegram refuses, or one past its bound, with a log line, and goes on", async () => {
    const api = await fakeBotApi();
    const { logger, text } = await readableLogger();
    const notifier = await open(api, await makeTempDir(), logger, { maxTries: 3 });
    api.failNext("sendMessage", { status: 400, description: "Bad Request: chat not found" });
    notifier.notify(blocked("refused"));
    api.failNext("sendMessage", { status: 502, description: "Bad Gateway" }, 3);
    notifier.notify(blocked("unlucky"));
    notifier.notify(blocked("fine", "this one arrives"));
    await settle(notifier);
    expect(api.sent().map((m) => m.text.split("\n")[1])).toEqual(["this one arrives"]);
    const drops = lines(await text()).filter((line) => line.message === "telegram: notification dropped");
    expect(drops).toMatchObject([
      { id: "refused", why: "refused by Telegram: 400: Bad Request: chat not found" },
      { id: "unlucky", why: "3 failed attempts" },
    ]);
  });

  it("sets an unreadable outbox file aside instead of failing", async () => {
    const api = await fakeBotApi();
    const { logger, text } = await readableLogger();
    const stateDir = await makeTempDir();
    await writeFile(join(stateDir, OUTBOX_FILE), "{ not json");
    const notifier = await open(api, stateDir, logger);
    notifier.notify(blocked("after-reset"));
    await settle(notifier);
    expect(api.sent()).toHaveLength(1);
    expect(await text()).toContain("moved to");
  });
});

describe("createNotifier", () => {
  it("logs every event, sends to Telegram only when configured, and drops an invalid event with a log line", async () => {
    const api = await fakeBotApi();
    const { logger, text } = await readableLogger();
    const stateDir = await makeTempDir();
    const logOnly = await createNotifier({ telegram: undefined, stateDir, logger });
    logOnly.notify(blocked("log-only", "only logged"));
    await logOnly.close();
    const both = await createNotifier({
      telegram: { botToken: TOKEN, chatId: CHAT, apiRoot: api.apiRoot },
      stateDir,
      logger,
    });
    both.notify(blocked("both", "logged and sent"));
    both.notify({ ...blocked("bad"), kind: "exploded" } as unknown as SessionEvent);
    await eventually(() => (api.sent().length === 1 ? true : undefined));
    await both.close();
    expect(api.sent().map((m) => m.text.split("\n")[1])).toEqual(["logged and sent"]);
    const log = await text();
    expect(log).toContain("only logged");
    expect(log).toContain("logged and sent");
    expect(log).toContain("invalid notification dropped");
  });
});
